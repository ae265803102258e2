//! `django.contrib.sessions.backends.cache.SessionStore`: sessions as entries of the
//! `default` cache (a LocMemCache here), keyed `:1:django.contrib.sessions.cache<key>`.

use crate::json::Dict;
use crate::session::base::Session;
use crate::session::base::SessionStore;
use crate::session::env::Env;
use crate::session::error::SessionError;
use crate::session::event::{EventKind, Lane};
use crate::session::settings::Engine;
use crate::session::storage::make_cache_key;

/// `backends.cache.KEY_PREFIX`.
pub const CACHE_KEY_PREFIX: &str = "django.contrib.sessions.cache";

/// `cache.create()` gives up after this many `CreateError`s.
const CREATE_ATTEMPTS: usize = 10_000;

/// The cache engine.
#[derive(Clone, Copy, Debug, Default)]
pub struct CacheStore;

/// The full LocMemCache key for a session key under `prefix`.
pub fn full_cache_key(prefix: &str, session_key: &str) -> String {
    make_cache_key(&format!("{prefix}{session_key}"))
}

/// `self.cache_key`: the prefix plus `_get_or_create_session_key()`.
pub fn cache_key(
    prefix: &str,
    session: &mut Session,
    env: &mut Env<'_>,
) -> Result<String, SessionError> {
    Ok(full_cache_key(
        prefix,
        &session.get_or_create_session_key(env)?,
    ))
}

/// `timeout` as the cache receives it: `get_expiry_age()` must be a number.
fn timeout_seconds(session: &mut Session, env: &mut Env<'_>) -> Result<f64, SessionError> {
    session.get_expiry_age(env)?.as_seconds()
}

/// `cache.SessionStore.save(must_create)`: `add` when creating, `set` only if a live entry
/// exists (else `UpdateError`).
fn save(session: &mut Session, must_create: bool, env: &mut Env<'_>) -> Result<(), SessionError> {
    if session.session_key().is_none() {
        return session.create(env);
    }
    let key = cache_key(CACHE_KEY_PREFIX, session, env)?;
    if !must_create && env.server.cache.get(&key, env.now, env.events).is_none() {
        env.events.push(
            Lane::Store,
            EventKind::StoreRead,
            "SessionStore.save",
            "The session's cache entry is gone (deleted or expired meanwhile): Django raises UpdateError.",
        );
        return Err(SessionError::UpdateError);
    }
    let data = session.data(env, must_create)?.clone();
    let timeout = timeout_seconds(session, env)?;
    if must_create {
        if !env
            .server
            .cache
            .add(&key, &data, timeout, env.now, env.events)
        {
            return Err(SessionError::CreateError);
        }
    } else {
        env.server
            .cache
            .set(&key, &data, timeout, env.now, env.events);
    }
    Ok(())
}

impl SessionStore for CacheStore {
    fn engine(&self) -> Engine {
        Engine::Cache
    }

    fn load(&self, session: &mut Session, env: &mut Env<'_>) -> Result<Dict, SessionError> {
        let key = cache_key(CACHE_KEY_PREFIX, session, env)?;
        match env.server.cache.get(&key, env.now, env.events) {
            Some(data) => Ok(data),
            None => {
                session.set_session_key(None);
                env.events.push(
                    Lane::Store,
                    EventKind::StoreRead,
                    "SessionStore.load",
                    "No live cache entry: Django forgets the key the browser sent; the session starts empty.",
                );
                Ok(Dict::new())
            }
        }
    }

    fn exists(
        &self,
        _session: &mut Session,
        key: &str,
        env: &mut Env<'_>,
    ) -> Result<bool, SessionError> {
        Ok(!key.is_empty()
            && env.server.cache.has_key(
                &full_cache_key(CACHE_KEY_PREFIX, key),
                env.now,
                env.events,
            ))
    }

    fn create(&self, session: &mut Session, env: &mut Env<'_>) -> Result<(), SessionError> {
        for _ in 0..CREATE_ATTEMPTS {
            let key = session.new_session_key(env)?;
            session.set_session_key(Some(key));
            match session.save(true, env) {
                Err(SessionError::CreateError) => continue,
                Err(other) => return Err(other),
                Ok(()) => {
                    session.set_modified(true);
                    return Ok(());
                }
            }
        }
        Err(SessionError::RuntimeError(
            "Unable to create a new session key. It is likely that the cache is unavailable."
                .to_owned(),
        ))
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
        let Some(key) = key.or(session.session_key()).map(str::to_owned) else {
            return Ok(());
        };
        env.server
            .cache
            .delete(&full_cache_key(CACHE_KEY_PREFIX, &key), env.events);
        Ok(())
    }

    fn clear_expired(&self, env: &mut Env<'_>) -> Result<(), SessionError> {
        env.events.push(
            Lane::Store,
            EventKind::Environment,
            "SessionStore.clear_expired",
            "The cache engine has nothing to clear: the cache expires entries by itself.",
        );
        Ok(())
    }
}
