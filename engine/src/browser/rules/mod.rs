//! A browser that behaves like one: the cookie rules of RFC 6265bis
//! (draft-ietf-httpbis-rfc6265bis) as Chromium 156 and Firefox ESR 153 ship them, checked
//! against cases recorded from both (`engine/tests/browser-rules/`, `…/firefox/`). The two
//! share every rule; their differences are the choices of a [`BrowserProfile`]
//! ([`profile`]), and Firefox's own words for what it refuses are in [`firefox_console`].
//!
//! Beside the conformance jar ([`super::CookieJar`], which keeps and sends every cookie), this
//! [`Browser`] decides, like Chromium:
//!
//! * whether a `Set-Cookie` line is stored ([`Browser::store_from_response`]): parsing (§5.6),
//!   `Secure` only from potentially trustworthy URLs, `SameSite=None` needs `Secure`, Domain
//!   and Path (§5.1.3, §5.1.4), name prefixes (§5.4), the 4096/1024-byte limits, lifetimes
//!   (§5.5), third-party responses;
//! * which cookies go with a request, in which order ([`Browser::cookies_for`], §5.8.3), with
//!   schemeful same-site contexts for navigations, links, form POSTs, fetches, iframes and
//!   images (§5.2), Lax-by-default and its 2-minute POST exception (§5.6.7.2), and third-party
//!   cookie blocking as a setting ([`BrowserSettings`]);
//! * what script sees and may write ([`Browser::document_cookie`], [`Browser::script_write`]).
//!
//! Every refusal and every cookie kept back carries typed reasons named like Chromium's
//! DevTools protocol ([`RefusalReason`], [`NotSentReason`]) with an explanation in words.
//!
//! One concept per file: [`url`] (request URLs), [`site`] (registrable domains, schemeful
//! sites), [`domain`], [`path`], [`cookie_date`], [`parse`] (Set-Cookie lines), [`lifetime`],
//! [`prefixes`], [`request`] (request kinds and same-site contexts), [`cookie`], [`reasons`],
//! [`storage`] (the storage model), [`retrieval`], [`browser`], [`profile`],
//! [`firefox_console`].

pub mod browser;
pub mod cookie;
pub mod cookie_date;
pub mod domain;
pub mod firefox_console;
pub mod lifetime;
pub mod parse;
pub mod path;
pub mod prefixes;
pub mod profile;
pub mod reasons;
pub mod request;
pub mod retrieval;
pub mod site;
pub mod storage;
pub mod url;

pub use browser::{Browser, BrowserSettings};
pub use cookie::{Cookie, SameSite, SourceScheme};
pub use domain::CookieDomain;
pub use firefox_console::ConsoleMessage;
pub use profile::{BrowserProfile, ProfileRules, ThirdPartyCookies};
pub use reasons::{Access, CookieWarning, NotSent, NotSentReason, Refusal, RefusalReason};
pub use request::{Method, RequestContext, RequestKind, SameSiteContext};
pub use retrieval::RetrievedCookies;
pub use site::Site;
pub use storage::{CookieStore, SetCookieOutcome};
pub use url::{Scheme, Url, UrlError};
