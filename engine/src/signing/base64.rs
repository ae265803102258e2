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
    let mut out = Vec::with_capacity(data.len().div_ceil(3) * 4);
    let sextet = |group: u32, shift: u32| URLSAFE_ALPHABET[((group >> shift) & 0x3f) as usize];
    let mut chunks = data.chunks_exact(3);
    for chunk in &mut chunks {
        let group = (u32::from(chunk[0]) << 16) | (u32::from(chunk[1]) << 8) | u32::from(chunk[2]);
        out.extend_from_slice(&[
            sextet(group, 18),
            sextet(group, 12),
            sextet(group, 6),
            sextet(group, 0),
        ]);
    }
    match *chunks.remainder() {
        [a] => {
            let group = u32::from(a) << 16;
            out.extend_from_slice(&[sextet(group, 18), sextet(group, 12)]);
        }
        [a, b] => {
            let group = (u32::from(a) << 16) | (u32::from(b) << 8);
            out.extend_from_slice(&[sextet(group, 18), sextet(group, 12), sextet(group, 6)]);
        }
        _ => {}
    }
    // Every byte pushed comes from the ASCII alphabet, so this is always valid UTF-8.
    String::from_utf8(out).unwrap_or_default()
}

/// `b64_decode(s)` = `base64.urlsafe_b64decode(s + b"=" * (-len(s) % 4))`.
///
/// Like CPython (`Modules/binascii.c`, `binascii_a2b_base64_impl` with `strict_mode=False`):
/// both alphabets are accepted (`-`/`+` and `_`/`/`), every other non-`=` byte is skipped,
/// `=` ends the data once it completes a group (anything after is ignored) and is otherwise
/// ignored, and a group left unfinished is an error.
pub fn b64_decode(text: &[u8]) -> Result<Vec<u8>, Base64Error> {
    let padding = (4 - text.len() % 4) % 4;
    let (mut decoder, mut index) = decode_clean_groups(text);
    while index < text.len() {
        if decoder.quad_pos == 0 && decoder.feed_group(&text[index..]) {
            index += 4;
            continue;
        }
        if decoder.feed(text[index]) == Fed::EndOfData {
            return Ok(decoder.out);
        }
        index += 1;
    }
    for _ in 0..padding {
        if decoder.feed(b'=') == Fed::EndOfData {
            return Ok(decoder.out);
        }
    }
    decoder.finish()
}

/// The fast path: decodes leading groups of four data characters into a buffer sized for the
/// whole input, stopping at the first group holding anything else. Returns the decoder
/// positioned there (at a group boundary) and the index reached.
fn decode_clean_groups(text: &[u8]) -> (LenientDecoder, usize) {
    let mut out = vec![0u8; text.len() / 4 * 3 + 3];
    let mut written = 0;
    let mut groups = text.chunks_exact(4);
    for group in &mut groups {
        let sextets = [group[0], group[1], group[2], group[3]].map(|b| SEXTETS[usize::from(b)]);
        if sextets.iter().fold(0, |acc, s| acc | s) & 0xc0 != 0 {
            break;
        }
        let bits = sextets
            .iter()
            .fold(0u32, |acc, &s| (acc << 6) | u32::from(s));
        if let Some(slot) = out.get_mut(written..written + 3) {
            slot.copy_from_slice(&bits.to_be_bytes()[1..]);
        }
        written += 3;
    }
    out.truncate(written);
    let mut decoder = LenientDecoder::with_capacity(0);
    decoder.out = out;
    (decoder, written / 3 * 4)
}

#[derive(PartialEq)]
enum Fed {
    More,
    EndOfData,
}

/// CPython's non-strict `binascii.a2b_base64` state, after the URL-safe translation.
struct LenientDecoder {
    out: Vec<u8>,
    quad_pos: u8,
    left: u8,
    pads: u8,
}

impl LenientDecoder {
    fn with_capacity(capacity: usize) -> LenientDecoder {
        LenientDecoder {
            out: Vec::with_capacity(capacity),
            quad_pos: 0,
            left: 0,
            pads: 0,
        }
    }

    /// Fast path at a group boundary: four data characters decode to three bytes at once.
    /// Returns false (consuming nothing) unless the next four bytes are all data characters.
    fn feed_group(&mut self, text: &[u8]) -> bool {
        let [a, b, c, d] = match text {
            [a, b, c, d, ..] => [a, b, c, d].map(|&byte| SEXTETS[usize::from(byte)]),
            _ => return false,
        };
        if (a | b | c | d) & 0xc0 != 0 {
            return false;
        }
        let group =
            (u32::from(a) << 18) | (u32::from(b) << 12) | (u32::from(c) << 6) | u32::from(d);
        self.out
            .extend_from_slice(&[(group >> 16) as u8, (group >> 8) as u8, group as u8]);
        self.pads = 0;
        true
    }

    fn feed(&mut self, byte: u8) -> Fed {
        if byte == b'=' {
            // `quad_pos >= 2 && quad_pos + ++pads >= 4`: pads only count after 2 data chars.
            if self.quad_pos >= 2 {
                self.pads += 1;
                if self.quad_pos + self.pads >= 4 {
                    return Fed::EndOfData;
                }
            }
            return Fed::More;
        }
        let sextet = SEXTETS[usize::from(byte)];
        if sextet == INVALID {
            return Fed::More;
        }
        self.pads = 0;
        match self.quad_pos {
            0 => self.left = sextet,
            1 => {
                self.out.push((self.left << 2) | (sextet >> 4));
                self.left = sextet & 0x0f;
            }
            2 => {
                self.out.push((self.left << 4) | (sextet >> 2));
                self.left = sextet & 0x03;
            }
            _ => self.out.push((self.left << 6) | sextet),
        }
        self.quad_pos = (self.quad_pos + 1) % 4;
        Fed::More
    }

    fn finish(self) -> Result<Vec<u8>, Base64Error> {
        match self.quad_pos {
            0 => Ok(self.out),
            1 => Err(Base64Error::OneMoreThanMultipleOfFour {
                data_characters: self.out.len() / 3 * 4 + 1,
            }),
            _ => Err(Base64Error::IncorrectPadding),
        }
    }
}

const INVALID: u8 = 0xff;

/// The 6-bit value of each byte in either base64 alphabet, [`INVALID`] for the rest.
const SEXTETS: [u8; 256] = {
    let mut table = [INVALID; 256];
    let mut index = 0;
    while index < 64 {
        table[URLSAFE_ALPHABET[index] as usize] = index as u8;
        index += 1;
    }
    table[b'+' as usize] = 62;
    table[b'/' as usize] = 63;
    table
};

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
