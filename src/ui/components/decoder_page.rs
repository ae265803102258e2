//! The cookie decoder: paste a Django session cookie, a session_data column or any
//! `signing.dumps` value; see its parts and contents and, with a SECRET_KEY, Django's verdict.
//!
//! Typing never decodes on each keystroke: the form settles for [`DEBOUNCE`] first. A paste
//! past the page's inflate limit is refused before it is read, and one whose JSON is large says
//! "Decoding…" and lets the page paint before the work starts. The work runs a piece per task
//! (read, signature checks in slices, verdict: [`DecodeJob`]) with "Checking the signature…
//! N of M" and a Stop button; an edit stops it too.

use std::time::Duration;

use leptos::prelude::*;
use web_sys::js_sys::Date;

use super::key_guess_panel::{KeyGuessPanel, WeakKeyWarning};
use crate::ui::decoder::{
    example_input, har_html, prepare, refusal_html, result_html, salt_options, size_words,
    AgeChoice, CheckMemo, CheckProgress, Checked, DecodeJob, DecoderInput, HarView, InputField,
    Outcome, Piece, SaltChoice, DEFAULT_SESSION_COOKIE_AGE, EXAMPLES, INFLATE_LIMIT, KNOWN_SALTS,
    MAX_VALUE_BYTES, SLICE_BYTES, SLICE_MS,
};
use crate::ui::key_guess::salts_for;

/// How long the form must stay unchanged before it is decoded.
const DEBOUNCE: Duration = Duration::from_millis(250);

/// The page's monotonic clock in milliseconds (`performance.now()`; the wall clock when there
/// is none), to time a slice of work.
fn milliseconds() -> f64 {
    window()
        .performance()
        .map_or_else(Date::now, |performance| performance.now())
}

/// Unix seconds now, from the browser's clock (what a real server's `time.time()` would say).
fn now() -> f64 {
    Date::now() / 1000.0
}

/// The decoder's state: what the form holds, what was last decoded, and any work under way.
#[derive(Clone, Copy)]
struct DecoderState {
    input: RwSignal<DecoderInput>,
    /// The HTML of the last result (or refusal); `None` for an empty paste.
    result: RwSignal<Option<String>>,
    /// "Decoding 4.0 MB of JSON…", "Checking the signature… 120 of 3,003 (…)" while work is
    /// under way.
    progress: RwSignal<Option<String>>,
    /// Bumped by every decode and every edit, so work for an older form stops and a late
    /// result never replaces a newer one.
    generation: StoredValue<u64>,
    debounce: StoredValue<Option<TimeoutHandle>>,
    /// The decode under way, run a piece per task.
    job: StoredValue<Option<DecodeJob>>,
    /// What each (salt, key) gave for the value last checked.
    memo: StoredValue<CheckMemo>,
}

impl DecoderState {
    fn new() -> DecoderState {
        DecoderState {
            input: RwSignal::new(DecoderInput::default()),
            result: RwSignal::new(None),
            progress: RwSignal::new(None),
            generation: StoredValue::new(0),
            debounce: StoredValue::new(None),
            job: StoredValue::new(None),
            memo: StoredValue::new(CheckMemo::default()),
        }
    }

