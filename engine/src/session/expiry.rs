//! Session expiry as `SessionBase` computes it (`django/contrib/sessions/backends/base.py`:
//! `get_expiry_age`, `get_expiry_date`, `get_expire_at_browser_close`), from the raw
//! `_session_expiry` value Django keeps inside the session dict.
//!
//! `_session_expiry` holds whatever `set_expiry` stored: an int or float (seconds of
//! inactivity; 0 = expire at browser close), ISO-8601 text (from a datetime or timedelta), or
//! nothing. Python's duck typing decides what each method makes of other values; this module
//! reproduces those outcomes, errors included.

use crate::json::Value;
use crate::time::{
    parse_isoformat, timedelta_micros_from_float, timedelta_micros_from_int, DateTime,
};

use super::base::Session;
use super::env::Env;
use super::error::SessionError;

/// The session-dict key Django stores custom expiry under.
pub const EXPIRY_KEY: &str = "_session_expiry";

/// The `expiry` a computation starts from.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ExpirySource<'a> {
    /// No `_session_expiry` in the session (or `None`).
    Absent,
    /// The raw `_session_expiry` value.
    Stored(&'a Value),
    /// An explicit datetime (`expiry=s.expire_date`, the file backend's mtime-based date).
    Date(DateTime),
}

impl<'a> ExpirySource<'a> {
    /// From `session.get("_session_expiry")`.
    pub fn from_stored(value: Option<&'a Value>) -> ExpirySource<'a> {
        match value {
            None | Some(Value::Null) => ExpirySource::Absent,
            Some(v) => ExpirySource::Stored(v),
        }
    }
}

/// Python truthiness of a JSON value (`not value`).
pub fn is_truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Int(n) => n.as_str() != "0",
        Value::Float(x) => *x != 0.0,
        Value::Str(s) => !s.is_empty(),
        Value::List(items) => !items.is_empty(),
        Value::Dict(d) => !d.is_empty(),
    }
}

/// The Python type name of a JSON value, for error messages.
pub fn python_type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "NoneType",
        Value::Bool(_) => "bool",
        Value::Int(_) => "int",
        Value::Float(_) => "float",
        Value::Str(_) => "str",
        Value::List(_) => "list",
        Value::Dict(_) => "dict",
    }
}

/// What `get_expiry_age()` returns: whole seconds computed from a date (or the cookie age),
/// or the stored value itself, returned as is (`90.7` stays `90.7`).
#[derive(Clone, Debug, PartialEq)]
pub enum ExpiryAge {
    /// Computed seconds (`SESSION_COOKIE_AGE`, or `delta.days * 86400 + delta.seconds`).
    Seconds(i64),
    /// The stored `_session_expiry`, which is neither falsy, a string nor a date.
    Raw(Value),
}

impl ExpiryAge {
    /// The value as the view's JSON result shows it.
    pub fn to_value(&self) -> Value {
        match self {
            ExpiryAge::Seconds(n) => Value::from(*n),
            ExpiryAge::Raw(v) => v.clone(),
        }
    }

    /// The number Python adds to `time.time()`; `TypeError` for non-numbers,
    /// `OverflowError` for integers too large for a float.
    pub fn as_seconds(&self) -> Result<f64, SessionError> {
        match self {
            ExpiryAge::Seconds(n) => Ok(*n as f64),
            ExpiryAge::Raw(Value::Int(n)) => {
                let x = n.to_f64();
                if x.is_finite() {
                    Ok(x)
                } else {
                    Err(SessionError::OverflowError(
                        "int too large to convert to float".to_owned(),
                    ))
                }
            }
            ExpiryAge::Raw(Value::Float(x)) => Ok(*x),
            ExpiryAge::Raw(Value::Bool(b)) => Ok(if *b { 1.0 } else { 0.0 }),
            ExpiryAge::Raw(other) => Err(SessionError::not_a_number(python_type_name(other))),
        }
    }

    /// `int(max_age)` for the `Max-Age` attribute (floats truncate toward zero).
    pub fn as_max_age(&self) -> Result<i64, SessionError> {
        let overflow = || SessionError::OverflowError("Max-Age out of range".to_owned());
        match self {
            ExpiryAge::Seconds(n) => Ok(*n),
            ExpiryAge::Raw(Value::Int(n)) => n.to_i64().ok_or_else(overflow),
            ExpiryAge::Raw(Value::Float(x)) if x.is_finite() && x.abs() < 9.2e18 => {
                Ok(x.trunc() as i64)
            }
            ExpiryAge::Raw(Value::Float(_)) => Err(overflow()),
            ExpiryAge::Raw(Value::Bool(b)) => Ok(i64::from(*b)),
            ExpiryAge::Raw(other) => Err(SessionError::TypeError(format!(
                "int() argument must be a string, a bytes-like object or a real number, not '{}'",
                python_type_name(other)
            ))),
        }
    }
}

