//! The decoder against values made by real Django 5.2 (`fixtures/django_cookies.json`, written by
//! `tools/django_oracle/decoder_fixtures.py`): each verdict, salt, key and `max_age` is the one
//! Django's own `signing.loads` and session stores give.

use sessionscope_engine::decoder::{AgeLimit, Verdict};
use sessionscope_engine::json::{parse_python_json, Value};
use sessionscope_engine::session::{SIGNED_COOKIE_SALT, STORE_SALT};
use sessionscope_engine::signing::{
    dumps, SigningKeys, TimestampSigner, VerifyingKey, DEFAULT_SALT,
};

use super::html::{result_html, verdict_name};
use super::*;
use crate::ui::markup::escape;

const FIXTURE: &str = include_str!("fixtures/django_cookies.json");

/// One case of the fixture.
struct Case {
    name: String,
    value: String,
    now: f64,
    secret_key: String,
    fallbacks: Vec<String>,
    /// `signing.loads` with each salt, in the decoder's order: Ok(data) or Err(exception).
    loads: Vec<(String, Result<Value, String>)>,
    verified_by: Option<String>,
}

fn text(value: &Value, key: &str) -> String {
    value
        .as_dict()
        .unwrap()
        .get(key)
        .unwrap()
        .as_str()
        .unwrap()
        .to_owned()
}

fn cases() -> Vec<Case> {
    let fixture = parse_python_json(FIXTURE).unwrap();
    let Some(Value::List(cases)) = fixture.as_dict().unwrap().get("cases") else {
        panic!("no cases")
    };
    cases
        .iter()
        .map(|case| {
            let dict = case.as_dict().unwrap();
            let list = |key: &str| match dict.get(key) {
                Some(Value::List(items)) => items.clone(),
                _ => panic!("{key}"),
            };
            Case {
                name: text(case, "name"),
                value: text(case, "value"),
                now: match dict.get("now") {
                    Some(Value::Int(n)) => n.as_str().parse().unwrap(),
                    Some(Value::Float(x)) => *x,
                    other => panic!("{other:?}"),
                },
                secret_key: text(case, "secret_key"),
                fallbacks: list("fallbacks")
                    .iter()
                    .map(|k| k.as_str().unwrap().to_owned())
                    .collect(),
                loads: list("loads")
                    .iter()
                    .map(|entry| {
                        let outcome = match entry.as_dict().unwrap().get("data") {
                            Some(data) => Ok(data.clone()),
                            None => Err(text(entry, "exception")),
                        };
                        (text(entry, "salt"), outcome)
                    })
                    .collect(),
                verified_by: dict
                    .get("verified_by")
                    .and_then(Value::as_str)
                    .map(str::to_owned),
            }
        })
        .collect()
}

fn case(name: &str) -> Case {
    cases().into_iter().find(|c| c.name == name).unwrap()
}

fn input_for(case: &Case, with_key: bool) -> DecoderInput {
    DecoderInput {
        value: case.value.clone(),
        secret_key: if with_key {
            case.secret_key.clone()
        } else {
            String::new()
        },
        fallbacks: case.fallbacks.join("\n"),
        ..DecoderInput::default()
    }
}

fn decoded(input: &DecoderInput, now: f64) -> Decoded {
    match decode(input, now) {
        Some(Outcome::Decoded(decoded)) => *decoded,
        other => panic!("{other:?}"),
    }
}

fn key_named(name: &str) -> VerifyingKey {
    match name.strip_prefix("SECRET_KEY_FALLBACKS[") {
        Some(rest) => VerifyingKey::Fallback(rest.trim_end_matches(']').parse().unwrap()),
        None => VerifyingKey::Current,
    }
}

/// What Django's results say the verdict is: the first salt that does not raise
/// BadSignature decides (as the decoder tries them in the same order).
fn expected_kind(case: &Case) -> &'static str {
    if case.value.len() == 32 && !case.value.contains(':') {
        return "session-key";
    }
    match case
        .loads
        .iter()
        .find(|(_, r)| r.as_ref().err().map(String::as_str) != Some("BadSignature"))
    {
        None => "bad-signature",
        Some((_, Ok(_))) => "valid",
        Some((_, Err(e))) if e == "SignatureExpired" => "signature-expired",
        Some(_) => "malformed",
    }
}

