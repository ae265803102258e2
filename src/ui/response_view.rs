//! What the response inspector shows: the latest exchange at or before a step — the request
//! line and the Cookie header sent, the status, `Vary`, every `Set-Cookie` exactly as Django
//! rendered it, what the view returned — and the session cookie's size against the browser's
//! limit, with what the browser did when it was over.

use sessionscope_engine::json::Value;
use sessionscope_engine::scenario::{
    EventKind, RequestRecord, SetCookieVerdict, Step, TraceStep, ViewCall,
};

use super::cookie_size::CookieSize;
use super::markup::Markup;
use super::model::Playground;
use super::python;

/// The latest exchange, ready to display.
#[derive(Clone, Debug, PartialEq)]
pub struct ResponseView {
    /// The request step it belongs to (0-based).
    pub step: usize,
    /// The request as sent: `GET /cart HTTP/1.1`, `Host: …`, the `Cookie` header (or a note
    /// that there is none).
    pub request_lines: Vec<String>,
    /// With a browser applying cookie rules: each stored cookie it did not send, and why.
    pub kept_back: Vec<String>,
    /// `HTTP/1.1 200 OK`.
    pub status_line: String,
    /// The exception Django turned into this response, as Python prints it.
    pub exception: Option<String>,
    /// `Vary: …`, if any.
    pub vary: Option<String>,
    /// Every `Set-Cookie: …` line, in emission order.
    pub set_cookie_headers: Vec<String>,
    /// With a browser applying cookie rules: why it refused a `Set-Cookie` line, per line.
    pub refused: Vec<Option<String>>,
    /// What the view returned, as Python prints it (`None` for a request that raised).
    pub result: Option<String>,
    /// Why no `Set-Cookie` came back, when none did: the middleware's own words, and what it
    /// means for the data.
    pub nothing_saved: Option<String>,
    /// The size of the session cookie this response set (or, failing that, of the one the
    /// browser holds).
    pub size: Option<CookieSize>,
    /// What the browser did with a session cookie it ignored, if it did.
    pub dropped: Option<String>,
}

fn reason_phrase(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        500 => "Internal Server Error",
        _ => "",
    }
}

/// The latest exchange at or before step `shown`.
pub fn response_view(playground: &Playground, shown: Option<usize>) -> Option<ResponseView> {
    let shown = shown?;
    let steps = &playground.trace().steps;
    let (step_index, step) = steps
        .iter()
        .enumerate()
        .take(shown + 1)
        .rev()
        .find(|(_, step)| step.response.is_some())?;
    let response = step.response.as_ref()?;
    let request = step.request.as_ref();
    let cookie_name = playground.settings_after(Some(step_index)).cookie_name;
    let session_set_cookie = response
        .set_cookies
        .iter()
        .find(|cookie| cookie.name == cookie_name);
    let held = jar_cookie(step, request, &cookie_name);
    let size = match session_set_cookie {
        Some(cookie) => Some(CookieSize::of(
            &cookie.name,
            &cookie.value,
            Some(&cookie.header()),
        )),
        None => held.map(|value| CookieSize::of(&cookie_name, value, None)),
    };
    let dropped = step.events.iter().find_map(|event| match &event.kind {
        EventKind::CookieDropped { reason } => Some(dropped_words(
            reason,
            held.map(|value| CookieSize::of(&cookie_name, value, None)),
        )),
        EventKind::CookieRefused { name, .. } if *name == cookie_name => {
            let refused = session_set_cookie.and_then(|cookie| match &cookie.verdict {
                Some(SetCookieVerdict::Refused { explanation, .. }) => Some(explanation),
                _ => None,
            })?;
            let reason = refused.strip_prefix("refused: ").unwrap_or(refused);
            Some(dropped_words(
                reason,
                held.map(|value| CookieSize::of(&cookie_name, value, None)),
            ))
        }
        _ => None,
    });
    let view = match &step.step {
        Step::Request(request) => Some(&request.view),
        _ => None,
    };
    Some(ResponseView {
        step: step_index,
        request_lines: request.map(request_lines).unwrap_or_default(),
        kept_back: request
            .and_then(|r| r.not_sent.as_ref())
            .map(|kept| {
                kept.iter()
                    .map(|cookie| format!("{}: {}", cookie.name, cookie.explanation))
                    .collect()
            })
            .unwrap_or_default(),
        status_line: format!(
            "HTTP/1.1 {} {}",
            response.status,
            reason_phrase(response.status)
        )
        .trim_end()
        .to_owned(),
        exception: exception_text(
            response.exception.as_deref(),
            response.exception_message.as_deref(),
        ),
        vary: response.vary.as_ref().map(|vary| format!("Vary: {vary}")),
        set_cookie_headers: response.set_cookies.iter().map(|c| c.header()).collect(),
        refused: response
            .set_cookies
            .iter()
            .map(|cookie| match &cookie.verdict {
                Some(SetCookieVerdict::Refused { explanation, .. }) => Some(explanation.clone()),
                _ => None,
            })
            .collect(),
        result: (response.exception.is_none() && response.status < 500)
            .then(|| result_text(&response.result)),
        nothing_saved: response
            .set_cookies
            .is_empty()
            .then(|| nothing_saved(step, view))
            .flatten(),
        size,
        dropped,
    })
}

/// The value of `name` in the jar of the browser that made `request`, after the step.
fn jar_cookie<'a>(
    step: &'a TraceStep,
    request: Option<&RequestRecord>,
    name: &str,
) -> Option<&'a str> {
    let browser = &request?.browser;
    step.jars
        .iter()
        .find(|jar| &jar.browser == browser)?
        .cookies
        .iter()
        .find(|c| c.name == name)
        .map(|c| c.value.as_str())
}

