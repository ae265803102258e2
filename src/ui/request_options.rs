//! Where the next requests go and what sends them: a scheme of their own (or the site's), a
//! path, and the request's kind (the site's own page, or a link, form POST, `fetch()` or
//! iframe on another site). The action buttons build same-site requests to `/` over the
//! site's scheme; these options rewrite them before they are appended, so
//! `SESSION_COOKIE_PATH = "/app/"` can be shown missing on `/`, a `Secure` cookie refused over
//! http, and a `SameSite=Lax` cookie kept back from a cross-site POST.

use sessionscope_engine::browser::rules::{RequestKind, Scheme, Url};
use sessionscope_engine::scenario::{origin_text, Scenario, Step};

/// The options the requests panel sets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestOptions {
    /// `None`: the site's origin decides (see the browser panel); else this scheme.
    pub scheme: Option<Scheme>,
    /// The path requested (`/`, `/app/`, `/login/?next=/`).
    pub path: String,
    /// What sends the request.
    pub sender: Sender,
}

impl Default for RequestOptions {
    fn default() -> RequestOptions {
        RequestOptions {
            scheme: None,
            path: "/".to_owned(),
            sender: Sender::SameSite,
        }
    }
}

/// The page on another site that starts cross-site requests.
pub const OTHER_SITE_PAGE: &str = "https://other.test/";

/// What sends a request: the site itself, or a page of [`OTHER_SITE_PAGE`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sender {
    /// The site's own page (or the address bar): same-site.
    SameSite,
    /// `<a href>` on the other site: a top-level cross-site GET.
    Link,
    /// `<form method=post>` on the other site: a top-level cross-site POST.
    FormPost,
    /// `fetch(url, {credentials: "include"})` on the other site: third-party.
    Fetch,
    /// `<iframe src>` on the other site: third-party.
    Iframe,
}

impl Sender {
    /// Every sender, in the order the panel offers them.
    pub const ALL: [Sender; 5] = [
        Sender::SameSite,
        Sender::Link,
        Sender::FormPost,
        Sender::Fetch,
        Sender::Iframe,
    ];

    /// The button's text.
    pub fn label(self) -> &'static str {
        match self {
            Sender::SameSite => "the site itself",
            Sender::Link => "link on other.test",
            Sender::FormPost => "form POST on other.test",
            Sender::Fetch => "fetch() on other.test",
            Sender::Iframe => "iframe on other.test",
        }
    }

    /// The request kind the engine's browser acts on.
    pub fn kind(self) -> RequestKind {
        match self {
            Sender::SameSite => RequestKind::Navigate,
            Sender::Link => RequestKind::Link,
            Sender::FormPost => RequestKind::FormPost,
            Sender::Fetch => RequestKind::Fetch,
            Sender::Iframe => RequestKind::Iframe,
        }
    }

    /// The page that starts the request (`None`: the site's own).
    pub fn page(self) -> Option<Url> {
        match self {
            Sender::SameSite => None,
            _ => Url::parse(OTHER_SITE_PAGE).ok(),
        }
    }
}

/// The paths offered as one click; any other can be typed.
pub const SUGGESTED_PATHS: [&str; 3] = ["/", "/app/", "/login/"];

/// A typed path as a request path: trimmed, with a leading `/`, `/` when empty.
pub fn normalize_path(text: &str) -> String {
    let text = text.trim();
    if text.is_empty() {
        "/".to_owned()
    } else if text.starts_with('/') {
        text.to_owned()
    } else {
        format!("/{text}")
    }
}

impl RequestOptions {
    /// The origin requests go to: the site's, over the chosen scheme.
    pub fn origin(&self, scenario: &Scenario) -> Url {
        let site = scenario.default_origin();
        match self.scheme {
            Some(scheme) => site.with_scheme(scheme),
            None => site,
        }
    }

    /// `http://site.test/app/`: where the next request goes.
    pub fn target_text(&self, scenario: &Scenario) -> String {
        format!("{}{}", origin_text(&self.origin(scenario)), self.path)
    }

