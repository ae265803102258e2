//! Reading a Django cookie value met outside the browser (`sessionscope decode`, or a page where
//! one is pasted): what kind of value it is, its parts, what it holds, and whether Django
//! would accept it with a given `SECRET_KEY`.
//!
//! Django signs two kinds of session values. The signed_cookies backend's cookie is
//! `signing.dumps(session, salt="django.contrib.sessions.backends.signed_cookies",
//! compress=True)` and is read back with `max_age=SESSION_COOKIE_AGE`
//! (`backends/signed_cookies.py`). The `session_data` the db, cache and file backends store is
//! `SessionBase.encode` (salt `"django.contrib.sessions.SessionStore"`), read back by
//! `SessionBase.decode` with no `max_age` (`backends/base.py`). The cookie of those backends
//! is only a 32-character session key: its data is on the server.

pub mod curl;
mod cut_short;
mod diagnosis;
mod diagnosis_words;
pub mod foreign;
mod har_timeline;
mod input_form;
mod model;
mod pickle_payload;
mod read;
mod salts;
mod set_cookie_words;
mod signature_checks;
pub mod words;

pub use diagnosis::{diagnose, key_name, Diagnosis, DiagnosisVerdict};
pub use diagnosis_words::verdict_words;
pub use har_timeline::{
    har_timeline, looks_like_har, HarEvent, HarEventKind, HarTimeline, HAR_WITH_COOKIES,
};
pub use input_form::{find_value, FoundValue, InputForm, DEFAULT_COOKIE_NAME};
pub use model::{is_session_key, AgeLimit, DecodeOptions, DecodedCookie, SignedValue, Verdict};
pub use read::{decode_cookie, loads_value, read_cookie};
pub use salts::{salt_use, KnownSalt, KNOWN_SALTS};
pub use set_cookie_words::attribute_words;

pub use pickle_payload::{read_pickle_payload, PicklePayload, PICKLE_WRITERS};

