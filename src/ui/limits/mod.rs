//! The page's limits: the largest scenario it takes, checked before any of it runs (a share
//! link, the saved playground, a step added by a button), so that whatever the page accepts
//! opens in under two seconds and 200 MB, and past a limit it says which one instead of
//! freezing. Every limit is a plain number here; [`LimitError`] names the one exceeded.
//!
//! What a run costs (the engine re-runs the whole scenario on each change and keeps the state
//! after every step; `scripts/measure-load.js` prints the figures) is estimated from the steps
//! alone, by [`estimate`]:
//!
//! - the number of steps ([`MAX_STEPS`]);
//! - the data one step carries: a session value, a default, a cookie text ([`MAX_STEP_DATA`]);
//! - the largest session the steps build, as JSON, following each browser's session through
//!   the views that write, delete, flush or log in, and through cookies planted in it,
//!   inflated ([`MAX_SESSION_BYTES`]);
//! - the work: every request encodes, signs and keeps its session again, and verifies it with
//!   every key, so the session and key bytes of every request, added up ([`MAX_WORK_BYTES`]);
//! - a link or a saved state is inflated and parsed before anything else
//!   ([`MAX_DOCUMENT_BYTES`], the one inflate limit of the page: the engine's own, or less).

use std::fmt;

use sessionscope_engine::compress::MAX_DECOMPRESSED_LEN;
use sessionscope_engine::scenario::{Scenario, Step};

mod cost;

pub use cost::{cookie_payload_bytes, data_bytes, estimate, Cost};

/// The most steps a scenario may have.
pub const MAX_STEPS: usize = 500;

/// The most data (as JSON) one step may carry: a session value, a default, a cookie text.
pub const MAX_STEP_DATA: usize = 16 * 1024;

/// The largest session (as JSON) the steps may build in one browser.
pub const MAX_SESSION_BYTES: usize = 16 * 1024;

/// The most session and key bytes all the requests together may encode, sign and verify.
pub const MAX_WORK_BYTES: usize = 1024 * 1024;

/// Above this many steps a re-run waits for the next frame, so the page first says it is
/// re-running (it takes about a millisecond per step), and quick changes share one re-run.
pub const DEFER_RERUN_ABOVE_STEPS: usize = 100;

/// The most bytes a share link's document or the saved playground may inflate to: the
/// engine's inflate limit, and never more than 1 MiB.
pub const MAX_DOCUMENT_BYTES: usize = if MAX_DECOMPRESSED_LEN < 1024 * 1024 {
    MAX_DECOMPRESSED_LEN
} else {
    1024 * 1024
};

/// Which limit a scenario is over.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LimitError {
    /// More than [`MAX_STEPS`] steps.
    TooManySteps { steps: usize },
    /// Step `step` (0-based) carries more than [`MAX_STEP_DATA`].
    StepTooLarge { step: usize, bytes: usize },
    /// A session over [`MAX_SESSION_BYTES`] by step `step` (0-based).
    SessionTooLarge { step: usize, bytes: usize },
    /// More than [`MAX_WORK_BYTES`] of work over `requests` requests.
    TooMuchWork { bytes: usize, requests: usize },
    /// A document over [`MAX_DOCUMENT_BYTES`] (its size, or `None` when inflating stopped at
    /// the limit).
    DocumentTooLarge { bytes: Option<usize> },
}

impl LimitError {
    /// The limit in words ("500 steps").
    pub fn limit(&self) -> String {
        match self {
            LimitError::TooManySteps { .. } => format!("{} steps", thousands(MAX_STEPS)),
            LimitError::StepTooLarge { .. } => format!("{} per step", bytes_text(MAX_STEP_DATA)),
            LimitError::SessionTooLarge { .. } => {
                format!("{} per session", bytes_text(MAX_SESSION_BYTES))
            }
            LimitError::TooMuchWork { .. } => bytes_text(MAX_WORK_BYTES),
            LimitError::DocumentTooLarge { .. } => bytes_text(MAX_DOCUMENT_BYTES),
        }
    }
}

