//! A scenario and its trace as a Markdown bug report, ready for a forum post or a ticket: the
//! Django version, the session settings (every `SECRET_KEY` and `SECRET_KEY_FALLBACKS` value
//! replaced, unless it is the conformance data's public demo key), the steps, and the bytes at
//! each step (the `Cookie` header sent, the status, every `Set-Cookie` line, `Vary`, what the
//! store holds afterwards), with a link that opens the same scenario (made by the caller, who
//! knows the page's address; it must carry no secrets).

use std::fmt::Write as _;

use crate::json::to_python_json;
use crate::scenario::{iso_utc, Scenario, Settings, Step, StoreSnapshot, Trace, TraceStep};
use crate::session::DEFAULT_SECRET_KEY;

use super::template::Template;

/// The Markdown report of `scenario`, whose run gave `trace`, in `template`
/// ([`super::TemplateKind::BugReport`]); `share_link` is an address that opens the scenario
/// without its secrets (none: the report says how to get one).
pub fn bug_report(
    scenario: &Scenario,
    trace: &Trace,
    share_link: Option<&str>,
    template: &Template,
) -> String {
    let mut secrets = SecretNames::default();
    let django = scenario.django_version();
    let title = if scenario.name.is_empty() {
        "a session scenario".to_owned()
    } else {
        inline(&scenario.name)
    };
    let description = if scenario.description.is_empty() {
        String::new()
    } else {
        format!("{}\n\n", one_line(&scenario.description))
    };
    let start = format!(
        "{} ({} s since the epoch)",
        words_utc(scenario.start_time),
        crate::json::python_float_repr(scenario.start_time)
    );
    let session_keys = if scenario.session_keys.is_empty() {
        String::new()
    } else {
        let keys: Vec<String> = scenario
            .session_keys
            .iter()
            .map(|k| format!("`{}`", inline(k)))
            .collect();
        format!(
            "- **Session keys**: `get_random_string` returns {} first\n",
            keys.join(", ")
        )
    };
    let mut settings = String::new();
    write_settings(&mut settings, &scenario.initial_settings(), &mut secrets);
    let mut steps = String::new();
    for (step, traced) in scenario.steps.iter().zip(&trace.steps) {
        write_step(&mut steps, scenario, step, traced, &mut secrets);
    }
    let link = share_link.map_or_else(
        || "use Share in Sessionscope to make one.".to_owned(),
        |link| format!("<{link}>"),
    );
    let secrets_note = if secrets.withheld > 0 {
        "The secret keys above are placeholders: the bytes were signed with the real ones, so \
         other keys sign other values.\n\n"
    } else {
        ""
    };
    template.fill(&[
        ("series", django.name()),
        ("title", &title),
        ("description", &description),
        ("release", django.patch_release()),
        ("engine_module", scenario.engine.django_module()),
        ("start", &start),
        ("session_keys", &session_keys),
        ("settings", &settings),
        ("steps", &steps),
        ("link", &link),
        ("secrets_note", secrets_note),
    ])
}

/// Secret keys met so far, each shown as `<secret key N>` (the demo key is public).
#[derive(Default)]
struct SecretNames {
    seen: Vec<String>,
    withheld: usize,
}

impl SecretNames {
    fn shown(&mut self, key: &str) -> String {
        if key == DEFAULT_SECRET_KEY {
            return format!("\"{key}\"  # the conformance data's public demo key");
        }
        let n = match self.seen.iter().position(|k| k == key) {
            Some(i) => i + 1,
            None => {
                self.seen.push(key.to_owned());
                self.withheld += 1;
                self.seen.len()
            }
        };
        format!("\"<secret key {n}, withheld>\"")
    }

    fn list(&mut self, keys: &[String]) -> String {
        if keys.is_empty() {
            return "[]".to_owned();
        }
        let shown: Vec<String> = keys
            .iter()
            .map(|k| {
                let text = self.shown(k);
                text.split("  #").next().unwrap_or_default().to_owned()
            })
            .collect();
        format!("[{}]", shown.join(", "))
    }
}

