//! Every HAR the engine writes follows HAR 1.2 (<http://www.softwareishard.com/blog/har-12-spec/>):
//! a structural validator checks each object's required fields and their types, rejects
//! fields the spec does not define (custom ones must start with `_`), and checks the rules
//! between fields (`time` is the sum of the timings that are not `-1`; `send`, `wait`,
//! `receive` are not negative; `postData` has `text` or `params`, not both). Beyond the
//! structure: URLs are absolute, each response has a body whose size matches, entries follow
//! the scenario clock, and the headers are the trace's (`Cookie`, each `Set-Cookie`, `Vary`).
//!
//! Checked for every public conformance scenario (with the conformance jar, and again with
//! `browser_rules`) and for scenarios with cross-site requests and scripts.

use std::path::Path;

use serde_json::{Map, Value};
use sessionscope_engine::scenario::{self, har, Scenario, Trace};

type Checked = Result<(), String>;

fn object<'a>(value: &'a Value, at: &str) -> Result<&'a Map<String, Value>, String> {
    value
        .as_object()
        .ok_or_else(|| format!("{at}: not an object"))
}

#[derive(Clone, Copy)]
enum Kind {
    Str,
    Num,
    Bool,
    Obj,
    Arr,
    /// An object or `null` (cache entries).
    ObjOrNull,
}

impl Kind {
    fn matches(self, value: &Value) -> bool {
        match self {
            Kind::Str => value.is_string(),
            Kind::Num => value.is_number(),
            Kind::Bool => value.is_boolean(),
            Kind::Obj => value.is_object(),
            Kind::Arr => value.is_array(),
            Kind::ObjOrNull => value.is_object() || value.is_null(),
        }
    }
}

/// The fields of one HAR object: `(name, kind, required)`. Unknown fields must be custom.
fn fields(value: &Value, at: &str, spec: &[(&str, Kind, bool)]) -> Checked {
    let map = object(value, at)?;
    for (name, kind, required) in spec {
        match map.get(*name) {
            None if *required => return Err(format!("{at}.{name}: missing")),
            None => {}
            Some(v) if !kind.matches(v) => return Err(format!("{at}.{name}: wrong type {v}")),
            Some(_) => {}
        }
    }
    for key in map.keys() {
        if !key.starts_with('_') && !spec.iter().any(|(name, ..)| name == key) {
            return Err(format!(
                "{at}.{key}: not a HAR 1.2 field (custom fields start with _)"
            ));
        }
    }
    Ok(())
}

use Kind::*;

const COMMENT: (&str, Kind, bool) = ("comment", Str, false);

fn each(value: &Value, at: &str, check: impl Fn(&Value, &str) -> Checked) -> Checked {
    let items = value
        .as_array()
        .ok_or_else(|| format!("{at}: not an array"))?;
    for (i, item) in items.iter().enumerate() {
        check(item, &format!("{at}[{i}]"))?;
    }
    Ok(())
}

fn name_value(value: &Value, at: &str) -> Checked {
    fields(
        value,
        at,
        &[("name", Str, true), ("value", Str, true), COMMENT],
    )
}

fn cookie(value: &Value, at: &str) -> Checked {
    fields(
        value,
        at,
        &[
            ("name", Str, true),
            ("value", Str, true),
            ("path", Str, false),
            ("domain", Str, false),
            ("expires", Str, false),
            ("httpOnly", Bool, false),
            ("secure", Bool, false),
            COMMENT,
        ],
    )?;
    match value.get("expires").and_then(Value::as_str) {
        Some(date) if !is_iso_8601(date) => Err(format!("{at}.expires: not ISO 8601: {date}")),
        _ => Ok(()),
    }
}

