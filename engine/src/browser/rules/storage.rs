//! The storage model (RFC 6265bis §5.7): what happens when the browser "receives a cookie"
//! from a response or from `document.cookie`, in the order Chromium checks it
//! (`CanonicalCookie::Create`, then `IsSetPermittedInContext`, then
//! `CookieMonster::MaybeDeleteEquivalentCookieAndUpdateStatus`):
//!
//! 1. parse the line (§5.6): `DisallowedCharacter`, `NoCookieContent`,
//!    `NameValuePairExceedsMaxSize` stop here;
//! 2. the domain (§5.7 steps 7–10) and the name prefix (steps 20–22): `InvalidDomain`,
//!    `InvalidPrefix` stop here;
//! 3. third-party cookies blocked and a third-party response: `UserPreferences` alone;
//! 4. `HttpOnly` from script (step 15), `Secure` from an untrustworthy URL (step 13),
//!    `SameSite=None` without `Secure` (step 19), a Strict/Lax/unspecified cookie in a
//!    cross-site response (step 18), overwriting a `Secure` cookie from plain http (step 16),
//!    overwriting an `HttpOnly` cookie from script (step 23.2): all that apply are reported;
//! 5. the cookie replaces the one with the same name, domain, host-only-flag and path (step
//!    23). Chromium differs from the RFC here, and the recorded data follows Chromium: the
//!    replacement keeps the old creation time (and so its place in the `Cookie` header) only
//!    when the value is unchanged; a new value moves it to the end. Firefox always keeps it
//!    ([`ReplacementPlace`]);
//! 6. a cookie that arrives already expired deletes its slot and is not stored.
//!
//! Firefox runs the same checks in its own order and stops at the first that fails
//! ([`first_check_failed`]); a third-party response under Total Cookie Protection stores its
//! cookie in the top-level site's partition ([`CookieSource::partition`]).

use super::cookie::{Cookie, SameSite, SourceScheme};
use super::domain::{cookie_domain, domain_matches};
use super::firefox_console::{first_check_failed, refusal_message};
use super::lifetime::expiry_time;
use super::parse::{parse_set_cookie, SetCookieLine};
use super::path::{cookie_path, path_matches};
use super::prefixes::prefix_allows;
use super::profile::{ProfileRules, ReasonVocabulary, ReplacementPlace, SourceSchemeRule};
use super::reasons::{Access, CookieWarning, Refusal, RefusalReason};
use super::request::SameSiteContext;
use super::site::Site;
use super::url::{Scheme, Url};
use crate::small_sort::sort_small_by_key;

/// What became of one received `Set-Cookie` line or `document.cookie` write.
#[derive(Clone, Debug, PartialEq)]
pub enum SetCookieOutcome {
    /// The cookie is in the store now.
    Stored {
        /// The stored cookie.
        cookie: Cookie,
        /// The cookie it replaced (same name, domain and path), if any.
        replaced: Option<Cookie>,
        /// Attributes that were ignored or adjusted.
        warnings: Vec<CookieWarning>,
    },
    /// The cookie arrived already expired (`Max-Age=0`, a past `Expires`): it deleted the
    /// cookie in its slot, if there was one, and was not stored.
    Deleted {
        /// The cookie that was removed, if any.
        removed: Option<Cookie>,
    },
    /// The line was ignored.
    Refused(Refusal),
}

/// Where a cookie comes from: everything the storage model needs to know about the source.
#[derive(Clone, Copy, Debug)]
pub struct CookieSource<'a> {
    /// The response's URL, or the page's for `document.cookie`.
    pub url: &'a Url,
    /// A response to a request of some kind, or page script.
    pub access: Access,
    /// The same-site context for setting (see `RequestContext::same_site_context_for_set`).
    pub same_site_context: SameSiteContext,
    /// Third-party cookies are blocked and the source is third-party.
    pub third_party_blocked: bool,
    /// Cookies are partitioned and the source is third-party: the top-level site whose
    /// partition the cookie goes to.
    pub partition: Option<&'a Site>,
    /// The browser's rule choices.
    pub rules: ProfileRules,
}

