//! Fields this page does not know, in a saved state or a link (written by a newer
//! Sessionscope, or by hand): kept as they were and written back with the next save, so that
//! opening the page never drops what it cannot read.
//!
//! Two places can hold them: the document itself (next to `scenario`, `key_seed`, …) and the
//! scenario object. Fields the engine reads are never "unknown": the scenario's own value
//! always wins, so a stale copy cannot come back after the page changed it.

use sessionscope_engine::json::{Dict, Value};

/// The document fields this page reads or writes.
const DOCUMENT_FIELDS: [&str; 5] = ["format", "version", "scenario", "key_seed", "secrets"];

/// The scenario fields the engine reads (`Scenario::from_value`).
pub(super) const SCENARIO_FIELDS: [&str; 11] = [
    "name",
    "description",
    "engine",
    "start_time",
    "settings",
    "cache",
    "session_keys",
    "steps",
    "browser_rules",
    "third_party_cookies",
    "origin",
];

/// The fields of a document and of its scenario that this page does not read, in order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UnknownFields {
    /// Beside `scenario`, `key_seed`, `secrets` (and `format`, `version`).
    pub document: Dict,
    /// Inside `scenario`.
    pub scenario: Dict,
}

impl UnknownFields {
    /// The unknown fields of `document` (a share document or a saved state).
    pub fn of(document: &Dict) -> UnknownFields {
        let mut unknown = UnknownFields::default();
        for (name, value) in document.iter() {
            if !DOCUMENT_FIELDS.contains(&name) {
                unknown.document.insert(name, value.clone());
            }
        }
        if let Some(Value::Dict(scenario)) = document.get("scenario") {
            for (name, value) in scenario.iter() {
                if !SCENARIO_FIELDS.contains(&name) {
                    unknown.scenario.insert(name, value.clone());
                }
            }
        }
        unknown
    }

    /// Whether there is nothing to keep.
    pub fn is_empty(&self) -> bool {
        self.document.is_empty() && self.scenario.is_empty()
    }

    /// Writes the unknown fields back into `document`, after the known ones (which win).
    pub fn add_to(&self, document: &mut Dict) {
        for (name, value) in self.document.iter() {
            if !document.contains_key(name) {
                document.insert(name, value.clone());
            }
        }
        if self.scenario.is_empty() {
            return;
        }
        if let Some(Value::Dict(scenario)) = document.get("scenario") {
            let mut scenario = scenario.clone();
            for (name, value) in self.scenario.iter() {
                if !scenario.contains_key(name) {
                    scenario.insert(name, value.clone());
                }
            }
            document.insert("scenario", Value::Dict(scenario));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::page::document::rich_scenario;
    use sessionscope_engine::json::parse_python_json;

    fn dict(json: &str) -> Dict {
        parse_python_json(json).unwrap().as_dict().unwrap().clone()
    }

    #[test]
    fn what_the_page_does_not_read_is_kept_and_written_back() {
        let document = dict(
            r#"{"format":"sessionscope-state","version":1,"theme":"dark",
                "scenario":{"name":"x","engine":"db","steps":[],"notes":["a",1]},
                "key_seed":"4d","secrets":"included","pinned":true}"#,
        );
        let unknown = UnknownFields::of(&document);
        assert_eq!(
            unknown.document.keys().collect::<Vec<_>>(),
            ["theme", "pinned"]
        );
        assert_eq!(unknown.scenario.keys().collect::<Vec<_>>(), ["notes"]);

        let mut written = dict(
            r#"{"format":"sessionscope-state","version":1,
                "scenario":{"name":"y","engine":"file","steps":[]},"key_seed":"4d","secrets":"included"}"#,
        );
        unknown.add_to(&mut written);
        assert_eq!(written.get("theme"), Some(&Value::from("dark")));
        assert_eq!(written.get("pinned"), Some(&Value::Bool(true)));
        let scenario = written.get("scenario").unwrap().as_dict().unwrap();
        assert_eq!(
            scenario.get("engine"),
            Some(&Value::from("file")),
            "the page's own value wins"
        );
        assert!(scenario.get("notes").is_some());
    }

    #[test]
    fn every_field_the_engine_writes_is_a_known_one() {
        let mut scenario = rich_scenario();
        scenario.browser_rules = Some(Default::default());
        scenario.origin = sessionscope_engine::scenario::parse_origin("https://shop.test");
        let value = scenario.to_value();
        for name in value.as_dict().unwrap().keys() {
            assert!(
                SCENARIO_FIELDS.contains(&name),
                "{name} is not in SCENARIO_FIELDS"
            );
        }
        assert!(UnknownFields::of(&dict(r#"{"scenario":{"name":"x"}}"#)).is_empty());
    }
}
