//! The session store's contents for the engine after the step shown: `django_session` rows,
//! cache entries, session files, or nothing at all for signed cookies; plus this step's SQL.
//! The body is escaped HTML from [`store_html`].

use leptos::prelude::*;

use crate::ui::state::AppState;
use crate::ui::store_view::store_html;
use crate::ui::timeline::Inspected;

#[component]
pub fn StoreInspector() -> impl IntoView {
    let state = AppState::expect();
    let shown = state.shown_state(Inspected::Store);
    let engine = Memo::new(move |_| state.playground.with(|p| p.engine()));
    let html = Memo::new(move |_| {
        let shown = shown.get();
        state.playground.with(|p| {
            let step = shown.and_then(|index| p.step(index));
            let empty = Default::default();
            store_html(
                p.engine(),
                step.map_or(&empty, |s| &s.store),
                step.map_or(&[][..], |s| &s.queries),
                p.now_after(shown),
            )
        })
    });
    view! {
        <section
            class="card wide"
            data-testid="store"
            data-step=move || shown.get().map(|step| step.to_string())
        >
            <div class="card-header">
                <h2>"Session store"</h2>
                <code>{move || engine.get().django_module()}</code>
            </div>
            <div inner_html=move || html.get()></div>
        </section>
    }
}
