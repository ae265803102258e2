//! The retrieval algorithm (RFC 6265bis §5.8.3): which stored cookies go with a request (or
//! show in `document.cookie`), in which order, and why the others do not.
//!
//! As in Chromium's `CookieMonster`, only the cookies sharing the request host's registrable
//! domain are considered (`FindCookiesForRegistryControlledHost`); each gets every reason that
//! applies (`CanonicalCookie::IncludeForRequestURL`); when third-party cookies are blocked and
//! the request is third-party, every considered cookie also gets `UserPreferences`
//! (`CookieSettings::AnnotateAndMoveUserBlockedCookies`). The sent cookies are sorted by longer
//! path first, then earlier creation (§5.8.3 step 4), in both browsers.
//!
//! Under Total Cookie Protection (Firefox) a third-party request sees only the cookies of its
//! partition, the top-level site's; the others get `OtherPartition`.

use super::cookie::{cookie_string, Cookie, SameSite};
use super::path::path_matches;
use super::profile::ProfileRules;
use super::reasons::{Access, NotSent, NotSentReason};
use super::request::SameSiteContext;
use super::site::{cookie_key, Site};
use super::url::Url;
use crate::small_sort::sort_small_by_key;

/// How long an unspecified-SameSite cookie may still go with a cross-site top-level POST:
/// 2 minutes (Lax-allowing-unsafe, RFC 6265bis §5.6.7.2; Chromium's `kLaxAllowUnsafeMaxAge`).
pub const LAX_ALLOWING_UNSAFE_MAX_AGE_SECONDS: f64 = 120.0;

/// What the retrieval algorithm (RFC 6265bis §5.8.3) gives for one request or script read: the
/// `Cookie` header, the cookies in it and the ones kept back. (Not the server side's
/// [`crate::middleware::RequestCookies`], the cookies Django parsed from a `Cookie` header.)
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RetrievedCookies {
    /// The `Cookie` header value (`a=1; b=2`), or `None` when no cookie goes.
    pub header: Option<String>,
    /// The cookies sent, in header order.
    pub sent: Vec<Cookie>,
    /// The cookies considered but kept back, with their reasons.
    pub not_sent: Vec<NotSent>,
}

/// One retrieval: the URL, how the store is reached, and the request's same-site context.
#[derive(Clone, Copy, Debug)]
pub struct Retrieval<'a> {
    /// The request URL, or the page's for `document.cookie`.
    pub url: &'a Url,
    /// An HTTP request of some kind, or page script (which never sees HttpOnly cookies).
    pub access: Access,
    /// See `RequestContext::same_site_context`.
    pub same_site_context: SameSiteContext,
    /// Third-party cookies are blocked and the request is third-party.
    pub third_party_blocked: bool,
    /// The partition the request sees: the top-level site for a third-party request while
    /// cookies are partitioned, else `None` (the unpartitioned cookies).
    pub partition: Option<&'a Site>,
    /// The browser's rule choices.
    pub rules: ProfileRules,
}

/// Runs the retrieval algorithm over `cookies` (expired ones are skipped) at `now`. (Never
/// inlined: one copy in the page, whoever calls it.)
#[inline(never)]
pub fn retrieve(cookies: &[Cookie], retrieval: &Retrieval, now: f64) -> RetrievedCookies {
    let key = cookie_key(retrieval.url.host());
    let mut sent = Vec::new();
    let mut not_sent = Vec::new();
    let considered = cookies
        .iter()
        .filter(|c| !c.is_expired(now) && cookie_key(&c.domain.domain) == key);
    for cookie in considered {
        let mut reasons = exclusion_reasons(cookie, retrieval, now);
        if retrieval.third_party_blocked {
            reasons.push(NotSentReason::UserPreferences);
        }
        if cookie.partition_key.as_ref() != retrieval.partition {
            reasons.push(NotSentReason::OtherPartition);
        }
        if reasons.is_empty() {
            sent.push(cookie.clone());
        } else {
            not_sent.push(NotSent {
                cookie: cookie.clone(),
                reasons,
                access: retrieval.access,
                vocabulary: retrieval.rules.reasons,
            });
        }
    }
    let retrieval_order = |c: &Cookie| (std::cmp::Reverse(c.path.len()), c.creation_order);
    sort_small_by_key(&mut sent, retrieval_order);
    sort_small_by_key(&mut not_sent, |n| retrieval_order(&n.cookie));
    RetrievedCookies {
        header: (!sent.is_empty()).then(|| cookie_string(&sent)),
        sent,
        not_sent,
    }
}

