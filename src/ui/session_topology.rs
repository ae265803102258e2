//! Several Django instances, routing and concurrent requests in the page: the engine's code
//! for them ([`sessionscope_engine::scenario::FullTopology`]) is needed only by scenarios that
//! name instances, a routing rule or a step of their own, so in the page's build it is a part
//! loaded on demand (the split point `session_topology`). Runs use [`PAGE_TOPOLOGY`], which
//! calls the engine's once [`load`] has fetched it; until then such a step records that the
//! code is loading, every request goes to the first instance and no stored data verifies
//! on any instance; the page runs the scenario again as soon as it has loaded
//! (`components::app`), so what is shown is the engine's bytes.

use std::sync::OnceLock;

use leptos::wasm_split::SplitLoaderError;
use sessionscope_engine::json::Dict;
use sessionscope_engine::json::Value;
use sessionscope_engine::middleware::Handled;
use sessionscope_engine::scenario::{
    AllTopologyFields, Cluster, Concurrent, Deploy, Instance, Routing, Scenario, ScenarioError,
    Simulation, StoreSnapshot, Topology, TopologyFields, TopologyStep, TraceStep,
};
use sessionscope_engine::session::Env;
use sessionscope_engine::signing::SigningKeys;

/// The engine's topology code and the stage's drawing of requests in flight
/// ([`crate::ui::in_flight::draw`]), once loaded.
static LOADED: OnceLock<Loaded> = OnceLock::new();

struct Loaded {
    topology: &'static (dyn Topology + Sync),
    fields: &'static (dyn TopologyFields + Sync),
    draw: fn(&TraceStep, usize, u32) -> (String, String),
}

const ENGINE_S: Loaded = Loaded {
    topology: &sessionscope_engine::scenario::FullTopology,
    fields: &AllTopologyFields,
    draw: crate::ui::in_flight::draw,
};

/// The wire and the phase list of a concurrent step at its event `event`
/// ([`crate::ui::in_flight::draw`]), once the code has loaded.
pub fn in_flight_html(step: &TraceStep, event: usize, motion_ms: u32) -> Option<(String, String)> {
    LOADED
        .get()
        .map(|loaded| (loaded.draw)(step, event, motion_ms))
}

/// What a topology step records while the code is still loading (the page runs the scenario
/// again once it is here, so this is never what stays on screen).
pub const LOADING: &str = "The code for several instances and concurrent requests is loading.";

/// The topology code the page's runs pass the engine
/// ([`sessionscope_engine::scenario::run_with`]).
#[derive(Debug)]
pub struct PageTopology;

/// The one [`PageTopology`].
pub static PAGE_TOPOLOGY: PageTopology = PageTopology;

impl Topology for PageTopology {
    fn apply(&self, step: &mut TopologyStep<'_>) {
        match LOADED.get() {
            Some(loaded) => loaded.topology.apply(step),
            None => step.refuse(LOADING),
        }
    }

    fn route(&self, cluster: &mut Cluster, browser: &str, named: Option<&str>) -> usize {
        LOADED
            .get()
            .map_or(0, |loaded| loaded.topology.route(cluster, browser, named))
    }

    fn verify_on_instances(
        &self,
        simulation: &Simulation,
        data: &str,
    ) -> (Option<Value>, Vec<String>) {
        LOADED.get().map_or((None, Vec::new()), |loaded| {
            loaded.topology.verify_on_instances(simulation, data)
        })
    }

    fn own_stores(
        &self,
        simulation: &Simulation,
        keys: &SigningKeys,
        snapshot: &mut StoreSnapshot,
    ) {
        if let Some(loaded) = LOADED.get() {
            loaded.topology.own_stores(simulation, keys, snapshot);
        }
    }

    fn log_exceptions(&self, handled: &Handled, path: &str, env: &mut Env<'_>) {
        if let Some(loaded) = LOADED.get() {
            loaded.topology.log_exceptions(handled, path, env);
        }
    }
}

/// The topology fields of a document are read by the engine's code once loaded; until then
/// they are [`ScenarioError::TopologyCodeMissing`], and the page loads the code and reads
/// the document again (`crate::ui::start`).
impl TopologyFields for PageTopology {
    fn instances(&self, value: &Value) -> Result<Vec<Instance>, ScenarioError> {
        fields()?.instances(value)
    }