    /// `step` sent with these options: a request gets the path, its kind and the page that
    /// sends it (unless the button chose them) and, when it differs from the site's, the
    /// origin; a script runs on the page at that URL. Other steps are unchanged.
    pub fn apply(&self, step: Step, scenario: &Scenario) -> Step {
        let origin = self.origin(scenario);
        let own_origin = (origin != scenario.default_origin()).then(|| origin.clone());
        match step {
            Step::Request(mut request) => {
                request.path = self.path.clone();
                if request.origin.is_none() {
                    request.origin = own_origin;
                }
                if request.kind == RequestKind::Navigate && request.from.is_none() {
                    request.kind = self.sender.kind();
                    request.from = self.sender.page();
                }
                Step::Request(request)
            }
            Step::Script(mut script) if script.url.is_none() => {
                let page = format!("{}{}", origin_text(&origin), self.path);
                script.url = Url::parse(&page)
                    .ok()
                    .filter(|url| *url != scenario.default_origin().root());
                Step::Script(script)
            }
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sessionscope_engine::scenario::{Engine, Request, ScriptStep, ViewCall};

    fn request_of(step: Step) -> Request {
        match step {
            Step::Request(request) => request,
            other => panic!("not a request: {other:?}"),
        }
    }

    #[test]
    fn the_defaults_leave_a_request_as_the_buttons_built_it() {
        let scenario = Scenario::new("t", Engine::Db);
        let plain = Step::Request(Request::new(ViewCall::Noop));
        assert_eq!(
            RequestOptions::default().apply(plain.clone(), &scenario),
            plain
        );
        let script = Step::Script(ScriptStep::read());
        assert_eq!(
            RequestOptions::default().apply(script.clone(), &scenario),
            script
        );
    }

    #[test]
    fn a_scheme_and_a_path_of_their_own_end_up_in_the_request_url() {
        let scenario = Scenario::new("t", Engine::Db);
        let options = RequestOptions {
            scheme: Some(Scheme::Https),
            path: normalize_path("app/"),
            sender: Sender::SameSite,
        };
        assert_eq!(options.target_text(&scenario), "https://site.test/app/");
        let request =
            request_of(options.apply(Step::Request(Request::new(ViewCall::Noop)), &scenario));
        assert_eq!(
            request.url_text(&scenario.default_origin()),
            "https://site.test/app/"
        );
        let Step::Script(script) = options.apply(Step::Script(ScriptStep::read()), &scenario)
        else {
            panic!("a script stays a script");
        };
        assert_eq!(
            script.url.map(|u| u.path().to_owned()).as_deref(),
            Some("/app/")
        );
    }

    #[test]
    fn the_sites_own_scheme_adds_no_origin() {
        let mut scenario = Scenario::new("t", Engine::Db);
        scenario.origin = Url::parse("https://site.test").ok();
        let options = RequestOptions {
            scheme: Some(Scheme::Https),
            path: "/".into(),
            sender: Sender::SameSite,
        };
        let request =
            request_of(options.apply(Step::Request(Request::new(ViewCall::Noop)), &scenario));
        assert_eq!(request.origin, None);
        let over_http = RequestOptions {
            scheme: Some(Scheme::Http),
            ..options
        };
        let request =
            request_of(over_http.apply(Step::Request(Request::new(ViewCall::Noop)), &scenario));
        assert_eq!(
            request.url_text(&scenario.default_origin()),
            "http://site.test/"
        );
    }

    #[test]
    fn a_form_post_from_another_site_keeps_the_lax_session_cookie_back() {
        let mut scenario = Scenario::new("t", Engine::Db);
        scenario.browser_rules = crate::ui::browser_choice::new_playground_browser();
        let mut data = sessionscope_engine::json::Dict::new();
        data.insert("cart", sessionscope_engine::json::Value::from("book"));
        scenario
            .steps
            .push(Step::Request(Request::new(ViewCall::Set(data))));
        let options = RequestOptions {
            sender: Sender::FormPost,
            ..RequestOptions::default()
        };
        let post = options.apply(Step::Request(Request::new(ViewCall::Noop)), &scenario);
        let request = request_of(post.clone());
        assert_eq!(request.kind, RequestKind::FormPost);
        assert_eq!(request.from, Url::parse(OTHER_SITE_PAGE).ok());
        scenario.steps.push(post);
        let trace = sessionscope_engine::scenario::run(&scenario);
        let record = trace.steps[1].request.as_ref().unwrap();
        assert_eq!(record.method.as_str(), "POST");
        assert_eq!(record.cookie_header, None);
        assert_eq!(
            record.not_sent.as_ref().unwrap()[0].explanation,
            "not sent: SameSite=Lax and this is a cross-site POST"
        );
    }

    #[test]
    fn a_button_that_chose_its_kind_keeps_it() {
        let scenario = Scenario::new("t", Engine::Db);
        let mut link = Request::new(ViewCall::Noop);
        link.kind = RequestKind::Link;
        link.from = Url::parse("https://elsewhere.test/").ok();
        let options = RequestOptions {
            sender: Sender::Fetch,
            ..RequestOptions::default()
        };
        let kept = request_of(options.apply(Step::Request(link.clone()), &scenario));
        assert_eq!((kept.kind, kept.from), (link.kind, link.from));
    }

    #[test]
    fn typed_paths_get_a_leading_slash() {
        assert_eq!(normalize_path(" app/ "), "/app/");
        assert_eq!(normalize_path(""), "/");
        assert_eq!(normalize_path("/login/?next=/"), "/login/?next=/");
    }
}
