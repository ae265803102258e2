//! `sessionscope sign`: the cookie value Django's signed_cookies backend would set.

use sessionscope_engine::json::parse_python_json;
use sessionscope_engine::session::SIGNED_COOKIE_SALT;
use sessionscope_engine::signing::dumps;

use crate::args::{parse, OptionSpec};
use crate::{argument_or_stdin, help, now, usage, Failure, Output};

pub const HELP: &str = "\
Usage: sessionscope sign JSON --key K [--salt S] [--compress | --no-compress] [--time T]

Prints signing.dumps(JSON, key=K, salt=S, compress=True), what Django's signed_cookies backend
sets as the session cookie (SessionStore._get_session_key): the JSON serialized as Django does
(compact, ASCII, key order kept), zlib-compressed if that is at least 2 bytes shorter, URL-safe
base64, a base62 timestamp, and the HMAC-SHA256 signature.

  JSON            the session data (any JSON value; usually an object); - reads standard input
  --key K         SECRET_KEY (required)
  --salt S        default django.contrib.sessions.backends.signed_cookies; the stored
                  session_data of the db/cache/file backends uses
                  django.contrib.sessions.SessionStore (and is always compressed)
  --no-compress   never compress (signing.dumps's own default); --compress is the default
  --time T        the signing time in Unix seconds (default: now), for reproducible output

Example:
  sessionscope sign '{\"cart\": {\"p1\": 2}}' --key 'my secret' --time 1700000000
";

const OPTIONS: [OptionSpec; 5] = [
    OptionSpec::value("key"),
    OptionSpec::value("salt"),
    OptionSpec::flag("compress"),
    OptionSpec::flag("no-compress"),
    OptionSpec::value("time"),
];

/// Runs `sessionscope sign` with `args`.
pub fn command(args: &[String]) -> Result<Output, Failure> {
    let parsed = parse(args, &OPTIONS).map_err(usage)?;
    if parsed.help {
        return help(HELP);
    }
    let json = parsed.single_positional("JSON").map_err(usage)?;
    let key = parsed
        .value("key")
        .map_err(usage)?
        .ok_or_else(|| usage("--key is required (the SECRET_KEY to sign with)"))?;
    let salt = parsed
        .value("salt")
        .map_err(usage)?
        .unwrap_or(SIGNED_COOKIE_SALT);
    if parsed.flag("compress") && parsed.flag("no-compress") {
        return Err(usage("--compress and --no-compress contradict each other"));
    }
    let compress = !parsed.flag("no-compress");
    let now = now(&parsed)?;
    let text = argument_or_stdin(json)?;
    let value = parse_python_json(&text)
        .map_err(|error| Failure::Input(format!("JSON is not valid: {error}")))?;
    Ok(Output {
        text: format!("{}\n", dumps(&value, key, salt, compress, now)),
        rejected: false,
    })
}
