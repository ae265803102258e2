//! Scenarios people hit in real life, run with a browser that applies Chromium's cookie rules
//! (`"browser_rules": "chromium"`, or `"firefox"` where the two differ): each asserts the exact
//! `Cookie` and `Set-Cookie` headers, what the browser refused or kept back and why, and what
//! Django made of it.

use sessionscope_engine::json::Value;
use sessionscope_engine::scenario::{
    self, trace_json, CookieKeptBack, EventKind, RequestRecord, Scenario, SetCookie,
    SetCookieVerdict, Trace, TraceStep,
};

const KEY1: &str = "sess0000000000000000000000000001";
const KEY2: &str = "sess0000000000000000000000000002";
/// `expires` of a session cookie set at the default start time (1700000000 + 14 days).
const EXPIRES: &str = "expires=Tue, 28 Nov 2023 22:13:20 GMT";

fn run(text: &str) -> Trace {
    let scenario = Scenario::from_json(text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    let trace = scenario::run(&scenario);
    for step in &trace.steps {
        assert_eq!(step.error, None, "step {}", step.index);
    }
    trace
}

fn step(trace: &Trace, i: usize) -> &TraceStep {
    &trace.steps[i]
}

fn request(trace: &Trace, i: usize) -> &RequestRecord {
    step(trace, i).request.as_ref().expect("a request step")
}

fn cookie_header(trace: &Trace, i: usize) -> Option<&str> {
    request(trace, i).cookie_header.as_deref()
}

fn set_cookies(trace: &Trace, i: usize) -> &[SetCookie] {
    &step(trace, i)
        .response
        .as_ref()
        .expect("a response")
        .set_cookies
}

fn only_set_cookie(trace: &Trace, i: usize) -> &SetCookie {
    let cookies = set_cookies(trace, i);
    assert_eq!(cookies.len(), 1, "step {i}: {cookies:?}");
    &cookies[0]
}

fn verdict(trace: &Trace, i: usize) -> &SetCookieVerdict {
    only_set_cookie(trace, i)
        .verdict
        .as_ref()
        .expect("a verdict")
}

/// `(reasons' DevTools names, explanation)` of a refused line.
fn refusal(trace: &Trace, i: usize) -> (Vec<&'static str>, &str) {
    match verdict(trace, i) {
        SetCookieVerdict::Refused {
            reasons,
            explanation,
        } => (reasons.iter().map(|r| r.cdp_name()).collect(), explanation),
        other => panic!("step {i}: expected a refusal, got {other:?}"),
    }
}

fn not_sent(trace: &Trace, i: usize) -> &[CookieKeptBack] {
    request(trace, i)
        .not_sent
        .as_deref()
        .expect("a rules browser")
}

/// `(name, reasons' DevTools names)` of each cookie kept back.
fn kept_back(trace: &Trace, i: usize) -> Vec<(&str, Vec<&'static str>)> {
    not_sent(trace, i)
        .iter()
        .map(|k| {
            (
                k.name.as_str(),
                k.reasons.iter().map(|r| r.cdp_name()).collect(),
            )
        })
        .collect()
}

fn result(trace: &Trace, i: usize) -> Value {
    step(trace, i).response.as_ref().unwrap().result.clone()
}

fn jar_values(trace: &Trace, i: usize) -> Vec<(String, String)> {
    step(trace, i)
        .jars
        .iter()
        .flat_map(|jar| {
            jar.cookies
                .iter()
                .map(|c| (c.name.clone(), c.value.clone()))
        })
        .collect()
}

fn session_cookie(key: &str, tail: &str) -> String {
    format!("sessionid={key}; {EXPIRES}; HttpOnly; Max-Age=1209600; Path=/; {tail}")
}

fn db_keys(trace: &Trace, i: usize) -> Vec<String> {
    let rows = step(trace, i).store.db.as_ref().expect("a db store");
    rows.iter().map(|r| r.session_key.clone()).collect()
}

// (a) SESSION_COOKIE_SECURE = True, the site reached over plain http (the app served over
// http, or a TLS-terminating proxy the browser reaches over http).

const SECURE_COOKIE: &str = r#""settings": {"SESSION_COOKIE_SECURE": true},
    "steps": [
      {"request": {"view": "set", "data": {"user": "alice"}}},
      {"request": {"view": "get", "key": "user"}},
      {"request": {"view": "set", "data": {"cart": 1}}}
    ]}"#;

