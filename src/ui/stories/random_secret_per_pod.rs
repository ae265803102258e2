//! Tour. Each pod makes up its own SECRET_KEY at start-up, behind a round-robin balancer: what
//! one pod signs, the other cannot verify. Words and scenario (the shared topology data's
//! `random_secret_per_pod`): the fetched asset.

use sessionscope_engine::scenario::{Engine, Scenario, Trace};

use super::shared_topology::{build, instance, key_tail, logged};
use super::trace::{jar_value, result_text, short};
use super::{fetched, Story, Tour};

const ID: &str = "random-secret-per-pod";

pub(super) const TOUR: Tour = Tour {
    story: Story {
        id: ID,
        title: "A random SECRET_KEY per pod",
        engines: &[
            Engine::Db,
            Engine::Cache,
            Engine::CachedDb,
            Engine::SignedCookies,
        ],
    },
    build: scenario,
    narrate: captions,
    #[cfg(test)]
    check: tests::check,
};

fn scenario(engine: Engine) -> Scenario {
    build(ID, engine)
}

/// The captions, from the fetched asset, with what the engine's trace shows.
fn captions(_engine: Engine, trace: &Trace) -> Vec<String> {
    let mut facts = Vec::new();
    for i in 0..trace.steps.len() {
        facts.push((format!("inst{i}"), instance(trace, i)));
        facts.push((format!("result{i}"), result_text(trace, i)));
        facts.push((format!("log{i}"), logged(trace, i, None)));
        facts.push((
            format!("cookie{i}"),
            jar_value(trace, i, "main").map_or_else(|| "no cookie".to_owned(), |v| short(&v)),
        ));
    }
    facts.push(("key3".to_owned(), key_tail(trace, 3)));
    let facts: Vec<(&str, String)> = facts.iter().map(|(n, v)| (n.as_str(), v.clone())).collect();
    fetched::captions(ID, trace, &facts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::stories::book;
    use crate::ui::stories::checks::*;
    use crate::ui::stories::shared_topology::tests::assert_is_the_shared_trace;
    use crate::ui::stories::told_on_versions::cached;

    const CORRUPTED: &str = "django.security.SuspiciousSession WARNING: Session data corrupted";

    /// The claims the captions make, checked on the engine's trace.
    pub(super) fn check(engine: Engine, t: &Trace) {
        for i in 0..t.steps.len() {
            let pod = if i % 2 == 0 { "web1" } else { "web2" };
            assert_eq!(instance(t, i), pod, "round robin");
        }
        let results: Vec<String> = (1..7).map(|i| result_text(t, i)).collect();
        match engine {
            Engine::Db => {
                assert_eq!(results, ["None", "['book']", "None", "None", "'1'", "None"]);
                for i in [1, 3, 4, 6] {
                    assert_eq!(logged(t, i, None), CORRUPTED, "{i}");
                }
                for i in [0, 2, 5] {
                    assert_eq!(logged(t, i, None), "nothing", "{i}");
                }
                let row = |i: usize| t.steps[i].store.db.as_ref().unwrap().iter().next().cloned();
                assert_eq!(row(1).unwrap().verifies_on.unwrap(), ["web1"]);
                let login = row(3).unwrap();
                assert_eq!(login.verifies_on.as_deref().unwrap(), ["web2"]);
                assert!(!login.data.unwrap().as_dict().unwrap().contains_key("cart"));
                assert_eq!(stored_sessions(t, 3), 1);
                assert_ne!(key_tail(t, 3), key_tail(t, 0));
                assert_eq!(row(4).unwrap().session_data, row(3).unwrap().session_data);
                assert!(!sets_cookie(t, 4));
            }
            Engine::Cache | Engine::CachedDb => {
                assert_eq!(
                    results,
                    ["['book']", "['book']", "None", "None", "None", "None"]
                );
                assert_ne!(key_tail(t, 3), key_tail(t, 0));
                assert!(t.steps[1].queries.is_empty(), "the cache answers");
                assert!(cached(t, 3).contains("'cart': ['book']"));
                assert!(cached(t, 3).contains("'_auth_user_id': '1'"));
                assert!(deletes_cookie(t, 4));
                assert_eq!(cached(t, 4), "nothing");
                assert_eq!(stored_sessions(t, 4), 0);
                assert!(!sent_cookie(t, 5) && !sent_cookie(t, 6));
            }
            _ => {
                assert_eq!(results, ["None", "None", "None", "None", "None", "None"]);
                for i in [1, 2, 4, 5, 6] {
                    assert!(sets_cookie(t, i), "{i}");
                    assert!(jar_value(t, i, "main").unwrap().starts_with("e30:"), "{i}");
                }
                assert_ne!(jar_value(t, 1, "main"), jar_value(t, 2, "main"));
                assert!(sets_cookie(t, 3));
                assert!(!jar_value(t, 3, "main").unwrap().starts_with("e30:"));
                assert_eq!(logged(t, 1, None), "nothing");
            }
        }
    }

    #[test]
    fn the_story_is_real_django_s_trace_byte_for_byte() {
        for engine in TOUR.story.engines.iter().copied() {
            let scenario = book().scenario(&TOUR.story, engine);
            assert_is_the_shared_trace(&scenario, "random_secret_per_pod");
        }
    }
}
