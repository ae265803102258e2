//! What the playground offers as downloads, as text: the scenario (to replay or share), its
//! trace in the conformance trace format (to compare with real Django's), and its traffic as
//! a HAR file ([`mod@super::har`]).

use crate::json::to_python_json_indented;
use crate::scenario::document::Scenario;

use super::record::Trace;

pub use super::har::{har, har_value, iso_utc, HAR_CREATOR};

/// The trace as JSON text in the conformance trace format (`django-session-trace/1`), laid
/// out as the conformance harness writes its trace files (`json.dumps(trace, indent=1)`).
/// Scenarios with `browser_rules` add the browser's verdicts (see [`Trace::to_json`]).
pub fn trace_json(trace: &Trace) -> String {
    to_python_json_indented(&trace.to_json(), 1)
}

/// The scenario as JSON text (the README's "Scenario file"), which
/// [`Scenario::from_json`] reads back to the same scenario.
pub fn scenario_json(scenario: &Scenario) -> String {
    scenario.to_json_string()
}
