//! A scenario exported as a runnable Django test module: one `.py` file holding a
//! `django.test.TestCase` that drives real Django exactly as the project's oracle harness
//! (`tools/django_oracle`: `djenv.py`, `views.py`, `scenario.py`) does, and asserts, at every
//! step, the bytes the engine's own trace ([`crate::scenario::run`]) holds: each `Set-Cookie`
//! line, the status, `Vary`, the view's result and the stored session (`django_session` rows,
//! live LocMemCache entries, session files; for `signed_cookies` the cookie is the store).
//! So running it proves engine == Django for that scenario, and a project can keep it as a
//! regression test of its own Django.
//!
//! The module is the template [`super::TemplateKind::DjangoTest`] (the harness: settings,
//! clock, keys, views, the step driver and its assertions) with the scenario and the engine's
//! trace written into it as JSON. What it does, as the harness does it: `time.time` and
//! `django.utils.timezone.now` read a frozen clock that only the scenario's steps move;
//! `django.contrib.sessions.backends.base.get_random_string` returns the scenario's session
//! keys; the file backend's moved files get `mtime = clock`; one view behind
//! `SessionMiddleware` (`MIDDLEWARE` = that middleware only, `ROOT_URLCONF` = the module) runs
//! each step's `request.session` calls; users 1–3 exist with the conformance README's stored
//! password hashes. Requests go through `django.test.Client` with the `Cookie` header the
//! engine's simulated browser sent at that step (so tampering, replays and closed browsers
//! need no code in Python), the step's path and scheme. The scenario is read with `json.loads`
//! as the oracle reads its files, so equal strings stay distinct objects, which is what
//! `pickle` (Django 4.2's `PickleSerializer`) sees.

use crate::json::to_python_json_indented;
use crate::quoted::Quoted;
use crate::scenario::{trace_json, Scenario, Step, Trace};
use crate::version::DjangoVersion;

use super::template::Template;

/// Why a scenario cannot be exported as a Django test.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NotExportable {
    /// The trace is not this scenario's (a different number of steps).
    TraceMismatch {
        /// Steps in the scenario.
        scenario_steps: usize,
        /// Steps in the trace.
        trace_steps: usize,
    },
    /// A playground fault (`{"fault": ...}`) breaks storage in ways a test case cannot undo
    /// inside its transaction.
    Fault {
        /// The step's index.
        step: usize,
        /// The fault's name (`db_table_missing`, …).
        fault: &'static str,
    },
}

impl std::fmt::Display for NotExportable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NotExportable::TraceMismatch {
                scenario_steps,
                trace_steps,
            } => write!(
                f,
                "the trace has {trace_steps} steps and the scenario {scenario_steps}: not its trace"
            ),
            NotExportable::Fault { step, fault } => write!(
                f,
                "step {step} injects the playground fault {fault:?}, which a Django test case \
                 cannot reproduce: remove it to export the scenario",
                fault = Quoted(fault),
            ),
        }
    }
}

impl std::error::Error for NotExportable {}

/// A scenario and its trace, ready to be written as a Django test module.
#[derive(Clone, Copy, Debug)]
pub struct DjangoTest<'a> {
    scenario: &'a Scenario,
    trace: &'a Trace,
}

impl<'a> DjangoTest<'a> {
    /// The export of `scenario`, whose run gave `trace` (`scenario::run(scenario)`).
    pub fn new(scenario: &'a Scenario, trace: &'a Trace) -> Result<DjangoTest<'a>, NotExportable> {
        if scenario.steps.len() != trace.steps.len() {
            return Err(NotExportable::TraceMismatch {
                scenario_steps: scenario.steps.len(),
                trace_steps: trace.steps.len(),
            });
        }
        if let Some((step, fault)) = scenario
            .steps
            .iter()
            .enumerate()
            .find_map(|(i, s)| match s {
                Step::Fault(fault) => Some((i, fault.name())),
                _ => None,
            })
        {
            return Err(NotExportable::Fault { step, fault });
        }
        Ok(DjangoTest { scenario, trace })
    }

    /// The Django release series whose bytes the module holds.
    pub fn django(&self) -> DjangoVersion {
        self.scenario.django_version()
    }

    /// `test_sessionscope_<name>.py`: a name `manage.py test` discovers, and a valid module
    /// name.
    pub fn file_name(&self) -> String {
        format!("test_sessionscope_{}.py", module_safe(&self.scenario.name))
    }

    /// The module's text: `template` (the harness, [`super::TemplateKind::DjangoTest`]) with
    /// this scenario and its trace.
    pub fn module_text(&self, template: &Template) -> String {
        let django = self.django();
        let module = self.file_name();
        let (major, minor) = django.name().split_once('.').unwrap_or(("5", "2"));
        let minor = minor.trim_start_matches('0');
        let description = if self.scenario.description.is_empty() {
            &self.scenario.name
        } else {
            &self.scenario.description
        };
        template.fill(&[
            ("scenario", &sanitize_docstring(&self.scenario.name)),
            ("series", django.name()),
            ("release", django.patch_release()),
            ("engine", self.scenario.engine.name()),
            ("engine_module", self.scenario.engine.django_module()),
            ("module", module.trim_end_matches(".py")),
            ("class_name", &class_name(&self.scenario.name)),
            ("description", &sanitize_docstring(description)),
            ("major", major),
            ("minor", if minor.is_empty() { "0" } else { minor }),
            (
                "scenario_json",
                &raw_string_body(&to_python_json_indented(&self.scenario.to_value(), 1)),
            ),
            ("trace_json", &raw_string_body(&trace_json(self.trace))),
        ])
    }
}

