//! The signature checks behind a verdict, one at a time.
//!
//! `signing.loads` tries each salt in turn (the one given, or each of [`KNOWN_SALTS`] as
//! [`super::decode_cookie`] does) and, for each, `SECRET_KEY` then every fallback in order,
//! until one key makes the signature; the first that does decides the verdict. Each check is
//! an HMAC over everything before the signature, so a long value and many keys add up: a
//! 1 MB value, 1,000 fallbacks and three salts are 3 GB of hashing. A caller that must stay
//! responsive makes the checks itself, a few at a time ([`signature_checks`],
//! [`signature_matches`], [`check_bytes`]), then asks for the verdict the first match gives
//! ([`verdict_after_checks`]); [`super::decode_cookie`] does the same in one go.

use super::model::{DecodeOptions, Verdict};
use super::pickle_payload::{pickle_reason, read_pickle_payload};
use super::salts::KNOWN_SALTS;
use crate::json::Value;
use crate::signing::{
    explain_loads, no_key_signs, LoadsExplanation, SigningError, SigningKeys, TimestampSigner,
    VerifyingKey,
};

/// One check `signing.loads` makes: does `key` make the signature with `salt`?
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignatureCheck {
    /// The salt, as given (an empty salt is `TimestampSigner`'s default).
    pub salt: String,
    /// The key.
    pub key: VerifyingKey,
}

/// The salts tried, in order: the one chosen, or each of [`KNOWN_SALTS`].
pub fn salts_tried(options: &DecodeOptions) -> Vec<String> {
    match &options.salt {
        Some(salt) => vec![salt.clone()],
        None => KNOWN_SALTS.iter().map(|k| k.salt.to_owned()).collect(),
    }
}

/// Every check, in the order Django makes them: salt after salt, and for each `SECRET_KEY`
/// then the fallbacks.
pub fn signature_checks(keys: &SigningKeys, options: &DecodeOptions) -> Vec<SignatureCheck> {
    let each_key = std::iter::once(VerifyingKey::Current)
        .chain((0..keys.fallbacks.len()).map(VerifyingKey::Fallback))
        .collect::<Vec<_>>();
    salts_tried(options)
        .into_iter()
        .flat_map(|salt| {
            each_key.iter().map(move |&key| SignatureCheck {
                salt: salt.clone(),
                key,
            })
        })
        .collect()
}

/// The text of `key` as `Signer.signature` uses it (an empty key means `SECRET_KEY`); `None`
/// for a fallback `keys` does not have.
pub fn key_text(keys: &SigningKeys, key: VerifyingKey) -> Option<&str> {
    let text = match key {
        VerifyingKey::Current => &keys.secret,
        VerifyingKey::Fallback(index) => keys.fallbacks.get(index)?,
    };
    Some(if text.is_empty() { &keys.secret } else { text })
}

/// Whether `check`'s key makes `value`'s signature with its salt: one HMAC over the value.
pub fn signature_matches(value: &str, keys: &SigningKeys, check: &SignatureCheck) -> bool {
    let Some(key) = key_text(keys, check.key) else {
        return false;
    };
    TimestampSigner::new(keys, &check.salt)
        .plain_signer()
        .signed_by(value, key)
}

/// About how many bytes `check` hashes: the value (all of it before the signature), the key
/// and the salt, and a few blocks of HMAC padding.
pub fn check_bytes(value: &str, keys: &SigningKeys, check: &SignatureCheck) -> usize {
    const HMAC_BLOCKS: usize = 4 * 64;
    let key = key_text(keys, check.key).map_or(0, str::len);
    value.len() + key + check.salt.len() + HMAC_BLOCKS
}

