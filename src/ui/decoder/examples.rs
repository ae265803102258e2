//! The decoder's examples: one value of each kind a Django project hands out, made by the
//! engine with the playground's default `SECRET_KEY`, so each verdict can be tried in a click.

use sessionscope_engine::json::{Dict, Value};
use sessionscope_engine::session::{DEFAULT_SECRET_KEY, SIGNED_COOKIE_SALT, STORE_SALT};
use sessionscope_engine::signing::dumps;

use super::input::DecoderInput;

/// An example button.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Example {
    /// Stable id (`data-example`).
    pub id: &'static str,
    pub label: &'static str,
}

/// The examples, in the order the page offers them.
pub const EXAMPLES: [Example; 3] = [
    Example {
        id: "signed-cookie",
        label: "A signed_cookies cookie",
    },
    Example {
        id: "session-data",
        label: "A db session_data, 30 days old",
    },
    Example {
        id: "session-key",
        label: "A session key",
    },
];

fn cart() -> Value {
    let items = [
        "django-book",
        "mug",
        "django-book",
        "sticker",
        "mug",
        "django-book",
    ];
    let mut data = Dict::new();
    data.insert(
        "cart",
        Value::List(items.iter().map(|item| Value::from(*item)).collect()),
    );
    data.insert("_auth_user_id", Value::from("42"));
    Value::Dict(data)
}

/// The form filled with example `id` at time `now` (Unix seconds), with the key that made it.
pub fn example_input(id: &str, now: f64) -> DecoderInput {
    let value = match id {
        "session-data" => dumps(
            &cart(),
            DEFAULT_SECRET_KEY,
            STORE_SALT,
            true,
            (now - 30.0 * 86_400.0).floor(),
        ),
        "session-key" => "k1q8w4mzu2c6x0r5t9y3e7p1a4s8d2f6".to_owned(),
        _ => format!(
            "sessionid={}",
            dumps(
                &cart(),
                DEFAULT_SECRET_KEY,
                SIGNED_COOKIE_SALT,
                true,
                (now - 3.0 * 3600.0).floor(),
            )
        ),
    };
    DecoderInput {
        value,
        secret_key: DEFAULT_SECRET_KEY.to_owned(),
        ..DecoderInput::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::decoder::{decode, Outcome};
    use sessionscope_engine::decoder::Verdict;

    #[test]
    fn each_example_gets_its_own_verdict() {
        let now = 1_700_000_000.0;
        let verdict = |id| match decode(&example_input(id, now), now) {
            Some(Outcome::Decoded(decoded)) => decoded.cookie.verdict,
            other => panic!("{other:?}"),
        };
        assert!(
            matches!(verdict("signed-cookie"), Verdict::Valid { salt, .. } if salt == SIGNED_COOKIE_SALT)
        );
        assert!(
            matches!(verdict("session-data"), Verdict::Valid { salt, max_age: None, .. } if salt == STORE_SALT)
        );
        assert_eq!(verdict("session-key"), Verdict::SessionKey);
    }
}
