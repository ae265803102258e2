//! Share links: the whole scenario (engine, settings, clock, session keys, steps) in the URL
//! fragment, so that opening the link re-runs the engine to exactly the same bytes.
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

use std::fmt;

use sessionscope_engine::compress::{zlib_compress, zlib_decompress_limited, ZlibError};
use sessionscope_engine::json::{parse_python_json, to_python_json, Dict, Value};
use sessionscope_engine::scenario::{Scenario, ScenarioError, SettingChange, SettingsPatch, Step};
use sessionscope_engine::signing::{b64_decode, b64_encode};

use super::markup::escape;
use super::session_keys::seeded_keys;

/// The share format this page writes and reads.
pub const SHARE_VERSION: u32 = 1;

/// The longest fragment accepted (characters after `#`); a real scenario is a few KB.
pub const MAX_FRAGMENT_LEN: usize = 256 * 1024;

/// The most JSON a fragment may inflate to (zip-bomb guard).
pub const MAX_DOCUMENT_LEN: usize = 4 * 1024 * 1024;

/// The fragment flag asking for the compact embedded view.
pub const EMBED_FLAG: &str = "embed";

/// Whether a shared scenario carries its secrets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Secrets {
    /// `SECRET_KEY`, `SECRET_KEY_FALLBACKS` and rotated keys are in the link.
    Included,
    /// They were left out: the receiver signs with the default key (or their own).
    Withheld,
}

impl Secrets {
    fn name(self) -> &'static str {
        match self {
            Secrets::Included => "included",
            Secrets::Withheld => "withheld",
        }
    }
}

/// What a share link (or the saved state) holds.
#[derive(Clone, Debug, PartialEq)]
pub struct SharedState {
    /// The scenario, with every session key it needs once the seed's are drawn again.
    pub scenario: Scenario,
    /// The seed of the playground's session-key generator.
    pub key_seed: u64,
    /// Whether the secrets came along.
    pub secrets: Secrets,
}

/// Why a fragment (or saved state) could not be read.
#[derive(Clone, Debug, PartialEq)]
pub enum ShareError {
    /// The fragment does not start with `v<number>.`.
    NotAShareLink,
    /// A format this page does not read (`v2.` from a newer Sessionscope, say).
    UnsupportedVersion(String),
    /// The fragment is longer than [`MAX_FRAGMENT_LEN`].
    TooLong(usize),
    /// Nothing after `v1.`.
    Empty,
    /// A character that URL-safe base64 does not use (the link was cut or edited).
    BadCharacter { position: usize, character: char },
    /// The base64 does not decode (usually a truncated link).
    BadBase64(String),
    /// The bytes are not a zlib stream, or it is damaged or truncated.
    BadCompression(String),
    /// The inflated data is over [`MAX_DOCUMENT_LEN`].
    DocumentTooLarge,
    /// The inflated data is not UTF-8 text.
    NotText,
    /// The text is not JSON.
    BadJson(String),
    /// A field of the document is missing or has the wrong type.
    BadField {
        field: &'static str,
        expected: &'static str,
    },
    /// The scenario inside does not follow the scenario schema.
    BadScenario(ScenarioError),
}

impl fmt::Display for ShareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShareError::NotAShareLink => {
                f.write_str("the fragment is not a Sessionscope link (it should start with #v1.)")
            }
            ShareError::UnsupportedVersion(found) => write!(
                f,
                "the link uses format {found}, but this page reads v{SHARE_VERSION} \
                 (was it made by a different version of Sessionscope?)"
            ),
            ShareError::TooLong(len) => write!(
                f,
                "the link is {len} characters long, more than the {MAX_FRAGMENT_LEN} allowed"
            ),
            ShareError::Empty => f.write_str("the link holds no data after v1."),
            ShareError::BadCharacter {
                position,
                character,
            } => write!(
                f,
                "the link's data has {character:?} at position {position}, which base64 never \
                 uses (was the link cut or edited?)"
            ),
            ShareError::BadBase64(message) => {
                write!(f, "the link's data is not valid base64 ({message})")
            }
            ShareError::BadCompression(message) => write!(
                f,
                "the link's data does not decompress ({message}); it may have been cut short"
            ),
            ShareError::DocumentTooLarge => write!(
                f,
                "the link's data inflates to more than {MAX_DOCUMENT_LEN} bytes"
            ),
            ShareError::NotText => f.write_str("the link's data is not UTF-8 text"),
            ShareError::BadJson(message) => write!(f, "the link's data is not JSON ({message})"),
            ShareError::BadField { field, expected } => {
                write!(f, "the link's {field} should be {expected}")
            }
            ShareError::BadScenario(error) => write!(f, "the link's scenario is invalid: {error}"),
        }
    }
}

