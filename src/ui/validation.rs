//! What the page's number fields accept, and, for what they refuse, a sentence to show next to
//! the field: what is wrong, and what Django would do with that value where it would take it
//! (checked against Django 5.2: `SessionMiddleware.process_response` adds the expiry age to
//! `time.time()` and formats it with `http_date`; `SessionBase.get_expiry_date` adds a
//! `timedelta(seconds=…)`; `set_expiry` stores any value and `get_expiry_age` reads it back).
//!
//! Numbers are read as `settings.py` or a view would hold them: a JSON number (`3600`, `1.5`,
//! `1e308`, `99999999999999999999`), or a Python integer expression ([`python_int`]:
//! `60 * 60 * 24 * 7 * 2`, `1_209_600`, `0x10`, `True`).

use sessionscope_engine::json::{parse_python_json, Value};
use sessionscope_engine::quoted::Quoted;
use sessionscope_engine::scenario::{ExpiryArg, Request, Step, ViewCall};

use super::python_int::{self, PyInt, Refusal};
use super::settings_py::duration_words;

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

/// `SESSION_COOKIE_AGE` as typed, once accepted: whole seconds, and what the text evaluated to
/// when it was more than a plain number (an expression, or a bool).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CookieAge {
    pub seconds: i64,
    /// A sentence for next to the field: `= 1,209,600 seconds (2 weeks)`, or what Django does
    /// with `True`.
    pub note: Option<String>,
}

impl CookieAge {
    /// The note, while `current` (the value in force) is still the one it speaks of: a later
    /// change from elsewhere (a loaded link, a story) makes it stale.
    pub fn note_while(&self, current: i64) -> Option<&str> {
        self.note.as_deref().filter(|_| self.seconds == current)
    }
}

/// `SESSION_COOKIE_AGE` as typed: whole seconds, or why not (`current` is the value in force,
/// which stays). The engine models Django for every 64-bit integer, including the ones whose
/// expiry Django cannot format (it answers 500 with Django's exception).
///
/// `True` and `False` are ints to Python and Django uses them as 1 and 0 (checked with Django
/// 5.2): `get_session_cookie_age` returns the setting, `SessionMiddleware.process_response`
/// computes `time.time() + max_age`, `HttpResponseBase.set_cookie` writes
/// `int(max_age)`, and `get_expiry_date` adds `timedelta(seconds=expiry)`.
pub fn cookie_age(text: &str, current: i64) -> Result<CookieAge, String> {
    let stays = format!("SESSION_COOKIE_AGE stays {current}.");
    let fails = |why: &str| {
        format!(
            "Too large for a date: Django would accept the setting, then fail on every response \
             that saves the session ({why}). This playground takes whole seconds that fit in 64 \
             bits. {stays}"
        )
    };
    let plain = |seconds| {
        Ok(CookieAge {
            seconds,
            note: None,
        })
    };
    match read_number(text) {
        Number::Int(seconds) => plain(seconds),
        Number::Float(x) if x.is_finite() && x.fract() == 0.0 && x.abs() < 9.2e18 => {
            plain(x as i64)
        }
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
        Number::Text => match python_int::evaluate(text) {
            Ok(int) => Ok(CookieAge {
                seconds: int.value,
                note: Some(evaluated_note(&int)),
            }),
            Err(Refusal::Empty) => Err(format!(
                "Empty: SESSION_COOKIE_AGE is a number of seconds (Django's default is \
                 60 * 60 * 24 * 7 * 2 = 1209600, two weeks). {stays}"
            )),
            Err(Refusal::Overflow) => Err(format!(
                "{}. {}",
                capitalized(&Refusal::Overflow.to_string()),
                fails("OverflowError: timestamp out of range for platform time_t")
            )),
            Err(Refusal::Name(name)) => Err(format!(
                "Not a number: as a name, settings.py would not import (NameError: name \
                 '{name}' is not defined); as a string, Django would fail on every response \
                 that saves the session (TypeError: unsupported operand type(s) for +: 'float' \
                 and 'str'). {stays}"
            )),
            Err(refusal @ (Refusal::Str | Refusal::NoneValue | Refusal::Tuple)) => {
                let type_name = match refusal {
                    Refusal::Str => "str",
                    Refusal::NoneValue => "NoneType",
                    _ => "tuple",
                };
                Err(format!(
                    "Not a number: {refusal}. Django would fail on every response that saves \
                     the session (TypeError: unsupported operand type(s) for +: 'float' and \
                     '{type_name}'). {stays}"
                ))
            }
            Err(refusal @ Refusal::Float(_)) => Err(format!(
                "Not whole seconds: {refusal}. This playground reads a float literal (1800.0) \
                 but not float arithmetic: use // for whole seconds. {stays}"
            )),
            Err(refusal @ (Refusal::ZeroDivision(_) | Refusal::Syntax(_))) => Err(format!(
                "Not a Python integer: settings.py would not import ({refusal}). {stays}"
            )),
        },
    }
}

