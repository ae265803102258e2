//! The simulated traffic of a trace as an HTTP Archive (HAR 1.2,
//! <http://www.softwareishard.com/blog/har-12-spec/>), for DevTools, HAR viewers or
//! Playwright's `routeFromHAR`.
//!
//! One entry per request step, and per request of a `concurrent` step (label order):
//! `startedDateTime` from the scenario clock, the absolute URL, the
//! `Cookie` header the browser sent, and the response Django built (every `Set-Cookie` line,
//! `Vary`, `Content-Type`, `Date`) with a body: the view's result as JSON, or Django's plain
//! error page (`django/views/defaults.py`, `ERROR_PAGE_TEMPLATE`) when an exception became
//! the response. Nothing here went over a network, so sizes of headers are `-1` (unknown) and
//! timings are `0`, with the optional phases `-1`. Custom fields (`_sessionscope`, as HAR
//! requires custom fields to start with `_`) carry the step, the browser, a concurrent
//! request's `label`, the `instance` that served it (scenarios with the topology fields) and,
//! for scenarios with `browser_rules`, the browser's verdicts.

use crate::browser::parse_http_date;
use crate::browser::rules::Method;
use crate::json::{to_pretty_json, to_python_json, Dict, Value};
use crate::quoted::Quoted;
use crate::scenario::document::Step;
use crate::time::{http_date, DateTime};

use super::reason_phrase::reason_phrase;
use super::record::{RequestRecord, ResponseRecord, SetCookie, Trace, TraceStep};
use super::verdicts_json::{kept_back_to_json, verdict_to_json};

/// `creator.name`.
pub const HAR_CREATOR: &str = "Sessionscope";

/// Django's `ERROR_PAGE_TEMPLATE` (`django/views/defaults.py`), before `%(title)s`.
const ERROR_PAGE: [&str; 3] = [
    "\n<!doctype html>\n<html lang=\"en\">\n<head>\n  <title>",
    "</title>\n</head>\n<body>\n  <h1>",
    "</h1><p></p>\n</body>\n</html>\n",
];

/// The trace's requests as HAR 1.2 JSON text.
pub fn har(trace: &Trace) -> String {
    to_pretty_json(&har_value(trace))
}

/// [`har`] as a JSON value.
pub fn har_value(trace: &Trace) -> Value {
    let rules = trace
        .steps
        .iter()
        .any(|s| s.request.as_ref().is_some_and(|r| r.not_sent.is_some()));
    let mut log = Dict::new();
    log.insert("version", Value::from("1.2"));
    log.insert(
        "creator",
        name_version(HAR_CREATOR, env!("CARGO_PKG_VERSION")),
    );
    let browser = if rules {
        "Chromium 156 cookie rules"
    } else {
        "conformance jar"
    };
    log.insert(
        "browser",
        name_version("Sessionscope simulated browser", browser),
    );
    log.insert("pages", Value::List(Vec::new()));
    let entries = trace.steps.iter().flat_map(entries);
    log.insert("entries", Value::List(entries.collect()));
    log.insert(
        "comment",
        Value::Str(format!(
            "Simulated traffic of the scenario {:?} (engine {}): Django 5.2's SessionMiddleware run by Sessionscope, not a network capture.",
            Quoted(&trace.scenario),
            trace.engine.name()
        )),
    );
    let mut custom = Dict::new();
    custom.insert("scenario", Value::from(trace.scenario.as_str()));
    custom.insert("engine", Value::from(trace.engine.name()));
    custom.insert("browser_rules", Value::Bool(rules));
    log.insert("_sessionscope", Value::Dict(custom));
    let mut root = Dict::new();
    root.insert("log", Value::Dict(log));
    Value::Dict(root)
}

fn name_version(name: &str, version: &str) -> Value {
    two_fields("name", name, "version", version)
}

fn pair(name: &str, value: &str) -> Value {
    two_fields("name", name, "value", value)
}

fn two_fields(k1: &str, v1: &str, k2: &str, v2: &str) -> Value {
    let mut d = Dict::new();
    d.insert(k1, Value::from(v1));
    d.insert(k2, Value::from(v2));
    Value::Dict(d)
}

fn int(n: usize) -> Value {
    Value::from(i64::try_from(n).unwrap_or(i64::MAX))
}

/// ISO 8601 in UTC with milliseconds (`2023-11-14T22:13:20.000Z`), as browsers write HARs; the
/// epoch for a clock outside `datetime`'s range.
pub fn iso_utc(seconds: f64) -> String {
    let Ok(instant) = DateTime::from_timestamp(seconds) else {
        return "1970-01-01T00:00:00.000Z".to_owned();
    };
    let text = instant.to_utc().isoformat();
    let local = text.trim_end_matches("+00:00");
    let (whole, micros) = local.split_once('.').unwrap_or((local, "000000"));
    format!("{whole}.{}Z", micros.get(..3).unwrap_or("000"))
}

