//! The scenario so far, in the conformance suite's JSON format: exactly what the engine ran.

use leptos::prelude::*;

use crate::ui::follow_up::FollowUp;
use crate::ui::state::AppState;

#[component]
pub fn ScenarioPanel() -> impl IntoView {
    let state = AppState::expect();
    // On a long scenario the JSON (a megabyte, say) is written in a task of its own.
    let json = RwSignal::new(String::new());
    let writing = FollowUp::new();
    Effect::new(move |_| {
        state.playground.track();
        writing.run(state.is_long(), move || {
            json.set(
                state
                    .playground
                    .with_untracked(|p| p.scenario().to_json_string()),
            );
        });
    });
    view! {
        <details class="card wide">
            <summary class="card-header">
                <h2>"Scenario JSON"</h2>
                <span class="hint">"the exact input the engine ran; Django's harness runs it too"</span>
            </summary>
            <pre class="bytes" data-testid="scenario-json">{json}</pre>
        </details>
    }
}