    /// Changes the form; stops the work under way, and decodes once the form has been still
    /// for [`DEBOUNCE`].
    fn edit(self, change: impl FnOnce(&mut DecoderInput)) {
        self.input.update(change);
        self.stop_work();
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

    /// Stops the work under way, if any; returns the generation that now stands.
    fn stop_work(self) -> u64 {
        self.generation.update_value(|n| *n += 1);
        self.progress.set(None);
        self.generation.get_value()
    }

    /// Stop: the checks under way end, and the reading shows how far they got.
    fn stop(self) {
        let stopped = self
            .job
            .try_update_value(|job| job.take().and_then(|job| job.stop()))
            .flatten();
        self.stop_work();
        if let Some(outcome) = stopped {
            self.show(&outcome);
        }
    }

    /// Decodes the form as it is, a piece of work per task: light work at once, heavy work
    /// after a painted "Decoding…".
    fn decode_now(self) {
        let generation = self.stop_work();
        self.job.set_value(None);
        let input = self.input.get_untracked();
        let Some(prepared) = prepare(&input, now()) else {
            self.result.set(None);
            return;
        };
        if let Err(refusal) = &prepared.size {
            self.result.set(Some(refusal_html(refusal)));
            return;
        }
        let heavy = prepared
            .size
            .clone()
            .ok()
            .flatten()
            .filter(|_| prepared.is_heavy());
        self.job
            .set_value(Some(DecodeJob::new(prepared, &input, now())));
        if let Some(bytes) = heavy {
            self.progress
                .set(Some(format!("Decoding {} of JSON…", size_words(bytes))));
            // Two frames: the first paints "Decoding…", the timeout then runs after it.
            request_animation_frame(move || {
                set_timeout(move || self.work(generation), Duration::ZERO)
            });
        } else {
            self.work(generation);
        }
    }

    /// Does the next piece of decode `generation` (nothing once a newer one stands), shows
    /// what it gave, and leaves the piece after it for a later task.
    fn work(self, generation: u64) {
        if self.generation.get_value() != generation {
            return;
        }
        let Some(mut job) = self.job.try_update_value(Option::take).flatten() else {
            return;
        };
        let started = milliseconds();
        let keep_going =
            |hashed: usize| hashed < SLICE_BYTES && milliseconds() - started < SLICE_MS;
        let piece = self.memo.try_update_value(|memo| {
            (job.next_piece(memo, keep_going), job.check_bytes_left(memo))
        });
        let Some((piece, bytes_left)) = piece else {
            return;
        };
        match piece {
            Piece::Finished(outcome) => {
                self.progress.set(None);
                self.show(&outcome);
                return;
            }
            // Little to check (or all remembered): the verdict follows in a moment.
            Piece::Read(_) if bytes_left < SLICE_BYTES => {}
            Piece::Read(reading) => {
                self.result.set(Some(result_html(&reading, now())));
                if let Checked::UnderWay(checks) = reading.checked {
                    self.progress.set(Some(checking_words(checks)));
                }
            }
            Piece::Checked(checks) => self.progress.set(Some(checking_words(checks))),
        }
        self.job.set_value(Some(job));
        set_timeout(move || self.work(generation), Duration::ZERO);
    }

    /// Reads a chosen file (a HAR) into the value field and decodes it.
    fn read_file(self, file: web_sys::File) {
        leptos::task::spawn_local(async move {
            let text = wasm_bindgen_futures::JsFuture::from(file.text()).await;
            match text.ok().and_then(|text| text.as_string()) {
                Some(text) => {
                    let mut input = self.input.get_untracked();
                    input.value = text;
                    self.replace(input);
                }
                None => self.result.set(Some(har_html(&HarView {
                    timeline: Err("The file could not be read as text.".to_owned()),
                    diagnoses: Vec::new(),
                    salt: None,
                    fallbacks: 0,
                }))),
            }
        });
    }

    fn show(self, outcome: &Outcome) {
        let html = match outcome {
            Outcome::Refused(refusal) => refusal_html(refusal),
            Outcome::Decoded(decoded) => result_html(decoded, now()),
            Outcome::Har(view) => har_html(view),
        };
        self.result.set(Some(html));
    }
}

/// "Checking the signature… 1,200 of 3,003 (1,001 keys × 3 salts)".
fn checking_words(checks: CheckProgress) -> String {
    format!("Checking the signature… {}", checks.words())
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
            data-value-limit=MAX_VALUE_BYTES.to_string()
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
                        "Paste a session cookie (signed_cookies), a session_data column (db, cached_db, cache, file), a session key, or anything signing.dumps() made; a whole Cookie or Set-Cookie line, a curl command (Copy as cURL) or a HAR works too. It says why a value does not verify. Everything stays in this page; values inflating past {} or longer than {} are refused.",
                        size_words(INFLATE_LIMIT),
                        size_words(MAX_VALUE_BYTES),
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
                    <TextField
                        state=state
                        field=InputField::CookieName
                        label="SESSION_COOKIE_NAME (picks the cookie of a header or HAR)"
                        spellcheck="false"
                        autocomplete="off"
                        testid="decoder-cookie-name"
                    />
                    <HarFile state=state />
                </div>
                <WeakKeyWarning key=Signal::derive(move || state.input.with(|i| i.secret_key.clone())) />
            </div>
            <KeyGuessPanel
                value=Signal::derive(move || state.input.with(|i| prepare(i, now()).map(|p| p.value)))
                salts=Signal::derive(move || state.input.with(salts_for))
                use_key=Callback::new(move |key| state.replace(DecoderInput { secret_key: key, ..state.input.get_untracked() }))
            />
            {move || state.progress.get().map(|text| view! {
                <p class="hint decoder-progress" role="status" data-testid="decoder-progress">
                    {text}
                    " "
                    <button type="button" class="button" data-testid="decoder-stop" on:click=move |_| state.stop()>
                        "Stop"
                    </button>
                </p>
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

/// A HAR file saved from DevTools (Network → Export HAR), chosen with the browser's picker (a
/// HAR's text may also be pasted into the value field).
#[component]
fn HarFile(state: DecoderState) -> impl IntoView {
    let on_change = move |ev: leptos::ev::Event| {
        let input = event_target::<web_sys::HtmlInputElement>(&ev);
        if let Some(file) = input.files().and_then(|files| files.get(0)) {
            state.read_file(file);
        }
    };
    view! {
        <label class="share-field">
            <span>"A HAR file (DevTools → Network → Export HAR)"</span>
            <input
                type="file"
                accept=".har,.json,application/json"
                data-testid="decoder-har-file"
                on:change=on_change
            />
        </label>
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
            <TextField state=state field=InputField::CustomSalt label="Custom salt (empty: TimestampSigner's default)" testid="decoder-custom-salt" />
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
