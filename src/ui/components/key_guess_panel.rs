//! "Is the key weak?" in the decoder: the warning by the `SECRET_KEY` field, and "try a list
//! of common keys" over the value pasted above. The search is [`KeyGuess`], run a slice per
//! task on the page's thread (as the decoder's signature checks are), with progress and Cancel;
//! the built-in list is fetched from the page's own origin when first asked for, a chosen file
//! is read in the browser: nothing leaves the page.

use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::js_sys::Date;

use crate::ui::decoder::SLICE_MS;
use crate::ui::key_guess::{
    too_big, weak_key_sentences, KeyGuess, KeyList, BUILT_IN_LIST_URL, MAX_LIST_BYTES,
};

fn milliseconds() -> f64 {
    window()
        .performance()
        .map_or_else(Date::now, |performance| performance.now())
}

/// The warning by the `SECRET_KEY` field: what Django's deploy check (and this page) finds
/// weak about the key typed.
#[component]
pub fn WeakKeyWarning(#[prop(into)] key: Signal<String>) -> impl IntoView {
    move || {
        let sentences = weak_key_sentences(&key.get());
        (!sentences.is_empty()).then(|| {
            view! {
                <p class="decoder-key-warning" role="note" data-testid="decoder-key-warning">
                    <strong>"Weak key: "</strong>
                    {sentences.join("; ")}
                </p>
            }
        })
    }
}

/// The search under way and what it says.
#[derive(Clone, Copy)]
struct GuessState {
    progress: RwSignal<Option<String>>,
    outcome: RwSignal<Option<String>>,
    found: RwSignal<Option<String>>,
    pasted: RwSignal<String>,
    generation: StoredValue<u64>,
    job: StoredValue<Option<KeyGuess>>,
}

impl GuessState {
    fn new() -> GuessState {
        GuessState {
            progress: RwSignal::new(None),
            outcome: RwSignal::new(None),
            found: RwSignal::new(None),
            pasted: RwSignal::new(String::new()),
            generation: StoredValue::new(0),
            job: StoredValue::new(None),
        }
    }

    /// Stops whatever runs; the generation that now stands.
    fn next_generation(self) -> u64 {
        self.generation.update_value(|n| *n += 1);
        self.generation.get_value()
    }

    fn start(self, value: Option<String>, salts: Vec<String>, list: KeyList) {
        let generation = self.next_generation();
        self.found.set(None);
        match KeyGuess::new(value.as_deref().unwrap_or_default(), &salts, list) {
            Err(refusal) => {
                self.progress.set(None);
                self.outcome.set(Some(refusal));
            }
            Ok(job) => {
                self.outcome.set(None);
                self.progress.set(Some(job.progress_words()));
                self.job.set_value(Some(job));
                set_timeout(move || self.work(generation), Duration::ZERO);
            }
        }
    }

    fn work(self, generation: u64) {
        if self.generation.get_value() != generation {
            return;
        }
        let Some(mut job) = self.job.try_update_value(Option::take).flatten() else {
            return;
        };
        let started = milliseconds();
        if job.run_slice(|| milliseconds() - started < SLICE_MS) {
            self.progress.set(None);
            self.outcome.set(Some(job.outcome_words()));
            self.found.set(job.found().map(|found| found.key.clone()));
            return;
        }
        self.progress.set(Some(job.progress_words()));
        self.job.set_value(Some(job));
        set_timeout(move || self.work(generation), Duration::ZERO);
    }

    fn cancel(self) {
        self.next_generation();
        let job = self.job.try_update_value(Option::take).flatten();
        self.progress.set(None);
        self.outcome.set(job.map(|job| job.outcome_words()));
    }

    /// Waiting for a list to arrive (the built-in list's fetch, a file's read).
    fn loading(self, what: String) -> u64 {
        let generation = self.next_generation();
        self.outcome.set(None);
        self.found.set(None);
        self.progress.set(Some(what));
        generation
    }
}

async fn fetch_text(url: &str) -> Result<String, String> {
    let failed = |_| "The built-in list could not be fetched.".to_owned();
    let response = JsFuture::from(window().fetch_with_str(url))
        .await
        .map_err(failed)?;
    let response: web_sys::Response = response.dyn_into().map_err(failed)?;
    let text = response.text().ok().filter(|_| response.ok());
    let text = JsFuture::from(text.ok_or_else(|| failed(response.into()))?)
        .await
        .map_err(failed)?;
    text.as_string().ok_or_else(|| failed(text))
}

