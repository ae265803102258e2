//! The signing benchmark in headless Chromium: the engine compiled to WebAssembly, timed with
//! `performance.now()` on the same payloads and operations as `benches/signing.rs`, printed as
//! one line per row (`wasm <payload> <op> <ops/s>`) for `scripts/bench.sh` to put beside the
//! native and Django figures.
//!
//! A benchmark, not a test: it is compiled for wasm32 only, and even there it runs only when
//! built with `SESSIONSCOPE_WASM_BENCH=1` (as `scripts/bench.sh` does); otherwise it prints that
//! it was skipped. Run: `SESSIONSCOPE_WASM_BENCH=1 cargo test -p sessionscope-engine --release
//! --target wasm32-unknown-unknown --test bench_wasm -- --nocapture` (with `scripts/env.sh`).
#![cfg(target_arch = "wasm32")]

#[path = "../benches/support/payloads.rs"]
mod payloads;

use payloads::{payloads, DEFAULT_SALT, NOW, OPS, SECRET, SESSION_SALT};
use sessionscope_engine::json::Value;
use sessionscope_engine::signing::{dumps, loads, SigningKeys};
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
    if option_env!("SESSIONSCOPE_WASM_BENCH").is_none() {
        console_log!("bench_wasm skipped: build with SESSIONSCOPE_WASM_BENCH=1 (scripts/bench.sh)");
        return;
    }
    let budget_ms = option_env!("SIGNING_BENCH_SECONDS")
        .and_then(|s| s.parse::<f64>().ok())
        .unwrap_or(1.0)
        * 1000.0;
    for (label, value) in payloads() {
        bench_row(&label, &value, budget_ms);
    }
}
