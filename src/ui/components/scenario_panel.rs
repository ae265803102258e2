//! The scenario so far, in the conformance suite's JSON format: exactly what the engine ran.

use leptos::prelude::*;

use crate::ui::state::AppState;

#[component]
pub fn ScenarioPanel() -> impl IntoView {
    let state = AppState::expect();
    let json = Memo::new(move |_| state.playground.with(|p| p.scenario().to_json_string()));
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