#[test]
fn a_secure_session_cookie_over_http_is_refused_and_the_session_lost_on_every_request() {
    let trace = run(&format!(
        r#"{{"name": "secure_over_http", "engine": "db", "browser_rules": "chromium", {SECURE_COOKIE}"#
    ));
    assert_eq!(request(&trace, 0).url, "http://site.test/");
    assert_eq!(
        only_set_cookie(&trace, 0).output,
        session_cookie(KEY1, "SameSite=Lax; Secure")
    );
    assert_eq!(
        refusal(&trace, 0),
        (
            vec!["SecureOnly"],
            "refused: it is Secure but came over plain http"
        )
    );
    assert!(jar_values(&trace, 0).is_empty());
    assert_eq!(cookie_header(&trace, 1), None);
    assert_eq!(result(&trace, 1), Value::Null);
    assert_eq!(cookie_header(&trace, 2), None);
    assert!(only_set_cookie(&trace, 2)
        .output
        .starts_with(&format!("sessionid={KEY2};")));
    assert_eq!(refusal(&trace, 2).0, ["SecureOnly"]);
    assert_eq!(db_keys(&trace, 2), [KEY1, KEY2], "a new session per login");
    let refused_events = step(&trace, 0).events.iter().filter(|e| {
        matches!(&e.kind, EventKind::CookieRefused { name, reasons } if name == "sessionid" && reasons.len() == 1)
    });
    assert_eq!(refused_events.count(), 1);
}

#[test]
fn the_same_secure_session_cookie_over_https_works() {
    let trace = run(&format!(
        r#"{{"name": "secure_over_https", "engine": "db", "browser_rules": "chromium", "origin": "https://site.test", {SECURE_COOKIE}"#
    ));
    assert_eq!(request(&trace, 0).url, "https://site.test/");
    assert!(request(&trace, 0).secure);
    assert_eq!(
        verdict(&trace, 0),
        &SetCookieVerdict::Stored {
            replaced: false,
            warnings: vec![]
        }
    );
    let sent = format!("sessionid={KEY1}");
    assert_eq!(cookie_header(&trace, 1), Some(sent.as_str()));
    assert_eq!(result(&trace, 1), Value::from("alice"));
    assert!(only_set_cookie(&trace, 2)
        .output
        .starts_with(&format!("sessionid={KEY1};")));
    assert_eq!(db_keys(&trace, 2), [KEY1]);
}

// (b) A cross-site form POST (a login form on another site, a payment provider posting back).

fn cross_site_post(settings: &str, wait: u32) -> Trace {
    run(&format!(
        r#"{{"name": "cross_site_post", "engine": "db", "browser_rules": "chromium",
        "origin": "https://shop.test", "settings": {{{settings}}},
        "steps": [
          {{"request": {{"view": "set", "data": {{"cart": ["book"]}}}}}},
          {{"advance": {wait}}},
          {{"request": {{"view": "set", "data": {{"user": "alice"}}, "path": "/login/",
                         "kind": "form-post", "from": "https://sso.other.test/"}}}},
          {{"request": {{"view": "items"}}}}
        ]}}"#
    ))
}

