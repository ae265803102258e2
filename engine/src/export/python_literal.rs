//! JSON values written as Python source (`None`, `True`, `{'a': [1, 0.1]}`): what an exported
//! test module compares Django's values with. Strings are Python's `repr()`
//! ([`python_str_repr`]), floats Python's `repr()` ([`python_float_repr`]), so that the literal
//! evaluates to exactly the value the engine holds, dict keys in insertion order.

use crate::json::{python_float_repr, python_str_repr, Value};

/// `value` as a Python expression that evaluates to it.
pub fn python_literal(value: &Value) -> String {
    let mut out = String::new();
    write_literal(value, &mut out);
    out
}

/// `Some(text)` as a Python string literal, `None` as `None`.
pub fn python_optional_str(text: Option<&str>) -> String {
    text.map_or_else(|| "None".to_owned(), python_str_repr)
}

/// A float as Python source: its `repr()`, or `float("nan")` / `float("inf")`, which have no
/// literal.
pub fn python_float(x: f64) -> String {
    if x.is_nan() {
        "float('nan')".to_owned()
    } else if x.is_infinite() {
        if x > 0.0 {
            "float('inf')"
        } else {
            "-float('inf')"
        }
        .to_owned()
    } else {
        python_float_repr(x)
    }
}

fn write_literal(value: &Value, out: &mut String) {
    match value {
        Value::Null => out.push_str("None"),
        Value::Bool(true) => out.push_str("True"),
        Value::Bool(false) => out.push_str("False"),
        Value::Int(n) => out.push_str(n.as_str()),
        Value::Float(x) => out.push_str(&python_float(*x)),
        Value::Str(s) => out.push_str(&python_str_repr(s)),
        Value::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_literal(item, out);
            }
            out.push(']');
        }
        Value::Dict(dict) => {
            out.push('{');
            for (i, (key, item)) in dict.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(&python_str_repr(key));
                out.push_str(": ");
                write_literal(item, out);
            }
            out.push('}');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse_python_json;

    #[test]
    fn json_becomes_python_source() {
        let value = parse_python_json(
            r#"{"b": [true, false, null], "a": 0.1, "big": 1180591620717411303424, "s": "it's \"x\"\n\u00e9\ud83d\ude00", "e": 1e16}"#,
        )
        .unwrap();
        let expected = "{'b': [True, False, None], 'a': 0.1, 'big': 1180591620717411303424, \
             's': 'it\\'s \"x\"\\n\u{e9}\u{1f600}', 'e': 1e+16}";
        assert_eq!(python_literal(&value), expected);
    }

    #[test]
    fn floats_without_a_literal_are_spelled_out() {
        assert_eq!(python_float(f64::NAN), "float('nan')");
        assert_eq!(python_float(f64::NEG_INFINITY), "-float('inf')");
        assert_eq!(python_float(1_700_000_000.0), "1700000000.0");
        assert_eq!(python_optional_str(None), "None");
    }
}
