//! A pure-Rust zlib decoder giving the verdicts of CPython's `zlib.decompress(data)` (zlib
//! 1.2.13's `inflate()` behind `Modules/zlibmodule.c`'s `zlib_decompress_impl`), which is
//! what Django's `signing.loads` calls on a `.`-prefixed payload
//! (`django/core/signing.py`, `Signer.unsign_object`).
//!
//! The parts mirror zlib's:
//! - [`Inflater::inflate`]: the zlib header (`HEAD`, `DICTID`), the blocks, the Adler-32
//!   trailer (`CHECK`); bytes after the trailer are ignored, as `zlib.decompress` ignores them;
//! - `blocks`: stored, fixed and dynamic blocks and the code loop (`inflate.c`);
//! - `huffman`: `inflate_table` (`inftrees.c`) and the decoding of one code;
//! - `bits`: `NEEDBITS`/`DROPBITS`; `output`: the bounded output buffer.
//!
//! Every check is made where zlib makes it, after the bits zlib reads for it, so a malformed
//! stream gets zlib's message and a stream that ends early gets CPython's "incomplete or
//! truncated stream" exactly when zlib would run out of input first
//! (`tests/inflate_matches_cpython.rs` compares thousands of streams with CPython's verdicts).
//! Unlike zlib, the output is bounded: passing `limit` bytes stops the inflate at once.

mod bits;
mod blocks;
mod error;
mod huffman;
mod output;

use crate::deflate::adler32;
use bits::BitReader;
use blocks::{read_block, BlockTables};
pub use error::{DataError, InflateError};
use output::Output;

/// A reusable zlib decoder: keeps its decoding tables (and the fixed-code tables, built once)
/// between streams.
#[derive(Default)]
pub struct Inflater {
    tables: BlockTables,
}

impl Inflater {
    /// A decoder with empty tables.
    pub fn new() -> Inflater {
        Inflater::default()
    }

    /// `zlib.decompress(input)` with at most `limit` bytes of output: the inflated bytes, or
    /// the first error zlib reports (or [`InflateError::TooLarge`] as soon as the output would
    /// pass `limit`; nothing beyond `limit` bytes is ever allocated).
    pub fn inflate(&mut self, input: &[u8], limit: usize) -> Result<Vec<u8>, InflateError> {
        let mut reader = BitReader::new(input);
        read_header(&mut reader)?;
        let mut out = Output::new(input.len().saturating_mul(4).max(256), limit);
        while !read_block(&mut reader, &mut self.tables, &mut out)? {}
        reader.align_to_byte();
        let trailer = reader.take(32)?.swap_bytes();
        if trailer != adler32(out.as_bytes()) {
            return Err(InflateError::Data(DataError::IncorrectDataCheck));
        }
        Ok(out.into_bytes())
    }
}

/// `HEAD` and `DICTID` for `inflateInit2(windowBits=15)` (zlib header only, no gzip): CMF
/// and FLG must be a multiple of 31, the method 8 (deflate), the window at most 32 KiB.
fn read_header(reader: &mut BitReader) -> Result<(), InflateError> {
    let header = reader.take(16)?;
    let (cmf, flg) = (header & 0xFF, header >> 8);
    if (cmf << 8 | flg) % 31 != 0 {
        return Err(InflateError::Data(DataError::IncorrectHeaderCheck));
    }
    if cmf & 0x0F != 8 {
        return Err(InflateError::Data(DataError::UnknownCompressionMethod));
    }
    if (cmf >> 4) + 8 > 15 {
        return Err(InflateError::Data(DataError::InvalidWindowSize));
    }
    if flg & 0x20 != 0 {
        reader.take(32)?;
        return Err(InflateError::NeedsDictionary);
    }
    Ok(())
}

#[cfg(test)]
mod tests;
