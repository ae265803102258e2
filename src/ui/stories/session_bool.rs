//! Is the session empty? `bool(request.session)`: always true before 6.1,
//! `SessionBase.__bool__` (`not is_empty()`) from 6.1. Words and scenario: the fetched asset.

use sessionscope_engine::scenario::{Engine, Scenario, Trace};

use super::told_on_versions::{build, last_result, narrate, set_cookie_line, vary_text};
use super::{Story, Tour};

const ID: &str = "session-bool";

pub(super) const TOUR: Tour = Tour {
    story: Story {
        id: ID,
        title: "Is the session empty?",
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
    let mut facts = vec![
        ("vary0", vary_text(trace, 0)),
        ("set_cookie4", set_cookie_line(trace, 4)),
    ];
    for (name, i) in [
        ("result0", 0),
        ("result2", 2),
        ("result3", 3),
        ("result4", 4),
        ("result5", 5),
    ] {
        facts.push((name, last_result(trace, i)));
    }
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
        let on_6_1 = version(t) >= DjangoVersion::V6_1;
        let empty = if on_6_1 { "False" } else { "True" };
        assert_eq!(last_result(t, 0), empty);
        assert_eq!(
            vary_text(t, 0),
            "no Vary header",
            "bool() never loads the session"
        );
        assert!(sets_cookie(t, 1) && stored_sessions(t, 1) == 1);
        assert_eq!(last_result(t, 2), "True");
        assert_eq!(
            vary_text(t, 2),
            "no Vary header",
            "a well-formed key is enough"
        );
        assert_eq!(last_result(t, 3), "True", "clear() keeps the key");
        assert!(deletes_cookie(t, 4));
        assert_eq!(last_result(t, 4), empty);
        assert!(!sent_cookie(t, 5));
        assert_eq!(last_result(t, 5), empty);
    }
}
