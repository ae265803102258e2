//! `{"settings": {...}}`: typed changes to the session settings, and the settings in force at
//! any step of a scenario ([`Scenario::settings_after`]).

use crate::json::{Dict, Value};
use crate::session::Settings;

use super::error::ScenarioError;
use super::model::{Scenario, Step};

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

impl Step {
    /// What this step does to the settings in force: a `settings` step applies its changes in
    /// order; a `rotate_secret` step makes the new key `SECRET_KEY` and puts the old one first
    /// in `SECRET_KEY_FALLBACKS` ([`Settings::rotate_secret`]); every other step leaves them
    /// alone. The runner and [`Scenario::settings_after`] both go through this.
    pub fn apply_to_settings(&self, settings: &mut Settings) {
        match self {
            Step::Settings(patch) => patch.apply(settings),
            Step::RotateSecret(new_key) => settings.rotate_secret(new_key),
            _ => {}
        }
    }
}

impl Scenario {
    /// The settings in force after step `step_index` (0-based) has run: Django's defaults,
    /// the scenario's `settings` overrides, then each step up to and including that one
    /// ([`Step::apply_to_settings`]). `None` gives the settings before the first step
    /// ([`Scenario::initial_settings`]); an index past the last step gives the settings
    /// after the last one.
    pub fn settings_after(&self, step_index: Option<usize>) -> Settings {
        let mut settings = self.initial_settings();
        let taken = step_index.map_or(0, |index| index.saturating_add(1));
        for step in self.steps.iter().take(taken) {
            step.apply_to_settings(&mut settings);
        }
        settings
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::DEFAULT_SECRET_KEY;

    fn scenario() -> Scenario {
        Scenario::from_json(
            r#"{"name": "s", "engine": "signed_cookies",
                "settings": {"SESSION_COOKIE_AGE": 60, "SECRET_KEY_FALLBACKS": ["older"]},
                "steps": [
                  {"request": {"view": "noop"}},
                  {"settings": {"SESSION_COOKIE_NAME": "sid", "SESSION_COOKIE_AGE": 100}},
                  {"rotate_secret": "second"},
                  {"advance": 5},
                  {"rotate_secret": "third"},
                  {"settings": {"SECRET_KEY_FALLBACKS": []}}
                ]}"#,
        )
        .unwrap()
    }

    #[test]
    fn before_the_first_step_the_scenario_overrides_apply() {
        let scenario = scenario();
        let before = scenario.settings_after(None);
        assert_eq!(before, scenario.initial_settings());
        assert_eq!(before.cookie_age, 60);
        assert_eq!(before.secret_key, DEFAULT_SECRET_KEY);
        assert_eq!(before.secret_key_fallbacks, ["older"]);
        assert_eq!(
            scenario.settings_after(Some(0)),
            before,
            "a request changes nothing"
        );
    }

    #[test]
    fn settings_steps_apply_from_their_own_index_on() {
        let scenario = scenario();
        let after = scenario.settings_after(Some(1));
        assert_eq!((after.cookie_name.as_str(), after.cookie_age), ("sid", 100));
        assert_eq!(scenario.settings_after(Some(3)).cookie_name, "sid");
    }

    #[test]
    fn rotations_move_the_old_secret_to_the_front_of_the_fallbacks() {
        let scenario = scenario();
        let once = scenario.settings_after(Some(2));
        assert_eq!(once.secret_key, "second");
        assert_eq!(once.secret_key_fallbacks, [DEFAULT_SECRET_KEY, "older"]);
        assert_eq!(
            scenario.settings_after(Some(3)),
            once,
            "advancing the clock changes nothing"
        );

        let twice = scenario.settings_after(Some(4));
        assert_eq!(twice.secret_key, "third");
        assert_eq!(
            twice.secret_key_fallbacks,
            ["second", DEFAULT_SECRET_KEY, "older"]
        );
        assert_eq!(
            twice.signing_keys().fallbacks,
            twice.secret_key_fallbacks,
            "the signing keys follow the settings"
        );
    }

    #[test]
    fn an_index_past_the_end_gives_the_final_settings() {
        let scenario = scenario();
        let last = scenario.settings_after(Some(5));
        assert_eq!(last.secret_key, "third");
        assert!(last.secret_key_fallbacks.is_empty());
        assert_eq!(scenario.settings_after(Some(usize::MAX)), last);
    }
}