/// `YYYY-MM-DDTHH:MM:SS[.fff…](Z|±HH:MM)`.
fn is_iso_8601(text: &str) -> bool {
    let bytes = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        bytes
            .get(range)
            .is_some_and(|b| b.iter().all(u8::is_ascii_digit))
    };
    let shape = digits(0..4)
        && bytes.get(4) == Some(&b'-')
        && digits(5..7)
        && bytes.get(7) == Some(&b'-')
        && digits(8..10)
        && bytes.get(10) == Some(&b'T')
        && digits(11..13)
        && bytes.get(13) == Some(&b':')
        && digits(14..16)
        && bytes.get(16) == Some(&b':')
        && digits(17..19);
    let rest = text.get(19..).unwrap_or_default();
    let rest = match rest.strip_prefix('.') {
        Some(fraction) => fraction.trim_start_matches(|c: char| c.is_ascii_digit()),
        None => rest,
    };
    shape && (rest == "Z" || (rest.len() == 6 && (rest.starts_with('+') || rest.starts_with('-'))))
}

fn post_data(value: &Value, at: &str) -> Checked {
    fields(
        value,
        at,
        &[
            ("mimeType", Str, true),
            ("params", Arr, false),
            ("text", Str, false),
            COMMENT,
        ],
    )?;
    let (params, text) = (value.get("params"), value.get("text"));
    if params.is_some() == text.is_some() {
        return Err(format!("{at}: needs text or params (mutually exclusive)"));
    }
    match params {
        Some(params) => each(params, &format!("{at}.params"), |p, at| {
            fields(
                p,
                at,
                &[
                    ("name", Str, true),
                    ("value", Str, false),
                    ("fileName", Str, false),
                    ("contentType", Str, false),
                    COMMENT,
                ],
            )
        }),
        None => Ok(()),
    }
}

fn request(value: &Value, at: &str) -> Checked {
    fields(
        value,
        at,
        &[
            ("method", Str, true),
            ("url", Str, true),
            ("httpVersion", Str, true),
            ("cookies", Arr, true),
            ("headers", Arr, true),
            ("queryString", Arr, true),
            ("postData", Obj, false),
            ("headersSize", Num, true),
            ("bodySize", Num, true),
            COMMENT,
        ],
    )?;
    each(&value["cookies"], &format!("{at}.cookies"), cookie)?;
    each(&value["headers"], &format!("{at}.headers"), name_value)?;
    each(
        &value["queryString"],
        &format!("{at}.queryString"),
        name_value,
    )?;
    if let Some(data) = value.get("postData") {
        post_data(data, &format!("{at}.postData"))?;
    }
    Ok(())
}

fn content(value: &Value, at: &str) -> Checked {
    fields(
        value,
        at,
        &[
            ("size", Num, true),
            ("compression", Num, false),
            ("mimeType", Str, true),
            ("text", Str, false),
            ("encoding", Str, false),
            COMMENT,
        ],
    )
}

fn response(value: &Value, at: &str) -> Checked {
    fields(
        value,
        at,
        &[
            ("status", Num, true),
            ("statusText", Str, true),
            ("httpVersion", Str, true),
            ("cookies", Arr, true),
            ("headers", Arr, true),
            ("content", Obj, true),
            ("redirectURL", Str, true),
            ("headersSize", Num, true),
            ("bodySize", Num, true),
            COMMENT,
        ],
    )?;
    each(&value["cookies"], &format!("{at}.cookies"), cookie)?;
    each(&value["headers"], &format!("{at}.headers"), name_value)?;
    content(&value["content"], &format!("{at}.content"))
}

fn cache(value: &Value, at: &str) -> Checked {
    fields(
        value,
        at,
        &[
            ("beforeRequest", ObjOrNull, false),
            ("afterRequest", ObjOrNull, false),
            COMMENT,
        ],
    )
}

fn timings(value: &Value, time: f64, at: &str) -> Checked {
    let phases = [
        "blocked", "dns", "connect", "send", "wait", "receive", "ssl",
    ];
    let mut spec: Vec<(&str, Kind, bool)> = phases
        .iter()
        .map(|p| (*p, Num, matches!(*p, "send" | "wait" | "receive")))
        .collect();
    spec.push(COMMENT);
    fields(value, at, &spec)?;
    let mut sum = 0.0;
    for phase in phases {
        let Some(ms) = value.get(phase).and_then(Value::as_f64) else {
            continue;
        };
        let floor = if matches!(phase, "send" | "wait" | "receive") {
            0.0
        } else {
            -1.0
        };
        if ms < floor {
            return Err(format!("{at}.{phase}: {ms} is below {floor}"));
        }
        if ms != -1.0 {
            sum += ms;
        }
    }
    if sum != time {
        return Err(format!(
            "{at}: the timings add up to {sum}, entry.time is {time}"
        ));
    }
    Ok(())
}

