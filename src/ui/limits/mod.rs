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
//! - the cookies: every step keeps every browser's jar, and every request sends, parses and
//!   keeps its browser's whole jar, so every cookie in every jar counted at every step and
//!   again when sent, from jars simulated from the steps ([`MAX_COOKIE_BYTES`]): a cookie
//!   planted or grown by `tamper` is sent with every later request, however large;
//! - the scenario's text, as the page's share link and saved state write it
//!   ([`MAX_SCENARIO_TEXT`]): small enough that the link of any scenario the page accepts, and
//!   of any it lets the buttons make, is one the page opens again, however badly it compresses;
//! - Compare runs the scenario on every engine it shows, plus two small probes each
//!   ([`check_compare`], [`MAX_COMPARE_COOKIE_BYTES`], [`MAX_COMPARE_WORK_BYTES`]);
//! - a link or a saved state is inflated and parsed before anything else
//!   ([`MAX_DOCUMENT_BYTES`], the one inflate limit of the page: the engine's own, or less).

use sessionscope_engine::scenario::{Engine, Scenario, Step};

mod cost;
mod limit;

pub use cost::{cookie_payload_bytes, data_bytes, estimate, estimate_on, Cost};
pub use limit::{
    bytes_text, thousands, LimitError, DEFER_RERUN_ABOVE_STEPS, MAX_COMPARE_COOKIE_BYTES,
    MAX_COMPARE_WORK_BYTES, MAX_COOKIE_BYTES, MAX_DOCUMENT_BYTES, MAX_SCENARIO_TEXT,
    MAX_SESSION_BYTES, MAX_STEPS, MAX_STEP_DATA, MAX_WORK_BYTES,
};

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

/// Whether Compare may run `scenario` on `engines`: every engine's run is estimated as the
/// playground's is ([`estimate_on`]), and the runs added up (the probes are a few steps each,
/// under the scenario's settings).
pub fn check_compare(scenario: &Scenario, engines: &[Engine]) -> Result<(), LimitError> {
    let (mut cookie_bytes, mut work) = (0usize, 0usize);
    for engine in engines {
        let cost = estimate_on(scenario, None, *engine);
        cookie_bytes = cookie_bytes.saturating_add(cost.cookie_bytes);
        work = work.saturating_add(cost.work);
    }
    if cookie_bytes > MAX_COMPARE_COOKIE_BYTES || work > MAX_COMPARE_WORK_BYTES {
        return Err(LimitError::CompareTooLarge {
            engines: engines.len(),
            cookie_bytes,
            work,
        });
    }
    Ok(())
}

