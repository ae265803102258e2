//! What the page's number fields accept, and, for what they refuse, a sentence to show next to
//! the field: what is wrong, and what Django would do with that value where it would take it
//! (checked against Django 5.2: `SessionMiddleware.process_response` adds the expiry age to
//! `time.time()` and formats it with `http_date`; `SessionBase.get_expiry_date` adds a
//! `timedelta(seconds=…)`; `set_expiry` stores any value and `get_expiry_age` reads it back).
//!
//! Numbers are read as the playground writes scenarios: JSON numbers, which is also how they
//! would be written in `settings.py` or a view (`3600`, `1.5`, `1e308`,
//! `99999999999999999999`).

use sessionscope_engine::json::{parse_python_json, Value};
use sessionscope_engine::scenario::{ExpiryArg, Request, Step, ViewCall};

/// The latest instant Python's `datetime` can hold (9999-12-31T23:59:59Z): Django's session
/// dates stop there.
pub const LAST_DATETIME: f64 = 253_402_300_799.0;

/// A number typed into a field, as Python would see it.
enum Number {
    /// An integer that fits in 64 bits.
    Int(i64),
    /// An integer too big for 64 bits (Python's ints have no limit).
    BigInt,
    /// A float, possibly NaN or infinite.
    Float(f64),
    /// Not a number at all.
    Text,
}

fn read_number(text: &str) -> Number {
    let text = text.trim();
    match text.to_ascii_lowercase().as_str() {
        "nan" | "+nan" | "-nan" => return Number::Float(f64::NAN),
        "inf" | "+inf" | "infinity" | "+infinity" => return Number::Float(f64::INFINITY),
        "-inf" | "-infinity" => return Number::Float(f64::NEG_INFINITY),
        _ => {}
    }
    match parse_python_json(text) {
        Ok(Value::Int(n)) => n.to_i64().map_or(Number::BigInt, Number::Int),
        Ok(Value::Float(x)) => Number::Float(x),
        _ => Number::Text,
    }
}

/// `SESSION_COOKIE_AGE` as typed: whole seconds, or why not (`current` is the value in force,
/// which stays). The engine models Django for every 64-bit integer, including the ones whose
/// expiry Django cannot format (it answers 500 with Django's exception).
pub fn cookie_age(text: &str, current: i64) -> Result<i64, String> {
    let stays = format!("SESSION_COOKIE_AGE stays {current}.");
    let fails = |why: &str| {
        format!(
            "Too large for a date: Django would accept the setting, then fail on every response \
             that saves the session ({why}). This playground takes whole seconds that fit in 64 \
             bits. {stays}"
        )
    };
    match read_number(text) {
        Number::Int(seconds) => Ok(seconds),
        Number::Float(x) if x.is_finite() && x.fract() == 0.0 && x.abs() < 9.2e18 => Ok(x as i64),
        Number::Float(x) if x.is_nan() => Err(format!(
            "NaN is not a number of seconds: Django would fail on every response that saves \
             the session (ValueError: Invalid value NaN). {stays}"
        )),
        Number::Float(x) if x.is_infinite() => Err(fails(
            "OverflowError: cannot convert float infinity to integer",
        )),
        Number::Float(x) if x.abs() >= 9.2e18 => Err(fails(
            "OverflowError: timestamp out of range for platform time_t",
        )),
        Number::Float(x) => Err(format!(
            "{} is a float: Django would accept it (Max-Age={}: int() drops the fraction, which \
             the expiry date keeps). This playground takes whole seconds. {stays}",
            text.trim(),
            x.trunc() as i64
        )),
        Number::BigInt => Err(fails(
            "OverflowError: timestamp out of range for platform time_t",
        )),
        Number::Text if text.trim().is_empty() => Err(format!(
            "Empty: SESSION_COOKIE_AGE is a number of seconds (Django's default is 1209600, \
             two weeks). {stays}"
        )),
        Number::Text => Err(format!(
            "Not a number: as a string, Django would fail on every response that saves the \
             session (TypeError: unsupported operand type(s) for +: 'float' and 'str'). {stays}"
        )),
    }
}

/// The argument of `request.session.set_expiry(…)` typed as seconds: any int or float Django
/// would store (the engine then does what Django does with it, errors included), or why not.
pub fn expiry_seconds(text: &str) -> Result<Value, String> {
    match read_number(text) {
        Number::Int(_) | Number::BigInt => {
            parse_python_json(text.trim()).map_err(|error| error.to_string())
        }
        Number::Float(x) if x.is_finite() => Ok(Value::Float(x)),
        Number::Float(_) => Err(
            "NaN and infinity are not numbers a scenario can hold: set_expiry(float(\"nan\")) \
             would be stored, then fail in the middleware (ValueError: Invalid value NaN)."
                .to_owned(),
        ),
        Number::Text if text.trim().is_empty() => Err(
            "Empty: type a number of seconds (0 means \"when the browser closes\", a negative \
             number expires the cookie at once)."
                .to_owned(),
        ),
        Number::Text => Err(format!(
            "Not a number of seconds. Django would store the string and then read it as an \
             ISO date: set_expiry({:?}) fails with ValueError: Invalid isoformat string. Use \
             the buttons for None, a datetime or a timedelta.",
            text.trim()
        )),
    }
}

