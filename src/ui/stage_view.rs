//! What the stage shows at a player position, computed from the trace: where the player is
//! ("request 2 of 5 · event 4 of 11"), the current event's beat (its envelope, the part of
//! Django at work) and its narration.

use sessionscope_engine::scenario::Engine;
use sessionscope_engine::version::DjangoVersion;

use super::event_text::StageLane;
use super::model::Playground;
use super::stage::beats::{beat, parked_envelope, Beat, Envelope};
use super::step_names::step_label;

/// The stage at one player position.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StageView {
    /// The player position this is (the envelope is redrawn when it changes).
    pub position: Option<usize>,
    /// The current step (0-based), if there is one.
    pub step: Option<usize>,
    /// Where the player is, in words: `request 2 of 5 · event 4 of 11`.
    pub progress: String,
    /// The current step in a few words.
    pub step_label: String,
    /// What the stage does for the current event.
    pub beat: Option<Beat>,
    /// When the current event moves nothing: the envelope lying where it last arrived.
    pub parked: Option<(Envelope, StageLane)>,
    /// A step that is not a request (the clock, settings, the browser, a fault): its label,
    /// shown as a card of its own.
    pub world: Option<String>,
    /// The Django function involved in the current event.
    pub django: String,
    /// The current event in one sentence.
    pub sentence: String,
    /// Its exact bytes (a header, SQL, a cache key, a file), if any.
    pub detail: Option<String>,
}

/// The stage of `playground` with the cursor at `position`.
pub fn stage_view(playground: &Playground, position: Option<usize>) -> StageView {
    let timeline = playground.timeline();
    let Some(stop) = position.and_then(|position| timeline.stop(position)) else {
        return StageView {
            sentence: "Nothing has happened yet. Send the first request (or press Space): the browser asks for a page, and Django's SessionMiddleware gives it a session.".to_owned(),
            ..StageView::default()
        };
    };
    let Some(trace_step) = playground.step(stop.step) else {
        return StageView::default();
    };
    let label = step_label(&trace_step.step);
    let event_count = trace_step.events.len();
    let progress = match (timeline.request_number(stop.step), stop.event) {
        (Some(request), Some(event)) => format!(
            "request {request} of {} · event {} of {event_count}",
            timeline.request_count(),
            event + 1
        ),
        _ => format!(
            "step {} of {} · {label}",
            stop.step + 1,
            timeline.step_count()
        ),
    };
    let mut view = StageView {
        position,
        step: Some(stop.step),
        progress,
        world: trace_step.request.is_none().then(|| label.clone()),
        step_label: label,
        ..StageView::default()
    };
    let Some(current) = stop.event else {
        view.sentence = match &trace_step.error {
            Some(error) => format!("This step could not be carried out: {error}"),
            None => format!("{}.", view.step_label),
        };
        return view;
    };
    let event = &trace_step.events[current];
    view.beat = beat(trace_step, current);
    if view.beat.as_ref().is_some_and(|b| b.envelope.is_none()) {
        view.parked = parked_envelope(trace_step, current);
    }
    view.django = event.django.to_owned();
    view.sentence = event.sentence.clone();
    view.detail = event.detail.clone();
    view
}

/// One line saying what the stage is, for the engine and the Django version in use.
pub fn what_this_is(engine: Engine, django: DjangoVersion) -> String {
    let store = match engine {
        Engine::Db => "a django_session row",
        Engine::Cache => "a LocMemCache entry",
        Engine::CachedDb => "the cache and a django_session row",
        Engine::File => "a file on the server",
        Engine::SignedCookies => "the cookie itself, signed",
    };
    format!(
        "A browser talks to a Django {django} site; the session lives in {store}. \
         Every byte below is computed by Django's own algorithms, in your browser."
    )
}

/// The store column's heading: where this engine keeps sessions.
pub fn store_title(engine: Engine) -> &'static str {
    match engine {
        Engine::Db => "Database",
        Engine::Cache => "Cache",
        Engine::CachedDb => "Cache + database",
        Engine::File => "File system",
        Engine::SignedCookies => "Session store",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sessionscope_engine::clock::DEFAULT_START_TIME;
    use sessionscope_engine::json::{Dict, Value};
    use sessionscope_engine::scenario::{Request, Step, ViewCall};

    fn playground_with_requests() -> Playground {
        let mut playground = Playground::new(Engine::Db, DEFAULT_START_TIME, 1);
        let mut data = Dict::new();
        data.insert("cart", Value::List(vec![Value::from("book")]));
        playground.push(Step::Request(Request::new(ViewCall::Set(data.clone()))));
        playground.push(Step::Advance(60.0));
        playground.push(Step::Request(Request::new(ViewCall::Set(data))));
        playground
    }

    #[test]
    fn an_empty_playground_has_no_progress() {
        let playground = Playground::new(Engine::Db, DEFAULT_START_TIME, 1);
        let view = stage_view(&playground, None);
        assert_eq!(view.step, None);
        assert!(view.progress.is_empty());
        assert!(what_this_is(Engine::Db, DjangoVersion::V6_1).contains("django_session"));
        assert!(what_this_is(Engine::Db, DjangoVersion::V4_2).contains("a Django 4.2 site"));
    }

    #[test]
    fn progress_counts_requests_and_events_within_the_request() {
        let playground = playground_with_requests();
        let timeline = playground.timeline();
        let second_request = timeline.first_stop_of(2).unwrap();
        let view = stage_view(&playground, Some(second_request + 1));
        let events = playground.trace().steps[2].events.len();
        assert_eq!(
            view.progress,
            format!("request 2 of 2 · event 2 of {events}")
        );
        assert!(view.beat.is_some());
        assert!(!view.sentence.is_empty());
    }

    #[test]
    fn other_steps_say_which_step_they_are() {
        let playground = playground_with_requests();
        let advance = playground.timeline().first_stop_of(1).unwrap();
        let view = stage_view(&playground, Some(advance));
        assert!(
            view.progress.starts_with("step 2 of 3 · +1 min"),
            "{}",
            view.progress
        );
    }
}
