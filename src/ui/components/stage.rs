//! The stage: three fixed-size lanes (browser, Django, session store), a marker sliding to
//! the lane of the current event, and the narration of that event.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::ui::event_text::StageLane;
use crate::ui::stage_view::{lane_subtitle, stage_view, LaneEvent};
use crate::ui::state::AppState;

use super::player_bar::PlayerBar;

#[component]
pub fn Stage() -> impl IntoView {
    let state = AppState::expect();
    let position = state.position();
    let stage = Memo::new(move |_| {
        let position = position.get();
        state.playground.with(|p| stage_view(p, position))
    });
    let engine = Memo::new(move |_| state.playground.with(|p| p.engine()));
    let packet_class = move || match stage.with(|s| s.active_lane) {
        Some(lane) => format!("packet lane-{}", lane.index()),
        None => "packet lane-0".to_owned(),
    };
    view! {
        <section class="card stage" aria-label="Request flow">
            <div class="lanes">
                {StageLane::ALL
                    .into_iter()
                    .map(|lane| {
                        let events = move || stage.with(|s| s.lanes[lane.index()].clone());
                        let active = move || stage.with(|s| s.active_lane == Some(lane));
                        view! {
                            <div
                                class=format!("lane {}", lane.css_class())
                                class:active=active
                                data-lane=lane.css_class()
                            >
                                <div class="lane-header">
                                    <strong>{lane.title()}</strong>
                                    <small>{move || lane_subtitle(lane, engine.get())}</small>
                                </div>
                                <LaneEvents events=Signal::derive(events) />
                            </div>
                        }
                    })
                    .collect_view()}
            </div>
            <div class="packet-track" aria-hidden="true">
                <div class=packet_class></div>
            </div>
            <div class="narration" aria-live="polite" data-testid="narration">
                <div class="where">
                    <span class="step-badge">
                        {move || {
                            stage
                                .with(|s| match s.step {
                                    Some(step) => format!("step {}/{}", step + 1, s.step_count),
                                    None => "no steps yet".to_owned(),
                                })
                        }}
                    </span>
                    <code>{move || stage.with(|s| s.django.clone())}</code>
                </div>
                <p class="sentence">{move || stage.with(|s| s.sentence.clone())}</p>
                <pre data-testid="event-detail">
                    {move || stage.with(|s| s.detail.clone().unwrap_or_default())}
                </pre>
            </div>
            <PlayerBar />
        </section>
    }
}

/// A lane's events so far, the latest at the bottom and kept in view.
#[component]
fn LaneEvents(events: Signal<Vec<LaneEvent>>) -> impl IntoView {
    let list = NodeRef::<leptos::html::Ol>::new();
    Effect::new(move |_| {
        events.track();
        if let Some(list) = list.get() {
            request_animation_frame(move || list.set_scroll_top(list.scroll_height()));
        }
    });
    view! {
        // Focusable, so that a keyboard can scroll a lane that overflows.
        <ol class="lane-events" node_ref=list tabindex="0">
            {move || {
                let events = events.get();
                if events.is_empty() {
                    return view! { <li class="lane-empty">"—"</li> }.into_any();
                }
                events
                    .into_iter()
                    .map(|event| {
                        view! {
                            <li class="lane-event" class:current=event.current>
                                <span class="event-django">{event.django}</span>
                                <span class="event-title">{event.title}</span>
                            </li>
                        }
                    })
                    .collect_view()
                    .into_any()
            }}
        </ol>
    }
}

/// Scrolls the stage into view when it is out of sight (on a phone the controls sit below
/// it), so the request just started can be watched.
pub fn reveal_stage() {
    let Some(stage) = document()
        .query_selector(".stage")
        .ok()
        .flatten()
        .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return;
    };
    let window = window();
    let top = f64::from(stage.offset_top());
    let scrolled = window.scroll_y().unwrap_or(0.0);
    let height = window
        .inner_height()
        .ok()
        .and_then(|height| height.as_f64())
        .unwrap_or(0.0);
    if top < scrolled || top > scrolled + height / 2.0 {
        stage.scroll_into_view();
    }
}
