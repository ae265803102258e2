//! Tour. One tab logs out while another adds to the cart: on the server-side engines the
//! logout deletes the record the other request loaded, so its save is refused (400); with
//! signed cookies the other request's cookie lands after the logout and logs the user in
//! again. Words and scenario (the shared topology data's `logout_while_other_tab_saves`):
//! the fetched asset.

use sessionscope_engine::scenario::{Engine, Scenario, Trace};

use super::shared_topology::{build, key_tail, status_of};
use super::trace::result_text;
use super::{fetched, Story, Tour};

const ID: &str = "logout-while-other-tab-saves";

pub(super) const TOUR: Tour = Tour {
    story: Story {
        id: ID,
        title: "Logout in one tab while the other saves",
        engines: &[
            Engine::Db,
            Engine::Cache,
            Engine::CachedDb,
            Engine::File,
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
    let facts = [
        ("key0", key_tail(trace, 0)),
        ("key1", key_tail(trace, 1)),
        ("a_status2", status_of(trace, 2, "A")),
        ("b_status2", status_of(trace, 2, "B")),
        ("result3", result_text(trace, 3)),
        ("key4", key_tail(trace, 4)),
        ("b_status5", status_of(trace, 5, "B")),
        ("key5", key_tail(trace, 5)),
        ("result6", result_text(trace, 6)),
        ("result7", result_text(trace, 7)),
    ];
    fetched::captions(ID, trace, &facts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::stories::book;
    use crate::ui::stories::checks::*;
    use crate::ui::stories::shared_topology::tests::{assert_is_the_shared_trace, phase_order};
    use crate::ui::stories::shared_topology::{logged, response_to};

    /// The claims the captions make, checked on the engine's trace.
    pub(super) fn check(engine: Engine, t: &Trace) {
        let signed = engine == Engine::SignedCookies;
        assert_eq!(
            phase_order(t, 2),
            [
                "A:send",
                "B:send",
                "B:view",
                "A:view",
                "A:respond",
                "B:respond"
            ]
        );
        assert_eq!(
            phase_order(t, 5),
            [
                "A:send",
                "B:send",
                "A:view",
                "A:respond",
                "B:view",
                "B:respond"
            ]
        );
        for i in [2, 5] {
            let a = response_to(t, i, "A").unwrap();
            assert_eq!(a.status, 200);
            assert!(a.set_cookies[0].attributes.max_age == Some(0), "A deletes");
        }
        for i in [2, 5] {
            let sent = |label| {
                let c = t.steps[i].concurrent.as_ref().unwrap();
                let (_, request, _) = c.requests.iter().find(|(l, _, _)| l == label).unwrap();
                request.cookie_header.clone()
            };
            assert!(
                sent("A").is_some() && sent("A") == sent("B"),
                "the same cookie"
            );
            let before = jar_value(t, i - 1, "main").unwrap();
            assert_eq!(
                sent("B"),
                Some(format!("sessionid={before}")),
                "the old cookie"
            );
        }
        let b = response_to(t, 2, "B").unwrap();
        if signed {
            assert_eq!(b.status, 200);
            assert_eq!(b.set_cookies.len(), 1, "B sets the old session");
            assert_eq!(
                jar_value(t, 2, "main").as_ref(),
                Some(&b.set_cookies[0].value)
            );
            assert_eq!(jar_value(t, 4, "main"), jar_value(t, 3, "main"));
            assert_eq!(result_text(t, 3), "'1'", "logged in again");
            assert_eq!(result_text(t, 6), "'1'");
            let items = result(t, 7);
            let items = items.as_dict().unwrap();
            assert_eq!(items.get("cart"), Some(&strings(&["book", "mug"])));
            assert_eq!(items.get("theme"), Some(&s("dark")));
            assert_eq!(items.get("_auth_user_id"), Some(&s("1")));
        } else {
            assert_eq!(b.status, 400);
            assert_eq!(b.exception.as_deref(), Some("SessionInterrupted"));
            assert!(b.set_cookies.is_empty() && b.vary.is_none());
            assert!(logged(t, 2, Some("B:respond"))
                .contains("The request's session was deleted before the request completed"));
            assert_eq!(
                stored_sessions(t, 2),
                0,
                "the logout deleted it, mug and all"
            );
            assert!(!sent_cookie(t, 3));
            assert_eq!(result_text(t, 3), "None");
            assert_ne!(key_tail(t, 4), key_tail(t, 1), "a new key at the login");
            assert_ne!(key_tail(t, 5), key_tail(t, 4), "B's new key");
            assert_eq!(status_of(t, 5, "B"), "200");
            assert_eq!(stored_sessions(t, 5), 1);
            assert_eq!(result_text(t, 6), "None");
            assert_eq!(result_text(t, 7), "{'theme': 'dark'}");
        }
        assert_ne!(key_tail(t, 1), key_tail(t, 0), "login cycles the key");
    }

    fn strings(items: &[&str]) -> sessionscope_engine::json::Value {
        crate::ui::stories::steps::strings(items)
    }

    #[test]
    fn the_story_is_real_django_s_trace_byte_for_byte() {
        for engine in TOUR.story.engines.iter().copied() {
            let scenario = book().scenario(&TOUR.story, engine);
            assert_is_the_shared_trace(&scenario, "logout_while_other_tab_saves");
        }
    }
}
