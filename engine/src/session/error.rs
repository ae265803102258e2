//! Failures inside sessions, named after the Python exception Django raises.

use std::fmt;

use crate::json::python_str_repr;
use crate::time::TimeError;

/// An exception raised while a session is used, loaded or saved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SessionError {
    /// `CreateError` (`backends/base.py`): the new key was taken; `create()` retries.
    CreateError,
    /// `UpdateError` (`backends/base.py`): the record to update is gone.
    UpdateError,
    /// `SessionInterrupted` (`sessions/exceptions.py`, a `BadRequest`): raised by
    /// `SessionMiddleware.process_response` from an `UpdateError`; Django answers 400.
    SessionInterrupted,
    /// `KeyError(key)`: a missing session key.
    KeyError(String),
    /// `InvalidSessionKey` (a `SuspiciousOperation`; Django answers 400): the file backend
    /// refuses keys with characters outside `[a-z0-9]`.
    InvalidSessionKey,
    /// `django.db.utils.OperationalError`, e.g. `no such table: django_session`.
    OperationalError(String),
    /// `ImproperlyConfigured`, e.g. the session file directory does not exist.
    ImproperlyConfigured(String),
    /// An `OSError` subclass the file backend lets through, e.g. `PermissionError`.
    OsError {
        /// The Python class, e.g. `"PermissionError"`.
        exception: &'static str,
        /// The message.
        message: String,
    },
    /// `http.cookies.CookieError`, e.g. an illegal cookie name.
    CookieError(String),
    /// `TypeError`, e.g. adding a list to a number of seconds.
    TypeError(String),
    /// `ValueError`, e.g. `datetime.fromisoformat` on text that is not a date.
    ValueError(String),
    /// `OverflowError`: a date outside years 1..=9999.
    OverflowError(String),
    /// `RuntimeError`, e.g. no free session key after many attempts.
    RuntimeError(String),
    /// `AttributeError`, e.g. `request.session[key].append(...)` on a value that is not a
    /// list.
    AttributeError(String),
    /// `django.core.exceptions.ValidationError`, e.g. `_auth_user_id` that is not an integer
    /// (`AutoField.to_python` in `django.contrib.auth._get_user_session_key`).
    ValidationError(String),
    /// `Model.DoesNotExist`, e.g. `User.objects.get(pk=...)` for a user that does not exist.
    DoesNotExist(String),
    /// `ConnectionError`: the cache refused a write (the scenario's `cache_writes: fail`).
    ConnectionError(String),
    /// `ImportError`: `import_string(settings.SESSION_SERIALIZER)` found no such class
    /// (`PickleSerializer` on Django 5.0 and later).
    ImportError(String),
    /// `django.core.exceptions.SynchronousOnlyOperation`: a sync database call made from a
    /// coroutine (the `async` view's sync-only ops that load a db-backed session).
    SynchronousOnlyOperation,
}

impl SessionError {
    /// The Python exception class name (`type(e).__name__`).
    pub fn python_name(&self) -> &'static str {
        match self {
            SessionError::CreateError => "CreateError",
            SessionError::UpdateError => "UpdateError",
            SessionError::SessionInterrupted => "SessionInterrupted",
            SessionError::KeyError(_) => "KeyError",
            SessionError::InvalidSessionKey => "InvalidSessionKey",
            SessionError::OperationalError(_) => "OperationalError",
            SessionError::ImproperlyConfigured(_) => "ImproperlyConfigured",
            SessionError::OsError { exception, .. } => exception,
            SessionError::CookieError(_) => "CookieError",
            SessionError::TypeError(_) => "TypeError",
            SessionError::ValueError(_) => "ValueError",
            SessionError::OverflowError(_) => "OverflowError",
            SessionError::RuntimeError(_) => "RuntimeError",
            SessionError::AttributeError(_) => "AttributeError",
            SessionError::ValidationError(_) => "ValidationError",
            SessionError::DoesNotExist(_) => "DoesNotExist",
            SessionError::ConnectionError(_) => "ConnectionError",
            SessionError::ImportError(_) => "ImportError",
            SessionError::SynchronousOnlyOperation => "SynchronousOnlyOperation",
        }
    }

    /// The status of the response Django's `convert_exception_to_response` makes from this
    /// exception (`django/core/handlers/exception.py`, `response_for_exception`):
    /// `SuspiciousOperation` and `BadRequest` give 400, anything else 500.
    pub fn response_status(&self) -> u16 {
        match self {
            SessionError::SessionInterrupted | SessionError::InvalidSessionKey => 400,
            _ => 500,
        }
    }

    /// A `TypeError` for an unsupported `+` between seconds and `what`.
    pub(crate) fn not_a_number(what: &str) -> SessionError {
        SessionError::TypeError(format!(
            "unsupported operand type(s) for +: 'float' and '{what}'"
        ))
    }
}

impl From<TimeError> for SessionError {
    fn from(error: TimeError) -> Self {
        let message = error.to_string();
        match error {
            TimeError::InvalidIsoFormat(_)
            | TimeError::YearOutOfRange(_)
            | TimeError::NotANumber => SessionError::ValueError(message),
            TimeError::OutOfRange | TimeError::TimestampOverflow => {
                SessionError::OverflowError(message)
            }
            TimeError::ValueTooLarge => SessionError::OsError {
                exception: "OSError",
                message,
            },
            TimeError::NaiveAwareMix => SessionError::TypeError(message),
        }
    }
}

impl fmt::Display for SessionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = self.python_name();
        match self {
            SessionError::CreateError => f.write_str("CreateError: the session key is taken"),
            SessionError::UpdateError => {
                f.write_str("UpdateError: the session record to update no longer exists")
            }
            SessionError::SessionInterrupted => f.write_str(
                "SessionInterrupted: The request's session was deleted before the request completed. The user may have logged out in a concurrent request, for example.",
            ),
            SessionError::KeyError(key) => write!(f, "KeyError: {}", python_str_repr(key)),
            SessionError::InvalidSessionKey => {
                f.write_str("InvalidSessionKey: Invalid characters in session key")
            }
            SessionError::SynchronousOnlyOperation => f.write_str(
                "SynchronousOnlyOperation: You cannot call this from an async context - use a thread or sync_to_async.",
            ),
            SessionError::OperationalError(m)
            | SessionError::ImproperlyConfigured(m)
            | SessionError::OsError { message: m, .. }
            | SessionError::CookieError(m)
            | SessionError::TypeError(m)
            | SessionError::ValueError(m)
            | SessionError::OverflowError(m)
            | SessionError::RuntimeError(m)
            | SessionError::AttributeError(m)
            | SessionError::ValidationError(m)
            | SessionError::DoesNotExist(m)
            | SessionError::ConnectionError(m)
            | SessionError::ImportError(m) => write!(f, "{name}: {m}"),
        }
    }
}

impl std::error::Error for SessionError {}
