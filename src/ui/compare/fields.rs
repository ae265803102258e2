//! Two runs of one scenario that differ in one input (the Django version, the browser), step
//! by step: every field either run shows (status, exceptions, the view's result, `Vary`, each
//! `Set-Cookie` line and what the browser did with it, the `Cookie` header sent and the
//! cookies kept back, each jar entry with its attributes, every `django_session` row, cache
//! entry and session file, the warnings) with whether it differs. `versions` and `browsers`
//! run the two sides; this module only lines their traces up.

use sessionscope_engine::browser::rules::BrowserProfile;
use sessionscope_engine::json::to_python_json;
use sessionscope_engine::scenario::{SetCookieVerdict, Trace, TraceStep};
use sessionscope_engine::version::DjangoVersion;

use crate::ui::clock_text::utc;
use crate::ui::jar_view::attributes_text;
use crate::ui::python;
use crate::ui::step_names::step_label;

/// What varies between the two columns, and how a column is headed.
pub trait Column: Copy {
    /// `Django 4.2`, `Firefox`.
    fn heading(self) -> String;
}

impl Column for DjangoVersion {
    fn heading(self) -> String {
        format!("Django {}", self.name())
    }
}

impl Column for BrowserProfile {
    fn heading(self) -> String {
        self.label().to_owned()
    }
}

/// One thing a step shows, on both sides (`None`: that side shows no such thing).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    /// What it is: `Status`, `Vary`, `Set-Cookie`, `django_session row sess…`.
    pub name: String,
    /// The left column's text.
    pub left: Option<String>,
    /// The right column's text.
    pub right: Option<String>,
}

impl Field {
    /// Whether the two sides show different bytes.
    pub fn differs(&self) -> bool {
        self.left != self.right
    }
}

/// One step on both sides.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepFields {
    /// The step (0-based).
    pub index: usize,
    /// What the step is (`set cart`, `+10 s`).
    pub label: String,
    /// Every field either side shows at this step.
    pub fields: Vec<Field>,
}

impl StepFields {
    /// The fields that differ.
    pub fn differing(&self) -> impl Iterator<Item = &Field> {
        self.fields.iter().filter(|f| f.differs())
    }

    /// Whether any field differs.
    pub fn differs(&self) -> bool {
        self.differing().next().is_some()
    }
}

/// The scenario on two sides: two Django versions, or two browsers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SideBySide<K> {
    /// The left column.
    pub left: K,
    /// The right column.
    pub right: K,
    /// The Python warnings each run emitted (Django 4.2's `PickleSerializer` deprecation).
    pub warnings: Vec<Field>,
    /// Every step.
    pub steps: Vec<StepFields>,
}

impl<K> SideBySide<K> {
    /// The steps at which a field differs.
    pub fn differing_steps(&self) -> Vec<usize> {
        self.steps
            .iter()
            .filter(|s| s.differs())
            .map(|s| s.index)
            .collect()
    }

    /// How many fields differ, warnings included.
    pub fn differing_fields(&self) -> usize {
        self.steps
            .iter()
            .map(|s| s.differing().count())
            .sum::<usize>()
            + self.warnings.iter().filter(|f| f.differs()).count()
    }
}

/// The two traces side by side.
pub fn line_up<K>(left: K, left_trace: &Trace, right: K, right_trace: &Trace) -> SideBySide<K> {
    let steps = left_trace
        .steps
        .iter()
        .zip(&right_trace.steps)
        .map(|(l, r)| {
            let mut fields = Vec::new();
            pair_up(&mut fields, &step_fields(l), &step_fields(r));
            StepFields {
                index: l.index,
                label: step_label(&l.step),
                fields,
            }
        })
        .collect();
    let numbered = |trace: &Trace| -> Vec<(String, String)> {
        trace
            .warnings
            .iter()
            .map(|w| ("Warning".to_owned(), w.clone()))
            .collect()
    };
    let mut warnings = Vec::new();
    pair_up(&mut warnings, &numbered(left_trace), &numbered(right_trace));
    SideBySide {
        left,
        right,
        warnings,
        steps,
    }
}

/// Fields of the same name are paired in order; a name one side lacks pairs with nothing and
/// keeps its place among its own side's fields (a `Cookie` header only the right side sent
/// still comes first).
fn pair_up(out: &mut Vec<Field>, left: &[(String, String)], right: &[(String, String)]) {
    let mut taken = vec![false; right.len()];
    // Each field with the index of its right-side text, if any.
    let mut paired: Vec<(Field, Option<usize>)> = Vec::new();
    for (name, text) in left {
        let partner = right
            .iter()
            .enumerate()
            .position(|(i, (n, _))| !taken[i] && n == name);
        if let Some(i) = partner {
            taken[i] = true;
        }
        paired.push((
            Field {
                name: name.clone(),
                left: Some(text.clone()),
                right: partner.map(|i| right[i].1.clone()),
            },
            partner,
        ));
    }
    for (i, (name, text)) in right.iter().enumerate() {
        if !taken[i] {
            let before = paired
                .iter()
                .position(|(_, partner)| partner.is_some_and(|p| p > i))
                .unwrap_or(paired.len());
            let field = Field {
                name: name.clone(),
                left: None,
                right: Some(text.clone()),
            };
            paired.insert(before, (field, Some(i)));
        }
    }
    out.extend(paired.into_iter().map(|(field, _)| field));
}