/// What an accepted expression or bool evaluated to, for next to the field.
fn evaluated_note(int: &PyInt) -> String {
    let seconds = int.value;
    match int.bool_literal {
        Some(true) => "True is the int 1 to Python (bool is a subclass of int), and Django uses \
                       it as 1: Max-Age=1, and an expiry date 1 second after the response."
            .to_owned(),
        Some(false) => "False is the int 0 to Python (bool is a subclass of int), and Django \
                        uses it as 0: Max-Age=0, and an expiry date of the response's own time, \
                        so the browser drops the cookie at once."
            .to_owned(),
        // Under a minute the words would only repeat the number.
        None if seconds >= 60 => format!(
            "= {} seconds ({})",
            thousands(seconds),
            duration_words(seconds)
        ),
        None => format!("= {} seconds", thousands(seconds)),
    }
}

/// `n` with commas between thousands, as Python's `f"{n:,}"` writes it (`limits::thousands`
/// takes a `usize`, 32 bits in wasm).
fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 {
        out.insert(0, '-');
    }
    out
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The argument of `request.session.set_expiry(…)` typed as seconds: any int or float Django
/// would store (the engine then does what Django does with it, errors included), or why not.
/// A number only, not an expression: this field is on the page every visit loads, and the
/// expression reader ([`python_int`]) loads with the tabs that use it.
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
            Quoted(text.trim())
        )),
    }
}

/// The request whose view calls `request.session.set_expiry(value)`.
pub fn set_expiry_step(value: Value) -> Step {
    Step::Request(Request::new(ViewCall::SetExpiry(ExpiryArg::Value(value))))
}

