//! Tour 5. The cache evicts sessions: LocMemCache culls when it reaches MAX_ENTRIES, and only
//! cached_db gets the session back from the database.

use sessionscope_engine::scenario::{Engine, EventKind, Scenario, Trace};

use super::steps::{base, get, set_user_id};
use super::trace::{result_text, step};
use super::{fetched, Story, Tour};

pub(super) const TOUR: Tour = Tour {
    story: Story {
        id: "cache-evicts-sessions",
        title: "The cache evicts sessions",
        engines: &[Engine::Cache, Engine::CachedDb],
    },
    build: scenario,
    narrate: captions,
    #[cfg(test)]
    check: tests::check,
};

fn scenario(engine: Engine) -> Scenario {
    let mut s = base(engine);
    s.cache.max_entries = 3;
    s.cache.cull_frequency = 3;
    s.steps = vec![
        set_user_id("alice", "1"),
        set_user_id("bob", "2"),
        set_user_id("carol", "3"),
        set_user_id("dave", "4"),
        get("alice", "_auth_user_id"),
    ];
    s
}

fn cache_len(trace: &Trace, i: usize) -> usize {
    step(trace, i)
        .and_then(|s| s.store.cache.as_ref())
        .map_or(0, |entries| entries.len())
}

/// Whose sessions (by browser name) were in the cache after step `i - 1` but not after `i`.
fn evicted_at(trace: &Trace, i: usize) -> Vec<String> {
    let keys_at = |at: Option<usize>| -> Vec<String> {
        at.and_then(|at| step(trace, at))
            .and_then(|s| s.store.cache.as_ref())
            .map_or(Vec::new(), |entries| {
                entries.iter().map(|e| e.key.clone()).collect()
            })
    };
    let before = keys_at(i.checked_sub(1));
    let after = keys_at(Some(i));
    let Some(now) = step(trace, i) else {
        return Vec::new();
    };
    before
        .iter()
        .filter(|key| !after.contains(key))
        .filter_map(|key| {
            now.jars
                .iter()
                .find(|jar| jar.cookies.iter().any(|c| key.ends_with(&c.value)))
                .map(|jar| capitalised(&jar.browser))
        })
        .collect()
}

/// `name` with its first letter in capitals (an engine's English name: ASCII).
fn capitalised(name: &str) -> String {
    let mut name = name.to_owned();
    if let Some(first) = name.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    name
}

fn cache_writes(trace: &Trace, i: usize) -> usize {
    step(trace, i).map_or(0, |s| {
        s.events
            .iter()
            .filter(|e| e.kind == EventKind::StoreWrite && e.sentence.starts_with("The cache"))
            .count()
    })
}

/// The captions, from the fetched asset, with the figures of the engine's trace.
fn captions(engine: Engine, trace: &Trace) -> Vec<String> {
    let id = TOUR.story.id;
    let mut facts = vec![("result4", result_text(trace, 4))];
    for i in 0..4 {
        let writes = [("writes", cache_writes(trace, i).to_string())];
        facts.push((
            ["db_row0", "db_row1", "db_row2", "db_row3"][i],
            fetched::word(id, "db_row", engine, &writes),
        ));
        let evicted = evicted_at(trace, i);
        facts.push((
            ["evicted0", "evicted1", "evicted2", "evicted3"][i],
            if evicted.is_empty() {
                String::new()
            } else {
                fetched::word(id, "evicted", engine, &[("who", evicted.join(" and "))])
            },
        ));
        let held = cache_len(trace, i);
        facts.push((
            ["held0", "held1", "held2", "held3"][i],
            format!("{held} {}", if held == 1 { "entry" } else { "entries" }),
        ));
    }
    fetched::captions(id, trace, &facts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::stories::checks::*;
    use sessionscope_engine::json::Value;

    /// The claims the captions make, checked on the engine's trace.
    pub(super) fn check(engine: Engine, t: &Trace) {
        let alice_key = jar_value(t, 0, "alice").unwrap();
        let cache = t.steps[3].store.cache.as_ref().unwrap();
        assert!(!cache.iter().any(|e| e.key.ends_with(&alice_key)));
        let evictions: Vec<Vec<String>> = (0..4).map(|i| evicted_at(t, i)).collect();
        let names = |list: &[&str]| list.iter().map(|n| n.to_string()).collect::<Vec<_>>();
        if engine == Engine::CachedDb {
            // Two cache writes per new session: the second one culls already at Carol.
            assert_eq!(cache_len(t, 3), 2);
            assert_eq!(evictions[2], names(&["Alice"]));
            assert_eq!(evictions[3], names(&["Bob"]));
        } else {
            assert_eq!(cache_len(t, 2), 3);
            assert_eq!(cache_len(t, 3), 3);
            assert_eq!(evictions.concat(), names(&["Alice"]));
            assert!(evictions[3] == names(&["Alice"]));
        }
        for (i, evicted) in evictions.iter().enumerate() {
            assert_eq!(!evicted.is_empty(), dropped_entry(t, i), "step {i}");
        }
        if engine == Engine::CachedDb {
            assert_eq!(cache_writes(t, 0), 2);
            assert_eq!(t.steps[3].store.db.as_ref().unwrap().len(), 4);
            assert_eq!(result(t, 4), s("1"));
        } else {
            assert_eq!(result(t, 4), Value::Null);
            assert!(deletes_cookie(t, 4));
        }
    }
}
