//! What the topology tours share: each tells one scenario of the shared topology data
//! (`engine/tests/conformance/topology`, whose traces real Django 5.2 made) on every engine
//! that scenario exists for. Their scenario is built in code or kept in the fetched asset
//! ([`build`]); either way it draws the conformance harness's session keys, so that its trace
//! is the shared trace byte for byte (each tour's test says so, with
//! [`tests::assert_is_the_shared_trace`]). The facts their captions quote from a trace with
//! instances and concurrent requests are read here.

use sessionscope_engine::scenario::{Engine, ResponseRecord, Scenario, Step, Trace};

use super::told_on_versions;
use super::trace::{jar_value, result_text, short, step};

/// The conformance harness's keys (`sess…0001`, …), so the bytes are real Django's.
pub(super) fn harness_keys(count: usize) -> Vec<String> {
    (1..=count).map(|i| format!("sess{i:028}")).collect()
}

/// The scenario the asset keeps for the tour `id`, on `engine`, with the harness's keys.
pub(super) fn build(id: &str, engine: Engine) -> Scenario {
    let mut scenario = told_on_versions::build(id, engine);
    scenario.session_keys = harness_keys(scenario.steps.len() * 2 + 8);
    scenario
}

/// The instance that served request step `i` (empty for another step).
pub(super) fn instance(trace: &Trace, i: usize) -> String {
    step(trace, i)
        .and_then(|s| s.request.as_ref()?.instance.clone())
        .unwrap_or_default()
}

/// The first line Django logged at step `i` (a request or `clear_expired` step), or during
/// the phase `phase` (`"B:respond"`) of a concurrent step `i`; `nothing` without one.
pub(super) fn logged(trace: &Trace, i: usize, phase: Option<&str>) -> String {
    let lines = step(trace, i).and_then(|s| match phase {
        None => s.log.as_ref(),
        Some(phase) => s
            .concurrent
            .as_ref()?
            .phases
            .iter()
            .find(|p| p.phase == phase)
            .map(|p| &p.log),
    });
    lines
        .and_then(|lines| lines.first().cloned())
        .unwrap_or_else(|| "nothing".to_owned())
}

/// The response to the request `label` of the concurrent step `i`.
pub(super) fn response_to<'t>(
    trace: &'t Trace,
    i: usize,
    label: &str,
) -> Option<&'t ResponseRecord> {
    step(trace, i)?
        .concurrent
        .as_ref()?
        .requests
        .iter()
        .find(|(l, _, _)| l == label)
        .map(|(_, _, response)| response)
}

/// The status of the response to `label` in the concurrent step `i`.
pub(super) fn status_of(trace: &Trace, i: usize, label: &str) -> String {
    response_to(trace, i, label).map_or_else(String::new, |r| r.status.to_string())
}

/// The session key in `main`'s jar after step `i`, by its last four digits (`…0002`), or
/// `no cookie`.
pub(super) fn key_tail(trace: &Trace, i: usize) -> String {
    super::trace::jar_value(trace, i, "main").map_or_else(
        || "no cookie".to_owned(),
        |key| {
            let tail: String = key
                .chars()
                .skip(key.chars().count().saturating_sub(4))
                .collect();
            format!("…{tail}")
        },
    )
}

/// How many session files `instance`'s own directory holds after step `i`.
pub(super) fn own_files(trace: &Trace, i: usize, instance: &str) -> usize {
    step(trace, i)
        .and_then(|s| s.store.own_files.iter().find(|(name, _)| name == instance))
        .map_or(0, |(_, files)| files.len())
}

/// The facts of every step a topology tour's captions may quote, by slot name: `inst<i>` (the
/// instance that served the request, was deployed or ran `clear_expired`), `result<i>`,
/// `log<i>` (the first line logged), `cookie<i>` (`main`'s cookie after it, cut short),
/// `key<i>` ([`key_tail`]), `advance<i>` (seconds), `files<i>_<instance>` ([`own_files`]).
pub(super) fn step_facts(trace: &Trace) -> Vec<(String, String)> {
    let mut facts = Vec::new();
    for (i, traced) in trace.steps.iter().enumerate() {
        let served = match &traced.step {
            Step::Deploy(deploy) => deploy.instance.clone(),
            Step::ClearExpiredOn(name) => name.clone(),
            _ => instance(trace, i),
        };
        facts.push((format!("inst{i}"), served));
        facts.push((format!("result{i}"), result_text(trace, i)));
        facts.push((format!("log{i}"), logged(trace, i, None)));
        let cookie = jar_value(trace, i, "main");
        facts.push((
            format!("cookie{i}"),
            cookie.map_or_else(|| "no cookie".to_owned(), |v| short(&v)),
        ));
        facts.push((format!("key{i}"), key_tail(trace, i)));
        if let Step::Advance(seconds) = traced.step {
            facts.push((format!("advance{i}"), format!("{seconds}")));
        }
        for (name, _) in &traced.store.own_files {
            facts.push((
                format!("files{i}_{name}"),
                own_files(trace, i, name).to_string(),
            ));
        }
    }
    facts
}

/// The tour `id`'s captions with [`step_facts`] filled in.
pub(super) fn narrate(id: &str, trace: &Trace) -> Vec<String> {
    let facts = step_facts(trace);
    let facts: Vec<(&str, String)> = facts.iter().map(|(n, v)| (n.as_str(), v.clone())).collect();
    super::fetched::captions(id, trace, &facts)
}

#[cfg(test)]
pub(super) mod tests {
    use sessionscope_engine::json::{parse_python_json, Value};
    use sessionscope_engine::scenario::{run, trace_json, Scenario, Trace};

    /// The order in which the phases of the concurrent step `i` ran (`A:send`, …).
    pub(in crate::ui::stories) fn phase_order(trace: &Trace, i: usize) -> Vec<&str> {
        trace.steps[i]
            .concurrent
            .as_ref()
            .map(|c| c.phases.iter().map(|p| p.phase.as_str()).collect())
            .unwrap_or_default()
    }

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