/// Seconds to move the simulated clock forward from `now`: positive, finite, and not past
/// the last date Python can hold. Integer expressions (`60 * 60 * 24`) are read too; a bool is
/// not a number of seconds here (the clock is the playground's, not a Python argument).
pub fn advance_seconds(text: &str, now: f64) -> Result<f64, String> {
    let room = (LAST_DATETIME - now).max(0.0);
    let number = match read_number(text) {
        Number::Text => match python_int::evaluate(text) {
            Ok(PyInt {
                bool_literal: None,
                value,
                ..
            }) => Number::Int(value),
            Ok(_) => return Err(format!("{} is not a number of seconds.", text.trim())),
            Err(Refusal::Overflow) => Number::BigInt,
            Err(Refusal::Name(_) | Refusal::Str | Refusal::NoneValue | Refusal::Empty) => {
                Number::Text
            }
            Err(refusal) => return Err(format!("Not a number of seconds: {refusal}.")),
        },
        number => number,
    };
    match number {
        Number::Int(n) if n > 0 && (n as f64) <= room => Ok(n as f64),
        Number::Float(x) if x.is_finite() && x > 0.0 && x <= room => Ok(x),
        Number::Float(x) if x.is_nan() => Err("NaN is not a number of seconds.".to_owned()),
        Number::Int(n) if n <= 0 => Err(not_forward(text)),
        Number::Float(x) if x <= 0.0 => Err(not_forward(text)),
        Number::Text => Err(format!(
            "{:?} is not a number of seconds.",
            Quoted(text.trim())
        )),
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
        let seconds = |text| cookie_age(text, 1209600).map(|age| age.seconds);
        assert_eq!(seconds("3600"), Ok(3600));
        assert_eq!(seconds(" -5 "), Ok(-5));
        assert_eq!(seconds("3600.0"), Ok(3600));
        assert_eq!(seconds("2.5e11"), Ok(250_000_000_000));
        assert_eq!(seconds("9223372036854775807"), Ok(i64::MAX));
        // A plain number needs no note: the field shows it.
        assert_eq!(cookie_age("3600", 1).unwrap().note, None);
    }

    #[test]
    fn the_cookie_age_reads_python_integer_expressions() {
        let age = cookie_age("60 * 60 * 24 * 7 * 2", 3600).unwrap();
        assert_eq!(age.seconds, 1_209_600);
        assert_eq!(age.note.as_deref(), Some("= 1,209,600 seconds (2 weeks)"));
        for (text, expected) in [
            ("1_209_600", 1_209_600),
            ("0x10", 16),
            ("3600 * 24 + 1", 86_401),
            ("(1 + 1) * 3600", 7200),
            ("2 ** 20", 1_048_576),
            ("-60", -60),
        ] {
            assert_eq!(
                cookie_age(text, 1).map(|a| a.seconds),
                Ok(expected),
                "{text}"
            );
        }
        assert_eq!(age.note_while(1_209_600), age.note.as_deref());
        assert_eq!(age.note_while(3600), None);
        assert_eq!(
            cookie_age("-60 * 1", 1).unwrap().note.as_deref(),
            Some("= -60 seconds")
        );
    }

    /// Django 5.2 with `SESSION_COOKIE_AGE = True` answers `Max-Age=1` and an expiry a second
    /// later; with `False`, `Max-Age=0`.
    #[test]
    fn the_cookie_age_takes_bools_as_django_does() {
        let yes = cookie_age("True", 60).unwrap();
        assert_eq!(yes.seconds, 1);
        let note = yes.note.unwrap();
        assert!(note.contains("Max-Age=1"), "{note}");
        assert!(note.contains("subclass of int"), "{note}");
        assert!(note.starts_with("True is the int 1"), "{note}");
        let no = cookie_age("False", 60).unwrap();
        assert_eq!(no.seconds, 0);
        assert!(no.note.unwrap().contains("Max-Age=0"));
        assert_eq!(
            cookie_age("0x10", 60).unwrap().note.as_deref(),
            Some("= 16 seconds")
        );
    }

    #[test]
    fn the_cookie_age_keeps_typeerror_for_what_django_rejects() {
        for (text, type_name) in [
            ("\"3600\"", "'str'"),
            ("None", "'NoneType'"),
            ("1,209,600", "'tuple'"),
            ("abc", "'str'"),
        ] {
            let error = cookie_age(text, 60).unwrap_err();
            assert!(error.contains("TypeError"), "{text}: {error}");
            assert!(error.contains(type_name), "{text}: {error}");
            assert!(error.contains("stays 60"), "{text}: {error}");
        }
        assert!(cookie_age("abc", 60)
            .unwrap_err()
            .contains("NameError: name 'abc'"));
        let error = cookie_age("1_209_600 // 0", 60).unwrap_err();
        assert!(error.contains("ZeroDivisionError"), "{error}");
        let error = cookie_age("012", 60).unwrap_err();
        assert!(error.contains("SyntaxError: leading zeros"), "{error}");
        let error = cookie_age("3600 / 2", 60).unwrap_err();
        assert!(error.contains("float"), "{error}");
        assert!(!error.contains("TypeError"), "{error}");
        let error = cookie_age("2 ** 64", 60).unwrap_err();
        assert!(error.contains("64 bits"), "{error}");
        assert!(error.contains("OverflowError"), "{error}");
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
        assert_eq!(advance_seconds("60 * 60", now), Ok(3600.0));
        assert_eq!(advance_seconds("1_000", now), Ok(1000.0));
        assert!(advance_seconds("2 ** 70", now)
            .unwrap_err()
            .contains("9999"));
        assert!(advance_seconds("-60 * 2", now)
            .unwrap_err()
            .contains("forward"));
        assert!(advance_seconds("True", now)
            .unwrap_err()
            .contains("not a number"));
        assert!(advance_seconds("1 // 0", now)
            .unwrap_err()
            .contains("ZeroDivisionError"));
        assert_eq!(
            advance_seconds(&format!("{}", LAST_DATETIME - now), now),
            Ok(LAST_DATETIME - now)
        );
    }

    /// Odd inputs never panic in any field: every piece of a set of awkward texts.
    #[test]
    fn no_field_panics_on_odd_input() {
        let awkward = [
            "((1))**-(2)//0%~0x_f,(),0b,.5e+_3j é 'x\" None True",
            "-9223372036854775808 // -1 * -1e308 - 0X7FFFFFFFFFFFFFFF ** 2 nan inf",
        ];
        for text in awkward {
            let chars: Vec<char> = text.chars().collect();
            for start in 0..chars.len() {
                for end in start..=chars.len() {
                    let piece: String = chars[start..end].iter().collect();
                    let _ = cookie_age(&piece, 1);
                    let _ = expiry_seconds(&piece);
                    let _ = advance_seconds(&piece, 1_700_000_000.0);
                    let _ = advance_seconds(&piece, LAST_DATETIME + 1.0);
                }
            }
        }
    }
}
