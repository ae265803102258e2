//! `sessionscope decode` on every input form: a Cookie header with other cookies, a
//! Set-Cookie line, a curl command, a HAR file (the engine's HAR of Django's login/logout
//! story, and the same HAR saved without cookies), a JWT, a Flask cookie, a value cut short.
//! The verdicts themselves are checked against real Django by `tests/decoder.rs`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use sessionscope_engine::scenario::{self, har, Scenario};
use sessionscope_engine::session::DEFAULT_SECRET_KEY;

fn sessionscope(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sessionscope"))
        .args(args)
        .output()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

fn scenario_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/conformance/django-5.2/scenarios")
        .join(name)
}

/// The HAR of a public scenario, written where the binary can read it.
fn har_file(name: &str, tag: &str, edit: impl Fn(String) -> String) -> PathBuf {
    let text = std::fs::read_to_string(scenario_path(name)).unwrap();
    let trace = scenario::run(&Scenario::from_json(&text).unwrap());
    let path = std::env::temp_dir().join(format!(
        "sessionscope-decode-{}-{tag}-{name}.har",
        std::process::id()
    ));
    std::fs::write(&path, edit(har(&trace))).unwrap();
    path
}

/// The `#N time request → status: kind` lines of a HAR report.
fn event_kinds(report: &str) -> Vec<String> {
    report
        .lines()
        .filter(|l| l.starts_with('#'))
        .map(|l| l.rsplit(": ").next().unwrap().to_owned())
        .collect()
}

#[test]
fn a_har_of_login_and_logout_is_told_as_a_timeline() {
    for engine in ["signed_cookies", "db"] {
        let path = har_file(&format!("login_logout__{engine}.json"), "story", |t| t);
        let output = sessionscope(&[
            "decode",
            "--har",
            path.to_str().unwrap(),
            "--key",
            DEFAULT_SECRET_KEY,
        ]);
        let report = stdout(&output);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{engine}: {report}{}",
            stderr(&output)
        );
        let kinds = event_kinds(&report);
        assert_eq!(
            kinds.first().map(String::as_str),
            Some("created"),
            "{engine}: {kinds:?}"
        );
        assert!(
            kinds.iter().any(|k| k == "rotated by login()"),
            "{engine}: {kinds:?}"
        );
        assert_eq!(
            kinds.last().map(String::as_str),
            Some("deleted"),
            "{engine}: {kinds:?}"
        );
        assert!(
            report.contains("har        8 requests; the cookie sessionid"),
            "{report}"
        );
        if engine == "signed_cookies" {
            assert!(report.contains("_auth_user_id"), "{report}");
            assert!(report.contains("verdict    valid"), "{report}");
        } else {
            assert!(report.contains("a session key of the db"), "{report}");
        }
        let json = sessionscope(&[
            "decode",
            "--har",
            path.to_str().unwrap(),
            "--key",
            DEFAULT_SECRET_KEY,
            "--json",
        ]);
        let lines: Vec<serde_json::Value> = stdout(&json)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        let valued = kinds
            .iter()
            .filter(|k| *k != "deleted" && *k != "expired")
            .count();
        assert_eq!(lines.len(), valued, "{engine}: one object per value");
        if engine == "signed_cookies" {
            assert!(lines.iter().all(|l| l["verdict"] == "valid"), "{lines:?}");
        }
        std::fs::remove_file(path).unwrap();
    }
}