fn write_settings(out: &mut String, settings: &Settings, secrets: &mut SecretNames) {
    let py_str = |s: &str| to_python_json(&crate::json::Value::from(s));
    let py_opt = |s: &Option<String>| s.as_deref().map_or_else(|| "None".to_owned(), py_str);
    let flag = |b: bool| if b { "True" } else { "False" };
    let _ = writeln!(out, "SECRET_KEY = {}", secrets.shown(&settings.secret_key));
    let _ = writeln!(
        out,
        "SECRET_KEY_FALLBACKS = {}",
        secrets.list(&settings.secret_key_fallbacks)
    );
    let _ = writeln!(
        out,
        "SESSION_COOKIE_NAME = {}",
        py_str(&settings.cookie_name)
    );
    let _ = writeln!(out, "SESSION_COOKIE_AGE = {}", settings.cookie_age);
    let _ = writeln!(
        out,
        "SESSION_COOKIE_DOMAIN = {}",
        py_opt(&settings.cookie_domain)
    );
    let _ = writeln!(
        out,
        "SESSION_COOKIE_PATH = {}",
        py_str(&settings.cookie_path)
    );
    let _ = writeln!(
        out,
        "SESSION_COOKIE_SECURE = {}",
        flag(settings.cookie_secure)
    );
    let _ = writeln!(
        out,
        "SESSION_COOKIE_HTTPONLY = {}",
        flag(settings.cookie_httponly)
    );
    let _ = writeln!(
        out,
        "SESSION_COOKIE_SAMESITE = {}",
        py_opt(&settings.cookie_samesite)
    );
    let _ = writeln!(
        out,
        "SESSION_SAVE_EVERY_REQUEST = {}",
        flag(settings.save_every_request)
    );
    let _ = writeln!(
        out,
        "SESSION_EXPIRE_AT_BROWSER_CLOSE = {}",
        flag(settings.expire_at_browser_close)
    );
    let _ = writeln!(
        out,
        "SESSION_SERIALIZER = {}",
        py_str(settings.serializer.django_path())
    );
}

fn write_step(
    out: &mut String,
    scenario: &Scenario,
    step: &Step,
    traced: &TraceStep,
    secrets: &mut SecretNames,
) {
    let i = traced.index;
    let what = match step {
        Step::Request(request) => {
            let sent = traced.request.as_ref();
            format!(
                "`{} {}` from browser `{}`{}, view `{}`",
                sent.map_or("GET", |r| r.method.as_str()),
                inline(sent.map_or(request.path.as_str(), |r| r.path.as_str())),
                inline(&request.browser),
                if request.secure { " over https" } else { "" },
                view_text(step)
            )
        }
        Step::Advance(seconds) => format!(
            "the clock moves {} s, to {}",
            crate::json::python_float_repr(*seconds),
            words_utc(traced.now)
        ),
        Step::Settings(_) | Step::RotateSecret(_) => {
            let after = scenario.settings_after(Some(i));
            let mut text = String::new();
            write_settings(&mut text, &after, secrets);
            let before = scenario.settings_after(i.checked_sub(1));
            let mut previous = String::new();
            write_settings(&mut previous, &before, secrets);
            let changed: Vec<&str> = text
                .lines()
                .filter(|line| !previous.lines().any(|p| p == *line))
                .collect();
            let label = if matches!(step, Step::RotateSecret(_)) {
                "`SECRET_KEY` rotates"
            } else {
                "settings change"
            };
            format!("{label}: `{}`", changed.join("`, `"))
        }
        other => {
            let value = other.to_value();
            let text = to_python_json(&value);
            format!("`{}`", inline(&text))
        }
    };
    let _ = writeln!(out, "{}. {what}", i + 1);
    if let Some(error) = &traced.error {
        let _ = writeln!(out, "   (not carried out: {})", one_line(error));
    }
    if let (Some(sent), Some(response)) = (&traced.request, &traced.response) {
        out.push_str("\n   ```http\n");
        match &sent.cookie_header {
            Some(header) => {
                let _ = writeln!(out, "   Cookie: {header}");
            }
            None => out.push_str("   (no Cookie header)\n"),
        }
        let _ = writeln!(
            out,
            "   → {}{}",
            response.status,
            response
                .exception
                .as_deref()
                .map(|e| format!(" ({e})"))
                .unwrap_or_default()
        );
        for cookie in &response.set_cookies {
            let _ = writeln!(out, "   {}", cookie.header());
        }
        if let Some(vary) = &response.vary {
            let _ = writeln!(out, "   Vary: {vary}");
        }
        out.push_str("   ```\n");
        if response.result != crate::json::Value::Null {
            let _ = writeln!(
                out,
                "   The view returned `{}`.",
                inline(&to_python_json(&response.result))
            );
        }
        write_store(out, &traced.store, traced.now);
    }
    out.push('\n');
}

