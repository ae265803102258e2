//! The cost of running a scenario, estimated from its steps alone (see the module above):
//! its steps and requests, the most data one step carries, the largest session each browser's
//! steps build (as JSON), the session and key bytes every request encodes, signs and
//! verifies, the cookie bytes every jar holds and sends at every step, and the scenario's text
//! as a share link writes it.
//!
//! The cookie jars are simulated from the steps, never run: a cookie planted or grown by
//! `tamper` (or put back by `restore_cookie`) has the bytes its text gives it, with no browser
//! cap (the conformance jar keeps whatever it is given); a cookie the server sets has at most
//! the 4,096 bytes a jar accepts, and no more than the session it carries needs. What the
//! server sets is counted as the larger of it and what the jar held (the jar may refuse it),
//! and what only running would tell (a deletion by the server, an expiry, a closed browser)
//! is not followed, so the estimate bounds the real bytes from above.

use std::collections::HashMap;

use sessionscope_engine::small_map::NameMap;

use sessionscope_engine::compress::{zlib_decompress_limited, ZlibError};
use sessionscope_engine::json::{to_python_json, Value};
use sessionscope_engine::scenario::{Engine, Scenario, Settings, Step, TamperMode, ViewCall};
use sessionscope_engine::signing::b64_decode;

use super::limit::{
    LimitError, MAX_COOKIE_BYTES, MAX_SCENARIO_TEXT, MAX_SESSION_BYTES, MAX_STEPS, MAX_STEP_DATA,
    MAX_WORK_BYTES,
};

/// The most bytes (name and value) a jar keeps of a cookie the server sets: over it, browsers
/// and the conformance jar ignore the `Set-Cookie`.
const SERVER_COOKIE_CAP: usize = 4096;

/// A session key's length (`db`, `cache`, `cached_db`, `file` send only the key).
const SESSION_KEY_BYTES: usize = 32;

/// What a signed session cookie holds besides its base64 payload: `:` + a base62 timestamp
/// (6 characters until the year 3769) + `:` + a 43-character HMAC-SHA256, and the leading `.`
/// of a compressed payload.
const SIGNED_COOKIE_OVERHEAD: usize = 52;

/// What a cookie costs in a `Cookie` header besides its name and value: `=` and `; `.
const HEADER_BYTES_PER_COOKIE: usize = 3;

/// What a browser's jar costs a step besides its cookies' bytes: every step's state holds
/// every jar, each built, compared with the previous step's and kept.
const BYTES_PER_JAR_AND_STEP: usize = 64;

/// What a request costs besides its session: verifying with a key is a hash of the key and
/// one of the data.
const BYTES_PER_KEY: usize = 64;

/// The fields of a step whose value is data the step carries (a session value, a default, a
/// cookie text, a script's writes, a password hash, a setting's or a new key's value).
const DATA_FIELDS: [&str; 8] = [
    "data",
    "value",
    "default",
    "text",
    "write",
    "password",
    "settings",
    "rotate_secret",
];

/// What the session of a logged-in user holds besides the view's data
/// (`_auth_user_id`, `_auth_user_backend`, `_auth_user_hash`).
const LOGIN_BYTES: usize = 160;

/// What a scenario will cost, estimated from its steps.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Cost {
    /// How many steps.
    pub steps: usize,
    /// How many requests.
    pub requests: usize,
    /// The most data one step carries, and which step.
    pub largest_step: (usize, usize),
    /// The largest session, and by which step.
    pub largest_session: (usize, usize),
    /// The session and key bytes of every request, added up.
    pub work: usize,
    /// The cookie bytes the steps carry together: every cookie of every browser's jar at
    /// every step (each step's state keeps every jar), and again when a request sends it
    /// (its `Cookie` header, parsed and kept in the step's record).
    pub cookie_bytes: usize,
    /// The scenario as a share link writes it (compact JSON), its session keys included.
    pub text: usize,
}

