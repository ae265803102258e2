//! The comparison people come for, first: per engine, the bytes the browser carries in every
//! request (the session cookie) against the bytes the server keeps, with bars on one linear
//! scale so a 41-byte key and a 3 KB signed cookie look as different as they are.

use sessionscope_engine::scenario::Engine;

use super::html::engine_class;
use super::model::{Comparison, EngineColumn};
use crate::ui::markup::Markup;

/// The largest cookie an engine's browser was sent but refused, if any.
fn largest_refused(column: &EngineColumn) -> Option<(usize, &str)> {
    column
        .steps
        .iter()
        .filter_map(|f| f.refused.as_ref())
        .max_by_key(|r| r.bytes)
        .map(|r| (r.bytes, r.reason.as_str()))
}

/// What the cookie holds, by engine.
fn cookie_holds(engine: Engine) -> &'static str {
    if engine == Engine::SignedCookies {
        "the whole session, signed"
    } else {
        "the session key"
    }
}

/// A bar `bytes` long on a scale where `largest` fills the cell.
fn bar(m: &mut Markup, bytes: usize, largest: usize) {
    let share = if bytes == 0 || largest == 0 {
        0.0
    } else {
        (bytes as f64 / largest as f64 * 100.0).max(1.0)
    };
    let style = format!("width:{share:.1}%");
    m.element("span", &[("class", "cost-track")], |m| {
        m.element("span", &[("class", "cost-bar"), ("style", &style)], |_| {});
    });
}

/// The headline table: a row per engine, the cookie against the server's bytes.
pub fn headline_html(comparison: &Comparison) -> String {
    let largest = comparison
        .columns
        .iter()
        .flat_map(|c| [c.max_cookie_bytes.unwrap_or(0), c.max_server.total()])
        .max()
        .unwrap_or(0);
    let mut m = Markup::new();
    m.element(
        "table",
        &[("class", "cost-table"), ("data-testid", "compare-headline")],
        |m| {
            m.element("thead", &[], |m| {
                m.element("tr", &[], |m| {
                    m.text_element("th", &[("scope", "col")], "Engine");
                    m.text_element("th", &[("scope", "col")], "Carried by every request");
                    m.text_element("th", &[("scope", "col")], "Kept on the server");
                });
            });
            m.element("tbody", &[], |m| {
                for column in &comparison.columns {
                    row(m, column, largest);
                }
            });
        },
    );
    m.into_string()
}

fn row(m: &mut Markup, column: &EngineColumn, largest: usize) {
    let class = engine_class(column.engine);
    m.element(
        "tr",
        &[("class", &class), ("data-engine", column.engine.name())],
        |m| {
            m.element("th", &[("scope", "row")], |m| {
                m.element("span", &[("class", "swatch")], |_| {});
                m.text(column.engine.name());
            });
            let cookie = column.max_cookie_bytes.unwrap_or(0);
            m.element("td", &[("class", "cost carried")], |m| {
                bar(m, cookie, largest);
                let bytes = cookie.to_string();
                m.text_element(
                    "strong",
                    &[("data-testid", "cookie-cost"), ("data-bytes", &bytes)],
                    &format!("{cookie} B"),
                );
                m.text(" ");
                m.text_element(
                    "small",
                    &[],
                    &format!("cookie: {}", cookie_holds(column.engine)),
                );
                if let Some((bytes, reason)) = largest_refused(column) {
                    m.text_element(
                        "small",
                        &[("class", "refused-note")],
                        &format!("✕ refused a {bytes} B cookie ({reason})"),
                    );
                }
            });
            let server = column.max_server;
            m.element("td", &[("class", "cost server")], |m| {
                bar(m, server.total(), largest);
                let bytes = server.total().to_string();
                m.text_element(
                    "strong",
                    &[("data-testid", "server-cost"), ("data-bytes", &bytes)],
                    &format!("{} B", server.total()),
                );
                m.text(" ");
                m.text_element("small", &[], &server.records_text());
            });
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::compare::{cart_scenario, compare};

    #[test]
    fn the_headline_sets_the_cookie_against_the_server_per_engine() {
        let comparison = compare(&cart_scenario(3), &Engine::ALL);
        let html = headline_html(&comparison);
        assert_eq!(html.matches("<tr class=\"engine-").count(), 5);
        let db = &comparison.columns[0];
        let signed = &comparison.columns[4];
        assert!(html.contains("data-bytes=\"41\">41 B</strong> <small>cookie: the session key"));
        assert!(html.contains(&format!(
            "data-bytes=\"{0}\">{0} B</strong> <small>1 django_session row</small>",
            db.max_server.total()
        )));
        assert!(html.contains(&format!(
            "data-bytes=\"{0}\">{0} B</strong> <small>cookie: the whole session, signed",
            signed.max_cookie_bytes.unwrap()
        )));
        assert!(html.contains("data-bytes=\"0\">0 B</strong> <small>nothing</small>"));
        assert!(
            html.contains("1 django_session row + 1 cache entry"),
            "cached_db"
        );
        assert!(!html.contains("refused"));
    }
}
