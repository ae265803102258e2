//! A pure-Rust zlib encoder whose output is byte-for-byte that of zlib 1.2.13's
//! `compress(data)` (level 6, windowBits 15, memLevel 8, default strategy), which is what
//! CPython's `zlib.compress(data)` and so Django's `signing.dumps(..., compress=True)` produce.
//!
//! The parts mirror zlib's:
//! - [`Deflater::compress`]: `deflate()` with `Z_FINISH` on the whole input: the 2-byte header
//!   `78 9c`, `deflate_slow`, and the big-endian Adler-32 trailer;
//! - `window`: `fill_window` (when the 64 KiB window slides);
//! - `matcher`: `INSERT_STRING`, the `head`/`prev` hash chains and `longest_match`;
//! - `block`: `_tr_tally`, `_tr_flush_block` and the emission of stored, fixed and dynamic
//!   blocks;
//! - `huffman`: `build_tree`, `gen_bitlen` and `gen_codes`;
//! - `bit_writer`: `send_bits` and `bi_windup`; `adler32`: `adler32()`.
//!
//! Unlike zlib, a [`Deflater`] keeps its tables between calls and does not clear the hash
//! table per input (stale entries are recognised by position instead), so small inputs do not
//! pay for zeroing and allocating ~256 KiB each time.

mod adler32;
mod bit_writer;
mod block;
mod huffman;
mod matcher;
mod tables;
mod window;

pub use adler32::adler32;

use bit_writer::BitWriter;
use block::BlockEncoder;
use matcher::{HashChains, MIN_LOOKAHEAD};
use tables::MIN_MATCH;
use window::Window;

/// Matches at least this long are not searched past at the next position (level 6's
/// `max_lazy`).
const MAX_LAZY: usize = 16;
/// A 3-byte match farther than this is not worth taking (zlib's `TOO_FAR`).
const TOO_FAR: usize = 4096;

/// The zlib header of `compress()`: deflate, 32 KiB window, level 6 (FLEVEL 2), no dictionary.
const ZLIB_HEADER: [u8; 2] = [0x78, 0x9c];

/// A reusable zlib-format compressor producing zlib 1.2.13's `compress()` output exactly.
///
/// Holds about 300 KiB of tables; create one and reuse it for many inputs.
pub struct Deflater {
    chains: HashChains,
    block: BlockEncoder,
}

impl Default for Deflater {
    fn default() -> Self {
        Self::new()
    }
}

impl Deflater {
    /// A compressor with fresh tables.
    pub fn new() -> Self {
        Deflater {
            chains: HashChains::new(),
            block: BlockEncoder::new(),
        }
    }

    /// Compresses `data` into a zlib stream, identical to zlib 1.2.13's `compress(data)`
    /// (and CPython's `zlib.compress(data)`).
    pub fn compress(&mut self, data: &[u8]) -> Vec<u8> {
        let mut out = BitWriter::with_capacity(data.len() / 2 + 64);
        out.put_bytes(&ZLIB_HEADER);
        self.chains.start();
        self.block.init_block();
        self.deflate_slow(data, &mut out);
        self.chains.finish(data.len());
        out.align();
        out.put_bytes(&adler32(data).to_be_bytes());
        out.into_bytes()
    }

    /// zlib's `deflate_slow` with `Z_FINISH`: greedy search with lazy evaluation, flushing a
    /// block whenever the symbol buffer fills and a final block at the end.
    fn deflate_slow(&mut self, data: &[u8], out: &mut BitWriter) {
        let mut window = Window::new(data.len());
        let mut strstart = 0usize;
        let mut block_start = 0usize;
        let mut match_length = MIN_MATCH - 1;
        let mut match_start = 0usize;
        let mut match_available = false;

        loop {
            if window.lookahead(strstart) < MIN_LOOKAHEAD {
                window.fill(strstart);
                if window.lookahead(strstart) == 0 {
                    break;
                }
                self.chains.maybe_rebase(strstart);
            }
            let lookahead = window.lookahead(strstart);

            // Insert the string at strstart and find the previous one with its hash.
            let mut hash_head = None;
            if lookahead >= MIN_MATCH {
                let head = self.chains.insert(data, strstart);
                hash_head = self.chains.usable_head(head, strstart, window.offset());
            }

            let prev_length = match_length;
            let prev_match = match_start;
            match_length = MIN_MATCH - 1;

            if let Some(cur_match) = hash_head {
                if prev_length < MAX_LAZY {
                    let (len, start) = self.chains.longest_match(
                        data,
                        strstart,
                        cur_match,
                        prev_length,
                        lookahead,
                    );
                    match_length = len;
                    if let Some(s) = start {
                        match_start = s;
                    }
                    if match_length == MIN_MATCH && strstart - match_start > TOO_FAR {
                        match_length = MIN_MATCH - 1;
                    }
                }
            }

            if prev_length >= MIN_MATCH && match_length <= prev_length {
                // The previous match is at least as good: emit it.
                let max_insert = strstart + lookahead - MIN_MATCH;
                let full = self
                    .block
                    .tally_match(strstart - 1 - prev_match, prev_length);
                let last_inserted = (strstart + prev_length - 2).min(max_insert);
                for pos in strstart + 1..=last_inserted {
                    self.chains.insert(data, pos);
                }
                strstart += prev_length - 1;
                match_available = false;
                match_length = MIN_MATCH - 1;
                if full {
                    self.flush_block(data, out, block_start, strstart, window.offset(), false);
                    block_start = strstart;
                }
            } else if match_available {
                // No better match here: emit the previous byte as a literal.
                let full = self.block.tally_literal(data[strstart - 1]);
                if full {
                    self.flush_block(data, out, block_start, strstart, window.offset(), false);
                    block_start = strstart;
                }
                strstart += 1;
            } else {
                // Wait one byte to see whether the next position matches better.
                match_available = true;
                strstart += 1;
            }
        }

        if match_available {
            self.block.tally_literal(data[strstart - 1]);
        }
        self.flush_block(data, out, block_start, strstart, window.offset(), true);
    }

    /// zlib's `FLUSH_BLOCK_ONLY`: the block's bytes are offered for a stored block only while
    /// they are still inside zlib's window (`block_start >= 0`).
    fn flush_block(
        &mut self,
        data: &[u8],
        out: &mut BitWriter,
        block_start: usize,
        strstart: usize,
        window_offset: usize,
        last: bool,
    ) {
        let stored = if block_start >= window_offset {
            data.get(block_start..strstart)
        } else {
            None
        };
        self.block
            .flush_block(out, stored, strstart - block_start, last);
    }
}

/// Compresses `data` with a fresh [`Deflater`]; prefer reusing one for many inputs.
pub fn compress(data: &[u8]) -> Vec<u8> {
    Deflater::new().compress(data)
}