impl Cost {
    /// The first limit this cost is over.
    pub fn check(&self) -> Result<(), LimitError> {
        if self.steps > MAX_STEPS {
            return Err(LimitError::TooManySteps { steps: self.steps });
        }
        let (bytes, step) = self.largest_step;
        if bytes > MAX_STEP_DATA {
            return Err(LimitError::StepTooLarge { step, bytes });
        }
        let (bytes, step) = self.largest_session;
        if bytes > MAX_SESSION_BYTES {
            return Err(LimitError::SessionTooLarge { step, bytes });
        }
        if self.cookie_bytes > MAX_COOKIE_BYTES {
            return Err(LimitError::TooManyCookieBytes {
                bytes: self.cookie_bytes,
                steps: self.steps,
            });
        }
        if self.work > MAX_WORK_BYTES {
            return Err(LimitError::TooMuchWork {
                bytes: self.work,
                requests: self.requests,
            });
        }
        if self.text > MAX_SCENARIO_TEXT {
            return Err(LimitError::ScenarioTooLong { bytes: self.text });
        }
        Ok(())
    }
}

/// The cost of running `scenario`'s steps, then `extra` if given, on whichever engine: its
/// session cookies are counted as `signed_cookies` sets them, the largest any engine sets, so
/// that switching the backend never takes an accepted scenario over a limit.
pub fn estimate(scenario: &Scenario, extra: Option<&Step>) -> Cost {
    estimate_on(scenario, extra, Engine::SignedCookies)
}

/// The cost of running `scenario`'s steps, then `extra` if given, on `engine` (Compare runs
/// the scenario on every engine it shows).
pub fn estimate_on(scenario: &Scenario, extra: Option<&Step>, engine: Engine) -> Cost {
    let mut cost = Cost {
        text: head_text(scenario),
        ..Cost::default()
    };
    let mut settings = scenario.initial_settings();
    let mut sessions: HashMap<String, Session> = HashMap::new();
    let mut jars = Jars::default();
    for (index, step) in scenario.steps.iter().chain(extra).enumerate() {
        cost.steps += 1;
        let value = step.to_value();
        let carried = data_in(&value);
        // Its JSON, and the comma before the next step.
        cost.text = cost.text.saturating_add(to_python_json(&value).len() + 1);
        if carried > cost.largest_step.0 {
            cost.largest_step = (carried, index);
        }
        step.apply_to_settings(&mut settings);
        let cookie_name = settings.cookie_name.as_str();
        match step {
            Step::Request(request) => {
                // A browser's jar exists from its first request on, empty or not.
                jars.jars.get_or_insert_with(&request.browser, NameMap::new);
                let sent = jars.header_bytes(&request.browser);
                cost.cookie_bytes = cost.cookie_bytes.saturating_add(sent);
                let session = sessions.entry(request.browser.clone()).or_default();
                session.run(&request.view);
                cost.requests += 1;
                let size = session.bytes();
                if size > cost.largest_session.0 {
                    cost.largest_session = (size, index);
                }
                cost.work = cost
                    .work
                    .saturating_add(size + carried + key_bytes(&settings));
                if !session.is_empty() {
                    let set = session_cookie_bytes(engine, cookie_name, size);
                    jars.server_sets(&request.browser, cookie_name, set);
                }
            }
            Step::Tamper(tamper) => {
                let name = tamper.name.as_deref().unwrap_or(cookie_name);
                if let TamperMode::Replace(text) | TamperMode::Append(text) = &tamper.mode {
                    if name == cookie_name {
                        let session = sessions.entry(tamper.browser.clone()).or_default();
                        session.plant(cookie_payload_bytes(text));
                        let size = session.bytes();
                        if size > cost.largest_session.0 {
                            cost.largest_session = (size, index);
                        }
                    }
                }
                jars.tamper(&tamper.browser, name, &tamper.mode);
                cost.work = cost.work.saturating_add(carried);
            }
            Step::SaveCookie {
                label,
                name,
                browser,
            } => {
                let name = name.as_deref().unwrap_or(cookie_name);
                jars.save(browser, name, label);
                cost.work = cost.work.saturating_add(carried);
            }
            Step::RestoreCookie { label, browser } => {
                jars.restore(browser, label);
            }
            Step::Script(script) => {
                for write in &script.writes {
                    let name = write.split(['=', ';']).next().unwrap_or("").trim();
                    jars.server_sets(&script.browser, name, write.len().min(SERVER_COOKIE_CAP));
                }
                cost.work = cost.work.saturating_add(carried);
            }
            _ => cost.work = cost.work.saturating_add(carried),
        }
        // The step's state keeps every jar.
        let held = jars.total + BYTES_PER_JAR_AND_STEP * jars.jars.len();
        cost.cookie_bytes = cost.cookie_bytes.saturating_add(held);
    }
    cost
}