#[test]
fn a_cross_site_form_post_leaves_the_lax_session_cookie_behind() {
    let trace = cross_site_post("", 300);
    let post = request(&trace, 2);
    assert_eq!(
        (
            post.method.as_str(),
            post.url.as_str(),
            post.from.as_deref()
        ),
        (
            "POST",
            "https://shop.test/login/",
            Some("https://sso.other.test/")
        )
    );
    assert_eq!(post.cookie_header, None);
    assert_eq!(
        kept_back(&trace, 2),
        [("sessionid", vec!["SchemefulSameSiteLax"])]
    );
    assert_eq!(
        not_sent(&trace, 2)[0].explanation,
        "not sent: SameSite=Lax and this is a cross-site POST"
    );
    let sentences: Vec<&str> = step(&trace, 2)
        .events
        .iter()
        .map(|e| e.sentence.as_str())
        .collect();
    assert!(sentences.contains(
        &"The browser does not send the cookie \"sessionid\": SameSite=Lax and this is a cross-site POST."
    ));
    assert_eq!(
        only_set_cookie(&trace, 2).output,
        format!("sessionid={KEY2}; expires=Tue, 28 Nov 2023 22:18:20 GMT; HttpOnly; Max-Age=1209600; Path=/; SameSite=Lax")
    );
    assert_eq!(
        verdict(&trace, 2),
        &SetCookieVerdict::Stored {
            replaced: true,
            warnings: vec![]
        }
    );
    let mut expected = sessionscope_engine::json::Dict::new();
    expected.insert("user", Value::from("alice"));
    assert_eq!(result(&trace, 3), Value::Dict(expected), "the cart is gone");
}

#[test]
fn a_cross_site_form_post_carries_a_samesite_none_secure_session_cookie() {
    let trace = cross_site_post(
        r#""SESSION_COOKIE_SAMESITE": "None", "SESSION_COOKIE_SECURE": true"#,
        300,
    );
    let sent = format!("sessionid={KEY1}");
    assert_eq!(cookie_header(&trace, 2), Some(sent.as_str()));
    assert!(not_sent(&trace, 2).is_empty());
    assert!(only_set_cookie(&trace, 2)
        .output
        .starts_with(&format!("sessionid={KEY1};")));
    let items = result(&trace, 3);
    let keys: Vec<&str> = items.as_dict().unwrap().keys().collect();
    assert_eq!(keys, ["cart", "user"]);
}

