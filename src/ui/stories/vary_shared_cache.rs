//! Vary: Cookie and the shared cache: with SESSION_SAVE_EVERY_REQUEST, a page that never
//! touches the session still sets the cookie; 4.2 sends it without `Vary: Cookie` (5.2.14 and
//! 6.0.5 added it: `SessionMiddleware.process_response`). Words and scenario: the fetched asset.

use sessionscope_engine::scenario::{Engine, Scenario, Trace};

use super::told_on_versions::{build, narrate, set_cookie_line, vary_text};
use super::{Story, Tour};

const ID: &str = "vary-shared-cache";

pub(super) const TOUR: Tour = Tour {
    story: Story {
        id: ID,
        title: "Vary: Cookie and the shared cache",
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
        ("vary0", vary_text(trace, 0)),
        ("set_cookie2", set_cookie_line(trace, 2)),
        ("vary2", vary_text(trace, 2)),
        ("vary4", vary_text(trace, 4)),
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
        assert_eq!(vary_text(t, 0), "Vary: Cookie");
        assert!(sets_cookie(t, 2), "the untouched session is saved again");
        assert_eq!(
            jar_value(t, 0, "main"),
            jar_value(t, 2, "main"),
            "the same key"
        );
        if version(t) == DjangoVersion::V4_2 {
            assert_eq!(vary_text(t, 2), "no Vary header");
            assert_eq!(vary_text(t, 4), "Vary: Accept-Encoding");
        } else {
            assert_eq!(vary_text(t, 2), "Vary: Cookie");
            assert_eq!(vary_text(t, 4), "Vary: Accept-Encoding, Cookie");
        }
    }
}
