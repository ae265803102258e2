//! Running a scenario: the simulated browsers, the clock, the settings and the server, step
//! by step, recording a [`TraceStep`] for each.

use crate::auth::Users;
use crate::browser::rules::Url;
use crate::browser::{Browsers, RulesBrowsers};
use crate::clock::Clock;
use crate::event::{EventKind, EventLog, Lane};
use crate::keys::SequentialKeys;
use crate::middleware::{handle_request, parse_cookie, wsgi_header_text, Morsel};
use crate::session::{store_for, DirState, Engine, Env, Server, Settings, SqlQuery};

use super::document::{Fault, Request, Scenario, Step, Tamper, TamperMode};
use super::trace::{
    CookieAttributes, RequestRecord, ResponseRecord, ScriptRecord, SetCookie, Trace, TraceStep,
};
use views::run_view;

mod in_place;
mod rules_events;
mod snapshot;
mod views;
mod with_rules;

/// Runs every step of `scenario` and returns the trace. Never panics; a step that cannot be
/// carried out records an error in its [`TraceStep::error`].
pub fn run(scenario: &Scenario) -> Trace {
    let mut simulation = Simulation::new(scenario);
    let steps = scenario.steps.iter().map(|s| simulation.apply(s)).collect();
    Trace {
        scenario: scenario.name.clone(),
        engine: scenario.engine,
        steps,
    }
}

/// The world of a scenario while [`run`] applies its steps in order. Not public: callers (the
/// playground included, which re-runs the whole scenario after every edit) use [`run`].
#[derive(Clone, Debug)]
struct Simulation {
    engine: Engine,
    settings: Settings,
    clock: Clock,
    keys: SequentialKeys,
    server: Server,
    browsers: Browsers,
    users: Users,
    next_index: usize,
    /// Where requests go unless they say otherwise.
    origin: Url,
    /// With `browser_rules`: the browsers that apply Chromium's rules (`browsers` then stays
    /// unused).
    rules: Option<RulesBrowsers>,
    /// The state after the previous step, which the next step's state shares from.
    previous: snapshot::PreviousState,
}

/// What a step changed, besides the world.
#[derive(Default)]
struct StepOutcome {
    request: Option<RequestRecord>,
    response: Option<ResponseRecord>,
    queries: Vec<SqlQuery>,
    error: Option<String>,
    script: Option<ScriptRecord>,
}

/// What the browser sent with a request.
struct SentCookies {
    header: Option<String>,
    /// `None` for the conformance jar, which sends every cookie.
    not_sent: Option<Vec<super::trace::CookieKeptBack>>,
}

impl Simulation {
    /// The world before the first step of `scenario`.
    fn new(scenario: &Scenario) -> Simulation {
        Simulation {
            engine: scenario.engine,
            settings: scenario.settings_after(None),
            clock: Clock::at(scenario.start_time),
            keys: SequentialKeys::new(scenario.session_keys.iter().cloned()),
            server: Server::new(scenario.cache),
            browsers: Browsers::new(),
            users: Users::default(),
            next_index: 0,
            origin: scenario.default_origin(),
            rules: scenario.browser_rules.map(RulesBrowsers::new),
            previous: snapshot::PreviousState::default(),
        }
    }

    /// Applies one step and reports what happened and the state after it.
    fn apply(&mut self, step: &Step) -> TraceStep {
        let mut events = EventLog::new();
        let outcome = self.apply_step(step, &mut events);
        let index = self.next_index;
        self.next_index += 1;
        let (jars, store) = self.state_after_step();
        TraceStep {
            index,
            step: step.clone(),
            now: self.clock.now(),
            request: outcome.request,
            response: outcome.response,
            queries: outcome.queries,
            jars,
            store,
            events: events.take(),
            error: outcome.error,
            script: outcome.script,
        }
    }

    fn environment(events: &mut EventLog, sentence: String) {
        events.push(Lane::Browser, EventKind::Environment, "scenario", sentence);
    }

