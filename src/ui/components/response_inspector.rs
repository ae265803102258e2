//! The exchange: the request line and Cookie header sent, the response's status and headers
//! with every Set-Cookie exactly as Django rendered it (escaped HTML from [`exchange_html`]),
//! and the session cookie's size meter.

use leptos::prelude::*;

use crate::ui::cookie_size::{CookieSize, BROWSER_COOKIE_LIMIT};
use crate::ui::response_view::{exchange_html, response_view};
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
            <div inner_html=move || exchange.with(|e| e.as_ref().map_or_else(
                || "<p class=\"bytes empty\">No request yet.</p>".to_owned(),
                exchange_html,
            ))></div>
            {move || exchange.with(|e| {
                let (size, dropped) = e.as_ref().map_or((None, None), |e| (e.size, e.dropped.clone()));
                view! { <SizeMeter size=size dropped=dropped /> }
            })}
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
            {dropped.map(|words| view! {
                <p class="alert" data-testid="cookie-dropped">{words}</p>
            })}
        </div>
    }
}
