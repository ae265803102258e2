//! What the cookie-jar inspector shows: every browser's cookies after a step, the session
//! cookie taken apart, and each cookie's expiry on the simulated clock.

use sessionscope_engine::scenario::{Engine, Settings};
use sessionscope_engine::session::SIGNED_COOKIE_SALT;

use super::clock_text::{countdown, utc, Countdown};
use super::cookie_size::CookieSize;
use super::model::Playground;
use super::signed_value::SignedValue;

/// What a session cookie's value is made of.
#[derive(Clone, Debug, PartialEq)]
pub enum CookieAnatomy {
    /// The db, cache, cached_db and file engines: the value is only the session key.
    SessionKey,
    /// signed_cookies: the whole session, signed, verified the way
    /// `signed_cookies.SessionStore.load()` does (`signing.loads` with the signed_cookies salt
    /// and `max_age = SESSION_COOKIE_AGE`).
    Signed(SignedValue),
}

/// Takes `value` apart as the session cookie of `engine` under `settings` at time `now`.
pub fn session_cookie_anatomy(
    value: &str,
    engine: Engine,
    settings: &Settings,
    now: f64,
) -> CookieAnatomy {
    if engine != Engine::SignedCookies {
        return CookieAnatomy::SessionKey;
    }
    let keys = settings.signing_keys();
    let max_age = Some(settings.cookie_age as f64);
    CookieAnatomy::Signed(SignedValue::loads(
        value,
        &keys,
        SIGNED_COOKIE_SALT,
        max_age,
        now,
    ))
}

/// One cookie in a jar, ready to display.
#[derive(Clone, Debug, PartialEq)]
pub struct JarCookieView {
    pub browser: String,
    pub name: String,
    pub value: String,
    /// Whether this is the session cookie (named `SESSION_COOKIE_NAME`).
    pub is_session_cookie: bool,
    /// The value taken apart (for the session cookie).
    pub anatomy: Option<CookieAnatomy>,
    /// `None`: a browser-session cookie, gone when the browser closes.
    pub expiry: Option<(String, Countdown)>,
    /// When it expires, exactly (Unix seconds).
    pub expires_at: Option<f64>,
    /// Its size as the browser measures it against 4096 bytes: name + value.
    pub size: CookieSize,
    /// With a browser applying cookie rules: why this step's request did not carry it.
    pub not_sent: Option<String>,
}

/// The jars after step `shown` (`None`: before the first step, when every jar is empty).
pub fn jar_view(playground: &Playground, shown: Option<usize>) -> Vec<JarCookieView> {
    let Some(step) = shown.and_then(|index| playground.step(index)) else {
        return Vec::new();
    };
    let settings = playground.settings_after(shown);
    let now = step.now;
    let kept_back = |browser: &str, name: &str| {
        let request = step.request.as_ref().filter(|r| r.browser == browser)?;
        request
            .not_sent
            .as_ref()?
            .iter()
            .find(|cookie| cookie.name == name)
            .map(|cookie| cookie.explanation.clone())
    };
    step.jars
        .iter()
        .flat_map(|jar| {
            jar.cookies.iter().map(|cookie| {
                let is_session_cookie = cookie.name == settings.cookie_name;
                JarCookieView {
                    browser: jar.browser.clone(),
                    name: cookie.name.clone(),
                    value: cookie.value.clone(),
                    is_session_cookie,
                    anatomy: is_session_cookie.then(|| {
                        session_cookie_anatomy(&cookie.value, playground.engine(), &settings, now)
                    }),
                    expiry: cookie
                        .expires_at
                        .map(|expires_at| (utc(expires_at), countdown(expires_at, now))),
                    expires_at: cookie.expires_at,
                    size: CookieSize::of(&cookie.name, &cookie.value, None),
                    not_sent: kept_back(&jar.browser, &cookie.name),
                }
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::signed_value::Verdict;
    use sessionscope_engine::clock::DEFAULT_START_TIME;
    use sessionscope_engine::json::{Dict, Value};
    use sessionscope_engine::scenario::{Engine, Request, Step, ViewCall};

    fn with_cart(engine: Engine) -> Playground {
        let mut playground = Playground::new(engine, DEFAULT_START_TIME, 3);
        let mut data = Dict::new();
        data.insert("cart", Value::List(vec![Value::from("book")]));
        playground.push(Step::Request(Request::new(ViewCall::Set(data))));
        playground
    }

    #[test]
    fn before_the_first_step_the_jar_is_empty() {
        assert!(jar_view(&with_cart(Engine::Db), None).is_empty());
    }

    #[test]
    fn a_server_side_cookie_is_just_the_key() {
        let view = jar_view(&with_cart(Engine::Db), Some(0));
        assert_eq!(view[0].anatomy, Some(CookieAnatomy::SessionKey));
    }

    #[test]
    fn the_session_cookie_counts_down_two_weeks() {
        let view = jar_view(&with_cart(Engine::Db), Some(0));
        assert_eq!(view.len(), 1);
        let cookie = &view[0];
        assert!(cookie.is_session_cookie);
        assert_eq!(cookie.browser, "main");
        let (date, left) = cookie.expiry.clone().expect("an expiring cookie");
        assert_eq!(date, "2023-11-28 22:13:20 UTC");
        assert_eq!(left.text, "expires in 14 d");
        assert_eq!(cookie.expires_at, Some(DEFAULT_START_TIME + 1_209_600.0));
        assert_eq!(cookie.size.counted_bytes(), "sessionid".len() + 32);
        assert_eq!(cookie.not_sent, None);
    }

    #[test]
    fn a_signed_cookie_decodes_to_the_cart() {
        let view = jar_view(&with_cart(Engine::SignedCookies), Some(0));
        let Some(CookieAnatomy::Signed(signed)) = view[0].anatomy.clone() else {
            panic!("a signed session cookie");
        };
        match signed.verdict {
            Some(Verdict::Valid { data, .. }) => {
                let cart = data.as_dict().and_then(|d| d.get("cart")).cloned();
                assert_eq!(cart, Some(Value::List(vec![Value::from("book")])));
            }
            other => panic!("expected a valid cookie, got {other:?}"),
        }
    }
}
