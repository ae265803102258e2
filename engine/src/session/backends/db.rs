//! `django.contrib.sessions.backends.db.SessionStore`: sessions as rows of `django_session`.

use crate::json::Dict;
use crate::session::base::Session;
use crate::session::base::SessionStore;
use crate::session::env::Env;
use crate::session::error::SessionError;
use crate::session::event::{EventKind, Lane};
use crate::session::expiry::ExpirySource;
use crate::session::settings::Engine;
use crate::session::storage::{SessionRow, SqlLog};

/// The database engine.
#[derive(Clone, Copy, Debug, Default)]
pub struct DbStore;

/// `_get_session_from_db()`: the live row, or `None` (then the session's key is reset).
pub fn get_session_from_db(
    session: &mut Session,
    env: &mut Env<'_>,
) -> Result<Option<SessionRow>, SessionError> {
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

/// `load()`: decode the live row's data, or `{}`.
pub fn load(session: &mut Session, env: &mut Env<'_>) -> Result<Dict, SessionError> {
    match get_session_from_db(session, env)? {
        Some(row) => Ok(session.decode(&row.session_data, env)),
        None => Ok(Dict::new()),
    }
}

/// `exists(key)`: `SELECT 1 ... LIMIT 1`.
pub fn exists(key: &str, env: &mut Env<'_>) -> Result<bool, SessionError> {
    env.server.table.exists(
        key,
        &mut SqlLog {
            queries: env.queries,
            events: env.events,
        },
    )
}

/// `create()`: new keys until an INSERT succeeds; marks the session modified.
pub fn create(session: &mut Session, env: &mut Env<'_>) -> Result<(), SessionError> {
    super::create_until_saved(session, env)
}

/// `save(must_create)`: INSERT (must_create) or UPDATE of
/// `(session_key, encode(data), get_expiry_date())`.
pub fn save(
    session: &mut Session,
    must_create: bool,
    env: &mut Env<'_>,
) -> Result<(), SessionError> {
    if session.session_key().is_none() {
        return session.create(env);
    }
    let data = session.data(env, must_create)?.clone();
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
        // `except DatabaseError: if not must_create: raise UpdateError`: any database error
        // of an update (also `no such table`) reads as "the session vanished".
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
pub fn delete(session: &Session, key: Option<&str>, env: &mut Env<'_>) -> Result<(), SessionError> {
    let Some(key) = key.or(session.session_key()).map(str::to_owned) else {
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
pub fn clear_expired(env: &mut Env<'_>) -> Result<(), SessionError> {
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

/// `get_expiry_age(expiry=row.expire_date)`, used by cached_db to refill the cache.
pub fn row_expiry_age(
    session: &Session,
    row: &SessionRow,
    env: &Env<'_>,
) -> Result<crate::session::expiry::ExpiryAge, SessionError> {
    session.get_expiry_age_from(ExpirySource::Date(row.expire_date), env)
}

impl SessionStore for DbStore {
    fn engine(&self) -> Engine {
        Engine::Db
    }

    fn load(&self, session: &mut Session, env: &mut Env<'_>) -> Result<Dict, SessionError> {
        load(session, env)
    }

    fn exists(
        &self,
        _session: &mut Session,
        key: &str,
        env: &mut Env<'_>,
    ) -> Result<bool, SessionError> {
        exists(key, env)
    }

    fn create(&self, session: &mut Session, env: &mut Env<'_>) -> Result<(), SessionError> {
        create(session, env)
    }

    fn save(
        &self,
        session: &mut Session,
        must_create: bool,
        env: &mut Env<'_>,
    ) -> Result<(), SessionError> {
        save(session, must_create, env)
    }

    fn delete(
        &self,
        session: &mut Session,
        key: Option<&str>,
        env: &mut Env<'_>,
    ) -> Result<(), SessionError> {
        delete(session, key, env)
    }

    fn clear_expired(&self, env: &mut Env<'_>) -> Result<(), SessionError> {
        clear_expired(env)
    }
}
