//! The topology README's fields of a scenario document (`instances`, `routing`, and the
//! `concurrent`, `route` and `deploy` steps) are read through one interface,
//! [`TopologyFields`], which [`super::Scenario::from_value_with`] is given: the engine's own
//! reader is [`AllTopologyFields`] (what [`super::Scenario::from_value`] uses); a reader that
//! has not loaded that code yet (the page, whose topology code is a part loaded on demand)
//! refuses them with [`ScenarioError::TopologyCodeMissing`] and reads the document again
//! once it has.

use crate::json::{Dict, Value};

use super::error::ScenarioError;
use super::steps::Concurrent;
use super::topology::{Deploy, Instance, Routing};

/// Reads the topology fields, each with an error naming the field for bad input.
pub trait TopologyFields {
    /// The scenario's `instances`, in declaration order.
    fn instances(&self, value: &Value) -> Result<Vec<Instance>, ScenarioError>;
    /// A routing rule: the scenario's `routing` or a `route` step's argument at `at`.
    fn routing(&self, value: &Value, at: &str) -> Result<Routing, ScenarioError>;
    /// A `concurrent` step's argument at `at`.
    fn concurrent(&self, dict: &Dict, at: &str) -> Result<Concurrent, ScenarioError>;
    /// A `deploy` step's argument at `at`.
    fn deploy(&self, dict: &Dict, at: &str) -> Result<Deploy, ScenarioError>;
}

/// The engine's reader of the topology fields (`parse_topology`).
#[derive(Clone, Copy, Debug, Default)]
pub struct AllTopologyFields;
