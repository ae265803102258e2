//! The scenario a command reads: `SCENARIO.json` (or `-`, standard input) and the `--django`
//! option that runs it on another Django release. One reader for `run`, `render` and the exports.

use sessionscope_engine::scenario::Scenario;
use sessionscope_engine::version::DjangoVersion;

use crate::args::Parsed;
use crate::{argument_or_stdin, usage, Failure};

/// The scenario named by the one positional argument, on the version `--django` names when
/// given (over the scenario's own `"django"`).
pub fn read_scenario(parsed: &Parsed) -> Result<Scenario, Failure> {
    let path = parsed.single_positional("SCENARIO.json").map_err(usage)?;
    let django = django_option(parsed)?;
    let (name, text) = if path == "-" {
        ("standard input", argument_or_stdin(path)?)
    } else {
        let text = std::fs::read_to_string(path)
            .map_err(|error| Failure::Input(format!("cannot read {path}: {error}")))?;
        (path, text)
    };
    let mut scenario = Scenario::from_json(&text)
        .map_err(|error| Failure::Input(format!("{name}: not a valid scenario: {error}")))?;
    if django.is_some() {
        scenario.django = django;
    }
    Ok(scenario)
}

fn django_option(parsed: &Parsed) -> Result<Option<DjangoVersion>, Failure> {
    let Some(version) = parsed.value("django").map_err(usage)? else {
        return Ok(None);
    };
    DjangoVersion::from_name(version).map(Some).ok_or_else(|| {
        usage(format!(
            "--django: {version:?} is not one of 4.2, 5.2, 6.0, 6.1"
        ))
    })
}
