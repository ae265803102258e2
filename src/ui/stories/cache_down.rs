//! The cache is down: cached_db's save when the cache write fails (4.2 raises after the
//! database write; 5.1 logs it and carries on, leaving a stale cache entry;
//! `cached_db.SessionStore.save`). Words and scenario: the fetched asset.

use sessionscope_engine::scenario::{Engine, Scenario, Trace};

use super::told_on_versions::{
    build, cached, exception, last_result, narrate, row_data, set_cookie_line, status,
};
use super::{Story, Tour};

const ID: &str = "cache-down";

pub(super) const TOUR: Tour = Tour {
    story: Story {
        id: ID,
        title: "The cache is down",
        engines: &[Engine::CachedDb],
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
        ("cache0", cached(trace, 0)),
        ("row2", row_data(trace, 2)),
        ("exception2", exception(trace, 2)),
        ("status2", status(trace, 2)),
        ("set_cookie2", set_cookie_line(trace, 2)),
        ("cache2", cached(trace, 2)),
        ("result4", last_result(trace, 4)),
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
        assert_eq!(cached(t, 0), "{'cart': ['book']}");
        assert_eq!(
            row_data(t, 2),
            "{'cart': ['book', 'pen']}",
            "the row is written first"
        );
        assert_eq!(
            cached(t, 2),
            "{'cart': ['book']}",
            "the cache keeps the old copy"
        );
        if version(t) == DjangoVersion::V4_2 {
            assert_eq!(exception(t, 2), "ConnectionError");
            assert_eq!(status(t, 2), "500");
            assert!(!sets_cookie(t, 2));
        } else {
            assert_eq!(exception(t, 2), "no exception");
            assert_eq!(status(t, 2), "200");
            assert!(sets_cookie(t, 2));
        }
        assert_eq!(last_result(t, 4), "['book']", "the stale copy is served");
        assert_eq!(row_data(t, 4), "{'cart': ['book', 'pen']}");
    }
}
