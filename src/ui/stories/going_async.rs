//! Going async: the sessions' async API (`aset`, `aget`, `acycle_key`…, Django 5.1) and
//! `alogin`/`aget_user` (5.0); on 4.2 the first `await` is an `AttributeError` and a 500.
//! Words and scenario: the fetched asset.

use sessionscope_engine::scenario::{Engine, Scenario, Trace};

use super::told_on_versions::{build, exception, last_result, narrate, set_cookie_line, status};
use super::{Story, Tour};

const ID: &str = "going-async";

pub(super) const TOUR: Tour = Tour {
    story: Story {
        id: ID,
        title: "Going async",
        engines: &[Engine::Db],
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
    let facts = vec![
        ("exception0", exception(trace, 0)),
        ("status0", status(trace, 0)),
        ("exception1", exception(trace, 1)),
        ("status1", status(trace, 1)),
        ("result0", last_result(trace, 0)),
        ("set_cookie0", set_cookie_line(trace, 0)),
        ("set_cookie1", set_cookie_line(trace, 1)),
        ("user1", last_result(trace, 1)),
        ("result2", last_result(trace, 2)),
    ];
    narrate(ID, trace, facts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::stories::checks::*;
    use crate::ui::stories::told_on_versions::version;
    use sessionscope_engine::version::DjangoVersion;

    /// The claims the captions make, checked on the engine's trace.
    pub(super) fn check(_engine: Engine, t: &Trace) {
        if version(t) == DjangoVersion::V4_2 {
            for i in [0, 1] {
                assert_eq!(exception(t, i), "AttributeError");
                assert_eq!(status(t, i), "500");
                assert!(!sets_cookie(t, i), "nothing saved");
                assert_eq!(stored_sessions(t, i), 0);
            }
            assert_eq!(last_result(t, 2), "None");
        } else {
            assert_eq!(status(t, 0), "200");
            assert_eq!(last_result(t, 0), "['book']");
            assert!(sets_cookie(t, 0));
            assert!(sets_cookie(t, 1));
            assert_ne!(
                jar_value(t, 0, "main"),
                jar_value(t, 1, "main"),
                "alogin cycles the key"
            );
            assert_eq!(last_result(t, 1), "'1'");
            assert_eq!(last_result(t, 2), "'1'");
        }
    }
}
