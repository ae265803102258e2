//! `request.session` as a mapping: the dict methods of Django's `SessionBase`
//! (`django/contrib/sessions/backends/base.py`: `__contains__`, `get`, `__setitem__`,
//! `__delitem__`, `pop`, `setdefault`, `update`, `keys`, `items`) and its test-cookie helpers.
//! Each loads the data on first use ([`Session::data`]) and marks the session modified the way
//! Django does.

use crate::json::{Dict, Value};

use super::base::Session;
use super::env::Env;
use super::error::SessionError;

/// `SessionBase.TEST_COOKIE_NAME`.
pub const TEST_COOKIE_NAME: &str = "testcookie";
/// `SessionBase.TEST_COOKIE_VALUE`.
pub const TEST_COOKIE_VALUE: &str = "worked";

impl Session {
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
        self.set_modified(true);
        Ok(())
    }

    /// `del session[key]`: `KeyError` if absent (then the session is not marked modified).
    pub fn del_item(&mut self, key: &str, env: &mut Env<'_>) -> Result<(), SessionError> {
        self.data(env, false)?
            .remove(key)
            .ok_or_else(|| SessionError::KeyError(key.to_owned()))?;
        self.set_modified(true);
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
        let modified_before_load = self.modified();
        let data = self.data(env, false)?;
        let removed = data.remove(key);
        self.set_modified(modified_before_load || removed.is_some());
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
        self.set_modified(true);
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

    /// `adelete_test_cookie()` (Django 5.1+, `contrib/sessions/backends/base.py`):
    /// `del (await self._aget_session())[TEST_COOKIE_NAME]`. Unlike its sync twin it goes
    /// around `__delitem__`, so it does **not** mark the session modified (measured on 5.2,
    /// 6.0 and 6.1: the deletion is not saved unless something else modifies the session).
    pub fn adelete_test_cookie(&mut self, env: &mut Env<'_>) -> Result<(), SessionError> {
        self.data(env, false)?
            .remove(TEST_COOKIE_NAME)
            .ok_or_else(|| SessionError::KeyError(TEST_COOKIE_NAME.to_owned()))?;
        Ok(())
    }
}
