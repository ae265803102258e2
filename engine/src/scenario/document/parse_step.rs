//! Reading one step from its JSON value (the README's schema) and writing it back: the step
//! kinds, `tamper`'s modes; requests and scripts are read by [`super::parse_request`] and
//! [`super::parse_site`].

use crate::json::{Dict, Value};

use super::error::ScenarioError;
use super::fields::{
    browser_field, float_or_int, insert_browser, integer_field, number, optional_string,
    string_field, Parsed,
};
use super::parse_request::{parse_request, request_to_value};
use super::parse_site::{read_script, script_to_value};
use super::parse_topology::AllTopologyFields;
use super::scenario::TopologyFields;
use super::settings_patch::SettingsPatch;
use super::steps::{Fault, Step, Tamper, TamperMode, DEFAULT_BROWSER};
use super::write_topology::{concurrent_to_value, deploy_to_value, routing_to_value};

impl Step {
    /// Reads one step (an object with exactly one key); `at` names it in errors.
    pub fn from_value(value: &Value, at: &str) -> Result<Step, ScenarioError> {
        Step::from_value_with(value, at, &AllTopologyFields)
    }

    /// [`Step::from_value`], the `concurrent`, `route` and `deploy` steps read by `topology`.
    pub fn from_value_with(
        value: &Value,
        at: &str,
        topology: &dyn TopologyFields,
    ) -> Result<Step, ScenarioError> {
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
            "clear_expired" => match arg {
                Value::Bool(true) => Step::ClearExpired,
                Value::Str(instance) => Step::ClearExpiredOn(instance.clone()),
                _ => return Err(ScenarioError::invalid(at, "true or an instance name")),
            },
            "concurrent" => Step::Concurrent(topology.concurrent(object()?, &at)?),
            "route" => Step::Route(topology.routing(arg, &at)?),
            "deploy" => Step::Deploy(topology.deploy(object()?, &at)?),
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
            "cache_writes" => Step::CacheWritesFail(match arg.as_str() {
                Some("fail") => true,
                Some("ok") => false,
                _ => return Err(ScenarioError::invalid(at, "\"fail\" or \"ok\"")),
            }),
            "cache_clear" => match arg {
                Value::Bool(true) => Step::CacheClear,
                _ => return Err(ScenarioError::invalid(at, "true")),
            },
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
            Step::CacheWritesFail(fail) => (
                "cache_writes",
                Value::from(if *fail { "fail" } else { "ok" }),
            ),
            Step::CacheClear => ("cache_clear", Value::Bool(true)),
            Step::Concurrent(concurrent) => ("concurrent", concurrent_to_value(concurrent)),
            Step::Route(routing) => ("route", routing_to_value(routing)),
            Step::Deploy(deploy) => ("deploy", deploy_to_value(deploy)),
            Step::ClearExpiredOn(instance) => ("clear_expired", Value::from(instance.as_str())),
        };
        let mut dict = Dict::new();
        dict.insert(kind, arg);
        Value::Dict(dict)
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
