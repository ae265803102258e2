//! The document format that share links and the browser's storage both use: the whole
//! scenario (engine, settings, clock, session keys, steps), its key seed and whether its
//! secrets came along. A share link carries it in the URL fragment, so that opening the link
//! re-runs the engine to exactly the same bytes; the storage keeps it as JSON
//! ([`super::storage`]).
//!
//! A fragment is `#v1.<data>` where `<data>` is Django's URL-safe base64 (no padding) of the
//! zlib-compressed JSON document
//!
//! ```text
//! {"scenario": {…the conformance README's scenario schema…},
//!  "key_seed": "5e5510d5c09e",          // hex; the playground's key generator seed
//!  "secrets": "included" | "withheld"}  // whether SECRET_KEY and its fallbacks are in it
//! ```
//!
//! Session keys the seed regenerates are left out of `session_keys` (they are the bulk of the
//! data and compress badly); the receiver draws them again from the same seed. Flags may
//! follow the data after `&` (`#v1.<data>&embed`). Decoding never panics: every way a
//! fragment can be wrong is a [`ShareError`] naming it.
//!
//! `error` names what can be wrong with a link, `secrets` leaves the keys out of a link (and
//! lets the receiver use their own), `unknown` keeps the fields this page does not know. The
//! page address that carries a link is read and written in [`super::address`].

use crate::ui::session_topology::PAGE_TOPOLOGY;
use sessionscope_engine::compress::{zlib_compress, zlib_decompress_limited, ZlibError};
use sessionscope_engine::json::{parse_python_json, to_python_json, Dict, Value};
use sessionscope_engine::scenario::Scenario;
use sessionscope_engine::signing::{b64_decode, b64_encode};

use crate::ui::limits::{self, LimitError};
use crate::ui::session_keys::seeded_keys;

mod error;
mod secrets;
mod unknown;
mod version;

pub use error::ShareError;
pub use secrets::{
    adopt_own_secrets, has_secrets, withheld_rotation_key, withhold_secrets, Secrets,
};
pub use unknown::UnknownFields;

pub use version::{MAX_FRAGMENT_LEN, SHARE_VERSION};

/// The most JSON a fragment may inflate to (zip-bomb guard): the page's one inflate limit.
pub use crate::ui::limits::MAX_DOCUMENT_BYTES;

/// What a share link (or the saved state) holds.
#[derive(Clone, Debug, PartialEq)]
pub struct SharedState {
    /// The scenario, with every session key it needs once the seed's are drawn again.
    pub scenario: Scenario,
    /// The seed of the playground's session-key generator.
    pub key_seed: u64,
    /// Whether the secrets came along.
    pub secrets: Secrets,
    /// Fields of the document this page does not read, kept to be written back.
    pub unknown: UnknownFields,
}

/// The fragment for `state` (without the `#`): `v1.` + base64(zlib(JSON)). With
/// `include_secrets` false the keys are withheld (see [`withhold_secrets`]).
pub fn encode(scenario: &Scenario, key_seed: u64, include_secrets: bool) -> String {
    let (scenario, secrets) = if include_secrets || !has_secrets(scenario) {
        (scenario.clone(), Secrets::Included)
    } else {
        (withhold_secrets(scenario), Secrets::Withheld)
    };
    let document = document_value(&scenario, key_seed, secrets);
    let json = to_python_json(&document);
    format!(
        "v{SHARE_VERSION}.{}",
        b64_encode(&zlib_compress(json.as_bytes()))
    )
}