/// What a rules browser did with a `Set-Cookie` line: `sessionid: stored`, or its refusal in
/// the browser's own words (`sessionid: refused: …`, Firefox's console message or "Firefox
/// gives no reason").
fn verdict_text(name: &str, verdict: &SetCookieVerdict) -> String {
    let what = match verdict {
        SetCookieVerdict::Stored { warnings, .. } => {
            let mut text = verdict.name().to_owned();
            for warning in warnings {
                text.push_str("; ");
                text.push_str(warning);
            }
            text
        }
        SetCookieVerdict::Deleted { .. } => verdict.name().to_owned(),
        SetCookieVerdict::Refused { explanation, .. } => explanation.clone(),
    };
    format!("{name}: {what}")
}

/// What one step shows, as (name, text) pairs: absent things are left out, so that the
/// other side's text pairs with nothing. The browser's verdicts, kept-back cookies and jar
/// attributes exist only with a rules browser.
fn step_fields(step: &TraceStep) -> Vec<(String, String)> {
    let mut fields = Vec::new();
    let mut push = |name: &str, text: String| fields.push((name.to_owned(), text));
    if let Some(request) = &step.request {
        if let Some(header) = &request.cookie_header {
            push("Cookie", format!("Cookie: {header}"));
        }
        for cookie in request.not_sent.iter().flatten() {
            push(
                &format!("Kept back: {}", cookie.name),
                cookie.explanation.clone(),
            );
        }
    }
    if let Some(response) = &step.response {
        push("Status", response.status.to_string());
        if let Some(exception) = &response.view_exception {
            push("The view raised", exception.clone());
        }
        if let Some(exception) = &response.escaped_exception {
            push("Raised past the middleware", exception.clone());
        }
        push("Result", python::repr(&response.result));
        if let Some(vary) = &response.vary {
            push("Vary", format!("Vary: {vary}"));
        }
        for cookie in &response.set_cookies {
            push("Set-Cookie", cookie.header());
            if let Some(verdict) = &cookie.verdict {
                push("Verdict", verdict_text(&cookie.name, verdict));
            }
        }
    }
    for jar in &step.jars {
        for cookie in &jar.cookies {
            let mut text = cookie.value.clone();
            if let Some(details) = &cookie.details {
                text = format!("{text} · {}", attributes_text(details));
            }
            if let Some(at) = cookie.expires_at {
                text = format!("{text} · {}", utc(at));
            }
            push(&format!("{}'s jar: {}", jar.browser, cookie.name), text);
        }
    }
    for row in step.store.db.iter().flatten() {
        push(
            &format!("django_session row {}", row.session_key),
            format!("{} | {}", row.session_data, row.expire_date),
        );
    }
    for entry in step.store.cache.iter().flatten() {
        if entry.expires_at.is_none_or(|at| at > step.now) {
            push(
                &format!("cache entry {}", entry.key),
                to_python_json(&entry.value),
            );
        }
    }
    for file in step.store.files.iter().flatten() {
        push(&format!("session file {}", file.name), file.content.clone());
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect()
    }

    #[test]
    fn a_field_one_side_lacks_keeps_its_place_and_names_pair_in_order() {
        let mut out = Vec::new();
        pair_up(
            &mut out,
            &named(&[("Status", "200"), ("Set-Cookie", "a"), ("Set-Cookie", "b")]),
            &named(&[
                ("Cookie", "Cookie: x=1"),
                ("Status", "200"),
                ("Set-Cookie", "a"),
                ("Vary", "Vary: Cookie"),
            ]),
        );
        let rows: Vec<(&str, Option<&str>, Option<&str>)> = out
            .iter()
            .map(|f| (f.name.as_str(), f.left.as_deref(), f.right.as_deref()))
            .collect();
        assert_eq!(
            rows,
            [
                ("Cookie", None, Some("Cookie: x=1")),
                ("Status", Some("200"), Some("200")),
                ("Set-Cookie", Some("a"), Some("a")),
                ("Set-Cookie", Some("b"), None),
                ("Vary", None, Some("Vary: Cookie")),
            ]
        );
    }
}
