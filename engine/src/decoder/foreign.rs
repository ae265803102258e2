//! Values that are not Django's but are met in the same places: a JSON Web Token (PyJWT,
//! djangorestframework-simplejwt, any `Authorization: Bearer`) and a Flask session cookie
//! (itsdangerous' `URLSafeTimedSerializer`). Neither has Django's `:` separators; both use
//! `.`. They are recognised by their shape and read without a key (like Django's, their
//! contents are only signed, not encrypted).

use crate::compress::zlib_decompress;
use crate::json::{latin1_to_string, parse_python_json, Value};
use crate::signing::b64_decode;

/// A value recognised as another framework's.
#[derive(Clone, Debug, PartialEq)]
pub enum Foreign {
    /// `header.claims.signature` (RFC 7519), each part base64url; the header names `alg`.
    Jwt {
        /// The header (`{"alg": "HS256", "typ": "JWT"}`).
        header: Value,
        /// The claims, if they read as JSON (`sub`, `iat`, `exp`, ...).
        claims: Option<Value>,
    },
    /// itsdangerous' `URLSafeTimedSerializer` as Flask's `SecureCookieSessionInterface` uses
    /// it: `[.]base64(json or zlib(json)).base64(timestamp).base64(hmac)`.
    Flask {
        /// Whether the payload is zlib-compressed (a leading `.`).
        compressed: bool,
        /// When it was signed (itsdangerous' timestamp: big-endian seconds).
        signed_at: u64,
        /// The session, if it reads.
        data: Option<Value>,
    },
}

impl Foreign {
    /// What it is, in words.
    pub fn name(&self) -> &'static str {
        match self {
            Foreign::Jwt { .. } => "a JSON Web Token (JWT)",
            Foreign::Flask { .. } => "a Flask session cookie (itsdangerous URLSafeTimedSerializer)",
        }
    }

    /// What to do about it, in words.
    pub fn advice(&self) -> &'static str {
        match self {
            Foreign::Jwt { .. } => {
                "not a Django session value: a JWT is signed with the key of whatever issued \
                 it (for example djangorestframework-simplejwt's SIGNING_KEY) and checked by \
                 that library, never by signing.loads"
            }
            Foreign::Flask { .. } => {
                "not a Django session value: Flask signs its session cookie with app.secret_key \
                 (salt \"cookie-session\", HMAC-SHA1) through itsdangerous; Django's \
                 signing.loads cannot read it"
            }
        }
    }
}

fn is_base64url(text: &str) -> bool {
    text.bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn json_of(part: &str) -> Option<Value> {
    if part.is_empty() || !is_base64url(part) {
        return None;
    }
    let bytes = b64_decode(part.as_bytes()).ok()?;
    parse_python_json(&String::from_utf8(bytes).ok()?).ok()
}

/// Recognises a JWT or a Flask session cookie; `None` for anything else (a value with a `:`
/// is never one).
pub fn recognise(value: &str) -> Option<Foreign> {
    if value.contains(':') {
        return None;
    }
    jwt(value).or_else(|| flask(value))
}

fn jwt(value: &str) -> Option<Foreign> {
    let parts: Vec<&str> = value.split('.').collect();
    let [header, claims, signature] = parts.as_slice() else {
        return None;
    };
    if !is_base64url(signature) {
        return None;
    }
    let header = json_of(header)?;
    header.as_dict()?.get("alg")?;
    Some(Foreign::Jwt {
        header,
        claims: json_of(claims),
    })
}

fn flask(value: &str) -> Option<Foreign> {
    let (compressed, rest) = match value.strip_prefix('.') {
        Some(rest) => (true, rest),
        None => (false, value),
    };
    let parts: Vec<&str> = rest.split('.').collect();
    let [payload, timestamp, signature] = parts.as_slice() else {
        return None;
    };
    let shaped = [payload, timestamp, signature]
        .iter()
        .all(|part| !part.is_empty() && is_base64url(part));
    if !shaped || timestamp.len() > 11 {
        return None;
    }
    let stamp = b64_decode(timestamp.as_bytes()).ok()?;
    if stamp.is_empty() || stamp.len() > 8 {
        return None;
    }
    let signed_at = stamp.iter().fold(0u64, |n, &b| (n << 8) | u64::from(b));
    let bytes = b64_decode(payload.as_bytes()).ok()?;
    let bytes = if compressed {
        zlib_decompress(&bytes).ok()?
    } else {
        bytes
    };
    let data = parse_python_json(&latin1_to_string(&bytes)).ok();
    // A payload that is neither JSON nor zlib is not recognised: anything with two dots
    // would otherwise be "Flask".
    data.as_ref()?;
    Some(Foreign::Flask {
        compressed,
        signed_at,
        data,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pyjwt_token_is_a_jwt() {
        // PyJWT 2.15.1: jwt.encode({"sub": "42", "iat": 1760000000}, "jwt-secret")
        let token = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI0MiIsImlhdCI6MTc2MDAwMDAwMH0.8r5Jp24K-DN1XUQDpAcqQ9dh9fNGiGvrE0jJjE0GZA0";
        match recognise(token) {
            Some(Foreign::Jwt { header, claims }) => {
                assert_eq!(
                    header.as_dict().unwrap().get("alg").unwrap().as_str(),
                    Some("HS256")
                );
                let claims = claims.unwrap();
                assert_eq!(
                    claims.as_dict().unwrap().get("sub").unwrap().as_str(),
                    Some("42")
                );
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_flask_cookie_is_flask() {
        // Flask 3.1.3 (itsdangerous 2.2.0), compressed, signed at 1760000000.
        let cookie = ".eJyrVsrILC7JL6pUsopW0k9U0lHSTwIRySBilIuLG1sLAPEgQVE.aOd4AA.hiUx1zJzMiqwso4K-xG8sdnma_4";
        match recognise(cookie) {
            Some(Foreign::Flask {
                compressed,
                signed_at,
                data,
            }) => {
                assert!(compressed);
                assert_eq!(signed_at, 1_760_000_000);
                assert!(data.is_some());
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn django_values_and_junk_are_neither() {
        assert_eq!(
            recognise("eyJhIjoxfQ:1v6mOm:fihpYHBK_p9s0yHnl72HH4jrvTvdx3c4mySUZr-_D1A"),
            None
        );
        assert_eq!(recognise("not-a-cookie"), None);
        assert_eq!(recognise("a.b.c"), None);
        assert_eq!(recognise("k1q8w4mzu2c6x0r5t9y3e7p1a4s8d2f6"), None);
    }
}
