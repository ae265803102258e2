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
                    {store.db.map(|rows| db_table(rows, now))}
                    {store.cache.map(|entries| cache_table(entries, now))}
                    {store.files.map(|files| file_table(files, now))}
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

fn db_table(rows: Vec<DbRow>, now: f64) -> impl IntoView {
    view! {
        <h3>"django_session"</h3>
        <div class="store-table-wrap">
            <table class="store-table" data-testid="db-rows">
                <thead>
                    <tr><th>"session_key"</th><th>"session_data"</th><th>"expire_date"</th><th>"decoded"</th></tr>
                </thead>
                <tbody>
                    {if rows.is_empty() {
                        view! { <tr><td colspan="4">"(no rows)"</td></tr> }.into_any()
                    } else {
                        rows.into_iter()
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
                            })
                            .collect_view()
                            .into_any()
                    }}
                </tbody>
            </table>
        </div>
    }
}

fn cache_table(entries: Vec<CacheEntry>, now: f64) -> impl IntoView {
    view! {
        <h3>"LocMemCache (most recently used first)"</h3>
        <div class="store-table-wrap">
            <table class="store-table" data-testid="cache-entries">
                <thead>
                    <tr><th>"key"</th><th>"value"</th><th>"expires"</th></tr>
                </thead>
                <tbody>
                    {if entries.is_empty() {
                        view! { <tr><td colspan="3">"(empty)"</td></tr> }.into_any()
                    } else {
                        entries
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
                            })
                            .collect_view()
                            .into_any()
                    }}
                </tbody>
            </table>
        </div>
    }
}

fn file_table(files: Vec<FileEntry>, now: f64) -> impl IntoView {
    view! {
        <h3>"SESSION_FILE_PATH"</h3>
        <div class="store-table-wrap">
            <table class="store-table" data-testid="session-files">
                <thead>
                    <tr><th>"file"</th><th>"content"</th><th>"mtime"</th><th>"decoded"</th></tr>
                </thead>
                <tbody>
                    {if files.is_empty() {
                        view! { <tr><td colspan="4">"(no files)"</td></tr> }.into_any()
                    } else {
                        files
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
                            })
                            .collect_view()
                            .into_any()
                    }}
                </tbody>
            </table>
        </div>
    }
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
