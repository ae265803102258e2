//! Replays the cookie cases recorded from real browsers (`tests/browser-rules/cases.json`,
//! `tests/browser-rules/extra/cases.json` and `tests/browser-rules/firefox/cases.json`, and
//! every `cases.json` under `$SESSIONSCOPE_BROWSER_RULES_DIR`) through the engine's
//! rule-following browser with the profile the file's `browser` field names (Chromium or
//! Firefox), as `tests/browser-rules/README.md` ("Replaying a case") specifies, and compares
//! per step: the `Cookie` header (order included), `document.cookie`, the whole jar
//! (partitions included), and the browser's own reasons: Chromium's for every cookie it did
//! not send and every line it refused, Firefox's console message for every line (or script
//! write) it refused with one.
//!
//! Prints `browser-rules: N passed, M failed` (each failure named by case id, step and the
//! first field that differs) and fails if M > 0.

use std::path::{Path, PathBuf};

#[path = "support/case_files.rs"]
mod case_files;

use serde_json::{json, Value};
use sessionscope_engine::browser::rules::{
    Browser, BrowserProfile, BrowserSettings, Cookie, RequestContext, RequestKind,
    SetCookieOutcome, ThirdPartyCookies, Url,
};

/// Every replay starts here (2025-11-24T16:00:00Z); absolute `expires` dates in the data are
/// either long past or beyond the 400-day cap, so any recent instant works.
const START: f64 = 1_764_000_000.0;

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser-rules")
}

/// `cases.json` files: ours, `extra/`, `firefox/`, then everything under the environment's
/// folder.
fn case_files() -> Vec<PathBuf> {
    let mut files = vec![data_dir().join("cases.json")];
    for folder in ["extra", "firefox"] {
        let file = data_dir().join(folder).join("cases.json");
        if file.is_file() {
            files.push(file);
        }
    }
    if let Ok(dir) = std::env::var("SESSIONSCOPE_BROWSER_RULES_DIR") {
        collect_case_files(Path::new(&dir), &mut files);
    }
    files
}

fn collect_case_files(dir: &Path, files: &mut Vec<PathBuf>) {
    case_files::collect(dir, files, &|path| {
        path.file_name().is_some_and(|n| n == "cases.json")
    });
}

/// A difference: the step, the field, what Chromium did and what the engine did.
struct Mismatch {
    step: usize,
    field: String,
    expected: Value,
    got: Value,
}

fn check(step: usize, field: &str, expected: Value, got: Value) -> Result<(), Mismatch> {
    if expected == got {
        Ok(())
    } else {
        Err(Mismatch {
            step,
            field: field.to_string(),
            expected,
            got,
        })
    }
}

/// The browser a file's `browser` field names (`Chromium 156.0.8078.108`, `Firefox
/// 153.8.0esr`).
fn browser_of(data: &Value) -> Option<BrowserProfile> {
    let name = data["browser"].as_str()?;
    BrowserProfile::ALL
        .into_iter()
        .find(|profile| name.starts_with(profile.label()))
}

/// The settings of a recorded context profile: the browser's defaults, or third-party
/// cookies allowed (no blocking, no partitioning).
fn settings_for(browser: BrowserProfile, profile: &str) -> Option<BrowserSettings> {
    let defaults = BrowserSettings::of(browser);
    match profile {
        "default" | "persistent-default" => Some(defaults),
        "third-party-cookies-allowed" => Some(BrowserSettings {
            third_party_cookies: ThirdPartyCookies::Allowed,
            ..defaults
        }),
        _ => None,
    }
}

/// The per-step object of the browser's own observations (`chromium`, `firefox`).
fn own(observation: &Value, browser: BrowserProfile) -> &Value {
    &observation[browser.name()]
}

fn parse_url(step: usize, text: &str) -> Result<Url, Mismatch> {
    Url::parse(text).map_err(|error| Mismatch {
        step,
        field: "url".into(),
        expected: json!(text),
        got: json!(error.to_string()),
    })
}

/// The request a step makes: `script` is a navigation followed by script.
fn request_for(index: usize, step: &Value) -> Result<RequestContext, Mismatch> {
    let url = parse_url(index, step["url"].as_str().unwrap_or_default())?;
    let kind_name = step["kind"].as_str().unwrap_or_default();
    if kind_name == "script" {
        return Ok(RequestContext::navigate(url));
    }
    let kind = RequestKind::from_name(kind_name).ok_or_else(|| Mismatch {
        step: index,
        field: "kind".into(),
        expected: json!(kind_name),
        got: json!("a kind the engine knows"),
    })?;
    let from = match step["from"].as_str() {
        Some(from) => Some(parse_url(index, from)?),
        None => None,
    };
    Ok(RequestContext::new(kind, url, from))
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|v| v.as_str())
                .map(String::from)
                .collect()
        })
        .unwrap_or_default()
}

/// `cookies_not_sent` as `{name, domain, path, reasons}`, sorted like the recording.
fn sorted_not_sent(mut entries: Vec<Value>) -> Value {
    let key = |v: &Value| {
        ["name", "domain", "path"].map(|field| v[field].as_str().unwrap_or_default().to_string())
    };
    entries.sort_by_key(key);
    Value::Array(entries)
}

