//! Python's `json.loads` (CPython 3.11's C scanner, `Modules/_json.c`, and
//! `json/decoder.py`), as Django's `JSONSerializer.loads` calls it:
//! `json.loads(data.decode("latin-1"))`.
//!
//! The reader is iterative (an explicit stack of open containers), so no input can overflow
//! the Rust stack; nesting deeper than [`MAX_NESTING_DEPTH`] fails like CPython's
//! `RecursionError`.

use super::error::JsonError;
use super::value::{Dict, PyInt, Value};
use std::cell::RefCell;

/// How many arrays/objects may be open at once. CPython has no fixed limit: its recursion
/// limit (1000 frames) minus the frames already on the stack; `signing.loads` called from a
/// top-level script reaches depth 990, which is the figure used here.
pub const MAX_NESTING_DEPTH: usize = 990;

/// CPython 3.11's `sys.get_int_max_str_digits()` default: longer integer literals raise
/// `ValueError` in `int(str)`, which `json.loads` uses.
pub const MAX_INT_DIGITS: usize = 4300;

/// `json.loads(text)` for a Python `str`.
///
/// Accepts what Python accepts: surrounding whitespace (only space, tab, newline, carriage
/// return), `NaN`/`Infinity`/`-Infinity`, duplicate keys (the last value wins, at the first
/// key's position, like `dict(pairs)`), any `\uXXXX` escapes. Numbers with a fraction or an
/// exponent are floats, others arbitrary-size ints.
///
/// One known deviation: a lone UTF-16 surrogate escape (`"\ud800"`) gives Python a `str`
/// holding that surrogate, which a Rust `String` cannot hold; it becomes U+FFFD here.
pub fn parse_python_json(text: &str) -> Result<Value, JsonError> {
    if text.starts_with('\u{feff}') {
        return Err(JsonError::decode(
            "Unexpected UTF-8 BOM (decode using utf-8-sig)",
            text,
            0,
        ));
    }
    let mut reader = Reader {
        text,
        pos: 0,
        scratch: Scratch::borrow_thread_local(),
    };
    let result = reader.read_document();
    reader.scratch.return_thread_local();
    result.map_err(|error| *error)
}

/// `json.loads(data.decode("latin-1"))`: every byte is the character U+0000..U+00FF of the
/// same number, so UTF-8 input turns into mojibake exactly as in Django.
pub fn parse_python_json_bytes_latin1(bytes: &[u8]) -> Result<Value, JsonError> {
    match std::str::from_utf8(bytes) {
        // ASCII reads the same in latin-1 and UTF-8, and needs no copy.
        Ok(ascii) if bytes.is_ascii() => parse_python_json(ascii),
        _ => parse_python_json(&latin1_to_string(bytes)),
    }
}

/// `bytes.decode("latin-1")`: byte n becomes the character U+00nn.
pub fn latin1_to_string(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| char::from(b)).collect()
}

/// The reader's internal result: the error is boxed so that a `Result` is no larger than a
/// [`Value`] (moving values through results stays cheap).
type Read<T> = Result<T, Box<JsonError>>;

/// An array or object whose closing bracket has not been read yet. Its items so far are on
/// the reader's shared stacks from `start` on.
enum OpenContainer {
    List {
        start: usize,
    },
    /// `key` is the key whose value is being read. Repeated keys are merged when the object
    /// closes.
    Dict {
        start: usize,
        key: String,
    },
}

/// The items of all open containers, innermost last. One shared stack means each container is
/// allocated once, at its exact size, when it closes; the stacks' own memory is kept per
/// thread between calls.
#[derive(Default)]
struct Scratch {
    items: Vec<Value>,
    pairs: Vec<(String, Value)>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

impl Scratch {
    /// Stacks bigger than this (in entries) are not kept for the next call.
    const KEEP_LIMIT: usize = 4096;

    fn borrow_thread_local() -> Scratch {
        SCRATCH
            .try_with(|cell| cell.try_borrow_mut().map(|mut s| std::mem::take(&mut *s)))
            .ok()
            .and_then(Result::ok)
            .unwrap_or_default()
    }

