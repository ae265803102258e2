//! The trace: what a run of a scenario recorded at each step, and what is written from it.
//! Nothing here runs a scenario: the runner ([`super::run`]) fills a [`Trace`]; the playground
//! reads it and exports it.
//!
//! Imports point down this list, never up (and into the document, never into the runner):
//!
//! * `shared_list`: [`SharedList`], a list whose unchanged items are shared between steps;
//! * `verdicts`: what a browser with cookie rules decided ([`SetCookieVerdict`], …);
//! * `record`: [`Trace`], [`TraceStep`] and the records a step holds;
//! * `verdicts_json`, `record_json`: the trace as the README's trace JSON;
//! * `reason_phrase`, `har`: the trace as HAR 1.2;
//! * `export`: the downloads as text ([`trace_json`], [`scenario_json`], [`har()`]).

mod export;
mod har;
mod reason_phrase;
mod record;
mod record_json;
mod shared_list;
mod verdicts;
mod verdicts_json;

pub use crate::session::SqlQuery;
pub use export::{har, har_value, iso_utc, scenario_json, trace_json, HAR_CREATOR};
pub use reason_phrase::reason_phrase;
pub use record::{
    BrowserJar, CacheEntry, ConcurrentRecord, CookieAttributes, DbRow, FileEntry, JarCookie,
    PhaseRecord, RequestRecord, ResponseRecord, SetCookie, StoreSnapshot, Trace, TraceStep,
};
pub use shared_list::SharedList;
pub use verdicts::{
    CookieKeptBack, ScriptRecord, ScriptWrite, SetCookieVerdict, StoredCookieDetails,
};
