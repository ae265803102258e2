//! Why a value does or does not verify, each cause found by trying, never guessed.
//!
//! `signing.loads(value, key, salt, max_age)` (`django/core/signing.py`) gives one answer for
//! one key, salt and hash: the data, `BadSignature` or `SignatureExpired`. When it is not the
//! data, the question is why. [`diagnose`] makes every check a Django project could have
//! meant and names the one that verifies: the salt given (or each of the salts Django signs
//! sessions with), `SECRET_KEY` then each of `SECRET_KEY_FALLBACKS`, HMAC-SHA256 then
//! HMAC-SHA1 (Django before 3.1), and, when a salt was given, the other session salts. Only
//! then does it read the timestamp, the age against `max_age` and the payload, in
//! `TimestampSigner.unsign` and `loads`' order.

use super::foreign::{recognise, Foreign};
use super::model::AgeLimit;
use super::pickle_payload::{pickle_reason, read_pickle_payload, PicklePayload};
use super::salts::KNOWN_SALTS;
use super::signature_checks::key_text;
use crate::json::{Dict, PyInt, Value};
use crate::quoted::Quoted;
use crate::signing::{
    b62_decode, parse_payload_json, payload_bytes, signed_with, HashAlgorithm, SigningKeys,
    TimestampSigner, VerifyingKey, SEPARATOR,
};

/// The verdicts of `sessionscope decode --json`, in the words of its contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DiagnosisVerdict {
    /// Verifies with `SECRET_KEY` (SHA-256) under the salt asked for, within `max_age`.
    Valid,
    /// Verifies only with a key of `SECRET_KEY_FALLBACKS`, within `max_age`.
    ValidWithFallback,
    /// The signature verifies but `now - timestamp > max_age` (`SignatureExpired`).
    Expired,
    /// A salt was given; the value verifies only under another of the session salts.
    OtherSalt,
    /// Verifies only with HMAC-SHA1: Django before 3.1, or 3.1/3.2 with
    /// `DEFAULT_HASHING_ALGORITHM = "sha1"`.
    LegacySha1,
    /// Shaped like Django's but no key, salt and hash make the signature.
    BadSignature,
    /// No `:` (and not a JWT or Flask cookie), or the signature verifies but the timestamp,
    /// base64, zlib or JSON does not read.
    Malformed,
    /// A JWT or a Flask session cookie.
    NotDjango,
}

impl DiagnosisVerdict {
    /// The contract's word for it.
    pub fn as_str(self) -> &'static str {
        match self {
            DiagnosisVerdict::Valid => "valid",
            DiagnosisVerdict::ValidWithFallback => "valid_with_fallback",
            DiagnosisVerdict::Expired => "expired",
            DiagnosisVerdict::OtherSalt => "other_salt",
            DiagnosisVerdict::LegacySha1 => "legacy_sha1",
            DiagnosisVerdict::BadSignature => "bad_signature",
            DiagnosisVerdict::Malformed => "malformed",
            DiagnosisVerdict::NotDjango => "not_django",
        }
    }

    /// Whether Django (with the key, salt and `max_age` given) rejects the value.
    pub fn is_rejection(self) -> bool {
        !matches!(
            self,
            DiagnosisVerdict::Valid | DiagnosisVerdict::ValidWithFallback
        )
    }
}

