//! Compare: the same scenario run on two to five session engines, side by side.
//!
//! Every figure comes from [`scenario::run`]: cookie sizes from the browsers' jars and the
//! `Set-Cookie` headers, server bytes from the store snapshots, reads and writes from the
//! events the stores emitted. The two yes/no questions (does logout revoke a copied cookie,
//! does a session survive a cache restart) are answered by running small probe scenarios
//! through the engine under the scenario's own settings, never by a table of known answers.

use crate::engine::json::{to_python_json, Dict, Value};
use crate::engine::scenario::{
    self, Engine, EventKind, Request, Scenario, Step, StoreSnapshot, Trace, TraceStep, ViewCall,
    DEFAULT_BROWSER,
};

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

/// The answer to a yes/no question, with what the engine did to give it.
#[derive(Clone, Debug, PartialEq)]
pub struct Probe {
    /// The answer.
    pub holds: bool,
    /// What happened, in a sentence with the bytes involved.
    pub evidence: String,
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
    let mut settings = scenario.initial_settings();
    scenario
        .steps
        .iter()
        .map(|step| {
            if let Step::Settings(patch) = step {
                patch.apply(&mut settings);
            }
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

fn read_back() -> Step {
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

/// Lays out the cookie-size chart: one polyline per engine, cookie bytes per step.
#[derive(Clone, Debug, PartialEq)]
pub struct Chart {
    /// Total width and height of the SVG viewBox.
    pub width: f64,
    /// See `width`.
    pub height: f64,
    /// One line per engine (`path` is an SVG path; gaps where there is no cookie).
    pub lines: Vec<ChartLine>,
    /// Horizontal grid lines: y and label (bytes).
    pub y_ticks: Vec<(f64, String)>,
    /// Step labels: x and label (1-based step number).
    pub x_ticks: Vec<(f64, String)>,
    /// The y of the 4096-byte limit, when the scale reaches it.
    pub limit_y: Option<f64>,
    /// The plot area: left, top, right, bottom.
    pub plot: (f64, f64, f64, f64),
    /// How many steps the x axis spans.
    pub step_count: usize,
}

impl Chart {
    /// The x of step `index` (0-based).
    pub fn x_of(&self, index: usize) -> f64 {
        let (left, _, right, _) = self.plot;
        if self.step_count <= 1 {
            (left + right) / 2.0
        } else {
            left + (right - left) * index as f64 / (self.step_count - 1) as f64
        }
    }
}

/// One engine's line.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartLine {
    /// The engine.
    pub engine: Engine,
    /// SVG path data.
    pub path: String,
    /// The points, for markers: x, y, bytes, step index.
    pub points: Vec<(f64, f64, usize, usize)>,
}

/// The chart for `comparison` in a `width` × `height` viewBox.
pub fn chart(comparison: &Comparison, width: f64, height: f64) -> Chart {
    let plot = (48.0, 12.0, width - 12.0, height - 28.0);
    let (left, top, right, bottom) = plot;
    let max = comparison
        .columns
        .iter()
        .filter_map(|c| c.max_cookie_bytes)
        .max()
        .unwrap_or(0);
    let scale_max = nice_ceiling(max.max(64));
    let steps = comparison.step_count.max(1);
    let x_of = |i: usize| {
        if steps == 1 {
            (left + right) / 2.0
        } else {
            left + (right - left) * i as f64 / (steps - 1) as f64
        }
    };
    let y_of = |bytes: usize| bottom - (bottom - top) * bytes as f64 / scale_max as f64;
    let lines = comparison
        .columns
        .iter()
        .map(|column| {
            let mut path = String::new();
            let mut points = Vec::new();
            let mut pen_down = false;
            for (i, figures) in column.steps.iter().enumerate() {
                match figures.cookie_bytes {
                    Some(bytes) => {
                        let (x, y) = (x_of(i), y_of(bytes));
                        path.push_str(&format!(
                            "{}{x:.1},{y:.1} ",
                            if pen_down { "L" } else { "M" }
                        ));
                        points.push((x, y, bytes, i));
                        pen_down = true;
                    }
                    None => pen_down = false,
                }
            }
            ChartLine {
                engine: column.engine,
                path: path.trim_end().to_owned(),
                points,
            }
        })
        .collect();
    let y_ticks = (0..=4)
        .map(|k| {
            let bytes = scale_max * k / 4;
            (y_of(bytes), format!("{bytes}"))
        })
        .collect();
    let stride = steps.div_ceil(12).max(1);
    let x_ticks = (0..comparison.step_count)
        .filter(|i| i % stride == 0 || i + 1 == comparison.step_count)
        .map(|i| (x_of(i), format!("{}", i + 1)))
        .collect();
    let limit_y = (scale_max >= COOKIE_LIMIT).then(|| y_of(COOKIE_LIMIT));
    Chart {
        width,
        height,
        lines,
        y_ticks,
        x_ticks,
        limit_y,
        plot,
        step_count: comparison.step_count,
    }
}

/// The smallest of 1, 2, 5 × 10^k (or 4096/8192 near the cookie limit) at or above `n`.
fn nice_ceiling(n: usize) -> usize {
    if (COOKIE_LIMIT * 3 / 4..=COOKIE_LIMIT * 2).contains(&n) {
        return if n <= COOKIE_LIMIT {
            COOKIE_LIMIT
        } else {
            COOKIE_LIMIT * 2
        };
    }
    let mut base = 1;
    loop {
        for m in [1, 2, 5] {
            if base * m >= n {
                return base * m;
            }
        }
        base *= 10;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::session_keys::seeded_keys;

    fn cart_scenario(items: usize) -> Scenario {
        let mut scenario = Scenario::new("cart", Engine::Db);
        scenario.session_keys = seeded_keys(11, 20);
        for n in 1..=items {
            let mut data = Dict::new();
            data.insert(
                "cart",
                Value::List(
                    (0..n * 8)
                        .map(|i| Value::from(format!("item-{i:04}-{}", i * 7919 % 1000)))
                        .collect(),
                ),
            );
            scenario
                .steps
                .push(Step::Request(Request::new(ViewCall::Set(data))));
        }
        scenario.steps.push(Step::Advance(60.0));
        scenario.steps.push(read_back());
        scenario
    }

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
            Step::Settings(crate::engine::scenario::SettingsPatch {
                changes: vec![crate::engine::scenario::SettingChange::CookieName(
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

    #[test]
    fn the_chart_has_a_line_per_engine_and_shows_the_limit_when_near() {
        let comparison = compare(&cart_scenario(4), &[Engine::Db, Engine::SignedCookies]);
        let chart = chart(&comparison, 600.0, 240.0);
        assert_eq!(chart.lines.len(), 2);
        assert_eq!(chart.lines[0].points.len(), 6);
        assert!(chart.lines[0].path.starts_with('M'));
        assert_eq!(chart.x_ticks.first().unwrap().1, "1");
        assert_eq!(chart.x_of(0), chart.plot.0);
        assert_eq!(chart.x_of(5), chart.plot.2);
        assert_eq!(chart.lines[0].points[2].0, chart.x_of(2));
        assert_eq!(chart.y_ticks.len(), 5);
        for line in &chart.lines {
            for (x, y, _, _) in &line.points {
                assert!((chart.plot.0..=chart.plot.2).contains(x));
                assert!((chart.plot.1..=chart.plot.3).contains(y));
            }
        }
        assert_eq!(nice_ceiling(41), 50);
        assert_eq!(nice_ceiling(3500), COOKIE_LIMIT);
        assert_eq!(nice_ceiling(5000), COOKIE_LIMIT * 2);
        assert_eq!(nice_ceiling(120), 200);
    }
}
