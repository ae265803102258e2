//! The place of the banners at the top of the page (the banners' code loads when there is
//! one: [`super::notice_list`]), and a line saying when a long re-run is in progress.

use leptos::prelude::*;

use crate::ui::page::state::PageState;
use crate::ui::state::AppState;

use super::on_demand::{OnDemand, Part};

/// The banners, and the progress of a long re-run.
#[component]
pub fn NoticeBanner() -> impl IntoView {
    let page = PageState::expect();
    let state = AppState::expect();
    view! {
        <div class="progress" role="status" aria-live="polite" data-testid="rerun-progress">
            {move || state.busy.get()}
        </div>
        <Show when=move || page.notices.with(|notices| !notices.is_empty())>
            <OnDemand part=Part::Notices />
        </Show>
    }
}