/// What was found, field by field.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnosis {
    /// The verdict.
    pub verdict: DiagnosisVerdict,
    /// The salt that verified (as given: an empty salt is `TimestampSigner`'s default).
    pub salt: Option<String>,
    /// The key that verified.
    pub key: Option<VerifyingKey>,
    /// The hash that verified.
    pub algorithm: Option<HashAlgorithm>,
    /// The timestamp (`b62_decode`), when a verified value's timestamp reads.
    pub signed_at: Option<PyInt>,
    /// Whether a verified value's payload is compressed (a leading `.`).
    pub compressed: Option<bool>,
    /// The data, for every verdict whose signature verified and whose payload reads.
    pub data: Option<Value>,
    /// The `max_age` for the salt that verified (`None`: no limit).
    pub max_age: Option<f64>,
    /// `now - timestamp`, when the timestamp reads.
    pub age: Option<f64>,
    /// Why, for `bad_signature` and `malformed`: Django's message or what does not read.
    pub reason: Option<String>,
    /// What else the value looks like, found without a key (a cut, a SHA-1 length, a session
    /// key, the 4096-byte limit).
    pub hints: Vec<String>,
    /// A JWT or Flask cookie, for `not_django`.
    pub foreign: Option<Foreign>,
    /// A verified payload that is a pickle (Django 4.2's `PickleSerializer`), read as data.
    pub pickle: Option<PicklePayload>,
}

impl Diagnosis {
    fn unverified(verdict: DiagnosisVerdict, reason: Option<String>) -> Diagnosis {
        Diagnosis {
            verdict,
            salt: None,
            key: None,
            algorithm: None,
            signed_at: None,
            compressed: None,
            data: None,
            max_age: None,
            age: None,
            reason,
            hints: Vec::new(),
            foreign: None,
            pickle: None,
        }
    }

    /// The contract's name for the key: `SECRET_KEY` or `SECRET_KEY_FALLBACKS[i]`.
    pub fn key_name(&self) -> Option<String> {
        self.key.map(key_name)
    }

    /// The `--json` object: `verdict`, `salt`, `key`, `algorithm`, `signed_at`, `compressed`,
    /// `data`, in that order.
    pub fn contract_value(&self) -> Value {
        let text = |s: Option<String>| s.map_or(Value::Null, Value::Str);
        let mut object = Dict::new();
        object.insert("verdict", Value::from(self.verdict.as_str()));
        object.insert("salt", text(self.salt.clone()));
        object.insert("key", text(self.key_name()));
        object.insert(
            "algorithm",
            text(self.algorithm.map(|a| a.name().to_owned())),
        );
        object.insert(
            "signed_at",
            self.signed_at.clone().map_or(Value::Null, Value::Int),
        );
        object.insert(
            "compressed",
            self.compressed.map_or(Value::Null, Value::Bool),
        );
        object.insert("data", self.data.clone().unwrap_or(Value::Null));
        Value::Dict(object)
    }
}

/// `SECRET_KEY` or `SECRET_KEY_FALLBACKS[i]`.
pub fn key_name(key: VerifyingKey) -> String {
    match key {
        VerifyingKey::Current => "SECRET_KEY".to_owned(),
        VerifyingKey::Fallback(i) => format!("SECRET_KEY_FALLBACKS[{i}]"),
    }
}

/// The check that verified.
struct Found {
    salt: String,
    key: VerifyingKey,
    algorithm: HashAlgorithm,
}

/// The salts tried, in order: the one given then the other session salts, or each session
/// salt when none is given.
fn salts_in_order(asked: Option<&str>) -> Vec<String> {
    let known = KNOWN_SALTS.iter().map(|known| known.salt.to_owned());
    match asked {
        None => known.collect(),
        Some(asked) => std::iter::once(asked.to_owned())
            .chain(known.filter(|salt| salt != asked))
            .collect(),
    }
}

fn find_signer(value: &str, keys: &SigningKeys, asked: Option<&str>) -> Option<Found> {
    let each_key = std::iter::once(VerifyingKey::Current)
        .chain((0..keys.fallbacks.len()).map(VerifyingKey::Fallback))
        .collect::<Vec<_>>();
    let salts = salts_in_order(asked);
    for algorithm in HashAlgorithm::ALL {
        for salt in &salts {
            let signer = TimestampSigner::new(keys, salt);
            for &key in &each_key {
                let Some(text) = key_text(keys, key) else {
                    continue;
                };
                if signed_with(algorithm, signer.salt(), value, text) {
                    return Some(Found {
                        salt: salt.clone(),
                        key,
                        algorithm,
                    });
                }
            }
        }
    }
    None
}