/// The request whose view calls `request.session.set_expiry(value)`.
pub fn set_expiry_step(value: Value) -> Step {
    Step::Request(Request::new(ViewCall::SetExpiry(ExpiryArg::Value(value))))
}

/// Seconds to move the simulated clock forward from `now`: positive, finite, and not past
/// the last date Python can hold.
pub fn advance_seconds(text: &str, now: f64) -> Result<f64, String> {
    let room = (LAST_DATETIME - now).max(0.0);
    match read_number(text) {
        Number::Int(n) if n > 0 && (n as f64) <= room => Ok(n as f64),
        Number::Float(x) if x.is_finite() && x > 0.0 && x <= room => Ok(x),
        Number::Float(x) if x.is_nan() => Err("NaN is not a number of seconds.".to_owned()),
        Number::Int(n) if n <= 0 => Err(not_forward(text)),
        Number::Float(x) if x <= 0.0 => Err(not_forward(text)),
        Number::Text => Err(format!("{:?} is not a number of seconds.", text.trim())),
        _ => Err(format!(
            "Too far: Python's dates end at 9999-12-31, {} seconds from now.",
            room as i64
        )),
    }
}

fn not_forward(text: &str) -> String {
    format!(
        "{} does not move the clock forward: time only advances here (type seconds greater \
         than 0).",
        text.trim()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cookie_age_takes_whole_seconds() {
        assert_eq!(cookie_age("3600", 1209600), Ok(3600));
        assert_eq!(cookie_age(" -5 ", 1209600), Ok(-5));
        assert_eq!(cookie_age("3600.0", 1209600), Ok(3600));
        assert_eq!(cookie_age("2.5e11", 1209600), Ok(250_000_000_000));
        assert_eq!(cookie_age("9223372036854775807", 1), Ok(i64::MAX));
    }

    #[test]
    fn the_cookie_age_says_what_django_would_do_with_the_rest() {
        let error = cookie_age("1e308", 1209600).unwrap_err();
        assert!(error.contains("OverflowError"), "{error}");
        assert!(error.contains("stays 1209600"), "{error}");
        let error = cookie_age("99999999999999999999", 60).unwrap_err();
        assert!(error.contains("OverflowError"), "{error}");
        assert!(error.contains("stays 60"), "{error}");
        let error = cookie_age("abc", 60).unwrap_err();
        assert!(error.contains("TypeError"), "{error}");
        let error = cookie_age("1.5", 60).unwrap_err();
        assert!(error.contains("Max-Age=1"), "{error}");
        assert!(error.contains("float"), "{error}");
        assert!(cookie_age("NaN", 60).unwrap_err().contains("ValueError"));
        assert!(cookie_age("inf", 60).unwrap_err().contains("infinity"));
        assert!(cookie_age("", 60).unwrap_err().starts_with("Empty"));
    }

    #[test]
    fn set_expiry_takes_any_number_python_would_store() {
        assert_eq!(expiry_seconds("60"), Ok(Value::from(60)));
        assert_eq!(expiry_seconds("-5"), Ok(Value::from(-5)));
        assert_eq!(expiry_seconds("1.5"), Ok(Value::Float(1.5)));
        assert_eq!(expiry_seconds("1e308"), Ok(Value::Float(1e308)));
        let big = expiry_seconds("99999999999999999999").unwrap();
        assert!(
            matches!(&big, Value::Int(n) if n.to_i64().is_none()),
            "{big:?}"
        );
        let error = expiry_seconds("abc").unwrap_err();
        assert!(error.contains("Invalid isoformat string"), "{error}");
        assert!(expiry_seconds("NaN").unwrap_err().contains("NaN"));
        assert!(expiry_seconds(" ").unwrap_err().starts_with("Empty"));
    }

    #[test]
    fn the_clock_only_moves_forward_and_stays_in_pythons_dates() {
        let now = 1_700_000_000.0;
        assert_eq!(advance_seconds("90", now), Ok(90.0));
        assert_eq!(advance_seconds("0.5", now), Ok(0.5));
        assert!(advance_seconds("-5", now).unwrap_err().contains("forward"));
        assert!(advance_seconds("0", now).unwrap_err().contains("forward"));
        assert!(advance_seconds("NaN", now).unwrap_err().contains("NaN"));
        assert!(advance_seconds("abc", now)
            .unwrap_err()
            .contains("not a number"));
        assert!(advance_seconds("1e300", now).unwrap_err().contains("9999"));
        assert_eq!(
            advance_seconds(&format!("{}", LAST_DATETIME - now), now),
            Ok(LAST_DATETIME - now)
        );
    }
}
