//! `request.session`: Django's `SessionBase` (`django/contrib/sessions/backends/base.py`).
//!
//! [`SessionStore`] is what each backend module overrides (`exists`, `create`, `save`,
//! `delete`, `load`, `clear_expired`, and for some `cycle_key`/`flush`); [`Session`] is the
//! per-request object, holding the store it was built with (Python's `self` dispatch). This
//! module names no backend: `backends` picks the store for a `SESSION_ENGINE`, as Django's
//! `SessionMiddleware.__init__` does with `import_module(settings.SESSION_ENGINE)`, and a test
//! may give any store. The mapping methods live in `mapping.rs`, the expiry ones in `expiry.rs`.

use std::fmt;

use crate::json::Dict;

use super::codec;
use super::env::Env;
use super::error::SessionError;
use super::settings::Engine;
use crate::event::{EventKind, Lane};
use crate::signing::SigningError;

/// How many candidate keys `_get_new_session_key` tries before giving up. Django loops
/// forever; with Django's random keys a second attempt is already astronomically rare.
const MAX_KEY_ATTEMPTS: usize = 10_000;

/// The methods a backend's `SessionStore` class defines over `SessionBase`.
///
/// A store is stateless: per-request state lives in [`Session`], server state in
/// [`Env::server`](super::Env). Methods receive the session they act for, so a backend can
/// call back into it (`session._get_session()`, `session.get_expiry_age()`) and into its own
/// overridable methods through the session (Python's `self.save(...)` dispatch).
pub trait SessionStore: fmt::Debug + Sync {
    /// Which engine this is.
    fn engine(&self) -> Engine;

