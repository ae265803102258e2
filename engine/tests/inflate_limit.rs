//! The page's one inflate limit against a zip bomb: a signed value whose payload inflates to
//! 64 MiB is refused by `signing::loads`, `explain_loads` and session `decode` alike, with an
//! error naming the limit, and the inflate never allocates much past the limit (a counting
//! allocator watches the peak).

use sessionscope_engine::compress::{zlib_decompress, ZlibError, MAX_DECOMPRESSED_LEN};
use sessionscope_engine::session::{decode_or_empty, STORE_SALT};
use sessionscope_engine::signing::{
    b64_encode, explain_loads, loads, SigningKeys, TimestampSigner,
};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

struct CountingAllocator;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
/// The tests run one at a time: the allocator counts every thread's allocations, so a test
/// allocating beside a measurement would be counted in its peak.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

fn alone() -> std::sync::MutexGuard<'static, ()> {
    ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner())
}

unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let now = CURRENT.fetch_add(layout.size(), Ordering::SeqCst) + layout.size();
        PEAK.fetch_max(now, Ordering::SeqCst);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        CURRENT.fetch_sub(layout.size(), Ordering::SeqCst);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

/// Bytes allocated at the peak of `run`, beyond what was allocated before it (the caller
/// runs [`alone`]).
fn peak_allocation<T>(run: impl FnOnce() -> T) -> (T, usize) {
    let before = CURRENT.load(Ordering::SeqCst);
    PEAK.store(before, Ordering::SeqCst);
    let result = run();
    (result, PEAK.load(Ordering::SeqCst) - before)
}

/// A zlib stream of one fixed-code block: a zero byte, then `matches` copies of 258 bytes at
/// distance 1 (13 bits each), the end of block and the right Adler-32.
fn bomb(matches: usize) -> Vec<u8> {
    let mut out = vec![0x78, 0x9c];
    let (mut acc, mut bits) = (0u64, 0u32);
    let mut put = |value: u64, count: u32, out: &mut Vec<u8>| {
        acc |= value << bits;
        bits += count;
        while bits >= 8 {
            out.push(acc as u8);
            acc >>= 8;
            bits -= 8;
        }
    };
    put(0b011, 3, &mut out); // last block, fixed codes
    put(0b0000_1100, 8, &mut out); // literal 0 (code 00110000, most significant bit first)
    for _ in 0..matches {
        put(0b1010_0011, 8, &mut out); // length 258 (symbol 285, code 11000101)
        put(0, 5, &mut out); // distance 1
    }
    put(0, 7, &mut out); // end of block
    put(0, 7, &mut out); // byte boundary
    let total = 1 + 258 * matches as u64;
    let adler = ((total % 65_521) << 16) | 1;
    out.extend_from_slice(&(adler as u32).to_be_bytes());
    out
}

#[test]
fn the_limit_is_one_mib() {
    let _alone = alone();
    assert_eq!(MAX_DECOMPRESSED_LEN, 1 << 20);
    let exactly = bomb((MAX_DECOMPRESSED_LEN - 1) / 258);
    assert!(zlib_decompress(&exactly).is_ok());
    let over = bomb((MAX_DECOMPRESSED_LEN - 1) / 258 + 1);
    assert_eq!(zlib_decompress(&over), Err(ZlibError::TooLarge));
    assert!(ZlibError::TooLarge
        .to_string()
        .contains("1 MiB (1048576 bytes)"));
}

#[test]
fn a_zip_bomb_cookie_is_refused_without_allocating_past_the_limit() {
    let _alone = alone();
    let stream = bomb(64 * 1024 * 1024 / 258);
    assert!(stream.len() < 450_000, "{} bytes", stream.len());
    let keys = SigningKeys::new("secret");
    let signer = TimestampSigner::new(&keys, STORE_SALT);
    let signed = signer.sign(&format!(".{}", b64_encode(&stream)), 1_700_000_000.0);

    let (result, peak) = peak_allocation(|| loads(&signed, &keys, STORE_SALT, None, 1e9));
    let error = result.unwrap_err();
    assert_eq!(error.kind(), "MalformedPayload");
    assert!(error.exceeds_inflate_limit(), "{error}");
    assert!(error.to_string().contains("1 MiB"), "{error}");
    // The output buffer stops at the limit; the decoded base64 (the stream) is alive too.
    assert!(
        peak <= MAX_DECOMPRESSED_LEN + stream.len() + 64 * 1024,
        "peak {peak} bytes"
    );

    let (explained, peak) =
        peak_allocation(|| explain_loads(&signed, &keys, STORE_SALT, None, 1e9));
    assert!(explained.result.unwrap_err().exceeds_inflate_limit());
    // `explain_loads` also keeps a copy of the payload text for display.
    assert!(
        peak <= MAX_DECOMPRESSED_LEN + stream.len() + signed.len() + 64 * 1024,
        "peak {peak} bytes"
    );
    assert!(decode_or_empty(&signed, &keys, 1e9).is_empty());
}

#[test]
fn other_malformed_payloads_are_not_limit_errors() {
    let _alone = alone();
    let keys = SigningKeys::new("secret");
    let signer = TimestampSigner::new(&keys, "");
    let signed = signer.sign(".eJzLSM3JyQcABiwCFQ", 0.0); // truncated zlib
    let error = loads(&signed, &keys, "", None, 0.0).unwrap_err();
    assert_eq!(error.kind(), "MalformedPayload");
    assert!(!error.exceeds_inflate_limit());
}
