//! How fast `GuessTarget` checks candidate keys, beside real Django doing the same check with
//! its own `signing.loads` in CPython (`benches/django_guess_key.py`, run with
//! `$SESSIONSCOPE_PYTHON`, default `python3`, which must import Django), and beside this CPU's
//! SHA-256 compression rate through the same `sha2` crate: the limit, given the compressions
//! each key costs. `scripts/bench-guess-key.sh` runs it with a Django it installs if needed.
//!
//! The value is the session cookie of a logged-in user (`login()`'s three keys, compressed:
//! about 180 bytes) signed by real Django with the signed_cookies salt; the candidates are
//! 50-character keys drawn like `get_random_secret_key`'s, the right one last. Each side is
//! measured for `GUESS_BENCH_SECONDS` (default 1) per round; the rounds alternate (engine on
//! one core, engine on every core, Django, the raw compression rate) three times and the best
//! of each is printed, so both sides see the same load.

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Instant;

use sessionscope_engine::secret_key::{Block, GuessTarget};
use sessionscope_engine::splitmix::SplitMix64;

const SALT: &str = "django.contrib.sessions.backends.signed_cookies";
/// `get_random_secret_key`'s alphabet (`django/core/management/utils.py`).
const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*(-_=+)";
const ROUNDS: usize = 3;

fn random_keys(count: usize) -> Vec<u8> {
    let mut rng = SplitMix64(0x5ec7e7);
    let mut list = Vec::with_capacity(count * 51);
    for _ in 0..count {
        for _ in 0..50 {
            list.push(ALPHABET[(rng.next_u64() % ALPHABET.len() as u64) as usize]);
        }
        list.push(b'\n');
    }
    list
}

fn python() -> String {
    std::env::var("SESSIONSCOPE_PYTHON").unwrap_or_else(|_| "python3".to_owned())
}

fn script() -> String {
    format!("{}/benches/django_guess_key.py", env!("CARGO_MANIFEST_DIR"))
}

/// Keys per second over `list` (whole lines), on `threads` threads, for about `seconds`.
fn engine_rate(target: &GuessTarget, list: &[u8], threads: usize, seconds: f64) -> f64 {
    let started = Instant::now();
    let mut tried = 0u64;
    while started.elapsed().as_secs_f64() < seconds {
        let pieces = split_lines(list, threads);
        tried += std::thread::scope(|scope| {
            let handles: Vec<_> = pieces
                .iter()
                .map(|piece| scope.spawn(move || target.check_lines(piece, 1)))
                .collect();
            handles
                .into_iter()
                .map(|h| {
                    let outcome = h.join().unwrap();
                    assert!(outcome.found.is_none(), "no random key signs it");
                    outcome.tried
                })
                .sum::<u64>()
        });
    }
    tried as f64 / started.elapsed().as_secs_f64()
}

fn split_lines(list: &[u8], parts: usize) -> Vec<&[u8]> {
    let mut pieces = Vec::new();
    let mut rest = list;
    for left in (1..=parts).rev() {
        let want = rest.len() / left;
        let end = rest[want..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(rest.len(), |i| want + i + 1);
        pieces.push(&rest[..end]);
        rest = &rest[end..];
    }
    pieces
}

/// SHA-256 compressions per second on one core, `sha2::compress256` a block at a time.
fn compression_rate(seconds: f64) -> f64 {
    let mut state = [0u32; 8];
    let mut block = Block::default();
    let started = Instant::now();
    let mut done = 0u64;
    while started.elapsed().as_secs_f64() < seconds {
        for i in 0..100_000u32 {
            block[0] = i as u8;
            sha2::compress256(&mut state, core::slice::from_ref(&block));
        }
        done += 100_000;
    }
    std::hint::black_box(state);
    done as f64 / started.elapsed().as_secs_f64()
}

fn django_rate(cookie: &str, list: &[u8], seconds: f64) -> Option<f64> {
    let mut child = Command::new(python())
        .arg(script())
        .args(["time", cookie, SALT, &seconds.to_string()])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .ok()?;
    child.stdin.take()?.write_all(list).ok()?;
    let output = child.wait_with_output().ok()?;
    let text = String::from_utf8(output.stdout).ok()?;
    let mut words = text.split_whitespace();
    let tried: f64 = words.next()?.parse().ok()?;
    let elapsed: f64 = words.next()?.parse().ok()?;
    Some(tried / elapsed)
}

fn main() {
    let seconds: f64 = std::env::var("GUESS_BENCH_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1.0);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let list = random_keys(200_000);
    let right_key = "django-insecure-benchmark-key-0123456789abcdefghijkl";
    let made = Command::new(python())
        .arg(script())
        .args(["make", right_key, SALT])
        .output();
    let cookie = match made {
        Ok(out) if out.status.success() => String::from_utf8(out.stdout).unwrap().trim().to_owned(),
        _ => {
            eprintln!(
                "{} cannot run {} (is Django installed? scripts/bench-guess-key.sh installs it)",
                python(),
                script()
            );
            std::process::exit(1);
        }
    };
    let target = GuessTarget::new(&cookie, &[SALT]).unwrap();
    let mut with_key = list.clone();
    with_key.extend_from_slice(right_key.as_bytes());
    assert_eq!(
        target.check_lines(&with_key, 1).found.map(|f| f.line),
        Some(200_001),
        "the engine finds the key Django signed with"
    );
    let per_key = target.compressions_per_key(50);
    let django_list = &list[..list.len().min(51 * 100_000)];
    let (mut one, mut all, mut django, mut raw) = (0f64, 0f64, None::<f64>, 0f64);
    for _ in 0..ROUNDS {
        one = one.max(engine_rate(&target, &list, 1, seconds));
        all = all.max(engine_rate(&target, &list, threads, seconds));
        if let Some(rate) = django_rate(&cookie, django_list, seconds) {
            django = Some(django.map_or(rate, |d: f64| d.max(rate)));
        }
        raw = raw.max(compression_rate(seconds));
    }
    let limit = raw / per_key as f64;
    println!(
        "value: a login session cookie signed by Django, {} bytes; salt {SALT:?}",
        cookie.len()
    );
    println!("SHA-256 compressions per key (50-character key): {per_key}");
    println!("best of {ROUNDS} rounds of {seconds} s each, alternating:");
    println!("  engine, 1 core             {:>12.0} keys/s", one);
    println!("  engine, {threads} cores            {:>12.0} keys/s", all);
    match django {
        Some(d) => {
            println!("  Django signing.loads, 1 core {:>10.0} keys/s", d);
            println!(
                "  ratio per core: engine / Django = {:.1}x (target >= 20x)",
                one / d
            );
        }
        None => println!("  Django: not measured ({} failed)", python()),
    }
    println!(
        "  SHA-256 compressions/s, 1 core: {:.0} (limit {:.0} keys/s at {per_key} per key)",
        raw, limit
    );
    println!(
        "  engine reaches {:.0}% of the SHA-256 limit per core (target >= 50%: within 2x)",
        100.0 * one / limit
    );
}
