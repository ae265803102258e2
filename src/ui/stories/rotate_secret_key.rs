//! Tour 6. Rotating SECRET_KEY with fallbacks: old signatures verify through SECRET_KEY_FALLBACKS
//! until the fallback is removed; cache-stored sessions are not signed at all.

use sessionscope_engine::json::Value;
use sessionscope_engine::scenario::{Engine, Scenario, SettingChange, SettingsPatch, Step, Trace};

use super::steps::{base, get, login, set};
use super::trace::{result_text, set_cookie_len};
use super::Story;

pub(super) const STORY: Story = Story {
    id: "rotate-secret-key",
    title: "Rotating SECRET_KEY with fallbacks",
    intro: "SECRET_KEY signs session data. To replace it without logging everyone out, Django 4.1+ \
            lets you put the old key in SECRET_KEY_FALLBACKS: old signatures still verify, new ones \
            use the new key. Remove the fallback too early and every session not re-signed since is \
            lost. Cache-stored sessions are not signed at all, so they do not notice.",
    engines: &Engine::ALL,
    build: scenario,
    narrate: captions,
    #[cfg(test)]
    check: tests::check,
};

const OLD_SECRET: &str = "django-insecure-old-key-3f9a7c1e5b2d4f6a8c0e";
const NEW_SECRET: &str = "django-new-key-b81d9e4f0a6c2e7d5b3f9a1c";

fn scenario(engine: Engine) -> Scenario {
    let mut s = base(engine);
    s.settings
        .changes
        .push(SettingChange::SecretKey(OLD_SECRET.to_owned()));
    s.steps = vec![
        login("laptop", "1"),
        login("phone", "2"),
        Step::RotateSecret(NEW_SECRET.to_owned()),
        get("laptop", "_auth_user_id"),
        set("laptop", &[("theme", Value::from("dark"))]),
        Step::Settings(SettingsPatch {
            changes: vec![SettingChange::SecretKeyFallbacks(Vec::new())],
        }),
        get("laptop", "_auth_user_id"),
        get("phone", "_auth_user_id"),
    ];
    s
}

fn captions(engine: Engine, trace: &Trace) -> Vec<String> {
    let signed_store = !matches!(engine, Engine::Cache | Engine::CachedDb);
    let signed_thing = match engine {
        Engine::SignedCookies => "the cookie",
        Engine::File => "the session file",
        _ => "the session_data column",
    };
    let login_caption = match engine {
        Engine::Cache => {
            "The laptop logs in. The cache keeps its session dict as it is: nothing is signed, so \
             SECRET_KEY plays no part."
        }
        Engine::CachedDb => {
            "The laptop logs in. The database row's session_data is signed with the old SECRET_KEY; \
             the cache copy is the plain dict."
        }
        _ => "The laptop logs in; the session is signed with the old SECRET_KEY.",
    };
    vec![
        login_caption.to_owned(),
        "The phone logs in too, also under the old key.".to_owned(),
        "SECRET_KEY is rotated: the new key signs from now on and the old one moves to \
         SECRET_KEY_FALLBACKS."
            .to_owned(),
        if signed_store {
            format!(
                "The laptop reads its session: the current key does not verify {signed_thing}, the \
                 fallback does, so the user is still logged in ({}).",
                result_text(trace, 3)
            )
        } else {
            format!(
                "The laptop reads its session ({}). The cache keeps the session dict itself, unsigned, \
                 so the key plays no part.",
                result_text(trace, 3)
            )
        },
        if signed_store {
            format!(
                "The laptop changes a preference: the session is saved again, now signed with the new \
                 key (Set-Cookie {} bytes).",
                set_cookie_len(trace, 4)
            )
        } else {
            "The laptop changes a preference: the session is saved again.".to_owned()
        },
        "The old key is removed from SECRET_KEY_FALLBACKS, a little too early.".to_owned(),
        if signed_store {
            format!(
                "The laptop is fine: its session was re-signed with the new key ({}).",
                result_text(trace, 6)
            )
        } else {
            format!("The laptop is fine ({}).", result_text(trace, 6))
        },
        if signed_store {
            format!(
                "The phone has not been back since the rotation: its session is signed only with the \
                 removed key. It no longer verifies, Django treats it as empty, and the phone is logged \
                 out ({}). Keep the old key in the fallbacks until sessions signed with it have expired.",
                result_text(trace, 7)
            )
        } else {
            format!(
                "The phone is still logged in ({}): its session is read from the cache, which is not \
                 signed, so rotating SECRET_KEY does not touch it.{}",
                result_text(trace, 7),
                if engine == Engine::CachedDb {
                    " Its database row, signed with the removed key, no longer verifies: if the cache \
                     ever loses the entry, the phone is logged out."
                } else {
                    ""
                }
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
        assert_eq!(result(t, 3), s("1"));
        assert!(sets_cookie(t, 4));
        assert_eq!(result(t, 6), s("1"));
        let signed_store = !matches!(engine, Engine::Cache | Engine::CachedDb);
        if engine == Engine::CachedDb {
            let phone_key = jar_value(t, 7, "phone").unwrap();
            let rows = t.steps[7].store.db.as_ref().unwrap();
            let row = rows.iter().find(|r| r.session_key == phone_key).unwrap();
            assert_eq!(row.data, None, "the phone's row no longer verifies");
        }
        assert_eq!(
            result(t, 7),
            if signed_store { Value::Null } else { s("2") }
        );
        if engine == Engine::SignedCookies {
            let explained = sessionscope_engine::signing::explain_loads(
                &jar_value(t, 2, "laptop").unwrap(),
                &sessionscope_engine::signing::SigningKeys {
                    secret: NEW_SECRET.into(),
                    fallbacks: vec![OLD_SECRET.into()],
                },
                sessionscope_engine::session::SIGNED_COOKIE_SALT,
                None,
                t.steps[3].now,
            );
            assert_eq!(
                explained.verified_by,
                Some(sessionscope_engine::signing::VerifyingKey::Fallback(0))
            );
        }
    }
}
