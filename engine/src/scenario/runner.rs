//! Running a scenario: the simulated browsers, the clock, the settings and the server, step
//! by step, recording a [`TraceStep`] for each.

use crate::auth::Users;
use crate::browser::rules::Url;
use crate::browser::{simulated_browsers, AnyBrowsers, ResponseCookie};
use crate::clock::Clock;
use crate::event::{EventKind, EventLog, Lane};
use crate::keys::SequentialKeys;
use crate::middleware::Morsel;
use crate::session::{store_for, DirState, Engine, Env, Server, Settings, SqlQuery};
use crate::version::DjangoVersion;

use super::document::{Fault, Request, Scenario, Step};
use super::trace::{
    ConcurrentRecord, CookieAttributes, RequestRecord, ResponseRecord, ScriptRecord, SetCookie,
    Trace, TraceStep,
};

mod browser_steps;
pub(super) mod cluster;
mod concurrent;
mod exchange;
mod in_place;
mod snapshot;
pub(super) mod topology;
mod views;

/// Runs every step of `scenario` and returns the trace. Never panics; a step that cannot be
/// carried out records an error in its [`TraceStep::error`].
pub fn run(scenario: &Scenario) -> Trace {
    run_with(scenario, topology::FULL)
}

/// [`run`] with the code the playground loads on demand supplied by the caller: how
/// `PickleSerializer` payloads are written and read, and what only topology scenarios need
/// ([`topology::Injected`]).
pub fn run_with(scenario: &Scenario, injected: topology::Injected) -> Trace {
    let mut simulation = Simulation::new(scenario, injected);
    let steps = scenario.steps.iter().map(|s| simulation.apply(s)).collect();
    Trace {
        scenario: scenario.name.clone(),
        engine: scenario.engine,
        steps,
        django: scenario.django,
        warnings: std::mem::take(&mut simulation.server.warnings),
    }
}

/// The world of a scenario while [`run`] applies its steps in order. Opaque: callers (the
/// playground included, which re-runs the whole scenario after every edit) use [`run`]; an
/// injected [`topology::Topology`] gets it inside a [`topology::TopologyStep`].
#[derive(Debug)]
pub struct Simulation {
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
    /// The Django instances (one, `web`, unless the scenario has `instances`) and the load
    /// balancer. `settings`, `server.cache` and `server.files` are the first instance's and
    /// the shared ones, except while an instance runs a phase ([`Simulation::enter`]).
    cluster: cluster::Cluster,
    /// Whether the scenario uses the topology README's fields: its trace names instances.
    topology: bool,
    /// The code the caller supplies: pickles, topology.
    injected: topology::Injected,
}

/// What a step changed, besides the world.
#[derive(Debug, Default)]
struct StepOutcome {
    request: Option<RequestRecord>,
    response: Option<ResponseRecord>,
    queries: Vec<SqlQuery>,
    error: Option<String>,
    script: Option<ScriptRecord>,
    concurrent: Option<ConcurrentRecord>,
}

impl Simulation {
    /// The world before the first step of `scenario`.
    fn new(scenario: &Scenario, injected: topology::Injected) -> Simulation {
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
            cluster: cluster::Cluster::new(scenario),
            topology: scenario.has_topology(),
            injected,
        }
        .with_first_settings()
    }

    /// `settings` as the first instance's (they differ only if it overrides some).
    fn with_first_settings(mut self) -> Simulation {
        self.sync_settings();
        self
    }

    fn sync_settings(&mut self) {
        if let Some(first) = self.cluster.first_settings() {
            self.settings = first.clone();
        }
    }

    /// Applies one step and reports what happened and the state after it.
    fn apply(&mut self, step: &Step) -> TraceStep {
        let mut events = EventLog::new();
        let outcome = self.apply_step(step, &mut events);
        let logged = std::mem::take(&mut self.server.log);
        let logs = matches!(
            step,
            Step::Request(_) | Step::ClearExpired | Step::ClearExpiredOn(_)
        );
        let log = (self.topology && logs).then_some(logged);
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
            concurrent: outcome.concurrent,
            log,
        }
    }

    fn environment(events: &mut EventLog, sentence: String) {
        events.push(Lane::Browser, EventKind::Environment, "scenario", sentence);
    }

    /// One code path per step, whichever browsers run it.
    fn apply_step(&mut self, step: &Step, events: &mut EventLog) -> StepOutcome {
        let mut outcome = StepOutcome::default();
        step.apply_to_settings(&mut self.settings);
        for process in &mut self.cluster.processes {
            step.apply_to_settings(&mut process.settings);
        }
        match step {
            Step::Request(request) => return self.request(request, events),
            Step::Concurrent(_) | Step::Route(_) | Step::Deploy(_) | Step::ClearExpiredOn(_) => {
                return self.topology_step(step, events)
            }
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
            Step::ClearExpired => return self.clear_expired_on(0, events),
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

    /// `SessionStore.clear_expired()` run by instance `index` (for the file backend only its
    /// directory is cleared).
    fn clear_expired_on(&mut self, index: usize, events: &mut EventLog) -> StepOutcome {
        self.enter(index);
        let outcome = self.clear_expired(events);
        self.leave(index);
        outcome
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
            pickle: self.injected.pickle,
        };
        if let Err(error) = store_for(self.engine).clear_expired(&mut env) {
            outcome.error = Some(error.to_string());
        }
        outcome
    }

    /// A `request` step: its three phases back to back ([`exchange`]).
    fn request(&mut self, request: &Request, events: &mut EventLog) -> StepOutcome {
        let mut queries = Vec::new();
        let mut exchange = self.send(request, events, &mut queries);
        self.view(&mut exchange, events, &mut queries);
        self.respond(&mut exchange, events, &mut queries);
        let (request, response) = exchange.records.unzip();
        StepOutcome {
            request,
            response,
            queries,
            ..StepOutcome::default()
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
