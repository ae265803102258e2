//! Reading scenarios from JSON values (the README's schema) and writing them back.

use crate::json::{Dict, Value};
use crate::session::{CacheOptions, Engine};

use super::error::ScenarioError;
use super::model::{Fault, Scenario, Step, Tamper, TamperMode, DEFAULT_BROWSER};
use super::parse_request::{parse_request, request_to_value};
use super::parse_site::{read_scenario_site, read_script, scenario_site_to_value, script_to_value};
use super::settings_patch::SettingsPatch;

pub(super) type Parsed<T> = Result<T, ScenarioError>;

fn number(value: &Value) -> Option<f64> {
    match value {
        Value::Int(n) => Some(n.to_f64()).filter(|x| x.is_finite()),
        Value::Float(x) => Some(*x).filter(|x| x.is_finite()),
        _ => None,
    }
}

pub(super) fn field<'a>(dict: &'a Dict, name: &str) -> Option<&'a Value> {
    dict.get(name)
}

pub(super) fn string_field(dict: &Dict, name: &str, at: &str) -> Parsed<String> {
    field(dict, name)
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| ScenarioError::invalid(format!("{at}.{name}"), "a string"))
}

pub(super) fn optional_string(dict: &Dict, name: &str, at: &str) -> Parsed<Option<String>> {
    match field(dict, name) {
        None => Ok(None),
        Some(Value::Str(s)) => Ok(Some(s.clone())),
        Some(_) => Err(ScenarioError::invalid(format!("{at}.{name}"), "a string")),
    }
}

pub(super) fn integer_field(dict: &Dict, name: &str, at: &str) -> Parsed<i64> {
    match field(dict, name) {
        Some(Value::Int(n)) => n.to_i64(),
        _ => None,
    }
    .ok_or_else(|| ScenarioError::invalid(format!("{at}.{name}"), "an integer"))
}

pub(super) fn browser_field(dict: &Dict, at: &str) -> Parsed<String> {
    Ok(optional_string(dict, "browser", at)?.unwrap_or_else(|| DEFAULT_BROWSER.to_owned()))
}

impl Scenario {
    /// Reads a scenario from its JSON text (the README's "Scenario file").
    pub fn from_json(text: &str) -> Result<Scenario, ScenarioError> {
        let value = crate::json::parse_python_json(text).map_err(ScenarioError::Json)?;
        Scenario::from_value(&value)
    }

    /// Reads a scenario from a parsed JSON value.
    pub fn from_value(value: &Value) -> Result<Scenario, ScenarioError> {
        let dict = value
            .as_dict()
            .ok_or_else(|| ScenarioError::invalid("scenario", "an object"))?;
        let engine_name = string_field(dict, "engine", "scenario")?;
        let engine =
            Engine::from_name(&engine_name).ok_or(ScenarioError::UnknownEngine(engine_name))?;
        let mut scenario = Scenario::new(
            optional_string(dict, "name", "scenario")?.unwrap_or_default(),
            engine,
        );
        scenario.description =
            optional_string(dict, "description", "scenario")?.unwrap_or_default();
        if let Some(start) = field(dict, "start_time") {
            scenario.start_time =
                number(start).ok_or_else(|| ScenarioError::invalid("start_time", "a number"))?;
        }
        if let Some(settings) = field(dict, "settings") {
            scenario.settings = SettingsPatch::parse(settings)?;
        }
        if let Some(cache) = field(dict, "cache") {
            scenario.cache = parse_cache_options(cache)?;
        }
        if let Some(keys) = field(dict, "session_keys") {
            scenario.session_keys = parse_string_list(keys, "session_keys")?;
        }
        read_scenario_site(dict, &mut scenario)?;
        let steps = match field(dict, "steps") {
            Some(Value::List(steps)) => steps,
            None => &Vec::new(),
            Some(_) => return Err(ScenarioError::invalid("steps", "a list")),
        };
        scenario.steps = steps
            .iter()
            .enumerate()
            .map(|(i, step)| Step::from_value(step, &format!("steps[{i}]")))
            .collect::<Parsed<_>>()?;
        Ok(scenario)
    }

