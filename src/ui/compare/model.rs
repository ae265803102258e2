//! The comparison's figures: the scenario run on each engine, with per-step and total
//! cookie bytes, server bytes, store reads, writes and SQL, and the two probes' answers.

use crate::ui::engine_code;
use sessionscope_engine::json::to_python_json;
use sessionscope_engine::scenario::{
    Engine, EventKind, Scenario, SetCookieVerdict, Step, StoreSnapshot, Trace, TraceStep,
    DEFAULT_BROWSER,
};

use super::probes::{cache_restart_probe, logout_probe, Probe};
use crate::ui::cookie_size::{CookieSize, BROWSER_COOKIE_LIMIT};

/// The fewest and most engines a comparison shows.
pub const MIN_ENGINES: usize = 2;
/// See [`MIN_ENGINES`].
pub const MAX_ENGINES: usize = 5;

/// The browsers' limit: a cookie whose name and value exceed this is ignored.
pub const COOKIE_LIMIT: usize = BROWSER_COOKIE_LIMIT;

/// A session `Set-Cookie` the browser did not keep.
#[derive(Clone, Debug, PartialEq)]
pub struct RefusedCookie {
    /// Its name + value, as the browser measures it against [`COOKIE_LIMIT`].
    pub bytes: usize,
    /// Why, in words ("4096-byte limit", or a rules browser's explanation).
    pub reason: String,
}

/// What the server keeps for sessions after a step: the session data of every stored
/// session (keys, file names and expiry dates are not counted).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ServerBytes {
    /// `django_session` rows (db, cached_db).
    pub rows: usize,
    /// Their `session_data` bytes.
    pub row_bytes: usize,
    /// LocMemCache entries (cache, cached_db).
    pub cache_entries: usize,
    /// The cached dicts, as the JSON Django's serializer writes (LocMemCache keeps a pickle
    /// of the dict, of about that size).
    pub cache_bytes: usize,
    /// Session files (file).
    pub files: usize,
    /// Their sizes.
    pub file_bytes: usize,
}

impl ServerBytes {
    /// All the bytes.
    pub fn total(&self) -> usize {
        self.row_bytes + self.cache_bytes + self.file_bytes
    }

    /// What they are, in words: `1 django_session row + 1 cache entry`, or `nothing`.
    pub fn records_text(&self) -> String {
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let mut parts = Vec::new();
        if self.rows > 0 {
            parts.push(plural(
                self.rows,
                "django_session row",
                "django_session rows",
            ));
        }
        if self.cache_entries > 0 {
            parts.push(plural(self.cache_entries, "cache entry", "cache entries"));
        }
        if self.files > 0 {
            parts.push(plural(self.files, "session file", "session files"));
        }
        if parts.is_empty() {
            "nothing".to_owned()
        } else {
            parts.join(" + ")
        }
    }
}

/// What one step did on one engine.
#[derive(Clone, Debug, PartialEq)]
pub struct StepFigures {
    /// The browser the step concerned.
    pub browser: String,
    /// `len(name) + len(value)` of the session cookie in that browser's jar after the step.
    pub cookie_bytes: Option<usize>,
    /// The session cookie's `Set-Cookie` header bytes, if the response set or deleted it.
    pub set_cookie_bytes: Option<usize>,
    /// The session `Set-Cookie` the browser ignored at this step, if it ignored one.
    pub refused: Option<RefusedCookie>,
    /// Store reads (SELECT, cache get, file read, signature check) during the step.
    pub reads: usize,
    /// Store writes (INSERT/UPDATE, cache set, file write) during the step.
    pub writes: usize,
    /// Store deletions during the step.
    pub deletes: usize,
    /// SQL statements during the step (db and cached_db).
    pub queries: usize,
    /// What the server keeps after the step (see [`server_bytes`]).
    pub server: ServerBytes,
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
    /// The most the server kept after any step, and what it was.
    pub max_server: ServerBytes,
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
    let trace = engine_code::run(&on_engine);
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
        final_server_bytes: steps.last().map_or(0, |s| s.server.total()),
        max_server: steps
            .iter()
            .map(|s| s.server)
            .max_by_key(ServerBytes::total)
            .unwrap_or_default(),
        reads: sum(|s| s.reads),
        writes: sum(|s| s.writes),
        deletes: sum(|s| s.deletes),
        queries: sum(|s| s.queries),
        dropped_cookies: steps.iter().filter(|s| s.refused.is_some()).count(),
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
    let held = step
        .jars
        .iter()
        .find(|jar| jar.browser == browser)
        .and_then(|jar| jar.cookies.iter().find(|c| c.name == cookie_name))
        .map(|c| c.value.as_str());
    let cookie_bytes = held.map(|value| CookieSize::of(cookie_name, value, None).counted_bytes());
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
        refused: refused_cookie(step, cookie_name, held),
        reads: count(|k| *k == EventKind::StoreRead),
        writes: count(|k| *k == EventKind::StoreWrite),
        deletes: count(|k| *k == EventKind::StoreDelete),
        queries: step.queries.len(),
        server: server_bytes(&step.store),
        status: step.response.as_ref().map(|r| r.status),
    }
}

