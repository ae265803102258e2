//! A signed value (`[.]payload:timestamp:signature`: a signed_cookies session cookie, a
//! `session_data` column, anything `signing.dumps` made) taken apart the way Django splits it
//! and, given the keys, judged the way `signing.loads` judges it.
//!
//! The jar inspector judges the session cookie with this type: the backend is known there
//! (signed_cookies), so [`explain_loads`] runs with its salt and `max_age` and gives `loads`'s
//! verdict with the engine's own [`SigningError`]. The cookie decoder, which does not know
//! where a value came from, uses the engine's `decode_cookie`; both colour the parts with
//! [`parts_of`].

use sessionscope_engine::json::Value;
use sessionscope_engine::signing::{
    explain_loads, inspect, SignedParts, SigningError, SigningKeys, VerifyingKey,
};

/// What a piece of a cookie's value is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PartKind {
    /// The session key (server-side engines).
    SessionKey,
    /// The `.` announcing a zlib-compressed payload.
    CompressionMark,
    /// The base64 of the JSON (or of its zlib compression).
    Payload,
    /// The base62 signing time.
    Timestamp,
    /// The base64 HMAC-SHA256.
    Signature,
    /// A `:` between parts.
    Separator,
}

impl PartKind {
    /// The CSS class that colours this part.
    pub fn css_class(self) -> &'static str {
        match self {
            PartKind::SessionKey => "part-key",
            PartKind::CompressionMark | PartKind::Separator => "part-separator",
            PartKind::Payload => "part-payload",
            PartKind::Timestamp => "part-timestamp",
            PartKind::Signature => "part-signature",
        }
    }
}

/// A run of a cookie's value and what it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Part {
    pub kind: PartKind,
    pub text: String,
}

/// What `signing.loads` made of a signed value.
#[derive(Clone, Debug, PartialEq)]
pub enum Verdict {
    /// It verified (with `verified_by`) and decoded to `data`.
    Valid {
        verified_by: VerifyingKey,
        data: Value,
        /// How old the signature is (`loads` computes it only when given a `max_age`).
        age: Option<f64>,
    },
    /// `loads` raised this; a session store starts an empty session instead.
    Rejected(SigningError),
}

/// A signed value taken apart, and judged when the keys were given.
#[derive(Clone, Debug, PartialEq)]
pub struct SignedValue {
    /// The pieces, as Django splits them.
    pub split: SignedParts,
    /// The JSON inside, as Django decodes it (latin-1), if `loads` got that far.
    pub json_text: Option<String>,
    /// `loads`'s verdict; `None` when no keys were given.
    pub verdict: Option<Verdict>,
}

impl SignedValue {
    /// `value` taken apart, without verifying anything.
    pub fn split(value: &str) -> SignedValue {
        SignedValue {
            split: inspect(value),
            json_text: None,
            verdict: None,
        }
    }

    /// `value` taken apart and judged by `signing.loads(value, key, salt, max_age)` at `now`.
    pub fn loads(
        value: &str,
        keys: &SigningKeys,
        salt: &str,
        max_age: Option<f64>,
        now: f64,
    ) -> SignedValue {
        let explanation = explain_loads(value, keys, salt, max_age, now);
        let verdict = match (explanation.result, explanation.verified_by) {
            (Ok(data), Some(verified_by)) => Verdict::Valid {
                verified_by,
                data,
                age: explanation.age,
            },
            // `explain_loads` names the key whenever `loads` succeeds; without one, no key
            // verified the signature.
            (Ok(_), None) => Verdict::Rejected(SigningError::BadSignature {
                reason: "no key verified the signature".to_owned(),
            }),
            (Err(error), _) => Verdict::Rejected(error),
        };
        SignedValue {
            split: explanation.parts,
            json_text: explanation.json_text,
            verdict: Some(verdict),
        }
    }

    /// The signing time (Unix seconds), if the timestamp is valid base62.
    pub fn signed_at(&self) -> Option<f64> {
        self.split.timestamp_seconds
    }

    /// The value in coloured runs; concatenated they are exactly the value.
    pub fn parts(&self) -> Vec<Part> {
        parts_of(&self.split)
    }
}

