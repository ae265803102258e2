//! The player's pacing: how long each event of a step stays current at 1×, read off the
//! event's kind (travel is slow enough to read, the rest brisk). The timeline lays the events
//! end to end with these durations; the stage draws each one.

use sessionscope_engine::scenario::{EventKind, StoreSnapshot, TraceStep};

/// Whether the store snapshot keeps anything on the server (false for signed cookies).
pub fn has_server_store(store: &StoreSnapshot) -> bool {
    store.db.is_some() || store.cache.is_some() || store.files.is_some()
}

/// An event's share of its step's time: travel is slow enough to read, the rest brisk.
/// Read off the kind alone (no envelope is built), as the stage's beat would draw it
/// ([`crate::ui::stage::beats`]).
pub fn weight(kind: &EventKind, server_store: bool) -> u32 {
    match kind {
        EventKind::CookieSent
        | EventKind::NoCookieSent
        | EventKind::SetCookie
        | EventKind::DeleteCookie
        | EventKind::NoCookieChange => 4,
        EventKind::StoreRead
        | EventKind::StoreWrite
        | EventKind::StoreDelete
        | EventKind::StoreEvict => {
            if server_store {
                4
            } else {
                3
            }
        }
        EventKind::CookieStored
        | EventKind::CookieDeleted
        | EventKind::CookieDropped { .. }
        | EventKind::CookieRefused { .. }
        | EventKind::CookieNotSent { .. }
        | EventKind::Exception => 3,
        _ => 2,
    }
}

/// How long a request takes at 1×, all its events together.
pub const REQUEST_MS: u32 = 3_600;
/// How long any other step (the clock, settings, the browser, faults) takes at 1×.
pub const OTHER_STEP_MS: u32 = 1_400;
/// The shortest and longest time one event stays current at 1×.
const EVENT_MS: (u32, u32) = (220, 1_000);

/// How long each event of `step` stays current at 1× (one entry for a step without events).
pub fn durations_ms(step: &TraceStep) -> Vec<u32> {
    let total = if step.request.is_some() {
        REQUEST_MS
    } else {
        OTHER_STEP_MS
    };
    if step.events.is_empty() {
        return vec![total.min(EVENT_MS.1)];
    }
    let server_store = has_server_store(&step.store);
    let weights: Vec<u32> = step
        .events
        .iter()
        .map(|event| weight(&event.kind, server_store))
        .collect();
    let sum: u32 = weights.iter().sum::<u32>().max(1);
    weights
        .iter()
        .map(|weight| (total * weight / sum).clamp(EVENT_MS.0, EVENT_MS.1))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::model::Playground;
    use crate::ui::test_fixtures::two_requests;
    use sessionscope_engine::clock::DEFAULT_START_TIME;
    use sessionscope_engine::scenario::{Engine, Step};

    #[test]
    fn a_request_plays_in_about_three_and_a_half_seconds() {
        for engine in Engine::ALL {
            let playground = two_requests(engine);
            for step in &playground.trace().steps {
                let total: u32 = durations_ms(step).iter().sum();
                assert!((3_000..=4_200).contains(&total), "{engine}: {total} ms");
            }
        }
        let mut clock = Playground::new(Engine::Db, DEFAULT_START_TIME, 7);
        clock.push(Step::Advance(60.0));
        let total: u32 = durations_ms(&clock.trace().steps[0]).iter().sum();
        assert!(total <= 1_500, "{total}");
    }
}
