//! The embedded page (`?embed=1`): only the stage and its player, compact, for an `<iframe>`
//! in documentation (the stage narrates a story with its captions, as on the full page) and a
//! link to open the full playground.

use leptos::prelude::*;

use crate::ui::share::{encode, share_url};
use crate::ui::state::AppState;
use crate::ui::stories::recognise;

use super::page_modes::NoticeBanner;
use super::stage::Stage;

#[component]
pub fn EmbedPage() -> impl IntoView {
    let state = AppState::expect();
    let title = Memo::new(move |_| {
        state.playground.with(|p| match recognise(p.scenario()) {
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
        <div class="app embed" data-testid="embed">
            <NoticeBanner />
            <header class="embed-header">
                <h1 class="embed-title">{move || title.get()}</h1>
                <a href=move || full_link.get() target="_blank" rel="noopener">
                    "Open in Sessionscope ↗"
                </a>
            </header>
            <main class="embed-main">
            <Stage />
            </main>
        </div>
    }
}
