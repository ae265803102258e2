//! Compare along Django versions: the playground's scenario on two releases, every field
//! that differs side by side with its differing bytes marked (`compare::versions`). The run
//! after each change and the card of tables serve the browsers mode too.

use std::time::Duration;

use leptos::prelude::*;

use crate::ui::compare::{compare_versions, default_pair, fields_html, pick, Side};
use crate::ui::django_choice::switch_label;
use crate::ui::engine_code::PAGE_CODE;
use crate::ui::limits;
use crate::ui::state::AppState;
use sessionscope_engine::scenario::Scenario;
use sessionscope_engine::version::DjangoVersion;

/// Runs of the scenario the default pair costs: every version, to find the one that differs
/// most from the page's.
const RUNS_TO_PICK: usize = DjangoVersion::ALL.len();

/// The tables two runs of the scenario give (`None` while they run), or why Compare refused.
#[derive(Clone, Copy)]
pub(super) struct TwoRuns {
    shown: RwSignal<Option<String>>,
    refused: RwSignal<Option<String>>,
}

impl TwoRuns {
    /// Runs `job` on the playground's scenario after each change to it or to what `input`
    /// reads, in a task of its own (a newer change stops an older run before it starts), once
    /// Compare's limits allow running the scenario twice.
    pub(super) fn on_change<I: Clone + 'static>(
        input: impl Fn() -> I + 'static,
        job: impl Fn(I, &Scenario) -> String + Copy + 'static,
    ) -> TwoRuns {
        let state = AppState::expect();
        let runs = TwoRuns {
            shown: RwSignal::new(None),
            refused: RwSignal::new(None),
        };
        let generation = StoredValue::new(0u64);
        Effect::new(move |_| {
            let input = input();
            state.playground.track();
            generation.update_value(|g| *g += 1);
            let mine = generation.get_value();
            runs.shown.set(None);
            set_timeout(
                move || {
                    if generation.try_get_value() != Some(mine) {
                        return;
                    }
                    let scenario = state.playground.with_untracked(|p| p.scenario().clone());
                    let engine = scenario.engine;
                    if let Err(error) = limits::check_compare(&scenario, &[engine, engine]) {
                        runs.refused.set(Some(error.to_string()));
                        return;
                    }
                    runs.refused.set(None);
                    runs.shown.set(Some(job(input, &scenario)));
                },
                Duration::ZERO,
            );
        });
        runs
    }

    /// The card: the tables, the refusal, or that the scenario is running.
    pub(super) fn card(self, testid: &'static str) -> impl IntoView {
        view! {
            <div class="card compare-versions" data-testid=testid>
                {move || {
                    if let Some(error) = self.refused.get() {
                        return view! { <p role="alert" data-testid="compare-refused">{error}</p> }.into_any();
                    }
                    match self.shown.get() {
                        Some(html) => view! { <div class="table-scroll" inner_html=html></div> }.into_any(),
                        None => view! { <p class="hint" role="status">"Running the scenario twice…"</p> }.into_any(),
                    }
                }}
            </div>
        }
    }
}

#[component]
pub fn VersionsCompare() -> impl IntoView {
    let state = AppState::expect();
    // None until the reader picks: the page's version and the one that differs most.
    let picked = RwSignal::new(None::<(DjangoVersion, DjangoVersion)>);
    // The pair shown (the pick, or the default).
    let resolved = RwSignal::new(None::<(DjangoVersion, DjangoVersion)>);
    let runs = TwoRuns::on_change(
        move || picked.get(),
        move |chosen, scenario| {
            let engine = scenario.engine;
            let page = state.playground.with_untracked(|p| p.django());
            let pair = chosen.unwrap_or_else(|| {
                if limits::check_compare(scenario, &[engine; RUNS_TO_PICK]).is_ok() {
                    default_pair(scenario, page, PAGE_CODE)
                } else {
                    (DjangoVersion::V4_2, DjangoVersion::LATEST)
                }
            });
            resolved.set(Some(pair));
            fields_html(&compare_versions(scenario, pair.0, pair.1, PAGE_CODE))
        },
    );
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
        {runs.card("versions-compare")}
    }
}
