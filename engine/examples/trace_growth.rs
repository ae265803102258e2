//! How the cost of a trace grows with the scenario: runs scenarios of N, 2N and 4N steps and
//! prints, for each, the time taken, the bytes the trace keeps alive and the peak of the heap,
//! with the ratio to the previous size (2.0 means linear, 4.0 quadratic).
//!
//! ```text
//! cargo run --release -p sessionscope-engine --example trace_growth [N]
//! ```
//!
//! The scenarios are the hostile ones the page's limits guard against (e2e/hostile.js): every other step drops the browser's cookie,
//! so every request starts a new session and the store keeps growing (one row, file or cache
//! entry more per two steps); and a quiet one where the same session is read again and again.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use sessionscope_engine::json::{Dict, Value};
use sessionscope_engine::scenario::{
    run, Engine, Request, Scenario, Step, Tamper, TamperMode, ViewCall, DEFAULT_BROWSER,
};

/// The system allocator, counting the bytes live now and at their peak.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let pointer = System.alloc(layout);
        if !pointer.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        pointer
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        System.dealloc(pointer, layout);
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Builds a scenario of `steps` steps on an engine.
type ScenarioMaker = fn(Engine, usize) -> Scenario;

/// A request that writes to the session, then the user deletes the cookie: the next request
/// starts a new session.
fn growing(engine: Engine, steps: usize) -> Scenario {
    let mut data = Dict::new();
    data.insert("cart", Value::List(vec![Value::from("book")]));
    let write = Step::Request(Request::new(ViewCall::Set(data)));
    let forget = Step::Tamper(Tamper {
        mode: TamperMode::Delete,
        name: None,
        browser: DEFAULT_BROWSER.to_owned(),
    });
    let mut scenario = Scenario::new("growing", engine);
    scenario.steps = [write, forget].into_iter().cycle().take(steps).collect();
    scenario
}

/// One session, written once and read at every step.
fn quiet(engine: Engine, steps: usize) -> Scenario {
    let mut data = Dict::new();
    data.insert("cart", Value::List(vec![Value::from("book")]));
    let mut scenario = Scenario::new("quiet", engine);
    scenario
        .steps
        .push(Step::Request(Request::new(ViewCall::Set(data))));
    let read = Step::Request(Request::new(ViewCall::Get {
        key: "cart".into(),
        default: Value::Null,
    }));
    scenario.steps.extend(std::iter::repeat_n(read, steps - 1));
    scenario
}

fn measure(scenario: &Scenario) -> (f64, usize, usize) {
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let started = Instant::now();
    let trace = run(scenario);
    let seconds = started.elapsed().as_secs_f64();
    let kept = LIVE.load(Ordering::Relaxed) - before;
    let peak = PEAK.load(Ordering::Relaxed) - before;
    drop(trace);
    (seconds, kept, peak)
}

fn main() {
    let base: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(500);
    println!("steps x1 = {base}; ratios are to the previous size (2.0 = linear, 4.0 = quadratic)");
    println!(
        "{:<22} {:>7} {:>10} {:>6} {:>12} {:>6}",
        "scenario", "steps", "time ms", "ratio", "trace KiB", "ratio"
    );
    let kinds: [(&str, ScenarioMaker); 2] = [("growing", growing), ("quiet", quiet)];
    for (name, make) in kinds {
        for engine in [
            Engine::Db,
            Engine::CachedDb,
            Engine::File,
            Engine::SignedCookies,
        ] {
            let mut previous: Option<(f64, usize)> = None;
            for factor in [1, 2, 4] {
                let steps = base * factor;
                let (seconds, kept, _peak) = measure(&make(engine, steps));
                let ratio = |now: f64, before: f64| {
                    if before > 0.0 {
                        format!("{:.2}", now / before)
                    } else {
                        "-".to_owned()
                    }
                };
                let (time_ratio, size_ratio) = match previous {
                    Some((t, k)) => (ratio(seconds, t), ratio(kept as f64, k as f64)),
                    None => ("-".to_owned(), "-".to_owned()),
                };
                println!(
                    "{:<22} {:>7} {:>10.1} {:>6} {:>12.0} {:>6}",
                    format!("{name} {engine}"),
                    steps,
                    seconds * 1000.0,
                    time_ratio,
                    kept as f64 / 1024.0,
                    size_ratio
                );
                previous = Some((seconds, kept));
            }
        }
    }
}
