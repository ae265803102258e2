//! The charts as escaped inline SVG (see [`crate::ui::markup`]): gridlines and axes, a line
//! per engine with its own dash pattern and marker shape, refused cookies as crosses above the
//! limit, labels at the lines' ends, and an accessible name that says the numbers. The step
//! cursor is a separate tiny SVG laid over the chart, so moving it never rewrites the chart.

use sessionscope_engine::scenario::Engine;

use super::chart::{Chart, Measure, RefusedMark, Series};
use super::html::engine_class;
use super::model::COOKIE_LIMIT;
use crate::ui::markup::Markup;

/// A number for SVG attributes.
fn n(x: f64) -> String {
    format!("{x:.1}")
}

/// Each engine's marker: an outline centred on (x, y), as SVG path data.
pub fn marker_path(engine: Engine, x: f64, y: f64) -> String {
    let r = 3.0;
    match engine {
        Engine::Db => format!(
            "M{},{}a{r},{r} 0 1,0 {},0a{r},{r} 0 1,0 {},0Z",
            n(x - r),
            n(y),
            2.0 * r,
            -2.0 * r
        ),
        Engine::Cache => format!(
            "M{},{}h{}v{}h{}Z",
            n(x - r),
            n(y - r),
            2.0 * r,
            2.0 * r,
            -2.0 * r
        ),
        Engine::CachedDb => triangle(x, y, r, -1.0),
        Engine::File => format!(
            "M{},{}L{},{}L{},{}L{},{}Z",
            n(x),
            n(y - r * 1.35),
            n(x + r * 1.35),
            n(y),
            n(x),
            n(y + r * 1.35),
            n(x - r * 1.35),
            n(y)
        ),
        Engine::SignedCookies => triangle(x, y, r, 1.0),
    }
}

/// A triangle pointing up (`direction` -1) or down (1).
fn triangle(x: f64, y: f64, r: f64, direction: f64) -> String {
    let (tip, base) = (y + direction * r * 1.3, y - direction * r * 0.9);
    format!(
        "M{},{}L{},{}L{},{}Z",
        n(x),
        n(tip),
        n(x + r * 1.2),
        n(base),
        n(x - r * 1.2),
        n(base)
    )
}

/// The refused cookie's cross.
fn cross_path(x: f64, y: f64) -> String {
    let r = 5.0;
    format!(
        "M{},{}L{},{}M{},{}L{},{}",
        n(x - r),
        n(y - r),
        n(x + r),
        n(y + r),
        n(x + r),
        n(y - r),
        n(x - r),
        n(y + r)
    )
}

/// What the chart shows, in words with its numbers (its accessible name).
pub fn chart_description(chart: &Chart) -> String {
    let mut text = match chart.measure {
        Measure::Cookie => {
            "Session cookie held by the browser after each step (name + value), log scale."
        }
        Measure::Server => "Session data kept on the server after each step, log scale.",
    }
    .to_owned();
    for line in &chart.series {
        let last = line.points.last().map_or(0, |p| p.bytes);
        let most = line.points.iter().map(|p| p.bytes).max().unwrap_or(0);
        text.push_str(&format!(
            " {}: {last} B after the last step, at most {most} B.",
            line.engine
        ));
    }
    for mark in &chart.refused {
        text.push_str(&format!(
            " {} refused a {} B cookie at {} ({}).",
            mark.engine,
            mark.bytes,
            chart.step_name(mark.step),
            mark.reason
        ));
    }
    text
}

/// The chart as inline SVG.
pub fn chart_svg(chart: &Chart) -> String {
    let mut m = Markup::new();
    let view_box = format!("0 0 {} {}", chart.width, chart.height);
    let testid = format!("chart-{}", chart.measure.name());
    let description = chart_description(chart);
    m.element(
        "svg",
        &[
            ("xmlns", "http://www.w3.org/2000/svg"),
            ("class", "size-chart"),
            ("viewBox", &view_box),
            ("role", "img"),
            ("aria-label", &description),
            ("data-testid", &testid),
            ("data-measure", chart.measure.name()),
        ],
        |m| {
            grid(m, chart);
            if let Some(y) = chart.limit_y {
                limit(m, chart, y);
            }
            for line in &chart.series {
                series(m, chart, line);
            }
            for mark in &chart.refused {
                refused(m, chart, mark);
            }
            end_labels(m, chart);
        },
    );
    m.into_string()
}

