//! The browsers of a scenario with `browser_rules`: one [`rules::Browser`] per browser name
//! (each with its own cookie store, as the conformance jars are per name), the settings they
//! share, and the cookies `save_cookie` remembers for a replay. The scenario runner drives them
//! through [`SimulatedBrowsers`]: requests send what the rules let go (the rest is told with
//! its reasons), responses' `Set-Cookie` lines are stored, deleted or refused, scripts read and
//! write `document.cookie`, and the user's DevTools edits act on the store with no rule.
//!
//! [`rules::Browser`]: super::rules::Browser

use crate::event::EventLog;
use crate::quoted::Quoted;
use crate::small_map::NameMap;

use super::narration::{
    line_name, tell_expired, tell_kept_back, tell_outcome, tell_request, tell_script_read,
};
use super::rules::{
    Browser, BrowserSettings, Cookie, CookieDomain, SameSite, Scheme, SetCookieOutcome,
    SourceScheme, Url,
};
use super::simulated::{
    JarEntry, OutgoingRequest, ResponseCookie, ScriptRun, SentCookies, SimulatedBrowsers,
};

/// Every named rules browser, created on first use, and the remembered cookies.
#[derive(Clone, Debug, PartialEq)]
pub struct RulesBrowsers {
    settings: BrowserSettings,
    browsers: NameMap<Browser>,
    saved: NameMap<(String, Option<Cookie>)>,
}

impl RulesBrowsers {
    /// No browser yet; each one created will have `settings`.
    pub fn new(settings: BrowserSettings) -> RulesBrowsers {
        RulesBrowsers {
            settings,
            browsers: NameMap::new(),
            saved: NameMap::new(),
        }
    }

    /// The browser called `name` with its clock at `now`, created empty on first use (a
    /// browser counts as used from then on).
    pub fn browser(&mut self, name: &str, now: f64) -> &mut Browser {
        let settings = self.settings;
        let browser = self
            .browsers
            .get_or_insert_with(name, || Browser::new(settings, now));
        browser.set_now(now);
        browser
    }

    /// Every used browser, sorted by name.
    pub fn browsers(&self) -> impl Iterator<Item = (&str, &Browser)> {
        self.browsers.iter()
    }
}

impl SimulatedBrowsers for RulesBrowsers {
    /// The cookies the browser's rules (Chromium's or Firefox's) let go with the request ([`Browser::cookies_for`]); each
    /// one kept back is told with its reasons.
    fn send(
        &mut self,
        request: &OutgoingRequest<'_>,
        now: f64,
        events: &mut EventLog,
    ) -> SentCookies {
        let context = request.context;
        let browser = self.browser(request.browser, now);
        for cookie in browser.evict_expired() {
            tell_expired(events, &cookie.name, &cookie.value, cookie.expires_at);
        }
        let cookies = browser.cookies_for(context);
        tell_kept_back(events, &cookies.not_sent);
        let how = match &context.initiator {
            Some(page) => format!(
                "{} ({} started by {page})",
                request.url,
                context.kind.describe()
            ),
            None => request.url.to_owned(),
        };
        tell_request(
            events,
            request.browser,
            &how,
            "the cookies its rules allow",
            cookies.header.as_deref(),
        );
        SentCookies {
            header: cookies.header,
            not_sent: Some(cookies.not_sent),
        }
    }

