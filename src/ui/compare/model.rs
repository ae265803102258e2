//! The comparison's figures: the scenario run on each engine, with per-step and total
//! cookie bytes, server bytes, store reads, writes and SQL, and the two probes' answers.

use sessionscope_engine::json::to_python_json;
use sessionscope_engine::scenario::{
    self, Engine, EventKind, Scenario, Step, StoreSnapshot, Trace, TraceStep, DEFAULT_BROWSER,
};

use super::probes::{cache_restart_probe, logout_probe, Probe};

/// The fewest and most engines a comparison shows.
pub const MIN_ENGINES: usize = 2;
/// See [`MIN_ENGINES`].
pub const MAX_ENGINES: usize = 5;

/// The browsers' limit: a cookie whose name and value exceed this is ignored.
pub const COOKIE_LIMIT: usize = 4096;

/// What one step did on one engine.
#[derive(Clone, Debug, PartialEq)]
pub struct StepFigures {
    /// The browser the step concerned.
    pub browser: String,
    /// `len(name) + len(value)` of the session cookie in that browser's jar after the step.
    pub cookie_bytes: Option<usize>,
    /// The session cookie's `Set-Cookie` header bytes, if the response set or deleted it.
    pub set_cookie_bytes: Option<usize>,
    /// Whether the browser ignored a `Set-Cookie` (over 4096 bytes).
    pub cookie_dropped: bool,
    /// Store reads (SELECT, cache get, file read, signature check) during the step.
    pub reads: usize,
    /// Store writes (INSERT/UPDATE, cache set, file write) during the step.
    pub writes: usize,
    /// Store deletions during the step.
    pub deletes: usize,
    /// SQL statements during the step (db and cached_db).
    pub queries: usize,
    /// Bytes the server keeps after the step (see [`server_bytes`]).
    pub server_bytes: usize,
    /// The response status, for request steps.
    pub status: Option<u16>,
}

/// One engine's column.
#[derive(Clone, Debug, PartialEq)]
pub struct EngineColumn {
    /// The engine.
    pub engine: Engine,
    /// The engine's run of the scenario.
    pub trace: Trace,
    /// Figures per step.
    pub steps: Vec<StepFigures>,
    /// Requests in the scenario.
    pub requests: usize,
    /// Largest session cookie seen in a jar.
    pub max_cookie_bytes: Option<usize>,
    /// The session cookie after the last step.
    pub final_cookie_bytes: Option<usize>,
    /// Largest session `Set-Cookie` header.
    pub max_set_cookie_bytes: Option<usize>,
    /// Server bytes after the last step.
    pub final_server_bytes: usize,
    /// Total store reads / writes / deletes / SQL statements over all steps.
    pub reads: usize,
    /// See `reads`.
    pub writes: usize,
    /// See `reads`.
    pub deletes: usize,
    /// See `reads`.
    pub queries: usize,
    /// `Set-Cookie` headers the browser ignored.
    pub dropped_cookies: usize,
    /// Does logging out (`flush`) stop a copy of the cookie taken before from working?
    pub logout_revokes: Probe,
    /// Does a session survive the cache being emptied (a server restart)?
    pub survives_cache_restart: Probe,
}

impl EngineColumn {
    /// Average of `count` per request, one decimal.
    pub fn per_request(&self, count: usize) -> String {
        if self.requests == 0 {
            "–".to_owned()
        } else {
            format!("{:.1}", count as f64 / self.requests as f64)
        }
    }
}

/// The whole comparison.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    /// One column per engine, in the order asked for.
    pub columns: Vec<EngineColumn>,
    /// How many steps the scenario has.
    pub step_count: usize,
}

/// Runs `scenario` on each of `engines` (duplicates dropped, at most [`MAX_ENGINES`]).
pub fn compare(scenario: &Scenario, engines: &[Engine]) -> Comparison {
    let mut chosen: Vec<Engine> = Vec::new();
    for engine in engines {
        if !chosen.contains(engine) && chosen.len() < MAX_ENGINES {
            chosen.push(*engine);
        }
    }
    let columns = chosen
        .into_iter()
        .map(|engine| column(scenario, engine))
        .collect();
    Comparison {
        columns,
        step_count: scenario.steps.len(),
    }
}

fn column(scenario: &Scenario, engine: Engine) -> EngineColumn {
    let mut on_engine = scenario.clone();
    on_engine.engine = engine;
    let trace = scenario::run(&on_engine);
    let names = cookie_names(&on_engine);
    let steps: Vec<StepFigures> = trace
        .steps
        .iter()
        .zip(&names)
        .map(|(step, name)| figures(step, name))
        .collect();
    let sum = |f: fn(&StepFigures) -> usize| steps.iter().map(f).sum();
    EngineColumn {
        engine,
        requests: steps.iter().filter(|s| s.status.is_some()).count(),
        max_cookie_bytes: steps.iter().filter_map(|s| s.cookie_bytes).max(),
        final_cookie_bytes: steps.last().and_then(|s| s.cookie_bytes),
        max_set_cookie_bytes: steps.iter().filter_map(|s| s.set_cookie_bytes).max(),
        final_server_bytes: steps.last().map_or(0, |s| s.server_bytes),
        reads: sum(|s| s.reads),
        writes: sum(|s| s.writes),
        deletes: sum(|s| s.deletes),
        queries: sum(|s| s.queries),
        dropped_cookies: steps.iter().filter(|s| s.cookie_dropped).count(),
        logout_revokes: logout_probe(scenario, engine),
        survives_cache_restart: cache_restart_probe(scenario, engine),
        steps,
        trace,
    }
}

