//! Why a share link (or the saved state) could not be read: one [`ShareError`] per way a
//! fragment can be wrong, wrapping the engine's own errors where it has one.

use sessionscope_engine::quoted::QuotedChar;
use std::fmt;

use sessionscope_engine::compress::ZlibError;
use sessionscope_engine::json::JsonError;
use sessionscope_engine::scenario::ScenarioError;
use sessionscope_engine::signing::Base64Error;

use super::version::{MAX_FRAGMENT_LEN, SHARE_VERSION};
use crate::ui::limits::LimitError;

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
    BadBase64(Base64Error),
    /// The bytes are not a zlib stream, or it is damaged or truncated.
    BadCompression(ZlibError),
    /// Over one of the page's limits ([`crate::ui::limits`]): the inflated data, or the
    /// scenario in it (steps, data, sessions, work).
    OverLimit(LimitError),
    /// The inflated data is not UTF-8 text.
    NotText,
    /// The text is not JSON.
    BadJson(JsonError),
    /// A field of the document is missing or has the wrong type.
    BadField {
        field: &'static str,
        expected: &'static str,
    },
    /// The scenario inside does not follow the scenario schema.
    BadScenario(ScenarioError),
}

impl ShareError {
    /// Whether the document could not be read only because it has several Django instances
    /// or concurrent requests and the page's code for them has not loaded yet.
    pub fn needs_topology_code(&self) -> bool {
        matches!(
            self,
            ShareError::BadScenario(ScenarioError::TopologyCodeMissing)
        )
    }
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
                 uses (was the link cut or edited?)",
                character = QuotedChar(*character),
            ),
            ShareError::BadBase64(error) => {
                write!(f, "the link's data is not valid base64 ({error})")
            }
            ShareError::BadCompression(error) => write!(
                f,
                "the link's data does not decompress ({error}); it may have been cut short"
            ),
            ShareError::OverLimit(LimitError::DocumentTooLarge { .. }) => write!(
                f,
                "the link's data inflates to more than {}, the most this page reads",
                LimitError::DocumentTooLarge { bytes: None }.limit()
            ),
            ShareError::OverLimit(error) => write!(f, "{error}"),
            ShareError::NotText => f.write_str("the link's data is not UTF-8 text"),
            ShareError::BadJson(error) => write!(f, "the link's data is not JSON ({error})"),
            ShareError::BadField { field, expected } => {
                write!(f, "the link's {field} should be {expected}")
            }
            ShareError::BadScenario(error) => write!(f, "the link's scenario is invalid: {error}"),
        }
    }
}

impl std::error::Error for ShareError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ShareError::BadBase64(error) => Some(error),
            ShareError::BadCompression(error) => Some(error),
            ShareError::BadJson(error) => Some(error),
            ShareError::BadScenario(error) => Some(error),
            ShareError::OverLimit(error) => Some(error),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::page::document::{decode, encode, rich_scenario};
    use sessionscope_engine::compress::zlib_compress;
    use sessionscope_engine::signing::b64_encode;

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
    fn wrapped_errors_stay_typed_and_are_the_source() {
        use std::error::Error as _;
        let error = decode(&payload_of("{\"scenario\": ")).unwrap_err();
        let json = error
            .source()
            .and_then(|source| source.downcast_ref::<JsonError>())
            .expect("the JSON error");
        assert!(error.to_string().contains(&json.to_string()), "{error}");
        let error = decode("v1.a").unwrap_err();
        assert!(error
            .source()
            .is_some_and(|source| source.downcast_ref::<Base64Error>().is_some()));
        let error = decode("v1.aGVsbG8").unwrap_err();
        assert!(error
            .source()
            .is_some_and(|source| source.downcast_ref::<ZlibError>().is_some()));
        assert!(decode("hello").unwrap_err().source().is_none());
    }
}
