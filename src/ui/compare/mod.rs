//! Compare: the same scenario run on two to five session engines, side by side.
//!
//! Every figure comes from [`sessionscope_engine::scenario::run`]: cookie sizes from the browsers' jars and the
//! `Set-Cookie` headers, server bytes from the store snapshots, reads and writes from the
//! events the stores emitted. The two yes/no questions (does logout revoke a copied cookie,
//! does a session survive a cache restart) are answered by running small probe scenarios
//! through the engine under the scenario's own settings, never by a table of known answers.
//!
//! `model` runs the scenario and counts, `probes` answers the two questions, `chart` lays
//! out the cookie-size chart and `html` writes the table, the chart and the step columns.

mod chart;
mod html;
mod model;
mod probes;

pub use chart::{chart, Chart, ChartLine};
pub use html::{bytes_text, chart_svg, legend_html, step_html, summary_html};
pub use model::{
    compare, server_bytes, step_browser, Comparison, EngineColumn, StepFigures, COOKIE_LIMIT,
    MAX_ENGINES, MIN_ENGINES,
};
pub use probes::{cache_restart_probe, logout_probe, Probe};

/// A cart that grows over `items` requests, a minute's wait, and a read (for the tests).
#[cfg(test)]
fn cart_scenario(items: usize) -> sessionscope_engine::scenario::Scenario {
    use crate::ui::session_keys::seeded_keys;
    use sessionscope_engine::json::{Dict, Value};
    use sessionscope_engine::scenario::{Engine, Request, Scenario, Step, ViewCall};

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
    scenario.steps.push(probes::read_back());
    scenario
}
