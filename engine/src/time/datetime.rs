//! A Python `datetime.datetime` reduced to what sessions need: an instant with microsecond
//! precision plus an optional UTC offset (`None` = a naive datetime).

use super::civil::{civil_from_days, days_from_civil, weekday_from_days};
use super::error::TimeError;

/// Microseconds in one second.
pub const MICROS_PER_SECOND: i64 = 1_000_000;
const MICROS_PER_DAY: i64 = 86_400 * MICROS_PER_SECOND;
/// Wall-clock microseconds (since 1970-01-01) of 0001-01-01T00:00:00, Python's `datetime.min`.
const MIN_WALL_MICROS: i64 = -62_135_596_800 * MICROS_PER_SECOND;
/// Wall-clock microseconds of 9999-12-31T23:59:59.999999, Python's `datetime.max`.
const MAX_WALL_MICROS: i64 = 253_402_300_800 * MICROS_PER_SECOND - 1;

const WEEKDAY_NAMES: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTH_NAMES: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A point in time as Python's `datetime` holds it.
///
/// `wall_micros` is the wall-clock reading (microseconds since 1970-01-01 on that clock);
/// `offset_micros` is the UTC offset for an aware datetime, `None` for a naive one. Equality
/// compares the fields, not the instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateTime {
    wall_micros: i64,
    offset_micros: Option<i64>,
}

/// Python's `round()` on a float: to the nearest integer, ties to even.
pub fn round_half_even(x: f64) -> f64 {
    let rounded = x.round();
    if (rounded - x).abs() == 0.5 {
        2.0 * (x / 2.0).round()
    } else {
        rounded
    }
}

impl DateTime {
    /// `datetime.fromtimestamp(t, tz=timezone.utc)`: the fraction is rounded to the
    /// microsecond, ties to even (CPython's `_PyTime_ROUND_HALF_EVEN`).
    pub fn from_timestamp(timestamp: f64) -> Result<DateTime, TimeError> {
        if timestamp.is_nan() {
            return Err(TimeError::NotANumber);
        }
        let whole = timestamp.trunc();
        let mut micros_part = round_half_even((timestamp - whole) * 1e6);
        let mut seconds = whole;
        if micros_part >= 1e6 {
            micros_part -= 1e6;
            seconds += 1.0;
        } else if micros_part < 0.0 {
            micros_part += 1e6;
            seconds -= 1.0;
        }
        // CPython: `(time_t)min <= intpart < (time_t)max`, as doubles.
        if !(-9.223_372_036_854_776e18..9.223_372_036_854_776e18).contains(&seconds) {
            return Err(TimeError::TimestampOverflow);
        }
        let seconds = seconds as i64;
        let (year, _, _) = civil_from_days(seconds.div_euclid(86_400));
        if i32::try_from(year - 1900).is_err() {
            return Err(TimeError::ValueTooLarge);
        }
        if !(1..=9999).contains(&year) {
            return Err(TimeError::YearOutOfRange(year));
        }
        DateTime::from_utc_micros(seconds * MICROS_PER_SECOND + micros_part as i64)
    }

    /// The UTC datetime `micros` microseconds after the Unix epoch.
    pub fn from_utc_micros(micros: i64) -> Result<DateTime, TimeError> {
        DateTime::checked(micros, Some(0))
    }

    /// A datetime from its wall-clock fields, checking Python's range (years 1..=9999).
    pub(super) fn checked(
        wall_micros: i64,
        offset_micros: Option<i64>,
    ) -> Result<DateTime, TimeError> {
        if (MIN_WALL_MICROS..=MAX_WALL_MICROS).contains(&wall_micros) {
            Ok(DateTime {
                wall_micros,
                offset_micros,
            })
        } else {
            Err(TimeError::OutOfRange)
        }
    }

    /// Builds a datetime from calendar fields (already validated by the caller).
    pub(super) fn from_fields(
        date: (i64, u32, u32),
        time_micros: i64,
        offset_micros: Option<i64>,
    ) -> Result<DateTime, TimeError> {
        let days = days_from_civil(date.0, date.1, date.2);
        let wall = days
            .checked_mul(MICROS_PER_DAY)
            .and_then(|m| m.checked_add(time_micros))
            .ok_or(TimeError::OutOfRange)?;
        DateTime::checked(wall, offset_micros)
    }

    /// Microseconds since the Unix epoch of this instant (naive datetimes are read as UTC).
    pub fn utc_micros(&self) -> i64 {
        self.wall_micros - self.offset_micros.unwrap_or(0)
    }

    /// `dt.timestamp()` for an aware datetime: Unix seconds as a float.
    pub fn timestamp(&self) -> f64 {
        self.utc_micros() as f64 / 1e6
    }

