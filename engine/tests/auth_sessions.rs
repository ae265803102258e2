//! `django.contrib.auth` on sessions and in-place mutation, through whole scenarios: what the
//! conformance traces check (bytes) plus what they do not record (events, step errors,
//! scenario round trips).

use sessionscope_engine::auth::{session_auth_hash, DEFAULT_USERS};
use sessionscope_engine::json::{parse_python_json, Dict, Value};
use sessionscope_engine::scenario::{
    run, AuthHashVerdict, EventKind, Request, Scenario, Step, Trace, ViewCall,
};
use sessionscope_engine::session::Engine;

fn request(view: ViewCall) -> Step {
    Step::Request(Request::new(view))
}

fn set(key: &str, value: Value) -> ViewCall {
    let mut data = Dict::new();
    data.insert(key, value);
    ViewCall::Set(data)
}

fn cart(items: &[&str]) -> Value {
    Value::List(items.iter().map(|&item| Value::from(item)).collect())
}

fn run_steps(engine: Engine, steps: Vec<Step>) -> Trace {
    let mut scenario = Scenario::new("auth", engine);
    scenario.steps = steps;
    run(&scenario)
}

fn result(trace: &Trace, index: usize) -> Value {
    trace.steps[index]
        .response
        .as_ref()
        .map(|r| r.result.clone())
        .unwrap_or(Value::Null)
}

fn session_cookie(trace: &Trace, index: usize) -> Option<String> {
    let response = trace.steps[index].response.as_ref()?;
    response
        .set_cookies
        .iter()
        .find(|c| c.name == "sessionid")
        .map(|c| c.value.clone())
}

fn has_event(trace: &Trace, index: usize, wanted: &EventKind) -> bool {
    trace.steps[index].events.iter().any(|e| e.kind == *wanted)
}

/// With Django 5.2.19, a signed-cookie session holding only what `login()` stores is 227
/// characters (the conformance trace `login_logout__signed_cookies`, step 4: a login as user 2
/// after a flush; the same length for user 1 from a fresh session).
#[test]
fn the_signed_cookie_after_login_is_227_characters() {
    let trace = run_steps(
        Engine::SignedCookies,
        vec![request(ViewCall::Login { user: 1 })],
    );
    let cookie = session_cookie(&trace, 0).expect("login sets the cookie");
    assert_eq!(cookie.len(), 227, "{cookie}");
    assert!(cookie.starts_with(".eJ"), "compressed: {cookie}");
}

#[test]
fn login_cycles_the_key_keeps_the_cart_and_stores_the_user() {
    let trace = run_steps(
        Engine::Db,
        vec![
            request(set("cart", cart(&["book"]))),
            request(ViewCall::Login { user: 2 }),
            request(ViewCall::Items),
        ],
    );
    assert_ne!(session_cookie(&trace, 0), session_cookie(&trace, 1));
    assert!(has_event(&trace, 1, &EventKind::Login));
    assert!(has_event(&trace, 1, &EventKind::NewKey));
    let items = result(&trace, 2);
    let keys: Vec<&str> = items
        .as_dict()
        .map(|d| d.keys().collect())
        .unwrap_or_default();
    assert_eq!(
        keys,
        [
            "cart",
            "_auth_user_id",
            "_auth_user_backend",
            "_auth_user_hash"
        ]
    );
    let expected_hash = session_auth_hash(
        DEFAULT_USERS[1].1,
        &Scenario::new("x", Engine::Db).initial_settings().secret_key,
    );
    assert_eq!(
        items.as_dict().and_then(|d| d.get("_auth_user_hash")),
        Some(&Value::Str(expected_hash))
    );
}

#[test]
fn a_rotated_secret_with_fallback_renews_the_hash_under_a_new_key() {
    let trace = run_steps(
        Engine::Cache,
        vec![
            request(ViewCall::Login { user: 1 }),
            Step::RotateSecret("the-new-secret".to_owned()),
            request(ViewCall::User),
            request(ViewCall::Items),
        ],
    );
    let renewed = EventKind::AuthHashCheck {
        verdict: AuthHashVerdict::VerifiedByFallback,
    };
    assert!(has_event(&trace, 2, &renewed));
    assert_eq!(result(&trace, 2), Value::from("1"));
    assert_ne!(
        session_cookie(&trace, 2),
        None,
        "cycle_key sends a new cookie"
    );
    assert_ne!(session_cookie(&trace, 2), session_cookie(&trace, 0));
    let hash = result(&trace, 3)
        .as_dict()
        .and_then(|d| d.get("_auth_user_hash").cloned());
    assert_eq!(
        hash,
        Some(Value::Str(session_auth_hash(
            DEFAULT_USERS[0].1,
            "the-new-secret"
        )))
    );
}