    fn return_thread_local(mut self) {
        self.items.clear();
        self.pairs.clear();
        if self.items.capacity() <= Self::KEEP_LIMIT && self.pairs.capacity() <= Self::KEEP_LIMIT {
            let _ = SCRATCH.try_with(|cell| {
                if let Ok(mut slot) = cell.try_borrow_mut() {
                    *slot = self;
                }
            });
        }
    }
}

struct Reader<'a> {
    text: &'a str,
    /// Byte offset of the next character to read.
    pos: usize,
    scratch: Scratch,
}

impl Reader<'_> {
    /// `JSONDecoder.decode`: whitespace, one value, whitespace, end of text.
    fn read_document(&mut self) -> Read<Value> {
        self.skip_whitespace();
        let value = self.read_value()?;
        self.skip_whitespace();
        if self.pos != self.text.len() {
            return Err(self.error("Extra data", self.pos));
        }
        Ok(value)
    }

    fn error(&self, reason: &str, byte_pos: usize) -> Box<JsonError> {
        Box::new(JsonError::decode(reason, self.text, byte_pos))
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    /// CPython's `scan_once` for a whole value, nested containers included.
    fn read_value(&mut self) -> Read<Value> {
        let mut open: Vec<OpenContainer> = Vec::new();
        'next_value: loop {
            let mut value = match self.peek() {
                Some(b'[') => match self.open_list(open.len())? {
                    Some(container) => {
                        open.push(container);
                        continue 'next_value;
                    }
                    None => Value::List(Vec::new()),
                },
                Some(b'{') => match self.open_dict(open.len())? {
                    Some(container) => {
                        open.push(container);
                        continue 'next_value;
                    }
                    None => Value::Dict(Dict::new()),
                },
                _ => self.read_scalar()?,
            };
            // `value` is complete: hand it to the innermost open container, closing
            // containers as long as their closing bracket follows.
            loop {
                let Some(container) = open.last_mut() else {
                    return Ok(value);
                };
                let closing = match container {
                    OpenContainer::List { .. } => {
                        self.scratch.items.push(value);
                        b']'
                    }
                    OpenContainer::Dict { key, .. } => {
                        self.scratch.pairs.push((std::mem::take(key), value));
                        b'}'
                    }
                };
                self.skip_whitespace();
                match self.peek() {
                    Some(b) if b == closing => {
                        self.pos += 1;
                        value = match open.pop() {
                            Some(OpenContainer::List { start }) => {
                                Value::List(self.scratch.items.drain(start..).collect())
                            }
                            Some(OpenContainer::Dict { start, .. }) => {
                                Value::Dict(self.scratch.pairs.drain(start..).collect())
                            }
                            None => return Ok(Value::Null),
                        };
                    }
                    Some(b',') => {
                        self.pos += 1;
                        self.skip_whitespace();
                        if let OpenContainer::Dict { key, .. } = container {
                            *key = self.read_key()?;
                        }
                        continue 'next_value;
                    }
                    _ => return Err(self.error("Expecting ',' delimiter", self.pos)),
                }
            }
        }
    }

    /// After `[`: `None` for `[]`, else the open list (the first item comes next).
    fn open_list(&mut self, depth: usize) -> Read<Option<OpenContainer>> {
        if depth >= MAX_NESTING_DEPTH {
            return Err(Box::new(JsonError::too_deep("array")));
        }
        self.pos += 1;
        self.skip_whitespace();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(None);
        }
        Ok(Some(OpenContainer::List {
            start: self.scratch.items.len(),
        }))
    }

    /// After `{`: `None` for `{}`, else the open dict with its first key read.
    fn open_dict(&mut self, depth: usize) -> Read<Option<OpenContainer>> {
        if depth >= MAX_NESTING_DEPTH {
            return Err(Box::new(JsonError::too_deep("object")));
        }
        self.pos += 1;
        self.skip_whitespace();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(None);
        }
        let key = self.read_key()?;
        Ok(Some(OpenContainer::Dict {
            start: self.scratch.pairs.len(),
            key,
        }))
    }

    /// `"key"`, optional whitespace, `:`, optional whitespace.
    fn read_key(&mut self) -> Read<String> {
        if self.peek() != Some(b'"') {
            return Err(self.error(
                "Expecting property name enclosed in double quotes",
                self.pos,
            ));
        }
        let key = self.read_string()?;
        self.skip_whitespace();
        if self.peek() != Some(b':') {
            return Err(self.error("Expecting ':' delimiter", self.pos));
        }
        self.pos += 1;
        self.skip_whitespace();
        Ok(key)
    }

    fn read_scalar(&mut self) -> Read<Value> {
        let (word, value) = match self.peek() {
            Some(b'"') => return self.read_string().map(Value::Str),
            Some(b'n') => ("null", Value::Null),
            Some(b't') => ("true", Value::Bool(true)),
            Some(b'f') => ("false", Value::Bool(false)),
            Some(b'N') => ("NaN", Value::Float(f64::NAN)),
            Some(b'I') => ("Infinity", Value::Float(f64::INFINITY)),
            Some(b'-') => ("-Infinity", Value::Float(f64::NEG_INFINITY)),
            _ => return self.read_number(),
        };
        if self.text[self.pos..].starts_with(word) {
            self.pos += word.len();
            return Ok(value);
        }
        self.read_number()
    }

    /// CPython's `_match_number_unicode`: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?`,
    /// taking the longest prefix that matches (`1.` reads `1`, `1e` reads `1`).
    fn read_number(&mut self) -> Read<Value> {
        let bytes = self.text.as_bytes();
        let start = self.pos;
        let digits_after = |from: usize| {
            bytes[from.min(bytes.len())..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count()
        };
        let mut end = start + usize::from(bytes.get(start) == Some(&b'-'));
        match bytes.get(end) {
            Some(b'0') => end += 1,
            Some(b'1'..=b'9') => end += digits_after(end),
            _ => return Err(self.error("Expecting value", start)),
        }
        let mut is_float = false;
        if bytes.get(end) == Some(&b'.') && digits_after(end + 1) > 0 {
            is_float = true;
            end += 1 + digits_after(end + 1);
        }
        if matches!(bytes.get(end), Some(b'e' | b'E')) {
            let sign = usize::from(matches!(bytes.get(end + 1), Some(b'+' | b'-')));
            let exponent_digits = digits_after(end + 1 + sign);
            if exponent_digits > 0 {
                is_float = true;
                end += 1 + sign + exponent_digits;
            }
        }
        self.pos = end;
        let literal = &self.text[start..end];
        if is_float {
            // Rounded correctly, like CPython's `float(str)`; overflow gives ±inf.
            return Ok(Value::Float(
                super::float_parse::parse_float(literal).unwrap_or(f64::NAN),
            ));
        }
        let digit_count = literal.trim_start_matches('-').len();
        if digit_count > MAX_INT_DIGITS {
            return Err(Box::new(JsonError::integer_too_long(digit_count)));
        }
        PyInt::parse(literal)
            .map(Value::Int)
            .ok_or_else(|| self.error("Expecting value", start))
    }

    /// CPython's `scanstring_unicode` in strict mode, starting at the opening quote.
    fn read_string(&mut self) -> Read<String> {
        let bytes = self.text.as_bytes();
        let quote = self.pos;
        let mut pos = quote + 1;
        let first_end = end_of_plain_run(bytes, pos);
        if bytes.get(first_end) == Some(&b'"') {
            // The common case: no escapes, one exact allocation.
            self.pos = first_end + 1;
            return Ok(self.text[pos..first_end].to_owned());
        }
        let mut out = String::with_capacity(first_end - pos + 16);
        loop {
            let chunk_start = pos;
            pos = end_of_plain_run(bytes, pos);
            out.push_str(&self.text[chunk_start..pos]);
            match bytes.get(pos) {
                None => return Err(self.error("Unterminated string starting at", quote)),
                Some(b'"') => {
                    self.pos = pos + 1;
                    return Ok(out);
                }
                Some(b'\\') => pos = self.read_escape(pos, &mut out)?,
                Some(_) => return Err(self.error("Invalid control character at", pos)),
            }
        }
    }

    /// Reads the escape starting with the backslash at `pos`; returns the position after it.
    fn read_escape(&self, pos: usize, out: &mut String) -> Read<usize> {
        let simple = match self.text.as_bytes().get(pos + 1) {
            None => return Err(self.error("Unterminated string starting at", self.pos)),
            Some(b'u') => return self.read_unicode_escape(pos, out),
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(_) => return Err(self.error("Invalid \\escape", pos)),
        };
        out.push(simple);
        Ok(pos + 2)
    }

    /// `\uXXXX`, combining a high surrogate with an immediately following `\uXXXX` low
    /// surrogate; a lone surrogate becomes U+FFFD (see [`parse_python_json`]).
    fn read_unicode_escape(&self, pos: usize, out: &mut String) -> Read<usize> {
        let unit = self.hex_unit(pos)?;
        let mut end = pos + 6;
        let mut code = u32::from(unit);
        if (0xd800..0xdc00).contains(&unit) && self.text[end..].starts_with("\\u") {
            let low = self.hex_unit(end)?;
            if (0xdc00..0xe000).contains(&low) {
                code = 0x10000 + ((code - 0xd800) << 10) + (u32::from(low) - 0xdc00);
                end += 6;
            }
        }
        out.push(char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER));
        Ok(end)
    }

    /// The four hex digits after the `\u` at `pos`.
    fn hex_unit(&self, pos: usize) -> Read<u16> {
        self.text
            .get(pos + 2..pos + 6)
            .filter(|hex| hex.bytes().all(|b| b.is_ascii_hexdigit()))
            .and_then(|hex| u16::from_str_radix(hex, 16).ok())
            .ok_or_else(|| self.error("Invalid \\uXXXX escape", pos + 1))
    }
}

