use super::*;
use crate::ui::actions::{stuffed_cart, STUFFED_CART_ITEMS};
use crate::ui::cookie_size::{Fill, BROWSER_COOKIE_LIMIT};
use sessionscope_engine::clock::DEFAULT_START_TIME;
use sessionscope_engine::json::Dict;
use sessionscope_engine::scenario::{Engine, Request, SettingChange, Step, ViewCall};

fn with_cart(items: Value) -> ViewCall {
    let mut data = Dict::new();
    data.insert("cart", items);
    ViewCall::Set(data)
}

fn playground(engine: Engine, steps: Vec<Step>) -> Playground {
    let mut playground = Playground::new(engine, DEFAULT_START_TIME, 5);
    for step in steps {
        playground.push(step);
    }
    playground
}

fn request(view: ViewCall) -> Step {
    Step::Request(Request::new(view))
}

fn last(playground: &Playground) -> ResponseView {
    response_view(playground, Some(playground.trace().steps.len() - 1)).expect("a response")
}

#[test]
fn shows_the_latest_exchange_even_after_a_clock_step() {
    let playground = playground(
        Engine::Db,
        vec![request(with_cart(Value::List(vec![]))), Step::Advance(60.0)],
    );
    assert_eq!(response_view(&playground, None), None);
    let view = response_view(&playground, Some(1)).expect("a response");
    assert_eq!(view.step, 0);
    assert_eq!(view.status_line, "HTTP/1.1 200 OK");
    assert_eq!(
        view.request_lines,
        ["GET / HTTP/1.1", "Host: site.test", "(no Cookie header)"]
    );
    assert_eq!(view.set_cookie_headers.len(), 1);
    let response = playground.trace().steps[0].response.as_ref().unwrap();
    assert_eq!(
        view.set_cookie_headers[0],
        format!("Set-Cookie: {}", response.set_cookies[0].output)
    );
    assert_eq!(view.size.unwrap().counted_bytes(), "sessionid".len() + 32);
    assert_eq!(view.dropped, None);
    assert_eq!(view.result.as_deref(), Some("None"));
}

#[test]
fn the_request_line_is_the_requests_own_method_and_path() {
    let mut cart = Request::new(ViewCall::Noop);
    cart.path = "/cart/checkout?step=2".into();
    let playground = playground(Engine::Db, vec![Step::Request(cart)]);
    let view = last(&playground);
    assert_eq!(view.request_lines[0], "GET /cart/checkout?step=2 HTTP/1.1");
    assert_eq!(view.request_lines[1], "Host: site.test");
}

#[test]
fn an_oversized_cookie_after_a_good_one_leaves_the_old_cookie_in_place() {
    let small = with_cart(Value::List(vec![Value::from("book")]));
    let playground = playground(
        Engine::SignedCookies,
        vec![
            request(small),
            request(with_cart(stuffed_cart(STUFFED_CART_ITEMS))),
        ],
    );
    let view = last(&playground);
    let size = view.size.expect("the Set-Cookie's size");
    assert_eq!(size.fill(), Fill::Over);
    let set_cookie = &playground.trace().steps[1]
        .response
        .as_ref()
        .unwrap()
        .set_cookies[0];
    assert_eq!(
        size.counted_bytes(),
        set_cookie.name.len() + set_cookie.value.len(),
        "the browser's measure: name + value"
    );
    assert!(size.counted_bytes() > BROWSER_COOKIE_LIMIT);
    let dropped = view.dropped.expect("dropped");
    assert!(
        dropped.contains("kept its previous session cookie"),
        "{dropped}"
    );
    assert!(!dropped.contains("this session is lost"), "{dropped}");
    let kept = playground.trace().steps[1].jars[0].cookies[0].value.len() + "sessionid".len();
    assert!(
        dropped.contains(&format!("({kept} bytes, name + value)")),
        "{dropped}"
    );
}

