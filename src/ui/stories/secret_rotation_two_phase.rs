//! Tour. SECRET_KEY rotated in two phases: the new key first ships as a fallback on every pod,
//! then the keys are swapped pod by pod; every pod can verify what the others sign, and the
//! user stays logged in. Words and scenario (the shared topology data's
//! `secret_rotation_two_phase`): the fetched asset.

use sessionscope_engine::scenario::{Engine, Scenario, Trace};

use super::shared_topology::{build, narrate};
use super::{Story, Tour};

const ID: &str = "secret-rotation-two-phase";

pub(super) const TOUR: Tour = Tour {
    story: Story {
        id: ID,
        title: "Rotating SECRET_KEY in two phases keeps users in",
        engines: &[Engine::Db, Engine::SignedCookies],
    },
    build: scenario,
    narrate: captions,
    #[cfg(test)]
    check: tests::check,
};

fn scenario(engine: Engine) -> Scenario {
    build(ID, engine)
}

fn captions(_engine: Engine, trace: &Trace) -> Vec<String> {
    narrate(ID, trace)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::stories::book;
    use crate::ui::stories::checks::*;
    use crate::ui::stories::shared_topology::tests::assert_is_the_shared_trace;
    use crate::ui::stories::shared_topology::{instance, logged};
    use crate::ui::stories::told_on_versions::row_data;
    use sessionscope_engine::scenario::Step;

    /// The claims the captions make, checked on the engine's trace.
    pub(super) fn check(engine: Engine, t: &Trace) {
        let pods = [
            "web1", "", "web1", "", "web2", "", "web1", "web2", "web1", "", "web2", "web1",
        ];
        for (i, pod) in pods.iter().enumerate() {
            assert_eq!(instance(t, i), *pod, "{i}");
        }
        for (i, pod) in [(1, "web1"), (3, "web2"), (5, "web1"), (9, "web2")] {
            assert!(matches!(&t.steps[i].step, Step::Deploy(d) if d.instance == pod));
        }
        for i in [2, 4, 6, 7, 8, 10, 11] {
            assert_eq!(result_text(t, i), "'1'", "{i}");
            assert_eq!(logged(t, i, None), "nothing", "{i}");
        }
        for i in [2, 4, 10, 11] {
            assert!(!sets_cookie(t, i), "{i}");
        }
        for i in [6, 7, 8] {
            assert!(sets_cookie(t, i), "{i}");
            assert_ne!(jar_value(t, i, "main"), jar_value(t, i - 1, "main"), "{i}");
        }
        if engine == Engine::Db {
            let hash = |i: usize| {
                let data = row_data(t, i);
                data.split("'_auth_user_hash': '").nth(1).unwrap()[..8].to_owned()
            };
            assert_eq!(hash(7), hash(0), "back to the old key's hash");
            assert_ne!(hash(6), hash(0));
            assert_eq!(hash(8), hash(6));
            assert_eq!(stored_sessions(t, 8), 1);
        } else {
            assert_eq!(jar_value(t, 7, "main"), jar_value(t, 0, "main"));
        }
    }

    #[test]
    fn the_story_is_real_django_s_trace_byte_for_byte() {
        for engine in TOUR.story.engines.iter().copied() {
            let scenario = book().scenario(&TOUR.story, engine);
            assert_is_the_shared_trace(&scenario, "secret_rotation_two_phase");
        }
    }
}