fn entry(value: &Value, at: &str) -> Checked {
    fields(
        value,
        at,
        &[
            ("pageref", Str, false),
            ("startedDateTime", Str, true),
            ("time", Num, true),
            ("request", Obj, true),
            ("response", Obj, true),
            ("cache", Obj, true),
            ("timings", Obj, true),
            ("serverIPAddress", Str, false),
            ("connection", Str, false),
            COMMENT,
        ],
    )?;
    let started = value["startedDateTime"].as_str().unwrap_or_default();
    if !is_iso_8601(started) {
        return Err(format!("{at}.startedDateTime: not ISO 8601: {started}"));
    }
    let time = value["time"].as_f64().unwrap_or(-1.0);
    if time < 0.0 {
        return Err(format!("{at}.time: negative"));
    }
    request(&value["request"], &format!("{at}.request"))?;
    response(&value["response"], &format!("{at}.response"))?;
    cache(&value["cache"], &format!("{at}.cache"))?;
    timings(&value["timings"], time, &format!("{at}.timings"))
}

/// The whole document against HAR 1.2.
fn validate_har(har: &Value) -> Checked {
    fields(har, "har", &[("log", Obj, true)])?;
    let log = &har["log"];
    fields(
        log,
        "log",
        &[
            ("version", Str, true),
            ("creator", Obj, true),
            ("browser", Obj, false),
            ("pages", Arr, false),
            ("entries", Arr, true),
            COMMENT,
        ],
    )?;
    if log["version"] != "1.2" {
        return Err(format!("log.version: {}", log["version"]));
    }
    let name_version = [("name", Str, true), ("version", Str, true), COMMENT];
    fields(&log["creator"], "log.creator", &name_version)?;
    if let Some(browser) = log.get("browser") {
        fields(browser, "log.browser", &name_version)?;
    }
    if let Some(pages) = log.get("pages") {
        each(pages, "log.pages", |page, at| {
            fields(
                page,
                at,
                &[
                    ("startedDateTime", Str, true),
                    ("id", Str, true),
                    ("title", Str, true),
                    ("pageTimings", Obj, true),
                    COMMENT,
                ],
            )
        })?;
    }
    each(&log["entries"], "log.entries", entry)
}

fn header<'a>(headers: &'a Value, name: &str) -> Vec<&'a str> {
    headers
        .as_array()
        .into_iter()
        .flatten()
        .filter(|h| h["name"] == name)
        .filter_map(|h| h["value"].as_str())
        .collect()
}