#[test]
fn an_oversized_first_cookie_loses_the_session() {
    let playground = playground(
        Engine::SignedCookies,
        vec![request(with_cart(stuffed_cart(STUFFED_CART_ITEMS)))],
    );
    let dropped = last(&playground).dropped.expect("dropped");
    assert!(dropped.contains("has no session cookie"), "{dropped}");
    assert!(playground.trace().steps[0].jars[0].cookies.is_empty());
}

#[test]
fn exceptions_read_as_python_prints_them() {
    let mut scenario_playground = Playground::new(Engine::Db, DEFAULT_START_TIME, 5);
    scenario_playground.change_setting(SettingChange::CookieName("my session".into()));
    scenario_playground.push(request(with_cart(Value::List(vec![]))));
    let view = last(&scenario_playground);
    assert_eq!(
        view.exception.as_deref(),
        Some("CookieError: Illegal key 'my session'")
    );
    assert_eq!(
        view.result, None,
        "the view's result never reached the client"
    );
}

#[test]
fn results_read_as_python() {
    let cart = Value::List(vec![Value::from("book"), Value::Null, Value::Bool(true)]);
    let playground = playground(
        Engine::Cache,
        vec![
            request(with_cart(cart)),
            request(ViewCall::Get {
                key: "cart".into(),
                default: Value::Null,
            }),
            request(ViewCall::Pop {
                key: "nothing".into(),
                default: None,
            }),
        ],
    );
    let view = response_view(&playground, Some(1)).unwrap();
    assert_eq!(view.result.as_deref(), Some("['book', None, True]"));
    assert_eq!(
        view.request_lines[2],
        format!(
            "Cookie: sessionid={}",
            playground.trace().steps[0].jars[0].cookies[0].value
        )
    );
    assert_eq!(
        last(&playground).result.as_deref(),
        Some("KeyError (the view caught it)")
    );
}

#[test]
fn an_in_place_append_says_nothing_was_saved() {
    let append = ViewCall::Append {
        key: "cart".into(),
        value: Value::from("mug"),
    };
    for engine in Engine::ALL {
        let lost = playground(
            engine,
            vec![
                request(with_cart(Value::List(vec![Value::from("book")]))),
                request(append.clone()),
            ],
        );
        let view = last(&lost);
        assert!(view.set_cookie_headers.is_empty(), "{engine}");
        let note = view.nothing_saved.expect("a note");
        assert!(note.starts_with("Nothing was saved."), "{engine}: {note}");
        assert!(note.contains("not modified"), "{engine}: {note}");

        let marked = playground(
            engine,
            vec![
                request(with_cart(Value::List(vec![Value::from("book")]))),
                request(ViewCall::Multi(vec![
                    append.clone(),
                    ViewCall::MarkModified,
                ])),
            ],
        );
        assert_eq!(last(&marked).nothing_saved, None, "{engine}");
    }
}

#[test]
fn the_exchange_html_holds_each_part_escaped() {
    let mut data = Dict::new();
    data.insert("note", Value::from("<b>bold</b>"));
    let playground = playground(
        Engine::Db,
        vec![
            request(ViewCall::Set(data)),
            request(ViewCall::Get {
                key: "note".into(),
                default: Value::Null,
            }),
        ],
    );
    let html = exchange_html(&last(&playground));
    assert!(html.contains(
        "data-testid=\"request-headers\">GET / HTTP/1.1\nHost: site.test\nCookie: sessionid="
    ));
    assert!(
        html.contains("data-testid=\"response-status\">HTTP/1.1 200 OK\nVary: Cookie</pre>"),
        "{html}"
    );
    assert!(
        html.contains("data-testid=\"no-set-cookie\">No Set-Cookie: The session was not modified"),
        "{html}"
    );
    assert!(
        html.contains("<code>&#39;&lt;b&gt;bold&lt;/b&gt;&#39;</code>"),
        "{html}"
    );
    assert!(!html.contains("<b>"));
}
