//! A scenario exported as a runnable Django test module: one `.py` file holding a
//! `django.test.TestCase` that drives real Django exactly as the project's oracle harness
//! (`tools/django_oracle`: `djenv.py`, `views.py`, `scenario.py`) does, and asserts, at every
//! step, the bytes the engine's own trace ([`crate::scenario::run`]) holds: each `Set-Cookie`
//! line, the status, `Vary`, the view's result and the stored session (`django_session` rows,
//! live LocMemCache entries, session files; for `signed_cookies` the cookie is the store).
//! So running it proves engine == Django for that scenario, and a project can keep it as a
//! regression test of its own Django.
//!
//! What the module does, as the harness does it: `time.time` and
//! `django.utils.timezone.now` read a frozen clock that only the scenario's steps move;
//! `django.contrib.sessions.backends.base.get_random_string` returns the scenario's session
//! keys; the file backend's moved files get `mtime = clock`; one view behind
//! `SessionMiddleware` (`MIDDLEWARE` = that middleware only, `ROOT_URLCONF` = the module) runs
//! each step's `request.session` calls; users 1–3 exist with the conformance README's stored
//! password hashes. Requests go through `django.test.Client` with the `Cookie` header the
//! engine's simulated browser sent at that step (so tampering, replays and closed browsers
//! need no code in Python), the step's path and scheme.

use std::fmt::Write as _;

use crate::json::{python_str_repr, to_python_json, Value};
use crate::scenario::{
    Engine, Scenario, SettingChange, Settings, Step, StoreSnapshot, Trace, TraceStep, ViewCall,
};
use crate::version::DjangoVersion;