    /// `self + timedelta(microseconds=delta)`, keeping the offset.
    pub fn plus_micros(&self, delta: i64) -> Result<DateTime, TimeError> {
        let wall = self
            .wall_micros
            .checked_add(delta)
            .ok_or(TimeError::OutOfRange)?;
        DateTime::checked(wall, self.offset_micros)
    }

    /// `(self - earlier)` as microseconds; Python refuses to mix naive and aware datetimes.
    pub fn micros_since(&self, earlier: &DateTime) -> Result<i64, TimeError> {
        match (self.offset_micros, earlier.offset_micros) {
            (Some(_), Some(_)) | (None, None) => Ok(self.utc_micros() - earlier.utc_micros()),
            _ => Err(TimeError::NaiveAwareMix),
        }
    }

    /// `delta.days * 86400 + delta.seconds` of `self - earlier`, i.e. whole seconds rounded
    /// down (Django's `SessionBase.get_expiry_age`).
    pub fn floor_seconds_since(&self, earlier: &DateTime) -> Result<i64, TimeError> {
        Ok(self.micros_since(earlier)?.div_euclid(MICROS_PER_SECOND))
    }

    /// `dt.isoformat()`: `2023-11-28T22:13:20+00:00`, with `.ffffff` only when the
    /// microseconds are non-zero, and no offset for a naive datetime.
    pub fn isoformat(&self) -> String {
        let mut text = self.wall_text('T');
        if let Some(offset) = self.offset_micros {
            text.push_str(&format_offset(offset));
        }
        text
    }

    /// How Django's SQLite backend passes an aware datetime as a query parameter: converted
    /// to UTC, made naive, then `str()` (`2023-11-28 22:13:20`, `.ffffff` if non-zero).
    pub fn sqlite_text(&self) -> String {
        DateTime {
            wall_micros: self.utc_micros(),
            offset_micros: None,
        }
        .wall_text(' ')
    }

    /// The same instant in UTC (`dt.astimezone(timezone.utc)`).
    pub fn to_utc(&self) -> DateTime {
        DateTime {
            wall_micros: self.utc_micros(),
            offset_micros: Some(0),
        }
    }

    fn wall_text(&self, separator: char) -> String {
        let days = self.wall_micros.div_euclid(MICROS_PER_DAY);
        let of_day = self.wall_micros.rem_euclid(MICROS_PER_DAY);
        let (year, month, day) = civil_from_days(days);
        let seconds = of_day / MICROS_PER_SECOND;
        let micros = of_day % MICROS_PER_SECOND;
        let mut text = format!(
            "{year:04}-{month:02}-{day:02}{separator}{:02}:{:02}:{:02}",
            seconds / 3600,
            seconds / 60 % 60,
            seconds % 60
        );
        if micros != 0 {
            text.push_str(&format!(".{micros:06}"));
        }
        text
    }

    /// RFC 5322 date as `email.utils.formatdate(usegmt=True)` writes it:
    /// `Tue, 28 Nov 2023 22:13:20 GMT` (microseconds dropped).
    pub fn http_date_text(&self) -> String {
        let utc = self.utc_micros();
        let days = utc.div_euclid(MICROS_PER_DAY);
        let seconds = utc.rem_euclid(MICROS_PER_DAY) / MICROS_PER_SECOND;
        let (year, month, day) = civil_from_days(days);
        format!(
            "{}, {day:02} {} {year:04} {:02}:{:02}:{:02} GMT",
            WEEKDAY_NAMES[weekday_from_days(days) as usize],
            MONTH_NAMES[(month - 1) as usize],
            seconds / 3600,
            seconds / 60 % 60,
            seconds % 60
        )
    }
}

/// `+HH:MM`, then `:SS` and `.ffffff` only when non-zero, as `datetime.isoformat()` does.
fn format_offset(offset: i64) -> String {
    let sign = if offset < 0 { '-' } else { '+' };
    let magnitude = offset.unsigned_abs();
    let micros = magnitude % 1_000_000;
    let seconds = magnitude / 1_000_000;
    let mut text = format!("{sign}{:02}:{:02}", seconds / 3600, seconds / 60 % 60);
    if !seconds.is_multiple_of(60) || micros != 0 {
        text.push_str(&format!(":{:02}", seconds % 60));
    }
    if micros != 0 {
        text.push_str(&format!(".{micros:06}"));
    }
    text
}

/// `django.utils.http.http_date(epoch_seconds)`: `Wdy, DD Mon YYYY HH:MM:SS GMT`.
///
/// Python builds `datetime.fromtimestamp(t, utc)` first, so the microsecond rounding applies
/// (a timestamp within half a microsecond of the next second shows that second).
pub fn http_date(epoch_seconds: f64) -> Result<String, TimeError> {
    Ok(DateTime::from_timestamp(epoch_seconds)?.http_date_text())
}

