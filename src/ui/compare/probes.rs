//! The comparison's two yes/no questions, answered by running small probe scenarios through
//! the engine under the scenario's own settings: does logging out revoke a copied cookie, does
//! a session survive a cache restart.

use crate::ui::engine_code;
use sessionscope_engine::json::Value;
use sessionscope_engine::scenario::{
    Engine, Request, Scenario, Step, TraceStep, ViewCall, DEFAULT_BROWSER,
};

/// The answer to a yes/no question, with what the engine did to give it.
#[derive(Clone, Debug, PartialEq)]
pub struct Probe {
    /// The answer.
    pub holds: bool,
    /// What happened, in a sentence with the bytes involved.
    pub evidence: String,
}

/// The user the probes log in (one of the scenario's default users).
const PROBE_USER: i64 = 1;

fn probe_base(scenario: &Scenario, engine: Engine, name: &str) -> Scenario {
    let mut probe = Scenario::new(name, engine);
    probe.start_time = scenario.start_time;
    probe.settings = scenario.settings.clone();
    probe.cache = scenario.cache;
    probe.session_keys = scenario.session_keys.clone();
    probe
}

/// `login(request, user)`, as a view does after checking a password.
fn login() -> Step {
    Step::Request(Request::new(ViewCall::Login { user: PROBE_USER }))
}

/// A view that reads `request.user` (what `AuthenticationMiddleware` gives it).
fn read_user() -> Step {
    Step::Request(Request::new(ViewCall::User))
}

/// Whether the step's view saw the probe's user as `request.user`.
fn sees_user(step: Option<&TraceStep>) -> bool {
    step.and_then(|s| s.response.as_ref())
        .is_some_and(|r| r.result == Value::from(PROBE_USER.to_string()))
}

/// `request.user` in Python's words: `<User: user1>` or `AnonymousUser`.
fn user_text(step: Option<&TraceStep>) -> String {
    if sees_user(step) {
        format!("<User: user{PROBE_USER}>")
    } else {
        "AnonymousUser".to_owned()
    }
}

fn cookie_sent(step: Option<&TraceStep>) -> String {
    match step
        .and_then(|s| s.request.as_ref())
        .and_then(|r| r.cookie_header.clone())
    {
        Some(header) if header.len() > 40 => format!(
            "Cookie: {}…",
            &header[..header
                .char_indices()
                .nth(36)
                .map_or(header.len(), |(i, _)| i)]
        ),
        Some(header) => format!("Cookie: {header}"),
        None => "no Cookie header".to_owned(),
    }
}

/// Logs in (`login()`), copies the cookie, logs out (`logout()`), puts the copy back and
/// reads `request.user`.
pub fn logout_probe(scenario: &Scenario, engine: Engine) -> Probe {
    let mut probe = probe_base(
        scenario,
        engine,
        "probe: does logout revoke a copied cookie?",
    );
    probe.steps = vec![
        login(),
        Step::SaveCookie {
            label: "copy".into(),
            name: None,
            browser: DEFAULT_BROWSER.into(),
        },
        Step::Request(Request::new(ViewCall::Logout)),
        Step::RestoreCookie {
            label: "copy".into(),
            browser: DEFAULT_BROWSER.into(),
        },
        read_user(),
    ];
    let trace = engine_code::run(&probe);
    let last = trace.steps.last();
    let still_logged_in = sees_user(last);
    let evidence = if trace
        .steps
        .first()
        .and_then(|s| s.response.as_ref())
        .is_none_or(|r| r.set_cookies.is_empty())
    {
        "the login request set no cookie, so there was nothing to copy".to_owned()
    } else {
        format!(
            "after logout(), replaying the copied cookie ({}) {} request.user = {}",
            cookie_sent(last),
            if still_logged_in {
                "still gives"
            } else {
                "gives"
            },
            user_text(last)
        )
    };
    Probe {
        holds: !still_logged_in,
        evidence,
    }
}

/// Logs in (`login()`), empties the cache (`cache_restart`) and reads `request.user`.
pub fn cache_restart_probe(scenario: &Scenario, engine: Engine) -> Probe {
    let mut probe = probe_base(
        scenario,
        engine,
        "probe: does a session survive a cache restart?",
    );
    probe.steps = vec![login(), Step::CacheRestart, read_user()];
    let trace = engine_code::run(&probe);
    let last = trace.steps.last();
    let survives = sees_user(last);
    let where_kept = if engine.uses_db() {
        "the database still has the row"
    } else if engine == Engine::File {
        "the file is still on disk"
    } else if engine == Engine::SignedCookies {
        "the data travels in the cookie"
    } else {
        "the session lived only in the cache"
    };
    Probe {
        holds: survives,
        evidence: format!(
            "after the cache was emptied, the next request gets request.user = {} ({where_kept})",
            user_text(last)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::compare::{cart_scenario, compare};

    #[test]
    fn the_probes_are_answered_by_the_engine() {
        let scenario = cart_scenario(1);
        let comparison = compare(&scenario, &Engine::ALL);
        let answers: Vec<(Engine, bool, bool)> = comparison
            .columns
            .iter()
            .map(|c| {
                (
                    c.engine,
                    c.logout_revokes.holds,
                    c.survives_cache_restart.holds,
                )
            })
            .collect();
        assert_eq!(
            answers,
            vec![
                (Engine::Db, true, true),
                (Engine::Cache, true, false),
                (Engine::CachedDb, true, true),
                (Engine::File, true, true),
                (Engine::SignedCookies, false, true),
            ]
        );
        let signed = &comparison.columns[4].logout_revokes.evidence;
        assert!(
            signed.contains("still gives request.user = <User: user1>"),
            "{signed}"
        );
        let db = &comparison.columns[0].logout_revokes.evidence;
        assert!(db.contains("gives request.user = AnonymousUser"), "{db}");
        let cache = &comparison.columns[1].survives_cache_restart.evidence;
        assert!(cache.contains("request.user = AnonymousUser"), "{cache}");
    }
}
