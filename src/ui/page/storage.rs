//! Keeping the playground across reloads: the scenario (with its settings, clock and key
//! seed) is saved to `localStorage` after every change and restored when the page opens.
//!
//! The stored text is JSON: `{"format": "sessionscope-state", "version": 1, …}` plus the
//! fields of a share document ([`super::document::document_value`]), secrets included (they
//! never leave this browser), plus whatever fields this page did not know when it read them
//! ([`UnknownFields`], written back as they were).
//!
//! Nothing stored is ever deleted without the user's word: a saved state this page cannot
//! read (corrupt, over the limits, from a newer version) and a playground a share link
//! replaces are moved *aside*, under keys of their own ([`ASIDE_PREFIX`]), where the page
//! offers to switch to them, download or discard them.
//!
//! [`encode`] and [`decode`] are plain; the rest touches the browser's storage through
//! `gloo-storage`.

use std::fmt;

use sessionscope_engine::json::{parse_python_json, to_python_json, Dict, JsonError, Value};
use sessionscope_engine::scenario::Scenario;
use sessionscope_engine::small_sort::sort_small_by_key;

use super::document::{
    document_from_value, document_value, Secrets, ShareError, SharedState, UnknownFields,
};
use crate::ui::limits::{self, LimitError};

/// The `localStorage` key of the playground.
pub const STORAGE_KEY: &str = "sessionscope.state";

/// The prefix of the keys of states set aside (`sessionscope.aside.1`, `.2`, …).
pub const ASIDE_PREFIX: &str = "sessionscope.aside.";

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
    /// The document inside is wrong (see [`ShareError`]), or over the page's limits.
    BadState(ShareError),
    /// The browser refused to read storage (disabled, private mode, …).
    Unavailable(String),
    /// The browser refused to write: this page's share of storage is used up.
    Full,
}

impl PersistError {
    /// Whether the state could not be read only because the page's topology code has not
    /// loaded yet ([`ShareError::needs_topology_code`]).
    pub fn needs_topology_code(&self) -> bool {
        matches!(self, PersistError::BadState(error) if error.needs_topology_code())
    }

