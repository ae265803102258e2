//! `signing.dumps` / `signing.loads` (`django/core/signing.py`: `Signer.sign_object`,
//! `Signer.unsign_object`, `JSONSerializer`): a JSON value, optionally zlib-compressed,
//! URL-safe base64, timestamped and signed.

use super::base64::{b64_decode, b64_encode};
use super::error::SigningError;
use super::signer::{SigningKeys, TimestampSigner};
use crate::compress::{zlib_compress, zlib_decompress, ZlibError};
use crate::json::{parse_python_json_bytes_latin1, to_python_json, Value};

/// The salt `signing.dumps` and `signing.loads` use when the caller gives none
/// (`django/core/signing.py`: `salt="django.core.signing"`). An explicitly empty salt is
/// something else: `TimestampSigner` then uses `"django.core.signing.TimestampSigner"`.
pub const DEFAULT_SALT: &str = "django.core.signing";

/// `signing.dumps(value, key=secret, salt=salt, compress=compress)` with `time.time() == now`.
///
/// The JSON is `json.dumps(value, separators=(",", ":"))`. With `compress`, it is replaced
/// by `zlib.compress(json)` only if that is at least 2 bytes shorter
/// (`len(compressed) < len(data) - 1`), and the base64 then gets a leading `.`. The timestamp
/// is `b62_encode(int(now))`; an empty salt means `"django.core.signing.TimestampSigner"`.
pub fn dumps(value: &Value, secret: &str, salt: &str, compress: bool, now: f64) -> String {
    let signer = TimestampSigner::from_parts(secret, &[], salt);
    signer.sign(&encode_payload(value, compress), now)
}

/// `signing.dumps(...)` with a serializer other than JSON: `data` is what the serializer's
/// `dumps` returned (Django 4.2's `PickleSerializer`: pickle bytes); compression, base64,
/// timestamp and signature as for JSON.
pub fn dumps_bytes(data: &[u8], secret: &str, salt: &str, compress: bool, now: f64) -> String {
    let signer = TimestampSigner::from_parts(secret, &[], salt);
    signer.sign(&encode_payload_bytes(data, compress), now)
}

/// `signing.loads(...)` up to the serializer: verified, base64-decoded and decompressed
/// bytes, for a serializer other than JSON to read.
pub fn loads_bytes(
    signed: &str,
    keys: &SigningKeys,
    salt: &str,
    max_age: Option<f64>,
    now: f64,
) -> Result<Vec<u8>, SigningError> {
    let payload = TimestampSigner::new(keys, salt).unsign(signed, max_age, now)?;
    payload_bytes(payload)
}

/// The part of `sign_object` before signing: `[.]base64(json or zlib(json))`.
pub fn encode_payload(value: &Value, compress: bool) -> String {
    let json = to_python_json(value);
    encode_payload_bytes(json.as_bytes(), compress)
}

/// `[.]base64(data or zlib(data))`: zlib only if at least 2 bytes shorter.
pub fn encode_payload_bytes(data: &[u8], compress: bool) -> String {
    if compress {
        let compressed = zlib_compress(data);
        if compressed.len() + 1 < data.len() {
            return format!(".{}", b64_encode(&compressed));
        }
    }
    b64_encode(data)
}

/// `signing.loads(signed, salt=salt, max_age=max_age)` with `SECRET_KEY`/`SECRET_KEY_FALLBACKS`
/// from `keys` and `time.time() == now`.
///
/// Checks in Django's order: separator and signature (current key, then each fallback:
/// [`SigningError::BadSignature`]), timestamp syntax ([`SigningError::MalformedPayload`]), age
/// when `max_age` is given ([`SigningError::SignatureExpired`]), then base64, zlib (if the
/// payload starts with `.`) and JSON read as latin-1 ([`SigningError::MalformedPayload`]).
pub fn loads(
    signed: &str,
    keys: &SigningKeys,
    salt: &str,
    max_age: Option<f64>,
    now: f64,
) -> Result<Value, SigningError> {
    let payload = TimestampSigner::new(keys, salt).unsign(signed, max_age, now)?;
    decode_payload(payload)
}

