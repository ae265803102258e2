//! `sessionscope run`: a scenario replayed by the engine, its trace printed as the
//! conformance harness writes Django's (`json.dumps(trace, indent=1)`).

use sessionscope_engine::json::to_python_json_indented;
use sessionscope_engine::scenario;

use crate::args::{key_seed, parse, OptionSpec};
use crate::scenario_file::read_scenario;
use crate::{help, usage, Failure, Output};

pub const HELP: &str = "\
Usage: sessionscope run SCENARIO.json [--django 4.2|5.2|6.0|6.1] [--key-seed HEX]

Replays a session scenario (the conformance format: an engine, settings and steps such as
requests through SessionMiddleware, clock advances, secret rotations, cookie tampering; with
the topology format, several Django instances behind a load balancer and requests in flight
at once) and prints the trace: for each step the request (and the instance that served it),
the response with every Set-Cookie header, the SQL, the browsers' cookie jars and the store's
contents, and for concurrent requests the state after each phase. The output is laid out as the
conformance data's traces are (json.dumps(trace, indent=1)), so it compares with a trace real
Django produced. A step that cannot be carried out (restoring a cookie never saved) is reported
on standard error.

  SCENARIO.json   the scenario file; - reads standard input
  --django V      the Django version that runs (4.2, 5.2, 6.0 or 6.1: the releases 4.2.30,
                  5.2.19, 6.0.10 and 6.1.3), over the scenario's own \"django\". A scenario
                  naming none runs 5.2 and prints its trace as before versions; a named
                  version prints the versions format (view_exception apart from exception)
  --key-seed HEX  draw the session keys the scenario does not list from this seed, as the
                  playground does with a share link's key_seed; without it, missing keys are
                  the conformance harness's sess…0001, sess…0002, …

Example:
  sessionscope run engine/tests/conformance/django-5.2/scenarios/cart_basic__db.json
";

/// Runs `sessionscope run` with `args`.
pub fn command(args: &[String]) -> Result<Output, Failure> {
    let parsed = parse(
        args,
        &[OptionSpec::value("django"), OptionSpec::value("key-seed")],
    )
    .map_err(usage)?;
    if parsed.help {
        return help(HELP);
    }
    let mut scenario = read_scenario(&parsed)?;
    if let Some(hex) = parsed.value("key-seed").map_err(usage)? {
        scenario.fill_seeded_keys(key_seed(hex).map_err(usage)?);
    }
    let trace = scenario::run(&scenario);
    for step in &trace.steps {
        if let Some(error) = &step.error {
            eprintln!("sessionscope run: step {}: {error}", step.index);
        }
    }
    Ok(Output {
        text: format!("{}\n", to_python_json_indented(&trace.to_json(), 1)),
        rejected: false,
    })
}
