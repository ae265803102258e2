//! The cookie decoder: paste a Django session cookie (or any `signing.dumps` value), see its
//! parts and contents, and with a SECRET_KEY, what `signing.loads` says about it.

use leptos::prelude::*;

use crate::ui::decoder::{decode, result_html, DecoderInput, InputField, KNOWN_SALTS};
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
        <main class="decoder-view" aria-label="Decode a cookie" data-testid="decoder-view">
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
                <TextField
                    input=input
                    field=InputField::Value
                    label="Signed value"
                    rows="4"
                    spellcheck="false"
                    testid="decoder-value"
                    placeholder="sessionid=.eJyrVkrOLypRslJKSUzPzEvPVNJRyi_JLEhNzs9LS00BAJ3YCmo:1r31eq:…"
                />
                <div class="decoder-keys">
                    <TextField
                        input=input
                        field=InputField::SecretKey
                        label="SECRET_KEY (optional: to verify)"
                        spellcheck="false"
                        autocomplete="off"
                        testid="decoder-secret"
                    />
                    <TextField
                        input=input
                        field=InputField::Fallbacks
                        label="SECRET_KEY_FALLBACKS (one per line)"
                        rows="2"
                        spellcheck="false"
                    />
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
                        <TextField input=input field=InputField::Salt label="Custom salt" />
                    </Show>
                    <TextField
                        input=input
                        field=InputField::MaxAge
                        label="max_age (seconds; empty: no limit)"
                        inputmode="numeric"
                    />
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
        </main>
    }
}

/// A labelled text field (a textarea when it has `rows`) bound to one field of the input.
#[component]
fn TextField(
    input: RwSignal<DecoderInput>,
    field: InputField,
    label: &'static str,
    #[prop(optional)] rows: Option<&'static str>,
    #[prop(optional)] spellcheck: Option<&'static str>,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(optional)] testid: Option<&'static str>,
    #[prop(optional)] placeholder: Option<&'static str>,
) -> impl IntoView {
    let value = move || input.with(|i| i.text(field).to_owned());
    let on_input = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        input.update(|i| *i.text_mut(field) = text);
    };
    let control = match rows {
        Some(rows) => view! {
            <textarea
                rows=rows
                spellcheck=spellcheck
                data-testid=testid
                placeholder=placeholder
                prop:value=value
                on:input=on_input
            ></textarea>
        }
        .into_any(),
        None => view! {
            <input
                type="text"
                spellcheck=spellcheck
                autocomplete=autocomplete
                inputmode=inputmode
                data-testid=testid
                placeholder=placeholder
                prop:value=value
                on:input=on_input
            />
        }
        .into_any(),
    };
    view! {
        <label class="share-field">
            <span>{label}</span>
            {control}
        </label>
    }
}
