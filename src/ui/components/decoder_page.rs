//! The cookie decoder: paste a Django session cookie, a session_data column or any
//! `signing.dumps` value; see its parts and contents and, with a SECRET_KEY, Django's verdict.
//!
//! Typing never decodes on each keystroke: the form settles for [`DEBOUNCE`] first. A paste
//! past the page's inflate limit is refused before it is read, and one whose JSON is large says
//! "Decoding…" and lets the page paint before the work starts.

use std::time::Duration;

use leptos::prelude::*;

use crate::ui::decoder::{
    decode_prepared, example_input, prepare, refusal_html, result_html, salt_options, size_words,
    AgeChoice, DecoderInput, InputField, Outcome, SaltChoice, DEFAULT_SESSION_COOKIE_AGE, EXAMPLES,
    INFLATE_LIMIT, KNOWN_SALTS,
};

/// How long the form must stay unchanged before it is decoded.
const DEBOUNCE: Duration = Duration::from_millis(250);

/// Unix seconds now, from the browser's clock (what a real server's `time.time()` would say).
fn now() -> f64 {
    web_sys::js_sys::Date::now() / 1000.0
}

/// The decoder's state: what the form holds, what was last decoded, and any work under way.
#[derive(Clone, Copy)]
struct DecoderState {
    input: RwSignal<DecoderInput>,
    /// The HTML of the last result (or refusal); `None` for an empty paste.
    result: RwSignal<Option<String>>,
    /// "Decoding 4.0 MB of JSON…" while heavy work is about to run.
    progress: RwSignal<Option<String>>,
    /// Bumped by every decode request, so a late result never replaces a newer one.
    generation: StoredValue<u64>,
    debounce: StoredValue<Option<TimeoutHandle>>,
}

impl DecoderState {
    fn new() -> DecoderState {
        DecoderState {
            input: RwSignal::new(DecoderInput::default()),
            result: RwSignal::new(None),
            progress: RwSignal::new(None),
            generation: StoredValue::new(0),
            debounce: StoredValue::new(None),
        }
    }

    /// Changes the form; decodes once it has been still for [`DEBOUNCE`].
    fn edit(self, change: impl FnOnce(&mut DecoderInput)) {
        self.input.update(change);
        if let Some(handle) = self.debounce.get_value() {
            handle.clear();
        }
        let handle = set_timeout_with_handle(move || self.decode_now(), DEBOUNCE).ok();
        self.debounce.set_value(handle);
    }

    /// Replaces the form and decodes at once (the example buttons).
    fn replace(self, input: DecoderInput) {
        if let Some(handle) = self.debounce.get_value() {
            handle.clear();
        }
        self.input.set(input);
        self.decode_now();
    }

    /// Decodes the form as it is: light work at once, heavy work after a painted "Decoding…".
    fn decode_now(self) {
        self.generation.update_value(|n| *n += 1);
        let generation = self.generation.get_value();
        let input = self.input.get_untracked();
        let Some(prepared) = prepare(&input) else {
            self.progress.set(None);
            self.result.set(None);
            return;
        };
        if let Err(refusal) = &prepared.size {
            self.progress.set(None);
            self.result.set(Some(refusal_html(refusal)));
            return;
        }
        let heavy = prepared
            .size
            .clone()
            .ok()
            .flatten()
            .filter(|_| prepared.is_heavy());
        let finish = move || {
            if self.generation.get_value() != generation {
                return;
            }
            let html = match decode_prepared(&prepared, &input, now()) {
                Outcome::Refused(refusal) => refusal_html(&refusal),
                Outcome::Decoded(decoded) => result_html(&decoded, now()),
            };
            self.progress.set(None);
            self.result.set(Some(html));
        };
        if let Some(bytes) = heavy {
            self.progress
                .set(Some(format!("Decoding {} of JSON…", size_words(bytes))));
            // Two frames: the first paints "Decoding…", the timeout then runs after it.
            request_animation_frame(move || set_timeout(finish, Duration::ZERO));
        } else {
            finish();
        }
    }
}

#[component]
pub fn DecoderPage() -> impl IntoView {
    let state = DecoderState::new();
    view! {
        <main
            class="decoder-view"
            aria-label="Decode a cookie"
            data-testid="decoder-view"
            data-inflate-limit=INFLATE_LIMIT.to_string()
        >
            <div class="card decoder-form">
                <div class="card-header">
                    <h2>"Decode a Django session cookie"</h2>
                    <div class="chip-row">
                        {EXAMPLES
                            .iter()
                            .map(|example| {
                                let id = example.id;
                                let testid = (id == EXAMPLES[0].id).then_some("decoder-example");
                                view! {
                                    <button
                                        type="button"
                                        class="button"
                                        data-testid=testid
                                        data-example=id
                                        on:click=move |_| state.replace(example_input(id, now()))
                                    >
                                        {example.label}
                                    </button>
                                }
                            })
                            .collect_view()}
                    </div>
                </div>
                <p class="hint">
                    {format!(
                        "Paste a session cookie (signed_cookies), a session_data column (db, cached_db, cache, file), a session key, or anything signing.dumps() made. A whole Cookie or Set-Cookie line works too. Everything stays in this page; values inflating past {} are refused.",
                        size_words(INFLATE_LIMIT),
                    )}
                </p>
                <TextField
                    state=state
                    field=InputField::Value
                    label="Value"
                    rows="4"
                    spellcheck="false"
                    testid="decoder-value"
                    placeholder="sessionid=.eJyrVkrOLypRslJKSUzPzEvPVNJRyi_JLEhNzs9LS00BAJ3YCmo:1r31eq:…"
                />
                <div class="decoder-keys">
                    <TextField
                        state=state
                        field=InputField::SecretKey
                        label="SECRET_KEY (optional: to verify)"
                        spellcheck="false"
                        autocomplete="off"
                        testid="decoder-secret"
                    />
                    <TextField
                        state=state
                        field=InputField::Fallbacks
                        label="SECRET_KEY_FALLBACKS (one per line)"
                        rows="2"
                        spellcheck="false"
                        testid="decoder-fallbacks"
                    />
                    <SaltPicker state=state />
                    <AgePicker state=state />
                </div>
            </div>
            {move || state.progress.get().map(|text| view! {
                <p class="hint" role="status" data-testid="decoder-progress">{text}</p>
            })}
            {move || match state.result.get() {
                None => view! {
                    <div class="card decoder-empty">
                        <p class="hint">"Paste a value above, or try an example."</p>
                    </div>
                }
                    .into_any(),
                Some(html) => view! {
                    <div class="card decoder-result" data-testid="decoder-result" inner_html=html></div>
                }
                    .into_any(),
            }}
        </main>
    }
}

