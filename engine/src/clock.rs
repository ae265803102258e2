//! Simulated time. Django reads `time.time()` (signing timestamps, file mtimes, cache expiry)
//! and `django.utils.timezone.now()` (session expiry dates); here both come from a clock that the
//! caller owns and moves.

/// A settable clock holding Unix seconds as a Python `float` would (`time.time()`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Clock {
    now: f64,
}

/// Django's conformance harness starts every scenario at 2023-11-14T22:13:20Z.
pub const DEFAULT_START_TIME: f64 = 1_700_000_000.0;

impl Clock {
    /// A clock reading `now` (Unix seconds, may be fractional).
    pub fn at(now: f64) -> Clock {
        Clock { now }
    }

    /// `time.time()`.
    pub fn now(&self) -> f64 {
        self.now
    }

    /// Moves the clock by `seconds` (may be fractional or negative).
    pub fn advance(&mut self, seconds: f64) {
        self.now += seconds;
    }

    /// Sets the clock to `now`.
    pub fn set(&mut self, now: f64) {
        self.now = now;
    }
}

impl Default for Clock {
    fn default() -> Self {
        Clock::at(DEFAULT_START_TIME)
    }
}
