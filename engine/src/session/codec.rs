//! `SessionBase.encode` / `SessionBase.decode` (`django/contrib/sessions/backends/base.py`):
//! how the db, cache and file engines turn a session dict into stored text and back.

use crate::json::{Dict, Value};
use crate::signing::{dumps, loads, SigningError, SigningKeys};

/// `"django.contrib.sessions." + type(self).__qualname__`: every engine's class is called
/// `SessionStore`, so all of them share this salt.
pub const STORE_SALT: &str = "django.contrib.sessions.SessionStore";

/// The salt of the signed_cookies engine's cookie.
pub const SIGNED_COOKIE_SALT: &str = "django.contrib.sessions.backends.signed_cookies";

/// `encode(session_dict)`: `signing.dumps(dict, salt=STORE_SALT, compress=True)`.
pub fn encode(session: &Dict, secret: &str, now: f64) -> String {
    dumps(&Value::Dict(session.clone()), secret, STORE_SALT, true, now)
}

/// `decode(session_data)`: `signing.loads` with no age limit; every failure (bad signature,
/// malformed payload) gives an empty session, as Django swallows them all.
pub fn decode(data: &str, keys: &SigningKeys, now: f64) -> Result<Dict, SigningError> {
    match loads(data, keys, STORE_SALT, None, now)? {
        Value::Dict(dict) => Ok(dict),
        _ => Err(SigningError::MalformedPayload {
            reason: "the signed value is not a JSON object".to_owned(),
        }),
    }
}

/// `decode` as Django's callers see it: the dict, or `{}` on any failure.
pub fn decode_or_empty(data: &str, keys: &SigningKeys, now: f64) -> Dict {
    decode(data, keys, now).unwrap_or_default()
}
