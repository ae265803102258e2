//! Tour 2. Close the browser: `set_expiry(0)` makes a browser-session cookie; the default expiry
//! survives closing the browser.

use sessionscope_engine::json::Value;
use sessionscope_engine::scenario::{Engine, ExpiryArg, Scenario, Step, Trace, ViewCall};

use super::steps::{base, login, read_user, request};
use super::trace::{result_text, set_cookie_output, stored_sessions};
use super::{Story, Tour};

pub(super) const TOUR: Tour = Tour {
    story: Story {
            id: "close-the-browser",
            title: "Close the browser",
            intro: "A login form with a \"remember me\" box. Unticked, the view calls \
                request.session.set_expiry(0): the cookie gets no expiry date, so the browser forgets \
                it when it closes. Ticked, the cookie lasts SESSION_COOKIE_AGE (two weeks). Two \
                browsers log in, both are closed, and only one is still logged in when it comes back.",
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
        request(
            "laptop",
            ViewCall::Multi(vec![
                ViewCall::Login { user: 1 },
                ViewCall::SetExpiry(ExpiryArg::Value(Value::from(0))),
            ]),
        ),
        login("phone", 2),
        Step::CloseBrowser("laptop".to_owned()),
        Step::CloseBrowser("phone".to_owned()),
        read_user("laptop"),
        read_user("phone"),
    ];
    s
}

fn captions(engine: Engine, trace: &Trace) -> Vec<String> {
    let laptop_cookie = set_cookie_output(trace, 0).unwrap_or_default();
    let server_note = if engine == Engine::SignedCookies {
        "There is nothing on the server to forget.".to_owned()
    } else {
        format!(
            "The server still holds {} sessions: closing a browser deletes nothing there.",
            stored_sessions(trace, 4)
        )
    };
    vec![
        format!(
            "The laptop logs in with \"remember me\" unticked: the view calls login(), then set_expiry(0). The cookie \
             has no expires and no Max-Age, so it is a browser-session cookie: {laptop_cookie}"
        ),
        "The phone logs in with \"remember me\" ticked: default expiry, so its cookie carries expires \
         and Max-Age=1209600 (two weeks)."
            .to_owned(),
        "The laptop's browser is closed: it forgets every cookie without an expiry date, including the \
         session cookie."
            .to_owned(),
        "The phone's browser is closed too, but its cookie has an expiry date, so the phone keeps it."
            .to_owned(),
        format!(
            "The laptop comes back and sends no cookie: it is logged out (request.user is anonymous: get_user() gives {}). {server_note}",
            result_text(trace, 4)
        ),
        format!(
            "The phone sends its cookie and is still logged in: request.user is user {}.",
            result_text(trace, 5)
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::stories::checks::*;

    /// The claims the captions make, checked on the engine's trace.
    pub(super) fn check(engine: Engine, t: &Trace) {
        let server = engine != Engine::SignedCookies;
        let laptop = &t.steps[0].response.as_ref().unwrap().set_cookies[0];
        assert_eq!(laptop.attributes.expires, None);
        assert_eq!(laptop.attributes.max_age, None);
        let phone = &t.steps[1].response.as_ref().unwrap().set_cookies[0];
        assert_eq!(phone.attributes.max_age, Some(1_209_600));
        assert!(phone.attributes.expires.is_some());
        assert_eq!(jar_value(t, 2, "laptop"), None);
        assert!(jar_value(t, 3, "phone").is_some());
        assert!(!sent_cookie(t, 4));
        assert_eq!(result(t, 4), Value::Null);
        assert_eq!(stored_sessions(t, 4), if server { 2 } else { 0 });
        assert_eq!(result(t, 5), s("2"));
    }
}
