//! What a setting changed mid-scenario did: the old and the new trace compared on the bytes
//! that travel (the `Cookie` header, each `Set-Cookie` line, the status), down to the first
//! request whose bytes differ, with the difference in words.

use sessionscope_engine::json::Value;
use sessionscope_engine::scenario::{SettingChange, Trace};

/// The bytes a request step put on the wire (`None` for other steps).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WireBytes {
    pub cookie_header: Option<String>,
    pub set_cookies: Vec<String>,
    pub status: u16,
}

/// Per step, what travelled (only request steps have bytes).
pub fn wire_bytes(trace: &Trace) -> Vec<Option<WireBytes>> {
    trace
        .steps
        .iter()
        .map(|step| {
            let request = step.request.as_ref()?;
            let response = step.response.as_ref();
            Some(WireBytes {
                cookie_header: request.cookie_header.clone(),
                set_cookies: response
                    .map(|r| r.set_cookies.iter().map(|c| c.output.clone()).collect())
                    .unwrap_or_default(),
                status: response.map_or(0, |r| r.status),
            })
        })
        .collect()
}

/// Which bytes of a request changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChangedPart {
    /// The `Cookie` header the browser sent.
    CookieHeader,
    /// The response: its `Set-Cookie` lines or its status.
    Response,
}

/// The effect of a setting on the scenario.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SettingEffect {
    /// `SESSION_EXPIRE_AT_BROWSER_CLOSE = True`.
    pub setting: String,
    /// The first step whose bytes changed.
    pub step: usize,
    /// Its number among the requests (1-based).
    pub request: usize,
    pub part: ChangedPart,
    /// The bytes before and after (the header, or the status and Set-Cookie lines).
    pub before: Vec<String>,
    pub after: Vec<String>,
    /// The change in words: `the Set-Cookie lost expires and Max-Age`.
    pub summary: String,
}

