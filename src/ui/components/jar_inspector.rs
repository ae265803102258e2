//! The cookie jar: each cookie with its value split into parts and decoded, and its expiry
//! counting down on the simulated clock.

use leptos::prelude::*;

use crate::ui::clock_text::utc;
use crate::ui::jar_view::{jar_view, CookieAnatomy, JarCookieView};
use crate::ui::python;
use crate::ui::signed_value::{key_name, PartKind, SignedValue, Verdict};
use crate::ui::state::AppState;
use crate::ui::timeline::Inspected;

#[component]
pub fn JarInspector() -> impl IntoView {
    let state = AppState::expect();
    let shown = state.shown_state(Inspected::Jar);
    let cookies = Memo::new(move |_| state.playground.with(|p| jar_view(p, shown.get())));
    view! {
        <section class="card" data-testid="jar" data-step=move || shown.get().map(|step| step.to_string())>
            <h2>"Cookie jar"</h2>
            {move || {
                let cookies = cookies.get();
                if cookies.is_empty() {
                    return view! {
                        <p class="bytes empty">
                            "Empty: the next request carries no Cookie header."
                        </p>
                    }
                        .into_any();
                }
                cookies.into_iter().map(cookie_view).collect_view().into_any()
            }}
        </section>
    }
}

fn cookie_view(cookie: JarCookieView) -> impl IntoView {
    let expiry = match cookie.expiry {
        Some((date, left)) => view! {
            <span>
                "Expires " <strong>{date}</strong> " · "
                <span class="countdown" class:expired=left.expired>{left.text}</span>
            </span>
        }
        .into_any(),
        None => view! { <span>"No expiry: a browser-session cookie, gone when the browser closes"</span> }
            .into_any(),
    };
    let value = match &cookie.anatomy {
        Some(CookieAnatomy::Signed(signed)) => signed
            .parts()
            .into_iter()
            .map(|part| view! { <span class=part.kind.css_class()>{part.text}</span> })
            .collect_view()
            .into_any(),
        Some(CookieAnatomy::SessionKey) => {
            let class = PartKind::SessionKey.css_class();
            view! { <span class=class>{cookie.value.clone()}</span> }.into_any()
        }
        None => cookie.value.clone().into_any(),
    };
    let name = cookie.name.clone();
    let browser = cookie.browser.clone();
    let expires_at = cookie
        .expires_at
        .map(sessionscope_engine::json::python_float_repr);
    view! {
        <div class="cookie" data-cookie=name data-browser=browser data-expires-at=expires_at>
            <div class="cookie-meta">
                <span>"Browser " <strong>{cookie.browser}</strong></span>
                <span>"Name " <strong>{cookie.name}</strong></span>
                <span title="What the browser counts against its 4096-byte limit">
                    {format!("{} bytes (name + value)", cookie.size.counted_bytes())}
                </span>
            </div>
            <div class="bytes" data-testid="cookie-value">{value}</div>
            <div class="cookie-meta">{expiry}</div>
            {cookie.not_sent.map(|why| view! { <p class="alert" data-testid="cookie-not-sent">{why}</p> })}
            {cookie.anatomy.map(anatomy_legend)}
        </div>
    }
}

fn anatomy_legend(anatomy: CookieAnatomy) -> impl IntoView {
    match anatomy {
        CookieAnatomy::SessionKey => view! {
            <dl class="parts-legend">
                <dt>"Session key"</dt>
                <dd>"Only the key travels; the data stays in the session store."</dd>
            </dl>
        }
        .into_any(),
        CookieAnatomy::Signed(signed) => signed_legend(signed).into_any(),
    }
}

fn signed_legend(signed: SignedValue) -> impl IntoView {
    let compressed = signed.split.compressed;
    let payload = format!(
        "{}base64 of {}",
        if compressed { "“.” + " } else { "" },
        if compressed { "zlib(JSON)" } else { "JSON" }
    );
    let timestamp = match signed.signed_at() {
        Some(seconds) => format!(
            "{} = {}",
            signed.split.timestamp.as_deref().unwrap_or_default(),
            utc(seconds)
        ),
        None => "missing or not base62".to_owned(),
    };
    let verdict = match &signed.verdict {
        Some(Verdict::Valid {
            verified_by, data, ..
        }) => view! {
            <dt class="part-signature">"Signature"</dt>
            <dd>{format!("HMAC-SHA256, verified with {}", key_name(*verified_by))}</dd>
            <dt>"Decoded"</dt>
            <dd><pre class="bytes">{python::repr(data)}</pre></dd>
        }
        .into_any(),
        Some(Verdict::Rejected(error)) => view! {
            <dt class="part-signature">"Signature"</dt>
            <dd class="countdown expired">{format!("{}: {error}", error.kind())}</dd>
        }
        .into_any(),
        None => ().into_any(),
    };
    view! {
        <dl class="parts-legend">
            <dt class="part-payload">"Payload"</dt>
            <dd>{payload}</dd>
            {signed.json_text.map(|json| view! { <dt>"JSON"</dt><dd><code>{json}</code></dd> })}
            <dt class="part-timestamp">"Timestamp"</dt>
            <dd>{timestamp}</dd>
            {verdict}
        </dl>
    }
}
