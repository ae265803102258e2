//! `sessionscope`: Django 5.2's session cookies on the command line, through the same engine
//! as the playground. `decode` takes a cookie apart and gives Django's verdict, `sign` makes
//! the value the signed_cookies backend would set, `run` replays a scenario and prints its
//! trace. Unlike the engine, this program reads files, standard input and the system clock.
//!
//! Exit codes: 0 success; 1 a decoded value Django rejects, or no key found by guess-key;
//! 2 usage errors; 3 input errors.

mod args;
mod decode;
mod export;
mod guess_key;
mod render;
mod run;
mod scenario_file;
mod sign;
mod weak_keys;

use std::io::{Read, Write};
use std::process::ExitCode;

const HELP: &str = "\
sessionscope: Django 5.2's session cookies, byte for byte, outside the browser

Usage:
  sessionscope decode COOKIE [--key K]... [--salt S] [--max-age SECONDS|none] [--time T]
  sessionscope sign JSON --key K [--salt S] [--compress | --no-compress] [--time T]
  sessionscope run SCENARIO.json
  sessionscope render SCENARIO.json [--step N] [--theme auto|light|dark] [-o FILE]
  sessionscope export-test SCENARIO.json [-o FILE]
  sessionscope export-report SCENARIO.json [-o FILE] [--link URL]
  sessionscope guess-key COOKIE --wordlist FILE [--salt S] [--threads N]
  sessionscope COMMAND --help

Commands:
  decode  take a session cookie (or any signing.dumps value) apart; with --key, Django's verdict
  sign    the value Django's signed_cookies backend would set for a session dict
  run     replay a scenario and print its trace (the conformance format)
  render  a scenario's steps as a static HTML fragment (no script), for documentation
  export-test    the scenario as a Django test module asserting the engine's bytes
  export-report  the scenario as a Markdown bug report (secret keys replaced)
  guess-key  try every line of a word list as SECRET_KEY against a value's signature

A COOKIE, JSON or SCENARIO.json of - is read from standard input.
Exit codes: 0 success, 1 a value Django rejects (decode) or no key found (guess-key),
2 usage error, 3 input error.
";

/// Why a command did not run to the end.
pub enum Failure {
    /// The command line is wrong (exit code 2).
    Usage(String),
    /// An input cannot be read or parsed (exit code 3).
    Input(String),
}

/// A usage error.
pub fn usage(message: impl Into<String>) -> Failure {
    Failure::Usage(message.into())
}

/// What a command prints on success, and whether the verdict it reports is a rejection.
pub struct Output {
    /// Standard output.
    pub text: String,
    /// Exit code 1 instead of 0.
    pub rejected: bool,
}

fn main() -> ExitCode {
    // Cookie values and secrets arrive as arguments; a non-UTF-8 one is a usage error.
    let mut args = Vec::new();
    for arg in std::env::args_os().skip(1) {
        match arg.into_string() {
            Ok(arg) => args.push(arg),
            Err(arg) => return fail(None, &usage(format!("argument {arg:?} is not UTF-8"))),
        }
    }
    let Some((command, rest)) = args.split_first() else {
        return fail(
            None,
            &usage("missing command: decode, sign, run, render, export-test, export-report or guess-key"),
        );
    };
    let result = match command.as_str() {
        "-h" | "--help" | "help" => help_for(rest.first().map(String::as_str)),
        "decode" => decode::command(rest),
        "sign" => sign::command(rest),
        "run" => run::command(rest),
        "render" => render::command(rest),
        "export-test" => export::test_command(rest),
        "export-report" => export::report_command(rest),
        "guess-key" => guess_key::command(rest),
        other => {
            let message = format!("unknown command {other:?}: decode, sign, run, render, export-test, export-report or guess-key");
            return fail(None, &usage(message));
        }
    };
    match result {
        Ok(output) => {
            let mut stdout = std::io::stdout().lock();
            if stdout.write_all(output.text.as_bytes()).is_err() || stdout.flush().is_err() {
                return ExitCode::from(3);
            }
            ExitCode::from(u8::from(output.rejected))
        }
        Err(failure) => {
            let named = [
                "decode",
                "sign",
                "run",
                "render",
                "export-test",
                "export-report",
                "guess-key",
            ]
            .contains(&command.as_str());
            fail(named.then_some(command.as_str()), &failure)
        }
    }
}

fn help_for(command: Option<&str>) -> Result<Output, Failure> {
    match command {
        None => help(HELP),
        Some("decode") => help(decode::HELP),
        Some("sign") => help(sign::HELP),
        Some("run") => help(run::HELP),
        Some("render") => help(render::HELP),
        Some("export-test") => help(export::TEST_HELP),
        Some("export-report") => help(export::REPORT_HELP),
        Some("guess-key") => help(guess_key::HELP),
        Some(other) => Err(usage(format!("no help for {other:?}"))),
    }
}

/// A help text as the command's output.
pub fn help(text: &str) -> Result<Output, Failure> {
    Ok(Output {
        text: text.to_owned(),
        rejected: false,
    })
}

fn fail(command: Option<&str>, failure: &Failure) -> ExitCode {
    let prefix = match command {
        Some(command) => format!("sessionscope {command}"),
        None => "sessionscope".to_owned(),
    };
    match failure {
        Failure::Usage(message) => {
            eprintln!("{prefix}: {message} (see {prefix} --help)");
            ExitCode::from(2)
        }
        Failure::Input(message) => {
            eprintln!("{prefix}: {message}");
            ExitCode::from(3)
        }
    }
}

/// The text of `argument`: itself, or standard input for `-`.
pub fn argument_or_stdin(argument: &str) -> Result<String, Failure> {
    if argument != "-" {
        return Ok(argument.to_owned());
    }
    let mut text = String::new();
    std::io::stdin()
        .read_to_string(&mut text)
        .map_err(|error| Failure::Input(format!("cannot read standard input: {error}")))?;
    Ok(text)
}

/// `--time` if given, else the system clock (`time.time()`).
pub fn now(parsed: &args::Parsed) -> Result<f64, Failure> {
    if let Some(text) = parsed.value("time").map_err(usage)? {
        return args::seconds("time", text).map_err(usage);
    }
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| elapsed.as_secs_f64())
        .map_err(|_| Failure::Input("the system clock is before 1970".to_owned()))
}