    fn apply_step(&mut self, step: &Step, events: &mut EventLog) -> StepOutcome {
        let mut outcome = StepOutcome::default();
        step.apply_to_settings(&mut self.settings);
        if let Some(outcome) = self.apply_with_rules(step, events) {
            return outcome;
        }
        match step {
            Step::Request(request) => return self.request(request, events),
            Step::Script(_) => outcome.error = Some(with_rules::SCRIPT_NEEDS_RULES.to_owned()),
            Step::Advance(seconds) => {
                self.clock.advance(*seconds);
                Self::environment(events, format!("Time passes: {seconds} seconds."));
            }
            Step::CloseBrowser(browser) => {
                let dropped = self.browsers.jar(browser).close();
                Self::environment(
                    events,
                    format!(
                        "The browser {browser:?} is closed: it forgets its {} cookie(s) without an expiry date.",
                        dropped.len()
                    ),
                );
            }
            Step::Settings(patch) => {
                let names: Vec<&str> = patch.changes.iter().map(|c| c.name()).collect();
                Self::environment(events, format!("Settings change: {}.", names.join(", ")));
            }
            Step::RotateSecret(_) => {
                Self::environment(
                    events,
                    "SECRET_KEY is rotated: the old key moves to SECRET_KEY_FALLBACKS, so existing signatures still verify; new ones use the new key.".to_owned(),
                );
            }
            Step::Tamper(tamper) => self.tamper(tamper, events),
            Step::SaveCookie {
                label,
                name,
                browser,
            } => {
                let name = name.clone().unwrap_or_else(|| self.settings.cookie_name.clone());
                let value = self.browsers.save(browser, &name, label);
                Self::environment(
                    events,
                    match value {
                        Some(v) => format!("The cookie {name:?} of {browser:?} is copied aside as {label:?} ({v})."),
                        None => format!("{browser:?} has no cookie {name:?}; that absence is remembered as {label:?}."),
                    },
                );
            }
            Step::RestoreCookie { label, browser } => match self.browsers.restore(browser, label) {
                Some((name, Some(_))) => Self::environment(
                    events,
                    format!("The copied cookie {name:?} is put back into {browser:?} (a replay), without expiry."),
                ),
                Some((name, None)) => Self::environment(
                    events,
                    format!("{browser:?} had no cookie {name:?} when it was saved, so it is deleted."),
                ),
                None => outcome.error = Some(format!("no cookie was saved as {label:?}")),
            },
            Step::ClearExpired => return self.clear_expired(events),
            Step::SetPassword { user, password } => {
                match self.users.set_password(*user, password) {
                    Ok(()) => events.push(
                        Lane::Store,
                        EventKind::Environment,
                        "AbstractBaseUser.set_password",
                        format!("User {user}'s password is changed elsewhere: the stored hash in auth_user, and so the session auth hash every session of this user must match, changes."),
                    ),
                    Err(error) => outcome.error = Some(error.to_string()),
                }
            }
            Step::CacheRestart => {
                self.server.cache.clear();
                events.push(
                    Lane::Store,
                    EventKind::Environment,
                    "LocMemCache.clear",
                    "The server restarts: its local-memory cache starts empty (database rows and files survive).",
                );
            }
            Step::Fault(fault) => self.fault(*fault, events),
        }
        outcome
    }

    fn tamper(&mut self, tamper: &Tamper, events: &mut EventLog) {
        let name = tamper
            .name
            .clone()
            .unwrap_or_else(|| self.settings.cookie_name.clone());
        let jar = self.browsers.jar(&tamper.browser);
        let sentence = match &tamper.mode {
            TamperMode::Delete => {
                jar.remove(&name);
                format!("The user deletes the cookie {name:?}.")
            }
            TamperMode::Replace(text) => {
                if !jar.set_value(&name, text.clone()) {
                    jar.store(crate::browser::StoredCookie {
                        name: name.clone(),
                        value: text.clone(),
                        expires_at: None,
                    });
                }
                format!("The user sets the cookie {name:?} to {text:?}.")
            }
            TamperMode::Append(text) => match jar.get(&name).map(|c| c.value.clone()) {
                Some(value) => {
                    jar.set_value(&name, format!("{value}{text}"));
                    format!("The user appends {text:?} to the cookie {name:?}.")
                }
                None => format!("There is no cookie {name:?} to edit."),
            },
            TamperMode::FlipLast => match jar.get(&name).map(|c| c.value.clone()) {
                Some(value) => {
                    let mut chars: Vec<char> = value.chars().collect();
                    if let Some(last) = chars.last_mut() {
                        *last = if *last == '0' { '1' } else { '0' };
                    }
                    jar.set_value(&name, chars.into_iter().collect());
                    format!("The user changes the last character of the cookie {name:?}.")
                }
                None => format!("There is no cookie {name:?} to edit."),
            },
        };
        Self::environment(events, sentence);
    }

    fn fault(&mut self, fault: Fault, events: &mut EventLog) {
        let sentence = match fault {
            Fault::DbTableMissing => {
                self.server.table.set_present(false);
                "The django_session table is dropped (as if `manage.py migrate` never ran): every session query will fail."
            }
            Fault::FileDirMissing => {
                self.server.files.set_state(DirState::Missing);
                "The session directory (SESSION_FILE_PATH) is removed."
            }
            Fault::FileDirReadOnly => {
                self.server.files.set_state(DirState::ReadOnly);
                "The session directory becomes read-only: no file can be created, replaced or removed in it."
            }
            Fault::Repair => {
                self.server.table.set_present(true);
                self.server.files.set_state(DirState::Ready);
                "The storage is repaired: the table exists and the directory is writable again."
            }
        };
        events.push(Lane::Store, EventKind::Environment, "scenario", sentence);
    }

