//! Tour 1. The shopping cart: when Django sets the session cookie, what the browser sends back,
//! and where the cart lives on each engine.

use sessionscope_engine::scenario::{Engine, Scenario, Step, Trace, ViewCall};

use super::steps::{base, get, request, set, strings};
use super::trace::{result_text, set_cookie_len, stored_sessions};
use super::{fetched, Story, Tour};

pub(super) const TOUR: Tour = Tour {
    story: Story {
        id: "shopping-cart",
        title: "The shopping cart",
        engines: &Engine::ALL,
    },
    build: scenario,
    narrate: captions,
    #[cfg(test)]
    check: tests::check,
};

fn scenario(engine: Engine) -> Scenario {
    let mut s = base(engine);
    s.steps = vec![
        request("main", ViewCall::Noop),
        set("main", &[("cart", strings(&["django-book"]))]),
        set("main", &[("cart", strings(&["django-book", "mug"]))]),
        get("main", "cart"),
        Step::Advance(86_400.0),
        get("main", "cart"),
        request(
            "main",
            ViewCall::Pop {
                key: "cart".to_owned(),
                default: None,
            },
        ),
    ];
    s
}

/// The captions, from the fetched asset, with the figures of the engine's trace.
fn captions(_engine: Engine, trace: &Trace) -> Vec<String> {
    let facts = [
        ("set_cookie_len1", set_cookie_len(trace, 1).to_string()),
        ("sessions1", stored_sessions(trace, 1).to_string()),
        ("set_cookie_len2", set_cookie_len(trace, 2).to_string()),
        ("result3", result_text(trace, 3)),
        ("result5", result_text(trace, 5)),
        ("result6", result_text(trace, 6)),
        ("set_cookie_len6", set_cookie_len(trace, 6).to_string()),
    ];
    fetched::captions(TOUR.story.id, trace, &facts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::stories::checks::*;
    use sessionscope_engine::json::Value;
    use sessionscope_engine::scenario::run;

    /// The claims the captions make, checked on the engine's trace.
    pub(super) fn check(engine: Engine, t: &Trace) {
        let server = engine != Engine::SignedCookies;
        assert!(!sets_cookie(t, 0) && !sent_cookie(t, 0));
        assert_eq!(stored_sessions(t, 0), 0);
        assert!(sets_cookie(t, 1) && sets_cookie(t, 2));
        assert_eq!(stored_sessions(t, 1), usize::from(server));
        assert!(sent_cookie(t, 3) && !sets_cookie(t, 3));
        let cart = strings(&["django-book", "mug"]);
        assert_eq!(result(t, 3), cart);
        assert_eq!(result(t, 5), cart);
        assert_eq!(result(t, 6), cart);
        assert!(sets_cookie(t, 6) && !deletes_cookie(t, 6));
        assert!(jar_value(t, 6, "main").is_some());
        if server {
            assert_eq!(jar_value(t, 6, "main"), jar_value(t, 5, "main"), "same key");
            assert_eq!(stored_sessions(t, 6), 1);
            let empty = Some(Value::empty_dict());
            match (
                &t.steps[6].store.db,
                &t.steps[6].store.files,
                &t.steps[6].store.cache,
            ) {
                (Some(rows), _, _) => assert_eq!(rows[0].data, empty),
                (_, Some(files), _) => assert_eq!(files[0].data, empty),
                (_, _, Some(entries)) => assert_eq!(Some(entries[0].value.clone()), empty),
                _ => panic!("no store"),
            }
        } else {
            assert!(jar_value(t, 6, "main").unwrap().starts_with("e30:"));
        }
    }

    #[test]
    fn servers_hold_a_session_when_captions_say_so() {
        for engine in SERVER_ENGINES {
            let trace = run(&crate::ui::stories::book().scenario(&TOUR.story, *engine));
            assert_eq!(stored_sessions(&trace, 1), 1, "{engine}");
        }
    }
}