/// A signed value's pieces in coloured runs; concatenated they are exactly the value.
pub fn parts_of(split: &SignedParts) -> Vec<Part> {
    let mut parts = Vec::new();
    let mut push = |kind, text: &str| {
        if !text.is_empty() {
            parts.push(Part {
                kind,
                text: text.to_owned(),
            });
        }
    };
    if split.compressed {
        push(PartKind::CompressionMark, ".");
    }
    push(PartKind::Payload, &split.payload);
    if let Some(timestamp) = &split.timestamp {
        push(PartKind::Separator, ":");
        push(PartKind::Timestamp, timestamp);
    }
    if let Some(signature) = &split.signature {
        push(PartKind::Separator, ":");
        push(PartKind::Signature, signature);
    }
    parts
}

/// The setting that holds `key`: `SECRET_KEY` or `SECRET_KEY_FALLBACKS[n]`.
pub fn key_name(key: VerifyingKey) -> String {
    match key {
        VerifyingKey::Current => "SECRET_KEY".to_owned(),
        VerifyingKey::Fallback(n) => format!("SECRET_KEY_FALLBACKS[{n}]"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sessionscope_engine::json::Dict;
    use sessionscope_engine::session::SIGNED_COOKIE_SALT;
    use sessionscope_engine::signing::dumps;

    const SIGNED_AT: f64 = 1_700_000_000.0;
    const TWO_WEEKS: f64 = 1_209_600.0;

    fn cart() -> Value {
        let mut dict = Dict::new();
        dict.insert("cart", Value::List(vec![Value::from("book")]));
        Value::Dict(dict)
    }

    fn cart_cookie(secret: &str) -> String {
        dumps(&cart(), secret, SIGNED_COOKIE_SALT, true, SIGNED_AT)
    }

    fn loads_at(value: &str, keys: &SigningKeys, now: f64) -> SignedValue {
        SignedValue::loads(value, keys, SIGNED_COOKIE_SALT, Some(TWO_WEEKS), now)
    }

    fn joined(parts: &[Part]) -> String {
        parts.iter().map(|p| p.text.as_str()).collect()
    }

    #[test]
    fn parts_concatenate_back_to_the_value() {
        let value = ".eJyrVg:1r31eq:c2lnbmF0dXJl";
        let parts = SignedValue::split(value).parts();
        assert_eq!(joined(&parts), value);
        let kinds: Vec<PartKind> = parts.iter().map(|p| p.kind).collect();
        assert_eq!(
            kinds,
            [
                PartKind::CompressionMark,
                PartKind::Payload,
                PartKind::Separator,
                PartKind::Timestamp,
                PartKind::Separator,
                PartKind::Signature
            ]
        );
        let bare = SignedValue::split("no-separator");
        assert_eq!(joined(&bare.parts()), "no-separator");
        assert_eq!(bare.verdict, None);
    }

    #[test]
    fn a_fresh_signed_cookie_verifies_and_decodes() {
        let keys = SigningKeys::new("k");
        let signed = loads_at(&cart_cookie("k"), &keys, SIGNED_AT + 10.0);
        assert_eq!(signed.signed_at(), Some(SIGNED_AT));
        assert_eq!(signed.json_text.as_deref(), Some(r#"{"cart":["book"]}"#));
        assert_eq!(
            signed.verdict,
            Some(Verdict::Valid {
                verified_by: VerifyingKey::Current,
                data: cart(),
                age: Some(10.0),
            })
        );
    }

    #[test]
    fn an_old_signed_cookie_is_expired_and_a_tampered_one_is_bad() {
        let keys = SigningKeys::new("k");
        let value = cart_cookie("k");
        let expired = loads_at(&value, &keys, SIGNED_AT + TWO_WEEKS + 1.0);
        assert_eq!(
            expired.verdict,
            Some(Verdict::Rejected(SigningError::SignatureExpired {
                age: TWO_WEEKS + 1.0,
                max_age: TWO_WEEKS
            }))
        );
        let bad = loads_at(&format!("{value}x"), &keys, SIGNED_AT);
        assert!(matches!(
            bad.verdict,
            Some(Verdict::Rejected(SigningError::BadSignature { .. }))
        ));
    }

    #[test]
    fn a_rotated_secret_still_verifies_through_the_fallback() {
        let keys = SigningKeys {
            secret: "a-new-secret".into(),
            fallbacks: vec!["k".into()],
        };
        let signed = loads_at(&cart_cookie("k"), &keys, SIGNED_AT);
        match signed.verdict {
            Some(Verdict::Valid { verified_by, .. }) => {
                assert_eq!(key_name(verified_by), "SECRET_KEY_FALLBACKS[0]");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(key_name(VerifyingKey::Current), "SECRET_KEY");
    }
}
