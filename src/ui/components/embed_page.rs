//! The embedded page (`?embed=1`): only the stage and its player, compact, for an `<iframe>`
//! in documentation (the stage narrates a story with its captions, as on the full page) and a
//! link to open the full playground.
//!
//! It opens on the first step (or the one `step=` names), paused, with Play ready and, for a
//! tour, that step's caption; `autoplay=1` plays it at once (not with reduced motion). A tour
//! then stops at the end of each step, with Back and Next. Nothing the reader does is saved:
//! the page never writes the browser's storage ([`crate::ui::startup`]), and Start over
//! brings back the shared scenario, from its first step ([`SharedStart`]).
//!
//! Its height goes to the page around it (`boot.js` posts `sessionscope:resize` messages),
//! which the optional `embed.js` uses to size the frame.

use leptos::prelude::*;

use sessionscope_engine::scenario::Scenario;

use crate::ui::page_params::{opening_step, PageParams};
use crate::ui::share::{encode, share_url};
use crate::ui::state::AppState;

use super::page_modes::NoticeBanner;
use super::stage::Stage;

/// The scenario the embed was opened with: Start over brings it back (the reader cannot
/// lose it), and Undo is not offered.
#[derive(Clone, Copy)]
pub struct SharedStart {
    shared: StoredValue<(Scenario, u64)>,
    state: AppState,
}

impl SharedStart {
    /// Loads the shared scenario again and shows its first step, paused.
    pub fn restart(&self) {
        let (scenario, key_seed) = self.shared.get_value();
        self.state.load(scenario, key_seed);
        open_on_step(self.state, 0, false);
    }
}

/// Shows the start of `step` (paused), or plays it when `play` and motion is welcome.
fn open_on_step(state: AppState, step: usize, play: bool) {
    let has_step = state
        .playground
        .with_untracked(|p| p.timeline().first_stop_of(step).is_some());
    if !has_step {
        return;
    }
    state.seek_step_start(step);
    if play && !state.reduced_motion {
        state.play_pause();
    }
}

/// The embedded view, inside the `.app.embed` wrapper the page starts with (loaded on
/// demand: [`super::on_demand`]); the page's parameters come from context.
#[component]
pub fn EmbedPage() -> impl IntoView {
    let params = expect_context::<PageParams>();
    let state = AppState::expect();
    let shared = state
        .playground
        .with_untracked(|p| (p.scenario().clone(), p.key_seed()));
    provide_context(SharedStart {
        shared: StoredValue::new(shared),
        state,
    });
    let steps = state
        .playground
        .with_untracked(|p| p.timeline().step_count());
    open_on_step(
        state,
        opening_step(&params, steps).unwrap_or(0),
        params.autoplay,
    );
    let title = Memo::new(move |_| {
        let story = state.story();
        state.playground.with(|p| match story {
            Some(story) => format!("{} · {}", story.title, p.engine()),
            None => format!("Django sessions · {}", p.engine().django_module()),
        })
    });
    let full_link = Memo::new(move |_| {
        let page = window().location().href().unwrap_or_default();
        state
            .playground
            .with(|p| share_url(&page, &encode(p.scenario(), p.key_seed(), true), false))
    });
    view! {
        <NoticeBanner />
        <header class="embed-header">
            <h1 class="embed-title">{move || title.get()}</h1>
            <a href=move || full_link.get() target="_blank" rel="noopener" data-testid="open-full">
                "Open in Sessionscope ↗"
            </a>
        </header>
        <main class="embed-main">
            <Stage />
        </main>
    }
}
