//! Failures of date arithmetic, named after the Python exception Django would see.

use std::fmt;

/// Why a date could not be built, parsed or formatted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TimeError {
    /// `ValueError` from `datetime.fromisoformat` (e.g. `Invalid isoformat string: 'x'`).
    InvalidIsoFormat(String),
    /// `OverflowError`/`ValueError`: the date is outside years 1..=9999, or the number is
    /// not finite.
    OutOfRange,
    /// `TypeError: can't subtract offset-naive and offset-aware datetimes`.
    NaiveAwareMix,
}

impl TimeError {
    /// The Python exception class Django would raise.
    pub fn python_name(&self) -> &'static str {
        match self {
            TimeError::InvalidIsoFormat(_) => "ValueError",
            TimeError::OutOfRange => "OverflowError",
            TimeError::NaiveAwareMix => "TypeError",
        }
    }
}

impl fmt::Display for TimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TimeError::InvalidIsoFormat(text) => write!(f, "Invalid isoformat string: {text:?}"),
            TimeError::OutOfRange => f.write_str("date value out of range"),
            TimeError::NaiveAwareMix => {
                f.write_str("can't subtract offset-naive and offset-aware datetimes")
            }
        }
    }
}

impl std::error::Error for TimeError {}
