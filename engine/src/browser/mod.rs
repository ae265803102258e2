//! The simulated browsers: two implementations of one interface, [`SimulatedBrowsers`], which
//! the scenario runner drives without knowing which one runs.
//!
//! [`JarBrowsers`] follow the conformance README ("The simulated browser"): one ordered cookie
//! jar per browser name. Before each request, cookies with `expires_at <= now` are dropped and
//! the rest are sent as `Cookie: n1=v1; n2=v2` in jar order. A `Set-Cookie` with `Max-Age`
//! deletes the cookie if `<= 0`, else expires it at `now + Max-Age`; without `Max-Age`, an
//! `expires` date is used (`<= now` deletes); with neither, the cookie lasts until the browser
//! closes. A cookie whose name and value are longer than 4096 bytes together is ignored.
//! Domain, Path, Secure and SameSite are kept in the trace but never used for matching.
//!
//! [`RulesBrowsers`] are the other browsers: one [`rules::Browser`] per browser name, applying
//! the cookie rules Chromium or Firefox applies. A scenario with `browser_rules` runs them
//! ([`simulated_browsers`]).
//!
//! Import arrows point down: `simulated` (the interface) and `narration` (the sentences both
//! browsers say) import only [`rules`]' types; the two implementations import them.

mod http_date_parse;
mod jar;
mod jar_browsers;
mod narration;
pub mod rules;
mod rules_browsers;
mod simulated;

pub use http_date_parse::parse_http_date;
pub use jar::{CookieJar, StoredCookie, MAX_COOKIE_BYTES};
pub use jar_browsers::JarBrowsers;
pub use rules_browsers::RulesBrowsers;
pub use simulated::{
    JarEntry, OutgoingRequest, ResponseCookie, ScriptRun, SentCookies, SimulatedBrowsers,
};

use crate::event::EventLog;
use rules::{BrowserSettings, SetCookieOutcome, Url};

/// The browsers a scenario runs: with `browser_rules`, browsers applying Chromium's or Firefox's rules with
/// those settings; without, the conformance jars.
pub fn simulated_browsers(browser_rules: Option<BrowserSettings>) -> AnyBrowsers {
    match browser_rules {
        Some(settings) => AnyBrowsers::Rules(RulesBrowsers::new(settings)),
        None => AnyBrowsers::Jar(JarBrowsers::new()),
    }
}

/// Either implementation of [`SimulatedBrowsers`], chosen once per scenario
/// ([`simulated_browsers`]). An enum rather than a `Box<dyn …>`: each call goes straight to the
/// one implementation, which the compiler can then inline (a smaller page).
#[derive(Debug)]
pub enum AnyBrowsers {
    /// The conformance jars.
    Jar(JarBrowsers),
    /// Browsers applying Chromium's or Firefox's rules.
    Rules(RulesBrowsers),
}

/// Calls the same method on whichever browsers `self` holds.
macro_rules! delegate {
    ($self:ident, $browsers:ident => $call:expr) => {
        match $self {
            AnyBrowsers::Jar($browsers) => $call,
            AnyBrowsers::Rules($browsers) => $call,
        }
    };
}

impl SimulatedBrowsers for AnyBrowsers {
    fn send(
        &mut self,
        request: &OutgoingRequest<'_>,
        now: f64,
        events: &mut EventLog,
    ) -> SentCookies {
        delegate!(self, b => b.send(request, now, events))
    }

