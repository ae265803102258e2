//! Tour 11. A `Secure` session cookie over plain http: `SESSION_COOKIE_SECURE = True` behind a
//! proxy the browser still reaches over http. Django sets the cookie with `Secure` whatever the
//! scheme; the browser refuses it, so every request starts a new, empty session.

use sessionscope_engine::scenario::{Engine, Scenario, SettingChange, Trace};

use super::steps::{base, get, over_https, set, strings, with_browser_rules};
use super::trace::{
    not_sent_text, refused_text, request_line, result_text, set_cookie_output, stored_sessions,
};
use super::{fetched, Story, Tour};

pub(super) const TOUR: Tour = Tour {
    story: Story {
        id: "secure-cookie-over-http",
        title: "A Secure cookie over plain http",
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

/// The captions, from the fetched asset, with the figures of the engine's trace.
fn captions(_engine: Engine, trace: &Trace) -> Vec<String> {
    let facts = [
        ("request0", request_line(trace, 0)),
        (
            "set_cookie0",
            set_cookie_output(trace, 0).unwrap_or_default(),
        ),
        ("refused", refused_text(trace, 0).unwrap_or_default()),
        ("sessions1", stored_sessions(trace, 1).to_string()),
        ("result2", result_text(trace, 2)),
        ("request3", request_line(trace, 3)),
        ("result4", result_text(trace, 4)),
        ("request5", request_line(trace, 5)),
        ("not_sent5", not_sent_text(trace, 5).unwrap_or_default()),
        ("result5", result_text(trace, 5)),
    ];
    fetched::captions(TOUR.story.id, trace, &facts)
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
