//! Running a scenario: the simulated browsers, the clock, the settings and the server, step
//! by step, recording a [`TraceStep`] for each.

use crate::auth::Users;
use crate::browser::rules::{Scheme, Url};
use crate::browser::{
    simulated_browsers, AnyBrowsers, OutgoingRequest, ResponseCookie, SimulatedBrowsers,
};
use crate::clock::Clock;
use crate::event::{EventKind, EventLog, Lane};
use crate::keys::SequentialKeys;
use crate::middleware::{handle_request, parse_cookie, wsgi_header_text, Morsel};
use crate::pickle::{DataPickle, SessionPickle};
use crate::session::{store_for, DirState, Engine, Env, Server, Settings, SqlQuery};
use crate::version::DjangoVersion;

use super::document::{Fault, Request, Scenario, Step};
use super::trace::{
    CookieAttributes, CookieKeptBack, RequestRecord, ResponseRecord, ScriptRecord, SetCookie,
    SetCookieVerdict, Trace, TraceStep,
};
use views::run_view;

mod browser_steps;
mod in_place;
mod snapshot;
mod views;

/// Runs every step of `scenario` and returns the trace. Never panics; a step that cannot be
/// carried out records an error in its [`TraceStep::error`].
pub fn run(scenario: &Scenario) -> Trace {
    run_with(scenario, &DataPickle)
}

/// [`run`], writing and reading `PickleSerializer` payloads with `pickle` (the playground
/// passes one whose code loads on demand).
pub fn run_with(scenario: &Scenario, pickle: &'static dyn SessionPickle) -> Trace {
    let mut simulation = Simulation::new(scenario, pickle);
    let steps = scenario.steps.iter().map(|s| simulation.apply(s)).collect();
    Trace {
        scenario: scenario.name.clone(),
        engine: scenario.engine,
        steps,
        django: scenario.django,
        warnings: std::mem::take(&mut simulation.server.warnings),
    }
}

/// The world of a scenario while [`run`] applies its steps in order. Not public: callers (the
/// playground included, which re-runs the whole scenario after every edit) use [`run`].
#[derive(Debug)]
struct Simulation {
    engine: Engine,
    django: DjangoVersion,
    settings: Settings,
    clock: Clock,
    keys: SequentialKeys,
    server: Server,
    /// The conformance jars, or with `browser_rules` browsers applying Chromium's rules: the
    /// runner drives either the same way.
    browsers: AnyBrowsers,
    users: Users,
    next_index: usize,
    /// Where requests go unless they say otherwise.
    origin: Url,
    /// The state after the previous step, which the next step's state shares from.
    previous: snapshot::PreviousState,
    /// How pickles are written and read.
    pickle: &'static dyn SessionPickle,
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

impl Simulation {
    /// The world before the first step of `scenario`.
    fn new(scenario: &Scenario, pickle: &'static dyn SessionPickle) -> Simulation {
        Simulation {
            engine: scenario.engine,
            django: scenario.django_version(),
            settings: scenario.settings_after(None),
            clock: Clock::at(scenario.start_time),
            keys: SequentialKeys::new(scenario.session_keys.iter().cloned()),
            server: Server::new(scenario.cache),
            browsers: simulated_browsers(scenario.browser_rules),
            users: Users::default(),
            next_index: 0,
            origin: scenario.default_origin(),
            previous: snapshot::PreviousState::default(),
            pickle,
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

    /// One code path per step, whichever browsers run it.
    fn apply_step(&mut self, step: &Step, events: &mut EventLog) -> StepOutcome {
        let mut outcome = StepOutcome::default();
        step.apply_to_settings(&mut self.settings);
        match step {
            Step::Request(request) => return self.request(request, events),
            Step::Script(script) => match self.script(script, events) {
                Ok(record) => outcome.script = Some(record),
                Err(error) => outcome.error = Some(error),
            },
            Step::Advance(seconds) => {
                self.clock.advance(*seconds);
                Self::environment(events, format!("Time passes: {seconds} seconds."));
            }
            Step::CloseBrowser(browser) => self.close_browser(browser, events),
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
            } => self.save_cookie(label, name.as_deref(), browser, events),
            Step::RestoreCookie { label, browser } => {
                if let Err(error) = self.restore_cookie(label, browser, events) {
                    outcome.error = Some(error);
                }
            }
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
            Step::CacheWritesFail(fail) => {
                self.server.cache.set_writes_fail(*fail);
                events.push(
                    Lane::Store,
                    EventKind::Environment,
                    "LocMemCache",
                    if *fail {
                        "The cache goes down for writes: from now on set() and add() raise ConnectionError (reads and deletes still work)."
                    } else {
                        "The cache accepts writes again."
                    },
                );
            }
            Step::CacheClear => {
                self.server.cache.clear();
                events.push(
                    Lane::Store,
                    EventKind::Environment,
                    "LocMemCache.clear",
                    "caches[\"default\"].clear(): every cached session of every browser disappears (database rows and files survive).",
                );
            }
        }
        outcome
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
            django: self.django,
            pickle: self.pickle,
        };
        if let Err(error) = store_for(self.engine).clear_expired(&mut env) {
            outcome.error = Some(error.to_string());
        }
        outcome
    }

    /// The browser sends the request (its cookies are the browser's no longer: nothing is
    /// borrowed while the server works), the server handles it, the browser receives the
    /// response.
    fn request(&mut self, request: &Request, events: &mut EventLog) -> StepOutcome {
        let now = self.clock.now();
        let context = request.context(&self.origin);
        let url = request.url_text(&self.origin);
        let outgoing = OutgoingRequest {
            browser: &request.browser,
            path: &request.path,
            url: &url,
            context: &context,
        };
        let sent = self.browsers.send(&outgoing, now, events);
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
                django: self.django,
                pickle: self.pickle,
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
        let received: Vec<ResponseCookie> = set_cookies.iter().map(response_cookie).collect();
        let outcomes = self.browsers.receive(&outgoing, &received, now, events);
        for (record, outcome) in set_cookies.iter_mut().zip(outcomes.iter().flatten()) {
            record.verdict = Some(SetCookieVerdict::of(outcome));
        }
        StepOutcome {
            request: Some(RequestRecord {
                browser: request.browser.clone(),
                path: request.path.clone(),
                secure: context.url.scheme() == Scheme::Https,
                cookie_header: sent.header,
                url,
                method: request.kind.default_method(),
                kind: request.kind,
                from: context.initiator.as_ref().map(|page| page.to_string()),
                not_sent: sent
                    .not_sent
                    .map(|not_sent| not_sent.iter().map(CookieKeptBack::of).collect()),
            }),
            response: Some(ResponseRecord {
                status: handled.response.status,
                exception: handled
                    .exception
                    .as_ref()
                    .map(|e| e.python_name().to_owned()),
                view_exception: handled
                    .view_exception
                    .as_ref()
                    .map(|e| e.python_name().to_owned()),
                escaped_exception: handled
                    .escaped_exception()
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
}

/// A `Set-Cookie` header as the browsers receive it.
fn response_cookie(record: &SetCookie) -> ResponseCookie<'_> {
    ResponseCookie {
        name: &record.name,
        value: &record.value,
        max_age: record.attributes.max_age,
        expires: record.attributes.expires.as_deref(),
        line: &record.output,
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
