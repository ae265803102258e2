//! Compare: the playground's scenario along one input ([`CompareAxis`]), picked by a switch
//! at the top. Along engines: first what people come for, the cookie every request carries
//! against the bytes the server keeps, per engine; then both, step by step, as two charts on
//! one scale; then every figure in a table, and every engine's request and response at the
//! same step. Along versions: `compare_versions`; along browsers: `compare_browsers`.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::ui::compare::{
    chart, chart_svg, compare, cursor_svg, headline_html, legend_html, numbers_html, races_html,
    step_html, summary_html, CompareAxis, Comparison, EngineColumn, Measure, MAX_ENGINES,
    MIN_ENGINES,
};
use crate::ui::limits;
use crate::ui::page::state::{PageMode, PageState};
use crate::ui::state::AppState;
use crate::ui::step_names::step_label;
use crate::ui::stories::{by_id, STORY_KEY_SEED};
use sessionscope_engine::scenario::{Engine, Scenario};
use sessionscope_engine::small_sort::sort_small_by_key;

use super::compare_browsers::BrowsersCompare;
use super::compare_versions::VersionsCompare;
use super::on_demand::with_tours;

fn engine_class(engine: Engine) -> String {
    format!("engine-{}", engine.name())
}

/// A comparison under way: one engine runs per task.
struct CompareJob {
    scenario: Scenario,
    engines: Vec<Engine>,
    /// The run it belongs to: a newer one (engines or scenario changed) makes it stop.
    generation: u64,
    columns: RefCell<Vec<EngineColumn>>,
}

/// Runs the job's next engine in a task of its own, then the next; the last shows them all.
fn run_next_engine(
    job: Rc<CompareJob>,
    generation: StoredValue<u64>,
    shown: RwSignal<Comparison>,
    progress: RwSignal<Option<(usize, usize)>>,
) {
    set_timeout(
        move || {
            if generation.try_get_value() != Some(job.generation) {
                return;
            }
            let done = job.columns.borrow().len();
            let Some(engine) = job.engines.get(done) else {
                return;
            };
            let column = compare(&job.scenario, &[*engine]).columns.pop();
            job.columns.borrow_mut().extend(column);
            let done = done + 1;
            if done < job.engines.len() {
                progress.set(Some((done, job.engines.len())));
                run_next_engine(job, generation, shown, progress);
            } else {
                shown.set(Comparison {
                    columns: job.columns.take(),
                    step_count: job.scenario.steps.len(),
                });
                progress.set(None);
            }
        },
        Duration::ZERO,
    );
}

/// "Running the scenario on engine 2 of 5…".
fn running_text(done: usize, total: usize) -> String {
    if total == 0 {
        "Running the scenario on each engine…".to_owned()
    } else {
        format!("Running the scenario on engine {} of {total}…", done + 1)
    }
}

