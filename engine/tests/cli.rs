//! The `sessionscope` binary, driven as a user would: real Django cookies and stored session
//! data from the conformance traces, Django's `dumps` vectors, and Django's traces, compared
//! with what the program prints.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value as Json;
use sessionscope_engine::session::DEFAULT_SECRET_KEY;

const SIGNED_COOKIE_SALT: &str = "django.contrib.sessions.backends.signed_cookies";
const STORE_SALT: &str = "django.contrib.sessions.SessionStore";

fn django_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance/django-5.2")
}

fn read_json(path: &Path) -> Json {
    let text = std::fs::read_to_string(path).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// Runs the binary with `args` (and `stdin`, if any).
fn sessionscope(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sessionscope"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut pipe = child.stdin.take().unwrap();
    if let Some(text) = stdin {
        pipe.write_all(text.as_bytes()).unwrap();
    }
    drop(pipe);
    child.wait_with_output().unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

fn code(output: &Output) -> i32 {
    output.status.code().unwrap()
}

/// The pretty JSON after the `data (...)` line of a decode report.
fn printed_data(report: &str) -> Json {
    let (_, after) = report.split_once("\ndata (").expect("a data section");
    let (_, json) = after.split_once('\n').unwrap();
    serde_json::from_str(json).unwrap()
}

/// The `i`-th step of a public scenario and of Django's trace for it.
fn django_step(name: &str, i: usize) -> (Json, Json) {
    let scenario = read_json(&django_dir().join("scenarios").join(name));
    let trace = read_json(&django_dir().join("traces").join(name));
    (scenario["steps"][i].clone(), trace["steps"][i].clone())
}

fn set_cookie_value(trace_step: &Json) -> String {
    trace_step["response"]["set_cookie"][0]["value"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[test]
fn decode_verifies_a_cookie_django_set_and_prints_its_data() {
    // Step 3 of cart_basic sets {"cart": {"p1": 2, "p2": 1}, "currency": "EUR"} over a cart.
    let (scenario_step, trace_step) = django_step("cart_basic__signed_cookies.json", 3);
    let cookie = set_cookie_value(&trace_step);
    let now = trace_step["now"].as_f64().unwrap();
    let later = (now + 60.0).to_string();
    let output = sessionscope(
        &[
            "decode",
            &cookie,
            "--key",
            DEFAULT_SECRET_KEY,
            "--time",
            &later,
        ],
        None,
    );
    let report = stdout(&output);
    assert_eq!(code(&output), 0, "{report}{}", stderr(&output));
    assert!(
        report.contains(&format!("verdict    valid: salt \"{SIGNED_COOKIE_SALT}\"")),
        "{report}"
    );
    assert!(
        report.contains("signed with SECRET_KEY, max_age 1209600"),
        "{report}"
    );
    assert!(report.contains("timestamp  1r31eq = 1700000000 = 2023-11-14 22:13:20 UTC (1 min ago)"));
    assert!(report.contains("compressed no"));
    assert_eq!(
        printed_data(&report),
        scenario_step["request"]["data"],
        "{report}"
    );
}

#[test]
fn decode_gives_django_s_other_verdicts_with_exit_code_1() {
    let (_, trace_step) = django_step("cart_basic__signed_cookies.json", 1);
    let cookie = set_cookie_value(&trace_step);
    let two_weeks_later = (1_700_000_000 + 1_209_600 + 30).to_string();
    let decode_later = |extra: &[&str]| {
        let mut args = vec!["decode", &cookie, "--key", DEFAULT_SECRET_KEY];
        args.extend(["--time", &two_weeks_later]);
        args.extend(extra);
        sessionscope(&args, None)
    };
    let expired = decode_later(&[]);
    assert_eq!(code(&expired), 1);
    let report = stdout(&expired);
    assert!(
        report.contains("SignatureExpired: older than max_age 1209600 s, 14 days"),
        "{report}"
    );
    assert!(
        report.contains("expired at 2023-11-28 22:13:20 UTC (30 s ago)"),
        "{report}"
    );

    let unlimited = decode_later(&["--max-age", "none"]);
    assert_eq!(code(&unlimited), 0, "{}", stdout(&unlimited));

    let wrong_key = sessionscope(&["decode", &cookie, "--key", "not the key"], None);
    assert_eq!(code(&wrong_key), 1);
    let report = stdout(&wrong_key);
    assert!(report.contains("BadSignature: Signature \""), "{report}");
    assert!(report.contains(&format!(
        "\"{SIGNED_COOKIE_SALT}\", \"{STORE_SALT}\", \"django.core.signing\""
    )));

    let malformed = sessionscope(&["decode", "not-a-cookie"], None);
    assert_eq!(code(&malformed), 1);
    assert!(stdout(&malformed).contains("verdict    malformed: no \":\""));
}

#[test]
fn decode_without_a_key_reads_the_data_and_says_it_is_not_verified() {
    let (scenario_step, trace_step) = django_step("cart_basic__signed_cookies.json", 1);
    let cookie = set_cookie_value(&trace_step);
    let output = sessionscope(&["decode", "-"], Some(&format!("{cookie}\n")));
    let report = stdout(&output);
    assert_eq!(code(&output), 0);
    assert!(report.contains("not verified: no --key given"), "{report}");
    assert_eq!(printed_data(&report), scenario_step["request"]["data"]);
}

#[test]
fn decode_names_the_fallback_key_after_a_rotation() {
    // cookie_attributes_and_rotation: the cookie of step 1 was signed before `rotate_secret`.
    let name = "cookie_attributes_and_rotation__signed_cookies.json";
    let scenario = read_json(&django_dir().join("scenarios").join(name));
    let rotated = scenario["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find_map(|step| step["rotate_secret"].as_str())
        .unwrap()
        .to_owned();
    let (_, trace_step) = django_step(name, 1);
    let cookie = set_cookie_value(&trace_step);
    let output = sessionscope(
        &[
            "decode",
            &cookie,
            "--key",
            &rotated,
            "--key",
            DEFAULT_SECRET_KEY,
            "--time",
            "1700000001",
        ],
        None,
    );
    assert_eq!(code(&output), 0, "{}", stdout(&output));
    assert!(stdout(&output).contains("signed with SECRET_KEY_FALLBACKS[0]"));
}

#[test]
fn decode_tells_stored_session_data_and_session_keys_apart() {
    let (scenario_step, trace_step) = django_step("cart_basic__db.json", 1);
    let row = &trace_step["store"]["db"][0];
    let session_data = row["session_data"].as_str().unwrap();
    let output = sessionscope(&["decode", session_data, "--key", DEFAULT_SECRET_KEY], None);
    let report = stdout(&output);
    assert_eq!(code(&output), 0, "{report}");
    assert!(
        report.contains(&format!("valid: salt \"{STORE_SALT}\"")) && report.contains("no max_age"),
        "{report}"
    );
    assert_eq!(printed_data(&report), scenario_step["request"]["data"]);

    let session_key = row["session_key"].as_str().unwrap();
    assert_eq!(set_cookie_value(&trace_step), session_key);
    let output = sessionscope(&["decode", session_key, "--key", DEFAULT_SECRET_KEY], None);
    assert_eq!(code(&output), 0);
    assert!(stdout(&output)
        .contains("kind       a session key of the db, cache, cached_db or file backend"));
}

#[test]
fn sign_reproduces_every_django_dumps_vector_byte_for_byte() {
    let vectors = read_json(&django_dir().join("vectors.json"));
    let mut checked = 0;
    for case in vectors["cases"].as_array().unwrap() {
        if case["op"] != "dumps" {
            continue;
        }
        let text = |field: &str| case[field].as_str().unwrap().to_owned();
        let time = case["timestamp"].as_i64().unwrap().to_string();
        let compress = if case["compress"].as_bool().unwrap() {
            "--compress"
        } else {
            "--no-compress"
        };
        let (json, key, salt) = (text("serialized"), text("secret_key"), text("salt"));
        let output = sessionscope(
            &[
                "sign", &json, "--key", &key, "--salt", &salt, compress, "--time", &time,
            ],
            None,
        );
        assert_eq!(code(&output), 0, "{}: {}", case["id"], stderr(&output));
        assert_eq!(
            stdout(&output),
            format!("{}\n", text("expected")),
            "{}",
            case["id"]
        );
        checked += 1;
    }
    assert_eq!(checked, 246);
}

#[test]
fn sign_defaults_to_what_the_signed_cookies_backend_sets() {
    let (scenario_step, trace_step) = django_step("cart_basic__signed_cookies.json", 1);
    let json = scenario_step["request"]["data"].to_string();
    let output = sessionscope(
        &[
            "sign",
            &json,
            "--key",
            DEFAULT_SECRET_KEY,
            "--time",
            "1700000000",
        ],
        None,
    );
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        format!("{}\n", set_cookie_value(&trace_step))
    );
}

/// Django's trace file without its `generator` object (which names Django's versions).
fn trace_text_without_generator(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let start = text.find("\n \"generator\": {").unwrap();
    let end = start + text[start..].find("\n },").unwrap() + "\n },".len();
    format!("{}{}", &text[..start], &text[end..])
}

#[test]
fn run_prints_django_s_traces_byte_for_byte() {
    let mut names: Vec<_> = std::fs::read_dir(django_dir().join("scenarios"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name())
        .collect();
    names.sort();
    assert!(!names.is_empty(), "no public scenarios found");
    for name in &names {
        let scenario = django_dir().join("scenarios").join(name);
        let output = sessionscope(&["run", scenario.to_str().unwrap()], None);
        assert_eq!(code(&output), 0, "{name:?}: {}", stderr(&output));
        let expected = trace_text_without_generator(&django_dir().join("traces").join(name));
        assert!(
            stdout(&output) == expected,
            "{name:?} differs from Django's trace"
        );
    }
}

#[test]
fn run_prints_the_topology_traces_byte_for_byte() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance/topology");
    let mut names: Vec<_> = std::fs::read_dir(dir.join("scenarios"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name())
        .collect();
    names.sort();
    assert!(!names.is_empty(), "no topology scenarios found");
    for name in &names {
        let scenario = dir.join("scenarios").join(name);
        let output = sessionscope(&["run", scenario.to_str().unwrap()], None);
        assert_eq!(code(&output), 0, "{name:?}: {}", stderr(&output));
        let expected = trace_text_without_generator(&dir.join("traces").join(name));
        assert!(
            stdout(&output) == expected,
            "{name:?} differs from Django's topology trace"
        );
    }
}

#[test]
fn run_reads_standard_input_and_reports_input_errors_with_exit_code_3() {
    let path = django_dir().join("scenarios/flush_and_reuse__cache.json");
    let text = std::fs::read_to_string(&path).unwrap();
    let from_stdin = sessionscope(&["run", "-"], Some(&text));
    let from_file = sessionscope(&["run", path.to_str().unwrap()], None);
    assert_eq!(code(&from_stdin), 0);
    assert_eq!(stdout(&from_stdin), stdout(&from_file));

    let missing = sessionscope(&["run", "/nonexistent/scenario.json"], None);
    assert_eq!(code(&missing), 3);
    assert!(
        stderr(&missing).starts_with("sessionscope run: cannot read /nonexistent/scenario.json")
    );

    let bad_json = sessionscope(&["run", "-"], Some("{\"name\": "));
    assert_eq!(code(&bad_json), 3);
    assert!(stderr(&bad_json).contains("not a valid scenario"));

    let bad_sign = sessionscope(&["sign", "{\"a\": 1", "--key", "k"], None);
    assert_eq!(code(&bad_sign), 3);
    assert!(stderr(&bad_sign).contains("JSON is not valid"));
}

#[test]
fn usage_errors_exit_with_2_and_one_line_on_stderr() {
    let cases: [&[&str]; 7] = [
        &[],
        &["frobnicate"],
        &["decode"],
        &["decode", "a", "b"],
        &["decode", "x", "--max-age", "soon"],
        &["sign", "{}"],
        &["sign", "{}", "--key", "k", "--compress", "--no-compress"],
    ];
    for args in cases {
        let output = sessionscope(args, None);
        assert_eq!(code(&output), 2, "{args:?}");
        let message = stderr(&output);
        assert_eq!(message.lines().count(), 1, "{args:?}: {message}");
        assert!(message.starts_with("sessionscope"), "{message}");
        assert!(stdout(&output).is_empty());
    }
}

#[test]
fn every_command_has_help() {
    for args in [
        &["--help"][..],
        &["help", "sign"],
        &["decode", "--help"],
        &["sign", "-h"],
        &["run", "--help"],
    ] {
        let output = sessionscope(args, None);
        assert_eq!(code(&output), 0, "{args:?}");
        assert!(stdout(&output).contains("Usage:"), "{args:?}");
    }
}

fn versions_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance/versions")
}

#[test]
fn run_prints_every_version_s_traces_byte_for_byte() {
    for dir in [
        versions_dir(),
        versions_dir().with_file_name("versions-extra"),
    ] {
        run_prints_traces_of(&dir);
    }
    let bad = sessionscope(&["run", "-", "--django", "5.0"], Some("{}"));
    assert_eq!(code(&bad), 2);
}

fn run_prints_traces_of(dir: &Path) {
    let mut names: Vec<_> = std::fs::read_dir(dir.join("scenarios"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name())
        .collect();
    names.sort();
    assert!(!names.is_empty(), "no scenarios in {}", dir.display());
    for version in ["4.2", "5.2", "6.0", "6.1"] {
        for name in &names {
            let scenario = dir.join("scenarios").join(name);
            let output = sessionscope(
                &["run", scenario.to_str().unwrap(), "--django", version],
                None,
            );
            assert_eq!(code(&output), 0, "{name:?}: {}", stderr(&output));
            let trace = dir.join(format!("traces/django-{version}")).join(name);
            let expected = trace_text_without_generator(&trace);
            assert!(
                stdout(&output) == expected,
                "{name:?} on {version} differs from Django's trace"
            );
        }
    }
}

/// The `signed_cookies` cookie Django 4.2 set with `PickleSerializer` (versions data).
fn django_4_2_pickle_cookie() -> String {
    let trace = read_json(
        &versions_dir().join("traces/django-4.2/v_pickle_serializer__signed_cookies.json"),
    );
    set_cookie_value(&trace["steps"][0])
}

#[test]
fn decode_reads_a_django_4_2_pickle_cookie_without_running_it() {
    let cookie = django_4_2_pickle_cookie();
    let output = sessionscope(
        &[
            "decode",
            &cookie,
            "--key",
            DEFAULT_SECRET_KEY,
            "--time",
            "1700000100",
        ],
        None,
    );
    // Django 5.x's signing.loads (JSONSerializer) cannot read a pickle: malformed, exit 1.
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    let report = stdout(&output);
    assert!(report.contains("format     pickle protocol 5"), "{report}");
    assert!(report.contains("Django 4.2 and earlier"), "{report}");
    assert!(report.contains("SHORT_BINUNICODE 'cart'"), "{report}");
    assert!(
        report.contains("verdict    malformed: the signature verifies but the payload is a pickle"),
        "{report}"
    );
    assert!(report.contains("Django 5.0 and later have no"), "{report}");
    assert_eq!(
        printed_data(&report),
        serde_json::json!({"cart": {"sku-1": 2}, "n": 1})
    );
}

#[test]
fn decode_refuses_a_forged_pickle_and_shows_what_it_would_run() {
    // A pickle that would run os.system("id") on load, signed like a 4.2 session cookie.
    let forged = sessionscope_engine::signing::dumps_bytes(
        b"\x80\x05\x95\x1d\x00\x00\x00\x00\x00\x00\x00\x8c\x02os\x94\x8c\x06system\x94\x93\x94\x8c\x02id\x94\x85\x94R\x94.",
        DEFAULT_SECRET_KEY,
        SIGNED_COOKIE_SALT,
        true,
        1_700_000_000.0,
    );
    let output = sessionscope(
        &[
            "decode",
            &forged,
            "--key",
            DEFAULT_SECRET_KEY,
            "--time",
            "1700000100",
        ],
        None,
    );
    assert_eq!(code(&output), 1, "{}", stdout(&output));
    let report = stdout(&output);
    assert!(report.contains("danger"), "{report}");
    assert!(report.contains("! "), "{report}");
    assert!(report.contains("STACK_GLOBAL"), "{report}");
    assert!(report.contains("REDUCE"), "{report}");
    assert!(report.contains("refused"), "{report}");
    let _ = STORE_SALT;
}

#[test]
fn render_writes_a_fragment_without_script_and_checks_its_options() {
    let scenario = django_dir().join("scenarios/cart_basic__db.json");
    let scenario = scenario.to_str().unwrap();
    let all = sessionscope(&["render", scenario], None);
    assert_eq!(code(&all), 0, "{}", stderr(&all));
    let html = stdout(&all);
    assert!(html.starts_with("<section class=\"sessionscope-static\" data-theme=\"auto\""));
    assert!(!html.contains("<script"));
    assert_eq!(html.matches("<li class=\"ss-step\"").count(), 10);
    let (_, trace_step) = django_step("cart_basic__db.json", 1);
    let output = trace_step["response"]["set_cookie"][0]["output"]
        .as_str()
        .unwrap();
    let header = format!("<code data-set-cookie>{output}</code>");
    assert!(html.contains(&header), "{header}");

    let out = std::env::temp_dir().join(format!("render-{}.html", std::process::id()));
    let out_text = out.to_str().unwrap();
    let one = sessionscope(
        &[
            "render", scenario, "--step", "2", "--theme", "dark", "-o", out_text,
        ],
        None,
    );
    assert_eq!(code(&one), 0, "{}", stderr(&one));
    assert!(stdout(&one).is_empty());
    let written = std::fs::read_to_string(&out).unwrap();
    std::fs::remove_file(&out).unwrap();
    assert!(written.contains("data-theme=\"dark\"") && written.contains("data-step=\"2\""));
    assert_eq!(written.matches("<li class=\"ss-step\"").count(), 1);

    for (args, why) in [
        (vec!["--step", "11"], "there is no step 11"),
        (vec!["--step", "0"], "--step wants a step number from 1"),
        (vec!["--theme", "purple"], "--theme"),
        (vec!["--django", "3.2"], "--django"),
        (vec!["--engine", "redis"], "--engine"),
        (vec!["--key-seed", "xyz"], "--key-seed"),
    ] {
        let mut words = vec!["render", scenario];
        words.extend(args);
        let output = sessionscope(&words, None);
        assert_eq!(code(&output), 2, "{words:?}");
        assert!(stderr(&output).contains(why), "{}", stderr(&output));
    }
    let missing = sessionscope(&["render", "no-such-file.json"], None);
    assert_eq!(code(&missing), 3);
}

#[test]
fn render_draws_the_playground_s_keys_from_a_key_seed() {
    let text = r#"{"engine": "db", "steps": [{"request": {"view": "set", "data": {"a": 1}}}]}"#;
    let plain = stdout(&sessionscope(&["render", "-"], Some(text)));
    assert!(plain.contains("sessionid=sess0000000000000000000000000001;"));
    let seeded = stdout(&sessionscope(
        &["render", "-", "--key-seed", "57071e5", "--engine", "file"],
        Some(text),
    ));
    let key = &sessionscope_engine::keys::seeded_keys(0x0570_71e5, 1)[0];
    assert!(seeded.contains(&format!("sessionid={key};")), "{seeded}");
    assert!(seeded.contains("data-engine=\"file\""));
}