    fn clear_expired(&mut self, events: &mut EventLog) -> StepOutcome {
        let mut outcome = StepOutcome::default();
        let mut env = Env {
            now: self.clock.now(),
            settings: &self.settings,
            keys: &mut self.keys,
            server: &mut self.server,
            events,
            queries: &mut outcome.queries,
        };
        if let Err(error) = store_for(self.engine).clear_expired(&mut env) {
            outcome.error = Some(error.to_string());
        }
        outcome
    }

    fn request(&mut self, request: &Request, events: &mut EventLog) -> StepOutcome {
        let now = self.clock.now();
        let sent = if self.rules.is_some() {
            self.send_with_rules(request, events)
        } else {
            self.send_from_jar(request, now, events)
        };
        let cookies = parse_cookie(&wsgi_header_text(sent.header.as_deref().unwrap_or("")));
        let mut queries = Vec::new();
        let handled = {
            let mut env = Env {
                now,
                settings: &self.settings,
                keys: &mut self.keys,
                server: &mut self.server,
                events,
                queries: &mut queries,
            };
            handle_request(
                self.engine,
                &cookies,
                request.status,
                request.vary.as_deref(),
                |session, env| run_view(&request.view, session, env, &self.users),
                &mut env,
            )
        };
        let mut set_cookies: Vec<SetCookie> = handled
            .response
            .cookies
            .iter()
            .map(set_cookie_record)
            .collect();
        if self.rules.is_some() {
            self.receive_with_rules(request, &mut set_cookies, events);
        } else {
            self.receive_into_jar(request, &handled.response.cookies, now, events);
        }
        let origin = &self.origin;
        StepOutcome {
            request: Some(RequestRecord {
                browser: request.browser.clone(),
                path: request.path.clone(),
                secure: request.url(origin).scheme() == crate::browser::rules::Scheme::Https,
                cookie_header: sent.header,
                url: request.url_text(origin),
                method: request.kind.default_method(),
                kind: request.kind,
                from: request.initiator(origin).map(|page| page.to_string()),
                not_sent: sent.not_sent,
            }),
            response: Some(ResponseRecord {
                status: handled.response.status,
                exception: handled
                    .exception
                    .as_ref()
                    .map(|e| e.python_name().to_owned()),
                exception_message: handled
                    .exception
                    .as_ref()
                    .or(handled.request_exception.as_ref())
                    .map(|e| e.to_string()),
                result: handled.result,
                vary: handled.response.vary,
                set_cookies,
            }),
            queries,
            error: None,
            script: None,
        }
    }

    /// The conformance jar's `Cookie` header: every cookie it has, once the expired ones go.
    fn send_from_jar(&mut self, request: &Request, now: f64, events: &mut EventLog) -> SentCookies {
        let jar = self.browsers.jar(&request.browser);
        jar.drop_expired(now, events);
        let cookie_header = jar.cookie_header();
        match &cookie_header {
            Some(header) => events.push_detail(
                Lane::Browser,
                EventKind::CookieSent,
                "browser",
                format!(
                    "The browser {:?} requests {} and sends its cookies.",
                    request.browser, request.path
                ),
                Some(format!("Cookie: {header}")),
            ),
            None => events.push(
                Lane::Browser,
                EventKind::NoCookieSent,
                "browser",
                format!(
                    "The browser {:?} requests {} with no cookies.",
                    request.browser, request.path
                ),
            ),
        }
        SentCookies {
            header: cookie_header,
            not_sent: None,
        }
    }

    /// The conformance jar applies each `Set-Cookie` by the README's rules.
    fn receive_into_jar(
        &mut self,
        request: &Request,
        morsels: &[Morsel],
        now: f64,
        events: &mut EventLog,
    ) {
        let jar = self.browsers.jar(&request.browser);
        for morsel in morsels {
            let expires = Some(morsel.expires.as_str()).filter(|e| !e.is_empty());
            jar.receive(
                &morsel.key,
                &morsel.coded_value,
                morsel.max_age,
                expires,
                now,
                events,
            );
        }
    }
}

fn set_cookie_record(morsel: &Morsel) -> SetCookie {
    let text = |s: &str| Some(s.to_owned()).filter(|s| !s.is_empty());
    SetCookie {
        name: morsel.key.clone(),
        value: morsel.coded_value.clone(),
        output: morsel.output_string(),
        attributes: CookieAttributes {
            expires: text(&morsel.expires),
            max_age: morsel.max_age,
            path: text(&morsel.path),
            domain: text(&morsel.domain),
            secure: morsel.secure,
            httponly: morsel.httponly,
            samesite: text(&morsel.samesite),
        },
        verdict: None,
    }
}
