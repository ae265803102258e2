//! `sessionscope decode`: a cookie taken apart by the engine's [`decode_cookie`], in words.

use sessionscope_engine::decoder::{
    decode_cookie, salt_use, AgeLimit, DecodeOptions, DecodedCookie, PicklePayload, SignedValue,
    Verdict, PICKLE_WRITERS,
};
use sessionscope_engine::json::{python_float_repr, to_pretty_json};
use sessionscope_engine::session::Settings;
use sessionscope_engine::signing::{SigningKeys, VerifyingKey};

use crate::args::{parse, seconds, OptionSpec};
use crate::{argument_or_stdin, help, now, usage, Failure, Output};

pub const HELP: &str = "\
Usage: sessionscope decode COOKIE [--key K]... [--salt S] [--max-age SECONDS|none] [--time T]

Takes a Django session cookie (or any signing.dumps value) apart: its payload, timestamp (with
the UTC date), signature, whether it is compressed, and the data it holds. Signing is not
encryption: anyone can read the data. With --key, runs signing.loads as Django would and says
whether Django accepts the value (valid, BadSignature, SignatureExpired, malformed). A
32-character a-z0-9 value is a session key of the db, cache, cached_db or file backend: its
data is on the server, not in the cookie. A payload that is a pickle (Django 4.2's
PickleSerializer) is read as data and its opcodes listed; anything that would import or call
code is refused and shown, never run.

  COOKIE           the cookie value; - reads standard input
  --key K          SECRET_KEY; give --key again for each of SECRET_KEY_FALLBACKS, in order
  --salt S         the salt; by default these are tried in turn and the one that verifies is
                   named: django.contrib.sessions.backends.signed_cookies (the signed_cookies
                   cookie), django.contrib.sessions.SessionStore (stored session_data) and
                   django.core.signing (signing.dumps without a salt)
  --max-age N      the max_age for every salt (none: no limit). By default as Django: the
                   signed_cookies salt gets SESSION_COOKIE_AGE (1209600), the others none
  --time T         the current time in Unix seconds (default: now)

Exit code 1 when Django rejects the value (bad signature, expired, malformed).

Example:
  sessionscope decode 'eyJjYXJ0Ijp7InAxIjoyfX0:1r31eq:ftez7rwYyN3H8t-vDufJ-pYL05MSn3jAFIO0sWBFNkI' \\
      --key oracle-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz --time 1700000100
";

const OPTIONS: [OptionSpec; 4] = [
    OptionSpec::value("key"),
    OptionSpec::value("salt"),
    OptionSpec::value("max-age"),
    OptionSpec::value("time"),
];

/// Runs `sessionscope decode` with `args`.
pub fn command(args: &[String]) -> Result<Output, Failure> {
    let parsed = parse(args, &OPTIONS).map_err(usage)?;
    if parsed.help {
        return help(HELP);
    }
    let cookie = parsed.single_positional("COOKIE").map_err(usage)?;
    let keys = parsed.values("key");
    crate::weak_keys::print_weak_key_warnings("decode", &keys);
    let keys = keys.split_first().map(|(secret, fallbacks)| SigningKeys {
        secret: (*secret).to_owned(),
        fallbacks: fallbacks.iter().map(|k| (*k).to_owned()).collect(),
    });
    let age_limit = match parsed.value("max-age").map_err(usage)? {
        None => AgeLimit::AsDjango {
            session_cookie_age: Settings::default().cookie_age,
        },
        Some("none") => AgeLimit::Unlimited,
        Some(text) => AgeLimit::Seconds(seconds("max-age", text).map_err(usage)?),
    };
    let options = DecodeOptions {
        keys,
        salt: parsed.value("salt").map_err(usage)?.map(str::to_owned),
        age_limit,
        now: now(&parsed)?,
    };
    let value = argument_or_stdin(cookie)?;
    if value.trim().is_empty() {
        return Err(Failure::Input("the cookie value is empty".to_owned()));
    }
    let decoded = decode_cookie(&value, &options);
    Ok(Output {
        text: render(&decoded),
        rejected: decoded.verdict.is_rejection(),
    })
}

