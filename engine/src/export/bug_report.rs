//! A scenario and its trace as a Markdown bug report, ready for a forum post or a ticket: the
//! Django version, the session settings (every `SECRET_KEY` and `SECRET_KEY_FALLBACKS` value
//! replaced, unless it is the conformance data's public demo key), the steps, and the bytes at
//! each step (the `Cookie` header sent, the status, every `Set-Cookie` line, `Vary`, what the
//! store holds afterwards), with a link that opens the same scenario (made by the caller, who
//! knows the page's address; it must carry no secrets). The words are the template's
//! ([`super::TemplateKind::BugReport`] and its sections); this module fills them in.

use crate::json::{python_float_repr, to_python_json, Value};
use crate::scenario::{
    iso_utc, Scenario, SettingChange, Settings, Step, StoreSnapshot, Trace, TraceStep,
};
use crate::session::DEFAULT_SECRET_KEY;

use super::template::Template;

/// The template's sections this module fills.
#[cfg(test)]
pub(super) const SECTIONS: [&str; 21] = [
    "request",
    "https",
    "no_cookie",
    "result",
    "store",
    "db_row",
    "no_db_row",
    "cache_entry",
    "cache_expires",
    "no_cache_entry",
    "file",
    "no_file",
    "advance",
    "settings_step",
    "rotate_step",
    "other_step",
    "error",
    "secret",
    "demo_key",
    "secrets_note",
    "no_link",
];

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
    let title = inline(if scenario.name.is_empty() {
        "?"
    } else {
        &scenario.name
    });
    let description = if scenario.description.is_empty() {
        String::new()
    } else {
        format!("{}\n\n", one_line(&scenario.description))
    };
    let settings = settings_lines(
        &scenario.initial_settings(),
        None,
        template,
        &mut secrets,
        "\n",
    );
    let mut steps = String::new();
    for (step, traced) in scenario.steps.iter().zip(&trace.steps) {
        steps.push_str(&step_text(scenario, step, traced, template, &mut secrets));
    }
    let link = share_link.map_or_else(
        || template.section("no_link").fill(&[]),
        |link| format!("<{link}>"),
    );
    let secrets_note = if secrets.seen.is_empty() {
        String::new()
    } else {
        template.section("secrets_note").fill(&[])
    };
    template.fill(&[
        ("series", django.name()),
        ("title", &title),
        ("description", &description),
        ("release", django.patch_release()),
        ("engine_module", scenario.engine.django_module()),
        ("start", &words_utc(scenario.start_time)),
        ("start_seconds", &seconds_text(scenario.start_time)),
        ("settings", &settings),
        ("steps", &steps),
        ("link", &link),
        ("secrets_note", &secrets_note),
    ])
}

/// Secret keys met so far, each shown as the template's `secret` section with its number
/// (the public demo key is shown as it is).
#[derive(Default)]
struct SecretNames {
    seen: Vec<String>,
}

impl SecretNames {
    fn shown(&mut self, key: &str, template: &Template) -> String {
        if key == DEFAULT_SECRET_KEY {
            return to_python_json(&Value::from(key));
        }
        let n = match self.seen.iter().position(|k| k == key) {
            Some(i) => i + 1,
            None => {
                self.seen.push(key.to_owned());
                self.seen.len()
            }
        };
        template.section("secret").fill(&[("n", &n.to_string())])
    }
}

/// Every session setting (or, with `before`, those that differ from it) as `NAME = value`
/// lines in Python, joined by `separator`.
fn settings_lines(
    settings: &Settings,
    before: Option<&Settings>,
    template: &Template,
    secrets: &mut SecretNames,
    separator: &str,
) -> String {
    let before = before.map(all_settings);
    let mut lines = String::new();
    for (i, change) in all_settings(settings).into_iter().enumerate() {
        if before.as_ref().is_some_and(|b| b[i] == change) {
            continue;
        }
        let value = match &change {
            SettingChange::SecretKey(key) => {
                let mut shown = secrets.shown(key, template);
                if key == DEFAULT_SECRET_KEY && separator == "\n" {
                    shown.push_str(&template.section("demo_key").fill(&[]));
                }
                shown
            }
            SettingChange::SecretKeyFallbacks(keys) => {
                let shown: Vec<String> = keys.iter().map(|k| secrets.shown(k, template)).collect();
                format!("[{}]", shown.join(", "))
            }
            SettingChange::Serializer(serializer) => {
                to_python_json(&Value::from(serializer.django_path()))
            }
            other => python_value(&other.value()),
        };
        let line = format!("{} = {value}", change.name());
        if separator == "\n" {
            lines.push_str(&line);
            lines.push('\n');
        } else {
            if !lines.is_empty() {
                lines.push_str(separator);
            }
            lines.push_str(&format!("`{line}`"));
        }
    }
    lines
}

