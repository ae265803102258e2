//! Tour. `request.session["cart"].append(...)` is silently not saved: changing a stored list in
//! place does not mark the session modified, so SessionMiddleware saves nothing. The two fixes:
//! `request.session.modified = True`, or SESSION_SAVE_EVERY_REQUEST.

use sessionscope_engine::json::Value;
use sessionscope_engine::scenario::{
    Engine, EventKind, Scenario, SettingChange, SettingsPatch, Step, Trace, ViewCall,
};

use super::steps::{base, get, request, set, strings};
use super::trace::{result_text, step};
use super::{fetched, Story, Tour};

pub(super) const TOUR: Tour = Tour {
    story: Story {
        id: "append-not-saved",
        title: "An in-place append() is not saved",
        engines: &Engine::ALL,
    },
    build: scenario,
    narrate: captions,
    #[cfg(test)]
    check: tests::check,
};

fn append(item: &str) -> ViewCall {
    ViewCall::Append {
        key: "cart".to_owned(),
        value: Value::from(item),
    }
}

fn scenario(engine: Engine) -> Scenario {
    let mut s = base(engine);
    s.steps = vec![
        set("main", &[("cart", strings(&["book"]))]),
        request("main", append("mug")),
        get("main", "cart"),
        request(
            "main",
            ViewCall::Multi(vec![append("mug"), ViewCall::MarkModified]),
        ),
        get("main", "cart"),
        Step::Settings(SettingsPatch {
            changes: vec![SettingChange::SaveEveryRequest(true)],
        }),
        request("main", append("pen")),
        get("main", "cart"),
    ];
    s
}

/// The middleware's words at step `i` (`accessed=…, modified=…, empty=…`).
fn middleware_check(trace: &Trace, i: usize) -> String {
    step(trace, i)
        .and_then(|s| {
            s.events
                .iter()
                .find(|e| e.kind == EventKind::ProcessResponse)
        })
        .map_or_else(String::new, |e| e.sentence.clone())
}

/// The captions, from the fetched asset, with the figures of the engine's trace.
fn captions(_engine: Engine, trace: &Trace) -> Vec<String> {
    let facts = [
        ("check1", middleware_check(trace, 1)),
        ("result2", result_text(trace, 2)),
        ("check3", middleware_check(trace, 3)),
        ("result4", result_text(trace, 4)),
        ("check6", middleware_check(trace, 6)),
        ("result7", result_text(trace, 7)),
    ];
    fetched::captions(TOUR.story.id, trace, &facts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::stories::checks::*;

    /// The claims the captions make, checked on the engine's trace.
    pub(super) fn check(engine: Engine, t: &Trace) {
        assert!(sets_cookie(t, 0), "{engine}");
        assert!(!sets_cookie(t, 1), "{engine}: nothing saved");
        assert_eq!(
            t.steps[1].store, t.steps[0].store,
            "{engine}: the store is unchanged"
        );
        assert_eq!(
            t.steps[1].jars, t.steps[0].jars,
            "{engine}: the cookie is unchanged"
        );
        assert!(
            middleware_check(t, 1).contains("modified=False"),
            "{engine}"
        );
        assert_eq!(result(t, 2), strings(&["book"]), "{engine}");
        assert!(middleware_check(t, 3).contains("modified=True"), "{engine}");
        assert!(sets_cookie(t, 3), "{engine}");
        assert_eq!(result(t, 4), strings(&["book", "mug"]), "{engine}");
        assert!(
            middleware_check(t, 6).contains("modified=False"),
            "{engine}"
        );
        assert!(
            sets_cookie(t, 6),
            "{engine}: saved because every request saves"
        );
        assert_eq!(result(t, 7), strings(&["book", "mug", "pen"]), "{engine}");
    }
}
