//! Tour 7. Sliding expiry with SESSION_SAVE_EVERY_REQUEST: every request pushes the expiry forward,
//! so SESSION_COOKIE_AGE becomes an idle timeout.

use sessionscope_engine::scenario::{Engine, Scenario, SettingChange, Step, Trace, ViewCall};

use super::steps::{base, login, read_user, request};
use super::trace::{result_text, set_cookie_len};
use super::{fetched, Story, Tour};

pub(super) const TOUR: Tour = Tour {
    story: Story {
        id: "sliding-expiry",
        title: "Sliding expiry with SAVE_EVERY_REQUEST",
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

/// The captions, from the fetched asset, with the figures of the engine's trace.
fn captions(_engine: Engine, trace: &Trace) -> Vec<String> {
    let facts = [
        ("set_cookie_len3", set_cookie_len(trace, 3).to_string()),
        ("result5", result_text(trace, 5)),
        ("result6", result_text(trace, 6)),
        ("result8", result_text(trace, 8)),
    ];
    fetched::captions(TOUR.story.id, trace, &facts)
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
