//! The pure-Rust deflate (`engine::deflate`) against zlib, byte for byte.
//!
//! - against C zlib (through flate2 at level 6, windowBits 15, memLevel 8, which is
//!   `compress()`'s setting) on a deterministic corpus of generated inputs;
//! - against CPython 1.2.13's `zlib.compress()` (what Django's signing uses) on the committed
//!   fixture `tests/fixtures/cpython_zlib_corpus.json`, whose generated inputs are rebuilt
//!   here with the same generator as `tests/fixtures/cpython_zlib_corpus.py`.

#![cfg(not(target_arch = "wasm32"))]

use flate2::{Compress, Compression, FlushCompress, Status};
use sessionscope_engine::deflate::{adler32, compress, Deflater};
use sessionscope_engine::splitmix::SplitMix64;
use sha2::{Digest, Sha256};

const WORDS: [&str; 30] = [
    "_auth_user_id",
    "_auth_user_backend",
    "_auth_user_hash",
    "cart",
    "items",
    "sku",
    "qty",
    "price",
    "currency",
    "EUR",
    "theme",
    "dark",
    "lang",
    "fr",
    "caf\\u00e9",
    "\\ud83d\\ude00",
    "messages",
    "level",
    "tags",
    "success",
    "Your order was saved",
    "csrf",
    "true",
    "false",
    "null",
    "last_visit",
    "2025-01-01T12:00:00",
    "basket",
    "product",
    "name",
];

const KINDS: [&str; 12] = [
    "random", "alphabet", "runs", "period", "text", "session", "copies", "far3", "fib", "boundary",
    "zeros", "skewed",
];

