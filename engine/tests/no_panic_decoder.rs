//! Property tests: what a user may paste into the decoder (any text, header-, curl- and
//! HAR-shaped text, signed-looking values, cut Django values) never panics the input-form
//! reader, the HAR timeline or the diagnosis, and a diagnosis keeps the contract's shape.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use sessionscope_engine::decoder::curl::shell_words;
use sessionscope_engine::decoder::{
    diagnose, find_value, har_timeline, AgeLimit, DiagnosisVerdict,
};
use sessionscope_engine::json::Value;
use sessionscope_engine::signing::{dumps, SigningKeys};

fn keys() -> SigningKeys {
    SigningKeys {
        secret: "secret".into(),
        fallbacks: vec!["old".into(), String::new()],
    }
}

fn pasted() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "(Set-)?[Cc]ookie: ([a-z_]{1,6}=[\"A-Za-z0-9:%._-]{0,20}; ?){0,4}",
        "curl '[a-z:/.]{0,10}' (-H '[Cc]ookie: [a-z=;: ]{0,20}' |-b [a-z=;']{0,10} |\\\\\n ){0,4}",
        "\"?[.]?[A-Za-z0-9_%=-]{0,40}(:[0-9A-Za-z-]{0,8}){0,3}\"?",
        "[{}\\[\\]\":,a-z0-9 ]{0,60}",
        "\\{\"log\": \\{\"entries\": \\[(\\{\"request\": \\{\"headers\": \\[\\{\"name\": \"[Cc]ookie\", \"value\": \"[a-z=;:0-9]{0,20}\"\\}\\]\\}, \"response\": \\{\"headers\": \\[\\{\"name\": \"set-cookie\", \"value\": \"[a-zA-Z0-9=;: ,-]{0,40}\"\\}\\]\\}, \"startedDateTime\": \"[0-9T:.Z-]{0,24}\"\\},?){0,3}\\]\\}\\}",
    ]
}

/// A real signed value cut, with bytes changed, or with text added.
fn damaged_value() -> impl Strategy<Value = String> {
    (0usize..200, any::<u8>(), 0usize..3).prop_map(|(at, byte, how)| {
        let mut value = dumps(
            &Value::from("x".repeat(150)),
            "secret",
            "s",
            at % 2 == 0,
            1.7e9,
        );
        let at = at.min(value.len());
        match how {
            0 => value.truncate(at),
            1 => {
                let c = char::from(byte.clamp(32, 126));
                value.replace_range(at.saturating_sub(1)..at, &c.to_string());
            }
            _ => value.insert(at, ':'),
        }
        value
    })
}

proptest! {
    #[test]
    fn reading_any_paste_never_panics(text in pasted(), now in -1e12f64..1e12) {
        if let Ok(found) = find_value(&text, "sessionid", now) {
            prop_assert!(!found.value.is_empty());
            let _ = diagnose(&found.value, &keys(), None, AgeLimit::Seconds(60.0), now);
        }
        let _ = har_timeline(&text, "sessionid");
        let _ = shell_words(&text);
    }

    #[test]
    fn any_value_gets_a_diagnosis_of_the_contract_s_shape(
        value in prop_oneof![any::<String>(), damaged_value()],
        salt in prop_oneof![Just(None), Just(Some("s".to_owned())), any::<String>().prop_map(Some)],
        now in -1e15f64..1e15,
    ) {
        let limit = AgeLimit::AsDjango { session_cookie_age: 1_209_600 };
        let diagnosis = diagnose(&value, &keys(), salt.as_deref(), limit, now);
        let verified = diagnosis.salt.is_some();
        prop_assert_eq!(verified, diagnosis.key.is_some());
        prop_assert_eq!(verified, diagnosis.algorithm.is_some());
        match diagnosis.verdict {
            DiagnosisVerdict::BadSignature | DiagnosisVerdict::NotDjango => prop_assert!(!verified),
            DiagnosisVerdict::Malformed => prop_assert!(diagnosis.data.is_none()),
            _ => prop_assert!(verified && diagnosis.data.is_some()),
        }
    }
}