/// The scenario's text besides its steps: its name, description, settings, session keys…
fn head_text(scenario: &Scenario) -> usize {
    let head = Scenario {
        name: scenario.name.clone(),
        description: scenario.description.clone(),
        engine: scenario.engine,
        start_time: scenario.start_time,
        settings: scenario.settings.clone(),
        cache: scenario.cache,
        session_keys: scenario.session_keys.clone(),
        steps: Vec::new(),
        browser_rules: scenario.browser_rules,
        origin: scenario.origin.clone(),
        django: scenario.django,
        instances: scenario.instances.clone(),
        routing: scenario.routing.clone(),
    };
    to_python_json(&head.to_value()).len()
}

/// The most bytes (name + value) of the session cookie the server sets for a session of
/// `session` bytes of JSON: the key, or the signed session (base64 of the JSON, or less when
/// compressed), never over what a jar keeps.
fn session_cookie_bytes(engine: Engine, name: &str, session: usize) -> usize {
    let value = match engine {
        Engine::SignedCookies => session.div_ceil(3) * 4 + SIGNED_COOKIE_OVERHEAD,
        _ => SESSION_KEY_BYTES,
    };
    (name.len() + value).min(SERVER_COOKIE_CAP)
}

/// Every browser's jar as the steps fill it: each cookie's name + value bytes, never less
/// than the real jar holds.
#[derive(Default)]
struct Jars {
    jars: NameMap<NameMap<usize>>,
    saved: NameMap<(String, Option<usize>)>,
    /// Every cookie of every jar, added up.
    total: usize,
}

impl Jars {
    /// What a request from `browser` sends: its `Cookie` header's bytes.
    fn header_bytes(&self, browser: &str) -> usize {
        self.jars.get(browser).map_or(0, |jar| {
            jar.values()
                .map(|bytes| bytes + HEADER_BYTES_PER_COOKIE)
                .sum()
        })
    }

    fn get(&self, browser: &str, name: &str) -> Option<usize> {
        self.jars
            .get(browser)
            .and_then(|jar| jar.get(name).copied())
    }

    /// `name` holds `bytes` in `browser`'s jar (replacing what it held).
    fn put(&mut self, browser: &str, name: &str, bytes: usize) {
        let jar = self.jars.get_or_insert_with(browser, NameMap::new);
        let old = jar.get(name).copied().unwrap_or(0);
        jar.insert(name, bytes);
        self.total = (self.total - old).saturating_add(bytes);
    }

    /// A `Set-Cookie` of at most `bytes` (the server's, or a script's): the jar keeps it or,
    /// if it refuses it, what it had; the larger of the two counts.
    fn server_sets(&mut self, browser: &str, name: &str, bytes: usize) {
        if self.get(browser, name).is_none_or(|old| old < bytes) {
            self.put(browser, name, bytes);
        }
    }

    fn tamper(&mut self, browser: &str, name: &str, mode: &TamperMode) {
        match mode {
            TamperMode::Replace(text) => self.put(browser, name, name.len() + text.len()),
            TamperMode::Append(text) => {
                if let Some(old) = self.get(browser, name) {
                    self.put(browser, name, old.saturating_add(text.len()));
                }
            }
            TamperMode::Delete => self.remove(browser, name),
            TamperMode::FlipLast => {}
        }
    }

    fn save(&mut self, browser: &str, name: &str, label: &str) {
        let held = self.get(browser, name);
        self.saved.insert(label, (name.to_owned(), held));
    }

    fn remove(&mut self, browser: &str, name: &str) {
        if let Some(old) = self.jars.get_mut(browser).and_then(|jar| jar.remove(name)) {
            self.total -= old;
        }
    }

    /// A copy put back: exactly what was saved, or no cookie if there was none.
    fn restore(&mut self, browser: &str, label: &str) {
        match self.saved.get(label).cloned() {
            Some((name, Some(bytes))) => self.put(browser, &name, bytes),
            Some((name, None)) => self.remove(browser, &name),
            None => {}
        }
    }
}