/// `NAME = value` as settings.py spells it.
pub fn setting_text(change: &SettingChange) -> String {
    let value = match change {
        SettingChange::SecretKey(s)
        | SettingChange::CookieName(s)
        | SettingChange::CookiePath(s) => python_str(s),
        SettingChange::SecretKeyFallbacks(keys) => format!(
            "[{}]",
            keys.iter()
                .map(|k| python_str(k))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        SettingChange::CookieAge(seconds) => seconds.to_string(),
        SettingChange::CookieDomain(value) | SettingChange::CookieSameSite(value) => {
            value.as_deref().map_or("None".to_owned(), python_str)
        }
        SettingChange::CookieSecure(on)
        | SettingChange::CookieHttpOnly(on)
        | SettingChange::SaveEveryRequest(on)
        | SettingChange::ExpireAtBrowserClose(on) => if *on { "True" } else { "False" }.to_owned(),
        SettingChange::Serializer(serializer) => python_str(serializer.django_path()),
    };
    format!("{} = {value}", change.name())
}

fn python_str(text: &str) -> String {
    sessionscope_engine::json::to_python_json(&Value::from(text))
}

/// The first request whose bytes differ between `before` and `after` (the same scenario run
/// before and after a setting changed), `None` if nothing on the wire changed.
pub fn setting_effect(
    setting: String,
    before: &[Option<WireBytes>],
    after: &[Option<WireBytes>],
) -> Option<SettingEffect> {
    let mut request = 0;
    for (step, (old, new)) in before.iter().zip(after).enumerate() {
        let (Some(old), Some(new)) = (old, new) else {
            continue;
        };
        request += 1;
        if old == new {
            continue;
        }
        let effect = |part, before, after, summary| SettingEffect {
            setting: setting.clone(),
            step,
            request,
            part,
            before,
            after,
            summary,
        };
        if old.cookie_header != new.cookie_header {
            return Some(effect(
                ChangedPart::CookieHeader,
                vec![header_line("Cookie", &old.cookie_header)],
                vec![header_line("Cookie", &new.cookie_header)],
                "the browser sends a different Cookie header".to_owned(),
            ));
        }
        return Some(effect(
            ChangedPart::Response,
            response_lines(old),
            response_lines(new),
            response_summary(old, new),
        ));
    }
    None
}

fn header_line(name: &str, value: &Option<String>) -> String {
    match value {
        Some(value) => format!("{name}: {value}"),
        None => format!("(no {name} header)"),
    }
}

fn response_lines(bytes: &WireBytes) -> Vec<String> {
    let mut lines = vec![format!("HTTP/1.1 {}", bytes.status)];
    if bytes.set_cookies.is_empty() {
        lines.push("(no Set-Cookie)".to_owned());
    }
    lines.extend(bytes.set_cookies.iter().map(|c| format!("Set-Cookie: {c}")));
    lines
}

/// `name` of each `name=value` attribute of a Set-Cookie line (after the cookie itself).
fn attributes(line: &str) -> Vec<(String, String)> {
    line.split("; ")
        .skip(1)
        .map(|attribute| match attribute.split_once('=') {
            Some((name, value)) => (name.to_owned(), value.to_owned()),
            None => (attribute.to_owned(), String::new()),
        })
        .collect()
}

fn list_in_words(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn response_summary(old: &WireBytes, new: &WireBytes) -> String {
    if old.status != new.status {
        return format!("the status went from {} to {}", old.status, new.status);
    }
    match (old.set_cookies.first(), new.set_cookies.first()) {
        (Some(_), None) => "the response no longer sets the cookie".to_owned(),
        (None, Some(_)) => "the response now sets a cookie".to_owned(),
        (Some(old_line), Some(new_line)) => {
            let old_attributes = attributes(old_line);
            let new_attributes = attributes(new_line);
            let has = |list: &[(String, String)], name: &str| list.iter().any(|(n, _)| n == name);
            let lost: Vec<String> = old_attributes
                .iter()
                .filter(|(name, _)| !has(&new_attributes, name))
                .map(|(name, _)| name.clone())
                .collect();
            let gained: Vec<String> = new_attributes
                .iter()
                .filter(|(name, _)| !has(&old_attributes, name))
                .map(|(name, _)| name.clone())
                .collect();
            let changed: Vec<String> = new_attributes
                .iter()
                .filter(|attribute| {
                    has(&old_attributes, &attribute.0) && !old_attributes.contains(attribute)
                })
                .map(|(name, _)| name.clone())
                .collect();
            let mut parts = Vec::new();
            if !lost.is_empty() {
                parts.push(format!("lost {}", list_in_words(&lost)));
            }
            if !gained.is_empty() {
                parts.push(format!("gained {}", list_in_words(&gained)));
            }
            if !changed.is_empty() {
                parts.push(format!("changed {}", list_in_words(&changed)));
            }
            if parts.is_empty() {
                "the Set-Cookie value changed".to_owned()
            } else {
                format!("the Set-Cookie {}", parts.join("; "))
            }
        }
        (None, None) => "the response changed".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::model::Playground;
    use sessionscope_engine::clock::DEFAULT_START_TIME;
    use sessionscope_engine::json::Dict;
    use sessionscope_engine::scenario::{Engine, Request, Step, ViewCall};

    fn scenario_with_reads() -> Playground {
        let mut playground = Playground::new(Engine::Db, DEFAULT_START_TIME, 5);
        playground.push(Step::Request(Request::new(ViewCall::Get {
            key: "cart".into(),
            default: Value::Null,
        })));
        let mut data = Dict::new();
        data.insert("cart", Value::List(vec![Value::from("book")]));
        playground.push(Step::Request(Request::new(ViewCall::Set(data))));
        playground.push(Step::Advance(60.0));
        playground.push(Step::Request(Request::new(ViewCall::Get {
            key: "cart".into(),
            default: Value::Null,
        })));
        playground
    }

    fn effect_of(change: SettingChange) -> Option<SettingEffect> {
        let mut playground = scenario_with_reads();
        let before = wire_bytes(playground.trace());
        let text = setting_text(&change);
        playground.change_setting(change);
        setting_effect(text, &before, &wire_bytes(playground.trace()))
    }

    #[test]
    fn expire_at_browser_close_drops_expires_and_max_age_from_the_first_set_cookie() {
        let effect = effect_of(SettingChange::ExpireAtBrowserClose(true)).unwrap();
        assert_eq!(effect.setting, "SESSION_EXPIRE_AT_BROWSER_CLOSE = True");
        assert_eq!(
            effect.step, 1,
            "the first request sets no cookie, the second does"
        );
        assert_eq!(effect.request, 2);
        assert_eq!(effect.part, ChangedPart::Response);
        assert_eq!(effect.summary, "the Set-Cookie lost expires and Max-Age");
        assert!(effect.before[1].contains("Max-Age=1209600"));
        assert!(!effect.after[1].contains("Max-Age"));
    }

    #[test]
    fn a_new_cookie_name_changes_the_set_cookie_value() {
        let effect = effect_of(SettingChange::CookieName("cartid".into())).unwrap();
        assert_eq!(effect.setting, "SESSION_COOKIE_NAME = \"cartid\"");
        assert_eq!(effect.summary, "the Set-Cookie value changed");
        assert!(effect.after[1].starts_with("Set-Cookie: cartid="));
    }

    #[test]
    fn samesite_none_changes_an_attribute() {
        let effect = effect_of(SettingChange::CookieSameSite(Some("Strict".into()))).unwrap();
        assert_eq!(effect.summary, "the Set-Cookie changed SameSite");
        let effect = effect_of(SettingChange::CookieSameSite(None)).unwrap();
        assert_eq!(effect.summary, "the Set-Cookie lost SameSite");
        assert_eq!(effect.setting, "SESSION_COOKIE_SAMESITE = None");
    }

    #[test]
    fn a_setting_that_changes_no_byte_has_no_effect() {
        assert_eq!(effect_of(SettingChange::SaveEveryRequest(false)), None);
    }

    #[test]
    fn summaries_cover_status_and_missing_cookies() {
        let bytes = |status, lines: &[&str]| WireBytes {
            cookie_header: None,
            set_cookies: lines.iter().map(|l| l.to_string()).collect(),
            status,
        };
        assert_eq!(
            response_summary(&bytes(200, &["a=1"]), &bytes(500, &[])),
            "the status went from 200 to 500"
        );
        assert_eq!(
            response_summary(&bytes(200, &["a=1; Path=/"]), &bytes(200, &[])),
            "the response no longer sets the cookie"
        );
        assert_eq!(
            response_summary(
                &bytes(200, &["a=1; Path=/"]),
                &bytes(200, &["a=1; Path=/; Secure"])
            ),
            "the Set-Cookie gained Secure"
        );
    }
}
