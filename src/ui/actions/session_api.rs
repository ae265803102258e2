//! The rest of the `request.session` API, one button per call people write: `get` with a
//! default, `setdefault`, `pop`, `update`, `cycle_key`, `clear`, `flush`, the test cookie; and
//! the in-place change Django does not see (`request.session["cart"].append(...)`); and, on a
//! Django that has it (5.1+), the async spelling an `async def` view awaits
//! (`await request.session.aset(...)`).

use sessionscope_engine::json::{Dict, Value};
use sessionscope_engine::scenario::{Request, Scenario, Step, ViewCall};

use super::action::Action;
use crate::ui::python;

/// `request.session` calls beyond `[key] = value`, then the async ones, available where the
/// scenario's Django has them ([`async_session_actions`]).
pub fn session_api_actions(scenario: &Scenario) -> Vec<Action> {
    let mut actions = sync_session_actions();
    actions.extend(async_session_actions(scenario));
    actions
}

/// What an async button says on a Django without the async session API.
const NEEDS_ASYNC_API: &str = "# the async session API is new in Django 5.1: switch the version";

/// The async session API (Django 5.1+), each call in an `async def` view; on 4.2 the buttons
/// stay, disabled, saying why.
fn async_session_actions(scenario: &Scenario) -> Vec<Action> {
    let has_async = scenario.django_version().has_async_session_api();
    let mut theme = Dict::new();
    theme.insert("theme", Value::from("dark"));
    let calls = [
        ("aset", "await aset()", ViewCall::Set(theme)),
        (
            "aget",
            "await aget()",
            ViewCall::Get {
                key: "cart".into(),
                default: Value::List(Vec::new()),
            },
        ),
        ("acycle-key", "await acycle_key()", ViewCall::CycleKey),
        ("aflush", "await aflush()", ViewCall::Flush),
    ];
    calls
        .into_iter()
        .map(|(id, label, call)| {
            Action::view(id, label, ViewCall::Async(vec![call])).only_if(has_async, NEEDS_ASYNC_API)
        })
        .collect()
}

fn sync_session_actions() -> Vec<Action> {
    let mut theme = Dict::new();
    theme.insert("theme", Value::from("dark"));
    vec![
        Action::view(
            "get-default",
            "get() with a default",
            ViewCall::Get {
                key: "cart".into(),
                default: Value::List(Vec::new()),
            },
        ),
        Action::view(
            "setdefault",
            "setdefault()",
            ViewCall::SetDefault {
                key: "cart".into(),
                value: Value::List(Vec::new()),
            },
        ),
        Action::view(
            "pop",
            "pop()",
            ViewCall::Pop {
                key: "cart".into(),
                default: Some(Value::Null),
            },
        ),
        Action::view("update", "update()", ViewCall::Update(theme)),
        Action::view("cycle-key", "cycle_key()", ViewCall::CycleKey),
        Action::view("clear", "clear()", ViewCall::Clear),
        Action::view("flush", "flush()", ViewCall::Flush),
        Action::view(
            "set-test-cookie",
            "set_test_cookie()",
            ViewCall::SetTestCookie,
        ),
        Action::view(
            "test-cookie-worked",
            "test_cookie_worked()",
            ViewCall::TestCookieWorked,
        ),
        Action::view(
            "delete-test-cookie",
            "delete_test_cookie()",
            ViewCall::DeleteTestCookie,
        ),
    ]
}

