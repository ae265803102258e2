//! The signing benchmark in headless Chromium: the engine compiled to WebAssembly, timed with
//! `performance.now()` on the same payloads and operations as `benches/signing.rs`, printed as
//! one line per row (`wasm <payload> <op> <ops/s>`) for `scripts/bench.sh` to put beside the
//! native and Django figures.
//!
//! A benchmark target, so `cargo test` never runs it; it has something to measure only on
//! wasm32 (natively it compiles to nothing). wasm-bindgen-test-runner drives it in headless
//! Chromium as it drives tests, so `scripts/bench.sh` runs it with `cargo test --bench`:
//! `cargo test -p sessionscope-engine --release --target wasm32-unknown-unknown --bench
//! signing_wasm -- --nocapture` (with `scripts/env.sh`). `SIGNING_BENCH_SECONDS` at build time
//! sets the time per row (default 1).
#![cfg(target_arch = "wasm32")]

#[path = "support/payloads.rs"]
mod payloads;

use payloads::{payloads, DEFAULT_SALT, NOW, OPS, SECRET, SESSION_SALT};
use sessionscope_engine::compress::MAX_DECOMPRESSED_LEN;
use sessionscope_engine::json::{to_pretty_json, Value};
use sessionscope_engine::signing::{dumps, explain_loads, loads, SigningKeys};
use std::hint::black_box;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen]
extern "C" {
    /// `performance.now()`: milliseconds, sub-millisecond resolution.
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    fn performance_now() -> f64;
}

/// Rounds per row, the best one counts (as in the native benchmark).
const ROUNDS: u32 = 5;

/// Calls per second of `call`: the best of [`ROUNDS`] rounds of `budget_ms / ROUNDS`.
fn measure(budget_ms: f64, mut call: impl FnMut()) -> f64 {
    call();
    let round_ms = budget_ms / f64::from(ROUNDS);
    (0..ROUNDS)
        .map(|_| {
            let started = performance_now();
            let (mut batch, mut calls) = (1u64, 0u64);
            loop {
                for _ in 0..batch {
                    call();
                }
                calls += batch;
                let elapsed = performance_now() - started;
                if elapsed >= round_ms {
                    return calls as f64 * 1000.0 / elapsed;
                }
                batch *= 2;
            }
        })
        .fold(0.0, f64::max)
}

fn bench_row(label: &str, value: &Value, budget_ms: f64) {
    let keys = SigningKeys::new(SECRET);
    let dumped = dumps(value, SECRET, DEFAULT_SALT, false, NOW);
    let encoded = dumps(value, SECRET, SESSION_SALT, true, NOW);
    assert_eq!(
        loads(&encoded, &keys, SESSION_SALT, None, NOW).as_ref(),
        Ok(value)
    );
    let rates = [
        measure(budget_ms, || {
            black_box(dumps(black_box(value), SECRET, DEFAULT_SALT, false, NOW));
        }),
        measure(budget_ms, || {
            let _ = black_box(loads(black_box(&dumped), &keys, DEFAULT_SALT, None, NOW));
        }),
        measure(budget_ms, || {
            black_box(dumps(black_box(value), SECRET, SESSION_SALT, true, NOW));
        }),
        measure(budget_ms, || {
            let _ = black_box(loads(black_box(&encoded), &keys, SESSION_SALT, None, NOW));
        }),
    ];
    for (op, rate) in OPS.iter().zip(rates) {
        console_log!("wasm {label} {op} {rate:.0}");
    }
}

#[wasm_bindgen_test]
fn signing_ops_per_second_in_chromium() {
    let budget_ms = option_env!("SIGNING_BENCH_SECONDS")
        .and_then(|s| s.parse::<f64>().ok())
        .unwrap_or(1.0)
        * 1000.0;
    for (label, value) in payloads() {
        bench_row(&label, &value, budget_ms);
    }
    time_limit_sized_payload();
}

/// What the decoder does with the largest payload the inflate limit lets through: a signed
/// session whose JSON is just under [`MAX_DECOMPRESSED_LEN`], explained and pretty-printed.
fn time_limit_sized_payload() {
    let entry = "/history/page/with/a/long/path/";
    // Each item is `"<entry><digit>",`: the entry and four more bytes.
    let count = MAX_DECOMPRESSED_LEN / (entry.len() + 4) - 10;
    let list = (0..count)
        .map(|i| Value::from(format!("{entry}{}", i % 10)))
        .collect();
    let value = Value::List(list);
    let signed = dumps(&value, SECRET, SESSION_SALT, true, NOW);
    let keys = SigningKeys::new(SECRET);
    let started = performance_now();
    let explained = explain_loads(&signed, &keys, SESSION_SALT, None, NOW);
    let explained_ms = performance_now() - started;
    let decoded = match explained.result {
        Ok(decoded) => decoded,
        Err(error) => panic!("the limit-sized payload did not decode: {error}"),
    };
    let started = performance_now();
    let pretty = to_pretty_json(&decoded);
    let pretty_ms = performance_now() - started;
    console_log!(
        "wasm limit-sized payload: {} B signed, {} B JSON: explain_loads {explained_ms:.0} ms, \
         pretty JSON ({} B) {pretty_ms:.0} ms",
        signed.len(),
        explained.json_text.map_or(0, |text| text.len()),
        pretty.len()
    );
}
