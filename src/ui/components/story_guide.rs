//! Guided tours: pick a story, then go through it step by step on the stage. Each step plays
//! and stops at its end; the step's caption is the stage's narration, with Back and Next
//! beside it ([`TourNarration`]). The captions are shown while the scenario is the story
//! unchanged (switching to another engine the story is written for re-runs it there with that
//! engine's captions).

use leptos::prelude::*;

use crate::ui::markup::Markup;
use crate::ui::state::{AppState, Tours};
use crate::ui::stories::{all, by_id, Story, STORY_KEY_SEED};
use sessionscope_engine::scenario::Engine;

use super::on_demand::{not_loaded, prefetch_tours, with_tours};

/// Loads `story` on `engine` and plays its first step, stopping at its end (or shows that
/// end when motion is reduced); first fetches the tours' code when it is not here yet.
pub fn start_story(state: AppState, story: &'static Story, engine: Engine) {
    with_tours(state, move |book| {
        state.load(book.scenario(story, engine), STORY_KEY_SEED);
        play_first_step(state);
    });
}

/// Plays the first step of the tour just loaded, stopping at its end.
fn play_first_step(state: AppState) {
    let (first, last) = state.playground.with_untracked(|p| {
        let timeline = p.timeline();
        (
            timeline.first_stop_of(0).unwrap_or(0),
            timeline.last_stop_of(0).unwrap_or(0),
        )
    });
    let reduced = state.reduced_motion;
    state.player.update(|player| {
        if reduced {
            player.seek(last);
        } else {
            player.play_range(first, last);
        }
    });
}

/// The tour's narration on the stage: the current step's caption, with Back and Next.
#[component]
pub fn TourNarration() -> impl IntoView {
    let state = AppState::expect();
    let caption = current_caption(state);
    let playing = Memo::new(move |_| state.player.with(|p| p.is_playing()));
    view! {
        <Show when=move || caption.with(Option::is_some)>
            <div class="tour-narration">
                <button
                    type="button"
                    class="button"
                    data-testid="tour-back"
                    disabled=move || caption.with(|c| c.as_ref().is_none_or(|(step, _, _)| *step == 0))
                    on:click=move |_| state.tour_back()
                >
                    "← Back"
                </button>
                <p class="story-caption" data-testid="story-caption">
                    {move || {
                        caption
                            .get()
                            .map(|(step, _, text)| format!("Step {}: {text}", step + 1))
                            .unwrap_or_default()
                    }}
                </p>
                <button
                    type="button"
                    class="button primary"
                    data-testid="tour-next"
                    disabled=move || {
                        playing.get()
                            || caption.with(|c| c.as_ref().is_none_or(|(step, count, _)| step + 1 >= *count))
                    }
                    on:click=move |_| state.tour_next()
                >
                    "Next →"
                </button>
                <span class="tour-count">
                    {move || caption.get().map(|(step, count, _)| format!("{} / {count}", step + 1)).unwrap_or_default()}
                </span>
            </div>
        </Show>
    }
}

/// The caption of the step the player is on, for `story` (`None` when the scenario is not
/// a pristine story or no step is shown).
pub fn current_caption(state: AppState) -> Memo<Option<(usize, usize, String)>> {
    let position = state.position();
    Memo::new(move |_| {
        let position = position.get();
        let book = state.tours.with(Tours::book)?;
        let story = state.story()?;
        state.playground.with(|p| {
            let step = p.timeline().step_at(position)?;
            let captions = book.captions(story, p.engine(), p.trace());
            Some((step, captions.len(), captions.get(step)?.clone()))
        })
    })
}

