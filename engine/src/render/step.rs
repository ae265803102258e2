//! One step of the rendering: the request the browser sent, what happened inside Django and
//! the store (the trace's events, in order), the response, then the jars and the store.

use crate::event::{EventKind, Lane};
use crate::json::to_python_json;
use crate::scenario::{reason_phrase, RequestRecord, ResponseRecord, Trace, TraceStep};

use super::markup::{escape_html, header_size_html, size_html};
use super::state::{jars_html, store_html};

/// `<li>` for step `index` of `trace`, with its caption if any.
pub fn step_html(trace: &Trace, index: usize, caption: Option<&str>) -> String {
    let step = &trace.steps[index];
    let mut html = format!(
        "<li class=\"ss-step\" data-step=\"{number}\"><h3 class=\"ss-step-title\">Step {number} \
of {total} <code class=\"ss-step-json\">{json}</code></h3>",
        number = index + 1,
        total = trace.steps.len(),
        json = escape_html(&to_python_json(&step.step.to_value())),
    );
    if let Some(caption) = caption.filter(|caption| !caption.is_empty()) {
        html.push_str(&format!(
            "<p class=\"ss-caption\">{}</p>",
            escape_html(caption)
        ));
    }
    if let Some(request) = &step.request {
        html.push_str(&request_html(request));
    }
    html.push_str(&events_html(step));
    if let Some(error) = &step.error {
        html.push_str(&format!(
            "<p class=\"ss-alarm\">This step could not be carried out: {}</p>",
            escape_html(error)
        ));
    }
    if let Some(response) = &step.response {
        html.push_str(&response_html(response));
    }
    html.push_str(&jars_html(step));
    html.push_str(&store_html(step));
    html.push_str("</li>");
    html
}

fn request_html(request: &RequestRecord) -> String {
    let cookie = match &request.cookie_header {
        Some(header) => format!(
            "<pre><span class=\"ss-muted\">Cookie: </span><code data-cookie-header>{}</code></pre>{}",
            escape_html(header),
            header_size_html("Cookie", header)
        ),
        None => "<p class=\"ss-muted\">no <code>Cookie</code> header: the jar had nothing to send</p>"
            .to_owned(),
    };
    format!(
        "<div class=\"ss-part ss-request\"><h4>Request from browser <code>{browser}</code></h4>\
<p><code>{method} {url}</code></p>{cookie}</div>",
        browser = escape_html(&request.browser),
        method = request.method.as_str(),
        url = escape_html(&request.url),
    )
}

/// The events inside Django and the store (the request's and response's headers are shown in
/// their own parts; the browser's own events here say what the jar did with them).
fn events_html(step: &TraceStep) -> String {
    if step.events.is_empty() {
        return String::new();
    }
    let mut html = String::from(
        "<div class=\"ss-part ss-django\"><h4>What happened</h4><ol class=\"ss-events\">",
    );
    for event in &step.events {
        let alarm = matches!(
            event.kind,
            EventKind::Exception
                | EventKind::CookieDropped { .. }
                | EventKind::CookieRefused { .. }
        );
        let (lane_class, lane_name) = lane(event.lane);
        html.push_str(&format!(
            "<li{alarm}><span class=\"ss-lane {lane_class}\">{lane_name}</span>{sentence} \
<code class=\"ss-fn\">{django}</code>",
            alarm = if alarm { " class=\"ss-alarm\"" } else { "" },
            sentence = escape_html(&event.sentence),
            django = escape_html(event.django),
        ));
        let repeated_header = matches!(
            event.kind,
            EventKind::CookieSent | EventKind::SetCookie | EventKind::DeleteCookie
        );
        if let Some(detail) = event.detail.as_deref().filter(|_| !repeated_header) {
            html.push_str(&format!(
                "<pre class=\"ss-detail\">{}</pre>{}",
                escape_html(detail),
                size_html(detail.len())
            ));
        }
        html.push_str("</li>");
    }
    html.push_str("</ol></div>");
    html
}

fn lane(lane: Lane) -> (&'static str, &'static str) {
    match lane {
        Lane::Browser => ("ss-lane-browser", "browser"),
        Lane::Middleware => ("ss-lane-django", "SessionMiddleware"),
        Lane::View => ("ss-lane-django", "view"),
        Lane::Store => ("ss-lane-store", "store"),
    }
}

fn response_html(response: &ResponseRecord) -> String {
    let mut html = format!(
        "<div class=\"ss-part ss-response\"><h4>Response</h4><p><code>{status} {reason}</code>",
        status = response.status,
        reason = reason_phrase(response.status),
    );
    if let Some(exception) = response
        .escaped_exception
        .as_ref()
        .or(response.view_exception.as_ref())
        .or(response.exception.as_ref())
    {
        html.push_str(&format!(
            " <span class=\"ss-alarm\">{}</span>",
            escape_html(exception)
        ));
    }
    if let Some(vary) = &response.vary {
        html.push_str(&format!(" · <code>Vary: {}</code>", escape_html(vary)));
    }
    html.push_str("</p>");
    if response.set_cookies.is_empty() {
        html.push_str(
            "<p class=\"ss-muted\">no <code>Set-Cookie</code>: the browser's cookie stays as it is</p>",
        );
    }
    for set_cookie in &response.set_cookies {
        html.push_str(&format!(
            "<pre><span class=\"ss-muted\">Set-Cookie: </span><code data-set-cookie>{}</code></pre>{}",
            escape_html(&set_cookie.output),
            header_size_html("Set-Cookie", &set_cookie.output)
        ));
    }
    html.push_str("</div>");
    html
}
