//! A browser that applies Chromium's or Firefox's cookie rules ([`BrowserProfile`]): a cookie
//! store, its settings and the simulated time, with the four things a page can do to cookies
//! (send them with a request, store them from a response, read and write `document.cookie`).
//!
//! Time is injected: the browser reads no clock; the caller moves it with
//! [`Browser::set_now`] or [`Browser::advance`].

use super::cookie::Cookie;
use super::profile::{BrowserProfile, ProfileRules, ThirdPartyCookies};
use super::reasons::Access;
use super::request::{RequestContext, SameSiteContext};
use super::retrieval::{retrieve, Retrieval, RetrievedCookies};
use super::site::Site;
use super::storage::{CookieSource, CookieStore, SetCookieOutcome};
use super::url::Url;

/// The browser's cookie settings: whose rules, and what third-party cookies do.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct BrowserSettings {
    /// Chromium (the default) or Firefox.
    pub profile: BrowserProfile,
    /// Third-party cookies blocked, partitioned or allowed.
    pub third_party_cookies: ThirdPartyCookies,
}

impl BrowserSettings {
    /// `profile` with its default third-party setting (Chromium blocks, Firefox partitions).
    pub fn of(profile: BrowserProfile) -> BrowserSettings {
        BrowserSettings {
            profile,
            third_party_cookies: profile.rules().default_third_party_cookies,
        }
    }
}

/// A browser with a cookie store that follows RFC 6265bis as Chromium or Firefox ships it.
#[derive(Clone, Debug, PartialEq)]
pub struct Browser {
    settings: BrowserSettings,
    store: CookieStore,
    /// Firefox only: `document.cookie` writes refused because they would overwrite an HttpOnly
    /// cookie, which script goes on seeing ([`ProfileRules::script_sees_refused_overwrites`]).
    script_only: Vec<Cookie>,
    now: f64,
}

impl Browser {
    /// A browser with an empty store, at `now` (Unix seconds).
    pub fn new(settings: BrowserSettings, now: f64) -> Browser {
        Browser {
            settings,
            store: CookieStore::new(),
            script_only: Vec::new(),
            now,
        }
    }

    /// The simulated time (Unix seconds).
    pub fn now(&self) -> f64 {
        self.now
    }

    /// Sets the simulated time.
    pub fn set_now(&mut self, now: f64) {
        self.now = now;
    }

    /// Moves the simulated time by `seconds`.
    pub fn advance(&mut self, seconds: f64) {
        self.now += seconds;
    }

    /// The settings.
    pub fn settings(&self) -> BrowserSettings {
        self.settings
    }

    fn rules(&self) -> ProfileRules {
        self.settings.profile.rules()
    }

    /// The cookies in the store that have not expired, in storage order.
    pub fn cookies(&self) -> Vec<&Cookie> {
        self.store
            .cookies()
            .iter()
            .filter(|cookie| !cookie.is_expired(self.now))
            .collect()
    }

    /// Closes the browser: the session cookies are gone, persistent ones stay (RFC 6265bis
    /// §5.7). Returns the cookies removed.
    pub fn close(&mut self) -> Vec<Cookie> {
        self.store.evict_expired(self.now);
        self.script_only.retain(|c| !c.is_session());
        self.store.end_session()
    }

    /// Removes the cookies expired at the simulated time and returns them (the store does it
    /// before every access anyway; this tells the caller which ones went).
    pub fn evict_expired(&mut self) -> Vec<Cookie> {
        self.store.evict_expired(self.now)
    }

    /// The user edits the value of the first cookie called `name` in DevTools (see
    /// [`CookieStore::edit_value`]); whether there was one.
    pub fn edit_value(&mut self, name: &str, value: &str) -> bool {
        self.store.edit_value(name, value)
    }

    /// The user deletes every cookie called `name` in DevTools; how many there were.
    pub fn remove_named(&mut self, name: &str) -> usize {
        self.store.remove_named(name)
    }

    /// The user adds `cookie` in DevTools, as given (see [`CookieStore::put`]); returns the
    /// cookie it replaced.
    pub fn put(&mut self, cookie: Cookie) -> Option<Cookie> {
        self.store.put(cookie)
    }

    /// The `Cookie` header for `request`, the cookies in it, and the ones kept back with their
    /// reasons (RFC 6265bis §5.8.1, §5.8.3).
    pub fn cookies_for(&mut self, request: &RequestContext) -> RetrievedCookies {
        self.store.evict_expired(self.now);
        let rules = self.rules();
        let partition = self.partition(request);
        let retrieval = Retrieval {
            url: &request.url,
            access: access_of(request),
            same_site_context: request.same_site_context(rules.schemeful_same_site),
            third_party_blocked: self.blocks(request),
            partition: partition.as_ref(),
            rules,
        };
        retrieve(self.store.cookies(), &retrieval, self.now)
    }

