//! `django.contrib.sessions.backends.cache.SessionStore`: sessions as entries of the
//! `default` cache (a LocMemCache here), keyed `:1:django.contrib.sessions.cache<key>`.
//! `cached_db` uses the same cache helpers under its own prefix.

use crate::event::{EventKind, Lane};
use crate::json::Dict;
use crate::session::base::{Session, SessionStore};
use crate::session::env::Env;
use crate::session::error::SessionError;
use crate::session::settings::Engine;
use crate::session::storage::make_cache_key;

use super::server_side::{create_until_saved, key_to_delete};

/// `backends.cache.KEY_PREFIX`.
pub const CACHE_KEY_PREFIX: &str = "django.contrib.sessions.cache";

/// What `cache.SessionStore.create()` raises after 10,000 failed attempts.
const CACHE_UNAVAILABLE: &str =
    "Unable to create a new session key. It is likely that the cache is unavailable.";

/// The cache engine.
#[derive(Clone, Copy, Debug, Default)]
pub struct CacheStore;

/// The full LocMemCache key for a session key under `prefix`.
pub fn full_cache_key(prefix: &str, session_key: &str) -> String {
    make_cache_key(&format!("{prefix}{session_key}"))
}

/// `self.cache_key`: the prefix plus `_get_or_create_session_key()`.
pub(super) fn cache_key(
    prefix: &str,
    session: &mut Session,
    env: &mut Env<'_>,
) -> Result<String, SessionError> {
    Ok(full_cache_key(
        prefix,
        &session.get_or_create_session_key(env)?,
    ))
}

/// The value and timeout a session is cached with: `self._get_session(no_load)` and
/// `self.get_expiry_age()` (which must be a number), in Python's argument order.
pub(super) fn entry(
    session: &mut Session,
    no_load: bool,
    env: &mut Env<'_>,
) -> Result<(Dict, f64), SessionError> {
    let data = session.data(env, no_load)?.clone();
    let timeout = session.get_expiry_age(env)?.as_seconds()?;
    Ok((data, timeout))
}

/// `session_key and (prefix + session_key) in self._cache`.
pub(super) fn is_cached(prefix: &str, key: &str, env: &mut Env<'_>) -> bool {
    !key.is_empty()
        && env
            .server
            .cache
            .has_key(&full_cache_key(prefix, key), env.now, env.events)
}

/// `self._cache.delete(prefix + session_key)`.
pub(super) fn uncache(prefix: &str, key: &str, env: &mut Env<'_>) {
    env.server
        .cache
        .delete(&full_cache_key(prefix, key), env.events);
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

    /// `exists(key)`: `key in cache`, which never moves an entry. Called from the async
    /// API (`aexists`, which `acreate` runs) on a version where `ahas_key` is an `aget`
    /// ([`crate::version::DjangoVersion::async_exists_refreshes_lru`]), it is a `get`: a live
    /// entry becomes the most recently used.
    fn exists(
        &self,
        session: &mut Session,
        key: &str,
        env: &mut Env<'_>,
    ) -> Result<bool, SessionError> {
        if session.in_async_api() && env.django.async_exists_refreshes_lru() {
            return Ok(!key.is_empty()
                && env
                    .server
                    .cache
                    .get(&full_cache_key(CACHE_KEY_PREFIX, key), env.now, env.events)
                    .is_some());
        }
        Ok(is_cached(CACHE_KEY_PREFIX, key, env))
    }

    fn create(&self, session: &mut Session, env: &mut Env<'_>) -> Result<(), SessionError> {
        create_until_saved(session, env, CACHE_UNAVAILABLE)
    }

    /// `save(must_create)`: `add` when creating, `set` only if a live entry exists (else
    /// `UpdateError`).
    fn save(
        &self,
        session: &mut Session,
        must_create: bool,
        env: &mut Env<'_>,
    ) -> Result<(), SessionError> {
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
        let (data, timeout) = entry(session, must_create, env)?;
        let cache = &mut env.server.cache;
        if !must_create {
            cache.set(&key, &data, timeout, env.now, env.events)?;
        } else if !cache.add(&key, &data, timeout, env.now, env.events)? {
            return Err(SessionError::CreateError);
        }
        Ok(())
    }

    fn delete(
        &self,
        session: &mut Session,
        key: Option<&str>,
        env: &mut Env<'_>,
    ) -> Result<(), SessionError> {
        if let Some(key) = key_to_delete(session, key) {
            uncache(CACHE_KEY_PREFIX, &key, env);
        }
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