fn write_store(out: &mut String, store: &StoreSnapshot, now: f64) {
    let mut lines = Vec::new();
    if let Some(rows) = &store.db {
        if rows.is_empty() {
            lines.push("django_session: no rows".to_owned());
        }
        for row in rows.iter() {
            lines.push(format!(
                "django_session: {} | {} | {}",
                row.session_key, row.session_data, row.expire_date
            ));
        }
    }
    if let Some(entries) = &store.cache {
        let live: Vec<_> = entries
            .iter()
            .filter(|e| e.expires_at.is_none_or(|at| at > now))
            .collect();
        if live.is_empty() {
            lines.push("cache: no live entry".to_owned());
        }
        for entry in live {
            lines.push(format!(
                "cache: {} = {}{}",
                entry.key,
                to_python_json(&entry.value),
                entry
                    .expires_at
                    .map(|at| format!(" (expires {})", words_utc(at)))
                    .unwrap_or_default()
            ));
        }
    }
    if let Some(files) = &store.files {
        if files.is_empty() {
            lines.push("files: none".to_owned());
        }
        for file in files.iter() {
            lines.push(format!("file {}: {}", file.name, file.content));
        }
    }
    if lines.is_empty() {
        return;
    }
    out.push_str("   Stored afterwards:\n\n   ```text\n");
    for line in lines {
        let _ = writeln!(out, "   {line}");
    }
    out.push_str("   ```\n");
}

fn view_text(step: &Step) -> String {
    let value = step.to_value();
    let Some(request) = value
        .as_dict()
        .and_then(|d| d.get("request"))
        .and_then(|r| r.as_dict())
    else {
        return String::new();
    };
    let mut op = request.clone();
    for key in [
        "browser", "path", "secure", "status", "vary", "origin", "kind", "from",
    ] {
        op.remove(key);
    }
    inline(&to_python_json(&crate::json::Value::Dict(op)))
}

/// `2023-11-14 22:13:20 UTC`.
fn words_utc(seconds: f64) -> String {
    let iso = iso_utc(seconds);
    let iso = iso.trim_end_matches('Z');
    let iso = iso.strip_suffix(".000").unwrap_or(iso);
    format!("{} UTC", iso.replacen('T', " ", 1))
}

/// Text safe inside a Markdown code span.
fn inline(text: &str) -> String {
    one_line(text).replace('`', "'")
}

fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::TemplateKind;
    use crate::scenario::run;

    fn scenario() -> Scenario {
        Scenario::from_json(
            r#"{"name": "logged out", "engine": "cached_db",
                "settings": {"SECRET_KEY": "my-production-secret", "SESSION_COOKIE_AGE": 600},
                "steps": [
                {"request": {"view": "set", "data": {"cart": 1}}},
                {"advance": 30},
                {"rotate_secret": "another-secret"},
                {"request": {"view": "get", "key": "cart"}}
            ]}"#,
        )
        .unwrap()
    }

    #[test]
    fn the_report_holds_every_byte_and_no_secret() {
        let scenario = scenario();
        let trace = run(&scenario);
        let report = bug_report(
            &scenario,
            &trace,
            Some("https://example.test/#v1.abc"),
            &Template::built_in(TemplateKind::BugReport),
        );
        assert!(!report.contains("my-production-secret"), "{report}");
        assert!(!report.contains("another-secret"), "{report}");
        assert!(report.contains("SECRET_KEY = \"<secret key 1, withheld>\""));
        assert!(report.contains("SECRET_KEY = \"<secret key 2, withheld>\""));
        assert!(report.contains("SECRET_KEY_FALLBACKS = [\"<secret key 1, withheld>\"]"));
        assert!(report.contains("SESSION_COOKIE_AGE = 600"));
        assert!(report.contains("django.contrib.sessions.backends.cached_db"));
        assert!(report.contains("<https://example.test/#v1.abc>"));
        for step in &trace.steps {
            for cookie in step.response.iter().flat_map(|r| &r.set_cookies) {
                assert!(report.contains(&cookie.header()), "{}", cookie.header());
            }
            for row in step.store.db.iter().flat_map(|rows| rows.iter()) {
                assert!(report.contains(&row.session_data));
            }
        }
        assert!(report.contains("2023-11-14 22:13:50 UTC"), "{report}");
    }

    #[test]
    fn the_demo_key_is_shown_and_no_link_says_how_to_get_one() {
        let mut scenario = scenario();
        scenario.settings.changes.clear();
        scenario.steps.truncate(2);
        let trace = run(&scenario);
        let report = bug_report(
            &scenario,
            &trace,
            None,
            &Template::built_in(TemplateKind::BugReport),
        );
        assert!(report.contains(DEFAULT_SECRET_KEY));
        assert!(!report.contains("withheld"));
        assert!(report.contains("use Share in Sessionscope to make one."));
    }
}