impl std::error::Error for ShareError {}

/// What the page's fragment asks for.
#[derive(Clone, Debug, PartialEq)]
pub struct Fragment {
    /// The shared state, if the fragment carries one (`None`: no `v…` part at all).
    pub shared: Option<Result<SharedState, ShareError>>,
    /// `&embed`: render only the stage and the player.
    pub embed: bool,
}

/// Reads `location.hash` (with or without its `#`).
pub fn parse_fragment(hash: &str) -> Fragment {
    let hash = hash.strip_prefix('#').unwrap_or(hash);
    let mut parts = hash.split('&');
    let data = parts.next().unwrap_or_default();
    let embed = parts.any(|flag| flag == EMBED_FLAG) || data == EMBED_FLAG;
    let shared = if data.is_empty() || data == EMBED_FLAG {
        None
    } else {
        Some(decode(data))
    };
    Fragment { shared, embed }
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
    let compressed =
        b64_decode(payload.as_bytes()).map_err(|e| ShareError::BadBase64(e.to_string()))?;
    let json = zlib_decompress_limited(&compressed, MAX_DOCUMENT_LEN).map_err(|e| match e {
        ZlibError::TooLarge => ShareError::DocumentTooLarge,
        other => ShareError::BadCompression(other.to_string()),
    })?;
    let text = String::from_utf8(json).map_err(|_| ShareError::NotText)?;
    let value = parse_python_json(&text).map_err(|e| ShareError::BadJson(e.to_string()))?;
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

/// Reads a document written by [`document_value`].
pub fn document_from_value(value: &Value) -> Result<SharedState, ShareError> {
    let dict = value.as_dict().ok_or(ShareError::BadField {
        field: "document",
        expected: "a JSON object",
    })?;
    let scenario = dict.get("scenario").ok_or(ShareError::BadField {
        field: "scenario",
        expected: "present",
    })?;
    let scenario = Scenario::from_value(scenario).map_err(ShareError::BadScenario)?;
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

/// Whether the scenario names any key other than the playground's default secret.
pub fn has_secrets(scenario: &Scenario) -> bool {
    let secret_change = |patch: &SettingsPatch| patch.changes.iter().any(is_secret_change);
    secret_change(&scenario.settings)
        || scenario.steps.iter().any(|step| match step {
            Step::RotateSecret(_) => true,
            Step::Settings(patch) => secret_change(patch),
            _ => false,
        })
}

fn is_secret_change(change: &SettingChange) -> bool {
    matches!(
        change,
        SettingChange::SecretKey(_) | SettingChange::SecretKeyFallbacks(_)
    )
}

/// The text rotated keys become in a link without secrets.
pub fn withheld_rotation_key(n: usize) -> String {
    format!("withheld-rotated-key-{n}")
}

/// The scenario without its secrets: `SECRET_KEY`/`SECRET_KEY_FALLBACKS` changes are dropped
/// (the receiver's own, or the default, apply) and each `rotate_secret` rotates to a
/// placeholder key ([`withheld_rotation_key`]) so the story of the rotation survives.
pub fn withhold_secrets(scenario: &Scenario) -> Scenario {
    let mut out = scenario.clone();
    out.settings.changes.retain(|c| !is_secret_change(c));
    let mut rotations = 0;
    for step in &mut out.steps {
        match step {
            Step::RotateSecret(key) => {
                rotations += 1;
                *key = withheld_rotation_key(rotations);
            }
            Step::Settings(patch) => patch.changes.retain(|c| !is_secret_change(c)),
            _ => {}
        }
    }
    out
}

/// Gives a scenario received without secrets the receiver's own `SECRET_KEY` and fallbacks
/// (from the scenario they had saved), if they had set any. Returns whether any were applied.
pub fn adopt_own_secrets(received: &mut Scenario, own: &Scenario) -> bool {
    let own_keys: Vec<SettingChange> = own
        .settings
        .changes
        .iter()
        .filter(|c| is_secret_change(c))
        .cloned()
        .collect();
    let applied = !own_keys.is_empty();
    received.settings.changes.extend(own_keys);
    applied
}

/// The page address with `fragment` (`v1.…`) and optionally the embed query.
pub fn share_url(page_url: &str, fragment: &str, embed: bool) -> String {
    let base = page_url.split('#').next().unwrap_or_default();
    let base = match base.split_once('?') {
        Some((path, _)) => path,
        None => base,
    };
    if embed {
        format!("{base}?embed=1#{fragment}")
    } else {
        format!("{base}#{fragment}")
    }
}

/// The `<iframe>` snippet for documentation.
pub fn iframe_snippet(page_url: &str, fragment: &str, title: &str) -> String {
    let src = share_url(page_url, fragment, true);
    format!(
        "<iframe src=\"{}\" title=\"{}\" width=\"100%\" height=\"520\" \
         style=\"border:1px solid #ccc;border-radius:8px\" loading=\"lazy\"></iframe>",
        escape(&src),
        escape(title)
    )
}

/// Whether the page's query string asks for the embedded view (`?embed=1`, `?embed`).
pub fn query_wants_embed(search: &str) -> bool {
    search
        .trim_start_matches('?')
        .split('&')
        .any(|pair| matches!(pair, "embed" | "embed=1" | "embed=true"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use sessionscope_engine::compress::zlib_compress;
    use sessionscope_engine::json::Dict;
    use sessionscope_engine::scenario::{Engine, ExpiryArg, Request, ViewCall};

    fn rich_scenario() -> Scenario {
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
    fn secrets_are_withheld_unless_asked_for() {
        let scenario = rich_scenario();
        let fragment = encode(&scenario, 1, false);
        let shared = decode(&fragment).unwrap();
        assert_eq!(shared.secrets, Secrets::Withheld);
        assert!(!has_secrets(&Scenario {
            steps: Vec::new(),
            ..shared.scenario.clone()
        }));
        assert!(!shared
            .scenario
            .settings
            .changes
            .iter()
            .any(is_secret_change));
        assert_eq!(
            shared.scenario.steps[2],
            Step::RotateSecret(withheld_rotation_key(1))
        );
        assert_eq!(
            shared.scenario.steps[4],
            Step::Settings(SettingsPatch::default())
        );
        let json = String::from_utf8(
            sessionscope_engine::compress::zlib_decompress(
                &b64_decode(&fragment.as_bytes()[3..]).unwrap(),
            )
            .unwrap(),
        )
        .unwrap();
        assert!(!json.contains("my-real-secret") && !json.contains("next-secret"));
        // Other settings survive.
        assert!(shared
            .scenario
            .settings
            .changes
            .contains(&SettingChange::CookieAge(3600)));
    }

    #[test]
    fn a_scenario_without_secrets_is_marked_included() {
        let scenario = Scenario::new("plain", Engine::Db);
        assert!(!has_secrets(&scenario));
        assert_eq!(
            decode(&encode(&scenario, 1, false)).unwrap().secrets,
            Secrets::Included
        );
    }

    #[test]
    fn the_receiver_can_adopt_their_own_secret() {
        let mut received = withhold_secrets(&rich_scenario());
        let mut own = Scenario::new("mine", Engine::Db);
        assert!(!adopt_own_secrets(&mut received, &own));
        own.settings
            .changes
            .push(SettingChange::SecretKey("theirs".into()));
        assert!(adopt_own_secrets(&mut received, &own));
        assert_eq!(received.initial_settings().secret_key, "theirs");
    }

    fn payload_of(json: &str) -> String {
        format!("v1.{}", b64_encode(&zlib_compress(json.as_bytes())))
    }

    type Expectation = fn(&ShareError) -> bool;

    #[test]
    fn every_kind_of_corruption_is_a_typed_error() {
        let good = encode(&rich_scenario(), 3, true);
        let cases: Vec<(String, Expectation)> = vec![
            ("hello".into(), |e| matches!(e, ShareError::NotAShareLink)),
            ("x1.abc".into(), |e| matches!(e, ShareError::NotAShareLink)),
            ("v.abc".into(), |e| matches!(e, ShareError::NotAShareLink)),
            (
                "v2.abc".into(),
                |e| matches!(e, ShareError::UnsupportedVersion(v) if v == "v2"),
            ),
            ("v1.".into(), |e| matches!(e, ShareError::Empty)),
            ("v1.ab$c".into(), |e| {
                matches!(
                    e,
                    ShareError::BadCharacter {
                        position: 2,
                        character: '$'
                    }
                )
            }),
            ("v1.a".into(), |e| matches!(e, ShareError::BadBase64(_))),
            ("v1.aGVsbG8".into(), |e| {
                matches!(e, ShareError::BadCompression(_))
            }),
            (good[..good.len() / 2].to_owned(), |e| {
                matches!(e, ShareError::BadCompression(_) | ShareError::BadBase64(_))
            }),
            (
                format!("v1.{}", b64_encode(&zlib_compress(&[0xff, 0xfe, 0x00]))),
                |e| matches!(e, ShareError::NotText),
            ),
            (payload_of("{\"scenario\": "), |e| {
                matches!(e, ShareError::BadJson(_))
            }),
            (payload_of("[1, 2]"), |e| {
                matches!(
                    e,
                    ShareError::BadField {
                        field: "document",
                        ..
                    }
                )
            }),
            (payload_of("{}"), |e| {
                matches!(
                    e,
                    ShareError::BadField {
                        field: "scenario",
                        ..
                    }
                )
            }),
            (
                payload_of(
                    r#"{"scenario": {"engine": "redis"}, "key_seed": "1", "secrets": "included"}"#,
                ),
                |e| matches!(e, ShareError::BadScenario(ScenarioError::UnknownEngine(_))),
            ),
            (
                payload_of(
                    r#"{"scenario": {"engine": "db"}, "key_seed": "zz", "secrets": "included"}"#,
                ),
                |e| {
                    matches!(
                        e,
                        ShareError::BadField {
                            field: "key_seed",
                            ..
                        }
                    )
                },
            ),
            (
                payload_of(
                    r#"{"scenario": {"engine": "db"}, "key_seed": "1", "secrets": "maybe"}"#,
                ),
                |e| {
                    matches!(
                        e,
                        ShareError::BadField {
                            field: "secrets",
                            ..
                        }
                    )
                },
            ),
            ("v1.".to_owned() + &"A".repeat(MAX_FRAGMENT_LEN), |e| {
                matches!(e, ShareError::TooLong(_))
            }),
        ];
        for (input, expected) in cases {
            let error = decode(&input).expect_err(&input);
            assert!(expected(&error), "{input:.60}: {error:?}");
            assert!(!error.to_string().is_empty());
        }
    }

    #[test]
    fn a_zip_bomb_is_refused() {
        let bomb = vec![b' '; MAX_DOCUMENT_LEN + 10];
        let fragment = format!("v1.{}", b64_encode(&zlib_compress(&bomb)));
        assert_eq!(decode(&fragment), Err(ShareError::DocumentTooLarge));
    }

    #[test]
    fn the_version_message_names_both_versions() {
        let message = decode("v7.AAAA").unwrap_err().to_string();
        assert!(
            message.contains("v7") && message.contains("v1"),
            "{message}"
        );
    }

    #[test]
    fn fragments_carry_flags() {
        let data = encode(&Scenario::new("x", Engine::Cache), 1, true);
        let fragment = parse_fragment(&format!("#{data}&embed"));
        assert!(fragment.embed);
        assert_eq!(
            fragment.shared.unwrap().unwrap().scenario.engine,
            Engine::Cache
        );
        assert_eq!(
            parse_fragment(""),
            Fragment {
                shared: None,
                embed: false
            }
        );
        assert!(parse_fragment("#embed").embed);
        assert!(matches!(
            parse_fragment("#garbage").shared,
            Some(Err(ShareError::NotAShareLink))
        ));
    }

    #[test]
    fn urls_and_snippets() {
        let page = "https://example.org/play/?embed=1#v1.old";
        assert_eq!(
            share_url(page, "v1.abc", false),
            "https://example.org/play/#v1.abc"
        );
        assert_eq!(
            share_url(page, "v1.abc", true),
            "https://example.org/play/?embed=1#v1.abc"
        );
        let snippet = iframe_snippet(page, "v1.abc", "A \"cart\" & Bob's <tour>");
        assert!(snippet.starts_with(
            "<iframe src=\"https://example.org/play/?embed=1#v1.abc\" \
             title=\"A &quot;cart&quot; &amp; Bob&#39;s &lt;tour&gt;\""
        ));
        assert!(query_wants_embed("?embed=1"));
        assert!(query_wants_embed("?a=b&embed"));
        assert!(!query_wants_embed("?embedded=1"));
    }
}