/// The input of kind `kind` (an index into `KINDS`) from `seed`, `size` bytes long; mirrors
/// `generate` in tests/fixtures/cpython_zlib_corpus.py.
fn generate(kind: usize, seed: u64, size: usize) -> Vec<u8> {
    let mut r = SplitMix64(seed);
    match KINDS[kind] {
        "random" => (0..size).map(|_| r.byte()).collect(),
        "alphabet" => {
            let k = 1 + r.below(8);
            (0..size).map(|_| 97 + r.below(k) as u8).collect()
        }
        "runs" => {
            let mut out = Vec::with_capacity(size);
            while out.len() < size {
                let b = r.byte();
                let n = 1 + r.below(600);
                out.extend(std::iter::repeat_n(b, n));
            }
            out.truncate(size);
            out
        }
        "period" => {
            let p = 1 + r.below(300);
            let pat: Vec<u8> = (0..p).map(|_| 97 + r.below(3) as u8).collect();
            let mut out: Vec<u8> = (0..size).map(|i| pat[i % p]).collect();
            for _ in 0..r.below(size / 50 + 1) {
                let i = r.below(size);
                if i < size {
                    out[i] = r.byte();
                }
            }
            out
        }
        "text" => {
            let mut out = Vec::with_capacity(size + 32);
            while out.len() < size {
                out.extend_from_slice(WORDS[r.below(WORDS.len())].as_bytes());
                out.push(if r.below(7) == 0 { 10 } else { 32 });
            }
            out.truncate(size);
            out
        }
        "session" => {
            let uid = r.below(1_000_000);
            let h: Vec<u64> = (0..4).map(|_| r.next_u64()).collect();
            let mut s = format!(
                "{{\"_auth_user_id\":\"{uid}\",\"_auth_user_backend\":\"django.contrib.auth.backends.ModelBackend\",\"_auth_user_hash\":\"{:016x}{:016x}{:016x}{:016x}\",\"cart\":[",
                h[0], h[1], h[2], h[3]
            );
            let mut first = true;
            while s.len() < size {
                let sku = r.below(100_000);
                let qty = 1 + r.below(9);
                let word = WORDS[r.below(WORDS.len())];
                let units = r.below(500);
                let cents = r.below(100);
                if !first {
                    s.push(',');
                }
                first = false;
                s.push_str(&format!(
                    "{{\"sku\":\"SKU-{sku:05}\",\"qty\":{qty},\"name\":\"{word}\",\"price\":\"{units}.{cents:02}\"}}"
                ));
            }
            s.push_str("]}");
            s.into_bytes()
        }
        "copies" => {
            let mut out: Vec<u8> = (0..size).map(|_| r.byte()).collect();
            for _ in 0..r.below(size / 8 + 1) {
                if size < 40 {
                    break;
                }
                let len = 3 + r.below(27);
                let src = r.below(size - len);
                let dst = r.below(size - len);
                let piece = out[src..src + len].to_vec();
                out[dst..dst + len].copy_from_slice(&piece);
            }
            out
        }
        "far3" => {
            let mut out: Vec<u8> = (0..size).map(|_| r.byte()).collect();
            for _ in 0..size / 16 {
                let d = 4088 + r.below(18);
                if size > d + 5 {
                    let j = d + r.below(size - 4 - d);
                    out.copy_within(j - d..j - d + 3, j);
                }
            }
            out
        }
        "fib" => {
            let k = 9 + r.below(8);
            let fillers = (100 + r.below(60)).min(255 - k);
            let mut out: Vec<u8> = (0..size).map(|_| (k + r.below(fillers)) as u8).collect();
            let mut idx: Vec<usize> = (0..size).collect();
            for i in (1..size).rev() {
                let j = r.below(i + 1);
                idx.swap(i, j);
            }
            let (mut a, mut b, mut next) = (1usize, 2usize, 0usize);
            for sym in 0..k {
                for _ in 0..a {
                    if next < size {
                        out[idx[next]] = sym as u8;
                        next += 1;
                    }
                }
                (a, b) = (b, a + b);
            }
            out
        }
        "boundary" => {
            let mut out: Vec<u8> = (0..size).map(|_| r.byte()).collect();
            let n = 1 + r.below(60);
            for j in 0..n {
                let dist = match r.below(7) {
                    0 => 32506,
                    1 => 32507,
                    2 => 32505,
                    3 => 4096,
                    4 => 4097,
                    5 => 32768,
                    _ => 1 + r.below(32768),
                };
                let len = match r.below(4) {
                    0 => 3,
                    1 => 4,
                    2 => 258 + r.below(3),
                    _ => 3 + r.below(30),
                };
                let dst = if j == 0 {
                    let slide = [65274usize, 98042, 130810]
                        .into_iter()
                        .filter(|&s| s < size)
                        .max()
                        .unwrap_or(0);
                    slide + r.below(3)
                } else {
                    r.below(size)
                };
                if dst >= dist && dst + len <= size {
                    for i in 0..len {
                        out[dst + i] = out[dst - dist + i];
                    }
                    if r.below(3) == 0 && dst > 200 {
                        let dd = 1 + r.below(199);
                        for i in 0..3 {
                            out[dst - dd + i] = out[dst + i];
                        }
                    }
                }
            }
            out
        }
        "zeros" => {
            let mut out = vec![0u8; size];
            for _ in 0..r.below(size / 10 + 1) {
                let i = r.below(size);
                if i < size {
                    out[i] = r.byte();
                }
            }
            out
        }
        _ => (0..size)
            .map(|_| {
                let x = r.next_u64();
                let lz = x.leading_zeros().min(40) as u8;
                lz.wrapping_mul(7) ^ (x & 1) as u8
            })
            .collect(),
    }
}

/// C zlib's output with `compress()`'s parameters.
fn c_zlib(data: &[u8]) -> Vec<u8> {
    let mut c = Compress::new(Compression::new(6), true);
    let mut out = Vec::with_capacity(data.len() + data.len() / 100 + 64);
    loop {
        if out.len() == out.capacity() {
            out.reserve(out.capacity() + 64);
        }
        let consumed = c.total_in() as usize;
        match c.compress_vec(&data[consumed..], &mut out, FlushCompress::Finish) {
            Ok(Status::StreamEnd) => return out,
            Ok(_) => {}
            Err(e) => panic!("C zlib failed: {e}"),
        }
    }
}

fn describe_difference(ours: &[u8], want: &[u8]) -> String {
    let first = ours.iter().zip(want).position(|(a, b)| a != b);
    format!(
        "ours {} bytes, zlib {} bytes, first difference at {first:?}",
        ours.len(),
        want.len()
    )
}

