//! Tour 13. "Works in Firefox, not in Chrome": `SESSION_COOKIE_SAMESITE = None` leaves the
//! session cookie without a `SameSite` attribute; five minutes later a login form on another
//! site POSTs to the shop. Firefox (no Lax-by-default) sends the cookie and the cart survives
//! the login; Chromium treats the cookie as Lax, past its 2-minute POST window, and keeps it
//! back. `SESSION_COOKIE_SAMESITE = 'None'` with `SESSION_COOKIE_SECURE = True` makes both send
//! it. The captions quote both browsers' traces of the same scenario.

use sessionscope_engine::browser::rules::{BrowserProfile, BrowserSettings, RequestKind};
use sessionscope_engine::json::Value;
use sessionscope_engine::scenario::{
    Engine, Scenario, SettingChange, SettingsPatch, Step, Trace, ViewCall,
};

use super::steps::{base, from_other_site, over_https, request, set, strings, OTHER_SITE};
use super::trace::{not_sent_text, request_line, result_text, set_cookie_output};
use super::{fetched, Story, Tour, STORY_KEY_SEED};
use crate::ui::engine_code;
use crate::ui::session_keys::seeded_keys;

pub(super) const TOUR: Tour = Tour {
    story: Story {
        id: "firefox-keeps-the-session",
        title: "Works in Firefox, not in Chrome",
        engines: &Engine::ALL,
    },
    build: scenario,
    narrate: captions,
    #[cfg(test)]
    check: tests::check,
};

/// `request.user` and the cart, in one request.
fn user_and_cart() -> ViewCall {
    ViewCall::Multi(vec![
        ViewCall::User,
        ViewCall::Get {
            key: "cart".into(),
            default: Value::Null,
        },
    ])
}

/// The cross-site login POST, over https.
fn login_post() -> Step {
    over_https(from_other_site(
        RequestKind::FormPost,
        "/login/",
        request("main", ViewCall::Login { user: 1 }),
    ))
}

/// The steps whose captions compare the two browsers.
const FIRST_POST: usize = 2;
const SECOND_POST: usize = 6;

fn scenario(engine: Engine) -> Scenario {
    let mut s = base(engine);
    s.browser_rules = Some(BrowserSettings::of(BrowserProfile::Firefox));
    s.settings.changes = vec![SettingChange::CookieSameSite(None)];
    s.steps = vec![
        over_https(set("main", &[("cart", strings(&["book"]))])),
        Step::Advance(300.0),
        login_post(),
        over_https(request("main", user_and_cart())),
        Step::Settings(SettingsPatch {
            changes: vec![
                SettingChange::CookieSameSite(Some("None".to_owned())),
                SettingChange::CookieSecure(true),
            ],
        }),
        over_https(set("main", &[("cart", strings(&["book", "pen"]))])),
        login_post(),
        over_https(request("main", user_and_cart())),
    ];
    s
}

/// The same scenario in Chromium, with the story's keys (the captions quote what it does).
fn in_chromium(engine: Engine) -> Trace {
    let mut chromium = scenario(engine);
    chromium.browser_rules = Some(BrowserSettings::of(BrowserProfile::Chromium));
    chromium.session_keys = seeded_keys(STORY_KEY_SEED, chromium.steps.len() * 2 + 8);
    engine_code::run(&chromium)
}

/// Whether step `i` carried a cookie.
fn cookie_went(trace: &Trace, i: usize) -> bool {
    trace
        .steps
        .get(i)
        .and_then(|s| s.request.as_ref())
        .is_some_and(|r| r.cookie_header.is_some())
}

/// The captions, from the fetched asset (their words would be static data of the page's main
/// module), with the figures of both browsers' traces.
fn captions(engine: Engine, trace: &Trace) -> Vec<String> {
    let chromium = in_chromium(engine);
    let went = |t: &Trace, i| {
        if cookie_went(t, i) {
            "sent"
        } else {
            "kept back"
        }
        .to_owned()
    };
    let facts = [
        (
            "set_cookie0",
            set_cookie_output(trace, 0).unwrap_or_default(),
        ),
        ("other_site", OTHER_SITE.to_owned()),
        ("request2", request_line(trace, FIRST_POST)),
        ("went2", went(trace, FIRST_POST)),
        (
            "kept_back",
            not_sent_text(&chromium, FIRST_POST).unwrap_or_default(),
        ),
        ("result3", result_text(trace, 3)),
        ("chromium3", result_text(&chromium, 3)),
        (
            "set_cookie5",
            set_cookie_output(trace, 5).unwrap_or_default(),
        ),
        ("went6", went(trace, SECOND_POST)),
        ("chromium_went6", went(&chromium, SECOND_POST)),
        ("result7", result_text(trace, 7)),
        ("chromium7", result_text(&chromium, 7)),
    ];
    fetched::captions(TOUR.story.id, trace, &facts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::stories::checks::*;

    /// The claims the captions make, checked on both browsers' traces.
    pub(super) fn check(engine: Engine, t: &Trace) {
        let chromium = in_chromium(engine);
        assert!(!set_cookie_output(t, 0).unwrap().contains("SameSite"));
        assert!(cookie_went(t, FIRST_POST), "Firefox sends it");
        assert!(
            !cookie_went(&chromium, FIRST_POST),
            "Chromium keeps it back"
        );
        assert!(not_sent_text(&chromium, FIRST_POST)
            .unwrap()
            .contains("more than 2 minutes old"));
        let book = Value::List(vec![s("book")]);
        assert_eq!(result(t, 3), Value::List(vec![s("1"), book]));
        assert_eq!(result(&chromium, 3), Value::List(vec![s("1"), Value::Null]));
        assert!(set_cookie_output(t, 5)
            .unwrap()
            .contains("; SameSite=None; Secure"));
        assert!(cookie_went(t, SECOND_POST) && cookie_went(&chromium, SECOND_POST));
        let both = Value::List(vec![s("1"), Value::List(vec![s("book"), s("pen")])]);
        assert_eq!(result(t, 7), both);
        assert_eq!(result(&chromium, 7), both);
    }
}
