//! Reading and writing the topology README's fields: `instances`, a routing rule, a
//! `concurrent` step and a `deploy` step, with an error naming the field for bad input.

use crate::json::{Dict, Value};

use super::error::ScenarioError;
use super::fields::{field, string_field, Parsed};
use super::parse_request::parse_request;
use super::scenario::{Scenario, TopologyFields};
use super::settings_patch::SettingsPatch;
use super::steps::{Concurrent, Phase, Step};
use super::topology::{Deploy, Instance, Routing};

/// The engine's reader of the topology fields.
#[derive(Clone, Copy, Debug, Default)]
pub struct AllTopologyFields;

impl Scenario {
    /// Reads a scenario from its JSON text (the README's "Scenario file").
    pub fn from_json(text: &str) -> Result<Scenario, ScenarioError> {
        let value = crate::json::parse_python_json(text).map_err(ScenarioError::Json)?;
        Scenario::from_value(&value)
    }

    /// Reads a scenario from a parsed JSON value.
    pub fn from_value(value: &Value) -> Result<Scenario, ScenarioError> {
        Scenario::from_value_with(value, &AllTopologyFields)
    }
}

impl TopologyFields for AllTopologyFields {
    fn instances(&self, value: &Value) -> Parsed<Vec<Instance>> {
        parse_instances(value)
    }

    fn routing(&self, value: &Value, at: &str) -> Parsed<Routing> {
        parse_routing(value, at)
    }

    fn concurrent(&self, dict: &Dict, at: &str) -> Parsed<Concurrent> {
        parse_concurrent(dict, at)
    }

    fn deploy(&self, dict: &Dict, at: &str) -> Parsed<Deploy> {
        parse_deploy(dict, at)
    }

    fn check_instance_names(&self, scenario: &Scenario) -> Parsed<()> {
        check_instance_names(scenario)
    }
}
/// Every instance a rule, a request, a deploy or a `clear_expired` names must exist.
fn check_instance_names(scenario: &Scenario) -> Parsed<()> {
    let names = scenario.instance_names();
    let check = |name: &str, at: String| {
        if names.iter().any(|n| n == name) {
            Ok(())
        } else {
            Err(ScenarioError::invalid(
                at,
                format!("one of the instances ({})", names.join(", ")),
            ))
        }
    };
    for name in scenario.routing.iter().flat_map(Routing::names) {
        check(name, "routing".to_owned())?;
    }
    for (i, step) in scenario.steps.iter().enumerate() {
        let at = format!("steps[{i}]");
        match step {
            Step::Request(request) => {
                if let Some(name) = &request.instance {
                    check(name, format!("{at}.request.instance"))?;
                }
            }
            Step::Concurrent(concurrent) => {
                for (label, request) in &concurrent.requests {
                    if let Some(name) = &request.instance {
                        check(name, format!("{at}.concurrent.requests.{label}.instance"))?;
                    }
                }
            }
            Step::Route(routing) => {
                for name in routing.names() {
                    check(name, format!("{at}.route"))?;
                }
            }
            Step::Deploy(deploy) => check(&deploy.instance, format!("{at}.deploy.instance"))?,
            Step::ClearExpiredOn(name) => check(name, format!("{at}.clear_expired"))?,
            _ => {}
        }
    }
    Ok(())
}

fn shared_or_own(dict: &Dict, name: &str, at: &str) -> Parsed<bool> {
    match field(dict, name) {
        None => Ok(false),
        Some(value) => match value.as_str() {
            Some("shared") => Ok(false),
            Some("own") => Ok(true),
            _ => Err(ScenarioError::invalid(
                format!("{at}.{name}"),
                "\"shared\" or \"own\"",
            )),
        },
    }
}

fn name_ok(name: &str) -> bool {
    !name.is_empty() && !name.contains(':')
}

