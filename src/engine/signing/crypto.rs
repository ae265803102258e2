//! Django's keyed hashing (`django/utils/crypto.py`: `salted_hmac`, `constant_time_compare`)
//! with the algorithm `Signer` uses, SHA-256.

use hmac::digest::KeyInit;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

/// `salted_hmac(key_salt, value, secret, algorithm="sha256").digest()`: HMAC-SHA256 of
/// `value` under the derived key `SHA-256(key_salt_utf8 + secret_utf8)`.
pub fn salted_hmac_sha256(key_salt: &str, value: &[u8], secret: &str) -> [u8; 32] {
    let derived_key = Sha256::new()
        .chain_update(key_salt.as_bytes())
        .chain_update(secret.as_bytes())
        .finalize();
    // HMAC zero-pads keys shorter than the hash's 64-byte block, so padding the 32-byte
    // derived key here gives the same MAC, through a constructor that cannot fail.
    let mut block_key = [0u8; 64];
    block_key[..32].copy_from_slice(&derived_key);
    let mut mac = <Hmac<Sha256> as KeyInit>::new(&block_key.into());
    mac.update(value);
    mac.finalize().into_bytes().into()
}

/// `constant_time_compare(a, b)` (`hmac.compare_digest` on the UTF-8 bytes): equal contents,
/// in time that depends only on the lengths.
pub fn constant_time_compare(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |diff, (x, y)| diff | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    #[test]
    fn matches_django_salted_hmac() {
        // python3 -c "from django.utils.crypto import salted_hmac;
        //   print(salted_hmac('salt', 'value', 'secret', algorithm='sha256').hexdigest())"
        assert_eq!(
            hex(&salted_hmac_sha256("salt", b"value", "secret")),
            "debaddcd9ecbaab181289870baf8af49b0af0a7050d620d1a63f1e69bd87ceb8"
        );
    }

    #[test]
    fn compare_requires_equal_length_and_content() {
        assert!(constant_time_compare(b"abc", b"abc"));
        assert!(!constant_time_compare(b"abc", b"abd"));
        assert!(!constant_time_compare(b"abc", b"abcd"));
        assert!(constant_time_compare(b"", b""));
    }
}