#[test]
fn a_changed_password_logs_the_user_out_on_the_next_request_user() {
    let trace = run_steps(
        Engine::Db,
        vec![
            request(ViewCall::Login { user: 3 }),
            Step::SetPassword {
                user: 3,
                password: "changed".to_owned(),
            },
            request(ViewCall::User),
            request(ViewCall::User),
        ],
    );
    let rejected = EventKind::AuthHashCheck {
        verdict: AuthHashVerdict::Rejected,
    };
    assert!(has_event(&trace, 2, &rejected));
    assert_eq!(result(&trace, 2), Value::Null);
    assert_eq!(
        session_cookie(&trace, 2).as_deref(),
        Some("\"\""),
        "deleted"
    );
    assert_eq!(
        trace.steps[2].store.db.as_ref().map(|rows| rows.len()),
        Some(0)
    );
    assert_eq!(trace.steps[3].request.as_ref().unwrap().cookie_header, None);
}

#[test]
fn set_password_for_an_unknown_user_is_a_step_error() {
    let trace = run_steps(
        Engine::File,
        vec![Step::SetPassword {
            user: 4,
            password: "x".to_owned(),
        }],
    );
    let error = trace.steps[0].error.as_deref().unwrap_or_default();
    assert!(error.starts_with("DoesNotExist"), "{error}");
}

#[test]
fn login_of_an_unknown_user_is_a_500_before_the_session_is_touched() {
    let trace = run_steps(Engine::Db, vec![request(ViewCall::Login { user: 7 })]);
    let response = trace.steps[0].response.as_ref().unwrap();
    assert_eq!(response.status, 500);
    assert_eq!(response.exception.as_deref(), Some("DoesNotExist"));
    assert_eq!(response.vary, None, "the session was never accessed");
}

#[test]
fn append_mutates_in_place_without_saving() {
    let trace = run_steps(
        Engine::Db,
        vec![
            request(set("cart", cart(&["book"]))),
            request(ViewCall::Append {
                key: "cart".to_owned(),
                value: Value::from("mug"),
            }),
            request(ViewCall::Get {
                key: "cart".to_owned(),
                default: Value::Null,
            }),
            request(ViewCall::Multi(vec![
                ViewCall::Append {
                    key: "cart".to_owned(),
                    value: Value::from("pen"),
                },
                ViewCall::MarkModified,
            ])),
            request(ViewCall::Get {
                key: "cart".to_owned(),
                default: Value::Null,
            }),
        ],
    );
    assert_eq!(session_cookie(&trace, 1), None);
    assert_eq!(trace.steps[1].store, trace.steps[0].store);
    assert_eq!(result(&trace, 2), cart(&["book"]));
    assert!(session_cookie(&trace, 3).is_some());
    assert_eq!(result(&trace, 4), cart(&["book", "pen"]));
}

#[test]
fn results_of_one_request_share_the_sessions_lists() {
    let get_cart = ViewCall::Get {
        key: "cart".to_owned(),
        default: Value::Null,
    };
    let append = |item: &str| ViewCall::Append {
        key: "cart".to_owned(),
        value: Value::from(item),
    };
    let trace = run_steps(
        Engine::Cache,
        vec![
            request(set("cart", cart(&["book"]))),
            request(ViewCall::Multi(vec![
                get_cart.clone(),
                ViewCall::Items,
                append("mug"),
                set("cart", cart(&["new"])),
                append("ink"),
                get_cart,
            ])),
        ],
    );
    let expected = parse_python_json(
        r#"[["book", "mug"], {"cart": ["book", "mug"]}, null, null, null, ["new", "ink"]]"#,
    )
    .unwrap();
    assert_eq!(result(&trace, 1), expected);
}

#[test]
fn the_new_views_and_step_survive_a_json_round_trip() {
    let text = r#"{"name": "r", "engine": "db", "steps": [
        {"request": {"view": "login"}},
        {"request": {"view": "login", "user": 3}},
        {"request": {"view": "multi", "ops": [{"view": "append", "key": "k", "value": [1]},
                                              {"view": "mark_modified"}, {"view": "user"},
                                              {"view": "logout"}]}},
        {"set_password": {"user": 2, "password": "pbkdf2_sha256$1$s$h"}}
    ]}"#;
    let scenario = Scenario::from_json(text).unwrap();
    assert_eq!(
        scenario.steps[0],
        request(ViewCall::Login { user: 1 }),
        "user defaults to 1"
    );
    let again = Scenario::from_json(&scenario.to_json_string()).unwrap();
    assert_eq!(again, scenario);
    for bad in [
        r#"{"name": "r", "engine": "db", "steps": [{"request": {"view": "login", "user": "1"}}]}"#,
        r#"{"name": "r", "engine": "db", "steps": [{"set_password": {"user": 1}}]}"#,
        r#"{"name": "r", "engine": "db", "steps": [{"request": {"view": "append", "key": "k"}}]}"#,
    ] {
        assert!(Scenario::from_json(bad).is_err(), "{bad}");
    }
}