impl fmt::Display for LimitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LimitError::TooManySteps { steps } => write!(
                f,
                "the scenario has {} steps, and this page runs at most {}",
                thousands(*steps),
                self.limit()
            ),
            LimitError::StepTooLarge { step, bytes } => write!(
                f,
                "step {} carries {} of data, and this page takes at most {}",
                step + 1,
                bytes_text(*bytes),
                self.limit()
            ),
            LimitError::SessionTooLarge { step, bytes } => {
                // A planted cookie is inflated no further than just past the limit.
                let size = if *bytes == MAX_SESSION_BYTES + 1 {
                    format!("more than {}", bytes_text(MAX_SESSION_BYTES))
                } else {
                    format!("about {}", bytes_text(*bytes))
                };
                write!(
                    f,
                    "by step {} a session holds {size} of data, and this page takes at most {}",
                    step + 1,
                    self.limit()
                )
            }
            LimitError::TooMuchWork { bytes, requests } => write!(
                f,
                "its {} requests would encode and sign about {} of sessions and keys, and this \
                 page re-runs at most {} (say 250 requests of 4 KiB, or 60 of 16 KiB)",
                thousands(*requests),
                bytes_text(*bytes),
                self.limit()
            ),
            LimitError::DocumentTooLarge { bytes: Some(bytes) } => write!(
                f,
                "it is {} once inflated, and this page reads at most {}",
                bytes_text(*bytes),
                self.limit()
            ),
            LimitError::DocumentTooLarge { bytes: None } => write!(
                f,
                "it inflates to more than {}, the most this page reads",
                self.limit()
            ),
        }
    }
}

impl std::error::Error for LimitError {}

/// Whether `scenario` is within the page's limits.
pub fn check(scenario: &Scenario) -> Result<(), LimitError> {
    if scenario.steps.len() > MAX_STEPS {
        // Not even estimated: counting is enough.
        return Err(LimitError::TooManySteps {
            steps: scenario.steps.len(),
        });
    }
    estimate(scenario, None).check()
}

/// Whether `step` may be added to `scenario` (checked before it runs).
pub fn check_new_step(scenario: &Scenario, step: &Step) -> Result<(), LimitError> {
    if scenario.steps.len() >= MAX_STEPS {
        return Err(LimitError::TooManySteps {
            steps: scenario.steps.len() + 1,
        });
    }
    estimate(scenario, Some(step)).check()
}

/// Whether a document of `bytes` bytes may be read.
pub fn check_document(bytes: usize) -> Result<(), LimitError> {
    if bytes > MAX_DOCUMENT_BYTES {
        Err(LimitError::DocumentTooLarge { bytes: Some(bytes) })
    } else {
        Ok(())
    }
}

/// `1234567` as `1,234,567`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut text = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            text.push(',');
        }
        text.push(digit);
    }
    text
}