fn grid(m: &mut Markup, chart: &Chart) {
    let p = chart.plot;
    m.element("g", &[("class", "grid")], |m| {
        for (y, bytes) in &chart.y_ticks {
            m.empty_element(
                "line",
                &[
                    ("x1", &n(p.left)),
                    ("y1", &n(*y)),
                    ("x2", &n(p.right)),
                    ("y2", &n(*y)),
                ],
            );
            m.text_element(
                "text",
                &[
                    ("x", &n(p.left - 6.0)),
                    ("y", &n(y + 4.0)),
                    ("text-anchor", "end"),
                ],
                &bytes.to_string(),
            );
        }
        m.text_element(
            "text",
            &[("class", "axis-title"), ("x", "4"), ("y", "12")],
            "bytes (log scale)",
        );
        for tick in &chart.x_ticks {
            let class = if tick.request {
                "x-tick"
            } else {
                "x-tick other"
            };
            let step = tick.step.to_string();
            m.text_element(
                "text",
                &[
                    ("class", class),
                    ("x", &n(tick.x)),
                    ("y", &n(p.bottom + 16.0)),
                    ("text-anchor", "middle"),
                    ("data-step", &step),
                ],
                &tick.label,
            );
        }
        m.text_element(
            "text",
            &[
                ("class", "axis-title"),
                ("x", &n((p.left + p.right) / 2.0)),
                ("y", &n(chart.height - 4.0)),
                ("text-anchor", "middle"),
            ],
            "request (other steps named)",
        );
        for (x1, y1, x2, y2) in [
            (p.left, p.bottom, p.right, p.bottom),
            (p.left, p.top, p.left, p.bottom),
        ] {
            m.empty_element(
                "line",
                &[
                    ("class", "axis"),
                    ("x1", &n(x1)),
                    ("y1", &n(y1)),
                    ("x2", &n(x2)),
                    ("y2", &n(y2)),
                ],
            );
        }
    });
}

fn limit(m: &mut Markup, chart: &Chart, y: f64) {
    let p = chart.plot;
    m.element("g", &[("class", "limit")], |m| {
        m.empty_element(
            "line",
            &[
                ("x1", &n(p.left)),
                ("y1", &n(y)),
                ("x2", &n(p.right)),
                ("y2", &n(y)),
            ],
        );
        m.text_element(
            "text",
            &[("x", &n(p.left + 4.0)), ("y", &n(y - 5.0))],
            &format!("{COOKIE_LIMIT} B: browsers refuse bigger cookies"),
        );
    });
}

fn series(m: &mut Markup, chart: &Chart, line: &Series) {
    let class = format!("series {}", engine_class(line.engine));
    m.element(
        "g",
        &[("class", &class), ("data-engine", line.engine.name())],
        |m| {
            let mut d = String::new();
            for (i, point) in line.points.iter().enumerate() {
                let pen = if i == 0 { 'M' } else { 'L' };
                d.push_str(&format!("{pen}{},{}", n(point.x), n(point.y)));
            }
            m.empty_element("path", &[("class", "line"), ("d", &d)]);
            let last = line.points.len().saturating_sub(1);
            for point in &line.points {
                if !chart.markers && point.step != last {
                    continue;
                }
                let step = point.step.to_string();
                let bytes = point.bytes.to_string();
                m.element(
                    "path",
                    &[
                        ("class", "marker"),
                        ("d", &marker_path(line.engine, point.x, point.y)),
                        ("data-step", &step),
                        ("data-bytes", &bytes),
                    ],
                    |m| {
                        m.text_element(
                            "title",
                            &[],
                            &format!(
                                "{} after {}: {} B",
                                line.engine,
                                chart.step_name(point.step),
                                point.bytes
                            ),
                        );
                    },
                );
            }
        },
    );
}

fn refused(m: &mut Markup, chart: &Chart, mark: &RefusedMark) {
    let class = format!("refused {}", engine_class(mark.engine));
    let step = mark.step.to_string();
    let bytes = mark.bytes.to_string();
    m.element(
        "g",
        &[
            ("class", &class),
            ("data-engine", mark.engine.name()),
            ("data-step", &step),
            ("data-bytes", &bytes),
        ],
        |m| {
            m.text_element(
                "title",
                &[],
                &format!(
                    "{}, {}: the browser refused a {} B cookie ({}) and kept the one it had",
                    mark.engine,
                    chart.step_name(mark.step),
                    mark.bytes,
                    mark.reason
                ),
            );
            m.empty_element(
                "line",
                &[
                    ("class", "kept"),
                    ("x1", &n(mark.x)),
                    ("y1", &n(mark.kept_y)),
                    ("x2", &n(mark.x)),
                    ("y2", &n(mark.y)),
                ],
            );
            m.empty_element(
                "path",
                &[("class", "cross"), ("d", &cross_path(mark.x, mark.y))],
            );
            let text = format!("refused {} B", mark.bytes);
            let room_right = chart.width - mark.x;
            let (x, anchor) = if room_right > text.len() as f64 * 6.6 + 12.0 {
                (mark.x + 8.0, "start")
            } else {
                (mark.x - 8.0, "end")
            };
            m.text_element(
                "text",
                &[
                    ("x", &n(x)),
                    ("y", &n(mark.y - 6.0)),
                    ("text-anchor", anchor),
                ],
                &text,
            );
        },
    );
}

