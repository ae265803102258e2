//! How much JSON a pasted value holds, measured before anything reads it, and the refusal of a
//! value past the page's inflate limit.
//!
//! A few kilobytes of zlib can inflate to megabytes of JSON, and reading and showing megabytes
//! freezes the tab. The page has one limit for every inflate, the engine's
//! [`MAX_DECOMPRESSED_LEN`]: a payload that inflates (or, uncompressed, decodes) past it is
//! refused with a banner that names the limit, before its JSON is read.

use sessionscope_engine::compress::{zlib_decompress, ZlibError, MAX_DECOMPRESSED_LEN};
use sessionscope_engine::signing::{b64_decode, inspect};

/// The most JSON a pasted value may hold: the engine's page-wide inflate limit.
pub const INFLATE_LIMIT: usize = MAX_DECOMPRESSED_LEN;

/// The longest value the decoder reads, in bytes: a value whose JSON is within
/// [`INFLATE_LIMIT`] is at most 1.4 MiB of base64, so a longer one holds nothing Django could
/// read within it; past this length reading and showing the value itself (and each signature
/// check, an HMAC of all of it) would take too long for one task.
pub const MAX_VALUE_BYTES: usize = 2 * 1024 * 1024;

/// From this many bytes of JSON the page says "Decoding…" before it starts (reading and
/// showing 256 KiB of JSON takes a noticeable moment in the browser).
pub const PROGRESS_FROM_BYTES: usize = 256 * 1024;

/// Why a paste is not decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    /// The limit passed, in bytes.
    pub limit: usize,
    /// Whether the payload is zlib-compressed (it inflates past the limit) or plain base64
    /// (it decodes past the limit).
    pub compressed: bool,
    /// Whether the value itself is longer than [`MAX_VALUE_BYTES`] (then `limit` is that).
    pub too_long: bool,
    /// The length of the pasted value, in bytes.
    pub pasted_bytes: usize,
}

/// The JSON byte count `value`'s payload decodes to; `Ok(None)` when it does not decode at all
/// (the engine then says why), `Err` past [`INFLATE_LIMIT`] or [`MAX_VALUE_BYTES`].
pub fn payload_json_bytes(value: &str) -> Result<Option<usize>, Refusal> {
    if value.len() > MAX_VALUE_BYTES {
        return Err(Refusal {
            limit: MAX_VALUE_BYTES,
            compressed: value.starts_with('.'),
            too_long: true,
            pasted_bytes: value.len(),
        });
    }
    let parts = inspect(value);
    let refusal = Refusal {
        limit: INFLATE_LIMIT,
        compressed: parts.compressed,
        too_long: false,
        pasted_bytes: value.len(),
    };
    let Ok(bytes) = b64_decode(parts.payload.as_bytes()) else {
        return Ok(None);
    };
    if !parts.compressed {
        return if bytes.len() > INFLATE_LIMIT {
            Err(refusal)
        } else {
            Ok(Some(bytes.len()))
        };
    }
    match zlib_decompress(&bytes) {
        Ok(json) => Ok(Some(json.len())),
        Err(ZlibError::TooLarge) => Err(refusal),
        Err(_) => Ok(None),
    }
}

/// A byte count in words: `812 bytes`, `21.8 KB`, `4.0 MB` (decimal), or `16 MiB` for an exact
/// power of two such as the limit.
pub fn size_words(bytes: usize) -> String {
    const MIB: usize = 1024 * 1024;
    const KIB: usize = 1024;
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else if bytes >= KIB && bytes.is_multiple_of(KIB) && bytes < MIB {
        format!("{} KiB", bytes / KIB)
    } else if bytes >= 1_000_000 {
        format!("{:.1} MB", bytes as f64 / 1e6)
    } else if bytes >= 1_000 {
        format!("{:.1} KB", bytes as f64 / 1e3)
    } else {
        format!("{bytes} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sessionscope_engine::compress::zlib_compress;
    use sessionscope_engine::signing::b64_encode;

    fn compressed_value(json: &[u8]) -> String {
        format!(".{}:1r31eq:signature", b64_encode(&zlib_compress(json)))
    }

    #[test]
    fn a_value_that_inflates_past_the_limit_is_refused() {
        let mut list = b"[".to_vec();
        while list.len() <= INFLATE_LIMIT {
            list.extend_from_slice(b"0,");
        }
        list.extend_from_slice(b"0]");
        let value = compressed_value(&list);
        assert!(value.len() < INFLATE_LIMIT / 100, "a small paste");
        assert_eq!(
            payload_json_bytes(&value),
            Err(Refusal {
                limit: INFLATE_LIMIT,
                compressed: true,
                too_long: false,
                pasted_bytes: value.len()
            })
        );
    }

    #[test]
    fn a_value_under_the_limit_is_measured() {
        let value = compressed_value(b"[1, 2, 3]");
        assert_eq!(payload_json_bytes(&value), Ok(Some(9)));
        assert_eq!(payload_json_bytes("eyJhIjoxfQ:1r31eq:sig"), Ok(Some(7)));
        assert_eq!(payload_json_bytes(".bm90IHpsaWI:1r31eq:sig"), Ok(None));
        let plain = format!("{}:1r31eq:sig", b64_encode(&vec![b' '; INFLATE_LIMIT + 3]));
        assert!(payload_json_bytes(&plain).is_err());
    }

    #[test]
    fn a_value_longer_than_any_readable_one_is_refused_before_it_is_read() {
        let longest_readable = format!("{}:1r31eq:sig", b64_encode(&vec![b' '; INFLATE_LIMIT]));
        assert!(longest_readable.len() < MAX_VALUE_BYTES);
        assert_eq!(
            payload_json_bytes(&longest_readable),
            Ok(Some(INFLATE_LIMIT))
        );
        // zlib ignores what follows the end of its stream: a short stream and a long tail.
        let tail = "A".repeat(MAX_VALUE_BYTES);
        let long = format!(".{}{tail}:1r31eq:sig", b64_encode(&zlib_compress(b"[1]")));
        let refusal = payload_json_bytes(&long).unwrap_err();
        assert_eq!((refusal.limit, refusal.too_long), (MAX_VALUE_BYTES, true));
    }

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(size_words(16 * 1024 * 1024), "16 MiB");
        assert_eq!(size_words(256 * 1024), "256 KiB");
        assert_eq!(size_words(4_000_123), "4.0 MB");
        assert_eq!(size_words(21_800), "21.8 KB");
        assert_eq!(size_words(812), "812 bytes");
    }
}
