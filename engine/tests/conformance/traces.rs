//! Session scenarios (`scenarios/*.json`) replayed by the engine and compared with Django's
//! traces (`traces/*.json`, same file names).
//!
//! Compared per step: the request's `cookie_header`; the response's status, exception,
//! result, vary and every Set-Cookie (name, value, output, attributes); the jars; and the
//! store (db rows without the informative `data`, live cache entries, files). Numbers compare
//! numerically (`1700000000` equals `1700000000.0`). One outcome per scenario file. The SQL
//! `queries` are informative: a difference is printed as a note and does not fail the case.

use crate::Outcome;
use sessionscope_engine::json::{parse_python_json, to_python_json, Value};
use sessionscope_engine::scenario::{self, Scenario};
use sessionscope_engine::version::DjangoVersion;
use std::path::Path;

pub fn run(dir: &Path) -> Vec<Outcome> {
    let scenario_dir = dir.join("scenarios");
    let Ok(entries) = std::fs::read_dir(&scenario_dir) else {
        return Vec::new();
    };
    let mut paths: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|path| {
            let id = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let trace_path = dir
                .join("traces")
                .join(path.file_name().unwrap_or_default());
            match check_scenario(path, &trace_path) {
                Ok(()) => Outcome::pass(id),
                Err(why) => Outcome::fail(id, why),
            }
        })
        .collect()
}

pub fn read_json(path: &Path) -> Result<Value, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    parse_python_json(&text).map_err(|e| format!("{}: {e}", path.display()))
}

fn check_scenario(scenario_path: &Path, trace_path: &Path) -> Result<(), String> {
    check_scenario_as(scenario_path, trace_path, None)
}

/// Runs the scenario (under `django`, if given, as [`Scenario::django`]) and compares its
/// trace with the expected one.
pub fn check_scenario_as(
    scenario_path: &Path,
    trace_path: &Path,
    django: Option<DjangoVersion>,
) -> Result<(), String> {
    let text = std::fs::read_to_string(scenario_path)
        .map_err(|e| format!("{}: {e}", scenario_path.display()))?;
    let mut scenario = Scenario::from_json(&text).map_err(|e| format!("scenario: {e}"))?;
    if django.is_some() {
        scenario.django = django;
    }
    if !trace_path.is_file() {
        return Err(format!("no trace {}", trace_path.display()));
    }
    let expected = read_json(trace_path)?;
    let actual = scenario::run(&scenario).to_json();
    expect_same(
        "warnings",
        field(&expected, "warnings"),
        field(&actual, "warnings"),
    )?;
    let expected_steps = list(field(&expected, "steps"));
    let actual_steps = list(field(&actual, "steps"));
    compare_steps(expected_steps, actual_steps, compare_step)?;
    // The README calls `queries` informative ("compare rows, not SQL text"): a difference is
    // printed for whoever works on the db engines, but does not fail the case.
    for (i, (want, got)) in expected_steps.iter().zip(actual_steps).enumerate() {
        if let Err(why) = compare_queries(want, got) {
            let id = scenario_path
                .file_stem()
                .unwrap_or_default()
                .to_string_lossy();
            let id = match django {
                Some(version) => format!("{id}@django-{version}"),
                None => id.into_owned(),
            };
            println!("note {id}: step {i}: {why} (informative, not counted)");
        }
    }
    Ok(())
}

pub fn field<'a>(value: &'a Value, name: &str) -> &'a Value {
    static NULL: Value = Value::Null;
    value.as_dict().and_then(|d| d.get(name)).unwrap_or(&NULL)
}

pub fn list(value: &Value) -> &[Value] {
    match value {
        Value::List(items) => items,
        _ => &[],
    }
}

pub fn number(value: &Value) -> Option<f64> {
    match value {
        Value::Int(n) => Some(n.to_f64()),
        Value::Float(x) => Some(*x),
        _ => None,
    }
}

/// Deep equality with numbers compared numerically and dict order significant.
pub fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => x == y,
        (Value::Int(_) | Value::Float(_), Value::Int(_) | Value::Float(_)) => {
            number(a) == number(b)
        }
        (Value::List(x), Value::List(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q))
        }
        (Value::Dict(x), Value::Dict(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y.iter())
                    .all(|((kx, vx), (ky, vy))| kx == ky && same(vx, vy))
        }
        _ => a == b,
    }
}

/// The same number of steps, each compared by `compare` (a failure names its step).
pub fn compare_steps(
    want: &[Value],
    got: &[Value],
    compare: impl Fn(&Value, &Value) -> Result<(), String>,
) -> Result<(), String> {
    if want.len() != got.len() {
        return Err(format!(
            "step count: expected {}, got {}",
            want.len(),
            got.len()
        ));
    }
    for (i, (want, got)) in want.iter().zip(got).enumerate() {
        compare(want, got).map_err(|why| format!("step {i}: {why}"))?;
    }
    Ok(())
}

