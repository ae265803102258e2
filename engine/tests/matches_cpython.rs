//! The engine against CPython 3.11 itself, on many generated inputs: `zlib.compress`,
//! `repr(float)`, Django's `b64_decode` and `json.loads`. The expected outputs were written by
//! `tests/fixtures/generate_cpython_fixtures.py`, so no Python is needed at test time.

use sessionscope_engine::compress::zlib_compress;
use sessionscope_engine::json::{parse_python_json, python_float_repr, to_python_json, Value};
use sessionscope_engine::signing::b64_decode;
use sessionscope_engine::splitmix::SplitMix64;
use sha2::{Digest, Sha256};

fn fixture_cases(name: &str) -> Vec<Value> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let document = parse_python_json(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    match document.as_dict().and_then(|d| d.get("cases")) {
        Some(Value::List(cases)) => cases.clone(),
        _ => panic!("{path}: no cases"),
    }
}

fn text<'v>(case: &'v Value, name: &str) -> Option<&'v str> {
    case.as_dict()?.get(name)?.as_str()
}

fn int(case: &Value, name: &str) -> u64 {
    match case.as_dict().and_then(|d| d.get(name)) {
        Some(Value::Int(n)) => n.to_i64().and_then(|n| u64::try_from(n).ok()).unwrap_or(0),
        _ => panic!("no integer {name}"),
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Mirrors `zlib_input` in the Python generator, byte for byte.
fn zlib_input(seed: u64) -> Vec<u8> {
    let mut rng = SplitMix64(seed);
    let r = rng.below(100);
    let length = match r {
        0..=59 => rng.below(600),
        60..=89 => rng.below(5000),
        _ => rng.below(70000),
    };
    let mut out: Vec<u8> = Vec::with_capacity(length + 400);
    match seed % 4 {
        0 => {
            let k = 2 + rng.below(94);
            while out.len() < length {
                out.push(32 + rng.below(k) as u8);
            }
        }
        1 => {
            let dist_cap = [16, 300, 4096, 40000][rng.below(4)];
            while out.len() < length {
                if !out.is_empty() && rng.below(3) != 0 {
                    let dist = 1 + rng.below(out.len().min(dist_cap));
                    let n = 3 + if rng.below(10) == 0 {
                        rng.below(300)
                    } else {
                        rng.below(40)
                    };
                    for _ in 0..n {
                        out.push(out[out.len() - dist]);
                    }
                } else {
                    out.push(32 + rng.below(95) as u8);
                }
            }
        }
        2 => {
            while out.len() < length {
                out.push(rng.byte());
            }
        }
        _ => {
            while out.len() < length {
                let c = 97 + rng.below(4) as u8;
                let run = 1 + rng.below(200);
                out.extend(std::iter::repeat_n(c, run));
            }
        }
    }
    out.truncate(length);
    out
}

#[test]
fn zlib_compress_is_byte_identical_to_cpython() {
    let cases = fixture_cases("zlib_cpython.json");
    assert_eq!(cases.len(), 1000);
    let mut failures = Vec::new();
    for case in &cases {
        let seed = int(case, "seed");
        let input = zlib_input(seed);
        assert_eq!(
            input.len() as u64,
            int(case, "len"),
            "generator drift at seed {seed}"
        );
        let compressed = zlib_compress(&input);
        let digest = hex(&Sha256::digest(&compressed));
        if compressed.len() as u64 != int(case, "zlib_len")
            || Some(digest.as_str()) != text(case, "zlib_sha256")
        {
            failures.push(seed);
        }
    }
    assert!(
        failures.is_empty(),
        "zlib output differs for seeds {failures:?}"
    );
}

#[test]
fn float_repr_and_reading_match_cpython() {
    let cases = fixture_cases("float_repr_cpython.json");
    assert!(cases.len() >= 3000);
    for case in &cases {
        let bits = u64::from_str_radix(text(case, "bits").unwrap_or_default(), 16).unwrap_or(0);
        let x = f64::from_bits(bits);
        let expected = text(case, "repr").unwrap_or_default();
        assert_eq!(python_float_repr(x), expected, "bits {bits:016x}");
        // And json.loads reads Python's text back to the same double.
        let json_text = if expected.contains(['.', 'e']) {
            expected.to_owned()
        } else {
            format!("{expected}.0")
        };
        match parse_python_json(&json_text) {
            Ok(Value::Float(y)) => assert_eq!(y.to_bits(), bits, "{json_text}"),
            other => panic!("{json_text} read as {other:?}"),
        }
    }
}

#[test]
fn b64_decode_matches_django_and_binascii() {
    let cases = fixture_cases("b64_decode_cpython.json");
    assert_eq!(cases.len(), 3000);
    for case in &cases {
        let input = text(case, "input").unwrap_or_default();
        let ours = b64_decode(input.as_bytes());
        match (text(case, "output_hex"), text(case, "error")) {
            (Some(expected), _) => assert_eq!(
                ours.as_deref().map(hex).ok(),
                Some(expected.to_owned()),
                "{input:?}"
            ),
            (None, Some(error)) => assert_eq!(
                ours.map_err(|e| e.to_string()).err().as_deref(),
                Some(error),
                "{input:?}"
            ),
            (None, None) => panic!("case without outcome: {input:?}"),
        }
    }
}

#[test]
fn json_loads_matches_cpython_on_mutated_documents() {
    let cases = fixture_cases("json_loads_cpython.json");
    assert_eq!(cases.len(), 3000);
    let mut lone_surrogates = 0;
    for case in &cases {
        let input = text(case, "input").unwrap_or_default();
        let ours = parse_python_json(input);
        let lone_surrogate = matches!(
            case.as_dict().and_then(|d| d.get("lone_surrogate")),
            Some(Value::Bool(true))
        );
        if lone_surrogate {
            // The one documented deviation: U+FFFD instead of the surrogate.
            lone_surrogates += 1;
            assert!(ours.is_ok(), "{input:?}");
            continue;
        }
        match (text(case, "dumps"), text(case, "error")) {
            (Some(expected), _) => assert_eq!(
                ours.as_ref().map(to_python_json).ok().as_deref(),
                Some(expected),
                "{input:?}"
            ),
            (None, Some(error)) => assert_eq!(
                ours.map_err(|e| e.to_string()).err().as_deref(),
                Some(error),
                "{input:?}"
            ),
            (None, None) => panic!("case without outcome: {input:?}"),
        }
    }
    assert!(
        lone_surrogates < 100,
        "{lone_surrogates} lone-surrogate cases"
    );
}