#[test]
fn a_session_cookie_without_samesite_goes_with_a_cross_site_post_for_two_minutes_only() {
    let within = cross_site_post(r#""SESSION_COOKIE_SAMESITE": null"#, 60);
    let sent = format!("sessionid={KEY1}");
    assert_eq!(cookie_header(&within, 2), Some(sent.as_str()));
    let after = cross_site_post(r#""SESSION_COOKIE_SAMESITE": null"#, 121);
    assert_eq!(cookie_header(&after, 2), None);
    assert_eq!(
        not_sent(&after, 2)[0].explanation,
        "not sent: no SameSite (treated as Lax) and this is a cross-site POST and the cookie is more than 2 minutes old"
    );
}

#[test]
fn a_cross_site_link_carries_the_lax_session_cookie() {
    let trace = run(r#"{"engine": "db", "browser_rules": "chromium", "steps": [
        {"request": {"view": "set", "data": {"a": 1}}},
        {"request": {"view": "get", "key": "a", "kind": "link", "from": "https://mail.other.test/inbox"}}
    ]}"#);
    let sent = format!("sessionid={KEY1}");
    assert_eq!(cookie_header(&trace, 1), Some(sent.as_str()));
    assert_eq!(result(&trace, 1), Value::from(1));
    assert_eq!(request(&trace, 1).method.as_str(), "GET");
}

// (c) SESSION_COOKIE_PATH limits where the cookie goes.

#[test]
fn a_session_cookie_path_keeps_the_cookie_off_other_paths() {
    let trace = run(r#"{"engine": "db", "browser_rules": "chromium",
        "settings": {"SESSION_COOKIE_PATH": "/app/"},
        "steps": [
          {"request": {"view": "set", "data": {"a": 1}, "path": "/app/"}},
          {"request": {"view": "get", "key": "a", "path": "/"}},
          {"request": {"view": "get", "key": "a", "path": "/app/cart"}},
          {"request": {"view": "get", "key": "a", "path": "/application"}}
        ]}"#);
    assert!(only_set_cookie(&trace, 0).output.contains("; Path=/app/;"));
    assert_eq!(cookie_header(&trace, 1), None);
    assert_eq!(kept_back(&trace, 1), [("sessionid", vec!["NotOnPath"])]);
    assert_eq!(
        not_sent(&trace, 1)[0].explanation,
        "not sent: the request path is outside its Path"
    );
    assert_eq!(result(&trace, 1), Value::Null);
    let sent = format!("sessionid={KEY1}");
    assert_eq!(cookie_header(&trace, 2), Some(sent.as_str()));
    assert_eq!(result(&trace, 2), Value::from(1));
    assert_eq!(kept_back(&trace, 3), [("sessionid", vec!["NotOnPath"])]);
}

// (d) What injected JavaScript sees.

#[test]
fn http_only_hides_the_session_cookie_from_scripts() {
    let trace = run(r#"{"engine": "db", "browser_rules": "chromium", "steps": [
        {"request": {"view": "set", "data": {"a": 1}}},
        {"script": {"write": ["theme=dark; path=/", "sessionid=stolen; path=/"]}},
        {"settings": {"SESSION_COOKIE_HTTPONLY": false}},
        {"request": {"view": "set", "data": {"b": 2}}},
        {"script": {"url": "http://site.test/page"}}
    ]}"#);
    let script = step(&trace, 1).script.as_ref().expect("a script record");
    assert_eq!(script.url, "http://site.test/");
    assert_eq!(script.document_cookie, "theme=dark");
    assert_eq!(script.hidden.len(), 1);
    assert_eq!(
        script.hidden[0].explanation,
        "hidden from document.cookie: it is HttpOnly, so scripts cannot read it"
    );
    assert_eq!(script.writes[0].verdict.name(), "stored");
    assert!(matches!(
        &script.writes[1].verdict,
        SetCookieVerdict::Refused { reasons, .. } if reasons.iter().map(|r| r.cdp_name()).eq(["OverwriteHttpOnly"])
    ));
    let read = step(&trace, 1)
        .events
        .iter()
        .find(|e| e.kind == EventKind::ScriptRead);
    assert_eq!(
        read.and_then(|e| e.detail.as_deref()),
        Some("document.cookie == \"theme=dark\"")
    );
    assert_eq!(
        only_set_cookie(&trace, 3).output,
        format!("sessionid={KEY1}; {EXPIRES}; Max-Age=1209600; Path=/; SameSite=Lax")
    );
    let script = step(&trace, 4).script.as_ref().unwrap();
    assert_eq!(
        script.document_cookie,
        format!("sessionid={KEY1}; theme=dark")
    );
    assert!(script.hidden.is_empty());
}

#[test]
fn a_script_step_needs_the_rules_browser() {
    let scenario = Scenario::from_json(r#"{"engine": "db", "steps": [{"script": {}}]}"#).unwrap();
    let trace = scenario::run(&scenario);
    assert!(trace.steps[0]
        .error
        .as_deref()
        .unwrap()
        .contains("browser_rules"));
    assert_eq!(trace.steps[0].script, None);
}

// (e) The 4096-byte limit on name + value.

/// Text that deflate cannot shrink much: 6 bits of xorshift noise per character.
fn noise(len: usize) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            ALPHABET[(state % 64) as usize] as char
        })
        .collect()
}

