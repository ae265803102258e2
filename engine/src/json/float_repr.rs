//! Python's `float.__repr__` (`Objects/floatobject.c`, `float_repr` → `PyOS_double_to_string`
//! with format code `'r'`): the shortest digit string that reads back as the same double,
//! written in positional form when the decimal exponent is in `-4..16`, else in scientific form
//! with a signed, at least two-digit exponent (`1e+16`, `1e-07`, `1.5e+300`).

/// `repr(x)` for a Python float: `0.1`, `1.0`, `-0.0`, `1e+16`, `1e-05`, `inf`, `nan`.
pub fn python_float_repr(x: f64) -> String {
    let mut out = String::new();
    write_python_float_repr(x, &mut out);
    out
}

/// Appends `repr(x)` to `out` (see [`python_float_repr`]).
pub fn write_python_float_repr(x: f64, out: &mut String) {
    if x.is_nan() {
        out.push_str("nan");
        return;
    }
    if x.is_infinite() {
        out.push_str(if x < 0.0 { "-inf" } else { "inf" });
        return;
    }
    if x == 0.0 {
        out.push_str(if x.is_sign_negative() { "-0.0" } else { "0.0" });
        return;
    }
    // Rust's `{:e}` prints the shortest round-trip digits, like Python's `'r'` mode:
    // `-1.2345e-7`, `1e16`, `5e-324`.
    let scientific = format!("{x:e}");
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let (negative, mantissa) = match mantissa.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, mantissa),
    };
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    if negative {
        out.push('-');
    }
    if !(-4..16).contains(&exponent) {
        write_scientific(&digits, exponent, out);
    } else {
        write_positional(&digits, exponent, out);
    }
}

/// `d[.ddd]e±XX`, as Python writes floats below `1e-4` or from `1e16`.
fn write_scientific(digits: &str, exponent: i32, out: &mut String) {
    out.push_str(&digits[..1]);
    if digits.len() > 1 {
        out.push('.');
        out.push_str(&digits[1..]);
    }
    out.push('e');
    out.push(if exponent < 0 { '-' } else { '+' });
    let magnitude = exponent.unsigned_abs();
    if magnitude < 10 {
        out.push('0');
    }
    out.push_str(&magnitude.to_string());
}

/// `ddd.ddd` with at least one digit after the point (`1000000000000000.0`, `0.0001`).
fn write_positional(digits: &str, exponent: i32, out: &mut String) {
    if exponent < 0 {
        out.push_str("0.");
        for _ in 0..(-exponent - 1) {
            out.push('0');
        }
        out.push_str(digits);
        return;
    }
    let integer_len = exponent as usize + 1;
    if digits.len() > integer_len {
        out.push_str(&digits[..integer_len]);
        out.push('.');
        out.push_str(&digits[integer_len..]);
    } else {
        out.push_str(digits);
        for _ in digits.len()..integer_len {
            out.push('0');
        }
        out.push_str(".0");
    }
}

#[cfg(test)]
mod tests {
    use super::python_float_repr as repr;

    #[test]
    fn positional_range_matches_python() {
        assert_eq!(repr(1.0), "1.0");
        assert_eq!(repr(0.1), "0.1");
        assert_eq!(repr(-2.5), "-2.5");
        assert_eq!(repr(123456.789), "123456.789");
        assert_eq!(repr(1e15), "1000000000000000.0");
        assert_eq!(repr(9999999999999998.0), "9999999999999998.0");
        assert_eq!(repr(0.0001), "0.0001");
        assert_eq!(repr(0.00012), "0.00012");
        assert_eq!(repr(0.1 + 0.2), "0.30000000000000004");
    }

    #[test]
    fn scientific_range_matches_python() {
        assert_eq!(repr(1e16), "1e+16");
        assert_eq!(repr(1.5e300), "1.5e+300");
        assert_eq!(repr(1e-7), "1e-07");
        assert_eq!(repr(1e-5), "1e-05");
        assert_eq!(repr(-1.25e-10), "-1.25e-10");
        assert_eq!(repr(5e-324), "5e-324");
        assert_eq!(repr(f64::MAX), "1.7976931348623157e+308");
        assert_eq!(repr(12345678901234567890.0), "1.2345678901234567e+19");
    }

    #[test]
    fn zeros_and_non_finite_values() {
        assert_eq!(repr(0.0), "0.0");
        assert_eq!(repr(-0.0), "-0.0");
        assert_eq!(repr(f64::INFINITY), "inf");
        assert_eq!(repr(f64::NEG_INFINITY), "-inf");
        assert_eq!(repr(f64::NAN), "nan");
    }
}
