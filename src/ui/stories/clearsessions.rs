//! Tour. Expired sessions stay on the server until `manage.py clearsessions`: `django_session`
//! keeps its expired rows, the file store its expired files; the cache expires entries itself.

use sessionscope_engine::scenario::{Engine, Scenario, Step, Trace};

use super::steps::{base, set, strings};
use super::trace::{step, where_stored};
use super::{Story, Tour};

pub(super) const TOUR: Tour = Tour {
    story: Story {
            id: "clearsessions",
            title: "Expired sessions and clearsessions",
            intro:
                "Django never deletes an expired session by itself: it only refuses to load it. With \
                the db and cached_db engines every expired session stays a row of django_session, and \
                with the file engine a file, until manage.py clearsessions runs \
                (SessionStore.clear_expired()). Run it daily, from cron. The cache engine needs \
                nothing: the cache expires its entries itself.",
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

/// "3 sessions, 2 of them expired".
fn counted(engine: Engine, trace: &Trace, i: usize) -> String {
    let (total, expired) = kept(engine, trace, i);
    let noun = match engine {
        Engine::Db | Engine::CachedDb => "row",
        Engine::File => "file",
        _ => "cache entry",
    };
    let plural = if total == 1 {
        noun.to_owned()
    } else if noun == "cache entry" {
        "cache entries".to_owned()
    } else {
        format!("{noun}s")
    };
    if expired == 0 {
        format!("{total} {plural}")
    } else {
        format!("{total} {plural}, {expired} of them expired")
    }
}

fn captions(engine: Engine, trace: &Trace) -> Vec<String> {
    let kept_in = where_stored(engine);
    let after_clear = match engine {
        Engine::Db => format!(
            "manage.py clearsessions runs SessionStore.clear_expired(): DELETE FROM \
             django_session WHERE expire_date < now. {} left. Without it the table grows by \
             every visitor who never comes back.",
            counted(engine, trace, 4)
        ),
        Engine::CachedDb => format!(
            "manage.py clearsessions deletes the expired database rows: {} left. The cache \
             copies need nothing: the cache expires them itself.",
            counted(engine, trace, 4)
        ),
        Engine::File => format!(
            "manage.py clearsessions removes the expired session files: {} left.",
            counted(engine, trace, 4)
        ),
        _ => format!(
            "manage.py clearsessions has nothing to do here: the cache backend's \
             clear_expired() is empty, because the cache expires its entries itself. Still {}: \
             LocMemCache drops an expired entry when it is next touched or culled, and never \
             serves it.",
            counted(engine, trace, 4)
        ),
    };
    vec![
        format!(
            "The laptop puts a book in its cart: a session in {kept_in} ({}).",
            counted(engine, trace, 0)
        ),
        format!("The phone too: {}.", counted(engine, trace, 1)),
        format!(
            "Sixteen days pass, more than SESSION_COOKIE_AGE (two weeks): both sessions have \
             expired, and the browsers will not send their cookies again. On the server: {}. \
             Django refuses to load an expired session, but does not delete it.",
            counted(engine, trace, 2)
        ),
        format!(
            "The laptop comes back with no cookie and starts a new session: {}.",
            counted(engine, trace, 3)
        ),
        after_clear,
    ]
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