/// A request step's entry, or one per request of a `concurrent` step (label order, each
/// with its `label` in `_sessionscope`).
fn entries(step: &TraceStep) -> Vec<Value> {
    if let Some(concurrent) = &step.concurrent {
        return concurrent
            .requests
            .iter()
            .map(|(label, request, response)| entry(step, Some(label), request, response))
            .collect();
    }
    match (step.request.as_ref(), step.response.as_ref()) {
        (Some(request), Some(response)) => vec![entry(step, None, request, response)],
        _ => Vec::new(),
    }
}

fn entry(
    step: &TraceStep,
    label: Option<&str>,
    request: &RequestRecord,
    response: &ResponseRecord,
) -> Value {
    let mut d = Dict::new();
    d.insert("startedDateTime", Value::Str(iso_utc(step.now)));
    d.insert("time", Value::from(0));
    d.insert("request", request_value(request));
    d.insert("response", response_value(response, step.now));
    d.insert("cache", Value::Dict(Dict::new()));
    d.insert("timings", timings());
    let mut custom = custom_fields(step, request, response);
    if let Value::Dict(fields) = &mut custom {
        if let Some(label) = label {
            fields.insert("label", Value::from(label));
        }
        if let Some(instance) = &request.instance {
            fields.insert("instance", Value::from(instance.as_str()));
        }
    }
    d.insert("_sessionscope", custom);
    Value::Dict(d)
}

fn timings() -> Value {
    let mut d = Dict::new();
    for (phase, ms) in [
        ("blocked", -1),
        ("dns", -1),
        ("connect", -1),
        ("send", 0),
        ("wait", 0),
        ("receive", 0),
        ("ssl", -1),
    ] {
        d.insert(phase, Value::from(ms));
    }
    Value::Dict(d)
}

/// `host[:port]` of an absolute URL.
fn authority(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    rest.split(['/', '?']).next().unwrap_or_default()
}

/// `name=value` pairs of a `Cookie` header (a pair without `=` is a nameless cookie).
fn request_cookies(header: Option<&str>) -> Vec<Value> {
    let Some(header) = header else {
        return Vec::new();
    };
    header
        .split("; ")
        .map(|part| match part.split_once('=') {
            Some((name, value)) => pair(name, value),
            None => pair("", part),
        })
        .collect()
}

fn query_string(url: &str) -> Vec<Value> {
    let Some((_, query)) = url.split_once('?') else {
        return Vec::new();
    };
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (name, value) = p.split_once('=').unwrap_or((p, ""));
            pair(name, value)
        })
        .collect()
}

fn request_value(request: &RequestRecord) -> Value {
    let post = request.method == Method::Post;
    let mut headers = vec![pair("Host", authority(&request.url))];
    if let Some(cookie) = &request.cookie_header {
        headers.push(pair("Cookie", cookie));
    }
    if post {
        headers.push(pair("Content-Type", "application/x-www-form-urlencoded"));
        headers.push(pair("Content-Length", "0"));
    }
    let mut d = Dict::new();
    d.insert("method", Value::from(request.method.as_str()));
    d.insert("url", Value::from(request.url.as_str()));
    d.insert("httpVersion", Value::from("HTTP/1.1"));
    let cookies = request_cookies(request.cookie_header.as_deref());
    d.insert("cookies", Value::List(cookies));
    d.insert("headers", Value::List(headers));
    d.insert("queryString", Value::List(query_string(&request.url)));
    if post {
        let post_data = two_fields("mimeType", "application/x-www-form-urlencoded", "text", "");
        d.insert("postData", post_data);
    }
    d.insert("headersSize", Value::from(-1));
    d.insert("bodySize", Value::from(0));
    Value::Dict(d)
}

/// The body and its type: Django's error page when an exception made the response, else the
/// view's result as JSON.
fn body(response: &ResponseRecord) -> (&'static str, String) {
    if response.exception.is_some() || response.exception_message.is_some() {
        let title = match response.status {
            400 => "Bad Request (400)".to_owned(),
            500 => "Server Error (500)".to_owned(),
            status => format!("{status} {}", reason_phrase(status)),
        };
        let page = format!(
            "{}{title}{}{title}{}",
            ERROR_PAGE[0], ERROR_PAGE[1], ERROR_PAGE[2]
        );
        ("text/html; charset=utf-8", page)
    } else {
        ("application/json", to_python_json(&response.result))
    }
}

