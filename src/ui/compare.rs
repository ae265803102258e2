//! Compare: the same scenario run on two to five session engines, side by side.
//!
//! Every figure comes from [`scenario::run`]: cookie sizes from the browsers' jars and the
//! `Set-Cookie` headers, server bytes from the store snapshots, reads and writes from the
//! events the stores emitted. The two yes/no questions (does logout revoke a copied cookie,
//! does a session survive a cache restart) are answered by running small probe scenarios
//! through the engine under the scenario's own settings, never by a table of known answers.

use sessionscope_engine::json::{to_python_json, Dict, Value};

use super::markup::Markup;
use sessionscope_engine::scenario::{
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

/// `12 B`, or `none`.
pub fn bytes_text(bytes: Option<usize>) -> String {
    bytes.map_or("none".to_owned(), |b| format!("{b} B"))
}

/// A summary cell: its text, whether it is bad news, and the evidence behind it.
struct Cell {
    text: String,
    flag: Option<bool>,
    evidence: Option<String>,
    title: Option<String>,
}

impl Cell {
    fn plain(text: String) -> Cell {
        Cell {
            text,
            flag: None,
            evidence: None,
            title: None,
        }
    }
}

type SummaryRow = (&'static str, &'static str, fn(&EngineColumn) -> Cell);

const SUMMARY_ROWS: [SummaryRow; 10] = [
    (
        "Largest session cookie",
        "name + value, in the browser's jar",
        |c| Cell {
            flag: Some(c.max_cookie_bytes.is_none_or(|b| b <= COOKIE_LIMIT)),
            ..Cell::plain(bytes_text(c.max_cookie_bytes))
        },
    ),
    (
        "Cookie after the last step",
        "what the browser holds at the end",
        |c| Cell::plain(bytes_text(c.final_cookie_bytes)),
    ),
    ("Largest Set-Cookie header", "the whole header line", |c| {
        Cell::plain(bytes_text(c.max_set_cookie_bytes))
    }),
    (
        "Stored on the server",
        "after the last step: key + data (cache: key + JSON of the dict)",
        |c| Cell::plain(format!("{} B", c.final_server_bytes)),
    ),
    (
        "Store reads per request",
        "SELECT, cache get, file read, signature check",
        |c| Cell {
            title: Some(format!("{} reads in {} requests", c.reads, c.requests)),
            ..Cell::plain(c.per_request(c.reads))
        },
    ),
    (
        "Store writes per request",
        "INSERT/UPDATE, cache set, file write",
        |c| Cell {
            title: Some(format!(
                "{} writes and {} deletions in {} requests",
                c.writes, c.deletes, c.requests
            )),
            ..Cell::plain(c.per_request(c.writes))
        },
    ),
    ("SQL queries per request", "db and cached_db", |c| Cell {
        title: Some(format!("{} queries in {} requests", c.queries, c.requests)),
        ..Cell::plain(c.per_request(c.queries))
    }),
    (
        "Cookies the browser ignored",
        "Set-Cookie over 4096 bytes",
        |c| Cell {
            flag: Some(c.dropped_cookies == 0),
            ..Cell::plain(c.dropped_cookies.to_string())
        },
    ),
    (
        "Logout revokes a copied cookie",
        "probe: log in, copy the cookie, flush(), replay the copy",
        |c| Cell {
            flag: Some(c.logout_revokes.holds),
            evidence: Some(c.logout_revokes.evidence.clone()),
            ..Cell::plain(yes_no(c.logout_revokes.holds))
        },
    ),
    (
        "Survives a cache restart",
        "probe: log in, empty the cache, read the session",
        |c| Cell {
            flag: Some(c.survives_cache_restart.holds),
            evidence: Some(c.survives_cache_restart.evidence.clone()),
            ..Cell::plain(yes_no(c.survives_cache_restart.holds))
        },
    ),
];

fn yes_no(answer: bool) -> String {
    if answer { "Yes" } else { "No" }.to_owned()
}

fn engine_class(engine: Engine) -> String {
    format!("engine-{}", engine.name())
}

/// The summary table: a row per figure, a column per engine.
pub fn summary_html(comparison: &Comparison) -> String {
    let mut m = Markup::new();
    m.element(
        "table",
        &[("class", "compare-table"), ("data-testid", "compare-table")],
        |m| {
            m.element("thead", &[], |m| {
                m.element("tr", &[], |m| {
                    m.text_element("th", &[("scope", "col")], "Per engine");
                    for column in &comparison.columns {
                        let class = engine_class(column.engine);
                        m.element(
                            "th",
                            &[
                                ("scope", "col"),
                                ("class", &class),
                                ("data-engine-column", column.engine.name()),
                            ],
                            |m| {
                                m.element("span", &[("class", "swatch")], |_| {});
                                m.text(column.engine.name());
                            },
                        );
                    }
                });
            });
            m.element("tbody", &[], |m| {
                for (label, hint, cell_of) in SUMMARY_ROWS {
                    m.element("tr", &[], |m| {
                        m.element("th", &[("scope", "row")], |m| {
                            m.text(label);
                            m.text_element("small", &[], hint);
                        });
                        for column in &comparison.columns {
                            let cell = cell_of(column);
                            m.element("td", &[], |m| {
                                let class = match cell.flag {
                                    Some(true) if cell.evidence.is_some() => "verdict good",
                                    Some(false) if cell.evidence.is_some() => "verdict bad",
                                    Some(false) => "over",
                                    _ => "value",
                                };
                                let title = cell.title.clone().unwrap_or_default();
                                m.text_element(
                                    "span",
                                    &[("class", class), ("title", &title)],
                                    &cell.text,
                                );
                                if let Some(evidence) = &cell.evidence {
                                    m.text_element("small", &[("class", "evidence")], evidence);
                                }
                            });
                        }
                    });
                }
            });
        },
    );
    m.into_string()
}

/// The chart as inline SVG, with a dashed cursor at `step`.
pub fn chart_svg(chart: &Chart, step: usize) -> String {
    let (left, top, right, bottom) = chart.plot;
    let n = |x: f64| format!("{x:.1}");
    let mut m = Markup::new();
    let view_box = format!("0 0 {} {}", chart.width, chart.height);
    m.element(
        "svg",
        &[
            ("xmlns", "http://www.w3.org/2000/svg"),
            ("class", "size-chart"),
            ("viewBox", &view_box),
            ("role", "img"),
            ("aria-label", "Session cookie size per step, per engine"),
            ("data-testid", "size-chart"),
        ],
        |m| {
            m.element("g", &[("class", "grid")], |m| {
                for (y, label) in &chart.y_ticks {
                    m.empty_element(
                        "line",
                        &[
                            ("x1", &n(left)),
                            ("y1", &n(*y)),
                            ("x2", &n(right)),
                            ("y2", &n(*y)),
                        ],
                    );
                    m.text_element(
                        "text",
                        &[
                            ("x", &n(left - 6.0)),
                            ("y", &n(y + 4.0)),
                            ("text-anchor", "end"),
                        ],
                        label,
                    );
                }
                for (x, label) in &chart.x_ticks {
                    m.text_element(
                        "text",
                        &[
                            ("x", &n(*x)),
                            ("y", &n(bottom + 18.0)),
                            ("text-anchor", "middle"),
                        ],
                        label,
                    );
                }
                m.empty_element(
                    "line",
                    &[
                        ("class", "axis"),
                        ("x1", &n(left)),
                        ("y1", &n(bottom)),
                        ("x2", &n(right)),
                        ("y2", &n(bottom)),
                    ],
                );
                m.empty_element(
                    "line",
                    &[
                        ("class", "axis"),
                        ("x1", &n(left)),
                        ("y1", &n(top)),
                        ("x2", &n(left)),
                        ("y2", &n(bottom)),
                    ],
                );
            });
            if let Some(y) = chart.limit_y {
                m.element("g", &[("class", "limit")], |m| {
                    m.empty_element(
                        "line",
                        &[
                            ("x1", &n(left)),
                            ("y1", &n(y)),
                            ("x2", &n(right)),
                            ("y2", &n(y)),
                        ],
                    );
                    m.text_element(
                        "text",
                        &[("x", &n(right)), ("y", &n(y - 5.0)), ("text-anchor", "end")],
                        "4096: browsers ignore bigger cookies",
                    );
                });
            }
            for (k, line) in chart.lines.iter().enumerate() {
                // Equal sizes draw on top of each other: earlier lines are wider, so every
                // engine stays visible as a band around the next.
                let class = format!("series series-{k} {}", engine_class(line.engine));
                m.element("g", &[("class", &class)], |m| {
                    m.empty_element("path", &[("d", &line.path)]);
                    for (x, y, bytes, i) in &line.points {
                        m.element(
                            "circle",
                            &[("cx", &n(*x)), ("cy", &n(*y)), ("r", "3.5")],
                            |m| {
                                m.text_element(
                                    "title",
                                    &[],
                                    &format!("{}: step {}, {} bytes", line.engine, i + 1, bytes),
                                );
                            },
                        );
                    }
                });
            }
            let x = n(chart.x_of(step));
            m.empty_element(
                "line",
                &[
                    ("class", "cursor"),
                    ("x1", &x),
                    ("y1", &n(top)),
                    ("x2", &x),
                    ("y2", &n(bottom)),
                ],
            );
        },
    );
    m.into_string()
}

/// The chart's legend.
pub fn legend_html(comparison: &Comparison) -> String {
    let mut m = Markup::new();
    for column in &comparison.columns {
        let class = format!("legend-item {}", engine_class(column.engine));
        m.element("span", &[("class", &class)], |m| {
            m.element("span", &[("class", "swatch")], |_| {});
            m.text(&format!(
                "{}: up to {}",
                column.engine,
                bytes_text(column.max_cookie_bytes)
            ));
        });
    }
    m.into_string()
}

/// Every engine at step `index`: the request's Cookie header, the response, the Set-Cookie
/// headers and the step's figures.
pub fn step_html(comparison: &Comparison, index: usize) -> String {
    let mut m = Markup::new();
    for column in &comparison.columns {
        let class = format!("compare-column {}", engine_class(column.engine));
        m.element(
            "div",
            &[("class", &class), ("data-testid", "compare-column")],
            |m| {
                m.element("h3", &[], |m| {
                    m.element("span", &[("class", "swatch")], |_| {});
                    m.text(column.engine.name());
                });
                if let Some(step) = column.trace.steps.get(index) {
                    step_details(m, step);
                }
                if let Some(f) = column.steps.get(index) {
                    m.element("dl", &[("class", "figures")], |m| {
                        let rows = [
                            ("cookie", bytes_text(f.cookie_bytes)),
                            (
                                "reads / writes",
                                format!("{} / {}", f.reads, f.writes + f.deletes),
                            ),
                            ("SQL", f.queries.to_string()),
                            ("server", format!("{} B", f.server_bytes)),
                        ];
                        for (name, value) in rows {
                            m.text_element("dt", &[], name);
                            m.text_element("dd", &[], &value);
                        }
                    });
                }
            },
        );
    }
    m.into_string()
}

fn step_details(m: &mut Markup, step: &TraceStep) {
    let Some(response) = &step.response else {
        let text = step
            .events
            .first()
            .map(|e| e.sentence.as_str())
            .unwrap_or_default();
        m.text_element("p", &[("class", "compare-env")], text);
        return;
    };
    let cookie = step
        .request
        .as_ref()
        .and_then(|r| r.cookie_header.clone())
        .map_or("(no Cookie header)".to_owned(), |h| format!("Cookie: {h}"));
    m.element("div", &[("class", "compare-http")], |m| {
        m.text_element("pre", &[("class", "bytes request")], &cookie);
        m.text_element(
            "p",
            &[("class", "status")],
            &format!(
                "{} · result {}",
                response.status,
                to_python_json(&response.result)
            ),
        );
        if response.set_cookies.is_empty() {
            m.text_element("pre", &[("class", "bytes empty")], "(no Set-Cookie)");
        }
        for cookie in &response.set_cookies {
            m.text_element("pre", &[("class", "bytes set-cookie")], &cookie.header());
        }
    });
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
    fn the_html_views_show_every_engine_and_escape_the_bytes() {
        let mut scenario = cart_scenario(2);
        let mut data = Dict::new();
        data.insert("note", Value::from("<b>&\"quoted\"</b>"));
        scenario
            .steps
            .push(Step::Request(Request::new(ViewCall::Set(data))));
        let comparison = compare(&scenario, &Engine::ALL);
        let table = summary_html(&comparison);
        assert_eq!(table.matches("data-engine-column=").count(), 5);
        assert_eq!(table.matches("<tr>").count(), 1 + SUMMARY_ROWS.len());
        assert!(
            table.contains("verdict bad"),
            "signed_cookies' logout answer"
        );
        let chart = chart_svg(&chart(&comparison, 600.0, 200.0), 1);
        assert_eq!(chart.matches("<g class=\"series").count(), 5);
        assert!(chart.contains("class=\"cursor\""));
        let last = comparison.step_count - 1;
        let columns = step_html(&comparison, last);
        assert_eq!(columns.matches("data-testid=\"compare-column\"").count(), 5);
        assert!(!columns.contains("<b>"), "the view's data is escaped");
        assert!(columns.contains("Set-Cookie: sessionid="));
        assert!(legend_html(&comparison).contains("signed_cookies: up to"));
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
