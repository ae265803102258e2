//! The steps that touch a browser when the scenario has `browser_rules`: each named browser is
//! a [`Browser`] applying Chromium's cookie rules. Requests send what the rules let go (the
//! rest is recorded with its reasons), responses' `Set-Cookie` lines are stored, deleted or
//! refused, scripts read and write `document.cookie`, and the user's DevTools edits (tamper,
//! copy, replay) and closing the browser act on the rules browser's store.

use crate::browser::log_expired;
use crate::browser::rules::{Browser, Cookie, CookieDomain, SameSite, Scheme, SourceScheme, Url};
use crate::browser::RulesBrowsers;
use crate::event::{EventKind, EventLog, Lane};

use super::super::document::{Request, Step, Tamper, TamperMode};
use super::super::trace::{BrowserJar, JarCookie, SetCookie};
use super::super::trace::{CookieKeptBack, SetCookieVerdict, StoredCookieDetails};
use super::rules_events::{reasons_in_words, run_script, tell_outcome};
use super::{SentCookies, Simulation, StepOutcome};

/// The error of a `script` step in a scenario without `browser_rules`.
pub(super) const SCRIPT_NEEDS_RULES: &str = "a script step needs \"browser_rules\": the conformance jar does not keep the HttpOnly flag, so it cannot say what document.cookie shows";

impl Simulation {
    /// Carries out a step that acts on a rules browser (script, close, tamper, copy, replay);
    /// `None` without `browser_rules` or for any other step.
    pub(super) fn apply_with_rules(
        &mut self,
        step: &Step,
        events: &mut EventLog,
    ) -> Option<StepOutcome> {
        let now = self.clock.now();
        let cookie_name = self.settings.cookie_name.clone();
        let rules = self.rules.as_mut()?;
        let mut outcome = StepOutcome::default();
        let sentence = match step {
            Step::Script(script) => {
                let browser = rules.browser(&script.browser, now);
                outcome.script = Some(run_script(browser, script, &self.origin, events));
                return Some(outcome);
            }
            Step::CloseBrowser(name) => {
                let dropped = rules.browser(name, now).close();
                format!(
                    "The browser {name:?} is closed: it forgets its {} cookie(s) without an expiry date.",
                    dropped.len()
                )
            }
            Step::Tamper(tamper) => {
                let name = tamper.name.clone().unwrap_or(cookie_name);
                let browser = rules.browser(&tamper.browser, now);
                tamper_with(browser, tamper, &name, &self.origin)
            }
            Step::SaveCookie {
                label,
                name,
                browser,
            } => {
                let name = name.clone().unwrap_or(cookie_name);
                match rules.save(browser, &name, label, now) {
                    Some(v) => format!("The cookie {name:?} of {browser:?} is copied aside as {label:?} ({v})."),
                    None => format!("{browser:?} has no cookie {name:?}; that absence is remembered as {label:?}."),
                }
            }
            Step::RestoreCookie { label, browser } => match rules.restore(browser, label, now) {
                Some((name, Some(_))) => format!("The copied cookie {name:?} is put back into {browser:?} (a replay), without expiry."),
                Some((name, None)) => format!("{browser:?} had no cookie {name:?} when it was saved, so it is deleted."),
                None => {
                    outcome.error = Some(format!("no cookie was saved as {label:?}"));
                    return Some(outcome);
                }
            },
            _ => return None,
        };
        events.push(Lane::Browser, EventKind::Environment, "scenario", sentence);
        Some(outcome)
    }

