//! Decoding tables for deflate's canonical Huffman codes, with the verdicts of zlib's
//! `inflate_table()` (`inftrees.c`): an over-subscribed set of lengths is refused; an
//! incomplete one is refused too, except for literal/length and distance codes whose longest
//! code is one bit (one code of length 1: the missing code is an invalid-code marker); a code
//! with no symbols at all decodes every bit as an invalid-code marker.
//!
//! A table is a root table indexed by `root_bits` input bits, whose entries are either a
//! decoded symbol or a pointer to a sub-table for the codes longer than `root_bits`.

use super::bits::BitReader;
use super::error::InflateError;

/// The longest code deflate allows (`MAXBITS`).
pub(super) const MAX_CODE_BITS: usize = 15;

/// What a table entry means (bits 4..8 of an entry).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum EntryKind {
    /// A literal byte; for a code-length code, the code-length symbol.
    Literal = 0,
    /// A match length (literal/length code) or distance (distance code): base + extra bits.
    Base = 1,
    /// Literal/length symbol 256.
    EndOfBlock = 2,
    /// A symbol the format does not define (literal/length 286, 287; distance 30, 31), or
    /// zlib's invalid-code marker for an incomplete or empty code.
    Invalid = 3,
    /// A pointer to a sub-table.
    SubTable = 4,
}

/// One decoded entry: `bits` (code length) in bits 0..4, the kind in bits 4..8, extra bits
/// (or a sub-table's index bits) in bits 8..12, the value in bits 16..32.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Entry(u32);

impl Entry {
    const fn new(code_bits: u32, kind: EntryKind, extra: u32, value: u32) -> Entry {
        Entry(code_bits | (kind as u32) << 4 | extra << 8 | value << 16)
    }

    /// The code's length in bits.
    #[inline]
    pub(super) fn code_bits(self) -> u32 {
        self.0 & 0xF
    }

    /// Whether the entry is of `kind` (one comparison, for the decoding loop).
    #[inline]
    pub(super) fn is(self, kind: EntryKind) -> bool {
        (self.0 >> 4) & 0xF == kind as u32
    }

    /// Extra bits to read after the code (a base entry), or a sub-table's index bits.
    #[inline]
    pub(super) fn extra_bits(self) -> u32 {
        (self.0 >> 8) & 0xF
    }

    /// The literal, base or code-length symbol.
    #[inline]
    pub(super) fn value(self) -> u32 {
        self.0 >> 16
    }
}

/// zlib's invalid-code marker: one bit long (`here.bits = 1` in both of `inflate_table`'s
/// marker cases), value 0 (so a code-length code with no symbols reads as length 0).
const MARKER: Entry = Entry::new(1, EntryKind::Invalid, 0, 0);

/// Which code a table decodes; decides the symbols' meaning and the verdicts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum CodeKind {
    /// The code-length code of a dynamic block header (`CODES`).
    CodeLengths,
    /// Literals, end of block and match lengths (`LENS`).
    LiteralLengths,
    /// Match distances (`DISTS`).
    Distances,
}

/// Length codes 257..285: base lengths and extra bits (RFC 1951 §3.2.5).
const LENGTH_BASE: [u16; 29] = [
    3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131,
    163, 195, 227, 258,
];
const LENGTH_EXTRA: [u8; 29] = [
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
];
/// Distance codes 0..29: base distances and extra bits.
const DISTANCE_BASE: [u16; 30] = [
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
    2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
];
const DISTANCE_EXTRA: [u8; 30] = [
    0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13,
    13,
];

impl CodeKind {
    /// Root index bits: most codes are decoded with one lookup.
    fn root_bits(self) -> u32 {
        match self {
            CodeKind::CodeLengths => 7,
            CodeKind::LiteralLengths => 9,
            CodeKind::Distances => 8,
        }
    }

    /// The entry for `symbol` with a code of `code_bits` bits.
    fn entry(self, symbol: usize, code_bits: u32) -> Entry {
        let base = |bases: &[u16], extras: &[u8], index: usize| match bases.get(index) {
            Some(&base) => Entry::new(
                code_bits,
                EntryKind::Base,
                u32::from(extras[index]),
                u32::from(base),
            ),
            None => Entry::new(code_bits, EntryKind::Invalid, 0, 0),
        };
        match self {
            CodeKind::CodeLengths => Entry::new(code_bits, EntryKind::Literal, 0, symbol as u32),
            CodeKind::LiteralLengths => match symbol {
                0..=255 => Entry::new(code_bits, EntryKind::Literal, 0, symbol as u32),
                256 => Entry::new(code_bits, EntryKind::EndOfBlock, 0, 0),
                _ => base(&LENGTH_BASE, &LENGTH_EXTRA, symbol - 257),
            },
            CodeKind::Distances => base(&DISTANCE_BASE, &DISTANCE_EXTRA, symbol),
        }
    }
}

/// Why `inflate_table` refused a set of code lengths.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct BadLengths;

/// A decoding table, reusable across blocks.
#[derive(Default)]
pub(super) struct DecodeTable {
    entries: Vec<Entry>,
    root_bits: u32,
}

