//! `SessionBase.encode` / `SessionBase.decode` (`django/contrib/sessions/backends/base.py`):
//! how the db, cache and file engines turn a session dict into stored text and back.

use crate::json::{Dict, Value};
use crate::pickle::SessionPickle;
use crate::signing::{dumps, dumps_bytes, loads, loads_bytes, SigningError, SigningKeys};

use super::settings::Serializer;

/// The warning Django 4.2 emits each time a `PickleSerializer` is instantiated (every pickle
/// `signing.dumps`, and every pickle `signing.loads` that gets as far as deserializing).
pub const PICKLE_WARNING: &str = "RemovedInDjango50Warning: PickleSerializer is deprecated due to its security risk. Use JSONSerializer instead.";

/// `signing.dumps(value, salt=salt, compress=True, serializer=...)` with the session
/// serializer; `warn` is called when Django would emit [`PICKLE_WARNING`].
pub fn dumps_with(
    serializer: Serializer,
    pickle: &dyn SessionPickle,
    value: &Dict,
    secret: &str,
    salt: &str,
    now: f64,
    warn: &mut dyn FnMut(&str),
) -> String {
    match serializer {
        Serializer::Json => dumps(&Value::Dict(value.clone()), secret, salt, true, now),
        Serializer::Pickle => {
            warn(PICKLE_WARNING);
            dumps_bytes(
                &pickle.dumps(&Value::Dict(value.clone())),
                secret,
                salt,
                true,
                now,
            )
        }
    }
}

/// `signing.loads(signed, salt=salt, max_age=max_age, serializer=...)` with the session
/// serializer: the value (not necessarily a dict). A pickle is read as data
/// ([`SessionPickle::loads`]): code is refused, never run.
#[allow(clippy::too_many_arguments)]
pub fn loads_with(
    serializer: Serializer,
    pickle: &dyn SessionPickle,
    signed: &str,
    keys: &SigningKeys,
    salt: &str,
    max_age: Option<f64>,
    now: f64,
    warn: &mut dyn FnMut(&str),
) -> Result<Value, SigningError> {
    match serializer {
        Serializer::Json => loads(signed, keys, salt, max_age, now),
        Serializer::Pickle => {
            let data = loads_bytes(signed, keys, salt, max_age, now)?;
            warn(PICKLE_WARNING);
            pickle.loads(&data).map_err(|error| {
                SigningError::malformed(format!(
                    "the signature verified but the payload is not a pickle of session data: {error}"
                ))
            })
        }
    }
}

/// `encode(session_dict)` under `serializer`.
pub fn encode_with(
    serializer: Serializer,
    pickle: &dyn SessionPickle,
    session: &Dict,
    secret: &str,
    now: f64,
    warn: &mut dyn FnMut(&str),
) -> String {
    dumps_with(serializer, pickle, session, secret, STORE_SALT, now, warn)
}

/// `decode(session_data)` under `serializer`.
pub fn decode_with(
    serializer: Serializer,
    pickle: &dyn SessionPickle,
    data: &str,
    keys: &SigningKeys,
    now: f64,
    warn: &mut dyn FnMut(&str),
) -> Result<Dict, SigningError> {
    match loads_with(serializer, pickle, data, keys, STORE_SALT, None, now, warn)? {
        Value::Dict(dict) => Ok(dict),
        _ => Err(SigningError::MalformedPayload {
            reason: "the signed value is not a dict".to_owned(),
        }),
    }
}

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
