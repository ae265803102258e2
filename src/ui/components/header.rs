//! The page header: the name, what the tool is (and which Django runs), the backend picker
//! and the Django version switch.

use leptos::prelude::*;

use crate::ui::django_choice::{header_line, switch_label, switch_title};
use crate::ui::state::AppState;
use sessionscope_engine::scenario::Engine;
use sessionscope_engine::version::DjangoVersion;

use super::page_tabs::PageTabs;
use super::share_button::ShareButton;

#[component]
pub fn AppHeader() -> impl IntoView {
    let state = AppState::expect();
    let django = Memo::new(move |_| state.playground.with(|p| p.django()));
    view! {
        <header class="app-header">
            <div class="brand">
                <h1>"Session" <span>"scope"</span></h1>
                <p data-testid="django-runs">{move || header_line(django.get())}</p>
            </div>
            <BackendPicker />
            <VersionSwitch />
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

/// The four Django versions; picking one re-runs the scenario on it.
#[component]
pub fn VersionSwitch() -> impl IntoView {
    let state = AppState::expect();
    let current = Memo::new(move |_| state.playground.with(|p| p.django()));
    view! {
        <nav class="version-switch" aria-label="Django version">
            {DjangoVersion::ALL
                .into_iter()
                .map(|version| {
                    view! {
                        <button
                            type="button"
                            data-django=version.name()
                            title=switch_title(version)
                            aria-pressed=move || (current.get() == version).to_string()
                            on:click=move |_| state.set_django(version)
                        >
                            {switch_label(version)}
                        </button>
                    }
                })
                .collect_view()}
        </nav>
    }
}
