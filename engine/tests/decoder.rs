//! `sessionscope decode --json` against values made and judged by real Django: every case of
//! `tests/decoder/*.json` (the shared examples), `tests/decoder/extra/` (generated with
//! `tools/django_oracle/decoder_cases.py`) and every folder under `$SESSIONSCOPE_DECODER_DIR`
//! (several joined with `:`; every `*.json` with a `cases` list, at any depth),
//! each run through the real binary exactly as the cases' `about.args` says:
//!
//! `sessionscope decode VALUE --key K... [--salt S] [--max-age N|none] [--cookie-name NAME]
//! --time T --json`
//!
//! The printed object must equal `expected` as Python's `json.loads` reads both: ints and
//! floats apart, ints of any size, dict order free. Prints `decoder: N passed, M failed`.

use std::path::{Path, PathBuf};

#[path = "support/case_files.rs"]
mod case_files;
use std::process::Command;

use sessionscope_engine::json::{parse_python_json, python_float_repr, to_python_json, Value};

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/decoder")
}

/// The case files: ours, `extra/`, then everything under the environment's folder.
fn case_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    collect(&data_dir(), &mut files);
    // One folder, or several joined as PATH joins them; a file is taken as it is.
    if let Some(dirs) = std::env::var_os("SESSIONSCOPE_DECODER_DIR") {
        for dir in std::env::split_paths(&dirs) {
            let before = files.len();
            if dir.is_file() {
                files.push(dir.clone());
            } else {
                collect(&dir, &mut files);
            }
            assert!(files.len() > before, "no case file under {}", dir.display());
        }
    }
    files
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    case_files::collect(dir, files, &|path| {
        path.extension().is_some_and(|e| e == "json")
    });
}

fn get<'v>(value: &'v Value, key: &str) -> &'v Value {
    value
        .as_dict()
        .and_then(|d| d.get(key))
        .unwrap_or(&Value::Null)
}

/// A number or string argument as the case file writes it (`1761209600.5`, `60`, `none`).
fn argument(value: &Value) -> String {
    match value {
        Value::Int(n) => n.to_string(),
        Value::Float(x) => python_float_repr(*x),
        Value::Str(s) => s.clone(),
        other => to_python_json(other),
    }
}

/// The command line of a case, as `about.args` says.
fn arguments(case: &Value) -> Vec<String> {
    let mut args = vec![
        "decode".to_owned(),
        argument(get(case, "input")),
        "--key".to_owned(),
    ];
    if let Value::List(keys) = get(case, "keys") {
        args.extend(keys.iter().map(argument));
    }
    for (field, option) in [
        ("salt", "--salt"),
        ("max_age", "--max-age"),
        ("cookie_name", "--cookie-name"),
    ] {
        let value = get(case, field);
        if *value != Value::Null {
            args.push(option.to_owned());
            args.push(argument(value));
        }
    }
    args.extend([
        "--time".to_owned(),
        argument(get(case, "time")),
        "--json".to_owned(),
    ]);
    args
}

/// Equal as Python compares what `json.loads` returns: dicts without order, ints and floats
/// apart (`1 == 1.0` in Python, but the contract keeps them apart).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Dict(x), Value::Dict(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        (Value::List(x), Value::List(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(v, w)| same(v, w))
        }
        (Value::Float(x), Value::Float(y)) => x == y || (x.is_nan() && y.is_nan()),
        _ => a == b,
    }
}

/// Runs one case; the error says what differs.
fn run(case: &Value) -> Result<(), String> {
    let output = Command::new(env!("CARGO_BIN_EXE_sessionscope"))
        .args(arguments(case))
        .output()
        .map_err(|e| format!("cannot run sessionscope: {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let printed: Vec<Value> = stdout
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| parse_python_json(l).map_err(|e| format!("not JSON ({e}): {l}")))
        .collect::<Result<_, _>>()?;
    let expected = get(case, "expected");
    let got = match (expected, printed.as_slice()) {
        (Value::List(_), _) => Value::List(printed.clone()),
        (_, [one]) => one.clone(),
        _ => {
            return Err(format!(
                "expected one JSON object, got {} lines (exit {:?}): {}{}",
                printed.len(),
                output.status.code(),
                stdout.trim(),
                String::from_utf8_lossy(&output.stderr).trim()
            ))
        }
    };
    if same(&got, expected) {
        Ok(())
    } else {
        Err(format!(
            "expected {}, got {}",
            short(&to_python_json(expected)),
            short(&to_python_json(&got))
        ))
    }
}

fn short(text: &str) -> String {
    match text.char_indices().nth(400) {
        Some((cut, _)) => format!("{}… ({} chars)", &text[..cut], text.chars().count()),
        None => text.to_owned(),
    }
}

#[test]
fn decode_json_gives_django_s_verdict_on_every_case() {
    let (mut passed, mut failed) = (0usize, 0usize);
    for file in case_files() {
        let text = std::fs::read_to_string(&file)
            .unwrap_or_else(|error| panic!("cannot read {}: {error}", file.display()));
        let data = parse_python_json(&text)
            .unwrap_or_else(|error| panic!("{} is not JSON: {error}", file.display()));
        // Another JSON file beside the cases (a README's data, say) is not a case file.
        let Value::List(cases) = get(&data, "cases") else {
            println!("note: {} has no \"cases\", skipped", file.display());
            continue;
        };
        assert!(!cases.is_empty(), "{} holds no cases", file.display());
        for case in cases {
            match run(case) {
                Ok(()) => passed += 1,
                Err(why) => {
                    failed += 1;
                    println!("FAIL {}: {why}", argument(get(case, "id")));
                }
            }
        }
    }
    println!("decoder: {passed} passed, {failed} failed");
    assert!(passed > 0, "no case was run");
    assert_eq!(
        failed, 0,
        "{failed} decoder case(s) differ from Django's verdict"
    );
}

#[test]
fn the_same_equality_keeps_ints_and_floats_apart() {
    let read = |t: &str| parse_python_json(t).unwrap();
    assert!(same(
        &read(r#"{"a": 1, "b": [2.5]}"#),
        &read(r#"{"b": [2.5], "a": 1}"#)
    ));
    assert!(!same(&read("1"), &read("1.0")));
    assert!(!same(
        &read("1180591620717411303424"),
        &read("1180591620717411303425")
    ));
    assert!(!same(&read(r#"{"a": 1}"#), &read(r#"{"a": 1, "b": 2}"#)));
}
