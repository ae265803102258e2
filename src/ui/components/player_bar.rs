//! The player's controls: back / play-pause / forward, speed, the steps as a timeline, and
//! the keyboard (Space, ←, →). Drives the player with a timer while it plays.

use std::time::Duration;

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::ui::event_text::step_label;
use crate::ui::playback::{Player, Speed};
use crate::ui::state::AppState;

#[component]
pub fn PlayerBar() -> impl IntoView {
    let state = AppState::expect();
    let player = state.player;
    drive_with_timer(player);
    listen_to_keyboard(player);

    let playing = Memo::new(move |_| player.with(Player::is_playing));
    let position_text = move || {
        player.with(|p| match p.position() {
            Some(position) => format!("{}/{}", position + 1, p.len()),
            None => "0/0".to_owned(),
        })
    };
    view! {
        <div class="player" data-testid="player">
            <div class="player-buttons">
                <button
                    type="button"
                    class="button"
                    aria-label="Step back"
                    title="Step back (←)"
                    disabled=move || player.with(|p| p.is_empty() || p.is_at_start())
                    on:click=move |_| player.update(Player::step_back)
                >
                    <Icon path=STEP_BACK_ICON />
                </button>
                <button
                    type="button"
                    class="button primary"
                    aria-label=move || if playing.get() { "Pause" } else { "Play" }
                    title="Play / pause (Space)"
                    disabled=move || player.with(Player::is_empty)
                    on:click=move |_| player.update(Player::toggle)
                >
                    {move || {
                        view! { <Icon path=if playing.get() { PAUSE_ICON } else { PLAY_ICON } /> }
                    }}
                </button>
                <button
                    type="button"
                    class="button"
                    aria-label="Step forward"
                    title="Step forward (→)"
                    disabled=move || player.with(|p| p.is_empty() || p.is_at_end())
                    on:click=move |_| player.update(Player::step_forward)
                >
                    <Icon path=STEP_FORWARD_ICON />
                </button>
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
            <span class="position" aria-label="Event">{position_text}</span>
        </div>
        <StepTimeline />
    }
}

const STEP_BACK_ICON: &str = "M6 5h2v14H6zM20 5v14L9 12z";
const PLAY_ICON: &str = "M7 4v16l13-8z";
const PAUSE_ICON: &str = "M6 5h4v14H6zM14 5h4v14h-4z";
const STEP_FORWARD_ICON: &str = "M16 5h2v14h-2zM4 5v14l11-7z";

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
    let position = state.position();
    let labels = Memo::new(move |_| {
        state.playground.with(|p| {
            p.scenario()
                .steps
                .iter()
                .map(step_label)
                .collect::<Vec<_>>()
        })
    });
    let current_step = Memo::new(move |_| {
        let position = position.get();
        state.playground.with(|p| {
            position
                .and_then(|pos| p.timeline().stop(pos))
                .map(|stop| stop.step)
        })
    });
    let seek_step = move |step: usize| {
        let target = state
            .playground
            .with_untracked(|p| p.timeline().last_stop_of(step));
        if let Some(target) = target {
            state.player.update(|p| p.seek(target));
        }
    };
    let has_steps = Memo::new(move |_| labels.with(|labels| !labels.is_empty()));
    view! {
        <div class="timeline-row">
        <nav class="timeline" aria-label="Steps">
            {move || {
                labels
                    .get()
                    .into_iter()
                    .enumerate()
                    .map(|(step, label)| {
                        view! {
                            <button
                                type="button"
                                title=label.clone()
                                aria-current=move || (current_step.get() == Some(step)).then_some("step")
                                on:click=move |_| seek_step(step)
                            >
                                {format!("{}. {label}", step + 1)}
                            </button>
                        }
                    })
                    .collect_view()
            }}
        </nav>
        <div class="timeline-actions">
            <button
                type="button"
                class="button"
                data-action="undo"
                disabled=move || !has_steps.get()
                on:click=move |_| state.undo()
            >
                "Undo"
            </button>
            <button
                type="button"
                class="button danger"
                data-action="start-over"
                disabled=move || !has_steps.get()
                on:click=move |_| state.clear_steps()
            >
                "Start over"
            </button>
        </div>
        </div>
    }
}

/// While playing, advances the player every `interval_ms`; restarts when the speed changes.
fn drive_with_timer(player: RwSignal<Player>) {
    let playing_at = Memo::new(move |_| player.with(|p| p.is_playing().then(|| p.interval_ms())));
    Effect::new(move |previous: Option<Option<IntervalHandle>>| {
        if let Some(Some(handle)) = previous {
            handle.clear();
        }
        let interval_ms = playing_at.get()?;
        set_interval_with_handle(
            move || {
                player.update(|p| {
                    p.tick();
                })
            },
            Duration::from_millis(u64::from(interval_ms)),
        )
        .ok()
    });
}

/// Space plays or pauses, ← and → step; ignored while typing in a field.
fn listen_to_keyboard(player: RwSignal<Player>) {
    let handle = window_event_listener(ev::keydown, move |event| {
        if event.ctrl_key() || event.meta_key() || event.alt_key() || is_typing_target(&event) {
            return;
        }
        let handled = match event.key().as_str() {
            " " => {
                player.update(Player::toggle);
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

fn is_typing_target(event: &web_sys::KeyboardEvent) -> bool {
    event
        .target()
        .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|element| {
            matches!(element.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                || element
                    .closest("details > summary")
                    .ok()
                    .flatten()
                    .is_some()
        })
}
