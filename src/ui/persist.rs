//! Keeping the playground across reloads: the scenario (with its settings, clock and key
//! seed) is saved to `localStorage` after every change and restored when the page opens.
//!
//! The stored text is JSON: `{"format": "sessionscope-state", "version": 1, …}` plus the
//! fields of a share document ([`super::share::document_value`]), secrets included (they
//! never leave this browser). [`encode`] and [`decode`] are plain; [`load`] and [`save`]
//! touch the browser's storage through `gloo-storage`.

use std::fmt;

use sessionscope_engine::json::{parse_python_json, to_python_json, Dict, JsonError, Value};
use sessionscope_engine::scenario::Scenario;

use super::share::{document_from_value, document_value, Secrets, ShareError, SharedState};

/// The `localStorage` key.
pub const STORAGE_KEY: &str = "sessionscope.state";

/// The `format` field of the stored document.
pub const FORMAT: &str = "sessionscope-state";

/// The version this page writes and reads.
pub const VERSION: i64 = 1;

/// Why the saved state could not be restored.
#[derive(Clone, Debug, PartialEq)]
pub enum PersistError {
    /// The stored text is not JSON.
    BadJson(JsonError),
    /// It is JSON but not a Sessionscope state (no or another `format`).
    WrongFormat,
    /// A state saved by a different version of Sessionscope.
    UnsupportedVersion(String),
    /// The document inside is wrong (see [`ShareError`]).
    BadState(ShareError),
    /// The browser refused to read storage (disabled, private mode, …).
    Unavailable(String),
}

impl fmt::Display for PersistError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PersistError::BadJson(error) => {
                write!(f, "the saved playground is not valid JSON ({error})")
            }
            PersistError::WrongFormat => {
                f.write_str("the saved playground is not in Sessionscope's format")
            }
            PersistError::UnsupportedVersion(found) => write!(
                f,
                "the saved playground has version {found}, but this page reads version {VERSION}"
            ),
            PersistError::BadState(error) => {
                let text = error.to_string().replacen("the link's", "its", 1);
                write!(f, "the saved playground could not be read: {text}")
            }
            PersistError::Unavailable(message) => {
                write!(f, "the browser's storage is not available ({message})")
            }
        }
    }
}

impl std::error::Error for PersistError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            PersistError::BadJson(error) => Some(error),
            PersistError::BadState(error) => Some(error),
            _ => None,
        }
    }
}

/// The stored text for a playground.
pub fn encode(scenario: &Scenario, key_seed: u64) -> String {
    let mut dict = Dict::new();
    dict.insert("format", Value::from(FORMAT));
    dict.insert("version", Value::from(VERSION));
    if let Value::Dict(document) = document_value(scenario, key_seed, Secrets::Included) {
        for (name, value) in document.iter() {
            dict.insert(name, value.clone());
        }
    }
    to_python_json(&Value::Dict(dict))
}

/// Reads the stored text.
pub fn decode(text: &str) -> Result<SharedState, PersistError> {
    let value = parse_python_json(text).map_err(PersistError::BadJson)?;
    let dict = value.as_dict().ok_or(PersistError::WrongFormat)?;
    if dict.get("format").and_then(Value::as_str) != Some(FORMAT) {
        return Err(PersistError::WrongFormat);
    }
    match dict.get("version") {
        Some(Value::Int(n)) if n.to_i64() == Some(VERSION) => {}
        Some(Value::Int(n)) => return Err(PersistError::UnsupportedVersion(n.to_string())),
        Some(other) => {
            return Err(PersistError::UnsupportedVersion(to_python_json(other)));
        }
        None => return Err(PersistError::UnsupportedVersion("(none)".into())),
    }
    document_from_value(&value).map_err(PersistError::BadState)
}

/// The saved playground, if there is one.
pub fn load() -> Option<Result<SharedState, PersistError>> {
    match storage() {
        Ok(storage) => match storage.get_item(STORAGE_KEY) {
            Ok(Some(text)) => Some(decode(&text)),
            Ok(None) => None,
            Err(error) => Some(Err(PersistError::Unavailable(js_message(&error)))),
        },
        Err(error) => Some(Err(error)),
    }
}

/// Saves the playground; failures (quota, disabled storage) are returned, not thrown.
pub fn save(scenario: &Scenario, key_seed: u64) -> Result<(), PersistError> {
    storage()?
        .set_item(STORAGE_KEY, &encode(scenario, key_seed))
        .map_err(|error| PersistError::Unavailable(js_message(&error)))
}

/// Forgets the saved playground (after it failed to load, so the banner is not shown again).
pub fn forget() {
    if let Ok(storage) = storage() {
        let _ = storage.remove_item(STORAGE_KEY);
    }
}

