//! The report of `sessionscope decode` in words: where the value was found, its parts, the
//! diagnosis and the data.

use sessionscope_engine::decoder::foreign::{recognise, Foreign};
use sessionscope_engine::decoder::words::{age_words, date_words, duration_words, moment_words};
use sessionscope_engine::decoder::{
    is_session_key, read_cookie, salt_use, DecodedCookie, Diagnosis, DiagnosisVerdict, FoundValue,
    InputForm, PicklePayload, SignedValue, Verdict, KNOWN_SALTS, PICKLE_WRITERS,
};
use sessionscope_engine::json::{python_float_repr, to_pretty_json, Value};
use sessionscope_engine::signing::VerifyingKey;

use super::Request;
use crate::Output;

/// The whole report of one value.
pub fn report(found: &FoundValue, diagnosis: Option<&Diagnosis>, request: &Request) -> Output {
    let mut lines = input_lines(found);
    lines.extend(value_lines(&found.value, diagnosis, request, request.now));
    let rejected = match diagnosis {
        // A session key holds nothing to verify (as before diagnoses existed).
        Some(_) if is_session_key(&found.value) => false,
        Some(diagnosis) => diagnosis.verdict.is_rejection(),
        None => read_cookie(&found.value, request.now)
            .verdict
            .is_rejection(),
    };
    Output {
        text: lines.join("\n") + "\n",
        rejected,
    }
}

/// `name  text`, names padded to 10.
pub fn line(name: &str, text: &str) -> String {
    format!("{name:<10} {text}")
}

fn input_lines(found: &FoundValue) -> Vec<String> {
    let mut lines = Vec::new();
    if found.form != InputForm::Bare {
        let mut text = found.form.words().to_owned();
        if let Some(name) = &found.cookie_name {
            text.push_str(&format!(": the cookie {name}"));
        }
        lines.push(line("input", &text));
    }
    if !found.other_cookies.is_empty() {
        lines.push(line(
            "others",
            &format!(
                "also in the header: {} (not the session cookie)",
                found.other_cookies.join(", ")
            ),
        ));
    }
    for attribute in &found.attributes {
        lines.push(line("attribute", attribute));
    }
    for note in &found.notes {
        lines.push(line("note", note));
    }
    lines
}

/// The parts, the verdict and the data of `value`, judged at `now`.
pub fn value_lines(
    value: &str,
    diagnosis: Option<&Diagnosis>,
    request: &Request,
    now: f64,
) -> Vec<String> {
    let decoded = read_cookie(value, now);
    let mut lines = vec![line("value", &decoded.value)];
    let foreign = recognise(&decoded.value);
    match (&decoded.signed, &foreign) {
        (_, Some(foreign)) => lines.extend(foreign_lines(foreign, now)),
        (None, None) => lines.push(line(
            "kind",
            "a session key of the db, cache, cached_db or file backend (32 characters a-z0-9). \
             It holds no data: the session is on the server, in the django_session row, cache \
             entry or file named by this key.",
        )),
        (Some(signed), None) => lines.extend(parts(signed)),
    }
    match diagnosis {
        Some(diagnosis) => {
            lines.push(line("verdict", &diagnosis_words(diagnosis, request)));
            for hint in &diagnosis.hints {
                lines.push(line("hint", hint));
            }
            if let (Some(_), Some(Ok(data))) = (
                &diagnosis.pickle,
                diagnosis.pickle.as_ref().map(|p| p.read.clone()),
            ) {
                lines.push(line(
                    "versions",
                    "Django 4.2 with PickleSerializer accepts it; Django 5.0 and later have no \
                     PickleSerializer (SESSION_SERIALIZER naming it is an ImportError, and their \
                     JSONSerializer cannot read a pickle)",
                ));
                lines.push(format!(
                    "data (verified, read from the pickle as data)\n{}",
                    to_pretty_json(&data)
                ));
                return lines;
            }
            if foreign.is_none() {
                lines.push(diagnosed_data(diagnosis, &decoded));
            }
        }
        None => {
            if let Some(foreign) = &foreign {
                lines.push(line("verdict", &format!("not Django: {}", foreign.name())));
                lines.push(line("why", foreign.advice()));
                return lines;
            }
            lines.push(line("verdict", &unverified_words(&decoded.verdict)));
            if let Some(signed) = &decoded.signed {
                lines.push(unverified_data(signed, &decoded.verdict));
            }
        }
    }
    lines
}

