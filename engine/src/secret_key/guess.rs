//! Which `SECRET_KEY` signed a value: each candidate key checked against the signature the way
//! `Signer.unsign` checks one key (`django/core/signing.py`), as fast as SHA-256 allows.
//!
//! Django's signature is `b64_encode(salted_hmac(salt + "signer", value, key).digest())`
//! (`Signer.signature`), and `salted_hmac` (`django/utils/crypto.py`) is
//! `HMAC-SHA256(key=SHA-256(key_salt + secret), msg=value)`. So each candidate costs the key
//! derivation (SHA-256 of the salt and the candidate: one compression, two when salt and
//! candidate pass 55 bytes), the HMAC's inner and outer key blocks (two), the value's blocks
//! (one per 64 bytes, and the padding) and the outer hash's last block (one): six for a
//! signed_cookies cookie of up to 55 bytes before its signature and a 50-character key, one
//! more for every 64 bytes more.
//!
//! Everything that does not depend on the candidate is done once in [`GuessTarget::new`]: the
//! signature decoded to the eight words the outer hash must end with, the value's padded
//! blocks, and the state after the salt's whole blocks. A candidate then allocates nothing.
//! Django compares the signature's base64 text; comparing the decoded words is the same test
//! because the signature is checked to be the canonical encoding of its bytes first.

use super::sha256_blocks::{digest_bytes, padded_blocks, Block, Midstate, INITIAL_STATE};
use crate::quoted::Quoted;
use crate::signing::{b64_decode, b64_encode, SigningKeys, TimestampSigner, SEPARATOR};

/// Why a value cannot be checked against keys.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GuessError {
    /// No `:`: not a signed value.
    NotSigned,
    /// 32 characters of `a-z0-9`: a session key of the db, cache, cached_db or file backend,
    /// which is not signed.
    SessionKey,
    /// A 27-character signature: HMAC-SHA1, as Django before 3.1 signed (`Signer` used
    /// `salted_hmac` with SHA-1 until `algorithm` came in 3.1); only SHA-256 is tried.
    Sha1Signature,
    /// The text after the last `:` is not a base64 SHA-256 signature that a key could make.
    MalformedSignature {
        /// The text.
        signature: String,
    },
}

impl std::fmt::Display for GuessError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GuessError::NotSigned => write!(
                f,
                "no \":\" in the value: it is not a signed value, so no key signed it"
            ),
            GuessError::SessionKey => write!(
                f,
                "a session key (32 characters a-z0-9) of the db, cache, cached_db or file \
                 backend: it is not signed; its data is on the server"
            ),
            GuessError::Sha1Signature => write!(
                f,
                "a 27-character signature is HMAC-SHA1, as Django before 3.1 signed; only \
                 SHA-256 signatures (Django 3.1 and later) are tried"
            ),
            GuessError::MalformedSignature { signature } => write!(
                f,
                "the signature {signature:?} is not the URL-safe base64 of a SHA-256 HMAC \
                 (43 characters): no key makes it",
                signature = Quoted(signature),
            ),
        }
    }
}

impl std::error::Error for GuessError {}

/// One salt's share of the work.
#[derive(Clone, Debug)]
struct SaltedTarget {
    salt: String,
    /// SHA-256 after `salt + "signer"`'s whole blocks.
    key_derivation: Midstate,
}

/// A signed value, ready for many candidate keys.
#[derive(Clone, Debug)]
pub struct GuessTarget {
    salts: Vec<SaltedTarget>,
    /// Everything before the last `:`, as the HMAC's inner hash reads it after the key block.
    message_blocks: Vec<Block>,
    /// The state the outer hash must end in.
    expected: [u32; 8],
}

