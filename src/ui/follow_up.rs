//! Work that follows a change of the playground without being part of what the change shows:
//! saving it, writing it into the address, its JSON. On a short scenario it runs with the
//! change; on a long one ([`crate::ui::state::AppState::is_long`]) it waits for a task of its
//! own after the change's, once for every change made before it runs, so no single task does
//! a re-run and all that follows it.

use std::time::Duration;

use leptos::prelude::*;

/// One kind of follow-up work, run now or in a later task.
#[derive(Clone, Copy)]
pub struct FollowUp {
    waiting: StoredValue<bool>,
}

impl FollowUp {
    /// Nothing waiting yet.
    pub fn new() -> FollowUp {
        FollowUp {
            waiting: StoredValue::new(false),
        }
    }

    /// Runs `work` now, or, when `later`, in a task of its own; a follow-up already waiting
    /// stands for this one too (the work reads the playground when it runs).
    pub fn run(self, later: bool, work: impl FnOnce() + 'static) {
        if !later {
            work();
            return;
        }
        if self.waiting.get_value() {
            return;
        }
        self.waiting.set_value(true);
        set_timeout(
            move || {
                self.waiting.set_value(false);
                work();
            },
            Duration::ZERO,
        );
    }
}

impl Default for FollowUp {
    fn default() -> Self {
        FollowUp::new()
    }
}
