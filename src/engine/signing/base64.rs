//! Django's URL-safe base64 (`django/core/signing.py`, `b64_encode` / `b64_decode`), with the
//! leniency of CPython's non-strict `binascii.a2b_base64` that `base64.urlsafe_b64decode`
//! relies on.

use std::fmt;

const URLSAFE_ALPHABET: &[u8; 64] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Why `binascii.a2b_base64` refused its input (`binascii.Error`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Base64Error {
    /// The data characters stopped partway through a 4-character group (2 or 3 left over)
    /// and no padding closed it.
    IncorrectPadding,
    /// One data character was left over after the last complete group: no input encodes to
    /// that. Carries the count CPython reports.
    OneMoreThanMultipleOfFour {
        /// "number of data characters" as CPython computes it.
        data_characters: usize,
    },
}

impl fmt::Display for Base64Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Base64Error::IncorrectPadding => f.write_str("Incorrect padding"),
            Base64Error::OneMoreThanMultipleOfFour { data_characters } => write!(
                f,
                "Invalid base64-encoded string: number of data characters ({data_characters}) \
                 cannot be 1 more than a multiple of 4"
            ),
        }
    }
}

impl std::error::Error for Base64Error {}

/// `b64_encode(s)` = `base64.urlsafe_b64encode(s).strip(b"=")`: `-` and `_` instead of `+`
/// and `/`, no padding.
pub fn b64_encode(data: &[u8]) -> String {
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let group = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for index in 0..=chunk.len() {
            let sextet = (group >> (18 - 6 * index)) & 0x3f;
            out.push(char::from(URLSAFE_ALPHABET[sextet as usize]));
        }
    }
    out
}

/// `b64_decode(s)` = `base64.urlsafe_b64decode(s + b"=" * (-len(s) % 4))`.
///
/// Like CPython (`Modules/binascii.c`, `binascii_a2b_base64_impl` with `strict_mode=False`):
/// both alphabets are accepted (`-`/`+` and `_`/`/`), every other non-`=` byte is skipped,
/// `=` ends the data once it completes a group (anything after is ignored) and is otherwise
/// ignored, and a group left unfinished is an error.
pub fn b64_decode(text: &[u8]) -> Result<Vec<u8>, Base64Error> {
    let padding = (4 - text.len() % 4) % 4;
    let padded = text
        .iter()
        .copied()
        .chain(std::iter::repeat_n(b'=', padding));
    a2b_base64_lenient(padded)
}

/// CPython's non-strict `binascii.a2b_base64`, after the URL-safe translation.
fn a2b_base64_lenient(input: impl Iterator<Item = u8>) -> Result<Vec<u8>, Base64Error> {
    let mut out = Vec::new();
    let mut quad_pos = 0u8;
    let mut left = 0u8;
    let mut pads = 0u8;
    for byte in input {
        if byte == b'=' {
            // `quad_pos >= 2 && quad_pos + ++pads >= 4`: pads only count after 2 data chars.
            if quad_pos >= 2 {
                pads += 1;
                if quad_pos + pads >= 4 {
                    return Ok(out);
                }
            }
            continue;
        }
        let Some(sextet) = sextet_of(byte) else {
            continue;
        };
        pads = 0;
        match quad_pos {
            0 => left = sextet,
            1 => {
                out.push((left << 2) | (sextet >> 4));
                left = sextet & 0x0f;
            }
            2 => {
                out.push((left << 4) | (sextet >> 2));
                left = sextet & 0x03;
            }
            _ => out.push((left << 6) | sextet),
        }
        quad_pos = (quad_pos + 1) % 4;
    }
    match quad_pos {
        0 => Ok(out),
        1 => Err(Base64Error::OneMoreThanMultipleOfFour {
            data_characters: out.len() / 3 * 4 + 1,
        }),
        _ => Err(Base64Error::IncorrectPadding),
    }
}

/// The 6-bit value of a base64 character in either alphabet, `None` for anything else.
fn sextet_of(byte: u8) -> Option<u8> {
    match byte {
        b'A'..=b'Z' => Some(byte - b'A'),
        b'a'..=b'z' => Some(byte - b'a' + 26),
        b'0'..=b'9' => Some(byte - b'0' + 52),
        b'-' | b'+' => Some(62),
        b'_' | b'/' => Some(63),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encode_is_urlsafe_without_padding() {
        assert_eq!(b64_encode(b""), "");
        assert_eq!(b64_encode(b"f"), "Zg");
        assert_eq!(b64_encode(b"fo"), "Zm8");
        assert_eq!(b64_encode(b"foo"), "Zm9v");
        assert_eq!(b64_encode(&[0xfb, 0xff, 0xfe]), "-__-");
        assert_eq!(b64_encode(b"\"hello\""), "ImhlbGxvIg");
    }

    #[test]
    fn decode_round_trips_every_length() {
        let data: Vec<u8> = (0..=255).collect();
        for len in 0..data.len() {
            let encoded = b64_encode(&data[..len]);
            assert_eq!(b64_decode(encoded.as_bytes()).unwrap(), &data[..len]);
        }
    }

    #[test]
    fn decode_is_lenient_like_cpython() {
        assert_eq!(b64_decode(b"Zm9v").unwrap(), b"foo");
        assert_eq!(b64_decode(b"Zg==").unwrap(), b"f");
        assert_eq!(b64_decode(b"+/+/").unwrap(), b64_decode(b"-_-_").unwrap());
        assert_eq!(b64_decode(b"ab!!cd").unwrap(), b"i\xb7\x1d");
        assert_eq!(b64_decode(b"abc=d").unwrap(), b"i\xb7");
        assert_eq!(b64_decode(b"ab==cd").unwrap(), b"i");
        assert_eq!(b64_decode(b"ab=c==").unwrap(), b"i\xb7");
        assert_eq!(b64_decode("Zm9v\u{e9}".as_bytes()).unwrap(), b"foo");
    }

    #[test]
    fn decode_errors_match_binascii() {
        assert_eq!(b64_decode(b"ab=c"), Err(Base64Error::IncorrectPadding));
        assert_eq!(b64_decode(b"=abc"), Err(Base64Error::IncorrectPadding));
        assert_eq!(
            b64_decode(b"abcde").unwrap_err().to_string(),
            "Invalid base64-encoded string: number of data characters (5) cannot be 1 more \
             than a multiple of 4"
        );
        assert_eq!(
            b64_decode(b"a"),
            Err(Base64Error::OneMoreThanMultipleOfFour { data_characters: 1 })
        );
    }
}