/// Diagnoses `value` (already taken out of whatever it came in) with `keys` at `now`: `salt`
/// is the salt asked for (`None`: each session salt), `age_limit` the `max_age` rule.
pub fn diagnose(
    value: &str,
    keys: &SigningKeys,
    salt: Option<&str>,
    age_limit: AgeLimit,
    now: f64,
) -> Diagnosis {
    if let Some(foreign) = recognise(value) {
        let mut diagnosis = Diagnosis::unverified(
            DiagnosisVerdict::NotDjango,
            Some(foreign.advice().to_owned()),
        );
        diagnosis.foreign = Some(foreign);
        return diagnosis;
    }
    if !value.contains(SEPARATOR) {
        let mut diagnosis = Diagnosis::unverified(
            DiagnosisVerdict::Malformed,
            Some(
                "no \":\" in the value: signing.loads says BadSignature (No \":\" found in value)"
                    .to_owned(),
            ),
        );
        diagnosis.hints = super::cut_short::hints(value, None);
        return diagnosis;
    }
    let Some(found) = find_signer(value, keys, salt) else {
        let signature = value.rsplit_once(SEPARATOR).map_or("", |(_, s)| s);
        let mut diagnosis = Diagnosis::unverified(
            DiagnosisVerdict::BadSignature,
            Some(format!(
                "Signature \"{signature}\" does not match: no key, salt and hash tried makes it"
            )),
        );
        diagnosis.hints = super::cut_short::hints(value, Some(signature));
        return diagnosis;
    };
    verified(value, found, salt, age_limit, now)
}

fn verified(
    value: &str,
    found: Found,
    asked: Option<&str>,
    age_limit: AgeLimit,
    now: f64,
) -> Diagnosis {
    let max_age = age_limit.for_salt(&found.salt);
    let signature_verdict = if found.algorithm == HashAlgorithm::Sha1 {
        DiagnosisVerdict::LegacySha1
    } else if asked.is_some_and(|asked| asked != found.salt) {
        DiagnosisVerdict::OtherSalt
    } else if found.key != VerifyingKey::Current {
        DiagnosisVerdict::ValidWithFallback
    } else {
        DiagnosisVerdict::Valid
    };
    let with_timestamp = value.rsplit_once(SEPARATOR).map_or(value, |(v, _)| v);
    let mut diagnosis = Diagnosis {
        verdict: DiagnosisVerdict::Malformed,
        compressed: Some(with_timestamp.starts_with('.')),
        salt: Some(found.salt),
        key: Some(found.key),
        algorithm: Some(found.algorithm),
        max_age,
        ..Diagnosis::unverified(DiagnosisVerdict::Malformed, None)
    };
    let malformed = |mut diagnosis: Diagnosis, reason: String| {
        diagnosis.reason = Some(format!("the signature verifies but {reason}"));
        diagnosis
    };
    let Some((payload, timestamp)) = with_timestamp.rsplit_once(SEPARATOR) else {
        return malformed(
            diagnosis,
            "there is no timestamp (made by Signer, not TimestampSigner): ValueError: not \
             enough values to unpack (expected 2, got 1)"
                .to_owned(),
        );
    };
    diagnosis.compressed = Some(payload.starts_with('.'));
    let signed_at = match b62_decode(timestamp) {
        Ok(signed_at) => signed_at,
        Err(error) => {
            return malformed(
                diagnosis,
                format!(
                    "the timestamp {timestamp:?} is not base62: {error}",
                    timestamp = Quoted(timestamp),
                ),
            )
        }
    };
    let seconds = signed_at.to_f64();
    diagnosis.signed_at = Some(signed_at);
    diagnosis.age = seconds.is_finite().then_some(now - seconds);
    let mut expired = false;
    if let Some(max_age) = max_age {
        let Some(age) = diagnosis.age else {
            return malformed(
                diagnosis,
                "the timestamp is too large for a float: OverflowError: int too large to \
                 convert to float"
                    .to_owned(),
            );
        };
        expired = age > max_age;
    }
    let bytes = match payload_bytes(payload) {
        Ok(bytes) => bytes,
        Err(error) => return malformed(diagnosis, strip_verified(&error.to_string())),
    };
    if let Some(pickle) = read_pickle_payload(&bytes) {
        let reason = match &pickle.read {
            Ok(_) => "the payload is a pickle (Django 4.2's PickleSerializer), not JSON: \
                      signing.loads with JSONSerializer (the default, and the only one since \
                      Django 5.0) cannot read it"
                .to_owned(),
            Err(error) => pickle_reason(error),
        };
        diagnosis.pickle = Some(pickle);
        return malformed(diagnosis, reason);
    }
    match parse_payload_json(&bytes) {
        Ok(data) => diagnosis.data = Some(data),
        Err(error) => return malformed(diagnosis, strip_verified(&error.to_string())),
    }
    diagnosis.verdict = match signature_verdict {
        DiagnosisVerdict::Valid | DiagnosisVerdict::ValidWithFallback if expired => {
            DiagnosisVerdict::Expired
        }
        verdict => verdict,
    };
    diagnosis
}

