//! A diagnosis in words, as `sessionscope decode` prints it and the page's decoder shows it:
//! times as dates and `2 h 14 min`, never a float of seconds.

use super::diagnosis::{Diagnosis, DiagnosisVerdict};
use super::salts::{salt_use, KNOWN_SALTS};
use super::words::{age_words, date_words, duration_words, moment_words};
use crate::json::python_float_repr;
use crate::quoted::Quoted;
use crate::signing::VerifyingKey;

fn salt_words(salt: &str) -> String {
    match salt_use(salt) {
        Some(used_for) => format!("salt {salt:?}: {used_for}", salt = Quoted(salt),),
        None => format!("salt {salt:?}", salt = Quoted(salt),),
    }
}

fn key_words(key: VerifyingKey) -> String {
    match key {
        VerifyingKey::Current => "signed with SECRET_KEY".to_owned(),
        VerifyingKey::Fallback(n) => format!("signed with SECRET_KEY_FALLBACKS[{n}]"),
    }
}

fn max_age_words(max_age: Option<f64>) -> String {
    max_age.map_or("no max_age".to_owned(), |age| {
        format!("max_age {} ({})", number(age), duration_words(age))
    })
}

/// The diagnosis in words, one sentence: what verified (salt, key, hash, `max_age`) and,
/// when Django rejects the value, why; `asked_salt` and `fallbacks` say what was tried.
pub fn verdict_words(
    diagnosis: &Diagnosis,
    asked_salt: Option<&str>,
    fallbacks: usize,
    now: f64,
) -> String {
    let salt = diagnosis
        .salt
        .as_deref()
        .map(salt_words)
        .unwrap_or_default();
    let key = diagnosis.key.map(key_words).unwrap_or_default();
    let limit = max_age_words(diagnosis.max_age);
    let remaining = match (diagnosis.age, diagnosis.max_age) {
        (Some(age), Some(max_age)) => format!(
            "; it expires in {} (at {})",
            duration_words(max_age - age),
            date_words(now - age + max_age).unwrap_or_default()
        ),
        _ => String::new(),
    };
    match diagnosis.verdict {
        DiagnosisVerdict::Valid => format!("valid: {salt}, {key}, {limit}{remaining}"),
        DiagnosisVerdict::ValidWithFallback => format!(
            "valid with a fallback key: {salt}, {key}, {limit}{remaining}. Django accepts it, \
             and a session saved again is signed with SECRET_KEY; keep the fallback until every \
             value signed with it has expired"
        ),
        DiagnosisVerdict::Expired => {
            let (age, max_age) = (
                diagnosis.age.unwrap_or_default(),
                diagnosis.max_age.unwrap_or_default(),
            );
            let signed = now - age;
            format!(
                "expired (SignatureExpired: older than max_age {} s, {}): signed {}, expired at {} \
                 ({}); {salt}, {key}",
                number(max_age),
                duration_words(max_age),
                moment_words(signed, now),
                date_words(signed + max_age).unwrap_or_default(),
                age_words(age - max_age)
            )
        }
        DiagnosisVerdict::OtherSalt => format!(
            "other salt: not signed with salt {:?} but with {salt}; {key}. With that salt it \
             reads ({limit})",
            Quoted(asked_salt.unwrap_or_default())
        ),
        DiagnosisVerdict::LegacySha1 => format!(
            "legacy SHA-1: signed with HMAC-SHA1, as Django before 3.1 (or 3.1 and 3.2 with \
             DEFAULT_HASHING_ALGORITHM = \"sha1\") signs; Django 4.0 and later check only \
             SHA-256 and say BadSignature; {salt}, {key}"
        ),
        DiagnosisVerdict::BadSignature => {
            let mut salts: Vec<String> = asked_salt.iter().map(|s| (*s).to_owned()).collect();
            for known in KNOWN_SALTS {
                if !salts.iter().any(|s| s == known.salt) {
                    salts.push(known.salt.to_owned());
                }
            }
            format!(
                "BadSignature: {} (tried salt {}, with SECRET_KEY and {fallbacks} fallback{}, \
                 HMAC-SHA256 and HMAC-SHA1)",
                diagnosis.reason.as_deref().unwrap_or_default(),
                salts
                    .iter()
                    .map(|salt| format!("{:?}", Quoted(salt)))
                    .collect::<Vec<_>>()
                    .join(", "),
                if fallbacks == 1 { "" } else { "s" },
            )
        }
        DiagnosisVerdict::Malformed if diagnosis.salt.is_some() => format!(
            "malformed: {} ({salt}, {key}, {})",
            diagnosis.reason.as_deref().unwrap_or_default(),
            diagnosis.algorithm.map_or("", |a| a.name())
        ),
        DiagnosisVerdict::Malformed => format!(
            "malformed: {}",
            diagnosis.reason.as_deref().unwrap_or_default()
        ),
        DiagnosisVerdict::NotDjango => format!(
            "not Django: {}: {}",
            diagnosis.foreign.as_ref().map_or("", |f| f.name()),
            diagnosis.reason.as_deref().unwrap_or_default()
        ),
    }
}

/// Seconds as Python prints an `int` when whole, else as a float's `repr`.
fn number(seconds: f64) -> String {
    if seconds.fract() == 0.0 && seconds.abs() < 1e15 {
        format!("{}", seconds as i64)
    } else {
        python_float_repr(seconds)
    }
}