/// `timedelta(seconds=x).total microseconds` for a float `x`, rounded as CPython's
/// `timedelta` constructor does (whole microseconds kept exactly, the leftover fraction
/// rounded half to even against the running total).
pub fn timedelta_micros_from_float(seconds: f64) -> Result<i64, TimeError> {
    // Beyond about 9.2e12 s the microseconds overflow i64; such a timedelta could not be
    // added to any datetime either (Python raises OverflowError at one step or the other).
    if !seconds.is_finite() || seconds.abs() > 9.2e12 {
        return Err(TimeError::OutOfRange);
    }
    let whole_seconds = seconds.trunc();
    let scaled = (seconds - whole_seconds) * 1e6;
    let whole_micros = scaled.trunc();
    let leftover = scaled - whole_micros;
    let mut total = whole_seconds as i64 * MICROS_PER_SECOND + whole_micros as i64;
    if leftover != 0.0 {
        let mut rounded = leftover.round();
        if (rounded - leftover).abs() == 0.5 {
            let is_odd = (total & 1) as f64;
            rounded = 2.0 * ((leftover + is_odd) * 0.5).round() - is_odd;
        }
        total += rounded as i64;
    }
    Ok(total)
}

/// `timedelta(seconds=n)` in microseconds for an integer `n`.
pub fn timedelta_micros_from_int(seconds: i64) -> Result<i64, TimeError> {
    seconds
        .checked_mul(MICROS_PER_SECOND)
        .ok_or(TimeError::OutOfRange)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_like_python() {
        let dt = DateTime::from_timestamp(1_701_209_600.0).unwrap();
        assert_eq!(dt.isoformat(), "2023-11-28T22:13:20+00:00");
        assert_eq!(dt.sqlite_text(), "2023-11-28 22:13:20");
        assert_eq!(dt.http_date_text(), "Tue, 28 Nov 2023 22:13:20 GMT");
        let fractional = DateTime::from_timestamp(1_700_000_000.25).unwrap();
        assert_eq!(fractional.isoformat(), "2023-11-14T22:13:20.250000+00:00");
        assert_eq!(http_date(0.0).unwrap(), "Thu, 01 Jan 1970 00:00:00 GMT");
    }

    #[test]
    fn from_timestamp_rounds_half_even_to_the_microsecond() {
        let up = DateTime::from_timestamp(1_700_000_000.000_001_5).unwrap();
        assert_eq!(up.isoformat(), "2023-11-14T22:13:20.000001+00:00");
        let before_epoch = DateTime::from_timestamp(-0.25).unwrap();
        assert_eq!(before_epoch.isoformat(), "1969-12-31T23:59:59.750000+00:00");
        assert_eq!(round_half_even(2.5), 2.0);
        assert_eq!(round_half_even(3.5), 4.0);
    }

    #[test]
    fn expiry_age_floors_negative_fractions() {
        let now = DateTime::from_timestamp(100.25).unwrap();
        let expiry = DateTime::from_timestamp(100.0).unwrap();
        assert_eq!(expiry.floor_seconds_since(&now).unwrap(), -1);
        assert_eq!(now.floor_seconds_since(&expiry).unwrap(), 0);
    }

    #[test]
    fn timedelta_from_float_matches_python() {
        assert_eq!(timedelta_micros_from_float(90.7).unwrap(), 90_700_000);
        assert_eq!(timedelta_micros_from_float(-0.25).unwrap(), -250_000);
        assert_eq!(timedelta_micros_from_float(0.000_000_5).unwrap(), 0);
        assert_eq!(timedelta_micros_from_float(0.000_001_5).unwrap(), 2);
    }

    #[test]
    fn out_of_range_is_an_error() {
        assert_eq!(
            DateTime::from_timestamp(1e20),
            Err(TimeError::TimestampOverflow)
        );
        assert_eq!(
            DateTime::from_timestamp(1e18),
            Err(TimeError::ValueTooLarge)
        );
        assert_eq!(
            DateTime::from_timestamp(1e16),
            Err(TimeError::YearOutOfRange(316_889_355))
        );
        assert_eq!(
            DateTime::from_timestamp(253_402_300_800.0),
            Err(TimeError::YearOutOfRange(10_000))
        );
        assert!(DateTime::from_timestamp(f64::NAN).is_err());
        let max = DateTime::from_timestamp(253_402_300_799.0).unwrap();
        assert!(max.plus_micros(1_000_000).is_err());
    }
}
