//! Django's base62 timestamps (`django/core/signing.py`, `b62_encode` / `b62_decode`,
//! alphabet `0-9A-Za-z`). Python ints have no size limit, so neither do these: values that do
//! not fit in an `i64` go through a small schoolbook bignum.

use crate::json::PyInt;
use crate::quoted::QuotedChar;
use std::fmt;

const ALPHABET: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// Why `b62_decode` raised.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Base62Error {
    /// `s[0]` on an empty string: `IndexError: string index out of range`.
    Empty,
    /// `BASE62_ALPHABET.index(digit)`: `ValueError: substring not found`.
    InvalidDigit(char),
}

impl fmt::Display for Base62Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Base62Error::Empty => f.write_str("empty base62 number (IndexError)"),
            Base62Error::InvalidDigit(ch) => {
                write!(
                    f,
                    "{ch:?} is not a base62 digit (ValueError)",
                    ch = QuotedChar(*ch),
                )
            }
        }
    }
}

impl std::error::Error for Base62Error {}

/// `b62_encode(s)`: `"0"` for zero, a `-` prefix for negatives.
pub fn b62_encode(n: i64) -> String {
    if n == 0 {
        return "0".to_owned();
    }
    let mut magnitude = n.unsigned_abs();
    let mut reversed = Vec::new();
    while magnitude > 0 {
        reversed.push(ALPHABET[(magnitude % 62) as usize]);
        magnitude /= 62;
    }
    let sign = if n < 0 { "-" } else { "" };
    let digits: String = reversed.iter().rev().map(|&b| char::from(b)).collect();
    format!("{sign}{digits}")
}

/// `b62_encode(int(x))` for a float: Python's `int()` truncates toward zero and is exact for
/// any finite float. Non-finite floats (where Python's `int()` raises) encode as `"0"`.
pub fn b62_encode_float_seconds(x: f64) -> String {
    let truncated = x.trunc();
    if !truncated.is_finite() {
        return "0".to_owned();
    }
    if truncated.abs() < 9.0e18 {
        return b62_encode(truncated as i64);
    }
    // `{:.0}` prints the exact integer value of the float.
    let decimal = format!("{:.0}", truncated.abs());
    let limbs = decimal.bytes().fold(Vec::new(), |limbs, b| {
        mul_add(limbs, 10, u32::from(b - b'0'))
    });
    let mut digits = to_radix(limbs, 62);
    digits.reverse();
    let text: String = digits
        .iter()
        .map(|&d| char::from(ALPHABET[d as usize]))
        .collect();
    if truncated < 0.0 {
        format!("-{text}")
    } else {
        text
    }
}

/// `b62_decode(s)`, exactly as Django does it: `"0"` is zero, a leading `-` negates what
/// follows (so `"-"` alone is zero), any other character is an error, and so is `""`.
pub fn b62_decode(text: &str) -> Result<PyInt, Base62Error> {
    if text.is_empty() {
        return Err(Base62Error::Empty);
    }
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let values = digits
        .chars()
        .map(|ch| digit_value(ch).ok_or(Base62Error::InvalidDigit(ch)))
        .collect::<Result<Vec<u32>, _>>()?;
    if values.len() <= 10 {
        // 62**10 < 2**63: fits an i64 with its sign.
        let magnitude = values.iter().fold(0i64, |acc, &d| acc * 62 + i64::from(d));
        return Ok(PyInt::from(if negative { -magnitude } else { magnitude }));
    }
    let limbs = values
        .iter()
        .fold(Vec::new(), |limbs, &d| mul_add(limbs, 62, d));
    let sign = if negative { "-" } else { "" };
    let magnitude = decimal_text(limbs);
    Ok(PyInt::parse(&format!("{sign}{magnitude}")).unwrap_or_else(|| PyInt::from(0)))
}

fn digit_value(ch: char) -> Option<u32> {
    match ch {
        '0'..='9' => Some(ch as u32 - '0' as u32),
        'A'..='Z' => Some(ch as u32 - 'A' as u32 + 10),
        'a'..='z' => Some(ch as u32 - 'a' as u32 + 36),
        _ => None,
    }
}

/// Little-endian base-2^32 limbs: `limbs * factor + addend`.
fn mul_add(mut limbs: Vec<u32>, factor: u32, addend: u32) -> Vec<u32> {
    let mut carry = u64::from(addend);
    for limb in &mut limbs {
        let product = u64::from(*limb) * u64::from(factor) + carry;
        *limb = product as u32;
        carry = product >> 32;
    }
    if carry > 0 {
        limbs.push(carry as u32);
    }
    limbs
}

/// Digits of the number in `radix`, least significant first (empty for zero).
fn to_radix(mut limbs: Vec<u32>, radix: u32) -> Vec<u32> {
    let mut digits = Vec::new();
    while limbs.iter().any(|&l| l != 0) {
        let mut remainder = 0u64;
        for limb in limbs.iter_mut().rev() {
            let current = (remainder << 32) | u64::from(*limb);
            *limb = (current / u64::from(radix)) as u32;
            remainder = current % u64::from(radix);
        }
        digits.push(remainder as u32);
        while limbs.last() == Some(&0) {
            limbs.pop();
        }
    }
    digits
}

fn decimal_text(limbs: Vec<u32>) -> String {
    let digits = to_radix(limbs, 10);
    if digits.is_empty() {
        return "0".to_owned();
    }
    digits
        .iter()
        .rev()
        .map(|&d| char::from(b'0' + d as u8))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_like_django() {
        assert_eq!(b62_encode(0), "0");
        assert_eq!(b62_encode(61), "z");
        assert_eq!(b62_encode(62), "10");
        assert_eq!(b62_encode(1_700_000_000), "1r31eq");
        assert_eq!(b62_encode(-62), "-10");
        assert_eq!(b62_encode(i64::MIN), "-AzL8n0Y58m8");
    }

    #[test]
    fn float_seconds_truncate_toward_zero_and_stay_exact_when_huge() {
        assert_eq!(b62_encode_float_seconds(1_700_000_000.9), "1r31eq");
        assert_eq!(b62_encode_float_seconds(-0.5), "0");
        assert_eq!(b62_encode_float_seconds(-61.9), "-z");
        // Python: b62_encode(int(2.0**70))
        assert_eq!(b62_encode_float_seconds(2f64.powi(70)), "Mgde9B8Mc7MW");
        assert_eq!(b62_encode_float_seconds(f64::NAN), "0");
    }

    #[test]
    fn decodes_like_django_including_quirks() {
        assert_eq!(b62_decode("1r31eq").unwrap().as_str(), "1700000000");
        assert_eq!(b62_decode("0").unwrap().as_str(), "0");
        assert_eq!(b62_decode("-").unwrap().as_str(), "0");
        assert_eq!(b62_decode("-10").unwrap().as_str(), "-62");
        assert_eq!(b62_decode("000z").unwrap().as_str(), "61");
        assert_eq!(b62_decode(""), Err(Base62Error::Empty));
        assert_eq!(b62_decode("1z!"), Err(Base62Error::InvalidDigit('!')));
        assert_eq!(
            b62_decode("-AzL8n0Y58m8").unwrap().as_str(),
            "-9223372036854775808"
        );
        assert_eq!(
            b62_decode("zzzzzzzzzzzzzzzzzzzz").unwrap().as_str(),
            "704423425546998022968330264616370175"
        );
    }
}
