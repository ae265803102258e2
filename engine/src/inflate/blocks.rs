//! Deflate blocks (RFC 1951 §3.2.3–3.2.7) as zlib's `inflate()` reads them (`inflate.c`,
//! states `TYPEDO`, `STORED`, `COPY`, `TABLE`, `LENLENS`, `CODELENS`, `LEN`, `LENEXT`,
//! `DIST`, `DISTEXT`, `MATCH`): each check happens when zlib makes it, after exactly the bits
//! zlib needs for it, so a stream that is both cut short and invalid gets zlib's verdict.

use super::bits::BitReader;
use super::error::{DataError, InflateError};
use super::huffman::{CodeKind, DecodeTable, Entry, EntryKind, MAX_SYMBOLS};
use super::output::Output;

/// The order in which a dynamic header gives the code-length code's lengths.
const CODE_LENGTH_ORDER: [usize; 19] = [
    16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
];

/// The tables a block is decoded with, kept between blocks and streams.
#[derive(Default)]
pub(super) struct BlockTables {
    literal_lengths: DecodeTable,
    distances: DecodeTable,
    code_lengths: DecodeTable,
    fixed: Option<(DecodeTable, DecodeTable)>,
}

/// Which kind of block follows a block header.
enum BlockType {
    Stored,
    Fixed,
    Dynamic,
}

/// Reads one block header (`TYPEDO`): returns whether it is the last block and its type.
pub(super) fn read_block(
    reader: &mut BitReader,
    tables: &mut BlockTables,
    out: &mut Output,
) -> Result<bool, InflateError> {
    let header = reader.take(3)?;
    let last = header & 1 == 1;
    let block_type = match header >> 1 {
        0 => BlockType::Stored,
        1 => BlockType::Fixed,
        2 => BlockType::Dynamic,
        _ => return Err(InflateError::Data(DataError::InvalidBlockType)),
    };
    match block_type {
        BlockType::Stored => copy_stored(reader, out)?,
        BlockType::Fixed => {
            let (literal_lengths, distances) = tables.fixed.get_or_insert_with(fixed_tables);
            decode_codes(reader, literal_lengths, distances, out)?;
        }
        BlockType::Dynamic => {
            read_dynamic_tables(reader, tables)?;
            decode_codes(reader, &tables.literal_lengths, &tables.distances, out)?;
        }
    }
    Ok(last)
}

/// `STORED` and `COPY`: LEN, NLEN (its complement), then LEN bytes.
fn copy_stored(reader: &mut BitReader, out: &mut Output) -> Result<(), InflateError> {
    reader.align_to_byte();
    let lengths = reader.take(32)?;
    let length = lengths & 0xFFFF;
    if length != (lengths >> 16) ^ 0xFFFF {
        return Err(InflateError::Data(DataError::InvalidStoredBlockLengths));
    }
    let length = length as usize;
    let copied = reader.copy_bytes(length, |bytes| out.extend(bytes))?;
    if copied < length {
        return Err(InflateError::Truncated);
    }
    Ok(())
}

/// The fixed codes of RFC 1951 §3.2.6 (`inflate_fixed`).
fn fixed_tables() -> (DecodeTable, DecodeTable) {
    let mut lengths = [8u8; MAX_SYMBOLS];
    lengths[144..256].fill(9);
    lengths[256..280].fill(7);
    let mut literal_lengths = DecodeTable::default();
    let mut distances = DecodeTable::default();
    // Both sets of lengths are complete codes, which `build` accepts.
    let _ = literal_lengths.build(&lengths, CodeKind::LiteralLengths);
    let _ = distances.build(&[5u8; 32], CodeKind::Distances);
    (literal_lengths, distances)
}

/// `TABLE`, `LENLENS`, `CODELENS`: a dynamic block's code lengths, then its two tables.
fn read_dynamic_tables(
    reader: &mut BitReader,
    tables: &mut BlockTables,
) -> Result<(), InflateError> {
    reader.need(14)?;
    let literal_count = reader.take(5)? as usize + 257;
    let distance_count = reader.take(5)? as usize + 1;
    let code_length_count = reader.take(4)? as usize + 4;
    if literal_count > 286 || distance_count > 30 {
        return Err(InflateError::Data(
            DataError::TooManyLengthOrDistanceSymbols,
        ));
    }
    let mut code_length_lengths = [0u8; 19];
    for &symbol in &CODE_LENGTH_ORDER[..code_length_count] {
        code_length_lengths[symbol] = reader.take(3)? as u8;
    }
    tables
        .code_lengths
        .build(&code_length_lengths, CodeKind::CodeLengths)
        .map_err(|_| InflateError::Data(DataError::InvalidCodeLengthsSet))?;

    let total = literal_count + distance_count;
    let mut lengths = [0u8; 286 + 30];
    let mut have = 0;
    while have < total {
        // A code with no symbols decodes as zlib's marker, whose value reads as length 0.
        let symbol = tables.code_lengths.decode(reader)?.value();
        let (length, repeat) = match symbol {
            0..=15 => (symbol as u8, 1),
            16 => {
                let repeat = 3 + reader.take(2)? as usize;
                if have == 0 {
                    return Err(InflateError::Data(DataError::InvalidBitLengthRepeat));
                }
                (lengths[have - 1], repeat)
            }
            17 => (0, 3 + reader.take(3)? as usize),
            _ => (0, 11 + reader.take(7)? as usize),
        };
        if have + repeat > total {
            return Err(InflateError::Data(DataError::InvalidBitLengthRepeat));
        }
        lengths[have..have + repeat].fill(length);
        have += repeat;
    }
    if lengths[256] == 0 {
        return Err(InflateError::Data(DataError::MissingEndOfBlock));
    }
    tables
        .literal_lengths
        .build(&lengths[..literal_count], CodeKind::LiteralLengths)
        .map_err(|_| InflateError::Data(DataError::InvalidLiteralLengthsSet))?;
    tables
        .distances
        .build(&lengths[literal_count..total], CodeKind::Distances)
        .map_err(|_| InflateError::Data(DataError::InvalidDistancesSet))?;
    Ok(())
}

/// `LEN` … `MATCH` until the end-of-block code.
fn decode_codes(
    reader: &mut BitReader,
    literal_lengths: &DecodeTable,
    distances: &DecodeTable,
    out: &mut Output,
) -> Result<(), InflateError> {
    loop {
        let entry = literal_lengths.decode(reader)?;
        if entry.is(EntryKind::Literal) {
            out.push(entry.value() as u8)?;
        } else if entry.is(EntryKind::Base) {
            let length = entry.value() as usize + read_extra(reader, entry)?;
            let distance_entry = distances.decode(reader)?;
            if !distance_entry.is(EntryKind::Base) {
                return Err(InflateError::Data(DataError::InvalidDistanceCode));
            }
            let distance = distance_entry.value() as usize + read_extra(reader, distance_entry)?;
            if distance > out.len() {
                return Err(InflateError::Data(DataError::InvalidDistanceTooFarBack));
            }
            out.copy_match(distance, length)?;
        } else if entry.is(EntryKind::EndOfBlock) {
            return Ok(());
        } else {
            return Err(InflateError::Data(DataError::InvalidLiteralLengthCode));
        }
    }
}

/// The extra bits after a length or distance code.
#[inline]
fn read_extra(reader: &mut BitReader, entry: Entry) -> Result<usize, InflateError> {
    match entry.extra_bits() {
        0 => Ok(0),
        count => Ok(reader.take(count)? as usize),
    }
}
