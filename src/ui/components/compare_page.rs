//! Compare: the playground's scenario on two to five engines, side by side and stepping
//! together, with a summary table and a chart of the session cookie's size per step.

use leptos::prelude::*;

use crate::ui::compare::{
    chart, chart_svg, compare, legend_html, step_html, summary_html, Comparison, MAX_ENGINES,
    MIN_ENGINES,
};
use crate::ui::event_text::step_label;
use crate::ui::state::AppState;
use crate::ui::stories::{by_id, STORY_KEY_SEED};
use sessionscope_engine::scenario::Engine;

use super::page_modes::{PageMode, PageState};

fn engine_class(engine: Engine) -> String {
    format!("engine-{}", engine.name())
}

#[component]
pub fn ComparePage() -> impl IntoView {
    let state = AppState::expect();
    let page = PageState::expect();
    let chosen = RwSignal::new(Engine::ALL.to_vec());
    let comparison = Memo::new(move |_| {
        let engines = chosen.get();
        state.playground.with(|p| compare(p.scenario(), &engines))
    });
    let step = RwSignal::new(0usize);
    // Keep the shared step inside the scenario when it changes.
    Effect::new(move |_| {
        let count = comparison.with(|c| c.step_count);
        if step.get_untracked() >= count {
            step.set(count.saturating_sub(1));
        }
    });
    let toggle = move |engine: Engine| {
        chosen.update(|list| {
            if let Some(i) = list.iter().position(|e| *e == engine) {
                if list.len() > MIN_ENGINES {
                    list.remove(i);
                }
            } else if list.len() < MAX_ENGINES {
                list.push(engine);
                list.sort_by_key(|e| Engine::ALL.iter().position(|a| a == e));
            }
        });
    };
    let empty = move || comparison.with(|c| c.step_count == 0);
    view! {
        <main class="compare-view" aria-label="Compare engines" data-testid="compare-view">
            <div class="card compare-intro">
                <div class="card-header">
                    <h2>"Compare engines"</h2>
                    <span class="hint">"The playground's scenario, run on each engine you pick (two to five)."</span>
                </div>
                <div class="engine-toggles" role="group" aria-label="Engines to compare">
                    {Engine::ALL
                        .into_iter()
                        .map(|engine| {
                            let on = move || chosen.with(|l| l.contains(&engine));
                            view! {
                                <button
                                    type="button"
                                    class=format!("chip {}", engine_class(engine))
                                    data-compare-engine=engine.name()
                                    aria-pressed=move || on().to_string()
                                    disabled=move || {
                                        chosen.with(|l| (l.contains(&engine) && l.len() <= MIN_ENGINES) || (!l.contains(&engine) && l.len() >= MAX_ENGINES))
                                    }
                                    on:click=move |_| toggle(engine)
                                >
                                    <span class="swatch"></span>
                                    {engine.name()}
                                </button>
                            }
                        })
                        .collect_view()}
                </div>
            </div>
            <Show
                when=move || !empty()
                fallback=move || {
                    view! {
                        <div class="card compare-empty">
                            <p>"The scenario has no steps yet. Add requests in the playground, or start from a story:"</p>
                            <button
                                type="button"
                                class="button primary"
                                on:click=move |_| {
                                    if let Some(story) = by_id("shopping-cart") {
                                        state.load(story.scenario(state.playground.with_untracked(|p| p.engine())), STORY_KEY_SEED);
                                    }
                                }
                            >
                                "Load the shopping cart"
                            </button>
                            <button type="button" class="button" on:click=move |_| page.mode.set(PageMode::Playground)>
                                "Back to the playground"
                            </button>
                        </div>
                    }
                }
            >
                <SummaryTable comparison=comparison />
                <SizeChart comparison=comparison step=step />
                <SideBySide comparison=comparison step=step />
            </Show>
        </main>
    }
}

#[component]
fn SummaryTable(comparison: Memo<Comparison>) -> impl IntoView {
    view! {
        <div class="card compare-summary">
            <h2>"Summary"</h2>
            <div class="table-scroll" inner_html=move || comparison.with(summary_html)></div>
            <p class="hint">
                "Each figure comes from running the scenario through the engine; the two probes run their own small scenarios under the same settings."
            </p>
        </div>
    }
}

#[component]
fn SizeChart(comparison: Memo<Comparison>, step: RwSignal<usize>) -> impl IntoView {
    let layout = Memo::new(move |_| comparison.with(|c| chart(c, 760.0, 240.0)));
    view! {
        <div class="card compare-chart">
            <div class="card-header">
                <h2>"Session cookie size per step"</h2>
                <span class="hint">"bytes of name + value in the browser's jar; gaps: no cookie"</span>
            </div>
            <div inner_html=move || {
                let step = step.get();
                layout.with(|l| chart_svg(l, step))
            }></div>
            <div class="chart-legend" inner_html=move || comparison.with(legend_html)></div>
        </div>
    }
}

#[component]
fn SideBySide(comparison: Memo<Comparison>, step: RwSignal<usize>) -> impl IntoView {
    let count = Memo::new(move |_| comparison.with(|c| c.step_count));
    let label = Memo::new(move |_| {
        let i = step.get();
        comparison.with(|c| {
            c.columns
                .first()
                .and_then(|col| col.trace.steps.get(i))
                .map(|s| step_label(&s.step))
                .unwrap_or_default()
        })
    });
    let last = move || count.get().saturating_sub(1);
    view! {
        <div class="card compare-steps">
            <div class="card-header">
                <h2>"Step by step"</h2>
                <span class="hint">"every engine at the same step"</span>
            </div>
            <div class="step-controls">
                <button
                    type="button"
                    class="button"
                    aria-label="Previous step"
                    disabled=move || step.get() == 0
                    on:click=move |_| step.update(|s| *s = s.saturating_sub(1))
                >
                    "◀"
                </button>
                <input
                    type="range"
                    min="0"
                    aria-label="Step"
                    prop:max=move || last().to_string()
                    prop:value=move || step.get().to_string()
                    on:input:target=move |ev| {
                        if let Ok(v) = ev.target().value().parse::<usize>() {
                            step.set(v);
                        }
                    }
                />
                <button
                    type="button"
                    class="button"
                    aria-label="Next step"
                    disabled=move || { step.get() >= last() }
                    on:click=move |_| step.update(|s| *s = (*s + 1).min(last()))
                >
                    "▶"
                </button>
                <span class="step-badge" data-testid="compare-step">
                    {move || format!("step {}/{}", step.get() + 1, count.get())}
                </span>
                <code class="step-label">{move || label.get()}</code>
            </div>
            <div class="compare-columns" inner_html=move || {
                let i = step.get();
                comparison.with(|c| step_html(c, i))
            }></div>
        </div>
    }
}
