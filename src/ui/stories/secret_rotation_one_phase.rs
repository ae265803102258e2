//! Tour. SECRET_KEY rotated pod by pod in one phase: the pod with the new key re-signs the
//! session, and the pod still on the old key alone cannot read it. Words and scenario (the
//! shared topology data's `secret_rotation_one_phase`): the fetched asset.

use sessionscope_engine::scenario::{Engine, Scenario, Trace};

use super::shared_topology::{build, narrate};
use super::{Story, Tour};

const ID: &str = "secret-rotation-one-phase";

pub(super) const TOUR: Tour = Tour {
    story: Story {
        id: ID,
        title: "Rotating SECRET_KEY pod by pod logs users out",
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
    use crate::ui::stories::shared_topology::{instance, key_tail, logged};
    use crate::ui::stories::told_on_versions::row_data;
    use sessionscope_engine::scenario::Step;

    const CORRUPTED: &str = "django.security.SuspiciousSession WARNING: Session data corrupted";

    /// The claims the captions make, checked on the engine's trace.
    pub(super) fn check(engine: Engine, t: &Trace) {
        let pods = [
            "web1", "web2", "", "web1", "web2", "web1", "web2", "web1", "", "web2", "web1",
        ];
        for (i, pod) in pods.iter().enumerate() {
            assert_eq!(instance(t, i), *pod, "{i}");
        }
        for (i, pod) in [(2, "web1"), (8, "web2")] {
            assert!(matches!(&t.steps[i].step, Step::Deploy(d) if d.instance == pod));
        }
        let results: Vec<String> = [1, 3, 4, 5, 7, 9].map(|i| result_text(t, i)).to_vec();
        assert_eq!(result_text(t, 10), "{'cart': ['book']}");
        assert!(sets_cookie(t, 3), "re-signed with the new key");
        assert!(sets_cookie(t, 6));
        if engine == Engine::Db {
            assert_eq!(results, ["'1'", "'1'", "None", "'1'", "None", "None"]);
            assert_ne!(key_tail(t, 3), key_tail(t, 0), "the key cycles");
            let verifies = |i: usize| {
                let rows = t.steps[i].store.db.as_ref().unwrap();
                rows.iter().next().unwrap().verifies_on.clone().unwrap()
            };
            assert_eq!(verifies(1), ["web1", "web2"]);
            assert_eq!(verifies(3), ["web1"]);
            assert_eq!(logged(t, 4, None), CORRUPTED);
            assert_eq!(logged(t, 6, None), CORRUPTED);
            assert_eq!(logged(t, 5, None), "nothing");
            assert_eq!(key_tail(t, 6), key_tail(t, 3), "saved over the row");
            assert_eq!(row_data(t, 6), "{'cart': ['book']}");
            assert_eq!(verifies(6), ["web1", "web2"]);
            assert_eq!(stored_sessions(t, 6), 1);
        } else {
            assert_eq!(results, ["'1'", "'1'", "None", "None", "None", "None"]);
            assert!(jar_value(t, 4, "main").unwrap().starts_with("e30:"));
            assert!(!sets_cookie(t, 5));
            assert_ne!(jar_value(t, 3, "main"), jar_value(t, 0, "main"));
        }
    }

    #[test]
    fn the_story_is_real_django_s_trace_byte_for_byte() {
        for engine in TOUR.story.engines.iter().copied() {
            let scenario = book().scenario(&TOUR.story, engine);
            assert_is_the_shared_trace(&scenario, "secret_rotation_one_phase");
        }
    }
}
