//! The cookie decoder: paste a Django session cookie (or any `signing.dumps` value), see its
//! parts and contents, and with a SECRET_KEY, what `signing.loads` says about it.

use leptos::prelude::*;

use crate::engine::json::{Dict, Value};
use crate::engine::session::{DEFAULT_SECRET_KEY, SIGNED_COOKIE_SALT};
use crate::engine::signing::dumps;
use crate::ui::cookie_parts::signed_parts;
use crate::ui::decoder::{decode, Decoded, DecoderInput, Verdict, KNOWN_SALTS};
use crate::ui::settings_py::duration_words;

/// Unix seconds now, from the browser's clock (what a real server's `time.time()` would say).
fn now() -> f64 {
    web_sys::js_sys::Date::now() / 1000.0
}

#[component]
pub fn DecoderView() -> impl IntoView {
    let input = RwSignal::new(DecoderInput::for_session_cookie());
    let custom_salt = RwSignal::new(false);
    let decoded = Memo::new(move |_| input.with(|i| decode(i, now())));
    let field = move |f: fn(&mut DecoderInput, String)| {
        move |ev: leptos::ev::Event| {
            let value = event_target_value(&ev);
            input.update(|i| f(i, value));
        }
    };
    let try_example = move |_| {
        let mut cart = Dict::new();
        let items = [
            "django-book",
            "mug",
            "django-book",
            "sticker",
            "mug",
            "django-book",
        ];
        cart.insert(
            "cart",
            Value::List(items.iter().map(|item| Value::from(*item)).collect()),
        );
        cart.insert("_auth_user_id", Value::from("42"));
        let signed_at = (now() - 3.0 * 3600.0).floor();
        let value = dumps(
            &Value::Dict(cart),
            DEFAULT_SECRET_KEY,
            SIGNED_COOKIE_SALT,
            true,
            signed_at,
        );
        input.set(DecoderInput {
            value: format!("sessionid={value}"),
            secret_key: DEFAULT_SECRET_KEY.to_owned(),
            ..DecoderInput::for_session_cookie()
        });
        custom_salt.set(false);
    };
    view! {
        <section class="decoder-view" aria-label="Decode a cookie" data-testid="decoder-view">
            <div class="card decoder-form">
                <div class="card-header">
                    <h2>"Decode a Django session cookie"</h2>
                    <button type="button" class="button" data-testid="decoder-example" on:click=try_example>
                        "Try an example"
                    </button>
                </div>
                <p class="hint">
                    "Paste the value of a signed_cookies session cookie, a session_data column, or anything signing.dumps() made. A whole Cookie or Set-Cookie line works too. Everything stays in this page."
                </p>
                <label class="share-field">
                    <span>"Signed value"</span>
                    <textarea
                        rows="4"
                        spellcheck="false"
                        data-testid="decoder-value"
                        placeholder="sessionid=.eJyrVkrOLypRslJKSUzPzEvPVNJRyi_JLEhNzs9LS00BAJ3YCmo:1r31eq:…"
                        prop:value=move || input.with(|i| i.value.clone())
                        on:input=field(|i, v| i.value = v)
                    ></textarea>
                </label>
                <div class="decoder-keys">
                    <label class="share-field">
                        <span>"SECRET_KEY (optional: to verify)"</span>
                        <input
                            type="text"
                            spellcheck="false"
                            autocomplete="off"
                            data-testid="decoder-secret"
                            prop:value=move || input.with(|i| i.secret_key.clone())
                            on:input=field(|i, v| i.secret_key = v)
                        />
                    </label>
                    <label class="share-field">
                        <span>"SECRET_KEY_FALLBACKS (one per line)"</span>
                        <textarea
                            rows="2"
                            spellcheck="false"
                            prop:value=move || input.with(|i| i.fallbacks.clone())
                            on:input=field(|i, v| i.fallbacks = v)
                        ></textarea>
                    </label>
                    <label class="share-field">
                        <span>"Salt"</span>
                        <select on:change:target=move |ev| {
                            let value = ev.target().value();
                            if value == "custom" {
                                custom_salt.set(true);
                            } else {
                                custom_salt.set(false);
                                input.update(|i| i.salt = value);
                            }
                        }>
                            {KNOWN_SALTS
                                .iter()
                                .map(|(salt, what)| {
                                    let salt = *salt;
                                    view! {
                                        <option
                                            value=salt
                                            prop:selected=move || !custom_salt.get() && input.with(|i| i.salt == salt)
                                        >
                                            {format!("{what} ({})", if salt.is_empty() { "\"\"" } else { salt })}
                                        </option>
                                    }
                                })
                                .collect_view()}
                            <option value="custom" prop:selected=move || custom_salt.get()>"Another salt…"</option>
                        </select>
                    </label>
                    <Show when=move || custom_salt.get()>
                        <label class="share-field">
                            <span>"Custom salt"</span>
                            <input
                                type="text"
                                prop:value=move || input.with(|i| i.salt.clone())
                                on:input=field(|i, v| i.salt = v)
                            />
                        </label>
                    </Show>
                    <label class="share-field">
                        <span>"max_age (seconds; empty: no limit)"</span>
                        <input
                            type="text"
                            inputmode="numeric"
                            prop:value=move || input.with(|i| i.max_age.clone())
                            on:input=field(|i, v| i.max_age = v)
                        />
                    </label>
                </div>
            </div>
            {move || {
                decoded
                    .get()
                    .map(|d| view! { <DecodedCard decoded=d /> }.into_any())
                    .unwrap_or_else(|| {
                        view! {
                            <div class="card decoder-empty">
                                <p class="hint">"Paste a value above, or try the example."</p>
                            </div>
                        }
                        .into_any()
                    })
            }}
        </section>
    }
}

