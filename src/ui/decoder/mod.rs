//! The cookie decoder: paste a real Django session cookie (a `signed_cookies` value) or any
//! `signing.dumps` value, see its parts, its contents, and, given the `SECRET_KEY`, what
//! `signing.loads` makes of it.
//!
//! Everything goes through the engine: [`SignedValue`] splits the value and, with a key, holds
//! `loads`'s verdict; [`decode_payload`] reads the contents without verifying them (signing is
//! not encryption: anyone can). `html` writes the result card.

use sessionscope_engine::json::Value;
use sessionscope_engine::session::{SIGNED_COOKIE_SALT, STORE_SALT};
use sessionscope_engine::signing::{
    decode_payload, explain_loads, SignedParts, SigningError, SigningKeys,
};
use sessionscope_engine::time::DateTime;

use super::signed_value::{SignedValue, Verdict};

mod html;
mod paste;

pub use html::result_html;

/// The salts Django uses for sessions and plain `signing.dumps`, with what each is for.
pub const KNOWN_SALTS: [(&str, &str); 3] = [
    (SIGNED_COOKIE_SALT, "signed_cookies session cookie"),
    (STORE_SALT, "session_data of the db, cache and file engines"),
    ("", "signing.dumps() without a salt"),
];

/// What the user typed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DecoderInput {
    /// The cookie value (a `Cookie:`/`Set-Cookie:` line or `name=value` is accepted too).
    pub value: String,
    /// `SECRET_KEY`; empty = do not verify.
    pub secret_key: String,
    /// `SECRET_KEY_FALLBACKS`, one per line.
    pub fallbacks: String,
    /// The salt `loads` is called with.
    pub salt: String,
    /// `max_age` in seconds (text; empty = no limit).
    pub max_age: String,
}

/// One text field of [`DecoderInput`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputField {
    Value,
    SecretKey,
    Fallbacks,
    Salt,
    MaxAge,
}

impl DecoderInput {
    /// Defaults for a signed_cookies session cookie: its salt and two weeks' `max_age`.
    pub fn for_session_cookie() -> DecoderInput {
        DecoderInput {
            salt: SIGNED_COOKIE_SALT.to_owned(),
            max_age: "1209600".to_owned(),
            ..DecoderInput::default()
        }
    }

    /// The text of `field`.
    pub fn text(&self, field: InputField) -> &str {
        match field {
            InputField::Value => &self.value,
            InputField::SecretKey => &self.secret_key,
            InputField::Fallbacks => &self.fallbacks,
            InputField::Salt => &self.salt,
            InputField::MaxAge => &self.max_age,
        }
    }

    /// The text of `field`, to change.
    pub fn text_mut(&mut self, field: InputField) -> &mut String {
        match field {
            InputField::Value => &mut self.value,
            InputField::SecretKey => &mut self.secret_key,
            InputField::Fallbacks => &mut self.fallbacks,
            InputField::Salt => &mut self.salt,
            InputField::MaxAge => &mut self.max_age,
        }
    }
}

/// Everything the decoder shows.
#[derive(Clone, Debug, PartialEq)]
pub struct Decoded {
    /// The value actually decoded, after removing a header name, cookie name or quotes.
    pub value: String,
    /// What was removed from the input, if anything.
    pub cleaned: Option<String>,
    /// The value taken apart; with a `SECRET_KEY`, `loads`'s verdict.
    pub signed: SignedValue,
    /// The signing time as ISO-8601 UTC, if the timestamp reads.
    pub signed_at: Option<String>,
    /// The contents read without verifying (what `loads` would decode after the signature).
    pub contents: Result<Value, SigningError>,
    /// With a `SECRET_KEY`: `max_age` is not a number, so `loads` was not called.
    pub bad_max_age: Option<String>,
    /// On a `BadSignature`: a known salt with which the same keys do verify the value.
    pub verifies_with_salt: Option<&'static str>,
}

