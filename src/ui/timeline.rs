//! The trace's events laid end to end, for the player: event `n` of the whole run is event
//! `e` of step `s`. Also decides which step's after-state each inspector shows while the
//! cursor is inside a step (the store changes at its first write, the jar when the browser
//! stores the cookie, the response when it is sent).

use sessionscope_engine::scenario::{EventKind, Trace};

use super::pacing::durations_ms;

/// One stop of the player: an event of a step, or a step that recorded no event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stop {
    /// The trace step.
    pub step: usize,
    /// The event within the step, if the step has events.
    pub event: Option<usize>,
}

/// Which part of the world an inspector shows; each changes at a different event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Inspected {
    /// The cookie jars.
    Jar,
    /// The session store.
    Store,
    /// The response (Set-Cookie).
    Response,
}

impl Inspected {
    fn changes_at(self, kind: &EventKind) -> bool {
        match self {
            Inspected::Jar => matches!(
                kind,
                EventKind::CookieStored
                    | EventKind::CookieDeleted
                    | EventKind::CookieDropped { .. }
                    | EventKind::CookieExpired
            ),
            Inspected::Store => matches!(
                kind,
                EventKind::StoreWrite | EventKind::StoreDelete | EventKind::StoreEvict
            ),
            Inspected::Response => matches!(
                kind,
                EventKind::SetCookie | EventKind::DeleteCookie | EventKind::NoCookieChange
            ),
        }
    }
}

/// Every stop of a trace, in order, and where each step's stops begin.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Timeline {
    stops: Vec<Stop>,
    first_stop_of_step: Vec<usize>,
    /// Per step, per inspected part: the event index at which it changes, if any.
    change_points: Vec<[Option<usize>; 3]>,
    /// Per stop, how long it stays current while playing at 1×.
    durations_ms: Vec<u32>,
    /// Per step, its number among the request steps (1-based), if it is one.
    request_numbers: Vec<Option<usize>>,
    request_count: usize,
}

impl Timeline {
    /// Lays out the events of `trace`.
    pub fn of(trace: &Trace) -> Timeline {
        let mut timeline = Timeline::default();
        for (step_index, step) in trace.steps.iter().enumerate() {
            timeline.first_stop_of_step.push(timeline.stops.len());
            timeline.durations_ms.extend(durations_ms(step));
            if step.request.is_some() {
                timeline.request_count += 1;
                timeline.request_numbers.push(Some(timeline.request_count));
            } else {
                timeline.request_numbers.push(None);
            }
            if step.events.is_empty() {
                timeline.stops.push(Stop {
                    step: step_index,
                    event: None,
                });
            }
            for event_index in 0..step.events.len() {
                timeline.stops.push(Stop {
                    step: step_index,
                    event: Some(event_index),
                });
            }
            let change_point = |part: Inspected| {
                step.events
                    .iter()
                    .position(|event| part.changes_at(&event.kind))
            };
            timeline.change_points.push([
                change_point(Inspected::Jar),
                change_point(Inspected::Store),
                change_point(Inspected::Response),
            ]);
        }
        timeline
    }

    /// How many stops there are.
    pub fn len(&self) -> usize {
        self.stops.len()
    }

    pub fn is_empty(&self) -> bool {
        self.stops.is_empty()
    }

    /// The stop at `position`.
    pub fn stop(&self, position: usize) -> Option<Stop> {
        self.stops.get(position).copied()
    }

    /// The step of the stop at `position` (`None` without a position or past the end).
    pub fn step_at(&self, position: Option<usize>) -> Option<usize> {
        Some(self.stop(position?)?.step)
    }

    /// How long the stop at `position` stays current while playing at 1×.
    pub fn duration_ms(&self, position: usize) -> u32 {
        self.durations_ms.get(position).copied().unwrap_or(1_000)
    }

    /// The number of `step` among the request steps (1-based), if it is a request.
    pub fn request_number(&self, step: usize) -> Option<usize> {
        self.request_numbers.get(step).copied().flatten()
    }

    /// How many of the steps are requests.
    pub fn request_count(&self) -> usize {
        self.request_count
    }

    /// How many steps the trace has.
    pub fn step_count(&self) -> usize {
        self.first_stop_of_step.len()
    }

    /// The position of the first stop of `step`.
    pub fn first_stop_of(&self, step: usize) -> Option<usize> {
        self.first_stop_of_step.get(step).copied()
    }

    /// The position of the last stop of `step`.
    pub fn last_stop_of(&self, step: usize) -> Option<usize> {
        let first = self.first_stop_of(step)?;
        let next = self
            .first_stop_of(step + 1)
            .unwrap_or(self.stops.len())
            .max(first + 1);
        Some(next - 1)
    }

    /// The stops of `step`: `(first position, count)`.
    pub fn stops_of(&self, step: usize) -> Option<(usize, usize)> {
        Some((self.first_stop_of(step)?, self.last_stop_of(step)? + 1))
            .map(|(first, end)| (first, end - first))
    }

