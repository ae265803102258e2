//! `pickle::dumps` against CPython 3.11's `pickle.dumps(json.loads(text), 5)` and
//! `pickle::loads` back, on random session-like values and the large cases of the versions
//! README (frames over 64 KiB, 1000-item batches, LONG_BINGET). The fixture
//! (`tests/fixtures/pickle_cpython.json`: `[json_text, pickle_hex]` pairs) is written by
//! `tests/fixtures/pickle_cpython.py`.

use sessionscope_engine::json::parse_python_json;
use sessionscope_engine::pickle;

fn hex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
        .collect()
}

#[test]
fn pickles_match_cpython_byte_for_byte() {
    let path = std::env::var("PICKLE_FIXTURE").unwrap_or_else(|_| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/pickle_cpython.json"
        )
        .to_owned()
    });
    let text = std::fs::read_to_string(path).unwrap();
    let cases: Vec<(String, String)> = serde_json::from_str(&text).unwrap();
    assert!(!cases.is_empty());
    for (i, (json, expected)) in cases.iter().enumerate() {
        let value = parse_python_json(json).unwrap();
        let bytes = pickle::dumps(&value);
        assert!(
            bytes == hex(expected),
            "case {i}: pickle differs for {}",
            &json[..json.len().min(200)]
        );
        assert_eq!(pickle::loads(&bytes), Ok(value), "case {i}: loads");
    }
}
