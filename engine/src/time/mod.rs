//! Python's `datetime` as Django's sessions use it: UTC instants with microsecond precision,
//! `datetime.fromtimestamp(t, tz=utc)`, `isoformat()`, `fromisoformat()`, `timedelta`
//! arithmetic, SQLite's parameter format and `django.utils.http.http_date`.
//!
//! Nothing here reads the system clock: every instant is built from a Unix timestamp that the
//! caller passes in.

mod civil;
mod datetime;
mod error;
mod isoparse;

pub use datetime::{
    http_date, round_half_even, timedelta_micros_from_float, timedelta_micros_from_int, DateTime,
    MICROS_PER_SECOND,
};
pub use error::TimeError;
pub use isoparse::parse_isoformat;