#[test]
fn every_django_value_gets_djangos_verdict_salt_and_key() {
    let cases = cases();
    assert!(cases.len() >= 8);
    for case in &cases {
        let got = decoded(&input_for(case, true), case.now).cookie.verdict;
        assert_eq!(verdict_name(&got), expected_kind(case), "{}", case.name);
        let deciding = case
            .loads
            .iter()
            .find(|(_, r)| r.as_ref().err().map(String::as_str) != Some("BadSignature"));
        match (&got, deciding) {
            (
                Verdict::Valid {
                    salt,
                    verified_by,
                    data,
                    ..
                },
                Some((django_salt, Ok(django_data))),
            ) => {
                assert_eq!(salt, django_salt, "{}", case.name);
                assert_eq!(data, django_data, "{}", case.name);
                assert_eq!(
                    Some(*verified_by),
                    case.verified_by.as_deref().map(key_named),
                    "{}",
                    case.name
                );
            }
            (
                Verdict::SignatureExpired {
                    salt, verified_by, ..
                },
                Some((django_salt, _)),
            ) => {
                assert_eq!(salt, django_salt, "{}", case.name);
                assert_eq!(
                    Some(*verified_by),
                    case.verified_by.as_deref().map(key_named)
                );
            }
            (Verdict::BadSignature { salts_tried, .. }, None) => {
                let django_salts: Vec<&String> = case.loads.iter().map(|(s, _)| s).collect();
                assert_eq!(
                    salts_tried.iter().collect::<Vec<_>>(),
                    django_salts,
                    "{}",
                    case.name
                );
            }
            (Verdict::SessionKey, _) => {}
            (other, _) => panic!("{}: {other:?}", case.name),
        }
    }
}

#[test]
fn a_30_day_old_session_data_is_valid_with_no_max_age() {
    let case = case("db_session_data_30_days_old");
    let result = decoded(&input_for(&case, true), case.now);
    match &result.cookie.verdict {
        Verdict::Valid { salt, max_age, .. } => {
            assert_eq!(salt, STORE_SALT);
            assert_eq!(*max_age, None);
        }
        other => panic!("{other:?}"),
    }
    let html = result_html(&result, case.now);
    assert!(html.contains("SessionBase.decode() passes none"), "{html}");
    assert!(!html.contains("SignatureExpired"));
}

#[test]
fn a_cached_db_session_data_verifies_with_no_red_bad_signature_first() {
    let case = case("cached_db_session_data");
    let result = decoded(&input_for(&case, true), case.now);
    assert!(matches!(&result.cookie.verdict, Verdict::Valid { salt, .. } if salt == STORE_SALT));
    let html = result_html(&result, case.now);
    assert!(
        !html.contains("BadSignature") && !html.contains("verdict-box bad"),
        "{html}"
    );
    assert!(html.contains("django.contrib.sessions.SessionStore"));
}

#[test]
fn a_session_key_is_called_a_session_key() {
    let case = case("session_key");
    for with_key in [false, true] {
        let result = decoded(&input_for(&case, with_key), case.now);
        assert_eq!(result.cookie.verdict, Verdict::SessionKey);
        let html = result_html(&result, case.now);
        assert!(
            html.contains("the cookie of the db, cache, cached_db and file backends"),
            "{html}"
        );
        assert!(html.contains("lives on the server"));
        for wrong in [
            "not valid JSON",
            "only one",
            "at all",
            "Cannot be read",
            "BadSignature",
        ] {
            assert!(!html.contains(wrong), "{wrong} in {html}");
        }
    }
}

#[test]
fn tampered_expired_and_rotated_cookies_are_rejected_as_django_rejects_them() {
    let tampered = case("tampered_cookie");
    let html = result_html(
        &decoded(&input_for(&tampered, true), tampered.now),
        tampered.now,
    );
    assert!(
        html.contains(&escape("BadSignature: Signature \"")),
        "{html}"
    );

    let expired = case("expired_cookie");
    let result = decoded(&input_for(&expired, true), expired.now);
    let html = result_html(&result, expired.now);
    assert!(
        html.contains("SignatureExpired: Signature age 1209601.0 &gt; 1209600 seconds"),
        "{html}"
    );

    let fallback = case("fallback_key_cookie");
    let html = result_html(
        &decoded(&input_for(&fallback, true), fallback.now),
        fallback.now,
    );
    assert!(
        html.contains("verifies with SECRET_KEY_FALLBACKS[0]"),
        "{html}"
    );
    assert!(
        html.contains("max_age 2 weeks (SESSION_COOKIE_AGE"),
        "{html}"
    );

    let removed = case("rotated_without_fallback");
    let verdict = decoded(&input_for(&removed, true), removed.now)
        .cookie
        .verdict;
    assert!(
        matches!(verdict, Verdict::BadSignature { .. }),
        "{verdict:?}"
    );
}

