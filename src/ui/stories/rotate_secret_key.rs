//! Tour 6. Rotating SECRET_KEY logs users out, on every engine: `django.contrib.auth` keeps an HMAC
//! of the password hash keyed with SECRET_KEY in the session (`_auth_user_hash`), and
//! `get_user` checks it on every request; SECRET_KEY_FALLBACKS keeps them logged in, and the
//! first request re-keys the session.

use sessionscope_engine::scenario::{
    Engine, Scenario, SettingChange, SettingsPatch, Step, Trace, ViewCall,
};

use super::steps::{base, request};
use super::trace::{jar_value, result_text, short};
use super::{fetched, Story, Tour};

pub(super) const TOUR: Tour = Tour {
    story: Story {
        id: "rotate-secret-key",
        title: "Rotating SECRET_KEY logs users out",
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

/// The captions, from the fetched asset, with the figures of the engine's trace.
fn captions(_engine: Engine, trace: &Trace) -> Vec<String> {
    let facts = [
        (
            "cookie0",
            short(&jar_value(trace, 0, "laptop").unwrap_or_default()),
        ),
        (
            "before",
            short(&jar_value(trace, 2, "laptop").unwrap_or_default()),
        ),
        (
            "after",
            short(&jar_value(trace, 3, "laptop").unwrap_or_default()),
        ),
        ("result3", result_text(trace, 3)),
        ("result4", result_text(trace, 4)),
        ("result6", result_text(trace, 6)),
        ("result7", result_text(trace, 7)),
    ];
    fetched::captions(TOUR.story.id, trace, &facts)
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
