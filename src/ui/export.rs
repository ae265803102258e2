//! What the Export section offers to download: the trace in the conformance trace format (to
//! diff against a trace from your own Django), the scenario (to replay with
//! `sessionscope run`, or to share), the HAR 1.2 of the simulated traffic (for DevTools'
//! Network panel or Playwright's `routeFromHAR`), a Django test module that runs the scenario
//! through real Django and asserts the engine's bytes, and a Markdown bug report (secret keys
//! replaced, with a share link without them). All text made by the engine, nothing sent
//! anywhere; the last two are written around a template the page fetches from its own
//! address when asked ([`ExportKind::template`]).

use sessionscope_engine::export::{bug_report, DjangoTest, Template, TemplateKind};
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
    /// A Django test module (`test_sessionscope_<name>.py`).
    DjangoTest,
    /// A Markdown bug report.
    BugReport,
}

impl ExportKind {
    /// Every export, in the order the menu lists them.
    pub const ALL: [ExportKind; 5] = [
        ExportKind::Trace,
        ExportKind::Scenario,
        ExportKind::Har,
        ExportKind::DjangoTest,
        ExportKind::BugReport,
    ];

    /// A stable id (`data-export` in the page).
    pub fn id(self) -> &'static str {
        match self {
            ExportKind::Trace => "trace",
            ExportKind::Scenario => "scenario",
            ExportKind::Har => "har",
            ExportKind::DjangoTest => "django-test",
            ExportKind::BugReport => "bug-report",
        }
    }

    /// The template the download is written around, if any (fetched by the page when first
    /// asked for).
    pub fn template(self) -> Option<TemplateKind> {
        match self {
            ExportKind::DjangoTest => Some(TemplateKind::DjangoTest),
            ExportKind::BugReport => Some(TemplateKind::BugReport),
            _ => None,
        }
    }

    /// The button's label.
    pub fn label(self) -> &'static str {
        match self {
            ExportKind::Trace => "Trace JSON",
            ExportKind::Scenario => "Scenario JSON",
            ExportKind::Har => "HAR 1.2",
            ExportKind::DjangoTest => "Django test (.py)",
            ExportKind::BugReport => "Bug report (.md)",
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
            ExportKind::DjangoTest => {
                "A TestCase that runs these steps on real Django and asserts every Set-Cookie line, status and stored session."
            }
            ExportKind::BugReport => {
                "For a forum post or a ticket: version, settings (keys withheld), steps, bytes, a link."
            }
        }
    }

    fn media_type(self) -> &'static str {
        match self {
            ExportKind::DjangoTest => "text/x-python",
            ExportKind::BugReport => "text/markdown",
            _ => "application/json",
        }
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

/// The download of `kind` for the playground as it is. `template` is the kind's template
/// ([`ExportKind::template`]; ignored by the others) and `share_link` the address of the
/// scenario without its secrets (for the bug report). The error says why the scenario cannot
/// be exported that way (a Django test of a scenario with a storage fault).
pub fn download(
    playground: &Playground,
    kind: ExportKind,
    template: Option<&Template>,
    share_link: &str,
) -> Result<Download, String> {
    let (scenario, trace) = (playground.scenario(), playground.trace());
    let template = match (kind.template(), template) {
        (Some(wanted), Some(template)) if template.kind() == wanted => Some(template),
        (Some(wanted), _) => return Err(format!("{} is missing", wanted.file_name())),
        (None, _) => None,
    };
    let base = format!(
        "sessionscope-{}-{}",
        file_safe(&scenario.name),
        playground.engine().name()
    );
    let (file_name, text) = match (kind, template) {
        (ExportKind::Trace, _) => (format!("{base}.trace.json"), trace_json(trace)),
        (ExportKind::Scenario, _) => (format!("{base}.scenario.json"), scenario_json(scenario)),
        (ExportKind::Har, _) => (format!("{base}.har"), har(trace)),
        (ExportKind::DjangoTest, Some(template)) => {
            let export = DjangoTest::new(scenario, trace).map_err(|e| e.to_string())?;
            (export.file_name(), export.module_text(template))
        }
        (ExportKind::BugReport, Some(template)) => (
            format!("{base}.bug-report.md"),
            bug_report(scenario, trace, Some(share_link), template),
        ),
        _ => return Err("no template".to_owned()),
    };
    Ok(Download {
        file_name,
        media_type: kind.media_type(),
        text: with_final_newline(text),
    })
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
        let scenario = get(&playground, ExportKind::Scenario);
        let trace = get(&playground, ExportKind::Trace);
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
        let har = get(&playground(), ExportKind::Har);
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

    fn get(playground: &Playground, kind: ExportKind) -> Download {
        let template = kind.template().map(Template::built_in);
        download(playground, kind, template.as_ref(), "https://x.test/#v1.a").unwrap()
    }

    #[test]
    fn the_django_test_and_the_report_hold_the_set_cookie_lines() {
        let mut playground = Playground::new(Engine::Db, 1_700_000_000.0, 9);
        let mut cart = sessionscope_engine::json::Dict::new();
        cart.insert("cart", Value::from(1));
        playground.push(Step::Request(Request::new(ViewCall::Set(cart))));
        playground.push(Step::Request(Request::new(ViewCall::Flush)));
        let test = get(&playground, ExportKind::DjangoTest);
        let report = get(&playground, ExportKind::BugReport);
        assert_eq!(test.file_name, "test_sessionscope_playground.py");
        assert_eq!(test.media_type, "text/x-python");
        assert_eq!(report.file_name, "sessionscope-playground-db.bug-report.md");
        assert!(report.text.contains("<https://x.test/#v1.a>"));
        let headers: Vec<String> = playground
            .trace()
            .steps
            .iter()
            .flat_map(|s| s.response.iter().flat_map(|r| &r.set_cookies))
            .map(|c| c.header())
            .collect();
        assert_eq!(headers.len(), 2, "a new session, then its deletion");
        for header in headers {
            let json = sessionscope_engine::json::to_python_json(&Value::Str(header.clone()));
            assert!(
                test.text.contains(&format!("\"header\": {json}")),
                "{header}"
            );
            assert!(report.text.contains(&header), "{header}");
        }
    }

    #[test]
    fn a_template_must_be_given_and_be_the_right_one() {
        let playground = playground();
        let wrong = Template::built_in(TemplateKind::BugReport);
        let error = download(&playground, ExportKind::DjangoTest, Some(&wrong), "").unwrap_err();
        assert!(error.contains("django_test_template.py"), "{error}");
        assert!(download(&playground, ExportKind::BugReport, None, "").is_err());
    }

    #[test]
    fn file_names_are_safe() {
        assert_eq!(file_safe("a story/../x"), "a-story----x");
        assert_eq!(file_safe(""), "scenario");
    }
}
