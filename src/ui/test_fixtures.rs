//! Steps and playgrounds the plain modules' unit tests share.

use sessionscope_engine::clock::DEFAULT_START_TIME;
use sessionscope_engine::json::{Dict, Value};
use sessionscope_engine::scenario::{Engine, Request, Step, ViewCall};

use super::model::Playground;

/// `request.session["cart"] = ["book"]`.
pub fn add_to_cart() -> Step {
    let mut data = Dict::new();
    data.insert("cart", Value::List(vec![Value::from("book")]));
    Step::Request(Request::new(ViewCall::Set(data)))
}

/// Two requests that each add to the cart, on `engine`.
pub fn two_requests(engine: Engine) -> Playground {
    let mut playground = Playground::new(engine, DEFAULT_START_TIME, 7);
    playground.push(add_to_cart());
    playground.push(add_to_cart());
    playground
}
