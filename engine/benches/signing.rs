//! `cargo bench --bench signing`: operations per second of the engine's `dumps`, `loads`, and
//! session `encode`/`decode` (`dumps(session, salt="django.contrib.sessions.SessionStore",
//! compress=True)` and its `loads`) on ~100 B, ~1 KB and ~3.5 KB JSON payloads, next to real
//! Django on CPython for the same payloads when `python3 -c "import django"` works
//! (`benches/django_signing.py`), with the ratio per row and a byte-equality check.
//!
//! Environment: `SIGNING_BENCH_SECONDS` (time per row and side, default 1). Each figure is the
//! best of 5 rounds; the engine's and Django's rounds alternate (Django answers one round at a
//! time over a pipe), so on a busy machine both sides are measured under the same load and the
//! ratio stays meaningful. `scripts/bench.sh` adds the same benchmark in headless Chromium.

#[path = "support/payloads.rs"]
mod payloads;

use payloads::{payloads, DEFAULT_SALT, NOW, OPS, SECRET, SESSION_SALT};
use sessionscope_engine::json::{parse_python_json, to_python_json, Dict, Value};
use sessionscope_engine::signing::{dumps, loads, SigningKeys};
use std::hint::black_box;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::path::PathBuf;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

/// Rounds per row and side; the best one counts (the round least disturbed by other
/// processes). The engine's and Django's rounds alternate, so both see the same load.
const ROUNDS: u32 = 5;

/// Calls per second of `call` over one round of at least `round`, timed in growing batches.
fn one_round(round: Duration, call: &mut dyn FnMut()) -> f64 {
    let started = Instant::now();
    let (mut batch, mut calls) = (1u64, 0u64);
    loop {
        for _ in 0..batch {
            call();
        }
        calls += batch;
        let elapsed = started.elapsed();
        if elapsed >= round {
            return calls as f64 / elapsed.as_secs_f64();
        }
        batch *= 2;
    }
}

/// CPython Django answering one round at a time (`benches/django_signing.py`).
struct Django {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
    _spec: TempFile,
}

/// A file removed when dropped.
struct TempFile(PathBuf);

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// One round's answer: calls per second and, for dumps/encode, Django's output.
struct DjangoRound {
    rate: f64,
    output: Option<String>,
}

impl Django {
    /// Starts the Python side; `None` (with a note) when Django is not importable.
    fn start(payloads: &[(String, Value)]) -> Option<Django> {
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
        let spec_path = TempFile(
            std::env::temp_dir().join(format!("sessionscope-bench-{}.json", std::process::id())),
        );
        std::fs::write(&spec_path.0, to_python_json(&Value::Dict(spec))).ok()?;
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/django_signing.py");
        let mut child = Command::new("python3")
            .arg(script)
            .arg(&spec_path.0)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .ok()?;
        let stdin = child.stdin.take()?;
        let mut stdout = BufReader::new(child.stdout.take()?);
        let mut ready = String::new();
        stdout.read_line(&mut ready).ok()?;
        if ready.trim() != "ready" {
            println!("django_signing.py did not start");
            return None;
        }
        Some(Django {
            child,
            stdin,
            stdout,
            _spec: spec_path,
        })
    }

    fn round(&mut self, label: &str, op: &str, round: Duration) -> Option<DjangoRound> {
        writeln!(self.stdin, "{label}\t{op}\t{}", round.as_secs_f64()).ok()?;
        self.stdin.flush().ok()?;
        let mut line = String::new();
        self.stdout.read_line(&mut line).ok()?;
        let Ok(Value::Dict(row)) = parse_python_json(&line) else {
            return None;
        };
        let rate = match row.get("ops_per_sec") {
            Some(Value::Float(x)) => *x,
            Some(Value::Int(n)) => n.to_f64(),
            _ => return None,
        };
        let output = row.get("output").and_then(Value::as_str).map(str::to_owned);
        Some(DjangoRound { rate, output })
    }
}

impl Drop for Django {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Row {
    label: String,
    op: &'static str,
    ours: f64,
    django: Option<f64>,
    same_bytes: Option<bool>,
}

/// One payload's four rows, each measured in [`ROUNDS`] alternating rounds.
fn bench_payload(
    label: &str,
    value: &Value,
    budget: Duration,
    django: &mut Option<Django>,
) -> Vec<Row> {
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
    let mut calls: [Box<dyn FnMut()>; 4] = [
        Box::new(|| {
            black_box(dumps(black_box(value), SECRET, DEFAULT_SALT, false, NOW));
        }),
        Box::new(|| {
            let _ = black_box(loads(black_box(&dumped), &keys, DEFAULT_SALT, None, NOW));
        }),
        Box::new(|| {
            black_box(dumps(black_box(value), SECRET, SESSION_SALT, true, NOW));
        }),
        Box::new(|| {
            let _ = black_box(loads(black_box(&encoded), &keys, SESSION_SALT, None, NOW));
        }),
    ];
    let outputs = [Some(&dumped), None, Some(&encoded), None];
    let round = budget / ROUNDS;
    let mut rows = Vec::new();
    for ((op, call), ours_output) in OPS.iter().zip(calls.iter_mut()).zip(outputs) {
        call();
        let (mut ours, mut theirs, mut same_bytes) = (0.0f64, None::<f64>, None);
        for _ in 0..ROUNDS {
            ours = ours.max(one_round(round, call.as_mut()));
            if let Some(answer) = django.as_mut().and_then(|d| d.round(label, op, round)) {
                theirs = Some(theirs.unwrap_or(0.0).max(answer.rate));
                if let (Some(a), Some(b)) = (ours_output, &answer.output) {
                    same_bytes = Some(a == b);
                }
            }
        }
        rows.push(Row {
            label: label.to_owned(),
            op,
            ours,
            django: theirs,
            same_bytes,
        });
    }
    rows
}

fn main() {
    let seconds = std::env::var("SIGNING_BENCH_SECONDS")
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
        .filter(|s| *s > 0.0)
        .unwrap_or(1.0);
    let budget = Duration::from_secs_f64(seconds);
    let payloads = payloads();
    let mut django = Django::start(&payloads);
    println!(
        "{:<8} {:<7} {:>14} {:>14} {:>8}  same bytes",
        "payload", "op", "engine ops/s", "Django ops/s", "ratio"
    );
    for (label, value) in &payloads {
        for row in bench_payload(label, value, budget, &mut django) {
            let (django_rate, ratio) = match row.django {
                Some(rate) => (format!("{rate:.0}"), format!("{:.1}x", row.ours / rate)),
                None => ("-".to_owned(), "-".to_owned()),
            };
            let same = match row.same_bytes {
                Some(true) => "yes",
                Some(false) => "NO",
                None => "",
            };
            println!(
                "{:<8} {:<7} {:>14.0} {:>14} {:>8}  {same}",
                row.label, row.op, row.ours, django_rate, ratio
            );
        }
    }
}
