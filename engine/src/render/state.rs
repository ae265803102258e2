//! The world after a step: each browser's cookie jar and the session store, with the bytes
//! they hold.

use crate::json::to_python_json;
use crate::scenario::{BrowserJar, StoreSnapshot, TraceStep};
use crate::time::DateTime;

use super::markup::{escape_html, size_html};

/// What a browser counts against its limit: `len(name) + len(value)` ≤ 4096 (RFC 6265 §6.1;
/// the simulated jar's limit, `crate::browser`).
const COOKIE_LIMIT: usize = 4096;

/// The jars after the step.
pub fn jars_html(step: &TraceStep) -> String {
    if step.jars.is_empty() {
        return String::new();
    }
    let mut html = String::from("<div class=\"ss-part ss-jar\"><h4>Cookie jar after the step</h4>");
    for jar in step.jars.iter() {
        html.push_str(&jar_html(jar, step.jars.len() > 1));
    }
    html.push_str("</div>");
    html
}

fn jar_html(jar: &BrowserJar, name_it: bool) -> String {
    let mut html = String::new();
    if name_it {
        html.push_str(&format!(
            "<p>browser <code>{}</code></p>",
            escape_html(&jar.browser)
        ));
    }
    if jar.cookies.is_empty() {
        html.push_str("<p class=\"ss-muted\">empty</p>");
        return html;
    }
    html.push_str("<dl>");
    for cookie in &jar.cookies {
        let counted = cookie.name.len() + cookie.value.len();
        let percent = (counted * 100 / COOKIE_LIMIT).min(100);
        let expires = match cookie.expires_at {
            Some(seconds) => format!("expires {}", utc_text(seconds)),
            None => "a browser-session cookie: gone when the browser closes".to_owned(),
        };
        html.push_str(&format!(
            "<dt><code>{name}</code></dt><dd><pre><code data-jar-value>{value}</code></pre>\
<span class=\"ss-size\">{counted} of {COOKIE_LIMIT} bytes (name and value)</span>\
<span class=\"ss-meter{over}\" aria-hidden=\"true\"><span style=\"width:{percent}%\"></span></span> \
<span class=\"ss-muted\">{expires}</span></dd>",
            name = escape_html(&cookie.name),
            value = escape_html(&cookie.value),
            over = if counted > COOKIE_LIMIT { " ss-over" } else { "" },
        ));
    }
    html.push_str("</dl>");
    html
}

/// The store after the step: `django_session`, the cache, the session files, or nothing on
/// the server (signed_cookies).
pub fn store_html(step: &TraceStep) -> String {
    let store = &step.store;
    let mut html =
        String::from("<div class=\"ss-part ss-store\"><h4>Session store after the step</h4>");
    if is_serverless(store) {
        html.push_str(
            "<p class=\"ss-muted\">nothing on the server: the session is the signed cookie itself</p>",
        );
    }
    if let Some(rows) = &store.db {
        html.push_str("<p><code>django_session</code></p>");
        if store.table_missing {
            html.push_str("<p class=\"ss-alarm\">the table is missing</p>");
        } else if rows.is_empty() {
            html.push_str("<p class=\"ss-muted\">no rows</p>");
        }
        html.push_str("<dl>");
        for row in rows.iter() {
            html.push_str(&format!(
                "<dt>session_key <code>{key}</code></dt><dd>session_data \
<pre><code data-stored>{data}</code></pre>{size} <span class=\"ss-muted\">expire_date {expires}</span>{decoded}</dd>",
                key = escape_html(&row.session_key),
                data = escape_html(&row.session_data),
                size = size_html(row.session_data.len()),
                expires = escape_html(&row.expire_date),
                decoded = decoded_html(row.data.as_ref()),
            ));
        }
        html.push_str("</dl>");
    }
    if let Some(entries) = &store.cache {
        html.push_str("<p>cache (<code>LocMemCache</code>)</p>");
        if entries.is_empty() {
            html.push_str("<p class=\"ss-muted\">no entries</p>");
        }
        html.push_str("<dl>");
        for entry in entries.iter() {
            let value = to_python_json(&entry.value);
            let expires = match entry.expires_at {
                Some(seconds) => format!("expires {}", utc_text(seconds)),
                None => "no timeout".to_owned(),
            };
            html.push_str(&format!(
                "<dt>key <code>{key}</code></dt><dd><pre><code data-stored>{value}</code></pre>{size} \
<span class=\"ss-muted\">{expires}</span></dd>",
                key = escape_html(&entry.key),
                size = size_html(value.len()),
                value = escape_html(&value),
            ));
        }
        html.push_str("</dl>");
    }
    if let Some(files) = &store.files {
        html.push_str("<p>session files (<code>SESSION_FILE_PATH</code>)</p>");
        if files.is_empty() {
            html.push_str("<p class=\"ss-muted\">no files</p>");
        }
        html.push_str("<dl>");
        for file in files.iter() {
            html.push_str(&format!(
                "<dt>file <code>{name}</code></dt><dd><pre><code data-stored>{content}</code></pre>{size}{decoded}</dd>",
                name = escape_html(&file.name),
                content = escape_html(&file.content),
                size = size_html(file.content.len()),
                decoded = decoded_html(file.data.as_ref()),
            ));
        }
        html.push_str("</dl>");
    }
    html.push_str("</div>");
    html
}

/// Whether the engine keeps nothing on the server (no table, no cache, no files).
fn is_serverless(store: &StoreSnapshot) -> bool {
    store.db.is_none() && store.cache.is_none() && store.files.is_none()
}

fn decoded_html(data: Option<&crate::json::Value>) -> String {
    match data {
        Some(value) => format!(
            " <span class=\"ss-muted\">decoded:</span> <code>{}</code>",
            escape_html(&to_python_json(value))
        ),
        None => {
            " <span class=\"ss-alarm\">does not verify under the current settings</span>".to_owned()
        }
    }
}

/// `2023-11-28 22:13:20 UTC`.
fn utc_text(seconds: f64) -> String {
    match DateTime::from_timestamp(seconds) {
        Ok(instant) => {
            let text = instant.to_utc().isoformat();
            let whole = text.get(..19).unwrap_or(&text);
            format!("{} UTC", whole.replacen('T', " ", 1))
        }
        Err(_) => format!("at Unix time {seconds}"),
    }
}