/// JSON text safe inside a Python `r'''…'''` string: a `'` (only ever inside a JSON
/// string) is written `\u0027` when the text holds three in a row.
fn raw_string_body(json: &str) -> String {
    if json.contains("'''") {
        json.replace('\'', "\\u0027")
    } else {
        json.to_owned()
    }
}

fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(160)
        .collect()
}

/// Text safe inside a `"""…"""` docstring.
fn sanitize_docstring(text: &str) -> String {
    one_line(text).replace('\\', "/").replace("\"\"\"", "'''")
}

/// `name` as a Python module name part: lowercase ASCII letters, digits and `_`.
fn module_safe(name: &str) -> String {
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
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

/// `cart_basic__db` → `CartBasicDbTest`.
fn class_name(name: &str) -> String {
    let mut out = String::new();
    for part in name.split(|c: char| !c.is_ascii_alphanumeric()) {
        let mut chars = part.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(chars);
        }
    }
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert_str(0, "Scenario");
    }
    out.push_str("Test");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::TemplateKind;
    use crate::scenario::{run, Fault};

    fn cart() -> Scenario {
        Scenario::from_json(
            r#"{"name": "cart basic", "engine": "db", "steps": [
                {"request": {"view": "set", "data": {"cart": {"p1": 2}}}},
                {"advance": 10},
                {"rotate_secret": "new-key"},
                {"request": {"view": "get", "key": "cart", "path": "/cart", "secure": true}},
                {"tamper": {"mode": "flip_last"}},
                {"request": {"view": "flush"}}
            ]}"#,
        )
        .unwrap()
    }

    #[test]
    fn the_module_holds_the_scenario_and_every_byte_of_its_trace() {
        let scenario = cart();
        let trace = run(&scenario);
        let text = DjangoTest::new(&scenario, &trace)
            .unwrap()
            .module_text(&Template::built_in(TemplateKind::DjangoTest));
        for step in &trace.steps {
            for cookie in step.response.iter().flat_map(|r| &r.set_cookies) {
                let line = format!(
                    "\"header\": {}",
                    crate::json::to_python_json(&crate::json::Value::Str(cookie.header()))
                );
                assert!(text.contains(&line), "{line}");
            }
            for row in step.store.db.iter().flat_map(|rows| rows.iter()) {
                assert!(text.contains(&row.session_data));
            }
        }
        assert!(text.contains("class CartBasicTest(SessionscopeTestCase):"));
        assert!(text.contains("\"rotate_secret\": \"new-key\""));
        assert!(text.contains("django_version = (5, 2)"));
        assert!(!text.contains("{{"), "every place filled");
        assert!(text.ends_with("    main()\n"));
    }

    #[test]
    fn three_quotes_in_a_value_cannot_end_the_raw_string() {
        assert_eq!(raw_string_body(r#"{"a":"it's"}"#), r#"{"a":"it's"}"#);
        assert_eq!(
            raw_string_body(r#"{"a":"'''"}"#),
            r#"{"a":"\u0027\u0027\u0027"}"#
        );
    }

    #[test]
    fn the_version_and_file_name_follow_the_scenario() {
        let mut scenario = cart();
        scenario.django = Some(DjangoVersion::V6_0);
        let trace = run(&scenario);
        let export = DjangoTest::new(&scenario, &trace).unwrap();
        assert_eq!(export.file_name(), "test_sessionscope_cart_basic.py");
        let text = export.module_text(&Template::built_in(TemplateKind::DjangoTest));
        assert!(text.contains("django_version = (6, 0)"));
        assert!(text.contains("Django 6.0 (6.0.10)"));
    }

    #[test]
    fn faults_and_foreign_traces_are_refused_by_name() {
        let mut scenario = cart();
        let trace = run(&scenario);
        scenario.steps.push(Step::Fault(Fault::DbTableMissing));
        let error = DjangoTest::new(&scenario, &trace).unwrap_err();
        assert!(matches!(error, NotExportable::TraceMismatch { .. }));
        let trace = run(&scenario);
        let error = DjangoTest::new(&scenario, &trace).unwrap_err();
        assert!(error.to_string().contains("db_table_missing"), "{error}");
    }

    #[test]
    fn names_become_python_names() {
        assert_eq!(class_name("cart_basic__db"), "CartBasicDbTest");
        assert_eq!(class_name("9 lives"), "Scenario9LivesTest");
        assert_eq!(module_safe("Ünï/x"), "_n__x");
    }
}
