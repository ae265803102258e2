//! What the store inspector shows, as escaped HTML (see [`crate::ui::markup`]): the engine's own
//! storage after a step — `django_session` rows, LocMemCache entries most recently used first,
//! session files — each empty state naming its store, nothing at all for signed cookies, and
//! the step's SQL. Stored session dicts print as Python prints them (`pprint.pp`'s layout).
//!
//! Exact figures the cells show in words (a cache entry's expiry, a file's mtime) are also on
//! `data-*` attributes, so a test reads the numbers the user sees rounded.

use sessionscope_engine::json::{python_float_repr, to_python_json, Value};
use sessionscope_engine::scenario::{
    CacheEntry, DbRow, Engine, FileEntry, SharedList, SqlQuery, StoreSnapshot,
};

use super::clock_text::{countdown, utc};
use super::markup::Markup;
use super::python;

/// The empty state of each store, in words.
pub const EMPTY_TABLE: &str = "The django_session table is empty: no session has been saved.";
/// See [`EMPTY_TABLE`].
pub const EMPTY_CACHE: &str = "LocMemCache holds no session.";
/// See [`EMPTY_TABLE`].
pub const EMPTY_DIRECTORY: &str = "SESSION_FILE_PATH holds no session file.";
/// What the server keeps with signed cookies.
pub const NOTHING_ON_THE_SERVER: &str = "Nothing on the server: with signed_cookies the whole \
     session travels in the cookie, signed with SECRET_KEY (readable by anyone, but not \
     forgeable).";

/// The inspector's body for `engine` after a step (`store` is the default snapshot before the
/// first step), read against the clock `now`.
pub fn store_html(engine: Engine, store: &StoreSnapshot, queries: &[SqlQuery], now: f64) -> String {
    let mut m = Markup::new();
    if engine == Engine::SignedCookies {
        m.text_element(
            "p",
            &[
                ("class", "signed-cookies-note"),
                ("data-testid", "store-empty"),
            ],
            NOTHING_ON_THE_SERVER,
        );
    }
    if store.table_missing {
        m.text_element(
            "p",
            &[("class", "alert")],
            "OperationalError: no such table: django_session (manage.py migrate never ran)",
        );
    }
    if engine.uses_db() {
        db_table(
            &mut m,
            &store
                .db
                .as_ref()
                .map(SharedList::to_vec)
                .unwrap_or_default(),
            now,
        );
    }
    if engine.uses_cache() {
        cache_table(
            &mut m,
            &store
                .cache
                .as_ref()
                .map(SharedList::to_vec)
                .unwrap_or_default(),
            now,
        );
    }
    if engine == Engine::File {
        file_table(
            &mut m,
            &store
                .files
                .as_ref()
                .map(SharedList::to_vec)
                .unwrap_or_default(),
            now,
        );
    }
    if !queries.is_empty() {
        sql_list(&mut m, queries);
    }
    m.into_string()
}

/// A stored session dict as Python prints it, or what Django makes of data that does not
/// verify.
fn decoded(data: Option<&Value>) -> String {
    match data {
        Some(value) => python::pformat(value),
        None => "(does not verify: Django reads it as {})".to_owned(),
    }
}

/// A table: its heading, the column names, one row per item, or one cell naming the empty
/// store.
fn table(
    m: &mut Markup,
    title: &str,
    testid: &str,
    columns: &[&str],
    empty: &str,
    count: usize,
    rows: impl FnOnce(&mut Markup),
) {
    m.text_element("h3", &[], title);
    m.element("div", &[("class", "store-table-wrap")], |m| {
        m.element(
            "table",
            &[("class", "store-table"), ("data-testid", testid)],
            |m| {
                m.element("thead", &[], |m| {
                    m.element("tr", &[], |m| {
                        for name in columns {
                            m.text_element("th", &[], name);
                        }
                    });
                });
                m.element("tbody", &[], |m| {
                    if count == 0 {
                        let span = columns.len().to_string();
                        m.element("tr", &[], |m| {
                            m.text_element(
                                "td",
                                &[("colspan", &span), ("data-testid", "store-empty")],
                                empty,
                            );
                        });
                    } else {
                        rows(m);
                    }
                });
            },
        );
    });
}

/// A date in UTC with a countdown under it.
fn expiry_cell(m: &mut Markup, shown: &str, expires_at: f64, now: f64) {
    let left = countdown(expires_at, now);
    m.element("td", &[], |m| {
        m.text(shown);
        m.empty_element("br", &[]);
        let class = if left.expired {
            "countdown expired"
        } else {
            "countdown"
        };
        m.text_element("span", &[("class", class)], &left.text);
    });
}

fn db_table(m: &mut Markup, rows: &[DbRow], now: f64) {
    table(
        m,
        "django_session",
        "db-rows",
        &["session_key", "session_data", "expire_date", "decoded"],
        EMPTY_TABLE,
        rows.len(),
        |m| {
            for row in rows {
                let class = if row.expires_at <= now { "stale" } else { "" };
                m.element(
                    "tr",
                    &[("class", class), ("data-key", &row.session_key)],
                    |m| {
                        m.text_element("td", &[], &row.session_key);
                        m.text_element("td", &[], &row.session_data);
                        expiry_cell(m, &row.expire_date, row.expires_at, now);
                        m.element("td", &[("class", "decoded")], |m| {
                            m.text_element("pre", &[], &decoded(row.data.as_ref()));
                        });
                    },
                );
            }
        },
    );
}

