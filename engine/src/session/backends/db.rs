//! `django.contrib.sessions.backends.db.SessionStore`: sessions as rows of `django_session`.

use crate::event::{EventKind, Lane};
use crate::json::Dict;
use crate::session::base::{Session, SessionStore};
use crate::session::env::Env;
use crate::session::error::SessionError;
use crate::session::settings::Engine;
use crate::session::storage::{SessionRow, SqlLog};

use super::server_side::{create_until_saved, data_to_save, key_to_delete, NO_FREE_KEY};

/// The database engine. `cached_db` builds on it, calling its methods as Python's `super()`.
#[derive(Clone, Copy, Debug, Default)]
pub struct DbStore;

/// `_get_session_from_db()`: the live row, or `None` (then the session's key is reset).
pub fn get_session_from_db(
    session: &mut Session,
    env: &mut Env<'_>,
) -> Result<Option<SessionRow>, SessionError> {
    if session.sync_from_coroutine() {
        env.events.push(
            Lane::Store,
            EventKind::Exception,
            "async_unsafe",
            "The view's coroutine calls a sync session method that has to query the database: Django refuses database access from an async context (SynchronousOnlyOperation).",
        );
        return Err(SessionError::SynchronousOnlyOperation);
    }
    let key = session.session_key().unwrap_or_default().to_owned();
    let now = env.now_datetime()?;
    let row = env.server.table.select_unexpired(
        &key,
        &now,
        &mut SqlLog {
            queries: env.queries,
            events: env.events,
        },
    )?;
    if row.is_none() {
        session.set_session_key(None);
        env.events.push(
            Lane::Store,
            EventKind::StoreRead,
            "SessionStore._get_session_from_db",
            "No live row: Django forgets the key the browser sent; the session starts empty.",
        );
    }
    Ok(row)
}

impl SessionStore for DbStore {
    fn engine(&self) -> Engine {
        Engine::Db
    }

    /// `load()`: decode the live row's data, or `{}`.
    fn load(&self, session: &mut Session, env: &mut Env<'_>) -> Result<Dict, SessionError> {
        match get_session_from_db(session, env)? {
            Some(row) => Ok(session.decode(&row.session_data, env)),
            None => Ok(Dict::new()),
        }
    }

    /// `exists(key)`: `SELECT 1 ... LIMIT 1`.
    fn exists(
        &self,
        _session: &mut Session,
        key: &str,
        env: &mut Env<'_>,
    ) -> Result<bool, SessionError> {
        env.server.table.exists(
            key,
            &mut SqlLog {
                queries: env.queries,
                events: env.events,
            },
        )
    }

    /// `create()`: new keys until an INSERT succeeds; marks the session modified.
    fn create(&self, session: &mut Session, env: &mut Env<'_>) -> Result<(), SessionError> {
        create_until_saved(session, env, NO_FREE_KEY)
    }

    /// `save(must_create)`: INSERT (must_create) or UPDATE of
    /// `(session_key, encode(data), get_expiry_date())`.
    fn save(
        &self,
        session: &mut Session,
        must_create: bool,
        env: &mut Env<'_>,
    ) -> Result<(), SessionError> {
        let Some(data) = data_to_save(session, must_create, env)? else {
            return Ok(());
        };
        let key = session.get_or_create_session_key(env)?;
        let session_data = session.encode(&data, env);
        let expire_date = session.get_expiry_date(env)?;
        let row = SessionRow {
            session_data,
            expire_date: expire_date.to_utc(),
        };
        let mut log = SqlLog {
            queries: env.queries,
            events: env.events,
        };
        if must_create {
            env.server.table.insert(&key, row, &mut log)
        } else {
            // `except DatabaseError: if not must_create: raise UpdateError`: any database
            // error of an update (also `no such table`) reads as "the session vanished".
            env.server
                .table
                .update(&key, row, &mut log)
                .map_err(|error| match error {
                    SessionError::OperationalError(_) => SessionError::UpdateError,
                    other => other,
                })
        }
    }

    /// `delete(session_key)`: fetch the row, then delete it if found.
    fn delete(
        &self,
        session: &mut Session,
        key: Option<&str>,
        env: &mut Env<'_>,
    ) -> Result<(), SessionError> {
        let Some(key) = key_to_delete(session, key) else {
            return Ok(());
        };
        let mut log = SqlLog {
            queries: env.queries,
            events: env.events,
        };
        if env.server.table.select(&key, &mut log)?.is_some() {
            env.server.table.delete(&key, &mut log)?;
        }
        Ok(())
    }

    /// `clear_expired()`: delete rows with `expire_date < now`.
    fn clear_expired(&self, env: &mut Env<'_>) -> Result<(), SessionError> {
        let now = env.now_datetime()?;
        env.server.table.delete_expired(
            &now,
            &mut SqlLog {
                queries: env.queries,
                events: env.events,
            },
        )?;
        Ok(())
    }
}
