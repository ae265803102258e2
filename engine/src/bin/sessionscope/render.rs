//! `sessionscope render`: a scenario's steps as a static HTML fragment (no script), for
//! documentation that must read without JavaScript.

use sessionscope_engine::json::{parse_python_json, Value};
use sessionscope_engine::render::{render, RenderOptions, Theme};
use sessionscope_engine::scenario::{self, Engine};

use crate::args::{key_seed, parse, OptionSpec, Parsed};
use crate::scenario_file::read_scenario;
use crate::{help, usage, Failure, Output};

pub const HELP: &str = "\
Usage: sessionscope render SCENARIO.json [--step N] [--theme auto|light|dark] [-o FILE]
                           [--django 4.2|5.2|6.0|6.1] [--engine ENGINE] [--key-seed HEX]
                           [--captions CAPTIONS.json] [--title TEXT]

Writes the scenario's steps as a self-contained HTML fragment: no script, nothing fetched, its
own scoped <style>. Per step: the request with its exact Cookie header, what SessionMiddleware,
the view and the store did (with the SQL, cache keys and files), the response's Set-Cookie
lines, the cookie jar and the session store afterwards, each with its size in bytes. It is the
playground's stage without the motion, from the same engine: the bytes are the playground's.
Put it where a reader without JavaScript, a printer or a search engine will find it (the
fallback of an embedded frame: docs/embedding.md).

  SCENARIO.json    the scenario file (the conformance format); - reads standard input
  --step N         only step N (counted from 1, as the playground's step chips and ?step=)
  --theme T        auto (the default: follows prefers-color-scheme), light or dark
  -o, --output F   write to F instead of standard output
  --django V       the Django version that runs (4.2, 5.2, 6.0, 6.1), over the scenario's own
  --engine E       the session engine (db, cache, cached_db, file, signed_cookies), over the
                   scenario's own
  --key-seed HEX   draw the session keys the scenario does not list from this seed, as the
                   playground does with a share link's key_seed (the keys then equal the
                   page's); without it, missing keys are the conformance harness's sess…0001
  --captions F     a JSON list of strings: one caption per step (a guided tour's)
  --title TEXT     the heading (default: the scenario's name)

Example:
  sessionscope render engine/tests/conformance/django-5.2/scenarios/cart_basic__db.json -o cart.html
";

const OPTIONS: [OptionSpec; 8] = [
    OptionSpec::value("step"),
    OptionSpec::value("theme"),
    OptionSpec::value("output"),
    OptionSpec::value("django"),
    OptionSpec::value("engine"),
    OptionSpec::value("key-seed"),
    OptionSpec::value("captions"),
    OptionSpec::value("title"),
];

/// Runs `sessionscope render` with `args`.
pub fn command(args: &[String]) -> Result<Output, Failure> {
    // `-o FILE` is the one short option.
    let args: Vec<String> = args
        .iter()
        .map(|arg| {
            if arg == "-o" {
                "--output".to_owned()
            } else {
                arg.clone()
            }
        })
        .collect();
    let parsed = parse(&args, &OPTIONS).map_err(usage)?;
    if parsed.help {
        return help(HELP);
    }
    let options = render_options(&parsed)?;
    let mut scenario = read_scenario(&parsed)?;
    if let Some(name) = parsed.value("engine").map_err(usage)? {
        scenario.engine = Engine::from_name(name).ok_or_else(|| {
            usage(format!(
                "--engine: {name:?} is not one of db, cache, cached_db, file, signed_cookies"
            ))
        })?;
    }
    if let Some(hex) = parsed.value("key-seed").map_err(usage)? {
        scenario.fill_seeded_keys(key_seed(hex).map_err(usage)?);
    }
    let trace = scenario::run(&scenario);
    let html = render(&trace, &options).map_err(|error| usage(format!("--step: {error}")))?;
    match parsed.value("output").map_err(usage)? {
        Some(file) => {
            std::fs::write(file, &html)
                .map_err(|error| Failure::Input(format!("cannot write {file}: {error}")))?;
            Ok(Output {
                text: String::new(),
                rejected: false,
            })
        }
        None => Ok(Output {
            text: html,
            rejected: false,
        }),
    }
}

fn render_options(parsed: &Parsed) -> Result<RenderOptions, Failure> {
    let mut options = RenderOptions::default();
    if let Some(text) = parsed.value("step").map_err(usage)? {
        let step = text
            .parse::<usize>()
            .ok()
            .filter(|step| *step > 0)
            .ok_or_else(|| usage(format!("--step wants a step number from 1, not {text:?}")))?;
        options.step = Some(step);
    }
    if let Some(name) = parsed.value("theme").map_err(usage)? {
        options.theme = Theme::from_name(name)
            .ok_or_else(|| usage(format!("--theme: {name:?} is not auto, light or dark")))?;
    }
    if let Some(file) = parsed.value("captions").map_err(usage)? {
        options.captions = read_captions(file)?;
    }
    options.title = parsed.value("title").map_err(usage)?.map(str::to_owned);
    Ok(options)
}

fn read_captions(path: &str) -> Result<Vec<String>, Failure> {
    let text = std::fs::read_to_string(path)
        .map_err(|error| Failure::Input(format!("cannot read {path}: {error}")))?;
    let not_a_list = || Failure::Input(format!("{path}: captions are a JSON list of strings"));
    let value = parse_python_json(&text).map_err(|_| not_a_list())?;
    let Value::List(items) = value else {
        return Err(not_a_list());
    };
    items
        .iter()
        .map(|item| item.as_str().map(str::to_owned).ok_or_else(not_a_list))
        .collect()
}