    /// Applies the `Set-Cookie` lines of the response to `request`, in order (RFC 6265bis
    /// §5.7); one outcome per line.
    pub fn store_from_response<S: AsRef<str>>(
        &mut self,
        request: &RequestContext,
        set_cookie_lines: &[S],
    ) -> Vec<SetCookieOutcome> {
        let lines: Vec<&str> = set_cookie_lines.iter().map(AsRef::as_ref).collect();
        self.store_lines(request, &lines)
    }

    /// [`Browser::store_from_response`] without the generic parameter (one copy in the page).
    fn store_lines(&mut self, request: &RequestContext, lines: &[&str]) -> Vec<SetCookieOutcome> {
        self.store.evict_expired(self.now);
        let rules = self.rules();
        let partition = self.partition(request);
        let source = CookieSource {
            url: &request.url,
            access: access_of(request),
            same_site_context: request.same_site_context_for_set(rules.schemeful_same_site),
            third_party_blocked: self.blocks(request),
            partition: partition.as_ref(),
            rules,
        };
        let outcomes: Vec<SetCookieOutcome> = lines
            .iter()
            .map(|line| self.store.receive(line, &source, self.now))
            .collect();
        for outcome in &outcomes {
            let changed = match outcome {
                SetCookieOutcome::Stored { cookie, .. } => Some(cookie),
                SetCookieOutcome::Deleted { removed } => removed.as_ref(),
                SetCookieOutcome::Refused(_) => None,
            };
            if let Some(changed) = changed {
                self.script_only.retain(|c| !c.same_slot(changed));
            }
        }
        outcomes
    }

    /// `document.cookie` read by script on the top-level page at `page` (RFC 6265bis §5.8.2):
    /// the cookies a request to the page would carry, less the HttpOnly ones.
    pub fn document_cookie(&mut self, page: &Url) -> String {
        self.script_cookies(page).header.unwrap_or_default()
    }

    /// [`Browser::document_cookie`] with the cookies it shows and hides, and why.
    pub fn script_cookies(&mut self, page: &Url) -> RetrievedCookies {
        self.store.evict_expired(self.now);
        let retrieval = Retrieval {
            url: page,
            access: Access::Script,
            same_site_context: SameSiteContext::Strict,
            third_party_blocked: false,
            partition: None,
            rules: self.rules(),
        };
        if self.script_only.is_empty() {
            return retrieve(self.store.cookies(), &retrieval, self.now);
        }
        let mut seen = self.store.cookies().to_vec();
        seen.extend(self.script_only.iter().cloned());
        retrieve(&seen, &retrieval, self.now)
    }

    /// `document.cookie = text` run by script on the top-level page at `page` (a "non-HTTP"
    /// API, RFC 6265bis §5.7 steps 15 and 23.2: no HttpOnly cookie may be created or
    /// overwritten).
    pub fn script_write(&mut self, page: &Url, text: &str) -> SetCookieOutcome {
        self.store.evict_expired(self.now);
        let rules = self.rules();
        let source = CookieSource {
            url: page,
            access: Access::Script,
            same_site_context: SameSiteContext::Lax,
            third_party_blocked: false,
            partition: None,
            rules,
        };
        let outcome = self.store.receive(text, &source, self.now);
        if let SetCookieOutcome::Refused(refusal) = &outcome {
            let overwrote_http_only =
                refusal.reasons == [super::reasons::RefusalReason::OverwriteHttpOnly];
            if rules.script_sees_refused_overwrites && overwrote_http_only {
                if let Some(cookie) = self.store.cookie_described(text, &source, self.now) {
                    self.script_only.retain(|c| !c.same_slot(&cookie));
                    self.script_only.push(cookie);
                }
            }
        }
        outcome
    }

    fn blocks(&self, request: &RequestContext) -> bool {
        self.settings.third_party_cookies == ThirdPartyCookies::Blocked
            && request.is_third_party(self.rules().schemeful_same_site)
    }

    /// The partition a third-party request uses while cookies are partitioned: its top-level
    /// site's.
    fn partition(&self, request: &RequestContext) -> Option<Site> {
        let partitioned = self.settings.third_party_cookies == ThirdPartyCookies::Partitioned;
        (partitioned && request.is_third_party(self.rules().schemeful_same_site))
            .then(|| request.site_for_cookies())
    }
}

