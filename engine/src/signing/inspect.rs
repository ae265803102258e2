//! Taking a signed value apart for display: its pieces ([`inspect`]) and `loads`'s verdict
//! step by step ([`explain_loads`]).

use super::base62::b62_decode;
use super::error::SigningError;
use super::object::{parse_payload_json, payload_bytes};
use super::signer::{SigningKeys, TimestampSigner, VerifyingKey, SEPARATOR};
use crate::json::{latin1_to_string, Value};

/// The pieces of `payload:timestamp:signature`, split the way Django splits them (each
/// `rsplit(":", 1)`), without verifying anything.
#[derive(Clone, Debug, PartialEq)]
pub struct SignedParts {
    /// The base64 text, without the compression dot (everything before the last two `:`).
    pub payload: String,
    /// Whether the payload starts with `.` (zlib-compressed JSON).
    pub compressed: bool,
    /// The base62 timestamp text, if there are two separators.
    pub timestamp: Option<String>,
    /// The timestamp as Unix seconds, if it is valid base62 and fits a float.
    pub timestamp_seconds: Option<f64>,
    /// The signature (after the last `:`), if there is a separator at all.
    pub signature: Option<String>,
}

/// Splits a signed value into its parts. Never fails: missing pieces are `None`.
pub fn inspect(signed: &str) -> SignedParts {
    let (rest, signature) = match signed.rsplit_once(SEPARATOR) {
        Some((rest, signature)) => (rest, Some(signature.to_owned())),
        None => (signed, None),
    };
    let (payload, timestamp) = match (&signature, rest.rsplit_once(SEPARATOR)) {
        (Some(_), Some((payload, timestamp))) => (payload, Some(timestamp.to_owned())),
        _ => (rest, None),
    };
    let timestamp_seconds = timestamp
        .as_deref()
        .filter(|text| may_fit_a_float(text))
        .and_then(|text| b62_decode(text).ok())
        .map(|seconds| seconds.to_f64())
        .filter(|seconds| seconds.is_finite());
    let (compressed, payload) = match payload.strip_prefix('.') {
        Some(rest) => (true, rest),
        None => (false, payload),
    };
    SignedParts {
        payload: payload.to_owned(),
        compressed,
        timestamp,
        timestamp_seconds,
        signature,
    }
}

/// Whether base62 `text` may be a number a float holds: more than 172 significant digits is
/// at least 62**172, past `f64::MAX`, so it is not decoded at all (decoding a long number
/// takes time that grows with the square of its length).
fn may_fit_a_float(text: &str) -> bool {
    const MOST_DIGITS: usize = 172;
    let digits = text.strip_prefix('-').unwrap_or(text);
    digits.trim_start_matches('0').len() <= MOST_DIGITS
}

/// `loads`, narrated: what each stage found, up to the first failure.
#[derive(Clone, Debug, PartialEq)]
pub struct LoadsExplanation {
    /// The structural split of the input.
    pub parts: SignedParts,
    /// The salt actually used (an empty salt means `"django.core.signing.TimestampSigner"`).
    pub salt: String,
    /// Which key verified the signature, if one did.
    pub verified_by: Option<VerifyingKey>,
    /// `now - timestamp`, when it was computed (only with a `max_age`, as in Django).
    pub age: Option<f64>,
    /// The JSON text after base64 (and zlib), read as latin-1, if decoding got that far.
    pub json_text: Option<String>,
    /// What `loads` returns.
    pub result: Result<Value, SigningError>,
}