pub fn expect_same(what: &str, want: &Value, got: &Value) -> Result<(), String> {
    if same(want, got) {
        Ok(())
    } else {
        Err(format!(
            "{what}: expected {}, got {}",
            to_python_json(want),
            to_python_json(got)
        ))
    }
}

/// The SQL Django issued in one step, statement by statement (text and parameters).
pub fn compare_queries(want: &Value, got: &Value) -> Result<(), String> {
    let Value::List(want_queries) = field(want, "queries") else {
        return Ok(());
    };
    let got_queries = list(field(got, "queries"));
    if want_queries.len() != got_queries.len() {
        return Err(format!(
            "queries: expected {} statement(s), got {}: {}",
            want_queries.len(),
            got_queries.len(),
            to_python_json(field(got, "queries"))
        ));
    }
    for (n, (w, g)) in want_queries.iter().zip(got_queries).enumerate() {
        expect_same(&format!("queries[{n}]"), w, g)?;
    }
    Ok(())
}

fn compare_step(want: &Value, got: &Value) -> Result<(), String> {
    expect_same("now", field(want, "now"), field(got, "now"))?;
    if !matches!(field(want, "request"), Value::Null) {
        expect_same(
            "request.cookie_header",
            field(field(want, "request"), "cookie_header"),
            field(field(got, "request"), "cookie_header"),
        )?;
        compare_response(field(want, "response"), field(got, "response"))?;
    }
    expect_same("jars", field(want, "jars"), field(got, "jars"))?;
    compare_store(
        field(want, "store"),
        field(got, "store"),
        field(want, "now"),
    )
}

pub fn compare_response(want: &Value, got: &Value) -> Result<(), String> {
    for name in ["status", "exception", "view_exception", "result", "vary"] {
        expect_same(
            &format!("response.{name}"),
            field(want, name),
            field(got, name),
        )?;
    }
    let want_cookies = list(field(want, "set_cookie"));
    let got_cookies = list(field(got, "set_cookie"));
    if want_cookies.len() != got_cookies.len() {
        return Err(format!(
            "response.set_cookie: expected {} cookie(s), got {}: {}",
            want_cookies.len(),
            got_cookies.len(),
            to_python_json(field(got, "set_cookie"))
        ));
    }
    for (n, (w, g)) in want_cookies.iter().zip(got_cookies).enumerate() {
        for name in ["output", "name", "value", "header", "attributes"] {
            expect_same(
                &format!("response.set_cookie[{n}].{name}"),
                field(w, name),
                field(g, name),
            )?;
        }
    }
    Ok(())
}

/// Keeps only the named fields of each record.
pub fn project(records: &[Value], names: &[&str]) -> Value {
    Value::List(
        records
            .iter()
            .map(|r| {
                let mut d = sessionscope_engine::json::Dict::new();
                for name in names {
                    d.insert(*name, field(r, name).clone());
                }
                Value::Dict(d)
            })
            .collect(),
    )
}

pub fn live_cache_entries(entries: &[Value], now: f64) -> Vec<Value> {
    entries
        .iter()
        .filter(|e| number(field(e, "expires_at")).is_none_or(|at| at > now))
        .cloned()
        .collect()
}

pub fn compare_store(want: &Value, got: &Value, now: &Value) -> Result<(), String> {
    let want_parts: Vec<&str> = want
        .as_dict()
        .map(|d| d.keys().collect())
        .unwrap_or_default();
    let got_parts: Vec<&str> = got
        .as_dict()
        .map(|d| d.keys().collect())
        .unwrap_or_default();
    if want_parts != got_parts {
        return Err(format!(
            "store parts: expected {want_parts:?}, got {got_parts:?}"
        ));
    }
    let now = number(now).unwrap_or(f64::NAN);
    if let Value::List(rows) = field(want, "db") {
        let names = ["session_key", "session_data", "expire_date"];
        expect_same(
            "store.db",
            &project(rows, &names),
            &project(list(field(got, "db")), &names),
        )?;
    }
    if let Value::List(entries) = field(want, "cache") {
        let names = ["key", "value", "expires_at"];
        expect_same(
            "store.cache (live entries)",
            &project(&live_cache_entries(entries, now), &names),
            &project(&live_cache_entries(list(field(got, "cache")), now), &names),
        )?;
    }
    if let Value::List(files) = field(want, "files") {
        let names = ["name", "content", "mtime"];
        expect_same(
            "store.files",
            &project(files, &names),
            &project(list(field(got, "files")), &names),
        )?;
    }
    Ok(())
}
