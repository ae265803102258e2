//! The whole page: header and backend picker, the controls, the stage with its player (first,
//! so that it fits a 1280x720 window whole), the guided tours, and the inspectors.

use leptos::prelude::*;

use crate::ui::model::Playground;
use crate::ui::state::AppState;
use sessionscope_engine::scenario::Engine;

use super::compare_page::ComparePage;
use super::controls::Controls;
use super::decoder_page::DecoderPage;
use super::embed_page::EmbedPage;
use super::header::AppHeader;
use super::jar_inspector::JarInspector;
use super::page_address::{apply_theme, follow_address, open_at_step, page_params};
use super::page_modes::{begin, initial_playground, provide_page_state, NoticeBanner, PageMode};
use super::response_inspector::ResponseInspector;
use super::scenario_panel::ScenarioPanel;
use super::stage::Stage;
use super::store_inspector::StoreInspector;
use super::story_guide::StoryGuide;

#[component]
pub fn App() -> impl IntoView {
    // A share link in the address, else the playground saved in this browser, else a fresh one.
    let start = begin();
    let playground = initial_playground(&start, || {
        let start_time = current_unix_seconds();
        Playground::new(Engine::Db, start_time, start_time as u64)
    });
    let state = AppState::new(playground, prefers_reduced_motion());
    provide_context(state);
    let page = provide_page_state(&start);
    let params = page_params();
    apply_theme(params.theme);
    if page.embed {
        return view! { <EmbedPage params /> }.into_any();
    }
    open_at_step(state, &params);
    follow_address(state);
    let showing = move |mode: PageMode| page.mode.get() == mode;
    view! {
        <div class="app">
            <NoticeBanner />
            <AppHeader />
            <Show when=move || showing(PageMode::Compare)>
                <ComparePage />
            </Show>
            <Show when=move || showing(PageMode::Decoder)>
                <DecoderPage />
            </Show>
            <div class="workspace" hidden=move || !showing(PageMode::Playground)>
                <Controls />
                <main class="main-column">
                    <Stage />
                    <StoryGuide />
                    <div class="inspectors">
                        <JarInspector />
                        <ResponseInspector />
                        <StoreInspector />
                        <ScenarioPanel />
                    </div>
                </main>
            </div>
        </div>
    }
    .into_any()
}

/// The wall clock, whole seconds: where the simulated clock starts.
fn current_unix_seconds() -> f64 {
    (web_sys::js_sys::Date::now() / 1000.0).floor()
}

/// `prefers-reduced-motion: reduce`.
fn prefers_reduced_motion() -> bool {
    window()
        .match_media("(prefers-reduced-motion: reduce)")
        .ok()
        .flatten()
        .is_some_and(|query| query.matches())
}
