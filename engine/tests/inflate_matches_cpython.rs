//! The engine's pure-Rust inflate against CPython 3.11's `zlib.decompress` (zlib 1.2.13) on
//! thousands of valid, truncated and mutated zlib streams: the same output, or the same
//! `zlib.error` message. The streams and CPython's verdicts were written by
//! `tests/fixtures/cpython_inflate_corpus.py`; the mutations are re-done here by `mutate`.

use sessionscope_engine::compress::zlib_decompress;
use sessionscope_engine::json::{parse_python_json, Value};
use sessionscope_engine::signing::b64_decode;
use sha2::{Digest, Sha256};

#[path = "support/zlib_mutations.rs"]
mod zlib_mutations;
use zlib_mutations::mutate;

fn verdict(stream: &[u8]) -> String {
    match zlib_decompress(stream) {
        Ok(out) => {
            let digest: String = Sha256::digest(&out)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            format!("{}:{}", out.len(), &digest[..16])
        }
        Err(error) => error.to_string(),
    }
}

fn list<'v>(document: &'v Value, name: &str) -> &'v [Value] {
    match document.as_dict().and_then(|d| d.get(name)) {
        Some(Value::List(items)) => items,
        _ => panic!("fixture has no list {name}"),
    }
}

fn int(value: &Value) -> usize {
    match value {
        Value::Int(n) => n.to_i64().and_then(|n| usize::try_from(n).ok()).unwrap(),
        _ => panic!("not an integer: {value:?}"),
    }
}

#[test]
fn inflate_gives_cpythons_verdict_on_every_stream() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/inflate_cpython.json"
    );
    let document = parse_python_json(&std::fs::read_to_string(path).unwrap()).unwrap();
    let streams: Vec<Vec<u8>> = list(&document, "streams")
        .iter()
        .map(|s| b64_decode(s.as_str().unwrap().as_bytes()).unwrap())
        .collect();
    let messages: Vec<&str> = list(&document, "messages")
        .iter()
        .map(|m| m.as_str().unwrap())
        .collect();
    let cases = list(&document, "cases");
    assert!(cases.len() >= 10_000, "only {} cases", cases.len());
    let mut failures = Vec::new();
    let mut seen_messages = std::collections::BTreeSet::new();
    for case in cases {
        let Value::List(fields) = case else {
            panic!("bad case {case:?}")
        };
        let (index, seed) = (int(&fields[0]), int(&fields[1]) as u64);
        let expected = match &fields[2] {
            Value::Str(ok) => ok.to_string(),
            code => messages[int(code)].to_owned(),
        };
        let stream = mutate(&streams[index], seed);
        let got = verdict(&stream);
        seen_messages.insert(got.clone());
        if got != expected {
            failures.push(format!(
                "stream {index} seed {seed} ({} bytes): expected {expected}, got {got}",
                stream.len()
            ));
        }
    }
    for failure in failures.iter().take(20) {
        eprintln!("{failure}");
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ from CPython",
        failures.len(),
        cases.len()
    );
    // Every message CPython gave in the corpus was produced here too.
    for message in &messages {
        assert!(seen_messages.contains(*message), "never saw {message}");
    }
}
