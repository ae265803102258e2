//! Hash chains and the longest-match search; mirrors deflate.c's `UPDATE_HASH`/`INSERT_STRING`
//! (hash_bits 15, hash_shift 5), the `head`/`prev` arrays, `slide_hash` and `longest_match`.
//!
//! zlib clears its 32768-entry `head` table for every stream. Here the tables persist across
//! calls and positions are stored with a per-call `base`: every entry written by an earlier
//! call is below `base`, which the search treats exactly like zlib's empty entry (NIL). zlib's
//! sliding of the tables (`slide_hash`) is not needed because positions are absolute; only
//! zlib's "window position 0 is NIL" quirk is reproduced, via the window offset.

use super::tables::{MAX_MATCH, MIN_MATCH};

/// Window size at windowBits 15 (zlib's `w_size`).
pub(crate) const W_SIZE: usize = 1 << 15;
const W_MASK: u32 = (W_SIZE - 1) as u32;
/// Hash table size at memLevel 8: 1 << (8 + 7) (zlib's `hash_size`).
const HASH_SIZE: usize = 1 << 15;
/// zlib's `MIN_LOOKAHEAD`: room kept after the current position for one match plus a hash.
pub(crate) const MIN_LOOKAHEAD: usize = MAX_MATCH + MIN_MATCH + 1;
/// Farthest match distance zlib allows (zlib's `MAX_DIST`).
pub(crate) const MAX_DIST: usize = W_SIZE - MIN_LOOKAHEAD;

/// Level 6's search limits (zlib's `configuration_table[6]`).
const GOOD_LENGTH: usize = 8;
const NICE_LENGTH: usize = 128;
const MAX_CHAIN: u32 = 128;

/// Stored positions are rebased once they run this far past `origin`, and the tables are
/// cleared when `base` would leave too little headroom in a `u32`.
const REBASE_AFTER: usize = 1 << 30;
const MAX_BASE: u32 = u32::MAX - (1 << 31);

/// The `head` and `prev` tables, reusable across inputs.
pub(crate) struct HashChains {
    /// Most recent stored position of each 3-byte hash (zlib's `head`).
    head: Box<[u32; HASH_SIZE]>,
    /// Previous stored position with the same hash, indexed by position mod 32768 (zlib's
    /// `prev`).
    prev: Box<[u32; W_SIZE]>,
    /// Stored value of absolute position `origin`; entries below it are empty.
    base: u32,
    /// Absolute position stored as `base` (a multiple of `W_SIZE`).
    origin: usize,
    /// `base` for the next input: above everything stored so far.
    next_base: u32,
}

/// zlib's `UPDATE_HASH` applied three times: it depends on exactly three bytes.
#[inline]
fn hash3(a: u8, b: u8, c: u8) -> usize {
    ((usize::from(a) << 10) ^ (usize::from(b) << 5) ^ usize::from(c)) & (HASH_SIZE - 1)
}

