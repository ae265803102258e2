//! The reactive handles every component shares (provided as context by the app): the
//! playground model and the player, and the few operations that change both together.

use leptos::prelude::*;

use sessionscope_engine::scenario::{Engine, Scenario, SettingChange, Step};

use super::model::Playground;
use super::playback::Player;
use super::timeline::Inspected;

/// Shared state; `Copy`, so components take it by value from context.
#[derive(Clone, Copy)]
pub struct AppState {
    pub playground: RwSignal<Playground>,
    pub player: RwSignal<Player>,
    /// `prefers-reduced-motion: reduce`: new steps appear at once instead of playing.
    pub reduced_motion: bool,
}

impl AppState {
    /// State over `playground`, the player at its end.
    pub fn new(playground: Playground, reduced_motion: bool) -> AppState {
        let events = playground.timeline().len();
        AppState {
            playground: RwSignal::new(playground),
            player: RwSignal::new(Player::new(events)),
            reduced_motion,
        }
    }

    /// The state shared by the components under the app.
    pub fn expect() -> AppState {
        expect_context::<AppState>()
    }

    /// Appends a step and plays it (or shows its end when motion is reduced).
    pub fn perform(&self, step: Step) {
        let mut first_new = 0;
        let mut events = 0;
        self.playground.update(|playground| {
            first_new = playground.push(step);
            events = playground.timeline().len();
        });
        let reduced = self.reduced_motion;
        self.player.update(|player| {
            if reduced {
                player.jump_to_end(events);
            } else {
                player.play_from(events, first_new);
            }
        });
    }

    /// Changes a setting from the start; everything is recomputed and shown at once.
    pub fn change_setting(&self, change: SettingChange) {
        self.rerun_keeping_place(|playground| playground.change_setting(change));
    }

    /// Switches the backend; everything is recomputed and shown at once.
    pub fn set_engine(&self, engine: Engine) {
        self.rerun_keeping_place(|playground| playground.set_engine(engine));
    }

    /// Removes the last step.
    pub fn undo(&self) {
        self.rerun_keeping_place(Playground::undo);
    }

    /// Removes every step.
    pub fn clear_steps(&self) {
        self.rerun_keeping_place(Playground::clear_steps);
    }

    /// Replaces the scenario (stories, shared links) and shows its end.
    pub fn load(&self, scenario: Scenario, key_seed: u64) {
        let mut events = 0;
        self.playground.update(|playground| {
            playground.load(scenario, key_seed);
            events = playground.timeline().len();
        });
        self.player.update(|player| player.jump_to_end(events));
    }

    /// Re-runs after `change`; the player stays on the same step (at its last event), or at
    /// the very end if it was there.
    fn rerun_keeping_place(&self, change: impl FnOnce(&mut Playground)) {
        let (position, was_at_end) = self
            .player
            .with_untracked(|player| (player.position(), player.is_at_end()));
        let step = self
            .playground
            .with_untracked(|playground| playground.timeline().step_at(position));
        let mut target = None;
        let mut events = 0;
        self.playground.update(|playground| {
            change(playground);
            let timeline = playground.timeline();
            events = timeline.len();
            target = step.and_then(|step| timeline.last_stop_of(step));
        });
        self.player.update(|player| {
            player.jump_to_end(events);
            if let (false, Some(target)) = (was_at_end, target) {
                player.seek(target);
            }
        });
    }

    /// The current stop's position.
    pub fn position(&self) -> Memo<Option<usize>> {
        let player = self.player;
        Memo::new(move |_| player.with(Player::position))
    }

    /// The step the player is on (`None` before the first step).
    pub fn current_step(&self) -> Memo<Option<usize>> {
        let playground = self.playground;
        let position = self.position();
        Memo::new(move |_| {
            let position = position.get();
            playground.with(|playground| playground.timeline().step_at(position))
        })
    }

    /// Moves the player, paused, to the last event of `step`.
    pub fn seek_step(&self, step: usize) {
        let target = self
            .playground
            .with_untracked(|playground| playground.timeline().last_stop_of(step));
        if let Some(target) = target {
            self.player.update(|player| player.seek(target));
        }
    }

    /// Which step's after-state an inspector of `part` shows now.
    pub fn shown_state(&self, part: Inspected) -> Memo<Option<usize>> {
        let playground = self.playground;
        let position = self.position();
        Memo::new(move |_| {
            let position = position.get();
            playground.with(|playground| playground.timeline().shown_state(position, part))
        })
    }
}
