//! The `settings.py` lines for the playground's configuration, ready to paste into a Django
//! project: `SESSION_ENGINE`, the `SESSION_*` settings, the secret keys when they are the
//! user's own, `SESSION_SERIALIZER` (with what the Django version in force does with it), and
//! `CACHES` when a cache-backed engine runs with non-default cache options. The first line
//! names the Django version the lines are for.
//!
//! Two styles: [`Style::Changes`] (what a Django developer pastes: the engine plus only what
//! differs from Django's defaults) and [`Style::Everything`] (every session setting, the
//! defaults commented out). Values are Python literals (`True`, `None`, `"Lax"`).

use sessionscope_engine::json::Value;
use sessionscope_engine::scenario::{CacheOptions, Engine, Settings};
use sessionscope_engine::session::{Serializer, DEFAULT_SECRET_KEY};
use sessionscope_engine::version::DjangoVersion;

use super::python::exact_literal;

/// Which lines to show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// The engine and every setting that differs from Django's default.
    Changes,
    /// Every session setting; those at their default are commented out.
    Everything,
}

/// The Python text (ending with a newline) for `engine` and `settings` on Django `django`.
pub fn render(
    django: DjangoVersion,
    engine: Engine,
    settings: &Settings,
    cache: &CacheOptions,
    style: Style,
) -> String {
    let defaults = Settings::default();
    let mut out = format!("# settings.py (Django {})\n", django.name());
    let engine_comment = if engine == Engine::Db {
        "  # Django's default"
    } else {
        ""
    };
    out.push_str(&format!(
        "SESSION_ENGINE = {}{engine_comment}\n",
        exact_literal(&Value::from(engine.django_module()))
    ));

    let custom_secret = settings.secret_key != DEFAULT_SECRET_KEY;
    if custom_secret {
        out.push_str(&format!(
            "SECRET_KEY = {}  # keep it out of version control\n",
            exact_literal(&Value::from(settings.secret_key.as_str()))
        ));
    } else if style == Style::Everything {
        out.push_str("# SECRET_KEY: the playground signs with a demo key; use your own\n");
    }
    line(
        &mut out,
        style,
        "SECRET_KEY_FALLBACKS",
        &Value::List(
            settings
                .secret_key_fallbacks
                .iter()
                .map(|k| Value::from(k.as_str()))
                .collect(),
        ),
        settings.secret_key_fallbacks.is_empty(),
        None,
    );

    let optional = |v: &Option<String>| v.as_deref().map_or(Value::Null, Value::from);
    line(
        &mut out,
        style,
        "SESSION_COOKIE_NAME",
        &Value::from(settings.cookie_name.as_str()),
        settings.cookie_name == defaults.cookie_name,
        None,
    );
    line(
        &mut out,
        style,
        "SESSION_COOKIE_AGE",
        &Value::from(settings.cookie_age),
        settings.cookie_age == defaults.cookie_age,
        Some(duration_words(settings.cookie_age)),
    );
    line(
        &mut out,
        style,
        "SESSION_COOKIE_DOMAIN",
        &optional(&settings.cookie_domain),
        settings.cookie_domain == defaults.cookie_domain,
        None,
    );
    line(
        &mut out,
        style,
        "SESSION_COOKIE_PATH",
        &Value::from(settings.cookie_path.as_str()),
        settings.cookie_path == defaults.cookie_path,
        None,
    );
    line(
        &mut out,
        style,
        "SESSION_COOKIE_SECURE",
        &Value::Bool(settings.cookie_secure),
        settings.cookie_secure == defaults.cookie_secure,
        None,
    );
    line(
        &mut out,
        style,
        "SESSION_COOKIE_HTTPONLY",
        &Value::Bool(settings.cookie_httponly),
        settings.cookie_httponly == defaults.cookie_httponly,
        None,
    );
    line(
        &mut out,
        style,
        "SESSION_COOKIE_SAMESITE",
        &optional(&settings.cookie_samesite),
        settings.cookie_samesite == defaults.cookie_samesite,
        None,
    );
    line(
        &mut out,
        style,
        "SESSION_SAVE_EVERY_REQUEST",
        &Value::Bool(settings.save_every_request),
        settings.save_every_request == defaults.save_every_request,
        None,
    );
    line(
        &mut out,
        style,
        "SESSION_EXPIRE_AT_BROWSER_CLOSE",
        &Value::Bool(settings.expire_at_browser_close),
        settings.expire_at_browser_close == defaults.expire_at_browser_close,
        None,
    );
    line(
        &mut out,
        style,
        "SESSION_SERIALIZER",
        &Value::from(settings.serializer.django_path()),
        settings.serializer == defaults.serializer,
        serializer_note(django, settings.serializer),
    );
    if engine.uses_cache() && (style == Style::Everything || *cache != CacheOptions::default()) {
        out.push_str(&caches_block(cache));
    }
    out
}