/// Decodes `input` at time `now` (Unix seconds); `None` for an empty value.
pub fn decode(input: &DecoderInput, now: f64) -> Option<Decoded> {
    let (value, cleaned) = paste::clean(&input.value)?;
    let signed = SignedValue::split(&value);
    let signed_at = signed
        .signed_at()
        .and_then(|seconds| DateTime::from_timestamp(seconds).ok())
        .map(|date| date.isoformat());
    let contents = decode_payload(&signed_payload(&signed.split));
    let mut decoded = Decoded {
        value,
        cleaned,
        signed,
        signed_at,
        contents,
        bad_max_age: None,
        verifies_with_salt: None,
    };
    if !input.secret_key.is_empty() {
        check_signature(&mut decoded, input, now);
    }
    Some(decoded)
}

/// The payload as `unsign_object` hands it to the decoding: with its `.` if compressed.
fn signed_payload(parts: &SignedParts) -> String {
    if parts.compressed {
        format!(".{}", parts.payload)
    } else {
        parts.payload.clone()
    }
}

fn keys_of(input: &DecoderInput) -> SigningKeys {
    SigningKeys {
        secret: input.secret_key.clone(),
        fallbacks: input
            .fallbacks
            .lines()
            .map(str::trim)
            .filter(|k| !k.is_empty())
            .map(str::to_owned)
            .collect(),
    }
}

