//! The layout of the two comparison charts, step by step and engine by engine: the session
//! cookie the browser holds (what every following request carries) and the bytes the server
//! keeps. Both share one logarithmic [`ByteScale`] so a 41-byte cookie, a 4096-byte one and a
//! server row can be compared at a glance. Engines with equal values are drawn a few pixels
//! apart (never on top of each other), refused cookies are plotted at their size, above the
//! 4096-byte line, and each line ends in a label with its engine and last value when there is
//! room for one.

use sessionscope_engine::scenario::{Engine, Step};
use sessionscope_engine::small_sort::sort_small_by;

use super::axis::{step_labels, x_ticks, XTick, LABEL_CHAR_WIDTH};
use super::model::{Comparison, StepFigures, COOKIE_LIMIT};
use super::scale::ByteScale;

/// What a chart measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Measure {
    /// The session cookie in the browser's jar after each step (name + value, 0 without
    /// one): what every following request carries.
    Cookie,
    /// What the server keeps after each step (see [`super::server_bytes`]).
    Server,
}

impl Measure {
    /// The figure this chart plots for a step.
    pub fn bytes(self, figures: &StepFigures) -> usize {
        match self {
            Measure::Cookie => figures.cookie_bytes.unwrap_or(0),
            Measure::Server => figures.server.total(),
        }
    }

    /// A short name for attributes (`cookie`, `server`).
    pub fn name(self) -> &'static str {
        match self {
            Measure::Cookie => "cookie",
            Measure::Server => "server",
        }
    }
}

/// The plot area inside the chart: left, top, right, bottom.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Plot {
    /// Left edge (the y axis).
    pub left: f64,
    /// Top edge (the scale's last decade).
    pub top: f64,
    /// Right edge (the last step).
    pub right: f64,
    /// Bottom edge (zero, the x axis).
    pub bottom: f64,
}

/// One engine's value at one step.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    /// The step (0-based).
    pub step: usize,
    /// The value.
    pub bytes: usize,
    /// Where it is drawn (y includes the offset that keeps equal values apart).
    pub x: f64,
    /// See `x`.
    pub y: f64,
}

/// One engine's line.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    /// The engine.
    pub engine: Engine,
    /// A point per step.
    pub points: Vec<Point>,
}

/// A `Set-Cookie` the browser refused, plotted at its size.
#[derive(Clone, Debug, PartialEq)]
pub struct RefusedMark {
    /// The engine.
    pub engine: Engine,
    /// The step.
    pub step: usize,
    /// The refused cookie's name + value.
    pub bytes: usize,
    /// Why it was refused.
    pub reason: String,
    /// Where it is drawn.
    pub x: f64,
    /// See `x`.
    pub y: f64,
    /// Where the line is at that step (the cookie the browser kept).
    pub kept_y: f64,
}

/// A label at the end of a line.
#[derive(Clone, Debug, PartialEq)]
pub struct EndLabel {
    /// The engine.
    pub engine: Engine,
    /// `db 41 B`.
    pub text: String,
    /// Where the label sits (moved apart from its neighbours).
    pub y: f64,
    /// Where its line ends.
    pub line_y: f64,
}

/// One chart, laid out in a `width` × `height` pixel box.
#[derive(Clone, Debug, PartialEq)]
pub struct Chart {
    /// What it measures.
    pub measure: Measure,
    /// The box.
    pub width: f64,
    /// See `width`.
    pub height: f64,
    /// The plot area.
    pub plot: Plot,
    /// The y scale (shared by both charts).
    pub scale: ByteScale,
    /// A line per engine.
    pub series: Vec<Series>,
    /// Refused cookies (cookie chart only).
    pub refused: Vec<RefusedMark>,
    /// Horizontal gridlines: y and bytes.
    pub y_ticks: Vec<(f64, usize)>,
    /// The x axis's labels.
    pub x_ticks: Vec<XTick>,
    /// Every step's label (the request's number, or a word) and whether it is a request.
    pub step_labels: Vec<(String, bool)>,
    /// The y of the browsers' 4096-byte limit (cookie chart only).
    pub limit_y: Option<f64>,
    /// Labels at the lines' ends (empty when the chart is too narrow for them).
    pub end_labels: Vec<EndLabel>,
    /// Whether each point gets a marker (steps far enough apart).
    pub markers: bool,
    /// How many steps the x axis spans.
    pub step_count: usize,
}