use super::python_literal::{python_float, python_literal, python_optional_str};
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
                 cannot reproduce: remove it to export the scenario"
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
    /// this scenario's test case.
    pub fn module_text(&self, template: &Template) -> String {
        let django = self.django();
        let module = self.file_name();
        let mut test_case = String::new();
        self.write_test_case(&mut test_case);
        template.fill(&[
            ("scenario", &sanitize_docstring(&self.scenario.name)),
            ("series", django.name()),
            ("release", django.patch_release()),
            ("engine", self.scenario.engine.name()),
            ("engine_module", self.scenario.engine.django_module()),
            ("module", module.trim_end_matches(".py")),
            ("test_case", test_case.trim()),
        ])
    }

    fn write_test_case(&self, out: &mut String) {
        let scenario = self.scenario;
        let django = self.django();
        let (major, minor) = django.name().split_once('.').unwrap_or(("5", "2"));
        let minor = minor.trim_start_matches('0');
        let minor = if minor.is_empty() { "0" } else { minor };
        let _ = write!(
            out,
            "class {class}(SessionscopeTestCase):\n    \
             \"\"\"{description}\"\"\"\n\n    \
             django_version = ({major}, {minor})\n    \
             engine = {engine}\n    \
             start_time = {start}\n    \
             session_keys = {keys}\n    \
             cache_options = {cache}\n\n    \
             def test_scenario(self):\n        \
             # The session settings before the first step.\n",
            class = class_name(&scenario.name),
            description = sanitize_docstring(if scenario.description.is_empty() {
                &scenario.name
            } else {
                &scenario.description
            }),
            engine = python_str_repr(scenario.engine.name()),
            start = python_float(scenario.start_time),
            keys = string_list(&scenario.session_keys),
            cache = cache_options(scenario),
        );
        write_settings_call(out, &settings_kwargs(&scenario.initial_settings()));
        for (step, traced) in scenario.steps.iter().zip(&self.trace.steps) {
            self.write_step(out, step, traced);
        }
    }

    fn write_step(&self, out: &mut String, step: &Step, traced: &TraceStep) {
        let i = traced.index;
        let _ = writeln!(out, "\n        # Step {i}: {}", step_summary(step, traced));
        if let Some(error) = &traced.error {
            let _ = writeln!(
                out,
                "        # (not carried out: {}; nothing changed)",
                one_line(error)
            );
            return;
        }
        let settings = self.scenario.settings_after(Some(i));
        match step {
            Step::Request(request) => {
                let (Some(sent), Some(response)) = (&traced.request, &traced.response) else {
                    return;
                };
                let op = python_str_repr(&request_op(&step.to_value()));
                let _ = writeln!(
                    out,
                    "        self.request(\n            {op},\n            method={method}, path={path}, secure={secure},\n            cookie={cookie},\n            status={status}, vary={vary},\n        )",
                    method = python_str_repr(sent.method.as_str()),
                    path = python_str_repr(&sent.path),
                    secure = if sent.secure { "True" } else { "False" },
                    cookie = python_optional_str(sent.cookie_header.as_deref()),
                    status = request.status,
                    vary = python_optional_str(request.vary.as_deref()),
                );
                let label = python_str_repr(&format!(
                    "{i} ({} {}, view {})",
                    sent.method.as_str(),
                    sent.path,
                    request.view.name()
                ));
                out.push_str("        self.expect_response(\n");
                let _ = writeln!(out, "            {label},");
                let _ = writeln!(out, "            status={},", response.status);
                let lines: Vec<String> = response
                    .set_cookies
                    .iter()
                    .map(|cookie| python_str_repr(&cookie.header()))
                    .collect();
                write_items(out, "            ", "set_cookie=", &lines, ",");
                let _ = writeln!(
                    out,
                    "            vary={},",
                    python_optional_str(response.vary.as_deref())
                );
                let _ = writeln!(
                    out,
                    "            result={},",
                    python_str_repr(&to_python_json(&response.result))
                );
                out.push_str("        )\n");
                self.write_store(out, &label, traced);
            }
            Step::Advance(seconds) => {
                let _ = writeln!(out, "        self.advance({})", python_float(*seconds));
            }
            Step::Settings(patch) => {
                let changes: Vec<(String, String)> = patch
                    .changes
                    .iter()
                    .map(|change| (change.name().to_owned(), setting_literal(change)))
                    .collect();
                write_settings_call(out, &changes);
            }
            Step::RotateSecret(_) => {
                write_settings_call(
                    out,
                    &[
                        (
                            "SECRET_KEY".to_owned(),
                            python_str_repr(&settings.secret_key),
                        ),
                        (
                            "SECRET_KEY_FALLBACKS".to_owned(),
                            string_list(&settings.secret_key_fallbacks),
                        ),
                    ],
                );
            }
            Step::ClearExpired => {
                out.push_str("        self.clear_expired()\n");
                self.write_store(
                    out,
                    &python_str_repr(&format!("{i} (clear_expired)")),
                    traced,
                );
            }
            Step::SetPassword { user, password } => {
                let _ = writeln!(
                    out,
                    "        self.set_password({user}, {})",
                    python_str_repr(password)
                );
            }
            Step::CacheRestart | Step::CacheClear => {
                out.push_str("        self.clear_cache()\n");
                self.write_store(
                    out,
                    &python_str_repr(&format!("{i} (cache cleared)")),
                    traced,
                );
            }
            Step::CacheWritesFail(fail) => {
                let _ = writeln!(
                    out,
                    "        self.cache_writes_fail = {}",
                    if *fail { "True" } else { "False" }
                );
            }
            Step::CloseBrowser(_)
            | Step::Tamper(_)
            | Step::SaveCookie { .. }
            | Step::RestoreCookie { .. }
            | Step::Script(_) => {
                out.push_str(
                    "        # (the browser's cookie jar only: Django sees it in the next Cookie header)\n",
                );
            }
            Step::Fault(_) => {}
        }
    }

    /// The assertions on the stored session after a step that may change it.
    fn write_store(&self, out: &mut String, label: &str, traced: &TraceStep) {
        let StoreSnapshot {
            db, cache, files, ..
        } = &traced.store;
        let indent = "        ";
        if let Some(rows) = db {
            let rows: Vec<String> = rows
                .iter()
                .map(|row| {
                    format!(
                        "({}, {}, {})",
                        python_str_repr(&row.session_key),
                        python_str_repr(&row.session_data),
                        python_str_repr(&row.expire_date)
                    )
                })
                .collect();
            write_items(
                out,
                indent,
                &format!("self.expect_db({label}, "),
                &rows,
                ")",
            );
        }
        if let Some(entries) = cache {
            let entries: Vec<String> = entries
                .iter()
                .filter(|e| e.expires_at.is_none_or(|at| at > traced.now))
                .map(|entry| {
                    format!(
                        "({}, {}, {})",
                        python_str_repr(&entry.key),
                        python_str_repr(&to_python_json(&entry.value)),
                        entry
                            .expires_at
                            .map_or_else(|| "None".to_owned(), python_float)
                    )
                })
                .collect();
            write_items(
                out,
                indent,
                &format!("self.expect_cache({label}, "),
                &entries,
                ")",
            );
        }
        if let Some(files) = files {
            let files: Vec<String> = files
                .iter()
                .map(|file| {
                    format!(
                        "({}, {}, {})",
                        python_str_repr(&file.name),
                        python_str_repr(&file.content),
                        python_float(file.mtime)
                    )
                })
                .collect();
            write_items(
                out,
                indent,
                &format!("self.expect_files({label}, "),
                &files,
                ")",
            );
        }
        if self.scenario.engine == Engine::SignedCookies {
            out.push_str("        # (signed_cookies: the session is the cookie, asserted above)\n");
        }
    }
}

