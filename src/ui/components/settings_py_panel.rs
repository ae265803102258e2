//! The `settings.py` lines for the configuration on screen, with a copy button.

use leptos::prelude::*;

use crate::ui::settings_py::{render, Style};
use crate::ui::state::AppState;

use super::share_panel::CopyButton;

#[component]
pub fn SettingsPyPanel() -> impl IntoView {
    let state = AppState::expect();
    let style = RwSignal::new(Style::Changes);
    let position = state.position();
    // The settings in force at the step the player shows (settings and rotate_secret steps
    // change them); before any step, the initial settings.
    let step = Memo::new(move |_| {
        let position = position.get();
        state.playground.with(|p| {
            position
                .and_then(|position| p.timeline().stop(position))
                .map(|stop| stop.step)
        })
    });
    let changes_midway = Memo::new(move |_| {
        state.playground.with(|p| {
            p.scenario().steps.iter().any(|s| {
                matches!(
                    s,
                    sessionscope_engine::scenario::Step::Settings(_)
                        | sessionscope_engine::scenario::Step::RotateSecret(_)
                )
            })
        })
    });
    let text = Memo::new(move |_| {
        let step = step.get();
        let style = style.get();
        state.playground.with(|p| {
            render(
                p.engine(),
                &p.settings_after(step),
                &p.scenario().cache,
                style,
            )
        })
    });
    view! {
        <section class="card settings-py" data-testid="settings-py">
            <div class="card-header">
                <h2>"Paste into settings.py"</h2>
                <CopyButton text=Signal::derive(move || text.get()) testid="copy-settings-py" />
            </div>
            <div class="segmented" role="group" aria-label="Which settings">
                <button
                    type="button"
                    aria-pressed=move || (style.get() == Style::Changes).to_string()
                    on:click=move |_| style.set(Style::Changes)
                >
                    "Only changes"
                </button>
                <button
                    type="button"
                    aria-pressed=move || (style.get() == Style::Everything).to_string()
                    on:click=move |_| style.set(Style::Everything)
                >
                    "All, defaults commented"
                </button>
            </div>
            <pre class="bytes python" data-testid="settings-py-text">{move || text.get()}</pre>
            <Show when=move || changes_midway.get()>
                <p class="hint">
                    {move || match step.get() {
                        Some(step) => format!("As of step {}: the scenario changes settings along the way.", step + 1),
                        None => "Before the first step: the scenario changes settings along the way.".to_owned(),
                    }}
                </p>
            </Show>
        </section>
    }
}
