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
//! the cookie rules Chromium applies. A scenario with `browser_rules` runs them
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

use rules::BrowserSettings;

/// The browsers a scenario runs: with `browser_rules`, browsers applying Chromium's rules with
/// those settings; without, the conformance jars.
pub fn simulated_browsers(browser_rules: Option<BrowserSettings>) -> Box<dyn SimulatedBrowsers> {
    match browser_rules {
        Some(settings) => Box::new(RulesBrowsers::new(settings)),
        None => Box::new(JarBrowsers::new()),
    }
}
