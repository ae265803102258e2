//! The browser's verdicts as trace JSON (see [`super::record_json`]): written only when a record
//! has them, that is for scenarios with `browser_rules`.

use crate::json::{Dict, Value};

use super::record::{JarCookie, RequestRecord, SetCookie};
use super::verdicts::{CookieKeptBack, ScriptRecord, SetCookieVerdict};

fn names<T>(items: &[T], name: impl Fn(&T) -> &'static str) -> Value {
    Value::List(items.iter().map(|item| Value::from(name(item))).collect())
}

/// `{"name", "value", "domain", "path", "reasons": [DevTools names], "explanation"}`.
pub fn kept_back_to_json(cookie: &CookieKeptBack) -> Value {
    let mut d = Dict::new();
    d.insert("name", Value::from(cookie.name.as_str()));
    d.insert("value", Value::from(cookie.value.as_str()));
    d.insert("domain", Value::from(cookie.domain.as_str()));
    d.insert("path", Value::from(cookie.path.as_str()));
    d.insert("reasons", names(&cookie.reasons, |r| r.cdp_name()));
    d.insert("explanation", Value::from(cookie.explanation.as_str()));
    Value::Dict(d)
}

/// `{"outcome": "stored", "replaced", "warnings"}`, `{"outcome": "deleted", "removed"}` or
/// `{"outcome": "refused", "reasons", "explanation"}`.
pub fn verdict_to_json(verdict: &SetCookieVerdict) -> Value {
    let mut d = Dict::new();
    d.insert("outcome", Value::from(verdict.name()));
    match verdict {
        SetCookieVerdict::Stored { replaced, warnings } => {
            d.insert("replaced", Value::Bool(*replaced));
            let warnings = warnings.iter().map(|w| Value::from(w.as_str()));
            d.insert("warnings", Value::List(warnings.collect()));
        }
        SetCookieVerdict::Deleted { removed } => d.insert("removed", Value::Bool(*removed)),
        SetCookieVerdict::Refused {
            reasons,
            explanation,
        } => {
            d.insert("reasons", names(reasons, |r| r.cdp_name()));
            d.insert("explanation", Value::from(explanation.as_str()));
        }
    }
    Value::Dict(d)
}

/// Adds `url`, `method`, `kind`, `from` and `not_sent` to a request written by a rules browser.
pub fn insert_request_verdicts(d: &mut Dict, request: &RequestRecord) {
    let Some(not_sent) = &request.not_sent else {
        return;
    };
    d.insert("url", Value::from(request.url.as_str()));
    d.insert("method", Value::from(request.method.as_str()));
    d.insert("kind", Value::from(request.kind.name()));
    d.insert(
        "from",
        request.from.as_deref().map_or(Value::Null, Value::from),
    );
    let kept = not_sent.iter().map(kept_back_to_json);
    d.insert("not_sent", Value::List(kept.collect()));
}

/// Adds `verdict` to a Set-Cookie a rules browser received.
pub fn insert_set_cookie_verdict(d: &mut Dict, cookie: &SetCookie) {
    if let Some(verdict) = &cookie.verdict {
        d.insert("verdict", verdict_to_json(verdict));
    }
}

/// Adds `domain`, `path`, `secure`, `httponly`, `samesite`, `created_at` (and `partition`, for a
/// partitioned cookie) to a rules browser's jar cookie.
pub fn insert_jar_cookie_details(d: &mut Dict, cookie: &JarCookie) {
    let Some(details) = &cookie.details else {
        return;
    };
    d.insert("domain", Value::from(details.domain.as_str()));
    d.insert("path", Value::from(details.path.as_str()));
    d.insert("secure", Value::Bool(details.secure));
    d.insert("httponly", Value::Bool(details.http_only));
    d.insert("samesite", Value::from(details.same_site.as_str()));
    d.insert("created_at", Value::Float(details.created_at));
    if let Some(partition) = &details.partition {
        d.insert("partition", Value::from(partition.as_str()));
    }
}

/// `{"browser", "url", "write": [{"text", "verdict"}], "document_cookie", "hidden": [...]}`.
pub fn script_to_json(script: &ScriptRecord) -> Value {
    let mut d = Dict::new();
    d.insert("browser", Value::from(script.browser.as_str()));
    d.insert("url", Value::from(script.url.as_str()));
    let writes = script.writes.iter().map(|w| {
        let mut wd = Dict::new();
        wd.insert("text", Value::from(w.text.as_str()));
        wd.insert("verdict", verdict_to_json(&w.verdict));
        Value::Dict(wd)
    });
    d.insert("write", Value::List(writes.collect()));
    d.insert(
        "document_cookie",
        Value::from(script.document_cookie.as_str()),
    );
    let hidden = script.hidden.iter().map(kept_back_to_json);
    d.insert("hidden", Value::List(hidden.collect()));
    Value::Dict(d)
}
