//! Tour 2. Close the browser: `set_expiry(0)` makes a browser-session cookie; the default expiry
//! survives closing the browser.

use sessionscope_engine::json::Value;
use sessionscope_engine::scenario::{Engine, ExpiryArg, Scenario, Step, Trace, ViewCall};

use super::steps::{base, login, read_user, request};
use super::trace::{result_text, set_cookie_output, stored_sessions};
use super::{fetched, Story, Tour};

pub(super) const TOUR: Tour = Tour {
    story: Story {
        id: "close-the-browser",
        title: "Close the browser",
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

/// The captions, from the fetched asset, with the figures of the engine's trace.
fn captions(_engine: Engine, trace: &Trace) -> Vec<String> {
    let facts = [
        (
            "set_cookie0",
            set_cookie_output(trace, 0).unwrap_or_default(),
        ),
        ("result4", result_text(trace, 4)),
        ("sessions4", stored_sessions(trace, 4).to_string()),
        ("result5", result_text(trace, 5)),
    ];
    fetched::captions(TOUR.story.id, trace, &facts)
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
