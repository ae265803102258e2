//! The topology layout (`tests/conformance/topology/README.md`): concurrent requests and
//! several Django instances. `scenarios/*.json` and `traces/*.json` of the same names, one case
//! per scenario, named `<folder>/<scenario>` (`topology/lost_update_two_tabs__db` for the shared
//! data).
//!
//! Compared per step, beyond what [`crate::traces`] compares: each request's `instance`; for
//! a concurrent step every request's `cookie_header`, `instance` and response, and after every
//! phase its name, the jars and the store; the store's `own_caches` and `own_files` per
//! instance. `queries`, `log`, `data` and `verifies_on` are informative.

use crate::traces::{
    compare_response, compare_steps, compare_store, expect_same, field, list, read_json,
};
use crate::Outcome;
use sessionscope_engine::json::Value;
use sessionscope_engine::scenario::{self, Instance, Scenario, DEFAULT_INSTANCE};
use std::path::Path;

/// Every scenario/trace pair of the topology folder `dir`.
pub fn run(dir: &Path) -> Vec<Outcome> {
    let Ok(entries) = std::fs::read_dir(dir.join("scenarios")) else {
        return Vec::new();
    };
    let mut paths: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    let folder = dir
        .file_name()
        .map_or_else(|| "topology".into(), |n| n.to_string_lossy().into_owned());
    paths
        .iter()
        .map(|path| {
            let stem = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let id = format!("{folder}/{stem}");
            let trace = dir
                .join("traces")
                .join(path.file_name().unwrap_or_default());
            match check(path, &trace) {
                Ok(()) => Outcome::pass(id),
                Err(why) => Outcome::fail(id, why),
            }
        })
        .collect()
}

fn check(scenario_path: &Path, trace_path: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(scenario_path)
        .map_err(|e| format!("{}: {e}", scenario_path.display()))?;
    let mut scenario = Scenario::from_json(&text).map_err(|e| format!("scenario: {e}"))?;
    if !scenario.has_topology() {
        // The README's default, `{"web": {}}`, said out loud: the trace then names each
        // request's instance as the topology traces do.
        scenario.instances = vec![Instance::new(DEFAULT_INSTANCE)];
    }
    if !trace_path.is_file() {
        return Err(format!("no trace {}", trace_path.display()));
    }
    let expected = read_json(trace_path)?;
    let actual = scenario::run(&scenario).to_json();
    expect_same(
        "format",
        field(&expected, "format"),
        field(&actual, "format"),
    )?;
    compare_steps(
        list(field(&expected, "steps")),
        list(field(&actual, "steps")),
        compare_step,
    )
}

fn compare_request(what: &str, want: &Value, got: &Value) -> Result<(), String> {
    let (want_request, got_request) = (field(want, "request"), field(got, "request"));
    for name in ["cookie_header", "instance"] {
        expect_same(
            &format!("{what}request.{name}"),
            field(want_request, name),
            field(got_request, name),
        )?;
    }
    compare_response(field(want, "response"), field(got, "response"))
        .map_err(|why| format!("{what}{why}"))
}

fn compare_step(want: &Value, got: &Value) -> Result<(), String> {
    let now = field(want, "now");
    expect_same("now", now, field(got, "now"))?;
    if !matches!(field(want, "request"), Value::Null) {
        compare_request("", want, got)?;
    }
    if let Some(requests) = field(want, "requests").as_dict() {
        let got_requests = field(got, "requests");
        let want_labels: Vec<&str> = requests.keys().collect();
        let got_labels: Vec<&str> = got_requests
            .as_dict()
            .map(|d| d.keys().collect())
            .unwrap_or_default();
        if want_labels != got_labels {
            return Err(format!(
                "requests: expected {want_labels:?}, got {got_labels:?}"
            ));
        }
        for (label, want_request) in requests.iter() {
            compare_request(
                &format!("requests.{label}."),
                want_request,
                field(got_requests, label),
            )?;
        }
    }
    if let Value::List(phases) = field(want, "phases") {
        let got_phases = list(field(got, "phases"));
        if phases.len() != got_phases.len() {
            return Err(format!(
                "phases: expected {}, got {}",
                phases.len(),
                got_phases.len()
            ));
        }
        for (want_phase, got_phase) in phases.iter().zip(got_phases) {
            let name = field(want_phase, "phase");
            expect_same("phase", name, field(got_phase, "phase"))?;
            let at = name.as_str().unwrap_or_default();
            compare_jars_and_store(want_phase, got_phase, now)
                .map_err(|why| format!("after {at}: {why}"))?;
        }
    }
    compare_jars_and_store(want, got, now)
}

fn compare_jars_and_store(want: &Value, got: &Value, now: &Value) -> Result<(), String> {
    expect_same("jars", field(want, "jars"), field(got, "jars"))?;
    let (want_store, got_store) = (field(want, "store"), field(got, "store"));
    compare_store(&without_own(want_store), &without_own(got_store), now)?;
    for (own, part) in [("own_caches", "cache"), ("own_files", "files")] {
        let want_own = field(want_store, own);
        let got_own = field(got_store, own);
        let Some(want_own) = want_own.as_dict() else {
            continue;
        };
        let want_names: Vec<&str> = want_own.keys().collect();
        let got_names: Vec<&str> = got_own
            .as_dict()
            .map(|d| d.keys().collect())
            .unwrap_or_default();
        if want_names != got_names {
            return Err(format!(
                "store.{own}: expected instances {want_names:?}, got {got_names:?}"
            ));
        }
        for (instance, entries) in want_own.iter() {
            let wrap = |entries: &Value| {
                let mut d = sessionscope_engine::json::Dict::new();
                d.insert(part, entries.clone());
                Value::Dict(d)
            };
            compare_store(&wrap(entries), &wrap(field(got_own, instance)), now)
                .map_err(|why| format!("store.{own}.{instance}: {why}"))?;
        }
    }
    Ok(())
}

/// The store without its per-instance parts, which [`compare_jars_and_store`] compares apart.
fn without_own(store: &Value) -> Value {
    let mut d = sessionscope_engine::json::Dict::new();
    if let Some(parts) = store.as_dict() {
        for (name, value) in parts.iter() {
            if name != "own_caches" && name != "own_files" {
                d.insert(name, value.clone());
            }
        }
    }
    Value::Dict(d)
}