    fn receive(
        &mut self,
        request: &OutgoingRequest<'_>,
        set_cookies: &[ResponseCookie<'_>],
        now: f64,
        events: &mut EventLog,
    ) -> Option<Vec<SetCookieOutcome>> {
        delegate!(self, b => b.receive(request, set_cookies, now, events))
    }

    fn run_script(
        &mut self,
        browser: &str,
        page: &Url,
        writes: &[String],
        now: f64,
        events: &mut EventLog,
    ) -> Option<ScriptRun> {
        delegate!(self, b => b.run_script(browser, page, writes, now, events))
    }

    fn close(&mut self, browser: &str, now: f64) -> usize {
        delegate!(self, b => b.close(browser, now))
    }

    fn value_of(&mut self, browser: &str, name: &str, now: f64) -> Option<String> {
        delegate!(self, b => b.value_of(browser, name, now))
    }

    fn delete(&mut self, browser: &str, name: &str, now: f64) {
        delegate!(self, b => b.delete(browser, name, now))
    }

    fn set_value(&mut self, browser: &str, name: &str, value: &str, origin: &Url, now: f64) {
        delegate!(self, b => b.set_value(browser, name, value, origin, now))
    }

    fn save(&mut self, browser: &str, name: &str, label: &str, now: f64) -> Option<String> {
        delegate!(self, b => b.save(browser, name, label, now))
    }

    fn restore(
        &mut self,
        browser: &str,
        label: &str,
        now: f64,
    ) -> Option<(String, Option<String>)> {
        delegate!(self, b => b.restore(browser, label, now))
    }

    fn jars(&self) -> Vec<(&str, Vec<JarEntry<'_>>)> {
        delegate!(self, b => b.jars())
    }
}

#[cfg(test)]
mod tests {
    use super::rules::{RequestContext, Url};
    use super::*;

    fn both() -> [AnyBrowsers; 2] {
        [
            simulated_browsers(None),
            simulated_browsers(Some(BrowserSettings::default())),
        ]
    }

    fn set_cookie<'a>(name: &'a str, value: &'a str, line: &'a str) -> ResponseCookie<'a> {
        ResponseCookie {
            name,
            value,
            max_age: None,
            expires: None,
            line,
        }
    }

    #[test]
    fn two_requests_in_flight_from_one_browser() {
        let context = RequestContext::navigate(Url::parse("http://site.test/").unwrap());
        let request = OutgoingRequest {
            browser: "main",
            path: "/",
            url: "http://site.test/",
            context: &context,
        };
        for mut browsers in both() {
            let mut events = EventLog::new();
            let first = browsers.send(&request, 0.0, &mut events);
            let second = browsers.send(&request, 0.0, &mut events);
            assert_eq!((first.header, second.header), (None, None));
            browsers.receive(
                &request,
                &[set_cookie("a", "1", "a=1; Path=/")],
                0.0,
                &mut events,
            );
            browsers.receive(
                &request,
                &[set_cookie("b", "2", "b=2; Path=/")],
                0.0,
                &mut events,
            );
            let third = browsers.send(&request, 0.0, &mut events);
            assert_eq!(third.header.as_deref(), Some("a=1; b=2"), "{browsers:?}");
        }
    }

    #[test]
    fn devtools_edits_and_replays_act_alike_on_both_browsers() {
        let origin = Url::parse("http://site.test/").unwrap();
        for mut browsers in both() {
            let b = &mut browsers;
            b.set_value("laptop", "sid", "1", &origin, 0.0);
            assert_eq!(b.value_of("laptop", "sid", 0.0).as_deref(), Some("1"));
            assert_eq!(b.save("laptop", "sid", "stolen", 0.0).as_deref(), Some("1"));
            assert_eq!(b.save("laptop", "none", "absent", 0.0), None);
            assert_eq!(
                b.restore("phone", "stolen", 0.0),
                Some(("sid".into(), Some("1".into())))
            );
            assert_eq!(b.restore("phone", "never", 0.0), None);
            b.set_value("phone", "sid", "2", &origin, 0.0);
            b.delete("laptop", "sid", 0.0);
            assert_eq!(b.close("phone", 0.0), 1);
            let jars: Vec<(&str, usize)> =
                b.jars().iter().map(|(name, c)| (*name, c.len())).collect();
            assert_eq!(jars, [("laptop", 0), ("phone", 0)]);
        }
    }

    #[test]
    fn only_the_rules_browser_runs_script() {
        let page = Url::parse("http://site.test/").unwrap();
        let [mut jar, mut rules] = both();
        let mut events = EventLog::new();
        let writes = ["a=1".to_owned()];
        assert_eq!(
            jar.run_script("main", &page, &writes, 0.0, &mut events),
            None
        );
        assert!(events.take().is_empty());
        let run = rules.run_script("main", &page, &writes, 0.0, &mut events);
        assert_eq!(run.map(|r| r.read.header), Some(Some("a=1".to_owned())));
    }
}