    /// The cookies the rules let go with `request`, each one kept back told as an event.
    pub(super) fn send_with_rules(
        &mut self,
        request: &Request,
        events: &mut EventLog,
    ) -> SentCookies {
        let now = self.clock.now();
        let context = request.context(&self.origin);
        let url = request.url_text(&self.origin);
        let Some(rules) = self.rules.as_mut() else {
            return SentCookies {
                header: None,
                not_sent: None,
            };
        };
        let browser = rules.browser(&request.browser, now);
        for cookie in browser.evict_expired() {
            log_expired(events, &cookie.name, &cookie.value, cookie.expires_at);
        }
        let cookies = browser.cookies_for(&context);
        let kept_back: Vec<CookieKeptBack> =
            cookies.not_sent.iter().map(CookieKeptBack::of).collect();
        for cookie in &kept_back {
            events.push_detail(
                Lane::Browser,
                EventKind::CookieNotSent {
                    name: cookie.name.clone(),
                    reasons: cookie.reasons.clone(),
                },
                "browser",
                format!(
                    "The browser does not send the cookie {:?}: {}.",
                    cookie.name,
                    reasons_in_words(&cookie.explanation)
                ),
                Some(format!(
                    "{}={} ({}, Path={}; {})",
                    cookie.name,
                    cookie.value,
                    cookie.domain,
                    cookie.path,
                    cookie.reason_names()
                )),
            );
        }
        let how = match &context.initiator {
            Some(page) => format!("{url} ({} started by {page})", context.kind.describe()),
            None => url,
        };
        match &cookies.header {
            Some(header) => events.push_detail(
                Lane::Browser,
                EventKind::CookieSent,
                "browser",
                format!(
                    "The browser {:?} requests {how} and sends the cookies its rules allow.",
                    request.browser
                ),
                Some(format!("Cookie: {header}")),
            ),
            None => events.push(
                Lane::Browser,
                EventKind::NoCookieSent,
                "browser",
                format!(
                    "The browser {:?} requests {how} with no cookies.",
                    request.browser
                ),
            ),
        }
        SentCookies {
            header: cookies.header,
            not_sent: Some(kept_back),
        }
    }

    /// The rules browser receives each `Set-Cookie` line of the response; each record gets its
    /// verdict.
    pub(super) fn receive_with_rules(
        &mut self,
        request: &Request,
        set_cookies: &mut [SetCookie],
        events: &mut EventLog,
    ) {
        let now = self.clock.now();
        let context = request.context(&self.origin);
        let Some(rules) = self.rules.as_mut() else {
            return;
        };
        let browser = rules.browser(&request.browser, now);
        let lines: Vec<&str> = set_cookies.iter().map(|c| c.output.as_str()).collect();
        let outcomes = browser.store_from_response(&context, &lines);
        for (record, outcome) in set_cookies.iter_mut().zip(&outcomes) {
            let line = format!("Set-Cookie: {}", record.output);
            tell_outcome(events, &record.name, &line, outcome, now, "browser");
            record.verdict = Some(SetCookieVerdict::of(outcome));
        }
    }
}

/// Every used rules browser's live cookies in storage order, sorted by browser name.
pub(super) fn jars(rules: &RulesBrowsers) -> Vec<BrowserJar> {
    rules
        .browsers()
        .map(|(name, browser)| BrowserJar {
            browser: name.to_owned(),
            cookies: browser
                .cookies()
                .into_iter()
                .map(|c| JarCookie {
                    name: c.name.clone(),
                    value: c.value.clone(),
                    expires_at: c.expires_at,
                    details: Some(StoredCookieDetails::of(c)),
                })
                .collect(),
        })
        .collect()
}

/// The user edits the store as DevTools lets them (no rule applies); the sentence says what.
fn tamper_with(browser: &mut Browser, tamper: &Tamper, name: &str, origin: &Url) -> String {
    browser.evict_expired();
    let current = browser
        .cookies()
        .into_iter()
        .find(|c| c.name == name)
        .map(|c| c.value.clone());
    match (&tamper.mode, current) {
        (TamperMode::Delete, _) => {
            browser.remove_named(name);
            format!("The user deletes the cookie {name:?}.")
        }
        (TamperMode::Replace(text), current) => {
            if current.is_some() {
                browser.edit_value(name, text);
            } else {
                browser.put(new_cookie(name, text, origin, browser.now()));
            }
            format!("The user sets the cookie {name:?} to {text:?}.")
        }
        (TamperMode::Append(text), Some(value)) => {
            browser.edit_value(name, &format!("{value}{text}"));
            format!("The user appends {text:?} to the cookie {name:?}.")
        }
        (TamperMode::FlipLast, Some(value)) => {
            let mut chars: Vec<char> = value.chars().collect();
            if let Some(last) = chars.last_mut() {
                *last = if *last == '0' { '1' } else { '0' };
            }
            browser.edit_value(name, &chars.into_iter().collect::<String>());
            format!("The user changes the last character of the cookie {name:?}.")
        }
        (TamperMode::Append(_) | TamperMode::FlipLast, None) => {
            format!("There is no cookie {name:?} to edit.")
        }
    }
}

/// A cookie the user creates in DevTools: host-only for the site, path `/`, no flags, no
/// expiry.
fn new_cookie(name: &str, value: &str, origin: &Url, now: f64) -> Cookie {
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
    }
}
