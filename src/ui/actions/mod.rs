//! What the playground's buttons do: each builds the scenario step(s) it stands for, and
//! carries the Python it means. Pure, so the catalogue is tested without a browser.
//!
//! One file per group of buttons: `cart` (the shop's cart), `session_api` (the rest of
//! `request.session`), `auth` (`django.contrib.auth`), `world` (the browser and the server),
//! `tabs_servers` (two tabs at once, several Django instances), `browser` (requests other
//! sites start, a script reading `document.cookie`).

use sessionscope_engine::json::Value;
use sessionscope_engine::scenario::{ExpiryArg, Request, Scenario, Step, ViewCall};

mod action;
mod auth;
mod browser;
mod cart;
mod session_api;
mod tabs_servers;
mod world;

pub use action::Action;
pub use auth::{auth_actions, NEW_PASSWORD_HASH_PREFIX};
pub use browser::cross_site_actions;
pub use cart::{next_cart, stuffed_cart, STUFFED_CART_ITEMS};
pub use session_api::{in_place_actions, session_api_actions};
pub use tabs_servers::tabs_and_servers_actions;
pub use world::{browser_actions, fault_actions, remembered_labels, server_actions};

/// The cart buttons: what a shop's views do with `request.session["cart"]`.
pub fn cart_actions(scenario: &Scenario) -> Vec<Action> {
    vec![
        Action::view(
            "add-to-cart",
            "Add to cart",
            cart::set("cart", next_cart(scenario)),
        ),
        Action::view(
            "read-cart",
            "Read the cart",
            ViewCall::Get {
                key: "cart".into(),
                default: Value::Null,
            },
        ),
        Action::view(
            "delete-cart",
            "Remove the cart",
            ViewCall::Delete { key: "cart".into() },
        ),
        Action::view("visit", "Visit a page", ViewCall::Noop),
        Action::new(
            "stuff-cart",
            "Stuff the cart (400 items)",
            format!(
                "request.session[\"cart\"] = [\"SKU-…\", …]  # {STUFFED_CART_ITEMS} random product codes"
            ),
            Step::Request(Request::new(cart::set(
                "cart",
                stuffed_cart(STUFFED_CART_ITEMS),
            ))),
        ),
    ]
}

/// The expiry buttons: `set_expiry` with the values people use.
pub fn expiry_actions(_scenario: &Scenario) -> Vec<Action> {
    vec![
        Action::view(
            "expiry-5-min",
            "Expire after 5 min idle",
            ViewCall::SetExpiry(ExpiryArg::Value(Value::from(300))),
        ),
        Action::view(
            "expiry-browser-close",
            "Expire at browser close",
            ViewCall::SetExpiry(ExpiryArg::Value(Value::from(0))),
        ),
        Action::view(
            "expiry-default",
            "Back to the global expiry",
            ViewCall::SetExpiry(ExpiryArg::Value(Value::Null)),
        ),
    ]
}

/// Every button of the view's panel, group after group (for tests and lookups by id).
pub fn view_actions(scenario: &Scenario) -> Vec<Action> {
    VIEW_GROUPS
        .iter()
        .flat_map(|group| (group.catalog)(scenario))
        .collect()
}

/// A titled group of buttons in the view's panel.
#[derive(Clone, Copy)]
pub struct ActionGroup {
    pub title: &'static str,
    pub catalog: fn(&Scenario) -> Vec<Action>,
}

/// The view's panel, group by group.
pub const VIEW_GROUPS: [ActionGroup; 5] = [
    ActionGroup {
        title: "The cart",
        catalog: cart_actions,
    },
    ActionGroup {
        title: "request.session",
        catalog: session_api_actions,
    },
    ActionGroup {
        title: "Changing a value in place",
        catalog: in_place_actions,
    },
    ActionGroup {
        title: "Logging in (django.contrib.auth)",
        catalog: auth_actions,
    },
    ActionGroup {
        title: "Expiry",
        catalog: expiry_actions,
    },
];

/// The clock buttons.
pub fn time_actions() -> Vec<Action> {
    [
        ("advance-minute", "+1 minute", 60.0),
        ("advance-hour", "+1 hour", 3_600.0),
        ("advance-day", "+1 day", 86_400.0),
        ("advance-two-weeks", "+2 weeks", 1_209_600.0),
    ]
    .into_iter()
    .map(|(id, label, seconds)| advance_action(id, label, seconds))
    .collect()
}

/// Moving the clock by `seconds` the user typed.
pub fn advance_by(seconds: f64) -> Action {
    advance_action("advance-custom", "Advance", seconds)
}

fn advance_action(id: &'static str, label: &'static str, seconds: f64) -> Action {
    Action::new(
        id,
        label,
        format!("time.time() += {seconds}"),
        Step::Advance(seconds),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use sessionscope_engine::scenario::{run, Engine};

    #[test]
    fn every_view_action_is_a_step_with_its_python_and_a_unique_id() {
        let actions = view_actions(&Scenario::new("t", Engine::Db));
        let ids: std::collections::HashSet<_> = actions.iter().map(|a| a.id).collect();
        assert_eq!(ids.len(), actions.len(), "ids are unique");
        for action in &actions {
            assert!(!action.code.is_empty(), "{}", action.id);
        }
        let flush = actions.iter().find(|a| a.id == "flush").unwrap();
        assert_eq!(flush.code, "request.session.flush()");
    }

    #[test]
    fn every_view_action_runs_without_error_on_every_engine() {
        for engine in Engine::ALL {
            let mut scenario = Scenario::new("t", engine);
            for action in view_actions(&Scenario::new("t", engine)) {
                scenario.steps.push(action.step);
            }
            let trace = run(&scenario);
            for (step, traced) in scenario.steps.iter().zip(&trace.steps) {
                assert_eq!(traced.error, None, "{step:?} on {engine}");
                if let Some(response) = &traced.response {
                    assert!(response.status < 500, "{step:?} on {engine}: {response:?}");
                }
            }
        }
    }

    #[test]
    fn time_actions_advance_the_clock() {
        let steps: Vec<Step> = time_actions().into_iter().map(|a| a.step).collect();
        assert_eq!(steps[1], Step::Advance(3_600.0));
        assert_eq!(advance_by(90.5).step, Step::Advance(90.5));
    }
}
