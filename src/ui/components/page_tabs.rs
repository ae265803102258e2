//! The switch between the playground, the comparison and the decoder (the view shown is the
//! page's [`PageMode`]).

use leptos::prelude::*;

use crate::ui::page::state::{PageMode, PageState};

use super::on_demand::{prefetch, Part};

/// Starts fetching `mode`'s code (loaded on demand) when the pointer or focus reaches its tab.
fn prefetch_view(mode: PageMode) {
    match mode {
        PageMode::Playground => {}
        PageMode::Compare => prefetch(Part::Compare),
        PageMode::Decoder => prefetch(Part::Decoder),
    }
}

/// The switch between the playground, the comparison and the decoder.
#[component]
pub fn PageTabs() -> impl IntoView {
    let page = PageState::expect();
    view! {
        <nav class="page-tabs" aria-label="Views">
            {PageMode::ALL
                .into_iter()
                .map(|mode| {
                    view! {
                        <button
                            type="button"
                            data-page=mode.id()
                            aria-pressed=move || (page.mode.get() == mode).to_string()
                            on:click=move |_| page.mode.set(mode)
                            on:pointerenter=move |_| prefetch_view(mode)
                            on:focus=move |_| prefetch_view(mode)
                        >
                            {mode.label()}
                        </button>
                    }
                })
                .collect_view()}
        </nav>
    }
}
