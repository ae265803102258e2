//! Django's keyed hashing (`django/utils/crypto.py`: `salted_hmac`, `constant_time_compare`)
//! with the algorithm `Signer` uses, SHA-256.

use hmac::digest::KeyInit;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use std::cell::RefCell;

/// `salted_hmac(key_salt, value, secret, algorithm="sha256").digest()`: HMAC-SHA256 of
/// `value` under the derived key `SHA-256(key_salt_utf8 + secret_utf8)`.
pub fn salted_hmac_sha256(key_salt: &str, value: &[u8], secret: &str) -> [u8; 32] {
    let mut mac = keyed_hmac(key_salt, secret);
    mac.update(value);
    mac.finalize().into_bytes().into()
}

/// How many (salt, secret) pairs keep their keyed HMAC state per thread: signing and
/// verifying use the same few pairs over and over (a secret and its fallbacks).
const KEYED_CACHE_LEN: usize = 4;

type KeyedCache = Vec<(String, String, Hmac<Sha256>)>;

thread_local! {
    static KEYED_CACHE: RefCell<KeyedCache> = const { RefCell::new(Vec::new()) };
}

/// The HMAC state keyed for (key_salt, secret), from the per-thread cache when possible
/// (deriving it costs three SHA-256 blocks, more than signing a short value).
fn keyed_hmac(key_salt: &str, secret: &str) -> Hmac<Sha256> {
    let cached = KEYED_CACHE
        .try_with(|cell| {
            let cache = cell.try_borrow().ok()?;
            cache
                .iter()
                .find(|(salt, key, _)| salt == key_salt && key == secret)
                .map(|(_, _, mac)| mac.clone())
        })
        .ok()
        .flatten();
    if let Some(mac) = cached {
        return mac;
    }
    let mac = derive_keyed_hmac(key_salt, secret);
    let _ = KEYED_CACHE.try_with(|cell| {
        if let Ok(mut cache) = cell.try_borrow_mut() {
            cache.truncate(KEYED_CACHE_LEN - 1);
            cache.insert(0, (key_salt.to_owned(), secret.to_owned(), mac.clone()));
        }
    });
    mac
}

fn derive_keyed_hmac(key_salt: &str, secret: &str) -> Hmac<Sha256> {
    let derived_key = Sha256::new()
        .chain_update(key_salt.as_bytes())
        .chain_update(secret.as_bytes())
        .finalize();
    // HMAC zero-pads keys shorter than the hash's 64-byte block, so padding the 32-byte
    // derived key here gives the same MAC, through a constructor that cannot fail.
    let mut block_key = [0u8; 64];
    block_key[..32].copy_from_slice(&derived_key);
    <Hmac<Sha256> as KeyInit>::new(&block_key.into())
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
    fn cached_keys_never_leak_between_salts_or_secrets() {
        let pairs = [
            ("a", "x"),
            ("b", "x"),
            ("a", "y"),
            ("c", "z"),
            ("d", "w"),
            ("a", "x"),
        ];
        for (salt, secret) in pairs {
            let uncached = {
                let mut mac = derive_keyed_hmac(salt, secret);
                mac.update(b"v");
                <[u8; 32]>::from(mac.finalize().into_bytes())
            };
            assert_eq!(
                salted_hmac_sha256(salt, b"v", secret),
                uncached,
                "{salt} {secret}"
            );
        }
    }

    #[test]
    fn compare_requires_equal_length_and_content() {
        assert!(constant_time_compare(b"abc", b"abc"));
        assert!(!constant_time_compare(b"abc", b"abd"));
        assert!(!constant_time_compare(b"abc", b"abcd"));
        assert!(constant_time_compare(b"", b""));
    }
}