/// The cookie store: the cookies, and the counter that orders their creation.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CookieStore {
    cookies: Vec<Cookie>,
    next_creation_order: u64,
}

impl CookieStore {
    /// An empty store.
    pub fn new() -> CookieStore {
        CookieStore::default()
    }

    /// Every stored cookie, expired ones included until [`CookieStore::evict_expired`] runs.
    pub fn cookies(&self) -> &[Cookie] {
        &self.cookies
    }

    /// Removes and returns the cookies expired at `now` ("the user agent MUST evict all
    /// expired cookies", §5.7).
    pub fn evict_expired(&mut self, now: f64) -> Vec<Cookie> {
        let (expired, kept) = std::mem::take(&mut self.cookies)
            .into_iter()
            .partition(|cookie| cookie.is_expired(now));
        self.cookies = kept;
        expired
    }

    /// Removes and returns the session cookies: "when the current session is over", the
    /// cookies whose persistent-flag is false go (§5.7, last paragraph).
    pub fn end_session(&mut self) -> Vec<Cookie> {
        let (session, kept) = std::mem::take(&mut self.cookies)
            .into_iter()
            .partition(Cookie::is_session);
        self.cookies = kept;
        session
    }

    /// What DevTools' Application panel does when the user edits a value: the first stored
    /// cookie called `name` gets `value`, everything else (its place included) stays. Whether
    /// there was one. No rule is checked: the user is not a website.
    pub fn edit_value(&mut self, name: &str, value: &str) -> bool {
        match self.cookies.iter_mut().find(|c| c.name == name) {
            Some(cookie) => {
                cookie.value = value.to_string();
                true
            }
            None => false,
        }
    }

    /// Removes every cookie called `name` (DevTools' delete); how many there were.
    pub fn remove_named(&mut self, name: &str) -> usize {
        let before = self.cookies.len();
        self.cookies.retain(|c| c.name != name);
        before - self.cookies.len()
    }

    /// Puts `cookie` in the store as given (DevTools' "add cookie"), replacing the cookie in
    /// its slot, with a fresh creation order; returns the one replaced. No rule is checked.
    pub fn put(&mut self, mut cookie: Cookie) -> Option<Cookie> {
        let replaced = self
            .cookies
            .iter()
            .position(|c| c.same_slot(&cookie))
            .map(|index| self.cookies.remove(index));
        cookie.creation_order = self.next_creation_order;
        self.next_creation_order += 1;
        self.cookies.push(cookie);
        replaced
    }