fn foreign_lines(foreign: &Foreign, now: f64) -> Vec<String> {
    let mut lines = vec![line("kind", foreign.name())];
    match foreign {
        Foreign::Jwt { header, claims } => {
            lines.push(format!("header\n{}", to_pretty_json(header)));
            if let Some(claims) = claims {
                lines.push(format!("claims (not verified)\n{}", to_pretty_json(claims)));
                for (claim, meaning) in
                    [("iat", "issued"), ("nbf", "valid from"), ("exp", "expires")]
                {
                    let seconds = claims.as_dict().and_then(|d| match d.get(claim) {
                        Some(Value::Int(n)) => Some(n.to_f64()),
                        Some(Value::Float(x)) => Some(*x),
                        _ => None,
                    });
                    if let Some(seconds) = seconds {
                        lines.push(line(
                            claim,
                            &format!("{meaning} {}", moment_words(seconds, now)),
                        ));
                    }
                }
            }
        }
        Foreign::Flask {
            compressed,
            signed_at,
            data,
        } => {
            lines.push(line(
                "compressed",
                if *compressed {
                    "yes (the leading \".\")"
                } else {
                    "no"
                },
            ));
            lines.push(line("timestamp", &moment_words(*signed_at as f64, now)));
            if let Some(data) = data {
                lines.push(format!("session (not verified)\n{}", to_pretty_json(data)));
            }
        }
    }
    lines
}

fn parts(signed: &SignedValue) -> Vec<String> {
    let parts = &signed.parts;
    let dot = if parts.compressed { "." } else { "" };
    let mut lines = vec![
        line("payload", &format!("{dot}{}", parts.payload)),
        line(
            "compressed",
            match (parts.compressed, signed.pickle.is_some()) {
                (true, false) => "yes (the leading \".\": zlib-compressed JSON)",
                (false, false) => "no (plain JSON)",
                (true, true) => "yes (the leading \".\": a zlib-compressed pickle)",
                (false, true) => "no (a plain pickle)",
            },
        ),
    ];
    if let Some(payload) = &signed.pickle {
        lines.extend(pickle_lines(payload));
    }
    let timestamp = match (&parts.timestamp, parts.timestamp_seconds) {
        (None, _) => "none".to_owned(),
        (Some(text), Some(seconds)) if signed.age.is_some() => format!(
            "{text} = {} = {} ({})",
            number(seconds),
            date_words(seconds).unwrap_or_else(|| "a date outside Python's datetime".to_owned()),
            age_words(signed.age.unwrap_or_default())
        ),
        (Some(text), _) => format!("{text} (not a readable base62 time)"),
    };
    lines.push(line("timestamp", &timestamp));
    lines.push(line(
        "signature",
        parts.signature.as_deref().unwrap_or("none"),
    ));
    lines
}

/// How many opcodes of a harmless pickle are listed.
const LISTED_OPS: usize = 40;

fn pickle_lines(payload: &PicklePayload) -> Vec<String> {
    let mut lines = vec![line(
        "format",
        &format!(
            "pickle protocol {}: {PICKLE_WRITERS}. Read here as data; nothing in it is run.",
            payload
                .ops
                .first()
                .filter(|op| op.name == "PROTO")
                .map_or("?".to_owned(), |op| op.arg.clone())
        ),
    )];
    if payload.runs_code() {
        lines.push(line(
            "danger",
            "this pickle would make Python import or call code (Django 4.2 would run it on \
             load); refused here, never run. Its opcodes, those marked ! would run code:",
        ));
    }
    let shown = if payload.runs_code() {
        payload.ops.len()
    } else {
        payload.ops.len().min(LISTED_OPS)
    };
    for op in &payload.ops[..shown] {
        let mark = if op.runs_code { "!" } else { " " };
        lines.push(format!("  {mark} {op}"));
    }
    if shown < payload.ops.len() {
        lines.push(format!("    … {} more opcodes", payload.ops.len() - shown));
    }
    if let Some(error) = &payload.listing_error {
        lines.push(line("opcodes", &format!("listing stopped: {error}")));
    }
    lines
}

fn salt_words(salt: &str) -> String {
    match salt_use(salt) {
        Some(used_for) => format!("salt {salt:?}: {used_for}"),
        None => format!("salt {salt:?}"),
    }
}

