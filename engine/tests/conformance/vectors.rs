//! Signing vectors (`vectors*.json`): `dumps` output exactly, `loads` value or error kind.
//!
//! The files are read with the engine's own Python-compatible JSON reader, which follows the
//! data's convention (a number with `.`, `e` or `E` is a float, any other an arbitrary int).

use crate::Outcome;
use sessionscope_engine::json::{parse_python_json, to_python_json, Value};
use sessionscope_engine::signing::{dumps, loads, SigningKeys};
use std::path::{Path, PathBuf};

pub fn run(dir: &Path) -> Vec<Outcome> {
    vector_files(dir)
        .iter()
        .flat_map(|path| run_file(path))
        .collect()
}

/// `vectors*.json` directly in `dir`, in name order.
fn vector_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| {
            path.file_name()
                .and_then(|name| name.to_str())
                .is_some_and(|name| name.starts_with("vectors") && name.ends_with(".json"))
        })
        .collect();
    files.sort();
    files
}

fn run_file(path: &Path) -> Vec<Outcome> {
    let file_id = path.display().to_string();
    let document = match std::fs::read_to_string(path)
        .map_err(|e| e.to_string())
        .and_then(|text| parse_python_json(&text).map_err(|e| e.to_string()))
    {
        Ok(document) => document,
        Err(error) => return vec![Outcome::fail(file_id, format!("unreadable: {error}"))],
    };
    let Some(Value::List(cases)) = field(&document, "cases") else {
        return vec![Outcome::fail(file_id, "no \"cases\" list")];
    };
    cases
        .iter()
        .enumerate()
        .map(|(index, case)| {
            let id = text(case, "id").unwrap_or_else(|| format!("{file_id}#{index}"));
            match run_case(case) {
                Ok(()) => Outcome::pass(id),
                Err(why) => Outcome::fail(id, why),
            }
        })
        .collect()
}

fn run_case(case: &Value) -> Result<(), String> {
    match text(case, "op").as_deref() {
        Some("dumps") => check_dumps(case),
        Some("loads") => check_loads(case),
        other => Err(format!("unknown op {other:?}")),
    }
}

fn check_dumps(case: &Value) -> Result<(), String> {
    let payload = field(case, "payload").ok_or("no payload")?;
    let secret = text(case, "secret_key").ok_or("no secret_key")?;
    let salt = text(case, "salt").ok_or("no salt")?;
    let compress = matches!(field(case, "compress"), Some(Value::Bool(true)));
    let now = number(case, "timestamp").ok_or("no timestamp")?;
    let expected = text(case, "expected").ok_or("no expected")?;

    if let Some(serialized) = text(case, "serialized") {
        let ours = to_python_json(payload);
        if ours != serialized {
            return Err(format!(
                "serialized: {}",
                first_difference(&ours, &serialized)
            ));
        }
    }
    let ours = dumps(payload, &secret, &salt, compress, now);
    if let Some(Value::Bool(compressed)) = field(case, "compressed") {
        if ours.starts_with('.') != *compressed {
            return Err(format!(
                "compressed: ours {}, Django {compressed}",
                ours.starts_with('.')
            ));
        }
    }
    if ours != expected {
        return Err(format!("expected: {}", first_difference(&ours, &expected)));
    }
    Ok(())
}

fn check_loads(case: &Value) -> Result<(), String> {
    let keys = SigningKeys {
        secret: text(case, "secret_key").ok_or("no secret_key")?,
        fallbacks: match field(case, "fallback_keys") {
            Some(Value::List(keys)) => keys
                .iter()
                .map(|key| key.as_str().map(str::to_owned).ok_or("non-string fallback"))
                .collect::<Result<_, _>>()?,
            _ => Vec::new(),
        },
    };
    let salt = text(case, "salt").ok_or("no salt")?;
    let signed = text(case, "signed").ok_or("no signed")?;
    let now = number(case, "timestamp").ok_or("no timestamp")?;
    let max_age = number(case, "max_age");
    let expected_error = text(case, "expected_error");

    match (loads(&signed, &keys, &salt, max_age, now), expected_error) {
        (Ok(value), None) => {
            let expected = field(case, "expected").ok_or("no expected")?;
            if python_equal(&value, expected) {
                Ok(())
            } else {
                Err(format!(
                    "expected: ours {}, Django {}",
                    to_python_json(&value),
                    to_python_json(expected)
                ))
            }
        }
        (Err(error), Some(kind)) if error.kind() == kind => Ok(()),
        (Err(error), expected) => Err(format!(
            "expected_error: ours {} ({error}), Django {expected:?}",
            error.kind()
        )),
        (Ok(value), Some(kind)) => Err(format!(
            "expected_error: ours none (value {}), Django {kind}",
            to_python_json(&value)
        )),
    }
}

/// Equality as Python's `==` sees decoded JSON, but stricter where it matters here: ints and
/// floats must keep their type and dict keys their order (both are visible in Django's
/// output). Floats compare as Python floats (so `0.0 == -0.0`).
fn python_equal(ours: &Value, theirs: &Value) -> bool {
    match (ours, theirs) {
        (Value::Float(a), Value::Float(b)) => a == b || (a.is_nan() && b.is_nan()),
        (Value::List(a), Value::List(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| python_equal(x, y))
        }
        (Value::Dict(a), Value::Dict(b)) => {
            a.len() == b.len()
                && a.iter()
                    .zip(b.iter())
                    .all(|((ka, va), (kb, vb))| ka == kb && python_equal(va, vb))
        }
        _ => ours == theirs,
    }
}

fn field<'v>(object: &'v Value, name: &str) -> Option<&'v Value> {
    object.as_dict()?.get(name)
}

fn text(object: &Value, name: &str) -> Option<String> {
    field(object, name)?.as_str().map(str::to_owned)
}

fn number(object: &Value, name: &str) -> Option<f64> {
    match field(object, name)? {
        Value::Int(int) => Some(int.to_f64()),
        Value::Float(x) => Some(*x),
        _ => None,
    }
}

/// Where two strings first differ, with a little context from each.
fn first_difference(ours: &str, theirs: &str) -> String {
    let at = ours
        .char_indices()
        .zip(theirs.chars())
        .find(|((_, a), b)| a != b)
        .map(|((index, _), _)| index)
        .unwrap_or(ours.len().min(theirs.len()));
    let excerpt = |s: &str| -> String {
        let start = s.floor_char_boundary(at.saturating_sub(10));
        s[start..].chars().take(40).collect()
    };
    format!(
        "differs at byte {at}: ours …{:?}, Django …{:?}",
        excerpt(ours),
        excerpt(theirs)
    )
}