/// Every reason of §5.8.3 step 3 that keeps `cookie` out, in DevTools order.
fn exclusion_reasons(cookie: &Cookie, retrieval: &Retrieval, now: f64) -> Vec<NotSentReason> {
    let url = retrieval.url;
    let mut reasons = Vec::new();
    if cookie.secure && !url.is_potentially_trustworthy() {
        reasons.push(NotSentReason::SecureOnly);
    }
    if cookie.http_only && retrieval.access == Access::Script {
        reasons.push(NotSentReason::HttpOnly);
    }
    if !path_matches(url.path(), &cookie.path) {
        reasons.push(NotSentReason::NotOnPath);
    }
    if !cookie.domain.includes_host(url.host()) {
        reasons.push(NotSentReason::DomainMismatch);
    }
    let lax_by_default = retrieval.rules.lax_by_default;
    if let Some(reason) = same_site_reason(cookie, retrieval.same_site_context, lax_by_default, now)
    {
        reasons.push(reason);
    }
    reasons
}

/// The SameSite rule of §5.8.3 step 3: Strict needs a strictly same-site request; Lax a
/// cross-site top-level GET at least; with Lax-by-default (Chromium) unspecified is Lax, except
/// that for its first 2 minutes it also goes with cross-site top-level POSTs (§5.6.7.2), and
/// without it (Firefox) unspecified goes everywhere; None needs Secure.
fn same_site_reason(
    cookie: &Cookie,
    context: SameSiteContext,
    lax_by_default: bool,
    now: f64,
) -> Option<NotSentReason> {
    match cookie.same_site {
        SameSite::Unspecified if !lax_by_default => None,
        SameSite::Strict if context < SameSiteContext::Strict => {
            Some(NotSentReason::SchemefulSameSiteStrict)
        }
        SameSite::Lax if context < SameSiteContext::Lax => {
            Some(NotSentReason::SchemefulSameSiteLax)
        }
        SameSite::Unspecified => {
            let recent = cookie.age(now) <= LAX_ALLOWING_UNSAFE_MAX_AGE_SECONDS;
            let needed = if recent {
                SameSiteContext::LaxMethodUnsafe
            } else {
                SameSiteContext::Lax
            };
            (context < needed).then_some(NotSentReason::SchemefulSameSiteUnspecifiedTreatedAsLax)
        }
        SameSite::None if !cookie.secure => Some(NotSentReason::SameSiteNoneInsecure),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::browser::rules::cookie::sample;
    use crate::browser::rules::profile::{CHROMIUM, FIREFOX};
    use crate::browser::rules::request::{Method, RequestKind};

    fn http(kind: RequestKind) -> Access {
        Access::Http {
            kind,
            method: kind.default_method(),
        }
    }

    fn run(cookies: &[Cookie], url: &str, context: SameSiteContext, now: f64) -> RetrievedCookies {
        let url = Url::parse(url).unwrap();
        let retrieval = Retrieval {
            url: &url,
            access: http(RequestKind::Navigate),
            same_site_context: context,
            third_party_blocked: false,
            partition: None,
            rules: CHROMIUM,
        };
        retrieve(cookies, &retrieval, now)
    }

    fn cookie(name: &str, path: &str, order: u64) -> Cookie {
        Cookie {
            path: path.to_string(),
            creation_order: order,
            ..sample(name, "1")
        }
    }

    #[test]
    fn longer_paths_first_then_older_cookies() {
        let cookies = [
            cookie("a", "/", 0),
            cookie("b", "/shop", 1),
            cookie("c", "/", 2),
        ];
        let got = run(
            &cookies,
            "https://site.test/shop/x",
            SameSiteContext::Strict,
            0.0,
        );
        assert_eq!(got.header.as_deref(), Some("b=1; a=1; c=1"));
        assert!(got.not_sent.is_empty());
    }

    #[test]
    fn reports_every_reason_for_considered_cookies_only() {
        let mut secure = cookie("s", "/shop", 0);
        secure.secure = true;
        let mut elsewhere = cookie("o", "/", 1);
        elsewhere.domain.domain = "other.test".into();
        let got = run(
            &[secure, elsewhere],
            "http://sub.site.test/",
            SameSiteContext::Strict,
            0.0,
        );
        assert_eq!(got.header, None);
        assert_eq!(got.not_sent.len(), 1);
        let names: Vec<_> = got.not_sent[0]
            .reasons
            .iter()
            .map(|r| r.cdp_name())
            .collect();
        assert_eq!(names, ["SecureOnly", "NotOnPath", "DomainMismatch"]);
    }

    #[test]
    fn unspecified_cookies_go_with_a_cross_site_post_for_two_minutes() {
        let unspecified = [cookie("u", "/", 0)];
        let post = SameSiteContext::LaxMethodUnsafe;
        let fresh = run(&unspecified, "https://site.test/", post, 1.0);
        assert_eq!(fresh.header.as_deref(), Some("u=1"));
        let at_limit = run(&unspecified, "https://site.test/", post, 120.0);
        assert_eq!(at_limit.header.as_deref(), Some("u=1"));
        let aged = run(&unspecified, "https://site.test/", post, 130.0);
        assert_eq!(aged.header, None);
        let mut lax = cookie("l", "/", 1);
        lax.same_site = SameSite::Lax;
        assert_eq!(run(&[lax], "https://site.test/", post, 1.0).header, None);
    }

    #[test]
    fn script_reads_hide_http_only_and_blocking_adds_user_preferences() {
        let mut hidden = cookie("h", "/", 0);
        hidden.http_only = true;
        let url = Url::parse("https://site.test/").unwrap();
        let script = Retrieval {
            url: &url,
            access: Access::Script,
            same_site_context: SameSiteContext::Strict,
            third_party_blocked: false,
            partition: None,
            rules: CHROMIUM,
        };
        let got = retrieve(std::slice::from_ref(&hidden), &script, 0.0);
        assert_eq!(got.not_sent[0].reasons, [NotSentReason::HttpOnly]);
        let blocked = Retrieval {
            access: Access::Http {
                kind: RequestKind::Img,
                method: Method::Get,
            },
            same_site_context: SameSiteContext::CrossSite,
            third_party_blocked: true,
            ..script
        };
        let got = retrieve(&[hidden], &blocked, 0.0);
        assert_eq!(
            got.not_sent[0].reasons,
            [
                NotSentReason::SchemefulSameSiteUnspecifiedTreatedAsLax,
                NotSentReason::UserPreferences
            ]
        );
    }

    #[test]
    fn firefox_sends_unspecified_cookies_and_keeps_partitions_apart() {
        let url = Url::parse("https://site.test/").unwrap();
        let top = Site::of(&Url::parse("https://other.test/").unwrap());
        let mut partitioned = cookie("p", "/", 1);
        partitioned.partition_key = Some(top.clone());
        let cookies = [cookie("u", "/", 0), partitioned];
        let mut retrieval = Retrieval {
            url: &url,
            access: http(RequestKind::Iframe),
            same_site_context: SameSiteContext::CrossSite,
            third_party_blocked: false,
            partition: Some(&top),
            rules: FIREFOX,
        };
        let got = retrieve(&cookies, &retrieval, 500.0);
        assert_eq!(got.header.as_deref(), Some("p=1"));
        assert_eq!(got.not_sent[0].reasons, [NotSentReason::OtherPartition]);
        assert!(got.not_sent[0]
            .explain()
            .contains("Firefox gives no reason"));
        retrieval.partition = None;
        assert_eq!(
            retrieve(&cookies, &retrieval, 500.0).header.as_deref(),
            Some("u=1")
        );
    }
}
