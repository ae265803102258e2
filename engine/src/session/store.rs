//! The store interface every session engine implements: Django's `SessionBase` subclass
//! methods (`exists`, `create`, `save`, `delete`, `load`, `clear_expired`, and the
//! `cycle_key`/`flush` some engines override).
//!
//! A store is stateless: per-request state lives in [`Session`], server state in
//! [`Env::server`](super::Env). Methods receive the session they act for, so an engine can
//! call back into it (`session._get_session()`, `session.get_expiry_age()`) and into its own
//! overridable methods through [`Session::store`] (Python's `self.save(...)` dispatch).

use super::base::Session;
use super::env::Env;
use super::error::SessionError;
use super::settings::Engine;

/// One of Django's session engines.
pub trait SessionStore: Sync {
    /// Which engine this is.
    fn engine(&self) -> Engine;

    /// `load()`: the stored data for `session.session_key()` (which is not `None`), or `{}`;
    /// may reset the session's key when there is no live record.
    fn load(
        &self,
        session: &mut Session,
        env: &mut Env<'_>,
    ) -> Result<crate::json::Dict, SessionError>;

    /// `exists(session_key)`: whether a record uses this key.
    fn exists(
        &self,
        session: &mut Session,
        key: &str,
        env: &mut Env<'_>,
    ) -> Result<bool, SessionError>;

    /// `create()`: a new key, saved once (with the current data) before returning.
    fn create(&self, session: &mut Session, env: &mut Env<'_>) -> Result<(), SessionError>;

    /// `save(must_create)`: `CreateError` if `must_create` and the key is taken,
    /// `UpdateError` if not `must_create` and the record is gone.
    fn save(
        &self,
        session: &mut Session,
        must_create: bool,
        env: &mut Env<'_>,
    ) -> Result<(), SessionError>;

    /// `delete(session_key=None)`: removes the record of `key`, or of the session's own key.
    fn delete(
        &self,
        session: &mut Session,
        key: Option<&str>,
        env: &mut Env<'_>,
    ) -> Result<(), SessionError>;

    /// `cycle_key()`: new key, same data (`SessionBase.cycle_key` unless overridden).
    fn cycle_key(&self, session: &mut Session, env: &mut Env<'_>) -> Result<(), SessionError> {
        session.base_cycle_key(env)
    }

    /// `flush()`: empty the data, delete the record, forget the key.
    fn flush(&self, session: &mut Session, env: &mut Env<'_>) -> Result<(), SessionError> {
        session.clear();
        self.delete(session, None, env)?;
        session.set_session_key(None);
        Ok(())
    }

    /// `SessionStore.clear_expired()` (a classmethod; `manage.py clearsessions`).
    fn clear_expired(&self, env: &mut Env<'_>) -> Result<(), SessionError>;
}

/// The store of `engine`.
pub fn store_for(engine: Engine) -> &'static dyn SessionStore {
    use super::backends::{CacheStore, CachedDbStore, DbStore, FileStore, SignedCookieStore};
    match engine {
        Engine::Db => &DbStore,
        Engine::Cache => &CacheStore,
        Engine::CachedDb => &CachedDbStore,
        Engine::File => &FileStore,
        Engine::SignedCookies => &SignedCookieStore,
    }
}
