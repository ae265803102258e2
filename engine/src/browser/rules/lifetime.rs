//! When a received cookie expires: `Max-Age` (§5.6.2) beats `Expires` (§5.6.1) in either
//! order (§5.7 step 6), both are capped at 400 days (§5.5), and a cookie with neither lasts for
//! the session. Chromium's `CanonicalCookie::ParseExpiration` and
//! `ValidateAndAdjustExpiryDate` decide the details:
//!
//! * `Max-Age` is read like `base::StringToInt64`: an optional `+` or `-` and digits, nothing
//!   else. `<= 0` means "already expired" (the line deletes the cookie). A number too large for
//!   64 bits saturates. Anything else is ignored, and then `Expires` is used if it reads;
//! * `Expires` is a cookie-date (see [`super::cookie_date`]); in the past, the line deletes;
//! * the server's `Date` header is not modelled (no clock-skew correction).

use super::cookie_date::parse_cookie_date;
use super::parse::SetCookieLine;
use super::reasons::CookieWarning;

/// The longest lifetime a cookie may get: 400 days (RFC 6265bis §5.5), in seconds.
pub const MAX_LIFETIME_SECONDS: f64 = 34_560_000.0;

/// What `Max-Age` says, read as Chromium reads it.
#[derive(Clone, Copy, Debug, PartialEq)]
enum MaxAge {
    /// A whole number of seconds (saturated to `i64`).
    Seconds(i64),
    /// Not a number: ignored.
    Unreadable,
}

/// `base::StringToInt64`, with its saturation on overflow.
fn read_max_age(text: &str) -> MaxAge {
    let (negative, digits) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    if digits.is_empty() {
        return MaxAge::Unreadable;
    }
    let mut value: i64 = 0;
    for byte in digits.bytes() {
        if !byte.is_ascii_digit() {
            return MaxAge::Unreadable;
        }
        let digit = i64::from(byte - b'0');
        let next = value.checked_mul(10).and_then(|v| {
            if negative {
                v.checked_sub(digit)
            } else {
                v.checked_add(digit)
            }
        });
        match next {
            Some(next) => value = next,
            None => return MaxAge::Seconds(if negative { i64::MIN } else { i64::MAX }),
        }
    }
    MaxAge::Seconds(value)
}

/// The expiry time (Unix seconds) of a cookie received at `now` with these attributes, or
/// `None` for a session cookie; warnings say what was ignored or capped. An expiry `<= now`
/// means the line deletes any matching cookie and stores nothing.
pub fn expiry_time(line: &SetCookieLine, now: f64) -> (Option<f64>, Vec<CookieWarning>) {
    let mut warnings = Vec::new();
    let mut expiry = None;
    if let Some(text) = &line.max_age {
        match read_max_age(text) {
            MaxAge::Seconds(seconds) if seconds <= 0 => return (Some(f64::MIN), warnings),
            MaxAge::Seconds(seconds) => expiry = Some(now + seconds as f64),
            MaxAge::Unreadable => warnings.push(CookieWarning::MaxAgeUnreadable(text.clone())),
        }
    }
    if expiry.is_none() {
        if let Some(text) = line.expires.as_ref().filter(|t| !t.is_empty()) {
            match parse_cookie_date(text) {
                Some(at) => expiry = Some(at as f64),
                None => warnings.push(CookieWarning::ExpiresUnreadable(text.clone())),
            }
        }
    }
    let cap = now + MAX_LIFETIME_SECONDS;
    match expiry {
        Some(at) if at > cap => {
            warnings.push(CookieWarning::LifetimeCapped);
            (Some(cap), warnings)
        }
        other => (other, warnings),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: f64 = 1_764_000_000.0;

    fn expiry(max_age: Option<&str>, expires: Option<&str>) -> Option<f64> {
        let line = SetCookieLine {
            max_age: max_age.map(str::to_string),
            expires: expires.map(str::to_string),
            ..SetCookieLine::default()
        };
        expiry_time(&line, NOW).0
    }

    const PAST: &str = "Thu, 01 Jan 1970 00:00:00 GMT";
    const FAR: &str = "Fri, 01 Jan 2100 00:00:00 GMT";

    #[test]
    fn neither_attribute_gives_a_session_cookie() {
        assert_eq!(expiry(None, None), None);
        assert_eq!(expiry(None, Some("")), None);
        assert_eq!(expiry(None, Some("someday")), None);
    }

    #[test]
    fn max_age_beats_expires_both_ways() {
        assert_eq!(expiry(Some("3600"), Some(PAST)), Some(NOW + 3600.0));
        assert!(expiry(Some("0"), Some(FAR)).is_some_and(|at| at <= NOW));
        assert!(expiry(Some("-1"), None).is_some_and(|at| at <= NOW));
    }

    #[test]
    fn an_unreadable_max_age_falls_back_to_expires() {
        assert_eq!(expiry(Some("abc"), None), None);
        assert_eq!(expiry(Some(""), None), None);
        assert_eq!(expiry(Some("1.5"), None), None);
        assert_eq!(expiry(Some("-"), None), None);
        assert_eq!(expiry(Some("+60"), None), Some(NOW + 60.0));
        assert!(expiry(Some("x"), Some(PAST)).is_some_and(|at| at <= NOW));
    }

    #[test]
    fn lifetimes_are_capped_at_400_days() {
        let cap = Some(NOW + MAX_LIFETIME_SECONDS);
        assert_eq!(expiry(None, Some(FAR)), cap);
        assert_eq!(expiry(Some("10000000000"), None), cap);
        assert_eq!(expiry(Some("99999999999999999999999"), None), cap);
        assert!(expiry(Some("-99999999999999999999999"), None).is_some_and(|at| at <= NOW));
        let line = SetCookieLine {
            max_age: Some("1209600".into()),
            ..SetCookieLine::default()
        };
        assert_eq!(expiry_time(&line, NOW), (Some(NOW + 1_209_600.0), vec![]));
    }
}