impl DecodeTable {
    /// `inflate_table(kind, lengths)`: builds the table, or refuses the lengths as zlib does.
    pub(super) fn build(&mut self, lengths: &[u8], kind: CodeKind) -> Result<(), BadLengths> {
        let mut count = [0u16; MAX_CODE_BITS + 1];
        for &length in lengths {
            count[usize::from(length)] += 1;
        }
        count[0] = 0;
        let Some(max) = (1..=MAX_CODE_BITS).rev().find(|&len| count[len] != 0) else {
            // No symbols at all: a two-entry table of markers "to force an error".
            self.root_bits = 1;
            self.entries.clear();
            self.entries.extend([MARKER, MARKER]);
            return Ok(());
        };
        let mut left: i32 = 1;
        for &codes in &count[1..] {
            left = (left << 1) - i32::from(codes);
            if left < 0 {
                return Err(BadLengths); // over-subscribed
            }
        }
        if left > 0 && (kind == CodeKind::CodeLengths || max != 1) {
            return Err(BadLengths); // incomplete
        }
        let root_bits = kind.root_bits().min(max as u32);
        self.root_bits = root_bits;
        self.entries.clear();
        self.entries.resize(1 << root_bits, MARKER);
        if max as u32 > root_bits {
            self.allocate_sub_tables(lengths, &canonical_codes(lengths, &count));
        }
        // Canonical codes (RFC 1951 §3.2.2), computed while placing them: the first code of
        // each length, then one more per symbol of that length, bit-reversed for the table.
        let mut next = first_codes(&count);
        for (symbol, &length) in lengths.iter().enumerate() {
            if length != 0 {
                let bits = usize::from(length);
                let code = next[bits].reverse_bits() >> (16 - bits);
                next[bits] += 1;
                self.place(
                    code,
                    u32::from(length),
                    kind.entry(symbol, u32::from(length)),
                );
            }
        }
        Ok(())
    }

    /// Points each root entry that prefixes a long code at a sub-table big enough for the
    /// longest code behind that prefix.
    fn allocate_sub_tables(&mut self, lengths: &[u8], codes: &[u16]) {
        let root_bits = self.root_bits;
        let root_mask = (1u32 << root_bits) - 1;
        let mut longest = [0u8; 1 << 10];
        for (&length, &code) in lengths.iter().zip(codes) {
            if u32::from(length) > root_bits {
                let prefix = (u32::from(code) & root_mask) as usize;
                longest[prefix] = longest[prefix].max(length - root_bits as u8);
            }
        }
        for (prefix, &sub_bits) in longest.iter().enumerate().take(1 << root_bits) {
            if sub_bits != 0 {
                let offset = self.entries.len() as u32;
                self.entries[prefix] =
                    Entry::new(root_bits, EntryKind::SubTable, u32::from(sub_bits), offset);
                self.entries
                    .resize(self.entries.len() + (1 << sub_bits), MARKER);
            }
        }
    }

    /// Writes `entry` at every index whose low `length` bits are the (bit-reversed) `code`.
    fn place(&mut self, code: u16, length: u32, entry: Entry) {
        let root_bits = self.root_bits;
        let code = usize::from(code);
        let (mut index, step, end) = if length <= root_bits {
            (code, 1usize << length, 1usize << root_bits)
        } else {
            let pointer = self.lookup(code & ((1 << root_bits) - 1));
            let start = pointer.value() as usize;
            (
                start + (code >> root_bits),
                1usize << (length - root_bits),
                start + (1usize << pointer.extra_bits()),
            )
        };
        let end = end.min(self.entries.len());
        while index < end {
            self.entries[index] = entry;
            index += step;
        }
    }

    /// Decodes one symbol: the entry whose code the next input bits spell. A code longer
    /// than what is left of the input is a truncated stream (zlib pulls bytes until the
    /// entry's `bits` are held).
    #[inline]
    pub(super) fn decode(&self, reader: &mut BitReader) -> Result<Entry, InflateError> {
        if reader.available() < MAX_CODE_BITS as u32 {
            reader.refill();
        }
        let hold = reader.hold();
        let mut entry = self.lookup((hold & ((1 << self.root_bits) - 1)) as usize);
        if entry.is(EntryKind::SubTable) {
            let index = (hold >> self.root_bits) as usize & ((1 << entry.extra_bits()) - 1);
            entry = self.lookup(entry.value() as usize + index);
        }
        if entry.code_bits() > reader.available() {
            return Err(InflateError::Truncated);
        }
        reader.consume(entry.code_bits());
        Ok(entry)
    }

    #[inline]
    fn lookup(&self, index: usize) -> Entry {
        self.entries.get(index).copied().unwrap_or(MARKER)
    }
}

/// The most symbols a code has (the fixed literal/length code's 288).
pub(super) const MAX_SYMBOLS: usize = 288;

/// Each symbol's canonical code (RFC 1951 §3.2.2), bit-reversed so that it can index a
/// table with the input's first bit lowest. `lengths` has at most [`MAX_SYMBOLS`] entries.
fn canonical_codes(lengths: &[u8], count: &[u16; MAX_CODE_BITS + 1]) -> [u16; MAX_SYMBOLS] {
    let mut next = first_codes(count);
    let mut codes = [0u16; MAX_SYMBOLS];
    for (slot, &length) in codes.iter_mut().zip(lengths) {
        let length = usize::from(length);
        if length != 0 {
            *slot = next[length].reverse_bits() >> (16 - length);
            next[length] += 1;
        }
    }
    codes
}

/// The first canonical code of each length.
fn first_codes(count: &[u16; MAX_CODE_BITS + 1]) -> [u16; MAX_CODE_BITS + 1] {
    let mut next = [0u16; MAX_CODE_BITS + 1];
    let mut code = 0u16;
    for length in 1..=MAX_CODE_BITS {
        code = (code + count[length - 1]) << 1;
        next[length] = code;
    }
    next
}
