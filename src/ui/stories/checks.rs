//! Test-only readers of a trace, for the tours' checks: what a step's request sent and its
//! response set, deleted or returned, and what the browser or the cache dropped.

use sessionscope_engine::json::Value;
use sessionscope_engine::scenario::{Engine, EventKind, Trace};

pub(super) use super::trace::*;

/// The engines that keep sessions on the server.
pub(super) const SERVER_ENGINES: &[Engine] =
    &[Engine::Db, Engine::Cache, Engine::CachedDb, Engine::File];

/// Whether the cache culled an entry during step `i`.
pub(super) fn dropped_entry(trace: &Trace, i: usize) -> bool {
    trace.steps[i]
        .events
        .iter()
        .any(|e| e.kind == EventKind::StoreEvict)
}

/// Whether the browser ignored a `Set-Cookie` during step `i`.
pub(super) fn dropped(trace: &Trace, i: usize) -> bool {
    step(trace, i).is_some_and(|s| {
        s.events
            .iter()
            .any(|e| matches!(e.kind, EventKind::CookieDropped { .. }))
    })
}

/// The view's result at step `i`.
pub(super) fn result(trace: &Trace, i: usize) -> Value {
    trace.steps[i].response.as_ref().unwrap().result.clone()
}

/// Whether the response at step `i` sets a cookie.
pub(super) fn sets_cookie(trace: &Trace, i: usize) -> bool {
    !trace.steps[i]
        .response
        .as_ref()
        .unwrap()
        .set_cookies
        .is_empty()
}

/// Whether the response at step `i` deletes a cookie (`Max-Age=0`).
pub(super) fn deletes_cookie(trace: &Trace, i: usize) -> bool {
    trace.steps[i]
        .response
        .as_ref()
        .unwrap()
        .set_cookies
        .iter()
        .any(|c| c.attributes.max_age == Some(0))
}

/// Whether the request at step `i` carries a `Cookie` header.
pub(super) fn sent_cookie(trace: &Trace, i: usize) -> bool {
    trace.steps[i]
        .request
        .as_ref()
        .unwrap()
        .cookie_header
        .is_some()
}

/// A string value.
pub(super) fn s(text: &str) -> Value {
    Value::from(text)
}

/// The `Cookie` header step `i`'s request carried.
pub(super) fn cookie_header(trace: &Trace, i: usize) -> Option<String> {
    trace.steps[i].request.as_ref()?.cookie_header.clone()
}

/// Whether the browser refused a `Set-Cookie` line at step `i` (rules browsers).
pub(super) fn refused(trace: &Trace, i: usize) -> bool {
    trace.steps[i]
        .events
        .iter()
        .any(|e| matches!(e.kind, EventKind::CookieRefused { .. }))
}

/// Whether the browser kept a stored cookie back from step `i`'s request (rules browsers).
pub(super) fn kept_back(trace: &Trace, i: usize) -> bool {
    trace.steps[i]
        .events
        .iter()
        .any(|e| matches!(e.kind, EventKind::CookieNotSent { .. }))
}