#[test]
fn without_a_key_contents_read_but_nothing_is_verified() {
    let case = case("compressed_cookie");
    let result = decoded(&input_for(&case, false), case.now);
    assert_eq!(result.cookie.verdict, Verdict::NotVerified);
    let signed = result.cookie.signed.as_ref().unwrap();
    assert!(signed.parts.compressed);
    let Some((_, Ok(data))) = case.loads.first() else {
        panic!()
    };
    assert_eq!(signed.contents.as_ref().ok(), Some(data));
    let html = result_html(&result, case.now);
    assert!(html.contains("zlib-compressed JSON") && html.contains("Enter the SECRET_KEY"));
}

#[test]
fn a_chosen_salt_is_the_only_one_tried_and_the_default_salt_is_named() {
    let case = case("signing_dumps_default_salt");
    let mut input = input_for(&case, true);
    let html = result_html(&decoded(&input, case.now), case.now);
    assert!(
        html.contains(&escape(&format!(
            "salt \"{DEFAULT_SALT}\" (signing.dumps() called without a salt)"
        ))),
        "{html}"
    );
    input.salt = SaltChoice::Known(SIGNED_COOKIE_SALT);
    match decoded(&input, case.now).cookie.verdict {
        Verdict::BadSignature { salts_tried, .. } => assert_eq!(salts_tried, [SIGNED_COOKIE_SALT]),
        other => panic!("{other:?}"),
    }
    input.salt = SaltChoice::Custom;
    input.custom_salt = DEFAULT_SALT.to_owned();
    assert!(matches!(
        decoded(&input, case.now).cookie.verdict,
        Verdict::Valid { .. }
    ));
}

#[test]
fn the_age_rule_follows_the_choice() {
    let case = case("expired_cookie");
    let mut input = input_for(&case, true);
    input.age = AgeChoice::Unlimited;
    assert!(matches!(
        decoded(&input, case.now).cookie.verdict,
        Verdict::Valid { max_age: None, .. }
    ));
    input.age = AgeChoice::Custom;
    input.seconds = "60".into();
    assert!(matches!(
        decoded(&input, case.now).cookie.verdict,
        Verdict::SignatureExpired { max_age, .. } if max_age == 60.0
    ));
    input.seconds = "soon".into();
    let result = decoded(&input, case.now);
    assert_eq!(
        result.bad_seconds.as_deref(),
        Some("max_age \"soon\" is not a number")
    );
    assert_eq!(
        result.cookie.verdict,
        Verdict::NotVerified,
        "loads is not called"
    );
    assert!(result_html(&result, case.now).contains("Check the seconds"));
}

#[test]
fn session_cookie_age_is_read_as_settings_py_holds_it() {
    let case = case("expired_cookie");
    let mut input = input_for(&case, true);
    input.age = AgeChoice::AsDjango;
    input.seconds = "60 * 60 * 24 * 7 * 2".into();
    assert_eq!(
        input.age_limit(),
        Ok(AgeLimit::AsDjango {
            session_cookie_age: 1_209_600
        })
    );
    input.seconds = "1_209_600".into();
    assert_eq!(
        input.age_limit(),
        Ok(AgeLimit::AsDjango {
            session_cookie_age: 1_209_600
        })
    );
    input.seconds = "two weeks".into();
    let error = input.age_limit().unwrap_err();
    assert!(error.contains("SyntaxError"), "{error}");
}

#[test]
fn a_value_without_separators_is_one_consistent_message() {
    let result = decoded(
        &DecoderInput {
            value: "hello".into(),
            ..DecoderInput::default()
        },
        0.0,
    );
    let html = result_html(&result, 0.0);
    assert!(html.contains(&escape("one piece, no \":\"")), "{html}");
    assert!(
        !html.contains("only one") && !html.contains("Cannot be read"),
        "{html}"
    );
}