/// When the cookie expires, from `Max-Age` (counted from `now`) or `expires`.
fn cookie_expiry(cookie: &SetCookie, now: f64) -> Option<f64> {
    let attributes = &cookie.attributes;
    match (attributes.max_age, &attributes.expires) {
        (Some(age), _) => Some(now + age as f64),
        (None, Some(date)) => parse_http_date(date),
        (None, None) => None,
    }
}

fn response_cookie(cookie: &SetCookie, now: f64) -> Value {
    let mut d = Dict::new();
    d.insert("name", Value::from(cookie.name.as_str()));
    d.insert("value", Value::from(cookie.value.as_str()));
    if let Some(path) = &cookie.attributes.path {
        d.insert("path", Value::from(path.as_str()));
    }
    if let Some(domain) = &cookie.attributes.domain {
        d.insert("domain", Value::from(domain.as_str()));
    }
    if let Some(at) = cookie_expiry(cookie, now).filter(|at| at.is_finite()) {
        d.insert("expires", Value::Str(iso_utc(at)));
    }
    d.insert("httpOnly", Value::Bool(cookie.attributes.httponly));
    d.insert("secure", Value::Bool(cookie.attributes.secure));
    Value::Dict(d)
}

fn response_value(response: &ResponseRecord, now: f64) -> Value {
    let (mime_type, text) = body(response);
    let mut headers = Vec::new();
    if let Ok(date) = http_date(now) {
        headers.push(pair("Date", &date));
    }
    headers.push(pair("Content-Type", mime_type));
    if let Some(vary) = &response.vary {
        headers.push(pair("Vary", vary));
    }
    headers.push(pair("Content-Length", &text.len().to_string()));
    for cookie in &response.set_cookies {
        headers.push(pair("Set-Cookie", &cookie.output));
    }
    let cookies = response.set_cookies.iter().map(|c| response_cookie(c, now));
    let mut content = Dict::new();
    content.insert("size", int(text.len()));
    content.insert("mimeType", Value::from(mime_type));
    let size = text.len();
    content.insert("text", Value::Str(text));
    let mut d = Dict::new();
    d.insert("status", Value::from(i64::from(response.status)));
    d.insert("statusText", Value::from(reason_phrase(response.status)));
    d.insert("httpVersion", Value::from("HTTP/1.1"));
    d.insert("cookies", Value::List(cookies.collect()));
    d.insert("headers", Value::List(headers));
    d.insert("content", Value::Dict(content));
    d.insert("redirectURL", Value::from(""));
    d.insert("headersSize", Value::from(-1));
    d.insert("bodySize", int(size));
    Value::Dict(d)
}

/// `_sessionscope`: the step, the browser, the view, and the rules browser's verdicts.
fn custom_fields(step: &TraceStep, request: &RequestRecord, response: &ResponseRecord) -> Value {
    let mut d = Dict::new();
    d.insert("step", int(step.index));
    d.insert("browser", Value::from(request.browser.as_str()));
    if let Step::Request(r) = &step.step {
        d.insert("view", Value::from(r.view.name()));
    }
    d.insert("kind", Value::from(request.kind.name()));
    d.insert(
        "from",
        request.from.as_deref().map_or(Value::Null, Value::from),
    );
    if let Some(exception) = &response.exception_message {
        d.insert("exception", Value::from(exception.as_str()));
    }
    if let Some(not_sent) = &request.not_sent {
        d.insert(
            "not_sent",
            Value::List(not_sent.iter().map(kept_back_to_json).collect()),
        );
        let verdicts = response.set_cookies.iter().map(|cookie| {
            let mut v = match cookie.verdict.as_ref().map(verdict_to_json) {
                Some(Value::Dict(v)) => v,
                _ => Dict::new(),
            };
            v.insert("line", Value::from(cookie.output.as_str()));
            Value::Dict(v)
        });
        d.insert("set_cookie", Value::List(verdicts.collect()));
    }
    Value::Dict(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_iso_utc_with_milliseconds() {
        assert_eq!(iso_utc(1_700_000_000.0), "2023-11-14T22:13:20.000Z");
        assert_eq!(iso_utc(1_700_000_000.25), "2023-11-14T22:13:20.250Z");
        assert_eq!(iso_utc(f64::NAN), "1970-01-01T00:00:00.000Z");
    }

    #[test]
    fn urls_give_their_host_query_and_cookies() {
        assert_eq!(authority("https://site.test:8443/a?b"), "site.test:8443");
        assert_eq!(query_string("http://s.test/?a=1&b&").len(), 2);
        let cookies = request_cookies(Some("a=1; bare; c="));
        assert_eq!(cookies[1], pair("", "bare"));
        assert_eq!(cookies[2], pair("c", ""));
    }
}
