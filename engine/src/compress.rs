//! zlib, as Django's signing uses it (`django/core/signing.py`, `Signer.sign_object` /
//! `unsign_object`): CPython's `zlib.compress(data)` and `zlib.decompress(data)`.
//!
//! Compression is [`crate::deflate`], a pure-Rust port of zlib's deflate at CPython's
//! defaults (level 6 = `Z_DEFAULT_COMPRESSION`, window 15, memLevel 8, default strategy) whose
//! bytes equal CPython's (checked against C zlib and CPython in `tests/deflate_matches_zlib.rs`);
//! other deflate implementations (miniz_oxide, zlib-ng) produce different, equally valid,
//! streams. Decompression is [`crate::inflate`], a pure-Rust inflate whose verdicts and
//! messages on malformed streams are CPython's (checked against CPython in
//! `tests/inflate_matches_cpython.rs`).

use crate::deflate::Deflater;
use crate::inflate::{InflateError, Inflater};
use std::cell::RefCell;
use std::fmt;

/// The page's one inflate limit: no decompression (signed values in `signing::loads`, the
/// decoder's `explain_loads`, share links) produces more than 1 MiB; larger outputs are
/// refused with [`ZlibError::TooLarge`] as soon as they pass it, before anything beyond it is
/// allocated. Django itself has no limit (it trusts the signature), but a session cookie is
/// at most 4 KB and Django's stored `session_data` rarely reaches a few hundred KB, while a
/// 16 MB inflate took the browser tab down.
pub const MAX_DECOMPRESSED_LEN: usize = 1024 * 1024;

/// A reusable zlib compressor with CPython's `zlib.compress` settings, backed by the pure-Rust
/// [`Deflater`](crate::deflate::Deflater), which reproduces zlib 1.2.13's level-6 bytes
/// exactly without zlib's per-stream start-up cost (allocating and clearing ~256 KB).
pub struct Compressor {
    deflater: Deflater,
}

impl Compressor {
    /// A compressor at level 6 with a zlib header and trailer.
    pub fn new() -> Compressor {
        Compressor {
            deflater: Deflater::new(),
        }
    }

    /// `zlib.compress(data)`: one complete zlib stream.
    pub fn compress(&mut self, data: &[u8]) -> Vec<u8> {
        self.deflater.compress(data)
    }
}

impl Default for Compressor {
    fn default() -> Self {
        Compressor::new()
    }
}

thread_local! {
    static SHARED_COMPRESSOR: RefCell<Compressor> = RefCell::new(Compressor::new());
}

/// `zlib.compress(data)` with a compressor kept per thread.
pub fn zlib_compress(data: &[u8]) -> Vec<u8> {
    SHARED_COMPRESSOR.with(|cell| match cell.try_borrow_mut() {
        Ok(mut compressor) => compressor.compress(data),
        Err(_) => Compressor::new().compress(data),
    })
}

/// Why `zlib.decompress` failed, worded like CPython's `zlib.error`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ZlibError {
    /// `Error -3 while decompressing data: <zlib's message>` (bad header, bad block, bad
    /// checksum…).
    Data(String),
    /// `Error 2 while decompressing data`: the stream wants a preset dictionary.
    NeedsDictionary,
    /// `Error -5 while decompressing data: incomplete or truncated stream`.
    Truncated,
    /// The output would pass [`MAX_DECOMPRESSED_LEN`] (not a CPython error: the page's guard;
    /// the inflate stopped there without allocating more).
    TooLarge,
}

impl fmt::Display for ZlibError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ZlibError::Data(message) => write!(f, "Error -3 while decompressing data: {message}"),
            ZlibError::NeedsDictionary => f.write_str("Error 2 while decompressing data"),
            ZlibError::Truncated => {
                f.write_str("Error -5 while decompressing data: incomplete or truncated stream")
            }
            ZlibError::TooLarge => write!(
                f,
                "the data inflates to more than {} MiB ({MAX_DECOMPRESSED_LEN} bytes), \
                 Sessionscope's inflate limit (Django has none)",
                MAX_DECOMPRESSED_LEN / (1024 * 1024)
            ),
        }
    }
}

impl std::error::Error for ZlibError {}

impl From<InflateError> for ZlibError {
    fn from(error: InflateError) -> ZlibError {
        match error {
            InflateError::Data(error) => ZlibError::Data(error.message().to_owned()),
            InflateError::NeedsDictionary => ZlibError::NeedsDictionary,
            InflateError::Truncated => ZlibError::Truncated,
            InflateError::TooLarge => ZlibError::TooLarge,
        }
    }
}

