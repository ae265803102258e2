//! The player's controls: back / play-pause / forward, speed, the steps as chips (the
//! current one with a tick per event), and the keyboard (Space, ←, →, only when focus is on
//! no control of its own). Drives the player with a timer that waits as long as the current
//! event lasts.

use std::time::Duration;

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::ui::playback::{Player, Speed};
use crate::ui::stage::chips::chips;
use crate::ui::stage_view::stage_view;
use crate::ui::state::AppState;

use super::shared_start::SharedStart;

#[component]
pub fn PlayerBar() -> impl IntoView {
    let state = AppState::expect();
    let player = state.player;
    drive_with_timer(state);
    listen_to_keyboard(state);

    let playing = Memo::new(move |_| player.with(Player::is_playing));
    let position = state.position();
    let position_text = move || {
        let position = position.get();
        match state.playground.with(|p| stage_view(p, position)).progress {
            progress if progress.is_empty() => "no request yet".to_owned(),
            progress => progress,
        }
    };
    view! {
        <div class="player" data-testid="player">
            <div class="player-buttons">
                <PlayerButton
                    label="Step back"
                    title="Step back (←)"
                    icon=STEP_BACK_ICON
                    disabled=Signal::derive(move || player.with(|p| p.is_empty() || p.is_at_start()))
                    action=Player::step_back
                />
                <button
                    type="button"
                    class="button primary"
                    aria-label=move || if playing.get() { "Pause" } else { "Play" }
                    title=move || {
                        if player.with(Player::is_empty) {
                            "Send the first request"
                        } else {
                            "Play / pause (Space)"
                        }
                    }
                    on:click=move |_| state.play_pause()
                >
                    {move || view! { <Icon path=if playing.get() { PAUSE_ICON } else { PLAY_ICON } /> }}
                </button>
                <PlayerButton
                    label="Step forward"
                    title="Step forward (→)"
                    icon=STEP_FORWARD_ICON
                    disabled=Signal::derive(move || player.with(|p| p.is_empty() || p.is_at_end()))
                    action=Player::step_forward
                />
            </div>
            <div class="speed" role="group" aria-label="Speed">
                {Speed::ALL
                    .into_iter()
                    .map(|speed| {
                        view! {
                            <button
                                type="button"
                                aria-pressed=move || (player.with(Player::speed) == speed).to_string()
                                on:click=move |_| player.update(|p| p.set_speed(speed))
                            >
                                {speed.label()}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
            <span class="keys"><kbd>"Space"</kbd>" "<kbd>"←"</kbd>" "<kbd>"→"</kbd></span>
            <span
                class="position"
                aria-label="Where the player is"
                data-position=move || player.with(|p| p.position().map(|x| x + 1).unwrap_or(0).to_string())
                data-len=move || player.with(|p| p.len().to_string())
            >
                {position_text}
            </span>
        </div>
        <StepTimeline />
    }
}

const STEP_BACK_ICON: &str = "M6 5h2v14H6zM20 5v14L9 12z";
const PLAY_ICON: &str = "M7 4v16l13-8z";
const PAUSE_ICON: &str = "M6 5h4v14H6zM14 5h4v14h-4z";
const STEP_FORWARD_ICON: &str = "M16 5h2v14h-2zM4 5v14l11-7z";

/// A button of the player: `action` on click, an icon, its name for screen readers.
#[component]
fn PlayerButton(
    #[prop(into)] label: Signal<&'static str>,
    title: &'static str,
    #[prop(into)] icon: Signal<&'static str>,
    #[prop(optional)] primary: bool,
    disabled: Signal<bool>,
    action: fn(&mut Player),
) -> impl IntoView {
    let player = AppState::expect().player;
    view! {
        <button
            type="button"
            class=if primary { "button primary" } else { "button" }
            aria-label=move || label.get()
            title=title
            disabled=move || disabled.get()
            on:click=move |_| player.update(action)
        >
            {move || view! { <Icon path=icon.get() /> }}
        </button>
    }
}

/// A 24-unit square icon drawn with the current text colour.
#[component]
fn Icon(path: &'static str) -> impl IntoView {
    view! {
        <svg class="icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">
            <path d=path fill="currentColor"></path>
        </svg>
    }
}

/// One button per step; clicking jumps to the end of that step.
#[component]
fn StepTimeline() -> impl IntoView {
    let state = AppState::expect();
    let labels = Memo::new(move |_| state.playground.with(|p| chips(&p.scenario().steps)));
    // The current step's events as ticks: (count, current index).
    let position = state.position();
    let ticks = Memo::new(move |_| {
        let position = position.get();
        state.playground.with(|p| {
            let timeline = p.timeline();
            let stop = timeline.stop(position?)?;
            let count = p.step(stop.step)?.events.len();
            Some((stop.step, count, stop.event?))
        })
    });
    let current_step = state.current_step();
    let has_steps = Memo::new(move |_| labels.with(|labels| !labels.is_empty()));
    let shared_start = use_context::<SharedStart>();
    view! {
        <div class="timeline-row">
        <nav class="timeline" aria-label="Steps">
            {move || {
                labels
                    .get()
                    .into_iter()
                    .enumerate()
                    .map(|(step, (label, title))| {
                        view! {
                            <button
                                type="button"
                                title=title
                                aria-current=move || (current_step.get() == Some(step)).then_some("step")
                                on:click=move |_| state.seek_step(step)
                            >
                                {label}
                                {move || {
                                    let (on, count, current) = ticks.get().filter(|t| t.0 == step)?;
                                    let _ = on;
                                    Some(view! {
                                        <span class="ticks" aria-hidden="true">
                                            {(0..count.min(24))
                                                .map(|i| view! { <i class:done=i <= current></i> })
                                                .collect_view()}
                                        </span>
                                    })
                                }}
                            </button>
                        }
                    })
                    .collect_view()
            }}
        </nav>
        <div class="timeline-actions">
            {match shared_start {
                // Embedded: the reader goes back to the shared scenario, never loses it.
                Some(shared_start) => view! {
                    <button type="button" class="button" data-action="start-over" on:click=move |_| shared_start.restart()>
                        "Start over"
                    </button>
                }
                .into_any(),
                None => [
                    ("undo", "button", "Undo", AppState::undo as fn(&AppState)),
                    ("start-over", "button danger", "Start over", AppState::clear_steps),
                ]
                    .into_iter()
                    .map(|(action, class, label, run)| {
                        view! {
                            <button
                                type="button"
                                class=class
                                data-action=action
                                disabled=move || !has_steps.get()
                                on:click=move |_| run(&state)
                            >
                                {label}
                            </button>
                        }
                    })
                    .collect_view()
                    .into_any(),
            }}
        </div>
        </div>
    }
}

/// While playing, advances the player when the current event's time (at the current speed) is
/// up; a new position, speed or pause cancels the pending tick.
fn drive_with_timer(state: AppState) {
    let player = state.player;
    let wait_ms = Memo::new(move |_| {
        let (playing, position, speed) = player.with(|p| (p.is_playing(), p.position(), p.speed()));
        let position = position.filter(|_| playing)?;
        let normal = state
            .playground
            .with_untracked(|p| p.timeline().duration_ms(position));
        Some((position, speed.scale(normal)))
    });
    Effect::new(move |previous: Option<Option<TimeoutHandle>>| {
        if let Some(Some(handle)) = previous {
            handle.clear();
        }
        let (_, wait_ms) = wait_ms.get()?;
        set_timeout_with_handle(
            move || {
                player.update(|p| {
                    p.tick();
                })
            },
            Duration::from_millis(u64::from(wait_ms)),
        )
        .ok()
    });
}

/// Space plays or pauses, ← and → step, unless focus is on a control that has its own use
/// for those keys (a button, a link, a field, a tab): there they do what the control does.
fn listen_to_keyboard(state: AppState) {
    let player = state.player;
    let handle = window_event_listener(ev::keydown, move |event| {
        if event.ctrl_key()
            || event.meta_key()
            || event.alt_key()
            || event.default_prevented()
            || is_control_target(&event)
        {
            return;
        }
        let handled = match event.key().as_str() {
            " " => {
                state.play_pause();
                true
            }
            "ArrowLeft" => {
                player.update(Player::step_back);
                true
            }
            "ArrowRight" => {
                player.update(Player::step_forward);
                true
            }
            _ => false,
        };
        if handled {
            event.prevent_default();
        }
    });
    on_cleanup(move || handle.remove());
}

/// Whether the key went to a control: a button, a link, a field, a summary, a tab, or
/// anything editable.
fn is_control_target(event: &web_sys::KeyboardEvent) -> bool {
    event
        .target()
        .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|element| {
            element
                .closest(
                    "button, a[href], input, select, textarea, summary, [role=tab], \
                     [contenteditable]:not([contenteditable=false])",
                )
                .ok()
                .flatten()
                .is_some()
        })
}