/// Whether a document of `bytes` bytes may be read.
pub fn check_document(bytes: usize) -> Result<(), LimitError> {
    if bytes > MAX_DOCUMENT_BYTES {
        Err(LimitError::DocumentTooLarge { bytes: Some(bytes) })
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sessionscope_engine::compress::zlib_compress;
    use sessionscope_engine::json::{to_python_json, Dict, Value};
    use sessionscope_engine::scenario::{Request, Tamper, TamperMode, ViewCall};
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

    fn tamper(mode: TamperMode, name: Option<&str>, browser: &str) -> Step {
        Step::Tamper(Tamper {
            mode,
            name: name.map(str::to_owned),
            browser: browser.into(),
        })
    }

    fn noop(browser: &str) -> Step {
        let mut request = Request::new(ViewCall::Noop);
        request.browser = browser.into();
        Step::Request(request)
    }

    fn on(engine: Engine, steps: Vec<Step>) -> Scenario {
        let mut scenario = scenario(steps);
        scenario.engine = engine;
        scenario
    }

    /// What a run really carried: every cookie of every jar at every step, and every
    /// `Cookie` header sent.
    fn cookie_bytes_run(scenario: &Scenario) -> usize {
        let trace = sessionscope_engine::scenario::run(scenario);
        trace
            .steps
            .iter()
            .map(|step| {
                let held: usize = step
                    .jars
                    .iter()
                    .flat_map(|jar| jar.cookies.iter())
                    .map(|c| c.name.len() + c.value.len())
                    .sum();
                let sent = step
                    .request
                    .as_ref()
                    .and_then(|r| r.cookie_header.as_ref())
                    .map_or(0, String::len);
                held + sent
            })
            .sum()
    }

    /// 60 cookies of 16,000 characters planted under new names, then 440
    /// requests that each send all 60.
    #[test]
    fn cookies_planted_under_new_names_are_counted_on_every_later_request() {
        let mut steps: Vec<Step> = (0..60)
            .map(|i| {
                let name = format!("c{i}");
                tamper(TamperMode::Replace("x".repeat(16_000)), Some(&name), "main")
            })
            .collect();
        steps.extend((0..440).map(|_| noop("main")));
        let error = check(&scenario(steps)).unwrap_err();
        let LimitError::TooManyCookieBytes { bytes, steps: 500 } = error else {
            panic!("{error:?}");
        };
        // 440 requests each sending (and the step keeping) 60 × 16,002 bytes.
        assert!(bytes > 440 * 2 * 60 * 16_002, "{bytes}");
        assert!(
            error
                .to_string()
                .ends_with("and this page runs at most 8 MiB of cookies"),
            "{error}"
        );
        // One such cookie sent by ten requests: counted exactly.
        let mut steps = vec![tamper(
            TamperMode::Replace("x".repeat(16_000)),
            Some("c0"),
            "main",
        )];
        steps.extend((0..10).map(|_| noop("main")));
        let few = scenario(steps);
        // Each of the 11 steps keeps the jar (64 bytes besides its cookie).
        assert_eq!(
            estimate(&few, None).cookie_bytes,
            16_002 + 10 * (16_005 + 16_002) + 11 * 64
        );
        assert_eq!(cookie_bytes_run(&few), 16_002 + 10 * (16_003 + 16_002));
        assert_eq!(check(&few), Ok(()));
    }

    /// A grown session cookie: the session cookie grown by 60 appends of 16,000 characters.
    #[test]
    fn a_session_cookie_grown_by_appends_is_counted_as_it_grows() {
        for engine in [Engine::Db, Engine::SignedCookies] {
            let mut steps = vec![set("a", Value::from(1))];
            steps.extend(
                (0..60).map(|_| tamper(TamperMode::Append("y".repeat(16_000)), None, "main")),
            );
            steps.extend((0..439).map(|i| if i % 2 == 0 { noop("main") } else { read() }));
            let error = check(&on(engine, steps)).unwrap_err();
            assert!(
                matches!(error, LimitError::TooManyCookieBytes { steps: 500, .. }),
                "{engine:?}: {error:?}"
            );
        }
    }

    /// Many browsers: 500 browsers, each with a signed cookie of about 900 characters, all
    /// kept at every step.
    #[test]
    fn many_browsers_count_every_jar_at_every_step() {
        let steps: Vec<Step> = (0..500)
            .map(|i| {
                let mut data = Dict::new();
                data.insert("v", Value::from(format!("{}{i}", "z".repeat(660))));
                let mut request = Request::new(ViewCall::Set(data));
                request.browser = format!("b{i}");
                Step::Request(request)
            })
            .collect();
        let row5 = on(Engine::SignedCookies, steps);
        assert!(matches!(
            check(&row5),
            Err(LimitError::TooManyCookieBytes { .. })
        ));
        let mut on_db = row5.clone();
        on_db.engine = Engine::Db;
        // Counted as signed_cookies would set it, whichever the engine: switching the backend
        // never takes an accepted scenario over the limit.
        assert_eq!(check(&on_db), check(&row5));
        // A quarter of the browsers fit.
        let mut fewer = on_db.clone();
        fewer.steps.truncate(125);
        assert_eq!(check(&fewer), Ok(()));
        assert_eq!(check_compare(&fewer, &Engine::ALL), Ok(()));
    }

    /// Compare runs the scenario on every engine it shows: a planted cookie sent with every
    /// request is carried once per engine.
    #[test]
    fn compare_counts_every_engine_it_runs() {
        let mut steps = vec![tamper(
            TamperMode::Replace("x".repeat(16_000)),
            Some("c0"),
            "main",
        )];
        steps.extend((0..259).map(|_| noop("main")));
        let near = scenario(steps);
        let cost = estimate(&near, None);
        assert!(cost.cookie_bytes > MAX_COOKIE_BYTES - 100_000, "{cost:?}");
        assert_eq!(check(&near), Ok(()));
        let error = check_compare(&near, &Engine::ALL).unwrap_err();
        assert!(
            matches!(error, LimitError::CompareTooLarge { engines: 5, .. }),
            "{error:?}"
        );
        assert!(
            error
                .to_string()
                .starts_with("run on 5 engines, this scenario would carry about 39.7 MiB of cookies, and Compare runs at most 16 MiB of cookies"),
            "{error}"
        );
        assert_eq!(error.limit(), "16 MiB of cookies");
        assert_eq!(check_compare(&near, &[Engine::Db, Engine::File]), Ok(()));
        // Work too: a session of 1,900 bytes read by 499 requests is about 1 MiB per engine.
        let mut steps = vec![set("cart", Value::from("q".repeat(1_900)))];
        steps.extend(vec![read(); 499]);
        let worked = scenario(steps);
        assert_eq!(check(&worked), Ok(()));
        let error = check_compare(&worked, &Engine::ALL).unwrap_err();
        assert_eq!(error.limit(), "3 MiB of sessions and keys");
        let three = [Engine::Db, Engine::Cache, Engine::SignedCookies];
        assert!(check_compare(&worked, &three).is_ok());
    }

    /// The simulated jars never hold less than the engine's: every story on every engine it
    /// tells, and scenarios that plant, grow, save, restore and delete cookies in several
    /// browsers.
    #[test]
    fn the_cookie_estimate_bounds_what_a_run_carries() {
        let book = crate::ui::stories::book();
        let mut scenarios: Vec<Scenario> = crate::ui::stories::all()
            .iter()
            .flat_map(|story| {
                Engine::ALL
                    .into_iter()
                    .filter(|engine| story.supports(*engine))
                    .map(move |engine| book.scenario(story, engine))
            })
            .collect();
        for engine in Engine::ALL {
            let mut steps = vec![
                set("cart", Value::from("c".repeat(2_000))),
                Step::SaveCookie {
                    label: "copy".into(),
                    name: None,
                    browser: "main".into(),
                },
                tamper(TamperMode::Append("zz".repeat(300)), None, "main"),
                noop("main"),
                tamper(
                    TamperMode::Replace("p".repeat(900)),
                    Some("planted"),
                    "other",
                ),
                noop("other"),
                set("cart", Value::from("d".repeat(3_000))),
                Step::RestoreCookie {
                    label: "copy".into(),
                    browser: "other".into(),
                },
                noop("other"),
                tamper(TamperMode::Delete, Some("planted"), "other"),
                Step::CloseBrowser("main".into()),
                Step::Request(Request::new(ViewCall::Flush)),
                read(),
            ];
            steps.extend((0..20).map(|_| read()));
            let mut scenario = on(engine, steps);
            scenario.session_keys = crate::ui::session_keys::seeded_keys(1, 80);
            scenarios.push(scenario);
        }
        for scenario in scenarios {
            let estimated = estimate(&scenario, None).cookie_bytes;
            let carried = cookie_bytes_run(&scenario);
            assert!(
                estimated >= carried,
                "{} on {:?}: estimated {estimated}, carried {carried}",
                scenario.name,
                scenario.engine
            );
        }
    }

    fn long_path(path_bytes: usize) -> Step {
        let mut request = Request::new(ViewCall::Noop);
        request.path = format!("/{}", "p".repeat(path_bytes - 1));
        Step::Request(request)
    }

    /// A link the page made must reopen: request paths, and every other text of
    /// a step, count towards the scenario's text, and the document of any scenario within it
    /// is one the page reads.
    #[test]
    fn the_scenario_text_counts_paths_and_bounds_the_document() {
        const { assert!(MAX_SCENARIO_TEXT + 32 * 1024 <= MAX_DOCUMENT_BYTES) };
        let steps: Vec<Step> = (0..60).map(|_| long_path(8_000)).collect();
        let long = scenario(steps);
        let cost = estimate(&long, None);
        let exact = to_python_json(&long.to_value()).len();
        assert!(
            cost.text >= exact && cost.text <= exact + 120,
            "{} {exact}",
            cost.text
        );
        assert_eq!(check(&long), Ok(()));
        // Paths until the text is just under the limit: each step added is checked.
        let mut growing = long.clone();
        loop {
            let step = long_path(8_000);
            match check_new_step(&growing, &step) {
                Ok(()) => growing.steps.push(step),
                Err(error) => {
                    assert!(
                        matches!(error, LimitError::ScenarioTooLong { .. }),
                        "{error:?}"
                    );
                    assert!(
                        error
                            .to_string()
                            .ends_with("this page takes at most 512 KiB of scenario text, so that its share link opens again"),
                        "{error}"
                    );
                    break;
                }
            }
        }
        assert!(growing.steps.len() < MAX_STEPS);
        let document = crate::ui::page::document::document_value(
            &growing,
            0x5e55,
            crate::ui::page::document::Secrets::Included,
        );
        let text = to_python_json(&document).len();
        assert!(text > MAX_SCENARIO_TEXT - 8_100, "{text}");
        assert_eq!(check_document(text), Ok(()));
    }

    /// The share link of a scenario just under the text limit whose paths do not compress at
    /// all is one the page opens again.
    #[test]
    fn the_link_of_any_accepted_scenario_opens_however_badly_it_compresses() {
        use crate::ui::page::document::{decode, encode, MAX_FRAGMENT_LEN};
        let mut state = 7u64;
        let mut random_path = |bytes: usize| {
            let mut request = Request::new(ViewCall::Noop);
            request.path = std::iter::once('/')
                .chain((1..bytes).map(|_| {
                    state = state
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    char::from(
                        b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"
                            [(state >> 33) as usize % 66],
                    )
                }))
                .collect();
            Step::Request(request)
        };
        let mut full = scenario(Vec::new());
        loop {
            let step = random_path(16_000);
            if check_new_step(&full, &step).is_err() {
                break;
            }
            full.steps.push(step);
        }
        let text = estimate(&full, None).text;
        assert!(text > MAX_SCENARIO_TEXT - 16_100, "{text}");
        let link = encode(&full, 0x5e55, true);
        assert!(link.len() <= MAX_FRAGMENT_LEN, "{}", link.len());
        assert_eq!(decode(&link).map(|state| state.scenario), Ok(full));
    }

    #[test]
    fn documents_have_one_limit_no_larger_than_the_engines() {
        const { assert!(MAX_DOCUMENT_BYTES <= sessionscope_engine::compress::MAX_DECOMPRESSED_LEN) };
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
