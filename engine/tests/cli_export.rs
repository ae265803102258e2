//! `sessionscope export-test` and `sessionscope export-report`, driven as a user would: every
//! public conformance scenario exported as a Django test module that holds Django's own
//! Set-Cookie lines and rows (from the traces real Django produced), a file written with
//! `-o`, the report without the secret, and the errors.
//! (`scripts/test-exported-django.sh` runs the exported modules against real Django.)

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value as Json;

fn django_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance/django-5.2")
}

fn sessionscope(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sessionscope"))
        .args(args)
        .output()
        .unwrap()
}

/// A string as the module's JSON writes it (ASCII here: the same as serde_json's).
fn json(text: &str) -> String {
    serde_json::to_string(text).unwrap()
}

#[test]
fn every_public_scenario_exports_with_django_s_own_bytes_in_its_assertions() {
    let mut checked = 0;
    let mut entries: Vec<_> = std::fs::read_dir(django_dir().join("scenarios"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        let output = sessionscope(&["export-test", path.to_str().unwrap()]);
        assert_eq!(output.status.code(), Some(0), "{}", path.display());
        let module = String::from_utf8(output.stdout).unwrap();
        let trace_path = django_dir().join("traces").join(path.file_name().unwrap());
        let trace: Json =
            serde_json::from_str(&std::fs::read_to_string(trace_path).unwrap()).unwrap();
        for step in trace["steps"].as_array().unwrap() {
            for cookie in step["response"]["set_cookie"]
                .as_array()
                .into_iter()
                .flatten()
            {
                let header = cookie["header"].as_str().unwrap();
                assert!(
                    module.contains(&format!("\"header\": {}", json(header))),
                    "{}: step {}: {header} is not asserted",
                    path.display(),
                    step["i"]
                );
                checked += 1;
            }
            for row in step["store"]["db"].as_array().into_iter().flatten() {
                let data = row["session_data"].as_str().unwrap();
                assert!(module.contains(&json(data)), "{}: {data}", path.display());
            }
        }
        assert!(module.contains("class ") && module.contains("(SessionscopeTestCase):"));
    }
    assert!(checked > 100, "only {checked} Set-Cookie lines");
}

#[test]
fn output_goes_to_the_file_named_by_o() {
    let dir = std::env::temp_dir().join(format!("sessionscope-export-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("test_cart.py");
    let scenario = django_dir().join("scenarios/cart_basic__signed_cookies.json");
    let output = sessionscope(&[
        "export-test",
        scenario.to_str().unwrap(),
        "-o",
        file.to_str().unwrap(),
        "--django",
        "6.0",
    ]);
    assert_eq!(output.status.code(), Some(0));
    assert!(output.stdout.is_empty());
    let module = std::fs::read_to_string(&file).unwrap();
    assert!(module.contains("django_version = (6, 0)"));
    assert!(module.starts_with("\"\"\"Sessionscope scenario cart_basic__signed_cookies"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_report_replaces_the_secret_and_keeps_the_bytes() {
    let dir = std::env::temp_dir().join(format!("sessionscope-report-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let scenario = dir.join("s.json");
    std::fs::write(
        &scenario,
        r#"{"name": "s", "engine": "db", "settings": {"SECRET_KEY": "hunter2-production"},
            "steps": [{"request": {"view": "set", "data": {"a": 1}}}]}"#,
    )
    .unwrap();
    let output = sessionscope(&[
        "export-report",
        scenario.to_str().unwrap(),
        "--link",
        "https://example.test/#v1.x",
    ]);
    assert_eq!(output.status.code(), Some(0));
    let report = String::from_utf8(output.stdout).unwrap();
    assert!(!report.contains("hunter2"), "{report}");
    assert!(report.contains("Set-Cookie: sessionid=sess0000000000000000000000000001;"));
    assert!(report.contains("<https://example.test/#v1.x>"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn mistakes_are_named_with_their_exit_codes() {
    let missing = sessionscope(&["export-test", "/nonexistent/scenario.json"]);
    assert_eq!(missing.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("cannot read"));
    let usage = sessionscope(&["export-test"]);
    assert_eq!(usage.status.code(), Some(2));
    let version = sessionscope(&["export-test", "x.json", "--django", "3.2"]);
    assert_eq!(version.status.code(), Some(2));
    let help = sessionscope(&["export-test", "--help"]);
    assert!(String::from_utf8_lossy(&help.stdout).contains("-o, --output"));
}
