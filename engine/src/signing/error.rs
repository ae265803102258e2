//! The three ways `signing.loads` can fail, as the session code and the UI need them.

use crate::compress::ZlibError;
use crate::json::python_float_repr;
use std::fmt;

/// Why `loads` refused a signed value.
#[derive(Clone, Debug, PartialEq)]
pub enum SigningError {
    /// Django's `BadSignature`: no separator, or no key produced the signature.
    BadSignature {
        /// What Django's exception says, e.g. `Signature "abc" does not match`.
        reason: String,
    },
    /// Django's `SignatureExpired`: the signature verified but `now - timestamp > max_age`.
    SignatureExpired {
        /// `time.time() - timestamp`, in seconds.
        age: f64,
        /// The `max_age` the caller allowed.
        max_age: f64,
    },
    /// The signature verified but the value inside could not be decoded (Django raises a
    /// non-signing exception here: `binascii.Error`, `zlib.error`, `JSONDecodeError`,
    /// `ValueError`, `IndexError`, …; session `decode()` swallows it and yields `{}`).
    MalformedPayload {
        /// What went wrong, in words, with the Python error text where there is one.
        reason: String,
    },
}

impl SigningError {
    /// The conformance vectors' name for this error: `"BadSignature"`, `"SignatureExpired"`
    /// or `"MalformedPayload"`.
    pub fn kind(&self) -> &'static str {
        match self {
            SigningError::BadSignature { .. } => "BadSignature",
            SigningError::SignatureExpired { .. } => "SignatureExpired",
            SigningError::MalformedPayload { .. } => "MalformedPayload",
        }
    }

    /// Whether this is the refusal of a payload that inflates past the page's one inflate
    /// limit, [`crate::compress::MAX_DECOMPRESSED_LEN`] (a [`SigningError::MalformedPayload`] whose reason names
    /// the limit; Django has no such limit and would decode the value).
    pub fn exceeds_inflate_limit(&self) -> bool {
        matches!(self, SigningError::MalformedPayload { reason } if *reason == inflate_limit_reason())
    }

    /// The error for a payload whose zlib data inflates past [`crate::compress::MAX_DECOMPRESSED_LEN`].
    pub(crate) fn inflate_limit_exceeded() -> SigningError {
        SigningError::malformed(inflate_limit_reason())
    }

    pub(crate) fn malformed(reason: impl Into<String>) -> SigningError {
        SigningError::MalformedPayload {
            reason: reason.into(),
        }
    }
}

impl fmt::Display for SigningError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SigningError::BadSignature { reason } => f.write_str(reason),
            SigningError::SignatureExpired { age, max_age } => write!(
                f,
                "Signature age {} > {} seconds",
                python_float_repr(*age),
                python_number_text(*max_age)
            ),
            SigningError::MalformedPayload { reason } => f.write_str(reason),
        }
    }
}

impl std::error::Error for SigningError {}

fn inflate_limit_reason() -> String {
    format!(
        "the signature verified but the payload was not decoded: {}",
        ZlibError::TooLarge
    )
}

/// How Python prints a `max_age` that was given as an `int` (integral values) or a `float`.
fn python_number_text(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e16 {
        format!("{}", x as i64)
    } else {
        python_float_repr(x)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_read_like_djangos() {
        let expired = SigningError::SignatureExpired {
            age: 1_209_600.5,
            max_age: 1_209_600.0,
        };
        assert_eq!(
            expired.to_string(),
            "Signature age 1209600.5 > 1209600 seconds"
        );
        assert_eq!(expired.kind(), "SignatureExpired");
        let bad = SigningError::BadSignature {
            reason: "Signature \"x\" does not match".into(),
        };
        assert_eq!(bad.kind(), "BadSignature");
        assert_eq!(SigningError::malformed("zlib").kind(), "MalformedPayload");
    }
}
