//! The whole page: header and backend picker, the controls, the stage with its player, and
//! the inspectors.

use leptos::prelude::*;

use crate::engine::scenario::Engine;
use crate::ui::model::Playground;
use crate::ui::state::AppState;

use super::controls::Controls;
use super::header::AppHeader;
use super::jar_inspector::JarInspector;
use super::response_inspector::ResponseInspector;
use super::scenario_panel::ScenarioPanel;
use super::stage::Stage;
use super::store_inspector::StoreInspector;

#[component]
pub fn App() -> impl IntoView {
    let start_time = current_unix_seconds();
    let playground = Playground::new(Engine::Db, start_time, start_time as u64);
    provide_context(AppState::new(playground, prefers_reduced_motion()));
    view! {
        <div class="app">
            <AppHeader />
            <div class="workspace">
                <Controls />
                <main class="main-column">
                    <Stage />
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
