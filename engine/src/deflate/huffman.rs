//! Length-limited Huffman code construction with zlib's exact tie-breaking; mirrors trees.c's
//! `build_tree`, `pqdownheap` (with the `smaller` depth tie-break), `gen_bitlen` (including
//! its overflow repair) and `gen_codes`.
//!
//! Deflate only fixes the *format*; which code lengths an encoder picks is its own business.
//! To reproduce zlib's bytes, the heap, its ordering and the overflow repair must be zlib's.

use super::tables::{L_CODES, MAX_BITS};

/// Size of the heap: leaves plus internal nodes, plus the unused slot 0 (zlib's `HEAP_SIZE`).
pub(crate) const HEAP_SIZE: usize = 2 * L_CODES + 1;

/// The heap slot of the least frequent node (zlib's `SMALLEST`).
const SMALLEST: usize = 1;

/// The fixed parameters of one of the three trees (zlib's `static_tree_desc`).
pub(crate) struct TreeKind {
    /// Number of leaf symbols (zlib's `elems`).
    pub(crate) elems: usize,
    /// Longest allowed code (zlib's `max_length`).
    pub(crate) max_length: usize,
    /// Extra bits of the symbols from `extra_base` on (zlib's `extra_bits`).
    pub(crate) extra_bits: &'static [u8],
    /// First symbol with extra bits (zlib's `extra_base`).
    pub(crate) extra_base: usize,
    /// Code lengths of the fixed code, for estimating a fixed block (zlib's `static_tree`).
    pub(crate) static_len: Option<&'static [u8]>,
}

/// Running bit counts of the block being built (zlib's `opt_len` and `static_len`).
///
/// zlib keeps them in an unsigned `ulg` and lets them wrap transiently (it subtracts before it
/// adds); wrapping `u64` arithmetic gives the same final values.
#[derive(Default, Clone, Copy)]
pub(crate) struct BlockCost {
    /// Bits of the block with dynamic trees (zlib's `opt_len`).
    pub(crate) opt_len: u64,
    /// Bits of the block with the fixed trees (zlib's `static_len`).
    pub(crate) static_len: u64,
}

/// Scratch space for building one tree at a time (zlib's `heap`, `depth`, `bl_count`, and the
/// `Freq`/`Dad`/`Len` fields of the internal nodes).
///
/// Each heap entry packs a node's sort key above its index: `(freq << 8 | depth) << 16 | node`.
/// Comparing the keys alone is exactly zlib's `smaller` (frequency first, then depth, ties
/// counting as smaller), without an indirection per comparison.
pub(crate) struct HuffmanBuilder {
    heap: [u64; HEAP_SIZE],
    heap_len: usize,
    heap_max: usize,
    freq: [u32; HEAP_SIZE],
    dad: [u16; HEAP_SIZE],
    len: [u8; HEAP_SIZE],
    bl_count: [u16; MAX_BITS + 1],
}

/// A heap entry for `node` with frequency `freq` and subtree depth `depth`.
#[inline]
fn entry(freq: u32, depth: u8, node: usize) -> u64 {
    ((u64::from(freq) << 8 | u64::from(depth)) << 16) | node as u64
}

#[inline]
fn node_of(entry: u64) -> usize {
    (entry & 0xFFFF) as usize
}

#[inline]
fn freq_of(entry: u64) -> u32 {
    (entry >> 24) as u32
}

#[inline]
fn depth_of(entry: u64) -> u8 {
    (entry >> 16) as u8
}

/// zlib's `smaller(n, m)`: by frequency, then by subtree depth, ties counting as smaller.
#[inline]
fn smaller(n: u64, m: u64) -> bool {
    (n >> 16) <= (m >> 16)
}

impl HuffmanBuilder {
    pub(crate) fn new() -> Self {
        HuffmanBuilder {
            heap: [0; HEAP_SIZE],
            heap_len: 0,
            heap_max: HEAP_SIZE,
            freq: [0; HEAP_SIZE],
            dad: [0; HEAP_SIZE],
            len: [0; HEAP_SIZE],
            bl_count: [0; MAX_BITS + 1],
        }
    }

