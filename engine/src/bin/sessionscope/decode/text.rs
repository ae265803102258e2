//! The report of `sessionscope decode` in words: where the value was found, its parts, the
//! diagnosis and the data.

use sessionscope_engine::decoder::foreign::{recognise, Foreign};
use sessionscope_engine::decoder::words::{age_words, date_words, moment_words};
use sessionscope_engine::decoder::{
    is_session_key, read_cookie, verdict_words, DecodedCookie, Diagnosis, DiagnosisVerdict,
    FoundValue, InputForm, PicklePayload, SignedValue, Verdict, PICKLE_WRITERS,
};
use sessionscope_engine::json::{python_float_repr, to_pretty_json, Value};

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
            lines.push(line(
                "verdict",
                &verdict_words(
                    diagnosis,
                    request.salt.as_deref(),
                    request.keys.as_ref().map_or(0, |k| k.fallbacks.len()),
                    request.now,
                ),
            ));
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
