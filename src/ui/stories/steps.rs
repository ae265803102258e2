//! Building blocks for the stories' scenarios: requests from a named browser and the
//! session data they write.

use sessionscope_engine::browser::rules::{BrowserSettings, RequestKind, Url};
use sessionscope_engine::clock::DEFAULT_START_TIME;
use sessionscope_engine::json::{Dict, Value};
use sessionscope_engine::scenario::{Engine, Request, Scenario, Step, ViewCall};

/// A dict of `entries`, in order.
pub(super) fn dict(entries: &[(&str, Value)]) -> Dict {
    let mut d = Dict::new();
    for (key, value) in entries {
        d.insert(*key, value.clone());
    }
    d
}

/// A request from `browser` to a view doing `view`.
pub(super) fn request(browser: &str, view: ViewCall) -> Step {
    let mut request = Request::new(view);
    request.browser = browser.to_owned();
    Step::Request(request)
}

/// `request.session[key] = value` for each entry.
pub(super) fn set(browser: &str, entries: &[(&str, Value)]) -> Step {
    request(browser, ViewCall::Set(dict(entries)))
}

/// `request.session.get(key)`.
pub(super) fn get(browser: &str, key: &str) -> Step {
    request(
        browser,
        ViewCall::Get {
            key: key.to_owned(),
            default: Value::Null,
        },
    )
}

/// What a hand-written login view writes: `request.session["_auth_user_id"] = user`, without
/// the `cycle_key()`, `_auth_user_backend` and `_auth_user_hash` of `django.contrib.auth.login()`.
pub(super) fn set_user_id(browser: &str, user: &str) -> Step {
    set(browser, &[("_auth_user_id", Value::from(user))])
}

/// `django.contrib.auth.login(request, User.objects.get(pk=user))`.
pub(super) fn login(browser: &str, user: i64) -> Step {
    request(browser, ViewCall::Login { user })
}

/// `django.contrib.auth.logout(request)`.
pub(super) fn logout(browser: &str) -> Step {
    request(browser, ViewCall::Logout)
}

/// A view reading `request.user` (`django.contrib.auth.get_user()`): the user's pk or `None`.
pub(super) fn read_user(browser: &str) -> Step {
    request(browser, ViewCall::User)
}

/// A list of strings.
pub(super) fn strings(items: &[&str]) -> Value {
    Value::List(items.iter().map(|s| Value::from(*s)).collect())
}

/// An empty scenario on `engine` at the default start time.
pub(super) fn base(engine: Engine) -> Scenario {
    let mut scenario = Scenario::new("story", engine);
    scenario.start_time = DEFAULT_START_TIME;
    scenario
}

/// `step` (a request) sent over https (`"secure": true`): to `https://site.test`.
pub(super) fn over_https(mut step: Step) -> Step {
    if let Step::Request(request) = &mut step {
        request.secure = true;
    }
    step
}

/// The page on another site that starts the stories' cross-site requests.
pub(super) const OTHER_SITE: &str = "https://other.test/";

/// `step` (a request) of `kind` (`FormPost`, `Link`, …) started by a page of [`OTHER_SITE`],
/// to `path`.
pub(super) fn from_other_site(kind: RequestKind, path: &str, mut step: Step) -> Step {
    if let Step::Request(request) = &mut step {
        request.kind = kind;
        request.from = Url::parse(OTHER_SITE).ok();
        request.path = path.to_owned();
    }
    step
}

/// `scenario` with a browser applying Chromium's cookie rules (third-party cookies blocked).
pub(super) fn with_browser_rules(mut scenario: Scenario) -> Scenario {
    scenario.browser_rules = Some(BrowserSettings::default());
    scenario
}
