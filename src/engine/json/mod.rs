//! Python-compatible JSON, as Django's `django.core.signing.JSONSerializer` uses it
//! (`json.dumps(obj, separators=(",", ":"))` and `json.loads(data.decode("latin-1"))`).

mod value;

pub use value::{Dict, PyInt, Value};
