//! `django.contrib.sessions.backends.cached_db.SessionStore`: the db engine with a
//! write-through cache in front (`:1:django.contrib.sessions.cached_db<key>`); a cache miss
//! reads the row and refills the cache. Django's class subclasses the db one: `super()`
//! calls are calls to [`DbStore`]'s methods.

use crate::event::{EventKind, Lane};
use crate::json::Dict;
use crate::session::base::{Session, SessionStore};
use crate::session::env::Env;
use crate::session::error::SessionError;
use crate::session::expiry::ExpirySource;
use crate::session::settings::Engine;

use super::cache::{cache_key, entry, is_cached, uncache};
use super::db::{get_session_from_db, DbStore};
use super::server_side::key_to_delete;

/// `backends.cached_db.KEY_PREFIX`.
pub const CACHED_DB_KEY_PREFIX: &str = "django.contrib.sessions.cached_db";

/// The cached-database engine.
#[derive(Clone, Copy, Debug, Default)]
pub struct CachedDbStore;

/// The cache write after a database save (`self._cache.set(self.cache_key, self._session,
/// self.get_expiry_age())`).
fn write_cache(session: &mut Session, env: &mut Env<'_>) -> Result<(), SessionError> {
    let key = cache_key(CACHED_DB_KEY_PREFIX, session, env)?;
    let (data, timeout) = entry(session, false, env)?;
    env.server
        .cache
        .set(&key, &data, timeout, env.now, env.events)
}

impl SessionStore for CachedDbStore {
    fn engine(&self) -> Engine {
        Engine::CachedDb
    }

    fn load(&self, session: &mut Session, env: &mut Env<'_>) -> Result<Dict, SessionError> {
        let key = cache_key(CACHED_DB_KEY_PREFIX, session, env)?;
        if let Some(data) = env.server.cache.get(&key, env.now, env.events) {
            return Ok(data);
        }
        let Some(row) = get_session_from_db(session, env)? else {
            return Ok(Dict::new());
        };
        let data = session.decode(&row.session_data, env);
        let timeout = session
            .get_expiry_age_from(ExpirySource::Date(row.expire_date), env)?
            .as_seconds()?;
        env.events.push(
            Lane::Store,
            EventKind::StoreWrite,
            "SessionStore.load",
            "The cache missed but the database had the row: Django puts the data back into the cache.",
        );
        let key = cache_key(CACHED_DB_KEY_PREFIX, session, env)?;
        // Unprotected in every version: a failing refill surfaces where the session loads.
        env.server
            .cache
            .set(&key, &data, timeout, env.now, env.events)?;
        Ok(data)
    }

    fn exists(
        &self,
        session: &mut Session,
        key: &str,
        env: &mut Env<'_>,
    ) -> Result<bool, SessionError> {
        if is_cached(CACHED_DB_KEY_PREFIX, key, env) {
            return Ok(true);
        }
        DbStore.exists(session, key, env)
    }

    fn create(&self, session: &mut Session, env: &mut Env<'_>) -> Result<(), SessionError> {
        DbStore.create(session, env)
    }

    fn save(
        &self,
        session: &mut Session,
        must_create: bool,
        env: &mut Env<'_>,
    ) -> Result<(), SessionError> {
        DbStore.save(session, must_create, env)?;
        if let Err(error) = write_cache(session, env) {
            if !env.django.cached_db_logs_cache_write_errors() {
                env.events.push_detail(
                    Lane::Store,
                    EventKind::Exception,
                    "SessionStore.save",
                    "Writing the cache failed after the database row was written; this Django lets the exception propagate (the row stays).",
                    Some(error.to_string()),
                );
                return Err(error);
            }
            env.events.push_detail(
                Lane::Store,
                EventKind::Exception,
                "SessionStore.save",
                "Writing the cache failed; Django only logs this (\"Error saving to cache\") and carries on.",
                Some(error.to_string()),
            );
        }
        Ok(())
    }

    fn delete(
        &self,
        session: &mut Session,
        key: Option<&str>,
        env: &mut Env<'_>,
    ) -> Result<(), SessionError> {
        DbStore.delete(session, key, env)?;
        if let Some(key) = key_to_delete(session, key) {
            uncache(CACHED_DB_KEY_PREFIX, &key, env);
        }
        Ok(())
    }

    // No `flush` override: Django's cached_db `flush()` calls `self.delete(self.session_key)`,
    // which does what `SessionBase.flush()`'s `self.delete()` does.

    fn clear_expired(&self, env: &mut Env<'_>) -> Result<(), SessionError> {
        DbStore.clear_expired(env)
    }
}