/// The session `Set-Cookie` of this step's response that the browser did not keep: refused
/// by a rules browser (its verdict), or ignored by the conformance jar (a `CookieDropped`
/// event, and the jar does not hold the value sent).
fn refused_cookie(
    step: &TraceStep,
    cookie_name: &str,
    held: Option<&str>,
) -> Option<RefusedCookie> {
    let response = step.response.as_ref()?;
    let cookie = response
        .set_cookies
        .iter()
        .rev()
        .find(|c| c.name == cookie_name)?;
    let reason = match &cookie.verdict {
        Some(SetCookieVerdict::Refused { explanation, .. }) => explanation.clone(),
        Some(_) => return None,
        None if held == Some(cookie.value.as_str()) => return None,
        None => step.events.iter().find_map(|e| match &e.kind {
            EventKind::CookieDropped { reason } => Some(reason.clone()),
            _ => None,
        })?,
    };
    Some(RefusedCookie {
        bytes: CookieSize::of(&cookie.name, &cookie.value, None).counted_bytes(),
        reason,
    })
}

/// What a server keeps for sessions: the `session_data` of each `django_session` row, each
/// cached session dict (as the JSON Django's serializer writes it; LocMemCache keeps a pickle
/// of the dict, of about that size), and each session file's content. Keys, file names and
/// expiry dates are not counted. Signed cookies keep nothing.
pub fn server_bytes(store: &StoreSnapshot) -> ServerBytes {
    let rows = store.db.clone().unwrap_or_default();
    let cache = store.cache.clone().unwrap_or_default();
    let files = store.files.clone().unwrap_or_default();
    ServerBytes {
        rows: rows.len(),
        row_bytes: rows.iter().map(|row| row.session_data.len()).sum(),
        cache_entries: cache.len(),
        cache_bytes: cache
            .iter()
            .map(|entry| to_python_json(&entry.value).len())
            .sum(),
        files: files.len(),
        file_bytes: files.iter().map(|file| file.content.len()).sum(),
    }
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
        let refused = signed.steps[0].refused.as_ref().unwrap();
        assert!(refused.bytes > COOKIE_LIMIT);
        assert_eq!(refused.reason, "4096-byte limit");
        assert_eq!(
            Some(refused.bytes),
            signed.max_set_cookie_bytes.map(|_| {
                let cookie = &signed.trace.steps[0].response.as_ref().unwrap().set_cookies[0];
                cookie.name.len() + cookie.value.len()
            }),
            "name + value, as the browser measures it"
        );
        assert_eq!(signed.final_cookie_bytes, None, "the browser kept nothing");
        assert!(signed.max_set_cookie_bytes.unwrap() > COOKIE_LIMIT);
        assert_eq!(comparison.columns[1].dropped_cookies, 0);
    }

    /// What each engine's store snapshot holds, measured here from the snapshot itself.
    fn snapshot_bytes(engine: Engine, store: &StoreSnapshot) -> usize {
        let rows: usize = store
            .db
            .iter()
            .flatten()
            .map(|r| r.session_data.len())
            .sum();
        let cached: usize = store
            .cache
            .iter()
            .flatten()
            .map(|e| to_python_json(&e.value).len())
            .sum();
        let files: usize = store.files.iter().flatten().map(|f| f.content.len()).sum();
        match engine {
            Engine::Db => rows,
            Engine::Cache => cached,
            Engine::CachedDb => rows + cached,
            Engine::File => files,
            Engine::SignedCookies => 0,
        }
    }

    #[test]
    fn server_bytes_are_the_store_snapshots_sizes_on_every_engine() {
        let comparison = compare(&cart_scenario(3), &Engine::ALL);
        for column in &comparison.columns {
            for (figures, step) in column.steps.iter().zip(&column.trace.steps) {
                assert_eq!(
                    figures.server.total(),
                    snapshot_bytes(column.engine, &step.store),
                    "{} step {}",
                    column.engine,
                    step.index
                );
            }
            let first = column.steps[0].server;
            match column.engine {
                Engine::SignedCookies => assert_eq!(first, ServerBytes::default()),
                Engine::CachedDb => assert!(first.rows == 1 && first.cache_entries == 1),
                Engine::Db => assert!(first.rows == 1 && first.row_bytes > 32),
                Engine::Cache => assert!(first.cache_entries == 1 && first.cache_bytes > 10),
                Engine::File => assert!(first.files == 1 && first.file_bytes > 32),
            }
        }
        let db = &comparison.columns[0];
        let cached_db = &comparison.columns[2];
        assert!(
            cached_db.max_server.total() > db.max_server.total(),
            "kept twice"
        );
        assert_eq!(cached_db.max_server.row_bytes, db.max_server.row_bytes);
        assert_eq!(db.max_server.records_text(), "1 django_session row");
    }

    #[test]
    fn a_cookie_over_the_limit_is_refused_and_the_jar_keeps_the_old_one() {
        let story = crate::ui::stories::by_id("cart-outgrows-cookie").unwrap();
        let comparison = compare(
            &crate::ui::stories::book().scenario(story, Engine::SignedCookies),
            &Engine::ALL,
        );
        let signed = &comparison.columns[4];
        let refused: Vec<usize> = signed
            .steps
            .iter()
            .enumerate()
            .filter(|(_, f)| f.refused.is_some())
            .map(|(i, _)| i)
            .collect();
        assert_eq!(refused, [3]);
        let step = &signed.steps[3];
        assert!(step.refused.as_ref().unwrap().bytes > COOKIE_LIMIT);
        assert_eq!(
            step.cookie_bytes, signed.steps[2].cookie_bytes,
            "kept the old one"
        );
        for column in &comparison.columns[..4] {
            assert_eq!(column.dropped_cookies, 0, "{}", column.engine);
            assert_eq!(column.max_cookie_bytes, Some(41));
        }
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
