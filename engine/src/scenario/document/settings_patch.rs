//! `{"settings": {...}}`: typed changes to the session settings. The settings in force at any
//! step of a scenario are [`crate::scenario::Scenario::settings_after`].

use crate::json::{Dict, Value};
use crate::session::{Serializer, Settings};

use super::error::ScenarioError;

/// One setting change.
#[derive(Clone, Debug, PartialEq)]
pub enum SettingChange {
    /// `SECRET_KEY`.
    SecretKey(String),
    /// `SECRET_KEY_FALLBACKS`.
    SecretKeyFallbacks(Vec<String>),
    /// `SESSION_COOKIE_NAME`.
    CookieName(String),
    /// `SESSION_COOKIE_AGE`.
    CookieAge(i64),
    /// `SESSION_COOKIE_DOMAIN`.
    CookieDomain(Option<String>),
    /// `SESSION_COOKIE_PATH`.
    CookiePath(String),
    /// `SESSION_COOKIE_SECURE`.
    CookieSecure(bool),
    /// `SESSION_COOKIE_HTTPONLY`.
    CookieHttpOnly(bool),
    /// `SESSION_COOKIE_SAMESITE`.
    CookieSameSite(Option<String>),
    /// `SESSION_SAVE_EVERY_REQUEST`.
    SaveEveryRequest(bool),
    /// `SESSION_EXPIRE_AT_BROWSER_CLOSE`.
    ExpireAtBrowserClose(bool),
    /// `SESSION_SERIALIZER` (`"json"` or `"pickle"`).
    Serializer(Serializer),
}