    /// Builds the code for the leaf frequencies `freqs` (length `kind.elems`), writing each
    /// symbol's code length to `lens` and bit-reversed code to `codes`, adding the block's cost
    /// to `cost`, and returning the largest symbol with a code (zlib's `build_tree`, which
    /// stores it as `max_code`).
    ///
    /// As in zlib, at least two symbols always get a code: missing ones are forced in with
    /// frequency 1.
    pub(crate) fn build(
        &mut self,
        kind: &TreeKind,
        freqs: &[u16],
        lens: &mut [u8],
        codes: &mut [u16],
        cost: &mut BlockCost,
    ) -> usize {
        let elems = kind.elems.min(freqs.len()).min(lens.len()).min(codes.len());
        self.heap_len = 0;
        self.heap_max = HEAP_SIZE;
        // zlib's `max_code`, -1 while no symbol has a code.
        let mut max_code: isize = -1;

        self.len[..elems].fill(0);
        for (n, &f) in freqs.iter().enumerate().take(elems) {
            if f != 0 {
                self.freq[n] = u32::from(f);
                self.heap_len += 1;
                self.heap[self.heap_len] = entry(u32::from(f), 0, n);
                max_code = n as isize;
            }
        }

        // The format needs at least one distance code and at least one bit per code, so
        // force two codes of nonzero frequency: the symbols after the largest, or else 0.
        while self.heap_len < 2 {
            let node = if max_code < 2 {
                max_code += 1;
                max_code as usize
            } else {
                0
            };
            self.heap_len += 1;
            self.heap[self.heap_len] = entry(1, 0, node);
            self.freq[node] = 1;
            cost.opt_len = cost.opt_len.wrapping_sub(1);
            if let Some(stree) = kind.static_len {
                let l = stree.get(node).copied().unwrap_or(0);
                cost.static_len = cost.static_len.wrapping_sub(u64::from(l));
            }
        }
        let max_code = max_code.max(0) as usize;

        // Turn the leaves into a heap, least frequent first.
        let mut n = self.heap_len / 2;
        while n >= 1 {
            self.pqdownheap(n);
            n -= 1;
        }

        // Combine the two least frequent nodes until one is left; the heap's tail (from
        // `heap_max` up) records the nodes in the order they were taken out.
        let mut node = elems;
        loop {
            let n = self.pqremove();
            let m = self.heap[SMALLEST];
            self.heap_max -= 1;
            self.heap[self.heap_max] = n;
            self.heap_max -= 1;
            self.heap[self.heap_max] = m;

            let depth = depth_of(n).max(depth_of(m)).wrapping_add(1);
            self.dad[node_of(n)] = node as u16;
            self.dad[node_of(m)] = node as u16;

            self.heap[SMALLEST] = entry(freq_of(n) + freq_of(m), depth, node);
            node += 1;
            self.pqdownheap(SMALLEST);
            if self.heap_len < 2 {
                break;
            }
        }
        self.heap_max -= 1;
        self.heap[self.heap_max] = self.heap[SMALLEST];

        self.gen_bitlen(kind, max_code, cost);
        lens[..elems].copy_from_slice(&self.len[..elems]);
        self.gen_codes(max_code, lens, codes);
        max_code
    }

    /// Restores the heap property below slot `k` (zlib's `pqdownheap`).
    fn pqdownheap(&mut self, mut k: usize) {
        let len = self.heap_len.min(HEAP_SIZE - 1);
        let v = self.heap[k];
        let mut j = k << 1;
        while j <= len {
            if j < len && smaller(self.heap[j + 1], self.heap[j]) {
                j += 1;
            }
            if smaller(v, self.heap[j]) {
                break;
            }
            self.heap[k] = self.heap[j];
            k = j;
            j <<= 1;
        }
        self.heap[k] = v;
    }

    /// Takes the least frequent node off the heap (zlib's `pqremove` macro).
    fn pqremove(&mut self) -> u64 {
        let top = self.heap[SMALLEST];
        self.heap[SMALLEST] = self.heap[self.heap_len];
        self.heap_len -= 1;
        self.pqdownheap(SMALLEST);
        top
    }

    /// Computes the code lengths, capped at `kind.max_length` with zlib's repair of the
    /// overflowing ones, and adds the block's bit counts to `cost` (zlib's `gen_bitlen`).
    fn gen_bitlen(&mut self, kind: &TreeKind, max_code: usize, cost: &mut BlockCost) {
        let max_length = kind.max_length;
        self.bl_count = [0; MAX_BITS + 1];

        // Walk from the root down: every node is one deeper than its parent.
        let root = node_of(self.heap[self.heap_max]);
        self.len[root] = 0;
        let mut overflow: i32 = 0;
        for h in self.heap_max + 1..HEAP_SIZE {
            let n = node_of(self.heap[h]);
            let mut bits = usize::from(self.len[usize::from(self.dad[n])]) + 1;
            if bits > max_length {
                bits = max_length;
                overflow += 1;
            }
            self.len[n] = bits as u8;
            if n > max_code {
                continue; // an internal node
            }
            self.bl_count[bits] += 1;
            let xbits = if n >= kind.extra_base {
                u64::from(
                    kind.extra_bits
                        .get(n - kind.extra_base)
                        .copied()
                        .unwrap_or(0),
                )
            } else {
                0
            };
            let f = u64::from(self.freq[n]);
            cost.opt_len = cost.opt_len.wrapping_add(f * (bits as u64 + xbits));
            if let Some(stree) = kind.static_len {
                let sl = u64::from(stree.get(n).copied().unwrap_or(0));
                cost.static_len = cost.static_len.wrapping_add(f * (sl + xbits));
            }
        }
        if overflow == 0 {
            return;
        }

        // Move leaves down from the deepest allowed level until the lengths fit again.
        loop {
            let mut bits = max_length - 1;
            while bits > 0 && self.bl_count[bits] == 0 {
                bits -= 1;
            }
            self.bl_count[bits] = self.bl_count[bits].wrapping_sub(1);
            self.bl_count[bits + 1] = self.bl_count[bits + 1].wrapping_add(2);
            self.bl_count[max_length] = self.bl_count[max_length].wrapping_sub(1);
            overflow -= 2;
            if overflow <= 0 {
                break;
            }
        }

        // Hand the lengths out again, longest to the least frequent leaves.
        let mut h = HEAP_SIZE;
        for bits in (1..=max_length).rev() {
            let mut n = self.bl_count[bits];
            while n != 0 && h > self.heap_max {
                h -= 1;
                let m = node_of(self.heap[h]);
                if m > max_code {
                    continue;
                }
                let old = u64::from(self.len[m]);
                if old != bits as u64 {
                    let delta = (bits as u64).wrapping_sub(old);
                    cost.opt_len = cost
                        .opt_len
                        .wrapping_add(delta.wrapping_mul(u64::from(self.freq[m])));
                    self.len[m] = bits as u8;
                }
                n -= 1;
            }
        }
    }

