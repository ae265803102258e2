//! Property tests: nothing a browser, a user or a scenario file can send makes the sessions
//! engine panic. Every input ends in a response, an error value, or a `ScenarioError`.

use proptest::prelude::*;
use sessionscope_engine::browser::rules::{
    BrowserProfile, BrowserSettings, RequestKind, ThirdPartyCookies, Url,
};
use sessionscope_engine::json::{Dict, PyInt, Value};
use sessionscope_engine::middleware::{parse_cookie, quote, unquote};
use sessionscope_engine::scenario::{
    har, run, trace_json, ExpiryArg, Fault, Request, Scenario, ScriptStep, SettingChange,
    SettingsPatch, Step, Tamper, TamperMode, ViewCall, DEFAULT_BROWSER,
};
use sessionscope_engine::session::Engine;

fn arb_engine() -> impl Strategy<Value = Engine> {
    prop::sample::select(Engine::ALL.to_vec())
}

fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| Value::Int(PyInt::from(n))),
        "-?[0-9]{1,40}".prop_map(|t| Value::Int(PyInt::parse(&t).unwrap_or(PyInt::from(0)))),
        any::<f64>().prop_map(Value::Float),
        ".{0,12}".prop_map(Value::Str),
        "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}([+-][0-9]{2}:[0-9]{2}|Z)?"
            .prop_map(Value::Str),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::List),
            prop::collection::vec((".{0,6}", inner), 0..4)
                .prop_map(|pairs| Value::Dict(pairs.into_iter().collect::<Dict>())),
        ]
    })
}

fn request(view: ViewCall) -> Step {
    Step::Request(Request::new(view))
}

fn get_everything() -> Step {
    request(ViewCall::Multi(vec![ViewCall::Items, ViewCall::Info]))
}

fn scenario(engine: Engine, steps: Vec<Step>) -> Scenario {
    let mut scenario = Scenario::new("no-panic", engine);
    scenario.steps = steps;
    scenario
}

/// The keys `django.contrib.auth` reads, and a list key `append` works on.
fn arb_session_key() -> impl Strategy<Value = String> {
    prop_oneof![
        ".{0,8}",
        prop::sample::select(vec![
            "_auth_user_id",
            "_auth_user_backend",
            "_auth_user_hash",
            "cart"
        ])
        .prop_map(str::to_owned),
    ]
}

/// Values `_auth_user_id` may hold by hand: pk-like text, numbers, anything.
fn arb_user_id_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        arb_json(),
        "[ +-]{0,2}[0-9_]{0,5}[ ]?".prop_map(Value::Str),
        (-3i64..6).prop_map(Value::from),
    ]
}

fn arb_auth_view() -> impl Strategy<Value = ViewCall> {
    prop_oneof![
        (-2i64..6).prop_map(|user| ViewCall::Login { user }),
        Just(ViewCall::Logout),
        Just(ViewCall::User),
        Just(ViewCall::MarkModified),
        (arb_session_key(), arb_json()).prop_map(|(key, value)| ViewCall::Append { key, value }),
        (arb_session_key(), arb_user_id_value()).prop_map(|(k, v)| {
            let mut d = Dict::new();
            d.insert(k, v);
            ViewCall::Set(d)
        }),
        (arb_session_key(), arb_json())
            .prop_map(|(key, value)| ViewCall::SetDefault { key, value }),
        arb_session_key().prop_map(|key| ViewCall::Get {
            key,
            default: Value::Null
        }),
    ]
}

fn arb_view() -> impl Strategy<Value = ViewCall> {
    prop_oneof![
        3 => arb_simple_view(),
        2 => arb_auth_view(),
        1 => prop::collection::vec(prop_oneof![arb_simple_view(), arb_auth_view()], 0..5)
            .prop_map(ViewCall::Multi),
    ]
}

fn arb_simple_view() -> impl Strategy<Value = ViewCall> {
    prop_oneof![
        Just(ViewCall::Noop),
        Just(ViewCall::Items),
        Just(ViewCall::Info),
        Just(ViewCall::Flush),
        Just(ViewCall::CycleKey),
        Just(ViewCall::Clear),
        Just(ViewCall::StoreDelete),
        Just(ViewCall::DeleteTestCookie),
        (".{0,8}", arb_json()).prop_map(|(k, v)| {
            let mut d = Dict::new();
            d.insert(k, v);
            ViewCall::Set(d)
        }),
        (".{0,8}", prop::option::of(arb_json()))
            .prop_map(|(key, default)| ViewCall::Pop { key, default }),
        arb_json().prop_map(|v| ViewCall::SetExpiry(ExpiryArg::Value(v))),
        arb_json().prop_map(|v| ViewCall::SetExpiry(ExpiryArg::Timedelta(v))),
        arb_json().prop_map(|v| ViewCall::SetExpiry(ExpiryArg::Datetime(v))),
    ]
}