/// `GET /path HTTP/1.1`, `Host: …` and the `Cookie` header.
fn request_lines(request: &RequestRecord) -> Vec<String> {
    let after_scheme = request
        .url
        .split_once("://")
        .map_or(request.url.as_str(), |(_, rest)| rest);
    let (host, target) = match after_scheme.find('/') {
        Some(slash) => (&after_scheme[..slash], &after_scheme[slash..]),
        None => (after_scheme, "/"),
    };
    vec![
        format!("{} {target} HTTP/1.1", request.method.as_str()),
        format!("Host: {host}"),
        request.cookie_header.as_ref().map_or_else(
            || "(no Cookie header)".to_owned(),
            |header| format!("Cookie: {header}"),
        ),
    ]
}

/// The exception as Python prints it: `CookieError: Illegal key 'my session'`. The engine's
/// message already starts with the class name; a bare name stays bare.
fn exception_text(name: Option<&str>, message: Option<&str>) -> Option<String> {
    match (name, message) {
        (_, Some(message)) if !message.is_empty() => Some(message.to_owned()),
        (Some(name), _) => Some(name.to_owned()),
        (None, _) => None,
    }
}

/// What the view returned, as Python shows it; the harness's `{"error": "KeyError"}` is the
/// `KeyError` the view caught.
fn result_text(result: &Value) -> String {
    match result {
        Value::Dict(dict)
            if dict.len() == 1 && dict.get("error").and_then(Value::as_str) == Some("KeyError") =>
        {
            "KeyError (the view caught it)".to_owned()
        }
        other => python::repr(other),
    }
}

/// Whether `view` changes a stored list in place without marking the session modified.
fn appends_unmarked(view: &ViewCall) -> bool {
    match view {
        ViewCall::Multi(calls) => {
            calls.iter().any(|c| matches!(c, ViewCall::Append { .. }))
                && !calls.iter().any(|c| matches!(c, ViewCall::MarkModified))
        }
        ViewCall::Append { .. } => true,
        _ => false,
    }
}

/// Why nothing was saved, in the middleware's own words; for an in-place `append`, that the
/// change is lost.
fn nothing_saved(step: &TraceStep, view: Option<&ViewCall>) -> Option<String> {
    let reason = step
        .events
        .iter()
        .find(|event| event.kind == EventKind::NoCookieChange)
        .map(|event| event.sentence.clone())?;
    let in_place_lost = view.is_some_and(appends_unmarked)
        && step
            .response
            .as_ref()
            .is_some_and(|r| !matches!(&r.result, Value::Dict(d) if d.get("error").is_some()));
    Some(if in_place_lost {
        format!(
            "Nothing was saved. {reason} The list was changed in place, which does not set \
             request.session.modified: the change is lost, and the store still holds the data \
             from before this request."
        )
    } else {
        format!("No Set-Cookie: {reason} The browser keeps what it has.")
    })
}

/// What the browser did with a session cookie over its limit: it ignored the line and kept the
/// cookie it had, if any.
fn dropped_words(reason: &str, kept: Option<CookieSize>) -> String {
    match kept {
        Some(kept) => format!(
            "The browser ignored this Set-Cookie ({reason}) and kept its previous session \
             cookie ({} bytes, name + value): the next request sends the old session, so what \
             this response saved is lost.",
            kept.counted_bytes()
        ),
        None => format!(
            "The browser ignored this Set-Cookie ({reason}) and has no session cookie: the next \
             request carries none, and this session is lost."
        ),
    }
}

/// The exchange as escaped HTML (the size meter is drawn apart): the request, the cookies the
/// browser kept back, the response's lines, what the view returned, and why nothing was saved
/// when nothing was.
pub fn exchange_html(exchange: &ResponseView) -> String {
    let mut m = Markup::new();
    let pre = |m: &mut Markup, testid: &str, text: &str| {
        m.text_element("pre", &[("class", "bytes"), ("data-testid", testid)], text);
    };
    pre(
        &mut m,
        "request-headers",
        &exchange.request_lines.join("\n"),
    );
    if !exchange.kept_back.is_empty() {
        m.element(
            "ul",
            &[("class", "hint"), ("data-testid", "cookies-kept-back")],
            |m| {
                for line in &exchange.kept_back {
                    m.text_element("li", &[], line);
                }
            },
        );
    }
    let mut response_lines = vec![exchange.status_line.clone()];
    response_lines.extend(exchange.vary.clone());
    pre(&mut m, "response-status", &response_lines.join("\n"));
    if let Some(text) = &exchange.exception {
        m.text_element(
            "p",
            &[("class", "alert"), ("data-testid", "exception")],
            text,
        );
    }
    if exchange.set_cookie_headers.is_empty() {
        m.text_element(
            "p",
            &[("class", "bytes empty"), ("data-testid", "no-set-cookie")],
            exchange
                .nothing_saved
                .as_deref()
                .unwrap_or("No Set-Cookie."),
        );
    }
    for (header, refused) in exchange.set_cookie_headers.iter().zip(&exchange.refused) {
        pre(&mut m, "set-cookie", header);
        if let Some(why) = refused {
            m.text_element(
                "p",
                &[("class", "alert"), ("data-testid", "set-cookie-refused")],
                why,
            );
        }
    }
    if let Some(result) = &exchange.result {
        m.element(
            "p",
            &[("class", "hint"), ("data-testid", "view-result")],
            |m| {
                m.text("The view returned ");
                m.text_element("code", &[], result);
            },
        );
    }
    m.into_string()
}

#[cfg(test)]
mod tests;
