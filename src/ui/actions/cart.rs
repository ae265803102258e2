//! The cart a shop keeps in the session: what "Add to cart" writes next, and a cart stuffed
//! past a signed cookie's size.

use sessionscope_engine::json::{Dict, Value};
use sessionscope_engine::scenario::{Scenario, Step, ViewCall};

/// How many items "Stuff the cart" writes: enough to pass 4096 bytes as a signed cookie.
pub const STUFFED_CART_ITEMS: usize = 400;

/// What a shop sells, in the order "Add to cart" adds it.
const CART_ITEMS: [&str; 8] = [
    "book", "pen", "mug", "lamp", "scarf", "kettle", "atlas", "radio",
];

/// The cart the next "Add to cart" writes: the last cart written (unless the session was
/// flushed, cleared or the cart deleted since), plus the next item.
pub fn next_cart(scenario: &Scenario) -> Value {
    let mut cart: Vec<Value> = Vec::new();
    for step in &scenario.steps {
        if let Step::Request(request) = step {
            apply_to_cart(&request.view, &mut cart);
        }
    }
    let next = CART_ITEMS[cart.len() % CART_ITEMS.len()];
    cart.push(Value::from(next));
    Value::List(cart)
}

fn apply_to_cart(view: &ViewCall, cart: &mut Vec<Value>) {
    match view {
        ViewCall::Set(data) | ViewCall::Update(data) => {
            if let Some(Value::List(items)) = data.get("cart") {
                cart.clone_from(items);
            }
        }
        ViewCall::Flush | ViewCall::Clear | ViewCall::Logout => cart.clear(),
        ViewCall::Delete { key } | ViewCall::Pop { key, .. } if key == "cart" => cart.clear(),
        ViewCall::Multi(calls) => calls.iter().for_each(|call| apply_to_cart(call, cart)),
        _ => {}
    }
}

/// `{key: value}` written with `request.session[key] = value`.
pub(super) fn set(key: &str, value: Value) -> ViewCall {
    let mut data = Dict::new();
    data.insert(key, value);
    ViewCall::Set(data)
}

/// A cart of `count` distinct product codes drawn pseudo-randomly: JSON that zlib cannot
/// shrink much, to push a signed cookie past the browser's limit.
pub fn stuffed_cart(count: usize) -> Value {
    const ALPHABET: &[u8; 36] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let items = (0..count)
        .map(|_| {
            let code: String = (0..10)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    char::from(ALPHABET[(state % 36) as usize])
                })
                .collect();
            Value::from(format!("SKU-{code}"))
        })
        .collect();
    Value::List(items)
}

#[cfg(test)]
mod tests {
    use super::*;
    use sessionscope_engine::scenario::{Engine, Request};

    pub(crate) fn scenario_with(views: Vec<ViewCall>) -> Scenario {
        let mut scenario = Scenario::new("t", Engine::Db);
        scenario.steps = views
            .into_iter()
            .map(|view| Step::Request(Request::new(view)))
            .collect();
        scenario
    }

    fn items(value: &Value) -> Vec<&str> {
        match value {
            Value::List(items) => items.iter().filter_map(Value::as_str).collect(),
            _ => panic!("not a list"),
        }
    }

    #[test]
    fn the_cart_grows_one_item_per_add() {
        let empty = Scenario::new("t", Engine::Db);
        assert_eq!(items(&next_cart(&empty)), ["book"]);
        let scenario = scenario_with(vec![set("cart", next_cart(&empty))]);
        assert_eq!(items(&next_cart(&scenario)), ["book", "pen"]);
    }

    #[test]
    fn flush_clear_logout_and_delete_empty_the_cart() {
        let one = set("cart", Value::List(vec![Value::from("book")]));
        for emptying in [
            ViewCall::Flush,
            ViewCall::Clear,
            ViewCall::Logout,
            ViewCall::Delete { key: "cart".into() },
        ] {
            let scenario = scenario_with(vec![one.clone(), emptying]);
            assert_eq!(items(&next_cart(&scenario)), ["book"]);
        }
        let scenario = scenario_with(vec![one, ViewCall::Login { user: 1 }]);
        assert_eq!(
            items(&next_cart(&scenario)),
            ["book", "pen"],
            "login keeps the data"
        );
    }

    #[test]
    fn a_stuffed_cart_has_distinct_items() {
        let Value::List(items) = stuffed_cart(50) else {
            panic!("not a list")
        };
        let codes: std::collections::HashSet<_> = items.iter().filter_map(Value::as_str).collect();
        assert_eq!(codes.len(), 50);
    }
}
