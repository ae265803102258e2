//! Tour 7. Sliding expiry with SESSION_SAVE_EVERY_REQUEST: every request pushes the expiry forward,
//! so SESSION_COOKIE_AGE becomes an idle timeout.

use sessionscope_engine::scenario::{Engine, Scenario, SettingChange, Step, Trace, ViewCall};

use super::steps::{base, login, read_user, request};
use super::trace::{result_text, set_cookie_len};
use super::{Story, Tour};

pub(super) const TOUR: Tour = Tour {
    story: Story {
            id: "sliding-expiry",
            title: "Sliding expiry with SAVE_EVERY_REQUEST",
            intro:
                "By default a session expires SESSION_COOKIE_AGE after it was last modified, however \
                active the user is. With SESSION_SAVE_EVERY_REQUEST = True every request saves the \
                session again and pushes the expiry forward: an idle timeout. Here the age is 10 \
                minutes: a phone that stays idle is logged out, a laptop that keeps clicking is not.",
            engines: &Engine::ALL,
    },
    build: scenario,
    narrate: captions,
    #[cfg(test)]
    check: tests::check,
};

fn scenario(engine: Engine) -> Scenario {
    let mut s = base(engine);
    s.settings.changes = vec![
        SettingChange::CookieAge(600),
        SettingChange::SaveEveryRequest(true),
    ];
    s.steps = vec![
        login("laptop", 1),
        login("phone", 2),
        Step::Advance(300.0),
        request("laptop", ViewCall::Noop),
        Step::Advance(300.0),
        read_user("phone"),
        read_user("laptop"),
        Step::Advance(601.0),
        read_user("laptop"),
    ];
    s
}

fn captions(_engine: Engine, trace: &Trace) -> Vec<String> {
    vec![
        "The laptop logs in (django.contrib.auth.login()). SESSION_COOKIE_AGE is 600: the cookie and the session expire in 10 minutes."
            .to_owned(),
        "The phone logs in at the same moment.".to_owned(),
        "5 minutes pass.".to_owned(),
        format!(
            "The laptop opens a page that never touches the session. With SESSION_SAVE_EVERY_REQUEST \
             Django saves it anyway and sends a fresh cookie ({} bytes): the 10 minutes start again.",
            set_cookie_len(trace, 3)
        ),
        "5 more minutes: 10 minutes since login.".to_owned(),
        format!(
            "The phone has been idle for 10 minutes. Its cookie's expiry has come, so the browser sends \
             nothing: request.user is anonymous (get_user() gives {}).",
            result_text(trace, 5)
        ),
        format!(
            "The laptop was active 5 minutes ago, so it is still logged in as user {}, and this request slides \
             its expiry again.",
            result_text(trace, 6)
        ),
        "The laptop is left idle for 10 minutes and a second.".to_owned(),
        format!(
            "Now the laptop is logged out too (get_user() gives {}). SAVE_EVERY_REQUEST turns SESSION_COOKIE_AGE into an \
             idle timeout, at the cost of a write on every request.",
            result_text(trace, 8)
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::stories::checks::*;
    use sessionscope_engine::json::Value;

    /// The claims the captions make, checked on the engine's trace.
    pub(super) fn check(_engine: Engine, t: &Trace) {
        assert!(sets_cookie(t, 3), "a noop request re-saves");
        assert!(!sent_cookie(t, 5));
        assert_eq!(result(t, 5), Value::Null);
        assert_eq!(result(t, 6), s("1"));
        assert_eq!(result(t, 8), Value::Null);
    }
}