#[test]
fn pasted_headers_and_names_are_cleaned() {
    let case = case("signed_cookies_cookie");
    let cookie = &case.value;
    for pasted in [
        format!("sessionid={cookie}"),
        format!("Set-Cookie: sessionid={cookie}; expires=Tue, 28 Nov 2023 22:13:20 GMT; HttpOnly; Path=/"),
        format!("Cookie: csrftoken=abc; sessionid={cookie}"),
        format!("\"{cookie}\""),
    ] {
        let input = DecoderInput { value: pasted.clone(), ..input_for(&case, true) };
        let result = decoded(&input, case.now);
        assert_eq!(&result.cookie.value, cookie, "{pasted}");
        let found = result.found.as_ref().expect("found by the engine's reader");
        assert_ne!(found.form, sessionscope_engine::decoder::InputForm::Bare, "{pasted}");
        assert!(matches!(result.cookie.verdict, Verdict::Valid { .. }));
        let diagnosis = result.diagnosis.as_ref().expect("a diagnosis with keys");
        assert_eq!(diagnosis.verdict.as_str(), "valid");
        let html = result_html(&result, case.now);
        assert!(html.contains("data-diagnosis=\"valid\""), "{html}");
    }
    let header = DecoderInput {
        value: format!("Cookie: csrftoken=abc; sessionid={cookie}"),
        ..input_for(&case, true)
    };
    let html = result_html(&decoded(&header, case.now), case.now);
    assert!(
        html.contains("Also in the header, not the session cookie: csrftoken."),
        "{html}"
    );
    assert_eq!(decode(&DecoderInput::default(), 0.0), None);
}

#[test]
fn a_pasted_har_is_a_timeline_and_one_without_cookies_says_how_to_save_one() {
    let case = case("signed_cookies_cookie");
    let har = format!(
        r#"{{"log": {{"entries": [{{"startedDateTime": "2023-11-14T22:13:20Z", "request": {{"method": "GET", "url": "https://x/", "headers": []}}, "response": {{"status": 200, "headers": [{{"name": "Set-Cookie", "value": "sessionid={}; Max-Age=1209600; Path=/"}}]}}}}]}}}}"#,
        case.value
    );
    let input = DecoderInput {
        value: har,
        ..input_for(&case, true)
    };
    let Some(Outcome::Har(view)) = decode(&input, case.now) else {
        panic!("a HAR is a timeline");
    };
    let html = crate::ui::decoder::har_html(&view);
    assert!(html.contains("data-kind=\"created\""), "{html}");
    assert_eq!(view.diagnoses.len(), 1);
    let bare = DecoderInput {
        value:
            r#"{"log": {"entries": [{"request": {"headers": []}, "response": {"headers": []}}]}}"#
                .into(),
        ..input_for(&case, true)
    };
    let Some(Outcome::Har(view)) = decode(&bare, case.now) else {
        panic!()
    };
    assert!(crate::ui::decoder::har_html(&view).contains("without sensitive data"));
}

#[test]
fn the_result_card_escapes_what_was_pasted() {
    let keys = SigningKeys::new("k");
    let signer = TimestampSigner::new(&keys, SIGNED_COOKIE_SALT);
    let payload = sessionscope_engine::signing::encode_payload(
        &Value::from("<img src=x onerror=alert(1)>"),
        false,
    );
    let now = 1_700_000_000.0;
    let value = signer.sign(&payload, now - 60.0);
    let input = |value: String| DecoderInput {
        value,
        secret_key: "k".into(),
        ..DecoderInput::default()
    };
    let html = result_html(&decoded(&input(format!("<b>{value}")), now), now);
    assert!(!html.contains("<b>") && html.contains("&lt;b&gt;"));
    let html = result_html(&decoded(&input(value), now), now);
    assert!(
        !html.contains("<img") && html.contains("&lt;img src=x onerror=alert(1)&gt;"),
        "{html}"
    );
    assert!(html.contains("signed 1 minute ago"));
}

#[test]
fn long_contents_are_cut_and_counted() {
    let items = Value::List((0..40_000).map(Value::from).collect());
    let value = dumps(&items, "k", SIGNED_COOKIE_SALT, true, 0.0);
    let result = decoded(
        &DecoderInput {
            value,
            ..DecoderInput::default()
        },
        0.0,
    );
    let html = result_html(&result, 0.0);
    assert!(
        html.len() < 3 * html::CONTENTS_SHOWN,
        "{} bytes",
        html.len()
    );
    assert!(
        html.contains("of JSON: the first 64 KiB are shown"),
        "{}",
        &html[html.len() - 600..]
    );
}

