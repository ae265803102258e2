//! Compare: the playground's scenario on two to five engines, side by side and stepping
//! together, with a summary table and a chart of the session cookie's size per step.

use leptos::prelude::*;

use crate::engine::json::to_python_json;
use crate::engine::scenario::{Engine, TraceStep};
use crate::ui::compare::{
    chart, compare, Comparison, EngineColumn, COOKIE_LIMIT, MAX_ENGINES, MIN_ENGINES,
};
use crate::ui::event_text::step_label;
use crate::ui::state::AppState;
use crate::ui::stories::{by_id, STORY_KEY_SEED};

use super::page_modes::{PageMode, PageState};

fn engine_class(engine: Engine) -> String {
    format!("engine-{}", engine.name())
}

#[component]
pub fn CompareView() -> impl IntoView {
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
        <section class="compare-view" aria-label="Compare engines" data-testid="compare-view">
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
        </section>
    }
}

fn bytes_text(bytes: Option<usize>) -> String {
    bytes.map_or("none".to_owned(), |b| format!("{b} B"))
}

#[component]
fn SummaryTable(comparison: Memo<Comparison>) -> impl IntoView {
    type Row = (&'static str, &'static str, fn(&EngineColumn) -> AnyView);
    let rows: Vec<Row> = vec![
        (
            "Largest session cookie",
            "name + value, in the browser's jar",
            |c| {
                let over = c.max_cookie_bytes.is_some_and(|b| b > COOKIE_LIMIT);
                view! { <span class:over=over>{bytes_text(c.max_cookie_bytes)}</span> }.into_any()
            },
        ),
        (
            "Cookie after the last step",
            "what the browser holds at the end",
            |c| bytes_text(c.final_cookie_bytes).into_any(),
        ),
        ("Largest Set-Cookie header", "the whole header line", |c| {
            bytes_text(c.max_set_cookie_bytes).into_any()
        }),
        (
            "Stored on the server",
            "after the last step: key + data (cache: key + JSON of the dict)",
            |c| format!("{} B", c.final_server_bytes).into_any(),
        ),
        (
            "Store reads per request",
            "SELECT, cache get, file read, signature check",
            |c| {
                view! { <span title=format!("{} reads in {} requests", c.reads, c.requests)>{c.per_request(c.reads)}</span> }.into_any()
            },
        ),
        (
            "Store writes per request",
            "INSERT/UPDATE, cache set, file write",
            |c| {
                view! { <span title=format!("{} writes, {} deletes in {} requests", c.writes, c.deletes, c.requests)>{c.per_request(c.writes)}</span> }.into_any()
            },
        ),
        ("SQL queries per request", "db and cached_db", |c| {
            view! { <span title=format!("{} queries in {} requests", c.queries, c.requests)>{c.per_request(c.queries)}</span> }.into_any()
        }),
        (
            "Cookies the browser ignored",
            "Set-Cookie over 4096 bytes",
            |c| {
                let over = c.dropped_cookies > 0;
                view! { <span class:over=over>{c.dropped_cookies}</span> }.into_any()
            },
        ),
        (
            "Logout revokes a copied cookie",
            "probe: log in, copy the cookie, flush(), replay the copy",
            |c| yes_no(c.logout_revokes.holds, &c.logout_revokes.evidence, true),
        ),
        (
            "Survives a cache restart",
            "probe: log in, empty the cache, read the session",
            |c| {
                yes_no(
                    c.survives_cache_restart.holds,
                    &c.survives_cache_restart.evidence,
                    true,
                )
            },
        ),
    ];
    view! {
        <div class="card compare-summary">
            <h2>"Summary"</h2>
            <div class="table-scroll">
                <table class="compare-table" data-testid="compare-table">
                    <thead>
                        <tr>
                            <th scope="col">"Per engine"</th>
                            {move || {
                                comparison
                                    .with(|c| c.columns.iter().map(|col| col.engine).collect::<Vec<_>>())
                                    .into_iter()
                                    .map(|engine| {
                                        view! {
                                            <th scope="col" class=engine_class(engine) data-engine-column=engine.name()>
                                                <span class="swatch"></span>
                                                {engine.name()}
                                            </th>
                                        }
                                    })
                                    .collect_view()
                            }}
                        </tr>
                    </thead>
                    <tbody>
                        {rows
                            .into_iter()
                            .map(|(label, hint, cell)| {
                                view! {
                                    <tr>
                                        <th scope="row">
                                            {label}
                                            <small>{hint}</small>
                                        </th>
                                        {move || {
                                            comparison.with(|c| {
                                                c.columns
                                                    .iter()
                                                    .map(|col| view! { <td>{cell(col)}</td> })
                                                    .collect_view()
                                            })
                                        }}
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
            <p class="hint">
                "Each figure comes from running the scenario through the engine; the two probes run their own small scenarios under the same settings."
            </p>
        </div>
    }
}

fn yes_no(holds: bool, evidence: &str, good_when_yes: bool) -> AnyView {
    let good = holds == good_when_yes;
    view! {
        <span class="verdict" class:good=good class:bad=!good>
            {if holds { "Yes" } else { "No" }}
        </span>
        <small class="evidence">{evidence.to_owned()}</small>
    }
    .into_any()
}

#[component]
fn SizeChart(comparison: Memo<Comparison>, step: RwSignal<usize>) -> impl IntoView {
    const WIDTH: f64 = 760.0;
    const HEIGHT: f64 = 240.0;
    let layout = Memo::new(move |_| comparison.with(|c| chart(c, WIDTH, HEIGHT)));
    let cursor_x = Memo::new(move |_| {
        let step = step.get();
        layout.with(|l| l.x_of(step))
    });
    view! {
        <div class="card compare-chart">
            <div class="card-header">
                <h2>"Session cookie size per step"</h2>
                <span class="hint">"bytes of name + value in the browser's jar; gaps: no cookie"</span>
            </div>
            <svg
                class="size-chart"
                viewBox=format!("0 0 {WIDTH} {HEIGHT}")
                role="img"
                aria-label="Session cookie size per step, per engine"
                data-testid="size-chart"
            >
                {move || {
                    layout.with(|l| {
                        let (left, top, right, bottom) = l.plot;
                        view! {
                            <g class="grid">
                                {l.y_ticks
                                    .iter()
                                    .map(|(y, label)| {
                                        view! {
                                            <line x1=left y1=*y x2=right y2=*y />
                                            <text x=left - 6.0 y=*y + 4.0 text-anchor="end">{label.clone()}</text>
                                        }
                                    })
                                    .collect_view()}
                                {l.x_ticks
                                    .iter()
                                    .map(|(x, label)| {
                                        view! { <text x=*x y=bottom + 18.0 text-anchor="middle">{label.clone()}</text> }
                                    })
                                    .collect_view()}
                                <line class="axis" x1=left y1=bottom x2=right y2=bottom />
                                <line class="axis" x1=left y1=top x2=left y2=bottom />
                            </g>
                            {l.limit_y
                                .map(|y| {
                                    view! {
                                        <g class="limit">
                                            <line x1=left y1=y x2=right y2=y />
                                            <text x=right y=y - 5.0 text-anchor="end">"4096: browsers ignore bigger cookies"</text>
                                        </g>
                                    }
                                })}
                            {l.lines
                                .iter()
                                .map(|line| {
                                    view! {
                                        <g class=format!("series {}", engine_class(line.engine))>
                                            <path d=line.path.clone() />
                                            {line
                                                .points
                                                .iter()
                                                .map(|(x, y, bytes, i)| {
                                                    view! {
                                                        <circle cx=*x cy=*y r="3.5">
                                                            <title>{format!("{}: step {}, {} bytes", line.engine, i + 1, bytes)}</title>
                                                        </circle>
                                                    }
                                                })
                                                .collect_view()}
                                        </g>
                                    }
                                })
                                .collect_view()}
                        }
                    })
                }}
                {move || {
                    let x = cursor_x.get();
                    let (_, top, _, bottom) = layout.with(|l| l.plot);
                    view! { <line class="cursor" x1=x y1=top x2=x y2=bottom /> }
                }}
            </svg>
            <div class="chart-legend">
                {move || {
                    comparison
                        .with(|c| c.columns.iter().map(|col| (col.engine, col.max_cookie_bytes)).collect::<Vec<_>>())
                        .into_iter()
                        .map(|(engine, max)| {
                            view! {
                                <span class=format!("legend-item {}", engine_class(engine))>
                                    <span class="swatch"></span>
                                    {format!("{engine}: up to {}", bytes_text(max))}
                                </span>
                            }
                        })
                        .collect_view()
                }}
            </div>
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
                    prop:max=move || count.get().saturating_sub(1).to_string()
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
                    disabled=move || { step.get() + 1 >= count.get() }
                    on:click=move |_| step.update(|s| *s = (*s + 1).min(count.get_untracked().saturating_sub(1)))
                >
                    "▶"
                </button>
                <span class="step-badge" data-testid="compare-step">
                    {move || format!("step {}/{}", step.get() + 1, count.get())}
                </span>
                <code class="step-label">{move || label.get()}</code>
            </div>
            <div class="compare-columns">
                {move || {
                    let i = step.get();
                    comparison.with(|c| {
                        c.columns
                            .iter()
                            .map(|col| {
                                let figures = col.steps.get(i).cloned();
                                let trace_step = col.trace.steps.get(i).cloned();
                                view! {
                                    <div class=format!("compare-column {}", engine_class(col.engine)) data-testid="compare-column">
                                        <h3><span class="swatch"></span>{col.engine.name()}</h3>
                                        {trace_step.map(|s| step_details(&s))}
                                        {figures.map(|f| {
                                            view! {
                                                <dl class="figures">
                                                    <dt>"cookie"</dt><dd>{bytes_text(f.cookie_bytes)}</dd>
                                                    <dt>"reads / writes"</dt><dd>{format!("{} / {}", f.reads, f.writes + f.deletes)}</dd>
                                                    <dt>"SQL"</dt><dd>{f.queries}</dd>
                                                    <dt>"server"</dt><dd>{format!("{} B", f.server_bytes)}</dd>
                                                </dl>
                                            }
                                        })}
                                    </div>
                                }
                            })
                            .collect_view()
                    })
                }}
            </div>
        </div>
    }
}

fn step_details(step: &TraceStep) -> AnyView {
    let Some(response) = &step.response else {
        let text = step
            .events
            .first()
            .map(|e| e.sentence.clone())
            .unwrap_or_default();
        return view! { <p class="compare-env">{text}</p> }.into_any();
    };
    let cookie = step
        .request
        .as_ref()
        .and_then(|r| r.cookie_header.clone())
        .map_or("(no Cookie header)".to_owned(), |h| format!("Cookie: {h}"));
    let set_cookies: Vec<String> = response.set_cookies.iter().map(|c| c.header()).collect();
    let result = to_python_json(&response.result);
    view! {
        <div class="compare-http">
            <pre class="bytes request">{cookie}</pre>
            <p class="status">
                {format!("{} · result {}", response.status, result)}
            </p>
            {if set_cookies.is_empty() {
                view! { <pre class="bytes empty">"(no Set-Cookie)"</pre> }.into_any()
            } else {
                set_cookies
                    .into_iter()
                    .map(|h| view! { <pre class="bytes set-cookie">{h}</pre> })
                    .collect_view()
                    .into_any()
            }}
        </div>
    }
    .into_any()
}
