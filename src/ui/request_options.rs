//! Where the next requests go: a scheme of their own (or the site's) and a path. The action
//! buttons build requests to `/` over the site's scheme; these options rewrite them before
//! they are appended, so `SESSION_COOKIE_PATH = "/app/"` can be shown missing on `/`, and a
//! `Secure` cookie refused over http.

use sessionscope_engine::browser::rules::{Scheme, Url};
use sessionscope_engine::scenario::{origin_text, Scenario, Step};

/// The options the requests panel sets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestOptions {
    /// `None`: the site's origin decides (see the browser panel); else this scheme.
    pub scheme: Option<Scheme>,
    /// The path requested (`/`, `/app/`, `/login/?next=/`).
    pub path: String,
}

impl Default for RequestOptions {
    fn default() -> RequestOptions {
        RequestOptions {
            scheme: None,
            path: "/".to_owned(),
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

    /// `step` sent with these options: a request gets the path and, when it differs from the
    /// site's, the origin; a script runs on the page at that URL. Other steps are unchanged.
    pub fn apply(&self, step: Step, scenario: &Scenario) -> Step {
        let origin = self.origin(scenario);
        let own_origin = (origin != scenario.default_origin()).then(|| origin.clone());
        match step {
            Step::Request(mut request) => {
                request.path = self.path.clone();
                if request.origin.is_none() {
                    request.origin = own_origin;
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
    fn typed_paths_get_a_leading_slash() {
        assert_eq!(normalize_path(" app/ "), "/app/");
        assert_eq!(normalize_path(""), "/");
        assert_eq!(normalize_path("/login/?next=/"), "/login/?next=/");
    }
}
