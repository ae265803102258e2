//! The simulated browser as the scenario runner drives it: one interface, two implementations.
//!
//! [`super::JarBrowsers`] (the conformance README's jar, which keeps and sends every cookie)
//! and [`super::RulesBrowsers`] (Chromium's or Firefox's cookie rules) both implement
//! [`SimulatedBrowsers`]; the runner does not know which one it drives, as quinn-proto's
//! connection drives any `congestion::Controller`. Each method acts on one named browser,
//! created empty on first use, with its clock at `now` (the browsers read no clock).
//!
//! A request is two calls, so that several may be in flight from one browser: [`send`] returns
//! the cookies that go, owned, and borrows nothing across the server's work; [`receive`] later
//! applies that request's response.
//!
//! [`send`]: SimulatedBrowsers::send
//! [`receive`]: SimulatedBrowsers::receive

use std::fmt::Debug;

use crate::event::EventLog;

use super::rules::{Cookie, NotSent, RequestContext, RetrievedCookies, SetCookieOutcome, Url};

/// A request leaving a browser, as the browsers need to see it.
#[derive(Clone, Copy, Debug)]
pub struct OutgoingRequest<'a> {
    /// The browser's name (`main`, `laptop`).
    pub browser: &'a str,
    /// The path as the scenario wrote it (`/cart`): the conformance jar names the request so.
    pub path: &'a str,
    /// The URL without its fragment (`https://site.test/cart?x=1`): the rules browser names the
    /// request so.
    pub url: &'a str,
    /// The URL, kind and initiator that the browsers' rules decide by.
    pub context: &'a RequestContext,
}

/// The cookies a browser sends with one request.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SentCookies {
    /// The `Cookie` header value, `None` when no cookie goes.
    pub header: Option<String>,
    /// The cookies kept back, with their reasons; `None` for a browser that sends every
    /// cookie it has (the conformance jar).
    pub not_sent: Option<Vec<NotSent>>,
}

/// One `Set-Cookie` header of a response, as Django's `SimpleCookie` morsel wrote it.
#[derive(Clone, Copy, Debug)]
pub struct ResponseCookie<'a> {
    /// The cookie's name (`Morsel.key`).
    pub name: &'a str,
    /// The value as sent (`Morsel.coded_value`).
    pub value: &'a str,
    /// `Max-Age`, if given.
    pub max_age: Option<i64>,
    /// The `expires` date text, if given.
    pub expires: Option<&'a str>,
    /// The whole header value (`Morsel.OutputString()`).
    pub line: &'a str,
}

/// What a script did with `document.cookie` (see [`SimulatedBrowsers::run_script`]).
#[derive(Clone, Debug, PartialEq)]
pub struct ScriptRun {
    /// What became of each write, in order.
    pub writes: Vec<SetCookieOutcome>,
    /// The read: the cookies `document.cookie` shows (its value is the header) and the ones it
    /// hides.
    pub read: RetrievedCookies,
}

/// One stored cookie, as a browser's jar shows it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct JarEntry<'a> {
    /// The name.
    pub name: &'a str,
    /// The value.
    pub value: &'a str,
    /// When it expires (Unix seconds); `None` = when the browser closes.
    pub expires_at: Option<f64>,
    /// All of it (domain, path, flags, creation) where the browser keeps that: the rules
    /// browser does, the conformance jar does not.
    pub cookie: Option<&'a Cookie>,
}

/// A set of named simulated browsers, each with its own cookies, and the cookies
/// `save_cookie` copied aside for a replay.
///
/// Every method tells what the browser did in `events` where it has something to tell; the
/// scenario steps' own sentences (closing, copying, replaying, the user's edits) are the
/// caller's, built from what these methods return.
pub trait SimulatedBrowsers: Debug {
    /// Before a request: throws away the expired cookies (an event each), picks the cookies
    /// that go with `request` and tells which go and which are kept back, and why.
    fn send(
        &mut self,
        request: &OutgoingRequest<'_>,
        now: f64,
        events: &mut EventLog,
    ) -> SentCookies;

    /// After the response to `request` (sent earlier with [`SimulatedBrowsers::send`]):
    /// applies its `Set-Cookie` headers in order, telling what became of each. One outcome
    /// per header from a browser that judges them by Chromium's or Firefox's rules; `None` from the
    /// conformance jar, which gives no verdicts.
    fn receive(
        &mut self,
        request: &OutgoingRequest<'_>,
        set_cookies: &[ResponseCookie<'_>],
        now: f64,
        events: &mut EventLog,
    ) -> Option<Vec<SetCookieOutcome>>;

    /// A script on the top-level page `page` of `browser` writes each of `writes` to
    /// `document.cookie`, in order, then reads it. `None` from a browser that cannot tell what
    /// a script sees (the conformance jar keeps no HttpOnly flag); nothing happens then.
    fn run_script(
        &mut self,
        browser: &str,
        page: &Url,
        writes: &[String],
        now: f64,
        events: &mut EventLog,
    ) -> Option<ScriptRun>;

    /// Closes `browser`: its cookies without an expiry date are gone. Returns how many.
    fn close(&mut self, browser: &str, now: f64) -> usize;

    /// The value of the cookie called `name` in `browser`, as the user sees it in DevTools
    /// before an edit (the rules browser first throws away, silently, the expired cookies).
    fn value_of(&mut self, browser: &str, name: &str, now: f64) -> Option<String>;

    /// The user deletes the cookie called `name` in DevTools (no rule applies).
    fn delete(&mut self, browser: &str, name: &str, now: f64);

    /// The user sets the value of the cookie called `name` in DevTools (no rule applies): its
    /// place, expiry and attributes stay; without one, a new cookie without expiry (host-only
    /// for `origin`, path `/`, no flags, where the browser keeps those).
    fn set_value(&mut self, browser: &str, name: &str, value: &str, origin: &Url, now: f64);

    /// `save_cookie`: remembers the cookie called `name` in `browser`, or its absence, under
    /// `label`. Returns its value.
    fn save(&mut self, browser: &str, name: &str, label: &str, now: f64) -> Option<String>;

    /// `restore_cookie`: puts the cookie remembered under `label` into `browser` without
    /// expiry (a replay), or deletes that name if it was absent when saved. Returns the name
    /// and the restored value; `None` if nothing was saved under `label`.
    fn restore(&mut self, browser: &str, label: &str, now: f64)
        -> Option<(String, Option<String>)>;

    /// Every used browser's cookies as its jar shows them, in its own order, sorted by browser
    /// name (the rules browser shows no expired cookie; the conformance jar keeps one until
    /// its next request).
    fn jars(&self) -> Vec<(&str, Vec<JarEntry<'_>>)>;
}
