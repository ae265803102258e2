//! `sessionscope decode`: whatever was pasted (a value, a `Cookie` header, a `Set-Cookie`
//! line, a curl command, a HAR file) taken apart by the engine's decoder, with its diagnosis
//! in words or as the `--json` contract.

mod har;
mod text;

use sessionscope_engine::decoder::{
    diagnose, find_value, is_session_key, looks_like_har, AgeLimit, Diagnosis, DEFAULT_COOKIE_NAME,
};
use sessionscope_engine::json::to_python_json;
use sessionscope_engine::session::Settings;
use sessionscope_engine::signing::SigningKeys;

use crate::args::{parse, seconds, OptionSpec};
use crate::{argument_or_stdin, help, now, usage, Failure, Output};

pub const HELP: &str = "\
Usage: sessionscope decode COOKIE [--key K...] [--salt S] [--max-age SECONDS|none]
                           [--cookie-name NAME] [--time T] [--json]
       sessionscope decode --har FILE [--key K...] [...]

Takes a Django session cookie (or any signing.dumps value) apart: its payload, timestamp (with
the UTC date), signature, whether it is compressed, and the data it holds. Signing is not
encryption: anyone can read the data. With --key, says whether Django accepts it and, when
not, why, each cause found by trying: another salt, a SHA-1 signature of Django before 3.1,
a SECRET_KEY_FALLBACKS key, an expired max_age, a value cut short, a JWT or Flask cookie. A
payload that is a pickle (Django 4.2's PickleSerializer) is read as data and its opcodes
listed; anything that would import or call code is refused and shown, never run.

COOKIE may be the bare value, a quoted or URL-encoded value, a whole Cookie: header (the
cookie named --cookie-name is picked), a Set-Cookie: line (its attributes explained), a curl
command line, or a HAR file's text.

  COOKIE           the value or text holding it; - reads standard input
  --key K...       SECRET_KEY, then each of SECRET_KEY_FALLBACKS in order: several words
                   after one --key, or --key again for each
  --salt S         the salt; by default these are tried in turn and the one that verifies is
                   named: django.contrib.sessions.backends.signed_cookies (the signed_cookies
                   cookie), django.contrib.sessions.SessionStore (stored session_data) and
                   django.core.signing (signing.dumps without a salt)
  --max-age N      the max_age for every salt (none: no limit). By default as Django: the
                   signed_cookies salt gets SESSION_COOKIE_AGE (1209600), the others none
  --cookie-name N  the session cookie's name in a header or HAR (default sessionid)
  --har FILE       a HAR file saved from the browser's DevTools: the session cookie of every
                   request, in order, each decoded at the time of its request
  --time T         the current time in Unix seconds (default: now)
  --json           one JSON object per value (needs --key): verdict, salt, key, algorithm,
                   signed_at, compressed, data (see docs/command-line.md)

Exit code 1 when Django rejects the value (any verdict but valid and valid_with_fallback),
3 when the input holds no value to decode.

Example:
  sessionscope decode 'eyJjYXJ0Ijp7InAxIjoyfX0:1r31eq:ftez7rwYyN3H8t-vDufJ-pYL05MSn3jAFIO0sWBFNkI' \\
      --key oracle-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz --time 1700000100
";

const OPTIONS: [OptionSpec; 7] = [
    OptionSpec::values("key"),
    OptionSpec::value("salt"),
    OptionSpec::value("max-age"),
    OptionSpec::value("time"),
    OptionSpec::value("cookie-name"),
    OptionSpec::value("har"),
    OptionSpec::flag("json"),
];

/// What the command line asks for.
pub struct Request {
    /// `SECRET_KEY` and the fallbacks, if given.
    pub keys: Option<SigningKeys>,
    /// `--salt`.
    pub salt: Option<String>,
    /// The `max_age` rule.
    pub age_limit: AgeLimit,
    /// `--cookie-name`.
    pub cookie_name: String,
    /// `--time`, or the clock.
    pub now: f64,
    /// `--json`.
    pub json: bool,
}

impl Request {
    /// The diagnosis of `value` at `now`, given keys.
    pub fn diagnose(&self, value: &str, now: f64) -> Option<Diagnosis> {
        let keys = self.keys.as_ref()?;
        Some(diagnose(
            value,
            keys,
            self.salt.as_deref(),
            self.age_limit,
            now,
        ))
    }
}

/// The `--json` line of a diagnosis.
pub fn json_line(diagnosis: &Diagnosis) -> String {
    to_python_json(&diagnosis.contract_value()) + "\n"
}

/// Runs `sessionscope decode` with `args`.
pub fn command(args: &[String]) -> Result<Output, Failure> {
    let parsed = parse(args, &OPTIONS).map_err(usage)?;
    if parsed.help {
        return help(HELP);
    }
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
    let json = parsed.flag("json");
    if json && keys.is_none() {
        return Err(usage(
            "--json needs --key: the verdict is what SECRET_KEY (and its fallbacks) make of the value",
        ));
    }
    let request = Request {
        keys,
        salt: parsed.value("salt").map_err(usage)?.map(str::to_owned),
        age_limit,
        cookie_name: parsed
            .value("cookie-name")
            .map_err(usage)?
            .unwrap_or(DEFAULT_COOKIE_NAME)
            .to_owned(),
        now: now(&parsed)?,
        json,
    };
    let text = match parsed.value("har").map_err(usage)? {
        Some(path) => {
            if !parsed.positionals.is_empty() {
                return Err(usage("give either COOKIE or --har FILE, not both"));
            }
            std::fs::read_to_string(path)
                .map_err(|error| Failure::Input(format!("cannot read {path}: {error}")))?
        }
        None => {
            let cookie = parsed.single_positional("COOKIE").map_err(|message| {
                if parsed.positionals.is_empty() && parsed.values("key").len() > 1 {
                    usage(format!(
                        "{message} (every word after --key up to the next option is a key: \
                         put COOKIE before --key)"
                    ))
                } else {
                    usage(message)
                }
            })?;
            argument_or_stdin(cookie)?
        }
    };
    if parsed.value("har").map_err(usage)?.is_some() || looks_like_har(&text) {
        return har::command(&text, &request);
    }
    let found = find_value(&text, &request.cookie_name, request.now).map_err(Failure::Input)?;
    let diagnosis = request.diagnose(&found.value, request.now);
    if let Some(diagnosis) = diagnosis.as_ref().filter(|_| request.json) {
        return Ok(Output {
            text: json_line(diagnosis),
            rejected: diagnosis.verdict.is_rejection() && !is_session_key(&found.value),
        });
    }
    Ok(text::report(&found, diagnosis.as_ref(), &request))
}