/// The view part of a request step as JSON text: `{"view":"set","data":…}`, without the
/// request's own fields (browser, path, scheme, status, …). The module reads it with
/// `json.loads`, as the oracle reads its scenarios: a Python literal would share equal strings
/// (the compiler merges constants), which changes what `pickle` memoizes, hence the bytes
/// `PickleSerializer` writes.
fn request_op(step: &Value) -> String {
    let Some(Value::Dict(request)) = step.as_dict().and_then(|d| d.get("request")) else {
        return String::from("{}");
    };
    let mut op = request.clone();
    for key in [
        "browser", "path", "secure", "status", "vary", "origin", "kind", "from",
    ] {
        op.remove(key);
    }
    to_python_json(&Value::Dict(op))
}

/// Every session setting with its value, as keyword arguments of `override_settings`.
fn settings_kwargs(settings: &Settings) -> Vec<(String, String)> {
    let flag = |b: bool| if b { "True" } else { "False" }.to_owned();
    vec![
        ("SECRET_KEY".into(), python_str_repr(&settings.secret_key)),
        (
            "SECRET_KEY_FALLBACKS".into(),
            string_list(&settings.secret_key_fallbacks),
        ),
        (
            "SESSION_COOKIE_NAME".into(),
            python_str_repr(&settings.cookie_name),
        ),
        ("SESSION_COOKIE_AGE".into(), settings.cookie_age.to_string()),
        (
            "SESSION_COOKIE_DOMAIN".into(),
            python_optional_str(settings.cookie_domain.as_deref()),
        ),
        (
            "SESSION_COOKIE_PATH".into(),
            python_str_repr(&settings.cookie_path),
        ),
        ("SESSION_COOKIE_SECURE".into(), flag(settings.cookie_secure)),
        (
            "SESSION_COOKIE_HTTPONLY".into(),
            flag(settings.cookie_httponly),
        ),
        (
            "SESSION_COOKIE_SAMESITE".into(),
            python_optional_str(settings.cookie_samesite.as_deref()),
        ),
        (
            "SESSION_SAVE_EVERY_REQUEST".into(),
            flag(settings.save_every_request),
        ),
        (
            "SESSION_EXPIRE_AT_BROWSER_CLOSE".into(),
            flag(settings.expire_at_browser_close),
        ),
        (
            "SESSION_SERIALIZER".into(),
            python_str_repr(settings.serializer.django_path()),
        ),
    ]
}

/// One setting change's value as Python source.
fn setting_literal(change: &SettingChange) -> String {
    match change {
        SettingChange::Serializer(serializer) => python_str_repr(serializer.django_path()),
        other => python_literal(&other.value()),
    }
}

/// `{indent}{head}[…]{tail}`: one item a line, or `[]` on the head's line when there is none.
fn write_items(out: &mut String, indent: &str, head: &str, items: &[String], tail: &str) {
    if items.is_empty() {
        let _ = writeln!(out, "{indent}{head}[]{tail}");
        return;
    }
    let _ = writeln!(out, "{indent}{head}[");
    for item in items {
        let _ = writeln!(out, "{indent}    {item},");
    }
    let _ = writeln!(out, "{indent}]{tail}");
}