/// The first index from `pos` on holding `"`, `\\` or a control character (or the end):
/// eight bytes at a time while none of them is one.
fn end_of_plain_run(bytes: &[u8], mut pos: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let has_zero_byte = |word: u64| word.wrapping_sub(ONES) & !word & HIGHS != 0;
    while let Some(chunk) = bytes.get(pos..pos + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let word = u64::from_le_bytes(word);
        let below_space = word.wrapping_sub(ONES * 0x20) & !word & HIGHS != 0;
        if below_space
            || has_zero_byte(word ^ (ONES * u64::from(b'"')))
            || has_zero_byte(word ^ (ONES * u64::from(b'\\')))
        {
            break;
        }
        pos += 8;
    }
    while pos < bytes.len() && !matches!(bytes[pos], b'"' | b'\\' | 0..=0x1f) {
        pos += 1;
    }
    pos
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::{to_python_json, JsonErrorKind};

    fn parse(text: &str) -> Value {
        parse_python_json(text).unwrap_or_else(|e| panic!("{text:?}: {e}"))
    }

    fn error(text: &str) -> String {
        parse_python_json(text).unwrap_err().to_string()
    }

    #[test]
    fn numbers_follow_python_types() {
        assert_eq!(parse("0"), Value::from(0));
        assert_eq!(parse("-12"), Value::from(-12));
        assert_eq!(
            to_python_json(&parse("1180591620717411303424")),
            "1180591620717411303424"
        );
        assert_eq!(parse("1.0"), Value::Float(1.0));
        assert_eq!(parse("1E2"), Value::Float(100.0));
        assert_eq!(parse("-0.0"), Value::Float(-0.0));
        assert_eq!(parse("1e400"), Value::Float(f64::INFINITY));
        assert!(matches!(parse("NaN"), Value::Float(x) if x.is_nan()));
        assert_eq!(parse("-Infinity"), Value::Float(f64::NEG_INFINITY));
    }

    #[test]
    fn number_grammar_takes_the_longest_valid_prefix() {
        assert_eq!(error("1."), "Extra data: line 1 column 2 (char 1)");
        assert_eq!(error("1e"), "Extra data: line 1 column 2 (char 1)");
        assert_eq!(error("01"), "Extra data: line 1 column 2 (char 1)");
        assert_eq!(error("-"), "Expecting value: line 1 column 1 (char 0)");
        assert_eq!(error("+1"), "Expecting value: line 1 column 1 (char 0)");
        assert_eq!(error(".5"), "Expecting value: line 1 column 1 (char 0)");
    }

    #[test]
    fn duplicate_keys_keep_first_position_and_last_value() {
        let value = parse(r#" {"a": 1, "b": 2, "a": 3}	"#);
        assert_eq!(to_python_json(&value), r#"{"a":3,"b":2}"#);
    }

    #[test]
    fn escapes_and_surrogates() {
        assert_eq!(
            parse(r#""\ud83d\ude00\u00e9\n\/\"""#),
            Value::from("😀é\n/\"")
        );
        assert_eq!(parse(r#""\ud800x""#), Value::from("\u{fffd}x"));
        assert_eq!(parse(r#""\ud800\u0041""#), Value::from("\u{fffd}A"));
        assert_eq!(parse(r#""\uDE00""#), Value::from("\u{fffd}"));
        assert!(error(r#""\x""#).starts_with("Invalid \\escape"));
        assert!(error(r#""\u12G4""#).starts_with("Invalid \\uXXXX escape"));
        assert!(error(r#""\ud800\u12G4""#).starts_with("Invalid \\uXXXX escape"));
    }

    #[test]
    fn long_strings_stop_at_every_special_byte() {
        for offset in 0..20 {
            let body = "é".repeat(offset % 3) + &"a".repeat(offset);
            // A quote ends the string early: the rest is extra data.
            let early = format!("\"{body}\"bbbbbbbbb\"");
            let end = body.chars().count() + 2;
            assert_eq!(
                error(&early),
                format!("Extra data: line 1 column {} (char {end})", end + 1)
            );
            // An escaped newline is kept; raw control characters are refused.
            assert_eq!(
                parse(&format!("\"{body}\\nbbbbbbbbb\"")),
                Value::from(format!("{body}\nbbbbbbbbb"))
            );
            for control in ['\n', '\u{1f}', '\0'] {
                let raw = format!("\"{body}{control}bbbbbbbbb\"");
                assert!(error(&raw).starts_with("Invalid control character at"));
            }
        }
    }

    #[test]
    fn strict_strings_reject_control_characters_but_not_del() {
        assert_eq!(
            error("\"a\nb\""),
            "Invalid control character at: line 1 column 3 (char 2)"
        );
        assert_eq!(parse("\"\u{7f}\""), Value::from("\u{7f}"));
        assert_eq!(
            error("\"abc"),
            "Unterminated string starting at: line 1 column 1 (char 0)"
        );
    }

    #[test]
    fn structural_errors_use_python_messages_and_positions() {
        assert_eq!(error(""), "Expecting value: line 1 column 1 (char 0)");
        assert_eq!(error("[1,]"), "Expecting value: line 1 column 4 (char 3)");
        assert_eq!(
            error("[1"),
            "Expecting ',' delimiter: line 1 column 3 (char 2)"
        );
        assert_eq!(
            error("{\"a\":1,}"),
            "Expecting property name enclosed in double quotes: line 1 column 8 (char 7)"
        );
        assert_eq!(
            error("{\"a\" 1}"),
            "Expecting ':' delimiter: line 1 column 6 (char 5)"
        );
        assert_eq!(error("{}\n x"), "Extra data: line 2 column 2 (char 4)");
        assert_eq!(
            error("\u{feff}{}").split(':').next(),
            Some("Unexpected UTF-8 BOM (decode using utf-8-sig)")
        );
        assert_eq!(
            error("\u{a0}1"),
            "Expecting value: line 1 column 1 (char 0)"
        );
        assert_eq!(error("[é"), "Expecting value: line 1 column 2 (char 1)");
    }

    #[test]
    fn nesting_is_capped_without_recursion() {
        let ok = "[".repeat(MAX_NESTING_DEPTH) + &"]".repeat(MAX_NESTING_DEPTH);
        assert!(parse_python_json(&ok).is_ok());
        let deep = "[".repeat(MAX_NESTING_DEPTH + 1) + &"]".repeat(MAX_NESTING_DEPTH + 1);
        assert_eq!(
            parse_python_json(&deep).unwrap_err().kind(),
            JsonErrorKind::TooDeep
        );
        let huge = "{\"a\":".repeat(100_000);
        assert_eq!(
            parse_python_json(&huge).unwrap_err().kind(),
            JsonErrorKind::TooDeep
        );
    }

    #[test]
    fn integers_longer_than_4300_digits_are_refused() {
        assert!(parse_python_json(&"9".repeat(4300)).is_ok());
        let too_long = format!("-{}", "9".repeat(4301));
        assert_eq!(
            parse_python_json(&too_long).unwrap_err().kind(),
            JsonErrorKind::IntegerTooLong
        );
        assert!(parse_python_json(&format!("{}.5", "9".repeat(5000))).is_ok());
    }

    #[test]
    fn latin1_bytes_become_mojibake() {
        let utf8 = "\"é\"".as_bytes();
        assert_eq!(
            parse_python_json_bytes_latin1(utf8).unwrap(),
            Value::from("\u{c3}\u{a9}")
        );
        assert!(parse_python_json_bytes_latin1(&[0xff, b'1']).is_err());
    }
}