/// The salt: Django's salts tried in turn (the default), one of them, or another.
#[component]
fn SaltPicker(state: DecoderState) -> impl IntoView {
    let choice = move || state.input.with(|i| i.salt.clone());
    let on_change = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        let salt = match value.as_str() {
            "auto" => SaltChoice::TryDjangos,
            "custom" => SaltChoice::Custom,
            known => KNOWN_SALTS
                .iter()
                .find(|k| k.salt == known)
                .map_or(SaltChoice::TryDjangos, |k| SaltChoice::Known(k.salt)),
        };
        state.edit(|i| i.salt = salt);
    };
    view! {
        <label class="share-field">
            <span>"Salt"</span>
            <select data-testid="decoder-salt" on:change=on_change>
                <option value="auto" prop:selected=move || choice() == SaltChoice::TryDjangos>
                    "Try Django's salts in turn (say which verifies)"
                </option>
                {salt_options()
                    .into_iter()
                    .map(|(salt, label)| {
                        view! {
                            <option value=salt prop:selected=move || choice() == SaltChoice::Known(salt)>
                                {label}
                            </option>
                        }
                    })
                    .collect_view()}
                <option value="custom" prop:selected=move || choice() == SaltChoice::Custom>
                    "Another salt…"
                </option>
            </select>
        </label>
        <Show when=move || choice() == SaltChoice::Custom>
            <TextField state=state field=InputField::CustomSalt label="Custom salt (empty: TimestampSigner's default)" />
        </Show>
    }
}

/// The `max_age`: as Django passes it (SESSION_COOKIE_AGE for the signed_cookies cookie
/// only), none, or a number of seconds.
#[component]
fn AgePicker(state: DecoderState) -> impl IntoView {
    let choice = move || state.input.with(|i| i.age);
    let on_change = move |ev: leptos::ev::Event| {
        let age = match event_target_value(&ev).as_str() {
            "none" => AgeChoice::Unlimited,
            "custom" => AgeChoice::Custom,
            _ => AgeChoice::AsDjango,
        };
        state.edit(|i| {
            if i.age != age {
                i.seconds = match age {
                    AgeChoice::AsDjango => DEFAULT_SESSION_COOKIE_AGE.to_owned(),
                    _ => String::new(),
                };
            }
            i.age = age;
        });
    };
    let label = move || match choice() {
        AgeChoice::Custom => "max_age (seconds)",
        _ => "SESSION_COOKIE_AGE (seconds)",
    };
    view! {
        <label class="share-field">
            <span>"max_age"</span>
            <select data-testid="decoder-age" on:change=on_change>
                <option value="django" prop:selected=move || choice() == AgeChoice::AsDjango>
                    "As Django reads it (SESSION_COOKIE_AGE for the signed_cookies cookie, none for session_data)"
                </option>
                <option value="none" prop:selected=move || choice() == AgeChoice::Unlimited>
                    "No max_age"
                </option>
                <option value="custom" prop:selected=move || choice() == AgeChoice::Custom>
                    "A max_age of my own…"
                </option>
            </select>
        </label>
        <Show when=move || choice() != AgeChoice::Unlimited>
            <label class="share-field">
                <span>{label}</span>
                <input
                    type="text"
                    inputmode="numeric"
                    data-testid="decoder-seconds"
                    prop:value=move || state.input.with(|i| i.seconds.clone())
                    on:input=move |ev| {
                        let text = event_target_value(&ev);
                        state.edit(|i| i.seconds = text);
                    }
                />
            </label>
        </Show>
    }
}

/// A labelled text field (a textarea when it has `rows`) bound to one field of the input.
#[component]
fn TextField(
    state: DecoderState,
    field: InputField,
    label: &'static str,
    #[prop(optional)] rows: Option<&'static str>,
    #[prop(optional)] spellcheck: Option<&'static str>,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] testid: Option<&'static str>,
    #[prop(optional)] placeholder: Option<&'static str>,
) -> impl IntoView {
    let value = move || state.input.with(|i| i.text(field).to_owned());
    let on_input = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        state.edit(|i| *i.text_mut(field) = text);
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
