//! The code the page hands the engine's runs ([`sessionscope_engine::scenario::run_with`]):
//! the pickle and the topology code, each loaded on demand ([`crate::ui::session_pickle`],
//! [`crate::ui::session_topology`]).

use sessionscope_engine::scenario::{self, Injected, Scenario, Trace};

use crate::ui::session_pickle::PAGE_PICKLE;
use crate::ui::session_topology::PAGE_TOPOLOGY;

/// The page's [`Injected`].
pub const PAGE_CODE: Injected = Injected {
    pickle: &PAGE_PICKLE,
    topology: &PAGE_TOPOLOGY,
};

/// Runs `scenario` with the page's code.
pub fn run(scenario: &Scenario) -> Trace {
    scenario::run_with(scenario, PAGE_CODE)
}
