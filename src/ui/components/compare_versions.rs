//! Compare along Django versions: the playground's scenario on two releases, every field
//! that differs side by side with its differing bytes marked (`compare::versions`).

use std::time::Duration;

use leptos::prelude::*;

use crate::ui::compare::{
    compare_versions, default_pair, pick, versions_html, Side, VersionComparison,
};
use crate::ui::django_choice::switch_label;
use crate::ui::limits;
use crate::ui::session_pickle::PAGE_PICKLE;
use crate::ui::state::AppState;
use sessionscope_engine::version::DjangoVersion;

/// Runs of the scenario the default pair costs: every version, to find the one that differs
/// most from the page's.
const RUNS_TO_PICK: usize = DjangoVersion::ALL.len();

#[component]
pub fn VersionsCompare() -> impl IntoView {
    let state = AppState::expect();
    // None until the reader picks: the page's version and the one that differs most.
    let picked = RwSignal::new(None::<(DjangoVersion, DjangoVersion)>);
    // The pair shown (the pick, or the default).
    let resolved = RwSignal::new(None::<(DjangoVersion, DjangoVersion)>);
    let shown = RwSignal::new(None::<VersionComparison>);
    let refused = RwSignal::new(None::<String>);
    let generation = StoredValue::new(0u64);
    Effect::new(move |_| {
        let chosen = picked.get();
        state.playground.track();
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        shown.set(None);
        set_timeout(
            move || {
                if generation.try_get_value() != Some(mine) {
                    return;
                }
                let (scenario, page) = state
                    .playground
                    .with_untracked(|p| (p.scenario().clone(), p.django()));
                let engine = scenario.engine;
                if let Err(error) = limits::check_compare(&scenario, &[engine, engine]) {
                    refused.set(Some(error.to_string()));
                    return;
                }
                refused.set(None);
                let pair = chosen.unwrap_or_else(|| {
                    if limits::check_compare(&scenario, &[engine; RUNS_TO_PICK]).is_ok() {
                        default_pair(&scenario, page, &PAGE_PICKLE)
                    } else {
                        (DjangoVersion::V4_2, DjangoVersion::LATEST)
                    }
                });
                resolved.set(Some(pair));
                shown.set(Some(compare_versions(
                    &scenario,
                    pair.0,
                    pair.1,
                    &PAGE_PICKLE,
                )));
            },
            Duration::ZERO,
        );
    });
    let pair = move || {
        resolved
            .get()
            .unwrap_or((DjangoVersion::V4_2, DjangoVersion::LATEST))
    };
    let choose = move |side: Side, name: String| {
        if let Some(version) = DjangoVersion::from_name(&name) {
            picked.set(Some(pick(pair(), side, version)));
        }
    };
    let select = move |side: Side, label: &'static str| {
        let value = move || {
            let (left, right) = pair();
            if side == Side::Left { left } else { right }.name()
        };
        view! {
            <label class="setting">
                <span>{label}</span>
                <select
                    data-versions-side=if side == Side::Left { "left" } else { "right" }
                    prop:value=value
                    on:change:target=move |ev| choose(side, ev.target().value())
                >
                    {DjangoVersion::ALL
                        .into_iter()
                        .map(|v| view! { <option value=v.name()>{format!("Django {}", switch_label(v))}</option> })
                        .collect_view()}
                </select>
            </label>
        }
    };
    view! {
        <div class="card compare-intro">
            <div class="card-header">
                <h2>"Compare Django versions"</h2>
                <span class="hint">"The playground's scenario on two releases; only what differs is shown."</span>
            </div>
            <div class="version-pickers" data-testid="versions-pickers">
                {select(Side::Left, "Left")}
                {select(Side::Right, "Right")}
            </div>
        </div>
        <div class="card compare-versions" data-testid="versions-compare">
            {move || {
                if let Some(error) = refused.get() {
                    return view! { <p role="alert" data-testid="compare-refused">{error}</p> }.into_any();
                }
                match shown.get() {
                    Some(c) => view! { <div class="table-scroll" inner_html=versions_html(&c)></div> }.into_any(),
                    None => view! { <p class="hint" role="status">"Running the scenario on both versions…"</p> }.into_any(),
                }
            }}
        </div>
    }
}
