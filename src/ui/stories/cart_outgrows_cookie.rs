//! Tour 3. The cart outgrows a signed cookie: past 4096 bytes the browser silently keeps the
//! previous cookie.

use sessionscope_engine::json::Value;
use sessionscope_engine::scenario::{Engine, Scenario, Trace, ViewCall};

use super::steps::{base, request, set};
use super::trace::{set_cookie_len, step};
use super::{fetched, Story, Tour};

pub(super) const TOUR: Tour = Tour {
    story: Story {
        id: "cart-outgrows-cookie",
        title: "The cart outgrows a signed cookie",
        engines: &[Engine::SignedCookies],
    },
    build: scenario,
    narrate: captions,
    #[cfg(test)]
    check: tests::check,
};

/// Product codes that do not compress well (like real SKUs), deterministic.
fn skus(count: usize) -> Value {
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    Value::List(
        (0..count)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                Value::from(format!("sku-{:012x}", state & 0xffff_ffff_ffff))
            })
            .collect(),
    )
}

/// The cart sizes the story walks through.
const OUTGROW_SIZES: [usize; 4] = [60, 180, 300, 420];

fn scenario(engine: Engine) -> Scenario {
    let mut s = base(engine);
    for count in OUTGROW_SIZES {
        s.steps.push(set("main", &[("cart", skus(count))]));
    }
    s.steps.push(request(
        "main",
        ViewCall::Get {
            key: "cart".to_owned(),
            default: Value::Null,
        },
    ));
    s
}

/// The session cookie set at step `i` as the browser measures it against 4096 bytes: name +
/// value (0 without one).
fn cookie_bytes(trace: &Trace, i: usize) -> usize {
    step(trace, i)
        .and_then(|s| s.response.as_ref())
        .and_then(|r| r.set_cookies.first())
        .map_or(0, |c| c.name.len() + c.value.len())
}

fn list_len(trace: &Trace, i: usize) -> usize {
    match step(trace, i)
        .and_then(|s| s.response.as_ref())
        .map(|r| &r.result)
    {
        Some(Value::List(items)) => items.len(),
        _ => 0,
    }
}

/// The captions, from the fetched asset, with the figures of the engine's trace.
fn captions(_engine: Engine, trace: &Trace) -> Vec<String> {
    let mut facts = Vec::new();
    for (i, count) in OUTGROW_SIZES.iter().enumerate() {
        facts.push((
            ["count0", "count1", "count2", "count3"][i],
            count.to_string(),
        ));
        facts.push((
            ["bytes0", "bytes1", "bytes2", "bytes3"][i],
            cookie_bytes(trace, i).to_string(),
        ));
        facts.push((
            [
                "set_cookie_len0",
                "set_cookie_len1",
                "set_cookie_len2",
                "set_cookie_len3",
            ][i],
            set_cookie_len(trace, i).to_string(),
        ));
    }
    let kept = list_len(trace, 4);
    facts.push(("items4", kept.to_string()));
    facts.push(("lost", (OUTGROW_SIZES[3] - kept).to_string()));
    fetched::captions(TOUR.story.id, trace, &facts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::stories::checks::*;
    use sessionscope_engine::scenario::run;

    /// The claims the captions make, checked on the engine's trace.
    pub(super) fn check(_engine: Engine, t: &Trace) {
        for i in 0..3 {
            assert!(cookie_bytes(t, i) <= 4096 && !dropped(t, i), "step {i}");
            assert!(jar_value(t, i, "main").is_some());
        }
        assert!(dropped(t, 3));
        let header = set_cookie_output(t, 3).unwrap();
        let value_len = t.steps[3].response.as_ref().unwrap().set_cookies[0]
            .value
            .len();
        assert!("sessionid".len() + value_len > 4096, "{}", header.len());
        assert_eq!(cookie_bytes(t, 3), "sessionid".len() + value_len);
        assert_eq!(jar_value(t, 3, "main"), jar_value(t, 2, "main"));
        assert_eq!(list_len(t, 4), OUTGROW_SIZES[2]);
    }

    #[test]
    fn the_outgrown_cart_costs_a_41_byte_cookie_elsewhere() {
        let trace = run(&crate::ui::stories::book().scenario(&TOUR.story, Engine::Db));
        let value = jar_value(&trace, 3, "main").unwrap();
        assert_eq!("sessionid".len() + value.len(), 41);
        assert_eq!(list_len(&trace, 4), OUTGROW_SIZES[3]);
    }
}