/// The settings as the changes that would set each one, in Django's documentation order.
fn all_settings(s: &Settings) -> Vec<SettingChange> {
    vec![
        SettingChange::SecretKey(s.secret_key.clone()),
        SettingChange::SecretKeyFallbacks(s.secret_key_fallbacks.clone()),
        SettingChange::CookieName(s.cookie_name.clone()),
        SettingChange::CookieAge(s.cookie_age),
        SettingChange::CookieDomain(s.cookie_domain.clone()),
        SettingChange::CookiePath(s.cookie_path.clone()),
        SettingChange::CookieSecure(s.cookie_secure),
        SettingChange::CookieHttpOnly(s.cookie_httponly),
        SettingChange::CookieSameSite(s.cookie_samesite.clone()),
        SettingChange::SaveEveryRequest(s.save_every_request),
        SettingChange::ExpireAtBrowserClose(s.expire_at_browser_close),
        SettingChange::Serializer(s.serializer),
    ]
}

/// A setting's JSON value in Python (`True`, `None`, `"Lax"`, `1209600`).
fn python_value(value: &Value) -> String {
    match value {
        Value::Null => "None".to_owned(),
        Value::Bool(true) => "True".to_owned(),
        Value::Bool(false) => "False".to_owned(),
        other => to_python_json(other),
    }
}

fn step_text(
    scenario: &Scenario,
    step: &Step,
    traced: &TraceStep,
    template: &Template,
    secrets: &mut SecretNames,
) -> String {
    let i = traced.index;
    let n = (i + 1).to_string();
    match step {
        Step::Request(_) => {
            let (Some(sent), Some(response)) = (&traced.request, &traced.response) else {
                return String::new();
            };
            let mut bytes = match &sent.cookie_header {
                Some(header) => format!("   Cookie: {header}\n"),
                None => template.section("no_cookie").fill(&[]),
            };
            let exception = response
                .exception
                .as_deref()
                .map(|e| format!(" ({e})"))
                .unwrap_or_default();
            bytes.push_str(&format!("   → {}{exception}\n", response.status));
            for cookie in &response.set_cookies {
                bytes.push_str(&format!("   {}\n", cookie.header()));
            }
            if let Some(vary) = &response.vary {
                bytes.push_str(&format!("   Vary: {vary}\n"));
            }
            let result = if response.result == Value::Null {
                String::new()
            } else {
                let value = inline(&to_python_json(&response.result));
                template.section("result").fill(&[("value", &value)])
            };
            let https = if sent.secure {
                template.section("https").fill(&[])
            } else {
                String::new()
            };
            template.section("request").fill(&[
                ("n", &n),
                ("path", &inline(&sent.path)),
                ("browser", &inline(&sent.browser)),
                ("https", &https),
                ("view", &view_text(step)),
                ("bytes", &bytes),
                ("result", &result),
                ("store", &store_text(&traced.store, traced.now, template)),
            ])
        }
        Step::Advance(seconds) => template.section("advance").fill(&[
            ("n", &n),
            ("seconds", &seconds_text(*seconds)),
            ("time", &words_utc(traced.now)),
        ]),
        Step::Settings(_) | Step::RotateSecret(_) => {
            let after = scenario.settings_after(Some(i));
            let before = scenario.settings_after(i.checked_sub(1));
            let changes = settings_lines(&after, Some(&before), template, secrets, ", ");
            let section = if matches!(step, Step::RotateSecret(_)) {
                "rotate_step"
            } else {
                "settings_step"
            };
            template
                .section(section)
                .fill(&[("n", &n), ("changes", &changes)])
        }
        other => {
            let error = traced.error.as_deref().map_or_else(String::new, |why| {
                template.section("error").fill(&[("why", &one_line(why))])
            });
            template.section("other_step").fill(&[
                ("n", &n),
                ("step", &inline(&to_python_json(&other.to_value()))),
                ("error", &error),
            ])
        }
    }
}

