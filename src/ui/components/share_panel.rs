//! The Share panel (loaded on demand when the Share button opens it: [`super::share_button`]):
//! offers the link to the scenario (`#v1.…`, and `?step=` when the player is not at the end)
//! and the snippets that embed it in documentation (HTML, Markdown, reStructuredText:
//! [`crate::ui::snippets::snippet`]), each with a copy button. The address bar follows the
//! playground already (`crate::ui::page::address_bar`), without secrets: the SECRET_KEY goes into the
//! link only when the box is ticked, which it never is when the panel opens, and never into
//! the address.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::ui::page::address_bar::place_address;
use crate::ui::page::document::{encode, has_secrets};
use crate::ui::snippets::{snippet, SnippetFormat};
use crate::ui::state::AppState;

use super::copy_button::CopyButton;
use super::export_menu::ExportMenu;
use super::share_button::ShareOpen;

/// The Share panel: the link, the embed snippets and the exports. It is built each time it
/// opens, so the SECRET_KEY box always starts unticked.
#[component]
pub fn SharePanel() -> impl IntoView {
    let state = AppState::expect();
    let ShareOpen(open) = expect_context::<ShareOpen>();
    let include_secrets = RwSignal::new(false);
    let secrets_present = Memo::new(move |_| state.playground.with(|p| has_secrets(p.scenario())));
    let fragment = Memo::new(move |_| {
        let include = include_secrets.get();
        state
            .playground
            .with(|p| encode(p.scenario(), p.key_seed(), include))
    });
    let page_url = move || window().location().href().unwrap_or_default();
    let link = Memo::new(move |_| place_address(state, &fragment.get()));
    let title = Memo::new(move |_| {
        let story = state.story();
        state.playground.with(|p| match story {
            Some(story) => format!("Sessionscope: {} ({})", story.title, p.engine()),
            None => format!("Sessionscope: Django sessions on {}", p.engine()),
        })
    });
    let format = RwSignal::new(SnippetFormat::Html);
    let snippet_text =
        Memo::new(move |_| snippet(format.get(), &page_url(), &fragment.get(), &title.get()));
    let select_all = |ev: leptos::ev::FocusEvent| {
        if let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        {
            input.select();
        }
    };
    let select_all_area = |ev: leptos::ev::FocusEvent| {
        if let Some(area) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
        {
            area.select();
        }
    };
    view! {
        <div class="share-panel card" role="dialog" aria-label="Share this scenario">
            <div class="card-header">
                <h2>"Share this scenario"</h2>
                <button type="button" class="button" aria-label="Close" on:click=move |_| open.set(false)>
                    "×"
                </button>
            </div>
            <p class="hint">
                "The link holds the whole scenario (engine, settings, start time, key seed, every step), so whoever opens it sees these exact bytes. Nothing is sent anywhere: it all lives after the #."
            </p>
            <label class="setting checkbox">
                <input
                    type="checkbox"
                    data-testid="share-secrets"
                    prop:checked=move || include_secrets.get()
                    prop:disabled=move || !secrets_present.get()
                    on:change:target=move |ev| include_secrets.set(ev.target().checked())
                />
                <span>"Include SECRET_KEY and SECRET_KEY_FALLBACKS"</span>
            </label>
            <p class="hint">
                {move || {
                    if !secrets_present.get() {
                        "This scenario signs with the playground's demo key: there is no secret to leave out."
                    } else if include_secrets.get() {
                        "Anyone with the link can read your keys and forge signatures with them. Only share demo keys."
                    } else {
                        "Your keys stay out: the receiver's page signs with its own key and says so, so signed bytes will differ."
                    }
                }}
            </p>
            <label class="share-field">
                <span>"Link"</span>
                <input type="text" readonly data-testid="share-link" prop:value=move || link.get() on:focus=select_all />
            </label>
            <div class="share-actions">
                <CopyButton text=Signal::derive(move || link.get()) label="Copy link" testid="copy-link" />
                <span class="hint">{move || format!("{} characters", link.with(String::len))}</span>
            </div>
            <div class="share-field">
                <span id="embed-snippet-label">"Embed in documentation"</span>
                <div class="snippet-formats" role="group" aria-labelledby="embed-snippet-label">
                    {SnippetFormat::ALL
                        .into_iter()
                        .map(|f| {
                            view! {
                                <button
                                    type="button"
                                    class="chip small"
                                    data-snippet-format=f.id()
                                    aria-pressed=move || (format.get() == f).to_string()
                                    on:click=move |_| format.set(f)
                                >
                                    {f.label()}
                                </button>
                            }
                        })
                        .collect_view()}
                </div>
                <textarea
                    readonly
                    rows="4"
                    aria-labelledby="embed-snippet-label"
                    data-testid="embed-snippet"
                    prop:value=move || snippet_text.get()
                    on:focus=select_all_area
                ></textarea>
            </div>
            <div class="share-actions">
                <CopyButton text=Signal::derive(move || snippet_text.get()) label="Copy snippet" testid="copy-snippet" />
                <span class="hint">{move || format.get().hint()}</span>
            </div>
            <ExportMenu />
        </div>
    }
}
