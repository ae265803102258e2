//! Pickle sessions and why 5.0 removed them: Django 4.2's `PickleSerializer` with
//! signed_cookies, and a forged cookie whose pickle would call `os.system`, listed opcode by
//! opcode and refused, never run. Words and scenario: the fetched asset.

use sessionscope_engine::pickle;
use sessionscope_engine::scenario::{Engine, Scenario, Step, TamperMode, Trace};
use sessionscope_engine::signing::{b64_decode, inspect};

use super::told_on_versions::{build, last_result, narrate};
use super::trace::{jar_value, short};
use super::{Story, Tour};

const ID: &str = "pickle-sessions";

pub(super) const TOUR: Tour = Tour {
    story: Story {
        id: ID,
        title: "Pickle sessions and why 5.0 removed them",
        engines: &[Engine::SignedCookies],
    },
    build: scenario,
    narrate: captions,
    #[cfg(test)]
    check: tests::check,
};

fn scenario(engine: Engine) -> Scenario {
    build(ID, engine)
}

/// The forged cookie the scenario plants (its tamper step's text).
fn forged(trace: &Trace) -> Option<&str> {
    trace.steps.iter().find_map(|s| match &s.step {
        Step::Tamper(tamper) => match &tamper.mode {
            TamperMode::Replace(text) => Some(text.as_str()),
            _ => None,
        },
        _ => None,
    })
}

/// The pickle inside a signed value (its payload, base64-decoded; never decompressed here:
/// the forged one is not compressed).
fn pickle_of(signed: &str) -> Vec<u8> {
    let payload = inspect(signed).payload;
    b64_decode(payload.as_bytes()).unwrap_or_default()
}

fn captions(_engine: Engine, trace: &Trace) -> Vec<String> {
    let forged = forged(trace).unwrap_or_default();
    let data = pickle_of(forged);
    let (ops, _) = pickle::disassemble(&data);
    let opcodes: Vec<String> = ops
        .iter()
        .map(|op| {
            if op.arg.is_empty() {
                op.name.to_owned()
            } else {
                format!("{} {}", op.name, op.arg)
            }
        })
        .collect();
    let refusal = pickle::loads(&data)
        .err()
        .map_or_else(String::new, |e| e.to_string());
    let facts = vec![
        (
            "payload0",
            jar_value(trace, 0, "main")
                .map(|v| v.chars().take(16).collect())
                .unwrap_or_default(),
        ),
        (
            "warning",
            trace.warnings.first().cloned().unwrap_or_default(),
        ),
        ("result1", last_result(trace, 1)),
        ("forged", short(forged)),
        ("opcodes", opcodes.join(", ")),
        ("refusal", refusal),
        ("result3", last_result(trace, 3)),
    ];
    narrate(ID, trace, facts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::stories::checks::*;

    /// The claims the captions make, checked on the engine's trace.
    pub(super) fn check(_engine: Engine, t: &Trace) {
        let cookie = jar_value(t, 0, "main").unwrap();
        assert!(cookie.starts_with("gAWV"), "base64 of 80 05 95: {cookie}");
        assert!(
            t.warnings[0].starts_with("RemovedInDjango50Warning: PickleSerializer is deprecated")
        );
        assert_eq!(last_result(t, 1), "{'sku-1': 2}");
        let data = pickle_of(forged(t).unwrap());
        assert_eq!(&data[..2], b"\x80\x05");
        let (ops, error) = pickle::disassemble(&data);
        assert_eq!(error, None);
        let names: Vec<&str> = ops.iter().map(|op| op.name).collect();
        assert_eq!(
            names,
            [
                "PROTO",
                "GLOBAL",
                "SHORT_BINUNICODE",
                "TUPLE1",
                "REDUCE",
                "STOP"
            ]
        );
        assert_eq!(ops[1].arg, "'os system'");
        assert!(ops[1].runs_code && ops[4].runs_code);
        assert!(matches!(
            pickle::loads(&data),
            Err(pickle::PickleError::Refused {
                opcode: "GLOBAL",
                ..
            })
        ));
        // The forged cookie is correctly signed: it reached the pickle reader, which read
        // nothing, so the session is empty.
        assert!(sent_cookie(t, 3));
        assert_eq!(last_result(t, 3), "None");
    }
}
