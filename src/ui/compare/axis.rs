//! The charts' x axis: one position per step, labelled with the request's number (1, 2, 3…)
//! or, for a step that is not a request, what happened in a word (`+1 min`, `close`), thinned
//! so labels never overlap however narrow the chart.

use sessionscope_engine::scenario::Step;

use crate::ui::step_names::step_word;

/// A labelled position on the x axis.
#[derive(Clone, Debug, PartialEq)]
pub struct XTick {
    /// The step (0-based).
    pub step: usize,
    /// Its x.
    pub x: f64,
    /// The label.
    pub label: String,
    /// Whether the step is a request (other steps are drawn in italics).
    pub request: bool,
}

/// Roughly the width of one character of the axis's 11-pixel labels.
pub const LABEL_CHAR_WIDTH: f64 = 6.4;
/// The least space between two labels.
const LABEL_GAP: f64 = 8.0;

/// Each step's axis label: the request's number, or a word for what else happened.
pub fn step_labels(steps: &[Step]) -> Vec<(String, bool)> {
    let mut requests = 0;
    steps
        .iter()
        .map(|step| match step {
            Step::Request(_) => {
                requests += 1;
                (requests.to_string(), true)
            }
            other => (step_word(other), false),
        })
        .collect()
}

/// The labels that fit, left to right: a label is kept when it starts clear of the last one
/// kept. `x_of` gives each step's x.
pub fn x_ticks(labels: &[(String, bool)], x_of: impl Fn(usize) -> f64) -> Vec<XTick> {
    let mut ticks: Vec<XTick> = Vec::new();
    let mut clear_from = f64::NEG_INFINITY;
    for (step, (label, request)) in labels.iter().enumerate() {
        let x = x_of(step);
        let half = label.chars().count() as f64 * LABEL_CHAR_WIDTH / 2.0;
        if x - half < clear_from {
            continue;
        }
        clear_from = x + half + LABEL_GAP;
        ticks.push(XTick {
            step,
            x,
            label: label.clone(),
            request: *request,
        });
    }
    ticks
}

#[cfg(test)]
mod tests {
    use super::*;
    use sessionscope_engine::scenario::{Request, ViewCall};

    fn request() -> Step {
        Step::Request(Request::new(ViewCall::Noop))
    }

    #[test]
    fn requests_are_numbered_and_other_steps_named() {
        let steps = [
            request(),
            Step::Advance(60.0),
            request(),
            Step::CloseBrowser("main".into()),
            Step::CacheRestart,
            request(),
        ];
        let labels: Vec<String> = step_labels(&steps).into_iter().map(|(l, _)| l).collect();
        assert_eq!(
            labels,
            ["1", "+1 min", "2", "close", "cache restart", "3"].map(String::from)
        );
        assert!(step_labels(&steps)[2].1 && !step_labels(&steps)[1].1);
    }

    #[test]
    fn labels_that_would_overlap_are_left_out() {
        let labels: Vec<(String, bool)> = (1..=40).map(|n| (n.to_string(), true)).collect();
        let wide = x_ticks(&labels, |i| i as f64 * 30.0);
        assert_eq!(wide.len(), 40, "30 px apart: every label fits");
        let narrow = x_ticks(&labels, |i| i as f64 * 8.0);
        assert!(narrow.len() < 20 && narrow.len() > 5, "{}", narrow.len());
        for pair in narrow.windows(2) {
            let room = pair[1].x - pair[0].x;
            let needed =
                (pair[0].label.len() + pair[1].label.len()) as f64 * LABEL_CHAR_WIDTH / 2.0;
            assert!(room >= needed + LABEL_GAP, "{pair:?}");
        }
        assert_eq!(narrow[0].label, "1");
    }
}