/// A size in bytes, KiB or MiB, as a person reads it.
pub fn bytes_text(bytes: usize) -> String {
    const KIB: usize = 1024;
    if bytes >= KIB * KIB && bytes.is_multiple_of(KIB * KIB) {
        format!("{} MiB", bytes / (KIB * KIB))
    } else if bytes >= KIB * KIB {
        format!("{:.1} MiB", bytes as f64 / (KIB * KIB) as f64)
    } else if bytes >= KIB && bytes.is_multiple_of(KIB) {
        format!("{} KiB", bytes / KIB)
    } else if bytes >= KIB {
        format!("{:.1} KiB", bytes as f64 / KIB as f64)
    } else {
        format!("{bytes} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sessionscope_engine::compress::zlib_compress;
    use sessionscope_engine::json::{Dict, Value};
    use sessionscope_engine::scenario::{Engine, Request, Tamper, TamperMode, ViewCall};
    use sessionscope_engine::signing::b64_encode;

    fn set(key: &str, value: Value) -> Step {
        let mut data = Dict::new();
        data.insert(key, value);
        Step::Request(Request::new(ViewCall::Set(data)))
    }

    fn read() -> Step {
        Step::Request(Request::new(ViewCall::Get {
            key: "cart".into(),
            default: Value::Null,
        }))
    }

    fn plant(text: String) -> Step {
        Step::Tamper(Tamper {
            mode: TamperMode::Replace(text),
            name: None,
            browser: "main".into(),
        })
    }

    fn scenario(steps: Vec<Step>) -> Scenario {
        let mut scenario = Scenario::new("limits", Engine::Db);
        scenario.steps = steps;
        scenario
    }

    fn ints(count: usize) -> Value {
        Value::List(vec![Value::from(1); count])
    }

    #[test]
    fn steps_are_counted_up_to_the_limit() {
        let at_limit = scenario(vec![Step::Advance(1.0); MAX_STEPS]);
        assert_eq!(check(&at_limit), Ok(()));
        assert_eq!(
            check_new_step(&at_limit, &Step::Advance(1.0)),
            Err(LimitError::TooManySteps {
                steps: MAX_STEPS + 1
            })
        );
        let error = check(&scenario(vec![Step::Advance(1.0); 100_000])).unwrap_err();
        assert_eq!(error, LimitError::TooManySteps { steps: 100_000 });
        assert_eq!(
            error.to_string(),
            "the scenario has 100,000 steps, and this page runs at most 500 steps"
        );
    }

    #[test]
    fn data_is_what_the_steps_carry_not_their_shape() {
        assert_eq!(data_bytes(&[Step::Advance(1.0)]), 0);
        assert_eq!(
            data_bytes(&[Step::Request(Request::new(ViewCall::Flush))]),
            0
        );
        // {"cart":["book"]}
        assert_eq!(
            data_bytes(&[set("cart", Value::List(vec![Value::from("book")]))]),
            17
        );
        assert_eq!(data_bytes(&[plant("abc".into())]), "\"abc\"".len());
        assert_eq!(data_bytes(&[Step::RotateSecret("k".into())]), "\"k\"".len());
    }

    #[test]
    fn a_million_integers_are_refused_for_the_step_that_carries_them() {
        let error = check(&scenario(vec![read(), set("numbers", ints(1_000_000))])).unwrap_err();
        assert_eq!(
            error,
            LimitError::StepTooLarge {
                step: 1,
                bytes: "{\"numbers\":[]}".len() + 2 * 1_000_000 - 1
            }
        );
        assert!(
            error
                .to_string()
                .starts_with("step 2 carries 1.9 MiB of data"),
            "{error}"
        );
    }

    #[test]
    fn a_session_is_followed_through_writes_deletes_and_flushes() {
        // Each step under the step limit, together over the session limit.
        let half = || Value::from("x".repeat(MAX_SESSION_BYTES / 2));
        let two_halves = scenario(vec![set("a", half()), set("b", half())]);
        assert!(matches!(
            check(&two_halves),
            Err(LimitError::SessionTooLarge { step: 1, .. })
        ));
        // Overwriting a key, or flushing in between, keeps the session small.
        assert_eq!(
            check(&scenario(vec![set("a", half()), set("a", half())])),
            Ok(())
        );
        let flushed = vec![
            set("a", half()),
            Step::Request(Request::new(ViewCall::Flush)),
            set("b", half()),
        ];
        assert_eq!(check(&scenario(flushed)), Ok(()));
        // Two browsers have two sessions.
        let mut other = Request::new(ViewCall::Set(Dict::new()));
        other.browser = "other".into();
        if let ViewCall::Set(data) = &mut other.view {
            data.insert("b", half());
        }
        let two_browsers = scenario(vec![set("a", half()), Step::Request(other)]);
        assert_eq!(check(&two_browsers), Ok(()));
    }

    #[test]
    fn a_growing_cart_is_not_counted_as_many_carts() {
        // What "Add to cart" does: the whole cart, one item longer, every time.
        let steps = (1..=MAX_STEPS)
            .map(|n| set("cart", Value::List(vec![Value::from("book"); n.min(100)])))
            .collect();
        let cost = estimate(&scenario(steps), None);
        assert!(cost.largest_session.0 < MAX_SESSION_BYTES, "{cost:?}");
        assert_eq!(cost.check(), Ok(()));
    }

    #[test]
    fn work_is_the_session_carried_through_every_request() {
        // A big session read again and again: each read is under every other limit.
        let mut steps = vec![set("cart", Value::from("x".repeat(12 * 1024)))];
        steps.extend(vec![read(); MAX_STEPS - 1]);
        let error = check(&scenario(steps)).unwrap_err();
        assert!(
            matches!(error, LimitError::TooMuchWork { requests: 500, .. }),
            "{error:?}"
        );
        assert!(error.to_string().contains("at most 1 MiB (say"), "{error}");
        let mut steps = vec![set("cart", Value::from("x".repeat(1024)))];
        steps.extend(vec![read(); MAX_STEPS - 1]);
        assert_eq!(check(&scenario(steps)), Ok(()));
    }

    #[test]
    fn long_keys_cost_every_request() {
        let mut long_key = scenario(vec![read(); 100]);
        long_key
            .settings
            .changes
            .push(sessionscope_engine::scenario::SettingChange::SecretKey(
                "k".repeat(64 * 1024),
            ));
        assert!(matches!(
            check(&long_key),
            Err(LimitError::TooMuchWork { .. })
        ));
    }

    #[test]
    fn a_planted_cookie_counts_with_what_it_inflates_to() {
        let json = format!("{{\"blob\":\"{}\"}}", "a".repeat(4_000_000));
        let compressed = format!(".{}", b64_encode(&zlib_compress(json.as_bytes())));
        let cookie = format!("{compressed}:1r31eq:signature");
        assert_eq!(cookie_payload_bytes(&cookie), MAX_SESSION_BYTES + 1);
        let error = check(&scenario(vec![plant(cookie.clone()), read()])).unwrap_err();
        assert_eq!(
            error,
            LimitError::SessionTooLarge {
                step: 0,
                bytes: MAX_SESSION_BYTES + 1
            }
        );
        let small = format!(".{}:1r31eq:sig", b64_encode(&zlib_compress(b"{\"a\":1}")));
        assert_eq!(cookie_payload_bytes(&small), 7);
        assert_eq!(cookie_payload_bytes("eyJhIjoxfQ:1r31eq:sig"), 7);
        assert_eq!(cookie_payload_bytes("sess0000000000000000000000000001"), 0);
        assert_eq!(cookie_payload_bytes(".not-zlib:1r31eq:sig"), 0);
    }

    #[test]
    fn documents_have_one_limit_no_larger_than_the_engines() {
        const { assert!(MAX_DOCUMENT_BYTES <= MAX_DECOMPRESSED_LEN) };
        const { assert!(MAX_DOCUMENT_BYTES <= 1024 * 1024) };
        assert_eq!(check_document(MAX_DOCUMENT_BYTES), Ok(()));
        let error = check_document(MAX_DOCUMENT_BYTES + 1).unwrap_err();
        assert!(error.to_string().contains("at most 1 MiB"), "{error}");
    }

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1234567), "1,234,567");
        assert_eq!(bytes_text(512), "512 bytes");
        assert_eq!(bytes_text(16 * 1024), "16 KiB");
        assert_eq!(bytes_text(1536), "1.5 KiB");
        assert_eq!(bytes_text(1024 * 1024), "1 MiB");
        assert_eq!(bytes_text(4_000_000), "3.8 MiB");
    }
}