#[test]
fn an_oversized_signed_cookie_is_refused_and_the_old_one_kept() {
    let trace = run(&format!(
        r#"{{"engine": "signed_cookies", "browser_rules": "chromium", "steps": [
          {{"request": {{"view": "set", "data": {{"cart": "one book"}}}}}},
          {{"request": {{"view": "set", "data": {{"cart": "{}"}}}}}},
          {{"request": {{"view": "get", "key": "cart"}}}}
        ]}}"#,
        noise(5000)
    ));
    let small = only_set_cookie(&trace, 0).value.clone();
    let big = only_set_cookie(&trace, 1);
    assert!(
        big.name.len() + big.value.len() > 4096,
        "{}",
        big.value.len()
    );
    assert_eq!(
        refusal(&trace, 1),
        (
            vec!["NameValuePairExceedsMaxSize"],
            "refused: name and value together exceed 4096 bytes"
        )
    );
    assert_eq!(
        jar_values(&trace, 1),
        [("sessionid".to_owned(), small.clone())]
    );
    assert_eq!(
        cookie_header(&trace, 2),
        Some(format!("sessionid={small}").as_str())
    );
    assert_eq!(result(&trace, 2), Value::from("one book"));
}

// (f) Cookies in a cross-site iframe or fetch: third-party cookies blocked or allowed.

fn embedded(third_party: &str, samesite_none: bool) -> Trace {
    let settings = if samesite_none {
        r#"{"SESSION_COOKIE_SAMESITE": "None", "SESSION_COOKIE_SECURE": true}"#
    } else {
        "{}"
    };
    run(&format!(
        r#"{{"engine": "db", "browser_rules": "chromium", "third_party_cookies": "{third_party}",
        "origin": "https://widget.test", "settings": {settings},
        "steps": [
          {{"request": {{"view": "set", "data": {{"user": "alice"}}}}}},
          {{"request": {{"view": "get", "key": "user", "kind": "iframe", "from": "https://blog.other.test/post"}}}},
          {{"request": {{"view": "get", "key": "user", "kind": "fetch", "from": "https://blog.other.test/post"}}}},
          {{"request": {{"view": "set", "data": {{"user": "bob"}}, "kind": "iframe", "from": "https://blog.other.test/post", "browser": "fresh"}}}}
        ]}}"#
    ))
}

#[test]
fn third_party_cookies_blocked_keep_the_session_out_of_a_cross_site_iframe() {
    let trace = embedded("blocked", true);
    assert_eq!(cookie_header(&trace, 1), None);
    assert_eq!(
        kept_back(&trace, 1),
        [("sessionid", vec!["UserPreferences"])]
    );
    assert_eq!(
        not_sent(&trace, 1)[0].explanation,
        "not sent: third-party cookies are blocked and this is a cross-site <iframe> request"
    );
    assert_eq!(result(&trace, 1), Value::Null);
    assert_eq!(
        kept_back(&trace, 2),
        [("sessionid", vec!["UserPreferences"])]
    );
    assert_eq!(
        refusal(&trace, 3).0,
        ["UserPreferences"],
        "a login inside the iframe cannot stick"
    );
}

#[test]
fn third_party_cookies_allowed_let_a_samesite_none_session_into_the_iframe() {
    let trace = embedded("allowed", true);
    let sent = format!("sessionid={KEY1}");
    assert_eq!(cookie_header(&trace, 1), Some(sent.as_str()));
    assert_eq!(result(&trace, 1), Value::from("alice"));
    assert_eq!(cookie_header(&trace, 2), Some(sent.as_str()));
    assert_eq!(verdict(&trace, 3).name(), "stored");
}

#[test]
fn a_lax_session_cookie_stays_out_of_a_cross_site_iframe_either_way() {
    let allowed = embedded("allowed", false);
    assert_eq!(
        kept_back(&allowed, 1),
        [("sessionid", vec!["SchemefulSameSiteLax"])]
    );
    assert_eq!(
        not_sent(&allowed, 2)[0].explanation,
        "not sent: SameSite=Lax and this is a cross-site fetch()"
    );
    assert_eq!(refusal(&allowed, 3).0, ["SchemefulSameSiteLax"]);
    let blocked = embedded("blocked", false);
    assert_eq!(
        kept_back(&blocked, 1),
        [("sessionid", vec!["SchemefulSameSiteLax", "UserPreferences"])]
    );
}