/// `zlib.decompress(data)`: any zlib stream (any level, window, strategy), with CPython's
/// verdicts on malformed ones ([`crate::inflate`]). Bytes after the end of the stream are
/// ignored, as CPython ignores them. Output is capped at [`MAX_DECOMPRESSED_LEN`].
pub fn zlib_decompress(data: &[u8]) -> Result<Vec<u8>, ZlibError> {
    zlib_decompress_limited(data, MAX_DECOMPRESSED_LEN)
}

/// [`zlib_decompress`] with a smaller output limit; a `limit` above [`MAX_DECOMPRESSED_LEN`]
/// is lowered to it (one limit for the whole page). Uses a per-thread [`Decompressor`].
pub fn zlib_decompress_limited(data: &[u8], limit: usize) -> Result<Vec<u8>, ZlibError> {
    SHARED_DECOMPRESSOR.with(|cell| match cell.try_borrow_mut() {
        Ok(mut decompressor) => decompressor.decompress(data, limit),
        Err(_) => Decompressor::new().decompress(data, limit),
    })
}

thread_local! {
    static SHARED_DECOMPRESSOR: RefCell<Decompressor> = RefCell::new(Decompressor::new());
}

/// A reusable zlib decompressor: an [`Inflater`] keeping its decoding tables between streams.
pub struct Decompressor {
    inflater: Inflater,
}

impl Decompressor {
    /// A decompressor expecting a zlib header and trailer.
    pub fn new() -> Decompressor {
        Decompressor {
            inflater: Inflater::new(),
        }
    }

    /// `zlib.decompress(data)`, refusing to produce more than `limit` bytes (and never more
    /// than [`MAX_DECOMPRESSED_LEN`]).
    pub fn decompress(&mut self, data: &[u8], limit: usize) -> Result<Vec<u8>, ZlibError> {
        Ok(self
            .inflater
            .inflate(data, limit.min(MAX_DECOMPRESSED_LEN))?)
    }
}

impl Default for Decompressor {
    fn default() -> Self {
        Decompressor::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compress_matches_cpython_for_small_inputs() {
        // python3 -c "import zlib; print(zlib.compress(b'').hex(), zlib.compress(b'a'*100).hex())"
        assert_eq!(
            zlib_compress(b""),
            [0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]
        );
        let hex: String = zlib_compress(&[b'a'; 100])
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(hex, "789c4b4ca43d00007a4725e5");
    }

    #[test]
    fn a_reused_compressor_gives_the_same_bytes_as_a_fresh_one() {
        let mut reused = Compressor::new();
        let first = reused.compress(b"hello hello hello hello");
        let _ = reused.compress(&[7u8; 5000]);
        assert_eq!(reused.compress(b"hello hello hello hello"), first);
        assert_eq!(
            Compressor::new().compress(b"hello hello hello hello"),
            first
        );
    }

    #[test]
    fn decompress_round_trips_and_ignores_trailing_bytes() {
        let data: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        let mut stream = zlib_compress(&data);
        assert_eq!(zlib_decompress(&stream).unwrap(), data);
        stream.extend_from_slice(b"junk");
        assert_eq!(zlib_decompress(&stream).unwrap(), data);
    }

    #[test]
    fn decompress_errors_like_cpython() {
        let stream = zlib_compress(b"hello hello");
        assert_eq!(zlib_decompress(b""), Err(ZlibError::Truncated));
        assert_eq!(
            zlib_decompress(&stream[..stream.len() - 1]),
            Err(ZlibError::Truncated)
        );
        assert_eq!(zlib_decompress(&stream[..2]), Err(ZlibError::Truncated));
        assert_eq!(
            zlib_decompress(b"hello").unwrap_err().to_string(),
            "Error -3 while decompressing data: incorrect header check"
        );
        let mut bad_checksum = stream.clone();
        let last = bad_checksum.len() - 1;
        bad_checksum[last] ^= 1;
        assert_eq!(
            zlib_decompress(&bad_checksum).unwrap_err().to_string(),
            "Error -3 while decompressing data: incorrect data check"
        );
    }

    #[test]
    fn a_decompressor_recovers_after_an_error() {
        let good = zlib_compress(b"payload payload payload");
        let mut decompressor = Decompressor::new();
        assert!(decompressor.decompress(b"\x78\x9cgarbage", 100).is_err());
        assert!(decompressor.decompress(&good[..5], 100).is_err());
        assert_eq!(
            decompressor.decompress(&good, 100).unwrap(),
            b"payload payload payload"
        );
    }

    #[test]
    fn decompression_is_capped() {
        let bomb = zlib_compress(&vec![0u8; 1 << 20]);
        assert_eq!(
            zlib_decompress_limited(&bomb, 1000),
            Err(ZlibError::TooLarge)
        );
        assert_eq!(
            zlib_decompress_limited(&bomb, 1 << 20).unwrap().len(),
            1 << 20
        );
    }
}
