//! Reading and writing a scenario's requests (the README's `<request>` and "Views"): the
//! view name and its arguments, `multi`'s ops, browser, path, secure, status and vary.

use crate::json::{Dict, Value};

use super::error::ScenarioError;
use super::fields::{
    browser_field, field, insert_browser, integer_field, optional_string, string_field, Parsed,
};
use super::parse_site::{read_request_site, request_site_to_value};
use super::steps::{ExpiryArg, Request, ViewCall};

/// Reads `{"request": {...}}`'s object; `at` names it in errors. Inlined where it is called:
/// a step's reader (which every page load needs) and a `concurrent` step's (which the page
/// loads on demand) each keep their own copy, so the page's first load carries no separate
/// function for the two (1.3 KB less of the page's main module).
#[inline(always)]
pub(super) fn parse_request(dict: &Dict, at: &str) -> Parsed<Request> {
    let mut request = Request::new(parse_view(dict, at, true)?);
    request.browser = browser_field(dict, at)?;
    if let Some(path) = optional_string(dict, "path", at)? {
        request.path = path;
    }
    match field(dict, "secure") {
        None => {}
        Some(Value::Bool(b)) => request.secure = *b,
        Some(_) => {
            return Err(ScenarioError::invalid(
                format!("{at}.secure"),
                "true or false",
            ))
        }
    }
    if let Some(status) = field(dict, "status") {
        request.status = match status {
            Value::Int(n) => n.to_i64().and_then(|n| u16::try_from(n).ok()),
            _ => None,
        }
        .filter(|s| (100..=999).contains(s))
        .ok_or_else(|| ScenarioError::invalid(format!("{at}.status"), "an HTTP status code"))?;
    }
    request.vary = optional_string(dict, "vary", at)?;
    request.instance = optional_string(dict, "instance", at)?;
    read_request_site(dict, at, &mut request)?;
    Ok(request)
}

fn parse_view(dict: &Dict, at: &str, multi_allowed: bool) -> Parsed<ViewCall> {
    let ops = || -> Parsed<Vec<ViewCall>> {
        let ops = match field(dict, "ops") {
            Some(Value::List(ops)) => ops,
            _ => return Err(ScenarioError::invalid(format!("{at}.ops"), "a list")),
        };
        let calls = ops.iter().enumerate().map(|(i, op)| {
            let op_at = format!("{at}.ops[{i}]");
            let op_dict = op
                .as_dict()
                .ok_or_else(|| ScenarioError::invalid(&op_at, "an object"))?;
            parse_view(op_dict, &op_at, false)
        });
        calls.collect::<Parsed<_>>()
    };
    let name = string_field(dict, "view", at)?;
    let key = || string_field(dict, "key", at);
    let data = || {
        field(dict, "data")
            .and_then(Value::as_dict)
            .cloned()
            .ok_or_else(|| ScenarioError::invalid(format!("{at}.data"), "an object"))
    };
    let value = |name: &str| {
        field(dict, name)
            .cloned()
            .ok_or_else(|| ScenarioError::invalid(format!("{at}.{name}"), "a JSON value"))
    };
    Ok(match name.as_str() {
        "noop" => ViewCall::Noop,
        "set" => ViewCall::Set(data()?),
        "update" => ViewCall::Update(data()?),
        "get" => ViewCall::Get {
            key: key()?,
            default: field(dict, "default").cloned().unwrap_or(Value::Null),
        },
        "pop" => ViewCall::Pop {
            key: key()?,
            default: field(dict, "default").cloned(),
        },
        "delete" => ViewCall::Delete { key: key()? },
        "setdefault" => ViewCall::SetDefault {
            key: key()?,
            value: value("value")?,
        },
        "contains" => ViewCall::Contains { key: key()? },
        "keys" => ViewCall::Keys,
        "items" => ViewCall::Items,
        "clear" => ViewCall::Clear,
        "flush" => ViewCall::Flush,
        "cycle_key" => ViewCall::CycleKey,
        "set_expiry" => ViewCall::SetExpiry(parse_expiry_arg(&value("value")?)),
        "info" => ViewCall::Info,
        "session_key" => ViewCall::SessionKey,
        "is_empty" => ViewCall::IsEmpty,
        "set_test_cookie" => ViewCall::SetTestCookie,
        "test_cookie_worked" => ViewCall::TestCookieWorked,
        "delete_test_cookie" => ViewCall::DeleteTestCookie,
        "store_delete" => ViewCall::StoreDelete,
        "append" => ViewCall::Append {
            key: key()?,
            value: value("value")?,
        },
        "mark_modified" => ViewCall::MarkModified,
        "login" => ViewCall::Login {
            user: match field(dict, "user") {
                None => 1,
                Some(_) => integer_field(dict, "user", at)?,
            },
        },
        "logout" => ViewCall::Logout,
        "user" => ViewCall::User,
        "multi" if multi_allowed => ViewCall::Multi(ops()?),
        "async" if multi_allowed => ViewCall::Async(ops()?),
        "bool" => ViewCall::Bool,
        "multi" | "async" => {
            return Err(ScenarioError::invalid(
                format!("{at}.view"),
                "a single view (an op of multi or async is never multi or async)",
            ))
        }
        other => return Err(ScenarioError::UnknownView(other.to_owned())),
    })
}