fn end_labels(m: &mut Markup, chart: &Chart) {
    if chart.end_labels.is_empty() {
        return;
    }
    let right = chart.plot.right;
    m.element(
        "g",
        &[("class", "end-labels"), ("aria-hidden", "true")],
        |m| {
            for label in &chart.end_labels {
                let class = engine_class(label.engine);
                m.element("g", &[("class", &class)], |m| {
                    m.empty_element(
                        "line",
                        &[
                            ("x1", &n(right + 4.0)),
                            ("y1", &n(label.line_y)),
                            ("x2", &n(right + 12.0)),
                            ("y2", &n(label.y)),
                        ],
                    );
                    m.text_element(
                        "text",
                        &[("x", &n(right + 15.0)), ("y", &n(label.y + 4.0))],
                        &label.text,
                    );
                });
            }
        },
    );
}

/// The dashed cursor at `step`, as a transparent SVG the size of the chart, laid over it.
pub fn cursor_svg(chart: &Chart, step: usize) -> String {
    let mut m = Markup::new();
    let view_box = format!("0 0 {} {}", chart.width, chart.height);
    let x = n(chart.x_of(step));
    m.element(
        "svg",
        &[
            ("xmlns", "http://www.w3.org/2000/svg"),
            ("class", "chart-cursor"),
            ("viewBox", &view_box),
            ("aria-hidden", "true"),
        ],
        |m| {
            m.empty_element(
                "line",
                &[
                    ("x1", &x),
                    ("y1", &n(chart.plot.top)),
                    ("x2", &x),
                    ("y2", &n(chart.plot.bottom)),
                ],
            );
        },
    );
    m.into_string()
}

/// The legend both charts share: each engine's line and marker, and the refused cookie's
/// cross when one was refused.
pub fn legend_html(engines: &[Engine], any_refused: bool) -> String {
    let mut m = Markup::new();
    for engine in engines {
        let class = format!("legend-item {}", engine_class(*engine));
        m.element("span", &[("class", &class)], |m| {
            sample(m, "series", |m| {
                m.empty_element("path", &[("class", "line"), ("d", "M1,6L31,6")]);
                m.empty_element(
                    "path",
                    &[("class", "marker"), ("d", &marker_path(*engine, 16.0, 6.0))],
                );
            });
            m.text(engine.name());
        });
    }
    if any_refused {
        m.element("span", &[("class", "legend-item")], |m| {
            sample(m, "refused", |m| {
                m.empty_element("path", &[("class", "cross"), ("d", &cross_path(16.0, 6.0))]);
            });
            m.text("refused by the browser");
        });
    }
    m.into_string()
}

fn sample(m: &mut Markup, class: &str, body: impl FnOnce(&mut Markup)) {
    m.element(
        "svg",
        &[
            ("xmlns", "http://www.w3.org/2000/svg"),
            ("class", "legend-sample"),
            ("viewBox", "0 0 32 12"),
            ("aria-hidden", "true"),
        ],
        |m| {
            m.element("g", &[("class", class)], body);
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::compare::chart::chart;
    use crate::ui::compare::{cart_scenario, compare};

    #[test]
    fn every_engine_has_its_own_marker() {
        let shapes: Vec<String> = Engine::ALL
            .iter()
            .map(|e| marker_path(*e, 10.0, 10.0))
            .collect();
        for (i, a) in shapes.iter().enumerate() {
            for b in &shapes[i + 1..] {
                assert_ne!(a, b);
            }
        }
    }

    #[test]
    fn the_svg_has_a_line_per_engine_and_says_its_numbers() {
        let comparison = compare(&cart_scenario(2), &Engine::ALL);
        let cookie = chart(&comparison, Measure::Cookie, 800.0, 260.0);
        let svg = chart_svg(&cookie);
        assert_eq!(svg.matches("<g class=\"series").count(), 5);
        assert_eq!(
            svg.matches("class=\"marker\"").count(),
            5 * comparison.step_count
        );
        assert!(svg.contains("4096 B: browsers refuse bigger cookies"));
        assert!(svg.contains("aria-label=\"Session cookie held"));
        assert!(svg.contains(" db: 41 B after the last step, at most 41 B."));
        assert!(svg.contains(">db 41 B</text>"), "end label");
        let server = chart_svg(&chart(&comparison, Measure::Server, 800.0, 260.0));
        assert!(!server.contains("4096 B"));
        assert!(server.contains("signed_cookies: 0 B after the last step, at most 0 B."));
        let cursor = cursor_svg(&cookie, 1);
        assert!(cursor.contains(&format!("x1=\"{:.1}\"", cookie.x_of(1))));
        let legend = legend_html(&Engine::ALL, false);
        assert_eq!(legend.matches("legend-item").count(), 5);
        assert!(!legend.contains("refused"));
    }
}