/// Reads a fragment's data part (`v1.…`, without `#` or flags).
pub fn decode(data: &str) -> Result<SharedState, ShareError> {
    if data.len() > MAX_FRAGMENT_LEN {
        return Err(ShareError::TooLong(data.len()));
    }
    let (version, payload) = split_version(data)?;
    if version != format!("v{SHARE_VERSION}") {
        return Err(ShareError::UnsupportedVersion(version.to_owned()));
    }
    if payload.is_empty() {
        return Err(ShareError::Empty);
    }
    if let Some((position, character)) = payload
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
    {
        return Err(ShareError::BadCharacter {
            position,
            character,
        });
    }
    let compressed = b64_decode(payload.as_bytes()).map_err(ShareError::BadBase64)?;
    let json = zlib_decompress_limited(&compressed, MAX_DOCUMENT_BYTES).map_err(|e| match e {
        ZlibError::TooLarge => ShareError::OverLimit(LimitError::DocumentTooLarge { bytes: None }),
        other => ShareError::BadCompression(other),
    })?;
    let text = String::from_utf8(json).map_err(|_| ShareError::NotText)?;
    let value = parse_python_json(&text).map_err(ShareError::BadJson)?;
    document_from_value(&value)
}

/// `v<digits>` and the rest, or [`ShareError::NotAShareLink`].
fn split_version(data: &str) -> Result<(&str, &str), ShareError> {
    let (version, payload) = data.split_once('.').ok_or(ShareError::NotAShareLink)?;
    let digits = version.strip_prefix('v').ok_or(ShareError::NotAShareLink)?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ShareError::NotAShareLink);
    }
    Ok((version, payload))
}

/// The JSON document for a state (also what the browser's storage keeps).
pub fn document_value(scenario: &Scenario, key_seed: u64, secrets: Secrets) -> Value {
    let mut compact = scenario.clone();
    compact.session_keys = explicit_keys(&scenario.session_keys, key_seed).to_vec();
    let mut document = Dict::new();
    document.insert("scenario", compact.to_value());
    document.insert("key_seed", Value::from(format!("{key_seed:x}")));
    document.insert("secrets", Value::from(secrets.name()));
    Value::Dict(document)
}

/// Reads a document written by [`document_value`]; a scenario over the page's limits is
/// refused before anything runs it ([`ShareError::OverLimit`]).
pub fn document_from_value(value: &Value) -> Result<SharedState, ShareError> {
    let dict = value.as_dict().ok_or(ShareError::BadField {
        field: "document",
        expected: "a JSON object",
    })?;
    let scenario = dict.get("scenario").ok_or(ShareError::BadField {
        field: "scenario",
        expected: "present",
    })?;
    let scenario =
        Scenario::from_value_with(scenario, &PAGE_TOPOLOGY).map_err(ShareError::BadScenario)?;
    limits::check(&scenario).map_err(ShareError::OverLimit)?;
    let key_seed = dict
        .get("key_seed")
        .and_then(Value::as_str)
        .filter(|hex| !hex.is_empty() && hex.len() <= 16)
        .and_then(|hex| u64::from_str_radix(hex, 16).ok())
        .ok_or(ShareError::BadField {
            field: "key_seed",
            expected: "a hexadecimal string of at most 16 digits",
        })?;
    let secrets = match dict.get("secrets").and_then(Value::as_str) {
        Some("included") => Secrets::Included,
        Some("withheld") => Secrets::Withheld,
        _ => {
            return Err(ShareError::BadField {
                field: "secrets",
                expected: "\"included\" or \"withheld\"",
            })
        }
    };
    Ok(SharedState {
        scenario,
        key_seed,
        secrets,
        unknown: UnknownFields::of(dict),
    })
}

/// The leading keys that the seed would not produce; the rest is exactly what
/// `seeded_keys(key_seed, n)` draws at the same positions, so it can be dropped.
pub fn explicit_keys(keys: &[String], key_seed: u64) -> &[String] {
    let seeded = seeded_keys(key_seed, keys.len());
    let mut keep = keys.len();
    while keep > 0 && keys[keep - 1] == seeded[keep - 1] {
        keep -= 1;
    }
    &keys[..keep]
}

