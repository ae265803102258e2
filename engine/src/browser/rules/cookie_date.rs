//! The `Expires` attribute's date (RFC 6265bis §5.1.1 "Dates"), read the way Chromium's
//! `cookie_util::ParseCookieExpirationTime` reads it.
//!
//! The RFC splits the text into tokens at delimiter bytes and looks, in any order, for a time
//! (`hh:mm:ss`), a day of month, a month name and a year. Chromium's reading is the same idea
//! and decides the details the data depends on:
//!
//! * delimiters are TAB and ``!"#$%&'()*+,-./;<=>?@[\]^_`{|}~`` and space; everything else
//!   (letters, digits, `:`, bytes ≥ 0x7F) belongs to a token;
//! * a token starting with a digit and containing `:` is the time when it reads as
//!   `1*2DIGIT ":" 1*2DIGIT ":" 1*2DIGIT` (what follows is ignored);
//! * other numeric tokens: the first one of at most 2 characters is the day, the first one of at
//!   most 5 characters after that is the year (its leading digits count, like C's `atoi`);
//! * the first token starting with a month's three letters (any case) is the month;
//! * years 70–99 become 1970–1999 and 0–69 become 2000–2069 (§5.1.1 steps 3–4);
//! * a missing part, an hour over 23, a minute or second over 59, or a day the month does not
//!   have makes the date unreadable, and the attribute is ignored (§5.6.1 step 2).
//!
//! [`crate::browser::parse_http_date`] reads only the strict RFC 5322 form Django writes; this
//! reader accepts everything a browser accepts (`Thu, 01-Jan-70 00:00:01 GMT`, …).

use crate::time::MICROS_PER_SECOND;

const MONTHS: [&[u8; 3]; 12] = [
    b"jan", b"feb", b"mar", b"apr", b"may", b"jun", b"jul", b"aug", b"sep", b"oct", b"nov", b"dec",
];

const DELIMITERS: &[u8] = b"\t !\"#$%&'()*+,-./;<=>?@[\\]^_`{|}~";

const SECONDS_PER_DAY: i64 = 86_400;

/// Unix seconds of a cookie-date, or `None` when it does not parse (§5.1.1).
pub fn parse_cookie_date(text: &str) -> Option<i64> {
    let mut time: Option<(u32, u32, u32)> = None;
    let mut day: Option<u32> = None;
    let mut month: Option<u32> = None;
    let mut year: Option<i64> = None;
    let tokens = text
        .as_bytes()
        .split(|b| DELIMITERS.contains(b))
        .filter(|token| !token.is_empty());
    for token in tokens {
        if !token[0].is_ascii_digit() {
            if month.is_none() {
                month = month_of(token);
            }
        } else if token.contains(&b':') {
            if time.is_none() {
                time = read_time(token);
            }
        } else if day.is_none() && token.len() <= 2 {
            day = Some(leading_number(token) as u32);
        } else if year.is_none() && token.len() <= 5 {
            year = Some(leading_number(token));
        }
    }
    let (hour, minute, second) = time?;
    let (day, month, year) = (day?, month?, normalize_year(year?));
    if hour > 23 || minute > 59 || second > 59 || day == 0 || day > days_in_month(year, month) {
        return None;
    }
    let days = days_from_civil(year, month, day);
    let seconds = days
        .checked_mul(SECONDS_PER_DAY)?
        .checked_add(i64::from(hour * 3600 + minute * 60 + second))?;
    // Keep the result inside what the engine's microsecond clock can represent.
    seconds.checked_mul(MICROS_PER_SECOND).map(|_| seconds)
}

fn month_of(token: &[u8]) -> Option<u32> {
    let prefix = token.get(..3)?;
    MONTHS
        .iter()
        .position(|m| prefix.eq_ignore_ascii_case(&m[..]))
        .map(|index| index as u32 + 1)
}

/// `%2u:%2u:%2u`: one or two digits per field.
fn read_time(token: &[u8]) -> Option<(u32, u32, u32)> {
    let mut rest = token;
    let mut fields = [0u32; 3];
    for (index, field) in fields.iter_mut().enumerate() {
        if index > 0 {
            rest = rest.strip_prefix(b":")?;
        }
        let digits = rest
            .iter()
            .take(2)
            .take_while(|b| b.is_ascii_digit())
            .count();
        if digits == 0 {
            return None;
        }
        *field = rest[..digits]
            .iter()
            .fold(0, |n, d| n * 10 + u32::from(d - b'0'));
        rest = &rest[digits..];
    }
    Some((fields[0], fields[1], fields[2]))
}

/// C's `atoi` on a token that starts with a digit and has at most five bytes.
fn leading_number(token: &[u8]) -> i64 {
    token
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .fold(0, |n, d| n * 10 + i64::from(d - b'0'))
}

fn normalize_year(year: i64) -> i64 {
    match year {
        70..=99 => year + 1900,
        0..=69 => year + 2000,
        _ => year,
    }
}

fn days_in_month(year: i64, month: u32) -> u32 {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to a proleptic Gregorian date.
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let m = i64::from(month);
    let day_of_year = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_usual_formats() {
        assert_eq!(parse_cookie_date("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0));
        assert_eq!(
            parse_cookie_date("Fri, 01 Jan 2100 00:00:00 GMT"),
            Some(4_102_444_800)
        );
        assert_eq!(
            parse_cookie_date("Tue, 28-Nov-2023 22:13:20 GMT"),
            Some(1_701_209_600)
        );
        assert_eq!(
            parse_cookie_date("Sunday, 06-Nov-94 08:49:37 GMT"),
            Some(784_111_777)
        );
        assert_eq!(
            parse_cookie_date("Sun Nov  6 08:49:37 1994"),
            Some(784_111_777)
        );
    }

    #[test]
    fn two_digit_years_are_expanded() {
        assert_eq!(parse_cookie_date("01 Jan 70 00:00:00"), Some(0));
        assert_eq!(
            parse_cookie_date("01 Jan 00 00:00:00"),
            parse_cookie_date("01 Jan 2000 00:00:00")
        );
    }

    #[test]
    fn order_and_case_do_not_matter() {
        assert_eq!(
            parse_cookie_date("00:00:00 1970 JANUARY 1"),
            parse_cookie_date("1 jan 1970 00:00:00")
        );
    }

    #[test]
    fn incomplete_or_impossible_dates_do_not_parse() {
        assert_eq!(parse_cookie_date(""), None);
        assert_eq!(parse_cookie_date("not a date"), None);
        assert_eq!(parse_cookie_date("01 Jan 2100"), None);
        assert_eq!(parse_cookie_date("31 Feb 2023 00:00:00"), None);
        assert_eq!(parse_cookie_date("01 Jan 2023 24:00:00"), None);
        assert_eq!(parse_cookie_date("01 Jan 2023 12:60:00"), None);
        assert_eq!(parse_cookie_date("00 Jan 2023 12:00:00"), None);
        assert_eq!(parse_cookie_date("01 Foo 2023 12:00:00"), None);
    }

    #[test]
    fn extra_digits_after_a_time_field_are_ignored() {
        assert_eq!(parse_cookie_date("01 Jan 1970 00:00:001"), Some(0));
        assert_eq!(parse_cookie_date("01 Jan 1970 0:0:1xyz"), Some(1));
    }
}
