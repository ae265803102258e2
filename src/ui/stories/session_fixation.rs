//! Tour 8. `cycle_key` on login against session fixation: a planted session key is logged in as
//! the victim unless the login view cycles the key.

use sessionscope_engine::json::Value;
use sessionscope_engine::scenario::{Engine, Scenario, Step, Trace, ViewCall};

use super::steps::{base, dict, get, request, set, set_user_id};
use super::trace::{jar_value, result_text, short};
use super::{Story, Tour};

pub(super) const TOUR: Tour = Tour {
    story: Story {
        id: "session-fixation",
        title: "cycle_key on login against session fixation",
        intro: "Session fixation: an attacker gets a session key from the site and plants it in the \
                victim's browser. If the login view keeps the key, the attacker's copy is now logged in \
                as the victim. django.contrib.auth.login() calls request.session.cycle_key(), which \
                moves the data to a new key and deletes the old one. Both logins are shown.",
        engines: &[Engine::Db, Engine::Cache, Engine::CachedDb, Engine::File, Engine::SignedCookies],
    },
    build: scenario,
    narrate: captions,
    #[cfg(test)]
    check: tests::check,
};

fn scenario(engine: Engine) -> Scenario {
    let mut s = base(engine);
    let cart = || ("cart", Value::List(Vec::new()));
    s.steps = vec![
        set("attacker", &[cart()]),
        Step::SaveCookie {
            label: "planted".to_owned(),
            name: None,
            browser: "attacker".to_owned(),
        },
        Step::RestoreCookie {
            label: "planted".to_owned(),
            browser: "victim".to_owned(),
        },
        set_user_id("victim", "7"),
        get("attacker", "_auth_user_id"),
        request("victim", ViewCall::Flush),
        set("attacker", &[cart()]),
        Step::SaveCookie {
            label: "planted again".to_owned(),
            name: None,
            browser: "attacker".to_owned(),
        },
        Step::RestoreCookie {
            label: "planted again".to_owned(),
            browser: "victim".to_owned(),
        },
        request(
            "victim",
            ViewCall::Multi(vec![
                ViewCall::CycleKey,
                ViewCall::Set(dict(&[("_auth_user_id", Value::from("7"))])),
            ]),
        ),
        get("attacker", "_auth_user_id"),
    ];
    s
}

fn captions(engine: Engine, trace: &Trace) -> Vec<String> {
    let signed = engine == Engine::SignedCookies;
    let planted = jar_value(trace, 1, "attacker").unwrap_or_default();
    let replanted = jar_value(trace, 7, "attacker").unwrap_or_default();
    let victim_after = jar_value(trace, 9, "victim").unwrap_or_default();
    vec![
        format!(
            "The attacker visits the shop and gets a session cookie ({}).",
            short(&planted)
        ),
        "The attacker keeps a copy of it.".to_owned(),
        "The attacker plants the same cookie in the victim's browser (through a subdomain, an \
         injected header or a shared machine)."
            .to_owned(),
        if signed {
            "The victim logs in with a view that forgets cycle_key(). The session data is written into \
             a new signed cookie in the victim's browser."
                .to_owned()
        } else {
            "The victim logs in with a view that forgets cycle_key(): _auth_user_id is saved under the \
             planted session key."
                .to_owned()
        },
        if signed {
            format!(
                "The attacker's copy is a different cookie holding only the empty cart, so it reads {}: \
                 with signed cookies the data is in the cookie, so fixation gains nothing.",
                result_text(trace, 4)
            )
        } else {
            format!(
                "The attacker's copy carries the same key, so the attacker is now logged in as the \
                 victim: _auth_user_id = {}.",
                result_text(trace, 4)
            )
        },
        "The victim logs out (flush).".to_owned(),
        if signed {
            format!(
                "The attacker sets up again. Same data, same second: the signed cookie is byte for \
                 byte the one from before ({}).",
                short(&replanted)
            )
        } else {
            format!(
                "The attacker tries again: the old key was flushed, so the attacker gets a fresh \
                 session ({}).",
                short(&replanted)
            )
        },
        "The attacker keeps a copy.".to_owned(),
        "And plants it in the victim's browser again.".to_owned(),
        if signed {
            "This time the login view does what django.contrib.auth.login() does: cycle_key() before \
             writing the user."
                .to_owned()
        } else {
            format!(
                "This time the login view does what django.contrib.auth.login() does: cycle_key() moves \
                 the data to a new key ({}) and deletes the planted one, then writes the user.",
                short(&victim_after)
            )
        },
        if signed {
            format!(
                "The attacker's copy reads {}: it only ever held the empty cart. With server-side \
                 engines, cycle_key() is what stops fixation; always log users in with \
                 django.contrib.auth.login().",
                result_text(trace, 10)
            )
        } else {
            format!(
                "The attacker's copy now reads {}: the planted key no longer exists. Always log users \
                 in with django.contrib.auth.login().",
                result_text(trace, 10)
            )
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::stories::checks::*;

    /// The claims the captions make, checked on the engine's trace.
    pub(super) fn check(engine: Engine, t: &Trace) {
        let server = engine != Engine::SignedCookies;
        assert_eq!(jar_value(t, 2, "victim"), jar_value(t, 1, "attacker"));
        if server {
            assert_eq!(jar_value(t, 3, "victim"), jar_value(t, 1, "attacker"));
            assert_eq!(result(t, 4), s("7"));
        } else {
            assert_ne!(jar_value(t, 3, "victim"), jar_value(t, 1, "attacker"));
            assert_eq!(result(t, 4), Value::Null);
        }
        if server {
            assert_ne!(jar_value(t, 7, "attacker"), jar_value(t, 1, "attacker"));
        } else {
            assert_eq!(jar_value(t, 7, "attacker"), jar_value(t, 1, "attacker"));
        }
        assert_eq!(jar_value(t, 8, "victim"), jar_value(t, 7, "attacker"));
        assert_ne!(jar_value(t, 9, "victim"), jar_value(t, 7, "attacker"));
        assert_eq!(result(t, 10), Value::Null);
    }
}
