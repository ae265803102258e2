//! Session scenarios: read a scenario (the conformance README's schema), run it through the
//! engine, and get a [`Trace`] of every step: the request and response, the SQL issued, the
//! browsers' cookie jars, the store's contents, and the [`Event`]s to animate.
//!
//! ```text
//! let scenario = Scenario::from_json(text)?;   // or build one with Scenario::new + steps
//! let trace = scenario::run(&scenario);          // never panics
//! for step in &trace.steps { /* step.response, step.jars, step.store, step.events */ }
//! ```
//!
//! Steps beyond Django's data (playground extensions, never in conformance traces):
//! `{"cache_restart": true}` empties the LocMemCache; `{"fault": "db_table_missing"}`,
//! `{"fault": "file_dir_missing"}`, `{"fault": "file_dir_read_only"}` break the storage the
//! way a misconfigured server would be broken, and `{"fault": "repair"}` undoes them.

mod error;
mod model;
mod parse;
mod runner;
mod settings_patch;
mod trace;
mod trace_json;
mod views;

pub use crate::engine::session::{CacheOptions, Engine, Event, EventKind, Lane, Settings};
pub use error::ScenarioError;
pub use model::{
    ExpiryArg, Fault, Request, Scenario, Step, Tamper, TamperMode, ViewCall, DEFAULT_BROWSER,
};
pub use runner::{run, Simulation};
pub use settings_patch::{SettingChange, SettingsPatch};
pub use trace::{
    BrowserJar, CacheEntry, CookieAttributes, DbRow, FileEntry, JarCookie, RequestRecord,
    ResponseRecord, SetCookie, SqlQuery, StoreSnapshot, Trace, TraceStep,
};