/// `get_expiry_age(modification=now, expiry=source)`.
pub fn expiry_age(
    source: ExpirySource<'_>,
    now: &DateTime,
    cookie_age: i64,
) -> Result<ExpiryAge, SessionError> {
    let date = match source {
        ExpirySource::Absent => return Ok(ExpiryAge::Seconds(cookie_age)),
        ExpirySource::Stored(v) if !is_truthy(v) => return Ok(ExpiryAge::Seconds(cookie_age)),
        ExpirySource::Stored(Value::Str(text)) => parse_isoformat(text)?,
        ExpirySource::Stored(other) => return Ok(ExpiryAge::Raw(other.clone())),
        ExpirySource::Date(date) => date,
    };
    Ok(ExpiryAge::Seconds(date.floor_seconds_since(now)?))
}

/// `timedelta(seconds=value)` in microseconds.
pub fn timedelta_micros(value: &Value) -> Result<i64, SessionError> {
    let micros = match value {
        Value::Int(n) => match n.to_i64() {
            Some(n) => timedelta_micros_from_int(n)?,
            None => {
                return Err(SessionError::OverflowError(
                    "Python int too large to convert to C int".to_owned(),
                ))
            }
        },
        Value::Float(x) => timedelta_micros_from_float(*x)?,
        Value::Bool(b) => timedelta_micros_from_int(i64::from(*b))?,
        other => {
            return Err(SessionError::TypeError(format!(
                "unsupported type for timedelta seconds component: {}",
                python_type_name(other)
            )))
        }
    };
    Ok(micros)
}

/// `get_expiry_date(modification=now, expiry=source)`.
pub fn expiry_date(
    source: ExpirySource<'_>,
    now: &DateTime,
    cookie_age: i64,
) -> Result<DateTime, SessionError> {
    let seconds = match source {
        ExpirySource::Date(date) => return Ok(date),
        ExpirySource::Stored(Value::Str(text)) => return Ok(parse_isoformat(text)?),
        ExpirySource::Stored(v) if is_truthy(v) => timedelta_micros(v)?,
        ExpirySource::Absent | ExpirySource::Stored(_) => timedelta_micros_from_int(cookie_age)?,
    };
    Ok(now.plus_micros(seconds)?)
}

/// `get_expire_at_browser_close()`: the setting when no custom expiry is stored, else whether
/// the stored value equals 0 (`0`, `0.0` and `False` do).
pub fn expire_at_browser_close(stored: Option<&Value>, setting: bool) -> bool {
    match stored {
        None | Some(Value::Null) => setting,
        Some(Value::Int(n)) => n.as_str() == "0",
        Some(Value::Float(x)) => *x == 0.0,
        Some(Value::Bool(b)) => !*b,
        Some(_) => false,
    }
}

/// What `set_expiry` is given, after the view built the Python object.
#[derive(Clone, Debug, PartialEq)]
pub enum ExpiryValue {
    /// `None`: remove any custom expiry.
    Clear,
    /// An int, float or other plain value, stored as is (`0` = browser close).
    Raw(Value),
    /// A `timedelta` (in microseconds): `timezone.now() + value`, stored as ISO text.
    Timedelta(i64),
    /// A `datetime`: stored as its `isoformat()`.
    Datetime(DateTime),
}

/// The expiry methods of `SessionBase`, reading `_session_expiry` from the session's data and
/// the clock and `SESSION_COOKIE_AGE` from the [`Env`].
impl Session {
    /// The raw `_session_expiry` (loading the data, as `self.get(...)` does).
    fn stored_expiry(&mut self, env: &mut Env<'_>) -> Result<Option<Value>, SessionError> {
        Ok(self.data(env, false)?.get(EXPIRY_KEY).cloned())
    }

    /// `get_expiry_age()` (modification = now, expiry = the stored `_session_expiry`).
    pub fn get_expiry_age(&mut self, env: &mut Env<'_>) -> Result<ExpiryAge, SessionError> {
        let stored = self.stored_expiry(env)?;
        let now = env.now_datetime()?;
        expiry_age(
            ExpirySource::from_stored(stored.as_ref()),
            &now,
            env.settings.cookie_age,
        )
    }

