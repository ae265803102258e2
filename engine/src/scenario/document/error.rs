//! Why a scenario could not be read.

use crate::quoted::Quoted;
use std::fmt;

use crate::json::JsonError;

/// A scenario file that does not follow the README's schema.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScenarioError {
    /// The text is not JSON (the reader's error, also reachable through `source()`).
    Json(JsonError),
    /// A field has the wrong shape.
    Invalid {
        /// Where, e.g. `steps[3].request.view`.
        field: String,
        /// What was expected there.
        expected: String,
    },
    /// `engine` names no session engine.
    UnknownEngine(String),
    /// A step's key is not a known step kind.
    UnknownStep(String),
    /// A request names an unknown view.
    UnknownView(String),
    /// A settings object names a setting scenarios may not change.
    UnknownSetting(String),
    /// The document has the topology README's fields (several instances, a routing rule, a
    /// `concurrent`, `route` or `deploy` step) and the reader has not loaded their code
    /// ([`super::TopologyFields`]).
    TopologyCodeMissing,
    /// A setting has a value of the wrong type.
    InvalidSetting {
        /// The setting's name.
        name: String,
        /// What was expected.
        expected: String,
    },
}

impl ScenarioError {
    pub(crate) fn invalid(field: impl Into<String>, expected: impl Into<String>) -> ScenarioError {
        ScenarioError::Invalid {
            field: field.into(),
            expected: expected.into(),
        }
    }
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScenarioError::Json(message) => write!(f, "the scenario is not valid JSON: {message}"),
            ScenarioError::Invalid { field, expected } => {
                write!(f, "`{field}` should be {expected}")
            }
            ScenarioError::UnknownEngine(name) => write!(
                f,
                "unknown engine {name:?} (expected db, cache, cached_db, file or signed_cookies)",
                name = Quoted(name),
            ),
            ScenarioError::UnknownStep(name) => {
                write!(f, "unknown step kind {name:?}", name = Quoted(name),)
            }
            ScenarioError::UnknownView(name) => {
                write!(f, "unknown view {name:?}", name = Quoted(name),)
            }
            ScenarioError::TopologyCodeMissing => f.write_str(
                "the code for several Django instances and concurrent requests has not loaded",
            ),
            ScenarioError::UnknownSetting(name) => {
                write!(f, "the setting {name} cannot be changed in a scenario")
            }
            ScenarioError::InvalidSetting { name, expected } => {
                write!(f, "the setting {name} should be {expected}")
            }
        }
    }
}

impl std::error::Error for ScenarioError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ScenarioError::Json(error) => Some(error),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Scenario;
    use std::error::Error;

    #[test]
    fn a_json_error_stays_typed_and_is_the_source() {
        let error = Scenario::from_json("{not json").unwrap_err();
        let ScenarioError::Json(json_error) = &error else {
            panic!("expected a JSON error, got {error:?}");
        };
        assert!(error
            .to_string()
            .starts_with("the scenario is not valid JSON: "));
        assert_eq!(
            error.source().map(|s| s.to_string()),
            Some(json_error.to_string())
        );
    }
}
