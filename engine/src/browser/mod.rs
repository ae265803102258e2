//! The simulated browser of the conformance README: one ordered cookie jar per browser name.
//!
//! Rules (README, "The simulated browser"): before each request, cookies with
//! `expires_at <= now` are dropped and the rest are sent as `Cookie: n1=v1; n2=v2` in jar
//! order. A `Set-Cookie` with `Max-Age` deletes the cookie if `<= 0`, else expires it at
//! `now + Max-Age`; without `Max-Age`, an `expires` date is used (`<= now` deletes); with
//! neither, the cookie lasts until the browser closes. A cookie whose name and value are
//! longer than 4096 bytes together is ignored. Domain, Path, Secure and SameSite are kept
//! in the trace but never used for matching.
//!
//! [`rules`] is the other browser: one that applies the cookie rules Chromium applies. A
//! scenario with `browser_rules` runs one per browser name ([`RulesBrowsers`]).

mod http_date_parse;
mod jar;
pub mod rules;
mod rules_browsers;

pub use http_date_parse::parse_http_date;
pub(crate) use jar::log_expired;
pub use jar::{Browsers, CookieJar, StoredCookie, MAX_COOKIE_BYTES};
pub use rules_browsers::RulesBrowsers;