/// The session cookie's name in force after each step (`settings` steps may rename it).
fn cookie_names(scenario: &Scenario) -> Vec<String> {
    let mut settings = scenario.settings_after(None);
    scenario
        .steps
        .iter()
        .map(|step| {
            step.apply_to_settings(&mut settings);
            settings.cookie_name.clone()
        })
        .collect()
}

/// The browser a step concerns.
pub fn step_browser(step: &Step) -> &str {
    match step {
        Step::Request(request) => &request.browser,
        Step::CloseBrowser(browser)
        | Step::SaveCookie { browser, .. }
        | Step::RestoreCookie { browser, .. } => browser,
        Step::Tamper(tamper) => &tamper.browser,
        _ => DEFAULT_BROWSER,
    }
}

fn figures(step: &TraceStep, cookie_name: &str) -> StepFigures {
    let browser = step_browser(&step.step).to_owned();
    let cookie_bytes = step
        .jars
        .iter()
        .find(|jar| jar.browser == browser)
        .and_then(|jar| jar.cookies.iter().find(|c| c.name == cookie_name))
        .map(|c| c.name.len() + c.value.len());
    let set_cookie_bytes = step.response.as_ref().and_then(|response| {
        response
            .set_cookies
            .iter()
            .filter(|c| c.name == cookie_name)
            .map(|c| c.header().len())
            .max()
    });
    let count =
        |wanted: fn(&EventKind) -> bool| step.events.iter().filter(|e| wanted(&e.kind)).count();
    StepFigures {
        browser,
        cookie_bytes,
        set_cookie_bytes,
        cookie_dropped: count(|k| matches!(k, EventKind::CookieDropped { .. })) > 0,
        reads: count(|k| *k == EventKind::StoreRead),
        writes: count(|k| *k == EventKind::StoreWrite),
        deletes: count(|k| *k == EventKind::StoreDelete),
        queries: step.queries.len(),
        server_bytes: server_bytes(&step.store),
        status: step.response.as_ref().map(|r| r.status),
    }
}

/// The bytes a server keeps for sessions: `session_key` + `session_data` per database row,
/// the file size (its content) per session file, and per cache entry its key plus the JSON
/// of the cached dict (LocMemCache really keeps a pickle of it, of similar size).
pub fn server_bytes(store: &StoreSnapshot) -> usize {
    let db: usize = store
        .db
        .iter()
        .flatten()
        .map(|row| row.session_key.len() + row.session_data.len())
        .sum();
    let files: usize = store
        .files
        .iter()
        .flatten()
        .map(|file| file.content.len())
        .sum();
    let cache: usize = store
        .cache
        .iter()
        .flatten()
        .map(|entry| entry.key.len() + to_python_json(&entry.value).len())
        .sum();
    db + files + cache
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::compare::cart_scenario;
    use sessionscope_engine::json::{Dict, Value};
    use sessionscope_engine::scenario::{Request, ViewCall};

    #[test]
    fn every_engine_gets_a_column_with_a_row_per_step() {
        let scenario = cart_scenario(3);
        let comparison = compare(&scenario, &Engine::ALL);
        assert_eq!(comparison.columns.len(), 5);
        for column in &comparison.columns {
            assert_eq!(
                column.steps.len(),
                scenario.steps.len(),
                "{}",
                column.engine
            );
            assert_eq!(column.requests, 4);
            assert!(column.final_cookie_bytes.is_some());
        }
    }

    #[test]
    fn signed_cookies_carry_the_data_and_the_server_keeps_nothing() {
        let comparison = compare(&cart_scenario(3), &[Engine::Db, Engine::SignedCookies]);
        let db = &comparison.columns[0];
        let signed = &comparison.columns[1];
        assert_eq!(db.max_cookie_bytes, Some("sessionid".len() + 32));
        assert!(signed.max_cookie_bytes.unwrap() > db.max_cookie_bytes.unwrap());
        assert_eq!(signed.final_server_bytes, 0);
        assert!(db.final_server_bytes > 32);
        assert!(db.queries > 0);
        assert_eq!(signed.queries, 0);
        assert!(db.writes >= 3, "each set saves the row: {}", db.writes);
    }

    #[test]
    fn an_oversized_cookie_is_counted_as_dropped() {
        let mut scenario = Scenario::new("big", Engine::SignedCookies);
        let mut data = Dict::new();
        // Incompressible: distinct pseudo-random hex strings.
        let mut state = 1u64;
        let items: Vec<Value> = (0..300)
            .map(|_| {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                Value::from(format!("{:016x}", state))
            })
            .collect();
        data.insert("cart", Value::List(items));
        scenario
            .steps
            .push(Step::Request(Request::new(ViewCall::Set(data))));
        let comparison = compare(&scenario, &[Engine::SignedCookies, Engine::Cache]);
        let signed = &comparison.columns[0];
        assert_eq!(signed.dropped_cookies, 1);
        assert_eq!(signed.final_cookie_bytes, None, "the browser kept nothing");
        assert!(signed.max_set_cookie_bytes.unwrap() > COOKIE_LIMIT);
        assert_eq!(comparison.columns[1].dropped_cookies, 0);
    }

    #[test]
    fn duplicates_are_dropped_and_renamed_cookies_followed() {
        let mut scenario = cart_scenario(1);
        scenario.steps.insert(
            1,
            Step::Settings(sessionscope_engine::scenario::SettingsPatch {
                changes: vec![sessionscope_engine::scenario::SettingChange::CookieName(
                    "cart".into(),
                )],
            }),
        );
        let comparison = compare(&scenario, &[Engine::Db, Engine::Db, Engine::File]);
        assert_eq!(comparison.columns.len(), 2);
        let names = cookie_names(&scenario);
        assert_eq!(names[0], "sessionid");
        assert_eq!(names[1], "cart");
    }
}