// (g) A `__Host-` session cookie name.

fn host_prefixed(settings: &str) -> Trace {
    run(&format!(
        r#"{{"engine": "db", "browser_rules": "chromium", "origin": "https://site.test",
        "settings": {{"SESSION_COOKIE_NAME": "__Host-sessionid", {settings}}},
        "steps": [
          {{"request": {{"view": "set", "data": {{"a": 1}}, "path": "/app/"}}}},
          {{"request": {{"view": "get", "key": "a", "path": "/app/"}}}}
        ]}}"#
    ))
}

#[test]
fn a_host_prefixed_session_cookie_needs_secure_and_path_slash() {
    let good = host_prefixed(r#""SESSION_COOKIE_SECURE": true"#);
    assert_eq!(verdict(&good, 0).name(), "stored");
    let sent = format!("__Host-sessionid={KEY1}");
    assert_eq!(cookie_header(&good, 1), Some(sent.as_str()));
    assert_eq!(result(&good, 1), Value::from(1));

    let insecure = host_prefixed(r#""SESSION_COOKIE_SECURE": false"#);
    assert_eq!(
        only_set_cookie(&insecure, 0).output,
        format!(
            "__Host-sessionid={KEY1}; {EXPIRES}; HttpOnly; Max-Age=1209600; Path=/; SameSite=Lax"
        )
    );
    let (reasons, explanation) = refusal(&insecure, 0);
    assert_eq!(reasons, ["InvalidPrefix"]);
    assert!(explanation.starts_with("refused: its name prefix demands Secure"));
    assert_eq!(cookie_header(&insecure, 1), None);

    let narrow = host_prefixed(r#""SESSION_COOKIE_SECURE": true, "SESSION_COOKIE_PATH": "/app/""#);
    assert_eq!(refusal(&narrow, 0).0, ["InvalidPrefix"]);
    assert_eq!(result(&narrow, 1), Value::Null);
}

// The trace JSON carries the verdicts for rules scenarios only.

#[test]
fn trace_json_carries_the_verdicts_of_a_rules_browser() {
    let trace = cross_site_post("", 300);
    let text = trace_json(&trace);
    assert_eq!(
        sessionscope_engine::json::parse_python_json(&text).unwrap(),
        trace.to_json()
    );
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    let post = &value["steps"][2]["request"];
    assert_eq!(post["kind"], "form-post");
    assert_eq!(post["method"], "POST");
    assert_eq!(
        post["not_sent"][0]["reasons"],
        serde_json::json!(["SchemefulSameSiteLax"])
    );
    assert_eq!(
        value["steps"][2]["response"]["set_cookie"][0]["verdict"]["outcome"],
        "stored"
    );
    assert_eq!(value["steps"][3]["jars"]["main"][0]["samesite"], "Lax");
}

/// The keys of every object in `value`, path by path (list items share their list's path).
fn key_paths(value: &serde_json::Value, path: &str, out: &mut std::collections::BTreeSet<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, item) in map {
                let here = format!("{path}.{key}");
                out.insert(here.clone());
                // Store data and view results are the session's own dicts, not the schema.
                if !matches!(key.as_str(), "data" | "value" | "result" | "step") {
                    key_paths(item, &here, out);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|i| key_paths(i, path, out)),
        _ => {}
    }
}

#[test]
fn conformance_traces_keep_exactly_djangos_fields() {
    let root =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance/django-5.2");
    let mut checked = 0;
    for entry in std::fs::read_dir(root.join("scenarios")).unwrap().flatten() {
        let scenario =
            Scenario::from_json(&std::fs::read_to_string(entry.path()).unwrap()).unwrap();
        let ours: serde_json::Value =
            serde_json::from_str(&trace_json(&scenario::run(&scenario))).unwrap();
        let django: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(root.join("traces").join(entry.file_name())).unwrap(),
        )
        .unwrap();
        let (mut ours_keys, mut django_keys) = (Default::default(), Default::default());
        key_paths(&ours["steps"], "steps", &mut ours_keys);
        key_paths(&django["steps"], "steps", &mut django_keys);
        assert_eq!(ours_keys, django_keys, "{}", entry.path().display());
        checked += 1;
    }
    assert!(checked > 0, "no public scenarios found");
}

#[test]
fn firefox_sends_a_cookie_without_samesite_with_a_late_cross_site_post_and_speaks_its_console() {
    let scenario = |browser: &str| {
        format!(
            r#"{{"name": "x", "engine": "db", "browser_rules": "{browser}",
            "settings": {{"SESSION_COOKIE_SAMESITE": null}},
            "steps": [
              {{"request": {{"view": "set", "data": {{"cart": ["book"]}}}}}},
              {{"advance": 300}},
              {{"request": {{"view": "get", "key": "cart", "kind": "form-post",
                            "from": "https://other.test/", "path": "/login/"}}}},
              {{"settings": {{"SESSION_COOKIE_SECURE": true}}}},
              {{"request": {{"view": "set", "data": {{"cart": ["pen"]}}}}}}
            ]}}"#
        )
    };
    let chromium = run(&scenario("chromium"));
    let firefox = run(&scenario("firefox"));
    assert!(!only_set_cookie(&firefox, 0).header().contains("SameSite"));
    assert_eq!(cookie_header(&chromium, 2), None);
    assert_eq!(
        kept_back(&chromium, 2),
        [(
            "sessionid",
            vec!["SchemefulSameSiteUnspecifiedTreatedAsLax"]
        )]
    );
    assert_eq!(
        cookie_header(&firefox, 2),
        Some(&*format!("sessionid={KEY1}"))
    );
    assert_eq!(result(&firefox, 2), Value::List(vec![Value::from("book")]));
    // A Secure cookie over plain http: Firefox's console words, one full stop in the sentence.
    let (reasons, explanation) = refusal(&firefox, 4);
    assert_eq!(reasons, ["SecureOnly"]);
    assert_eq!(
        explanation,
        "refused: Cookie “sessionid” has been rejected because a non-HTTPS cookie can’t be set \
         as “secure”."
    );
    let sentence = step(&firefox, 4)
        .events
        .iter()
        .find(|e| matches!(e.kind, EventKind::CookieRefused { .. }))
        .map(|e| e.sentence.clone())
        .unwrap();
    assert!(sentence.ends_with("set as “secure”."), "{sentence}");
}

#[test]
fn firefox_keeps_a_session_set_in_a_cross_site_iframe_in_the_top_level_sites_partition() {
    let trace = run(
        r#"{"engine": "db", "browser_rules": "firefox", "origin": "https://widget.test",
        "settings": {"SESSION_COOKIE_SAMESITE": "None", "SESSION_COOKIE_SECURE": true},
        "steps": [{"request": {"view": "set", "data": {"user": "bob"}, "kind": "iframe",
                               "from": "https://blog.other.test/post"}}]}"#,
    );
    assert_eq!(verdict(&trace, 0).name(), "stored");
    let jar = &step(&trace, 0).jars[0].cookies[0];
    let details = jar.details.as_ref().unwrap();
    // Firefox's partitionKey: the top-level site, scheme and registrable domain.
    assert_eq!(details.partition.as_deref(), Some("(https,other.test)"));
    assert!(
        trace_json(&trace).contains(r#""partition": "(https,other.test)""#),
        "the trace's JSON carries it"
    );
    let first_party = embedded("allowed", true);
    let own = step(&first_party, 0).jars[0].cookies[0]
        .details
        .as_ref()
        .unwrap();
    assert_eq!(own.partition, None);
}