#[component]
fn DecodedCard(decoded: Decoded) -> impl IntoView {
    let parts = signed_parts(&decoded.value);
    let age = decoded.parts.timestamp_seconds.map(|at| {
        let delta = now() - at;
        if delta >= 0.0 {
            format!("{} ago", duration_words(delta.floor() as i64))
        } else {
            format!("in {}", duration_words((-delta).ceil() as i64))
        }
    });
    let verdict = decoded.verdict.clone();
    view! {
        <div class="card decoder-result" data-testid="decoder-result">
            {decoded.cleaned.clone().map(|note| view! { <p class="hint">{note}</p> })}
            <h2>"Parts"</h2>
            <pre class="bytes parts">
                {parts
                    .into_iter()
                    .map(|part| view! { <span class=part.kind.css_class()>{part.text}</span> })
                    .collect_view()}
            </pre>
            <dl class="decoder-parts">
                <dt>"payload"</dt>
                <dd>
                    <code>{format!("{} characters of base64", decoded.parts.payload.len())}</code>
                    {if decoded.parts.compressed {
                        " · starts with \".\": zlib-compressed JSON"
                    } else {
                        " · plain JSON (no \".\", not compressed)"
                    }}
                </dd>
                <dt>"timestamp"</dt>
                <dd>
                    {match (&decoded.parts.timestamp, &decoded.signed_at) {
                        (Some(text), Some(date)) => format!(
                            "{text} (base62) = {} = {date}{}",
                            decoded.parts.timestamp_seconds.map_or(String::new(), |s| format!("{s:.0}")),
                            age.clone().map_or(String::new(), |a| format!(", {a}"))
                        ),
                        (Some(text), None) => format!("{text}: not valid base62"),
                        (None, _) => "none (only one \":\": made by Signer, not TimestampSigner?)".to_owned(),
                    }}
                </dd>
                <dt>"signature"</dt>
                <dd>
                    {match &decoded.parts.signature {
                        Some(sig) => format!("{sig} (HMAC-SHA256, {} characters)", sig.len()),
                        None => "none: there is no \":\" at all".to_owned(),
                    }}
                </dd>
            </dl>
            <h2>"Contents, without verifying"</h2>
            {match decoded.contents.clone() {
                Ok(json) => view! {
                    <pre class="bytes" data-testid="decoder-contents">{json}</pre>
                    <p class="hint">"Signing is not encryption: anyone holding the cookie can read this."</p>
                }
                .into_any(),
                Err(reason) => view! { <p class="verdict-line bad">{format!("Cannot be read: {reason}")}</p> }.into_any(),
            }}
            <h2>"signing.loads()"</h2>
            <div data-testid="decoder-verdict">
                {match verdict {
                    None => view! { <p class="hint">"Enter the SECRET_KEY to check the signature the way Django does."</p> }.into_any(),
                    Some(verdict) => verdict_view(verdict),
                }}
            </div>
        </div>
    }
}

fn verdict_view(verdict: Verdict) -> AnyView {
    match verdict {
        Verdict::Valid { verified_by, data: _, age } => view! {
            <div class="verdict-box good">
                <strong>"Valid"</strong>
                <p>
                    {format!("The signature verifies with {verified_by}")}
                    {age.map(|a| format!("; {a}"))}
                    ". loads() returns the contents shown above; Django would use this session."
                </p>
            </div>
        }
        .into_any(),
        Verdict::BadSignature { message, verifies_with_salt } => view! {
            <div class="verdict-box bad">
                <strong>"BadSignature"</strong>
                <p>{message}</p>
                <p class="hint">
                    {match verifies_with_salt {
                        Some(salt) => format!(
                            "It does verify with the salt {}: pick that salt above.",
                            if salt.is_empty() { "\"\" (signing.dumps default)".to_owned() } else { format!("{salt:?}") }
                        ),
                        None => "Wrong SECRET_KEY, wrong salt, or the value was changed. Django would start an empty session.".to_owned(),
                    }}
                </p>
            </div>
        }
        .into_any(),
        Verdict::Expired { message, explanation } => view! {
            <div class="verdict-box warn">
                <strong>"SignatureExpired"</strong>
                <p>{message}</p>
                <p>{format!("The signature is genuine, but it was {explanation}.")}</p>
            </div>
        }
        .into_any(),
        Verdict::Malformed { message } => view! {
            <div class="verdict-box bad">
                <strong>"Malformed payload"</strong>
                <p>{message}</p>
                <p class="hint">"The signature is genuine, so the signer produced bad data. Session decode() swallows this and returns {}."</p>
            </div>
        }
        .into_any(),
        Verdict::BadMaxAge(message) => view! {
            <div class="verdict-box warn">
                <strong>"Check max_age"</strong>
                <p>{message}</p>
            </div>
        }
        .into_any(),
    }
}
