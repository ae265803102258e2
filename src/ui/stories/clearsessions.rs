//! Tour. Expired sessions stay on the server until `manage.py clearsessions`: `django_session`
//! keeps its expired rows, the file store its expired files; the cache expires entries itself.

use sessionscope_engine::scenario::{Engine, Scenario, Step, Trace};

use super::steps::{base, set, strings};
use super::trace::step;
use super::{fetched, Story, Tour};

pub(super) const TOUR: Tour = Tour {
    story: Story {
        id: "clearsessions",
        title: "Expired sessions and clearsessions",
        engines: &[Engine::Db, Engine::File, Engine::CachedDb, Engine::Cache],
    },
    build: scenario,
    narrate: captions,
    #[cfg(test)]
    check: tests::check,
};

/// Sixteen days: past SESSION_COOKIE_AGE (two weeks).
const SIXTEEN_DAYS: f64 = 16.0 * 86_400.0;

fn scenario(engine: Engine) -> Scenario {
    let mut s = base(engine);
    s.steps = vec![
        set("laptop", &[("cart", strings(&["book"]))]),
        set("phone", &[("cart", strings(&["pen"]))]),
        Step::Advance(SIXTEEN_DAYS),
        set("laptop", &[("cart", strings(&["lamp"]))]),
        Step::ClearExpired,
    ];
    s
}

/// The sessions the server keeps after step `i`, and how many of them have expired: rows of
/// `django_session` (db, cached_db), files (file), or cache entries (cache).
fn kept(engine: Engine, trace: &Trace, i: usize) -> (usize, usize) {
    let Some(step) = step(trace, i) else {
        return (0, 0);
    };
    let now = step.now;
    let store = &step.store;
    let expired = |expires_at: f64| expires_at <= now;
    match engine {
        Engine::Db | Engine::CachedDb => store.db.as_ref().map_or((0, 0), |rows| {
            (
                rows.len(),
                rows.iter().filter(|r| expired(r.expires_at)).count(),
            )
        }),
        Engine::File => store.files.as_ref().map_or((0, 0), |files| {
            (
                files.len(),
                files
                    .iter()
                    .filter(|f| expired(f.mtime + DEFAULT_AGE))
                    .count(),
            )
        }),
        _ => store.cache.as_ref().map_or((0, 0), |entries| {
            (
                entries.len(),
                entries
                    .iter()
                    .filter(|e| e.expires_at.is_some_and(expired))
                    .count(),
            )
        }),
    }
}

/// SESSION_COOKIE_AGE, Django's default (the story changes no setting).
const DEFAULT_AGE: f64 = 1_209_600.0;

/// "3 rows, 2 of them expired" (the words from the fetched asset).
fn counted(engine: Engine, trace: &Trace, i: usize) -> String {
    let id = TOUR.story.id;
    let (total, expired) = kept(engine, trace, i);
    let noun = fetched::word(id, if total == 1 { "one" } else { "many" }, engine, &[]);
    if expired == 0 {
        format!("{total} {noun}")
    } else {
        let expired = [("expired", expired.to_string())];
        let of_them = fetched::word(id, "of_them_expired", engine, &expired);
        format!("{total} {noun}{of_them}")
    }
}

/// The captions, from the fetched asset, with the figures of the engine's trace.
fn captions(engine: Engine, trace: &Trace) -> Vec<String> {
    let facts = [
        ("counted0", counted(engine, trace, 0)),
        ("counted1", counted(engine, trace, 1)),
        ("counted2", counted(engine, trace, 2)),
        ("counted3", counted(engine, trace, 3)),
        ("counted4", counted(engine, trace, 4)),
    ];
    fetched::captions(TOUR.story.id, trace, &facts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::stories::checks::*;

    /// The claims the captions make, checked on the engine's trace.
    pub(super) fn check(engine: Engine, t: &Trace) {
        assert_eq!(kept(engine, t, 1), (2, 0), "{engine}");
        assert_eq!(kept(engine, t, 2), (2, 2), "{engine}");
        assert!(
            !sent_cookie(t, 3),
            "{engine}: the browser dropped the expired cookie"
        );
        assert_eq!(kept(engine, t, 3), (3, 2), "{engine}");
        match engine {
            Engine::Cache => assert_eq!(kept(engine, t, 4), (3, 2), "{engine}: nothing to do"),
            _ => assert_eq!(kept(engine, t, 4), (1, 0), "{engine}"),
        }
        if engine.uses_db() {
            assert!(
                t.steps[4]
                    .queries
                    .iter()
                    .any(|q| q.sql.starts_with("DELETE")),
                "{engine}: {:?}",
                t.steps[4].queries
            );
        }
        if engine == Engine::CachedDb {
            let entries = t.steps[4].store.cache.as_ref().unwrap();
            assert_eq!(entries.len(), 3, "the cache copies are left alone");
        }
    }
}
