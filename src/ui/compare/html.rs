//! The comparison as HTML text (see [`crate::ui::markup`]): the summary table and every
//! engine's request and response at one step. Values print as Python prints them.

use sessionscope_engine::scenario::{Engine, TraceStep};

use super::model::{Comparison, EngineColumn, COOKIE_LIMIT};
use crate::ui::markup::Markup;
use crate::ui::python;

/// `12 B`, or `none`.
pub fn bytes_text(bytes: Option<usize>) -> String {
    bytes.map_or("none".to_owned(), |b| format!("{b} B"))
}

/// A summary cell: its text, whether it is bad news, and the evidence behind it.
struct Cell {
    text: String,
    flag: Option<bool>,
    evidence: Option<String>,
    title: Option<String>,
}

impl Cell {
    fn plain(text: String) -> Cell {
        Cell {
            text,
            flag: None,
            evidence: None,
            title: None,
        }
    }
}

type SummaryRow = (&'static str, &'static str, fn(&EngineColumn) -> Cell);

const SUMMARY_ROWS: [SummaryRow; 10] = [
    (
        "Largest session cookie",
        "name + value, in the browser's jar",
        |c| Cell {
            flag: Some(c.max_cookie_bytes.is_none_or(|b| b <= COOKIE_LIMIT)),
            ..Cell::plain(bytes_text(c.max_cookie_bytes))
        },
    ),
    (
        "Cookie after the last step",
        "what the browser holds at the end",
        |c| Cell::plain(bytes_text(c.final_cookie_bytes)),
    ),
    ("Largest Set-Cookie header", "the whole header line", |c| {
        Cell::plain(bytes_text(c.max_set_cookie_bytes))
    }),
    (
        "Most kept on the server",
        "session data: rows, cache entries (as JSON), files",
        |c| Cell {
            title: Some(format!(
                "{}; after the last step: {} B",
                c.max_server.records_text(),
                c.final_server_bytes
            )),
            ..Cell::plain(format!("{} B", c.max_server.total()))
        },
    ),
    (
        "Store reads per request",
        "SELECT, cache get, file read, signature check",
        |c| Cell {
            title: Some(format!("{} reads in {} requests", c.reads, c.requests)),
            ..Cell::plain(c.per_request(c.reads))
        },
    ),
    (
        "Store writes per request",
        "INSERT/UPDATE, cache set, file write",
        |c| Cell {
            title: Some(format!(
                "{} writes and {} deletions in {} requests",
                c.writes, c.deletes, c.requests
            )),
            ..Cell::plain(c.per_request(c.writes))
        },
    ),
    ("SQL queries per request", "db and cached_db", |c| Cell {
        title: Some(format!("{} queries in {} requests", c.queries, c.requests)),
        ..Cell::plain(c.per_request(c.queries))
    }),
    (
        "Cookies the browser refused",
        "Set-Cookie over 4096 bytes (name + value)",
        |c| Cell {
            flag: Some(c.dropped_cookies == 0),
            ..Cell::plain(c.dropped_cookies.to_string())
        },
    ),
    (
        "Logout revokes a copied cookie",
        "probe: login(), copy the cookie, logout(), replay the copy, read request.user",
        |c| Cell {
            flag: Some(c.logout_revokes.holds),
            evidence: Some(c.logout_revokes.evidence.clone()),
            ..Cell::plain(yes_no(c.logout_revokes.holds))
        },
    ),
    (
        "Survives a cache restart",
        "probe: login(), empty the cache, read request.user",
        |c| Cell {
            flag: Some(c.survives_cache_restart.holds),
            evidence: Some(c.survives_cache_restart.evidence.clone()),
            ..Cell::plain(yes_no(c.survives_cache_restart.holds))
        },
    ),
];

fn yes_no(answer: bool) -> String {
    if answer { "Yes" } else { "No" }.to_owned()
}

/// The class that gives an element its engine's colour (`--eng`).
pub fn engine_class(engine: Engine) -> String {
    format!("engine-{}", engine.name())
}

/// A table's head: `corner`, then one column per engine, each in its engine's colour.
pub fn engine_head(m: &mut Markup, corner: &str, comparison: &Comparison) {
    m.element("thead", &[], |m| {
        m.element("tr", &[], |m| {
            m.text_element("th", &[("scope", "col")], corner);
            for column in &comparison.columns {
                let class = engine_class(column.engine);
                m.text_element(
                    "th",
                    &[("scope", "col"), ("class", &class)],
                    column.engine.name(),
                );
            }
        });
    });
}

