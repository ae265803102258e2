//! What the Export section offers to download: the trace in the conformance trace format (to
//! diff against a trace from your own Django), the scenario (to replay with
//! `sessionscope run`, or to share), and the HAR 1.2 of the simulated traffic (for DevTools'
//! Network panel or Playwright's `routeFromHAR`). All text made by the engine, nothing sent
//! anywhere.

use sessionscope_engine::scenario::{har, scenario_json, trace_json};

use super::model::Playground;

/// The three downloads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportKind {
    /// The conformance trace format (`django-session-trace/1`).
    Trace,
    /// The scenario file.
    Scenario,
    /// HAR 1.2.
    Har,
}

impl ExportKind {
    /// Every export, in the order the menu lists them.
    pub const ALL: [ExportKind; 3] = [ExportKind::Trace, ExportKind::Scenario, ExportKind::Har];

    /// A stable id (`data-export` in the page).
    pub fn id(self) -> &'static str {
        match self {
            ExportKind::Trace => "trace",
            ExportKind::Scenario => "scenario",
            ExportKind::Har => "har",
        }
    }

    /// The button's label.
    pub fn label(self) -> &'static str {
        match self {
            ExportKind::Trace => "Trace JSON",
            ExportKind::Scenario => "Scenario JSON",
            ExportKind::Har => "HAR 1.2",
        }
    }

    /// What it is for, in one line.
    pub fn purpose(self) -> &'static str {
        match self {
            ExportKind::Trace => {
                "Every step's request, Set-Cookie lines, SQL, jar and store in the conformance trace format: diff it against your own Django's."
            }
            ExportKind::Scenario => {
                "The scenario itself: replay it with `sessionscope run`, which prints the same trace."
            }
            ExportKind::Har => {
                "The simulated traffic (requests, Cookie and Set-Cookie headers, bodies, clock times): open it in DevTools' Network panel."
            }
        }
    }

    fn suffix(self) -> &'static str {
        match self {
            ExportKind::Trace => "trace.json",
            ExportKind::Scenario => "scenario.json",
            ExportKind::Har => "har",
        }
    }

    fn media_type(self) -> &'static str {
        "application/json"
    }
}

/// A file to download.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Download {
    /// `sessionscope-playground-db.trace.json`.
    pub file_name: String,
    /// Its media type.
    pub media_type: &'static str,
    /// Its content, ending with a newline.
    pub text: String,
}

/// The download of `kind` for the playground as it is.
pub fn download(playground: &Playground, kind: ExportKind) -> Download {
    let text = match kind {
        ExportKind::Trace => trace_json(playground.trace()),
        ExportKind::Scenario => scenario_json(playground.scenario()),
        ExportKind::Har => har(playground.trace()),
    };
    Download {
        file_name: format!(
            "sessionscope-{}-{}.{}",
            file_safe(&playground.scenario().name),
            playground.engine().name(),
            kind.suffix()
        ),
        media_type: kind.media_type(),
        text: with_final_newline(text),
    }
}

/// `name` with anything but letters, digits, `-` and `_` turned into `-`.
fn file_safe(name: &str) -> String {
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .take(60)
        .collect();
    if safe.is_empty() {
        "scenario".to_owned()
    } else {
        safe
    }
}

fn with_final_newline(mut text: String) -> String {
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use sessionscope_engine::json::{parse_python_json, Value};
    use sessionscope_engine::scenario::{run, Engine, Request, Scenario, Step, ViewCall};

    fn playground() -> Playground {
        let mut playground = Playground::new(Engine::Db, 1_700_000_000.0, 9);
        playground.push(Step::Request(Request::new(ViewCall::Set(
            Default::default(),
        ))));
        playground.push(Step::Request(Request::new(ViewCall::Flush)));
        playground
    }

    #[test]
    fn the_scenario_download_replays_to_the_trace_download() {
        let playground = playground();
        let scenario = download(&playground, ExportKind::Scenario);
        let trace = download(&playground, ExportKind::Trace);
        assert_eq!(
            scenario.file_name,
            "sessionscope-playground-db.scenario.json"
        );
        let replayed = run(&Scenario::from_json(&scenario.text).unwrap());
        assert_eq!(trace.text, format!("{}\n", trace_json(&replayed)));
        assert!(trace
            .text
            .contains("\"format\": \"django-session-trace/1\""));
    }

    #[test]
    fn the_har_download_is_har_1_2_with_an_entry_per_request() {
        let har = download(&playground(), ExportKind::Har);
        assert!(har.file_name.ends_with(".har"));
        let value = parse_python_json(&har.text).unwrap();
        let log = value
            .as_dict()
            .unwrap()
            .get("log")
            .unwrap()
            .as_dict()
            .unwrap();
        assert_eq!(log.get("version").and_then(|v| v.as_str()), Some("1.2"));
        let Some(Value::List(entries)) = log.get("entries") else {
            panic!("no entries");
        };
        assert_eq!(entries.len(), 2);
    }

    #[test]
    fn file_names_are_safe() {
        assert_eq!(file_safe("a story/../x"), "a-story----x");
        assert_eq!(file_safe(""), "scenario");
    }
}
