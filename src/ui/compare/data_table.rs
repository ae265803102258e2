//! The numbers behind each chart, as a table (the charts' text alternative): a row per step,
//! named as on the x axis and by what it did in Python, a column per engine.

use super::chart::{Chart, Measure};
use super::html::engine_head;
use super::model::{Comparison, StepFigures};
use crate::ui::markup::Markup;
use crate::ui::step_names::step_label;

/// One cell: the chart's figure, and for the cookie chart what the browser refused.
fn cell_text(measure: Measure, figures: &StepFigures) -> String {
    let bytes = measure.bytes(figures);
    match (&figures.refused, measure) {
        (Some(refused), Measure::Cookie) => {
            format!(
                "{bytes} B (refused {} B: {})",
                refused.bytes, refused.reason
            )
        }
        _ => format!("{bytes} B"),
    }
}

fn cell_title(measure: Measure, figures: &StepFigures) -> String {
    match measure {
        Measure::Cookie if figures.cookie_bytes.is_none() => "no session cookie".to_owned(),
        Measure::Cookie => "session cookie, name + value".to_owned(),
        Measure::Server => figures.server.records_text(),
    }
}

/// The table of `chart`'s numbers.
pub fn numbers_html(comparison: &Comparison, chart: &Chart) -> String {
    let mut m = Markup::new();
    let testid = format!("numbers-{}", chart.measure.name());
    m.element(
        "table",
        &[("class", "numbers-table"), ("data-testid", &testid)],
        |m| {
            engine_head(m, "After", comparison);
            m.element("tbody", &[], |m| {
                let steps = comparison.columns.first().map(|c| &c.trace.steps);
                for index in 0..comparison.step_count {
                    m.element("tr", &[], |m| {
                        m.element("th", &[("scope", "row")], |m| {
                            m.text(&chart.step_name(index));
                            if let Some(step) = steps.and_then(|s| s.get(index)) {
                                m.text_element("code", &[], &step_label(&step.step));
                            }
                        });
                        for column in &comparison.columns {
                            let Some(figures) = column.steps.get(index) else {
                                m.element("td", &[], |_| {});
                                continue;
                            };
                            let bytes = chart.measure.bytes(figures).to_string();
                            m.text_element(
                                "td",
                                &[
                                    ("data-engine", column.engine.name()),
                                    ("data-bytes", &bytes),
                                    ("title", &cell_title(chart.measure, figures)),
                                ],
                                &cell_text(chart.measure, figures),
                            );
                        }
                    });
                }
            });
        },
    );
    m.into_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::compare::chart::chart;
    use crate::ui::compare::{cart_scenario, compare};
    use sessionscope_engine::scenario::Engine;

    #[test]
    fn a_row_per_step_and_a_cell_per_engine_with_the_charts_numbers() {
        let comparison = compare(&cart_scenario(2), &[Engine::Db, Engine::SignedCookies]);
        let server = chart(&comparison, Measure::Server, 600.0, 240.0);
        let html = numbers_html(&comparison, &server);
        assert_eq!(html.matches("<tr>").count(), 1 + comparison.step_count);
        assert!(html.contains("request 1<code>session[&quot;cart&quot;] = "));
        assert!(html.contains("step 3 (+1 min)<code>+1 min</code>"));
        let db_last = comparison.columns[0].final_server_bytes;
        assert!(html.contains(&format!(
            "data-engine=\"db\" data-bytes=\"{db_last}\" title=\"1 django_session row\">{db_last} B</td>"
        )));
        assert!(
            html.contains("data-engine=\"signed_cookies\" data-bytes=\"0\" title=\"nothing\">0 B")
        );
    }
}
