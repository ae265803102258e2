//! `django.contrib.sessions.backends.cached_db.SessionStore`: the db engine with a
//! write-through cache in front (`:1:django.contrib.sessions.cached_db<key>`); a cache miss
//! reads the row and refills the cache.

use crate::json::Dict;
use crate::session::base::Session;
use crate::session::base::SessionStore;
use crate::session::env::Env;
use crate::session::error::SessionError;
use crate::session::event::{EventKind, Lane};
use crate::session::settings::Engine;

use super::cache::{cache_key, full_cache_key};
use super::db;

/// `backends.cached_db.KEY_PREFIX`.
pub const CACHED_DB_KEY_PREFIX: &str = "django.contrib.sessions.cached_db";

/// The cached-database engine.
#[derive(Clone, Copy, Debug, Default)]
pub struct CachedDbStore;

/// The cache write after a database save; Django logs and swallows any failure here.
fn write_cache(session: &mut Session, env: &mut Env<'_>) -> Result<(), SessionError> {
    let key = cache_key(CACHED_DB_KEY_PREFIX, session, env)?;
    let data = session.data(env, false)?.clone();
    let timeout = session.get_expiry_age(env)?.as_seconds()?;
    env.server
        .cache
        .set(&key, &data, timeout, env.now, env.events);
    Ok(())
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
        let Some(row) = db::get_session_from_db(session, env)? else {
            return Ok(Dict::new());
        };
        let data = session.decode(&row.session_data, env);
        let timeout = db::row_expiry_age(session, &row, env)?.as_seconds()?;
        env.events.push(
            Lane::Store,
            EventKind::StoreWrite,
            "SessionStore.load",
            "The cache missed but the database had the row: Django puts the data back into the cache.",
        );
        let key = cache_key(CACHED_DB_KEY_PREFIX, session, env)?;
        env.server
            .cache
            .set(&key, &data, timeout, env.now, env.events);
        Ok(data)
    }

    fn exists(
        &self,
        _session: &mut Session,
        key: &str,
        env: &mut Env<'_>,
    ) -> Result<bool, SessionError> {
        let cached = !key.is_empty()
            && env.server.cache.has_key(
                &full_cache_key(CACHED_DB_KEY_PREFIX, key),
                env.now,
                env.events,
            );
        if cached {
            return Ok(true);
        }
        db::exists(key, env)
    }

    fn create(&self, session: &mut Session, env: &mut Env<'_>) -> Result<(), SessionError> {
        db::create(session, env)
    }

    fn save(
        &self,
        session: &mut Session,
        must_create: bool,
        env: &mut Env<'_>,
    ) -> Result<(), SessionError> {
        db::save(session, must_create, env)?;
        if let Err(error) = write_cache(session, env) {
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
        db::delete(session, key, env)?;
        let Some(key) = key.or(session.session_key()).map(str::to_owned) else {
            return Ok(());
        };
        env.server
            .cache
            .delete(&full_cache_key(CACHED_DB_KEY_PREFIX, &key), env.events);
        Ok(())
    }

    fn flush(&self, session: &mut Session, env: &mut Env<'_>) -> Result<(), SessionError> {
        session.clear();
        let key = session.session_key().map(str::to_owned);
        self.delete(session, key.as_deref(), env)?;
        session.set_session_key(None);
        Ok(())
    }

    fn clear_expired(&self, env: &mut Env<'_>) -> Result<(), SessionError> {
        db::clear_expired(env)
    }
}
