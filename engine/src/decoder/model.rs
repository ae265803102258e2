//! What the decoder finds: the options it is given, the value taken apart and the verdict
//! Django's `signing.loads` would give.

use crate::json::Value;
use crate::session::SIGNED_COOKIE_SALT;
use crate::signing::{SignedParts, SigningError, SigningKeys, VerifyingKey};
use crate::time::DateTime;

use super::pickle_payload::PicklePayload;

/// The `max_age` given to `signing.loads`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum AgeLimit {
    /// What Django passes for the salt: `max_age=SESSION_COOKIE_AGE` (this value) for the
    /// signed_cookies salt, no `max_age` for the others.
    AsDjango {
        /// `SESSION_COOKIE_AGE` (Django's default is 1209600, two weeks).
        session_cookie_age: i64,
    },
    /// `max_age=seconds`, whatever the salt.
    Seconds(f64),
    /// `max_age=None`, whatever the salt.
    Unlimited,
}

impl AgeLimit {
    /// The `max_age` for a value signed with `salt`.
    pub fn for_salt(self, salt: &str) -> Option<f64> {
        match self {
            AgeLimit::AsDjango { session_cookie_age } if salt == SIGNED_COOKIE_SALT => {
                Some(session_cookie_age as f64)
            }
            AgeLimit::AsDjango { .. } | AgeLimit::Unlimited => None,
            AgeLimit::Seconds(seconds) => Some(seconds),
        }
    }
}

/// How to decode.
#[derive(Clone, Debug, PartialEq)]
pub struct DecodeOptions {
    /// `SECRET_KEY` and `SECRET_KEY_FALLBACKS` to verify with; `None` reads the value without
    /// verifying it (signing is not encryption: anyone can read a signed value).
    pub keys: Option<SigningKeys>,
    /// The salt; `None` tries each of [`KNOWN_SALTS`] in order.
    pub salt: Option<String>,
    /// The `max_age`.
    pub age_limit: AgeLimit,
    /// `time.time()`, Unix seconds.
    pub now: f64,
}

/// What [`decode_cookie`] found.
#[derive(Clone, Debug, PartialEq)]
pub struct DecodedCookie {
    /// The value decoded (the input without surrounding whitespace).
    pub value: String,
    /// The parts and contents of a signed value; `None` for a session key.
    pub signed: Option<SignedValue>,
    /// Django's verdict.
    pub verdict: Verdict,
}

/// A signed value taken apart, without verifying anything.
#[derive(Clone, Debug, PartialEq)]
pub struct SignedValue {
    /// The parts, split the way Django splits them.
    pub parts: SignedParts,
    /// When it was signed (UTC), if the timestamp reads.
    pub signed_at: Option<DateTime>,
    /// `now - timestamp` in seconds, if the timestamp reads.
    pub age: Option<f64>,
    /// The payload's JSON text (after base64 and zlib, read as latin-1), if it decodes.
    pub json_text: Option<String>,
    /// The data the payload holds, or why it does not read.
    pub contents: Result<Value, String>,
    /// When the payload is a pickle (Django 4.2's `PickleSerializer`) rather than JSON: its
    /// opcodes, read as data (nothing is ever run). `contents` then holds what the allow-listed
    /// reader made of it, or why it refused.
    pub pickle: Option<PicklePayload>,
}

/// Whether Django accepts the value.
#[derive(Clone, Debug, PartialEq)]
pub enum Verdict {
    /// A session key of the db, cache, cached_db or file backend (32 characters of `a-z0-9`,
    /// no `:`): nothing to verify; the data is on the server.
    SessionKey,
    /// No key was given: the contents read, but nothing says Django signed them.
    NotVerified,
    /// `signing.loads` returns the data.
    Valid {
        /// The salt that verified.
        salt: String,
        /// Which key verified.
        verified_by: VerifyingKey,
        /// The `max_age` checked, if any.
        max_age: Option<f64>,
        /// The data.
        data: Value,
    },
    /// `BadSignature`: no salt and key tried produce the signature.
    BadSignature {
        /// Django's message for the first salt tried.
        reason: String,
        /// The salts tried, in order.
        salts_tried: Vec<String>,
    },
    /// `SignatureExpired`: the signature verified but is older than `max_age`.
    SignatureExpired {
        /// The salt that verified.
        salt: String,
        /// Which key verified.
        verified_by: VerifyingKey,
        /// `now - timestamp`.
        age: f64,
        /// The `max_age` exceeded.
        max_age: f64,
    },
    /// Not a readable signed value: the signature verified (with `salt`) but the timestamp or
    /// payload does not decode, or, unverified (`salt` is `None`), the value does not even
    /// have the `payload:timestamp:signature` shape or a readable payload.
    Malformed {
        /// The salt that verified, if a key was given.
        salt: Option<String>,
        /// What is wrong.
        reason: String,
    },
}

impl Verdict {
    /// Whether Django rejects the value (`BadSignature`, `SignatureExpired`, malformed).
    pub fn is_rejection(&self) -> bool {
        matches!(
            self,
            Verdict::BadSignature { .. }
                | Verdict::SignatureExpired { .. }
                | Verdict::Malformed { .. }
        )
    }

    /// What `signing.loads` raised, for a rejection: the exception and its message, as the
    /// verdict was made from it (`None` when Django accepts the value or nothing was verified).
    pub fn loads_error(&self) -> Option<SigningError> {
        match self {
            Verdict::BadSignature { reason, .. } => Some(SigningError::BadSignature {
                reason: reason.clone(),
            }),
            Verdict::SignatureExpired { age, max_age, .. } => {
                Some(SigningError::SignatureExpired {
                    age: *age,
                    max_age: *max_age,
                })
            }
            Verdict::Malformed {
                salt: Some(_),
                reason,
            } => Some(SigningError::MalformedPayload {
                reason: reason.clone(),
            }),
            _ => None,
        }
    }
}

impl DecodedCookie {
    /// The payload's JSON text if `signing.loads` read that far (`LoadsExplanation::json_text`):
    /// the signature verified, in time, with a timestamp that reads (Django decodes the
    /// payload only then). Without a `max_age`, Django also reads past a timestamp too large
    /// for a float, which this does not.
    pub fn json_text_read_by_loads(&self) -> Option<&str> {
        let signed = self.signed.as_ref()?;
        let read = match &self.verdict {
            Verdict::Valid { .. } => true,
            Verdict::Malformed { salt: Some(_), .. } => signed.parts.timestamp_seconds.is_some(),
            _ => false,
        };
        signed.json_text.as_deref().filter(|_| read)
    }
}

/// Whether `value` is a session key as Django generates them: 32 characters from
/// `VALID_KEY_CHARS` (`a-z0-9`, `backends/base.py`).
pub fn is_session_key(value: &str) -> bool {
    value.len() == 32
        && value
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
}