/// The distance between lines with equal values.
pub const SPREAD: f64 = 5.0;
/// Charts narrower than this put no labels at the lines' ends (the legend names them).
const END_LABEL_MIN_WIDTH: f64 = 560.0;
/// The least distance between two end labels.
const END_LABEL_GAP: f64 = 13.0;
/// The least distance between steps for markers on every point.
const MARKER_MIN_SPACING: f64 = 7.0;

impl Chart {
    /// The x of step `index` (0-based).
    pub fn x_of(&self, index: usize) -> f64 {
        step_x(self.plot, self.step_count, index)
    }

    /// The y of `bytes` (without any offset).
    pub fn y_of(&self, bytes: usize) -> f64 {
        y_of(self.plot, self.scale, bytes)
    }

    /// Step `index` in words: `request 2`, or `step 4 (+1 min)`.
    pub fn step_name(&self, index: usize) -> String {
        match self.step_labels.get(index) {
            Some((number, true)) => format!("request {number}"),
            Some((word, false)) => format!("step {} ({word})", index + 1),
            None => format!("step {}", index + 1),
        }
    }
}

fn step_x(plot: Plot, step_count: usize, index: usize) -> f64 {
    if step_count <= 1 {
        (plot.left + plot.right) / 2.0
    } else {
        plot.left + (plot.right - plot.left) * index as f64 / (step_count - 1) as f64
    }
}

fn y_of(plot: Plot, scale: ByteScale, bytes: usize) -> f64 {
    plot.bottom - (plot.bottom - plot.top) * scale.fraction(bytes)
}

/// The scale both charts share: every cookie held, every cookie refused, every server figure.
pub fn shared_scale(comparison: &Comparison) -> ByteScale {
    ByteScale::covering(comparison.columns.iter().flat_map(|column| {
        column.steps.iter().flat_map(|f| {
            [
                f.cookie_bytes.unwrap_or(0),
                f.refused.as_ref().map_or(0, |r| r.bytes),
                f.server.total(),
            ]
        })
    }))
}

/// The chart of `measure` for `comparison` in a `width` × `height` box.
pub fn chart(comparison: &Comparison, measure: Measure, width: f64, height: f64) -> Chart {
    let wide = width >= END_LABEL_MIN_WIDTH;
    let right_margin = if wide {
        end_label_room(comparison)
    } else {
        16.0
    };
    let plot = Plot {
        left: 52.0,
        top: 26.0,
        right: (width - right_margin).max(120.0),
        bottom: height - 40.0,
    };
    let scale = shared_scale(comparison);
    let step_count = comparison.step_count;
    let series = spread_equal_values(comparison, measure, plot, scale);
    let refused = if measure == Measure::Cookie {
        refused_marks(comparison, &series, plot, scale)
    } else {
        Vec::new()
    };
    let steps: Vec<Step> = comparison
        .columns
        .first()
        .map(|c| c.trace.steps.iter().map(|s| s.step.clone()).collect())
        .unwrap_or_default();
    let spacing = (plot.right - plot.left) / step_count.saturating_sub(1).max(1) as f64;
    let labels = step_labels(&steps);
    Chart {
        measure,
        width,
        height,
        plot,
        scale,
        y_ticks: scale
            .ticks()
            .into_iter()
            .map(|bytes| (y_of(plot, scale, bytes), bytes))
            .collect(),
        x_ticks: x_ticks(&labels, |i| step_x(plot, step_count, i)),
        step_labels: labels,
        limit_y: (measure == Measure::Cookie).then(|| y_of(plot, scale, COOKIE_LIMIT)),
        end_labels: if wide {
            end_labels(&series, plot)
        } else {
            Vec::new()
        },
        markers: spacing >= MARKER_MIN_SPACING,
        series,
        refused,
        step_count,
    }
}

/// Room on the right for the longest end label (`signed_cookies 12345 B`).
fn end_label_room(comparison: &Comparison) -> f64 {
    let longest = comparison
        .columns
        .iter()
        .map(|c| c.engine.name().len() + 9)
        .max()
        .unwrap_or(12);
    longest as f64 * LABEL_CHAR_WIDTH + 22.0
}