impl GuessTarget {
    /// `value` (surrounding whitespace ignored) checked with each of `salts` in order (an
    /// empty salt is `TimestampSigner`'s default, `"django.core.signing.TimestampSigner"`, as
    /// `signing.loads(salt="")` uses it).
    pub fn new<S: AsRef<str>>(value: &str, salts: &[S]) -> Result<GuessTarget, GuessError> {
        let value = value.trim();
        if crate::decoder::is_session_key(value) {
            return Err(GuessError::SessionKey);
        }
        let (message, signature) = value.rsplit_once(SEPARATOR).ok_or(GuessError::NotSigned)?;
        let decoded = b64_decode(signature.as_bytes()).ok();
        let expected: [u8; 32] = match decoded.as_deref() {
            Some(bytes) if bytes.len() == 20 => return Err(GuessError::Sha1Signature),
            Some(bytes) => bytes
                .try_into()
                .ok()
                .filter(|bytes: &[u8; 32]| b64_encode(bytes) == signature)
                .ok_or_else(|| GuessError::MalformedSignature {
                    signature: signature.to_owned(),
                })?,
            None => {
                return Err(GuessError::MalformedSignature {
                    signature: signature.to_owned(),
                })
            }
        };
        let no_keys = SigningKeys::default();
        let salts = salts
            .iter()
            .map(|salt| {
                let salt = TimestampSigner::new(&no_keys, salt.as_ref())
                    .salt()
                    .to_owned();
                let key_salt = format!("{salt}signer");
                SaltedTarget {
                    key_derivation: Midstate::after(key_salt.as_bytes()),
                    salt,
                }
            })
            .collect();
        let mut expected_words = [0u32; 8];
        for (word, chunk) in expected_words.iter_mut().zip(expected.chunks_exact(4)) {
            *word = u32::from_be_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]);
        }
        Ok(GuessTarget {
            salts,
            message_blocks: padded_blocks(64, message.as_bytes()),
            expected: expected_words,
        })
    }

    /// The salts tried, in order (after the empty-salt default).
    pub fn salts(&self) -> impl Iterator<Item = &str> {
        self.salts.iter().map(|s| s.salt.as_str())
    }

    /// Which salt (its index in [`GuessTarget::salts`]) makes the signature with `key` as
    /// `SECRET_KEY` (its UTF-8 bytes, as `force_bytes` gives them), if any.
    pub fn check(&self, key: &[u8]) -> Option<usize> {
        self.salts
            .iter()
            .position(|salted| self.signed_with(salted, key))
    }

    fn signed_with(&self, salted: &SaltedTarget, key: &[u8]) -> bool {
        let derived = digest_bytes(&salted.key_derivation.finish(key));
        // HMAC (RFC 2104) with the 32-byte derived key zero-padded to the 64-byte block.
        let mut block = Block::default();
        for (i, byte) in block.iter_mut().enumerate() {
            *byte = derived.get(i).copied().unwrap_or(0) ^ 0x36;
        }
        let mut inner = INITIAL_STATE;
        sha2::compress256(&mut inner, core::slice::from_ref(&block));
        sha2::compress256(&mut inner, &self.message_blocks);
        for (i, byte) in block.iter_mut().enumerate() {
            *byte = derived.get(i).copied().unwrap_or(0) ^ 0x5c;
        }
        let mut outer = INITIAL_STATE;
        sha2::compress256(&mut outer, core::slice::from_ref(&block));
        block[..32].copy_from_slice(&digest_bytes(&inner));
        block[32] = 0x80;
        block[33..56].fill(0);
        block[56..].copy_from_slice(&((64u64 + 32) * 8).to_be_bytes());
        sha2::compress256(&mut outer, core::slice::from_ref(&block));
        outer == self.expected
    }

    /// How many SHA-256 compressions checking a key of `key_len` bytes makes when no salt
    /// matches (every salt tried).
    pub fn compressions_per_key(&self, key_len: usize) -> usize {
        self.salts
            .iter()
            .map(|salted| {
                salted.key_derivation.compressions_for(key_len) + 2 + self.message_blocks.len() + 1
            })
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decoder::KNOWN_SALTS;
    use crate::json::Value;
    use crate::session::{DEFAULT_SECRET_KEY, SIGNED_COOKIE_SALT, STORE_SALT};
    use crate::signing::{dumps, Signer, DEFAULT_SALT};

    /// From the conformance trace cart_basic__signed_cookies (real Django 5.2).
    const DJANGO_COOKIE: &str =
        "eyJjYXJ0Ijp7InAxIjoyfX0:1r31eq:ftez7rwYyN3H8t-vDufJ-pYL05MSn3jAFIO0sWBFNkI";

    fn known_salts() -> Vec<&'static str> {
        KNOWN_SALTS.iter().map(|k| k.salt).collect()
    }

    #[test]
    fn a_real_django_cookie_is_found_with_its_key_and_salt() {
        let target = GuessTarget::new(DJANGO_COOKIE, &known_salts()).unwrap();
        assert_eq!(target.check(DEFAULT_SECRET_KEY.as_bytes()), Some(0));
        assert_eq!(target.check(b"another key"), None);
        let mut near = DEFAULT_SECRET_KEY.as_bytes().to_vec();
        near.push(b' ');
        assert_eq!(target.check(&near), None, "a trailing space is another key");
        let wrong_salt = GuessTarget::new(DJANGO_COOKIE, &[STORE_SALT]).unwrap();
        assert_eq!(wrong_salt.check(DEFAULT_SECRET_KEY.as_bytes()), None);
    }

    #[test]
    fn agrees_with_signer_for_every_key_and_value_length() {
        let salts = [
            SIGNED_COOKIE_SALT,
            STORE_SALT,
            DEFAULT_SALT,
            "",
            "s".repeat(70).leak(),
        ];
        for key_len in [0, 1, 5, 10, 50, 55, 56, 64, 66, 120, 200] {
            let key: String = (0..key_len)
                .map(|i| (b'!' + (i * 7 % 90) as u8) as char)
                .collect();
            let keys = SigningKeys::new(key.clone());
            for value_len in [0, 1, 40, 46, 47, 55, 64, 119, 500] {
                for (index, salt) in salts.iter().enumerate() {
                    let value = "v".repeat(value_len);
                    let timestamped = format!("{value}:1r31eq");
                    let signed = TimestampSigner::new(&keys, salt)
                        .plain_signer()
                        .sign(&timestamped);
                    let target = GuessTarget::new(&signed, &salts).unwrap();
                    assert_eq!(
                        target.check(key.as_bytes()),
                        Some(index),
                        "key {key_len} value {value_len} salt {salt:?}"
                    );
                }
            }
        }
        let non_ascii = SigningKeys::new("clé-secrète");
        let signed = Signer::new(&non_ascii, "x").sign("v");
        let target = GuessTarget::new(&signed, &["x"]).unwrap();
        assert_eq!(target.check("clé-secrète".as_bytes()), Some(0));
    }

    #[test]
    fn a_cookie_made_by_dumps_is_found_whatever_the_salt_order() {
        let cookie = dumps(&Value::from("hi"), "k3y", STORE_SALT, true, 1.7e9);
        let target = GuessTarget::new(&format!("  {cookie}\n"), &known_salts()).unwrap();
        assert_eq!(target.check(b"k3y"), Some(1));
        assert_eq!(target.salts().nth(1), Some(STORE_SALT));
        let default = GuessTarget::new(&cookie, &[""]).unwrap();
        assert_eq!(
            default.salts().collect::<Vec<_>>(),
            ["django.core.signing.TimestampSigner"]
        );
    }

    #[test]
    fn what_cannot_be_checked_says_why() {
        assert_eq!(
            GuessTarget::new("abcdefghijklmnopqrstuvwxyz012345", &[""]).unwrap_err(),
            GuessError::SessionKey
        );
        assert_eq!(
            GuessTarget::new("hello", &[""]).unwrap_err(),
            GuessError::NotSigned
        );
        // Django 3.0's SHA-1 signature: 27 characters.
        assert_eq!(
            GuessTarget::new("eyJhIjoxfQ:1r31eq:2jmj7l5rSw0yVb_vlWAYkK_YBwk", &[""]).unwrap_err(),
            GuessError::Sha1Signature
        );
        for signature in ["short", "ftez7rwYyN3H8t-vDufJ-pYL05MSn3jAFIO0sWBFNkJ", "!!"] {
            let value = format!("eyJhIjoxfQ:1r31eq:{signature}");
            assert!(
                matches!(
                    GuessTarget::new(&value, &[""]).unwrap_err(),
                    GuessError::MalformedSignature { .. }
                ),
                "{signature}"
            );
        }
        assert!(GuessError::Sha1Signature.to_string().contains("3.1"));
    }

    #[test]
    fn a_short_cookie_and_a_50_character_key_take_six_compressions() {
        let target = GuessTarget::new(DJANGO_COOKIE, &[SIGNED_COOKIE_SALT]).unwrap();
        // 53-byte key salt + 50-byte key + padding: two blocks; value of 30 bytes: one.
        assert_eq!(target.compressions_per_key(50), 2 + 2 + 1 + 1);
        assert_eq!(target.compressions_per_key(2), 1 + 2 + 1 + 1);
        let all = GuessTarget::new(DJANGO_COOKIE, &known_salts()).unwrap();
        assert_eq!(all.compressions_per_key(50), 6 + 6 + 6);
    }
}
