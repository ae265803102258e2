//! Compare along browsers: the playground's scenario in Chromium and in Firefox, every field
//! that differs side by side with its differing bytes marked (`compare::browsers`).

use leptos::prelude::*;

use crate::ui::compare::{compare_browsers, fields_html};
use crate::ui::engine_code::PAGE_CODE;

use super::compare_versions::TwoRuns;

#[component]
pub fn BrowsersCompare() -> impl IntoView {
    let runs = TwoRuns::on_change(
        || (),
        |(), scenario| fields_html(&compare_browsers(scenario, PAGE_CODE)),
    );
    view! {
        <div class="card compare-intro">
            <div class="card-header">
                <h2>"Compare browsers"</h2>
                <span class="hint">"The playground's scenario in both browsers; only what differs is shown."</span>
            </div>
        </div>
        {runs.card("browsers-compare")}
    }
}