/// A scenario with secrets, a rotation, settings and unicode (for the tests).
#[cfg(test)]
fn rich_scenario() -> Scenario {
    use sessionscope_engine::scenario::{
        Engine, ExpiryArg, Request, SettingChange, SettingsPatch, Step, ViewCall,
    };

    let mut scenario = Scenario::new("cart", Engine::SignedCookies);
    scenario.description = "A cart with ünïcode".into();
    scenario.start_time = 1_712_345_678.25;
    scenario.settings.changes = vec![
        SettingChange::SecretKey("my-real-secret".into()),
        SettingChange::CookieAge(3600),
        SettingChange::CookieSameSite(None),
    ];
    scenario.cache.max_entries = 3;
    scenario.session_keys = seeded_keys(99, 12);
    let mut data = Dict::new();
    data.insert(
        "cart",
        Value::List(vec![Value::from("book"), Value::Float(0.1)]),
    );
    scenario.steps = vec![
        Step::Request(Request::new(ViewCall::Set(data))),
        Step::Advance(90.5),
        Step::RotateSecret("next-secret".into()),
        Step::Request(Request::new(ViewCall::SetExpiry(ExpiryArg::Value(
            Value::from(30),
        )))),
        Step::Settings(SettingsPatch {
            changes: vec![SettingChange::SecretKeyFallbacks(vec!["x".into()])],
        }),
        Step::CacheRestart,
    ];
    scenario
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_round_trips_the_whole_scenario() {
        let scenario = rich_scenario();
        let fragment = encode(&scenario, 99, true);
        assert!(fragment.starts_with("v1."), "{fragment}");
        assert!(fragment[3..]
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
        let shared = decode(&fragment).unwrap();
        assert_eq!(shared.key_seed, 99);
        assert_eq!(shared.secrets, Secrets::Included);
        let mut expected = scenario.clone();
        expected.session_keys.clear();
        assert_eq!(shared.scenario, expected, "seeded keys are left out");
    }

    #[test]
    fn keys_the_seed_cannot_make_are_kept() {
        let mut keys = vec!["preset0000000000000000000000000a".to_owned()];
        let seeded = seeded_keys(5, 4);
        keys.extend(seeded[1..].iter().cloned());
        assert_eq!(explicit_keys(&keys, 5), &keys[..1]);
        assert!(explicit_keys(&seeded, 5).is_empty());
        let mut scenario = rich_scenario();
        scenario.session_keys = keys.clone();
        let shared = decode(&encode(&scenario, 5, true)).unwrap();
        assert_eq!(shared.scenario.session_keys, keys[..1]);
    }

    #[test]
    fn a_zip_bomb_is_refused() {
        let bomb = vec![b' '; MAX_DOCUMENT_BYTES + 10];
        let fragment = format!("v1.{}", b64_encode(&zlib_compress(&bomb)));
        assert_eq!(
            decode(&fragment),
            Err(ShareError::OverLimit(LimitError::DocumentTooLarge {
                bytes: None
            }))
        );
        let message = decode(&fragment).unwrap_err().to_string();
        assert!(message.contains("more than 1 MiB"), "{message}");
    }

    #[test]
    fn a_scenario_over_the_limits_is_refused_naming_the_limit() {
        use sessionscope_engine::scenario::Step;
        let mut scenario = rich_scenario();
        scenario.steps = vec![Step::Advance(1.0); 10_000];
        let error = decode(&encode(&scenario, 1, true)).unwrap_err();
        assert_eq!(
            error,
            ShareError::OverLimit(LimitError::TooManySteps { steps: 10_000 })
        );
        assert_eq!(
            error.to_string(),
            "the scenario has 10,000 steps, and this page runs at most 500 steps"
        );
    }

    #[test]
    fn the_version_message_names_both_versions() {
        let message = decode("v7.AAAA").unwrap_err().to_string();
        assert!(
            message.contains("v7") && message.contains("v1"),
            "{message}"
        );
    }
}
