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
