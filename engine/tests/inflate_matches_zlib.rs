//! The engine's pure-Rust inflate against C zlib (flate2's `zlib` backend, a native-only
//! dev-dependency) on streams generated here: zlib's own output at every level, then cut,
//! bit-flipped and overwritten (the fixture's mutations), and zlib headers followed by random
//! bits (which mostly exercise block headers and dynamic code tables). C zlib is driven the
//! way CPython's `zlib.decompress` drives it (`Z_FINISH`, growing output), and its verdicts
//! are worded as CPython words them, so this complements `inflate_matches_cpython.rs` with far
//! more streams than a committed fixture could hold.
#![cfg(not(target_arch = "wasm32"))]

use flate2::{Compress, Compression, Decompress, FlushCompress, FlushDecompress, Status};
use sessionscope_engine::compress::zlib_decompress;

#[path = "support/zlib_mutations.rs"]
mod zlib_mutations;
use zlib_mutations::{mutate, SplitMix64};

/// How many streams each kind of case generates (`INFLATE_DIFFERENTIAL_CASES` overrides).
fn cases() -> u64 {
    std::env::var("INFLATE_DIFFERENTIAL_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(6_000)
}

/// What `zlib.decompress(stream)` does with C zlib: the output or CPython's error text.
fn c_zlib_verdict(stream: &[u8]) -> Result<Vec<u8>, String> {
    let mut inflate = Decompress::new(true);
    let mut out = Vec::with_capacity(1024);
    loop {
        let input = &stream[inflate.total_in() as usize..];
        match inflate.decompress_vec(input, &mut out, FlushDecompress::Finish) {
            Ok(Status::StreamEnd) => return Ok(out),
            Ok(_) if out.len() == out.capacity() => out.reserve(out.capacity()),
            Ok(_) => {
                return Err(
                    "Error -5 while decompressing data: incomplete or truncated stream".into(),
                )
            }
            Err(error) if error.needs_dictionary().is_some() => {
                return Err("Error 2 while decompressing data".into())
            }
            Err(error) => {
                return Err(format!(
                    "Error -3 while decompressing data: {}",
                    error.message().unwrap_or("invalid input data")
                ))
            }
        }
    }
}

fn zlib_compress_at(data: &[u8], level: u32) -> Vec<u8> {
    let mut compress = Compress::new(Compression::new(level), true);
    let mut out = Vec::with_capacity(data.len() + 64);
    while compress
        .compress_vec(data, &mut out, FlushCompress::Finish)
        .map(|status| status != Status::StreamEnd)
        .unwrap()
    {
        out.reserve(out.capacity());
    }
    out
}

/// Session-ish text, skewed bytes or runs, up to a few KB.
fn sample_input(rng: &mut SplitMix64) -> Vec<u8> {
    let size = [64, 700, 5000][rng.below(3)];
    let size = rng.below(size);
    let mut out = Vec::with_capacity(size);
    let kind = rng.below(3);
    while out.len() < size {
        match kind {
            0 => out.extend_from_slice(
                [
                    &b"{\"cart\":{"[..],
                    b"\"sku-",
                    b"12",
                    b"\":3,",
                    b"history",
                    b"/a/b/",
                ][rng.below(6)],
            ),
            1 => out.push((rng.next_u64().leading_zeros() * 3 + rng.below(4) as u32) as u8),
            _ => {
                let byte = rng.byte();
                out.extend(std::iter::repeat_n(byte, 1 + rng.below(20)));
            }
        }
    }
    out.truncate(size);
    out
}

fn assert_same_verdict(stream: &[u8], what: &str) {
    let ours = zlib_decompress(stream).map_err(|e| e.to_string());
    let theirs = c_zlib_verdict(stream);
    assert!(
        ours == theirs,
        "{what}: stream {:02x?}\nours:   {:?}\nC zlib: {:?}",
        stream,
        ours.as_ref().map(Vec::len),
        theirs.as_ref().map(Vec::len)
    );
}

#[test]
fn mutated_zlib_streams_get_c_zlibs_verdicts() {
    let mut rng = SplitMix64(99);
    for case in 0..cases() {
        let level = rng.below(10) as u32;
        let stream = zlib_compress_at(&sample_input(&mut rng), level);
        assert_same_verdict(&stream, "unmutated");
        for seed in 0..4 {
            let mutated = mutate(&stream, case * 4 + seed);
            assert_same_verdict(&mutated, &format!("case {case} seed {seed}"));
        }
    }
}

#[test]
fn random_bits_after_a_zlib_header_get_c_zlibs_verdicts() {
    let mut rng = SplitMix64(7);
    for case in 0..cases() * 4 {
        let mut stream = vec![0x78, 0x9c];
        let length = [4, 16, 64, 400][rng.below(4)];
        stream.extend((0..rng.below(length)).map(|_| rng.byte()));
        // Mostly dynamic blocks (type 2 in bits 1-2), the richest header to get wrong.
        if rng.below(4) != 0 && stream.len() > 2 {
            stream[2] = (stream[2] & !0b110) | 0b100;
        }
        assert_same_verdict(&stream, &format!("random case {case}"));
    }
}