fn write_settings_call(out: &mut String, settings: &[(String, String)]) {
    if settings.is_empty() {
        return;
    }
    out.push_str("        self.use_settings(\n");
    for (name, value) in settings {
        let _ = writeln!(out, "            {name}={value},");
    }
    out.push_str("        )\n");
}

fn cache_options(scenario: &Scenario) -> String {
    if scenario.cache == crate::session::CacheOptions::default() {
        return "{}".to_owned();
    }
    format!(
        "{{'MAX_ENTRIES': {}, 'CULL_FREQUENCY': {}}}",
        scenario.cache.max_entries, scenario.cache.cull_frequency
    )
}

fn string_list(items: &[String]) -> String {
    let items: Vec<String> = items.iter().map(|s| python_str_repr(s)).collect();
    format!("[{}]", items.join(", "))
}

/// What a step is, for the comment above its code.
fn step_summary(step: &Step, traced: &TraceStep) -> String {
    let text = match step {
        Step::Request(request) => {
            let browser = traced
                .request
                .as_ref()
                .map_or(request.browser.as_str(), |r| r.browser.as_str());
            let view = match &request.view {
                ViewCall::Multi(ops) | ViewCall::Async(ops) => format!(
                    "{} [{}]",
                    request.view.name(),
                    ops.iter()
                        .map(ViewCall::name)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                other => other.name().to_owned(),
            };
            format!("browser {browser:?} requests {}, view {view}", request.path)
        }
        Step::Advance(seconds) => format!("the clock moves {} s", python_float(*seconds)),
        Step::Settings(_) => "settings change".to_owned(),
        Step::RotateSecret(_) => {
            "SECRET_KEY rotates (the old key becomes SECRET_KEY_FALLBACKS[0])".to_owned()
        }
        Step::CloseBrowser(browser) => format!("browser {browser:?} is closed"),
        Step::Tamper(tamper) => format!("the cookie is edited in browser {:?}", tamper.browser),
        Step::SaveCookie { label, .. } => format!("the cookie is saved as {label:?}"),
        Step::RestoreCookie { label, .. } => format!("the cookie saved as {label:?} is replayed"),
        Step::ClearExpired => "SessionStore.clear_expired() (manage.py clearsessions)".to_owned(),
        Step::SetPassword { user, .. } => format!("user {user}'s password changes elsewhere"),
        Step::CacheRestart => "the server restarts: the LocMemCache starts empty".to_owned(),
        Step::CacheClear => "caches['default'].clear()".to_owned(),
        Step::CacheWritesFail(true) => "cache writes fail from now on".to_owned(),
        Step::CacheWritesFail(false) => "cache writes work again".to_owned(),
        Step::Script(_) => "a script reads or writes document.cookie".to_owned(),
        Step::Fault(fault) => format!("fault {}", fault.name()),
    };
    one_line(&text)
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
    fn every_set_cookie_line_and_row_of_the_trace_is_asserted() {
        let scenario = cart();
        let trace = run(&scenario);
        let text = DjangoTest::new(&scenario, &trace)
            .unwrap()
            .module_text(&Template::built_in(TemplateKind::DjangoTest));
        for step in &trace.steps {
            for cookie in step.response.iter().flat_map(|r| &r.set_cookies) {
                assert!(
                    text.contains(&python_str_repr(&cookie.header())),
                    "{}",
                    cookie.header()
                );
            }
            for row in step.store.db.iter().flat_map(|rows| rows.iter()) {
                assert!(text.contains(&python_str_repr(&row.session_data)));
            }
        }
        assert!(text.contains("class CartBasicTest(SessionscopeTestCase):"));
        assert!(text.contains("SECRET_KEY='new-key',"));
        assert!(text.contains("path='/cart', secure=True"));
        assert!(text.contains("self.advance(10.0)"));
        assert!(text.contains("django_version = (5, 2)"));
        assert!(text.ends_with("    main()\n"));
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
