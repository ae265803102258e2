//! The cost of running a scenario, estimated from its steps alone (see the module above):
//! its steps and requests, the most data one step carries, the largest session each browser's
//! steps build (as JSON), and the session and key bytes every request encodes, signs and
//! verifies.

use std::collections::HashMap;

use sessionscope_engine::small_map::NameMap;

use sessionscope_engine::compress::{zlib_decompress_limited, ZlibError};
use sessionscope_engine::json::{to_python_json, Value};
use sessionscope_engine::scenario::{Scenario, Settings, Step, TamperMode, ViewCall};
use sessionscope_engine::signing::b64_decode;

use super::{LimitError, MAX_SESSION_BYTES, MAX_STEPS, MAX_STEP_DATA, MAX_WORK_BYTES};

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
        if self.work > MAX_WORK_BYTES {
            return Err(LimitError::TooMuchWork {
                bytes: self.work,
                requests: self.requests,
            });
        }
        Ok(())
    }
}

/// The cost of running `scenario`'s steps, then `extra` if given.
pub fn estimate(scenario: &Scenario, extra: Option<&Step>) -> Cost {
    let mut cost = Cost::default();
    let mut settings = scenario.initial_settings();
    let mut sessions: HashMap<String, Session> = HashMap::new();
    for (index, step) in scenario.steps.iter().chain(extra).enumerate() {
        cost.steps += 1;
        let carried = data_bytes(std::slice::from_ref(step));
        if carried > cost.largest_step.0 {
            cost.largest_step = (carried, index);
        }
        step.apply_to_settings(&mut settings);
        match step {
            Step::Request(request) => {
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
            }
            Step::Tamper(tamper) => {
                if let TamperMode::Replace(text) | TamperMode::Append(text) = &tamper.mode {
                    let session = sessions.entry(tamper.browser.clone()).or_default();
                    session.plant(cookie_payload_bytes(text));
                    let size = session.bytes();
                    if size > cost.largest_session.0 {
                        cost.largest_session = (size, index);
                    }
                }
                cost.work = cost.work.saturating_add(carried);
            }
            _ => cost.work = cost.work.saturating_add(carried),
        }
    }
    cost
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
            ViewCall::Multi(ops) => ops.iter().for_each(|op| self.run(op)),
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
