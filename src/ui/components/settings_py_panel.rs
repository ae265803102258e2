//! The `settings.py` lines for the configuration on screen, with a copy button.

use leptos::prelude::*;

use crate::ui::settings_py::{render, Style};
use crate::ui::state::AppState;
use sessionscope_engine::scenario::Step;

use super::copy_button::CopyButton;

#[component]
pub fn SettingsPyPanel() -> impl IntoView {
    let state = AppState::expect();
    let style = RwSignal::new(Style::Changes);
    // The settings in force at the step the player shows (settings and rotate_secret steps
    // change them); before any step, the initial settings.
    let step = state.current_step();
    let changes_midway = Memo::new(move |_| {
        state.playground.with(|p| {
            p.scenario()
                .steps
                .iter()
                .any(|s| matches!(s, Step::Settings(_) | Step::RotateSecret(_)))
        })
    });
    let text = Memo::new(move |_| {
        let step = step.get();
        let style = style.get();
        state.playground.with(|p| {
            render(
                p.django(),
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
                {[(Style::Changes, "Only changes"), (Style::Everything, "All, defaults commented")]
                    .into_iter()
                    .map(|(choice, label)| {
                        view! {
                            <button
                                type="button"
                                aria-pressed=move || (style.get() == choice).to_string()
                                on:click=move |_| style.set(choice)
                            >
                                {label}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
            // Focusable, so that a keyboard can scroll it (it scrolls sideways on long lines).
            <pre
                class="bytes python"
                data-testid="settings-py-text"
                tabindex="0"
                aria-label="settings.py"
            >
                {move || text.get()}
            </pre>
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
