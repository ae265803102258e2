//! Writing the topology README's fields back as JSON: `instances`, a routing rule, a
//! `concurrent` step and a `deploy` step (what `parse_topology` reads).

use crate::json::{Dict, Value};

use super::parse_request::request_to_value;
use super::steps::Concurrent;
use super::topology::{Deploy, Instance, Routing};

/// `instances` as JSON.
pub(super) fn instances_to_value(instances: &[Instance]) -> Value {
    let mut d = Dict::new();
    for instance in instances {
        let mut fields = Dict::new();
        if !instance.settings.changes.is_empty() {
            fields.insert("settings", instance.settings.to_value());
        }
        if instance.own_cache {
            fields.insert("cache", Value::from("own"));
        }
        if instance.own_files {
            fields.insert("file_dir", Value::from("own"));
        }
        d.insert(instance.name.as_str(), Value::Dict(fields));
    }
    Value::Dict(d)
}

/// A routing rule as JSON.
pub(super) fn routing_to_value(routing: &Routing) -> Value {
    let list =
        |names: &[String]| Value::List(names.iter().map(|n| Value::from(n.as_str())).collect());
    let mut d = Dict::new();
    match routing {
        Routing::Pinned(name) => return Value::from(name.as_str()),
        Routing::RoundRobin(names) => d.insert("round_robin", list(names)),
        Routing::Sticky(names) => d.insert("sticky", list(names)),
    }
    Value::Dict(d)
}

/// A `concurrent` step's argument as JSON.
pub(super) fn concurrent_to_value(concurrent: &Concurrent) -> Value {
    let mut requests = Dict::new();
    for (label, request) in &concurrent.requests {
        requests.insert(label.as_str(), request_to_value(request));
    }
    let order = concurrent.order.iter().map(|(index, phase)| {
        let label = concurrent
            .requests
            .get(*index)
            .map_or("", |(label, _)| label.as_str());
        Value::from(format!("{label}:{}", phase.name()))
    });
    let mut d = Dict::new();
    d.insert("requests", Value::Dict(requests));
    d.insert("order", Value::List(order.collect()));
    Value::Dict(d)
}

/// A `deploy` step's argument as JSON.
pub(super) fn deploy_to_value(deploy: &Deploy) -> Value {
    let mut d = Dict::new();
    d.insert("instance", Value::from(deploy.instance.as_str()));
    d.insert("settings", deploy.settings.to_value());
    Value::Dict(d)
}
