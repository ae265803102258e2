//! One button of the playground: the step it appends and the Python it stands for.

use sessionscope_engine::scenario::{Request, Step, ViewCall};

use crate::ui::python;

/// A button: a stable id (`data-action` in the page), a label, the Python or shell text it
/// stands for, the step it appends, and whether it applies to the scenario as it is (a
/// disabled button explains itself through `code`).
#[derive(Clone, Debug, PartialEq)]
pub struct Action {
    pub id: &'static str,
    pub label: &'static str,
    pub code: String,
    pub step: Step,
    pub available: bool,
}

impl Action {
    pub(super) fn new(
        id: &'static str,
        label: &'static str,
        code: impl Into<String>,
        step: Step,
    ) -> Action {
        Action {
            id,
            label,
            code: code.into(),
            step,
            available: true,
        }
    }

    pub(super) fn only_if(mut self, available: bool, otherwise: &str) -> Action {
        if !available {
            self.available = false;
            self.code = otherwise.to_owned();
        }
        self
    }

    /// A request whose view runs `view`, shown as the Python of `view`.
    pub(super) fn view(id: &'static str, label: &'static str, view: ViewCall) -> Action {
        Action::new(
            id,
            label,
            python::view_call(&view),
            Step::Request(Request::new(view)),
        )
    }
}
