//! What only scenarios with the topology README's fields need: the load balancer's rules, the
//! steps only they have (`concurrent`, `route`, `deploy`, `clear_expired` on one instance),
//! the concurrent phases runner. The runner reaches that code through [`Topology`], so a
//! caller that loads code on demand (the playground) can leave it out until a scenario names
//! instances, routing or a concurrent step; [`run`](super::run) passes [`FullTopology`].

use crate::event::{EventKind, EventLog, Lane};
use crate::json::Value;
use crate::middleware::Handled;
use crate::pickle::{DataPickle, SessionPickle};
use crate::session::{Env, SessionError};
use crate::signing::SigningKeys;

use super::super::document::Step;
use super::super::trace::StoreSnapshot;
use super::cluster::Cluster;
use super::{Simulation, StepOutcome};

/// How a run carries out what only topology scenarios have: [`FullTopology`], or one the
/// caller supplies (the playground's calls [`FullTopology`] once its code has loaded).
pub trait Topology: std::fmt::Debug {
    /// Applies a `concurrent`, `route`, `deploy` or `clear_expired: "<instance>"` step.
    fn apply(&self, step: &mut TopologyStep<'_>);
    /// The instance the load balancer picks, at a request's `send` phase, for a request from
    /// `browser` naming the instance `named` (or none): its index in declaration order.
    fn route(&self, cluster: &mut Cluster, browser: &str, named: Option<&str>) -> usize;
    /// The instances (declaration order) whose `SECRET_KEY`/`SECRET_KEY_FALLBACKS` and
    /// serializer verify and decode stored `data`, and the data decoded by the first of them.
    fn verify_on_instances(
        &self,
        simulation: &Simulation,
        data: &str,
    ) -> (Option<Value>, Vec<String>);
    /// Adds the LocMemCaches and session directories of instances that have their own to
    /// `snapshot` (`own_caches`, `own_files`); files decode as the shared ones do, under
    /// `keys`.
    fn own_stores(&self, simulation: &Simulation, keys: &SigningKeys, snapshot: &mut StoreSnapshot);
    /// Writes to Django's log what `response_for_exception` logs of the exceptions the
    /// request at `path` raised (the topology traces record the log).
    fn log_exceptions(&self, handled: &Handled, path: &str, env: &mut Env<'_>);
}

/// A step only topology scenarios have, while [`Topology::apply`] runs it: the world and
/// what the step records.
#[derive(Debug)]
pub struct TopologyStep<'a> {
    simulation: &'a mut Simulation,
    step: &'a Step,
    events: &'a mut EventLog,
    outcome: StepOutcome,
}

impl TopologyStep<'_> {
    /// Records that the step could not be carried out: `error` is its trace's `error`.
    pub fn refuse(&mut self, error: &str) {
        self.outcome.error = Some(error.to_owned());
    }
}

/// The engine's own [`Topology`]: every instance, rule and phase as the topology README
/// describes them.
#[derive(Clone, Copy, Debug, Default)]
pub struct FullTopology;

impl Topology for FullTopology {
    fn apply(&self, step: &mut TopologyStep<'_>) {
        let simulation = &mut *step.simulation;
        let events = &mut *step.events;
        match step.step {
            Step::Concurrent(concurrent) => {
                step.outcome = simulation.concurrent(concurrent, events);
            }
            Step::Route(rule) => {
                simulation.cluster.set_rule(rule);
                events.push(
                    Lane::Browser,
                    EventKind::Environment,
                    "scenario",
                    "The load balancer's rule changes: the turn restarts and sticky placements are forgotten.",
                );
            }
            Step::Deploy(deploy) => {
                simulation.cluster.deploy(deploy);
                simulation.sync_settings();
                events.push(
                    Lane::Browser,
                    EventKind::Environment,
                    "scenario",
                    format!(
                        "Instance {} is deployed: its settings are updated and its process restarts (its own LocMemCache, if any, starts empty).",
                        deploy.instance
                    ),
                );
            }
            Step::ClearExpiredOn(instance) => {
                let index = simulation.cluster.index(instance);
                step.outcome = simulation.clear_expired_on(index, events);
            }
            _ => {}
        }
    }

