//! Block assembly: the symbol buffer and the choice and emission of stored, fixed or dynamic
//! blocks; mirrors trees.c's `_tr_tally`, `_tr_flush_block`, `_tr_stored_block`,
//! `build_bl_tree`, `scan_tree`, `send_tree`, `send_all_trees`, `compress_block` and
//! `init_block`, as of zlib 1.2.12–1.2.13.

use super::bit_writer::BitWriter;
use super::huffman::{BlockCost, HuffmanBuilder, TreeKind};
use super::tables::{
    d_code, BASE_DIST, BASE_LENGTH, BL_CODES, BL_ORDER, D_CODES, END_BLOCK, EXTRA_BLBITS,
    EXTRA_DBITS, EXTRA_LBITS, LENGTH_CODE, LITERALS, L_CODES, MAX_BITS, MAX_BL_BITS, MIN_MATCH,
    REPZ_11_138, REPZ_3_10, REP_3_6, STATIC_DTREE_CODE, STATIC_DTREE_LEN, STATIC_LTREE_CODE,
    STATIC_LTREE_LEN,
};

/// Symbols per block at memLevel 8: `lit_bufsize` = 1 << (8 + 6) = 16384, and a block is
/// flushed when `sym_next == sym_end`, `sym_end` being `(lit_bufsize - 1) * 3` bytes of
/// three-byte symbols, i.e. after 16383 symbols.
pub(crate) const SYMBOLS_PER_BLOCK: usize = (1 << (8 + 6)) - 1;

const LIT_KIND: TreeKind = TreeKind {
    elems: L_CODES,
    max_length: MAX_BITS,
    extra_bits: &EXTRA_LBITS,
    extra_base: LITERALS + 1,
    static_len: Some(&STATIC_LTREE_LEN),
};

const DIST_KIND: TreeKind = TreeKind {
    elems: D_CODES,
    max_length: MAX_BITS,
    extra_bits: &EXTRA_DBITS,
    extra_base: 0,
    static_len: Some(&STATIC_DTREE_LEN),
};

const BL_KIND: TreeKind = TreeKind {
    elems: BL_CODES,
    max_length: MAX_BL_BITS,
    extra_bits: &EXTRA_BLBITS,
    extra_base: 0,
    static_len: None,
};

/// Block types of RFC 1951 §3.2.3 (zlib's `STORED_BLOCK`, `STATIC_TREES`, `DYN_TREES`).
const STORED_BLOCK: u32 = 0;
const STATIC_TREES: u32 = 1;
const DYN_TREES: u32 = 2;

/// The symbols of the current block and the trees built for it.
pub(crate) struct BlockEncoder {
    /// Literals as `byte`, matches as `distance << 8 | (length - MIN_MATCH)` (zlib's `sym_buf`).
    syms: Vec<u32>,
    lit_freq: [u16; L_CODES],
    dist_freq: [u16; D_CODES],
    bl_freq: [u16; BL_CODES],
    lit_len: [u8; L_CODES + 1],
    lit_code: [u16; L_CODES + 1],
    dist_len: [u8; D_CODES + 1],
    dist_code: [u16; D_CODES + 1],
    bl_len: [u8; BL_CODES],
    bl_code: [u16; BL_CODES],
    /// The run-length coded code lengths of both trees: bit-length symbol in the low 5 bits,
    /// the value of its extra bits above.
    tokens: [u16; MAX_TOKENS],
    n_tokens: usize,
    builder: HuffmanBuilder,
}

/// At most one bit-length token per code length of the two trees.
const MAX_TOKENS: usize = L_CODES + D_CODES;