    /// `load()`: the stored data for `session.session_key()` (which is not `None`), or `{}`;
    /// may reset the session's key when there is no live record.
    fn load(&self, session: &mut Session, env: &mut Env<'_>) -> Result<Dict, SessionError>;

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

    /// `flush()`: empty the data, delete the record, forget the key (`SessionBase.flush`
    /// unless overridden).
    fn flush(&self, session: &mut Session, env: &mut Env<'_>) -> Result<(), SessionError> {
        session.clear();
        self.delete(session, None, env)?;
        session.set_session_key(None);
        Ok(())
    }

    /// `SessionStore.clear_expired()` (a classmethod; `manage.py clearsessions`).
    fn clear_expired(&self, env: &mut Env<'_>) -> Result<(), SessionError>;
}

/// One request's session (`request.session`). The data loads lazily on first access;
/// `accessed` and `modified` record what the view did, for
/// `SessionMiddleware.process_response`.
#[derive(Clone, Debug)]
pub struct Session {
    store: &'static dyn SessionStore,
    session_key: Option<String>,
    cache: Option<Dict>,
    accessed: bool,
    modified: bool,
    create_disabled: bool,
    file_prefix: String,
    in_async_api: bool,
    sync_from_coroutine: bool,
}

/// `_validate_session_key`: truthy and at least 8 characters.
fn valid_session_key(key: &str) -> bool {
    key.chars().count() >= 8
}

impl Session {
    /// `SessionStore(session_key)` of the backend `store`: nothing is loaded yet. An invalid
    /// key (shorter than 8 characters) becomes `None`. `file_prefix` is `SESSION_COOKIE_NAME`
    /// at construction (the file engine names files with it). `Session::new(engine, …)`
    /// (in `backends`) picks the store of a `SESSION_ENGINE`.
    pub fn with_store(
        store: &'static dyn SessionStore,
        session_key: Option<&str>,
        file_prefix: &str,
    ) -> Session {
        let mut session = Session {
            store,
            session_key: None,
            cache: None,
            accessed: false,
            modified: false,
            create_disabled: false,
            file_prefix: file_prefix.to_owned(),
            in_async_api: false,
            sync_from_coroutine: false,
        };
        session.set_session_key(session_key.map(str::to_owned));
        session
    }

    /// The backend's store (Python's dynamic dispatch on `self`).
    pub fn store(&self) -> &'static dyn SessionStore {
        self.store
    }

    /// Which engine this session uses.
    pub fn engine(&self) -> Engine {
        self.store.engine()
    }

    /// `session.session_key` (reading it is not an access).
    pub fn session_key(&self) -> Option<&str> {
        self.session_key.as_deref()
    }

    /// Assigning `_session_key`: values failing `_validate_session_key` become `None`.
    pub fn set_session_key(&mut self, key: Option<String>) {
        self.session_key = key.filter(|k| valid_session_key(k));
    }

    /// `session.accessed`.
    pub fn accessed(&self) -> bool {
        self.accessed
    }

    /// `session.modified`.
    pub fn modified(&self) -> bool {
        self.modified
    }

    /// Sets `session.modified`.
    pub fn set_modified(&mut self, modified: bool) {
        self.modified = modified;
    }

    /// Whether the session is being used through its async (`a`-prefixed) API, as the
    /// `async` view does: the engines' `a`-methods call the same code as the sync ones, except
    /// where Django's async path differs ([`crate::version::DjangoVersion::async_exists_refreshes_lru`]).
    pub fn in_async_api(&self) -> bool {
        self.in_async_api
    }

    /// Marks the start (`true`) or end of async API use.
    pub fn set_in_async_api(&mut self, on: bool) {
        self.in_async_api = on;
    }

    /// Whether a sync method is being called from a coroutine (the `async` view's ops that
    /// have no async variant): a database query then raises `SynchronousOnlyOperation`
    /// (Django's `async_unsafe` guard on the connection).
    pub fn sync_from_coroutine(&self) -> bool {
        self.sync_from_coroutine
    }

    /// Marks the start (`true`) or end of a sync call made from a coroutine.
    pub fn set_sync_from_coroutine(&mut self, on: bool) {
        self.sync_from_coroutine = on;
    }

    /// `bool(request.session)`: `SessionBase.__bool__` (`not self.is_empty()`) from 6.1;
    /// always true before ([`crate::version::DjangoVersion::session_bool_is_not_empty`]).
    /// Never loads the session or marks it accessed.
    pub fn truthy(&self, env: &Env<'_>) -> bool {
        !env.django.session_bool_is_not_empty() || !self.is_empty()
    }

    /// The file engine's prefix (`SESSION_COOKIE_NAME` when the session was built).
    pub fn file_prefix(&self) -> &str {
        &self.file_prefix
    }

    /// `_session_cache`, if the data was loaded (or set) already.
    pub fn loaded_data(&self) -> Option<&Dict> {
        self.cache.as_ref()
    }

    /// Assigns `_session_cache` directly.
    pub fn set_loaded_data(&mut self, data: Dict) {
        self.cache = Some(data);
    }

    /// Whether `create()` is disabled (the file engine's `clear_expired` does this).
    pub fn create_disabled(&self) -> bool {
        self.create_disabled
    }

    /// Disables `create()` (`session.create = lambda: None` in the file engine's
    /// `clear_expired`).
    pub fn disable_create(&mut self) {
        self.create_disabled = true;
    }

    /// `_get_session(no_load)`: marks the session accessed and loads the data on first use
    /// (unless there is no key or `no_load`, then the data starts empty).
    pub fn data(&mut self, env: &mut Env<'_>, no_load: bool) -> Result<&mut Dict, SessionError> {
        self.accessed = true;
        if self.cache.is_none() {
            let data = match &self.session_key {
                Some(key) if !no_load => {
                    env.events.push_detail(
                        Lane::View,
                        EventKind::SessionLoad,
                        "SessionBase._get_session",
                        "The session is used for the first time in this request, so Django loads its data from the store now (sessions load lazily).",
                        Some(key.clone()),
                    );
                    let store = self.store;
                    store.load(self, env)?
                }
                _ => Dict::new(),
            };
            self.cache = Some(data);
        }
        Ok(self.cache.get_or_insert_with(Dict::new))
    }

    /// `session.clear()`: empty data without loading, accessed and modified.
    pub fn clear(&mut self) {
        self.cache = Some(Dict::new());
        self.accessed = true;
        self.modified = true;
    }

    /// `session.is_empty()`: no key and no data (data never loaded counts as empty).
    pub fn is_empty(&self) -> bool {
        self.session_key.is_none() && self.cache.as_ref().is_none_or(Dict::is_empty)
    }

    /// `_get_new_session_key()`: draws keys until one is not `exists()`.
    pub fn new_session_key(&mut self, env: &mut Env<'_>) -> Result<String, SessionError> {
        for _ in 0..MAX_KEY_ATTEMPTS {
            let key = env.keys.next_key();
            env.events.push_detail(
                Lane::Store,
                EventKind::NewKey,
                "SessionBase._get_new_session_key",
                "Django draws a random 32-character session key and checks that no session uses it yet.",
                Some(key.clone()),
            );
            let store = self.store;
            if !store.exists(self, &key, env)? {
                return Ok(key);
            }
        }
        Err(SessionError::RuntimeError(
            "no unused session key after 10000 attempts".to_owned(),
        ))
    }

    /// `_get_or_create_session_key()`.
    pub fn get_or_create_session_key(&mut self, env: &mut Env<'_>) -> Result<String, SessionError> {
        if let Some(key) = &self.session_key {
            return Ok(key.clone());
        }
        let key = self.new_session_key(env)?;
        self.set_session_key(Some(key.clone()));
        Ok(key)
    }

    /// `SessionBase.cycle_key()`: keep the data, `create()` a new key, delete the old record.
    pub fn base_cycle_key(&mut self, env: &mut Env<'_>) -> Result<(), SessionError> {
        let data = self.data(env, false)?.clone();
        let old_key = self.session_key.clone();
        self.create(env)?;
        self.cache = Some(data);
        if let Some(old_key) = old_key {
            let store = self.store;
            store.delete(self, Some(&old_key), env)?;
        }
        Ok(())
    }

    /// `cycle_key()` (the engine's).
    pub fn cycle_key(&mut self, env: &mut Env<'_>) -> Result<(), SessionError> {
        let store = self.store;
        store.cycle_key(self, env)
    }

    /// `flush()` (the engine's).
    pub fn flush(&mut self, env: &mut Env<'_>) -> Result<(), SessionError> {
        let store = self.store;
        store.flush(self, env)
    }

    /// `create()` (the engine's), unless disabled.
    pub fn create(&mut self, env: &mut Env<'_>) -> Result<(), SessionError> {
        if self.create_disabled {
            return Ok(());
        }
        let store = self.store;
        store.create(self, env)
    }

    /// `save(must_create)` (the engine's).
    pub fn save(&mut self, must_create: bool, env: &mut Env<'_>) -> Result<(), SessionError> {
        let store = self.store;
        store.save(self, must_create, env)
    }

    /// `delete(session_key)` (the engine's).
    pub fn delete(&mut self, key: Option<&str>, env: &mut Env<'_>) -> Result<(), SessionError> {
        let store = self.store;
        store.delete(self, key, env)
    }

    /// `encode(data)` with the current `SECRET_KEY`, `SESSION_SERIALIZER` and clock.
    pub fn encode(&self, data: &Dict, env: &mut Env<'_>) -> String {
        let mut warnings = Vec::new();
        let text = codec::encode_with(
            env.settings.serializer,
            env.pickle,
            data,
            &env.settings.secret_key,
            env.now,
            &mut |w| warnings.push(w.to_owned()),
        );
        for warning in warnings {
            env.warn(&warning);
        }
        text
    }

    /// `decode(text)`: `{}` on any failure (told to the event log).
    pub fn decode(&self, text: &str, env: &mut Env<'_>) -> Dict {
        let mut warnings = Vec::new();
        let decoded = codec::decode_with(
            env.settings.serializer,
            env.pickle,
            text,
            &env.settings.signing_keys(),
            env.now,
            &mut |w| warnings.push(w.to_owned()),
        );
        for warning in warnings {
            env.warn(&warning);
        }
        match decoded {
            Ok(data) => data,
            Err(error) => {
                // `except signing.BadSignature: logging.getLogger(
                // "django.security.SuspiciousSession").warning("Session data corrupted")`; any
                // other exception passes silently.
                if matches!(
                    error,
                    SigningError::BadSignature { .. } | SigningError::SignatureExpired { .. }
                ) {
                    env.log(
                        "django.security.SuspiciousSession",
                        "WARNING",
                        "Session data corrupted",
                    );
                }
                env.events.push_detail(
                    Lane::Store,
                    EventKind::StoreRead,
                    "SessionBase.decode",
                    "The stored data does not verify (was SECRET_KEY changed?), so Django silently treats the session as empty.",
                    Some(error.to_string()),
                );
                Dict::new()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::sync::Mutex;

    use super::*;
    use crate::event::EventLog;
    use crate::json::Value;
    use crate::keys::SessionKeyGenerator;
    use crate::session::{CacheOptions, Server, Settings};

    /// A store no backend has: records in a map, keyed by session key. It reports itself as
    /// the db engine (the engine only names the store; nothing here reads it).
    #[derive(Debug, Default)]
    struct MapStore {
        records: Mutex<BTreeMap<String, Dict>>,
    }

    impl MapStore {
        fn leaked() -> &'static MapStore {
            Box::leak(Box::default())
        }

        fn record(&self, key: &str) -> Option<Dict> {
            self.records.lock().unwrap().get(key).cloned()
        }

        fn keys(&self) -> Vec<String> {
            self.records.lock().unwrap().keys().cloned().collect()
        }
    }

    impl SessionStore for MapStore {
        fn engine(&self) -> Engine {
            Engine::Db
        }

        fn load(&self, session: &mut Session, _env: &mut Env<'_>) -> Result<Dict, SessionError> {
            let found = self.record(session.session_key().unwrap_or_default());
            if found.is_none() {
                session.set_session_key(None);
            }
            Ok(found.unwrap_or_default())
        }

        fn exists(
            &self,
            _: &mut Session,
            key: &str,
            _: &mut Env<'_>,
        ) -> Result<bool, SessionError> {
            Ok(self.record(key).is_some())
        }

        fn create(&self, session: &mut Session, env: &mut Env<'_>) -> Result<(), SessionError> {
            let key = session.new_session_key(env)?;
            session.set_session_key(Some(key));
            session.save(true, env)?;
            session.set_modified(true);
            Ok(())
        }

        fn save(
            &self,
            session: &mut Session,
            must_create: bool,
            env: &mut Env<'_>,
        ) -> Result<(), SessionError> {
            let Some(key) = session.session_key().map(str::to_owned) else {
                return session.create(env);
            };
            let data = session.data(env, must_create)?.clone();
            let mut records = self.records.lock().unwrap();
            match (must_create, records.contains_key(&key)) {
                (true, true) => Err(SessionError::CreateError),
                (false, false) => Err(SessionError::UpdateError),
                _ => {
                    records.insert(key, data);
                    Ok(())
                }
            }
        }

        fn delete(
            &self,
            session: &mut Session,
            key: Option<&str>,
            _env: &mut Env<'_>,
        ) -> Result<(), SessionError> {
            if let Some(key) = key.or(session.session_key()) {
                self.records.lock().unwrap().remove(key);
            }
            Ok(())
        }

        fn clear_expired(&self, _env: &mut Env<'_>) -> Result<(), SessionError> {
            Ok(())
        }
    }

    /// Hands out the given keys, then `key-<n>`.
    struct Keys(Vec<&'static str>, usize);

    impl SessionKeyGenerator for Keys {
        fn next_key(&mut self) -> String {
            self.1 += 1;
            match self.0.get(self.1 - 1) {
                Some(key) => (*key).to_owned(),
                None => format!("key-{:08}", self.1),
            }
        }
    }

    /// Runs `body` with a fresh world around one request.
    fn with_env<T>(keys: Vec<&'static str>, body: impl FnOnce(&mut Env<'_>) -> T) -> T {
        let settings = Settings::default();
        let mut keys = Keys(keys, 0);
        let mut server = Server::new(CacheOptions::default());
        let mut events = EventLog::new();
        let mut queries = Vec::new();
        body(&mut Env {
            now: 1_700_000_000.0,
            settings: &settings,
            keys: &mut keys,
            server: &mut server,
            events: &mut events,
            queries: &mut queries,
            django: crate::version::DjangoVersion::DEFAULT,
            pickle: &crate::pickle::DataPickle,
        })
    }

    fn cart() -> Value {
        Value::from("p1")
    }

    #[test]
    fn a_new_session_saves_through_the_store_it_was_given() {
        let store = MapStore::leaked();
        let key = with_env(vec![], |env| {
            let mut session = Session::with_store(store, None, "sessionid");
            session.set_item("cart", cart(), env).unwrap();
            assert!(session.accessed() && session.modified());
            session.save(false, env).unwrap();
            session.session_key().unwrap().to_owned()
        });
        assert_eq!(key, "key-00000001");
        assert_eq!(store.record(&key).unwrap().get("cart"), Some(&cart()));
    }

    #[test]
    fn the_data_loads_lazily_from_the_store() {
        let store = MapStore::leaked();
        let mut data = Dict::new();
        data.insert("cart", cart());
        store
            .records
            .lock()
            .unwrap()
            .insert("known-key".into(), data);
        with_env(vec![], |env| {
            let mut session = Session::with_store(store, Some("known-key"), "sessionid");
            assert_eq!(session.loaded_data(), None);
            assert_eq!(session.get("cart", Value::Null, env).unwrap(), cart());
            assert!(session.accessed() && !session.modified());

            let mut unknown = Session::with_store(store, Some("unknown-key"), "sessionid");
            assert!(unknown.items(env).unwrap().is_empty());
            assert_eq!(unknown.session_key(), None, "load() forgot the unknown key");
        });
    }

    #[test]
    fn new_keys_skip_those_the_store_has_and_short_keys_are_dropped() {
        let store = MapStore::leaked();
        store
            .records
            .lock()
            .unwrap()
            .insert("taken-key".into(), Dict::new());
        with_env(vec!["taken-key", "fresh-key"], |env| {
            let mut session = Session::with_store(store, Some("short"), "sessionid");
            assert_eq!(session.session_key(), None);
            assert_eq!(session.get_or_create_session_key(env).unwrap(), "fresh-key");
        });
    }

    #[test]
    fn cycle_key_and_flush_use_the_base_behaviour_over_the_store() {
        let store = MapStore::leaked();
        with_env(vec!["first-key", "second-key"], |env| {
            let mut session = Session::with_store(store, None, "sessionid");
            session.set_item("cart", cart(), env).unwrap();
            session.create(env).unwrap();
            assert_eq!(store.keys(), ["first-key"]);

            session.cycle_key(env).unwrap();
            assert_eq!(session.session_key(), Some("second-key"));
            assert_eq!(store.keys(), ["second-key"], "the old record is deleted");
            assert_eq!(
                store.record("second-key").unwrap().get("cart"),
                Some(&cart())
            );

            session.flush(env).unwrap();
            assert!(store.keys().is_empty());
            assert!(session.is_empty() && session.modified());
        });
    }
}
