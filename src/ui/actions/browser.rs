//! Requests another site starts, and a script on the site's page: what a browser with cookie
//! rules treats differently from a plain navigation. Each button says in one line what makes
//! the request and which cookies Chromium lets it carry.

use sessionscope_engine::browser::rules::{RequestKind, Url};
use sessionscope_engine::json::Value;
use sessionscope_engine::scenario::{Request, Scenario, ScriptStep, Step, ViewCall};

use super::action::Action;
use super::cart::{next_cart, set};
use crate::ui::python;

use crate::ui::request_options::OTHER_SITE_PAGE;

/// What a disabled button says with the simple jar.
const NEEDS_RULES: &str =
    "# the simple jar sends every cookie everywhere: choose Chromium's cookie rules (The browser)";

fn other_site() -> Option<Url> {
    Url::parse(OTHER_SITE_PAGE).ok()
}

/// A request of `kind` started by a page of https://other.test/, running `view`.
fn cross_site(kind: RequestKind, view: ViewCall) -> Step {
    let mut request = Request::new(view);
    request.kind = kind;
    request.from = other_site();
    Step::Request(request)
}

fn read_cart() -> ViewCall {
    ViewCall::Get {
        key: "cart".into(),
        default: Value::Null,
    }
}

/// A cross-site button: its explanation first, then the Python the view runs.
fn cross_site_action(
    id: &'static str,
    label: &'static str,
    why: &str,
    kind: RequestKind,
    view: ViewCall,
) -> Action {
    let code = format!("# {why}\n{}", python::view_call(&view));
    Action::new(id, label, code, cross_site(kind, view))
}

/// The buttons for requests from another site and for a script reading `document.cookie`
/// (only with Chromium's rules: the simple jar treats every request alike and runs no script).
pub fn cross_site_actions(scenario: &Scenario) -> Vec<Action> {
    let rules = scenario.uses_browser_rules();
    let actions = vec![
        cross_site_action(
            "link-from-other-site",
            "Follow a link from another site",
            "<a href> on https://other.test/: a top-level GET, so SameSite=Lax cookies go, Strict ones stay",
            RequestKind::Link,
            read_cart(),
        ),
        cross_site_action(
            "form-post-from-other-site",
            "Form POST from another site",
            "<form method=post> on https://other.test/: a cross-site POST, so SameSite=Lax and Strict cookies stay",
            RequestKind::FormPost,
            set("cart", next_cart(scenario)),
        ),
        cross_site_action(
            "fetch-from-other-site",
            "fetch() from another site",
            "fetch(url, {credentials: \"include\"}) on https://other.test/: third-party, so only SameSite=None; Secure cookies, and only if third-party cookies are allowed",
            RequestKind::Fetch,
            read_cart(),
        ),
        cross_site_action(
            "iframe-on-other-site",
            "<iframe> on another site",
            "<iframe src> on https://other.test/: third-party like fetch(): only SameSite=None; Secure cookies, if third-party cookies are allowed",
            RequestKind::Iframe,
            read_cart(),
        ),
        Action::new(
            "script-reads-cookie",
            "A script reads document.cookie",
            "document.cookie  # what injected JavaScript sees: HttpOnly cookies stay hidden",
            Step::Script(ScriptStep::read()),
        ),
    ];
    actions
        .into_iter()
        .map(|action| action.only_if(rules, NEEDS_RULES))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use sessionscope_engine::browser::rules::BrowserSettings;
    use sessionscope_engine::scenario::{run, Engine};

    fn with_rules() -> Scenario {
        let mut scenario = Scenario::new("t", Engine::Db);
        scenario.browser_rules = Some(BrowserSettings::default());
        scenario
    }

    #[test]
    fn cross_site_requests_keep_the_lax_session_cookie_except_the_link() {
        let mut scenario = with_rules();
        scenario.steps.push(Step::Request(Request::new(set(
            "cart",
            next_cart(&scenario),
        ))));
        let actions = cross_site_actions(&scenario);
        assert!(actions.iter().all(|a| a.available));
        for action in &actions {
            scenario.steps.push(action.step.clone());
        }
        let trace = run(&scenario);
        let sent = |i: usize| {
            trace.steps[i]
                .request
                .as_ref()
                .unwrap()
                .cookie_header
                .is_some()
        };
        assert!(sent(1), "a cross-site link carries a Lax cookie");
        for i in [2, 3, 4] {
            assert!(!sent(i), "step {i} keeps the Lax cookie back");
            let kept = trace.steps[i].request.as_ref().unwrap().not_sent.clone();
            assert_eq!(kept.map(|k| k.len()), Some(1), "step {i}");
        }
        let post = trace.steps[2].request.as_ref().unwrap();
        assert_eq!(post.method.as_str(), "POST");
        assert_eq!(
            post.not_sent.as_ref().unwrap()[0].explanation,
            "not sent: SameSite=Lax and this is a cross-site POST"
        );
        let script = trace.steps[5].script.as_ref().unwrap();
        assert_eq!(script.document_cookie, "", "the session cookie is HttpOnly");
        assert_eq!(script.hidden.len(), 1);
    }

    #[test]
    fn the_simple_jar_disables_them_and_says_why() {
        let scenario = Scenario::new("t", Engine::Db);
        let actions = cross_site_actions(&scenario);
        assert!(actions
            .iter()
            .all(|a| !a.available && a.code == NEEDS_RULES));
        assert!(cross_site_actions(&with_rules())
            .iter()
            .all(|a| a.code.starts_with('#') || a.code.starts_with("document.cookie")));
    }
}