impl BlockEncoder {
    pub(crate) fn new() -> Self {
        let mut encoder = BlockEncoder {
            syms: Vec::with_capacity(SYMBOLS_PER_BLOCK),
            lit_freq: [0; L_CODES],
            dist_freq: [0; D_CODES],
            bl_freq: [0; BL_CODES],
            lit_len: [0; L_CODES + 1],
            lit_code: [0; L_CODES + 1],
            dist_len: [0; D_CODES + 1],
            dist_code: [0; D_CODES + 1],
            bl_len: [0; BL_CODES],
            bl_code: [0; BL_CODES],
            tokens: [0; MAX_TOKENS],
            n_tokens: 0,
            builder: HuffmanBuilder::new(),
        };
        encoder.init_block();
        encoder
    }

    /// Empties the block (zlib's `init_block`).
    pub(crate) fn init_block(&mut self) {
        self.syms.clear();
        self.lit_freq = [0; L_CODES];
        self.dist_freq = [0; D_CODES];
        self.bl_freq = [0; BL_CODES];
        self.lit_freq[END_BLOCK] = 1;
    }

    /// Records a literal byte; true when the block is full (zlib's `_tr_tally_lit`).
    #[inline]
    pub(crate) fn tally_literal(&mut self, byte: u8) -> bool {
        self.syms.push(u32::from(byte));
        self.lit_freq[usize::from(byte)] += 1;
        self.syms.len() >= SYMBOLS_PER_BLOCK
    }

    /// Records a match of `length` (3..=258) at `distance` (1..=32768); true when the block is
    /// full (zlib's `_tr_tally_dist`).
    #[inline]
    pub(crate) fn tally_match(&mut self, distance: usize, length: usize) -> bool {
        let lc = (length - MIN_MATCH) & 0xFF;
        self.syms.push(((distance as u32) << 8) | lc as u32);
        self.lit_freq[usize::from(LENGTH_CODE[lc]) + LITERALS + 1] += 1;
        self.dist_freq[d_code(distance - 1)] += 1;
        self.syms.len() >= SYMBOLS_PER_BLOCK
    }

    /// Ends the block covering `stored_len` input bytes, choosing the cheapest of stored (only
    /// if `stored` still holds those bytes), fixed and dynamic trees exactly as zlib does, then
    /// starts a new block (zlib's `_tr_flush_block`). `last` marks the final block and pads the
    /// output to a byte boundary.
    pub(crate) fn flush_block(
        &mut self,
        out: &mut BitWriter,
        stored: Option<&[u8]>,
        stored_len: usize,
        last: bool,
    ) {
        let mut cost = BlockCost::default();
        let lit_max = self.builder.build(
            &LIT_KIND,
            &self.lit_freq,
            &mut self.lit_len,
            &mut self.lit_code,
            &mut cost,
        );
        let dist_max = self.builder.build(
            &DIST_KIND,
            &self.dist_freq,
            &mut self.dist_len,
            &mut self.dist_code,
            &mut cost,
        );
        let max_blindex = self.build_bl_tree(lit_max, dist_max, &mut cost);

        let mut opt_lenb = cost.opt_len.wrapping_add(3 + 7) >> 3;
        let static_lenb = cost.static_len.wrapping_add(3 + 7) >> 3;
        if static_lenb <= opt_lenb {
            opt_lenb = static_lenb;
        }

        let last_bit = u32::from(last);
        match stored {
            Some(bytes) if (stored_len as u64).saturating_add(4) <= opt_lenb => {
                // zlib's `_tr_stored_block`: LEN is written as a 16-bit value.
                out.put_bits((STORED_BLOCK << 1) + last_bit, 3);
                out.align();
                let len = bytes.len() as u16;
                out.put_bytes(&len.to_le_bytes());
                out.put_bytes(&(!len).to_le_bytes());
                out.put_bytes(bytes);
            }
            _ if static_lenb == opt_lenb => {
                out.put_bits((STATIC_TREES << 1) + last_bit, 3);
                self.compress_block(
                    out,
                    &STATIC_LTREE_LEN,
                    &STATIC_LTREE_CODE,
                    &STATIC_DTREE_LEN,
                    &STATIC_DTREE_CODE,
                );
            }
            _ => {
                out.put_bits((DYN_TREES << 1) + last_bit, 3);
                self.send_all_trees(out, lit_max + 1, dist_max + 1, max_blindex + 1);
                self.compress_block(
                    out,
                    &self.lit_len,
                    &self.lit_code,
                    &self.dist_len,
                    &self.dist_code,
                );
            }
        }
        self.init_block();
        if last {
            out.align();
        }
    }