/// Runs `loads` stage by stage and reports each stage (see [`LoadsExplanation`]); `result` is
/// always what [`loads`](super::loads) returns for the same arguments.
pub fn explain_loads(
    signed: &str,
    keys: &SigningKeys,
    salt: &str,
    max_age: Option<f64>,
    now: f64,
) -> LoadsExplanation {
    let signer = TimestampSigner::new(keys, salt);
    let mut explanation = LoadsExplanation {
        parts: inspect(signed),
        salt: signer.salt().to_owned(),
        verified_by: None,
        age: None,
        json_text: None,
        result: Ok(Value::Null),
    };
    let unsigned = match signer.unsign_detailed(signed, max_age, now) {
        Ok(unsigned) => unsigned,
        Err(error) => {
            // A verified-but-expired or badly timestamped value still verified.
            if !matches!(error, SigningError::BadSignature { .. }) {
                explanation.verified_by = signer
                    .plain_signer()
                    .unsign_with_key(signed)
                    .ok()
                    .map(|(_, key)| key);
            }
            if let SigningError::SignatureExpired { age, .. } = error {
                explanation.age = Some(age);
            }
            explanation.result = Err(error);
            return explanation;
        }
    };
    explanation.verified_by = Some(unsigned.verified_by);
    explanation.age = unsigned.age;
    explanation.result = payload_bytes(unsigned.value).and_then(|data| {
        explanation.json_text = Some(latin1_to_string(&data));
        parse_payload_json(&data)
    });
    explanation
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signing::{dumps, loads};

    #[test]
    fn inspect_splits_like_django() {
        let parts = inspect(".eJyrVg:1r31eq:sig");
        assert_eq!(parts.payload, "eJyrVg");
        assert!(parts.compressed);
        assert_eq!(parts.timestamp.as_deref(), Some("1r31eq"));
        assert_eq!(parts.timestamp_seconds, Some(1_700_000_000.0));
        assert_eq!(parts.signature.as_deref(), Some("sig"));

        let bare = inspect("no separator");
        assert_eq!(
            (bare.payload.as_str(), bare.timestamp, bare.signature),
            ("no separator", None, None)
        );
        let untimestamped = inspect("value:sig");
        assert_eq!(untimestamped.payload, "value");
        assert_eq!(untimestamped.timestamp, None);
        assert_eq!(inspect("a:!!:s").timestamp_seconds, None);
    }

    #[test]
    fn a_timestamp_too_long_for_a_float_is_not_decoded() {
        let long = format!("p:{}:sig", "z".repeat(200_000));
        assert_eq!(inspect(&long).timestamp_seconds, None);
        // Just under and just over the cut, and leading zeros, read as decoding them would.
        for digits in [
            "1".repeat(171),
            "1".repeat(172),
            "z".repeat(172),
            "z".repeat(173),
        ] {
            for text in [digits.clone(), format!("000{digits}"), format!("-{digits}")] {
                let decoded = b62_decode(&text)
                    .ok()
                    .map(|n| n.to_f64())
                    .filter(|x| x.is_finite());
                assert_eq!(
                    inspect(&format!("p:{text}:s")).timestamp_seconds,
                    decoded,
                    "{text}"
                );
            }
        }
        assert_eq!(
            inspect("p:0000001r31eq:s").timestamp_seconds,
            Some(1_700_000_000.0)
        );
    }

    #[test]
    fn explanation_names_the_fallback_key_and_the_age() {
        let signed = dumps(&Value::from("hi"), "old", "s", false, 1000.0);
        let keys = SigningKeys {
            secret: "new".into(),
            fallbacks: vec!["old".into()],
        };
        let explained = explain_loads(&signed, &keys, "s", Some(60.0), 1030.5);
        assert_eq!(explained.verified_by, Some(VerifyingKey::Fallback(0)));
        assert_eq!(explained.age, Some(30.5));
        assert_eq!(explained.json_text.as_deref(), Some("\"hi\""));
        assert_eq!(explained.result, Ok(Value::from("hi")));

        let expired = explain_loads(&signed, &keys, "s", Some(10.0), 1030.5);
        assert_eq!(expired.verified_by, Some(VerifyingKey::Fallback(0)));
        assert_eq!(
            expired.result,
            loads(&signed, &keys, "s", Some(10.0), 1030.5)
        );
        assert_eq!(expired.result.unwrap_err().kind(), "SignatureExpired");

        let bad = explain_loads(&signed, &SigningKeys::new("x"), "s", None, 0.0);
        assert_eq!(bad.verified_by, None);
        assert_eq!(bad.result.unwrap_err().kind(), "BadSignature");
    }
}
