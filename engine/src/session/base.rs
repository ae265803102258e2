//! `request.session`: Django's `SessionBase` (`django/contrib/sessions/backends/base.py`)
//! as a plain struct. The data loads lazily on first access; `accessed` and `modified`
//! record what the view did, for `SessionMiddleware.process_response`.

use crate::json::{Dict, Value};
use crate::time::DateTime;

use super::codec;
use super::env::Env;
use super::error::SessionError;
use super::event::{EventKind, Lane};
use super::expiry::{self, ExpiryAge, ExpirySource, EXPIRY_KEY};
use super::settings::Engine;
use super::store::{store_for, SessionStore};

/// `SessionBase.TEST_COOKIE_NAME`.
pub const TEST_COOKIE_NAME: &str = "testcookie";
/// `SessionBase.TEST_COOKIE_VALUE`.
pub const TEST_COOKIE_VALUE: &str = "worked";

/// How many candidate keys `_get_new_session_key` tries before giving up. Django loops
/// forever; with Django's random keys a second attempt is already astronomically rare.
const MAX_KEY_ATTEMPTS: usize = 10_000;

/// What `set_expiry` is given, after the view built the Python object.
#[derive(Clone, Debug, PartialEq)]
pub enum ExpiryValue {
    /// `None`: remove any custom expiry.
    Clear,
    /// An int, float or other plain value, stored as is (`0` = browser close).
    Raw(Value),
    /// A `timedelta` (in microseconds): `timezone.now() + value`, stored as ISO text.
    Timedelta(i64),
    /// A `datetime`: stored as its `isoformat()`.
    Datetime(DateTime),
}

/// One request's session (`request.session`).
#[derive(Clone, Debug, PartialEq)]
pub struct Session {
    engine: Engine,
    session_key: Option<String>,
    cache: Option<Dict>,
    accessed: bool,
    modified: bool,
    create_disabled: bool,
    file_prefix: String,
}

/// `_validate_session_key`: truthy and at least 8 characters.
fn valid_session_key(key: &str) -> bool {
    key.chars().count() >= 8
}

impl Session {
    /// `SessionStore(session_key)`: nothing is loaded yet. An invalid key (shorter than 8
    /// characters) becomes `None`. `file_prefix` is `SESSION_COOKIE_NAME` at construction
    /// (the file engine names files with it).
    pub fn new(engine: Engine, session_key: Option<&str>, file_prefix: &str) -> Session {
        let mut session = Session {
            engine,
            session_key: None,
            cache: None,
            accessed: false,
            modified: false,
            create_disabled: false,
            file_prefix: file_prefix.to_owned(),
        };
        session.set_session_key(session_key.map(str::to_owned));
        session
    }