/// A line per engine; at each step, engines with the same value are drawn [`SPREAD`] pixels
/// apart around it, in the comparison's order (the first on top).
fn spread_equal_values(
    comparison: &Comparison,
    measure: Measure,
    plot: Plot,
    scale: ByteScale,
) -> Vec<Series> {
    let values: Vec<Vec<usize>> = comparison
        .columns
        .iter()
        .map(|c| c.steps.iter().map(|f| measure.bytes(f)).collect())
        .collect();
    comparison
        .columns
        .iter()
        .enumerate()
        .map(|(k, column)| Series {
            engine: column.engine,
            points: values[k]
                .iter()
                .enumerate()
                .map(|(step, &bytes)| {
                    let equal = |other: &Vec<usize>| other.get(step) == Some(&bytes);
                    let rank = values[..k].iter().filter(|v| equal(v)).count();
                    let group = rank + values[k..].iter().filter(|v| equal(v)).count();
                    let offset = (rank as f64 - (group - 1) as f64 / 2.0) * SPREAD;
                    Point {
                        step,
                        bytes,
                        x: step_x(plot, comparison.step_count, step),
                        y: y_of(plot, scale, bytes) + offset,
                    }
                })
                .collect(),
        })
        .collect()
}

fn refused_marks(
    comparison: &Comparison,
    series: &[Series],
    plot: Plot,
    scale: ByteScale,
) -> Vec<RefusedMark> {
    comparison
        .columns
        .iter()
        .zip(series)
        .flat_map(|(column, line)| {
            column
                .steps
                .iter()
                .enumerate()
                .filter_map(move |(step, f)| {
                    let refused = f.refused.as_ref()?;
                    let kept = line.points.get(step)?;
                    Some(RefusedMark {
                        engine: column.engine,
                        step,
                        bytes: refused.bytes,
                        reason: refused.reason.clone(),
                        x: kept.x,
                        y: y_of(plot, scale, refused.bytes),
                        kept_y: kept.y,
                    })
                })
        })
        .collect()
}

