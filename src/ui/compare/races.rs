//! What each race lost, engine by engine: a scenario's `concurrent` steps run the same
//! interleaving on every engine, and each cell names the values a tab's save (or, for signed
//! cookies, its cookie) made that the end of the step no longer holds
//! ([`crate::ui::in_flight`]).

use super::html::engine_head;
use super::model::Comparison;
use crate::ui::in_flight::{in_flight_view, LostIn, LostValue};
use crate::ui::markup::Markup;
use crate::ui::step_names::step_label;

/// One cell's words: what was lost and where, or that nothing was.
fn lost_text(lost: &[LostValue]) -> String {
    if lost.is_empty() {
        return "nothing lost".to_owned();
    }
    let each: Vec<String> = lost
        .iter()
        .map(|l| {
            let place = match l.place {
                LostIn::Store => "in the store",
                LostIn::Jar => "in the browser's jar",
            };
            format!("{}'s {} in {}, {place}", l.label, l.value, l.key)
        })
        .collect();
    format!("lost: {}", each.join("; "))
}

/// The table of races, or `None` when the scenario has no `concurrent` step.
pub fn races_html(comparison: &Comparison) -> Option<String> {
    let first = comparison.columns.first()?;
    let races: Vec<usize> = first
        .trace
        .steps
        .iter()
        .filter(|step| step.concurrent.is_some())
        .map(|step| step.index)
        .collect();
    if races.is_empty() {
        return None;
    }
    let mut m = Markup::new();
    m.element(
        "table",
        &[("class", "numbers-table"), ("data-testid", "compare-races")],
        |m| {
            engine_head(m, "Race", comparison);
            m.element("tbody", &[], |m| {
                for &index in &races {
                    m.element("tr", &[], |m| {
                        let label = format!(
                            "step {}: {}",
                            index + 1,
                            step_label(&first.trace.steps[index].step)
                        );
                        m.text_element("th", &[("scope", "row")], &label);
                        for column in &comparison.columns {
                            let lost = column
                                .trace
                                .steps
                                .get(index)
                                .and_then(in_flight_view)
                                .map(|view| view.lost)
                                .unwrap_or_default();
                            m.text_element(
                                "td",
                                &[
                                    ("data-engine", column.engine.name()),
                                    ("data-lost", &lost.len().to_string()),
                                ],
                                &lost_text(&lost),
                            );
                        }
                    });
                }
            });
        },
    );
    Some(m.into_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::compare::compare;
    use sessionscope_engine::scenario::{Engine, Scenario};

    /// The shared two-tabs race (Compare runs the page's code: the topology part installed).
    fn lost_update() -> Scenario {
        crate::ui::session_topology::install_now();
        let path = format!(
            "{}/engine/tests/conformance/topology/scenarios/lost_update_two_tabs__db.json",
            env!("CARGO_MANIFEST_DIR")
        );
        Scenario::from_json(&std::fs::read_to_string(path).unwrap()).unwrap()
    }

    #[test]
    fn each_engine_says_what_the_same_interleaving_lost_and_where() {
        let comparison = compare(&lost_update(), &Engine::ALL);
        let html = races_html(&comparison).unwrap();
        // Two races, five engines: a row per race, a cell per engine (the text HTML-escaped).
        assert_eq!(html.matches("<tr>").count(), 3, "{html}");
        assert_eq!(html.matches("data-engine=").count(), 10, "{html}");
        for engine in ["db", "cache", "cached_db", "file"] {
            assert!(
                html.contains(&format!(
                    "data-engine=\"{engine}\" data-lost=\"1\">lost: A&#39;s &quot;mug&quot; in cart, in the store"
                )),
                "{engine}: {html}"
            );
        }
        assert!(html.contains(
            "data-engine=\"signed_cookies\" data-lost=\"1\">lost: A&#39;s &quot;mug&quot; in cart, in the browser&#39;s jar"
        ));
        // The second race: only signed cookies lose an item (lamp), in the jar.
        assert_eq!(html.matches("nothing lost").count(), 4, "{html}");
        assert!(html.contains("A&#39;s &quot;lamp&quot; in cart, in the browser&#39;s jar"));
    }

    #[test]
    fn a_scenario_without_races_has_no_table() {
        let comparison = compare(&crate::ui::compare::cart_scenario(3), &Engine::ALL);
        assert_eq!(races_html(&comparison), None);
    }
}
