//! How the simulated browsers tell what they did, each sentence written once: a cookie thrown
//! away when its time has passed, a request and the cookies going with it, a cookie kept back
//! with its reasons in words, what became of a `Set-Cookie` line or a `document.cookie`
//! write, and what a script reads.

use crate::event::{EventKind, EventLog, Lane};
use crate::quoted::Quoted;

use super::rules::{Cookie, NotSent, RetrievedCookies, SetCookieOutcome, Url};

/// The event of a browser throwing away a cookie whose expiry time has passed (either
/// browser).
pub(super) fn tell_expired(
    events: &mut EventLog,
    name: &str,
    value: &str,
    expires_at: Option<f64>,
) {
    events.push_detail(
        Lane::Browser,
        EventKind::CookieExpired,
        "browser",
        format!(
            "The browser throws away the cookie {name:?} because its expiry time has passed.",
            name = Quoted(name),
        ),
        Some(format!(
            "{name}={value} (expired at {})",
            expires_at.unwrap_or_default()
        )),
    );
}

/// The event of `browser` sending a request to `what` with `header`: "… and sends `sends`",
/// or "… with no cookies".
pub(super) fn tell_request(
    events: &mut EventLog,
    browser: &str,
    what: &str,
    sends: &str,
    header: Option<&str>,
) {
    match header {
        Some(header) => events.push_detail(
            Lane::Browser,
            EventKind::CookieSent,
            "browser",
            format!(
                "The browser {browser:?} requests {what} and sends {sends}.",
                browser = Quoted(browser),
            ),
            Some(format!("Cookie: {header}")),
        ),
        None => events.push(
            Lane::Browser,
            EventKind::NoCookieSent,
            "browser",
            format!(
                "The browser {browser:?} requests {what} with no cookies.",
                browser = Quoted(browser),
            ),
        ),
    }
}

/// One event per cookie the rules kept back from a request.
pub(super) fn tell_kept_back(events: &mut EventLog, not_sent: &[NotSent]) {
    for kept in not_sent {
        let cookie = &kept.cookie;
        let names: Vec<&str> = kept.reasons.iter().map(|r| r.cdp_name()).collect();
        events.push_detail(
            Lane::Browser,
            EventKind::CookieNotSent {
                name: cookie.name.clone(),
                reasons: kept.reasons.clone(),
            },
            "browser",
            format!(
                "The browser does not send the cookie {:?}: {}.",
                Quoted(&cookie.name),
                reasons_in_words(&kept.explain())
            ),
            Some(format!(
                "{}={} ({}, Path={}; {})",
                cookie.name,
                cookie.value,
                cookie.domain.display(),
                cookie.path,
                names.join(", ")
            )),
        );
    }
}

/// "not sent: A; B" → "A; B".
fn reasons_in_words(explanation: &str) -> &str {
    let why = explanation
        .split_once(": ")
        .map_or(explanation, |(_, why)| why);
    // Firefox's console messages end with their own full stop; the sentence adds one.
    why.strip_suffix('.').unwrap_or(why)
}

/// The name a `Set-Cookie` line or `document.cookie` text gives (empty for a nameless one).
pub(super) fn line_name(line: &str) -> &str {
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

/// "The browser stores the cookie … until …." (either browser), for a cookie stored at `now`
/// that expires at `expires_at` (`None`: when the browser closes).
pub(super) fn stored(name: &str, expires_at: Option<f64>, now: f64) -> String {
    let until = match expires_at {
        Some(at) => format!(
            "until {} ({} seconds from now)",
            crate::time::http_date(at).unwrap_or_else(|_| at.to_string()),
            at - now
        ),
        None => "until the browser is closed (no expiry given)".to_owned(),
    };
    format!(
        "The browser stores the cookie {name:?} {until}.",
        name = Quoted(name),
    )
}

/// One event for what became of a `Set-Cookie` line or a `document.cookie` write (`line`,
/// told by `django`: `browser` or `document.cookie`).
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
            let notes: String = warnings
                .iter()
                .map(|w| format!(" Note: {}.", w.explain()))
                .collect();
            events.push_detail(
                Lane::Browser,
                EventKind::CookieStored,
                django,
                format!("{}{notes}", stored(name, cookie.expires_at, now)),
                Some(describe_cookie(cookie)),
            );
        }
        SetCookieOutcome::Deleted { removed } => {
            let sentence = match removed {
                Some(_) => {
                    format!(
                        "The browser deletes the cookie {name:?}: it arrives already expired.",
                        name = Quoted(name),
                    )
                }
                None => format!(
                    "The cookie {name:?} arrives already expired; the browser had none to delete.",
                    name = Quoted(name),
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
                reasons_in_words(&refusal.explain()),
                name = Quoted(name),
            ),
            Some(line),
        ),
    }
}

/// The events of a script on `page` reading `document.cookie`: one per cookie hidden from it,
/// then the read.
pub(super) fn tell_script_read(events: &mut EventLog, page: &Url, read: &RetrievedCookies) {
    for hidden in &read.not_sent {
        events.push_detail(
            Lane::Browser,
            EventKind::CookieNotSent {
                name: hidden.cookie.name.clone(),
                reasons: hidden.reasons.clone(),
            },
            "document.cookie",
            format!(
                "The script cannot see the cookie {:?}: {}.",
                Quoted(&hidden.cookie.name),
                reasons_in_words(&hidden.explain())
            ),
            Some(format!("{}={}", hidden.cookie.name, hidden.cookie.value)),
        );
    }
    events.push_detail(
        Lane::Browser,
        EventKind::ScriptRead,
        "document.cookie",
        format!(
            "A script on {page} reads document.cookie and sees {} cookie(s).",
            read.sent.len()
        ),
        Some(format!(
            "document.cookie == {:?}",
            Quoted(read.header.as_deref().unwrap_or_default())
        )),
    );
}