#[test]
fn empty_input_and_single_bytes_match_known_streams() {
    let mut d = Deflater::new();
    assert_eq!(
        d.compress(b""),
        [0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]
    );
    assert_eq!(
        d.compress(b"a"),
        [0x78, 0x9c, 0x4b, 0x04, 0x00, 0x00, 0x62, 0x00, 0x62]
    );
    assert_eq!(compress(b"a"), d.compress(b"a"));
    assert_eq!(adler32(b"a"), 0x0062_0062);
}

#[test]
fn matches_c_zlib_on_generated_corpus() {
    let mut rng = SplitMix64(0x05EE_D0F2_EF1A_7E00);
    let mut reused = Deflater::new();
    let mut cases = 0;
    for (kind, &name) in KINDS.iter().enumerate() {
        let mut sizes: Vec<usize> = (0..48).collect();
        sizes.extend((0..200).map(|_| rng.below(600)));
        sizes.extend((0..100).map(|_| 600 + rng.below(4_000)));
        sizes.extend((0..12).map(|_| 4_600 + rng.below(60_000)));
        sizes.extend((0..2).map(|_| 64_000 + rng.below(240_000)));
        match name {
            "fib" => sizes.extend((0..6).map(|_| 15_000 + rng.below(1_370))),
            "boundary" => {
                sizes.extend((0..8).map(|_| 65_275 + rng.below(261)));
                sizes.push(98_043 + rng.below(261));
            }
            _ => {}
        }
        for size in sizes {
            let seed = rng.next_u64();
            let data = generate(kind, seed, size);
            let want = c_zlib(&data);
            let ours = reused.compress(&data);
            assert!(
                ours == want,
                "kind {name} seed {seed} size {size}: {}",
                describe_difference(&ours, &want)
            );
            cases += 1;
        }
    }
    assert!(cases >= 4_000, "{cases} cases");
}

#[test]
fn a_reused_deflater_matches_a_fresh_one() {
    let mut rng = SplitMix64(99);
    let mut reused = Deflater::new();
    for i in 0..300 {
        let kind = i % KINDS.len();
        let size = if i % 50 == 49 {
            70_000
        } else {
            rng.below(3_000)
        };
        let data = generate(kind, rng.next_u64(), size);
        assert_eq!(
            reused.compress(&data),
            Deflater::new().compress(&data),
            "case {i}"
        );
    }
}

#[test]
fn matches_cpython_zlib_fixture() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/cpython_zlib_corpus.json"
    );
    let text = std::fs::read_to_string(path).expect("fixture");
    let fixture: serde_json::Value = serde_json::from_str(&text).expect("fixture JSON");
    assert_eq!(fixture["zlib_version"], "1.2.13");
    let kinds: Vec<&str> = fixture["kinds"]
        .as_array()
        .expect("kinds")
        .iter()
        .filter_map(|k| k.as_str())
        .collect();
    assert_eq!(kinds, KINDS);

    let mut d = Deflater::new();
    let generated = fixture["generated"].as_array().expect("generated");
    for case in generated {
        let kind = case[0].as_u64().expect("kind") as usize;
        let seed = case[1].as_u64().expect("seed");
        let size = case[2].as_u64().expect("size") as usize;
        let want_len = case[3].as_u64().expect("length") as usize;
        let want_hash = case[4].as_str().expect("hash");
        let ours = d.compress(&generate(kind, seed, size));
        let hash: String = Sha256::digest(&ours)
            .iter()
            .take(8)
            .map(|b| format!("{b:02x}"))
            .collect();
        assert!(
            ours.len() == want_len && hash == want_hash,
            "kind {} seed {seed} size {size}: ours {} bytes ({hash}), CPython {want_len} bytes ({want_hash})",
            KINDS[kind],
            ours.len()
        );
    }

    let payloads = fixture["payloads"].as_array().expect("payloads");
    for case in payloads {
        let doc = case[0].as_str().expect("document");
        let want: Vec<u8> = (0..case[1].as_str().expect("hex").len() / 2)
            .map(|i| {
                u8::from_str_radix(&case[1].as_str().expect("hex")[2 * i..2 * i + 2], 16)
                    .expect("hex digit")
            })
            .collect();
        // Django encodes the JSON text as latin-1 (it is ASCII: non-ASCII is \u-escaped).
        let ours = d.compress(doc.as_bytes());
        assert!(ours == want, "{doc}: {}", describe_difference(&ours, &want));
    }
    assert!(generated.len() + payloads.len() >= 2_000);
}