/// "Try a list of common keys" over the value above (`value`: the value the decoder reads,
/// `None` for an empty paste), with the form's salts; `use_key` puts a found key into the
/// `SECRET_KEY` field.
#[component]
pub fn KeyGuessPanel(
    #[prop(into)] value: Signal<Option<String>>,
    #[prop(into)] salts: Signal<Vec<String>>,
    use_key: Callback<String>,
) -> impl IntoView {
    let state = GuessState::new();
    let built_in = StoredValue::new(None::<Vec<u8>>);
    let try_built_in = move |_| {
        let list = |text: Vec<u8>| KeyList {
            name: "the built-in list".to_owned(),
            text,
        };
        if let Some(text) = built_in.get_value() {
            state.start(value.get_untracked(), salts.get_untracked(), list(text));
            return;
        }
        let generation = state.loading("Fetching the built-in list…".to_owned());
        leptos::task::spawn_local(async move {
            let fetched = fetch_text(BUILT_IN_LIST_URL).await;
            if state.generation.try_get_value() != Some(generation) {
                return;
            }
            match fetched {
                Ok(text) => {
                    built_in.set_value(Some(text.clone().into_bytes()));
                    state.start(
                        value.get_untracked(),
                        salts.get_untracked(),
                        list(text.into_bytes()),
                    );
                }
                Err(error) => {
                    state.progress.set(None);
                    state.outcome.set(Some(error));
                }
            }
        });
    };
    let try_pasted = move |_| {
        let list = KeyList {
            name: "the pasted keys".to_owned(),
            text: state.pasted.get_untracked().into_bytes(),
        };
        state.start(value.get_untracked(), salts.get_untracked(), list);
    };
    let try_file = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|files| files.get(0)) else {
            return;
        };
        input.set_value("");
        let name = file.name();
        if file.size() > MAX_LIST_BYTES as f64 {
            state.next_generation();
            state.outcome.set(Some(too_big(&name)));
            return;
        }
        let generation = state.loading(format!("Reading {name}…"));
        leptos::task::spawn_local(async move {
            let read = JsFuture::from(file.text()).await;
            if state.generation.try_get_value() != Some(generation) {
                return;
            }
            match read.ok().and_then(|text| text.as_string()) {
                Some(text) => state.start(
                    value.get_untracked(),
                    salts.get_untracked(),
                    KeyList {
                        name,
                        text: text.into_bytes(),
                    },
                ),
                None => {
                    state.progress.set(None);
                    state
                        .outcome
                        .set(Some(format!("{name} could not be read.")));
                }
            }
        });
    };
    view! {
        <details class="card key-guess" data-testid="key-guess">
            <summary>"Is the key weak? Try common keys (nothing leaves this page)"</summary>
            <div class="chip-row">
                <button type="button" class="button" data-testid="key-guess-built-in" on:click=try_built_in>
                    "Try well-known keys"
                </button>
                <label class="button">
                    "Try a file…"
                    <input type="file" accept=".txt,text/plain" class="visually-hidden" data-testid="key-guess-file" on:change=try_file />
                </label>
            </div>
            <label class="share-field">
                <span>"Or keys, one per line"</span>
                <textarea
                    rows="3"
                    spellcheck="false"
                    data-testid="key-guess-pasted"
                    prop:value=move || state.pasted.get()
                    on:input=move |ev| state.pasted.set(event_target_value(&ev))
                ></textarea>
            </label>
            <div class="chip-row">
                <button type="button" class="button" data-testid="key-guess-try-pasted" on:click=try_pasted>
                    "Try the pasted keys"
                </button>
            </div>
            {move || state.progress.get().map(|text| view! {
                <p class="hint decoder-progress" role="status" data-testid="key-guess-progress">
                    {text}
                    " "
                    <button type="button" class="button" data-testid="key-guess-cancel" on:click=move |_| state.cancel()>
                        "Cancel"
                    </button>
                </p>
            })}
            {move || state.outcome.get().map(|text| {
                let found = state.found.get();
                let is_found = found.is_some();
                view! {
                    <p class="key-guess-outcome" class:found=is_found data-testid="key-guess-outcome">
                        {text}
                        {found.map(|key| view! {
                            " "
                            <button type="button" class="button" data-testid="key-guess-use" on:click=move |_| use_key.run(key.clone())>
                                "Use this key"
                            </button>
                        })}
                    </p>
                }
            })}
        </details>
    }
}
