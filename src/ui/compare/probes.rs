//! The comparison's two yes/no questions, answered by running small probe scenarios through
//! the engine under the scenario's own settings: does logging out revoke a copied cookie, does
//! a session survive a cache restart.

use sessionscope_engine::json::{to_python_json, Dict, Value};
use sessionscope_engine::scenario::{
    self, Engine, Request, Scenario, Step, TraceStep, ViewCall, DEFAULT_BROWSER,
};

/// The answer to a yes/no question, with what the engine did to give it.
#[derive(Clone, Debug, PartialEq)]
pub struct Probe {
    /// The answer.
    pub holds: bool,
    /// What happened, in a sentence with the bytes involved.
    pub evidence: String,
}

/// The key the probes write and read.
const PROBE_KEY: &str = "_auth_user_id";
/// The value they write.
const PROBE_VALUE: &str = "42";

fn probe_base(scenario: &Scenario, engine: Engine, name: &str) -> Scenario {
    let mut probe = Scenario::new(name, engine);
    probe.start_time = scenario.start_time;
    probe.settings = scenario.settings.clone();
    probe.cache = scenario.cache;
    probe.session_keys = scenario.session_keys.clone();
    probe
}

fn login() -> Step {
    let mut data = Dict::new();
    data.insert(PROBE_KEY, Value::from(PROBE_VALUE));
    Step::Request(Request::new(ViewCall::Set(data)))
}

pub(super) fn read_back() -> Step {
    Step::Request(Request::new(ViewCall::Get {
        key: PROBE_KEY.to_owned(),
        default: Value::Null,
    }))
}

fn result_of(step: Option<&TraceStep>) -> Value {
    step.and_then(|s| s.response.as_ref())
        .map_or(Value::Null, |r| r.result.clone())
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

/// Logs in, copies the cookie, logs out (`flush`), puts the copy back and reads the session.
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
        Step::Request(Request::new(ViewCall::Flush)),
        Step::RestoreCookie {
            label: "copy".into(),
            browser: DEFAULT_BROWSER.into(),
        },
        read_back(),
    ];
    let trace = scenario::run(&probe);
    let last = trace.steps.last();
    let result = result_of(last);
    let still_logged_in = result == Value::from(PROBE_VALUE);
    let evidence = if trace
        .steps
        .first()
        .and_then(|s| s.response.as_ref())
        .is_none_or(|r| r.set_cookies.is_empty())
    {
        "the login request set no cookie, so there was nothing to copy".to_owned()
    } else if still_logged_in {
        format!(
            "after flush(), replaying the copied cookie ({}) still reads {PROBE_KEY} = {}",
            cookie_sent(last),
            to_python_json(&result)
        )
    } else {
        format!(
            "after flush(), replaying the copied cookie ({}) reads {PROBE_KEY} = {}",
            cookie_sent(last),
            to_python_json(&result)
        )
    };
    Probe {
        holds: !still_logged_in,
        evidence,
    }
}

/// Logs in, empties the cache (`cache_restart`) and reads the session.
pub fn cache_restart_probe(scenario: &Scenario, engine: Engine) -> Probe {
    let mut probe = probe_base(
        scenario,
        engine,
        "probe: does a session survive a cache restart?",
    );
    probe.steps = vec![login(), Step::CacheRestart, read_back()];
    let trace = scenario::run(&probe);
    let last = trace.steps.last();
    let result = result_of(last);
    let survives = result == Value::from(PROBE_VALUE);
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
            "after the cache was emptied, the next request reads {PROBE_KEY} = {} ({where_kept})",
            to_python_json(&result)
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
            signed.contains("still reads _auth_user_id = \"42\""),
            "{signed}"
        );
    }
}
