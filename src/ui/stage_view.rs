//! What the stage shows at a player position, computed from the trace: the current step's
//! events so far, lane by lane, and the narration of the current event.

use sessionscope_engine::scenario::Engine;

use super::event_text::{event_title, step_label, StageLane};
use super::model::Playground;

/// An event as a lane lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LaneEvent {
    pub title: &'static str,
    pub django: &'static str,
    pub current: bool,
}

/// The stage at one player position.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StageView {
    /// The current step (0-based), if there is one.
    pub step: Option<usize>,
    /// How many steps the scenario has.
    pub step_count: usize,
    /// The current step in a few words.
    pub step_label: String,
    /// The current step's events up to the current one, per lane (browser, Django, store).
    pub lanes: [Vec<LaneEvent>; 3],
    /// The lane of the current event.
    pub active_lane: Option<StageLane>,
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
            sentence: "Nothing has happened yet: pick something the view does, and watch the request go through SessionMiddleware.".to_owned(),
            ..StageView::default()
        };
    };
    let Some(trace_step) = playground.step(stop.step) else {
        return StageView::default();
    };
    let mut view = StageView {
        step: Some(stop.step),
        step_count: timeline.step_count(),
        step_label: step_label(&trace_step.step),
        ..StageView::default()
    };
    let Some(current) = stop.event else {
        view.sentence = match &trace_step.error {
            Some(error) => format!("This step could not be carried out: {error}"),
            None => format!("{}.", view.step_label),
        };
        return view;
    };
    for (index, event) in trace_step.events.iter().enumerate().take(current + 1) {
        view.lanes[StageLane::of(event.lane).index()].push(LaneEvent {
            title: event_title(&event.kind),
            django: event.django,
            current: index == current,
        });
    }
    let event = &trace_step.events[current];
    view.active_lane = Some(StageLane::of(event.lane));
    view.django = event.django.to_owned();
    view.sentence = event.sentence.clone();
    view.detail = event.detail.clone();
    view
}

/// The store lane's subtitle: where this engine keeps sessions.
pub fn store_subtitle(engine: Engine) -> &'static str {
    match engine {
        Engine::Db => "django_session table (SQLite)",
        Engine::Cache => "LocMemCache \"default\"",
        Engine::CachedDb => "LocMemCache + django_session",
        Engine::File => "files in SESSION_FILE_PATH",
        Engine::SignedCookies => "nothing on the server",
    }
}

/// Each lane's subtitle.
pub fn lane_subtitle(lane: StageLane, engine: Engine) -> &'static str {
    match lane {
        StageLane::Browser => "cookie jar",
        StageLane::Django => "SessionMiddleware + view",
        StageLane::Store => store_subtitle(engine),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sessionscope_engine::clock::DEFAULT_START_TIME;
    use sessionscope_engine::json::{Dict, Value};
    use sessionscope_engine::scenario::{Request, Step, ViewCall};

    fn playground_with_a_request() -> Playground {
        let mut playground = Playground::new(Engine::Db, DEFAULT_START_TIME, 1);
        let mut data = Dict::new();
        data.insert("cart", Value::List(vec![Value::from("book")]));
        playground.push(Step::Request(Request::new(ViewCall::Set(data))));
        playground
    }

    #[test]
    fn an_empty_playground_invites_a_first_action() {
        let playground = Playground::new(Engine::Db, DEFAULT_START_TIME, 1);
        let view = stage_view(&playground, None);
        assert_eq!(view.step, None);
        assert!(view.sentence.contains("SessionMiddleware"));
    }

    #[test]
    fn lanes_list_the_events_so_far_and_mark_the_current_one() {
        let playground = playground_with_a_request();
        let first = stage_view(&playground, Some(0));
        let listed: usize = first.lanes.iter().map(Vec::len).sum();
        assert_eq!(listed, 1);
        assert_eq!(first.step, Some(0));
        assert!(!first.sentence.is_empty());

        let last_position = playground.timeline().len() - 1;
        let last = stage_view(&playground, Some(last_position));
        let listed: usize = last.lanes.iter().map(Vec::len).sum();
        assert_eq!(listed, playground.trace().steps[0].events.len());
        let current: Vec<&LaneEvent> = last.lanes.iter().flatten().filter(|e| e.current).collect();
        assert_eq!(current.len(), 1);
        assert!(last.active_lane.is_some());
    }

    #[test]
    fn the_store_lane_says_where_sessions_live() {
        assert_eq!(
            lane_subtitle(StageLane::Store, Engine::SignedCookies),
            "nothing on the server"
        );
        assert_eq!(
            lane_subtitle(StageLane::Django, Engine::Db),
            "SessionMiddleware + view"
        );
    }
}