/// Length of the common prefix of `a` and `b`, at most `limit`, starting the comparison at
/// byte `from` (the caller knows the bytes before it are equal).
#[inline]
fn common_prefix(a: &[u8], b: &[u8], from: usize, limit: usize) -> usize {
    let limit = limit.min(a.len()).min(b.len());
    let mut i = from;
    while i + 8 <= limit {
        let (Some(x), Some(y)) = (a.get(i..i + 8), b.get(i..i + 8)) else {
            break;
        };
        let x = u64::from_le_bytes(x.try_into().unwrap_or([0; 8]));
        let y = u64::from_le_bytes(y.try_into().unwrap_or([0; 8]));
        let diff = x ^ y;
        if diff != 0 {
            return i + (diff.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < limit && a[i] == b[i] {
        i += 1;
    }
    i
}

/// A zeroed table on the heap (without building it on the stack first).
fn zeroed_table<const N: usize>() -> Box<[u32; N]> {
    let table: Box<[u32]> = vec![0u32; N].into_boxed_slice();
    table.try_into().unwrap_or_else(|_| Box::new([0u32; N]))
}

/// The two bytes at `i` as one value (an equality test on both at once).
#[inline]
fn pair(bytes: &[u8], i: usize) -> u16 {
    match bytes.get(i..i + 2) {
        Some(&[a, b]) => u16::from_le_bytes([a, b]),
        _ => 0,
    }
}

impl HashChains {
    pub(crate) fn new() -> Self {
        HashChains {
            head: zeroed_table(),
            prev: zeroed_table(),
            base: 1,
            origin: 0,
            next_base: 1,
        }
    }

    /// Prepares for a new input: afterwards every table entry reads as empty, as after zlib's
    /// `CLEAR_HASH` in `lm_init`, without touching the tables (unless `base` ran out of room).
    pub(crate) fn start(&mut self) {
        if self.next_base > MAX_BASE {
            self.head.iter_mut().for_each(|e| *e = 0);
            self.prev.iter_mut().for_each(|e| *e = 0);
            self.next_base = 1;
        }
        self.base = self.next_base;
        self.origin = 0;
    }

    /// Marks the end of the input whose positions ran up to (not including) `end`.
    pub(crate) fn finish(&mut self, end: usize) {
        let top = self.stored(end.max(self.origin));
        self.next_base = top.saturating_add(1);
    }

    #[inline]
    fn stored(&self, pos: usize) -> u32 {
        self.base.wrapping_add((pos - self.origin) as u32)
    }

    /// Keeps stored positions within `u32` on inputs over 1 GiB: shifts every entry down by
    /// a multiple of `W_SIZE`, emptying the ones that fall more than a window behind `pos`
    /// (which zlib can no longer reach either; this is zlib's `slide_hash` in large steps).
    #[inline]
    pub(crate) fn maybe_rebase(&mut self, pos: usize) {
        let rel = pos - self.origin;
        if rel < REBASE_AFTER {
            return;
        }
        let shift = (rel - 2 * W_SIZE) & !(W_SIZE - 1);
        let floor = self.base.wrapping_add(shift as u32);
        let shift32 = shift as u32;
        for e in self.head.iter_mut().chain(self.prev.iter_mut()) {
            *e = if *e >= floor { *e - shift32 } else { 0 };
        }
        self.origin += shift;
    }

    /// Inserts the string at `pos` (which has at least 3 bytes after it) and returns the
    /// previous head of its chain, as a stored position (zlib's `INSERT_STRING`).
    #[inline]
    pub(crate) fn insert(&mut self, data: &[u8], pos: usize) -> u32 {
        let h = match data.get(pos..pos + MIN_MATCH) {
            Some(&[a, b, c]) => hash3(a, b, c),
            _ => return 0,
        };
        let s = self.stored(pos);
        let old = self.head[h];
        self.prev[(s & W_MASK) as usize] = old;
        self.head[h] = s;
        old
    }

    /// The absolute position of a chain head returned by [`HashChains::insert`] at `strstart`
    /// if deflate_slow may search from it: not empty, not zlib's NIL (window position 0, i.e.
    /// `window_offset`), and within `MAX_DIST`.
    #[inline]
    pub(crate) fn usable_head(
        &self,
        head: u32,
        strstart: usize,
        window_offset: usize,
    ) -> Option<usize> {
        if head < self.base {
            return None;
        }
        let pos = self.origin + (head - self.base) as usize;
        if pos == window_offset || pos >= strstart || strstart - pos > MAX_DIST {
            return None;
        }
        Some(pos)
    }

    /// Finds the longest match for `data[strstart..]` along the chain starting at `cur_match`
    /// (zlib's `longest_match` at level 6). `prev_length` is the match found at the previous
    /// position and `lookahead` the bytes left from `strstart`. Returns the match length
    /// (never above `lookahead`) and its start if a longer one than `prev_length` was found.
    pub(crate) fn longest_match(
        &self,
        data: &[u8],
        strstart: usize,
        cur_match: usize,
        prev_length: usize,
        lookahead: usize,
    ) -> (usize, Option<usize>) {
        let cap = MAX_MATCH.min(lookahead);
        // A previous match reaching the end of the input cannot be beaten (and zlib's result
        // then does not matter: the previous match is taken either way).
        if prev_length >= cap {
            return (prev_length.min(lookahead), None);
        }
        let Some(scan) = data.get(strstart..strstart + cap) else {
            return (prev_length.min(lookahead), None);
        };
        let mut chain_length = if prev_length >= GOOD_LENGTH {
            MAX_CHAIN >> 2
        } else {
            MAX_CHAIN
        };
        let nice_match = NICE_LENGTH.min(lookahead);
        let limit = self
            .base
            .wrapping_add((strstart - self.origin).saturating_sub(MAX_DIST) as u32);

        // deflate_slow never passes less than MIN_MATCH - 1.
        let mut best_len = prev_length.max(MIN_MATCH - 1);
        let mut best_start = None;
        // Cheap rejections first, as in zlib: the two bytes ending at the current best
        // length, then the first two (the third is implied by the hash).
        let mut scan_end = pair(scan, best_len - 1);
        let scan_start = pair(scan, 0);
        let mut stored = self.stored(cur_match);
        loop {
            let cur = self.origin + (stored - self.base) as usize;
            if let Some(cand) = data.get(cur..cur + cap) {
                if pair(cand, best_len - 1) == scan_end && pair(cand, 0) == scan_start {
                    let len = common_prefix(cand, scan, 2, cap);
                    if len > best_len {
                        best_start = Some(cur);
                        best_len = len;
                        if len >= nice_match {
                            break;
                        }
                        scan_end = pair(scan, best_len - 1);
                    }
                }
            }
            let next = self.prev[(stored & W_MASK) as usize];
            if next <= limit {
                break;
            }
            chain_length -= 1;
            if chain_length == 0 {
                break;
            }
            stored = next;
        }
        (best_len.min(lookahead), best_start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_depends_on_three_bytes_only() {
        // Three rounds of h = ((h << 5) ^ c) & 0x7fff from any start.
        for start in [0usize, 0x7fff, 0x1234] {
            let mut h = start;
            for c in [b'a', b'b', b'c'] {
                h = ((h << 5) ^ usize::from(c)) & 0x7fff;
            }
            assert_eq!(h, hash3(b'a', b'b', b'c'));
        }
    }

    #[test]
    fn common_prefix_stops_at_first_difference_and_limit() {
        let a = b"abcdefghijklmnopqrstuvwxyz";
        let mut b = *a;
        b[13] = b'!';
        assert_eq!(common_prefix(a, &b, 0, 26), 13);
        assert_eq!(common_prefix(a, a, 2, 20), 20);
        assert_eq!(common_prefix(a, &b, 0, 5), 5);
    }

    #[test]
    fn entries_from_an_earlier_input_read_as_empty() {
        let mut chains = HashChains::new();
        let data = b"abcabcabc";
        chains.start();
        for p in 0..6 {
            chains.insert(data, p);
        }
        chains.finish(data.len());
        chains.start();
        let head = chains.insert(data, 0);
        assert_eq!(chains.usable_head(head, 0, 0), None);
        let head = chains.insert(data, 1);
        assert_eq!(chains.usable_head(head, 1, 0), None);
    }

    #[test]
    fn window_position_zero_is_never_a_match() {
        // zlib's NIL is 0, so the string at window position 0 is never matched.
        let mut chains = HashChains::new();
        let data = b"abcabc";
        chains.start();
        for p in 0..3 {
            chains.insert(data, p);
        }
        let head = chains.insert(data, 3);
        assert_eq!(chains.usable_head(head, 3, 0), None);
    }
}
