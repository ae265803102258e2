//! The hash `Signer` signs with (`Signer(algorithm=...)`, `django/core/signing.py`), for
//! values made by older Djangos.
//!
//! Django 3.1 moved `Signer` from SHA-1 to SHA-256 (`algorithm="sha256"`); 3.1 and 3.2 could
//! still sign with SHA-1 under `DEFAULT_HASHING_ALGORITHM = "sha1"` (removed in 4.0). Django
//! 4.0 and later read only SHA-256 signatures, so a value from Django 2.2 is a `BadSignature`
//! to them even with the right key. The signature is `b64_encode(salted_hmac(salt + "signer",
//! value, key, algorithm=algorithm).digest())` either way: 43 characters for SHA-256, 27 for
//! SHA-1.

use hmac::{Hmac, Mac};
use sha1::{Digest, Sha1};

use super::base64::b64_encode;
use super::crypto::{constant_time_compare, salted_hmac_sha256};
use super::signer::SEPARATOR;

/// A hash `Signer` can sign with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HashAlgorithm {
    /// `"sha256"`: Django 3.1 and later (the only one since 4.0).
    Sha256,
    /// `"sha1"`: Django before 3.1, and 3.1/3.2 with `DEFAULT_HASHING_ALGORITHM = "sha1"`.
    Sha1,
}

impl HashAlgorithm {
    /// Both, in the order a decoder tries them: today's first.
    pub const ALL: [HashAlgorithm; 2] = [HashAlgorithm::Sha256, HashAlgorithm::Sha1];

    /// The name Django gives it (`hashlib`'s).
    pub fn name(self) -> &'static str {
        match self {
            HashAlgorithm::Sha256 => "sha256",
            HashAlgorithm::Sha1 => "sha1",
        }
    }

    /// How many characters its signature has after `b64_encode` (no padding).
    pub fn signature_len(self) -> usize {
        match self {
            HashAlgorithm::Sha256 => 43,
            HashAlgorithm::Sha1 => 27,
        }
    }
}

/// `salted_hmac(key_salt, value, secret, algorithm="sha1").digest()`: HMAC-SHA1 of `value`
/// under the derived key `SHA-1(key_salt_utf8 + secret_utf8)` (`django/utils/crypto.py`).
pub fn salted_hmac_sha1(key_salt: &str, value: &[u8], secret: &str) -> [u8; 20] {
    let derived_key = Sha1::new()
        .chain_update(key_salt.as_bytes())
        .chain_update(secret.as_bytes())
        .finalize();
    // The 20-byte derived key is shorter than SHA-1's 64-byte block: HMAC pads it with zeros,
    // so the padded key gives the same MAC through a constructor that cannot fail.
    let mut block_key = [0u8; 64];
    block_key[..20].copy_from_slice(&derived_key);
    let mut mac = <Hmac<Sha1> as hmac::digest::KeyInit>::new(&block_key.into());
    mac.update(value);
    mac.finalize().into_bytes().into()
}

/// `Signer(key=key, salt=salt, algorithm=algorithm).signature(value)`, where `salt` is the
/// salt in effect (after `Signer`'s empty-salt default).
pub fn signature_with(algorithm: HashAlgorithm, salt: &str, value: &str, key: &str) -> String {
    let key_salt = format!("{salt}signer");
    match algorithm {
        HashAlgorithm::Sha256 => b64_encode(&salted_hmac_sha256(&key_salt, value.as_bytes(), key)),
        HashAlgorithm::Sha1 => b64_encode(&salted_hmac_sha1(&key_salt, value.as_bytes(), key)),
    }
}

/// Whether `key` signed `signed` (`value:signature`) with `algorithm` and the salt in effect
/// `salt`: `Signer.unsign`'s comparison for one key.
pub fn signed_with(algorithm: HashAlgorithm, salt: &str, signed: &str, key: &str) -> bool {
    let Some((value, signature)) = signed.rsplit_once(SEPARATOR) else {
        return false;
    };
    if signature.len() != algorithm.signature_len() {
        return false;
    }
    let expected = signature_with(algorithm, salt, value, key);
    constant_time_compare(signature.as_bytes(), expected.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha1_matches_django_2_2_salted_hmac() {
        // Django 2.2 (CPython 3.8): salted_hmac('salt', 'value', 'secret').hexdigest()
        let hex: String = salted_hmac_sha1("salt", b"value", "secret")
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(hex, DJANGO_2_2_SALTED_HMAC);
    }

    /// Filled from real Django 2.2 (see the test above).
    const DJANGO_2_2_SALTED_HMAC: &str = "a82be9ba6efe61405ee8d2e8a3781c37e103360a";

    #[test]
    fn a_django_2_2_cookie_verifies_with_sha1_only() {
        // A signed_cookies cookie Django 2.2.28 set (the shared decoder examples).
        let cookie = "eyJjYXJ0IjpbMSwyLDNdfQ:1iivjs:SyFUWUIA13JJcXCnmnAdYkrlta8";
        let salt = "django.contrib.sessions.backends.signed_cookies";
        let key = "an-old-django-2.2-secret-key";
        assert!(signed_with(HashAlgorithm::Sha1, salt, cookie, key));
        assert!(!signed_with(HashAlgorithm::Sha256, salt, cookie, key));
        assert!(!signed_with(
            HashAlgorithm::Sha1,
            salt,
            cookie,
            "another key"
        ));
        assert!(!signed_with(
            HashAlgorithm::Sha1,
            "another salt",
            cookie,
            key
        ));
    }

    #[test]
    fn sha256_is_the_signer_s_signature() {
        let keys = super::super::SigningKeys::new("k");
        let signer = super::super::Signer::new(&keys, "s");
        assert_eq!(
            signature_with(HashAlgorithm::Sha256, signer.salt(), "v", "k"),
            signer.signature("v", "k")
        );
    }
}
