//! The browsers of a scenario with `browser_rules`: one [`rules::Browser`] per browser name
//! (each with its own cookie store, as the conformance jars are per name), the settings they
//! share, and the cookies `save_cookie` remembers for a replay.
//!
//! [`rules::Browser`]: super::rules::Browser

use crate::small_map::NameMap;

use super::rules::{Browser, BrowserSettings, Cookie};

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

    /// `save_cookie`: remembers the first live cookie called `name` in `browser` (all of it:
    /// domain, path, flags), or its absence, under `label`. Returns its value.
    pub fn save(&mut self, browser: &str, name: &str, label: &str, now: f64) -> Option<String> {
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

    /// `restore_cookie`: puts the remembered cookie back (a replay, as an attacker pastes it
    /// in DevTools) without expiry, created now; or deletes every cookie of that name if it
    /// was absent when saved. Returns the name and the restored value, `None` if nothing was
    /// saved under `label`.
    pub fn restore(
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::browser::rules::{RequestContext, Url};

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
