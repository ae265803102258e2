//! Property tests: the signing, JSON and cookie-decoder entry points never panic, whatever they
//! are fed, and `loads(dumps(v)) == v` for any JSON value.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use sessionscope_engine::compress::zlib_decompress;
use sessionscope_engine::decoder::{decode_cookie, AgeLimit, DecodeOptions, Verdict};
use sessionscope_engine::json::{
    parse_python_json, parse_python_json_bytes_latin1, to_pretty_json, to_python_json, Dict, PyInt,
    Value,
};
use sessionscope_engine::signing::{
    b62_decode, b64_decode, dumps, explain_loads, inspect, loads, Signer, SigningKeys,
    TimestampSigner,
};

fn keys() -> SigningKeys {
    SigningKeys {
        secret: "secret".into(),
        fallbacks: vec!["old".into()],
    }
}

/// Strings that look a little like signed values: base64 text, dots, colons, junk.
fn signed_like() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[.]?[A-Za-z0-9_=+/-]{0,40}(:[0-9A-Za-z-]{0,8}){0,3}",
        "[.:eJ=!é\\-_]{0,20}",
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    let scalar = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        "-?[1-9][0-9]{18,60}"
            .prop_map(|digits| PyInt::parse(&digits).map_or(Value::Null, Value::Int)),
        any::<f64>()
            .prop_filter("finite", |x| x.is_finite())
            .prop_map(Value::Float),
        any::<String>().prop_map(Value::Str),
    ];
    scalar.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::List),
            prop::collection::vec((any::<String>(), inner), 0..6)
                .prop_map(|entries| Value::Dict(entries.into_iter().collect::<Dict>())),
        ]
    })
}

/// Cases per property: `PROPTEST_CASES` when set (`scripts/long-checks.sh` sets 1,000,000),
/// else `default` (the quick figure `cargo test` runs).
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(2000), ..ProptestConfig::default() })]

    #[test]
    fn loads_never_panics(signed in signed_like(), max_age in proptest::option::of(-10.0f64..1e7), now in any::<f64>()) {
        let result = loads(&signed, &keys(), "salt", max_age, now);
        if let Err(error) = &result {
            prop_assert!(["BadSignature", "SignatureExpired", "MalformedPayload"].contains(&error.kind()));
            prop_assert!(!error.to_string().is_empty());
        }
        let explained = explain_loads(&signed, &keys(), "salt", max_age, now);
        prop_assert_eq!(explained.result, result);
    }

    /// Correctly signed garbage reaches the timestamp, base64, zlib and JSON stages.
    #[test]
    fn correctly_signed_garbage_never_panics(payload in signed_like(), timestamp in "[0-9A-Za-z!-]{0,12}") {
        let keys = keys();
        let plain = Signer::new(&keys, "salt");
        for signed in [
            TimestampSigner::new(&keys, "salt").sign(&payload, 1e9),
            plain.sign(&format!("{payload}:{timestamp}")),
            plain.sign(&payload),
        ] {
            for max_age in [None, Some(10.0)] {
                let result = loads(&signed, &keys, "salt", max_age, 1e9);
                if let Err(error) = &result {
                    prop_assert_ne!(error.kind(), "BadSignature");
                }
                prop_assert_eq!(explain_loads(&signed, &keys, "salt", max_age, 1e9).result, result);
            }
        }
    }

    #[test]
    fn inspect_never_panics(signed in signed_like()) {
        let parts = inspect(&signed);
        prop_assert!(signed.contains(&parts.payload));
    }

    #[test]
    fn json_reader_never_panics(text in any::<String>(), bytes in prop::collection::vec(any::<u8>(), 0..64)) {
        if let Ok(value) = parse_python_json(&text) {
            let _ = to_pretty_json(&value);
            prop_assert!(parse_python_json(&to_python_json(&value)).is_ok());
        }
        let _ = parse_python_json_bytes_latin1(&bytes);
    }

    #[test]
    fn json_reader_survives_json_shaped_noise(text in "[\\[\\]{}\",:0-9.eE+\\-a-z\\\\ ]{0,60}") {
        let _ = parse_python_json(&text);
    }

    #[test]
    fn decoders_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..80), text in any::<String>()) {
        let _ = b64_decode(&bytes);
        let _ = zlib_decompress(&bytes);
        let _ = b62_decode(&text);
    }

    #[test]
    fn loads_reverses_dumps(value in json_value(), compress in any::<bool>(), now in 0.0f64..4e9) {
        let signed = dumps(&value, "secret", "salt", compress, now);
        let back = loads(&signed, &keys(), "salt", Some(0.0), now.trunc());
        prop_assert_eq!(back, Ok(value));
    }

    #[test]
    fn the_cookie_decoder_never_panics_and_agrees_with_loads(
        value in signed_like(),
        verify in any::<bool>(),
        max_age in proptest::option::of(-10.0f64..1e7),
        now in any::<f64>(),
    ) {
        let options = DecodeOptions {
            keys: verify.then(keys),
            salt: Some("salt".into()),
            age_limit: max_age.map_or(AgeLimit::Unlimited, AgeLimit::Seconds),
            now,
        };
        let decoded = decode_cookie(&value, &options);
        if let Verdict::Valid { data, .. } = &decoded.verdict {
            prop_assert_eq!(Ok(data.clone()), loads(value.trim(), &keys(), "salt", max_age, now));
        }
    }
}
