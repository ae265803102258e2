//! `sessionscope export-test` and `sessionscope export-report`: a scenario replayed by the
//! engine, written as a runnable Django test module (every `Set-Cookie` line, status and
//! stored session asserted against real Django) or as a Markdown bug report.

use sessionscope_engine::export::{bug_report, DjangoTest, Template, TemplateKind};
use sessionscope_engine::scenario;

use crate::args::{parse, OptionSpec, Parsed};
use crate::scenario_file::read_scenario;
use crate::{help, usage, Failure, Output};

pub const TEST_HELP: &str = "\
Usage: sessionscope export-test SCENARIO.json [-o FILE] [--django 4.2|5.2|6.0|6.1]

Replays a scenario with the engine and writes a Django test module (django.test.TestCase)
that runs the same steps through real Django, as Sessionscope's oracle harness does (frozen
clock, fixed session keys, one view behind SessionMiddleware, the Cookie header of each step),
and asserts every Set-Cookie line, status, Vary, the view's result and the stored session
(django_session rows, cache entries, session files) against the engine's bytes.

Run the module on its own (`python test_sessionscope_NAME.py`, Django installed) or copy it
into an app's tests and run `python manage.py test`.

  SCENARIO.json   the scenario file; - reads standard input
  -o, --output F  write the module to F (default: standard output)
  --django V      the Django version whose bytes the test holds, over the scenario's own

Example:
  sessionscope export-test engine/tests/conformance/django-5.2/scenarios/cart_basic__db.json \\
      -o test_sessionscope_cart_basic__db.py
";

pub const REPORT_HELP: &str = "\
Usage: sessionscope export-report SCENARIO.json [-o FILE] [--django V] [--link URL]

Replays a scenario with the engine and writes a Markdown bug report: the Django version, the
session settings (secret keys replaced by placeholders), the steps, and the bytes at each step
(Cookie header, status, Set-Cookie lines, Vary, what the store holds).

  SCENARIO.json   the scenario file; - reads standard input
  -o, --output F  write the report to F (default: standard output)
  --django V      the Django version that runs, over the scenario's own
  --link URL      a Sessionscope link to the scenario (without secrets) to put in the report
";

const OPTIONS: [OptionSpec; 3] = [
    OptionSpec::value("output"),
    OptionSpec::value("django"),
    OptionSpec::value("link"),
];

/// `-o FILE` is `--output FILE` (the parser reads long options only).
fn long_options(args: &[String]) -> Vec<String> {
    let mut out = Vec::with_capacity(args.len());
    let mut options_ended = false;
    for arg in args {
        options_ended |= arg == "--";
        if !options_ended && arg == "-o" {
            out.push("--output".to_owned());
        } else {
            out.push(arg.clone());
        }
    }
    out
}

/// The text on standard output, or written to `--output` (then a line on standard error
/// says where).
fn deliver(parsed: &Parsed, text: String) -> Result<Output, Failure> {
    match parsed.value("output").map_err(usage)? {
        None => Ok(Output {
            text,
            rejected: false,
        }),
        Some(file) => {
            std::fs::write(file, &text)
                .map_err(|error| Failure::Input(format!("cannot write {file}: {error}")))?;
            eprintln!("wrote {file} ({} bytes)", text.len());
            Ok(Output {
                text: String::new(),
                rejected: false,
            })
        }
    }
}

/// Runs `sessionscope export-test` with `args`.
pub fn test_command(args: &[String]) -> Result<Output, Failure> {
    let parsed = parse(&long_options(args), &OPTIONS).map_err(usage)?;
    if parsed.help {
        return help(TEST_HELP);
    }
    if parsed.flag("link") {
        return Err(usage("--link belongs to export-report"));
    }
    let scenario = read_scenario(&parsed)?;
    let trace = scenario::run(&scenario);
    let export = DjangoTest::new(&scenario, &trace)
        .map_err(|error| Failure::Input(format!("cannot export this scenario: {error}")))?;
    deliver(
        &parsed,
        export.module_text(&Template::built_in(TemplateKind::DjangoTest)),
    )
}

/// Runs `sessionscope export-report` with `args`.
pub fn report_command(args: &[String]) -> Result<Output, Failure> {
    let parsed = parse(&long_options(args), &OPTIONS).map_err(usage)?;
    if parsed.help {
        return help(REPORT_HELP);
    }
    let link = parsed.value("link").map_err(usage)?;
    let scenario = read_scenario(&parsed)?;
    let trace = scenario::run(&scenario);
    let template = Template::built_in(TemplateKind::BugReport);
    deliver(&parsed, bug_report(&scenario, &trace, link, &template))
}