    /// Receives one `Set-Cookie` line (or `document.cookie` write) from `source` at `now`.
    /// (Never inlined: one copy in the page, whoever calls it.)
    #[inline(never)]
    pub fn receive(&mut self, line: &str, source: &CookieSource, now: f64) -> SetCookieOutcome {
        let parsed = match parse_set_cookie(line) {
            Ok(parsed) => parsed,
            Err(reason) => return refusal(line, source, vec![reason], true),
        };
        let created = self.create(&parsed, source, now);
        let create_reasons = created.as_ref().err().cloned().unwrap_or_default();
        let mut context_reasons = permission_reasons(&parsed, source);
        let slot = created
            .as_ref()
            .ok()
            .and_then(|(cookie, _)| self.cookies.iter().position(|c| c.same_slot(cookie)));
        if let Ok((cookie, _)) = &created {
            if !source.url.is_potentially_trustworthy() && self.shadows_a_secure_cookie(cookie) {
                context_reasons.push(RefusalReason::OverwriteSecure);
            }
        }
        let old_is_http_only = slot.is_some_and(|index| self.cookies[index].http_only);
        if source.access == Access::Script && old_is_http_only {
            context_reasons.push(RefusalReason::OverwriteHttpOnly);
        }
        let nameless = parsed.name.is_empty();
        let reasons = match source.rules.reasons {
            // Chromium: `CanonicalCookie::Create`'s reasons alone, else third-party blocking
            // alone, else every context reason.
            ReasonVocabulary::DevTools if !create_reasons.is_empty() => create_reasons,
            ReasonVocabulary::DevTools if source.third_party_blocked => {
                vec![RefusalReason::UserPreferences]
            }
            ReasonVocabulary::DevTools => context_reasons,
            ReasonVocabulary::FirefoxConsole => {
                let mut all = create_reasons;
                all.extend(context_reasons);
                if source.third_party_blocked {
                    all.push(RefusalReason::UserPreferences);
                }
                first_check_failed(&all, nameless).into_iter().collect()
            }
        };
        let (cookie, warnings) = match created {
            Ok(created) if reasons.is_empty() => created,
            _ => return refusal(line, source, reasons, nameless),
        };
        let replaced = slot.map(|index| self.cookies.remove(index));
        if cookie.is_expired(now) {
            return SetCookieOutcome::Deleted { removed: replaced };
        }
        let cookie = self.insert(cookie, replaced.as_ref(), source.rules);
        SetCookieOutcome::Stored {
            cookie,
            replaced,
            warnings,
        }
    }

    /// The cookie `line` would create from `source` (whether or not the store would take it),
    /// if the line describes one.
    pub fn cookie_described(&self, line: &str, source: &CookieSource, now: f64) -> Option<Cookie> {
        let parsed = parse_set_cookie(line).ok()?;
        self.create(&parsed, source, now)
            .ok()
            .map(|(cookie, _)| cookie)
    }

    /// Chromium's `CanonicalCookie::Create`: the cookie a parsed line describes, or the
    /// reasons it cannot exist (`InvalidDomain`, `InvalidPrefix`).
    fn create(
        &self,
        line: &SetCookieLine,
        source: &CookieSource,
        now: f64,
    ) -> Result<(Cookie, Vec<CookieWarning>), Vec<RefusalReason>> {
        let url = source.url;
        let rules = source.rules;
        let domain = cookie_domain(url, line.domain.as_deref());
        let mut reasons = Vec::new();
        if domain.is_none() {
            reasons.push(RefusalReason::InvalidDomain);
        }
        if !prefix_allows(line, url, rules.host_prefix_needs_path_attribute) {
            reasons.push(RefusalReason::InvalidPrefix);
        }
        let Some(domain) = domain.filter(|_| reasons.is_empty()) else {
            return Err(reasons);
        };
        let mut warnings = line.warnings.clone();
        if let Some(path) = line
            .path
            .as_deref()
            .filter(|p| !p.is_empty() && !p.starts_with('/'))
        {
            warnings.push(CookieWarning::PathNotAbsolute(path.to_string()));
        }
        let (expires_at, lifetime_warnings) = expiry_time(line, now);
        warnings.extend(lifetime_warnings);
        if source.partition.is_some() {
            warnings.push(CookieWarning::PartitionedWithoutAttribute);
        }
        let secure_source = match rules.source_scheme {
            // https always counts as a secure source; http://localhost only for a Secure
            // cookie (recorded: `plain=1` from http://localhost is `NonSecure`, `sec=1;
            // Secure` is `Secure`).
            SourceSchemeRule::TrustworthyForSecureCookies => {
                url.scheme() == Scheme::Https || (line.secure && url.is_potentially_trustworthy())
            }
            SourceSchemeRule::UrlSchemeMerged => url.scheme() == Scheme::Https,
        };
        let source_scheme = if secure_source {
            SourceScheme::Secure
        } else {
            SourceScheme::NonSecure
        };
        let cookie = Cookie {
            name: line.name.clone(),
            value: line.value.clone(),
            domain,
            path: cookie_path(line.path.as_deref(), url.path()).to_string(),
            secure: line.secure,
            http_only: line.http_only,
            same_site: line.same_site,
            expires_at,
            created_at: now,
            source_scheme,
            creation_order: self.next_creation_order,
            partition_key: source.partition.cloned(),
        };
        Ok((cookie, warnings))
    }