fn cache_table(m: &mut Markup, entries: &[CacheEntry], now: f64) {
    table(
        m,
        "LocMemCache (most recently used first)",
        "cache-entries",
        &["key", "value", "expires"],
        EMPTY_CACHE,
        entries.len(),
        |m| {
            for entry in entries {
                let stale = entry.expires_at.is_some_and(|at| at <= now);
                let expires = entry
                    .expires_at
                    .map_or("null".to_owned(), python_float_repr);
                m.element(
                    "tr",
                    &[
                        ("class", if stale { "stale" } else { "" }),
                        ("data-key", &entry.key),
                        ("data-expires-at", &expires),
                    ],
                    |m| {
                        m.text_element("td", &[], &entry.key);
                        m.element("td", &[("class", "decoded")], |m| {
                            m.text_element("pre", &[], &python::pformat(&entry.value));
                        });
                        match entry.expires_at {
                            Some(at) => expiry_cell(m, &utc(at), at, now),
                            None => {
                                m.text_element("td", &[], "never");
                            }
                        }
                    },
                );
            }
        },
    );
}

fn file_table(m: &mut Markup, files: &[FileEntry], now: f64) {
    table(
        m,
        "SESSION_FILE_PATH",
        "session-files",
        &["file", "content", "mtime", "decoded"],
        EMPTY_DIRECTORY,
        files.len(),
        |m| {
            for file in files {
                let mtime = python_float_repr(file.mtime);
                m.element(
                    "tr",
                    &[("data-key", &file.name), ("data-mtime", &mtime)],
                    |m| {
                        m.text_element("td", &[], &file.name);
                        m.text_element("td", &[], &file.content);
                        m.element("td", &[], |m| {
                            m.text(&utc(file.mtime));
                            m.empty_element("br", &[]);
                            m.text(&format!("{:.0} s ago", now - file.mtime));
                        });
                        m.element("td", &[("class", "decoded")], |m| {
                            m.text_element("pre", &[], &decoded(file.data.as_ref()));
                        });
                    },
                );
            }
        },
    );
}

fn sql_list(m: &mut Markup, queries: &[SqlQuery]) {
    let text = queries
        .iter()
        .map(|query| {
            let params: Vec<String> = query.params.iter().map(to_python_json).collect();
            format!("{}\n  -- params: [{}]", query.sql, params.join(", "))
        })
        .collect::<Vec<_>>()
        .join("\n");
    m.text_element("h3", &[], "SQL in this step");
    m.text_element("pre", &[("class", "bytes"), ("data-testid", "sql")], &text);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::model::Playground;
    use sessionscope_engine::clock::DEFAULT_START_TIME;
    use sessionscope_engine::json::Dict;
    use sessionscope_engine::scenario::{Request, Step, ViewCall};

    const NOW: f64 = DEFAULT_START_TIME;

    #[test]
    fn before_any_step_each_store_names_itself_empty() {
        let empty = StoreSnapshot::default();
        let html = |engine| store_html(engine, &empty, &[], NOW);
        assert!(html(Engine::Db).contains(EMPTY_TABLE));
        assert!(!html(Engine::Db).contains("signed_cookies"));
        assert!(html(Engine::Cache).contains(EMPTY_CACHE));
        assert!(!html(Engine::Cache).contains("django_session"));
        let both = html(Engine::CachedDb);
        assert!(both.contains(EMPTY_TABLE) && both.contains(EMPTY_CACHE));
        assert!(html(Engine::File).contains(EMPTY_DIRECTORY));
        let signed = html(Engine::SignedCookies);
        assert!(signed.contains("Nothing on the server"));
        assert!(!signed.contains("<table"));
    }

    #[test]
    fn stored_sessions_print_as_python_with_exact_figures_in_attributes() {
        for engine in [Engine::Db, Engine::Cache, Engine::File] {
            let mut playground = Playground::new(engine, NOW + 0.25, 3);
            let mut data = Dict::new();
            data.insert(
                "cart",
                Value::List(vec![Value::from("book"), Value::Null, Value::Bool(true)]),
            );
            playground.push(Step::Request(Request::new(ViewCall::Set(data))));
            let step = playground.step(0).unwrap();
            let html = store_html(engine, &step.store, &step.queries, step.now);
            assert!(
                html.contains("{&#39;cart&#39;: [&#39;book&#39;, None, True]}"),
                "{engine}: {html}"
            );
            match engine {
                Engine::Db => {
                    let row = &step.store.db.as_ref().unwrap()[0];
                    assert!(html.contains(&row.expire_date), "{html}");
                    assert!(html.contains("data-testid=\"sql\""));
                }
                Engine::Cache => {
                    assert!(html.contains("data-expires-at=\"1701209600.25\""), "{html}")
                }
                _ => assert!(html.contains("data-mtime=\"1700000000.25\""), "{html}"),
            }
        }
    }
}
