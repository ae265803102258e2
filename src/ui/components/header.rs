//! The page header: the name, what the tool is, and the backend picker.

use leptos::prelude::*;

use crate::ui::state::AppState;
use sessionscope_engine::scenario::Engine;

use super::page_tabs::PageTabs;
use super::share_button::ShareButton;

#[component]
pub fn AppHeader() -> impl IntoView {
    view! {
        <header class="app-header">
            <div class="brand">
                <h1>"Session" <span>"scope"</span></h1>
                <p>"Django 5.2's session engines, byte for byte, running in your browser."</p>
            </div>
            <BackendPicker />
            <div class="header-tools">
                <PageTabs />
                <ShareButton />
            </div>
        </header>
    }
}

/// The five `SESSION_ENGINE`s; picking one re-runs the scenario on it.
#[component]
pub fn BackendPicker() -> impl IntoView {
    let state = AppState::expect();
    let current = Memo::new(move |_| state.playground.with(|p| p.engine()));
    view! {
        <nav class="backend-picker" aria-label="Session engine">
            {Engine::ALL
                .into_iter()
                .map(|engine| {
                    view! {
                        <button
                            type="button"
                            data-engine=engine.name()
                            title=engine.django_module()
                            aria-pressed=move || (current.get() == engine).to_string()
                            on:click=move |_| state.set_engine(engine)
                        >
                            {engine.name()}
                        </button>
                    }
                })
                .collect_view()}
        </nav>
    }
}