    /// Which step's after-state `part` shows when the cursor is at `position`: the cursor's
    /// own step once the part has changed in it (or at the step's last stop), otherwise the
    /// step before. `None` means "before the first step".
    pub fn shown_state(&self, position: Option<usize>, part: Inspected) -> Option<usize> {
        let stop = self.stop(position?)?;
        let at_last_stop = self.last_stop_of(stop.step) == position;
        let changed = match (stop.event, self.change_points[stop.step][part as usize]) {
            (Some(current), Some(change)) => current >= change,
            _ => false,
        };
        if at_last_stop || changed {
            Some(stop.step)
        } else {
            stop.step.checked_sub(1)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sessionscope_engine::browser::rules::{Method, RequestKind};
    use sessionscope_engine::scenario::{
        Engine, Event, Lane, RequestRecord, Step, StoreSnapshot, TraceStep,
    };

    fn event(kind: EventKind) -> Event {
        Event {
            lane: Lane::Browser,
            kind,
            django: "f",
            sentence: String::new(),
            detail: None,
        }
    }

    fn step(index: usize, kinds: Vec<EventKind>) -> TraceStep {
        let request = kinds
            .contains(&EventKind::CookieSent)
            .then(|| RequestRecord {
                browser: "main".into(),
                path: "/".into(),
                secure: false,
                cookie_header: None,
                url: "http://site.test/".into(),
                method: Method::Get,
                kind: RequestKind::Navigate,
                from: None,
                not_sent: None,
                instance: None,
            });
        TraceStep {
            index,
            step: Step::Advance(1.0),
            now: 0.0,
            request,
            response: None,
            queries: Vec::new(),
            jars: Default::default(),
            store: StoreSnapshot::default(),
            events: kinds.into_iter().map(event).collect(),
            error: None,
            script: None,
            concurrent: None,
            log: None,
        }
    }

    fn trace(steps: Vec<TraceStep>) -> Trace {
        Trace {
            scenario: "t".into(),
            engine: Engine::Db,
            steps,
            django: None,
            warnings: Vec::new(),
        }
    }

    fn request_step(index: usize) -> TraceStep {
        step(
            index,
            vec![
                EventKind::CookieSent,
                EventKind::ProcessRequest,
                EventKind::StoreWrite,
                EventKind::SetCookie,
                EventKind::CookieStored,
            ],
        )
    }

    #[test]
    fn stops_run_through_every_event_and_eventless_steps_get_one() {
        let timeline = Timeline::of(&trace(vec![
            request_step(0),
            step(1, vec![]),
            request_step(2),
        ]));
        assert_eq!(timeline.len(), 11);
        assert_eq!(timeline.step_count(), 3);
        assert_eq!(timeline.step_at(Some(5)), Some(1));
        assert_eq!(timeline.step_at(None), None);
        assert_eq!(timeline.step_at(Some(11)), None);
        assert_eq!(
            timeline.stop(5),
            Some(Stop {
                step: 1,
                event: None
            })
        );
        assert_eq!(timeline.first_stop_of(2), Some(6));
        assert_eq!(timeline.last_stop_of(0), Some(4));
        assert_eq!(timeline.last_stop_of(1), Some(5));
        assert_eq!(timeline.last_stop_of(2), Some(10));
        assert_eq!(timeline.stops_of(2), Some((6, 5)));
        assert_eq!(timeline.first_stop_of(3), None);
        assert_eq!(timeline.request_count(), 2);
        assert_eq!(timeline.request_number(2), Some(2));
        assert_eq!(timeline.request_number(1), None);
        let request_ms: u32 = (0..5).map(|p| timeline.duration_ms(p)).sum();
        assert!((3_000..=4_200).contains(&request_ms), "{request_ms}");
        assert!(timeline.duration_ms(5) <= 1_500);
    }

    #[test]
    fn each_inspector_changes_at_its_own_event() {
        let timeline = Timeline::of(&trace(vec![request_step(0), request_step(1)]));
        // Step 1 occupies stops 5..=9: CookieSent, ProcessRequest, StoreWrite, SetCookie, CookieStored.
        assert_eq!(timeline.shown_state(Some(5), Inspected::Store), Some(0));
        assert_eq!(timeline.shown_state(Some(7), Inspected::Store), Some(1));
        assert_eq!(timeline.shown_state(Some(7), Inspected::Response), Some(0));
        assert_eq!(timeline.shown_state(Some(8), Inspected::Response), Some(1));
        assert_eq!(timeline.shown_state(Some(8), Inspected::Jar), Some(0));
        assert_eq!(timeline.shown_state(Some(9), Inspected::Jar), Some(1));
    }

    #[test]
    fn before_the_first_change_of_the_first_step_nothing_is_shown() {
        let timeline = Timeline::of(&trace(vec![request_step(0)]));
        assert_eq!(timeline.shown_state(Some(0), Inspected::Jar), None);
        assert_eq!(timeline.shown_state(None, Inspected::Jar), None);
        assert_eq!(timeline.shown_state(Some(4), Inspected::Jar), Some(0));
    }
}
