//! The Share button in the header, which opens the Share panel (loaded on demand).

use leptos::prelude::*;

use super::on_demand::{prefetch, OnDemand, Part};

/// Whether the Share panel is open (context from [`ShareButton`] for the panel).
#[derive(Clone, Copy)]
pub struct ShareOpen(pub RwSignal<bool>);

/// The Share button; its panel's code ([`super::share_panel`]) loads when it first opens (or
/// when the pointer rests on the button: [`super::on_demand`]).
#[component]
pub fn ShareButton() -> impl IntoView {
    let open = RwSignal::new(false);
    provide_context(ShareOpen(open));
    view! {
        <div class="share">
            <button
                type="button"
                class="button primary"
                data-testid="share-button"
                aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)
                on:pointerenter=move |_| prefetch(Part::Share)
                on:focus=move |_| prefetch(Part::Share)
            >
                "Share"
            </button>
            <Show when=move || open.get()>
                <OnDemand part=Part::Share />
            </Show>
        </div>
    }
}