    /// Builds the code-length code and returns the index in `BL_ORDER` of the last length to
    /// send (zlib's `build_bl_tree`).
    fn build_bl_tree(&mut self, lit_max: usize, dist_max: usize, cost: &mut BlockCost) -> usize {
        // zlib's `scan_tree` on both trees; the tokens are kept for `send_all_trees`.
        let (tokens, bl_freq) = (&mut self.tokens, &mut self.bl_freq);
        let mut n_tokens = 0;
        let mut push = |sym: usize, extra: u32, _bits: u32| {
            bl_freq[sym] += 1;
            if let Some(t) = tokens.get_mut(n_tokens) {
                *t = sym as u16 | (extra as u16) << 5;
                n_tokens += 1;
            }
        };
        length_runs(&self.lit_len, lit_max, &mut push);
        length_runs(&self.dist_len, dist_max, &mut push);
        self.n_tokens = n_tokens;
        self.builder.build(
            &BL_KIND,
            &self.bl_freq,
            &mut self.bl_len,
            &mut self.bl_code,
            cost,
        );

        // At least 4 code lengths are always sent.
        let mut max_blindex = BL_CODES - 1;
        while max_blindex >= 3 && self.bl_len[BL_ORDER[max_blindex]] == 0 {
            max_blindex -= 1;
        }
        cost.opt_len = cost
            .opt_len
            .wrapping_add(3 * (max_blindex as u64 + 1) + 5 + 5 + 4);
        max_blindex
    }

    /// Sends the dynamic block header (zlib's `send_all_trees`, and `send_tree` on the tokens
    /// that `build_bl_tree` recorded).
    fn send_all_trees(&self, out: &mut BitWriter, lcodes: usize, dcodes: usize, blcodes: usize) {
        out.put_bits((lcodes - 257) as u32, 5);
        out.put_bits((dcodes - 1) as u32, 5);
        out.put_bits((blcodes - 4) as u32, 4);
        for &sym in BL_ORDER.iter().take(blcodes) {
            out.put_bits(u32::from(self.bl_len[sym]), 3);
        }
        for &token in self.tokens.iter().take(self.n_tokens) {
            let sym = usize::from(token & 0x1F).min(BL_CODES - 1);
            out.put_bits(u32::from(self.bl_code[sym]), u32::from(self.bl_len[sym]));
            let extra_len = u32::from(EXTRA_BLBITS[sym]);
            if extra_len > 0 {
                out.put_bits(u32::from(token >> 5), extra_len);
            }
        }
    }

    /// Sends the block's symbols and END_BLOCK with the given code (zlib's `compress_block`).
    fn compress_block(
        &self,
        out: &mut BitWriter,
        llen: &[u8],
        lcode: &[u16],
        dlen: &[u8],
        dcode: &[u16],
    ) {
        for &sym in &self.syms {
            let dist = (sym >> 8) as usize;
            let lc = (sym & 0xFF) as usize;
            if dist == 0 {
                out.put_bits(u32::from(lcode[lc]), u32::from(llen[lc]));
                continue;
            }
            let code = usize::from(LENGTH_CODE[lc]);
            let sym_l = code + LITERALS + 1;
            out.put_bits(u32::from(lcode[sym_l]), u32::from(llen[sym_l]));
            let extra = u32::from(EXTRA_LBITS[code]);
            if extra != 0 {
                out.put_bits((lc - usize::from(BASE_LENGTH[code])) as u32, extra);
            }
            let d = dist - 1;
            let code = d_code(d);
            out.put_bits(u32::from(dcode[code]), u32::from(dlen[code]));
            let extra = u32::from(EXTRA_DBITS[code]);
            if extra != 0 {
                out.put_bits((d - usize::from(BASE_DIST[code])) as u32, extra);
            }
        }
        out.put_bits(u32::from(lcode[END_BLOCK]), u32::from(llen[END_BLOCK]));
    }
}

