//! What the topology tours share: each tells one scenario of the shared topology data
//! (`engine/tests/conformance/topology`, whose traces real Django 5.2 made) on every engine
//! that scenario exists for. Their scenario is built in code; it draws the conformance harness's session keys, so that its trace
//! is the shared trace byte for byte (each tour's test says so, with
//! [`tests::assert_is_the_shared_trace`]).

/// The conformance harness's keys (`sess…0001`, …), so the bytes are real Django's.
pub(super) fn harness_keys(count: usize) -> Vec<String> {
    (1..=count).map(|i| format!("sess{i:028}")).collect()
}

#[cfg(test)]
pub(super) mod tests {
    use sessionscope_engine::json::{parse_python_json, Value};
    use sessionscope_engine::scenario::{run, trace_json, Scenario};

    /// The shared data's file `kind/<shared>__<engine>.json` (`kind`: scenarios or traces).
    fn shared_file(kind: &str, shared: &str, scenario: &Scenario) -> String {
        let path = format!(
            "{}/engine/tests/conformance/topology/{kind}/{shared}__{}.json",
            env!("CARGO_MANIFEST_DIR"),
            scenario.engine.name()
        );
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    /// `scenario`'s trace has the `steps` of the shared trace `<shared>__<engine>` byte for
    /// byte, and `scenario` is the shared scenario (its name, engine and description aside).
    pub(in crate::ui::stories) fn assert_is_the_shared_trace(scenario: &Scenario, shared: &str) {
        let engine = scenario.engine;
        let expected = parse_python_json(&shared_file("traces", shared, scenario)).unwrap();
        let ours = parse_python_json(&trace_json(&run(scenario))).unwrap();
        let steps = |v: &Value| v.as_dict().and_then(|d| d.get("steps")).cloned();
        assert!(steps(&expected).is_some(), "{shared} on {engine}");
        assert_eq!(steps(&ours), steps(&expected), "{shared} on {engine}");

        let theirs = Scenario::from_json(&shared_file("scenarios", shared, scenario)).unwrap();
        assert_eq!(theirs.engine, engine);
        assert_eq!(scenario.steps, theirs.steps, "{shared} on {engine}");
        assert_eq!(scenario.instances, theirs.instances, "{shared} on {engine}");
        assert_eq!(scenario.routing, theirs.routing, "{shared} on {engine}");
        assert_eq!(scenario.settings, theirs.settings, "{shared} on {engine}");
        assert_eq!(scenario.cache, theirs.cache, "{shared} on {engine}");
        assert_eq!(
            scenario.start_time, theirs.start_time,
            "{shared} on {engine}"
        );
    }
}
