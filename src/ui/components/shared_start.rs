//! What Start over brings back in the embedded page: the scenario it was opened with.

use leptos::prelude::*;

use sessionscope_engine::scenario::Scenario;

use crate::ui::state::AppState;

/// The scenario the embed was opened with: Start over brings it back (the reader cannot
/// lose it), and Undo is not offered.
#[derive(Clone, Copy)]
pub struct SharedStart {
    shared: StoredValue<(Scenario, u64)>,
    state: AppState,
}

impl SharedStart {
    /// Keeps `shared` (the scenario and its key seed) for Start over.
    pub fn new(shared: (Scenario, u64), state: AppState) -> SharedStart {
        SharedStart {
            shared: StoredValue::new(shared),
            state,
        }
    }

    /// Loads the shared scenario again and shows its first step, paused.
    pub fn restart(&self) {
        let (scenario, key_seed) = self.shared.get_value();
        self.state.load(scenario, key_seed);
        open_on_step(self.state, 0, false);
    }
}

/// Shows the start of `step` (paused), or plays it when `play` and motion is welcome.
pub fn open_on_step(state: AppState, step: usize, play: bool) {
    let has_step = state
        .playground
        .with_untracked(|p| p.timeline().first_stop_of(step).is_some());
    if !has_step {
        return;
    }
    state.seek_step_start(step);
    if play && !state.reduced_motion {
        state.play_pause();
    }
}
