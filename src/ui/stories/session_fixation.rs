//! Tour 8. `cycle_key` on login against session fixation: a planted session key is logged in as
//! the victim unless the login view cycles the key.

use sessionscope_engine::json::Value;
use sessionscope_engine::scenario::{Engine, Scenario, Step, Trace, ViewCall};

use super::steps::{base, dict, get, request, set, set_user_id};
use super::trace::{jar_value, result_text, short};
use super::{fetched, Story, Tour};

pub(super) const TOUR: Tour = Tour {
    story: Story {
        id: "session-fixation",
        title: "cycle_key on login against session fixation",
        engines: &[
            Engine::Db,
            Engine::Cache,
            Engine::CachedDb,
            Engine::File,
            Engine::SignedCookies,
        ],
    },
    build: scenario,
    narrate: captions,
    #[cfg(test)]
    check: tests::check,
};

fn scenario(engine: Engine) -> Scenario {
    let mut s = base(engine);
    let cart = || ("cart", Value::List(Vec::new()));
    s.steps = vec![
        set("attacker", &[cart()]),
        Step::SaveCookie {
            label: "planted".to_owned(),
            name: None,
            browser: "attacker".to_owned(),
        },
        Step::RestoreCookie {
            label: "planted".to_owned(),
            browser: "victim".to_owned(),
        },
        set_user_id("victim", "7"),
        get("attacker", "_auth_user_id"),
        request("victim", ViewCall::Flush),
        set("attacker", &[cart()]),
        Step::SaveCookie {
            label: "planted again".to_owned(),
            name: None,
            browser: "attacker".to_owned(),
        },
        Step::RestoreCookie {
            label: "planted again".to_owned(),
            browser: "victim".to_owned(),
        },
        request(
            "victim",
            ViewCall::Multi(vec![
                ViewCall::CycleKey,
                ViewCall::Set(dict(&[("_auth_user_id", Value::from("7"))])),
            ]),
        ),
        get("attacker", "_auth_user_id"),
    ];
    s
}

/// The captions, from the fetched asset, with the figures of the engine's trace.
fn captions(_engine: Engine, trace: &Trace) -> Vec<String> {
    let cookie = |i, browser| short(&jar_value(trace, i, browser).unwrap_or_default());
    let facts = [
        ("planted", cookie(1, "attacker")),
        ("replanted", cookie(7, "attacker")),
        ("victim_after", cookie(9, "victim")),
        ("result4", result_text(trace, 4)),
        ("result10", result_text(trace, 10)),
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
        assert_eq!(jar_value(t, 2, "victim"), jar_value(t, 1, "attacker"));
        if server {
            assert_eq!(jar_value(t, 3, "victim"), jar_value(t, 1, "attacker"));
            assert_eq!(result(t, 4), s("7"));
        } else {
            assert_ne!(jar_value(t, 3, "victim"), jar_value(t, 1, "attacker"));
            assert_eq!(result(t, 4), Value::Null);
        }
        if server {
            assert_ne!(jar_value(t, 7, "attacker"), jar_value(t, 1, "attacker"));
        } else {
            assert_eq!(jar_value(t, 7, "attacker"), jar_value(t, 1, "attacker"));
        }
        assert_eq!(jar_value(t, 8, "victim"), jar_value(t, 7, "attacker"));
        assert_ne!(jar_value(t, 9, "victim"), jar_value(t, 7, "attacker"));
        assert_eq!(result(t, 10), Value::Null);
    }
}