    /// The lines in order by the browser's rules ([`Browser::store_from_response`]).
    fn receive(
        &mut self,
        request: &OutgoingRequest<'_>,
        set_cookies: &[ResponseCookie<'_>],
        now: f64,
        events: &mut EventLog,
    ) -> Option<Vec<SetCookieOutcome>> {
        let browser = self.browser(request.browser, now);
        let lines: Vec<&str> = set_cookies.iter().map(|c| c.line).collect();
        let outcomes = browser.store_from_response(request.context, &lines);
        for (cookie, outcome) in set_cookies.iter().zip(&outcomes) {
            let line = format!("Set-Cookie: {}", cookie.line);
            tell_outcome(events, cookie.name, &line, outcome, now, "browser");
        }
        Some(outcomes)
    }

    /// The writes ([`Browser::script_write`]), then the read ([`Browser::script_cookies`]).
    fn run_script(
        &mut self,
        browser: &str,
        page: &Url,
        writes: &[String],
        now: f64,
        events: &mut EventLog,
    ) -> Option<ScriptRun> {
        let browser = self.browser(browser, now);
        let writes = writes
            .iter()
            .map(|text| {
                let outcome = browser.script_write(page, text);
                let line = format!("document.cookie = {text:?}", text = Quoted(text),);
                tell_outcome(
                    events,
                    line_name(text),
                    &line,
                    &outcome,
                    now,
                    "document.cookie",
                );
                outcome
            })
            .collect();
        let read = browser.script_cookies(page);
        tell_script_read(events, page, &read);
        Some(ScriptRun { writes, read })
    }

    /// The session cookies go ([`Browser::close`]).
    fn close(&mut self, browser: &str, now: f64) -> usize {
        self.browser(browser, now).close().len()
    }

    /// The first live cookie of that name.
    fn value_of(&mut self, browser: &str, name: &str, now: f64) -> Option<String> {
        let browser = self.browser(browser, now);
        browser.evict_expired();
        browser
            .cookies()
            .into_iter()
            .find(|c| c.name == name)
            .map(|c| c.value.clone())
    }

    /// Every cookie of that name, whatever its domain and path.
    fn delete(&mut self, browser: &str, name: &str, now: f64) {
        self.browser(browser, now).remove_named(name);
    }

    /// The first live cookie of that name gets the value; without one, a cookie as DevTools
    /// creates it (host-only for `origin`, path `/`, no flags, no expiry).
    fn set_value(&mut self, browser: &str, name: &str, value: &str, origin: &Url, now: f64) {
        let browser = self.browser(browser, now);
        if browser.cookies().into_iter().any(|c| c.name == name) {
            browser.edit_value(name, value);
        } else {
            browser.put(devtools_cookie(name, value, origin, now));
        }
    }

    /// The first live cookie called `name`, all of it (domain, path, flags), or its absence.
    fn save(&mut self, browser: &str, name: &str, label: &str, now: f64) -> Option<String> {
        let cookie = self
            .browser(browser, now)
            .cookies()
            .into_iter()
            .find(|c| c.name == name)
            .cloned();
        let value = cookie.as_ref().map(|c| c.value.clone());
        self.saved.insert(label, (name.to_owned(), cookie));
        value
    }

    /// The remembered cookie comes back as an attacker pastes it in DevTools: without expiry,
    /// created now; an absence deletes every cookie of that name.
    fn restore(
        &mut self,
        browser: &str,
        label: &str,
        now: f64,
    ) -> Option<(String, Option<String>)> {
        let (name, cookie) = self.saved.get(label).cloned()?;
        let target = self.browser(browser, now);
        match cookie {
            Some(mut cookie) => {
                let value = cookie.value.clone();
                cookie.expires_at = None;
                cookie.created_at = now;
                target.put(cookie);
                Some((name, Some(value)))
            }
            None => {
                target.remove_named(&name);
                Some((name, None))
            }
        }
    }

    /// The live cookies in storage order, each with all its attributes.
    fn jars(&self) -> Vec<(&str, Vec<JarEntry<'_>>)> {
        self.browsers()
            .map(|(name, browser)| {
                let cookies = browser
                    .cookies()
                    .into_iter()
                    .map(|c| JarEntry {
                        name: &c.name,
                        value: &c.value,
                        expires_at: c.expires_at,
                        cookie: Some(c),
                    })
                    .collect();
                (name, cookies)
            })
            .collect()
    }
}

/// A cookie the user creates in DevTools: host-only for the site, path `/`, no flags, no
/// expiry.
fn devtools_cookie(name: &str, value: &str, origin: &Url, now: f64) -> Cookie {
    Cookie {
        name: name.to_owned(),
        value: value.to_owned(),
        domain: CookieDomain {
            domain: origin.host().to_owned(),
            host_only: true,
        },
        path: "/".to_owned(),
        secure: false,
        http_only: false,
        same_site: SameSite::Unspecified,
        expires_at: None,
        created_at: now,
        source_scheme: match origin.scheme() {
            Scheme::Https => SourceScheme::Secure,
            Scheme::Http => SourceScheme::NonSecure,
        },
        creation_order: 0,
        partition_key: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::browser::rules::{RequestContext, Url};
    use crate::browser::SimulatedBrowsers;

    #[test]
    fn browsers_are_separate_and_replays_lose_the_expiry() {
        let mut browsers = RulesBrowsers::new(BrowserSettings::default());
        let home = RequestContext::navigate(Url::parse("https://site.test/").unwrap());
        browsers
            .browser("laptop", 10.0)
            .store_from_response(&home, &["sid=1; Max-Age=60; Secure; Path=/"]);
        assert_eq!(
            browsers.save("laptop", "sid", "stolen", 10.0).as_deref(),
            Some("1")
        );
        assert_eq!(browsers.save("laptop", "none", "absent", 10.0), None);
        let restored = browsers.restore("phone", "stolen", 20.0);
        assert_eq!(restored, Some(("sid".into(), Some("1".into()))));
        let phone = browsers.browser("phone", 1000.0);
        assert_eq!(phone.cookies_for(&home).header.as_deref(), Some("sid=1"));
        assert!(phone.cookies()[0].secure && phone.cookies()[0].is_session());
        assert_eq!(browsers.browser("laptop", 1000.0).cookies().len(), 0);
        assert_eq!(
            browsers.restore("phone", "absent", 1000.0).map(|r| r.1),
            Some(None)
        );
        assert_eq!(browsers.restore("phone", "never", 1000.0), None);
        let names: Vec<&str> = browsers.browsers().map(|(n, _)| n).collect();
        assert_eq!(names, ["laptop", "phone"]);
    }
}
