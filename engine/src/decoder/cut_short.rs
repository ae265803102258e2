//! What a value that does not verify looks like, read without a key: a session key, a
//! signature of SHA-1's length, a value cut short (a browser keeps at most 4096 bytes of a
//! cookie's name and value and drops a longer cookie whole; a copy cut at some length does
//! not verify), something appended.

use super::model::is_session_key;
use crate::browser::MAX_COOKIE_BYTES;
use crate::signing::{payload_bytes, HashAlgorithm, SEPARATOR};

/// Hints about `value` (whose signature, after the last `:`, is `signature`), in words.
pub(super) fn hints(value: &str, signature: Option<&str>) -> Vec<String> {
    let mut hints = Vec::new();
    if is_session_key(value) {
        hints.push(
            "32 characters a-z0-9: a session key of the db, cache, cached_db or file backend. \
             It is not signed and holds no data: the session is on the server, in the \
             django_session row, cache entry or file this key names."
                .to_owned(),
        );
    }
    if value.len() + "sessionid=".len() >= MAX_COOKIE_BYTES - 96 {
        hints.push(format!(
            "{} bytes: a browser keeps at most {MAX_COOKIE_BYTES} bytes of a cookie's name and \
             value and drops a longer cookie whole (Django then sees no cookie); a value \
             copied or stored cut at about that length no longer verifies",
            value.len()
        ));
    }
    let Some(signature) = signature else {
        return hints;
    };
    let sha256 = HashAlgorithm::Sha256.signature_len();
    let sha1 = HashAlgorithm::Sha1.signature_len();
    match signature.len() {
        n if n == sha256 => {}
        n if n == sha1 => hints.push(format!(
            "the signature has {sha1} characters, the length of an HMAC-SHA1 signature (Django \
             before 3.1, or DEFAULT_HASHING_ALGORITHM = \"sha1\"): none of the keys makes it \
             with SHA-1 either"
        )),
        n if n < sha256 => hints.push(format!(
            "the signature has {n} characters where Django's have {sha256} (SHA-256) or {sha1} \
             (SHA-1): the value was cut short"
        )),
        n => hints.push(format!(
            "the signature has {n} characters, more than any Django signature ({sha256}): \
             something was added after it"
        )),
    }
    let before = value.rsplit_once(SEPARATOR).map_or(value, |(v, _)| v);
    match before.rsplit_once(SEPARATOR) {
        None => hints.push(
            "only one \":\": payload:signature is what Signer.sign makes; signing.dumps and \
             the session backends make payload:timestamp:signature"
                .to_owned(),
        ),
        Some((payload, _)) => {
            if let Err(error) = payload_bytes(payload) {
                let text = error.to_string();
                let text = text
                    .strip_prefix("the signature verified but ")
                    .unwrap_or(&text);
                hints.push(format!(
                    "read without a key, {text}: the value was cut short or altered"
                ));
            }
        }
    }
    hints
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::Value;
    use crate::signing::dumps;

    #[test]
    fn a_cut_value_says_so() {
        let big: Vec<Value> = (0..400).map(|i| Value::from(format!("item-{i}"))).collect();
        let value = dumps(&Value::List(big), "k", "s", true, 1_760_000_000.0);
        let cut = &value[..value.len() - 10];
        let found = hints(cut, cut.rsplit_once(':').map(|(_, s)| s));
        assert!(found.iter().any(|h| h.contains("cut short")), "{found:?}");
        let whole = hints(&value, value.rsplit_once(':').map(|(_, s)| s));
        assert!(whole.is_empty(), "{whole:?}");
    }

    #[test]
    fn sha1_length_session_keys_and_size() {
        let sha1 = hints(
            "eyJhIjoxfQ:1v6mOm:DddcBZ8LoLcFs2aPaqnUPokEYnk",
            Some("DddcBZ8LoLcFs2aPaqnUPokEYnk"),
        );
        assert!(sha1[0].contains("HMAC-SHA1"), "{sha1:?}");
        let key = hints("k1q8w4mzu2c6x0r5t9y3e7p1a4s8d2f6", None);
        assert!(key[0].contains("session key"));
        let long = "a".repeat(4090);
        assert!(hints(&long, None)[0].contains("4096"));
    }
}
