//! Reading the engine's trace of a story: the figures the captions quote (results, cookie
//! sizes, jar values, stored sessions).

use sessionscope_engine::scenario::{SetCookieVerdict, Trace, TraceStep};

/// Step `i` of the trace.
pub(super) fn step(trace: &Trace, i: usize) -> Option<&TraceStep> {
    trace.steps.get(i)
}

/// The view's result at step `i`, as Python prints it (`'1'`, `None`, `['book']`).
pub(super) fn result_text(trace: &Trace, i: usize) -> String {
    step(trace, i)
        .and_then(|s| s.response.as_ref())
        .map_or("None".to_owned(), |r| crate::ui::python::repr(&r.result))
}

/// The session `Set-Cookie` header at step `i` (first one), if any.
pub(super) fn set_cookie_output(trace: &Trace, i: usize) -> Option<String> {
    step(trace, i)
        .and_then(|s| s.response.as_ref())
        .and_then(|r| r.set_cookies.first())
        .map(|c| c.header())
}

/// The length of [`set_cookie_output`] (0 without one).
pub(super) fn set_cookie_len(trace: &Trace, i: usize) -> usize {
    set_cookie_output(trace, i).map_or(0, |h| h.len())
}

/// The value of the session cookie in `browser`'s jar after step `i`.
pub(super) fn jar_value(trace: &Trace, i: usize, browser: &str) -> Option<String> {
    step(trace, i)?
        .jars
        .iter()
        .find(|jar| jar.browser == browser)?
        .cookies
        .iter()
        .find(|c| c.name == "sessionid")
        .map(|c| c.value.clone())
}

/// A long value cut to its first 12 characters and `…`.
pub(super) fn short(text: &str) -> String {
    if text.chars().count() > 16 {
        let head: String = text.chars().take(12).collect();
        format!("{head}…")
    } else {
        text.to_owned()
    }
}

/// How many sessions the server holds after step `i`.
pub(super) fn stored_sessions(trace: &Trace, i: usize) -> usize {
    let Some(step) = step(trace, i) else { return 0 };
    let store = &step.store;
    if let Some(rows) = &store.db {
        return rows.len();
    }
    if let Some(files) = &store.files {
        return files.len();
    }
    store.cache.as_ref().map_or(0, |entries| {
        entries
            .iter()
            .filter(|e| e.expires_at.is_none_or(|at| at > step.now))
            .count()
    })
}

/// Why the browser refused the first `Set-Cookie` line it refused at step `i` (rules browsers):
/// "refused: it is Secure but came over plain http".
pub(super) fn refused_text(trace: &Trace, i: usize) -> Option<String> {
    step(trace, i)?
        .response
        .as_ref()?
        .set_cookies
        .iter()
        .find_map(|cookie| match cookie.verdict.as_ref()? {
            SetCookieVerdict::Refused { explanation, .. } => Some(explanation.clone()),
            _ => None,
        })
}

/// Why the browser kept the first cookie it kept back from step `i`'s request (rules
/// browsers): "not sent: SameSite=Lax and this is a cross-site POST".
pub(super) fn not_sent_text(trace: &Trace, i: usize) -> Option<String> {
    step(trace, i)?
        .request
        .as_ref()?
        .not_sent
        .as_ref()?
        .first()
        .map(|cookie| cookie.explanation.clone())
}

/// The URL step `i` requested, with its method: `POST http://site.test/login/`.
pub(super) fn request_line(trace: &Trace, i: usize) -> String {
    step(trace, i)
        .and_then(|s| s.request.as_ref())
        .map(|r| format!("{} {}", r.method.as_str(), r.url))
        .unwrap_or_default()
}
