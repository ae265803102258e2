//! Python's `json.dumps`, as Django's `JSONSerializer.dumps` calls it
//! (`django/core/signing.py`: `json.dumps(obj, separators=(",", ":"))`), and an indented,
//! non-escaping variant for display.

use super::float_repr::write_python_float_repr;
use super::value::Value;

/// `json.dumps(value, separators=(",", ":"))`, byte for byte: compact separators,
/// `ensure_ascii=True` (every non-ASCII char as `\uXXXX`, astral chars as surrogate pairs),
/// floats as Python `repr` (`NaN`, `Infinity`, `-Infinity` for the non-finite ones),
/// integers of any size, dict keys in insertion order.
///
/// CPython refuses to print an `int` of more than 4300 digits (`ValueError`); such values
/// cannot come out of [`parse_python_json`](super::parse_python_json) and are printed in full.
pub fn to_python_json(value: &Value) -> String {
    let mut out = String::with_capacity(64);
    write_compact(value, &mut out);
    out
}

/// `json.dumps(value, indent=2, ensure_ascii=False)`: for people to read, not for signing.
pub fn to_pretty_json(value: &Value) -> String {
    let mut out = String::with_capacity(64);
    let layout = Layout {
        indent: 2,
        ensure_ascii: false,
    };
    write_indented(value, 0, layout, &mut out);
    out
}

/// `json.dumps(value, indent=indent)`, byte for byte: separators `","` and `": "`, a newline
/// and `indent` spaces per level, `ensure_ascii=True` as in [`to_python_json`]; empty lists and
/// dicts stay `[]` and `{}`. This is how the conformance harness wrote its trace files
/// (`indent=1`).
pub fn to_python_json_indented(value: &Value, indent: usize) -> String {
    let mut out = String::with_capacity(64);
    let layout = Layout {
        indent,
        ensure_ascii: true,
    };
    write_indented(value, 0, layout, &mut out);
    out
}

/// How an indented dump looks.
#[derive(Clone, Copy)]
struct Layout {
    /// Spaces per level.
    indent: usize,
    /// `\uXXXX` for every non-ASCII character (Python's default) or only for controls.
    ensure_ascii: bool,
}

impl Layout {
    fn write_string(self, text: &str, out: &mut String) {
        if self.ensure_ascii {
            write_ascii_string(text, out);
        } else {
            write_unicode_string(text, out);
        }
    }

    fn newline(self, depth: usize, out: &mut String) {
        out.push('\n');
        out.extend(std::iter::repeat_n(' ', depth * self.indent));
    }
}

fn write_compact(value: &Value, out: &mut String) {
    match value {
        Value::List(items) => {
            out.push('[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                write_compact(item, out);
            }
            out.push(']');
        }
        Value::Dict(dict) => {
            out.push('{');
            for (index, (key, item)) in dict.iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                write_ascii_string(key, out);
                out.push(':');
                write_compact(item, out);
            }
            out.push('}');
        }
        Value::Str(text) => write_ascii_string(text, out),
        scalar => write_scalar(scalar, out),
    }
}

fn write_indented(value: &Value, depth: usize, layout: Layout, out: &mut String) {
    match value {
        Value::List(items) if !items.is_empty() => {
            out.push('[');
            for (index, item) in items.iter().enumerate() {
                out.push_str(if index > 0 { "," } else { "" });
                layout.newline(depth + 1, out);
                write_indented(item, depth + 1, layout, out);
            }
            layout.newline(depth, out);
            out.push(']');
        }
        Value::Dict(dict) if !dict.is_empty() => {
            out.push('{');
            for (index, (key, item)) in dict.iter().enumerate() {
                out.push_str(if index > 0 { "," } else { "" });
                layout.newline(depth + 1, out);
                layout.write_string(key, out);
                out.push_str(": ");
                write_indented(item, depth + 1, layout, out);
            }
            layout.newline(depth, out);
            out.push('}');
        }
        Value::List(_) => out.push_str("[]"),
        Value::Dict(_) => out.push_str("{}"),
        Value::Str(text) => layout.write_string(text, out),
        scalar => write_scalar(scalar, out),
    }
}

/// `null`, `true`, `false`, ints, and floats as `json`'s `floatstr` writes them.
fn write_scalar(value: &Value, out: &mut String) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        Value::Int(int) => out.push_str(int.as_str()),
        Value::Float(x) if x.is_nan() => out.push_str("NaN"),
        Value::Float(x) if x.is_infinite() => {
            out.push_str(if *x > 0.0 { "Infinity" } else { "-Infinity" })
        }
        Value::Float(x) => write_python_float_repr(*x, out),
        Value::Str(_) | Value::List(_) | Value::Dict(_) => {}
    }
}

