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
use super::{Story, Tour};

pub(super) const TOUR: Tour = Tour {
    story: Story {
        id: "cross-site-post-login",
        title: "A cross-site POST login loses the session",
        intro: "The login form lives on another site (a marketing page, a partner portal, an \
                identity provider posting back) and POSTs to the shop. SESSION_COOKIE_SAMESITE is \
                'Lax' by default, and a browser does not send a Lax cookie with a cross-site POST: \
                Django sees no session, login() starts a new one, and the browser replaces the \
                shopper's cookie with it. The user is logged in and the cart is gone. A plain link \
                from the other site would have carried the cookie.",
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

fn captions(engine: Engine, trace: &Trace) -> Vec<String> {
    let first = jar_value(trace, 0, "main").unwrap_or_default();
    let second = jar_value(trace, 1, "main").unwrap_or_default();
    let old_session = if engine == Engine::SignedCookies {
        "The old cookie, with the book inside, is overwritten.".to_owned()
    } else {
        format!(
            "The old session, with the book, is still on the server ({} sessions now), but no \
             browser names it any more.",
            stored_sessions(trace, 1)
        )
    };
    vec![
        format!(
            "A shopper puts a book in the cart on the shop itself. Django's cookie is \
             SameSite=Lax, its default: {}",
            set_cookie_output(trace, 0).unwrap_or_default()
        ),
        format!(
            "The login form on {OTHER_SITE} sends {}. The browser has the cookie ({}) but \
             keeps it back: \"{}\". Django sees no session, login() starts a new one, and its \
             cookie ({}) replaces the shopper's. {old_session}",
            request_line(trace, 1),
            short(&first),
            not_sent_text(trace, 1).unwrap_or_default(),
            short(&second)
        ),
        format!(
            "Back on the shop, request.user and the cart read {}: logged in as user 1, and the \
             cart is gone. Nothing failed; the session was simply replaced.",
            result_text(trace, 2)
        ),
        format!(
            "A plain link from {OTHER_SITE} is a top-level GET, and Lax cookies do go with \
             those: the cookie is sent and the view reads {}. Only the cross-site POST lost \
             the session. Cures: post the login form from the shop's own pages, or have the \
             other site link to the shop's login page instead of posting to it.",
            result_text(trace, 3)
        ),
    ]
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
