//! Reading a value: taken apart and its contents read without a key, then, given keys,
//! judged as `signing.loads` judges it.

use crate::json::latin1_to_string;
use crate::signing::{inspect, parse_payload_json, payload_bytes, SigningError, SigningKeys};
use crate::time::DateTime;

use super::model::is_session_key;
use super::model::{AgeLimit, DecodeOptions, DecodedCookie, SignedValue, Verdict};
use super::pickle_payload::{pickle_reason, read_pickle_payload};
use super::signature_checks::verify;

/// Takes `value` apart, reads its contents and, given keys, runs `signing.loads` on it as
/// Django would (see [`DecodeOptions`]). Never fails: everything wrong is in the verdict.
pub fn decode_cookie(value: &str, options: &DecodeOptions) -> DecodedCookie {
    let mut decoded = read_cookie(value, options.now);
    if let (Some(keys), Some(_)) = (&options.keys, &decoded.signed) {
        decoded.verdict = verify(&decoded.value, keys, options);
    }
    decoded
}

/// [`decode_cookie`] without keys: `value` (trimmed) taken apart and read at `now`, with
/// the verdict that needs no key (`SessionKey`, `NotVerified`, `Malformed`). A caller that
/// makes the signature checks itself (see [`signature_checks`]) starts here, then replaces
/// the verdict of a signed value with [`verdict_after_checks`].
pub fn read_cookie(value: &str, now: f64) -> DecodedCookie {
    let value = value.trim().to_owned();
    if is_session_key(&value) {
        return DecodedCookie {
            value,
            signed: None,
            verdict: Verdict::SessionKey,
        };
    }
    let signed = read_unverified(&value, now);
    let verdict = unverified_verdict(&signed);
    DecodedCookie {
        value,
        signed: Some(signed),
        verdict,
    }
}

/// `signing.loads(value, key, salt=salt, max_age=max_age)` at `now`, as a store that knows
/// where the value came from calls it (the signed_cookies backend's `load()`): the value
/// taken apart and judged with that one salt, as it is (unlike [`decode_cookie`], nothing is
/// trimmed and no session key is recognised).
pub fn loads_value(
    value: &str,
    keys: &SigningKeys,
    salt: &str,
    max_age: Option<f64>,
    now: f64,
) -> DecodedCookie {
    let options = DecodeOptions {
        keys: Some(keys.clone()),
        salt: Some(salt.to_owned()),
        age_limit: max_age.map_or(AgeLimit::Unlimited, AgeLimit::Seconds),
        now,
    };
    DecodedCookie {
        value: value.to_owned(),
        signed: Some(read_unverified(value, now)),
        verdict: verify(value, keys, &options),
    }
}

fn read_unverified(value: &str, now: f64) -> SignedValue {
    let parts = inspect(value);
    let signed_at = parts
        .timestamp_seconds
        .and_then(|seconds| DateTime::from_timestamp(seconds).ok());
    let age = parts.timestamp_seconds.map(|seconds| now - seconds);
    let dot = if parts.compressed { "." } else { "" };
    let mut pickle = None;
    let (json_text, contents) = match payload_bytes(&format!("{dot}{}", parts.payload)) {
        Ok(bytes) => match read_pickle_payload(&bytes) {
            Some(payload) => {
                let contents = payload.read.clone().map_err(|e| pickle_reason(&e));
                pickle = Some(payload);
                (None, contents)
            }
            None => (
                Some(latin1_to_string(&bytes)),
                parse_payload_json(&bytes).map_err(|e| unverified_reason(&e)),
            ),
        },
        Err(error) => (None, Err(unverified_reason(&error))),
    };
    SignedValue {
        parts,
        signed_at,
        age,
        json_text,
        contents,
        pickle,
    }
}

fn unverified_reason(error: &SigningError) -> String {
    let text = error.to_string();
    text.strip_prefix("the signature verified but ")
        .map_or(text.clone(), str::to_owned)
}

fn unverified_verdict(signed: &SignedValue) -> Verdict {
    let malformed = |reason: &str| Verdict::Malformed {
        salt: None,
        reason: reason.to_owned(),
    };
    let parts = &signed.parts;
    if parts.signature.is_none() {
        return malformed("no \":\" in the value: it is neither a signed value nor a session key");
    }
    if parts.timestamp.is_none() {
        return malformed("only one \":\": signing.loads expects payload:timestamp:signature");
    }
    if parts.timestamp_seconds.is_none() {
        return malformed("the timestamp is not base62");
    }
    match &signed.contents {
        Ok(_) => Verdict::NotVerified,
        Err(reason) => malformed(reason),
    }
}
