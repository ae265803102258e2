//! The session auth hash: `AbstractBaseUser.get_session_auth_hash()` and
//! `_get_session_auth_hash(secret)` (`django/contrib/auth/base_user.py`), and the comparison
//! `get_user` and `login` make with `django.utils.crypto.constant_time_compare`.

use crate::json::Value;
use crate::signing::{constant_time_compare, salted_hmac_sha256};

/// The `key_salt` of `AbstractBaseUser._get_session_auth_hash`.
pub const SESSION_AUTH_HASH_SALT: &str =
    "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash";

/// `salted_hmac(SESSION_AUTH_HASH_SALT, password, secret=secret, algorithm="sha256")
/// .hexdigest()`: 64 lowercase hex digits. With `secret = SECRET_KEY` this is
/// `get_session_auth_hash()`; with each of `SECRET_KEY_FALLBACKS` it is what
/// `get_session_auth_fallback_hash()` yields.
pub fn session_auth_hash(password: &str, secret: &str) -> String {
    salted_hmac_sha256(SESSION_AUTH_HASH_SALT, password.as_bytes(), secret)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// `constant_time_compare(stored, digest)`: `force_bytes` turns a non-`str` value into the
/// bytes of `str(value)`. Only a `str` or an `int` can have a `str()` made of hex digits
/// (`None`, booleans, floats, lists and dicts never do), so every other value compares
/// unequal.
pub fn matches_session_hash(stored: &Value, digest: &str) -> bool {
    match stored {
        Value::Str(text) => constant_time_compare(text.as_bytes(), digest.as_bytes()),
        Value::Int(n) => constant_time_compare(n.as_str().as_bytes(), digest.as_bytes()),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::DEFAULT_SECRET_KEY;

    /// `User(password=...).get_session_auth_hash()` under the scenario's default
    /// `SECRET_KEY`, computed by Django 5.2 (the conformance trace `login_logout__db`).
    #[test]
    fn matches_django_for_user_2() {
        let password =
            "pbkdf2_sha256$1000000$oraclesalt2$cdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ01";
        assert_eq!(
            session_auth_hash(password, DEFAULT_SECRET_KEY),
            "72101f2a8751ea1aaa1e4329b40dc6208b35a150e267978a6633585523919ce6"
        );
    }

    #[test]
    fn the_secret_changes_the_hash() {
        assert_ne!(session_auth_hash("p", "a"), session_auth_hash("p", "b"));
    }

    #[test]
    fn an_int_compares_by_its_decimal_text() {
        let digest = "1".repeat(64);
        let int = Value::Int(crate::json::PyInt::parse(&digest).unwrap());
        assert!(matches_session_hash(&int, &digest));
        assert!(matches_session_hash(&Value::Str(digest.clone()), &digest));
        assert!(!matches_session_hash(&Value::Null, &digest));
        assert!(!matches_session_hash(&Value::from("1"), &digest));
    }
}
