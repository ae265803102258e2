//! Hand-made streams for the paths a compressor rarely takes; `tests/inflate_matches_cpython.rs`
//! and `tests/inflate_matches_zlib.rs` compare thousands more with CPython and C zlib.

use super::*;
use crate::deflate::compress;

/// Packs `(value, bit count)` fields least significant bit first, after a zlib header.
fn stream(fields: &[(u32, u32)]) -> Vec<u8> {
    let mut out = vec![0x78, 0x9c];
    let (mut acc, mut bits) = (0u64, 0u32);
    for &(value, count) in fields {
        acc |= u64::from(value) << bits;
        bits += count;
        while bits >= 8 {
            out.push(acc as u8);
            acc >>= 8;
            bits -= 8;
        }
    }
    if bits > 0 {
        out.push(acc as u8);
    }
    out
}

fn inflate(input: &[u8]) -> Result<Vec<u8>, InflateError> {
    Inflater::new().inflate(input, 1 << 20)
}

#[test]
fn round_trips_what_deflate_writes() {
    let mut inflater = Inflater::new();
    for data in [
        &b""[..],
        b"a",
        b"hello hello hello hello",
        &[0u8; 70_000],
        &(0..=255u8).cycle().take(100_000).collect::<Vec<_>>(),
    ] {
        assert_eq!(
            inflater.inflate(&compress(data), 1 << 20).as_deref(),
            Ok(data)
        );
    }
}

#[test]
fn header_checks_come_in_zlibs_order() {
    assert_eq!(inflate(b""), Err(InflateError::Truncated));
    assert_eq!(inflate(b"\x78"), Err(InflateError::Truncated));
    // 0x7801 is a multiple of 31, 0x7800 is not: the check comes before the method.
    assert_eq!(
        inflate(b"\x77\x00"),
        Err(InflateError::Data(DataError::IncorrectHeaderCheck))
    );
    assert_eq!(
        inflate(b"\x79\x9c"),
        Err(InflateError::Data(DataError::IncorrectHeaderCheck))
    );
    assert_eq!(
        inflate(b"\x77\x01"),
        Err(InflateError::Data(DataError::IncorrectHeaderCheck))
    );
    assert_eq!(
        inflate(b"\x88\x98\x03\x00"),
        Err(InflateError::Data(DataError::InvalidWindowSize))
    );
    // FDICT: the dictionary's Adler-32 must be there before zlib asks for the dictionary.
    assert_eq!(inflate(b"\x78\xbb\x00\x00"), Err(InflateError::Truncated));
    assert_eq!(
        inflate(b"\x78\xbb\x00\x00\x00\x01"),
        Err(InflateError::NeedsDictionary)
    );
}

#[test]
fn fixed_blocks_refuse_the_codes_the_format_leaves_undefined() {
    // Literal/length 286 is the fixed code 11000110 (8 bits, read most significant first).
    let code_286 = 0b0110_0011;
    assert_eq!(
        inflate(&stream(&[(1, 1), (1, 2), (code_286, 8), (0, 16)])),
        Err(InflateError::Data(DataError::InvalidLiteralLengthCode))
    );
    // Literal 'a' (code 10010001), then length 3 (code 0000001) at distance code 30 (11110).
    let literal_a = 0b1000_1001;
    assert_eq!(
        inflate(&stream(&[
            (1, 1),
            (1, 2),
            (literal_a, 8),
            (0b100_0000, 7),
            (0b01111, 5)
        ])),
        Err(InflateError::Data(DataError::InvalidDistanceCode))
    );
    // Length 3 at distance 1 before any output.
    assert_eq!(
        inflate(&stream(&[(1, 1), (1, 2), (0b100_0000, 7), (0, 5), (0, 16)])),
        Err(InflateError::Data(DataError::InvalidDistanceTooFarBack))
    );
}

#[test]
fn an_empty_code_length_code_reads_every_length_as_zero() {
    // HLIT 257, HDIST 1, HCLEN 4, all four code-length lengths 0: zlib decodes each of the
    // 258 lengths from one bit, then finds no end-of-block code — if the bits are there.
    let header = [
        (1, 1),
        (2, 2),
        (0, 5),
        (0, 5),
        (0, 4),
        (0, 3),
        (0, 3),
        (0, 3),
        (0, 3),
    ];
    let mut enough = header.to_vec();
    enough.extend([(0, 32); 9]);
    assert_eq!(
        inflate(&stream(&enough)),
        Err(InflateError::Data(DataError::MissingEndOfBlock))
    );
    let mut short = header.to_vec();
    short.extend([(0, 32); 7]);
    assert_eq!(inflate(&stream(&short)), Err(InflateError::Truncated));
}

#[test]
fn a_repeat_needs_its_extra_bits_before_it_is_refused() {
    // HCLEN 10 (3 bits each): code-length symbols 16 and 17 get length 1, so symbol 16 (the
    // first length: "repeat the previous one", an error) is the single bit 0, here bit 47:
    // the input ends right after it, before its two extra bits.
    let mut fields = vec![(1, 1), (2, 2), (0, 5), (0, 5), (6, 4), (1, 3), (1, 3)];
    fields.extend([(0, 3); 8]);
    fields.push((0, 1));
    let cut = stream(&fields);
    assert_eq!(cut.len(), 2 + 6);
    assert_eq!(inflate(&cut), Err(InflateError::Truncated));
    fields.push((0, 8));
    assert_eq!(
        inflate(&stream(&fields)),
        Err(InflateError::Data(DataError::InvalidBitLengthRepeat))
    );
}

#[test]
fn trailing_bytes_are_ignored_and_the_checksum_is_checked() {
    let mut data = compress(b"payload");
    data.extend_from_slice(b"trailing");
    assert_eq!(inflate(&data).as_deref(), Ok(&b"payload"[..]));
    let mut bad = compress(b"payload");
    let last = bad.len() - 1;
    bad[last] ^= 0x40;
    assert_eq!(
        inflate(&bad),
        Err(InflateError::Data(DataError::IncorrectDataCheck))
    );
}

#[test]
fn output_stops_at_the_limit() {
    let bomb = compress(&vec![0u8; 300_000]);
    let mut inflater = Inflater::new();
    assert_eq!(
        inflater.inflate(&bomb, 299_999),
        Err(InflateError::TooLarge)
    );
    assert_eq!(
        inflater.inflate(&bomb, 300_000).map(|v| v.len()),
        Ok(300_000)
    );
}
