//! Tour 11. A `Secure` session cookie over plain http: `SESSION_COOKIE_SECURE = True` behind a
//! proxy the browser still reaches over http. Django sets the cookie with `Secure` whatever the
//! scheme; the browser refuses it, so every request starts a new, empty session.

use sessionscope_engine::scenario::{Engine, Scenario, SettingChange, Trace};

use super::steps::{base, get, over_https, set, strings, with_browser_rules};
use super::trace::{
    not_sent_text, refused_text, request_line, result_text, set_cookie_output, stored_sessions,
    where_stored,
};
use super::{Story, Tour};

pub(super) const TOUR: Tour = Tour {
    story: Story {
            id: "secure-cookie-over-http",
            title: "A Secure cookie over plain http",
            intro: "SESSION_COOKIE_SECURE = True, as the deployment checklist says, but the browser \
                reaches the site over plain http: a TLS-terminating proxy that also answers on port \
                80, a staging address without https. Django adds Secure to the cookie whatever the \
                scheme; the browser (Chromium's cookie rules) refuses a Secure cookie that arrives \
                over http, so each request starts a new, empty session. Over https the same cookie \
                works, and is never sent back over http.",
            engines: &Engine::ALL,
    },
    build: scenario,
    narrate: captions,
    #[cfg(test)]
    check: tests::check,
};

fn scenario(engine: Engine) -> Scenario {
    let mut s = with_browser_rules(base(engine));
    s.settings.changes = vec![SettingChange::CookieSecure(true)];
    s.steps = vec![
        set("main", &[("cart", strings(&["book"]))]),
        set("main", &[("cart", strings(&["pen"]))]),
        get("main", "cart"),
        over_https(set("main", &[("cart", strings(&["book"]))])),
        over_https(get("main", "cart")),
        get("main", "cart"),
    ];
    s
}

/// What the server keeps of the refused sessions, in words.
fn leftovers(engine: Engine, trace: &Trace, i: usize) -> String {
    if engine == Engine::SignedCookies {
        "Nothing is left on the server: with signed_cookies the refused cookie was the session."
            .to_owned()
    } else {
        format!(
            "The server now holds {} sessions ({} each) that no browser can name.",
            stored_sessions(trace, i),
            where_stored(engine)
        )
    }
}

fn captions(engine: Engine, trace: &Trace) -> Vec<String> {
    let refused = refused_text(trace, 0).unwrap_or_default();
    vec![
        format!(
            "{}: the view puts a book in the cart. SESSION_COOKIE_SECURE = True, so Django's \
             cookie says Secure: {}. The browser answers \"{refused}\": the jar stays empty.",
            request_line(trace, 0),
            set_cookie_output(trace, 0).unwrap_or_default()
        ),
        format!(
            "The next request carries no Cookie header, so Django starts a new, empty session: \
             the book is gone. The pen goes into that new session, whose cookie is refused the \
             same way. {}",
            leftovers(engine, trace, 1)
        ),
        format!(
            "Reading the cart gives {}: over http every request starts empty. This is the \
             \"logged out on every click\" that users report behind a proxy.",
            result_text(trace, 2)
        ),
        format!(
            "{}: the same site over https, the proxy terminating TLS as it should. Django's \
             Secure cookie is stored this time.",
            request_line(trace, 3)
        ),
        format!(
            "The next https request sends it back, and the view reads {}.",
            result_text(trace, 4)
        ),
        format!(
            "{} again: \"{}\". Django sees no session and the cart reads {}. The cure is to \
             reach the site only over https (redirect http to https), not to turn \
             SESSION_COOKIE_SECURE off.",
            request_line(trace, 5),
            not_sent_text(trace, 5).unwrap_or_default(),
            result_text(trace, 5)
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::stories::checks::*;
    use sessionscope_engine::json::Value;

    /// The claims the captions make, checked on the engine's trace.
    pub(super) fn check(engine: Engine, t: &Trace) {
        assert_eq!(request_line(t, 0), "GET http://site.test/");
        assert!(set_cookie_output(t, 0).unwrap().ends_with("; Secure"));
        assert_eq!(
            refused_text(t, 0).as_deref(),
            Some("refused: it is Secure but came over plain http")
        );
        assert!(jar_value(t, 0, "main").is_none(), "the jar stays empty");
        assert_eq!(cookie_header(t, 1), None);
        assert!(refused(t, 1), "the second cookie is refused too");
        if engine == Engine::SignedCookies {
            assert_eq!(stored_sessions(t, 1), 0);
        } else {
            assert_eq!(stored_sessions(t, 1), 2, "two sessions nobody can name");
        }
        assert_eq!(cookie_header(t, 2), None);
        assert_eq!(result(t, 2), Value::Null);
        assert_eq!(request_line(t, 3), "GET https://site.test/");
        assert!(!refused(t, 3));
        assert!(jar_value(t, 3, "main").is_some(), "stored over https");
        assert!(sent_cookie(t, 4));
        assert_eq!(result(t, 4), strings(&["book"]));
        assert_eq!(request_line(t, 5), "GET http://site.test/");
        assert!(kept_back(t, 5));
        assert_eq!(
            not_sent_text(t, 5).as_deref(),
            Some("not sent: it is Secure and this request is not over https")
        );
        assert_eq!(cookie_header(t, 5), None);
        assert_eq!(result(t, 5), Value::Null);
    }
}