impl SettingChange {
    /// The Django setting's name.
    pub fn name(&self) -> &'static str {
        match self {
            SettingChange::SecretKey(_) => "SECRET_KEY",
            SettingChange::SecretKeyFallbacks(_) => "SECRET_KEY_FALLBACKS",
            SettingChange::CookieName(_) => "SESSION_COOKIE_NAME",
            SettingChange::CookieAge(_) => "SESSION_COOKIE_AGE",
            SettingChange::CookieDomain(_) => "SESSION_COOKIE_DOMAIN",
            SettingChange::CookiePath(_) => "SESSION_COOKIE_PATH",
            SettingChange::CookieSecure(_) => "SESSION_COOKIE_SECURE",
            SettingChange::CookieHttpOnly(_) => "SESSION_COOKIE_HTTPONLY",
            SettingChange::CookieSameSite(_) => "SESSION_COOKIE_SAMESITE",
            SettingChange::SaveEveryRequest(_) => "SESSION_SAVE_EVERY_REQUEST",
            SettingChange::ExpireAtBrowserClose(_) => "SESSION_EXPIRE_AT_BROWSER_CLOSE",
            SettingChange::Serializer(_) => "SESSION_SERIALIZER",
        }
    }

    /// The new value as JSON.
    pub fn value(&self) -> Value {
        let optional = |v: &Option<String>| v.clone().map_or(Value::Null, Value::Str);
        match self {
            SettingChange::SecretKey(s)
            | SettingChange::CookieName(s)
            | SettingChange::CookiePath(s) => Value::Str(s.clone()),
            SettingChange::SecretKeyFallbacks(keys) => {
                Value::List(keys.iter().cloned().map(Value::Str).collect())
            }
            SettingChange::CookieAge(age) => Value::from(*age),
            SettingChange::CookieDomain(v) | SettingChange::CookieSameSite(v) => optional(v),
            SettingChange::CookieSecure(b)
            | SettingChange::CookieHttpOnly(b)
            | SettingChange::SaveEveryRequest(b)
            | SettingChange::ExpireAtBrowserClose(b) => Value::Bool(*b),
            SettingChange::Serializer(serializer) => Value::from(serializer.name()),
        }
    }

    /// Applies the change.
    pub fn apply(&self, settings: &mut Settings) {
        match self.clone() {
            SettingChange::SecretKey(v) => settings.secret_key = v,
            SettingChange::SecretKeyFallbacks(v) => settings.secret_key_fallbacks = v,
            SettingChange::CookieName(v) => settings.cookie_name = v,
            SettingChange::CookieAge(v) => settings.cookie_age = v,
            SettingChange::CookieDomain(v) => settings.cookie_domain = v,
            SettingChange::CookiePath(v) => settings.cookie_path = v,
            SettingChange::CookieSecure(v) => settings.cookie_secure = v,
            SettingChange::CookieHttpOnly(v) => settings.cookie_httponly = v,
            SettingChange::CookieSameSite(v) => settings.cookie_samesite = v,
            SettingChange::SaveEveryRequest(v) => settings.save_every_request = v,
            SettingChange::ExpireAtBrowserClose(v) => settings.expire_at_browser_close = v,
            SettingChange::Serializer(v) => settings.serializer = v,
        }
    }

    /// Reads `name: value` from a scenario's settings object.
    pub fn parse(name: &str, value: &Value) -> Result<SettingChange, ScenarioError> {
        let wrong = |expected: &str| ScenarioError::InvalidSetting {
            name: name.to_owned(),
            expected: expected.to_owned(),
        };
        let text = || {
            value
                .as_str()
                .map(str::to_owned)
                .ok_or_else(|| wrong("a string"))
        };
        let optional_text = || match value {
            Value::Null => Ok(None),
            Value::Str(s) => Ok(Some(s.clone())),
            _ => Err(wrong("a string or null")),
        };
        let flag = || match value {
            Value::Bool(b) => Ok(*b),
            _ => Err(wrong("true or false")),
        };
        Ok(match name {
            "SECRET_KEY" => SettingChange::SecretKey(text()?),
            "SECRET_KEY_FALLBACKS" => match value {
                Value::List(items) => SettingChange::SecretKeyFallbacks(
                    items
                        .iter()
                        .map(|v| v.as_str().map(str::to_owned))
                        .collect::<Option<Vec<_>>>()
                        .ok_or_else(|| wrong("a list of strings"))?,
                ),
                _ => return Err(wrong("a list of strings")),
            },
            "SESSION_COOKIE_NAME" => SettingChange::CookieName(text()?),
            "SESSION_COOKIE_AGE" => match value {
                Value::Int(n) => SettingChange::CookieAge(
                    n.to_i64()
                        .ok_or_else(|| wrong("an integer that fits in 64 bits"))?,
                ),
                _ => return Err(wrong("an integer")),
            },
            "SESSION_COOKIE_DOMAIN" => SettingChange::CookieDomain(optional_text()?),
            "SESSION_COOKIE_PATH" => SettingChange::CookiePath(text()?),
            "SESSION_COOKIE_SECURE" => SettingChange::CookieSecure(flag()?),
            "SESSION_COOKIE_HTTPONLY" => SettingChange::CookieHttpOnly(flag()?),
            "SESSION_COOKIE_SAMESITE" => SettingChange::CookieSameSite(optional_text()?),
            "SESSION_SAVE_EVERY_REQUEST" => SettingChange::SaveEveryRequest(flag()?),
            "SESSION_EXPIRE_AT_BROWSER_CLOSE" => SettingChange::ExpireAtBrowserClose(flag()?),
            "SESSION_SERIALIZER" => SettingChange::Serializer(
                value
                    .as_str()
                    .and_then(Serializer::from_name)
                    .ok_or_else(|| wrong("\"json\" or \"pickle\""))?,
            ),
            _ => return Err(ScenarioError::UnknownSetting(name.to_owned())),
        })
    }
}

/// Several setting changes, applied in order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SettingsPatch {
    /// The changes.
    pub changes: Vec<SettingChange>,
}

impl SettingsPatch {
    /// Whether a change sets `SESSION_SERIALIZER` to `PickleSerializer`.
    pub fn names_pickle_serializer(&self) -> bool {
        self.changes.iter().any(|change| {
            matches!(
                change,
                SettingChange::Serializer(crate::session::Serializer::Pickle)
            )
        })
    }

    /// Applies every change in order.
    pub fn apply(&self, settings: &mut Settings) {
        for change in &self.changes {
            change.apply(settings);
        }
    }

    /// Reads a settings object.
    pub fn parse(value: &Value) -> Result<SettingsPatch, ScenarioError> {
        let dict = value
            .as_dict()
            .ok_or_else(|| ScenarioError::invalid("settings", "an object"))?;
        let changes = dict
            .iter()
            .map(|(name, v)| SettingChange::parse(name, v))
            .collect::<Result<_, _>>()?;
        Ok(SettingsPatch { changes })
    }

    /// The settings object as JSON.
    pub fn to_value(&self) -> Value {
        let mut dict = Dict::new();
        for change in &self.changes {
            dict.insert(change.name(), change.value());
        }
        Value::Dict(dict)
    }
}
