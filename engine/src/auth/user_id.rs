//! Reading `_auth_user_id` back: `django.contrib.auth._get_user_session_key` passes the
//! stored value to the user model's primary key, `AutoField.to_python`
//! (`django/db/models/fields/__init__.py`, `IntegerField.to_python`): `None` stays `None`,
//! anything else goes through Python's `int(value)`; a `TypeError` or `ValueError` there
//! becomes a `ValidationError`.

use crate::json::{PyInt, Value};
use crate::session::SessionError;

/// What `AutoField.to_python(session["_auth_user_id"])` returns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UserId {
    /// `None` (the session held `null`).
    None,
    /// An integer. Only integers that fit a database `INTEGER` can name a user; Django's
    /// `IntegerFieldExact` lookup answers "no rows" for the others.
    Int(PyInt),
}

impl UserId {
    /// The primary key it names, if it fits an `i64`.
    pub fn pk(&self) -> Option<i64> {
        match self {
            UserId::None => None,
            UserId::Int(n) => n.to_i64(),
        }
    }
}

/// `AutoField.to_python(value)` (see the module documentation).
pub fn user_id_to_python(value: &Value) -> Result<UserId, SessionError> {
    let invalid =
        || SessionError::ValidationError(format!("“{}” value must be an integer.", short(value)));
    match value {
        Value::Null => Ok(UserId::None),
        Value::Bool(b) => Ok(UserId::Int(PyInt::from(i64::from(*b)))),
        Value::Int(n) => Ok(UserId::Int(n.clone())),
        Value::Float(x) if x.is_nan() => Err(invalid()),
        // `int(inf)` raises OverflowError, which `to_python` does not catch.
        Value::Float(x) if x.is_infinite() => Err(SessionError::OverflowError(
            "cannot convert float infinity to integer".to_owned(),
        )),
        Value::Float(x) => Ok(UserId::Int(float_to_int(*x))),
        Value::Str(text) => python_int_from_str(text)
            .map(UserId::Int)
            .ok_or_else(invalid),
        Value::List(_) | Value::Dict(_) => Err(invalid()),
    }
}

fn short(value: &Value) -> String {
    let text = crate::json::to_python_json(value);
    text.chars().take(40).collect()
}

/// `int(x)` for a finite float: truncation toward zero, exact (an integral `f64` written out
/// in full).
fn float_to_int(x: f64) -> PyInt {
    let truncated = x.trunc();
    if truncated.abs() < 9.0e15 {
        return PyInt::from(truncated as i64);
    }
    // |x| >= 9e15: already integral; write mantissa * 2^exponent out in decimal.
    let bits = truncated.abs().to_bits();
    let exponent = ((bits >> 52) & 0x7ff) as i32 - 1075;
    let mantissa = (bits & ((1u64 << 52) - 1)) | (1u64 << 52);
    let mut digits = decimal_digits(mantissa);
    for _ in 0..exponent.max(0) {
        double_in_place(&mut digits);
    }
    let text: String = digits.iter().rev().map(|d| char::from(b'0' + d)).collect();
    let signed = if x < 0.0 { format!("-{text}") } else { text };
    PyInt::parse(&signed).unwrap_or_else(|| PyInt::from(0))
}

/// Little-endian decimal digits of `n`.
fn decimal_digits(mut n: u64) -> Vec<u8> {
    let mut digits = Vec::new();
    while n > 0 {
        digits.push((n % 10) as u8);
        n /= 10;
    }
    digits
}

fn double_in_place(digits: &mut Vec<u8>) {
    let mut carry = 0;
    for digit in digits.iter_mut() {
        let doubled = *digit * 2 + carry;
        *digit = doubled % 10;
        carry = doubled / 10;
    }
    if carry > 0 {
        digits.push(carry);
    }
}

/// CPython's limit on the digits `int(str)` converts (`sys.int_info.default_max_str_digits`).
const MAX_STR_DIGITS: usize = 4300;

/// First code points of the Unicode (14.0, Python 3.11) runs of ten decimal digits 0–9
/// beyond ASCII, which `int()` accepts as digits (`Py_UNICODE_TODECIMAL`).
const DECIMAL_RUN_STARTS: [u32; 65] = [
    0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66, 0xDE6,
    0xE50, 0xED0, 0xF20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90, 0x1B50,
    0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10,
    0x104A0, 0x10D30, 0x11066, 0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0, 0x11650,
    0x116C0, 0x11730, 0x118E0, 0x11950, 0x11C50, 0x11D50, 0x11DA0, 0x16A60, 0x16AC0, 0x16B50,
    0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6, 0x1E140, 0x1E2F0, 0x1E950, 0x1FBF0,
];