    /// §5.7 step 16: a stored `Secure` cookie with the same name, whose domain domain-matches
    /// the new cookie's or the other way round (§5.1.3, on the bare domains: Chromium refuses
    /// a host-only `sub.site.test` cookie from http when a `Secure` host-only `site.test` one
    /// exists), and whose path the new cookie's path path-matches.
    fn shadows_a_secure_cookie(&self, cookie: &Cookie) -> bool {
        let new_domain = &cookie.domain.domain;
        self.cookies.iter().any(|existing| {
            let old_domain = &existing.domain.domain;
            existing.secure
                && existing.partition_key == cookie.partition_key
                && existing.name == cookie.name
                && (domain_matches(new_domain, old_domain)
                    || domain_matches(old_domain, new_domain))
                && path_matches(&cookie.path, &existing.path)
        })
    }

    /// Stores `cookie`; a replacement keeps the old creation time where the browser keeps its
    /// place ([`ReplacementPlace`]), and Firefox merges the source schemes.
    fn insert(
        &mut self,
        mut cookie: Cookie,
        replaced: Option<&Cookie>,
        rules: ProfileRules,
    ) -> Cookie {
        let keeps_place = |old: &Cookie, new: &Cookie| match rules.replacement_place {
            ReplacementPlace::KeptForSameValue => old.value == new.value,
            ReplacementPlace::Kept => true,
        };
        match replaced {
            Some(old) if keeps_place(old, &cookie) => {
                cookie.created_at = old.created_at;
                cookie.creation_order = old.creation_order;
            }
            _ => self.next_creation_order += 1,
        }
        if let (Some(old), SourceSchemeRule::UrlSchemeMerged) = (replaced, rules.source_scheme) {
            if old.source_scheme == SourceScheme::Secure {
                cookie.source_scheme = SourceScheme::Secure;
            }
        }
        self.cookies.push(cookie.clone());
        cookie
    }
}

/// The refusal of `line` for `reasons`, in the browser's words: Chromium's reasons sorted in
/// DevTools order, or Firefox's console message for its one reason.
fn refusal(
    line: &str,
    source: &CookieSource,
    mut reasons: Vec<RefusalReason>,
    nameless: bool,
) -> SetCookieOutcome {
    let console = match source.rules.reasons {
        ReasonVocabulary::DevTools => None,
        ReasonVocabulary::FirefoxConsole => {
            reasons = first_check_failed(&reasons, nameless).into_iter().collect();
            reasons
                .first()
                .and_then(|reason| refusal_message(*reason, line, source.access))
        }
    };
    sort_small_by_key(&mut reasons, |r| *r);
    SetCookieOutcome::Refused(Refusal {
        line: line.to_string(),
        reasons,
        access: source.access,
        vocabulary: source.rules.reasons,
        console,
    })
}