fn line(
    out: &mut String,
    style: Style,
    name: &str,
    value: &Value,
    is_default: bool,
    note: Option<String>,
) {
    let text = format!("{name} = {}", exact_literal(value));
    match (is_default, style) {
        (true, Style::Changes) => {}
        (true, Style::Everything) => {
            let note = note.map_or(String::new(), |n| format!(", {n}"));
            out.push_str(&format!("# {text}  # default{note}\n"));
        }
        (false, _) => match note {
            Some(note) => out.push_str(&format!("{text}  # {note}\n")),
            None => out.push_str(&format!("{text}\n")),
        },
    }
}

/// What Django `django` does with `serializer`, when there is something to say:
/// `PickleSerializer` is deprecated in 4.2 and gone from 5.0
/// ([`DjangoVersion::has_pickle_serializer`]).
fn serializer_note(django: DjangoVersion, serializer: Serializer) -> Option<String> {
    match serializer {
        Serializer::Json => None,
        Serializer::Pickle if django.has_pickle_serializer() => Some(
            "deprecated since Django 4.1, removed in 5.0; a forged cookie runs code".to_owned(),
        ),
        Serializer::Pickle => Some(format!(
            "removed in Django 5.0: on {} every request raises ImportError",
            django.name()
        )),
    }
}

/// The `CACHES` setting the playground's LocMemCache corresponds to.
fn caches_block(cache: &CacheOptions) -> String {
    format!(
        "CACHES = {{\n    \"default\": {{\n        \"BACKEND\": \"django.core.cache.backends.locmem.LocMemCache\",\n        \"OPTIONS\": {{\"MAX_ENTRIES\": {}, \"CULL_FREQUENCY\": {}}},\n    }}\n}}\n",
        cache.max_entries, cache.cull_frequency
    )
}

