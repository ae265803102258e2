//! Reading and writing the scenario fields of a browser that behaves like one: the top-level
//! `browser_rules`, `third_party_cookies` and `origin`; a request's `origin`, `kind` and `from`;
//! the `script` step. All are optional and written only when they differ from the default, so a
//! conformance scenario reads and writes exactly as before.

use crate::browser::rules::{BrowserProfile, BrowserSettings, RequestKind, ThirdPartyCookies, Url};
use crate::json::{Dict, Value};

use super::error::ScenarioError;
use super::fields::{browser_field, insert_browser, optional_string, Parsed};
use super::site::{origin_text, parse_origin};
use super::steps::{Request, ScriptStep};

/// The value of `browser_rules` for Chromium 156's cookie rules (`firefox` gives Firefox ESR
/// 153's).
pub const CHROMIUM: &str = "chromium";

const ORIGIN: &str = "an origin such as \"https://site.test\" (http or https, no path)";
const KINDS: &str = "navigate, link, form-post, fetch, iframe or img";

fn optional_origin(dict: &Dict, name: &str, at: &str) -> Parsed<Option<Url>> {
    optional_string(dict, name, at)?
        .map(|text| {
            parse_origin(&text)
                .ok_or_else(|| ScenarioError::invalid(format!("{at}.{name}"), ORIGIN))
        })
        .transpose()
}

fn optional_url(dict: &Dict, name: &str, at: &str) -> Parsed<Option<Url>> {
    optional_string(dict, name, at)?
        .map(|text| {
            Url::parse(&text).map_err(|_| {
                ScenarioError::invalid(
                    format!("{at}.{name}"),
                    "an http(s) URL such as \"https://other.test/\"",
                )
            })
        })
        .transpose()
}

/// A scenario's top-level `browser_rules` (with `third_party_cookies`) and `origin`.
pub(super) type ScenarioSite = (Option<BrowserSettings>, Option<Url>);

/// Reads `browser_rules`, `third_party_cookies` and `origin`.
pub(super) fn read_scenario_site(dict: &Dict) -> Parsed<ScenarioSite> {
    let at = "scenario";
    let mut browser_rules = match optional_string(dict, "browser_rules", at)? {
        None => None,
        Some(name) => match BrowserProfile::from_name(&name) {
            Some(profile) => Some(BrowserSettings::of(profile)),
            None => {
                return Err(ScenarioError::invalid(
                    "browser_rules",
                    "\"chromium\" or \"firefox\"",
                ))
            }
        },
    };
    let third_party = optional_string(dict, "third_party_cookies", at)?;
    if let Some(text) = third_party {
        let setting = ThirdPartyCookies::from_name(&text).ok_or_else(|| {
            ScenarioError::invalid("third_party_cookies", "blocked, partitioned or allowed")
        })?;
        let settings = browser_rules.as_mut().ok_or_else(|| {
            ScenarioError::invalid(
                "third_party_cookies",
                "used with \"browser_rules\": \"chromium\" or \"firefox\"",
            )
        })?;
        settings.third_party_cookies = setting;
    }
    Ok((browser_rules, optional_origin(dict, "origin", at)?))
}

/// Writes the fields [`read_scenario_site`] reads, when they are not the defaults.
pub(super) fn scenario_site_to_value(
    browser_rules: Option<BrowserSettings>,
    origin: Option<&Url>,
    dict: &mut Dict,
) {
    if let Some(settings) = browser_rules {
        dict.insert("browser_rules", Value::from(settings.profile.name()));
        if settings != BrowserSettings::of(settings.profile) {
            let name = settings.third_party_cookies.name();
            dict.insert("third_party_cookies", Value::from(name));
        }
    }
    if let Some(origin) = origin {
        dict.insert("origin", Value::Str(origin_text(origin)));
    }
}

/// Reads a request's `origin`, `kind` and `from`.
pub(super) fn read_request_site(dict: &Dict, at: &str, request: &mut Request) -> Parsed<()> {
    request.origin = optional_origin(dict, "origin", at)?;
    if let Some(kind) = optional_string(dict, "kind", at)? {
        request.kind = RequestKind::from_name(&kind)
            .ok_or_else(|| ScenarioError::invalid(format!("{at}.kind"), KINDS))?;
    }
    request.from = optional_url(dict, "from", at)?;
    if request.from.is_some() && request.kind == RequestKind::Navigate {
        return Err(ScenarioError::invalid(
            format!("{at}.kind"),
            "link, form-post, fetch, iframe or img when `from` names the page that started it",
        ));
    }
    Ok(())
}