/// Chromium's `IsSetPermittedInContext` checks (§5.7 steps 13, 15, 18, 19). Without
/// Lax-by-default (Firefox) a cookie without `SameSite` may come from a cross-site response.
fn permission_reasons(line: &SetCookieLine, source: &CookieSource) -> Vec<RefusalReason> {
    let mut reasons = Vec::new();
    if source.access == Access::Script && line.http_only {
        reasons.push(RefusalReason::HttpOnly);
    }
    if line.secure && !source.url.is_potentially_trustworthy() {
        reasons.push(RefusalReason::SecureOnly);
    }
    let cross_site = source.same_site_context < SameSiteContext::Lax;
    match line.same_site {
        SameSite::None if !line.secure => reasons.push(RefusalReason::SameSiteNoneInsecure),
        SameSite::None => {}
        SameSite::Strict if cross_site => reasons.push(RefusalReason::SchemefulSameSiteStrict),
        SameSite::Lax if cross_site => reasons.push(RefusalReason::SchemefulSameSiteLax),
        SameSite::Unspecified if cross_site && source.rules.lax_by_default => {
            reasons.push(RefusalReason::SchemefulSameSiteUnspecifiedTreatedAsLax)
        }
        _ => {}
    }
    reasons
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::browser::rules::profile::{CHROMIUM, FIREFOX};
    use crate::browser::rules::request::{Method, RequestKind};

    const NOW: f64 = 1_764_000_000.0;

    fn source(url: &Url) -> CookieSource<'_> {
        CookieSource {
            url,
            access: Access::Http {
                kind: RequestKind::Navigate,
                method: Method::Get,
            },
            same_site_context: SameSiteContext::Lax,
            third_party_blocked: false,
            partition: None,
            rules: CHROMIUM,
        }
    }

    fn reasons(outcome: &SetCookieOutcome) -> Vec<&'static str> {
        match outcome {
            SetCookieOutcome::Refused(refusal) => {
                refusal.reasons.iter().map(|r| r.cdp_name()).collect()
            }
            _ => vec![],
        }
    }

    #[test]
    fn stores_then_replaces_then_deletes() {
        let url = Url::parse("https://site.test/").unwrap();
        let mut store = CookieStore::new();
        assert!(matches!(
            store.receive("a=1; Path=/", &source(&url), NOW),
            SetCookieOutcome::Stored { replaced: None, .. }
        ));
        let outcome = store.receive("a=2; Path=/", &source(&url), NOW);
        assert!(matches!(
            outcome,
            SetCookieOutcome::Stored {
                replaced: Some(_),
                ..
            }
        ));
        assert_eq!(store.cookies().len(), 1);
        let outcome = store.receive("a=; Max-Age=0; Path=/", &source(&url), NOW);
        assert!(matches!(
            outcome,
            SetCookieOutcome::Deleted { removed: Some(_) }
        ));
        assert!(store.cookies().is_empty());
    }

    #[test]
    fn same_value_keeps_its_creation_new_value_moves_to_the_end() {
        let url = Url::parse("https://site.test/").unwrap();
        let mut store = CookieStore::new();
        for line in ["a=1", "b=1", "a=1; Max-Age=60"] {
            store.receive(line, &source(&url), NOW);
        }
        let order = |s: &CookieStore, name: &str| {
            s.cookies()
                .iter()
                .find(|c| c.name == name)
                .unwrap()
                .creation_order
        };
        assert!(order(&store, "a") < order(&store, "b"));
        store.receive("a=2", &source(&url), NOW);
        assert!(order(&store, "a") > order(&store, "b"));
    }

    #[test]
    fn http_cannot_overwrite_a_secure_cookie() {
        let https = Url::parse("https://site.test/").unwrap();
        let http = Url::parse("http://site.test/").unwrap();
        let mut store = CookieStore::new();
        store.receive("s=1; Secure; Path=/", &source(&https), NOW);
        let outcome = store.receive("s=2; Path=/", &source(&http), NOW);
        assert_eq!(reasons(&outcome), ["OverwriteSecure"]);
        let outcome = store.receive("s=2; Secure; Path=/", &source(&http), NOW);
        assert_eq!(reasons(&outcome), ["SecureOnly", "OverwriteSecure"]);
        let outcome = store.receive("s=2; Path=/other", &source(&http), NOW);
        assert_eq!(reasons(&outcome), ["OverwriteSecure"]);
        assert_eq!(store.cookies()[0].value, "1");
    }

    #[test]
    fn a_secure_host_only_cookie_guards_its_subdomains_from_http() {
        let https = Url::parse("https://site.test/").unwrap();
        let http_sub = Url::parse("http://sub.site.test/").unwrap();
        let mut store = CookieStore::new();
        store.receive("h=1; Secure; Path=/", &source(&https), NOW);
        let outcome = store.receive("h=2; Path=/", &source(&http_sub), NOW);
        assert_eq!(reasons(&outcome), ["OverwriteSecure"]);
    }

    #[test]
    fn localhost_is_a_secure_source_only_for_secure_cookies() {
        let localhost = Url::parse("http://localhost/").unwrap();
        let mut store = CookieStore::new();
        store.receive("plain=1", &source(&localhost), NOW);
        store.receive("sec=1; Secure", &source(&localhost), NOW);
        let schemes: Vec<_> = store.cookies().iter().map(|c| c.source_scheme).collect();
        assert_eq!(schemes, [SourceScheme::NonSecure, SourceScheme::Secure]);
    }

    #[test]
    fn create_errors_stop_before_context_checks() {
        let url = Url::parse("http://site.test/").unwrap();
        let mut store = CookieStore::new();
        let outcome = store.receive("__Host-x=1; Domain=other.test; Secure", &source(&url), NOW);
        assert_eq!(reasons(&outcome), ["InvalidDomain", "InvalidPrefix"]);
        let mut blocked = source(&url);
        blocked.third_party_blocked = true;
        blocked.same_site_context = SameSiteContext::CrossSite;
        let outcome = store.receive("a=1; SameSite=Strict", &blocked, NOW);
        assert_eq!(reasons(&outcome), ["UserPreferences"]);
    }

    #[test]
    fn script_cannot_create_or_overwrite_http_only() {
        let url = Url::parse("https://site.test/").unwrap();
        let mut store = CookieStore::new();
        store.receive("h=1; HttpOnly; Path=/", &source(&url), NOW);
        let mut script = source(&url);
        script.access = Access::Script;
        assert_eq!(
            reasons(&store.receive("w=1; HttpOnly", &script, NOW)),
            ["HttpOnly"]
        );
        assert_eq!(
            reasons(&store.receive("h=2; Path=/", &script, NOW)),
            ["OverwriteHttpOnly"]
        );
    }

    #[test]
    fn firefox_keeps_the_place_reports_one_reason_and_partitions() {
        let http = Url::parse("http://site.test/").unwrap();
        let https = Url::parse("https://site.test/").unwrap();
        let mut store = CookieStore::new();
        let firefox = |url| CookieSource {
            rules: FIREFOX,
            ..source(url)
        };
        for line in ["a=1", "b=1", "a=2"] {
            store.receive(line, &firefox(&https), NOW);
        }
        assert!(store.cookies()[1].creation_order < store.cookies()[0].creation_order);
        store.receive("s=1; Secure; Path=/", &firefox(&https), NOW);
        let outcome = store.receive("s=2; Secure; Path=/", &firefox(&http), NOW);
        let SetCookieOutcome::Refused(refusal) = outcome else {
            panic!("stored")
        };
        assert_eq!(
            reasons(&SetCookieOutcome::Refused(refusal.clone())),
            ["SecureOnly"]
        );
        assert_eq!(
            refusal.console.map(|m| m.key),
            Some("CookieRejectedSecureButNonHttps")
        );
        let top = Site::of(&Url::parse("https://other.test/").unwrap());
        let mut third_party = firefox(&https);
        third_party.partition = Some(&top);
        third_party.same_site_context = SameSiteContext::CrossSite;
        let outcome = store.receive("a=3", &third_party, NOW);
        let SetCookieOutcome::Stored {
            cookie, replaced, ..
        } = outcome
        else {
            panic!("refused")
        };
        assert_eq!(replaced, None);
        assert_eq!(
            cookie.partition_text().as_deref(),
            Some("(https,other.test)")
        );
        let outcome = store.receive("l=1; SameSite=Lax", &third_party, NOW);
        assert_eq!(reasons(&outcome), ["SchemefulSameSiteLax"]);
    }
}