    fn route(&self, cluster: &mut Cluster, browser: &str, named: Option<&str>) -> usize {
        cluster.route(browser, named)
    }

    fn log_exceptions(&self, handled: &Handled, path: &str, env: &mut Env<'_>) {
        let raised = [&handled.view_exception, &handled.response_exception];
        for error in raised.into_iter().flatten() {
            Self::log_exception(error, path, env);
        }
    }

    fn verify_on_instances(
        &self,
        simulation: &Simulation,
        data: &str,
    ) -> (Option<Value>, Vec<String>) {
        let mut decoded = None;
        let mut names = Vec::new();
        for process in &simulation.cluster.processes {
            let keys = process.settings.signing_keys();
            let serializer = process.settings.serializer;
            if let Some(value) = simulation.decode_as(serializer, data, &keys) {
                names.push(process.name.clone());
                decoded.get_or_insert(value);
            }
        }
        (decoded, names)
    }

    fn own_stores(
        &self,
        simulation: &Simulation,
        keys: &SigningKeys,
        snapshot: &mut StoreSnapshot,
    ) {
        for process in &simulation.cluster.processes {
            if simulation.engine.uses_cache() {
                if let Some(cache) = &process.own_cache {
                    let entries = simulation.cache_entries(cache, false);
                    snapshot.own_caches.push((process.name.clone(), entries));
                }
            }
            if simulation.engine == crate::session::Engine::File {
                if let Some(files) = &process.own_files {
                    let files = simulation.session_files(files, keys, false, false);
                    snapshot.own_files.push((process.name.clone(), files));
                }
            }
        }
    }
}

impl FullTopology {
    /// `response_for_exception` (`django/core/handlers/exception.py`) logs what it turns into
    /// a response: a `SuspiciousOperation` to "django.security.<class>" (ERROR), a
    /// `BadRequest` such as `SessionInterrupted` through `log_response` ("<message>: <path>",
    /// WARNING), anything else as "Internal Server Error: <path>" (ERROR).
    fn log_exception(error: &SessionError, path: &str, env: &mut Env<'_>) {
        let name = error.python_name();
        let text = error.to_string();
        let message = text.strip_prefix(&format!("{name}: ")).unwrap_or(&text);
        match error {
            SessionError::InvalidSessionKey => {
                env.log(&format!("django.security.{name}"), "ERROR", message);
            }
            _ if error.response_status() == 400 => {
                env.log("django.request", "WARNING", &format!("{message}: {path}"));
            }
            _ => env.log(
                "django.request",
                "ERROR",
                &format!("Internal Server Error: {path}"),
            ),
        }
    }
}

/// The code a run calls that the playground loads on demand: how pickles are written and
/// read, and what only topology scenarios need.
#[derive(Clone, Copy, Debug)]
pub struct Injected {
    /// `PickleSerializer`'s payloads ([`crate::session::Env::pickle`]).
    pub pickle: &'static dyn SessionPickle,
    /// Several instances, routing, concurrent requests.
    pub topology: &'static dyn Topology,
}

/// The engine's own code for both: what native runs (tests, the CLI) use.
pub const FULL: Injected = Injected {
    pickle: &DataPickle,
    topology: &FullTopology,
};

impl Simulation {
    /// Hands a step only topology scenarios have to the injected [`Topology`].
    pub(super) fn topology_step(&mut self, step: &Step, events: &mut EventLog) -> StepOutcome {
        let topology = self.injected.topology;
        let mut handle = TopologyStep {
            simulation: self,
            step,
            events,
            outcome: StepOutcome::default(),
        };
        topology.apply(&mut handle);
        handle.outcome
    }

    /// The instance serving a request: the only one without the topology README's fields,
    /// else the injected [`Topology`]'s pick.
    pub(super) fn route(&mut self, browser: &str, named: Option<&str>) -> usize {
        if !self.topology {
            return 0;
        }
        self.injected
            .topology
            .route(&mut self.cluster, browser, named)
    }
}