/// Django's verdict once the checks have found the first that matches (`None`: no salt and
/// key make the signature): `signing.loads` with that salt and key, and its `max_age`.
pub fn verdict_after_checks(
    value: &str,
    keys: &SigningKeys,
    options: &DecodeOptions,
    first_match: Option<&SignatureCheck>,
) -> Verdict {
    let bad_signature = |error: Option<SigningError>| Verdict::BadSignature {
        reason: error.unwrap_or_else(|| no_key_signs(value)).to_string(),
        salts_tried: salts_tried(options),
    };
    let Some(check) = first_match else {
        return bad_signature(None);
    };
    let Some(key) = key_text(keys, check.key) else {
        return bad_signature(None);
    };
    // That key alone: loads then reads the value the way it would after trying the keys
    // before it, which did not match.
    let only_that_key = SigningKeys::new(key);
    let max_age = options.age_limit.for_salt(&check.salt);
    let mut explained = explain_loads(value, &only_that_key, &check.salt, max_age, options.now);
    read_pickle_in_place(&mut explained);
    if explained.verified_by.is_none() {
        return bad_signature(explained.result.err());
    }
    match verdict_when_verified(explained.result, &check.salt, check.key, max_age) {
        Ok(verdict) => verdict,
        Err(error) => bad_signature(error),
    }
}

/// A payload that verified and decompressed but is not JSON may be a pickle: Django 4.2 with
/// `PickleSerializer` reads one there (`signing.loads` with its `serializer`); it is read here
/// as data, its result replacing the JSON error.
fn read_pickle_in_place(explained: &mut LoadsExplanation) {
    let (Some(text), Err(SigningError::MalformedPayload { .. })) =
        (&explained.json_text, &explained.result)
    else {
        return;
    };
    let bytes: Vec<u8> = text.chars().map(|c| c as u32 as u8).collect();
    if let Some(payload) = read_pickle_payload(&bytes) {
        explained.result = payload.read.map_err(|error| {
            SigningError::malformed(format!(
                "the signature verified but {}",
                pickle_reason(&error)
            ))
        });
    }
}

/// The verdict once `verified_by` verified the signature with `salt`.
fn verdict_when_verified(
    result: Result<Value, SigningError>,
    salt: &str,
    verified_by: VerifyingKey,
    max_age: Option<f64>,
) -> Result<Verdict, Option<SigningError>> {
    let salt = salt.to_owned();
    Ok(match result {
        Ok(data) => Verdict::Valid {
            salt,
            verified_by,
            max_age,
            data,
        },
        Err(SigningError::SignatureExpired { age, max_age }) => Verdict::SignatureExpired {
            salt,
            verified_by,
            age,
            max_age,
        },
        Err(error @ SigningError::MalformedPayload { .. }) => Verdict::Malformed {
            salt: Some(salt),
            reason: error.to_string(),
        },
        Err(error @ SigningError::BadSignature { .. }) => return Err(Some(error)),
    })
}

