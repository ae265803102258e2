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
                <PlayerButton
                    label="Step back"
                    title="Step back (←)"
                    icon=STEP_BACK_ICON
                    disabled=Signal::derive(move || player.with(|p| p.is_empty() || p.is_at_start()))
                    action=Player::step_back
                />
                <PlayerButton
                    label=Signal::derive(move || if playing.get() { "Pause" } else { "Play" })
                    title="Play / pause (Space)"
                    icon=Signal::derive(move || if playing.get() { PAUSE_ICON } else { PLAY_ICON })
                    primary=true
                    disabled=Signal::derive(move || player.with(Player::is_empty))
                    action=Player::toggle
                />
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
            <span class="position" aria-label="Event">{position_text}</span>
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
    let labels = Memo::new(move |_| {
        state.playground.with(|p| {
            p.scenario()
                .steps
                .iter()
                .map(step_label)
                .collect::<Vec<_>>()
        })
    });
    let current_step = state.current_step();
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
                                on:click=move |_| state.seek_step(step)
                            >
                                {format!("{}. {label}", step + 1)}
                            </button>
                        }
                    })
                    .collect_view()
            }}
        </nav>
        <div class="timeline-actions">
            {[
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
                .collect_view()}
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