fn store_text(store: &StoreSnapshot, now: f64, template: &Template) -> String {
    let mut lines = String::new();
    if let Some(rows) = &store.db {
        if rows.is_empty() {
            lines.push_str(&template.section("no_db_row").fill(&[]));
        }
        for row in rows.iter() {
            lines.push_str(&template.section("db_row").fill(&[
                ("key", &row.session_key),
                ("data", &row.session_data),
                ("expire_date", &row.expire_date),
            ]));
        }
    }
    if let Some(entries) = &store.cache {
        let mut live = entries
            .iter()
            .filter(|e| e.expires_at.is_none_or(|at| at > now))
            .peekable();
        if live.peek().is_none() {
            lines.push_str(&template.section("no_cache_entry").fill(&[]));
        }
        for entry in live {
            let expires = entry.expires_at.map_or_else(String::new, |at| {
                template
                    .section("cache_expires")
                    .fill(&[("time", &words_utc(at))])
            });
            lines.push_str(&template.section("cache_entry").fill(&[
                ("key", &entry.key),
                ("value", &to_python_json(&entry.value)),
                ("expires", &expires),
            ]));
        }
    }
    if let Some(files) = &store.files {
        if files.is_empty() {
            lines.push_str(&template.section("no_file").fill(&[]));
        }
        for file in files.iter() {
            lines.push_str(
                &template
                    .section("file")
                    .fill(&[("name", &file.name), ("content", &file.content)]),
            );
        }
    }
    if lines.is_empty() {
        return String::new();
    }
    template.section("store").fill(&[("lines", &lines)])
}

/// The view part of a request step as compact JSON.
fn view_text(step: &Step) -> String {
    let value = step.to_value();
    let Some(request) = value
        .as_dict()
        .and_then(|d| d.get("request"))
        .and_then(Value::as_dict)
    else {
        return String::new();
    };
    let mut op = request.clone();
    for key in [
        "browser", "path", "secure", "status", "vary", "origin", "kind", "from",
    ] {
        op.remove(key);
    }
    inline(&to_python_json(&Value::Dict(op)))
}

/// Seconds as Python prints them, without `.0` for whole ones.
fn seconds_text(seconds: f64) -> String {
    let text = python_float_repr(seconds);
    text.strip_suffix(".0").map_or(text.clone(), str::to_owned)
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
                {"request": {"view": "get", "key": "cart", "secure": true}},
                {"tamper": {"mode": "flip_last"}}
            ]}"#,
        )
        .unwrap()
    }

    fn report(scenario: &Scenario, link: Option<&str>) -> String {
        let trace = run(scenario);
        bug_report(
            scenario,
            &trace,
            link,
            &Template::built_in(TemplateKind::BugReport),
        )
    }

    #[test]
    fn the_report_holds_every_byte_and_no_secret() {
        let scenario = scenario();
        let trace = run(&scenario);
        let report = report(&scenario, Some("https://example.test/#v1.abc"));
        assert!(!report.contains("my-production-secret"), "{report}");
        assert!(!report.contains("another-secret"), "{report}");
        assert!(!report.contains("{{"), "{report}");
        assert!(report.contains("SECRET_KEY = \"<secret key 1, withheld>\"\n"));
        assert!(report.contains(
            "3. `SECRET_KEY` rotates: `SECRET_KEY = \"<secret key 2, withheld>\"`, \
             `SECRET_KEY_FALLBACKS = [\"<secret key 1, withheld>\"]`"
        ));
        assert!(report.contains("SESSION_COOKIE_AGE = 600\n"));
        assert!(report.contains("SESSION_COOKIE_DOMAIN = None\n"));
        assert!(report.contains("SESSION_COOKIE_HTTPONLY = True\n"));
        assert!(report.contains("`django.contrib.sessions.backends.cached_db`"));
        assert!(report.contains("<https://example.test/#v1.abc>"));
        assert!(report.contains("The secret keys above are placeholders"));
        assert!(report.contains(
            "4. `GET /` from browser `main` over https, view `{\"view\":\"get\",\"key\":\"cart\"}`"
        ));
        assert!(report.contains("   The view returned `1`."));
        assert!(report.contains("2. The clock moves 30 s, to 2023-11-14 22:13:50 UTC."));
        assert!(report.contains("5. `{\"tamper\":{\"mode\":\"flip_last\"}}`"));
        for step in &trace.steps {
            for cookie in step.response.iter().flat_map(|r| &r.set_cookies) {
                assert!(report.contains(&cookie.header()), "{}", cookie.header());
            }
            for row in step.store.db.iter().flat_map(|rows| rows.iter()) {
                assert!(report.contains(&row.session_data));
            }
        }
    }

    #[test]
    fn the_demo_key_is_shown_and_no_link_says_how_to_get_one() {
        let mut scenario = scenario();
        scenario.settings.changes.clear();
        scenario.steps.truncate(2);
        let report = report(&scenario, None);
        assert!(report.contains(&format!(
            "SECRET_KEY = \"{DEFAULT_SECRET_KEY}\"  # the conformance data's public demo key"
        )));
        assert!(!report.contains("withheld"));
        assert!(!report.contains("placeholders"));
        assert!(report.contains("use Share in Sessionscope to make one."));
        assert!(report.contains("(no Cookie header)"));
    }
}