/// `signing.loads` as [`super::decode_cookie`] calls it: every check in order until one
/// matches, then its verdict.
pub(super) fn verify(value: &str, keys: &SigningKeys, options: &DecodeOptions) -> Verdict {
    let checks = signature_checks(keys, options);
    let first_match = checks
        .iter()
        .find(|check| signature_matches(value, keys, check));
    verdict_after_checks(value, keys, options, first_match)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decoder::AgeLimit;
    use crate::session::{SIGNED_COOKIE_SALT, STORE_SALT};
    use crate::signing::{dumps, DEFAULT_SALT};

    const NOW: f64 = 1_700_000_000.0;

    /// `verify` as it was written before the checks were separable: `explain_loads` salt
    /// after salt, every key each time.
    fn verify_by_loads(value: &str, keys: &SigningKeys, options: &DecodeOptions) -> Verdict {
        let mut first_failure = None;
        for salt in salts_tried(options) {
            let max_age = options.age_limit.for_salt(&salt);
            let explained = explain_loads(value, keys, &salt, max_age, options.now);
            let outcome = match explained.verified_by {
                Some(by) => verdict_when_verified(explained.result, &salt, by, max_age),
                None => Err(explained.result.err()),
            };
            match outcome {
                Ok(verdict) => return verdict,
                Err(failure) => first_failure = first_failure.or(failure),
            }
        }
        Verdict::BadSignature {
            reason: first_failure.map_or_else(|| "none".to_owned(), |e| e.to_string()),
            salts_tried: salts_tried(options),
        }
    }

    fn keys(secret: &str, fallbacks: &[&str]) -> SigningKeys {
        SigningKeys {
            secret: secret.into(),
            fallbacks: fallbacks.iter().map(|k| (*k).to_owned()).collect(),
        }
    }

    fn options(salt: Option<&str>, age_limit: AgeLimit, now: f64) -> DecodeOptions {
        DecodeOptions {
            keys: None,
            salt: salt.map(str::to_owned),
            age_limit,
            now,
        }
    }

    #[test]
    fn the_checks_give_the_verdict_loads_gives() {
        let data = Value::from("hi");
        let values = [
            dumps(&data, "a", SIGNED_COOKIE_SALT, true, NOW),
            dumps(&data, "b", STORE_SALT, false, NOW - 1e7),
            dumps(&data, "c", DEFAULT_SALT, false, NOW),
            dumps(&data, "", "", false, NOW),
            dumps(&data, "b", "my.salt", false, NOW),
            format!("{}x", dumps(&data, "a", SIGNED_COOKIE_SALT, true, NOW)),
            "no separator".to_owned(),
            "eyJhIjoxfQ:sig".to_owned(),
        ];
        let key_sets = [
            keys("a", &[]),
            keys("x", &["y", "b", "c"]),
            keys("x", &["", "a"]),
            keys("", &["b"]),
            keys("z", &[]),
        ];
        let ages = [
            AgeLimit::AsDjango {
                session_cookie_age: 1_209_600,
            },
            AgeLimit::Seconds(10.0),
            AgeLimit::Unlimited,
        ];
        let salts = [None, Some(STORE_SALT), Some("my.salt"), Some("")];
        let mut compared = 0;
        for value in &values {
            for keys in &key_sets {
                for age in ages {
                    for salt in salts {
                        let opts = options(salt, age, NOW + 5.0);
                        assert_eq!(
                            verify(value, keys, &opts),
                            verify_by_loads(value, keys, &opts),
                            "{value} {keys:?} {age:?} {salt:?}"
                        );
                        compared += 1;
                    }
                }
            }
        }
        assert_eq!(compared, 8 * 5 * 3 * 4);
    }

    #[test]
    fn checks_go_salt_after_salt_then_key_after_key() {
        let checks = signature_checks(
            &keys("s", &["f0", "f1"]),
            &options(None, AgeLimit::Unlimited, NOW),
        );
        assert_eq!(checks.len(), KNOWN_SALTS.len() * 3);
        assert_eq!(checks[0].salt, SIGNED_COOKIE_SALT);
        assert_eq!(
            checks[..3].iter().map(|c| c.key).collect::<Vec<_>>(),
            [
                VerifyingKey::Current,
                VerifyingKey::Fallback(0),
                VerifyingKey::Fallback(1)
            ]
        );
        assert_eq!(checks[3].salt, STORE_SALT);
        let one_salt = signature_checks(
            &keys("s", &[]),
            &options(Some("x"), AgeLimit::Unlimited, NOW),
        );
        assert_eq!(
            one_salt,
            [SignatureCheck {
                salt: "x".into(),
                key: VerifyingKey::Current
            }]
        );
    }

    #[test]
    fn a_check_costs_the_value_and_its_key() {
        let keys = keys("secret", &["a-longer-fallback"]);
        let check = |key| SignatureCheck {
            salt: "salt".into(),
            key,
        };
        let value = "v".repeat(1000);
        assert_eq!(
            check_bytes(&value, &keys, &check(VerifyingKey::Current)),
            1000 + 6 + 4 + 256
        );
        assert_eq!(
            check_bytes(&value, &keys, &check(VerifyingKey::Fallback(0))),
            1000 + 17 + 4 + 256
        );
        assert!(!signature_matches(
            "a:b:c",
            &keys,
            &check(VerifyingKey::Fallback(5))
        ));
        assert_eq!(key_text(&keys, VerifyingKey::Fallback(5)), None);
    }

    #[test]
    fn an_empty_fallback_is_the_secret_as_in_django() {
        let keys = keys("s", &[""]);
        let value = dumps(&Value::from(1), "s", STORE_SALT, false, NOW);
        let check = SignatureCheck {
            salt: STORE_SALT.into(),
            key: VerifyingKey::Fallback(0),
        };
        assert!(signature_matches(&value, &keys, &check));
        assert!(matches!(
            verdict_after_checks(
                &value,
                &keys,
                &options(None, AgeLimit::Unlimited, NOW),
                Some(&check)
            ),
            Verdict::Valid {
                verified_by: VerifyingKey::Fallback(0),
                ..
            }
        ));
    }
}
