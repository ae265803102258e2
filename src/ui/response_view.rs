//! What the response inspector shows: the latest exchange at or before a step — the Cookie
//! header sent, the status, `Vary`, every `Set-Cookie` exactly as Django rendered it — and
//! the size of the session cookie against the browser's limit.

use sessionscope_engine::scenario::EventKind;

use super::cookie_size::CookieSize;
use super::model::Playground;

/// The latest exchange, ready to display.
#[derive(Clone, Debug, PartialEq)]
pub struct ResponseView {
    /// The request step it belongs to (0-based).
    pub step: usize,
    /// `Cookie: …` as sent, if any.
    pub cookie_header: Option<String>,
    /// `HTTP/1.1 200 OK`.
    pub status_line: String,
    /// The exception Django turned into this response, with its message.
    pub exception: Option<String>,
    /// `Vary: …`, if any.
    pub vary: Option<String>,
    /// Every `Set-Cookie: …` line, in emission order.
    pub set_cookie_headers: Vec<String>,
    /// The size of the session cookie this response set (or, failing that, of the one the
    /// browser holds).
    pub size: Option<CookieSize>,
    /// Why the browser refused the cookie, if it did.
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
    let size = match session_set_cookie {
        Some(cookie) => Some(CookieSize::of(
            &cookie.name,
            &cookie.value,
            Some(&cookie.header()),
        )),
        None => step
            .jars
            .iter()
            .find(|jar| Some(&jar.browser) == request.map(|r| &r.browser))
            .and_then(|jar| jar.cookies.iter().find(|c| c.name == cookie_name))
            .map(|cookie| CookieSize::of(&cookie.name, &cookie.value, None)),
    };
    let dropped = step.events.iter().find_map(|event| match &event.kind {
        EventKind::CookieDropped { reason } => Some(reason.clone()),
        _ => None,
    });
    Some(ResponseView {
        step: step_index,
        cookie_header: request
            .and_then(|r| r.cookie_header.as_ref())
            .map(|header| format!("Cookie: {header}")),
        status_line: format!(
            "HTTP/1.1 {} {}",
            response.status,
            reason_phrase(response.status)
        )
        .trim_end()
        .to_owned(),
        exception: response
            .exception
            .as_ref()
            .map(|name| match &response.exception_message {
                Some(message) if !message.is_empty() => format!("{name}: {message}"),
                _ => name.clone(),
            }),
        vary: response.vary.as_ref().map(|vary| format!("Vary: {vary}")),
        set_cookie_headers: response.set_cookies.iter().map(|c| c.header()).collect(),
        size,
        dropped,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::actions::{stuffed_cart, STUFFED_CART_ITEMS};
    use crate::ui::cookie_size::Fill;
    use sessionscope_engine::clock::DEFAULT_START_TIME;
    use sessionscope_engine::json::{Dict, Value};
    use sessionscope_engine::scenario::{Engine, Request, Step, ViewCall};

    fn playground(engine: Engine, cart: Value) -> Playground {
        let mut playground = Playground::new(engine, DEFAULT_START_TIME, 5);
        let mut data = Dict::new();
        data.insert("cart", cart);
        playground.push(Step::Request(Request::new(ViewCall::Set(data))));
        playground.push(Step::Advance(60.0));
        playground
    }

    #[test]
    fn shows_the_latest_exchange_even_after_a_clock_step() {
        let playground = playground(Engine::Db, Value::List(vec![]));
        assert_eq!(response_view(&playground, None), None);
        let view = response_view(&playground, Some(1)).expect("a response");
        assert_eq!(view.step, 0);
        assert_eq!(view.status_line, "HTTP/1.1 200 OK");
        assert_eq!(view.cookie_header, None);
        assert_eq!(view.set_cookie_headers.len(), 1);
        let header = &view.set_cookie_headers[0];
        let response = playground.trace().steps[0].response.as_ref().unwrap();
        assert_eq!(
            header,
            &format!("Set-Cookie: {}", response.set_cookies[0].output)
        );
        assert_eq!(view.size.unwrap().counted_bytes(), "sessionid".len() + 32);
        assert_eq!(view.dropped, None);
    }

    #[test]
    fn a_stuffed_signed_cookie_is_over_the_limit_and_dropped() {
        let playground = playground(Engine::SignedCookies, stuffed_cart(STUFFED_CART_ITEMS));
        let view = response_view(&playground, Some(0)).expect("a response");
        let size = view.size.expect("a session cookie");
        assert_eq!(size.fill(), Fill::Over, "{} bytes", size.counted_bytes());
        assert!(view.dropped.is_some());
        assert!(playground.trace().steps[0].jars[0].cookies.is_empty());
    }
}