fn parse_expiry_arg(value: &Value) -> ExpiryArg {
    match value {
        Value::Dict(d) if d.contains_key("timedelta") => {
            ExpiryArg::Timedelta(d.get("timedelta").cloned().unwrap_or(Value::Null))
        }
        Value::Dict(d) if d.contains_key("datetime") => {
            ExpiryArg::Datetime(d.get("datetime").cloned().unwrap_or(Value::Null))
        }
        other => ExpiryArg::Value(other.clone()),
    }
}

fn expiry_arg_to_value(arg: &ExpiryArg) -> Value {
    let wrapped = |name: &str, v: &Value| {
        let mut d = Dict::new();
        d.insert(name, v.clone());
        Value::Dict(d)
    };
    match arg {
        ExpiryArg::Value(v) => v.clone(),
        ExpiryArg::Timedelta(v) => wrapped("timedelta", v),
        ExpiryArg::Datetime(v) => wrapped("datetime", v),
    }
}

fn view_to_dict(view: &ViewCall) -> Dict {
    let mut d = Dict::new();
    d.insert("view", Value::from(view.name()));
    match view {
        ViewCall::Set(data) | ViewCall::Update(data) => {
            d.insert("data", Value::Dict(data.clone()));
        }
        ViewCall::Get { key, default } => {
            d.insert("key", Value::from(key.as_str()));
            if *default != Value::Null {
                d.insert("default", default.clone());
            }
        }
        ViewCall::Pop { key, default } => {
            d.insert("key", Value::from(key.as_str()));
            if let Some(default) = default {
                d.insert("default", default.clone());
            }
        }
        ViewCall::Delete { key } | ViewCall::Contains { key } => {
            d.insert("key", Value::from(key.as_str()));
        }
        ViewCall::SetDefault { key, value } | ViewCall::Append { key, value } => {
            d.insert("key", Value::from(key.as_str()));
            d.insert("value", value.clone());
        }
        ViewCall::Login { user } => d.insert("user", Value::from(*user)),
        ViewCall::SetExpiry(arg) => d.insert("value", expiry_arg_to_value(arg)),
        ViewCall::Multi(ops) | ViewCall::Async(ops) => d.insert(
            "ops",
            Value::List(ops.iter().map(|op| Value::Dict(view_to_dict(op))).collect()),
        ),
        _ => {}
    }
    d
}

/// The request as the README's object (defaults left out).
pub(super) fn request_to_value(request: &Request) -> Value {
    let mut d = view_to_dict(&request.view);
    insert_browser(&mut d, &request.browser);
    if request.path != "/" {
        d.insert("path", Value::from(request.path.as_str()));
    }
    if request.secure {
        d.insert("secure", Value::Bool(true));
    }
    if request.status != 200 {
        d.insert("status", Value::from(i64::from(request.status)));
    }
    if let Some(vary) = &request.vary {
        d.insert("vary", Value::from(vary.as_str()));
    }
    request_site_to_value(request, &mut d);
    if let Some(instance) = &request.instance {
        d.insert("instance", Value::from(instance.as_str()));
    }
    Value::Dict(d)
}
