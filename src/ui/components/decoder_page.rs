//! The cookie decoder: paste a Django session cookie (or any `signing.dumps` value), see its
//! parts and contents, and with a SECRET_KEY, what `signing.loads` says about it.

use leptos::prelude::*;

use crate::ui::decoder::{decode, result_html, DecoderInput, KNOWN_SALTS};
use sessionscope_engine::json::{Dict, Value};
use sessionscope_engine::session::{DEFAULT_SECRET_KEY, SIGNED_COOKIE_SALT};
use sessionscope_engine::signing::dumps;

/// Unix seconds now, from the browser's clock (what a real server's `time.time()` would say).
fn now() -> f64 {
    web_sys::js_sys::Date::now() / 1000.0
}

#[component]
pub fn DecoderPage() -> impl IntoView {
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
            <Show
                when=move || decoded.with(Option::is_some)
                fallback=|| view! { <div class="card decoder-empty"><p class="hint">"Paste a value above, or try the example."</p></div> }
            >
                <div
                    class="card decoder-result"
                    data-testid="decoder-result"
                    inner_html=move || {
                        decoded.with(|d| d.as_ref().map(|d| result_html(d, now())).unwrap_or_default())
                    }
                ></div>
            </Show>
        </section>
    }
}