/// Run-length codes the code lengths `lens[0..=max_code]` with the bit-length symbols 0–18,
/// calling `emit(symbol, extra_value, extra_bits)` for each (the state machine shared by
/// zlib's `scan_tree` and `send_tree`, with the guard after `max_code`).
fn length_runs(lens: &[u8], max_code: usize, mut emit: impl FnMut(usize, u32, u32)) {
    const GUARD: u32 = 0xFFFF;
    let len_at = |n: usize| -> u32 {
        if n <= max_code {
            lens.get(n).map_or(GUARD, |&l| u32::from(l))
        } else {
            GUARD
        }
    };
    let mut prevlen: u32 = GUARD + 1; // "none": zlib's -1
    let mut nextlen = len_at(0);
    let mut count: u32 = 0;
    let (mut max_count, mut min_count) = if nextlen == 0 { (138, 3) } else { (7, 4) };

    for n in 0..=max_code {
        let curlen = nextlen;
        nextlen = len_at(n + 1);
        count += 1;
        if count < max_count && curlen == nextlen {
            continue;
        } else if count < min_count {
            for _ in 0..count {
                emit(curlen as usize, 0, 0);
            }
        } else if curlen != 0 {
            if curlen != prevlen {
                emit(curlen as usize, 0, 0);
                count -= 1;
            }
            emit(REP_3_6, count - 3, 2);
        } else if count <= 10 {
            emit(REPZ_3_10, count - 3, 3);
        } else {
            emit(REPZ_11_138, count - 11, 7);
        }
        count = 0;
        prevlen = curlen;
        (max_count, min_count) = if nextlen == 0 {
            (138, 3)
        } else if curlen == nextlen {
            (6, 3)
        } else {
            (7, 4)
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runs(lens: &[u8]) -> Vec<(usize, u32, u32)> {
        let mut v = Vec::new();
        length_runs(lens, lens.len() - 1, |s, e, b| v.push((s, e, b)));
        v
    }

    #[test]
    fn run_length_coding_of_code_lengths() {
        // Short runs are sent literally.
        assert_eq!(runs(&[3, 3, 3]), vec![(3, 0, 0), (3, 0, 0), (3, 0, 0)]);
        // A new length is sent once, then repeated with 16.
        assert_eq!(runs(&[5, 5, 5, 5, 5]), vec![(5, 0, 0), (REP_3_6, 1, 2)]);
        // Zero runs use 17 (3–10) and 18 (11–138).
        assert_eq!(runs(&[0, 0, 0, 4]), vec![(REPZ_3_10, 0, 3), (4, 0, 0)]);
        let mut long = vec![0u8; 140];
        long.push(2);
        assert_eq!(
            runs(&long),
            vec![(REPZ_11_138, 127, 7), (0, 0, 0), (0, 0, 0), (2, 0, 0)]
        );
        // After a repeat, a run of the same length continues with 16 alone (6 at most).
        assert_eq!(
            runs(&[7; 14]),
            vec![(7, 0, 0), (REP_3_6, 3, 2), (REP_3_6, 3, 2), (7, 0, 0)]
        );
    }

    #[test]
    fn block_fills_at_16383_symbols() {
        let mut b = BlockEncoder::new();
        for i in 0..SYMBOLS_PER_BLOCK - 1 {
            assert!(!b.tally_literal(i as u8));
        }
        assert!(b.tally_match(1, 3));
    }
}
