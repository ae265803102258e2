//! The request a cookie decision is about: its URL, what made it, who started it, its method,
//! and from those its same-site context (RFC 6265bis §5.2) as Chromium computes it
//! (`cookie_util::ComputeSameSiteContextForRequest` / `…ForResponse`).

use super::site::Site;
use super::url::Url;

/// What made the request (the recorded kinds of the browser-rules data).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RequestKind {
    /// A browser-initiated top-level GET (address bar, bookmark): no initiator.
    Navigate,
    /// A top-level GET from clicking `<a href>` on the initiator's page.
    Link,
    /// A top-level POST from submitting `<form method=POST>` on the initiator's page.
    FormPost,
    /// `fetch(url, {credentials: "include"})` run by the initiator's page.
    Fetch,
    /// `<iframe src=url>` on the initiator's page.
    Iframe,
    /// `<img src=url>` on the initiator's page.
    Img,
}

impl RequestKind {
    /// Every kind, in declaration order.
    pub const ALL: [RequestKind; 6] = [
        RequestKind::Navigate,
        RequestKind::Link,
        RequestKind::FormPost,
        RequestKind::Fetch,
        RequestKind::Iframe,
        RequestKind::Img,
    ];

    /// Whether the request navigates the top-level browsing context.
    pub fn is_top_level(self) -> bool {
        matches!(
            self,
            RequestKind::Navigate | RequestKind::Link | RequestKind::FormPost
        )
    }

    /// The method this kind of request uses.
    pub fn default_method(self) -> Method {
        match self {
            RequestKind::FormPost => Method::Post,
            _ => Method::Get,
        }
    }

    /// The data's name: `navigate`, `link`, `form-post`, `fetch`, `iframe`, `img`.
    pub fn name(self) -> &'static str {
        match self {
            RequestKind::Navigate => "navigate",
            RequestKind::Link => "link",
            RequestKind::FormPost => "form-post",
            RequestKind::Fetch => "fetch",
            RequestKind::Iframe => "iframe",
            RequestKind::Img => "img",
        }
    }

    /// The kind named `name` (see [`RequestKind::name`]).
    pub fn from_name(name: &str) -> Option<RequestKind> {
        RequestKind::ALL
            .into_iter()
            .find(|kind| kind.name() == name)
    }

    /// `navigation`, `link navigation`, `form POST`, `fetch()`, `<iframe> request`,
    /// `<img> request`.
    pub fn describe(self) -> &'static str {
        match self {
            RequestKind::Navigate => "navigation",
            RequestKind::Link => "link navigation",
            RequestKind::FormPost => "form POST",
            RequestKind::Fetch => "fetch()",
            RequestKind::Iframe => "<iframe> request",
            RequestKind::Img => "<img> request",
        }
    }
}

/// The request method; only its safety matters to cookies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Method {
    /// GET.
    Get,
    /// HEAD.
    Head,
    /// POST.
    Post,
    /// PUT.
    Put,
    /// PATCH.
    Patch,
    /// DELETE.
    Delete,
}

impl Method {
    /// Whether the method is "safe" (RFC 9110 §9.2.1): Lax cookies go with cross-site top-level
    /// navigations only for safe methods (§5.8.3).
    pub fn is_safe(self) -> bool {
        matches!(self, Method::Get | Method::Head)
    }

    /// `GET`, `POST`, …
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Head => "HEAD",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

/// How same-site a request is, weakest first (Chromium's `SameSiteCookieContext::ContextType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SameSiteContext {
    /// Cross-site and not a top-level navigation: only `SameSite=None` cookies.
    CrossSite,
    /// A cross-site top-level navigation with an unsafe method (POST): `None` cookies, and
    /// unspecified ones under 2 minutes old (Lax-allowing-unsafe, §5.6.7.2).
    LaxMethodUnsafe,
    /// A cross-site top-level GET: Lax and unspecified cookies too.
    Lax,
    /// Same-site, or browser-initiated: every cookie.
    Strict,
}

/// A request as the cookie rules see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestContext {
    /// Where the request goes.
    pub url: Url,
    /// What made it.
    pub kind: RequestKind,
    /// The top-level page that started it; `None` for a browser-initiated navigation. For
    /// subresources and frames this page is also the top-level site (frames nested in
    /// cross-site frames are not modelled).
    pub initiator: Option<Url>,
    /// The method.
    pub method: Method,
}

impl RequestContext {
    /// A request of `kind` to `url` started by the page at `initiator`, with the kind's method.
    pub fn new(kind: RequestKind, url: Url, initiator: Option<Url>) -> RequestContext {
        RequestContext {
            url,
            kind,
            initiator,
            method: kind.default_method(),
        }
    }

    /// A browser-initiated top-level GET to `url`.
    pub fn navigate(url: Url) -> RequestContext {
        RequestContext::new(RequestKind::Navigate, url, None)
    }

    /// The same request with another method.
    pub fn with_method(self, method: Method) -> RequestContext {
        RequestContext { method, ..self }
    }