#[test]
fn a_har_saved_without_cookies_says_how_to_save_one_with_them() {
    let path = har_file("login_logout__db.json", "sanitized", |text| {
        let mut har: serde_json::Value = serde_json::from_str(&text).unwrap();
        for entry in har["log"]["entries"].as_array_mut().unwrap() {
            for side in ["request", "response"] {
                entry[side]["cookies"] = serde_json::json!([]);
                let headers = entry[side]["headers"].as_array_mut().unwrap();
                headers.retain(|h| {
                    let name = h["name"].as_str().unwrap().to_ascii_lowercase();
                    name != "cookie" && name != "set-cookie"
                });
            }
        }
        har.to_string()
    });
    let output = sessionscope(&["decode", "--har", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(3));
    let message = stderr(&output);
    assert!(
        message.contains("saved without sensitive data"),
        "{message}"
    );
    assert!(
        message.contains("Export HAR (with sensitive data)"),
        "{message}"
    );
    std::fs::remove_file(path).unwrap();
}

const KEY: &str = "django-insecure-ujz^de8gx@d6ncf10epf91d!ho%%@d!@zdoc9is0j8h!t9*lg@";
/// Django 5.2's signed_cookies cookie, signed at 1760000000 (the shared decoder examples).
const COOKIE: &str = "eyJhIjoxfQ%3A1v6mOm%3AfihpYHBK_p9s0yHnl72HH4jrvTvdx3c4mySUZr-_D1A";
const VALID: &str = "eyJjYXJ0Ijp7InAxIjoyLCJwMTciOjF9LCJjdXJyZW5jeSI6IkVVUiIsInRvdGFsIjoxOS45OX0:1v6mOm:lF8LE01m5NLS94neke_zJYShobkb-NW9gdNyJ5rELOc";

#[test]
fn a_cookie_header_and_a_curl_command_name_the_other_cookies() {
    let header = format!("Cookie: csrftoken=abc; sessionid={VALID}; _ga=GA1.2.3");
    let curl = format!("curl 'https://shop.example/' \\\n  -H 'accept: */*' \\\n  -b 'csrftoken=abc; sessionid={VALID}; _ga=GA1.2.3'");
    for text in [header, curl] {
        let output = sessionscope(&["decode", &text, "--key", KEY, "--time", "1760008040"]);
        let report = stdout(&output);
        assert_eq!(output.status.code(), Some(0), "{report}");
        assert!(
            report.contains("others     also in the header: csrftoken, _ga"),
            "{report}"
        );
        assert!(report.contains("(2 h 14 min ago)"), "{report}");
    }
    let missing = sessionscope(&["decode", "Cookie: a=1; b=2", "--key", KEY]);
    assert_eq!(missing.status.code(), Some(3));
    assert!(stderr(&missing).contains("no cookie named sessionid"));
}

#[test]
fn keys_may_follow_one_key_option() {
    let output = sessionscope(&[
        "decode",
        VALID,
        "--key",
        "new-key",
        "other",
        KEY,
        "--time",
        "1760000060",
        "--json",
    ]);
    let object: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(object["verdict"], "valid_with_fallback");
    assert_eq!(object["key"], "SECRET_KEY_FALLBACKS[1]");
    let before = sessionscope(&["decode", "--key", KEY, "x", VALID]);
    assert_eq!(before.status.code(), Some(2));
    assert!(
        stderr(&before).contains("put COOKIE before --key"),
        "{}",
        stderr(&before)
    );
    let no_key = sessionscope(&["decode", VALID, "--json"]);
    assert_eq!(no_key.status.code(), Some(2));
}

#[test]
fn jwts_flask_cookies_and_cut_values_are_named() {
    let jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI0MiIsImlhdCI6MTc2MDAwMDAwMH0.8r5Jp24K-DN1XUQDpAcqQ9dh9fNGiGvrE0jJjE0GZA0";
    let report = stdout(&sessionscope(&[
        "decode",
        jwt,
        "--key",
        KEY,
        "--time",
        "1760000060",
    ]));
    assert!(
        report.contains("verdict    not Django: a JSON Web Token"),
        "{report}"
    );
    assert!(
        report.contains("iat        issued 2025-10-09 08:53:20 UTC, 1 min ago"),
        "{report}"
    );
    let flask = "session=.eJyrVsrILC7JL6pUsopW0k9U0lHSTwIRySBilIuLG1sLAPEgQVE.aOd4AA.hiUx1zJzMiqwso4K-xG8sdnma_4";
    let report = stdout(&sessionscope(&[
        "decode",
        flask,
        "--key",
        KEY,
        "--cookie-name",
        "session",
        "--time",
        "1760000060",
    ]));
    assert!(report.contains("a Flask session cookie"), "{report}");
    let cut = &VALID[..VALID.len() - 10];
    let output = sessionscope(&["decode", cut, "--key", KEY]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stdout(&output).contains("the value was cut short"),
        "{}",
        stdout(&output)
    );
    let sha1 = "eyJ1aWQiOjd9:1mzGuu:DddcBZ8LoLcFs2aPaqnUPokEYnk";
    let report = stdout(&sessionscope(&[
        "decode",
        sha1,
        "--key",
        KEY,
        "--time",
        "1640000005",
    ]));
    assert!(report.contains("verdict    legacy SHA-1"), "{report}");
    let encoded = stdout(&sessionscope(&["decode", COOKIE, "--key", KEY]));
    assert!(
        encoded.contains("input      a URL-encoded value"),
        "{encoded}"
    );
}
