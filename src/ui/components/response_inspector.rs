//! The exchange: the Cookie header sent, the response's status and headers with every
//! Set-Cookie exactly as Django rendered it, and the session cookie's size meter.

use leptos::prelude::*;

use crate::ui::cookie_size::{CookieSize, BROWSER_COOKIE_LIMIT};
use crate::ui::response_view::{response_view, ResponseView};
use crate::ui::state::AppState;
use crate::ui::timeline::Inspected;

#[component]
pub fn ResponseInspector() -> impl IntoView {
    let state = AppState::expect();
    let shown = state.shown_state(Inspected::Response);
    let exchange = Memo::new(move |_| state.playground.with(|p| response_view(p, shown.get())));
    view! {
        <section
            class="card"
            data-testid="response"
            data-step=move || exchange.with(|e| e.as_ref().map(|e| e.step.to_string()))
        >
            <div class="card-header">
                <h2>"Request and response"</h2>
                <span class="step-badge">
                    {move || exchange.with(|e| match e {
                        Some(e) => format!("step {}", e.step + 1),
                        None => "—".to_owned(),
                    })}
                </span>
            </div>
            {move || match exchange.get() {
                None => view! {
                    <p class="bytes empty">"No request yet."</p>
                    <SizeMeter size=None dropped=None />
                }
                    .into_any(),
                Some(exchange) => exchange_view(exchange).into_any(),
            }}
        </section>
    }
}

/// One exchange: the request, what the browser kept back, the response's lines, what the view
/// returned, and why nothing was saved when nothing was.
fn exchange_view(exchange: ResponseView) -> impl IntoView {
    let mut response_lines = vec![exchange.status_line.clone()];
    response_lines.extend(exchange.vary.clone());
    let set_cookies = if exchange.set_cookie_headers.is_empty() {
        view! {
            <p class="bytes empty" data-testid="no-set-cookie">
                {exchange.nothing_saved.clone().unwrap_or_else(|| "No Set-Cookie.".to_owned())}
            </p>
        }
        .into_any()
    } else {
        exchange
            .set_cookie_headers
            .iter()
            .zip(exchange.refused.iter())
            .map(|(header, refused)| {
                view! {
                    <pre class="bytes" data-testid="set-cookie">{header.clone()}</pre>
                    {refused.clone().map(|why| view! { <p class="alert" data-testid="set-cookie-refused">{why}</p> })}
                }
            })
            .collect_view()
            .into_any()
    };
    view! {
        <pre class="bytes" data-testid="request-headers">{exchange.request_lines.join("\n")}</pre>
        {(!exchange.kept_back.is_empty()).then(|| view! {
            <ul class="hint" data-testid="cookies-kept-back">
                {exchange.kept_back.iter().map(|line| view! { <li>{line.clone()}</li> }).collect_view()}
            </ul>
        })}
        <pre class="bytes" data-testid="response-status">{response_lines.join("\n")}</pre>
        {exchange.exception.clone().map(|text| view! { <p class="alert" data-testid="exception">{text}</p> })}
        {set_cookies}
        {exchange.result.clone().map(|result| view! {
            <p class="hint" data-testid="view-result">"The view returned " <code>{result}</code></p>
        })}
        <SizeMeter size=exchange.size dropped=exchange.dropped.clone() />
    }
}

/// The session cookie against the 4096-byte limit; says so when the browser drops it.
#[component]
fn SizeMeter(size: Option<CookieSize>, dropped: Option<String>) -> impl IntoView {
    let counted = size.map_or(0, |s| s.counted_bytes());
    let fraction = size.map_or(0.0, |s| s.fraction());
    let fill_class = size.map_or("size-meter", |s| s.fill().css_class());
    let header = size
        .and_then(|s| s.header_bytes)
        .map(|bytes| format!("whole header line {bytes} bytes"))
        .unwrap_or_default();
    view! {
        <div class=fill_class data-testid="size-meter">
            <div class="numbers">
                <span>{format!("name + value: {counted} / {BROWSER_COOKIE_LIMIT} bytes")}</span>
                <span>{header}</span>
            </div>
            <div
                class="bar"
                role="meter"
                aria-label="Session cookie size"
                aria-valuemin="0"
                aria-valuemax=BROWSER_COOKIE_LIMIT
                aria-valuenow=counted
            >
                <div class="fill" style:width=format!("{:.2}%", fraction * 100.0)></div>
            </div>
            {dropped.map(|words| view! {
                <p class="alert" data-testid="cookie-dropped">{words}</p>
            })}
        </div>
    }
}
