//! Reading a cookie's `expires` date (`Tue, 28 Nov 2023 22:13:20 GMT`), as
//! `email.utils.parsedate_to_datetime` does for the dates Django writes.

use crate::time::{DateTime, MICROS_PER_SECOND};

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// Unix seconds of an RFC 5322 date in GMT (`[Wdy, ]DD Mon YYYY HH:MM:SS GMT`), or `None`.
pub fn parse_http_date(text: &str) -> Option<f64> {
    let text = text.trim();
    let text = match text.split_once(',') {
        Some((_, rest)) => rest.trim_start(),
        None => text,
    };
    let parts: Vec<&str> = text.split_whitespace().collect();
    let [day, month, year, clock, zone] = parts.as_slice() else {
        return None;
    };
    if !matches!(*zone, "GMT" | "UT" | "UTC" | "Z" | "+0000" | "-0000") {
        return None;
    }
    let day: u32 = day.parse().ok()?;
    let month = MONTHS.iter().position(|m| m.eq_ignore_ascii_case(month))? as u32 + 1;
    let year: i64 = year.parse().ok()?;
    let fields: Vec<i64> = clock
        .split(':')
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    let [hour, minute, second] = fields.as_slice() else {
        return None;
    };
    let iso = format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}+00:00");
    let parsed = crate::time::parse_isoformat(&iso).ok()?;
    let micros = parsed.utc_micros();
    let _ = DateTime::from_utc_micros(micros).ok()?;
    Some((micros / MICROS_PER_SECOND) as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_dates_django_writes() {
        assert_eq!(
            parse_http_date("Tue, 28 Nov 2023 22:13:20 GMT"),
            Some(1_701_209_600.0)
        );
        assert_eq!(parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0.0));
        assert_eq!(parse_http_date("not a date"), None);
        assert_eq!(parse_http_date("Tue, 31 Feb 2023 22:13:20 GMT"), None);
    }
}