fn arb_url() -> impl Strategy<Value = Option<Url>> {
    prop::option::of(
        prop::sample::select(vec![
            "http://site.test/",
            "https://site.test/app/",
            "https://sub.site.test/",
            "https://other.test/page",
            "http://localhost:8000/",
            "https://127.0.0.1/",
        ])
        .prop_map(|text| Url::parse(text).ok())
        .prop_filter_map("parses", |url| url),
    )
}

/// A request with the fields a browser with cookie rules acts on.
fn arb_browser_request() -> impl Strategy<Value = Step> {
    (
        arb_view(),
        prop::sample::select(RequestKind::ALL.to_vec()),
        arb_url(),
        arb_url(),
        any::<bool>(),
        "(/[a-z]{0,4}){0,3}[?#]?.{0,4}",
        prop::sample::select(vec![DEFAULT_BROWSER, "other"]),
    )
        .prop_map(|(view, kind, origin, from, secure, path, browser)| {
            let mut r = Request::new(view);
            r.kind = kind;
            r.origin = origin.map(|o| o.root());
            r.from = from.filter(|_| kind != RequestKind::Navigate);
            r.secure = secure;
            r.path = path;
            r.browser = browser.to_owned();
            Step::Request(r)
        })
}

fn arb_script() -> impl Strategy<Value = Step> {
    (arb_url(), prop::collection::vec(".{0,30}", 0..3)).prop_map(|(url, writes)| {
        Step::Script(ScriptStep {
            url,
            writes,
            ..ScriptStep::read()
        })
    })
}

fn arb_step() -> impl Strategy<Value = Step> {
    prop_oneof![
        2 => arb_browser_request(),
        1 => arb_script(),
        1 => prop::option::of(prop::sample::select(vec!["/", "/app/", "app", ""])).prop_map(|path| Step::Settings(SettingsPatch {
            changes: vec![SettingChange::CookiePath(path.unwrap_or("/").to_owned())],
        })),
        1 => any::<bool>().prop_map(|on| Step::Settings(SettingsPatch {
            changes: vec![SettingChange::CookieSecure(on)],
        })),
        4 => (arb_view(), prop::sample::select(vec![200u16, 404, 500]), prop::option::of(".{0,10}"))
            .prop_map(|(view, status, vary)| {
                let mut r = Request::new(view);
                r.status = status;
                r.vary = vary;
                Step::Request(r)
            }),
        1 => (-1e7f64..1e7).prop_map(Step::Advance),
        1 => any::<f64>().prop_map(Step::Advance),
        1 => any::<i64>().prop_map(|age| Step::Settings(SettingsPatch {
            changes: vec![SettingChange::CookieAge(age)],
        })),
        1 => prop::sample::select(vec!["sid", "__Host-s", "bad name", "Path", ""]).prop_map(|name| Step::Settings(SettingsPatch {
            changes: vec![SettingChange::CookieName(name.to_owned())],
        })),
        1 => prop::option::of(".{0,6}").prop_map(|samesite| Step::Settings(SettingsPatch {
            changes: vec![SettingChange::CookieSameSite(samesite)],
        })),
        1 => prop::sample::select(vec![Fault::DbTableMissing, Fault::FileDirMissing, Fault::FileDirReadOnly, Fault::Repair]).prop_map(Step::Fault),
        1 => ".{0,200}".prop_map(|text| Step::Tamper(Tamper {
            mode: TamperMode::Replace(text),
            name: None,
            browser: DEFAULT_BROWSER.to_owned(),
        })),
        1 => Just(Step::CloseBrowser(DEFAULT_BROWSER.to_owned())),
        1 => Just(Step::ClearExpired),
        1 => Just(Step::CacheRestart),
        1 => "[a-z]{1,10}".prop_map(Step::RotateSecret),
        1 => prop::collection::vec("[a-z]{0,4}", 0..3).prop_map(|keys| Step::Settings(SettingsPatch {
            changes: vec![SettingChange::SecretKeyFallbacks(keys)],
        })),
        1 => (-1i64..5, ".{0,20}").prop_map(|(user, password)| Step::SetPassword { user, password }),
    ]
}