    /// The scenario as JSON, in the README's schema.
    pub fn to_value(&self) -> Value {
        let mut dict = Dict::new();
        dict.insert("name", Value::from(self.name.as_str()));
        if !self.description.is_empty() {
            dict.insert("description", Value::from(self.description.as_str()));
        }
        dict.insert("engine", Value::from(self.engine.name()));
        if self.start_time != crate::clock::DEFAULT_START_TIME {
            dict.insert("start_time", float_or_int(self.start_time));
        }
        if !self.settings.changes.is_empty() {
            dict.insert("settings", self.settings.to_value());
        }
        if self.cache != CacheOptions::default() {
            let mut cache = Dict::new();
            cache.insert("max_entries", Value::from(self.cache.max_entries));
            cache.insert("cull_frequency", Value::from(self.cache.cull_frequency));
            dict.insert("cache", Value::Dict(cache));
        }
        if !self.session_keys.is_empty() {
            let keys = self.session_keys.iter().map(|k| Value::from(k.as_str()));
            dict.insert("session_keys", Value::List(keys.collect()));
        }
        scenario_site_to_value(self, &mut dict);
        dict.insert(
            "steps",
            Value::List(self.steps.iter().map(Step::to_value).collect()),
        );
        Value::Dict(dict)
    }

    /// The scenario as pretty-printed JSON text.
    pub fn to_json_string(&self) -> String {
        crate::json::to_pretty_json(&self.to_value())
    }
}

/// An integral float is written as an integer (`1700000000`), others as floats.
fn float_or_int(x: f64) -> Value {
    if x.fract() == 0.0 && x.abs() < 9e15 {
        Value::from(x as i64)
    } else {
        Value::Float(x)
    }
}

fn parse_string_list(value: &Value, at: &str) -> Parsed<Vec<String>> {
    match value {
        Value::List(items) => items
            .iter()
            .map(|v| v.as_str().map(str::to_owned))
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| ScenarioError::invalid(at, "a list of strings")),
        _ => Err(ScenarioError::invalid(at, "a list of strings")),
    }
}

fn parse_cache_options(value: &Value) -> Parsed<CacheOptions> {
    let dict = value
        .as_dict()
        .ok_or_else(|| ScenarioError::invalid("cache", "an object"))?;
    let mut options = CacheOptions::default();
    for (name, v) in dict.iter() {
        let n = match v {
            Value::Int(n) => n.to_i64().filter(|n| n.unsigned_abs() < 1 << 40),
            _ => None,
        }
        .ok_or_else(|| ScenarioError::invalid(format!("cache.{name}"), "an integer"))?;
        match name {
            "max_entries" => options.max_entries = n,
            "cull_frequency" => options.cull_frequency = n,
            _ => {
                return Err(ScenarioError::invalid(
                    format!("cache.{name}"),
                    "max_entries or cull_frequency",
                ))
            }
        }
    }
    Ok(options)
}

impl Step {
    /// Reads one step (an object with exactly one key); `at` names it in errors.
    pub fn from_value(value: &Value, at: &str) -> Result<Step, ScenarioError> {
        let dict = value
            .as_dict()
            .filter(|d| d.len() == 1)
            .ok_or_else(|| ScenarioError::invalid(at, "an object with exactly one key"))?;
        let (kind, arg) = dict
            .iter()
            .next()
            .ok_or_else(|| ScenarioError::invalid(at, "an object with exactly one key"))?;
        let at = format!("{at}.{kind}");
        let object = || {
            arg.as_dict()
                .ok_or_else(|| ScenarioError::invalid(at.clone(), "an object"))
        };
        Ok(match kind {
            "request" => Step::Request(parse_request(object()?, &at)?),
            "script" => Step::Script(read_script(object()?, &at)?),
            "advance" => {
                Step::Advance(number(arg).ok_or_else(|| ScenarioError::invalid(&at, "a number"))?)
            }
            "close_browser" => Step::CloseBrowser(match arg {
                Value::Bool(true) => DEFAULT_BROWSER.to_owned(),
                Value::Str(name) => name.clone(),
                _ => return Err(ScenarioError::invalid(at, "true or a browser name")),
            }),
            "settings" => Step::Settings(SettingsPatch::parse(arg)?),
            "rotate_secret" => Step::RotateSecret(
                arg.as_str()
                    .map(str::to_owned)
                    .ok_or_else(|| ScenarioError::invalid(&at, "a string"))?,
            ),
            "tamper" => Step::Tamper(parse_tamper(object()?, &at)?),
            "save_cookie" => {
                let dict = object()?;
                Step::SaveCookie {
                    label: string_field(dict, "as", &at)?,
                    name: optional_string(dict, "name", &at)?,
                    browser: browser_field(dict, &at)?,
                }
            }
            "restore_cookie" => {
                let dict = object()?;
                Step::RestoreCookie {
                    label: string_field(dict, "from", &at)?,
                    browser: browser_field(dict, &at)?,
                }
            }
            "clear_expired" => Step::ClearExpired,
            "set_password" => {
                let dict = object()?;
                Step::SetPassword {
                    user: integer_field(dict, "user", &at)?,
                    password: string_field(dict, "password", &at)?,
                }
            }
            "cache_restart" => Step::CacheRestart,
            "fault" => Step::Fault(arg.as_str().and_then(Fault::from_name).ok_or_else(|| {
                ScenarioError::invalid(
                    &at,
                    "db_table_missing, file_dir_missing, file_dir_read_only or repair",
                )
            })?),
            other => return Err(ScenarioError::UnknownStep(other.to_owned())),
        })
    }

