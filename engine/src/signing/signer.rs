//! Django's `Signer` and `TimestampSigner` (`django/core/signing.py`) with the default
//! separator `:` and algorithm SHA-256.

use super::base62::{b62_decode, b62_encode_float_seconds};
use super::base64::b64_encode;
use super::crypto::{constant_time_compare, salted_hmac_sha256};
use super::error::SigningError;
use crate::json::PyInt;
use crate::quoted::Quoted;
use std::borrow::Cow;

/// The separator between value, timestamp and signature (`Signer(sep=":")`).
pub const SEPARATOR: char = ':';

/// `SECRET_KEY` and `SECRET_KEY_FALLBACKS`: signing uses `secret`, verification tries
/// `secret` and then each fallback in order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SigningKeys {
    /// `SECRET_KEY`.
    pub secret: String,
    /// `SECRET_KEY_FALLBACKS`, in order.
    pub fallbacks: Vec<String>,
}

impl SigningKeys {
    /// Just a secret, no fallbacks.
    pub fn new(secret: impl Into<String>) -> SigningKeys {
        SigningKeys {
            secret: secret.into(),
            fallbacks: Vec::new(),
        }
    }
}

/// Which key verified a signature.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VerifyingKey {
    /// `SECRET_KEY`.
    Current,
    /// `SECRET_KEY_FALLBACKS[n]` (0-based).
    Fallback(usize),
}

/// `Signer(key=secret, fallback_keys=fallbacks, salt=salt)`.
#[derive(Clone, Debug)]
pub struct Signer<'k> {
    secret: &'k str,
    fallbacks: &'k [String],
    salt: Cow<'k, str>,
}

impl<'k> Signer<'k> {
    /// `Signer.__init__`: an empty salt becomes `"django.core.signing.Signer"`
    /// (`salt or "%s.%s" % (module, class name)`).
    pub fn new(keys: &'k SigningKeys, salt: &'k str) -> Signer<'k> {
        Signer::with_default_salt(
            &keys.secret,
            &keys.fallbacks,
            salt,
            "django.core.signing.Signer",
        )
    }

    fn with_default_salt(
        secret: &'k str,
        fallbacks: &'k [String],
        salt: &'k str,
        default_salt: &'static str,
    ) -> Signer<'k> {
        let salt = if salt.is_empty() { default_salt } else { salt };
        Signer {
            secret,
            fallbacks,
            salt: Cow::Borrowed(salt),
        }
    }

    /// The salt in effect (after the empty-salt default).
    pub fn salt(&self) -> &str {
        &self.salt
    }

    /// `Signer.signature(value, key)`: `b64_encode(salted_hmac(salt + "signer", value, key))`.
    /// As in Django (`key = key or self.key`), an empty key means the current secret.
    pub fn signature(&self, value: &str, key: &str) -> String {
        let key = if key.is_empty() { self.secret } else { key };
        let salt = format!("{}signer", self.salt);
        b64_encode(&salted_hmac_sha256(&salt, value.as_bytes(), key))
    }

    /// `Signer.sign(value)`: `value:signature`.
    pub fn sign(&self, value: &str) -> String {
        let signature = self.signature(value, self.secret);
        format!("{value}{SEPARATOR}{signature}")
    }

    /// `Signer.unsign(signed)`: the value before the last `:`, if the text after it is the
    /// signature under the secret or one of the fallbacks (tried in that order).
    pub fn unsign<'s>(&self, signed: &'s str) -> Result<&'s str, SigningError> {
        self.unsign_with_key(signed).map(|(value, _)| value)
    }

    /// [`Signer::unsign`], also saying which key verified.
    pub fn unsign_with_key<'s>(
        &self,
        signed: &'s str,
    ) -> Result<(&'s str, VerifyingKey), SigningError> {
        let Some((value, _)) = signed.rsplit_once(SEPARATOR) else {
            return Err(no_key_signs(signed));
        };
        let candidates = std::iter::once((VerifyingKey::Current, self.secret)).chain(
            self.fallbacks
                .iter()
                .enumerate()
                .map(|(index, key)| (VerifyingKey::Fallback(index), key.as_str())),
        );
        for (which, key) in candidates {
            if self.signed_by(signed, key) {
                return Ok((value, which));
            }
        }
        Err(no_key_signs(signed))
    }

    /// Whether `key` (empty: the secret) made the signature after `signed`'s last `:`: one
    /// comparison of `Signer.unsign`'s loop, an HMAC over everything before it.
    pub fn signed_by(&self, signed: &str, key: &str) -> bool {
        let Some((value, signature)) = signed.rsplit_once(SEPARATOR) else {
            return false;
        };
        let expected = self.signature(value, key);
        constant_time_compare(signature.as_bytes(), expected.as_bytes())
    }
}

