//! `cargo bench --bench signing`: operations per second of the engine's `dumps`, `loads`, and
//! session `encode`/`decode` (`dumps(session, salt="django.contrib.sessions.SessionStore",
//! compress=True)` and its `loads`) on ~100 B, ~1 KB and ~3.5 KB JSON payloads, next to real
//! Django on CPython for the same payloads when `python3 -c "import django"` works
//! (`benches/django_signing.py`), with the ratio per row and a byte-equality check.
//!
//! Environment: `SIGNING_BENCH_SECONDS` (time per row and side, default 1). Each figure is the
//! best of 5 rounds, on both sides, to damp the noise of other processes on the machine.

#[path = "support/payloads.rs"]
mod payloads;

use payloads::{payloads, DEFAULT_SALT, NOW, OPS, SECRET, SESSION_SALT};
use sessionscope_engine::json::{parse_python_json, to_python_json, Dict, Value};
use sessionscope_engine::signing::{dumps, loads, SigningKeys};
use std::collections::HashMap;
use std::hint::black_box;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// Rounds per measurement (must match `ROUNDS` in `benches/django_signing.py`).
const ROUNDS: u32 = 5;

/// Calls per second of `call`: the best of [`ROUNDS`] rounds sharing `budget` (the best round
/// is the one least disturbed by other processes), each timed in growing batches.
fn measure(budget: Duration, mut call: impl FnMut()) -> f64 {
    call();
    let round_budget = budget / ROUNDS;
    (0..ROUNDS)
        .map(|_| {
            let started = Instant::now();
            let (mut batch, mut calls) = (1u64, 0u64);
            loop {
                for _ in 0..batch {
                    call();
                }
                calls += batch;
                let elapsed = started.elapsed();
                if elapsed >= round_budget {
                    return calls as f64 / elapsed.as_secs_f64();
                }
                batch *= 2;
            }
        })
        .fold(0.0, f64::max)
}

struct Row {
    label: String,
    op: &'static str,
    ours: f64,
    output: Option<String>,
}

fn bench_engine(label: &str, value: &Value, budget: Duration) -> Vec<Row> {
    let keys = SigningKeys::new(SECRET);
    let dumped = dumps(value, SECRET, DEFAULT_SALT, false, NOW);
    let encoded = dumps(value, SECRET, SESSION_SALT, true, NOW);
    assert_eq!(
        loads(&dumped, &keys, DEFAULT_SALT, None, NOW).as_ref(),
        Ok(value)
    );
    assert_eq!(
        loads(&encoded, &keys, SESSION_SALT, None, NOW).as_ref(),
        Ok(value)
    );
    let rates = [
        measure(budget, || {
            black_box(dumps(black_box(value), SECRET, DEFAULT_SALT, false, NOW));
        }),
        measure(budget, || {
            let _ = black_box(loads(black_box(&dumped), &keys, DEFAULT_SALT, None, NOW));
        }),
        measure(budget, || {
            black_box(dumps(black_box(value), SECRET, SESSION_SALT, true, NOW));
        }),
        measure(budget, || {
            let _ = black_box(loads(black_box(&encoded), &keys, SESSION_SALT, None, NOW));
        }),
    ];
    let outputs = [Some(dumped), None, Some(encoded), None];
    OPS.iter()
        .zip(rates)
        .zip(outputs)
        .map(|((op, ours), output)| Row {
            label: label.to_owned(),
            op,
            ours,
            output,
        })
        .collect()
}

/// Django's ops/s and output, by (payload label, op).
type DjangoRates = HashMap<(String, String), (f64, Option<String>)>;

/// Runs `benches/django_signing.py`; `None` (with a note) when Django is not importable.
fn bench_django(payloads: &[(String, Value)], budget: Duration) -> Option<DjangoRates> {
    let django_ok = Command::new("python3")
        .args(["-c", "import django"])
        .output()
        .is_ok_and(|out| out.status.success());
    if !django_ok {
        println!("(python3 with Django not available: engine numbers only)");
        return None;
    }
    let mut spec = Dict::new();
    spec.insert("secret", Value::from(SECRET));
    spec.insert("now", Value::Float(NOW));
    let list = payloads
        .iter()
        .map(|(label, value)| {
            let mut entry = Dict::new();
            entry.insert("label", Value::from(label.as_str()));
            entry.insert("value", value.clone());
            Value::Dict(entry)
        })
        .collect();
    spec.insert("payloads", Value::List(list));
    let spec_path =
        std::env::temp_dir().join(format!("sessionscope-bench-{}.json", std::process::id()));
    std::fs::write(&spec_path, to_python_json(&Value::Dict(spec))).ok()?;
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/django_signing.py");
    let output = Command::new("python3")
        .arg(script)
        .arg(&spec_path)
        .arg(budget.as_secs_f64().to_string())
        .output()
        .ok()?;
    let _ = std::fs::remove_file(&spec_path);
    if !output.status.success() {
        println!(
            "django_signing.py failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        return None;
    }
    let mut results = HashMap::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(Value::Dict(row)) = parse_python_json(line) else {
            continue;
        };
        let text = |name: &str| row.get(name).and_then(Value::as_str).map(str::to_owned);
        let rate = match row.get("ops_per_sec") {
            Some(Value::Float(x)) => *x,
            Some(Value::Int(n)) => n.to_f64(),
            _ => continue,
        };
        if let (Some(label), Some(op)) = (text("label"), text("op")) {
            results.insert((label, op), (rate, text("output")));
        }
    }
    Some(results)
}

fn main() {
    let seconds = std::env::var("SIGNING_BENCH_SECONDS")
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
        .filter(|s| *s > 0.0)
        .unwrap_or(1.0);
    let budget = Duration::from_secs_f64(seconds);
    let payloads = payloads();
    let rows: Vec<Row> = payloads
        .iter()
        .flat_map(|(label, value)| bench_engine(label, value, budget))
        .collect();
    let django = bench_django(&payloads, budget);

    println!(
        "{:<8} {:<7} {:>14} {:>14} {:>8}  same bytes",
        "payload", "op", "engine ops/s", "Django ops/s", "ratio"
    );
    for row in &rows {
        let theirs = django
            .as_ref()
            .and_then(|d| d.get(&(row.label.clone(), row.op.to_owned())));
        let (django_rate, ratio, same) = match theirs {
            Some((rate, output)) => (
                format!("{rate:.0}"),
                format!("{:.1}x", row.ours / rate),
                match (&row.output, output) {
                    (Some(a), Some(b)) => {
                        if a == b {
                            "yes"
                        } else {
                            "NO"
                        }
                    }
                    _ => "",
                },
            ),
            None => ("-".to_owned(), "-".to_owned(), ""),
        };
        println!(
            "{:<8} {:<7} {:>14.0} {:>14} {:>8}  {same}",
            row.label, row.op, row.ours, django_rate, ratio
        );
    }
}
