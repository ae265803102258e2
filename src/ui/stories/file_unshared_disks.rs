//! Tour. The file backend on two servers whose SESSION_FILE_PATH is a local disk: a session
//! exists only where it was written, and clearsessions cleans only its own server's disk.
//! Words and scenario (the shared topology data's `file_unshared_disks`): the fetched asset.

use sessionscope_engine::scenario::{Engine, Scenario, Trace};

use super::shared_topology::{build, narrate};
use super::{Story, Tour};

const ID: &str = "file-unshared-disks";

pub(super) const TOUR: Tour = Tour {
    story: Story {
        id: ID,
        title: "The file backend on disks the servers do not share",
        engines: &[Engine::File],
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
    use crate::ui::stories::shared_topology::{instance, key_tail, own_files};
    use sessionscope_engine::scenario::Step;

    /// The claims the captions make, checked on the engine's trace.
    pub(super) fn check(_engine: Engine, t: &Trace) {
        for (i, pod) in ["web1", "web2", "web1", "web2", "web1"].iter().enumerate() {
            assert_eq!(instance(t, i), *pod, "{i}");
        }
        assert_eq!((own_files(t, 0, "web1"), own_files(t, 0, "web2")), (1, 0));
        for i in [1, 3] {
            assert_eq!(result_text(t, i), "None");
            assert!(sent_cookie(t, i) && deletes_cookie(t, i), "{i}");
            assert_eq!(jar_value(t, i, "main"), None);
        }
        assert!(!sent_cookie(t, 2) && sets_cookie(t, 2));
        assert_ne!(key_tail(t, 2), key_tail(t, 0));
        assert_eq!((own_files(t, 2, "web1"), own_files(t, 2, "web2")), (2, 0));
        assert!(!sent_cookie(t, 4));
        assert_eq!(result_text(t, 4), "None");
        assert_eq!(own_files(t, 4, "web1"), 2);
        let expired = t.steps[5].now;
        assert!(t.steps[5].store.own_files[0]
            .1
            .iter()
            .all(|f| f.mtime + 1_209_600.0 < expired));
        assert!(matches!(&t.steps[6].step, Step::ClearExpiredOn(on) if on == "web2"));
        assert_eq!(own_files(t, 6, "web1"), 2);
        assert!(matches!(&t.steps[7].step, Step::ClearExpiredOn(on) if on == "web1"));
        assert_eq!(own_files(t, 7, "web1"), 0);
    }

    #[test]
    fn the_story_is_real_django_s_trace_byte_for_byte() {
        for engine in TOUR.story.engines.iter().copied() {
            let scenario = book().scenario(&TOUR.story, engine);
            assert_is_the_shared_trace(&scenario, "file_unshared_disks");
        }
    }
}
