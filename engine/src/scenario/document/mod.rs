//! The scenario document: what a scenario file says (the conformance README's "Scenario
//! file"), typed, read from JSON and written back. Nothing here runs: the runner
//! ([`super::run`]) takes a [`Scenario`] and gives a [`super::Trace`].
//!
//! Imports point down this list, never up:
//!
//! * `error`: [`ScenarioError`], why a scenario could not be read;
//! * `settings_patch`: [`SettingChange`], [`SettingsPatch`];
//! * `topology`: several Django instances, the load balancer's rule, a rolling deploy
//!   ([`Instance`], [`Routing`], [`Deploy`]);
//! * `steps`: [`Step`] and what steps carry ([`Request`], [`ViewCall`], [`Tamper`], …);
//! * `fields`: the typed field helpers every reader and writer shares;
//! * `site`: where requests go (origins, the request URL as the cookie rules see it);
//! * `parse_site`, `parse_request`, `parse_topology`, `parse_step`: reading and writing a
//!   browser's extension fields, a request, the topology fields (instances, a routing rule, a
//!   [`Concurrent`] step, a deploy), a step;
//! * `write_topology`: the topology fields written back as JSON;
//! * `scenario`: [`Scenario`] itself and [`TopologyFields`], the one interface its topology
//!   fields are read through;
//! * `parse_topology`: the engine's reader of those fields, [`AllTopologyFields`], and
//!   [`Scenario::from_value`], which uses it, with everything it does (`impl Scenario` is there only).

mod error;
mod fields;
mod parse_request;
mod parse_site;
mod parse_step;
mod parse_topology;
mod scenario;
mod settings_patch;
mod site;
mod steps;
mod topology;
mod write_topology;

pub use error::ScenarioError;
pub use parse_site::CHROMIUM;
pub use parse_topology::AllTopologyFields;
pub use scenario::{Scenario, TopologyFields};
pub use settings_patch::{SettingChange, SettingsPatch};
pub use site::{origin_text, parse_origin, DEFAULT_HOST};
pub use steps::{
    Concurrent, ExpiryArg, Fault, Phase, Request, ScriptStep, Step, Tamper, TamperMode, ViewCall,
    DEFAULT_BROWSER,
};
pub use topology::{Deploy, Instance, Routing, DEFAULT_INSTANCE};