    /// Assigns canonical codes in symbol order, bit-reversed for LSB-first sending (zlib's
    /// `gen_codes`).
    fn gen_codes(&self, max_code: usize, lens: &[u8], codes: &mut [u16]) {
        let mut next_code = [0u16; MAX_BITS + 1];
        let mut code: u16 = 0;
        for (bits, next) in next_code.iter_mut().enumerate().skip(1) {
            code = code.wrapping_add(self.bl_count[bits - 1]) << 1;
            *next = code;
        }
        for (&len, c) in lens.iter().zip(codes.iter_mut()).take(max_code + 1) {
            if len == 0 {
                continue;
            }
            let slot = usize::from(len).min(MAX_BITS);
            // zlib's `bi_reverse(next_code[len]++, len)`.
            *c = next_code[slot].reverse_bits() >> (16 - slot);
            next_code[slot] = next_code[slot].wrapping_add(1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tables::{EXTRA_LBITS, LITERALS, STATIC_LTREE_LEN};
    use super::*;

    fn lit_kind() -> TreeKind {
        TreeKind {
            elems: L_CODES,
            max_length: MAX_BITS,
            extra_bits: &EXTRA_LBITS,
            extra_base: LITERALS + 1,
            static_len: Some(&STATIC_LTREE_LEN),
        }
    }

    fn kraft_ok(lens: &[u8]) -> bool {
        let sum: u64 = lens
            .iter()
            .filter(|&&l| l > 0)
            .map(|&l| 1u64 << (MAX_BITS - l as usize))
            .sum();
        sum <= 1u64 << MAX_BITS
    }

    #[test]
    fn single_symbol_is_paired_with_a_forced_one() {
        let mut b = HuffmanBuilder::new();
        let mut freqs = [0u16; L_CODES];
        freqs[256] = 1;
        let mut lens = [0u8; L_CODES + 1];
        let mut codes = [0u16; L_CODES + 1];
        let mut cost = BlockCost::default();
        let max = b.build(&lit_kind(), &freqs, &mut lens, &mut codes, &mut cost);
        assert_eq!(max, 256);
        assert_eq!(lens[0], 1);
        assert_eq!(lens[256], 1);
        assert_eq!(cost.opt_len, 1); // 1 bit for END_BLOCK, the forced leaf costs nothing
        assert_eq!(cost.static_len, 7);
    }

    #[test]
    fn lengths_are_capped_at_15_and_stay_a_prefix_code() {
        // Fibonacci frequencies (END_BLOCK being the first 1) make the unrestricted tree as
        // deep as possible: 22 leaves in a chain, 21 levels.
        let mut freqs = [0u16; L_CODES];
        let (mut a, mut c) = (1u16, 2u16);
        for f in freqs.iter_mut().take(22) {
            *f = a;
            let next = a.saturating_add(c);
            a = c;
            c = next;
        }
        freqs[256] = 1;
        let mut b = HuffmanBuilder::new();
        let mut lens = [0u8; L_CODES + 1];
        let mut codes = [0u16; L_CODES + 1];
        let mut cost = BlockCost::default();
        b.build(&lit_kind(), &freqs, &mut lens, &mut codes, &mut cost);
        assert!(lens.iter().all(|&l| l as usize <= MAX_BITS));
        assert!(lens.iter().any(|&l| l as usize == MAX_BITS));
        assert!(kraft_ok(&lens));
        let expected: u64 = (0..L_CODES)
            .map(|n| u64::from(freqs[n]) * u64::from(lens[n]))
            .sum();
        assert_eq!(cost.opt_len, expected);
    }
}
