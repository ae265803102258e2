//! Tour 1. The shopping cart: when Django sets the session cookie, what the browser sends back,
//! and where the cart lives on each engine.

use sessionscope_engine::scenario::{Engine, Scenario, Step, Trace, ViewCall};

use super::steps::{base, get, request, set, strings};
use super::trace::{cookie_holds, result_text, set_cookie_len, stored_sessions, where_stored};
use super::{Story, Tour};

pub(super) const TOUR: Tour = Tour {
    story: Story {
        id: "shopping-cart",
        title: "The shopping cart",
        intro:
            "The example every Django tutorial starts with: a visitor browses, puts things in a cart, \
                comes back the next day and checks out. Watch when Django sets the session cookie \
                (only once the session is modified), what the browser sends back, and where the cart \
                really lives: in a database row, a cache entry, a file, or the cookie itself.",
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

fn captions(engine: Engine, trace: &Trace) -> Vec<String> {
    let first_cookie = set_cookie_len(trace, 1);
    let stored = if engine == Engine::SignedCookies {
        "The server keeps nothing at all.".to_owned()
    } else {
        format!(
            "The server now holds {} session: {}.",
            stored_sessions(trace, 1),
            where_stored(engine)
        )
    };
    vec![
        "A visitor browses the shop. The view never touches request.session, so Django sets no cookie \
         and stores nothing."
            .to_owned(),
        format!(
            "They add a book: request.session[\"cart\"] = [\"django-book\"]. The session was modified, so \
             SessionMiddleware saves it and sends a {first_cookie}-byte Set-Cookie. The cookie holds {}. {stored}",
            cookie_holds(engine)
        ),
        format!(
            "A mug joins the book. Assigning the list again marks the session modified, so it is saved \
             again and the cookie is sent again ({} bytes).",
            set_cookie_len(trace, 2)
        ),
        format!(
            "Viewing the cart only reads the session: the browser sends its cookie, the view gets {}, \
             and since nothing changed Django saves nothing and sends no Set-Cookie (only Vary: Cookie).",
            result_text(trace, 3)
        ),
        "A day passes. The cookie lasts SESSION_COOKIE_AGE (two weeks) from the last save.".to_owned(),
        format!(
            "The next day the cart is still there: {}.",
            result_text(trace, 5)
        ),
        format!(
            "Checkout: request.session.pop(\"cart\") returns {} and leaves the session dict empty. \
             The session still has its key, so it is not \"empty\" to SessionMiddleware: it was \
             modified, so Django saves {{}} and sends the cookie again ({} bytes). {}",
            result_text(trace, 6),
            set_cookie_len(trace, 6),
            if engine == Engine::SignedCookies {
                "The new cookie carries the empty dict: e30 is base64 for {}."
            } else {
                "The stored session is now {}, under the same key."
            }
        ),
    ]
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