/// Writes a request's `origin`, `kind` and `from` when set.
pub(super) fn request_site_to_value(request: &Request, dict: &mut Dict) {
    if let Some(origin) = &request.origin {
        dict.insert("origin", Value::Str(origin_text(origin)));
    }
    if request.kind != RequestKind::Navigate {
        dict.insert("kind", Value::from(request.kind.name()));
    }
    if let Some(from) = &request.from {
        dict.insert("from", Value::Str(from.to_string()));
    }
}

/// Reads a `script` step: `{"browser"?, "url"?, "write"?: [text, ...]}`.
pub(super) fn read_script(dict: &Dict, at: &str) -> Parsed<ScriptStep> {
    let writes = match dict.get("write") {
        None => Vec::new(),
        Some(Value::List(items)) => items
            .iter()
            .map(|v| v.as_str().map(str::to_owned))
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| ScenarioError::invalid(format!("{at}.write"), "a list of strings"))?,
        Some(_) => {
            return Err(ScenarioError::invalid(
                format!("{at}.write"),
                "a list of strings",
            ))
        }
    };
    Ok(ScriptStep {
        browser: browser_field(dict, at)?,
        url: optional_url(dict, "url", at)?,
        writes,
    })
}

/// Writes a `script` step.
pub(super) fn script_to_value(script: &ScriptStep) -> Value {
    let mut d = Dict::new();
    insert_browser(&mut d, &script.browser);
    if let Some(url) = &script.url {
        d.insert("url", Value::Str(url.to_string()));
    }
    if !script.writes.is_empty() {
        let writes = script.writes.iter().map(|w| Value::from(w.as_str()));
        d.insert("write", Value::List(writes.collect()));
    }
    Value::Dict(d)
}

#[cfg(test)]
mod tests {
    use crate::scenario::{Scenario, Step};

    #[test]
    fn browser_fields_round_trip() {
        let text = r#"{"name": "x", "engine": "db", "browser_rules": "chromium",
            "third_party_cookies": "allowed", "origin": "https://shop.test",
            "steps": [
              {"request": {"view": "noop", "kind": "form-post", "from": "https://other.test/x", "origin": "http://shop.test:8000"}},
              {"script": {"browser": "b", "url": "https://shop.test/page", "write": ["a=1"]}},
              {"script": {}}
            ]}"#;
        let scenario = Scenario::from_json(text).unwrap();
        assert!(scenario.uses_browser_rules());
        let again = Scenario::from_json(&scenario.to_json_string()).unwrap();
        assert_eq!(again, scenario);
        let written = scenario.to_json_string();
        assert!(
            written.contains(r#""from": "https://other.test/x""#),
            "{written}"
        );
        assert!(
            written.contains(r#""origin": "http://shop.test:8000""#),
            "{written}"
        );
        assert!(matches!(&scenario.steps[2], Step::Script(s) if s.writes.is_empty()));
    }

    #[test]
    fn firefox_partitions_by_default_and_writes_only_what_differs() {
        let text = r#"{"engine": "db", "browser_rules": "firefox"}"#;
        let scenario = Scenario::from_json(text).unwrap();
        let settings = scenario.browser_rules.unwrap();
        assert_eq!(settings.third_party_cookies.name(), "partitioned");
        let written = scenario.to_json_string();
        assert!(
            written.contains(r#""browser_rules": "firefox""#),
            "{written}"
        );
        assert!(!written.contains("third_party_cookies"), "{written}");
        let blocked =
            r#"{"engine": "db", "browser_rules": "firefox", "third_party_cookies": "blocked"}"#;
        let again = Scenario::from_json(blocked).unwrap();
        assert!(again
            .to_json_string()
            .contains(r#""third_party_cookies": "blocked""#));
    }

    #[test]
    fn browser_fields_are_checked() {
        let bad = [
            r#"{"engine": "db", "browser_rules": "safari"}"#,
            r#"{"engine": "db", "third_party_cookies": "allowed"}"#,
            r#"{"engine": "db", "browser_rules": "chromium", "third_party_cookies": "some"}"#,
            r#"{"engine": "db", "origin": "https://site.test/app"}"#,
            r#"{"engine": "db", "steps": [{"request": {"view": "noop", "kind": "xhr"}}]}"#,
            r#"{"engine": "db", "steps": [{"request": {"view": "noop", "from": "https://o.test/"}}]}"#,
            r#"{"engine": "db", "steps": [{"request": {"view": "noop", "kind": "img", "from": "o.test"}}]}"#,
            r#"{"engine": "db", "steps": [{"script": {"write": "a=1"}}]}"#,
        ];
        for text in bad {
            assert!(Scenario::from_json(text).is_err(), "{text}");
        }
    }
}
