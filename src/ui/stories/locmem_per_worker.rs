//! Tour. Two workers, each with Django's default cache (a LocMemCache per process), behind a
//! sticky load balancer: the session lives in one worker's memory only. The scenario is the
//! shared topology data's `per_worker_locmem` (its traces come from real Django).

use sessionscope_engine::json::Value;
use sessionscope_engine::scenario::{Engine, Instance, Routing, Scenario, Step, Trace};

use super::shared_topology::harness_keys;
use super::steps::{base, get, login, logout, read_user, set, strings};
use super::trace::result_text;
use super::{fetched, Story, Tour};

pub(super) const TOUR: Tour = Tour {
    story: Story {
        id: "locmem-per-worker",
        title: "A LocMemCache per worker logs users out",
        engines: &[Engine::Cache, Engine::CachedDb],
    },
    build: scenario,
    narrate: captions,
    #[cfg(test)]
    check: tests::check,
};

/// A request from the main tab that names the instance serving it.
fn on(instance: &str, mut step: Step) -> Step {
    if let Step::Request(request) = &mut step {
        request.instance = Some(instance.to_owned());
    }
    step
}

fn worker(name: &str) -> Instance {
    let mut instance = Instance::new(name);
    instance.own_cache = true;
    instance
}

fn scenario(engine: Engine) -> Scenario {
    let mut s = base(engine);
    s.instances = vec![worker("web1"), worker("web2")];
    s.routing = Some(Routing::Sticky(vec!["web1".to_owned(), "web2".to_owned()]));
    s.steps = vec![
        login("main", 1),
        read_user("main"),
        set("main", &[("cart", strings(&["book"]))]),
        Step::Route(Routing::Pinned("web2".to_owned())),
        read_user("main"),
        get("main", "cart"),
        set("main", &[("cart", strings(&["book", "mug"]))]),
        Step::Route(Routing::Pinned("web1".to_owned())),
        get("main", "cart"),
        Step::SaveCookie {
            label: "copy".to_owned(),
            name: None,
            browser: "main".to_owned(),
        },
        logout("main"),
        Step::RestoreCookie {
            label: "copy".to_owned(),
            browser: "main".to_owned(),
        },
        on("web2", read_user("main")),
        on("web2", set("main", &[("after_logout", Value::Bool(true))])),
    ];
    s.session_keys = harness_keys(s.steps.len() * 2 + 8);
    s
}

/// The captions, from the fetched asset, with the results and status the engine's trace shows.
fn captions(_engine: Engine, trace: &Trace) -> Vec<String> {
    let status = trace.steps[13]
        .response
        .as_ref()
        .map_or(0, |response| response.status);
    let facts = [
        ("result1", result_text(trace, 1)),
        ("result4", result_text(trace, 4)),
        ("result5", result_text(trace, 5)),
        ("result8", result_text(trace, 8)),
        ("result12", result_text(trace, 12)),
        ("status13", status.to_string()),
    ];
    fetched::captions(TOUR.story.id, trace, &facts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::stories::book;
    use crate::ui::stories::shared_topology::tests::assert_is_the_shared_trace;

    pub(super) fn check(engine: Engine, trace: &Trace) {
        if engine == Engine::CachedDb {
            assert_eq!(result_text(trace, 4), "'1'");
            assert_eq!(result_text(trace, 8), "['book']", "web1's stale copy");
            assert_eq!(result_text(trace, 12), "'1'");
            assert_eq!(trace.steps[13].response.as_ref().unwrap().status, 400);
        } else {
            assert_eq!(result_text(trace, 4), "None", "logged out on web2");
            assert_eq!(result_text(trace, 8), "None");
        }
        assert_eq!(result_text(trace, 1), "'1'");
    }

    #[test]
    fn the_story_is_real_django_s_trace_byte_for_byte() {
        for engine in TOUR.story.engines.iter().copied() {
            let scenario = book().scenario(&TOUR.story, engine);
            assert_is_the_shared_trace(&scenario, "per_worker_locmem");
        }
    }
}
