//! The step chips under the player: a short label per step that tells it apart from its
//! neighbours (four carts written one after the other read `cart = [3 items, last "mug"]`,
//! not four times `session["cart"] = ["bo…`).

use sessionscope_engine::json::Value;
use sessionscope_engine::scenario::{Step, ViewCall};

use crate::ui::python::literal;
use crate::ui::step_names::step_label;

/// The longest chip text, in characters (longer labels lose their middle).
pub const CHIP_CHARS: usize = 36;

/// A list or dict in a few characters: short ones in full, long ones counted (without
/// spelling them out first: a chip per step must stay cheap for long scenarios).
fn value_summary(value: &Value) -> String {
    let small = match value {
        Value::List(items) => items.len() <= 3,
        Value::Dict(dict) => dict.len() <= 2,
        _ => true,
    };
    let full = if small { literal(value) } else { String::new() };
    if small && full.chars().count() <= 18 {
        return full;
    }
    match value {
        Value::List(items) => match items.last() {
            Some(last) => format!(
                "[{} items, last {}]",
                items.len(),
                shorten_middle(&literal(last), 10)
            ),
            None => "[]".to_owned(),
        },
        Value::Dict(dict) => format!("{{{} keys}}", dict.len()),
        _ => shorten_middle(&literal(value), 18),
    }
}

/// `text` cut to `max` characters by dropping its middle.
pub fn shorten_middle(text: &str, max: usize) -> String {
    let count = text.chars().count();
    if count <= max {
        return text.to_owned();
    }
    let head = (max - 1) / 2;
    let tail = max - 1 - head;
    let start: String = text.chars().take(head).collect();
    let end: String = text.chars().skip(count - tail).collect();
    format!("{start}…{end}")
}

fn writes_summary(view: &ViewCall) -> Option<String> {
    match view {
        ViewCall::Set(data) | ViewCall::Update(data) => Some(
            data.iter()
                .map(|(key, value)| format!("{key} = {}", value_summary(value)))
                .collect::<Vec<_>>()
                .join(", "),
        ),
        _ => None,
    }
}

/// What a step does, in full words (the chip's tooltip).
pub fn chip_title(step: &Step) -> String {
    match step {
        Step::Request(request) => match writes_summary(&request.view) {
            Some(summary) if request.path == "/" && request.status == 200 => summary,
            _ => step_label(step),
        },
        _ => step_label(step),
    }
}

/// The chip's text for `step` (without its number).
pub fn chip_text(step: &Step) -> String {
    shorten_middle(&chip_title(step), CHIP_CHARS)
}

/// Every step's chip, numbered, with its tooltip.
pub fn chips(steps: &[Step]) -> Vec<(String, String)> {
    steps
        .iter()
        .enumerate()
        .map(|(index, step)| {
            let title = chip_title(step);
            let text = format!("{}. {}", index + 1, shorten_middle(&title, CHIP_CHARS));
            (text, title)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::actions::{next_cart, stuffed_cart};
    use sessionscope_engine::json::Dict;
    use sessionscope_engine::scenario::{Engine, Request, Scenario};

    fn set_cart(cart: Value) -> Step {
        let mut data = Dict::new();
        data.insert("cart", cart);
        Step::Request(Request::new(ViewCall::Set(data)))
    }

    #[test]
    fn carts_written_one_after_another_get_distinct_chips() {
        let mut scenario = Scenario::new("t", Engine::Db);
        for _ in 0..6 {
            let cart = next_cart(&scenario);
            scenario.steps.push(set_cart(cart));
        }
        let texts: Vec<String> = scenario.steps.iter().map(chip_text).collect();
        let mut unique = texts.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), texts.len(), "{texts:?}");
        assert_eq!(texts[0], "cart = [\"book\"]");
        assert!(texts[5].contains("6 items"), "{}", texts[5]);
        assert!(texts.iter().all(|t| t.chars().count() <= CHIP_CHARS));
    }

    #[test]
    fn a_stuffed_cart_is_counted_not_spelled() {
        let text = chip_text(&set_cart(stuffed_cart(400)));
        assert!(text.starts_with("cart = [400 items"), "{text}");
    }

    #[test]
    fn other_steps_keep_their_labels_and_are_numbered() {
        let steps = [Step::Advance(3_600.0), set_cart(Value::List(vec![]))];
        let texts: Vec<String> = chips(&steps).into_iter().map(|(text, _)| text).collect();
        assert_eq!(texts, ["1. +1 h", "2. cart = []"]);
        assert_eq!(shorten_middle("abcdefghij", 5), "ab…ij");
    }
}
