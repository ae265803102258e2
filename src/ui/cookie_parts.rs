//! A session cookie's value taken apart for the jar inspector.
//!
//! With the db, cache, cached_db and file engines the cookie is only the session key; with
//! signed_cookies it is `[.]payload:timestamp:signature`, which the inspector colours part by
//! part and verifies the way `signed_cookies.SessionStore.load()` does (`signing.loads` with
//! the signed_cookies salt and `max_age = SESSION_COOKIE_AGE`).

use sessionscope_engine::json::{to_pretty_json, Value};
use sessionscope_engine::scenario::{Engine, Settings};
use sessionscope_engine::signing::{
    explain_loads, inspect, SigningError, SigningKeys, VerifyingKey,
};

/// `signed_cookies.SessionStore`'s salt.
pub const SIGNED_COOKIES_SALT: &str = "django.contrib.sessions.backends.signed_cookies";

/// What a piece of the value is.
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

/// A run of the cookie value and what it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Part {
    pub kind: PartKind,
    pub text: String,
}

/// How `loads` judged a signed cookie.
#[derive(Clone, Debug, PartialEq)]
pub enum Verdict {
    /// It verified (with the named key) and decoded.
    Valid {
        verified_by: VerifyingKey,
        data: Value,
    },
    /// Django would raise this and start an empty session.
    Rejected { error: String, reason: String },
}

/// The anatomy of a session cookie's value.
#[derive(Clone, Debug, PartialEq)]
pub struct CookieAnatomy {
    /// The value in coloured runs; concatenated they are exactly the value.
    pub parts: Vec<Part>,
    /// For signed cookies: whether the payload is zlib-compressed.
    pub compressed: bool,
    /// For signed cookies: the signing time (Unix seconds).
    pub signed_at: Option<f64>,
    /// For signed cookies: the JSON inside, as Django decodes it (latin-1), if it got that far.
    pub json_text: Option<String>,
    /// For signed cookies: `loads`'s verdict.
    pub verdict: Option<Verdict>,
}

/// Takes `value` apart as the session cookie of `engine` under `settings` at time `now`.
pub fn anatomy(value: &str, engine: Engine, settings: &Settings, now: f64) -> CookieAnatomy {
    match engine {
        Engine::SignedCookies => signed_anatomy(value, settings, now),
        _ => CookieAnatomy {
            parts: vec![Part {
                kind: PartKind::SessionKey,
                text: value.to_owned(),
            }],
            compressed: false,
            signed_at: None,
            json_text: None,
            verdict: None,
        },
    }
}

fn signed_anatomy(value: &str, settings: &Settings, now: f64) -> CookieAnatomy {
    let keys = SigningKeys {
        secret: settings.secret_key.clone(),
        fallbacks: settings.secret_key_fallbacks.clone(),
    };
    let max_age = Some(settings.cookie_age as f64);
    let explanation = explain_loads(value, &keys, SIGNED_COOKIES_SALT, max_age, now);
    let verdict = match (explanation.result, explanation.verified_by) {
        (Ok(data), Some(verified_by)) => Verdict::Valid { verified_by, data },
        (Ok(_), None) => Verdict::Rejected {
            error: "BadSignature".to_owned(),
            reason: "no key verified the signature".to_owned(),
        },
        (Err(error), _) => rejection(error),
    };
    CookieAnatomy {
        parts: signed_parts(value),
        compressed: explanation.parts.compressed,
        signed_at: explanation.parts.timestamp_seconds,
        json_text: explanation.json_text,
        verdict: Some(verdict),
    }
}

fn rejection(error: SigningError) -> Verdict {
    let reason = match &error {
        SigningError::BadSignature { reason } | SigningError::MalformedPayload { reason } => {
            reason.clone()
        }
        SigningError::SignatureExpired { age, max_age } => {
            format!("Signature age {age} > {max_age} seconds")
        }
    };
    Verdict::Rejected {
        error: error.kind().to_owned(),
        reason,
    }
}

/// Splits a signed value into coloured runs the way Django splits it (`rsplit(":", 1)` twice).
pub fn signed_parts(value: &str) -> Vec<Part> {
    let split = inspect(value);
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

/// The decoded data, pretty-printed as JSON, for display.
pub fn pretty(value: &Value) -> String {
    to_pretty_json(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use sessionscope_engine::json::Dict;
    use sessionscope_engine::signing::dumps;

    fn cart() -> Value {
        let mut dict = Dict::new();
        dict.insert("cart", Value::List(vec![Value::from("book")]));
        Value::Dict(dict)
    }

    fn joined(parts: &[Part]) -> String {
        parts.iter().map(|p| p.text.as_str()).collect()
    }

    #[test]
    fn a_server_side_cookie_is_just_the_key() {
        let settings = Settings::default();
        let anatomy = anatomy("abc123", Engine::Db, &settings, 0.0);
        assert_eq!(anatomy.parts.len(), 1);
        assert_eq!(anatomy.parts[0].kind, PartKind::SessionKey);
        assert_eq!(anatomy.verdict, None);
    }

    #[test]
    fn signed_parts_concatenate_back_to_the_value() {
        let value = ".eJyrVg:1r31eq:c2lnbmF0dXJl";
        let parts = signed_parts(value);
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
        assert_eq!(joined(&signed_parts("no-separator")), "no-separator");
    }

    #[test]
    fn a_fresh_signed_cookie_verifies_and_decodes() {
        let settings = Settings::default();
        let value = dumps(
            &cart(),
            &settings.secret_key,
            SIGNED_COOKIES_SALT,
            true,
            1_700_000_000.0,
        );
        let anatomy = anatomy(&value, Engine::SignedCookies, &settings, 1_700_000_010.0);
        assert_eq!(anatomy.signed_at, Some(1_700_000_000.0));
        assert_eq!(anatomy.json_text.as_deref(), Some(r#"{"cart":["book"]}"#));
        assert_eq!(
            anatomy.verdict,
            Some(Verdict::Valid {
                verified_by: VerifyingKey::Current,
                data: cart()
            })
        );
    }

    #[test]
    fn an_old_signed_cookie_is_expired_and_a_tampered_one_is_bad() {
        let settings = Settings::default();
        let signed_at = 1_700_000_000.0;
        let value = dumps(
            &cart(),
            &settings.secret_key,
            SIGNED_COOKIES_SALT,
            true,
            signed_at,
        );
        let late = signed_at + settings.cookie_age as f64 + 1.0;
        let expired = anatomy(&value, Engine::SignedCookies, &settings, late);
        assert!(matches!(
            expired.verdict,
            Some(Verdict::Rejected { ref error, .. }) if error == "SignatureExpired"
        ));
        let tampered = format!("{value}x");
        let bad = anatomy(&tampered, Engine::SignedCookies, &settings, signed_at);
        assert!(matches!(
            bad.verdict,
            Some(Verdict::Rejected { ref error, .. }) if error == "BadSignature"
        ));
    }

    #[test]
    fn a_rotated_secret_still_verifies_through_the_fallback() {
        let mut settings = Settings::default();
        let value = dumps(
            &cart(),
            &settings.secret_key,
            SIGNED_COOKIES_SALT,
            true,
            1_700_000_000.0,
        );
        settings.rotate_secret("a-new-secret");
        let anatomy = anatomy(&value, Engine::SignedCookies, &settings, 1_700_000_000.0);
        assert!(matches!(
            anatomy.verdict,
            Some(Verdict::Valid {
                verified_by: VerifyingKey::Fallback(0),
                ..
            })
        ));
    }
}
