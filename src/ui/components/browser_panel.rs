//! Which browser runs and where requests go: the browser toggle (Chromium's or Firefox's
//! cookie rules, or the simple jar), third-party cookies blocked, partitioned or allowed, the
//! site's scheme, and for the next
//! requests a scheme, a path and a sender (the site or a page of another site) of their own.

use leptos::prelude::*;

use sessionscope_engine::browser::rules::{BrowserProfile, Scheme, ThirdPartyCookies};

use crate::ui::browser_choice::{
    browser_label, browser_note, browser_profile, site_scheme, third_party, third_party_word,
    BrowserChange,
};
use crate::ui::request_options::{normalize_path, RequestOptions, Sender, SUGGESTED_PATHS};
use crate::ui::state::AppState;

/// Two or three pressed-or-not buttons: one choice among them.
#[component]
pub(super) fn Toggle<T>(
    label: &'static str,
    name: &'static str,
    choices: Vec<(T, &'static str)>,
    #[prop(into)] current: Signal<Option<T>>,
    on_pick: impl Fn(T) + Copy + Send + Sync + 'static,
    #[prop(into, optional)] disabled: Signal<bool>,
) -> impl IntoView
where
    T: Copy + PartialEq + Send + Sync + 'static,
{
    view! {
        <div class="choice" role="group" aria-label=label>
            <span class="choice-label">{label}</span>
            <div class="choice-picker">
                {choices
                    .into_iter()
                    .map(|(value, text)| {
                        view! {
                            <button
                                type="button"
                                data-choice=format!("{name}:{text}")
                                aria-pressed=move || (current.get() == Some(value)).to_string()
                                disabled=move || disabled.get()
                                on:click=move |_| on_pick(value)
                            >
                                {text}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
        </div>
    }
}

/// The browser that runs, its third-party setting and the site's scheme (the world tab).
#[component]
pub fn BrowserChoicePanel() -> impl IntoView {
    let state = AppState::expect();
    let rules =
        Signal::derive(move || Some(state.playground.with(|p| browser_profile(p.scenario()))));
    let blocked = Signal::derive(move || state.playground.with(|p| third_party(p.scenario())));
    let scheme = Signal::derive(move || Some(state.playground.with(|p| site_scheme(p.scenario()))));
    let label = move || state.playground.with(|p| browser_label(p.scenario()));
    let note = move || state.playground.with(|p| browser_note(p.scenario()));
    let change = move |change: BrowserChange| state.change_browser(change);
    view! {
        <section class="card browser-choice" data-testid="browser-choice">
            <h2>"Which browser"</h2>
            <p>
                "Runs: "
                <strong data-testid="browser-kind">{label}</strong>
            </p>
            <Toggle
                label="Cookie rules"
                name="browser"
                choices=vec![
                    (Some(BrowserProfile::Chromium), "Chromium"),
                    (Some(BrowserProfile::Firefox), "Firefox"),
                    (None, "simple jar"),
                ]
                current=rules
                on_pick=move |on| change(BrowserChange::Rules(on))
            />
            <Toggle
                label="Third-party cookies"
                name="third-party"
                choices=[
                    ThirdPartyCookies::Blocked,
                    ThirdPartyCookies::Partitioned,
                    ThirdPartyCookies::Allowed,
                ]
                    .map(|setting| (setting, third_party_word(setting)))
                    .to_vec()
                current=blocked
                on_pick=move |setting| change(BrowserChange::ThirdParty(setting))
                disabled=Signal::derive(move || blocked.get().is_none())
            />
            <Toggle
                label="The site"
                name="site"
                choices=vec![(Scheme::Http, "http://site.test"), (Scheme::Https, "https://site.test")]
                current=scheme
                on_pick=move |scheme| change(BrowserChange::SiteScheme(scheme))
            />
            <p class="hint">{note}</p>
        </section>
    }
}

/// The next requests' scheme and path (the view's tab); the options are shared with every
/// action button through context.
#[component]
pub fn RequestOptionsPanel() -> impl IntoView {
    let state = AppState::expect();
    let options = expect_context::<RwSignal<RequestOptions>>();
    let scheme = Signal::derive(move || Some(options.with(|o| o.scheme)));
    let target = move || {
        state
            .playground
            .with(|p| options.with(|o| o.target_text(p.scenario())))
    };
    let set_path = move |text: String| options.update(|o| o.path = normalize_path(&text));
    view! {
        <section class="card request-options" data-testid="request-options">
            <h2>"Requests go to"</h2>
            <p><code data-testid="request-target">{target}</code></p>
            <Toggle
                label="Scheme"
                name="scheme"
                choices=vec![(None, "the site's"), (Some(Scheme::Http), "http"), (Some(Scheme::Https), "https")]
                current=scheme
                on_pick=move |scheme| options.update(|o| o.scheme = scheme)
            />
            <Toggle
                label="Path"
                name="path"
                choices=SUGGESTED_PATHS.map(|path| (path, path)).to_vec()
                current=Signal::derive(move || {
                    options.with(|o| SUGGESTED_PATHS.into_iter().find(|path| *path == o.path))
                })
                on_pick=move |path: &'static str| options.update(|o| o.path = path.to_owned())
            />
            <Toggle
                label="Sent by"
                name="sender"
                choices=Sender::ALL.map(|sender| (sender, sender.label())).to_vec()
                current=Signal::derive(move || Some(options.with(|o| o.sender)))
                on_pick=move |sender| options.update(|o| o.sender = sender)
            />
            <p class="hint">
                "A page on https://other.test/ makes the request cross-site: what goes with it \
                 depends on SameSite and the third-party setting (Chromium's rules only)."
            </p>
            <label class="setting">
                <span>"Another path"</span>
                <input
                    type="text"
                    name="request-path"
                    spellcheck="false"
                    autocomplete="off"
                    prop:value=move || options.with(|o| o.path.clone())
                    on:change:target=move |ev| set_path(ev.target().value())
                />
            </label>
        </section>
    }
}
