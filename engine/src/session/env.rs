//! What a session operation needs from the outside world, passed in explicitly: the clock,
//! the settings, the key generator, the server's storage, and the logs it writes to.

use crate::keys::SessionKeyGenerator;
use crate::pickle::SessionPickle;
use crate::time::DateTime;
use crate::version::DjangoVersion;

use super::error::SessionError;
use super::settings::Settings;
use super::storage::{Server, SqlQuery};
use crate::event::EventLog;

/// The world around one request (or one management command).
pub struct Env<'a> {
    /// `time.time()`.
    pub now: f64,
    /// The settings in force.
    pub settings: &'a Settings,
    /// Where new session keys come from (`get_random_string` in Django).
    pub keys: &'a mut dyn SessionKeyGenerator,
    /// The table, cache and file directory.
    pub server: &'a mut Server,
    /// What happened, in order.
    pub events: &'a mut EventLog,
    /// SQL issued against `django_session`, in order.
    pub queries: &'a mut Vec<SqlQuery>,
    /// Which Django runs ([`DjangoVersion::DEFAULT`] unless the run names one).
    pub django: DjangoVersion,
    /// How `PickleSerializer` payloads are written and read (Django 4.2's `SESSION_SERIALIZER`).
    pub pickle: &'a dyn SessionPickle,
}

impl Env<'_> {
    /// `django.utils.timezone.now()`: `datetime.fromtimestamp(time.time(), tz=utc)`.
    pub fn now_datetime(&self) -> Result<DateTime, SessionError> {
        Ok(DateTime::from_timestamp(self.now)?)
    }

    /// `logging.getLogger(logger).<level>(message)`: a WARNING-or-worse line Django logs, kept
    /// as `"<logger> <LEVEL>: <message>"` in [`Server::log`] for the trace.
    pub fn log(&mut self, logger: &str, level: &str, message: &str) {
        self.server.log.push(format!("{logger} {level}: {message}"));
    }

    /// `warnings.warn(...)`: records a Python warning the run emitted (each text once, in
    /// order of first emission, as the trace's `warnings` lists them).
    pub fn warn(&mut self, text: &str) {
        if !self.server.warnings.iter().any(|w| w == text) {
            self.server.warnings.push(text.to_owned());
        }
    }
}