    /// Whether the state was written by a newer Sessionscope (a higher version).
    pub fn is_newer_version(&self) -> bool {
        matches!(self, PersistError::UnsupportedVersion(found)
            if found.parse::<i64>().is_ok_and(|version| version > VERSION))
    }
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
            PersistError::UnsupportedVersion(_) if self.is_newer_version() => write!(
                f,
                "the saved playground was written by a newer Sessionscope (format version {}), \
                 and this page reads version {VERSION}",
                match self {
                    PersistError::UnsupportedVersion(found) => found.as_str(),
                    _ => "",
                }
            ),
            PersistError::UnsupportedVersion(found) => write!(
                f,
                "the saved playground has version {found}, but this page reads version {VERSION}"
            ),
            PersistError::BadState(ShareError::OverLimit(LimitError::DocumentTooLarge {
                bytes: Some(bytes),
            })) => write!(
                f,
                "the saved playground is {}, and this page reads at most {}",
                limits::bytes_text(*bytes),
                LimitError::DocumentTooLarge { bytes: None }.limit()
            ),
            PersistError::BadState(ShareError::OverLimit(error)) => {
                write!(
                    f,
                    "the saved playground is over this page's limits: {error}"
                )
            }
            PersistError::BadState(error) => {
                let text = error.to_string().replacen("the link's", "its", 1);
                write!(f, "the saved playground could not be read: {text}")
            }
            PersistError::Full => f.write_str("this browser's storage for this page is full"),
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

/// The stored text for a playground, with the fields of `unknown` written back.
pub fn encode(scenario: &Scenario, key_seed: u64, unknown: &UnknownFields) -> String {
    let mut dict = Dict::new();
    dict.insert("format", Value::from(FORMAT));
    dict.insert("version", Value::from(VERSION));
    if let Value::Dict(document) = document_value(scenario, key_seed, Secrets::Included) {
        for (name, value) in document.iter() {
            dict.insert(name, value.clone());
        }
    }
    unknown.add_to(&mut dict);
    to_python_json(&Value::Dict(dict))
}

/// Reads the stored text (refusing, before parsing, a text over the page's document limit).
pub fn decode(text: &str) -> Result<SharedState, PersistError> {
    limits::check_document(text.len())
        .map_err(|error| PersistError::BadState(ShareError::OverLimit(error)))?;
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

/// A state set aside under its own key, with what this page makes of it.
#[derive(Clone, Debug, PartialEq)]
pub struct AsideEntry {
    /// Its `localStorage` key.
    pub key: String,
    /// The stored text, exactly as it was.
    pub text: String,
    /// The playground in it, or why it cannot be read.
    pub state: Result<SharedState, PersistError>,
}

/// The saved playground, if there is one.
pub fn load() -> Option<Result<SharedState, PersistError>> {
    match load_text() {
        Ok(Some(text)) => Some(decode(&text)),
        Ok(None) => None,
        Err(error) => Some(Err(error)),
    }
}

/// The saved playground's text as stored.
pub fn load_text() -> Result<Option<String>, PersistError> {
    read(STORAGE_KEY)
}

/// Moves the saved playground aside (it could not be read); returns the key it is under now.
pub fn move_saved_aside() -> Result<Option<String>, PersistError> {
    let Some(text) = load_text()? else {
        return Ok(None);
    };
    let key = set_aside(&text)?;
    storage()?
        .remove_item(STORAGE_KEY)
        .map_err(|error| PersistError::Unavailable(js_message(&error)))?;
    Ok(Some(key))
}

/// Copies `text` aside under a new key, unless an entry already holds exactly that text;
/// returns its key.
pub fn set_aside(text: &str) -> Result<String, PersistError> {
    let entries = aside_entries()?;
    if let Some(same) = entries.iter().find(|entry| entry.text == text) {
        return Ok(same.key.clone());
    }
    let number = next_aside_number(entries.iter().map(|entry| entry.key.as_str()));
    let key = format!("{ASIDE_PREFIX}{number}");
    write(&key, text)?;
    Ok(key)
}

/// The number after the highest of `keys` (1 for none).
fn next_aside_number<'a>(keys: impl Iterator<Item = &'a str>) -> u32 {
    keys.filter_map(|key| key.strip_prefix(ASIDE_PREFIX)?.parse::<u32>().ok())
        .max()
        .map_or(1, |highest| highest + 1)
}

/// Whether any state is set aside (without reading them).
pub fn has_aside() -> bool {
    let Ok(storage) = storage() else {
        return false;
    };
    let count = storage.length().unwrap_or(0);
    (0..count).any(|index| {
        storage
            .key(index)
            .ok()
            .flatten()
            .is_some_and(|key| key.starts_with(ASIDE_PREFIX))
    })
}

/// Every state set aside, oldest first.
pub fn aside_entries() -> Result<Vec<AsideEntry>, PersistError> {
    let storage = storage()?;
    let unavailable = |error: wasm_bindgen::JsValue| PersistError::Unavailable(js_message(&error));
    let count = storage.length().map_err(unavailable)?;
    let mut entries = Vec::new();
    for index in 0..count {
        let Some(key) = storage.key(index).map_err(unavailable)? else {
            continue;
        };
        if !key.starts_with(ASIDE_PREFIX) {
            continue;
        }
        if let Some(text) = storage.get_item(&key).map_err(unavailable)? {
            let state = decode(&text);
            entries.push(AsideEntry { key, text, state });
        }
    }
    sort_small_by_key(&mut entries, |entry| {
        next_aside_number(std::iter::once(entry.key.as_str()))
    });
    Ok(entries)
}

/// The text stored under `key`.
pub fn read(key: &str) -> Result<Option<String>, PersistError> {
    storage()?
        .get_item(key)
        .map_err(|error| PersistError::Unavailable(js_message(&error)))
}

/// Writes `text` under `key` (saving the playground, or switching: the current playground
/// takes the place of the one brought back); failures (quota, disabled storage) are returned,
/// not thrown.
pub fn write(key: &str, text: &str) -> Result<(), PersistError> {
    storage()?.set_item(key, text).map_err(|error| {
        let name = web_sys::js_sys::Reflect::get(&error, &"name".into()).ok();
        if name.and_then(|name| name.as_string()).as_deref() == Some("QuotaExceededError") {
            PersistError::Full
        } else {
            PersistError::Unavailable(js_message(&error))
        }
    })
}

/// Deletes the entry `key` (only ever on the user's word).
pub fn discard(key: &str) -> Result<(), PersistError> {
    storage()?
        .remove_item(key)
        .map_err(|error| PersistError::Unavailable(js_message(&error)))
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

    fn encoded() -> String {
        encode(&scenario(), 77, &UnknownFields::default())
    }

    #[test]
    fn saved_state_round_trips_with_its_secret() {
        let text = encoded();
        assert!(text.starts_with(r#"{"format":"sessionscope-state","version":1,"#));
        let state = decode(&text).unwrap();
        assert_eq!(state.key_seed, 77);
        assert_eq!(state.scenario.initial_settings().secret_key, "local only");
        assert_eq!(state.scenario.steps, scenario().steps);
        assert!(state.scenario.session_keys.is_empty());
        assert!(state.unknown.is_empty());
    }

    #[test]
    fn fields_this_page_does_not_know_survive_the_next_save() {
        let text = encoded()
            .replacen(r#""version":1,"#, r#""version":1,"theme":"dark","#, 1)
            .replacen(
                r#""engine":"cached_db","#,
                r#""engine":"cached_db","notes":[1,2],"#,
                1,
            );
        let state = decode(&text).unwrap();
        assert_eq!(
            state.unknown.document.get("theme"),
            Some(&Value::from("dark"))
        );
        // The next save (after a change) writes them back.
        let mut changed = state.scenario.clone();
        changed.steps.push(Step::Advance(5.0));
        let saved = encode(&changed, state.key_seed, &state.unknown);
        assert!(saved.contains(r#""theme":"dark""#), "{saved}");
        assert!(saved.contains(r#""notes":[1,2]"#), "{saved}");
        let again = decode(&saved).unwrap();
        assert_eq!(again.unknown, state.unknown);
        assert_eq!(again.scenario.steps.len(), 2);
    }

    #[test]
    fn corrupt_state_gives_typed_errors() {
        let good = encoded();
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
        let error = decode(&v2).unwrap_err();
        assert!(error.is_newer_version());
        let message = error.to_string();
        assert!(
            message.contains("newer Sessionscope") && message.contains("version 1"),
            "{message}"
        );
        let v0 = good.replace(r#""version":1"#, r#""version":0"#);
        assert!(!decode(&v0).unwrap_err().is_newer_version());
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
    fn a_state_over_the_limits_is_refused_before_it_runs() {
        let mut long = scenario();
        long.steps = vec![Step::Advance(1.0); 10_000];
        let error = decode(&encode(&long, 1, &UnknownFields::default())).unwrap_err();
        assert_eq!(
            error,
            PersistError::BadState(ShareError::OverLimit(LimitError::TooManySteps {
                steps: 10_000
            }))
        );
        assert!(error.to_string().contains("at most 500 steps"), "{error}");
        let huge = format!("{}{}", encoded(), " ".repeat(limits::MAX_DOCUMENT_BYTES));
        let message = decode(&huge).unwrap_err().to_string();
        assert!(message.contains("reads at most 1 MiB"), "{message}");
    }

    #[test]
    fn aside_keys_are_numbered_after_the_highest() {
        assert_eq!(next_aside_number(std::iter::empty()), 1);
        let keys = ["sessionscope.aside.2", "sessionscope.aside.10", "other.3"];
        assert_eq!(next_aside_number(keys.into_iter()), 11);
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
        let bad_engine = encoded().replace(r#""engine":"cached_db""#, r#""engine":"mongo""#);
        let error = decode(&bad_engine).unwrap_err();
        assert!(error
            .source()
            .is_some_and(|source| source.downcast_ref::<ShareError>().is_some()));
    }

    #[test]
    fn every_prefix_of_the_state_fails_cleanly() {
        let good = encoded();
        for end in 0..good.len() {
            if good.is_char_boundary(end) {
                assert!(decode(&good[..end]).is_err());
            }
        }
    }
}
