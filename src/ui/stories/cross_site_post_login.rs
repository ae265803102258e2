//! Tour 12. A login form on another site POSTs to the shop: the session cookie is
//! `SameSite=Lax` (Django's default), so it stays behind; `login()` starts a new session and the
//! browser replaces the shopper's cookie with it. Logged in, cart gone.

use sessionscope_engine::browser::rules::RequestKind;
use sessionscope_engine::json::Value;
use sessionscope_engine::scenario::{Engine, Scenario, Trace, ViewCall};

use super::steps::{base, from_other_site, request, set, strings, with_browser_rules, OTHER_SITE};
use super::trace::{
    jar_value, not_sent_text, request_line, result_text, set_cookie_output, short, stored_sessions,
};
use super::{fetched, Story, Tour};

pub(super) const TOUR: Tour = Tour {
    story: Story {
        id: "cross-site-post-login",
        title: "A cross-site POST login loses the session",
        engines: &Engine::ALL,
    },
    build: scenario,
    narrate: captions,
    #[cfg(test)]
    check: tests::check,
};

/// `request.user` and the cart, in one request.
fn user_and_cart() -> ViewCall {
    ViewCall::Multi(vec![
        ViewCall::User,
        ViewCall::Get {
            key: "cart".into(),
            default: Value::Null,
        },
    ])
}

fn scenario(engine: Engine) -> Scenario {
    let mut s = with_browser_rules(base(engine));
    s.steps = vec![
        set("main", &[("cart", strings(&["book"]))]),
        from_other_site(
            RequestKind::FormPost,
            "/login/",
            request("main", ViewCall::Login { user: 1 }),
        ),
        request("main", user_and_cart()),
        from_other_site(RequestKind::Link, "/", request("main", user_and_cart())),
    ];
    s
}

/// The captions, from the fetched asset, with the figures of the engine's trace.
fn captions(_engine: Engine, trace: &Trace) -> Vec<String> {
    let facts = [
        (
            "set_cookie0",
            set_cookie_output(trace, 0).unwrap_or_default(),
        ),
        ("other_site", OTHER_SITE.to_owned()),
        ("request1", request_line(trace, 1)),
        (
            "first",
            short(&jar_value(trace, 0, "main").unwrap_or_default()),
        ),
        ("not_sent1", not_sent_text(trace, 1).unwrap_or_default()),
        (
            "second",
            short(&jar_value(trace, 1, "main").unwrap_or_default()),
        ),
        ("sessions1", stored_sessions(trace, 1).to_string()),
        ("result2", result_text(trace, 2)),
        ("result3", result_text(trace, 3)),
    ];
    fetched::captions(TOUR.story.id, trace, &facts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::stories::checks::*;

    /// The claims the captions make, checked on the engine's trace.
    pub(super) fn check(engine: Engine, t: &Trace) {
        assert!(set_cookie_output(t, 0).unwrap().contains("; SameSite=Lax"));
        assert!(jar_value(t, 0, "main").is_some());
        assert_eq!(request_line(t, 1), "POST http://site.test/login/");
        assert!(kept_back(t, 1));
        assert_eq!(cookie_header(t, 1), None, "Django sees no session");
        assert_eq!(
            not_sent_text(t, 1).as_deref(),
            Some("not sent: SameSite=Lax and this is a cross-site POST")
        );
        assert!(sets_cookie(t, 1));
        assert_ne!(
            jar_value(t, 1, "main"),
            jar_value(t, 0, "main"),
            "the new cookie replaced the shopper's"
        );
        if engine != Engine::SignedCookies {
            assert_eq!(stored_sessions(t, 1), 2);
        }
        assert_eq!(
            result(t, 2),
            Value::List(vec![s("1"), Value::Null]),
            "logged in, cart gone"
        );
        assert!(sent_cookie(t, 3), "a cross-site link carries a Lax cookie");
        assert!(!kept_back(t, 3));
        assert_eq!(result(t, 3), Value::List(vec![s("1"), Value::Null]));
    }
}
