//! The decoder's result card as HTML text (see [`crate::ui::markup`]): the parts, the
//! contents read without verifying, and `loads`'s verdict. Everything from the pasted value
//! is escaped.

use sessionscope_engine::json::to_pretty_json;
use sessionscope_engine::signing::SigningError;

use super::Decoded;
use crate::ui::markup::Markup;
use crate::ui::settings_py::duration_words;
use crate::ui::signed_value::{key_name, Verdict};

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
        for part in decoded.signed.parts() {
            m.text_element("span", &[("class", part.kind.css_class())], &part.text);
        }
    });
    let parts = &decoded.signed.split;
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
        Ok(data) => {
            m.text_element(
                "pre",
                &[("class", "bytes"), ("data-testid", "decoder-contents")],
                &to_pretty_json(data),
            );
            m.text_element(
                "p",
                &[("class", "hint")],
                "Signing is not encryption: anyone holding the cookie can read this.",
            );
        }
        Err(error) => {
            m.text_element(
                "p",
                &[("class", "verdict-line bad")],
                &format!("Cannot be read: {}", unverified_reason(error)),
            );
        }
    }
    m.text_element("h2", &[], "signing.loads()");
    m.element("div", &[("data-testid", "decoder-verdict")], |m| {
        match (&decoded.bad_max_age, &decoded.signed.verdict) {
            (Some(message), _) => {
                verdict_box(
                    m,
                    "verdict-box warn",
                    "Check max_age",
                    std::slice::from_ref(message),
                );
            }
            (None, Some(verdict)) => verdict_html(m, verdict, decoded.verifies_with_salt),
            (None, None) => {
                m.text_element(
                    "p",
                    &[("class", "hint")],
                    "Enter the SECRET_KEY to check the signature the way Django does.",
                );
            }
        }
    });
    m.into_string()
}

/// Why the contents do not read: the engine's message for `loads`, without its "the
/// signature verified" (nothing was verified here).
fn unverified_reason(error: &SigningError) -> String {
    error.to_string().replace("the signature verified but ", "")
}

fn verdict_html(m: &mut Markup, verdict: &Verdict, verifies_with_salt: Option<&str>) {
    let error = match verdict {
        Verdict::Valid {
            verified_by, age, ..
        } => {
            let line = format!(
                "The signature verifies with {}{}. loads() returns the contents shown above; \
                 Django would use this session.",
                key_name(*verified_by),
                age.map_or(String::new(), |age| format!("; {}", age_words(age)))
            );
            verdict_box(m, "verdict-box good", "Valid", &[line]);
            return;
        }
        Verdict::Rejected(error) => error,
    };
    let message = error.to_string();
    match error {
        SigningError::BadSignature { .. } => {
            let hint = match verifies_with_salt {
                Some("") => {
                    "It does verify with the empty salt (signing.dumps' default): pick it above."
                        .to_owned()
                }
                Some(salt) => format!("It does verify with the salt {salt:?}: pick it above."),
                None => "Wrong SECRET_KEY, wrong salt, or the value was changed. Django would \
                         start an empty session."
                    .to_owned(),
            };
            verdict_box(m, "verdict-box bad", "BadSignature", &[message, hint]);
        }
        SigningError::SignatureExpired { age, max_age } => {
            let explanation = format!(
                "The signature is genuine, but it was {}.",
                expiry_words(*age, *max_age)
            );
            verdict_box(
                m,
                "verdict-box warn",
                "SignatureExpired",
                &[message, explanation],
            );
        }
        SigningError::MalformedPayload { .. } => {
            let explanation = "The signature is genuine, so the signer produced bad data. Session \
                               decode() swallows this and returns {}."
                .to_owned();
            verdict_box(
                m,
                "verdict-box bad",
                "Malformed payload",
                &[message, explanation],
            );
        }
    }
}

fn verdict_box(m: &mut Markup, class: &str, title: &str, lines: &[String]) {
    m.element("div", &[("class", class)], |m| {
        m.text_element("strong", &[], title);
        for line in lines {
            m.text_element("p", &[], line);
        }
    });
}

/// How old a valid signature is, in words.
pub(super) fn age_words(age: f64) -> String {
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

/// An expired signature's age against `max_age`, in words.
pub(super) fn expiry_words(age: f64, max_age: f64) -> String {
    format!(
        "signed {} ago; max_age allows {}, so it expired {} ago",
        duration_words(age.floor() as i64),
        duration_words(max_age.floor() as i64),
        duration_words((age - max_age).ceil() as i64),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::decoder::decode;
    use crate::ui::decoder::tests::{cart_cookie, input, NOW};
    use sessionscope_engine::json::Value;
    use sessionscope_engine::session::SIGNED_COOKIE_SALT;
    use sessionscope_engine::signing::{encode_payload, SigningKeys, TimestampSigner};

    #[test]
    fn the_result_card_escapes_what_was_pasted() {
        let keys = SigningKeys::new("k");
        let signer = TimestampSigner::new(&keys, SIGNED_COOKIE_SALT);
        let payload = encode_payload(&Value::from("<img src=x onerror=alert(1)>"), false);
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
    fn each_verdict_reads_in_words() {
        let old = cart_cookie("k", NOW - 1_209_600.0 - 90_000.0);
        let html = result_html(&decode(&input(&old, "k"), NOW).unwrap(), NOW);
        assert!(html.contains("verdict-box warn"), "{html}");
        assert!(html.contains(
            "it was signed 2 weeks, 1 day ago; max_age allows 2 weeks, so it expired 1 day, 1 hour ago."
        ));
        let mut fallback = input(&cart_cookie("old", NOW - 3600.0), "new");
        fallback.fallbacks = "old".into();
        let html = result_html(&decode(&fallback, NOW).unwrap(), NOW);
        assert!(html.contains("verifies with SECRET_KEY_FALLBACKS[0]; signed 1 hour ago."));
        let mut late = input(&old, "k");
        late.max_age = "soon".into();
        let html = result_html(&decode(&late, NOW).unwrap(), NOW);
        assert!(html.contains("Check max_age") && html.contains("is not a number"));
        let html = result_html(&decode(&input(&old, ""), NOW).unwrap(), NOW);
        assert!(html.contains("Enter the SECRET_KEY"));
        assert_eq!(age_words(0.5), "signed just now");
        assert_eq!(age_words(-120.0), "signed 2 minutes in the future");
    }
}
