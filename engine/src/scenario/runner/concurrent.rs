//! A `concurrent` step (the topology README): two or more requests in flight at once, their
//! `send`, `view` and `respond` phases ([`super::exchange`]) run in the step's `order`. Each
//! request has its own `HttpRequest` and `SessionStore`; they share only the stores, the
//! database and, from the same browser, its jar. The clock does not move inside the step.

use crate::event::EventLog;

use super::super::document::{Concurrent, Phase};
use super::super::trace::{ConcurrentRecord, PhaseRecord};
use super::{Simulation, StepOutcome};

impl Simulation {
    /// Runs the phases in order, recording the jars and the store after each.
    pub(super) fn concurrent(
        &mut self,
        concurrent: &Concurrent,
        events: &mut EventLog,
    ) -> StepOutcome {
        let mut exchanges: Vec<Option<super::exchange::Exchange<'_>>> =
            concurrent.requests.iter().map(|_| None).collect();
        let mut phases = Vec::with_capacity(concurrent.order.len());
        for &(index, phase) in &concurrent.order {
            let Some(((label, request), slot)) =
                concurrent.requests.get(index).zip(exchanges.get_mut(index))
            else {
                continue;
            };
            let mut queries = Vec::new();
            match (phase, slot.as_mut()) {
                (Phase::Send, None) => *slot = Some(self.send(request, events, &mut queries)),
                (Phase::View, Some(exchange)) => self.view(exchange, events, &mut queries),
                (Phase::Respond, Some(exchange)) => self.respond(exchange, events, &mut queries),
                _ => {}
            }
            let (jars, store) = self.state_after_step();
            phases.push(PhaseRecord {
                phase: format!("{label}:{}", phase.name()),
                queries,
                log: std::mem::take(&mut self.server.log),
                jars,
                store,
            });
        }
        let requests = concurrent
            .requests
            .iter()
            .zip(exchanges)
            .filter_map(|((label, _), exchange)| {
                let (request, response) = exchange?.records?;
                Some((label.clone(), request, response))
            })
            .collect();
        StepOutcome {
            concurrent: Some(ConcurrentRecord { requests, phases }),
            ..StepOutcome::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::json::Value;
    use crate::scenario::{run, Scenario};

    /// Two tabs append to the cart; `order` interleaves them.
    fn race(engine: &str, order: &str) -> Scenario {
        Scenario::from_json(&format!(
            r#"{{"engine": "{engine}", "steps": [
              {{"request": {{"view": "set", "data": {{"cart": ["book"]}}}}}},
              {{"concurrent": {{"requests": {{
                  "A": {{"view": "multi", "ops": [{{"view": "append", "key": "cart", "value": "mug"}}, {{"view": "mark_modified"}}]}},
                  "B": {{"view": "multi", "ops": [{{"view": "append", "key": "cart", "value": "pen"}}, {{"view": "mark_modified"}}]}}}},
                "order": [{order}]}}}},
              {{"request": {{"view": "get", "key": "cart"}}}}
            ]}}"#
        ))
        .unwrap()
    }

    fn cart_after(scenario: &Scenario) -> Value {
        let trace = run(scenario);
        trace.steps[2].response.as_ref().unwrap().result.clone()
    }

    fn cart(items: &[&str]) -> Value {
        Value::List(items.iter().map(|i| Value::from(*i)).collect())
    }

    #[test]
    fn both_views_before_either_save_lose_an_update_on_every_engine() {
        let both_load = r#""A:send", "B:send", "A:view", "B:view", "A:respond", "B:respond""#;
        for engine in ["db", "cache", "cached_db", "file", "signed_cookies"] {
            assert_eq!(
                cart_after(&race(engine, both_load)),
                cart(&["book", "pen"]),
                "{engine}"
            );
        }
    }

    #[test]
    fn a_view_after_the_other_save_keeps_both_items_except_in_a_signed_cookie() {
        let one_after = r#""A:send", "B:send", "A:view", "A:respond", "B:view", "B:respond""#;
        for engine in ["db", "cache", "cached_db", "file"] {
            assert_eq!(
                cart_after(&race(engine, one_after)),
                cart(&["book", "mug", "pen"]),
                "{engine}"
            );
        }
        assert_eq!(
            cart_after(&race("signed_cookies", one_after)),
            cart(&["book", "pen"]),
            "B's request carried the old cookie"
        );
    }

    #[test]
    fn every_phase_is_recorded_with_the_state_after_it() {
        let trace = run(&race(
            "db",
            r#""B:send", "A:send", "B:view", "A:view", "B:respond", "A:respond""#,
        ));
        let concurrent = trace.steps[1].concurrent.as_ref().unwrap();
        let phases: Vec<&str> = concurrent.phases.iter().map(|p| p.phase.as_str()).collect();
        assert_eq!(
            phases,
            [
                "B:send",
                "A:send",
                "B:view",
                "A:view",
                "B:respond",
                "A:respond"
            ]
        );
        let labels: Vec<&str> = concurrent.requests.iter().map(|r| r.0.as_str()).collect();
        assert_eq!(labels, ["A", "B"], "the scenario's label order");
        assert_eq!(concurrent.phases[2].queries.len(), 1, "B's view loads");
        assert!(
            concurrent.phases[0].queries.is_empty(),
            "send loads nothing"
        );
        assert_eq!(trace.steps[1].request, None);
        let instance = concurrent.requests[0].1.instance.as_deref();
        assert_eq!(instance, Some("web"));
    }
}