/// The report: one `name  text` line per fact, then the data.
fn render(decoded: &DecodedCookie) -> String {
    let mut lines = vec![line("value", &decoded.value)];
    match &decoded.signed {
        None => lines.push(line(
            "kind",
            "a session key of the db, cache, cached_db or file backend (32 characters a-z0-9). \
             It holds no data: the session is on the server, in the django_session row, cache \
             entry or file named by this key.",
        )),
        Some(signed) => lines.extend(parts(signed)),
    }
    lines.push(line("verdict", &verdict(&decoded.verdict)));
    let pickled = decoded.signed.as_ref().is_some_and(|s| s.pickle.is_some());
    if pickled && matches!(decoded.verdict, Verdict::Valid { .. }) {
        lines.push(line(
            "versions",
            "Django 4.2 with PickleSerializer accepts it; Django 5.0 and later have no \
             PickleSerializer (SESSION_SERIALIZER naming it is an ImportError, and their \
             JSONSerializer cannot read a pickle)",
        ));
    }
    if let Some(signed) = &decoded.signed {
        lines.push(data(signed, &decoded.verdict));
    }
    lines.join("\n") + "\n"
}

fn line(name: &str, text: &str) -> String {
    format!("{name:<10} {text}")
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
    let timestamp = match (&parts.timestamp, signed.signed_at, signed.age) {
        (None, ..) => "none".to_owned(),
        (Some(text), Some(date), Some(age)) => format!(
            "{text} = {} = {} UTC ({})",
            number(date.timestamp()),
            date.isoformat()
                .trim_end_matches("+00:00")
                .replacen('T', " ", 1),
            relative(age)
        ),
        (Some(text), ..) => format!("{text} (not a readable base62 time)"),
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

fn verdict(verdict: &Verdict) -> String {
    match verdict {
        Verdict::SessionKey => "nothing to verify: a session key is not signed".to_owned(),
        Verdict::NotVerified => "not verified: no --key given (anyone can read a signed value; \
             only the signature, checked with SECRET_KEY, shows Django made it)"
            .to_owned(),
        Verdict::Valid {
            salt,
            verified_by,
            max_age,
            ..
        } => format!(
            "valid: {}, {}, {}",
            salt_words(salt),
            key_words(*verified_by),
            max_age.map_or("no max_age".to_owned(), |age| format!(
                "max_age {}",
                number(age)
            ))
        ),
        Verdict::BadSignature {
            reason,
            salts_tried,
        } => format!(
            "BadSignature: {reason} (tried salt {})",
            salts_tried
                .iter()
                .map(|salt| format!("{salt:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Verdict::SignatureExpired {
            salt,
            verified_by,
            age,
            max_age,
        } => format!(
            "SignatureExpired: age {} s > max_age {} s, expired {} ago ({}, {})",
            number(*age),
            number(*max_age),
            duration(age - max_age),
            salt_words(salt),
            key_words(*verified_by)
        ),
        Verdict::Malformed {
            salt: Some(salt),
            reason,
        } => format!(
            "malformed: the signature verifies ({}) but {reason}",
            salt_words(salt)
        ),
        Verdict::Malformed { salt: None, reason } => format!("malformed: {reason}"),
    }
}

fn data(signed: &SignedValue, verdict: &Verdict) -> String {
    let label = match verdict {
        Verdict::Valid { .. } => "data (verified)",
        Verdict::NotVerified => "data (not verified)",
        Verdict::SignatureExpired { .. } => "data (genuine but expired: Django ignores it)",
        _ => "data (Django rejects this value; read without verifying)",
    };
    match (verdict, &signed.contents) {
        (Verdict::Valid { data, .. }, _) | (_, Ok(data)) => {
            format!("{label}\n{}", to_pretty_json(data))
        }
        (_, Err(reason)) => line("data", &format!("unreadable: {reason}")),
    }
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

fn relative(age: f64) -> String {
    if age >= 0.0 {
        format!("{} ago", duration(age))
    } else {
        format!("{} in the future", duration(-age))
    }
}

/// Seconds in the largest unit that keeps a number above 2.
fn duration(seconds: f64) -> String {
    let units = [(86_400.0, "days"), (3_600.0, "hours"), (60.0, "minutes")];
    units
        .iter()
        .find(|(size, _)| seconds >= 2.0 * size)
        .map_or_else(
            || format!("{} s", number(seconds.max(0.0))),
            |(size, name)| format!("{} {name}", (seconds / size).floor()),
        )
}

/// Seconds as Python prints an `int` when whole, else as a float's `repr`.
fn number(seconds: f64) -> String {
    if seconds.fract() == 0.0 && seconds.abs() < 1e15 {
        format!("{}", seconds as i64)
    } else {
        python_float_repr(seconds)
    }
}