fn storage() -> Result<web_sys::Storage, PersistError> {
    use gloo_storage::Storage as _;
    // `gloo_storage::LocalStorage::raw` throws when storage is blocked (a sandboxed or
    // third-party iframe, some private modes): ask the window first, which reports it.
    let window = web_sys::window().ok_or_else(|| PersistError::Unavailable("no window".into()))?;
    match window.local_storage() {
        Ok(Some(_)) => Ok(gloo_storage::LocalStorage::raw()),
        Ok(None) => Err(PersistError::Unavailable("localStorage is disabled".into())),
        Err(error) => Err(PersistError::Unavailable(js_message(&error))),
    }
}

fn js_message(error: &wasm_bindgen::JsValue) -> String {
    error
        .as_string()
        .or_else(|| {
            web_sys::js_sys::Reflect::get(error, &"message".into())
                .ok()
                .and_then(|m| m.as_string())
        })
        .unwrap_or_else(|| "unknown error".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::session_keys::seeded_keys;
    use sessionscope_engine::json::Dict;
    use sessionscope_engine::scenario::{Engine, Request, SettingChange, Step, ViewCall};

    fn scenario() -> Scenario {
        let mut scenario = Scenario::new("playground", Engine::CachedDb);
        scenario.start_time = 1_763_000_000.0;
        scenario
            .settings
            .changes
            .push(SettingChange::SecretKey("local only".into()));
        scenario.session_keys = seeded_keys(77, 10);
        let mut data = Dict::new();
        data.insert("n", Value::from(1));
        scenario
            .steps
            .push(Step::Request(Request::new(ViewCall::Set(data))));
        scenario
    }

    #[test]
    fn saved_state_round_trips_with_its_secret() {
        let text = encode(&scenario(), 77);
        assert!(text.starts_with(r#"{"format":"sessionscope-state","version":1,"#));
        let state = decode(&text).unwrap();
        assert_eq!(state.key_seed, 77);
        assert_eq!(state.scenario.initial_settings().secret_key, "local only");
        assert_eq!(state.scenario.steps, scenario().steps);
        assert!(state.scenario.session_keys.is_empty());
    }

    #[test]
    fn corrupt_state_gives_typed_errors() {
        let good = encode(&scenario(), 77);
        assert!(matches!(decode("{not json"), Err(PersistError::BadJson(_))));
        assert!(matches!(decode(""), Err(PersistError::BadJson(_))));
        assert_eq!(decode("[1]"), Err(PersistError::WrongFormat));
        assert_eq!(
            decode(r#"{"format":"other"}"#),
            Err(PersistError::WrongFormat)
        );
        let v2 = good.replace(r#""version":1"#, r#""version":2"#);
        assert_eq!(
            decode(&v2),
            Err(PersistError::UnsupportedVersion("2".into()))
        );
        let error = decode(&v2).unwrap_err().to_string();
        assert!(
            error.contains("version 2") && error.contains("version 1"),
            "{error}"
        );
        assert!(matches!(
            decode(r#"{"format":"sessionscope-state"}"#),
            Err(PersistError::UnsupportedVersion(_))
        ));
        let bad_engine = good.replace(r#""engine":"cached_db""#, r#""engine":"mongo""#);
        assert!(matches!(
            decode(&bad_engine),
            Err(PersistError::BadState(ShareError::BadScenario(_)))
        ));
        let bad_seed = good.replace(r#""key_seed":"4d""#, r#""key_seed":17"#);
        assert!(matches!(
            decode(&bad_seed),
            Err(PersistError::BadState(ShareError::BadField {
                field: "key_seed",
                ..
            }))
        ));
        let truncated = &good[..good.len() - 5];
        assert!(matches!(decode(truncated), Err(PersistError::BadJson(_))));
    }

    #[test]
    fn wrapped_errors_stay_typed_and_are_the_source() {
        use std::error::Error as _;
        let error = decode("{not json").unwrap_err();
        let json = error
            .source()
            .and_then(|source| source.downcast_ref::<JsonError>())
            .expect("the JSON error");
        assert!(error.to_string().contains(&json.to_string()), "{error}");
        let good = encode(&scenario(), 77);
        let bad_engine = good.replace(r#""engine":"cached_db""#, r#""engine":"mongo""#);
        let error = decode(&bad_engine).unwrap_err();
        assert!(error
            .source()
            .is_some_and(|source| source.downcast_ref::<ShareError>().is_some()));
    }

    #[test]
    fn every_prefix_of_the_state_fails_cleanly() {
        let good = encode(&scenario(), 77);
        for end in 0..good.len() {
            if good.is_char_boundary(end) {
                assert!(decode(&good[..end]).is_err());
            }
        }
    }
}
