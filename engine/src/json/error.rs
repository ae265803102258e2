//! What went wrong while reading JSON, worded as CPython 3.11 words it.

use std::fmt;

/// Which Python exception `json.loads` would have raised.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JsonErrorKind {
    /// `json.JSONDecodeError` (a `ValueError`): the text is not JSON.
    Decode,
    /// `RecursionError`: arrays/objects nested deeper than CPython's recursion limit allows.
    TooDeep,
    /// `ValueError`: an integer literal longer than CPython's 4300-digit limit
    /// (`sys.get_int_max_str_digits()`).
    IntegerTooLong,
}

/// A `json.loads` failure: the kind of Python exception and its message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonError {
    kind: JsonErrorKind,
    message: String,
}

impl JsonError {
    /// A `JSONDecodeError` at character `pos` of `doc`, formatted like Python's
    /// (`json/decoder.py`, `JSONDecodeError.__init__`): `"<msg>: line L column C (char P)"`.
    pub(crate) fn decode(reason: &str, doc: &str, byte_pos: usize) -> JsonError {
        let before = doc.get(..byte_pos).unwrap_or(doc);
        let pos = before.chars().count();
        let line = before.matches('\n').count() + 1;
        let column = match before.rfind('\n') {
            Some(newline) => before[newline..].chars().count() - 1,
            None => pos,
        } + 1;
        JsonError {
            kind: JsonErrorKind::Decode,
            message: format!("{reason}: line {line} column {column} (char {pos})"),
        }
    }

    pub(crate) fn too_deep(container: &str) -> JsonError {
        JsonError {
            kind: JsonErrorKind::TooDeep,
            message: format!(
                "maximum recursion depth exceeded while decoding a JSON {container} from a unicode string"
            ),
        }
    }

    pub(crate) fn integer_too_long(digits: usize) -> JsonError {
        JsonError {
            kind: JsonErrorKind::IntegerTooLong,
            message: format!(
                "Exceeds the limit (4300 digits) for integer string conversion: value has {digits} digits; use sys.set_int_max_str_digits() to increase the limit"
            ),
        }
    }

    /// Which Python exception this is.
    pub fn kind(&self) -> JsonErrorKind {
        self.kind
    }

    /// The Python exception's message.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The exception as Python would print its last line, e.g.
    /// `json.decoder.JSONDecodeError: Expecting value: line 1 column 1 (char 0)`.
    pub fn python_exception(&self) -> String {
        let class = match self.kind {
            JsonErrorKind::Decode => "json.decoder.JSONDecodeError",
            JsonErrorKind::TooDeep => "RecursionError",
            JsonErrorKind::IntegerTooLong => "ValueError",
        };
        format!("{class}: {}", self.message)
    }
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for JsonError {}