/// A label per line at its last point, moved apart so none overlaps another and all stay
/// inside the plot.
fn end_labels(series: &[Series], plot: Plot) -> Vec<EndLabel> {
    let mut labels: Vec<EndLabel> = series
        .iter()
        .filter_map(|line| {
            let last = line.points.last()?;
            Some(EndLabel {
                engine: line.engine,
                text: format!("{} {} B", line.engine, last.bytes),
                y: last.y,
                line_y: last.y,
            })
        })
        .collect();
    sort_small_by(&mut labels, &|a, b| a.line_y.total_cmp(&b.line_y).is_gt());
    let (first, last) = (plot.top + 4.0, plot.bottom);
    for i in 0..labels.len() {
        let floor = if i == 0 {
            first
        } else {
            labels[i - 1].y + END_LABEL_GAP
        };
        labels[i].y = labels[i].y.max(floor);
    }
    for i in (0..labels.len()).rev() {
        let ceiling = labels
            .get(i + 1)
            .map_or(last, |next| next.y - END_LABEL_GAP);
        labels[i].y = labels[i].y.min(ceiling);
    }
    labels
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::compare::{cart_scenario, compare};

    #[test]
    fn engines_with_equal_cookies_are_drawn_apart() {
        let comparison = compare(&cart_scenario(3), &Engine::ALL);
        let chart = chart(&comparison, Measure::Cookie, 900.0, 260.0);
        assert_eq!(chart.series.len(), 5);
        let at = |k: usize, step: usize| chart.series[k].points[step];
        // db, cache, cached_db and file all hold a 41-byte cookie after the first request.
        for k in 0..4 {
            assert_eq!(at(k, 0).bytes, 41);
        }
        let mut ys: Vec<f64> = (0..4).map(|k| at(k, 0).y).collect();
        ys.sort_by(f64::total_cmp);
        for pair in ys.windows(2) {
            assert!(pair[1] - pair[0] >= SPREAD - 1e-9, "{ys:?}");
        }
        let centre = ys.iter().sum::<f64>() / 4.0;
        assert!(
            (centre - chart.y_of(41)).abs() < 1e-9,
            "spread around the value"
        );
        // A value no other engine has is drawn exactly where it is.
        assert!(at(4, 0).bytes > 41);
        assert_eq!(at(4, 0).y, chart.y_of(at(4, 0).bytes));
        assert!(at(4, 0).y < at(0, 0).y, "the signed cookie is higher");
    }

    #[test]
    fn the_x_axis_numbers_the_requests_and_names_other_steps() {
        let comparison = compare(&cart_scenario(3), &[Engine::Db, Engine::File]);
        let chart = chart(&comparison, Measure::Cookie, 900.0, 260.0);
        let labels: Vec<&str> = chart.x_ticks.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(labels, ["1", "2", "3", "+1 min", "4"]);
        assert_eq!(chart.x_ticks[3].x, chart.x_of(3));
        assert!(!chart.x_ticks[3].request && chart.x_ticks[4].request);
        assert_eq!(chart.x_of(0), chart.plot.left);
        assert_eq!(chart.x_of(4), chart.plot.right);
        let ticks: Vec<usize> = chart.y_ticks.iter().map(|(_, b)| *b).collect();
        assert_eq!(ticks, [0, 10, 100, 1000, 10_000]);
        assert!(chart.markers);
        let narrow = super::chart(&comparison, Measure::Cookie, 340.0, 220.0);
        assert!(narrow.end_labels.is_empty() && chart.end_labels.len() == 2);
        assert!(
            narrow.plot.right > narrow.plot.left + 200.0,
            "{:?}",
            narrow.plot
        );
    }

    #[test]
    fn end_labels_never_overlap_and_stay_in_the_plot() {
        let comparison = compare(&cart_scenario(2), &Engine::ALL);
        let chart = chart(&comparison, Measure::Cookie, 1000.0, 260.0);
        let mut ys: Vec<f64> = chart.end_labels.iter().map(|l| l.y).collect();
        ys.sort_by(f64::total_cmp);
        for pair in ys.windows(2) {
            assert!(pair[1] - pair[0] >= END_LABEL_GAP - 1e-9, "{ys:?}");
        }
        assert!(ys[0] >= chart.plot.top && ys[4] <= chart.plot.bottom);
        let db = chart
            .end_labels
            .iter()
            .find(|l| l.engine == Engine::Db)
            .unwrap();
        assert_eq!(db.text, "db 41 B");
    }

    #[test]
    fn a_refused_cookie_is_plotted_above_the_limit_at_its_size() {
        let story = crate::ui::stories::by_id("cart-outgrows-cookie").unwrap();
        let comparison = compare(
            &crate::ui::stories::book().scenario(story, Engine::SignedCookies),
            &Engine::ALL,
        );
        let chart = chart(&comparison, Measure::Cookie, 900.0, 260.0);
        let limit = chart.limit_y.unwrap();
        assert_eq!(chart.refused.len(), 1);
        let mark = &chart.refused[0];
        assert_eq!((mark.engine, mark.step), (Engine::SignedCookies, 3));
        assert!(mark.bytes > COOKIE_LIMIT);
        assert!(mark.y < limit, "above the 4096-byte line");
        assert!(mark.y >= chart.plot.top, "inside the plot");
        assert_eq!(mark.y, chart.y_of(mark.bytes));
        let kept = chart.series[4].points[3];
        assert_eq!(mark.kept_y, kept.y);
        assert!(kept.y > limit, "the cookie kept is under the limit");
        assert_eq!(kept.bytes, chart.series[4].points[2].bytes);
        assert_eq!(mark.x, chart.x_of(3));
        let server = super::chart(&comparison, Measure::Server, 900.0, 260.0);
        assert!(server.refused.is_empty());
    }

    #[test]
    fn the_server_chart_shares_the_scale_and_shows_nothing_for_signed_cookies() {
        let comparison = compare(&cart_scenario(3), &Engine::ALL);
        let cookies = chart(&comparison, Measure::Cookie, 600.0, 240.0);
        let server = chart(&comparison, Measure::Server, 600.0, 240.0);
        assert_eq!(cookies.scale, server.scale);
        assert!(server.limit_y.is_none() && cookies.limit_y.is_some());
        let signed = &server.series[4];
        assert!(signed.points.iter().all(|p| p.bytes == 0));
        for (column, line) in comparison.columns.iter().zip(&server.series) {
            for (figures, point) in column.steps.iter().zip(&line.points) {
                assert_eq!(point.bytes, figures.server.total(), "{}", column.engine);
            }
        }
    }
}