/// Reads `instances`: an object of instance names (without `:`) to their fields.
pub(super) fn parse_instances(value: &Value) -> Parsed<Vec<Instance>> {
    let dict = value
        .as_dict()
        .filter(|d| !d.is_empty())
        .ok_or_else(|| ScenarioError::invalid("instances", "a non-empty object"))?;
    dict.iter()
        .map(|(name, fields)| {
            let at = format!("instances.{name}");
            if !name_ok(name) {
                return Err(ScenarioError::invalid(at, "a name without \":\""));
            }
            let fields = fields
                .as_dict()
                .ok_or_else(|| ScenarioError::invalid(&at, "an object"))?;
            if let Some(unknown) = fields
                .keys()
                .find(|k| !matches!(*k, "settings" | "cache" | "file_dir"))
            {
                return Err(ScenarioError::invalid(
                    format!("{at}.{unknown}"),
                    "absent (an instance has settings, cache and file_dir)",
                ));
            }
            let mut instance = Instance::new(name);
            if let Some(settings) = field(fields, "settings") {
                instance.settings = SettingsPatch::parse(settings)?;
            }
            instance.own_cache = shared_or_own(fields, "cache", &at)?;
            instance.own_files = shared_or_own(fields, "file_dir", &at)?;
            Ok(instance)
        })
        .collect()
}

/// Reads a routing rule (the scenario checks that its names are instances).
pub(super) fn parse_routing(value: &Value, at: &str) -> Parsed<Routing> {
    let known = |name: &str, _: &str| -> Parsed<String> { Ok(name.to_owned()) };
    let expected = "an instance name, {\"round_robin\": [...]} or {\"sticky\": [...]}";
    if let Some(name) = value.as_str() {
        return Ok(Routing::Pinned(known(name, at)?));
    }
    let dict = value
        .as_dict()
        .filter(|d| d.len() == 1)
        .ok_or_else(|| ScenarioError::invalid(at, expected))?;
    let (kind, list) = dict
        .iter()
        .next()
        .ok_or_else(|| ScenarioError::invalid(at, expected))?;
    let at = format!("{at}.{kind}");
    let Value::List(items) = list else {
        return Err(ScenarioError::invalid(
            at,
            "a non-empty list of instance names",
        ));
    };
    if items.is_empty() {
        return Err(ScenarioError::invalid(
            at,
            "a non-empty list of instance names",
        ));
    }
    let names = items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let at = format!("{at}[{i}]");
            let name = item
                .as_str()
                .ok_or_else(|| ScenarioError::invalid(&at, "an instance name"))?;
            known(name, &at)
        })
        .collect::<Parsed<Vec<String>>>()?;
    match kind {
        "round_robin" => Ok(Routing::RoundRobin(names)),
        "sticky" => Ok(Routing::Sticky(names)),
        _ => Err(ScenarioError::invalid(at, expected)),
    }
}

/// Reads a `concurrent` step: two or more requests, and an order naming each label's
/// `send`, `view` and `respond` exactly once, in that order.
pub(super) fn parse_concurrent(dict: &Dict, at: &str) -> Parsed<Concurrent> {
    let requests_at = format!("{at}.requests");
    let requests = field(dict, "requests")
        .and_then(Value::as_dict)
        .filter(|d| d.len() >= 2)
        .ok_or_else(|| ScenarioError::invalid(&requests_at, "an object of two or more requests"))?;
    let requests = requests
        .iter()
        .map(|(label, request)| {
            let at = format!("{requests_at}.{label}");
            if !name_ok(label) {
                return Err(ScenarioError::invalid(at, "a label without \":\""));
            }
            let request = request
                .as_dict()
                .ok_or_else(|| ScenarioError::invalid(&at, "an object"))?;
            Ok((label.to_owned(), parse_request(request, &at)?))
        })
        .collect::<Parsed<Vec<_>>>()?;
    let order_at = format!("{at}.order");
    let Some(Value::List(items)) = field(dict, "order") else {
        return Err(ScenarioError::invalid(
            order_at,
            "a list of \"<label>:<phase>\"",
        ));
    };
    let mut next_phase = vec![0usize; requests.len()];
    let phases = [Phase::Send, Phase::View, Phase::Respond];
    let mut order = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let at = format!("{order_at}[{i}]");
        let parsed = item
            .as_str()
            .and_then(|text| text.split_once(':'))
            .and_then(|(label, phase)| {
                let index = requests.iter().position(|(l, _)| l == label)?;
                Some((index, Phase::from_name(phase)?))
            });
        let Some((index, phase)) = parsed else {
            return Err(ScenarioError::invalid(
                at,
                "\"<label>:<phase>\" with a label of requests and send, view or respond",
            ));
        };
        if phases.get(next_phase[index]) != Some(&phase) {
            return Err(ScenarioError::invalid(
                at,
                "each label's send, view and respond once, in that order",
            ));
        }
        next_phase[index] += 1;
        order.push((index, phase));
    }
    if next_phase.iter().any(|&n| n != 3) {
        return Err(ScenarioError::invalid(
            order_at,
            "every label's send, view and respond",
        ));
    }
    Ok(Concurrent { requests, order })
}

