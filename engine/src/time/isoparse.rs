//! `datetime.fromisoformat` (Python 3.11) for the forms people write: `YYYY-MM-DD` or
//! `YYYYMMDD`, then any one separator character and `HH[:MM[:SS[.f…]]]` (or `HHMMSS`),
//! then `Z` or `±HH[:MM[:SS[.ffffff]]]` (or `±HHMM`). Fractions longer than six digits are
//! truncated, `,` may stand for `.`. ISO week dates are not supported.

use super::civil::days_in_month;
use super::datetime::{DateTime, MICROS_PER_SECOND};
use super::error::TimeError;

/// Parses `text` as Python 3.11's `datetime.fromisoformat` would; the result is naive when
/// the text has no offset.
pub fn parse_isoformat(text: &str) -> Result<DateTime, TimeError> {
    let invalid = || TimeError::InvalidIsoFormat(text.to_owned());
    if !text.is_ascii() {
        return Err(invalid());
    }
    let bytes = text.as_bytes();
    let date_len = if bytes.get(4) == Some(&b'-') { 10 } else { 8 };
    let date_text = text.get(..date_len).ok_or_else(invalid)?;
    let date = parse_date(date_text).ok_or_else(invalid)?;
    let rest = &text[date_len..];
    if rest.is_empty() {
        return DateTime::from_fields(date, 0, None);
    }
    let time_and_zone = rest
        .get(1..)
        .filter(|t| !t.is_empty())
        .ok_or_else(invalid)?;
    let zone_start = time_and_zone
        .find(['+', '-', 'Z'])
        .unwrap_or(time_and_zone.len());
    let time_micros = parse_time(time_and_zone[..zone_start].trim_end()).ok_or_else(invalid)?;
    let offset = match &time_and_zone[zone_start..] {
        "" => None,
        "Z" => Some(0),
        zone => Some(parse_offset(zone).ok_or_else(invalid)?),
    };
    DateTime::from_fields(date, time_micros, offset)
}

fn digits(text: &str) -> Option<u32> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

fn parse_date(text: &str) -> Option<(i64, u32, u32)> {
    let (year, month, day) = if text.len() == 10 {
        if &text[4..5] != "-" || &text[7..8] != "-" {
            return None;
        }
        (&text[0..4], &text[5..7], &text[8..10])
    } else {
        (&text[0..4], &text[4..6], &text[6..8])
    };
    let (year, month, day) = (i64::from(digits(year)?), digits(month)?, digits(day)?);
    let valid = year >= 1 && (1..=12).contains(&month) && day >= 1;
    (valid && day <= days_in_month(year, month)).then_some((year, month, day))
}

/// `HH[:MM[:SS[.f…]]]` or `HH[MM[SS[.f…]]]` as microseconds since midnight.
fn parse_time(text: &str) -> Option<i64> {
    let (clock, fraction) = match text.find(['.', ',']) {
        Some(at) => (&text[..at], Some(&text[at + 1..])),
        None => (text, None),
    };
    let parts: Vec<&str> = if clock.contains(':') {
        clock.split(':').collect()
    } else {
        clock
            .as_bytes()
            .chunks(2)
            .map(|c| std::str::from_utf8(c).unwrap_or(""))
            .collect()
    };
    if parts.is_empty() || parts.len() > 3 || parts.iter().any(|p| p.len() != 2) {
        return None;
    }
    if fraction.is_some() && parts.len() != 3 {
        return None;
    }
    let hour = digits(parts[0])?;
    let minute = parts.get(1).map_or(Some(0), |p| digits(p))?;
    let second = parts.get(2).map_or(Some(0), |p| digits(p))?;
    if hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let micros = match fraction {
        Some(f) => fraction_micros(f)?,
        None => 0,
    };
    Some(
        (i64::from(hour) * 3600 + i64::from(minute) * 60 + i64::from(second)) * MICROS_PER_SECOND
            + micros,
    )
}

/// One or more digits read as a fraction of a second, truncated to microseconds.
fn fraction_micros(text: &str) -> Option<i64> {
    digits(text)?;
    let kept: String = text.chars().take(6).collect();
    let padded = format!("{kept:0<6}");
    padded.parse().ok()
}

/// `±HH[:MM[:SS[.ffffff]]]` or `±HHMM[SS]` as signed microseconds.
fn parse_offset(text: &str) -> Option<i64> {
    let sign = match text.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let magnitude = parse_time(&text[1..])?;
    (magnitude < 86_400 * MICROS_PER_SECOND).then_some(sign * magnitude)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(text: &str) -> String {
        parse_isoformat(text)
            .map(|d| d.isoformat())
            .unwrap_or_else(|e| e.to_string())
    }

    #[test]
    fn accepts_what_python_accepts() {
        assert_eq!(
            iso("2023-11-14T23:13:20+01:00"),
            "2023-11-14T23:13:20+01:00"
        );
        assert_eq!(
            iso("2023-11-14 23:13:20.5+01:00"),
            "2023-11-14T23:13:20.500000+01:00"
        );
        assert_eq!(iso("2023-11-14T23:13:20Z"), "2023-11-14T23:13:20+00:00");
        assert_eq!(iso("20231114T231320Z"), "2023-11-14T23:13:20+00:00");
        assert_eq!(iso("2023-11-14T23:13+01:00"), "2023-11-14T23:13:00+01:00");
        assert_eq!(iso("2023-11-14"), "2023-11-14T00:00:00");
        assert_eq!(
            iso("2023-11-14T23:13:20.1234567+01:00"),
            "2023-11-14T23:13:20.123456+01:00"
        );
        assert_eq!(iso("2023-11-14T23:13:20+0130"), "2023-11-14T23:13:20+01:30");
        assert_eq!(
            iso("2023-11-14T23:13:20+01:30:15"),
            "2023-11-14T23:13:20+01:30:15"
        );
        assert_eq!(
            iso("2023-11-14T23:13:20-00:00"),
            "2023-11-14T23:13:20+00:00"
        );
        assert_eq!(
            iso("2023-11-14T23:13:20.000000+00:00"),
            "2023-11-14T23:13:20+00:00"
        );
    }

    #[test]
    fn rejects_what_python_rejects() {
        for bad in [
            "",
            "2023-318",
            "2023-11-14T24:00:00Z",
            " 2023-11-14",
            "2023-02-30",
            "x",
            "2023-11-14T",
            "2023-11-14T23:13:20+25:00",
        ] {
            assert!(parse_isoformat(bad).is_err(), "{bad:?} should be rejected");
        }
    }

    #[test]
    fn instant_accounts_for_the_offset() {
        let plus_one = parse_isoformat("2023-11-14T23:13:20+01:00").unwrap();
        assert_eq!(plus_one.utc_micros(), 1_700_000_000 * MICROS_PER_SECOND);
        assert_eq!(plus_one.sqlite_text(), "2023-11-14 22:13:20");
    }
}