#[test]
fn garbage_never_panics() {
    for junk in [
        "a", ":", "::", ".:x:y", "é:ü:ö", "=", "a=b=c", ";;;", "\"\"", ".!!!:0:x",
    ] {
        let input = DecoderInput {
            value: junk.into(),
            secret_key: "k".into(),
            ..DecoderInput::default()
        };
        if let Some(Outcome::Decoded(result)) = decode(&input, 0.0) {
            let _ = result_html(&result, 0.0);
        }
    }
}

/// The signed_cookies cookie Django 4.2 set with `PickleSerializer` (first response of the
/// versions conformance trace `v_pickle_serializer__signed_cookies`).
fn django_4_2_pickle_cookie() -> String {
    let trace = parse_python_json(include_str!(
        "../../../engine/tests/conformance/versions/traces/django-4.2/v_pickle_serializer__signed_cookies.json"
    ))
    .unwrap();
    let field = |value: &Value, key: &str| value.as_dict().unwrap().get(key).unwrap().clone();
    let first_of = |value: Value| match value {
        Value::List(items) => items[0].clone(),
        other => panic!("{other:?}"),
    };
    let response = field(&first_of(field(&trace, "steps")), "response");
    text(&first_of(field(&response, "set_cookie")), "value")
}

#[test]
fn a_django_4_2_pickle_cookie_is_listed_opcode_by_opcode_and_read_as_data() {
    let input = DecoderInput {
        value: django_4_2_pickle_cookie(),
        ..DecoderInput::default()
    };
    let result = decoded(&input, 1_700_000_000.0);
    let html = result_html(&result, 1_700_000_000.0);
    assert!(html.contains("A pickle, not JSON"), "{html}");
    // The payload's line says what it is: a pickle, never "plain JSON".
    assert!(html.contains("a plain pickle (no"), "{html}");
    assert!(!html.contains("plain JSON"), "{html}");
    assert!(html.contains("Django 4.2 and earlier"), "{html}");
    assert!(html.contains("SHORT_BINUNICODE"), "{html}");
    assert!(html.contains("STOP"), "{html}");
    assert!(!html.contains("would run code"), "{html}");
    // The allow-listed reader gives the session's data.
    assert!(html.contains("sku-1"), "{html}");
}

#[test]
fn a_forged_pickle_is_shown_as_the_code_it_would_run_never_run() {
    // GLOBAL 'os system', BINUNICODE 'id', TUPLE1, REDUCE, STOP: os.system("id") on unpickling.
    let forged = b"\x80\x02cos\nsystem\nX\x02\x00\x00\x00id\x85R.";
    let value = format!(
        "{}:1r31eq:{}",
        sessionscope_engine::signing::b64_encode(forged),
        "A".repeat(43)
    );
    let input = DecoderInput {
        value,
        ..DecoderInput::default()
    };
    let html = result_html(&decoded(&input, 1_700_000_000.0), 1_700_000_000.0);
    assert!(html.contains("A pickle, not JSON"), "{html}");
    assert!(html.contains("decoder-pickle-runs-code"), "{html}");
    assert!(html.contains("GLOBAL"), "{html}");
    assert!(html.contains("would run code"), "{html}");
    assert!(html.contains("never run"), "{html}");
}

#[test]
fn an_expired_value_s_diagnosis_gives_dates_and_words_not_floats_of_seconds() {
    let case = case("signed_cookies_cookie");
    // Django's own message would say "Signature age 1209600.9000000954 > 1209600 seconds".
    let cookie = case.value.clone();
    let signed_at = sessionscope_engine::signing::inspect(&cookie)
        .timestamp_seconds
        .unwrap();
    let at = signed_at + 1_209_600.9;
    let input = input_for(&case, true);
    let result = decoded(
        &DecoderInput {
            value: cookie,
            ..input
        },
        at,
    );
    let diagnosis = result.diagnosis.as_ref().unwrap();
    assert_eq!(diagnosis.verdict.as_str(), "expired");
    let html = result_html(&result, at);
    // The verdict box above quotes Django's exception as Django words it; the diagnosis does not.
    let (_, why) = html.split_once("decoder-diagnosis").unwrap();
    assert!(why.contains("(0.9 s ago)"), "{why}");
    assert!(!why.contains("1209600.9"), "{why}");
}