    /// The "site for cookies" (§5.2.1): for a top-level navigation the target itself, for a
    /// subresource or frame the top-level page's site.
    pub fn site_for_cookies(&self) -> Site {
        match &self.initiator {
            Some(page) if !self.kind.is_top_level() => Site::of(page),
            _ => Site::of(&self.url),
        }
    }

    /// Whether the request is third-party: its URL is not same-site with the site for cookies
    /// (schemefully or not, see [`Site::same_as`]). Top-level navigations never are.
    pub fn is_third_party(&self, schemeful: bool) -> bool {
        !self
            .site_for_cookies()
            .same_as(&Site::of(&self.url), schemeful)
    }

    fn same_site_initiator(&self, schemeful: bool) -> bool {
        self.initiator
            .as_ref()
            .is_none_or(|page| Site::of(page).same_as(&Site::of(&self.url), schemeful))
    }

    /// The context for sending cookies (§5.2, §5.8.3): `Strict` when the target, the site for
    /// cookies and the initiator are all same-site; a cross-site top-level navigation is `Lax`
    /// (or `LaxMethodUnsafe` for an unsafe method); anything else is `CrossSite`.
    pub fn same_site_context(&self, schemeful: bool) -> SameSiteContext {
        if self.is_third_party(schemeful) {
            SameSiteContext::CrossSite
        } else if self.same_site_initiator(schemeful) {
            SameSiteContext::Strict
        } else if !self.kind.is_top_level() {
            SameSiteContext::CrossSite
        } else if self.method.is_safe() {
            SameSiteContext::Lax
        } else {
            SameSiteContext::LaxMethodUnsafe
        }
    }

    /// The context for storing cookies from the response (§5.7 step 18): top-level
    /// navigations may set any cookie, whatever their method; other same-site requests may
    /// too; cross-site ones only `SameSite=None`. Setting never needs more than `Lax`.
    pub fn same_site_context_for_set(&self, schemeful: bool) -> SameSiteContext {
        if self.kind.is_top_level() {
            SameSiteContext::Lax
        } else if self.is_third_party(schemeful) || !self.same_site_initiator(schemeful) {
            SameSiteContext::CrossSite
        } else {
            SameSiteContext::Lax
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(kind: &str, url: &str, from: Option<&str>) -> RequestContext {
        RequestContext::new(
            RequestKind::from_name(kind).unwrap(),
            Url::parse(url).unwrap(),
            from.map(|f| Url::parse(f).unwrap()),
        )
    }

    #[test]
    fn browser_initiated_navigations_are_strictly_same_site() {
        let r = request("navigate", "https://site.test/", None);
        assert_eq!(r.same_site_context(true), SameSiteContext::Strict);
        assert!(!r.is_third_party(true));
    }

    #[test]
    fn cross_site_top_level_requests_are_lax_or_lax_unsafe() {
        let link = request("link", "https://site.test/", Some("https://other.test/"));
        assert_eq!(link.same_site_context(true), SameSiteContext::Lax);
        assert!(!link.is_third_party(true));
        let post = request(
            "form-post",
            "https://site.test/",
            Some("https://other.test/"),
        );
        assert_eq!(
            post.same_site_context(true),
            SameSiteContext::LaxMethodUnsafe
        );
        assert_eq!(post.same_site_context_for_set(true), SameSiteContext::Lax);
    }

    #[test]
    fn cross_scheme_is_cross_site() {
        let link = request("link", "https://site.test/", Some("http://site.test/"));
        assert_eq!(link.same_site_context(true), SameSiteContext::Lax);
        let img = request("img", "https://site.test/", Some("http://site.test/"));
        assert_eq!(img.same_site_context(true), SameSiteContext::CrossSite);
        assert!(img.is_third_party(true));
        assert!(!img.is_third_party(false));
        assert_eq!(img.same_site_context(false), SameSiteContext::Strict);
        assert_eq!(link.same_site_context(false), SameSiteContext::Strict);
    }

    #[test]
    fn subresources_follow_the_top_level_site() {
        let same = request(
            "fetch",
            "https://site.test/",
            Some("https://sub.site.test/"),
        );
        assert_eq!(same.same_site_context(true), SameSiteContext::Strict);
        assert_eq!(same.same_site_context_for_set(true), SameSiteContext::Lax);
        let cross = request("iframe", "https://site.test/", Some("https://other.test/"));
        assert_eq!(cross.same_site_context(true), SameSiteContext::CrossSite);
        assert_eq!(
            cross.same_site_context_for_set(true),
            SameSiteContext::CrossSite
        );
        assert!(cross.is_third_party(true));
    }

    #[test]
    fn kinds_round_trip_through_their_names() {
        for kind in RequestKind::ALL {
            assert_eq!(RequestKind::from_name(kind.name()), Some(kind));
        }
        assert_eq!(RequestKind::from_name("script"), None);
        assert!(Method::Head.is_safe() && !Method::Delete.is_safe());
        let put = RequestContext::navigate(Url::parse("https://a.test/").unwrap())
            .with_method(Method::Put);
        assert_eq!(put.method.as_str(), "PUT");
    }
}
