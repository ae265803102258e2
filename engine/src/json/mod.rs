//! Python-compatible JSON, as Django's `django.core.signing.JSONSerializer` uses it
//! (`json.dumps(obj, separators=(",", ":"))` and `json.loads(data.decode("latin-1"))`).

mod error;
mod float_parse;
mod float_repr;
mod read;
mod str_repr;
mod value;
mod write;

pub use error::{JsonError, JsonErrorKind};
pub use float_parse::parse_float;
pub use float_repr::python_float_repr;
pub use read::{
    latin1_to_string, parse_python_json, parse_python_json_bytes_latin1, MAX_INT_DIGITS,
    MAX_NESTING_DEPTH,
};
pub use str_repr::python_str_repr;
pub use value::{Dict, PyInt, Value};
pub use write::{to_pretty_json, to_python_json, to_python_json_indented};
