//! The exchange: the Cookie header sent, the response's status and headers with every
//! Set-Cookie exactly as Django rendered it, and the session cookie's size meter.

use leptos::prelude::*;

use crate::ui::cookie_size::{CookieSize, BROWSER_COOKIE_LIMIT};
use crate::ui::response_view::response_view;
use crate::ui::state::AppState;
use crate::ui::timeline::Inspected;

#[component]
pub fn ResponseInspector() -> impl IntoView {
    let state = AppState::expect();
    let shown = state.shown_state(Inspected::Response);
    let exchange = Memo::new(move |_| state.playground.with(|p| response_view(p, shown.get())));
    view! {
        <section class="card" data-testid="response">
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
                Some(exchange) => {
                    let request = format!(
                        "GET / HTTP/1.1\n{}",
                        exchange.cookie_header.clone().unwrap_or_else(|| "(no Cookie header)".to_owned())
                    );
                    let mut response_lines = vec![exchange.status_line.clone()];
                    response_lines.extend(exchange.vary.clone());
                    view! {
                        <pre class="bytes" data-testid="request-headers">{request}</pre>
                        <pre class="bytes" data-testid="response-status">{response_lines.join("\n")}</pre>
                        {exchange.exception.clone().map(|text| view! { <p class="alert">{text}</p> })}
                        {if exchange.set_cookie_headers.is_empty() {
                            view! {
                                <p class="bytes empty" data-testid="no-set-cookie">
                                    "No Set-Cookie: the browser keeps what it has."
                                </p>
                            }
                                .into_any()
                        } else {
                            exchange
                                .set_cookie_headers
                                .iter()
                                .map(|header| view! { <pre class="bytes" data-testid="set-cookie">{header.clone()}</pre> })
                                .collect_view()
                                .into_any()
                        }}
                        <SizeMeter size=exchange.size dropped=exchange.dropped.clone() />
                    }
                        .into_any()
                }
            }}
        </section>
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
            {dropped.map(|reason| view! {
                <p class="alert" data-testid="cookie-dropped">
                    {format!("The browser dropped this cookie ({reason}): the session is lost on the next request.")}
                </p>
            })}
        </div>
    }
}
