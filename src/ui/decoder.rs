//! The cookie decoder: paste a real Django session cookie (a `signed_cookies` value) or any
//! `signing.dumps` value, see its parts, its contents, and, given the `SECRET_KEY`, what
//! `signing.loads` makes of it.
//!
//! Everything goes through the engine: [`inspect`] splits the value, [`decode_payload`]
//! reads the contents without verifying them (signing is not encryption: anyone can), and
//! [`explain_loads`] gives Django's verdict.

use sessionscope_engine::json::to_pretty_json;
use sessionscope_engine::session::{SIGNED_COOKIE_SALT, STORE_SALT};
use sessionscope_engine::signing::{
    decode_payload, explain_loads, inspect, SignedParts, SigningError, SigningKeys, VerifyingKey,
};
use sessionscope_engine::time::DateTime;

use super::cookie_parts::signed_parts;
use super::markup::Markup;
use super::settings_py::duration_words;

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

impl DecoderInput {
    /// Defaults for a signed_cookies session cookie: its salt and two weeks' `max_age`.
    pub fn for_session_cookie() -> DecoderInput {
        DecoderInput {
            salt: SIGNED_COOKIE_SALT.to_owned(),
            max_age: "1209600".to_owned(),
            ..DecoderInput::default()
        }
    }
}

/// Django's verdict.
#[derive(Clone, Debug, PartialEq)]
pub enum Verdict {
    /// `loads` returned the data.
    Valid {
        /// `SECRET_KEY` or `SECRET_KEY_FALLBACKS[n]`.
        verified_by: String,
        /// The data, pretty-printed.
        data: String,
        /// How old the signature is, if `max_age` was given.
        age: Option<String>,
    },
    /// `BadSignature`.
    BadSignature {
        /// Django's message.
        message: String,
        /// A known salt with which the same keys do verify it, if any.
        verifies_with_salt: Option<String>,
    },
    /// `SignatureExpired`.
    Expired {
        /// Django's message (`Signature age … > … seconds`).
        message: String,
        /// In words: how old it is and since when it is expired.
        explanation: String,
    },
    /// The signature verified but the data could not be decoded.
    Malformed {
        /// What went wrong.
        message: String,
    },
    /// The `max_age` field is not a number.
    BadMaxAge(String),
}

/// Everything the decoder shows.
#[derive(Clone, Debug, PartialEq)]
pub struct Decoded {
    /// The value actually decoded, after removing a header name, cookie name or quotes.
    pub value: String,
    /// What was removed from the input, if anything.
    pub cleaned: Option<String>,
    /// The parts, as Django splits them.
    pub parts: SignedParts,
    /// The signing time as ISO-8601 UTC, if the timestamp reads.
    pub signed_at: Option<String>,
    /// The contents read without verifying: pretty JSON, or why they do not read.
    pub contents: Result<String, String>,
    /// `loads`'s verdict, when a secret key was given.
    pub verdict: Option<Verdict>,
}

/// Decodes `input` at time `now` (Unix seconds); `None` for an empty value.
pub fn decode(input: &DecoderInput, now: f64) -> Option<Decoded> {
    let (value, cleaned) = clean(&input.value)?;
    let parts = inspect(&value);
    let signed_at = parts
        .timestamp_seconds
        .and_then(|seconds| DateTime::from_timestamp(seconds).ok())
        .map(|date| date.isoformat());
    let payload = if parts.compressed {
        format!(".{}", parts.payload)
    } else {
        parts.payload.clone()
    };
    let contents = match decode_payload(&payload) {
        Ok(data) => Ok(to_pretty_json(&data)),
        Err(error) => Err(unverified_reason(&error)),
    };
    let verdict = (!input.secret_key.is_empty()).then(|| verdict(&value, input, now));
    Some(Decoded {
        value,
        cleaned,
        parts,
        signed_at,
        contents,
        verdict,
    })
}