/// CPython's `ascii_escape_unicode` (`Modules/_json.c`): printable ASCII other than `"` and
/// `\` as is, the five short escapes, everything else as `\uXXXX` (lowercase hex, UTF-16).
fn write_ascii_string(text: &str, out: &mut String) {
    out.push('"');
    let mut plain_start = 0;
    for (index, ch) in text.char_indices() {
        if is_plain_ascii(ch) {
            continue;
        }
        out.push_str(&text[plain_start..index]);
        plain_start = index + ch.len_utf8();
        if !push_short_escape(ch, out) {
            let mut units = [0u16; 2];
            for unit in ch.encode_utf16(&mut units) {
                push_unicode_escape(*unit, out);
            }
        }
    }
    out.push_str(&text[plain_start..]);
    out.push('"');
}

/// `ensure_ascii=False` escaping: only `"`, `\` and control characters below U+0020.
fn write_unicode_string(text: &str, out: &mut String) {
    out.push('"');
    for ch in text.chars() {
        if ch >= ' ' && ch != '"' && ch != '\\' {
            out.push(ch);
        } else if !push_short_escape(ch, out) {
            push_unicode_escape(ch as u16, out);
        }
    }
    out.push('"');
}

fn is_plain_ascii(ch: char) -> bool {
    (' '..='~').contains(&ch) && ch != '"' && ch != '\\'
}

fn push_short_escape(ch: char, out: &mut String) -> bool {
    let escape = match ch {
        '"' => "\\\"",
        '\\' => "\\\\",
        '\n' => "\\n",
        '\r' => "\\r",
        '\t' => "\\t",
        '\u{8}' => "\\b",
        '\u{c}' => "\\f",
        _ => return false,
    };
    out.push_str(escape);
    true
}

fn push_unicode_escape(unit: u16, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push_str("\\u");
    for shift in [12, 8, 4, 0] {
        out.push(HEX[usize::from((unit >> shift) & 0xf)] as char);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::{Dict, PyInt};

    fn dict(entries: &[(&str, Value)]) -> Value {
        Value::Dict(
            entries
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect::<Dict>(),
        )
    }

    #[test]
    fn compact_separators_and_insertion_order() {
        let value = dict(&[
            ("z", Value::from(1)),
            ("a", Value::List(vec![Value::Null, Value::Bool(true)])),
            ("m", Value::empty_dict()),
        ]);
        assert_eq!(to_python_json(&value), r#"{"z":1,"a":[null,true],"m":{}}"#);
    }

    #[test]
    fn ensure_ascii_escapes_like_cpython() {
        let text = "é😀\u{7f}\u{1}\n\r\t\u{8}\u{c}\"\\/<>&~";
        assert_eq!(
            to_python_json(&Value::from(text)),
            r#""\u00e9\ud83d\ude00\u007f\u0001\n\r\t\b\f\"\\/<>&~""#
        );
        assert_eq!(to_python_json(&Value::from("Ā€")), r#""\u0100\u20ac""#);
    }

    #[test]
    fn numbers_use_python_text() {
        let big = PyInt::parse("1180591620717411303424").unwrap();
        let value = Value::List(vec![
            Value::Int(big),
            Value::Float(1e16),
            Value::Float(-0.0),
            Value::Float(f64::NAN),
            Value::Float(f64::INFINITY),
            Value::Float(f64::NEG_INFINITY),
            Value::Float(2.0),
        ]);
        assert_eq!(
            to_python_json(&value),
            "[1180591620717411303424,1e+16,-0.0,NaN,Infinity,-Infinity,2.0]"
        );
    }

    #[test]
    fn pretty_printer_indents_and_keeps_unicode() {
        let value = dict(&[
            ("k", Value::List(vec![Value::from(1), Value::from("é\n")])),
            ("e", Value::List(vec![])),
        ]);
        assert_eq!(
            to_pretty_json(&value),
            "{\n  \"k\": [\n    1,\n    \"é\\n\"\n  ],\n  \"e\": []\n}"
        );
    }

    #[test]
    fn indented_dump_matches_cpython_indent_1() {
        // json.dumps({"z": [1, 2.5, {}, []], "é": "☃", "n": None, "d": {"k": True}}, indent=1)
        let value = dict(&[
            (
                "z",
                Value::List(vec![
                    Value::from(1),
                    Value::Float(2.5),
                    Value::empty_dict(),
                    Value::List(vec![]),
                ]),
            ),
            ("é", Value::from("☃")),
            ("n", Value::Null),
            ("d", dict(&[("k", Value::Bool(true))])),
        ]);
        assert_eq!(
            to_python_json_indented(&value, 1),
            "{\n \"z\": [\n  1,\n  2.5,\n  {},\n  []\n ],\n \"\\u00e9\": \"\\u2603\",\n \"n\": null,\n \"d\": {\n  \"k\": true\n }\n}"
        );
    }
}