fn unicode_decimal(c: char) -> Option<u8> {
    let code = u32::from(c);
    DECIMAL_RUN_STARTS
        .iter()
        .find(|&&start| (start..start + 10).contains(&code))
        .map(|start| (code - start) as u8)
}

/// Python's `int(text)` (base 10), `None` where it raises `ValueError`.
///
/// As CPython does (`_PyUnicode_TransformDecimalAndSpaceToASCII`, then
/// `PyLong_FromString`): a non-ASCII string first has its whitespace turned into spaces and
/// its Unicode decimal digits into ASCII ones; then surrounding ASCII whitespace is allowed,
/// an optional sign, and digits with single underscores between them; at most 4300 digits.
pub fn python_int_from_str(text: &str) -> Option<PyInt> {
    let ascii: String = if text.is_ascii() {
        text.to_owned()
    } else {
        text.chars()
            .map(|c| match c {
                c if c.is_ascii() => Some(c),
                c if c.is_whitespace() => Some(' '),
                c => unicode_decimal(c).map(|d| char::from(b'0' + d)),
            })
            .collect::<Option<String>>()?
    };
    let trimmed =
        ascii.trim_matches(|c: char| matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c'));
    let (negative, body) = match trimmed.as_bytes().first() {
        Some(b'-') => (true, &trimmed[1..]),
        Some(b'+') => (false, &trimmed[1..]),
        _ => (false, trimmed),
    };
    let valid_underscores = !body.starts_with('_') && !body.ends_with('_') && !body.contains("__");
    let digits: String = body.chars().filter(|&c| c != '_').collect();
    if digits.is_empty()
        || !valid_underscores
        || !digits.bytes().all(|b| b.is_ascii_digit())
        || digits.len() > MAX_STR_DIGITS
    {
        return None;
    }
    PyInt::parse(&if negative {
        format!("-{digits}")
    } else {
        digits
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn int(text: &str) -> Option<String> {
        python_int_from_str(text).map(|n| n.as_str().to_owned())
    }

    #[test]
    fn python_int_accepts_what_cpython_accepts() {
        assert_eq!(int("1").as_deref(), Some("1"));
        assert_eq!(int(" +007 \n").as_deref(), Some("7"));
        assert_eq!(int("-1_000").as_deref(), Some("-1000"));
        assert_eq!(int("\u{661}\u{662}").as_deref(), Some("12"));
        assert_eq!(int("\u{3000}3\u{a0}").as_deref(), Some("3"));
        assert_eq!(int("0").as_deref(), Some("0"));
    }

    #[test]
    fn python_int_rejects_what_cpython_rejects() {
        for text in [
            "", " ", "1.0", "1__0", "_1", "1_", "0x1", "abc", "\x1c1", "1 2", "+", "²",
        ] {
            assert_eq!(int(text), None, "{text:?}");
        }
        assert_eq!(int(&"1".repeat(4301)), None);
        assert!(int(&"1".repeat(4300)).is_some());
    }

    #[test]
    fn to_python_follows_integer_field() {
        let pk = |v: Value| user_id_to_python(&v).map(|id| id.pk());
        assert_eq!(pk(Value::from("2")), Ok(Some(2)));
        assert_eq!(pk(Value::Bool(true)), Ok(Some(1)));
        assert_eq!(pk(Value::Float(2.9)), Ok(Some(2)));
        assert_eq!(pk(Value::Float(-0.5)), Ok(Some(0)));
        assert_eq!(user_id_to_python(&Value::Null), Ok(UserId::None));
        assert!(matches!(
            user_id_to_python(&Value::from("x")),
            Err(SessionError::ValidationError(_))
        ));
        assert!(matches!(
            user_id_to_python(&Value::List(vec![])),
            Err(SessionError::ValidationError(_))
        ));
        assert!(matches!(
            user_id_to_python(&Value::Float(f64::INFINITY)),
            Err(SessionError::OverflowError(_))
        ));
        assert!(matches!(
            user_id_to_python(&Value::Float(f64::NAN)),
            Err(SessionError::ValidationError(_))
        ));
    }

    #[test]
    fn big_floats_are_written_out_exactly() {
        assert_eq!(float_to_int(1e16).as_str(), "10000000000000000");
        assert_eq!(
            float_to_int(-2f64.powi(70)).as_str(),
            "-1180591620717411303424"
        );
        assert_eq!(float_to_int(1e300).as_str().len(), 301);
    }
}
