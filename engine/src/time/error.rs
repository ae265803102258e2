//! Failures of date arithmetic, named after the Python exception Django would see.

use crate::quoted::Quoted;
use std::fmt;

/// Why a date could not be built, parsed or formatted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TimeError {
    /// `ValueError` from `datetime.fromisoformat` (e.g. `Invalid isoformat string: 'x'`).
    InvalidIsoFormat(String),
    /// `OverflowError: date value out of range`: date arithmetic left years 1..=9999.
    OutOfRange,
    /// `ValueError: year Y is out of range` from `datetime.fromtimestamp`.
    YearOutOfRange(i64),
    /// `ValueError: Invalid value NaN (not a number)` from `datetime.fromtimestamp`.
    NotANumber,
    /// `OverflowError: timestamp out of range for platform time_t` (|t| >= 2**63 or infinite).
    TimestampOverflow,
    /// `OSError: [Errno 75] Value too large for defined data type`: the C library's `gmtime`
    /// cannot represent the year (beyond a 32-bit `tm_year`).
    ValueTooLarge,
    /// `TypeError: can't subtract offset-naive and offset-aware datetimes`.
    NaiveAwareMix,
}

impl TimeError {
    /// The Python exception class Django would raise.
    pub fn python_name(&self) -> &'static str {
        match self {
            TimeError::InvalidIsoFormat(_)
            | TimeError::YearOutOfRange(_)
            | TimeError::NotANumber => "ValueError",
            TimeError::OutOfRange | TimeError::TimestampOverflow => "OverflowError",
            TimeError::ValueTooLarge => "OSError",
            TimeError::NaiveAwareMix => "TypeError",
        }
    }
}

impl fmt::Display for TimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TimeError::InvalidIsoFormat(text) => {
                write!(f, "Invalid isoformat string: {text:?}", text = Quoted(text),)
            }
            TimeError::OutOfRange => f.write_str("date value out of range"),
            TimeError::YearOutOfRange(year) => write!(f, "year {year} is out of range"),
            TimeError::NotANumber => f.write_str("Invalid value NaN (not a number)"),
            TimeError::TimestampOverflow => {
                f.write_str("timestamp out of range for platform time_t")
            }
            TimeError::ValueTooLarge => {
                f.write_str("[Errno 75] Value too large for defined data type")
            }
            TimeError::NaiveAwareMix => {
                f.write_str("can't subtract offset-naive and offset-aware datetimes")
            }
        }
    }
}

impl std::error::Error for TimeError {}
