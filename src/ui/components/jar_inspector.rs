//! The cookie jar after the step shown: each cookie with its value split into parts and
//! decoded, and its expiry counting down on the simulated clock; with a rules browser, the
//! cookies it refused at that step and why. The body is escaped HTML from
//! [`jar_html`].

use leptos::prelude::*;

use crate::ui::jar_view::{jar_html, jar_view, refused_cookies, refused_html};
use crate::ui::state::AppState;
use crate::ui::timeline::Inspected;

#[component]
pub fn JarInspector() -> impl IntoView {
    let state = AppState::expect();
    let shown = state.shown_state(Inspected::Jar);
    let html = Memo::new(move |_| {
        state.playground.with(|p| {
            let shown = shown.get();
            let refused = refused_html(&refused_cookies(p, shown));
            refused + &jar_html(&jar_view(p, shown))
        })
    });
    view! {
        <section class="card" data-testid="jar" data-step=move || shown.get().map(|step| step.to_string())>
            <h2>"Cookie jar"</h2>
            <div inner_html=move || html.get()></div>
        </section>
    }
}