/// Runs `loads` with the input's keys, salt and `max_age`; on a bad signature, tries the
/// other known salts.
fn check_signature(decoded: &mut Decoded, input: &DecoderInput, now: f64) {
    let max_age = match input.max_age.trim() {
        "" => None,
        text => match text.parse::<f64>() {
            Ok(n) if n.is_finite() => Some(n),
            _ => {
                decoded.bad_max_age = Some(format!("max_age {text:?} is not a number"));
                return;
            }
        },
    };
    let keys = keys_of(input);
    let value = &decoded.value;
    decoded.signed = SignedValue::loads(value, &keys, &input.salt, max_age, now);
    if let Some(Verdict::Rejected(SigningError::BadSignature { .. })) = decoded.signed.verdict {
        decoded.verifies_with_salt = KNOWN_SALTS
            .iter()
            .map(|(salt, _)| *salt)
            .filter(|salt| *salt != input.salt)
            .find(|salt| {
                explain_loads(value, &keys, salt, None, now)
                    .verified_by
                    .is_some()
            });
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use sessionscope_engine::json::{to_pretty_json, Dict};
    use sessionscope_engine::signing::{dumps, TimestampSigner, VerifyingKey};

    pub(super) const NOW: f64 = 1_700_000_000.0;

    pub(super) fn cart_cookie(secret: &str, at: f64) -> String {
        let mut data = Dict::new();
        data.insert("cart", Value::List(vec![Value::from("book"); 30]));
        dumps(&Value::Dict(data), secret, SIGNED_COOKIE_SALT, true, at)
    }

    pub(super) fn input(value: &str, secret: &str) -> DecoderInput {
        DecoderInput {
            value: value.to_owned(),
            secret_key: secret.to_owned(),
            ..DecoderInput::for_session_cookie()
        }
    }

    fn verdict(decoded: Decoded) -> Verdict {
        decoded.signed.verdict.expect("a verdict")
    }

    fn rejection(decoded: Decoded) -> SigningError {
        match verdict(decoded) {
            Verdict::Rejected(error) => error,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn parts_and_contents_show_without_a_key() {
        let cookie = cart_cookie("k", NOW);
        let decoded = decode(&input(&cookie, ""), NOW).unwrap();
        assert!(decoded.signed.split.compressed);
        assert_eq!(
            decoded.signed_at.as_deref(),
            Some("2023-11-14T22:13:20+00:00")
        );
        let contents = to_pretty_json(decoded.contents.as_ref().unwrap());
        assert!(contents.contains("\"book\""));
        assert_eq!(decoded.signed.verdict, None);
        assert_eq!(decoded.cleaned, None);
        assert_eq!(decode(&input("  ", ""), NOW), None);
    }

    #[test]
    fn a_valid_cookie_verifies_and_names_its_key() {
        let cookie = cart_cookie("old", NOW - 3600.0);
        let mut given = input(&cookie, "new");
        given.fallbacks = "\nold\n".into();
        match verdict(decode(&given, NOW).unwrap()) {
            Verdict::Valid {
                verified_by,
                data,
                age,
            } => {
                assert_eq!(verified_by, VerifyingKey::Fallback(0));
                assert!(to_pretty_json(&data).contains("book"));
                assert_eq!(age, Some(3600.0));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_wrong_key_is_a_bad_signature() {
        let cookie = cart_cookie("k", NOW);
        let decoded = decode(&input(&cookie, "other"), NOW).unwrap();
        assert_eq!(decoded.verifies_with_salt, None);
        let error = rejection(decoded);
        assert_eq!(error.kind(), "BadSignature");
        assert!(error.to_string().contains("does not match"), "{error}");
    }

    #[test]
    fn a_wrong_salt_is_detected_and_the_right_one_suggested() {
        let value = dumps(&Value::from("x"), "k", STORE_SALT, true, NOW);
        let decoded = decode(&input(&value, "k"), NOW).unwrap();
        assert_eq!(decoded.verifies_with_salt, Some(STORE_SALT));
        assert_eq!(rejection(decoded).kind(), "BadSignature");
    }

    #[test]
    fn an_old_cookie_is_expired_with_its_age() {
        let cookie = cart_cookie("k", NOW - 1_209_600.0 - 90_000.0);
        let error = rejection(decode(&input(&cookie, "k"), NOW).unwrap());
        assert_eq!(
            error,
            SigningError::SignatureExpired {
                age: 1_299_600.0,
                max_age: 1_209_600.0
            }
        );
        assert_eq!(
            error.to_string(),
            "Signature age 1299600.0 > 1209600 seconds"
        );
    }

    #[test]
    fn a_malformed_payload_is_reported() {
        // Correctly signed, but the "compressed" payload is not zlib.
        let keys = SigningKeys::new("k");
        let value = TimestampSigner::new(&keys, SIGNED_COOKIE_SALT).sign(".bm90emxpYg", NOW);
        let decoded = decode(&input(&value, "k"), NOW).unwrap();
        assert!(decoded.contents.is_err());
        let error = rejection(decoded);
        assert_eq!(error.kind(), "MalformedPayload");
        assert!(error.to_string().contains("zlib"), "{error}");
    }

    #[test]
    fn pasted_headers_and_names_are_cleaned() {
        let cookie = cart_cookie("k", NOW);
        for pasted in [
            format!("sessionid={cookie}"),
            format!("Set-Cookie: sessionid={cookie}; expires=Tue, 28 Nov 2023 22:13:20 GMT; HttpOnly; Path=/"),
            format!("Cookie: csrftoken=abc; sessionid={cookie}"),
            format!("\"{cookie}\""),
        ] {
            let decoded = decode(&input(&pasted, "k"), NOW).unwrap();
            assert_eq!(decoded.value, cookie, "{pasted}");
            assert!(decoded.cleaned.is_some());
            assert!(matches!(verdict(decoded), Verdict::Valid { .. }));
        }
    }

    #[test]
    fn every_field_reads_and_writes_its_own_text() {
        use InputField::*;
        let fields = [Value, SecretKey, Fallbacks, Salt, MaxAge];
        let mut given = DecoderInput::default();
        for (n, field) in fields.into_iter().enumerate() {
            *given.text_mut(field) = n.to_string();
        }
        assert_eq!(
            (
                given.value.as_str(),
                given.secret_key.as_str(),
                given.fallbacks.as_str()
            ),
            ("0", "1", "2")
        );
        assert_eq!((given.salt.as_str(), given.max_age.as_str()), ("3", "4"));
        for (n, field) in fields.into_iter().enumerate() {
            assert_eq!(given.text(field), n.to_string());
        }
    }

    #[test]
    fn garbage_never_panics() {
        for junk in [
            "a", ":", "::", ".:x:y", "é:ü:ö", "=", "a=b=c", ";;;", "\"\"", ".!!!:0:x",
        ] {
            let _ = decode(&input(junk, "k"), NOW);
        }
        let mut given = input(&cart_cookie("k", NOW), "k");
        given.max_age = "soon".into();
        let decoded = decode(&given, NOW).unwrap();
        assert_eq!(
            decoded.bad_max_age.as_deref(),
            Some("max_age \"soon\" is not a number")
        );
        assert_eq!(decoded.signed.verdict, None);
    }
}