/// What the HAR must say about the trace beyond its structure.
fn check_against_trace(har: &Value, trace: &Trace) -> Checked {
    let entries = har["log"]["entries"].as_array().ok_or("no entries")?;
    // A request step's exchange, or each of a concurrent step's, in label order.
    let requests: Vec<_> = trace
        .steps
        .iter()
        .flat_map(|step| {
            let exchanges: Vec<_> = match &step.concurrent {
                Some(concurrent) => concurrent
                    .requests
                    .iter()
                    .map(|(label, sent, got)| (step, Some(label.as_str()), sent, got))
                    .collect(),
                None => step
                    .request
                    .iter()
                    .zip(&step.response)
                    .map(|(sent, got)| (step, None, sent, got))
                    .collect(),
            };
            exchanges
        })
        .collect();
    if entries.len() != requests.len() {
        return Err(format!(
            "{} entries for {} requests",
            entries.len(),
            requests.len()
        ));
    }
    let mut previous = String::new();
    for (entry, (step, label, sent, got)) in entries.iter().zip(requests) {
        let at = format!("step {}", step.index);
        let url = entry["request"]["url"].as_str().unwrap_or_default();
        if !(url.starts_with("http://") || url.starts_with("https://")) || url != sent.url {
            return Err(format!("{at}: url {url}"));
        }
        let started = entry["startedDateTime"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        if started != scenario::iso_utc(step.now) || started < previous {
            return Err(format!("{at}: startedDateTime {started}"));
        }
        previous = started;
        let cookie = header(&entry["request"]["headers"], "Cookie");
        if cookie
            != sent
                .cookie_header
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>()
        {
            return Err(format!("{at}: Cookie {cookie:?}"));
        }
        let headers = &entry["response"]["headers"];
        let set_cookie: Vec<&str> = got.set_cookies.iter().map(|c| c.output.as_str()).collect();
        if header(headers, "Set-Cookie") != set_cookie {
            return Err(format!(
                "{at}: Set-Cookie {:?}",
                header(headers, "Set-Cookie")
            ));
        }
        if header(headers, "Vary") != got.vary.iter().map(String::as_str).collect::<Vec<_>>() {
            return Err(format!("{at}: Vary"));
        }
        if entry["response"]["cookies"].as_array().map(Vec::len) != Some(set_cookie.len()) {
            return Err(format!("{at}: response cookies"));
        }
        let content = &entry["response"]["content"];
        let text = content["text"].as_str().ok_or(format!("{at}: no body"))?;
        let size = text.len().to_string();
        if text.is_empty()
            || content["size"].as_u64() != Some(text.len() as u64)
            || entry["response"]["bodySize"] != content["size"]
            || header(headers, "Content-Length") != [size.as_str()]
            || header(headers, "Content-Type") != [content["mimeType"].as_str().unwrap_or("?")]
            || header(headers, "Date").len() != 1
        {
            return Err(format!("{at}: body, sizes or content headers"));
        }
        if entry["response"]["status"] != got.status {
            return Err(format!("{at}: status"));
        }
        let custom = &entry["_sessionscope"];
        if custom["step"] != step.index || custom["browser"] != sent.browser.as_str() {
            return Err(format!("{at}: _sessionscope {custom}"));
        }
        if custom.get("label").and_then(Value::as_str) != label
            || custom.get("instance").and_then(Value::as_str) != sent.instance.as_deref()
        {
            return Err(format!("{at}: label or instance {custom}"));
        }
        if sent.not_sent.is_some() != custom.get("not_sent").is_some() {
            return Err(format!("{at}: verdicts present for rules browsers only"));
        }
    }
    Ok(())
}

fn check(trace: &Trace) {
    let text = har(trace);
    let value: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
    if let Err(why) = validate_har(&value).and_then(|()| check_against_trace(&value, trace)) {
        panic!("{}: {why}", trace.scenario);
    }
}

#[test]
fn every_topology_scenario_exports_a_valid_har_with_each_concurrent_request() {
    let scenarios = scenarios_in(&["topology/scenarios"]);
    assert_eq!(scenarios.len(), 29);
    for scenario in &scenarios {
        check(&scenario::run(scenario));
    }
}

fn public_scenarios() -> Vec<Scenario> {
    scenarios_in(&["django-5.2/scenarios", "extra/scenarios"])
}

fn scenarios_in(dirs: &[&str]) -> Vec<Scenario> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance");
    let mut scenarios = Vec::new();
    for dir in dirs {
        let mut paths: Vec<_> = std::fs::read_dir(root.join(dir))
            .map(|entries| entries.flatten().map(|e| e.path()).collect())
            .unwrap_or_default();
        paths.sort();
        for path in paths
            .iter()
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
        {
            let text = std::fs::read_to_string(path).unwrap();
            scenarios.push(Scenario::from_json(&text).unwrap());
        }
    }
    scenarios
}

#[test]
fn every_conformance_scenario_exports_a_valid_har() {
    let scenarios = public_scenarios();
    assert!(scenarios.len() >= 25);
    for scenario in &scenarios {
        check(&scenario::run(scenario));
        let mut with_rules = scenario.clone();
        with_rules.browser_rules = Some(Default::default());
        check(&scenario::run(&with_rules));
    }
}