/// Changing a stored list in place, which Django does not notice, and the fix.
pub fn in_place_actions(_scenario: &Scenario) -> Vec<Action> {
    let append = ViewCall::Append {
        key: "cart".into(),
        value: Value::from("mug"),
    };
    let append_and_mark = ViewCall::Multi(vec![append.clone(), ViewCall::MarkModified]);
    vec![
        Action::new(
            "append",
            "append() in place",
            format!(
                "{}  # not saved: nothing marks the session modified",
                python::view_call(&append)
            ),
            Step::Request(Request::new(append)),
        ),
        Action::new(
            "append-mark-modified",
            "append(), then modified = True",
            python::view_call(&append_and_mark),
            Step::Request(Request::new(append_and_mark)),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use sessionscope_engine::scenario::{run, Engine};

    fn with_cart_then(engine: Engine, action: &str) -> sessionscope_engine::scenario::Trace {
        let mut scenario = Scenario::new("t", engine);
        let mut cart = Dict::new();
        cart.insert("cart", Value::List(vec![Value::from("book")]));
        scenario
            .steps
            .push(Step::Request(Request::new(ViewCall::Set(cart))));
        let chosen = in_place_actions(&scenario)
            .into_iter()
            .chain(session_api_actions(&scenario))
            .find(|a| a.id == action)
            .unwrap();
        scenario.steps.push(chosen.step);
        scenario
            .steps
            .push(Step::Request(Request::new(ViewCall::Get {
                key: "cart".into(),
                default: Value::Null,
            })));
        run(&scenario)
    }

    fn cart_read_back(trace: &sessionscope_engine::scenario::Trace) -> Value {
        trace.steps[2].response.as_ref().unwrap().result.clone()
    }

    #[test]
    fn append_alone_is_not_saved_and_marking_the_session_modified_saves_it() {
        for engine in Engine::ALL {
            let lost = with_cart_then(engine, "append");
            assert!(
                lost.steps[1]
                    .response
                    .as_ref()
                    .unwrap()
                    .set_cookies
                    .is_empty(),
                "{engine}: no Set-Cookie"
            );
            assert_eq!(
                cart_read_back(&lost),
                Value::List(vec![Value::from("book")]),
                "{engine}"
            );
            let kept = with_cart_then(engine, "append-mark-modified");
            assert_eq!(
                cart_read_back(&kept),
                Value::List(vec![Value::from("book"), Value::from("mug")]),
                "{engine}"
            );
        }
    }

    #[test]
    fn the_async_spelling_is_offered_where_the_version_has_it_and_runs_async() {
        use sessionscope_engine::version::DjangoVersion;
        let mut scenario = Scenario::new("t", Engine::Db);
        for version in DjangoVersion::ALL {
            scenario.django = Some(version);
            let aset = session_api_actions(&scenario)
                .into_iter()
                .find(|a| a.id == "aset")
                .unwrap();
            assert_eq!(aset.available, version.has_async_session_api(), "{version}");
            if !aset.available {
                assert!(aset.code.contains("new in Django 5.1"), "{version}");
            } else {
                assert_eq!(aset.code, "await request.session.aset(\"theme\", \"dark\")");
                scenario.steps = vec![aset.step];
                let trace = run(&scenario);
                let response = trace.steps[0].response.as_ref().unwrap();
                assert_eq!(response.status, 200, "{version}");
                assert_eq!(response.set_cookies.len(), 1, "{version}");
            }
        }
    }

    #[test]
    fn the_code_is_the_python_people_write() {
        let scenario = Scenario::new("t", Engine::Db);
        let code = |id| {
            session_api_actions(&scenario)
                .into_iter()
                .chain(in_place_actions(&scenario))
                .find(|a| a.id == id)
                .unwrap()
                .code
        };
        assert_eq!(code("get-default"), "request.session.get(\"cart\", [])");
        assert_eq!(
            code("setdefault"),
            "request.session.setdefault(\"cart\", [])"
        );
        assert_eq!(code("pop"), "request.session.pop(\"cart\", None)");
        assert_eq!(
            code("update"),
            "request.session.update({\"theme\": \"dark\"})"
        );
        assert_eq!(code("cycle-key"), "request.session.cycle_key()");

        assert_eq!(
            code("append-mark-modified"),
            "request.session[\"cart\"].append(\"mug\")\nrequest.session.modified = True"
        );
    }
}