fn strip_verified(text: &str) -> String {
    text.strip_prefix("the signature verified but ")
        .unwrap_or(text)
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::{SIGNED_COOKIE_SALT, STORE_SALT};
    use crate::signing::{dumps, DEFAULT_SALT};

    const NOW: f64 = 1_760_000_000.0;
    const COOKIE_AGE: AgeLimit = AgeLimit::AsDjango {
        session_cookie_age: 1_209_600,
    };

    fn keys(secret: &str, fallbacks: &[&str]) -> SigningKeys {
        SigningKeys {
            secret: secret.into(),
            fallbacks: fallbacks.iter().map(|k| (*k).to_owned()).collect(),
        }
    }

    fn data() -> Value {
        crate::json::parse_python_json(r#"{"n": 1, "x": 0.5}"#).unwrap()
    }

    #[test]
    fn each_verdict_on_engine_made_values() {
        let cookie = dumps(&data(), "k", SIGNED_COOKIE_SALT, true, NOW);
        let run = |keys: &SigningKeys, salt: Option<&str>, now: f64| {
            diagnose(&cookie, keys, salt, COOKIE_AGE, now)
        };
        let valid = run(&keys("k", &[]), None, NOW + 5.0);
        assert_eq!(valid.verdict, DiagnosisVerdict::Valid);
        assert_eq!(valid.data, Some(data()));
        assert_eq!(valid.signed_at, Some(PyInt::from(1_760_000_000)));
        let fallback = run(&keys("new", &["old", "k"]), None, NOW);
        assert_eq!(fallback.verdict, DiagnosisVerdict::ValidWithFallback);
        assert_eq!(
            fallback.key_name().as_deref(),
            Some("SECRET_KEY_FALLBACKS[1]")
        );
        let at_limit = run(&keys("k", &[]), None, NOW + 1_209_600.0);
        assert_eq!(at_limit.verdict, DiagnosisVerdict::Valid);
        let expired = run(&keys("k", &[]), None, NOW + 1_209_600.5);
        assert_eq!(expired.verdict, DiagnosisVerdict::Expired);
        assert_eq!(expired.data, Some(data()));
        let other = run(&keys("k", &[]), Some(STORE_SALT), NOW);
        assert_eq!(other.verdict, DiagnosisVerdict::OtherSalt);
        assert_eq!(other.salt.as_deref(), Some(SIGNED_COOKIE_SALT));
        let bad = run(&keys("nope", &[]), None, NOW);
        assert_eq!(bad.verdict, DiagnosisVerdict::BadSignature);
        assert_eq!(bad.salt, None);
        assert_eq!(bad.data, None);
    }

    #[test]
    fn a_salt_asked_for_that_verifies_is_valid_and_unknown_salts_are_not_other_salt() {
        let value = dumps(&data(), "k", "my.app", false, NOW);
        let asked = diagnose(&value, &keys("k", &[]), Some("my.app"), COOKIE_AGE, NOW);
        assert_eq!(asked.verdict, DiagnosisVerdict::Valid);
        assert_eq!(asked.max_age, None);
        let not_asked = diagnose(&value, &keys("k", &[]), None, COOKIE_AGE, NOW);
        assert_eq!(not_asked.verdict, DiagnosisVerdict::BadSignature);
        let default = dumps(&data(), "k", DEFAULT_SALT, false, NOW);
        let other = diagnose(&default, &keys("k", &[]), Some("my.app"), COOKIE_AGE, NOW);
        assert_eq!(other.verdict, DiagnosisVerdict::OtherSalt);
        assert_eq!(other.salt.as_deref(), Some(DEFAULT_SALT));
    }

    #[test]
    fn max_age_applies_to_every_salt_when_given() {
        let value = dumps(&data(), "k", STORE_SALT, false, NOW);
        let never = diagnose(&value, &keys("k", &[]), None, COOKIE_AGE, NOW + 1e9);
        assert_eq!(never.verdict, DiagnosisVerdict::Valid);
        let limited = diagnose(
            &value,
            &keys("k", &[]),
            None,
            AgeLimit::Seconds(60.0),
            NOW + 61.0,
        );
        assert_eq!(limited.verdict, DiagnosisVerdict::Expired);
    }

    #[test]
    fn a_verified_value_that_does_not_read_is_malformed_with_what_verified() {
        let keys = keys("k", &[]);
        let signer = TimestampSigner::new(&keys, DEFAULT_SALT);
        let not_zlib = signer.sign(".dGhpcyBpcyBub3QgemxpYiBkYXRh", NOW);
        let found = diagnose(&not_zlib, &keys, None, COOKIE_AGE, NOW);
        assert_eq!(found.verdict, DiagnosisVerdict::Malformed);
        assert_eq!(found.compressed, Some(true));
        assert_eq!(found.salt.as_deref(), Some(DEFAULT_SALT));
        assert_eq!(found.signed_at, Some(PyInt::from(1_760_000_000)));
        assert_eq!(found.data, None);
        let plain = crate::signing::Signer::new(&keys, DEFAULT_SALT);
        let no_timestamp = plain.sign("eyJhIjoxfQ");
        let found = diagnose(&no_timestamp, &keys, None, COOKIE_AGE, NOW);
        assert_eq!(found.verdict, DiagnosisVerdict::Malformed);
        assert_eq!(found.signed_at, None);
        assert_eq!(found.key, Some(VerifyingKey::Current));
    }

    #[test]
    fn no_separator_is_malformed_and_a_jwt_is_not_django() {
        let keys = keys("k", &[]);
        let junk = diagnose("not-a-cookie", &keys, None, COOKIE_AGE, NOW);
        assert_eq!(junk.verdict, DiagnosisVerdict::Malformed);
        assert_eq!(junk.salt, None);
        let jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI0MiIsImlhdCI6MTc2MDAwMDAwMH0.8r5Jp24K-DN1XUQDpAcqQ9dh9fNGiGvrE0jJjE0GZA0";
        let token = diagnose(jwt, &keys, None, COOKIE_AGE, NOW);
        assert_eq!(token.verdict, DiagnosisVerdict::NotDjango);
        assert!(token.foreign.is_some());
    }

    #[test]
    fn the_contract_object_has_its_seven_fields_in_order() {
        let cookie = dumps(&data(), "k", SIGNED_COOKIE_SALT, false, NOW);
        let object = diagnose(&cookie, &keys("k", &[]), None, COOKIE_AGE, NOW).contract_value();
        assert_eq!(
            crate::json::to_python_json(&object),
            r#"{"verdict":"valid","salt":"django.contrib.sessions.backends.signed_cookies","key":"SECRET_KEY","algorithm":"sha256","signed_at":1760000000,"compressed":false,"data":{"n":1,"x":0.5}}"#
        );
    }
}