/// The summary table: a row per figure, a column per engine.
pub fn summary_html(comparison: &Comparison) -> String {
    let mut m = Markup::new();
    m.element(
        "table",
        &[("class", "compare-table"), ("data-testid", "compare-table")],
        |m| {
            m.element("thead", &[], |m| {
                m.element("tr", &[], |m| {
                    m.text_element("th", &[("scope", "col")], "Per engine");
                    for column in &comparison.columns {
                        let class = engine_class(column.engine);
                        m.element(
                            "th",
                            &[
                                ("scope", "col"),
                                ("class", &class),
                                ("data-engine-column", column.engine.name()),
                            ],
                            |m| {
                                m.element("span", &[("class", "swatch")], |_| {});
                                m.text(column.engine.name());
                            },
                        );
                    }
                });
            });
            m.element("tbody", &[], |m| {
                for (label, hint, cell_of) in SUMMARY_ROWS {
                    m.element("tr", &[], |m| {
                        m.element("th", &[("scope", "row")], |m| {
                            m.text(label);
                            m.text_element("small", &[], hint);
                        });
                        for column in &comparison.columns {
                            let cell = cell_of(column);
                            m.element("td", &[], |m| {
                                let class = match cell.flag {
                                    Some(true) if cell.evidence.is_some() => "verdict good",
                                    Some(false) if cell.evidence.is_some() => "verdict bad",
                                    Some(false) => "over",
                                    _ => "value",
                                };
                                let title = cell.title.clone().unwrap_or_default();
                                m.text_element(
                                    "span",
                                    &[("class", class), ("title", &title)],
                                    &cell.text,
                                );
                                if let Some(evidence) = &cell.evidence {
                                    m.text_element("small", &[("class", "evidence")], evidence);
                                }
                            });
                        }
                    });
                }
            });
        },
    );
    m.into_string()
}

/// Every engine at step `index`: the request's Cookie header, the response, the Set-Cookie
/// headers and the step's figures.
pub fn step_html(comparison: &Comparison, index: usize) -> String {
    let mut m = Markup::new();
    for column in &comparison.columns {
        let class = format!("compare-column {}", engine_class(column.engine));
        m.element(
            "div",
            &[("class", &class), ("data-testid", "compare-column")],
            |m| {
                m.element("h3", &[], |m| {
                    m.element("span", &[("class", "swatch")], |_| {});
                    m.text(column.engine.name());
                });
                if let Some(step) = column.trace.steps.get(index) {
                    step_details(m, step);
                }
                if let Some(f) = column.steps.get(index) {
                    m.element("dl", &[("class", "figures")], |m| {
                        let rows = [
                            ("cookie", bytes_text(f.cookie_bytes)),
                            (
                                "reads / writes",
                                format!("{} / {}", f.reads, f.writes + f.deletes),
                            ),
                            ("SQL", f.queries.to_string()),
                            ("server", format!("{} B", f.server.total())),
                        ];
                        for (name, value) in rows {
                            m.text_element("dt", &[], name);
                            m.text_element("dd", &[], &value);
                        }
                    });
                }
            },
        );
    }
    m.into_string()
}

fn step_details(m: &mut Markup, step: &TraceStep) {
    let Some(response) = &step.response else {
        let text = step
            .events
            .first()
            .map(|e| e.sentence.as_str())
            .unwrap_or_default();
        m.text_element("p", &[("class", "compare-env")], text);
        return;
    };
    let cookie = step
        .request
        .as_ref()
        .and_then(|r| r.cookie_header.clone())
        .map_or("(no Cookie header)".to_owned(), |h| format!("Cookie: {h}"));
    m.element("div", &[("class", "compare-http")], |m| {
        m.text_element("pre", &[("class", "bytes request")], &cookie);
        m.text_element(
            "p",
            &[("class", "status")],
            &format!(
                "{} · result {}",
                response.status,
                python::repr(&response.result)
            ),
        );
        if response.set_cookies.is_empty() {
            m.text_element("pre", &[("class", "bytes empty")], "(no Set-Cookie)");
        }
        for cookie in &response.set_cookies {
            m.text_element("pre", &[("class", "bytes set-cookie")], &cookie.header());
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::compare::{cart_scenario, compare};
    use sessionscope_engine::json::{Dict, Value};
    use sessionscope_engine::scenario::{Request, Step, ViewCall};

    #[test]
    fn the_html_views_show_every_engine_and_escape_the_bytes() {
        let mut scenario = cart_scenario(2);
        let mut data = Dict::new();
        data.insert("note", Value::from("<b>&\"quoted\"</b>"));
        scenario
            .steps
            .push(Step::Request(Request::new(ViewCall::Set(data))));
        let comparison = compare(&scenario, &Engine::ALL);
        let table = summary_html(&comparison);
        assert_eq!(table.matches("data-engine-column=").count(), 5);
        assert_eq!(table.matches("<tr>").count(), 1 + SUMMARY_ROWS.len());
        assert!(
            table.contains("verdict bad"),
            "signed_cookies' logout answer"
        );
        let last = comparison.step_count - 1;
        let columns = step_html(&comparison, last);
        assert_eq!(columns.matches("data-testid=\"compare-column\"").count(), 5);
        assert!(!columns.contains("<b>"), "the view's data is escaped");
        assert!(columns.contains("Set-Cookie: sessionid="));
        // The view's result prints as Python prints it: None, not null.
        assert!(columns.contains("200 · result None"), "{columns}");
        let cart = step_html(&comparison, 3);
        assert!(cart.contains("result [&#39;item-0000-0&#39;, "), "{cart}");
    }
}
