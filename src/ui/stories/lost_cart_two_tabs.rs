//! Tour. Two tabs add to the cart at once: each request loads the session, appends, and
//! saves the whole dict, so the last save wins and the other item is lost. The scenario is
//! the shared topology data's `lost_update_two_tabs` (its traces come from real Django).

use sessionscope_engine::json::Value;
use sessionscope_engine::scenario::{
    Concurrent, Engine, Phase, Request, Scenario, Step, Trace, ViewCall,
};

use super::shared_topology::harness_keys;
use super::steps::{base, get, set, strings};
use super::trace::result_text;
use super::{fetched, Story, Tour};

pub(super) const TOUR: Tour = Tour {
    story: Story {
        id: "lost-cart-two-tabs",
        title: "Two tabs, one cart: the last save wins",
        engines: &Engine::ALL,
    },
    build: scenario,
    narrate: captions,
    #[cfg(test)]
    check: tests::check,
};

/// Tab `A` appends `a`, tab `B` appends `b`, in `order` (`A`'s phases are 0, `B`'s 1).
fn race(a: &str, b: &str, order: [(usize, Phase); 6]) -> Step {
    let add = |item: &str| {
        Request::new(ViewCall::Multi(vec![
            ViewCall::Append {
                key: "cart".to_owned(),
                value: Value::from(item),
            },
            ViewCall::MarkModified,
        ]))
    };
    Step::Concurrent(Concurrent {
        requests: vec![("A".to_owned(), add(a)), ("B".to_owned(), add(b))],
        order: order.to_vec(),
    })
}

fn scenario(engine: Engine) -> Scenario {
    use Phase::{Respond, Send, View};
    let mut s = base(engine);
    s.steps = vec![
        set("main", &[("cart", strings(&["book"]))]),
        race(
            "mug",
            "pen",
            [
                (0, Send),
                (1, Send),
                (0, View),
                (1, View),
                (0, Respond),
                (1, Respond),
            ],
        ),
        get("main", "cart"),
        race(
            "lamp",
            "sock",
            [
                (0, Send),
                (1, Send),
                (0, View),
                (0, Respond),
                (1, View),
                (1, Respond),
            ],
        ),
        get("main", "cart"),
    ];
    s.session_keys = harness_keys(s.steps.len() * 2 + 8);
    s
}

/// The captions, from the fetched asset, with the carts the engine's trace shows.
fn captions(_engine: Engine, trace: &Trace) -> Vec<String> {
    let facts = [
        ("result0", result_text(trace, 0)),
        ("result2", result_text(trace, 2)),
        ("result4", result_text(trace, 4)),
    ];
    fetched::captions(TOUR.story.id, trace, &facts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::stories::book;
    use crate::ui::stories::shared_topology::tests::assert_is_the_shared_trace;

    pub(super) fn check(engine: Engine, trace: &Trace) {
        assert_eq!(result_text(trace, 2), "['book', 'pen']", "{engine}");
        let end = if engine == Engine::SignedCookies {
            "['book', 'pen', 'sock']"
        } else {
            "['book', 'pen', 'lamp', 'sock']"
        };
        assert_eq!(result_text(trace, 4), end, "{engine}");
    }

    #[test]
    fn the_story_is_real_django_s_trace_byte_for_byte() {
        for engine in TOUR.story.engines.iter().copied() {
            let scenario = book().scenario(&TOUR.story, engine);
            assert_is_the_shared_trace(&scenario, "lost_update_two_tabs");
        }
    }
}
