//! How a browser with cookie rules tells what it did: one event per cookie kept back, per
//! `Set-Cookie` line or `document.cookie` write (stored, deleted or refused, with the reasons
//! in words), and the `script` step's read.

use crate::browser::rules::{Browser, Cookie, SetCookieOutcome, Url};
use crate::event::{EventKind, EventLog, Lane};

use super::super::document::ScriptStep;
use super::super::trace::{CookieKeptBack, ScriptRecord, ScriptWrite, SetCookieVerdict};

/// "not sent: A; B" → "A; B".
pub(super) fn reasons_in_words(explanation: &str) -> &str {
    explanation
        .split_once(": ")
        .map_or(explanation, |(_, why)| why)
}

/// The name a `Set-Cookie` line or `document.cookie` text gives (empty for a nameless one).
fn line_name(line: &str) -> &str {
    let pair = line.split(';').next().unwrap_or_default();
    pair.split_once('=').map_or("", |(name, _)| name.trim())
}

/// `name=value (site.test, Path=/, Secure, HttpOnly, SameSite=Lax)`.
fn describe_cookie(cookie: &Cookie) -> String {
    let mut parts = vec![cookie.domain.display(), format!("Path={}", cookie.path)];
    if cookie.secure {
        parts.push("Secure".into());
    }
    if cookie.http_only {
        parts.push("HttpOnly".into());
    }
    parts.push(format!("SameSite={}", cookie.same_site.as_str()));
    format!("{}={} ({})", cookie.name, cookie.value, parts.join(", "))
}

/// One event for what became of a `Set-Cookie` line or a `document.cookie` write.
pub(super) fn tell_outcome(
    events: &mut EventLog,
    name: &str,
    line: &str,
    outcome: &SetCookieOutcome,
    now: f64,
    django: &'static str,
) {
    match outcome {
        SetCookieOutcome::Stored {
            cookie, warnings, ..
        } => {
            let until = match cookie.expires_at {
                Some(at) => format!(
                    "until {} ({} seconds from now)",
                    crate::time::http_date(at).unwrap_or_else(|_| at.to_string()),
                    at - now
                ),
                None => "until the browser is closed (no expiry given)".to_owned(),
            };
            let notes: String = warnings
                .iter()
                .map(|w| format!(" Note: {}.", w.explain()))
                .collect();
            events.push_detail(
                Lane::Browser,
                EventKind::CookieStored,
                django,
                format!("The browser stores the cookie {name:?} {until}.{notes}"),
                Some(describe_cookie(cookie)),
            );
        }
        SetCookieOutcome::Deleted { removed } => {
            let sentence = match removed {
                Some(_) => {
                    format!("The browser deletes the cookie {name:?}: it arrives already expired.")
                }
                None => format!(
                    "The cookie {name:?} arrives already expired; the browser had none to delete."
                ),
            };
            events.push_detail(
                Lane::Browser,
                EventKind::CookieDeleted,
                django,
                sentence,
                Some(line),
            );
        }
        SetCookieOutcome::Refused(refusal) => events.push_detail(
            Lane::Browser,
            EventKind::CookieRefused {
                name: name.to_owned(),
                reasons: refusal.reasons.clone(),
            },
            django,
            format!(
                "The browser refuses the cookie {name:?}: {}.",
                reasons_in_words(&refusal.explain())
            ),
            Some(line),
        ),
    }
}

/// The `script` step: the writes in order, then the read.
pub(super) fn run_script(
    browser: &mut Browser,
    script: &ScriptStep,
    origin: &Url,
    events: &mut EventLog,
) -> ScriptRecord {
    let now = browser.now();
    let page = script.url.clone().unwrap_or_else(|| origin.root());
    let writes = script
        .writes
        .iter()
        .map(|text| {
            let outcome = browser.script_write(&page, text);
            let line = format!("document.cookie = {text:?}");
            tell_outcome(
                events,
                line_name(text),
                &line,
                &outcome,
                now,
                "document.cookie",
            );
            ScriptWrite {
                text: text.clone(),
                verdict: SetCookieVerdict::of(&outcome),
            }
        })
        .collect();
    let seen = browser.script_cookies(&page);
    let hidden: Vec<CookieKeptBack> = seen.not_sent.iter().map(CookieKeptBack::of).collect();
    for cookie in &hidden {
        events.push_detail(
            Lane::Browser,
            EventKind::CookieNotSent {
                name: cookie.name.clone(),
                reasons: cookie.reasons.clone(),
            },
            "document.cookie",
            format!(
                "The script cannot see the cookie {:?}: {}.",
                cookie.name,
                reasons_in_words(&cookie.explanation)
            ),
            Some(format!("{}={}", cookie.name, cookie.value)),
        );
    }
    let document_cookie = seen.header.unwrap_or_default();
    events.push_detail(
        Lane::Browser,
        EventKind::ScriptRead,
        "document.cookie",
        format!(
            "A script on {page} reads document.cookie and sees {} cookie(s).",
            seen.sent.len()
        ),
        Some(format!("document.cookie == {document_cookie:?}")),
    );
    ScriptRecord {
        browser: script.browser.clone(),
        url: page.to_string(),
        writes,
        document_cookie,
        hidden,
    }
}