/// The part of `unsign_object` after verification: base64, zlib if `.`-prefixed, JSON.
pub fn decode_payload(payload: &str) -> Result<Value, SigningError> {
    let data = payload_bytes(payload)?;
    parse_payload_json(&data)
}

/// `b64_decode` of the payload (without its `.`), then `zlib.decompress` if it had one. A
/// payload inflating past [`crate::compress::MAX_DECOMPRESSED_LEN`] is refused (see
/// [`SigningError::exceeds_inflate_limit`]); Django would inflate it.
pub fn payload_bytes(payload: &str) -> Result<Vec<u8>, SigningError> {
    let (compressed, base64) = match payload.strip_prefix('.') {
        Some(rest) => (true, rest),
        None => (false, payload),
    };
    let data = b64_decode(base64.as_bytes()).map_err(|error| {
        SigningError::malformed(format!(
            "the signature verified but the payload is not valid base64: binascii.Error: {error}"
        ))
    })?;
    if !compressed {
        return Ok(data);
    }
    zlib_decompress(&data).map_err(|error| match error {
        ZlibError::TooLarge => SigningError::inflate_limit_exceeded(),
        error => SigningError::malformed(format!(
            "the signature verified but the payload is not valid zlib data: zlib.error: {error}"
        )),
    })
}

/// `JSONSerializer.loads(data)` = `json.loads(data.decode("latin-1"))`.
pub fn parse_payload_json(data: &[u8]) -> Result<Value, SigningError> {
    parse_python_json_bytes_latin1(data).map_err(|error| {
        SigningError::malformed(format!(
            "the signature verified but the payload is not valid JSON: {}",
            error.python_exception()
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse_python_json;

    fn value(json: &str) -> Value {
        parse_python_json(json).unwrap()
    }

    #[test]
    fn compression_needs_a_gain_of_two_bytes() {
        // Compressible payloads get the dot; tiny ones never do.
        let long = value(&format!("\"{}\"", "a".repeat(200)));
        assert!(encode_payload(&long, true).starts_with('.'));
        assert!(!encode_payload(&long, false).starts_with('.'));
        assert!(!encode_payload(&value("{}"), true).starts_with('.'));
        // Find payload lengths around the threshold and check the rule directly.
        for len in 0..120 {
            let text = format!("\"{}\"", "ab".repeat(len));
            let json = to_python_json(&value(&text));
            let gain = json.len() as isize - zlib_compress(json.as_bytes()).len() as isize;
            let used = encode_payload(&value(&text), true).starts_with('.');
            assert_eq!(used, gain >= 2, "gain {gain} for {json}");
        }
    }

    #[test]
    fn loads_reverses_dumps() {
        let keys = SigningKeys::new("secret");
        let original = value(r#"{"cart":[1,2.5,"é"],"n":null}"#);
        for compress in [false, true] {
            let signed = dumps(&original, "secret", "salt", compress, 1_700_000_000.0);
            assert_eq!(
                loads(&signed, &keys, "salt", Some(0.0), 1_700_000_000.0),
                Ok(original.clone())
            );
            assert_eq!(
                loads(&signed, &keys, "other", None, 0.0)
                    .unwrap_err()
                    .kind(),
                "BadSignature"
            );
        }
    }

    #[test]
    fn dumps_matches_django() {
        // python3: signing.dumps({"a": [1, 2.0, "é"]}, key="k", salt="s", compress=True)
        // with time.time() == 1700000000.5
        let signed = dumps(
            &value(r#"{"a":[1,2.0,"é"]}"#),
            "k",
            "s",
            true,
            1_700_000_000.5,
        );
        assert_eq!(
            signed,
            "eyJhIjpbMSwyLjAsIlx1MDBlOSJdfQ:1r31eq:XMMxx5KDqNDEoHvC6F8OFyYlyIjuibNieKJ_IUswFOc"
        );
    }

    #[test]
    fn decoding_failures_are_malformed_payloads() {
        for payload in ["a", ".eJ", ".aGVsbG8", "aGVsbG8"] {
            assert_eq!(
                decode_payload(payload).unwrap_err().kind(),
                "MalformedPayload",
                "{payload}"
            );
        }
        assert_eq!(decode_payload("eyJhIjoxfQ"), Ok(value(r#"{"a":1}"#)));
    }
}