#[test]
fn cross_site_requests_and_scripts_export_a_valid_har() {
    let scenario = Scenario::from_json(
        r#"{"name": "cross-site", "engine": "cached_db", "browser_rules": "chromium",
        "origin": "https://shop.test:8443", "start_time": 1700000000.125,
        "steps": [
          {"request": {"view": "set", "data": {"cart": ["é", "book"]}, "path": "/cart/?item=1&q"}},
          {"script": {"write": ["theme=dark"]}},
          {"request": {"view": "items", "kind": "form-post", "from": "https://pay.other.test/"}},
          {"request": {"view": "items", "kind": "img", "from": "https://pay.other.test/"}},
          {"advance": 0.5},
          {"request": {"view": "flush", "status": 500}},
          {"fault": "db_table_missing"},
          {"request": {"view": "set", "data": {"a": 1}}}
        ]}"#,
    )
    .unwrap();
    let trace = scenario::run(&scenario);
    check(&trace);
    let value: Value = serde_json::from_str(&har(&trace)).unwrap();
    let entries = value["log"]["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 5);
    assert_eq!(entries[0]["startedDateTime"], "2023-11-14T22:13:20.125Z");
    assert_eq!(
        entries[0]["request"]["url"],
        "https://shop.test:8443/cart/?item=1&q"
    );
    assert_eq!(entries[0]["request"]["queryString"][0]["value"], "1");
    assert_eq!(entries[1]["request"]["method"], "POST");
    assert_eq!(
        entries[1]["request"]["postData"]["mimeType"],
        "application/x-www-form-urlencoded"
    );
    assert_eq!(
        entries[1]["_sessionscope"]["not_sent"][0]["reasons"][0],
        "SchemefulSameSiteLax"
    );
    assert_eq!(entries[3]["startedDateTime"], "2023-11-14T22:13:20.625Z");
    assert_eq!(entries[3]["response"]["status"], 500);
    assert_eq!(
        entries[3]["response"]["content"]["mimeType"],
        "application/json"
    );
    let failed = &entries[4]["response"];
    assert_eq!(
        (failed["status"].as_u64(), failed["statusText"].as_str()),
        (Some(500), Some("Internal Server Error"))
    );
    assert!(failed["content"]["text"]
        .as_str()
        .unwrap()
        .contains("<h1>Server Error (500)</h1>"));
    assert_eq!(value["log"]["creator"]["name"], "Sessionscope");
}

/// A way to break a valid HAR, and its name.
type Breakage = (&'static str, fn(&mut Value));

#[test]
fn the_validator_rejects_what_har_forbids() {
    let scenario = Scenario::from_json(
        r#"{"name": "v", "engine": "db", "steps": [{"request": {"view": "set", "data": {"a": 1}}}]}"#,
    )
    .unwrap();
    let good: Value = serde_json::from_str(&har(&scenario::run(&scenario))).unwrap();
    assert_eq!(validate_har(&good), Ok(()));
    let breakages: [Breakage; 6] = [
        ("missing field", |h| {
            h["log"]["entries"][0]["response"]
                .as_object_mut()
                .unwrap()
                .remove("redirectURL");
        }),
        ("wrong type", |h| {
            h["log"]["entries"][0]["time"] = "0".into()
        }),
        ("unknown field", |h| {
            h["log"]["entries"][0]["request"]["sameSite"] = "Lax".into()
        }),
        ("timings", |h| {
            h["log"]["entries"][0]["timings"]["wait"] = 5.into()
        }),
        ("date", |h| {
            h["log"]["entries"][0]["startedDateTime"] = "yesterday".into()
        }),
        ("postData", |h| {
            h["log"]["entries"][0]["request"]["postData"] =
                serde_json::json!({"mimeType": "x", "text": "", "params": []});
        }),
    ];
    for (what, breakage) in breakages {
        let mut broken = good.clone();
        breakage(&mut broken);
        assert!(validate_har(&broken).is_err(), "{what}");
    }
}
