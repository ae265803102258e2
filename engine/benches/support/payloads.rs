//! The benchmark's payloads, shared by `benches/signing.rs` (native) and
//! `benches/signing_wasm.rs` (the same figures in headless Chromium): session-like dicts whose
//! compact JSON is about 100 B, 1 KB and 3.5 KB.

use sessionscope_engine::json::{to_python_json, Dict, Value};

/// The secret every benchmark signs with.
pub const SECRET: &str = "django-insecure-benchmark-secret-0123456789abcdefghijklmnopqrstuvwxyz";
/// `signing.dumps`'s default salt.
pub const DEFAULT_SALT: &str = "django.core.signing";
/// The salt of session `encode`/`decode`.
pub const SESSION_SALT: &str = "django.contrib.sessions.SessionStore";
/// `time.time()` during the benchmark.
pub const NOW: f64 = 1_700_000_000.0;
/// The operations, in table order.
pub const OPS: [&str; 4] = ["dumps", "loads", "encode", "decode"];

/// A deterministic pseudo-random source for payload contents (no `rand` dependency).
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }

    fn word(&mut self) -> String {
        const SYLLABLES: [&str; 12] = [
            "ka", "ro", "mi", "te", "su", "na", "lo", "vi", "de", "pa", "zu", "é",
        ];
        (0..2 + self.below(3))
            .map(|_| SYLLABLES[self.below(12) as usize])
            .collect()
    }
}

/// A session-like dict whose compact JSON is about `target_len` bytes.
pub fn session_payload(target_len: usize, seed: u64) -> Value {
    let mut rng = Lcg(seed);
    let json_len = |session: &Dict| to_python_json(&Value::Dict(session.clone())).len();
    let mut session = Dict::new();
    session.insert(
        "_auth_user_id",
        Value::from(format!("{}", 1000 + rng.below(9000))),
    );
    if target_len > 300 {
        session.insert(
            "_auth_user_backend",
            Value::from("django.contrib.auth.backends.ModelBackend"),
        );
        let hash: String = (0..64)
            .map(|_| char::from(b"0123456789abcdef"[rng.below(16) as usize]))
            .collect();
        session.insert("_auth_user_hash", Value::from(hash));
    }
    session.insert("theme", Value::from(rng.word()));
    session.insert("ratio", Value::Float(rng.below(1000) as f64 / 7.0));
    let (mut cart, mut history) = (Dict::new(), Vec::new());
    for index in 0.. {
        if json_len(&session) + 12 >= target_len {
            break;
        }
        if index % 2 == 0 {
            cart.insert(
                format!("sku-{}", rng.below(100_000)),
                Value::from(rng.below(5) as i64 + 1),
            );
            session.insert("cart", Value::Dict(cart.clone()));
        } else {
            history.push(Value::from(format!("/{}/{}/", rng.word(), rng.word())));
            session.insert("history", Value::List(history.clone()));
        }
    }
    Value::Dict(session)
}

/// The three payloads with their labels (`"<JSON length> B"`).
pub fn payloads() -> Vec<(String, Value)> {
    [100usize, 1000, 3500]
        .iter()
        .map(|&size| {
            let value = session_payload(size, size as u64);
            let label = format!("{} B", to_python_json(&value).len());
            (label, value)
        })
        .collect()
}
