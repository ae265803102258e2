//! The cookie-size chart's layout: one polyline per engine, the session cookie's bytes per
//! step, on a scale that shows the browsers' 4096-byte limit once the cookies come near it.

use sessionscope_engine::scenario::Engine;

use super::model::{Comparison, COOKIE_LIMIT};

/// Lays out the cookie-size chart: one polyline per engine, cookie bytes per step.
#[derive(Clone, Debug, PartialEq)]
pub struct Chart {
    /// Total width and height of the SVG viewBox.
    pub width: f64,
    /// See `width`.
    pub height: f64,
    /// One line per engine (`path` is an SVG path; gaps where there is no cookie).
    pub lines: Vec<ChartLine>,
    /// Horizontal grid lines: y and label (bytes).
    pub y_ticks: Vec<(f64, String)>,
    /// Step labels: x and label (1-based step number).
    pub x_ticks: Vec<(f64, String)>,
    /// The y of the 4096-byte limit, when the scale reaches it.
    pub limit_y: Option<f64>,
    /// The plot area: left, top, right, bottom.
    pub plot: (f64, f64, f64, f64),
    /// How many steps the x axis spans.
    pub step_count: usize,
}

impl Chart {
    /// The x of step `index` (0-based).
    pub fn x_of(&self, index: usize) -> f64 {
        step_x(self.plot, self.step_count, index)
    }
}

/// The x of step `index` of `step_count` across the plot area (a single step is centred).
fn step_x((left, _, right, _): (f64, f64, f64, f64), step_count: usize, index: usize) -> f64 {
    if step_count <= 1 {
        (left + right) / 2.0
    } else {
        left + (right - left) * index as f64 / (step_count - 1) as f64
    }
}

/// One engine's line.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartLine {
    /// The engine.
    pub engine: Engine,
    /// SVG path data.
    pub path: String,
    /// The points, for markers: x, y, bytes, step index.
    pub points: Vec<(f64, f64, usize, usize)>,
}

/// The chart for `comparison` in a `width` × `height` viewBox.
pub fn chart(comparison: &Comparison, width: f64, height: f64) -> Chart {
    let plot = (48.0, 12.0, width - 12.0, height - 28.0);
    let (_, top, _, bottom) = plot;
    let max = comparison
        .columns
        .iter()
        .filter_map(|c| c.max_cookie_bytes)
        .max()
        .unwrap_or(0);
    let scale_max = nice_ceiling(max.max(64));
    let steps = comparison.step_count.max(1);
    let x_of = |i: usize| step_x(plot, steps, i);
    let y_of = |bytes: usize| bottom - (bottom - top) * bytes as f64 / scale_max as f64;
    let lines = comparison
        .columns
        .iter()
        .map(|column| {
            let mut path = String::new();
            let mut points = Vec::new();
            let mut pen_down = false;
            for (i, figures) in column.steps.iter().enumerate() {
                match figures.cookie_bytes {
                    Some(bytes) => {
                        let (x, y) = (x_of(i), y_of(bytes));
                        path.push_str(&format!(
                            "{}{x:.1},{y:.1} ",
                            if pen_down { "L" } else { "M" }
                        ));
                        points.push((x, y, bytes, i));
                        pen_down = true;
                    }
                    None => pen_down = false,
                }
            }
            ChartLine {
                engine: column.engine,
                path: path.trim_end().to_owned(),
                points,
            }
        })
        .collect();
    let y_ticks = (0..=4)
        .map(|k| {
            let bytes = scale_max * k / 4;
            (y_of(bytes), format!("{bytes}"))
        })
        .collect();
    let stride = steps.div_ceil(12).max(1);
    let x_ticks = (0..comparison.step_count)
        .filter(|i| i % stride == 0 || i + 1 == comparison.step_count)
        .map(|i| (x_of(i), format!("{}", i + 1)))
        .collect();
    let limit_y = (scale_max >= COOKIE_LIMIT).then(|| y_of(COOKIE_LIMIT));
    Chart {
        width,
        height,
        lines,
        y_ticks,
        x_ticks,
        limit_y,
        plot,
        step_count: comparison.step_count,
    }
}

/// The smallest of 1, 2, 5 × 10^k (or 4096/8192 near the cookie limit) at or above `n`.
fn nice_ceiling(n: usize) -> usize {
    if (COOKIE_LIMIT * 3 / 4..=COOKIE_LIMIT * 2).contains(&n) {
        return if n <= COOKIE_LIMIT {
            COOKIE_LIMIT
        } else {
            COOKIE_LIMIT * 2
        };
    }
    let mut base = 1;
    loop {
        for m in [1, 2, 5] {
            if base * m >= n {
                return base * m;
            }
        }
        base *= 10;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::compare::{cart_scenario, compare};

    #[test]
    fn the_chart_has_a_line_per_engine_and_shows_the_limit_when_near() {
        let comparison = compare(&cart_scenario(4), &[Engine::Db, Engine::SignedCookies]);
        let chart = chart(&comparison, 600.0, 240.0);
        assert_eq!(chart.lines.len(), 2);
        assert_eq!(chart.lines[0].points.len(), 6);
        assert!(chart.lines[0].path.starts_with('M'));
        assert_eq!(chart.x_ticks.first().unwrap().1, "1");
        assert_eq!(chart.x_of(0), chart.plot.0);
        assert_eq!(chart.x_of(5), chart.plot.2);
        assert_eq!(chart.lines[0].points[2].0, chart.x_of(2));
        assert_eq!(chart.y_ticks.len(), 5);
        for line in &chart.lines {
            for (x, y, _, _) in &line.points {
                assert!((chart.plot.0..=chart.plot.2).contains(x));
                assert!((chart.plot.1..=chart.plot.3).contains(y));
            }
        }
        assert_eq!(nice_ceiling(41), 50);
        assert_eq!(nice_ceiling(3500), COOKIE_LIMIT);
        assert_eq!(nice_ceiling(5000), COOKIE_LIMIT * 2);
        assert_eq!(nice_ceiling(120), 200);
    }
}
