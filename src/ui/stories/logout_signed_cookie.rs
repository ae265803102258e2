//! Tour 4. Logout does not revoke a signed cookie: a copy taken before `flush()` still loads with
//! signed_cookies, and points at nothing with the server-side engines.

use sessionscope_engine::scenario::{Engine, Scenario, Step, Trace};

use super::steps::{base, login, logout, read_user};
use super::trace::{jar_value, result_text, short};
use super::{fetched, Story, Tour};

pub(super) const TOUR: Tour = Tour {
    story: Story {
        id: "logout-signed-cookie",
        title: "Logout does not revoke a signed cookie",
        engines: &[
            Engine::SignedCookies,
            Engine::Db,
            Engine::Cache,
            Engine::CachedDb,
            Engine::File,
        ],
    },
    build: scenario,
    narrate: captions,
    #[cfg(test)]
    check: tests::check,
};

fn scenario(engine: Engine) -> Scenario {
    let mut s = base(engine);
    s.steps = vec![
        login("main", 1),
        Step::SaveCookie {
            label: "copied".to_owned(),
            name: None,
            browser: "main".to_owned(),
        },
        logout("main"),
        Step::RestoreCookie {
            label: "copied".to_owned(),
            browser: "main".to_owned(),
        },
        read_user("main"),
        Step::Advance(1_209_601.0),
        read_user("main"),
    ];
    s
}

/// The captions, from the fetched asset, with the figures of the engine's trace.
fn captions(_engine: Engine, trace: &Trace) -> Vec<String> {
    let facts = [
        (
            "copy",
            short(&jar_value(trace, 1, "main").unwrap_or_default()),
        ),
        ("result4", result_text(trace, 4)),
        ("result6", result_text(trace, 6)),
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
        let server = engine != Engine::SignedCookies;
        assert!(deletes_cookie(t, 2));
        assert!(sent_cookie(t, 4));
        if server {
            assert_eq!(result(t, 4), Value::Null);
            assert!(deletes_cookie(t, 4));
        } else {
            assert_eq!(result(t, 4), s("1"));
        }
        assert_eq!(result(t, 6), Value::Null);
    }
}
