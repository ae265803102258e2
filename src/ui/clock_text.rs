//! Times on the simulated clock, in words: countdowns ("13 d 23 h left") and UTC dates.

use sessionscope_engine::time::DateTime;

/// A span of seconds as the two largest units: `2 d 3 h`, `5 min 10 s`, `42 s`, `0.5 s`.
pub fn duration(seconds: f64) -> String {
    if !seconds.is_finite() {
        return "∞".to_owned();
    }
    let seconds = seconds.abs();
    if seconds < 1.0 {
        return format!("{} s", trim_float(seconds));
    }
    let whole = seconds.floor() as u64;
    let units = [("d", 86_400), ("h", 3_600), ("min", 60), ("s", 1)];
    let mut pieces = Vec::new();
    let mut rest = whole;
    for (name, size) in units {
        let count = rest / size;
        if count > 0 || !pieces.is_empty() {
            pieces.push((count, name));
        }
        rest %= size;
        if pieces.len() == 2 {
            break;
        }
    }
    pieces
        .into_iter()
        .filter(|(count, _)| *count > 0)
        .map(|(count, name)| format!("{count} {name}"))
        .collect::<Vec<_>>()
        .join(" ")
}

fn trim_float(x: f64) -> String {
    let text = format!("{x:.3}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// When something expires, relative to `now`: `in 13 d 23 h` or `expired 5 min ago`.
pub fn countdown(expires_at: f64, now: f64) -> Countdown {
    let left = expires_at - now;
    if left > 0.0 {
        Countdown {
            text: format!("expires in {}", duration(left)),
            expired: false,
        }
    } else if left == 0.0 {
        Countdown {
            text: "expires now".to_owned(),
            expired: true,
        }
    } else {
        Countdown {
            text: format!("expired {} ago", duration(left)),
            expired: true,
        }
    }
}

/// A countdown's words and whether the moment has passed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Countdown {
    pub text: String,
    pub expired: bool,
}

/// `2023-11-14 22:13:20 UTC` (fractions of a second kept as Python would print them).
pub fn utc(timestamp: f64) -> String {
    match DateTime::from_timestamp(timestamp) {
        Ok(date) => {
            let iso = date.to_utc().isoformat();
            format!(
                "{} UTC",
                iso.trim_end_matches("+00:00").replacen('T', " ", 1)
            )
        }
        Err(_) => format!("{timestamp} (out of range)"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_use_the_two_largest_units() {
        assert_eq!(duration(1_209_600.0), "14 d");
        assert_eq!(duration(90_061.0), "1 d 1 h");
        assert_eq!(duration(3_599.0), "59 min 59 s");
        assert_eq!(duration(3_600.0), "1 h");
        assert_eq!(duration(42.7), "42 s");
        assert_eq!(duration(0.25), "0.25 s");
        assert_eq!(duration(-61.0), "1 min 1 s");
        assert_eq!(duration(f64::INFINITY), "∞");
    }

    #[test]
    fn countdowns_say_whether_the_moment_passed() {
        let future = countdown(1_000.0 + 3_600.0, 1_000.0);
        assert_eq!(future.text, "expires in 1 h");
        assert!(!future.expired);
        let now = countdown(1_000.0, 1_000.0);
        assert!(now.expired);
        let past = countdown(1_000.0, 1_120.0);
        assert_eq!(past.text, "expired 2 min ago");
        assert!(past.expired);
    }

    #[test]
    fn utc_dates_read_like_iso_without_the_offset() {
        assert_eq!(utc(1_700_000_000.0), "2023-11-14 22:13:20 UTC");
        assert_eq!(utc(1_700_000_000.5), "2023-11-14 22:13:20.500000 UTC");
    }
}