    /// The step as JSON, in the README's schema.
    pub fn to_value(&self) -> Value {
        let (kind, arg) = match self {
            Step::Request(request) => ("request", request_to_value(request)),
            Step::Script(script) => ("script", script_to_value(script)),
            Step::Advance(seconds) => ("advance", float_or_int(*seconds)),
            Step::CloseBrowser(browser) if browser == DEFAULT_BROWSER => {
                ("close_browser", Value::Bool(true))
            }
            Step::CloseBrowser(browser) => ("close_browser", Value::from(browser.as_str())),
            Step::Settings(patch) => ("settings", patch.to_value()),
            Step::RotateSecret(key) => ("rotate_secret", Value::from(key.as_str())),
            Step::Tamper(tamper) => ("tamper", tamper_to_value(tamper)),
            Step::SaveCookie {
                label,
                name,
                browser,
            } => {
                let mut d = Dict::new();
                d.insert("as", Value::from(label.as_str()));
                if let Some(name) = name {
                    d.insert("name", Value::from(name.as_str()));
                }
                insert_browser(&mut d, browser);
                ("save_cookie", Value::Dict(d))
            }
            Step::RestoreCookie { label, browser } => {
                let mut d = Dict::new();
                d.insert("from", Value::from(label.as_str()));
                insert_browser(&mut d, browser);
                ("restore_cookie", Value::Dict(d))
            }
            Step::ClearExpired => ("clear_expired", Value::Bool(true)),
            Step::SetPassword { user, password } => {
                let mut d = Dict::new();
                d.insert("user", Value::from(*user));
                d.insert("password", Value::from(password.as_str()));
                ("set_password", Value::Dict(d))
            }
            Step::CacheRestart => ("cache_restart", Value::Bool(true)),
            Step::Fault(fault) => ("fault", Value::from(fault.name())),
        };
        let mut dict = Dict::new();
        dict.insert(kind, arg);
        Value::Dict(dict)
    }
}

pub(super) fn insert_browser(dict: &mut Dict, browser: &str) {
    if browser != DEFAULT_BROWSER {
        dict.insert("browser", Value::from(browser));
    }
}

fn parse_tamper(dict: &Dict, at: &str) -> Parsed<Tamper> {
    let text = || optional_string(dict, "text", at).map(Option::unwrap_or_default);
    let mode = match string_field(dict, "mode", at)?.as_str() {
        "flip_last" => TamperMode::FlipLast,
        "append" => TamperMode::Append(text()?),
        "replace" => TamperMode::Replace(text()?),
        "delete" => TamperMode::Delete,
        _ => {
            return Err(ScenarioError::invalid(
                format!("{at}.mode"),
                "flip_last, append, replace or delete",
            ))
        }
    };
    Ok(Tamper {
        mode,
        name: optional_string(dict, "name", at)?,
        browser: browser_field(dict, at)?,
    })
}

fn tamper_to_value(tamper: &Tamper) -> Value {
    let mut d = Dict::new();
    let (mode, text) = match &tamper.mode {
        TamperMode::FlipLast => ("flip_last", None),
        TamperMode::Append(t) => ("append", Some(t)),
        TamperMode::Replace(t) => ("replace", Some(t)),
        TamperMode::Delete => ("delete", None),
    };
    d.insert("mode", Value::from(mode));
    if let Some(text) = text {
        d.insert("text", Value::from(text.as_str()));
    }
    if let Some(name) = &tamper.name {
        d.insert("name", Value::from(name.as_str()));
    }
    insert_browser(&mut d, &tamper.browser);
    Value::Dict(d)
}