/// The `BadSignature` `Signer.unsign` raises when no key made `signed`'s signature.
pub fn no_key_signs(signed: &str) -> SigningError {
    match signed.rsplit_once(SEPARATOR) {
        None => SigningError::BadSignature {
            reason: format!("No \"{SEPARATOR}\" found in value"),
        },
        Some((_, signature)) => SigningError::BadSignature {
            reason: format!("Signature \"{signature}\" does not match"),
        },
    }
}

/// What `TimestampSigner.unsign` established about a value.
#[derive(Clone, Debug, PartialEq)]
pub struct Unsigned<'s> {
    /// The signed value without its timestamp and signature.
    pub value: &'s str,
    /// `b62_decode(timestamp)`.
    pub timestamp: PyInt,
    /// The key that verified.
    pub verified_by: VerifyingKey,
    /// `time.time() - timestamp`, computed only when a `max_age` was given (as in Django).
    pub age: Option<f64>,
}

/// `TimestampSigner(key=secret, fallback_keys=fallbacks, salt=salt)`.
#[derive(Clone, Debug)]
pub struct TimestampSigner<'k> {
    signer: Signer<'k>,
}

impl<'k> TimestampSigner<'k> {
    /// An empty salt becomes `"django.core.signing.TimestampSigner"`.
    pub fn new(keys: &'k SigningKeys, salt: &'k str) -> TimestampSigner<'k> {
        TimestampSigner::from_parts(&keys.secret, &keys.fallbacks, salt)
    }

    pub(crate) fn from_parts(
        secret: &'k str,
        fallbacks: &'k [String],
        salt: &'k str,
    ) -> TimestampSigner<'k> {
        TimestampSigner {
            signer: Signer::with_default_salt(
                secret,
                fallbacks,
                salt,
                "django.core.signing.TimestampSigner",
            ),
        }
    }

    /// The salt in effect (after the empty-salt default).
    pub fn salt(&self) -> &str {
        self.signer.salt()
    }

    /// The underlying `Signer.unsign` step (signature only, no timestamp).
    pub fn plain_signer(&self) -> &Signer<'k> {
        &self.signer
    }

    /// `TimestampSigner.sign(value)` at time `now`: `value:b62(int(now)):signature`.
    pub fn sign(&self, value: &str, now: f64) -> String {
        let timestamp = b62_encode_float_seconds(now);
        self.signer.sign(&format!("{value}{SEPARATOR}{timestamp}"))
    }

    /// `TimestampSigner.unsign(signed, max_age)` at time `now`: the signature first, then the
    /// timestamp (errors there are [`SigningError::MalformedPayload`]), then the age
    /// (`now - timestamp > max_age` is expired; exactly `max_age` is still valid).
    pub fn unsign<'s>(
        &self,
        signed: &'s str,
        max_age: Option<f64>,
        now: f64,
    ) -> Result<&'s str, SigningError> {
        self.unsign_detailed(signed, max_age, now)
            .map(|unsigned| unsigned.value)
    }

    /// [`TimestampSigner::unsign`] with everything it learned on the way.
    pub fn unsign_detailed<'s>(
        &self,
        signed: &'s str,
        max_age: Option<f64>,
        now: f64,
    ) -> Result<Unsigned<'s>, SigningError> {
        let (with_timestamp, verified_by) = self.signer.unsign_with_key(signed)?;
        let Some((value, timestamp_text)) = with_timestamp.rsplit_once(SEPARATOR) else {
            return Err(SigningError::malformed(
                "the signature verified but the value has no timestamp (made by Signer, not \
                 TimestampSigner?): ValueError: not enough values to unpack (expected 2, got 1)",
            ));
        };
        let timestamp = b62_decode(timestamp_text).map_err(|error| {
            SigningError::malformed(format!(
                "the signature verified but the timestamp {timestamp_text:?} is not base62: {error}", timestamp_text = Quoted(timestamp_text),))
        })?;
        let mut age = None;
        if let Some(max_age) = max_age {
            let seconds = timestamp.to_f64();
            if !seconds.is_finite() {
                return Err(SigningError::malformed(
                    "the signature verified but the timestamp is too large for a float: \
                     OverflowError: int too large to convert to float",
                ));
            }
            let elapsed = now - seconds;
            if elapsed > max_age {
                return Err(SigningError::SignatureExpired {
                    age: elapsed,
                    max_age,
                });
            }
            age = Some(elapsed);
        }
        Ok(Unsigned {
            value,
            timestamp,
            verified_by,
            age,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(secret: &str, fallbacks: &[&str]) -> SigningKeys {
        SigningKeys {
            secret: secret.into(),
            fallbacks: fallbacks.iter().map(|k| k.to_string()).collect(),
        }
    }

    #[test]
    fn signer_matches_django() {
        // python3: Signer(key="secret", salt="").sign("hello")
        let keys = keys("secret", &[]);
        assert_eq!(
            Signer::new(&keys, "").sign("hello"),
            "hello:FRBs_KKrjaVe9zJEdlQdiuJ2n9jBEsFOL1Capquoa18"
        );
        // python3: TimestampSigner(key="secret", salt="s").sign("hello") at time 1700000000.7
        assert_eq!(
            TimestampSigner::new(&keys, "s").sign("hello", 1_700_000_000.7),
            "hello:1r31eq:h5ixNDuDHR-8tNdgEUkl8u6A7KWK1f5fRvPCKT98d6k"
        );
    }

    #[test]
    fn fallbacks_are_tried_in_order_and_reported() {
        let old = keys("old", &[]);
        let signed = Signer::new(&old, "x").sign("v");
        let rotated = keys("new", &["older", "old"]);
        assert_eq!(
            Signer::new(&rotated, "x").unsign_with_key(&signed),
            Ok(("v", VerifyingKey::Fallback(1)))
        );
        assert_eq!(
            Signer::new(&keys("new", &[]), "x")
                .unsign(&signed)
                .unwrap_err()
                .kind(),
            "BadSignature"
        );
    }

    #[test]
    fn an_empty_fallback_means_the_current_key() {
        let current = keys("k", &[]);
        let signed = Signer::new(&current, "x").sign("v");
        let with_empty = keys("k", &[""]);
        assert!(Signer::new(&with_empty, "x").unsign(&signed).is_ok());
    }

    #[test]
    fn timestamp_problems_are_malformed_after_the_signature_verifies() {
        let keys = keys("k", &[]);
        let signer = Signer::new(&keys, "s");
        let timestamped = TimestampSigner::new(&keys, "s");
        let untimestamped = signer.sign("value");
        // Same salt string, so the plain signature verifies under TimestampSigner too.
        assert_eq!(
            timestamped
                .unsign(&untimestamped, None, 0.0)
                .unwrap_err()
                .kind(),
            "MalformedPayload"
        );
        let empty = signer.sign("value:");
        assert_eq!(
            timestamped.unsign(&empty, None, 0.0).unwrap_err().kind(),
            "MalformedPayload"
        );
        let bad_digit = signer.sign("value:1z!");
        assert_eq!(
            timestamped
                .unsign(&bad_digit, None, 0.0)
                .unwrap_err()
                .kind(),
            "MalformedPayload"
        );
        let negative = signer.sign("value:-10");
        let unsigned = timestamped
            .unsign_detailed(&negative, Some(100.0), 30.0)
            .unwrap();
        assert_eq!(unsigned.age, Some(92.0));
    }

    #[test]
    fn age_equal_to_max_age_is_valid_and_one_microsecond_more_is_not() {
        let keys = keys("k", &[]);
        let signer = TimestampSigner::new(&keys, "");
        let signed = signer.sign("v", 1000.0);
        assert!(signer.unsign(&signed, Some(10.0), 1010.0).is_ok());
        assert_eq!(
            signer
                .unsign(&signed, Some(10.0), 1010.000001)
                .unwrap_err()
                .kind(),
            "SignatureExpired"
        );
        let tampered = format!("{signed}x");
        assert_eq!(
            signer
                .unsign(&tampered, Some(10.0), 5000.0)
                .unwrap_err()
                .kind(),
            "BadSignature"
        );
    }
}