fn key_words(key: VerifyingKey) -> String {
    match key {
        VerifyingKey::Current => "signed with SECRET_KEY (the first --key)".to_owned(),
        VerifyingKey::Fallback(n) => format!(
            "signed with SECRET_KEY_FALLBACKS[{n}] (--key number {})",
            n + 2
        ),
    }
}

fn max_age_words(max_age: Option<f64>) -> String {
    max_age.map_or("no max_age".to_owned(), |age| {
        format!("max_age {} ({})", number(age), duration_words(age))
    })
}

/// The diagnosis in words.
pub fn diagnosis_words(diagnosis: &Diagnosis, request: &Request) -> String {
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
            date_words(request.now - age + max_age).unwrap_or_default()
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
            let signed = request.now - age;
            format!(
                "expired (SignatureExpired: age {} s > max_age {} s): signed {}, expired at {} \
                 ({}); {salt}, {key}",
                number(age),
                number(max_age),
                moment_words(signed, request.now),
                date_words(signed + max_age).unwrap_or_default(),
                age_words(age - max_age)
            )
        }
        DiagnosisVerdict::OtherSalt => format!(
            "other salt: not signed with salt {:?} but with {salt}; {key}. With that salt it \
             reads ({limit})",
            request.salt.as_deref().unwrap_or_default()
        ),
        DiagnosisVerdict::LegacySha1 => format!(
            "legacy SHA-1: signed with HMAC-SHA1, as Django before 3.1 (or 3.1 and 3.2 with \
             DEFAULT_HASHING_ALGORITHM = \"sha1\") signs; Django 4.0 and later check only \
             SHA-256 and say BadSignature; {salt}, {key}"
        ),
        DiagnosisVerdict::BadSignature => {
            let mut salts: Vec<String> = request.salt.iter().cloned().collect();
            for known in KNOWN_SALTS {
                if !salts.iter().any(|s| s == known.salt) {
                    salts.push(known.salt.to_owned());
                }
            }
            let fallbacks = request.keys.as_ref().map_or(0, |k| k.fallbacks.len());
            format!(
                "BadSignature: {} (tried salt {}, with SECRET_KEY and {fallbacks} fallback{}, \
                 HMAC-SHA256 and HMAC-SHA1)",
                diagnosis.reason.as_deref().unwrap_or_default(),
                salts
                    .iter()
                    .map(|salt| format!("{salt:?}"))
                    .collect::<Vec<_>>()
                    .join(", "),
                if fallbacks == 1 { "" } else { "s" }
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

fn diagnosed_data(diagnosis: &Diagnosis, decoded: &DecodedCookie) -> String {
    let label = match diagnosis.verdict {
        DiagnosisVerdict::Valid | DiagnosisVerdict::ValidWithFallback => "data (verified)",
        DiagnosisVerdict::Expired => "data (genuine but expired: Django ignores it)",
        DiagnosisVerdict::OtherSalt => "data (genuine, under the other salt)",
        DiagnosisVerdict::LegacySha1 => "data (genuine, signed with SHA-1)",
        _ => "",
    };
    match (&diagnosis.data, &decoded.signed) {
        (Some(data), _) => format!("{label}\n{}", to_pretty_json(data)),
        (None, Some(signed)) => unverified_data(signed, &Verdict::NotVerified).replacen(
            "data (not verified)",
            "data (Django rejects this value; read without verifying)",
            1,
        ),
        (None, None) => line("data", "none: the value holds no data"),
    }
}

fn unverified_words(verdict: &Verdict) -> String {
    match verdict {
        Verdict::SessionKey => "nothing to verify: a session key is not signed".to_owned(),
        Verdict::Malformed { reason, .. } => format!("malformed: {reason}"),
        _ => "not verified: no --key given (anyone can read a signed value; only the \
              signature, checked with SECRET_KEY, shows Django made it)"
            .to_owned(),
    }
}

fn unverified_data(signed: &SignedValue, verdict: &Verdict) -> String {
    let label = match verdict {
        Verdict::NotVerified => "data (not verified)",
        _ => "data (Django rejects this value; read without verifying)",
    };
    match &signed.contents {
        Ok(data) => format!("{label}\n{}", to_pretty_json(data)),
        Err(reason) => line("data", &format!("unreadable: {reason}")),
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