    /// `get_expiry_age(expiry=source)` without touching the session data.
    pub fn get_expiry_age_from(
        &self,
        source: ExpirySource<'_>,
        env: &Env<'_>,
    ) -> Result<ExpiryAge, SessionError> {
        expiry_age(source, &env.now_datetime()?, env.settings.cookie_age)
    }

    /// `get_expiry_date()`.
    pub fn get_expiry_date(&mut self, env: &mut Env<'_>) -> Result<DateTime, SessionError> {
        let stored = self.stored_expiry(env)?;
        let now = env.now_datetime()?;
        expiry_date(
            ExpirySource::from_stored(stored.as_ref()),
            &now,
            env.settings.cookie_age,
        )
    }

    /// `get_expire_at_browser_close()`.
    pub fn get_expire_at_browser_close(&mut self, env: &mut Env<'_>) -> Result<bool, SessionError> {
        let stored = self.stored_expiry(env)?;
        Ok(expire_at_browser_close(
            stored.as_ref(),
            env.settings.expire_at_browser_close,
        ))
    }

    /// `set_expiry(value)`.
    pub fn set_expiry(
        &mut self,
        value: ExpiryValue,
        env: &mut Env<'_>,
    ) -> Result<(), SessionError> {
        let stored = match value {
            ExpiryValue::Clear => {
                return match self.del_item(EXPIRY_KEY, env) {
                    Ok(()) | Err(SessionError::KeyError(_)) => Ok(()),
                    Err(other) => Err(other),
                }
            }
            ExpiryValue::Raw(v) => v,
            ExpiryValue::Timedelta(micros) => {
                Value::Str(env.now_datetime()?.plus_micros(micros)?.isoformat())
            }
            ExpiryValue::Datetime(date) => Value::Str(date.isoformat()),
        };
        self.set_item(EXPIRY_KEY, stored, env)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime {
        DateTime::from_timestamp(1_700_000_000.25).unwrap()
    }

    #[test]
    fn age_is_floored_from_dates_and_raw_for_numbers() {
        let soon = Value::from("2023-11-14T22:13:20+00:00");
        assert_eq!(
            expiry_age(ExpirySource::Stored(&soon), &now(), 100).unwrap(),
            ExpiryAge::Seconds(-1)
        );
        let float = Value::Float(90.7);
        let age = expiry_age(ExpirySource::Stored(&float), &now(), 100).unwrap();
        assert_eq!(age.to_value(), Value::Float(90.7));
        assert_eq!(age.as_max_age().unwrap(), 90);
        let zero = Value::from(0);
        assert_eq!(
            expiry_age(ExpirySource::Stored(&zero), &now(), 100).unwrap(),
            ExpiryAge::Seconds(100)
        );
        let list = Value::List(vec![Value::from(1)]);
        let raw = expiry_age(ExpirySource::Stored(&list), &now(), 100).unwrap();
        assert!(matches!(raw.as_seconds(), Err(SessionError::TypeError(_))));
        let junk = Value::from("soon");
        assert!(matches!(
            expiry_age(ExpirySource::Stored(&junk), &now(), 100),
            Err(SessionError::ValueError(_))
        ));
    }

    #[test]
    fn date_adds_seconds_or_parses_text() {
        let age = Value::from(300);
        let date = expiry_date(ExpirySource::Stored(&age), &now(), 100).unwrap();
        assert_eq!(date.isoformat(), "2023-11-14T22:18:20.250000+00:00");
        let zero = Value::from(0);
        let date = expiry_date(ExpirySource::Stored(&zero), &now(), 100).unwrap();
        assert_eq!(date.isoformat(), "2023-11-14T22:15:00.250000+00:00");
        let empty = Value::from("");
        assert!(expiry_date(ExpirySource::Stored(&empty), &now(), 100).is_err());
        let offset = Value::from("2023-11-15T00:00:00+02:00");
        let date = expiry_date(ExpirySource::Stored(&offset), &now(), 100).unwrap();
        assert_eq!(date.isoformat(), "2023-11-15T00:00:00+02:00");
    }

    #[test]
    fn browser_close_follows_python_equality() {
        assert!(expire_at_browser_close(Some(&Value::from(0)), false));
        assert!(expire_at_browser_close(Some(&Value::Float(0.0)), false));
        assert!(!expire_at_browser_close(Some(&Value::from(5)), true));
        assert!(expire_at_browser_close(None, true));
        assert!(!expire_at_browser_close(Some(&Value::from("")), true));
    }
}
