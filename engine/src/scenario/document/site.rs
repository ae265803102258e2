//! Where a scenario's requests go: the site's origin (scheme, host, port), the request URL, and
//! the request as the cookie rules see it. Django sees only the path and `request.is_secure()`
//! (which the session middleware never reads); the browser decides by the whole URL, what made
//! the request and which page started it.

use crate::browser::rules::{RequestContext, RequestKind, Scheme, Url};

use super::steps::Request;

/// The host of requests when neither the request nor the scenario names an origin.
pub const DEFAULT_HOST: &str = "site.test";

/// `scheme://host[:port]`: how an origin is written in a scenario.
pub fn origin_text(url: &Url) -> String {
    match url.port() {
        Some(port) => format!("{}://{}:{port}", url.scheme().as_str(), url.host()),
        None => format!("{}://{}", url.scheme().as_str(), url.host()),
    }
}

/// Reads an origin: an `http(s)` URL with nothing after the host and port but `/`.
pub fn parse_origin(text: &str) -> Option<Url> {
    let url = Url::parse(text).ok()?;
    let written = text.trim().trim_end_matches('/');
    written
        .eq_ignore_ascii_case(&origin_text(&url))
        .then(|| url.root())
}

/// `http://site.test/`, the origin when nothing names one.
pub(super) fn default_origin() -> Url {
    Url::root_of(Scheme::Http, DEFAULT_HOST)
}

impl Request {
    /// The request's origin: its own `origin`; else the scenario's (`default`), switched to
    /// `https` when the request says `secure` (so `"secure": true` keeps meaning "over https").
    pub fn origin(&self, default: &Url) -> Url {
        match &self.origin {
            Some(origin) => origin.clone(),
            None if self.secure => default.with_scheme(Scheme::Https),
            None => default.clone(),
        }
    }

    /// The absolute URL the browser requests: the origin, then the path (given a leading `/`
    /// if it has none), its query kept.
    pub fn url_text(&self, default: &Url) -> String {
        let path = if self.path.starts_with('/') {
            self.path.clone()
        } else {
            format!("/{}", self.path)
        };
        let without_fragment = path.split('#').next().unwrap_or_default();
        format!("{}{without_fragment}", origin_text(&self.origin(default)))
    }

    /// [`Request::url_text`] as the cookie rules read it (no query, normalized path).
    pub fn url(&self, default: &Url) -> Url {
        Url::parse(&self.url_text(default)).unwrap_or_else(|_| self.origin(default))
    }

    /// The page that started the request: `from`, or for a non-`navigate` request with none a
    /// page of its own origin; `None` for a browser-initiated navigation.
    pub fn initiator(&self, default: &Url) -> Option<Url> {
        match (&self.from, self.kind) {
            (Some(page), _) => Some(page.clone()),
            (None, RequestKind::Navigate) => None,
            (None, _) => Some(self.origin(default).root()),
        }
    }

    /// The request as the cookie rules see it.
    pub fn context(&self, default: &Url) -> RequestContext {
        RequestContext::new(self.kind, self.url(default), self.initiator(default))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{Scenario, ViewCall};

    fn url(text: &str) -> Url {
        Url::parse(text).unwrap()
    }

    #[test]
    fn origins_round_trip_and_reject_paths() {
        for text in [
            "https://shop.test",
            "http://127.0.0.1:8000",
            "https://site.test/",
        ] {
            let origin = parse_origin(text).unwrap();
            assert_eq!(origin_text(&origin), text.trim_end_matches('/'));
        }
        assert_eq!(parse_origin("https://shop.test/app"), None);
        assert_eq!(parse_origin("ftp://shop.test"), None);
        assert_eq!(parse_origin("shop.test"), None);
    }

    #[test]
    fn secure_switches_the_default_origin_to_https() {
        let default = Scenario::new("s", crate::session::Engine::Db).default_origin();
        let mut request = Request::new(ViewCall::Noop);
        assert_eq!(request.url_text(&default), "http://site.test/");
        request.secure = true;
        request.path = "app/?x=1#top".into();
        assert_eq!(request.url_text(&default), "https://site.test/app/?x=1");
        assert_eq!(request.url(&default), url("https://site.test/app/"));
        request.origin = Some(url("http://other.test:8080/"));
        assert_eq!(
            request.url_text(&default),
            "http://other.test:8080/app/?x=1"
        );
    }

    #[test]
    fn subresources_without_from_come_from_their_own_site() {
        let default = url("https://site.test/");
        let mut request = Request::new(ViewCall::Noop);
        assert_eq!(request.initiator(&default), None);
        request.kind = RequestKind::Fetch;
        assert_eq!(request.initiator(&default), Some(default.clone()));
        request.from = Some(url("https://other.test/"));
        assert!(request.context(&default).is_third_party(true));
    }
}