/// Bytes hashed to sign and verify with the keys in force.
fn key_bytes(settings: &Settings) -> usize {
    let keys = std::iter::once(&settings.secret_key).chain(&settings.secret_key_fallbacks);
    keys.map(|key| key.len() + BYTES_PER_KEY).sum()
}

/// A browser's session as the steps build it: each key's bytes as JSON.
#[derive(Default)]
struct Session {
    entries: NameMap<usize>,
}

/// The key under which a planted cookie's payload is counted.
const PLANTED: &str = "\u{0}planted cookie";

impl Session {
    /// Nothing in it: the server sets no session cookie for it.
    fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn bytes(&self) -> usize {
        match self.entries.get(PLANTED) {
            Some(planted) if self.entries.len() == 1 => *planted,
            _ => 2 + self.entries.values().sum::<usize>(),
        }
    }

    fn put(&mut self, key: &str, value: &Value) {
        let bytes = to_python_json(&Value::from(key)).len() + 2 + to_python_json(value).len();
        self.entries.insert(key, bytes);
    }

    /// A cookie planted in the browser brings its payload as the session.
    fn plant(&mut self, bytes: usize) {
        self.entries.clear();
        self.entries.insert(PLANTED, bytes);
    }

    fn run(&mut self, view: &ViewCall) {
        match view {
            ViewCall::Set(data) | ViewCall::Update(data) => {
                for (key, value) in data.iter() {
                    self.put(key, value);
                }
            }
            ViewCall::SetDefault { key, value } if !self.entries.contains_key(key) => {
                self.put(key, value)
            }
            ViewCall::Append { key, value } => {
                let added = to_python_json(value).len() + 1;
                if let Some(bytes) = self.entries.get_mut(key) {
                    *bytes += added;
                }
            }
            ViewCall::Pop { key, .. } | ViewCall::Delete { key } => {
                self.entries.remove(key);
            }
            ViewCall::Clear | ViewCall::Flush | ViewCall::Logout => self.entries.clear(),
            ViewCall::Login { .. } => {
                self.entries.insert("_auth_user", LOGIN_BYTES);
            }
            ViewCall::SetExpiry(_) | ViewCall::SetTestCookie => {
                self.entries.insert(&format!("_{}", view.name()), 40);
            }
            ViewCall::Multi(ops) | ViewCall::Async(ops) => ops.iter().for_each(|op| self.run(op)),
            _ => {}
        }
    }
}

/// The session JSON a cookie text would bring if it is a signed value
/// (`payload:timestamp:signature`, the payload compressed when it starts with `.`), inflated
/// no further than just past [`MAX_SESSION_BYTES`]; 0 for anything else (a session key).
pub fn cookie_payload_bytes(text: &str) -> usize {
    let Some((payload, _)) = text.split_once(':') else {
        return 0;
    };
    let (compressed, payload) = match payload.strip_prefix('.') {
        Some(rest) => (true, rest),
        None => (false, payload),
    };
    let Ok(bytes) = b64_decode(payload.as_bytes()) else {
        return 0;
    };
    if !compressed {
        return bytes.len();
    }
    match zlib_decompress_limited(&bytes, MAX_SESSION_BYTES + 1) {
        Ok(json) => json.len(),
        Err(ZlibError::TooLarge) => MAX_SESSION_BYTES + 1,
        // Not a zlib stream: Django reads no session from it.
        Err(_) => 0,
    }
}

/// The bytes of data `steps` carry: the compact JSON of every [`DATA_FIELDS`] value in them.
pub fn data_bytes(steps: &[Step]) -> usize {
    steps.iter().map(|step| data_in(&step.to_value())).sum()
}

fn data_in(value: &Value) -> usize {
    match value {
        Value::Dict(dict) => dict
            .iter()
            .map(|(name, value)| {
                if DATA_FIELDS.contains(&name) {
                    to_python_json(value).len()
                } else {
                    data_in(value)
                }
            })
            .sum(),
        Value::List(items) => items.iter().map(data_in).sum(),
        _ => 0,
    }
}
