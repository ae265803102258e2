//! Tour 4. Logout does not revoke a signed cookie: a copy taken before `flush()` still loads with
//! signed_cookies, and points at nothing with the server-side engines.

use sessionscope_engine::scenario::{Engine, Scenario, Step, Trace};

use super::steps::{base, login, logout, read_user};
use super::trace::{cookie_holds, jar_value, result_text, short, where_stored};
use super::{Story, Tour};

pub(super) const TOUR: Tour = Tour {
    story: Story {
            id: "logout-signed-cookie",
            title: "Logout does not revoke a signed cookie",
            intro:
                "Someone copies a logged-in session cookie (a shared computer, a leaked log). The user \
                logs out, which flushes the session. With a server-side engine the copy now points at \
                nothing. With signed_cookies there is nothing on the server to delete: the copy is \
                still a validly signed session until SESSION_COOKIE_AGE has passed since it was signed.",
            engines: &[
                Engine::SignedCookies,
                Engine::Db,
                Engine::Cache,
                Engine::CachedDb,
                Engine::File,
            ],
    },
    build: scenario,
    narrate: captions,
    #[cfg(test)]
    check: tests::check,
};

fn scenario(engine: Engine) -> Scenario {
    let mut s = base(engine);
    s.steps = vec![
        login("main", 1),
        Step::SaveCookie {
            label: "copied".to_owned(),
            name: None,
            browser: "main".to_owned(),
        },
        logout("main"),
        Step::RestoreCookie {
            label: "copied".to_owned(),
            browser: "main".to_owned(),
        },
        read_user("main"),
        Step::Advance(1_209_601.0),
        read_user("main"),
    ];
    s
}

fn captions(engine: Engine, trace: &Trace) -> Vec<String> {
    let copy = jar_value(trace, 1, "main").unwrap_or_default();
    let signed = engine == Engine::SignedCookies;
    vec![
        format!(
            "The user logs in with django.contrib.auth.login(); the session cookie holds {}.",
            cookie_holds(engine)
        ),
        format!(
            "Someone copies the cookie ({}): a shared computer, a browser extension, a leaked log.",
            short(&copy)
        ),
        if signed {
            "The user logs out: logout() calls request.session.flush(). Django tells the browser to \
             delete the cookie (Max-Age=0). There is no server-side record to delete."
                .to_owned()
        } else {
            format!(
                "The user logs out: logout() calls request.session.flush(), which deletes the stored \
                 session ({}) and tells the browser to delete the cookie (Max-Age=0).",
                where_stored(engine)
            )
        },
        "The copy is put back into a browser: a replay of the old cookie.".to_owned(),
        if signed {
            format!(
                "It still works: the signature is valid, so Django loads the session, the password hash in it still matches, and \
                 request.user is user {}. Logging out did not revoke it.",
                result_text(trace, 4)
            )
        } else {
            format!(
                "It points at a session that no longer exists: request.user is anonymous (get_user() gives {}) and \
                 Django deletes the cookie. Logging out revoked it.",
                result_text(trace, 4)
            )
        },
        "Two weeks and a second pass (SESSION_COOKIE_AGE is 1209600 seconds).".to_owned(),
        if signed {
            format!(
                "Only now does the copy stop working: loads() raises SignatureExpired, Django starts an \
                 empty session and get_user() gives {}.",
                result_text(trace, 6)
            )
        } else {
            format!("Still nothing: get_user() gives {}.", result_text(trace, 6))
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::stories::checks::*;
    use sessionscope_engine::json::Value;

    /// The claims the captions make, checked on the engine's trace.
    pub(super) fn check(engine: Engine, t: &Trace) {
        let server = engine != Engine::SignedCookies;
        assert!(deletes_cookie(t, 2));
        assert!(sent_cookie(t, 4));
        if server {
            assert_eq!(result(t, 4), Value::Null);
            assert!(deletes_cookie(t, 4));
        } else {
            assert_eq!(result(t, 4), s("1"));
        }
        assert_eq!(result(t, 6), Value::Null);
    }
}