/// A number of seconds in words: `2 weeks`, `1 hour`, `90 seconds`, `1 day, 2 hours`.
pub fn duration_words(seconds: i64) -> String {
    if seconds <= 0 {
        return format!("{seconds} seconds: the cookie expires at once");
    }
    let units = [
        (604_800, "week"),
        (86_400, "day"),
        (3_600, "hour"),
        (60, "minute"),
        (1, "second"),
    ];
    let mut rest = seconds;
    let mut parts = Vec::new();
    for (size, name) in units {
        let n = rest / size;
        if n > 0 {
            parts.push(format!("{n} {name}{}", if n == 1 { "" } else { "s" }));
            rest %= size;
        }
        if parts.len() == 2 {
            break;
        }
    }
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_give_just_the_engine() {
        let text = render(
            DjangoVersion::V6_1,
            Engine::Db,
            &Settings::default(),
            &CacheOptions::default(),
            Style::Changes,
        );
        assert_eq!(
            text,
            "# settings.py (Django 6.1)\nSESSION_ENGINE = \"django.contrib.sessions.backends.db\"  # Django's default\n"
        );
    }

    #[test]
    fn changes_are_python_literals() {
        let settings = Settings {
            secret_key: "s3cr\"et".into(),
            secret_key_fallbacks: vec!["old".into()],
            cookie_age: 3600,
            cookie_samesite: None,
            cookie_secure: true,
            save_every_request: true,
            cookie_domain: Some(".example.com".into()),
            ..Settings::default()
        };
        let cache = CacheOptions {
            max_entries: 3,
            cull_frequency: 2,
        };
        let text = render(
            DjangoVersion::V5_2,
            Engine::Cache,
            &settings,
            &cache,
            Style::Changes,
        );
        let expected = [
            "# settings.py (Django 5.2)",
            "SESSION_ENGINE = \"django.contrib.sessions.backends.cache\"",
            "SECRET_KEY = \"s3cr\\\"et\"  # keep it out of version control",
            "SECRET_KEY_FALLBACKS = [\"old\"]",
            "SESSION_COOKIE_AGE = 3600  # 1 hour",
            "SESSION_COOKIE_DOMAIN = \".example.com\"",
            "SESSION_COOKIE_SECURE = True",
            "SESSION_COOKIE_SAMESITE = None",
            "SESSION_SAVE_EVERY_REQUEST = True",
            "CACHES = {",
            "    \"default\": {",
            "        \"BACKEND\": \"django.core.cache.backends.locmem.LocMemCache\",",
            "        \"OPTIONS\": {\"MAX_ENTRIES\": 3, \"CULL_FREQUENCY\": 2},",
            "    }",
            "}",
        ];
        assert_eq!(text.lines().collect::<Vec<_>>(), expected);
    }

    #[test]
    fn everything_comments_out_the_defaults() {
        let settings = Settings {
            cookie_httponly: false,
            ..Settings::default()
        };
        let text = render(
            DjangoVersion::V4_2,
            Engine::SignedCookies,
            &settings,
            &CacheOptions::default(),
            Style::Everything,
        );
        assert!(text.contains("\n# SESSION_COOKIE_NAME = \"sessionid\"  # default\n"));
        assert!(text.contains("\n# SESSION_COOKIE_AGE = 1209600  # default, 2 weeks\n"));
        assert!(text.contains("\nSESSION_COOKIE_HTTPONLY = False\n"));
        assert!(text.contains("\n# SESSION_COOKIE_SAMESITE = \"Lax\"  # default\n"));
        assert!(text.contains("\n# SESSION_COOKIE_DOMAIN = None  # default\n"));
        assert!(text.contains(
            "\n# SESSION_SERIALIZER = \"django.contrib.sessions.serializers.JSONSerializer\"  # default\n"
        ));
        assert!(!text.contains("CACHES"), "signed cookies use no cache");
        assert!(
            !text.contains(DEFAULT_SECRET_KEY),
            "the demo key is never printed"
        );
        // Every uncommented line is an assignment with a Python literal.
        for line in text.lines().filter(|l| !l.starts_with('#')) {
            assert!(line.contains(" = "), "{line}");
            assert!(!line.contains("true") && !line.contains("null"), "{line}");
        }
    }

    #[test]
    fn the_pickle_serializer_says_what_each_version_does_with_it() {
        let settings = Settings {
            serializer: Serializer::Pickle,
            ..Settings::default()
        };
        let text = |django| {
            render(
                django,
                Engine::SignedCookies,
                &settings,
                &CacheOptions::default(),
                Style::Changes,
            )
        };
        let assignment =
            "SESSION_SERIALIZER = \"django.contrib.sessions.serializers.PickleSerializer\"  # ";
        assert!(text(DjangoVersion::V4_2).contains(&format!(
            "{assignment}deprecated since Django 4.1, removed in 5.0"
        )));
        for django in [
            DjangoVersion::V5_2,
            DjangoVersion::V6_0,
            DjangoVersion::V6_1,
        ] {
            assert!(
                text(django).contains(&format!(
                    "{assignment}removed in Django 5.0: on {} every request raises ImportError",
                    django.name()
                )),
                "{django}"
            );
        }
    }

    #[test]
    fn durations_read_naturally() {
        assert_eq!(duration_words(1_209_600), "2 weeks");
        assert_eq!(duration_words(3600), "1 hour");
        assert_eq!(duration_words(90), "1 minute, 30 seconds");
        assert_eq!(duration_words(93_600), "1 day, 2 hours");
        assert_eq!(duration_words(0), "0 seconds: the cookie expires at once");
    }

    #[test]
    fn long_fallback_lists_are_written_in_full() {
        let settings = Settings {
            secret_key_fallbacks: (0..9).map(|n| format!("k{n}")).collect(),
            ..Settings::default()
        };
        let text = render(
            DjangoVersion::V6_1,
            Engine::Db,
            &settings,
            &CacheOptions::default(),
            Style::Changes,
        );
        assert!(text.contains(
            "SECRET_KEY_FALLBACKS = [\"k0\", \"k1\", \"k2\", \"k3\", \"k4\", \"k5\", \"k6\", \"k7\", \"k8\"]\n"
        ));
    }
}
