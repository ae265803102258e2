//! Session scenarios: read a scenario (the conformance README's schema), run it through the
//! engine, and get a [`Trace`] of every step: the request and response, the SQL issued, the
//! browsers' cookie jars, the store's contents, and the [`Event`]s to animate.
//!
//! ```text
//! let scenario = Scenario::from_json(text)?;   // or build one with Scenario::new + steps
//! let trace = scenario::run(&scenario);          // never panics
//! for step in &trace.steps { /* step.response, step.jars, step.store, step.events */ }
//! trace.to_json()                                // the README's trace schema, as a Value
//! ```
//!
//! A run is cheap and deterministic (the clock and the session keys come from the scenario),
//! so an interactive caller re-runs the whole scenario after each edit, as the playground
//! does; [`Scenario::settings_after`] gives the settings in force at any step.
//!
//! Each [`TraceStep`] holds: `request` ([`RequestRecord`]: browser, path, `Cookie` header),
//! `response` ([`ResponseRecord`]: status, exception, view result, `Vary`, each
//! [`SetCookie`] with its exact header text and parsed [`CookieAttributes`]), `queries`
//! ([`SqlQuery`]), `jars` ([`BrowserJar`] of [`JarCookie`] with `expires_at`), `store`
//! ([`StoreSnapshot`]: [`DbRow`]s, [`CacheEntry`]s most recently used first, [`FileEntry`]s,
//! each with decoded data), `events` (what happened, in order, emitted by the code that did
//! it), and `error` (a step that could not be carried out, e.g. restoring an unknown label).
//! `jars` and the store's lists are [`SharedList`]s: what did not change since the previous
//! step is shared with it, so a run's memory grows with what its steps change.
//!
//! The Django version is an input of the run: [`Scenario::django`] (`"django": "4.2"` in the
//! document); none runs 5.2 and writes the trace exactly as before versions existed. The
//! versions data (`tests/conformance/versions/README.md`) adds the `bool` and `async` views
//! ([`ViewCall::Bool`], [`ViewCall::Async`]), the `cache_writes` and `cache_clear` steps
//! ([`Step::CacheWritesFail`], [`Step::CacheClear`]), the `SESSION_SERIALIZER` setting
//! ([`SettingChange::Serializer`]: pickle on 4.2, `ImportError` on 5.0+), and the trace fields
//! `response.view_exception` and `warnings` ([`ResponseRecord::view_exception`],
//! [`Trace::warnings`]), written when the scenario names its version.
//!
//! Steps beyond Django's data (playground extensions, never in conformance traces):
//!
//! * `{"cache_restart": true}`: the server restarts; the LocMemCache starts empty (rows and
//!   files survive).
//! * `{"fault": "db_table_missing"}`: `django_session` is dropped. Every query then raises
//!   `OperationalError`: a load in the view gives a 500; a new session's save (INSERT) gives
//!   a 500; an existing session's save (UPDATE) reads as `UpdateError`, hence
//!   `SessionInterrupted` and a 400 (Django's `except DatabaseError: raise UpdateError`).
//! * `{"fault": "file_dir_missing"}`: `SESSION_FILE_PATH` is removed (with its files). If no
//!   file session store was built yet, `process_request` raises `ImproperlyConfigured` (500,
//!   the view never runs). Otherwise Django has cached the path: loads find no file, new
//!   sessions "save" silently without a file, saving an existing session raises
//!   `UpdateError` (400).
//! * `{"fault": "file_dir_read_only"}`: creating a file raises `PermissionError` (500);
//!   rewriting an existing session silently fails (the temporary file cannot be created) and
//!   deleting leaves the file.
//! * `{"fault": "repair"}`: the table and the directory exist and are writable again (empty
//!   if they had been removed).
//!
//! Except for the read-only directory (not reproducible as root), these were checked
//! against real Django 5.2.
//!
//! A browser that behaves like one (playground extension, never in conformance scenarios):
//!
//! * top level `"browser_rules": "chromium"` or `"firefox"`: every named browser is a
//!   [`crate::browser::rules::Browser`] (Chromium 156's or Firefox ESR 153's cookie rules)
//!   instead of the README's conformance jar; `"third_party_cookies": "blocked" |
//!   "partitioned" | "allowed"` (default: blocked in Chromium, partitioned in Firefox);
//!   `"origin": "https://shop.test"`, where requests go (default `http://site.test`, `https`
//!   for a request with `secure`);
//! * a request's `origin` (over the scenario's), `kind` (`navigate`, `link`, `form-post`,
//!   `fetch`, `iframe`, `img`) and `from` (the page that started it). Django sees the request
//!   as before; the browser decides which cookies go and which `Set-Cookie` lines it keeps;
//! * `{"script": {"browser"?, "url"?, "write"?: [...]}}`: script writes, then reads,
//!   `document.cookie` ([`ScriptRecord`]).
//!
//! The trace then records the browser's verdicts ([`RequestRecord::not_sent`],
//! [`SetCookie::verdict`], [`JarCookie::details`], [`TraceStep::script`]) and the events tell
//! them ([`EventKind::CookieNotSent`], [`EventKind::CookieRefused`], [`EventKind::ScriptRead`]).
//!
//! Exports, as text: [`scenario_json`], [`trace_json`] (the conformance trace format) and
//! [`har`] (HAR 1.2 of the simulated traffic).
//!
//! Three rooms, each importing only the ones below it:
//!
//! * `runner.rs` with `runner/`: runs the steps (the simulated browsers, the clock, the
//!   server, the views that stand in for the harness's);
//! * `trace/`: what a run recorded ([`Trace`]), its JSON, the browser's verdicts, HAR and the
//!   exports;
//! * `document/`: the scenario as a document ([`Scenario`], [`Step`]), read from JSON and
//!   written back.

mod document;
mod runner;
mod trace;

pub use crate::auth::{User, Users};
pub use crate::event::{AuthHashVerdict, Event, EventKind, Lane};
pub use crate::session::{CacheOptions, Engine, Settings};
pub use document::{
    origin_text, parse_origin, AllTopologyFields, Concurrent, Deploy, ExpiryArg, Fault, Instance,
    Phase, Request, Routing, Scenario, ScenarioError, ScriptStep, SettingChange, SettingsPatch,
    Step, Tamper, TamperMode, TopologyFields, ViewCall, CHROMIUM, DEFAULT_BROWSER, DEFAULT_HOST,
    DEFAULT_INSTANCE,
};
pub use runner::cluster::Cluster;
pub use runner::topology::{FullTopology, Injected, Topology, TopologyStep, FULL};
pub use runner::{run, run_with, Simulation};
pub use trace::{
    har, har_value, iso_utc, reason_phrase, scenario_json, trace_json, BrowserJar, CacheEntry,
    ConcurrentRecord, CookieAttributes, CookieKeptBack, DbRow, FileEntry, JarCookie, PhaseRecord,
    RequestRecord, ResponseRecord, ScriptRecord, ScriptWrite, SetCookie, SetCookieVerdict,
    SharedList, SqlQuery, StoreSnapshot, StoredCookieDetails, Trace, TraceStep, HAR_CREATOR,
};