    fn routing(&self, value: &Value, at: &str) -> Result<Routing, ScenarioError> {
        fields()?.routing(value, at)
    }

    fn concurrent(&self, dict: &Dict, at: &str) -> Result<Concurrent, ScenarioError> {
        fields()?.concurrent(dict, at)
    }

    fn deploy(&self, dict: &Dict, at: &str) -> Result<Deploy, ScenarioError> {
        fields()?.deploy(dict, at)
    }

    fn check_instance_names(&self, scenario: &Scenario) -> Result<(), ScenarioError> {
        fields()?.check_instance_names(scenario)
    }
}

fn fields() -> Result<&'static (dyn TopologyFields + Sync), ScenarioError> {
    LOADED
        .get()
        .map(|loaded| loaded.fields)
        .ok_or(ScenarioError::TopologyCodeMissing)
}

/// Whether the engine's topology code has loaded.
pub fn is_loaded() -> bool {
    LOADED.get().is_some()
}

/// Fetches the engine's topology code (once; a failed fetch is not remembered).
pub async fn load() -> Result<(), SplitLoaderError> {
    if is_loaded() {
        return Ok(());
    }
    install_engine_topology().await
}

/// Makes the engine's topology code the one runs use (a split point in the page's build: its
/// code, and the topology code only it reaches, is fetched the first time).
#[cfg(sessionscope_split)]
#[allow(improper_ctypes_definitions)]
#[leptos::wasm_split::wasm_split(
    session_topology,
    wasm_split_path = ::leptos::wasm_split,
    fallible
)]
fn install_engine_topology() -> Result<(), SplitLoaderError> {
    let _ = LOADED.set(ENGINE_S);
    Ok(())
}

/// Makes the engine's topology code the one runs and readings use, at once: outside the page's
/// build (native tests and tools) the code is at hand.
#[cfg(not(sessionscope_split))]
pub fn install_now() {
    let _ = LOADED.set(ENGINE_S);
}

/// Makes the engine's topology code the one runs use.
#[cfg(not(sessionscope_split))]
async fn install_engine_topology() -> Result<(), SplitLoaderError> {
    let _ = LOADED.set(ENGINE_S);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use sessionscope_engine::scenario::{run, run_with, Injected, Scenario};
    use std::future::Future;

    /// Two tabs in flight at once, on two instances.
    fn race() -> Scenario {
        Scenario::from_json(
            r#"{"engine": "db", "instances": {"web1": {}, "web2": {}}, "steps": [
              {"request": {"view": "set", "data": {"cart": ["book"]}}},
              {"concurrent": {"requests": {"A": {"view": "get", "key": "cart"},
                                           "B": {"view": "get", "key": "cart"}},
               "order": ["A:send", "B:send", "A:view", "B:view", "A:respond", "B:respond"]}}]}"#,
        )
        .unwrap()
    }

    #[test]
    fn a_topology_step_waits_for_the_code_and_then_runs_as_the_engine_s() {
        let page = Injected {
            pickle: &sessionscope_engine::pickle::DataPickle,
            topology: &PAGE_TOPOLOGY,
        };
        if !is_loaded() {
            let waiting = run_with(&race(), page);
            assert_eq!(waiting.steps[1].error.as_deref(), Some(LOADING));
            assert_eq!(waiting.steps[1].concurrent, None);
        }
        // Outside the page's build the code is at hand: the future is ready at once.
        let mut loading = std::pin::pin!(load());
        let mut context = std::task::Context::from_waker(std::task::Waker::noop());
        assert!(matches!(
            loading.as_mut().poll(&mut context),
            std::task::Poll::Ready(Ok(()))
        ));
        assert!(is_loaded());
        let loaded = run_with(&race(), page);
        assert_eq!(loaded, run(&race()));
        let instances: Vec<_> = loaded.steps[1]
            .concurrent
            .as_ref()
            .unwrap()
            .requests
            .iter()
            .map(|(_, request, _)| request.instance.clone().unwrap())
            .collect();
        assert_eq!(
            instances,
            ["web2", "web1"],
            "round robin after the first request's web1"
        );
    }
}
