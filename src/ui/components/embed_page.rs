//! The embedded page (`?embed=1`): only the stage and its player, compact, for an `<iframe>`
//! in documentation (the stage narrates a story with its captions, as on the full page) and a
//! link to open the full playground.
//!
//! It opens on the first step (or the one `step=` names), paused, with Play ready and, for a
//! tour, that step's caption; `autoplay=1` plays it at once (not with reduced motion). A tour
//! then stops at the end of each step, with Back and Next. Nothing the reader does is saved:
//! the page never writes the browser's storage ([`crate::ui::page::start`]), and Start over
//! brings back the shared scenario, from its first step ([`super::shared_start`]).
//!
//! Its height goes to the page around it (`boot.js` posts `sessionscope:resize` messages),
//! which the optional `embed.js` uses to size the frame.

use leptos::prelude::*;

use crate::ui::page::address::{opening_step, share_url, PageParams};
use crate::ui::page::document::encode;
use crate::ui::state::AppState;

use super::notice_banner::NoticeBanner;
use super::shared_start::{open_on_step, SharedStart};
use super::stage::Stage;

/// The embedded view, inside the `.app.embed` wrapper the page starts with (loaded on
/// demand: [`super::on_demand`]); the page's parameters come from context.
#[component]
pub fn EmbedPage() -> impl IntoView {
    let params = expect_context::<PageParams>();
    let state = AppState::expect();
    let shared = state
        .playground
        .with_untracked(|p| (p.scenario().clone(), p.key_seed()));
    provide_context(SharedStart::new(shared, state));
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