fn access_of(request: &RequestContext) -> Access {
    Access::Http {
        kind: request.kind,
        method: request.method,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::browser::rules::request::RequestKind;

    const NOW: f64 = 1_764_000_000.0;

    fn url(text: &str) -> Url {
        Url::parse(text).unwrap()
    }

    fn browser(third_party_cookies: ThirdPartyCookies) -> Browser {
        Browser::new(
            BrowserSettings {
                profile: BrowserProfile::Chromium,
                third_party_cookies,
            },
            NOW,
        )
    }

    const FOUR: [&str; 4] = [
        "strict=1; SameSite=Strict; Path=/",
        "lax=1; SameSite=Lax; Path=/",
        "none=1; SameSite=None; Secure; Path=/",
        "unspec=1; Path=/",
    ];

    #[test]
    fn a_cross_site_link_withholds_strict_only() {
        let mut b = browser(ThirdPartyCookies::Blocked);
        b.store_from_response(&RequestContext::navigate(url("https://site.test/")), &FOUR);
        let link = RequestContext::new(
            RequestKind::Link,
            url("https://site.test/echo"),
            Some(url("https://other.test/launch")),
        );
        let got = b.cookies_for(&link);
        assert_eq!(got.header.as_deref(), Some("lax=1; none=1; unspec=1"));
        assert_eq!(got.not_sent[0].cookie.name, "strict");
    }

    #[test]
    fn third_party_cookies_blocked_or_allowed() {
        let img = RequestContext::new(
            RequestKind::Img,
            url("https://site.test/echo"),
            Some(url("https://other.test/launch")),
        );
        for (setting, expected) in [
            (ThirdPartyCookies::Blocked, None),
            (ThirdPartyCookies::Allowed, Some("none=1")),
        ] {
            let mut b = browser(setting);
            b.store_from_response(&RequestContext::navigate(url("https://site.test/")), &FOUR);
            assert_eq!(b.cookies_for(&img).header.as_deref(), expected);
        }
    }

    #[test]
    fn document_cookie_hides_http_only_and_script_cannot_set_it() {
        let mut b = browser(ThirdPartyCookies::Blocked);
        let page = url("https://site.test/page");
        b.store_from_response(
            &RequestContext::navigate(page.clone()),
            &["h=1; HttpOnly; Path=/", "j=1; Path=/"],
        );
        assert!(matches!(
            b.script_write(&page, "w=1; HttpOnly; path=/"),
            SetCookieOutcome::Refused(_)
        ));
        b.script_write(&page, "v=1; path=/");
        assert_eq!(b.document_cookie(&page), "j=1; v=1");
    }

    #[test]
    fn devtools_edits_bypass_the_rules() {
        let mut b = browser(ThirdPartyCookies::Blocked);
        let home = RequestContext::navigate(url("http://site.test/"));
        b.store_from_response(&home, &["a=1; Path=/", "b=2; Path=/"]);
        assert!(b.edit_value("a", "9") && !b.edit_value("z", "9"));
        assert_eq!(b.cookies_for(&home).header.as_deref(), Some("a=9; b=2"));
        let mut secure_a = b.cookies()[0].clone();
        secure_a.secure = true;
        assert_eq!(b.put(secure_a).map(|old| old.value), Some("9".to_string()));
        assert_eq!(b.cookies_for(&home).header.as_deref(), Some("b=2"));
        assert_eq!(b.remove_named("a") + b.remove_named("z"), 1);
        b.advance(1.0);
        b.store_from_response(&home, &["c=3; Max-Age=1"]);
        b.advance(1.0);
        assert_eq!(b.evict_expired().len(), 1);
    }

    #[test]
    fn time_expires_cookies() {
        let mut b = browser(ThirdPartyCookies::Blocked);
        let home = RequestContext::navigate(url("https://site.test/"));
        b.store_from_response(&home, &["a=1; Max-Age=60", "s=1"]);
        assert_eq!(b.close().len(), 1);
        assert_eq!(b.cookies().len(), 1);
        b.advance(60.0);
        assert!(b.cookies().is_empty());
        assert_eq!(b.cookies_for(&home).header, None);
        assert_eq!(b.now(), NOW + 60.0);
    }

    #[test]
    fn firefox_partitions_third_party_cookies_and_script_sees_its_refused_overwrite() {
        let mut b = Browser::new(BrowserSettings::of(BrowserProfile::Firefox), NOW);
        let frame = RequestContext::new(
            RequestKind::Iframe,
            url("https://site.test/frame"),
            Some(url("https://other.test/launch")),
        );
        let outcomes = b.store_from_response(&frame, &FOUR);
        assert!(matches!(outcomes[0], SetCookieOutcome::Refused(_)));
        assert_eq!(
            b.cookies_for(&frame).header.as_deref(),
            Some("none=1; unspec=1")
        );
        let home = RequestContext::navigate(url("https://site.test/"));
        assert_eq!(b.cookies_for(&home).header, None);
        let page = url("https://site.test/page");
        b.store_from_response(&home, &["h=1; HttpOnly; Path=/"]);
        assert!(matches!(
            b.script_write(&page, "h=2; path=/"),
            SetCookieOutcome::Refused(_)
        ));
        assert_eq!(b.document_cookie(&page), "h=2");
        assert_eq!(b.cookies_for(&home).header.as_deref(), Some("h=1"));
        b.store_from_response(&home, &["h=3; Path=/"]);
        assert_eq!(b.document_cookie(&page), "h=3");
    }
}