pub use signature_checks::{
    check_bytes, key_text, salts_tried, signature_checks, signature_matches, verdict_after_checks,
    SignatureCheck,
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::{parse_python_json, Value};
    use crate::pickle::PickleError;
    use crate::session::{SIGNED_COOKIE_SALT, STORE_SALT};
    use crate::signing::dumps;
    use crate::signing::{SigningError, SigningKeys, VerifyingKey, DEFAULT_SALT};

    #[test]
    fn a_django_4_2_pickle_cookie_reads_as_data() {
        // README worked example 2: a signed_cookies cookie of Django 4.2 with PickleSerializer.
        let cookie = ".eJxrYJ0axgABtVM0eliSE4tKpsQCWUyHV07JYE7tYS3JL0nMmeLuoAxR1cOUnz2lo4clL78kdYpfD2PeFK9_____72FOykyf0sUGVsPYw1xYUjnFV4exVA8A5wIf5g:1r31eq:7n0297YMSDvU9snSf6aQSZjYaynmm6Zc-SbOhVRcWCo";
        let expected = parse_python_json(
            r#"{"cart": ["é", "é"], "total": 9.5, "ok": true, "note": null, "n": -2, "big": 1099511627776, "qty": 300}"#,
        )
        .unwrap();
        let unverified = decode_cookie(cookie, &options(None));
        let signed = unverified.signed.as_ref().unwrap();
        assert!(signed.pickle.is_some());
        assert_eq!(signed.contents, Ok(expected.clone()));
        assert_eq!(unverified.verdict, Verdict::NotVerified);
        let keys = SigningKeys::new(crate::session::DEFAULT_SECRET_KEY);
        let decoded = decode_cookie(cookie, &options(Some(keys)));
        match decoded.verdict {
            Verdict::Valid { salt, data, .. } => {
                assert_eq!(salt, SIGNED_COOKIE_SALT);
                assert_eq!(data, expected);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_forged_pickle_is_refused_and_listed() {
        let forged = crate::signing::dumps_bytes(
            b"\x80\x05cos\nsystem\n(X\x03\x00\x00\x00idstR.",
            crate::session::DEFAULT_SECRET_KEY,
            SIGNED_COOKIE_SALT,
            true,
            NOW,
        );
        let keys = SigningKeys::new(crate::session::DEFAULT_SECRET_KEY);
        let decoded = decode_cookie(&forged, &options(Some(keys)));
        let payload = decoded.signed.as_ref().unwrap().pickle.as_ref().unwrap();
        assert!(payload.runs_code());
        assert!(matches!(
            payload.read,
            Err(PickleError::Refused {
                opcode: "GLOBAL",
                ..
            })
        ));
        match decoded.verdict {
            Verdict::Malformed {
                salt: Some(_),
                reason,
            } => {
                assert!(reason.contains("refused"), "{reason}")
            }
            other => panic!("{other:?}"),
        }
    }

    const NOW: f64 = 1_700_000_000.0;

    fn cart() -> Value {
        parse_python_json(r#"{"cart": {"p1": 2}}"#).unwrap()
    }

    fn options(keys: Option<SigningKeys>) -> DecodeOptions {
        DecodeOptions {
            keys,
            salt: None,
            age_limit: AgeLimit::AsDjango {
                session_cookie_age: 1_209_600,
            },
            now: NOW + 100.0,
        }
    }

    #[test]
    fn a_django_signed_cookie_verifies_with_the_signed_cookies_salt() {
        // From the conformance trace cart_basic__signed_cookies (real Django 5.2).
        let cookie = "eyJjYXJ0Ijp7InAxIjoyfX0:1r31eq:ftez7rwYyN3H8t-vDufJ-pYL05MSn3jAFIO0sWBFNkI";
        let keys = SigningKeys::new(crate::session::DEFAULT_SECRET_KEY);
        let decoded = decode_cookie(cookie, &options(Some(keys)));
        assert_eq!(
            decoded.verdict,
            Verdict::Valid {
                salt: SIGNED_COOKIE_SALT.to_owned(),
                verified_by: VerifyingKey::Current,
                max_age: Some(1_209_600.0),
                data: cart(),
            }
        );
        let signed = decoded.signed.unwrap();
        assert_eq!(signed.parts.timestamp.as_deref(), Some("1r31eq"));
        assert_eq!(signed.signed_at.unwrap().timestamp(), NOW);
        assert_eq!(signed.age, Some(100.0));
        assert_eq!(signed.json_text.as_deref(), Some(r#"{"cart":{"p1":2}}"#));
        assert_eq!(signed.contents, Ok(cart()));
    }

    #[test]
    fn stored_session_data_verifies_with_the_store_salt_and_no_age_limit() {
        let data = dumps(&cart(), "k", STORE_SALT, true, NOW - 1e8);
        let mut opts = options(Some(SigningKeys {
            secret: "new".into(),
            fallbacks: vec!["k".into()],
        }));
        opts.now = NOW;
        match decode_cookie(&data, &opts).verdict {
            Verdict::Valid {
                salt,
                verified_by,
                max_age,
                ..
            } => {
                assert_eq!(salt, STORE_SALT);
                assert_eq!(verified_by, VerifyingKey::Fallback(0));
                assert_eq!(max_age, None);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn an_old_cookie_is_expired_and_a_wrong_key_is_a_bad_signature() {
        let cookie = dumps(&cart(), "k", SIGNED_COOKIE_SALT, true, NOW);
        let mut opts = options(Some(SigningKeys::new("k")));
        opts.now = NOW + 1_209_600.5;
        let verdict = decode_cookie(&cookie, &opts).verdict;
        assert!(verdict.is_rejection());
        assert!(matches!(
            verdict,
            Verdict::SignatureExpired { age, max_age, .. } if age == 1_209_600.5 && max_age == 1_209_600.0
        ));

        opts.age_limit = AgeLimit::Unlimited;
        assert!(!decode_cookie(&cookie, &opts).verdict.is_rejection());

        let wrong = decode_cookie(&cookie, &options(Some(SigningKeys::new("other"))));
        match wrong.verdict {
            Verdict::BadSignature {
                reason,
                salts_tried,
            } => {
                assert!(reason.starts_with("Signature \""), "{reason}");
                assert_eq!(salts_tried.len(), KNOWN_SALTS.len());
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(wrong.signed.unwrap().contents, Ok(cart()), "still readable");
    }

    #[test]
    fn a_given_salt_is_the_only_one_tried() {
        let value = dumps(&Value::from(1), "k", "my.salt", false, NOW);
        let mut opts = options(Some(SigningKeys::new("k")));
        assert!(decode_cookie(&value, &opts).verdict.is_rejection());
        opts.salt = Some("my.salt".into());
        assert!(matches!(
            decode_cookie(&value, &opts).verdict,
            Verdict::Valid { max_age: None, .. }
        ));
        let default = dumps(&Value::from(1), "k", DEFAULT_SALT, false, NOW);
        opts.salt = None;
        assert!(matches!(
            decode_cookie(&default, &opts).verdict,
            Verdict::Valid { salt, .. } if salt == DEFAULT_SALT
        ));
    }

    #[test]
    fn without_a_key_the_contents_are_read_but_not_verified() {
        let long = Value::from("ab".repeat(50));
        let cookie = dumps(&long, "k", SIGNED_COOKIE_SALT, true, NOW);
        let decoded = decode_cookie(&format!("  {cookie}\n"), &options(None));
        assert_eq!(decoded.value, cookie);
        assert_eq!(decoded.verdict, Verdict::NotVerified);
        let signed = decoded.signed.unwrap();
        assert!(signed.parts.compressed);
        assert_eq!(signed.contents, Ok(long));
    }

    #[test]
    fn session_keys_and_malformed_values_are_told_apart() {
        let key = "abcdefghijklmnopqrstuvwxyz012345";
        for keys in [None, Some(SigningKeys::new("k"))] {
            let decoded = decode_cookie(key, &options(keys));
            assert_eq!(
                (decoded.verdict, decoded.signed),
                (Verdict::SessionKey, None)
            );
        }
        assert!(!is_session_key("ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"));
        assert!(!is_session_key("abc"));

        let reason = |value: &str| match decode_cookie(value, &options(None)).verdict {
            Verdict::Malformed { salt: None, reason } => reason,
            other => panic!("{value}: {other:?}"),
        };
        assert!(reason("hello").contains("no \":\""));
        assert!(reason("eyJhIjoxfQ:sig").contains("only one"));
        assert!(reason("eyJhIjoxfQ:!!:sig").contains("base62"));
        assert_eq!(
            reason("!!!:1r31eq:sig"),
            "the payload is not valid JSON: json.decoder.JSONDecodeError: Expecting value: line 1 column 1 (char 0)"
        );

        let keyed = decode_cookie("hello", &options(Some(SigningKeys::new("k"))));
        assert!(
            matches!(keyed.verdict, Verdict::BadSignature { reason, .. } if reason.contains("No \":\" found"))
        );
    }

    #[test]
    fn a_verified_but_undecodable_payload_is_malformed_with_its_salt() {
        let signer_keys = SigningKeys::new("k");
        let signer = crate::signing::TimestampSigner::new(&signer_keys, STORE_SALT);
        let value = signer.sign(".bm90IHpsaWI", NOW);
        match decode_cookie(&value, &options(Some(signer_keys.clone()))).verdict {
            Verdict::Malformed { salt, reason } => {
                assert_eq!(salt.as_deref(), Some(STORE_SALT));
                assert!(reason.contains("zlib"), "{reason}");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(salt_use(STORE_SALT), Some(KNOWN_SALTS[1].used_for));
        assert_eq!(salt_use("other"), None);
    }

    const SIGNED_AT: f64 = 1_700_000_000.0;
    const TWO_WEEKS: f64 = 1_209_600.0;

    fn cart_cookie(secret: &str) -> String {
        dumps(&cart(), secret, SIGNED_COOKIE_SALT, true, SIGNED_AT)
    }

    fn loads_at(value: &str, keys: &SigningKeys, now: f64) -> DecodedCookie {
        loads_value(value, keys, SIGNED_COOKIE_SALT, Some(TWO_WEEKS), now)
    }

    #[test]
    fn a_fresh_signed_cookie_loads_and_its_json_is_read() {
        let keys = SigningKeys::new("k");
        let loaded = loads_at(&cart_cookie("k"), &keys, SIGNED_AT + 10.0);
        let signed = loaded.signed.as_ref().unwrap();
        assert_eq!(signed.parts.timestamp_seconds, Some(SIGNED_AT));
        assert_eq!(
            loaded.json_text_read_by_loads(),
            Some(r#"{"cart":{"p1":2}}"#)
        );
        assert_eq!(
            loaded.verdict,
            Verdict::Valid {
                salt: SIGNED_COOKIE_SALT.to_owned(),
                verified_by: VerifyingKey::Current,
                max_age: Some(TWO_WEEKS),
                data: cart(),
            }
        );
        assert_eq!(loaded.verdict.loads_error(), None);
    }

    #[test]
    fn an_old_value_raises_signature_expired_and_a_tampered_one_bad_signature() {
        let keys = SigningKeys::new("k");
        let value = cart_cookie("k");
        let expired = loads_at(&value, &keys, SIGNED_AT + TWO_WEEKS + 1.0);
        assert_eq!(
            expired.verdict.loads_error(),
            Some(SigningError::SignatureExpired {
                age: TWO_WEEKS + 1.0,
                max_age: TWO_WEEKS
            })
        );
        assert_eq!(
            expired.json_text_read_by_loads(),
            None,
            "loads stops at the age"
        );
        let bad = loads_at(&format!("{value}x"), &keys, SIGNED_AT);
        assert!(matches!(
            bad.verdict.loads_error(),
            Some(SigningError::BadSignature { .. })
        ));
        assert!(bad.signed.as_ref().unwrap().json_text.is_some());
        assert_eq!(
            bad.json_text_read_by_loads(),
            None,
            "loads stops at the signature"
        );
    }

    #[test]
    fn loads_value_takes_the_value_as_it_is() {
        let keys = SigningKeys::new("k");
        let key_like = "abcdefghijklmnopqrstuvwxyz012345";
        let loaded = loads_at(key_like, &keys, SIGNED_AT);
        assert!(loaded.signed.is_some());
        assert!(matches!(loaded.verdict, Verdict::BadSignature { .. }));
        let padded = loads_at(&format!(" {}", cart_cookie("k")), &keys, SIGNED_AT);
        assert_eq!(padded.value.len(), cart_cookie("k").len() + 1);
    }

    #[test]
    fn a_rotated_secret_still_verifies_through_the_fallback() {
        let keys = SigningKeys {
            secret: "a-new-secret".into(),
            fallbacks: vec!["k".into()],
        };
        let loaded = loads_at(&cart_cookie("k"), &keys, SIGNED_AT);
        assert!(matches!(
            loaded.verdict,
            Verdict::Valid {
                verified_by: VerifyingKey::Fallback(0),
                ..
            }
        ));
    }
}