/// Cases per property: `PROPTEST_CASES` when set (`scripts/long-checks.sh` sets 1,000,000),
/// else `default` (the quick figure `cargo test` runs).
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(256), ..ProptestConfig::default() })]

    #[test]
    fn cookie_headers_parse_without_panicking(header in ".{0,300}") {
        let cookies = parse_cookie(&header);
        for (_, value) in cookies.pairs() {
            let _ = quote(value);
        }
        let _ = unquote(&header);
    }

    #[test]
    fn quote_then_unquote_round_trips(value in ".{0,60}") {
        prop_assert_eq!(unquote(&quote(&value)), value);
    }

    #[test]
    fn any_session_cookie_value_is_survivable(engine in arb_engine(), value in ".{0,300}") {
        let steps = vec![
            request(ViewCall::Set({ let mut d = Dict::new(); d.insert("a", Value::from(1)); d })),
            Step::Tamper(Tamper { mode: TamperMode::Replace(value), name: None, browser: DEFAULT_BROWSER.to_owned() }),
            get_everything(),
            request(ViewCall::CycleKey),
            request(ViewCall::Flush),
        ];
        let trace = run(&scenario(engine, steps));
        prop_assert_eq!(trace.steps.len(), 5);
        for step in &trace.steps[2..] {
            let status = step.response.as_ref().map(|r| r.status).unwrap_or(0);
            prop_assert!(status == 200 || status == 400 || status == 500);
        }
    }

    #[test]
    fn any_set_expiry_value_is_survivable(engine in arb_engine(), value in arb_json(), later in -1e6f64..1e9) {
        let steps = vec![
            request(ViewCall::SetExpiry(ExpiryArg::Value(value.clone()))),
            get_everything(),
            Step::Advance(later),
            get_everything(),
            request(ViewCall::SetExpiry(ExpiryArg::Timedelta(value.clone()))),
            request(ViewCall::SetExpiry(ExpiryArg::Datetime(value))),
            get_everything(),
            Step::ClearExpired,
        ];
        let trace = run(&scenario(engine, steps));
        prop_assert_eq!(trace.steps.len(), 8);
        let _ = trace.to_json();
    }

    #[test]
    fn random_step_sequences_are_survivable(
        engine in arb_engine(),
        steps in prop::collection::vec(arb_step(), 0..12),
        browser_rules in prop::option::of((any::<bool>(), 0..3usize)),
        origin in arb_url(),
    ) {
        let mut scenario = scenario(engine, steps);
        scenario.browser_rules = browser_rules.map(|(firefox, third_party)| BrowserSettings {
            profile: if firefox { BrowserProfile::Firefox } else { BrowserProfile::Chromium },
            third_party_cookies: [
                ThirdPartyCookies::Blocked,
                ThirdPartyCookies::Partitioned,
                ThirdPartyCookies::Allowed,
            ][third_party],
        });
        scenario.origin = origin.map(|o| o.root());
        let trace = run(&scenario);
        prop_assert_eq!(trace.steps.len(), scenario.steps.len());
        let _ = (har(&trace), trace_json(&trace));
        let reparsed = Scenario::from_json(&scenario.to_json_string());
        prop_assert!(reparsed.is_ok(), "{:?}", reparsed);
        let reparsed = reparsed.unwrap_or_else(|_| scenario.clone());
        prop_assert_eq!(reparsed.browser_rules, scenario.browser_rules);
        prop_assert_eq!(&reparsed.origin, &scenario.origin);
        for (again, step) in reparsed.steps.iter().zip(&scenario.steps) {
            match (again, step) {
                (Step::Request(a), Step::Request(b)) => {
                    prop_assert_eq!((&a.origin, a.kind, &a.from, &a.path, a.secure), (&b.origin, b.kind, &b.from, &b.path, b.secure));
                }
                (Step::Script(a), Step::Script(b)) => prop_assert_eq!(a, b),
                _ => {}
            }
        }
    }

    #[test]
    fn any_scenario_text_is_an_error_or_a_trace(text in ".{0,400}") {
        if let Ok(scenario) = Scenario::from_json(&text) {
            let _ = run(&scenario).to_json();
        }
    }

    #[test]
    fn mutated_scenario_json_is_an_error_or_a_trace(
        engine in arb_engine(),
        field in prop::sample::select(vec![
            "start_time", "settings", "cache", "session_keys", "steps", "engine",
            "browser_rules", "third_party_cookies", "origin",
        ]),
        value in arb_json(),
    ) {
        let mut base = scenario(engine, vec![get_everything()]).to_value();
        if let Value::Dict(d) = &mut base {
            d.insert(field, value);
        }
        if let Ok(scenario) = Scenario::from_value(&base) {
            let trace = run(&scenario);
            let _ = (trace.to_json(), har(&trace));
        }
    }
}
