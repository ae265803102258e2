//! The session store's contents for the engine: `django_session` rows with their data
//! decoded, cache entries most recently used first with their time to live, session files
//! with content and mtime, or nothing at all for signed cookies. Plus this step's SQL.

use leptos::prelude::*;

use crate::ui::clock_text::{countdown, utc};
use crate::ui::state::AppState;
use crate::ui::timeline::Inspected;
use sessionscope_engine::json::{to_pretty_json, to_python_json, Value};
use sessionscope_engine::scenario::{CacheEntry, DbRow, FileEntry, SqlQuery, StoreSnapshot};

/// The store and the clock it is read against.
#[derive(Clone, Debug, PartialEq)]
struct StoreState {
    store: StoreSnapshot,
    queries: Vec<SqlQuery>,
    now: f64,
}

#[component]
pub fn StoreInspector() -> impl IntoView {
    let state = AppState::expect();
    let shown = state.shown_state(Inspected::Store);
    let snapshot = Memo::new(move |_| {
        let shown = shown.get();
        state.playground.with(|p| {
            let step = shown.and_then(|index| p.step(index));
            StoreState {
                store: step.map(|s| s.store.clone()).unwrap_or_default(),
                queries: step.map(|s| s.queries.clone()).unwrap_or_default(),
                now: p.now_after(shown),
            }
        })
    });
    let engine = Memo::new(move |_| state.playground.with(|p| p.engine()));
    view! {
        <section class="card wide" data-testid="store">
            <div class="card-header">
                <h2>"Session store"</h2>
                <code>{move || engine.get().django_module()}</code>
            </div>
            {move || {
                let StoreState { store, queries, now } = snapshot.get();
                let nothing_stored = store.db.is_none() && store.cache.is_none() && store.files.is_none();
                view! {
                    {nothing_stored.then(|| view! {
                        <p class="signed-cookies-note">
                            "Nothing on the server: with signed_cookies the whole session travels in the cookie, signed with SECRET_KEY (readable by anyone, but not forgeable)."
                        </p>
                    })}
                    {store.table_missing.then(|| view! {
                        <p class="alert">"OperationalError: no such table: django_session (manage.py migrate never ran)"</p>
                    })}
                    {store.db.map(|rows| db_table(rows.to_vec(), now))}
                    {store.cache.map(|entries| cache_table(entries.to_vec(), now))}
                    {store.files.map(|files| file_table(files.to_vec(), now))}
                    {(!queries.is_empty()).then(|| sql_list(queries))}
                }
            }}
        </section>
    }
}

fn decoded(data: Option<Value>) -> String {
    match data {
        Some(value) => to_pretty_json(&value),
        None => "(does not verify: Django reads it as {})".to_owned(),
    }
}

fn expiry_cell(expires_at: Option<f64>, now: f64) -> impl IntoView {
    match expires_at {
        Some(at) => {
            let left = countdown(at, now);
            view! {
                <td>
                    {utc(at)}
                    <br />
                    <span class="countdown" class:expired=left.expired>{left.text}</span>
                </td>
            }
            .into_any()
        }
        None => view! { <td>"never"</td> }.into_any(),
    }
}

/// A table of the store: a heading, the column names, one row per item or one cell saying
/// the store is empty.
fn store_table(
    title: &'static str,
    testid: &'static str,
    columns: &'static [&'static str],
    empty: &'static str,
    rows: Vec<AnyView>,
) -> impl IntoView {
    let body = if rows.is_empty() {
        let span = columns.len().to_string();
        view! { <tr><td colspan=span>{empty}</td></tr> }.into_any()
    } else {
        rows.collect_view().into_any()
    };
    view! {
        <h3>{title}</h3>
        <div class="store-table-wrap">
            <table class="store-table" data-testid=testid>
                <thead>
                    <tr>{columns.iter().map(|name| view! { <th>{*name}</th> }).collect_view()}</tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
}

fn db_table(rows: Vec<DbRow>, now: f64) -> impl IntoView {
    let rows = rows
        .into_iter()
        .map(|row| {
            let stale = row.expires_at <= now;
            view! {
                <tr class:stale=stale>
                    <td>{row.session_key}</td>
                    <td>{row.session_data}</td>
                    {expiry_cell(Some(row.expires_at), now)}
                    <td class="decoded"><pre>{decoded(row.data)}</pre></td>
                </tr>
            }
            .into_any()
        })
        .collect();
    store_table(
        "django_session",
        "db-rows",
        &["session_key", "session_data", "expire_date", "decoded"],
        "(no rows)",
        rows,
    )
}

fn cache_table(entries: Vec<CacheEntry>, now: f64) -> impl IntoView {
    let rows = entries
        .into_iter()
        .map(|entry| {
            let stale = entry.expires_at.is_some_and(|at| at <= now);
            view! {
                <tr class:stale=stale>
                    <td>{entry.key}</td>
                    <td class="decoded"><pre>{to_pretty_json(&entry.value)}</pre></td>
                    {expiry_cell(entry.expires_at, now)}
                </tr>
            }
            .into_any()
        })
        .collect();
    store_table(
        "LocMemCache (most recently used first)",
        "cache-entries",
        &["key", "value", "expires"],
        "(empty)",
        rows,
    )
}

fn file_table(files: Vec<FileEntry>, now: f64) -> impl IntoView {
    let rows = files
        .into_iter()
        .map(|file| {
            view! {
                <tr>
                    <td>{file.name}</td>
                    <td>{file.content}</td>
                    <td>{utc(file.mtime)}<br />{format!("{:.0} s ago", now - file.mtime)}</td>
                    <td class="decoded"><pre>{decoded(file.data)}</pre></td>
                </tr>
            }
            .into_any()
        })
        .collect();
    store_table(
        "SESSION_FILE_PATH",
        "session-files",
        &["file", "content", "mtime", "decoded"],
        "(no files)",
        rows,
    )
}

fn sql_list(queries: Vec<SqlQuery>) -> impl IntoView {
    let text = queries
        .iter()
        .map(|query| {
            let params: Vec<String> = query.params.iter().map(to_python_json).collect();
            format!("{}\n  -- params: [{}]", query.sql, params.join(", "))
        })
        .collect::<Vec<_>>()
        .join("\n");
    view! {
        <h3>"SQL in this step"</h3>
        <pre class="bytes" data-testid="sql">{text}</pre>
    }
}