fn expected_not_sent(observation: &Value) -> Value {
    let entries = own(observation, BrowserProfile::Chromium)["cookies_not_sent"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .map(|e| json!({"name": e["name"], "domain": e["domain"], "path": e["path"], "reasons": e["reasons"]}))
        .collect();
    sorted_not_sent(entries)
}

/// A jar entry as the recording writes it; `ttl_s` from the step's start, to the minute;
/// `partitionKey` only for a partitioned cookie.
fn jar_entry(cookie: &Cookie, step_start: f64) -> Value {
    let ttl = cookie
        .expires_at
        .map(|at| (((at - step_start) / 60.0).round() * 60.0) as i64);
    let mut entry = json!({
        "name": cookie.name,
        "value": cookie.value,
        "domain": cookie.domain.display(),
        "hostOnly": cookie.domain.host_only,
        "path": cookie.path,
        "secure": cookie.secure,
        "httpOnly": cookie.http_only,
        "sameSite": cookie.same_site.as_str(),
        "session": cookie.is_session(),
        "ttl_s": ttl,
        "sourceScheme": cookie.source_scheme.as_str(),
    });
    if let Some(partition) = cookie.partition_text() {
        entry["partitionKey"] = json!(partition);
    }
    entry
}

fn jar_key(entry: &Value) -> [String; 4] {
    ["domain", "path", "name", "partitionKey"]
        .map(|f| entry[f].as_str().unwrap_or_default().to_string())
}

/// Compares whole jars, naming the first field that differs (`jar[sid].sameSite`).
fn check_jar(
    index: usize,
    expected: &Value,
    browser: &Browser,
    step_start: f64,
) -> Result<(), Mismatch> {
    let mut want: Vec<Value> = expected.as_array().cloned().unwrap_or_default();
    let mut got: Vec<Value> = browser
        .cookies()
        .into_iter()
        .map(|c| jar_entry(c, step_start))
        .collect();
    want.sort_by_key(jar_key);
    got.sort_by_key(jar_key);
    let names = |jar: &[Value]| json!(jar.iter().map(|c| c["name"].clone()).collect::<Vec<_>>());
    check(index, "jar (names)", names(&want), names(&got))?;
    for (want, got) in want.iter().zip(&got) {
        let label = format!("jar[{}]", want["name"].as_str().unwrap_or_default());
        let fields = want
            .as_object()
            .into_iter()
            .chain(got.as_object())
            .flatten();
        for (field, _) in fields {
            check(
                index,
                &format!("{label}.{field}"),
                want[field].clone(),
                got[field].clone(),
            )?;
        }
    }
    Ok(())
}

/// The refused lines as the recording lists them: Chromium's every reason
/// (`{index, reasons}`), or Firefox's console message (`{index, reasons: [key], messages}`)
/// for each line it logged one for.
fn rejected(outcomes: &[SetCookieOutcome], browser: BrowserProfile) -> Value {
    let entries = outcomes.iter().enumerate().filter_map(|(i, outcome)| {
        let SetCookieOutcome::Refused(refusal) = outcome else {
            return None;
        };
        match browser {
            BrowserProfile::Chromium => {
                let reasons: Vec<_> = refusal.reasons.iter().map(|r| r.cdp_name()).collect();
                Some(json!({"index": i, "reasons": reasons}))
            }
            BrowserProfile::Firefox => refusal.console.as_ref().map(
                |message| json!({"index": i, "reasons": [message.key], "messages": [message.text]}),
            ),
        }
    });
    Value::Array(entries.collect())
}

/// Compares the refused `Set-Cookie` lines (`set_cookie_rejected`) or script writes
/// (`write_rejected`, Firefox only), where the recording has them.
fn check_rejected(
    index: usize,
    observation: &Value,
    browser: BrowserProfile,
    field: &str,
    outcomes: &[SetCookieOutcome],
) -> Result<(), Mismatch> {
    let Some(expected) = own(observation, browser).get(field) else {
        return Ok(());
    };
    check(index, field, expected.clone(), rejected(outcomes, browser))
}

/// Compares the `Cookie` header and, from Chromium (Firefox gives none), the reasons for
/// every cookie not sent.
fn check_request(
    index: usize,
    observation: &Value,
    browser: &mut Browser,
    request: &RequestContext,
) -> Result<(), Mismatch> {
    let cookies = browser.cookies_for(request);
    check(
        index,
        "cookie_header",
        observation["cookie_header"].clone(),
        json!(cookies.header),
    )?;
    let profile = browser.settings().profile;
    if profile != BrowserProfile::Chromium
        || own(observation, profile)["unavailable"] == json!(true)
    {
        return Ok(());
    }
    let not_sent = cookies
        .not_sent
        .iter()
        .map(|n| {
            let reasons: Vec<_> = n.reasons.iter().map(|r| r.cdp_name()).collect();
            json!({"name": n.cookie.name, "domain": n.cookie.domain.display(), "path": n.cookie.path, "reasons": reasons})
        })
        .collect();
    check_not_sent(
        index,
        &expected_not_sent(observation),
        &sorted_not_sent(not_sent),
    )
}

/// Compares the cookies kept back: which ones first, then each one's reasons.
fn check_not_sent(index: usize, expected: &Value, got: &Value) -> Result<(), Mismatch> {
    let slots = |list: &Value| {
        let entries = list.as_array().cloned().unwrap_or_default();
        json!(entries
            .iter()
            .map(|e| format!("{} ({} {})", e["name"], e["domain"], e["path"]))
            .collect::<Vec<_>>())
    };
    check(index, "cookies_not_sent", slots(expected), slots(got))?;
    let pairs = expected
        .as_array()
        .into_iter()
        .flatten()
        .zip(got.as_array().into_iter().flatten());
    for (want, have) in pairs {
        let field = format!(
            "cookies_not_sent[{}].reasons",
            want["name"].as_str().unwrap_or_default()
        );
        check(
            index,
            &field,
            want["reasons"].clone(),
            have["reasons"].clone(),
        )?;
    }
    Ok(())
}

/// Replays one case in `browser`; the first difference, if any.
fn replay(case: &Value, browser_profile: BrowserProfile) -> Result<(), Mismatch> {
    let profile = case["inputs"]["profile"].as_str().unwrap_or("default");
    let settings = settings_for(browser_profile, profile).ok_or_else(|| Mismatch {
        step: 0,
        field: "profile".into(),
        expected: json!(profile),
        got: json!("a profile the engine knows"),
    })?;
    let steps = case["inputs"]["steps"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let observations = case["outcome"]["steps"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    check(
        0,
        "number of steps",
        json!(steps.len()),
        json!(observations.len()),
    )?;
    let mut browser = Browser::new(settings, START);
    let mut first_stored: Option<f64> = None;
    for (index, (step, observation)) in steps.iter().zip(&observations).enumerate() {
        if let Some(min_age) = step["min_age_s"].as_f64() {
            let ready = first_stored.unwrap_or(START) + min_age;
            browser.set_now(browser.now().max(ready));
        }
        let step_start = browser.now();
        let request = request_for(index, step)?;
        if observation["request_seen"] == json!(false) {
            continue;
        }
        check_request(index, observation, &mut browser, &request)?;
        let lines = strings(&step["set_cookie"]);
        let outcomes = browser.store_from_response(&request, &lines);
        check_rejected(
            index,
            observation,
            browser_profile,
            "set_cookie_rejected",
            &outcomes,
        )?;
        let written: Vec<SetCookieOutcome> = strings(&step["write"])
            .iter()
            .map(|write| browser.script_write(&request.url, write))
            .collect();
        check_rejected(
            index,
            observation,
            browser_profile,
            "write_rejected",
            &written,
        )?;
        if first_stored.is_none() && !browser.cookies().is_empty() {
            first_stored = Some(step_start);
        }
        if step["kind"] == json!("script") {
            let shown = browser.document_cookie(&request.url);
            check(
                index,
                "document_cookie",
                observation["document_cookie"].clone(),
                json!(shown),
            )?;
        }
        if let Some(jar) = observation.get("jar") {
            check_jar(index, jar, &browser, step_start)?;
        }
    }
    Ok(())
}

/// A value for a failure line, cut to 300 characters (some values are 4 KB long).
fn shorten(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(300) {
        Some((cut, _)) => format!("{}… ({} chars)", &text[..cut], text.chars().count()),
        None => text,
    }
}

#[test]
fn browser_rules_match_real_browsers() {
    let (mut passed, mut failed) = (0usize, 0usize);
    for file in case_files() {
        let text = std::fs::read_to_string(&file)
            .unwrap_or_else(|error| panic!("cannot read {}: {error}", file.display()));
        let data: Value = serde_json::from_str(&text)
            .unwrap_or_else(|error| panic!("{} is not JSON: {error}", file.display()));
        let cases = data["cases"].as_array().cloned().unwrap_or_default();
        assert!(!cases.is_empty(), "{} holds no cases", file.display());
        let browser = browser_of(&data).unwrap_or_else(|| {
            panic!(
                "{}: \"browser\" names neither Chromium nor Firefox: {}",
                file.display(),
                data["browser"]
            )
        });
        for case in &cases {
            let id = case["id"].as_str().unwrap_or("<no id>");
            match replay(case, browser) {
                Ok(()) => passed += 1,
                Err(m) => {
                    failed += 1;
                    println!(
                        "FAIL {} {id} step {}: {}: expected {}, got {}",
                        browser.label(),
                        m.step,
                        m.field,
                        shorten(&m.expected),
                        shorten(&m.got)
                    );
                }
            }
        }
    }
    println!("browser-rules: {passed} passed, {failed} failed");
    assert!(passed > 0, "no case was replayed");
    assert_eq!(
        failed, 0,
        "{failed} browser-rules case(s) differ from the recorded browser"
    );
}
