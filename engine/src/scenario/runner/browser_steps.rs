//! The steps that act on a browser besides a request: a script reading and writing
//! `document.cookie`, closing the browser, the user's DevTools edits (tamper) and a cookie
//! copied aside and replayed. Each is carried out through [`crate::browser::SimulatedBrowsers`],
//! whichever browsers the scenario runs, and each sentence is said here once.

use crate::browser::SimulatedBrowsers;
use crate::event::EventLog;
use crate::quoted::Quoted;

use super::super::document::{ScriptStep, Tamper, TamperMode};
use super::super::trace::{CookieKeptBack, ScriptRecord, ScriptWrite, SetCookieVerdict};
use super::Simulation;

/// The error of a `script` step in a scenario without `browser_rules`.
const SCRIPT_NEEDS_RULES: &str = "a script step needs \"browser_rules\": the conformance jar does not keep the HttpOnly flag, so it cannot say what document.cookie shows";

impl Simulation {
    /// The `script` step: the writes in order, then the read; an error from a browser that
    /// cannot run script.
    pub(super) fn script(
        &mut self,
        script: &ScriptStep,
        events: &mut EventLog,
    ) -> Result<ScriptRecord, String> {
        let now = self.clock.now();
        let page = script.url.clone().unwrap_or_else(|| self.origin.root());
        let run = self
            .browsers
            .run_script(&script.browser, &page, &script.writes, now, events)
            .ok_or_else(|| SCRIPT_NEEDS_RULES.to_owned())?;
        Ok(ScriptRecord {
            browser: script.browser.clone(),
            url: page.to_string(),
            writes: script
                .writes
                .iter()
                .zip(&run.writes)
                .map(|(text, outcome)| ScriptWrite {
                    text: text.clone(),
                    verdict: SetCookieVerdict::of(outcome),
                })
                .collect(),
            document_cookie: run.read.header.unwrap_or_default(),
            hidden: run.read.not_sent.iter().map(CookieKeptBack::of).collect(),
        })
    }

    /// `close_browser`: the cookies without an expiry date are gone.
    pub(super) fn close_browser(&mut self, browser: &str, events: &mut EventLog) {
        let dropped = self.browsers.close(browser, self.clock.now());
        Self::environment(
            events,
            format!(
                "The browser {browser:?} is closed: it forgets its {dropped} cookie(s) without an expiry date.", browser = Quoted(browser),),
        );
    }

    /// `tamper`: the user edits the cookie in DevTools (no rule applies).
    pub(super) fn tamper(&mut self, tamper: &Tamper, events: &mut EventLog) {
        let name = tamper
            .name
            .clone()
            .unwrap_or_else(|| self.settings.cookie_name.clone());
        let (browser, now) = (tamper.browser.as_str(), self.clock.now());
        let browsers = &mut self.browsers;
        let current = browsers.value_of(browser, &name, now);
        let sentence = match (&tamper.mode, current) {
            (TamperMode::Delete, _) => {
                browsers.delete(browser, &name, now);
                format!(
                    "The user deletes the cookie {name:?}.",
                    name = Quoted(&name),
                )
            }
            (TamperMode::Replace(text), _) => {
                browsers.set_value(browser, &name, text, &self.origin, now);
                format!(
                    "The user sets the cookie {name:?} to {text:?}.",
                    name = Quoted(&name),
                    text = Quoted(text),
                )
            }
            (TamperMode::Append(text), Some(value)) => {
                let appended = format!("{value}{text}");
                browsers.set_value(browser, &name, &appended, &self.origin, now);
                format!(
                    "The user appends {text:?} to the cookie {name:?}.",
                    text = Quoted(text),
                    name = Quoted(&name),
                )
            }
            (TamperMode::FlipLast, Some(value)) => {
                let mut chars: Vec<char> = value.chars().collect();
                if let Some(last) = chars.last_mut() {
                    *last = if *last == '0' { '1' } else { '0' };
                }
                let flipped: String = chars.into_iter().collect();
                browsers.set_value(browser, &name, &flipped, &self.origin, now);
                format!(
                    "The user changes the last character of the cookie {name:?}.",
                    name = Quoted(&name),
                )
            }
            (TamperMode::Append(_) | TamperMode::FlipLast, None) => {
                format!("There is no cookie {name:?} to edit.", name = Quoted(&name),)
            }
        };
        Self::environment(events, sentence);
    }

    /// `save_cookie`: the cookie called `name` (the session cookie by default), or its
    /// absence, is copied aside as `label`.
    pub(super) fn save_cookie(
        &mut self,
        label: &str,
        name: Option<&str>,
        browser: &str,
        events: &mut EventLog,
    ) {
        let name = name.map_or_else(|| self.settings.cookie_name.clone(), str::to_owned);
        let value = self.browsers.save(browser, &name, label, self.clock.now());
        Self::environment(
            events,
            match value {
                Some(v) => format!(
                    "The cookie {name:?} of {browser:?} is copied aside as {label:?} ({v}).",
                    name = Quoted(&name),
                    browser = Quoted(browser),
                    label = Quoted(label),
                ),
                None => format!(
                    "{browser:?} has no cookie {name:?}; that absence is remembered as {label:?}.",
                    browser = Quoted(browser),
                    name = Quoted(&name),
                    label = Quoted(label),
                ),
            },
        );
    }

    /// `restore_cookie`: the cookie copied aside as `label` is put back (a replay); an error if
    /// nothing was.
    pub(super) fn restore_cookie(
        &mut self,
        label: &str,
        browser: &str,
        events: &mut EventLog,
    ) -> Result<(), String> {
        let sentence = match self.browsers.restore(browser, label, self.clock.now()) {
            Some((name, Some(_))) => format!(
                "The copied cookie {name:?} is put back into {browser:?} (a replay), without expiry.", name = Quoted(&name), browser = Quoted(browser),),
            Some((name, None)) => format!(
                "{browser:?} had no cookie {name:?} when it was saved, so it is deleted.", browser = Quoted(browser), name = Quoted(&name),),
            None => return Err(format!("no cookie was saved as {label:?}", label = Quoted(label),)),
        };
        Self::environment(events, sentence);
        Ok(())
    }
}