/// Reads a `deploy` step.
pub(super) fn parse_deploy(dict: &Dict, at: &str) -> Parsed<Deploy> {
    Ok(Deploy {
        instance: string_field(dict, "instance", at)?,
        settings: match field(dict, "settings") {
            Some(settings) => SettingsPatch::parse(settings)?,
            None => SettingsPatch::default(),
        },
    })
}

#[cfg(test)]
mod tests {
    use crate::scenario::document::{Phase, Routing, Scenario, ScenarioError, Step};

    const TOPOLOGY: &str = r#"{"name": "t", "engine": "cache",
        "instances": {"web1": {"settings": {"SECRET_KEY": "k1"}, "cache": "own"},
                      "web2": {"file_dir": "own"}, "web3": {}},
        "routing": {"sticky": ["web1", "web2"]},
        "steps": [
          {"request": {"view": "noop", "instance": "web3"}},
          {"concurrent": {"requests": {"A": {"view": "noop"}, "B": {"view": "noop", "browser": "b"}},
                          "order": ["A:send", "B:send", "B:view", "A:view", "B:respond", "A:respond"]}},
          {"route": "web2"},
          {"route": {"round_robin": ["web2", "web1"]}},
          {"deploy": {"instance": "web1", "settings": {"SECRET_KEY": "k2"}}},
          {"clear_expired": "web2"},
          {"clear_expired": true}
        ]}"#;

    fn error_of(text: &str) -> String {
        match Scenario::from_json(text) {
            Ok(_) => panic!("accepted: {text}"),
            Err(error) => error.to_string(),
        }
    }

    fn with_steps(steps: &str) -> String {
        format!(
            r#"{{"engine": "db", "instances": {{"web1": {{}}, "web2": {{}}}}, "steps": [{steps}]}}"#
        )
    }

    #[test]
    fn the_topology_fields_read_and_write_back() {
        let scenario = Scenario::from_json(TOPOLOGY).unwrap();
        let names: Vec<&str> = scenario.instances.iter().map(|i| i.name.as_str()).collect();
        assert_eq!(names, ["web1", "web2", "web3"], "declaration order");
        assert!(scenario.instances[0].own_cache && !scenario.instances[0].own_files);
        assert!(!scenario.instances[1].own_cache && scenario.instances[1].own_files);
        assert_eq!(
            scenario.routing,
            Some(Routing::Sticky(vec!["web1".into(), "web2".into()]))
        );
        let Step::Concurrent(concurrent) = &scenario.steps[1] else {
            panic!("not concurrent: {:?}", scenario.steps[1]);
        };
        assert_eq!(concurrent.requests[1].0, "B");
        assert_eq!(concurrent.order[2], (1, Phase::View));
        assert_eq!(
            scenario.steps[2],
            Step::Route(Routing::Pinned("web2".into()))
        );
        assert_eq!(scenario.steps[6], Step::ClearExpired);
        assert!(scenario.has_topology());
        let again = Scenario::from_json(&scenario.to_json_string()).unwrap();
        assert_eq!(again, scenario);
    }

    #[test]
    fn a_document_without_them_has_no_topology() {
        let scenario = Scenario::from_json(
            r#"{"engine": "db", "steps": [{"request": {"view": "noop"}}, {"clear_expired": true}]}"#,
        )
        .unwrap();
        assert!(!scenario.has_topology());
        assert_eq!(scenario.instance_names(), ["web"]);
        let value = scenario.to_value();
        let keys: Vec<&str> = value.as_dict().unwrap().keys().collect();
        assert_eq!(keys, ["name", "engine", "steps"]);
    }

    #[test]
    fn bad_orders_are_refused_naming_the_entry() {
        let requests = r#""requests": {"A": {"view": "noop"}, "B": {"view": "noop"}}"#;
        let cases = [
            (
                r#""A:send", "A:respond", "A:view", "B:send", "B:view", "B:respond""#,
                "steps[0].concurrent.order[1]",
            ),
            (
                r#""A:send", "A:view", "A:respond", "B:send", "B:view""#,
                "every label's send, view and respond",
            ),
            (r#""A:send", "C:send""#, "steps[0].concurrent.order[1]"),
            (r#""A-send""#, "steps[0].concurrent.order[0]"),
            (
                r#""A:send", "A:send""#,
                "each label's send, view and respond once",
            ),
        ];
        for (order, expected) in cases {
            let text = with_steps(&format!(
                r#"{{"concurrent": {{{requests}, "order": [{order}]}}}}"#
            ));
            let error = error_of(&text);
            assert!(error.contains(expected), "{order}: {error}");
        }
        let one =
            with_steps(r#"{"concurrent": {"requests": {"A": {"view": "noop"}}, "order": []}}"#);
        assert!(error_of(&one).contains("two or more requests"));
        let colon = with_steps(
            r#"{"concurrent": {"requests": {"A:1": {"view": "noop"}, "B": {"view": "noop"}}, "order": []}}"#,
        );
        assert!(error_of(&colon).contains("without \":\""));
    }

    #[test]
    fn unknown_instances_and_bad_fields_are_refused() {
        let cases = [
            (with_steps(r#"{"route": "web9"}"#), "steps[0].route"),
            (
                with_steps(r#"{"request": {"view": "noop", "instance": "web9"}}"#),
                "steps[0].request.instance",
            ),
            (
                with_steps(r#"{"deploy": {"instance": "web9"}}"#),
                "steps[0].deploy.instance",
            ),
            (
                with_steps(r#"{"clear_expired": "web9"}"#),
                "steps[0].clear_expired",
            ),
            (
                with_steps(r#"{"clear_expired": 3}"#),
                "true or an instance name",
            ),
            (
                with_steps(r#"{"route": {"random": ["web1"]}}"#),
                "round_robin",
            ),
            (with_steps(r#"{"route": {"sticky": []}}"#), "non-empty list"),
            (
                r#"{"engine": "db", "instances": {"web1": {"cache": "mine"}}}"#.to_owned(),
                "instances.web1.cache",
            ),
            (
                r#"{"engine": "db", "instances": {"web1": {"disk": "own"}}}"#.to_owned(),
                "instances.web1.disk",
            ),
            (
                r#"{"engine": "db", "instances": {}}"#.to_owned(),
                "instances",
            ),
            (
                r#"{"engine": "db", "instances": {"a:b": {}}}"#.to_owned(),
                "without \":\"",
            ),
            (
                r#"{"engine": "db", "instances": {"web1": {}}, "routing": "web2"}"#.to_owned(),
                "`routing`",
            ),
        ];
        for (text, expected) in cases {
            let error = error_of(&text);
            assert!(error.contains(expected), "{text}: {error}");
        }
        assert!(matches!(
            Scenario::from_json(&with_steps(r#"{"deploy": "web1"}"#)),
            Err(ScenarioError::Invalid { .. })
        ));
    }
}
