//! Compare: the same scenario along one input at a time ([`CompareAxis`]): on two to five
//! session engines side by side, on two Django versions, or in Chromium and Firefox.
//!
//! Every figure comes from [`sessionscope_engine::scenario::run`]: cookie sizes from the browsers' jars and the
//! `Set-Cookie` headers, server bytes from the store snapshots, reads and writes from the
//! events the stores emitted. The two yes/no questions (does logout revoke a copied cookie,
//! does a session survive a cache restart) are answered by running small probe scenarios
//! through the engine under the scenario's own settings, never by a table of known answers.
//!
//! `model` runs the scenario and counts, `probes` answers the two questions. `headline`
//! writes the comparison people come for (cookie bytes against server bytes, per engine).
//! `scale`, `axis` and `chart` lay out the two charts (the cookie per step, the server's bytes
//! per step), `svg` draws them, `data_table` gives their numbers as tables, and `html` writes
//! the summary table and the step columns.
//!
//! Along versions, `versions` runs the scenario on two releases; along browsers, `browsers`
//! runs it in Chromium and in Firefox. Both hand the two traces to `fields`, which lines every
//! field up; `byte_marks` finds the characters that differ, and `fields_html` writes the
//! tables.

mod axis;
mod browsers;
mod byte_marks;
mod chart;
mod data_table;
mod fields;
mod fields_html;
mod headline;
mod html;
mod mode;
mod model;
mod probes;
mod races;
mod scale;
mod svg;
mod versions;

pub use browsers::{compare_browsers, BrowserComparison};
pub use chart::{chart, shared_scale, Chart, Measure};
pub use data_table::numbers_html;
pub use fields::{Column, Field, SideBySide, StepFields};
pub use fields_html::{fields_html, fields_summary};
pub use headline::headline_html;
pub use html::{bytes_text, step_html, summary_html};
pub use mode::CompareAxis;
pub use model::{
    compare, server_bytes, step_browser, Comparison, EngineColumn, RefusedCookie, ServerBytes,
    StepFigures, COOKIE_LIMIT, MAX_ENGINES, MIN_ENGINES,
};
pub use probes::{cache_restart_probe, logout_probe, Probe};
pub use races::races_html;
pub use scale::ByteScale;
pub use svg::{chart_svg, cursor_svg, legend_html};
pub use versions::{compare_versions, default_pair, pick, Side, VersionComparison};

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
    scenario
        .steps
        .push(Step::Request(Request::new(ViewCall::Get {
            key: "cart".to_owned(),
            default: Value::Null,
        })));
    scenario
}
