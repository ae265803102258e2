//! The field helpers every reader and writer of the document shares: read a typed field of a
//! JSON object (naming the field in the error when it has the wrong shape), and write the
//! `browser` field only when it is not the default. Below every reader: it imports only the
//! error type and the default browser's name.

use crate::json::{Dict, Value};

use super::error::ScenarioError;
use super::steps::DEFAULT_BROWSER;

/// A read that fails with the field and what was expected there.
pub(super) type Parsed<T> = Result<T, ScenarioError>;

/// A finite JSON number (integer or float) as `f64`.
pub(super) fn number(value: &Value) -> Option<f64> {
    match value {
        Value::Int(n) => Some(n.to_f64()).filter(|x| x.is_finite()),
        Value::Float(x) => Some(*x).filter(|x| x.is_finite()),
        _ => None,
    }
}

/// The field `name`, if present.
pub(super) fn field<'a>(dict: &'a Dict, name: &str) -> Option<&'a Value> {
    dict.get(name)
}

/// A required string field.
pub(super) fn string_field(dict: &Dict, name: &str, at: &str) -> Parsed<String> {
    field(dict, name)
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| ScenarioError::invalid(format!("{at}.{name}"), "a string"))
}

/// A string field that may be absent.
pub(super) fn optional_string(dict: &Dict, name: &str, at: &str) -> Parsed<Option<String>> {
    match field(dict, name) {
        None => Ok(None),
        Some(Value::Str(s)) => Ok(Some(s.clone())),
        Some(_) => Err(ScenarioError::invalid(format!("{at}.{name}"), "a string")),
    }
}

/// A required integer field that fits in 64 bits.
pub(super) fn integer_field(dict: &Dict, name: &str, at: &str) -> Parsed<i64> {
    match field(dict, name) {
        Some(Value::Int(n)) => n.to_i64(),
        _ => None,
    }
    .ok_or_else(|| ScenarioError::invalid(format!("{at}.{name}"), "an integer"))
}

/// `browser`, or the default browser when absent.
pub(super) fn browser_field(dict: &Dict, at: &str) -> Parsed<String> {
    Ok(optional_string(dict, "browser", at)?.unwrap_or_else(|| DEFAULT_BROWSER.to_owned()))
}

/// Writes `browser` unless it is the default one.
pub(super) fn insert_browser(dict: &mut Dict, browser: &str) {
    if browser != DEFAULT_BROWSER {
        dict.insert("browser", Value::from(browser));
    }
}

/// An integral float is written as an integer (`1700000000`), others as floats.
pub(super) fn float_or_int(x: f64) -> Value {
    if x.fract() == 0.0 && x.abs() < 9e15 {
        Value::from(x as i64)
    } else {
        Value::Float(x)
    }
}
