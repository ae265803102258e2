//! Tour 6. Rotating SECRET_KEY logs users out, on every engine: `django.contrib.auth` keeps an HMAC
//! of the password hash keyed with SECRET_KEY in the session (`_auth_user_hash`), and
//! `get_user` checks it on every request; SECRET_KEY_FALLBACKS keeps them logged in, and the
//! first request re-keys the session.

use sessionscope_engine::scenario::{
    Engine, Scenario, SettingChange, SettingsPatch, Step, Trace, ViewCall,
};

use super::steps::{base, request};
use super::trace::{jar_value, result_text, short};
use super::{Story, Tour};

pub(super) const TOUR: Tour = Tour {
    story: Story {
        id: "rotate-secret-key",
        title: "Rotating SECRET_KEY logs users out",
        intro: "login() stores _auth_user_hash in the session: an HMAC of the user's password hash, \
                keyed with SECRET_KEY. On every request, reading request.user recomputes it; if it does \
                not match, Django flushes the session and the user is logged out. So rotating \
                SECRET_KEY logs everybody out, even on the cache engine where nothing is signed, unless \
                the old key stays in SECRET_KEY_FALLBACKS: then the first request re-keys the session \
                under the new key. Drop the fallback too early and whoever has not been back is logged \
                out.",
        engines: &Engine::ALL,
    },
    build: scenario,
    narrate: captions,
    #[cfg(test)]
    check: tests::check,
};

const OLD_SECRET: &str = "django-insecure-old-key-5e1d7c3a9b2f4e6d8a0c";
const NEW_SECRET: &str = "django-new-key-4c2a8e6f0b1d3f5a7c9e2b4d";

fn login(browser: &str, user: i64) -> Step {
    request(browser, ViewCall::Login { user })
}

fn read_user(browser: &str) -> Step {
    request(browser, ViewCall::User)
}

fn scenario(engine: Engine) -> Scenario {
    let mut s = base(engine);
    s.settings
        .changes
        .push(SettingChange::SecretKey(OLD_SECRET.to_owned()));
    s.steps = vec![
        login("laptop", 1),
        login("phone", 2),
        Step::RotateSecret(NEW_SECRET.to_owned()),
        read_user("laptop"),
        read_user("laptop"),
        Step::Settings(SettingsPatch {
            changes: vec![SettingChange::SecretKeyFallbacks(Vec::new())],
        }),
        read_user("laptop"),
        read_user("phone"),
    ];
    s
}

fn captions(engine: Engine, trace: &Trace) -> Vec<String> {
    let laptop_before = jar_value(trace, 2, "laptop").unwrap_or_default();
    let laptop_after = jar_value(trace, 3, "laptop").unwrap_or_default();
    let new_cookie = if engine == Engine::SignedCookies {
        "a new signed cookie is sent, signed with the new key".to_owned()
    } else {
        format!(
            "the cookie changes from {} to {}",
            short(&laptop_before),
            short(&laptop_after)
        )
    };
    vec![
        format!(
            "The laptop logs in as user 1. login() cycles the session key and stores \
             _auth_user_id, _auth_user_backend and _auth_user_hash, the HMAC of user 1's password \
             hash under the old SECRET_KEY. Cookie: {}.",
            short(&jar_value(trace, 0, "laptop").unwrap_or_default())
        ),
        "The phone logs in as user 2, its hash also made with the old key.".to_owned(),
        "SECRET_KEY is rotated: the new key signs from now on, the old one moves to \
         SECRET_KEY_FALLBACKS."
            .to_owned(),
        format!(
            "The laptop reads request.user ({}). The stored hash no longer matches under the new \
             key, but it does under the fallback, so get_user() keeps the user logged in, cycles \
             the session key and stores the hash under the new key: {new_cookie}.",
            result_text(trace, 3),
        ),
        format!(
            "Next request: the hash matches under the new SECRET_KEY itself ({}); nothing \
             changes and no Set-Cookie is sent.",
            result_text(trace, 4),
        ),
        "The old key is removed from SECRET_KEY_FALLBACKS.".to_owned(),
        format!(
            "The laptop is still logged in ({}): its session was re-keyed under the new key.",
            result_text(trace, 6)
        ),
        format!(
            "The phone has not been back since the rotation: {} It is logged out ({}). Keep the \
             old key in SECRET_KEY_FALLBACKS until every session has had time to come back.",
            match engine {
                Engine::Cache => {
                    "its session is read from the cache, unsigned, but _auth_user_hash was made \
                     with the removed key, so get_user() flushes the session."
                }
                Engine::SignedCookies => {
                    "its cookie was signed with the removed key, so the session itself no longer \
                     verifies and loads as empty: no user in it."
                }
                Engine::CachedDb => {
                    "its session comes from the cache, unsigned, but _auth_user_hash was made with \
                     the removed key, so get_user() flushes the session."
                }
                _ => {
                    "its stored session_data was signed with the removed key, so it no longer \
                     verifies and loads as empty: no user in it."
                }
            },
            result_text(trace, 7)
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::stories::checks::*;
    use sessionscope_engine::event::AuthHashVerdict;
    use sessionscope_engine::json::Value;
    use sessionscope_engine::scenario::EventKind;

    /// What `get_user` found when it checked the session auth hash at step `i`.
    fn hash_check(trace: &Trace, i: usize) -> Option<AuthHashVerdict> {
        trace
            .steps
            .get(i)?
            .events
            .iter()
            .find_map(|e| match &e.kind {
                EventKind::AuthHashCheck { verdict } => Some(*verdict),
                _ => None,
            })
    }

    /// The claims the captions make, checked on the engine's trace.
    pub(super) fn check(engine: Engine, t: &Trace) {
        assert_eq!(result(t, 3), s("1"), "{engine}");
        assert_eq!(
            hash_check(t, 3),
            Some(AuthHashVerdict::VerifiedByFallback),
            "{engine}"
        );
        assert_ne!(
            jar_value(t, 2, "laptop"),
            jar_value(t, 3, "laptop"),
            "{engine}: re-keyed"
        );
        assert!(sets_cookie(t, 3), "{engine}");
        assert_eq!(result(t, 4), s("1"));
        assert_eq!(
            hash_check(t, 4),
            Some(AuthHashVerdict::Verified),
            "{engine}"
        );
        assert!(!sets_cookie(t, 4), "{engine}: nothing to change");
        assert_eq!(result(t, 6), s("1"), "{engine}");
        assert_eq!(result(t, 7), Value::Null, "{engine}");
        let phone_check = hash_check(t, 7);
        match engine {
            Engine::Cache | Engine::CachedDb => {
                assert_eq!(phone_check, Some(AuthHashVerdict::Rejected), "{engine}")
            }
            _ => assert_eq!(phone_check, None, "{engine}: no user left to check"),
        }
    }
}
