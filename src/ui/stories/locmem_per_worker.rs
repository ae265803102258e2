//! Tour. Two workers, each with Django's default cache (a LocMemCache per process), behind a
//! sticky load balancer: the session lives in one worker's memory only. The scenario is the
//! shared topology data's `per_worker_locmem` (its traces come from real Django).

use sessionscope_engine::json::Value;
use sessionscope_engine::scenario::{Engine, Instance, Routing, Scenario, Step, Trace};

use super::lost_cart_two_tabs::harness_keys;
use super::steps::{base, get, login, logout, read_user, set, strings};
use super::trace::result_text;
use super::{Story, Tour};

pub(super) const TOUR: Tour = Tour {
    story: Story {
        id: "locmem-per-worker",
        title: "A LocMemCache per worker logs users out",
        intro:
            "Django's default cache is a LocMemCache in each process's memory. With two workers \
                behind a load balancer, a session saved on web1 does not exist on web2: when the \
                balancer fails over, the cache engine finds no session and the user is logged out. \
                cached_db survives through the database, but each worker serves its own stale \
                copy, and a logout on web1 does not reach web2's cache.",
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

fn captions(engine: Engine, trace: &Trace) -> Vec<String> {
    let r = |i| result_text(trace, i);
    let status = |i: usize| {
        trace.steps[i]
            .response
            .as_ref()
            .map_or(0, |response| response.status)
    };
    let cached_db = engine == Engine::CachedDb;
    vec![
        "The user logs in; the sticky balancer places this browser on web1, whose memory now holds the session.".to_owned(),
        format!("On web1 the user is there: {}.", r(1)),
        "A book goes in the cart, in web1's cache.".to_owned(),
        "web1 goes out of rotation: every request now goes to web2.".to_owned(),
        if cached_db {
            format!("web2's cache misses, the database has the row: still logged in ({}).", r(4))
        } else {
            format!("web2's LocMemCache has never seen this key: logged out ({}).", r(4))
        },
        format!("The cart on web2: {}.", r(5)),
        "web2 saves a cart with a mug.".to_owned(),
        "Back to web1.".to_owned(),
        if cached_db {
            format!("web1 serves its own stale cached copy: {} (web2 saved the mug).", r(8))
        } else {
            format!("web1 does not know the key web2 issued: {}.", r(8))
        },
        "A copy of the cookie is kept (as another tab, or an attacker, might).".to_owned(),
        if cached_db {
            "Logout on web1: the row and web1's cache entry are deleted; web2's cache keeps its copy."
        } else {
            "Logout on web1 (there was nothing to flush there)."
        }
        .to_owned(),
        "The old cookie is put back.".to_owned(),
        if cached_db {
            format!("On web2 the old cookie is still logged in: user {}.", r(12))
        } else {
            format!("On web2 the old cookie finds nothing: {}.", r(12))
        },
        if cached_db {
            format!(
                "Its save on web2 finds the row gone: {} (SessionInterrupted).",
                status(13)
            )
        } else {
            format!("Its save on web2: {}.", status(13))
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use sessionscope_engine::json::parse_python_json;
    use sessionscope_engine::scenario::trace_json;

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
        for engine in [Engine::Cache, Engine::CachedDb] {
            let mut scenario = scenario(engine);
            scenario.name = format!("per_worker_locmem__{}", engine.name());
            let path = format!(
                "{}/engine/tests/conformance/topology/traces/{}.json",
                env!("CARGO_MANIFEST_DIR"),
                scenario.name
            );
            let expected = parse_python_json(&std::fs::read_to_string(path).unwrap()).unwrap();
            let ours =
                parse_python_json(&trace_json(&sessionscope_engine::scenario::run(&scenario)))
                    .unwrap();
            let steps = |v: &Value| v.as_dict().and_then(|d| d.get("steps")).cloned();
            assert_eq!(steps(&ours), steps(&expected), "{engine}");
        }
    }
}
