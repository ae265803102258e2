//! Two runs side by side as HTML (two Django versions, two browsers): a sentence saying where
//! the two part, then, for each step where they do, every differing field side by side with
//! its differing characters in `<mark>`, and the names of the fields both show alike.

use super::byte_marks::{mark_differences, Piece};
use super::fields::{Column, Field, SideBySide, StepFields};
use crate::ui::markup::Markup;

/// `1, 2 and 4` (steps numbered from 1).
fn step_list(steps: &[usize]) -> String {
    let numbers: Vec<String> = steps.iter().map(|s| (s + 1).to_string()).collect();
    match numbers.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

/// The sentence above the table.
pub fn fields_summary<K: Column>(c: &SideBySide<K>) -> String {
    let (left, right) = (c.left.heading(), c.right.heading());
    if c.steps.is_empty() {
        return "The scenario has no steps yet: add requests in the playground.".to_owned();
    }
    let steps = c.differing_steps();
    let fields = c.differing_fields();
    if fields == 0 {
        return format!("{left} and {right} give the same bytes at every step of this scenario.");
    }
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let at = match steps.len() {
        0 => "in the warnings".to_owned(),
        1 => format!("at step {}", step_list(&steps)),
        _ => format!("at steps {}", step_list(&steps)),
    };
    format!(
        "{left} and {right} differ in {} {at}; differing bytes are marked.",
        plural(fields, "field")
    )
}

/// The whole comparison.
pub fn fields_html<K: Column>(c: &SideBySide<K>) -> String {
    let mut m = Markup::new();
    m.text_element(
        "p",
        &[("class", "vdiff-summary"), ("data-testid", "vdiff-summary")],
        &fields_summary(c),
    );
    if c.warnings.iter().any(Field::differs) {
        table(&mut m, c, "Warnings", None, &c.warnings);
    }
    for step in c.steps.iter().filter(|s| s.differs()) {
        step_table(&mut m, c, step);
    }
    let same: Vec<usize> = c
        .steps
        .iter()
        .filter(|s| !s.differs())
        .map(|s| s.index)
        .collect();
    if !same.is_empty() && same.len() < c.steps.len() {
        m.text_element(
            "p",
            &[("class", "hint")],
            &format!(
                "The same bytes on both at step{} {}.",
                if same.len() == 1 { "" } else { "s" },
                step_list(&same)
            ),
        );
    }
    m.into_string()
}

fn step_table<K: Column>(m: &mut Markup, c: &SideBySide<K>, step: &StepFields) {
    let title = format!("Step {} · {}", step.index + 1, step.label);
    let fields: Vec<Field> = step.differing().cloned().collect();
    table(m, c, &title, Some(step.index), &fields);
    let same: Vec<&str> = step
        .fields
        .iter()
        .filter(|f| !f.differs())
        .map(|f| f.name.as_str())
        .collect();
    if !same.is_empty() {
        m.text_element(
            "p",
            &[("class", "hint vdiff-same")],
            &format!("Alike: {}.", same.join(", ")),
        );
    }
}

fn table<K: Column>(
    m: &mut Markup,
    c: &SideBySide<K>,
    title: &str,
    step: Option<usize>,
    fields: &[Field],
) {
    let step_text = step.map(|s| s.to_string()).unwrap_or_default();
    let mut attributes = vec![("class", "vdiff-step"), ("data-testid", "vdiff-step")];
    if step.is_some() {
        attributes.push(("data-step", &step_text));
    }
    m.element("section", &attributes, |m| {
        m.text_element("h3", &[], title);
        m.element("table", &[("class", "vdiff")], |m| {
            m.element("thead", &[], |m| {
                m.element("tr", &[], |m| {
                    m.text_element("th", &[("scope", "col")], "");
                    m.text_element("th", &[("scope", "col")], &c.left.heading());
                    m.text_element("th", &[("scope", "col")], &c.right.heading());
                });
            });
            m.element("tbody", &[], |m| {
                for field in fields {
                    row(m, field);
                }
            });
        });
    });
}

fn row(m: &mut Markup, field: &Field) {
    let (left, right) = match (&field.left, &field.right) {
        (Some(l), Some(r)) => mark_differences(l, r),
        (l, r) => (whole(l), whole(r)),
    };
    m.element("tr", &[("data-field", &field.name)], |m| {
        m.text_element("th", &[("scope", "row")], &field.name);
        cell(m, field.left.is_some(), &left, "left");
        cell(m, field.right.is_some(), &right, "right");
    });
}

/// A side with no counterpart: all of it differs.
fn whole(text: &Option<String>) -> Vec<Piece> {
    text.iter()
        .map(|t| Piece {
            text: t.clone(),
            differs: true,
        })
        .collect()
}

fn cell(m: &mut Markup, present: bool, pieces: &[Piece], side: &str) {
    m.element("td", &[("data-side", side)], |m| {
        if !present {
            m.text_element("span", &[("class", "absent")], "none");
            return;
        }
        m.element("pre", &[("class", "bytes")], |m| {
            for piece in pieces {
                if piece.differs {
                    m.text_element("mark", &[], &piece.text);
                } else {
                    m.text(&piece.text);
                }
            }
        });
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::compare::versions::compare_versions;
    use sessionscope_engine::scenario::Scenario;
    use sessionscope_engine::scenario::FULL;
    use sessionscope_engine::version::DjangoVersion;

    fn scenario(name: &str) -> Scenario {
        let path = format!(
            "{}/engine/tests/conformance/versions/scenarios/{name}.json",
            env!("CARGO_MANIFEST_DIR")
        );
        Scenario::from_json(&std::fs::read_to_string(path).unwrap()).unwrap()
    }

    #[test]
    fn the_vary_difference_is_marked_byte_for_byte() {
        let c = compare_versions(
            &scenario("v_save_every_request_vary__db"),
            DjangoVersion::V4_2,
            DjangoVersion::V6_1,
            FULL,
        );
        assert_eq!(
            fields_summary(&c),
            "Django 4.2 and Django 6.1 differ in 2 fields at steps 3 and 5; differing bytes are marked."
        );
        let html = fields_html(&c);
        assert_eq!(html.matches("data-testid=\"vdiff-step\"").count(), 2);
        assert!(html.contains(
            "<td data-side=\"left\"><span class=\"absent\">none</span></td><td data-side=\"right\"><pre class=\"bytes\"><mark>Vary: Cookie</mark></pre></td>"
        ), "{html}");
        assert!(
            html.contains("<pre class=\"bytes\">Vary: Accept-Encoding<mark>, Cookie</mark></pre>"),
            "{html}"
        );
        assert!(
            html.contains("Alike: Cookie, Status, Result, Set-Cookie"),
            "{html}"
        );
        assert!(
            html.contains("The same bytes on both at steps 1, 2 and 4."),
            "{html}"
        );
    }

    #[test]
    fn equal_runs_say_so_and_bytes_are_escaped() {
        let c = compare_versions(
            &scenario("cart_basic__file"),
            DjangoVersion::V5_2,
            DjangoVersion::V6_0,
            FULL,
        );
        assert_eq!(
            fields_html(&c),
            "<p class=\"vdiff-summary\" data-testid=\"vdiff-summary\">Django 5.2 and Django 6.0 give the same bytes at every step of this scenario.</p>"
        );
        let field = Field {
            name: "Result".into(),
            left: Some("'<b>'".into()),
            right: Some("'<i>'".into()),
        };
        let mut m = Markup::new();
        row(&mut m, &field);
        let html = m.into_string();
        assert!(html.contains("&#39;&lt;<mark>b</mark>&gt;&#39;"), "{html}");
        assert!(!html.contains("<b>"));
        let empty = compare_versions(
            &Scenario::new("empty", sessionscope_engine::scenario::Engine::Db),
            DjangoVersion::V4_2,
            DjangoVersion::V6_1,
            FULL,
        );
        assert!(fields_summary(&empty).starts_with("The scenario has no steps yet"));
    }
}