/// `text` with its first letter in capitals.
fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[component]
pub fn ComparePage() -> impl IntoView {
    let axis = RwSignal::new(CompareAxis::default());
    view! {
        <main class="compare-view" aria-label="Compare" data-testid="compare-view">
            <div class="compare-axes" role="group" aria-label="Compare along">
                {CompareAxis::ALL
                    .into_iter()
                    .map(|along| {
                        view! {
                            <button
                                type="button"
                                class="chip"
                                data-compare-axis=along.name()
                                aria-pressed=move || (axis.get() == along).to_string()
                                on:click=move |_| axis.set(along)
                            >
                                {along.label()}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
            {move || match axis.get() {
                CompareAxis::Engines => view! { <EnginesCompare /> }.into_any(),
                CompareAxis::Versions => view! { <VersionsCompare /> }.into_any(),
                CompareAxis::Browsers => view! { <BrowsersCompare /> }.into_any(),
            }}
        </main>
    }
}

#[component]
fn EnginesCompare() -> impl IntoView {
    let state = AppState::expect();
    let page = PageState::expect();
    let chosen = RwSignal::new(Engine::ALL.to_vec());
    // Estimated before anything runs: past Compare's limits it says which, and runs nothing.
    let refused = Memo::new(move |_| {
        let engines = chosen.get();
        state
            .playground
            .with(|p| limits::check_compare(p.scenario(), &engines).err())
    });
    // Each engine runs in its own task, so no task runs them all: what is shown stays until
    // every engine has run, and `progress` says how far the run is.
    let shown = RwSignal::new(Comparison {
        columns: Vec::new(),
        step_count: 0,
    });
    let progress = RwSignal::new(Some((0usize, 0usize)));
    let generation = StoredValue::new(0u64);
    Effect::new(move |_| {
        let engines = chosen.get();
        let refusal = refused.get();
        state.playground.track();
        generation.update_value(|g| *g += 1);
        if refusal.is_some() {
            shown.set(Comparison {
                columns: Vec::new(),
                step_count: 0,
            });
            progress.set(None);
            return;
        }
        let job = Rc::new(CompareJob {
            scenario: state.playground.with_untracked(|p| p.scenario().clone()),
            engines,
            generation: generation.get_value(),
            columns: RefCell::new(Vec::new()),
        });
        progress.set(Some((0, job.engines.len())));
        run_next_engine(job, generation, shown, progress);
    });
    let comparison: Signal<Comparison> = shown.into();
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
                sort_small_by_key(list, |e| Engine::ALL.iter().position(|a| a == e));
            }
        });
    };
    let empty = move || comparison.with(|c| c.step_count == 0);
    view! {
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
            {move || {
                progress.get().filter(|_| !empty()).map(|(done, total)| {
                    view! {
                        <p class="hint compare-progress" role="status" data-testid="compare-progress">
                            {running_text(done, total)}
                        </p>
                    }
                })
            }}
            <Show
                when=move || !empty()
                fallback=move || {
                    if let Some(error) = refused.get() {
                        return view! {
                            <div class="card compare-empty" role="alert" data-testid="compare-refused">
                                <p>
                                    <strong>"Compare did not run. "</strong>
                                    {capitalized(&error.to_string())}
                                    "."
                                </p>
                                <p class="hint">{format!("The limit: {}.", error.limit())}</p>
                                <button type="button" class="button" on:click=move |_| page.mode.set(PageMode::Playground)>
                                    "Back to the playground"
                                </button>
                            </div>
                        }
                        .into_any();
                    }
                    if let Some((done, total)) = progress.get() {
                        return view! {
                            <div class="card compare-empty" role="status" data-testid="compare-running">
                                <p>{running_text(done, total)}</p>
                            </div>
                        }
                        .into_any();
                    }
                    view! {
                        <div class="card compare-empty">
                            <p>"The scenario has no steps yet. Add requests in the playground, or start from a story:"</p>
                            <button
                                type="button"
                                class="button primary"
                                on:click=move |_| {
                                    if let Some(story) = by_id("shopping-cart") {
                                        let engine = state.playground.with_untracked(|p| p.engine());
                                        with_tours(state, move |book| state.load(book.scenario(story, engine), STORY_KEY_SEED));
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
                    .into_any()
                }
            >
                <Headline comparison=comparison />
                <Races comparison=comparison />
                <Charts comparison=comparison step=step />
                <SummaryTable comparison=comparison />
                <SideBySide comparison=comparison step=step />
            </Show>
    }
}

#[component]
fn Headline(comparison: Signal<Comparison>) -> impl IntoView {
    view! {
        <div class="card compare-headline">
            <div class="card-header">
                <h2>"Cookie or server: where the session's bytes go"</h2>
                <span class="hint">"the largest after any step of this scenario; bars on one linear scale"</span>
            </div>
            <div class="table-scroll" inner_html=move || comparison.with(headline_html)></div>
        </div>
    }
}

/// For a scenario with requests in flight at once: what each race lost on each engine.
#[component]
fn Races(comparison: Signal<Comparison>) -> impl IntoView {
    let table = Memo::new(move |_| comparison.with(races_html));
    view! {
        <Show when=move || table.with(Option::is_some)>
            <div class="card compare-races">
                <div class="card-header">
                    <h2>"Requests at once: what each engine loses"</h2>
                    <span class="hint">"the same interleaving on every engine; a value a tab saved that the end of the race no longer holds"</span>
                </div>
                <div class="table-scroll" inner_html=move || table.get().unwrap_or_default()></div>
            </div>
        </Show>
    }
}

#[component]
fn Charts(comparison: Signal<Comparison>, step: RwSignal<usize>) -> impl IntoView {
    let legend = move || {
        comparison.with(|c| {
            let engines: Vec<_> = c.columns.iter().map(|col| col.engine).collect();
            let refused = c.columns.iter().any(|col| col.dropped_cookies > 0);
            legend_html(&engines, refused)
        })
    };
    view! {
        <div class="card compare-charts">
            <div class="card-header">
                <h2>"Step by step: cookie and server"</h2>
                <span class="hint">"both charts share one log scale; equal values are drawn a few pixels apart; click a point to see that step below"</span>
            </div>
            <div class="chart-legend" inner_html=legend></div>
            <div class="chart-pair">
                <ChartFigure
                    comparison=comparison
                    step=step
                    measure=Measure::Cookie
                    title="Cookie sent with every request"
                    hint="the session cookie in the browser's jar after each step, name + value; 0: none"
                />
                <ChartFigure
                    comparison=comparison
                    step=step
                    measure=Measure::Server
                    title="Kept on the server"
                    hint="session_data of each row, each cached dict (as JSON), each file; keys not counted"
                />
            </div>
        </div>
    }
}

/// Charts narrower than this are drawn shorter.
const NARROW_CHART: f64 = 560.0;

/// One chart, drawn at the width it is shown (so its text stays 11 px on a phone), the step
/// cursor laid over it, and its numbers as a table.
#[component]
fn ChartFigure(
    comparison: Signal<Comparison>,
    step: RwSignal<usize>,
    measure: Measure,
    title: &'static str,
    hint: &'static str,
) -> impl IntoView {
    let frame = NodeRef::<leptos::html::Div>::new();
    let width = RwSignal::new(640.0_f64);
    let measure_width = move || {
        if let Some(frame) = frame.get_untracked() {
            let shown = f64::from(frame.client_width());
            if shown > 0.0 && (shown - width.get_untracked()).abs() >= 4.0 {
                width.set(shown);
            }
        }
    };
    Effect::new(move |_| {
        if frame.get().is_some() {
            measure_width();
        }
    });
    let handle = window_event_listener(leptos::ev::resize, move |_| measure_width());
    on_cleanup(move || handle.remove());
    let layout = Memo::new(move |_| {
        let width = width.get();
        let height = if width < NARROW_CHART { 230.0 } else { 260.0 };
        comparison.with(|c| chart(c, measure, width, height))
    });
    let select_step = move |ev: leptos::ev::MouseEvent| {
        let picked = ev
            .target()
            .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
            .and_then(|element| element.closest("[data-step]").ok().flatten())
            .and_then(|element| element.get_attribute("data-step"))
            .and_then(|text| text.parse::<usize>().ok());
        if let Some(picked) = picked {
            step.set(picked);
        }
    };
    view! {
        <figure class="chart-figure" data-measure=measure.name()>
            <figcaption>
                <h3>{title}</h3>
                <span class="hint">{hint}</span>
            </figcaption>
            <div class="chart-frame" node_ref=frame on:click=select_step>
                <div inner_html=move || layout.with(chart_svg)></div>
                <div class="chart-cursor-layer" inner_html=move || {
                    let step = step.get();
                    layout.with(|l| cursor_svg(l, step))
                }></div>
            </div>
            <details class="chart-numbers">
                <summary>"The numbers, step by step"</summary>
                <div class="table-scroll" inner_html=move || {
                    comparison.with(|c| layout.with(|l| numbers_html(c, l)))
                }></div>
            </details>
        </figure>
    }
}

#[component]
fn SummaryTable(comparison: Signal<Comparison>) -> impl IntoView {
    view! {
        <div class="card compare-summary">
            <h2>"Every figure"</h2>
            <div class="table-scroll" inner_html=move || comparison.with(summary_html)></div>
            <p class="hint">
                "Each figure comes from running the scenario through the engine; the two probes run their own small scenarios under the same settings, logging user 1 in with django.contrib.auth."
            </p>
        </div>
    }
}

#[component]
fn SideBySide(comparison: Signal<Comparison>, step: RwSignal<usize>) -> impl IntoView {
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