fn unverified_reason(error: &SigningError) -> String {
    error.to_string().replace("the signature verified but ", "")
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

fn verdict(value: &str, input: &DecoderInput, now: f64) -> Verdict {
    let max_age = match input.max_age.trim() {
        "" => None,
        text => match text.parse::<f64>() {
            Ok(n) if n.is_finite() => Some(n),
            _ => return Verdict::BadMaxAge(format!("max_age {text:?} is not a number")),
        },
    };
    let keys = keys_of(input);
    let explained = explain_loads(value, &keys, &input.salt, max_age, now);
    match explained.result {
        Ok(data) => Verdict::Valid {
            verified_by: match explained.verified_by {
                Some(VerifyingKey::Fallback(n)) => format!("SECRET_KEY_FALLBACKS[{n}]"),
                _ => "SECRET_KEY".to_owned(),
            },
            data: to_pretty_json(&data),
            age: explained.age.map(age_words),
        },
        Err(error @ SigningError::BadSignature { .. }) => Verdict::BadSignature {
            message: error.to_string(),
            verifies_with_salt: KNOWN_SALTS
                .iter()
                .map(|(salt, _)| *salt)
                .filter(|salt| *salt != input.salt)
                .find(|salt| {
                    let other = explain_loads(value, &keys, salt, None, now);
                    other.verified_by.is_some()
                })
                .map(str::to_owned),
        },
        Err(error @ SigningError::SignatureExpired { age, max_age }) => Verdict::Expired {
            message: error.to_string(),
            explanation: format!(
                "signed {} ago; max_age allows {}, so it expired {} ago",
                duration_words(age.floor() as i64),
                duration_words(max_age.floor() as i64),
                duration_words((age - max_age).ceil() as i64),
            ),
        },
        Err(error @ SigningError::MalformedPayload { .. }) => Verdict::Malformed {
            message: error.to_string(),
        },
    }
}

fn age_words(age: f64) -> String {
    if age < 0.0 {
        format!(
            "signed {} in the future",
            duration_words((-age).ceil() as i64)
        )
    } else if age < 1.0 {
        "signed just now".to_owned()
    } else {
        format!("signed {} ago", duration_words(age.floor() as i64))
    }
}

/// Extracts the value from what was pasted: a `Cookie:` or `Set-Cookie:` header, `name=value`,
/// a quoted value. Returns the value and a note on what was removed.
fn clean(raw: &str) -> Option<(String, Option<String>)> {
    let mut text = raw.trim();
    let mut removed = Vec::new();
    for header in ["set-cookie:", "cookie:"] {
        if let Some(prefix) = text.get(..header.len()) {
            if prefix.eq_ignore_ascii_case(header) {
                removed.push(format!("the {:?} header name", &prefix[..prefix.len() - 1]));
                text = text[header.len()..].trim();
                break;
            }
        }
    }
    if text.contains(';') {
        let pieces: Vec<&str> = text.split(';').map(str::trim).collect();
        let chosen = pieces
            .iter()
            .find(|p| p.contains(':'))
            .or_else(|| pieces.first())
            .copied()
            .unwrap_or_default();
        removed.push("the other cookies or attributes after ;".to_owned());
        text = chosen;
    }
    if let Some((name, value)) = text.split_once('=') {
        let name_like = !name.is_empty() && !name.contains(':') && !name.contains(' ');
        if name_like {
            removed.push(format!("the cookie name {name:?}"));
            text = value.trim();
        }
    }
    if text.len() >= 2 && text.starts_with('"') && text.ends_with('"') {
        removed.push("the quotes".to_owned());
        text = &text[1..text.len() - 1];
    }
    if text.is_empty() {
        return None;
    }
    let note = (!removed.is_empty()).then(|| format!("Removed {}.", removed.join(", ")));
    Some((text.to_owned(), note))
}

/// How long ago (or ahead) `at` is from `now`, in words.
fn relative(at: f64, now: f64) -> String {
    let delta = now - at;
    if delta >= 0.0 {
        format!("{} ago", duration_words(delta.floor() as i64))
    } else {
        format!("in {}", duration_words((-delta).ceil() as i64))
    }
}

/// The result card's HTML: the parts, the contents read without verifying, and the verdict.
/// Everything from the pasted value is escaped.
pub fn result_html(decoded: &Decoded, now: f64) -> String {
    let mut m = Markup::new();
    if let Some(note) = &decoded.cleaned {
        m.text_element("p", &[("class", "hint")], note);
    }
    m.text_element("h2", &[], "Parts");
    m.element("pre", &[("class", "bytes parts")], |m| {
        for part in signed_parts(&decoded.value) {
            m.text_element("span", &[("class", part.kind.css_class())], &part.text);
        }
    });
    let parts = &decoded.parts;
    m.element("dl", &[("class", "decoder-parts")], |m| {
        m.text_element("dt", &[], "payload");
        m.text_element(
            "dd",
            &[],
            &format!(
                "{} characters of base64 · {}",
                parts.payload.len(),
                if parts.compressed {
                    "starts with \".\": zlib-compressed JSON"
                } else {
                    "plain JSON (no \".\", not compressed)"
                }
            ),
        );
        m.text_element("dt", &[], "timestamp");
        let timestamp = match (
            &parts.timestamp,
            &decoded.signed_at,
            parts.timestamp_seconds,
        ) {
            (Some(text), Some(date), Some(seconds)) => format!(
                "{text} (base62) = {seconds:.0} = {date}, {}",
                relative(seconds, now)
            ),
            (Some(text), _, _) => format!("{text}: not a valid base62 time"),
            (None, _, _) => {
                "none (only one \":\": made by Signer, not TimestampSigner?)".to_owned()
            }
        };
        m.text_element("dd", &[], &timestamp);
        m.text_element("dt", &[], "signature");
        let signature = match &parts.signature {
            Some(sig) => format!("{sig} (HMAC-SHA256, {} characters)", sig.len()),
            None => "none: there is no \":\" at all".to_owned(),
        };
        m.text_element("dd", &[], &signature);
    });
    m.text_element("h2", &[], "Contents, without verifying");
    match &decoded.contents {
        Ok(json) => {
            m.text_element(
                "pre",
                &[("class", "bytes"), ("data-testid", "decoder-contents")],
                json,
            );
            m.text_element(
                "p",
                &[("class", "hint")],
                "Signing is not encryption: anyone holding the cookie can read this.",
            );
        }
        Err(reason) => {
            m.text_element(
                "p",
                &[("class", "verdict-line bad")],
                &format!("Cannot be read: {reason}"),
            );
        }
    }
    m.text_element("h2", &[], "signing.loads()");
    m.element(
        "div",
        &[("data-testid", "decoder-verdict")],
        |m| match &decoded.verdict {
            None => {
                m.text_element(
                    "p",
                    &[("class", "hint")],
                    "Enter the SECRET_KEY to check the signature the way Django does.",
                );
            }
            Some(verdict) => verdict_html(m, verdict),
        },
    );
    m.into_string()
}

fn verdict_html(m: &mut Markup, verdict: &Verdict) {
    let (class, title, lines): (&str, &str, Vec<String>) = match verdict {
        Verdict::Valid {
            verified_by, age, ..
        } => (
            "verdict-box good",
            "Valid",
            vec![format!(
                "The signature verifies with {verified_by}{}. loads() returns the contents shown \
                 above; Django would use this session.",
                age.as_ref().map_or(String::new(), |a| format!("; {a}"))
            )],
        ),
        Verdict::BadSignature {
            message,
            verifies_with_salt,
        } => (
            "verdict-box bad",
            "BadSignature",
            vec![
                message.clone(),
                match verifies_with_salt {
                    Some(salt) if salt.is_empty() => {
                        "It does verify with the empty salt (signing.dumps' default): pick it above."
                            .to_owned()
                    }
                    Some(salt) => format!("It does verify with the salt {salt:?}: pick it above."),
                    None => "Wrong SECRET_KEY, wrong salt, or the value was changed. Django would \
                             start an empty session."
                        .to_owned(),
                },
            ],
        ),
        Verdict::Expired {
            message,
            explanation,
        } => (
            "verdict-box warn",
            "SignatureExpired",
            vec![
                message.clone(),
                format!("The signature is genuine, but it was {explanation}."),
            ],
        ),
        Verdict::Malformed { message } => (
            "verdict-box bad",
            "Malformed payload",
            vec![
                message.clone(),
                "The signature is genuine, so the signer produced bad data. Session decode() \
                 swallows this and returns {}."
                    .to_owned(),
            ],
        ),
        Verdict::BadMaxAge(message) => ("verdict-box warn", "Check max_age", vec![message.clone()]),
    };
    m.element("div", &[("class", class)], |m| {
        m.text_element("strong", &[], title);
        for line in &lines {
            m.text_element("p", &[], line);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use sessionscope_engine::json::{Dict, Value};
    use sessionscope_engine::signing::dumps;

    const NOW: f64 = 1_700_000_000.0;

    fn cart_cookie(secret: &str, at: f64) -> String {
        let mut data = Dict::new();
        data.insert("cart", Value::List(vec![Value::from("book"); 30]));
        dumps(&Value::Dict(data), secret, SIGNED_COOKIE_SALT, true, at)
    }

    fn input(value: &str, secret: &str) -> DecoderInput {
        DecoderInput {
            value: value.to_owned(),
            secret_key: secret.to_owned(),
            ..DecoderInput::for_session_cookie()
        }
    }

    #[test]
    fn parts_and_contents_show_without_a_key() {
        let cookie = cart_cookie("k", NOW);
        let decoded = decode(&input(&cookie, ""), NOW).unwrap();
        assert!(decoded.parts.compressed);
        assert_eq!(
            decoded.signed_at.as_deref(),
            Some("2023-11-14T22:13:20+00:00")
        );
        assert!(decoded.contents.as_ref().unwrap().contains("\"book\""));
        assert_eq!(decoded.verdict, None);
        assert_eq!(decoded.cleaned, None);
        assert_eq!(decode(&input("  ", ""), NOW), None);
    }

    #[test]
    fn a_valid_cookie_verifies_and_names_its_key() {
        let cookie = cart_cookie("old", NOW - 3600.0);
        let mut given = input(&cookie, "new");
        given.fallbacks = "\nold\n".into();
        match decode(&given, NOW).unwrap().verdict.unwrap() {
            Verdict::Valid {
                verified_by,
                data,
                age,
            } => {
                assert_eq!(verified_by, "SECRET_KEY_FALLBACKS[0]");
                assert!(data.contains("book"));
                assert_eq!(age.as_deref(), Some("signed 1 hour ago"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_wrong_key_is_a_bad_signature() {
        let cookie = cart_cookie("k", NOW);
        match decode(&input(&cookie, "other"), NOW)
            .unwrap()
            .verdict
            .unwrap()
        {
            Verdict::BadSignature {
                message,
                verifies_with_salt,
            } => {
                assert!(message.contains("does not match"), "{message}");
                assert_eq!(verifies_with_salt, None);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_wrong_salt_is_detected_and_the_right_one_suggested() {
        let value = dumps(&Value::from("x"), "k", STORE_SALT, true, NOW);
        match decode(&input(&value, "k"), NOW).unwrap().verdict.unwrap() {
            Verdict::BadSignature {
                verifies_with_salt, ..
            } => assert_eq!(verifies_with_salt.as_deref(), Some(STORE_SALT)),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn an_old_cookie_is_expired_with_its_age() {
        let cookie = cart_cookie("k", NOW - 1_209_600.0 - 90_000.0);
        match decode(&input(&cookie, "k"), NOW).unwrap().verdict.unwrap() {
            Verdict::Expired {
                message,
                explanation,
            } => {
                assert_eq!(message, "Signature age 1299600.0 > 1209600 seconds");
                assert_eq!(
                    explanation,
                    "signed 2 weeks, 1 day ago; max_age allows 2 weeks, so it expired 1 day, 1 hour ago"
                );
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_malformed_payload_is_reported() {
        // Correctly signed, but the "compressed" payload is not zlib.
        let keys = SigningKeys::new("k");
        let signer = sessionscope_engine::signing::TimestampSigner::new(&keys, SIGNED_COOKIE_SALT);
        let value = signer.sign(".bm90emxpYg", NOW);
        let decoded = decode(&input(&value, "k"), NOW).unwrap();
        assert!(decoded.contents.is_err());
        match decoded.verdict.unwrap() {
            Verdict::Malformed { message } => assert!(message.contains("zlib"), "{message}"),
            other => panic!("{other:?}"),
        }
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
            assert!(matches!(decoded.verdict, Some(Verdict::Valid { .. })));
        }
    }

    #[test]
    fn the_result_card_escapes_what_was_pasted() {
        let keys = SigningKeys::new("k");
        let signer = sessionscope_engine::signing::TimestampSigner::new(&keys, SIGNED_COOKIE_SALT);
        let payload = sessionscope_engine::signing::encode_payload(
            &Value::from("<img src=x onerror=alert(1)>"),
            false,
        );
        let value = signer.sign(&payload, NOW - 60.0);
        let decoded = decode(&input(&format!("<b>{value}"), "k"), NOW).unwrap();
        let html = result_html(&decoded, NOW);
        assert!(!html.contains("<b>") && html.contains("&lt;b&gt;"));
        assert!(
            html.contains("BadSignature"),
            "the <b> prefix breaks the signature"
        );
        let decoded = decode(&input(&value, "k"), NOW).unwrap();
        let html = result_html(&decoded, NOW);
        assert!(!html.contains("<img"));
        assert!(
            html.contains("&lt;img src=x onerror=alert(1)&gt;"),
            "{html}"
        );
        assert!(html.contains("verdict-box good"));
        assert!(html.contains("signed 1 minute ago"));
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
        assert!(matches!(
            decode(&given, NOW).unwrap().verdict,
            Some(Verdict::BadMaxAge(_))
        ));
    }
}
