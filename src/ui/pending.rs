//! The changes waiting for the next re-run of a long scenario (see [`super::state`]): they
//! are made together, with one re-run, and a step chosen meanwhile is chosen from the
//! scenario as it will be, so quick clicks mean what they would mean one after the other.

use std::borrow::Cow;

use sessionscope_engine::scenario::{Scenario, Step};

use super::limits::{self, LimitError};
use super::model::Playground;

/// A change waiting for the next re-run.
pub enum Change {
    /// A step to append (and play).
    Push(Box<Step>),
    /// A change that keeps the player's place (a setting, the engine, Undo).
    Edit(Box<dyn FnOnce(&mut Playground)>),
}

/// The changes waiting, in the order they were made.
#[derive(Default)]
pub struct PendingChanges {
    changes: Vec<Change>,
}

impl PendingChanges {
    /// Whether nothing waits.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// How many changes wait.
    pub fn len(&self) -> usize {
        self.changes.len()
    }

    /// Adds `change`; true when it is the first (the one that must ask for a re-run).
    pub fn add(&mut self, change: Change) -> bool {
        self.changes.push(change);
        self.changes.len() == 1
    }

    /// Forgets every change (the scenario they were made to was replaced).
    pub fn clear(&mut self) {
        self.changes.clear();
    }

    /// `scenario` with the steps waiting appended (a copy only when some wait). Settings
    /// changes waiting are not applied: they need a playground to run on.
    pub fn scenario_to_be<'s>(&self, scenario: &'s Scenario) -> Cow<'s, Scenario> {
        let mut waiting = self.changes.iter().filter_map(|change| match change {
            Change::Push(step) => Some((**step).clone()),
            Change::Edit(_) => None,
        });
        let Some(first) = waiting.next() else {
            return Cow::Borrowed(scenario);
        };
        let mut to_be = scenario.clone();
        to_be.steps.push(first);
        to_be.steps.extend(waiting);
        Cow::Owned(to_be)
    }

    /// The step `choose` makes of the scenario as it will be, if the page's limits take it
    /// there; `Ok(None)` when `choose` makes none (a button not available then).
    pub fn choose_step(
        &self,
        scenario: &Scenario,
        choose: impl FnOnce(&Scenario) -> Option<Step>,
    ) -> Result<Option<Step>, LimitError> {
        let to_be = self.scenario_to_be(scenario);
        let Some(step) = choose(&to_be) else {
            return Ok(None);
        };
        limits::check_new_step(&to_be, &step)?;
        Ok(Some(step))
    }

    /// Makes every change on `playground` in order, with one re-run at the end; true when a
    /// step was appended.
    pub fn apply(self, playground: &mut Playground) -> bool {
        let mut pushed = false;
        playground.batch(|playground| {
            for change in self.changes {
                match change {
                    Change::Push(step) => {
                        playground.push(*step);
                        pushed = true;
                    }
                    Change::Edit(edit) => edit(playground),
                }
            }
        });
        pushed
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::actions::cart_actions;
    use crate::ui::limits::MAX_STEPS;
    use sessionscope_engine::json::Value;
    use sessionscope_engine::scenario::{Request, ViewCall};

    /// What "Add to cart" adds to `scenario`.
    fn add_to_cart(scenario: &Scenario) -> Option<Step> {
        cart_actions(scenario)
            .into_iter()
            .find(|action| action.id == "add-to-cart")
            .map(|action| action.step)
    }

    fn cart_of(step: &Step) -> Vec<String> {
        let Step::Request(Request {
            view: ViewCall::Set(data),
            ..
        }) = step
        else {
            panic!("{step:?}");
        };
        match data.get("cart") {
            Some(Value::List(items)) => items
                .iter()
                .map(|item| item.as_str().unwrap_or_default().to_owned())
                .collect(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn clicks_waiting_for_one_re_run_each_add_what_follows_the_last() {
        let mut playground = Playground::default();
        let mut pending = PendingChanges::default();
        for click in 0..3 {
            let step = pending
                .choose_step(playground.scenario(), add_to_cart)
                .unwrap()
                .unwrap();
            assert_eq!(cart_of(&step).len(), click + 1);
            assert_eq!(pending.add(Change::Push(Box::new(step))), click == 0);
        }
        assert!(pending.apply(&mut playground));
        let carts: Vec<_> = playground.scenario().steps.iter().map(cart_of).collect();
        assert_eq!(
            carts,
            [
                vec!["book"],
                vec!["book", "pen"],
                vec!["book", "pen", "mug"]
            ]
        );
        // The same three clicks made one after the other, each re-run at once.
        let mut one_by_one = Playground::default();
        for _ in 0..3 {
            let step = add_to_cart(one_by_one.scenario()).unwrap();
            one_by_one.push(step);
        }
        assert_eq!(one_by_one.scenario(), playground.scenario());
        assert_eq!(one_by_one.trace(), playground.trace());
    }

    #[test]
    fn nothing_waiting_reads_the_scenario_itself() {
        let playground = Playground::default();
        let pending = PendingChanges::default();
        assert!(matches!(
            pending.scenario_to_be(playground.scenario()),
            Cow::Borrowed(_)
        ));
        assert_eq!(
            pending.choose_step(playground.scenario(), |_| None),
            Ok(None)
        );
    }

    #[test]
    fn the_limits_count_the_steps_waiting() {
        let mut playground = Playground::default();
        playground.batch(|p| {
            for _ in 0..MAX_STEPS - 2 {
                p.push(Step::Advance(1.0));
            }
        });
        let mut pending = PendingChanges::default();
        let advance = |_: &Scenario| Some(Step::Advance(1.0));
        for _ in 0..2 {
            let step = pending.choose_step(playground.scenario(), advance);
            pending.add(Change::Push(Box::new(step.unwrap().unwrap())));
        }
        assert_eq!(
            pending.choose_step(playground.scenario(), advance),
            Err(LimitError::TooManySteps {
                steps: MAX_STEPS + 1
            })
        );
        assert_eq!(pending.len(), 2);
    }

    #[test]
    fn edits_are_made_in_order_with_the_steps() {
        let mut playground = Playground::default();
        let mut pending = PendingChanges::default();
        pending.add(Change::Push(Box::new(Step::Advance(5.0))));
        pending.add(Change::Edit(Box::new(Playground::undo)));
        pending.add(Change::Push(Box::new(Step::Advance(7.0))));
        assert!(pending.apply(&mut playground));
        assert_eq!(playground.scenario().steps, [Step::Advance(7.0)]);
    }
}