#[component]
pub fn StoryGuide() -> impl IntoView {
    let state = AppState::expect();
    let story = Memo::new(move |_| state.story().map(|s| s.id));
    // A story the user changed (or moved to an engine it is not written for): known once the
    // tours are here to compare with.
    let left_story = Memo::new(move |_| {
        let loaded = state.tours.with(|t| t.book().is_some());
        let named = state.playground.with(|p| by_id(&p.scenario().name));
        (loaded && state.story().is_none())
            .then_some(named)
            .flatten()
            .map(|s| s.id)
    });
    let engine = Memo::new(move |_| state.playground.with(|p| p.engine()));
    let captions = Memo::new(move |_| {
        let (Some(book), Some(story)) = (state.tours.with(Tours::book), state.story()) else {
            return Vec::new();
        };
        state
            .playground
            .with(|p| book.captions(story, p.engine(), p.trace()))
    });
    let tours = state.tours;
    let current_step = state.current_step();
    view! {
        <section class="card story-guide" aria-label="Guided tours" data-testid="story-guide">
            <div class="story-picker">
                <h2>"Guided tours"</h2>
                <div class="story-chips">
                    {all()
                        .iter()
                        .map(|s| {
                            let id = s.id;
                            view! {
                                <button
                                    type="button"
                                    class="chip"
                                    data-story=id
                                    title=move || tours.with(Tours::book).map(|book| book.intro(s))
                                    aria-pressed=move || (story.get() == Some(id)).to_string()
                                    on:click=move |_| {
                                        if let Some(s) = by_id(id) {
                                            start_story(state, s, s.default_engine());
                                        }
                                    }
                                    on:pointerenter=move |_| prefetch_tours(state)
                                    on:focus=move |_| prefetch_tours(state)
                                >
                                    {s.title}
                                </button>
                            }
                        })
                        .collect_view()}
                </div>
            </div>
            {move || match tours.get() {
                Tours::Loading => Some(
                    view! { <p class="hint" role="status" data-testid="tours-loading">"Loading the tour…"</p> }
                        .into_any(),
                ),
                Tours::Failed => Some(
                    view! {
                        <p class="hint" role="alert" data-testid="tours-failed">
                            {not_loaded("the tours")}
                            " "
                            <button type="button" class="link" on:click=move |_| with_tours(state, |_| {})>
                                "Try again"
                            </button>
                        </p>
                    }
                        .into_any(),
                ),
                Tours::Absent | Tours::Ready(_) => None,
            }}
            {move || {
                left_story
                    .get()
                    .and_then(by_id)
                    .map(|s| {
                        view! {
                            <p class="hint story-left">
                                {format!("You changed \u{201c}{}\u{201d}, or ran it on an engine or Django version it is not written for, so its captions are hidden. ", s.title)}
                                <button type="button" class="link" on:click=move |_| start_story(state, s, s.default_engine())>
                                    "Restart the tour"
                                </button>
                            </p>
                        }
                    })
            }}
            {move || {
                story
                    .get()
                    .and_then(by_id)
                    .map(|s| {
                        let engines = s.engines;
                        view! {
                            <div class="story-body" data-testid="story-body">
                                <div class="story-title">
                                    <h3>{s.title}</h3>
                                    <Show when=move || { engines.len() > 1 }>
                                        <span class="story-engines">
                                            "written for "
                                            {engines
                                                .iter()
                                                .map(|&e| {
                                                    view! {
                                                        <button
                                                            type="button"
                                                            class="chip small"
                                                            aria-pressed=move || (engine.get() == e).to_string()
                                                            on:click=move |_| start_story(state, s, e)
                                                        >
                                                            {e.name()}
                                                        </button>
                                                    }
                                                })
                                                .collect_view()}
                                        </span>
                                    </Show>
                                </div>
                                <p class="story-intro">
                                    {move || state.tours.with(Tours::book).map(|book| book.intro(s))}
                                </p>
                                <details class="story-steps">
                                    <summary>"All steps"</summary>
                                    <ol
                                        on:click=move |ev| {
                                            if let Some(step) = clicked_step(&ev) {
                                                state.seek_step(step);
                                            }
                                        }
                                        inner_html=move || {
                                            let current = current_step.get();
                                            captions.with(|c| steps_html(c, current))
                                        }
                                    ></ol>
                                </details>
                            </div>
                        }
                    })
            }}
        </section>
    }
}

/// The list of captions, each a button that seeks to its step (`data-seek-step`).
fn steps_html(captions: &[String], current: Option<usize>) -> String {
    let mut m = Markup::new();
    for (i, caption) in captions.iter().enumerate() {
        let class = if current == Some(i) { "current" } else { "" };
        let step = i.to_string();
        m.element("li", &[("class", class)], |m| {
            m.text_element(
                "button",
                &[
                    ("type", "button"),
                    ("class", "link"),
                    ("data-seek-step", &step),
                ],
                caption,
            );
        });
    }
    m.into_string()
}

/// The step of the caption button a click landed on.
fn clicked_step(ev: &leptos::ev::MouseEvent) -> Option<usize> {
    use wasm_bindgen::JsCast;
    ev.target()?
        .dyn_into::<web_sys::Element>()
        .ok()?
        .closest("[data-seek-step]")
        .ok()??
        .get_attribute("data-seek-step")?
        .parse()
        .ok()
}
