//! The conformance README's browsers: one [`CookieJar`] per browser name, plus the cookies
//! `save_cookie` remembers for a replay. They send every cookie they have, so they give no
//! verdicts; the scenario runner drives them through [`SimulatedBrowsers`].

use crate::event::EventLog;
use crate::small_map::NameMap;

use super::jar::{CookieJar, StoredCookie};
use super::narration::tell_request;
use super::rules::{SetCookieOutcome, Url};
use super::simulated::{
    JarEntry, OutgoingRequest, ResponseCookie, ScriptRun, SentCookies, SimulatedBrowsers,
};

/// Every browser's jar, plus cookies remembered by `save_cookie`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct JarBrowsers {
    jars: NameMap<CookieJar>,
    saved: NameMap<(String, Option<String>)>,
}

impl JarBrowsers {
    /// No browser yet.
    pub fn new() -> JarBrowsers {
        JarBrowsers::default()
    }

    /// The jar of `browser`, created empty on first use (a browser counts as used from then on).
    pub fn jar(&mut self, browser: &str) -> &mut CookieJar {
        self.jars.get_or_insert_with(browser, CookieJar::default)
    }
}

impl SimulatedBrowsers for JarBrowsers {
    /// Every cookie in the jar goes, in jar order, once the expired ones are thrown away.
    fn send(
        &mut self,
        request: &OutgoingRequest<'_>,
        now: f64,
        events: &mut EventLog,
    ) -> SentCookies {
        let jar = self.jar(request.browser);
        jar.drop_expired(now, events);
        let header = jar.cookie_header();
        tell_request(
            events,
            request.browser,
            request.path,
            "its cookies",
            header.as_deref(),
        );
        SentCookies {
            header,
            not_sent: None,
        }
    }

    /// Each `Set-Cookie` by the README's rules ([`CookieJar::receive`]).
    fn receive(
        &mut self,
        request: &OutgoingRequest<'_>,
        set_cookies: &[ResponseCookie<'_>],
        now: f64,
        events: &mut EventLog,
    ) -> Option<Vec<SetCookieOutcome>> {
        let jar = self.jar(request.browser);
        for cookie in set_cookies {
            jar.receive(
                cookie.name,
                cookie.value,
                cookie.max_age,
                cookie.expires,
                now,
                events,
            );
        }
        None
    }

    /// The jar keeps no HttpOnly flag: it cannot say what a script sees.
    fn run_script(
        &mut self,
        _browser: &str,
        _page: &Url,
        _writes: &[String],
        _now: f64,
        _events: &mut EventLog,
    ) -> Option<ScriptRun> {
        None
    }

    fn close(&mut self, browser: &str, _now: f64) -> usize {
        self.jar(browser).close().len()
    }

    /// The value in the jar, expired or not.
    fn value_of(&mut self, browser: &str, name: &str, _now: f64) -> Option<String> {
        self.jar(browser).get(name).map(|c| c.value.clone())
    }

    fn delete(&mut self, browser: &str, name: &str, _now: f64) {
        self.jar(browser).remove(name);
    }

    fn set_value(&mut self, browser: &str, name: &str, value: &str, _origin: &Url, _now: f64) {
        let jar = self.jar(browser);
        if !jar.set_value(name, value.to_owned()) {
            jar.store(StoredCookie {
                name: name.to_owned(),
                value: value.to_owned(),
                expires_at: None,
            });
        }
    }

    fn save(&mut self, browser: &str, name: &str, label: &str, now: f64) -> Option<String> {
        let value = self.value_of(browser, name, now);
        self.saved.insert(label, (name.to_owned(), value.clone()));
        value
    }

    fn restore(
        &mut self,
        browser: &str,
        label: &str,
        _now: f64,
    ) -> Option<(String, Option<String>)> {
        let (name, value) = self.saved.get(label).cloned()?;
        let jar = self.jar(browser);
        match &value {
            Some(v) => jar.store(StoredCookie {
                name: name.clone(),
                value: v.clone(),
                expires_at: None,
            }),
            None => {
                jar.remove(&name);
            }
        }
        Some((name, value))
    }

    /// The jar's cookies as they are (an expired one stays until the next request).
    fn jars(&self) -> Vec<(&str, Vec<JarEntry<'_>>)> {
        self.jars
            .iter()
            .map(|(browser, jar)| {
                let cookies = jar
                    .cookies()
                    .iter()
                    .map(|c| JarEntry {
                        name: &c.name,
                        value: &c.value,
                        expires_at: c.expires_at,
                        cookie: None,
                    })
                    .collect();
                (browser, cookies)
            })
            .collect()
    }
}
