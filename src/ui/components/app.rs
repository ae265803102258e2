//! The whole page: header and backend picker, the controls, the stage with its player (first,
//! so that it fits a 1280x720 window whole), the guided tours, and the inspectors (the code of
//! these two arrives when they come into view or the reader scrolls: they start below the
//! window at 1280x720).

use leptos::prelude::*;

use crate::ui::model::Playground;
use crate::ui::page::address_bar::{apply_theme, follow_address, open_at_step, page_params};
use crate::ui::page::keeping;
use crate::ui::page::start::Startup;
use crate::ui::page::state::{begin, initial_playground, provide_page_state, PageMode};
use crate::ui::session_pickle;
use crate::ui::session_topology;
use crate::ui::state::AppState;
use sessionscope_engine::scenario::Engine;

use super::controls::Controls;
use super::header::AppHeader;
use super::near_window::NearView;
use super::notice_banner::NoticeBanner;
use super::on_demand::{load_tours_for_stories, OnDemand, Part};
use super::parts;
use super::stage::Stage;

#[component]
pub fn App() -> impl IntoView {
    let (start, playground) = prepare();
    view! { <Page start playground /> }
}

/// How the page starts and its first run, made before anything is drawn: a share link in the
/// address, else the playground saved in this browser, else a fresh one.
pub fn prepare() -> (Startup, Playground) {
    let start = begin();
    let playground = initial_playground(&start, || {
        let start_time = current_unix_seconds();
        Playground::new(Engine::Db, start_time, start_time as u64)
    });
    (start, playground)
}

/// The page, from its start and the first run of its playground ([`prepare`]).
#[component]
pub fn Page(start: Startup, playground: Playground) -> impl IntoView {
    parts::register();
    let state = AppState::new(playground, prefers_reduced_motion());
    provide_context(state);
    load_tours_for_stories(state);
    load_pickle_when_named(state);
    load_topology_when_named(state);
    let page = provide_page_state(&start);
    keeping::follow(page, &start);
    let params = page_params();
    apply_theme(params.theme);
    provide_context(params);
    if page.embed {
        // The frame's wrapper is here at once (boot.js measures it for the page around the
        // frame); the embed's own code arrives on demand.
        return view! {
            <div class="app embed" data-testid="embed">
                <OnDemand part=Part::Embed />
            </div>
        }
        .into_any();
    }
    open_at_step(state, &params);
    follow_address(state);
    let showing = move |mode: PageMode| page.mode.get() == mode;
    view! {
        <div class="app">
            <NoticeBanner />
            <AppHeader />
            <Show when=move || showing(PageMode::Compare)>
                <OnDemand part=Part::Compare />
            </Show>
            <Show when=move || showing(PageMode::Decoder)>
                <OnDemand part=Part::Decoder />
            </Show>
            <div class="workspace" hidden=move || !showing(PageMode::Playground)>
                <Controls />
                <main class="main-column">
                    <Stage />
                    <NearView>
                        <OnDemand part=Part::Guide />
                    </NearView>
                    <div class="inspectors">
                        <NearView>
                            <OnDemand part=Part::Inspectors />
                        </NearView>
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

/// A scenario that names `PickleSerializer` needs the engine's pickle code, which loads on
/// demand ([`session_pickle`]): once it is here, the playground runs again, so what is shown
/// is the engine's bytes. A fetch that fails is tried again at the next change.
fn load_pickle_when_named(state: AppState) {
    Effect::new(move |_| {
        let named = state
            .playground
            .with(|p| p.scenario().names_pickle_serializer());
        if named && !session_pickle::is_loaded() {
            leptos::task::spawn_local(async move {
                if session_pickle::load().await.is_ok() {
                    state.playground.update(Playground::run_again);
                }
            });
        }
    });
}

/// A scenario with several instances, a routing rule or concurrent requests needs the engine's
/// topology code, which loads on demand ([`session_topology`]); meanwhile its topology steps
/// say the code is loading. Once it is here, the playground runs again. A fetch that fails is
/// tried again at the next change.
fn load_topology_when_named(state: AppState) {
    Effect::new(move |_| {
        let named = state.playground.with(|p| p.scenario().has_topology());
        if named && !session_topology::is_loaded() {
            leptos::task::spawn_local(async move {
                if session_topology::load().await.is_ok() {
                    state.playground.update(Playground::run_again);
                }
            });
        }
    });
}