    /// The engine's store (Python's dynamic dispatch on `self`).
    pub fn store(&self) -> &'static dyn SessionStore {
        store_for(self.engine)
    }

    /// Which engine this session uses.
    pub fn engine(&self) -> Engine {
        self.engine
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
                    let store = self.store();
                    store.load(self, env)?
                }
                _ => Dict::new(),
            };
            self.cache = Some(data);
        }
        Ok(self.cache.get_or_insert_with(Dict::new))
    }

    /// `key in session`.
    pub fn contains(&mut self, key: &str, env: &mut Env<'_>) -> Result<bool, SessionError> {
        Ok(self.data(env, false)?.contains_key(key))
    }

    /// `session.get(key, default)`.
    pub fn get(
        &mut self,
        key: &str,
        default: Value,
        env: &mut Env<'_>,
    ) -> Result<Value, SessionError> {
        Ok(self.data(env, false)?.get(key).cloned().unwrap_or(default))
    }

    /// `session[key] = value`: marks the session modified.
    pub fn set_item(
        &mut self,
        key: &str,
        value: Value,
        env: &mut Env<'_>,
    ) -> Result<(), SessionError> {
        self.data(env, false)?.insert(key, value);
        self.modified = true;
        Ok(())
    }

    /// `del session[key]`: `KeyError` if absent (then the session is not marked modified).
    pub fn del_item(&mut self, key: &str, env: &mut Env<'_>) -> Result<(), SessionError> {
        self.data(env, false)?
            .remove(key)
            .ok_or_else(|| SessionError::KeyError(key.to_owned()))?;
        self.modified = true;
        Ok(())
    }

    /// `session.pop(key[, default])`: modified only if the key was present.
    /// `self.modified = self.modified or key in self._session` reads `modified` *before*
    /// the lazy load, so a load that set it (signed_cookies or file `create()` on a bad or
    /// expired session) is overwritten with `False`.
    pub fn pop(
        &mut self,
        key: &str,
        default: Option<Value>,
        env: &mut Env<'_>,
    ) -> Result<Value, SessionError> {
        let modified_before_load = self.modified;
        let data = self.data(env, false)?;
        let removed = data.remove(key);
        self.modified = modified_before_load || removed.is_some();
        match (removed, default) {
            (Some(value), _) => Ok(value),
            (None, Some(default)) => Ok(default),
            (None, None) => Err(SessionError::KeyError(key.to_owned())),
        }
    }

    /// `session.setdefault(key, value)`.
    pub fn setdefault(
        &mut self,
        key: &str,
        value: Value,
        env: &mut Env<'_>,
    ) -> Result<Value, SessionError> {
        if let Some(existing) = self.data(env, false)?.get(key) {
            return Ok(existing.clone());
        }
        self.set_item(key, value.clone(), env)?;
        Ok(value)
    }

    /// `session.update(other)`: marks the session modified even if nothing changed.
    pub fn update(&mut self, other: &Dict, env: &mut Env<'_>) -> Result<(), SessionError> {
        let data = self.data(env, false)?;
        for (k, v) in other.iter() {
            data.insert(k, v.clone());
        }
        self.modified = true;
        Ok(())
    }

    /// `list(session.keys())`.
    pub fn keys(&mut self, env: &mut Env<'_>) -> Result<Vec<String>, SessionError> {
        Ok(self.data(env, false)?.keys().map(str::to_owned).collect())
    }

    /// `dict(session.items())`.
    pub fn items(&mut self, env: &mut Env<'_>) -> Result<Dict, SessionError> {
        Ok(self.data(env, false)?.clone())
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
            let store = self.store();
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

    /// The raw `_session_expiry` (loading the data, as `self.get(...)` does).
    fn stored_expiry(&mut self, env: &mut Env<'_>) -> Result<Option<Value>, SessionError> {
        Ok(self.data(env, false)?.get(EXPIRY_KEY).cloned())
    }

    /// `get_expiry_age()` (modification = now, expiry = the stored `_session_expiry`).
    pub fn get_expiry_age(&mut self, env: &mut Env<'_>) -> Result<ExpiryAge, SessionError> {
        let stored = self.stored_expiry(env)?;
        let now = env.now_datetime()?;
        expiry::expiry_age(
            ExpirySource::from_stored(stored.as_ref()),
            &now,
            env.settings.cookie_age,
        )
    }

    /// `get_expiry_age(expiry=source)` without touching the session data.
    pub fn get_expiry_age_from(
        &self,
        source: ExpirySource<'_>,
        env: &Env<'_>,
    ) -> Result<ExpiryAge, SessionError> {
        expiry::expiry_age(source, &env.now_datetime()?, env.settings.cookie_age)
    }

    /// `get_expiry_date()`.
    pub fn get_expiry_date(&mut self, env: &mut Env<'_>) -> Result<DateTime, SessionError> {
        let stored = self.stored_expiry(env)?;
        let now = env.now_datetime()?;
        expiry::expiry_date(
            ExpirySource::from_stored(stored.as_ref()),
            &now,
            env.settings.cookie_age,
        )
    }

    /// `get_expire_at_browser_close()`.
    pub fn get_expire_at_browser_close(&mut self, env: &mut Env<'_>) -> Result<bool, SessionError> {
        let stored = self.stored_expiry(env)?;
        Ok(expiry::expire_at_browser_close(
            stored.as_ref(),
            env.settings.expire_at_browser_close,
        ))
    }

    /// `set_expiry(value)`.
    pub fn set_expiry(
        &mut self,
        value: ExpiryValue,
        env: &mut Env<'_>,
    ) -> Result<(), SessionError> {
        let stored = match value {
            ExpiryValue::Clear => {
                return match self.del_item(EXPIRY_KEY, env) {
                    Ok(()) | Err(SessionError::KeyError(_)) => Ok(()),
                    Err(other) => Err(other),
                }
            }
            ExpiryValue::Raw(v) => v,
            ExpiryValue::Timedelta(micros) => {
                Value::Str(env.now_datetime()?.plus_micros(micros)?.isoformat())
            }
            ExpiryValue::Datetime(date) => Value::Str(date.isoformat()),
        };
        self.set_item(EXPIRY_KEY, stored, env)
    }

    /// `set_test_cookie()`.
    pub fn set_test_cookie(&mut self, env: &mut Env<'_>) -> Result<(), SessionError> {
        self.set_item(TEST_COOKIE_NAME, Value::from(TEST_COOKIE_VALUE), env)
    }

    /// `test_cookie_worked()`.
    pub fn test_cookie_worked(&mut self, env: &mut Env<'_>) -> Result<bool, SessionError> {
        Ok(self.get(TEST_COOKIE_NAME, Value::Null, env)? == Value::from(TEST_COOKIE_VALUE))
    }

    /// `delete_test_cookie()`: `KeyError` if it was never set.
    pub fn delete_test_cookie(&mut self, env: &mut Env<'_>) -> Result<(), SessionError> {
        self.del_item(TEST_COOKIE_NAME, env)
    }

    /// `SessionBase.cycle_key()`: keep the data, `create()` a new key, delete the old record.
    pub fn base_cycle_key(&mut self, env: &mut Env<'_>) -> Result<(), SessionError> {
        let data = self.data(env, false)?.clone();
        let old_key = self.session_key.clone();
        self.create(env)?;
        self.cache = Some(data);
        if let Some(old_key) = old_key {
            let store = self.store();
            store.delete(self, Some(&old_key), env)?;
        }
        Ok(())
    }

    /// `cycle_key()` (the engine's).
    pub fn cycle_key(&mut self, env: &mut Env<'_>) -> Result<(), SessionError> {
        let store = self.store();
        store.cycle_key(self, env)
    }

    /// `flush()` (the engine's).
    pub fn flush(&mut self, env: &mut Env<'_>) -> Result<(), SessionError> {
        let store = self.store();
        store.flush(self, env)
    }

    /// `create()` (the engine's), unless disabled.
    pub fn create(&mut self, env: &mut Env<'_>) -> Result<(), SessionError> {
        if self.create_disabled {
            return Ok(());
        }
        let store = self.store();
        store.create(self, env)
    }

    /// `save(must_create)` (the engine's).
    pub fn save(&mut self, must_create: bool, env: &mut Env<'_>) -> Result<(), SessionError> {
        let store = self.store();
        store.save(self, must_create, env)
    }

    /// `delete(session_key)` (the engine's).
    pub fn delete(&mut self, key: Option<&str>, env: &mut Env<'_>) -> Result<(), SessionError> {
        let store = self.store();
        store.delete(self, key, env)
    }

    /// `encode(data)` with the current `SECRET_KEY` and clock.
    pub fn encode(&self, data: &Dict, env: &Env<'_>) -> String {
        codec::encode(data, &env.settings.secret_key, env.now)
    }

    /// `decode(text)`: `{}` on any failure (told to the event log).
    pub fn decode(&self, text: &str, env: &mut Env<'_>) -> Dict {
        match codec::decode(text, &env.signing_keys(), env.now) {
            Ok(data) => data,
            Err(error) => {
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
