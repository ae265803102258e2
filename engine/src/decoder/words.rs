//! Times and ages as a person reads them: `2 h 14 min ago`, `2025-10-09 08:53:20 UTC`, never a
//! float of seconds.

use crate::time::DateTime;

/// A length of time in words, to the precision a person wants: `0.5 s`, `45 s`, `2 min 5 s`,
/// `2 h 14 min`, `14 days`, `3 days 4 h`, `2 years 40 days`. Negative lengths read as their
/// size.
pub fn duration_words(seconds: f64) -> String {
    let seconds = seconds.abs();
    if !seconds.is_finite() {
        return "forever".to_owned();
    }
    if seconds < 60.0 {
        let tenths = (seconds * 10.0).round() / 10.0;
        return if tenths.fract() == 0.0 {
            format!("{} s", tenths as u64)
        } else {
            format!("{tenths:.1} s")
        };
    }
    let whole = seconds.floor() as u64;
    let (days, rest) = (whole / 86_400, whole % 86_400);
    let (hours, rest) = (rest / 3_600, rest % 3_600);
    let (minutes, secs) = (rest / 60, rest % 60);
    let pair = |big: u64, big_unit: &str, small: u64, small_unit: &str| {
        if small == 0 {
            format!("{big} {big_unit}")
        } else {
            format!("{big} {big_unit} {small} {small_unit}")
        }
    };
    if days >= 730 {
        let (years, days) = (days / 365, days % 365);
        return pair(years, "years", days, plural(days, "day", "days"));
    }
    if days > 0 {
        return pair(days, plural(days, "day", "days"), hours, "h");
    }
    if hours > 0 {
        return pair(hours, "h", minutes, "min");
    }
    pair(minutes, "min", secs, "s")
}

fn plural<'a>(n: u64, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}

/// How long before (or after) `now` a moment `age` seconds old is: `2 h 14 min ago`, `3 s in
/// the future`, `just now`.
pub fn age_words(age: f64) -> String {
    if age == 0.0 {
        "just now".to_owned()
    } else if age > 0.0 {
        format!("{} ago", duration_words(age))
    } else {
        format!("{} in the future", duration_words(age))
    }
}

/// A Unix time as a UTC date: `2025-10-09 08:53:20 UTC` (fractions of a second kept, as
/// `.500000`); `None` outside the years `datetime` holds.
pub fn date_words(unix_seconds: f64) -> Option<String> {
    let date = DateTime::from_timestamp(unix_seconds).ok()?;
    Some(format!(
        "{} UTC",
        date.isoformat()
            .trim_end_matches("+00:00")
            .replacen('T', " ", 1)
    ))
}

/// A moment relative to `now`, in both forms: `2025-10-09 08:53:20 UTC, 2 h 14 min ago`.
pub fn moment_words(unix_seconds: f64, now: f64) -> String {
    match date_words(unix_seconds) {
        Some(date) => format!("{date}, {}", age_words(now - unix_seconds)),
        None => format!("{unix_seconds} (outside the dates Python's datetime holds)"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_as_people_write_them() {
        assert_eq!(duration_words(3.5616066455841064), "3.6 s");
        assert_eq!(duration_words(0.5), "0.5 s");
        assert_eq!(duration_words(45.0), "45 s");
        assert_eq!(duration_words(125.0), "2 min 5 s");
        assert_eq!(duration_words(8_040.0), "2 h 14 min");
        assert_eq!(duration_words(7_200.0), "2 h");
        assert_eq!(duration_words(1_209_600.0), "14 days");
        assert_eq!(duration_words(86_400.0 + 4.0 * 3600.0), "1 day 4 h");
        assert_eq!(duration_words(800.0 * 86_400.0), "2 years 70 days");
        assert_eq!(duration_words(-60.0), "1 min");
        assert_eq!(duration_words(f64::INFINITY), "forever");
    }

    #[test]
    fn ages_and_dates() {
        assert_eq!(age_words(8_040.0), "2 h 14 min ago");
        assert_eq!(age_words(-3.0), "3 s in the future");
        assert_eq!(age_words(0.0), "just now");
        assert_eq!(
            date_words(1_760_000_000.0).as_deref(),
            Some("2025-10-09 08:53:20 UTC")
        );
        assert_eq!(
            moment_words(1_760_000_000.0, 1_760_003_600.0),
            "2025-10-09 08:53:20 UTC, 1 h ago"
        );
        assert!(date_words(1e300).is_none());
    }
}
