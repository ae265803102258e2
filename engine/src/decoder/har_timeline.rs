//! A HAR file (HTTP Archive 1.2, as a browser's DevTools saves the Network panel) read as the
//! session cookie's story: for each request in order, the cookie sent, and what each
//! response's `Set-Cookie` did to it (created, changed, rotated by `login()`, deleted),
//! with the cookie the browser let expire in between.
//!
//! Chrome 130 and later save a HAR "sanitized" by default: without `Cookie` and `Set-Cookie`
//! headers. Such a HAR is recognised and the way to save one with them is given.

use super::model::is_session_key;
use super::read::read_cookie;
use super::set_cookie_words::attribute_words;
use crate::browser::rules::lifetime::expiry_time;
use crate::browser::rules::parse::parse_set_cookie;
use crate::json::{parse_python_json, Value};
use crate::middleware::{parse_cookie, unquote};
use crate::time::parse_isoformat;

/// How to save a HAR with its cookies.
pub const HAR_WITH_COOKIES: &str = "Chrome and Edge (130 and later) leave cookies out by \
    default: in DevTools open Settings (the gear) → Preferences → Network, tick \"Allow to \
    generate HAR with sensitive data\", then in the Network panel use the download arrow's menu \
    \"Export HAR (with sensitive data)…\". Firefox: Network panel → right-click → \"Save All As \
    HAR\" keeps cookies. A HAR with cookies holds live session cookies: share it with care.";

/// What happened to the session cookie at one request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HarEventKind {
    /// A response set it where the browser had none.
    Created,
    /// The request carried it.
    Sent,
    /// A response set another value (new data or a new timestamp).
    Changed,
    /// A response set a new value after a login: a new session key (`cycle_key()`, which
    /// `login()` calls) or session data that now holds `_auth_user_id`.
    RotatedByLogin,
    /// A response set the same value again, with a new expiry.
    Renewed,
    /// A response deleted it (`delete_cookie`: empty value, `Max-Age=0`, 1970).
    Deleted,
    /// The browser's copy had expired before this request, which went without it.
    Expired,
}

impl HarEventKind {
    /// The kind in words.
    pub fn words(self) -> &'static str {
        match self {
            HarEventKind::Created => "created",
            HarEventKind::Sent => "sent",
            HarEventKind::Changed => "changed",
            HarEventKind::RotatedByLogin => "rotated by login()",
            HarEventKind::Renewed => "set again",
            HarEventKind::Deleted => "deleted",
            HarEventKind::Expired => "expired",
        }
    }
}

/// One thing that happened to the session cookie.
#[derive(Clone, Debug, PartialEq)]
pub struct HarEvent {
    /// The entry (1-based, in the HAR's order).
    pub entry: usize,
    /// When the request started (Unix seconds), if the HAR says.
    pub at: Option<f64>,
    /// `GET https://…`.
    pub request: String,
    /// The response status.
    pub status: Option<i64>,
    /// What happened.
    pub kind: HarEventKind,
    /// The value sent or set (`None` for a deletion or an expiry).
    pub value: Option<String>,
    /// The `Set-Cookie` line's attributes in words, for a cookie set.
    pub attributes: Vec<String>,
    /// More on what happened.
    pub note: Option<String>,
}

/// The session cookie's story in a HAR.
#[derive(Clone, Debug, PartialEq)]
pub struct HarTimeline {
    /// How many requests the HAR holds.
    pub entries: usize,
    /// What happened, in order.
    pub events: Vec<HarEvent>,
    /// The other cookies met, by name, in the order first met.
    pub other_cookies: Vec<String>,
}

/// Whether `text` is a HAR (a JSON object with `log.entries`).
pub fn looks_like_har(text: &str) -> bool {
    let text = text.trim_start();
    text.starts_with('{') && text.contains("\"log\"") && text.contains("\"entries\"")
}

fn field<'v>(value: &'v Value, key: &str) -> Option<&'v Value> {
    value.as_dict()?.get(key)
}

fn text_of<'v>(value: &'v Value, key: &str) -> Option<&'v str> {
    field(value, key)?.as_str()
}

fn list_of<'v>(value: &'v Value, key: &str) -> &'v [Value] {
    match field(value, key) {
        Some(Value::List(items)) => items,
        _ => &[],
    }
}

/// Header values named `name` (case-insensitive), each line of a multi-line value apart.
fn headers<'v>(message: &'v Value, name: &str) -> Vec<&'v str> {
    list_of(message, "headers")
        .iter()
        .filter(|h| text_of(h, "name").is_some_and(|n| n.eq_ignore_ascii_case(name)))
        .filter_map(|h| text_of(h, "value"))
        .flat_map(|v| v.split('\n'))
        .collect()
}

/// Reads `text` (a HAR) for the cookie `cookie_name`. The error says what is wrong, and for
/// a HAR saved without cookies, how to save one with them.
pub fn har_timeline(text: &str, cookie_name: &str) -> Result<HarTimeline, String> {
    let har = parse_python_json(text).map_err(|e| format!("not a HAR: not JSON ({e})"))?;
    let entries = field(&har, "log")
        .and_then(|log| match field(log, "entries") {
            Some(Value::List(items)) => Some(items),
            _ => None,
        })
        .ok_or("not a HAR: no log.entries")?;
    let mut timeline = HarTimeline {
        entries: entries.len(),
        events: Vec::new(),
        other_cookies: Vec::new(),
    };
    let mut any_cookie = false;
    // The browser's copy: value and expiry (None: until the browser closes).
    let mut jar: Option<(String, Option<f64>)> = None;
    for (index, entry) in entries.iter().enumerate() {
        let at = text_of(entry, "startedDateTime")
            .and_then(|t| parse_isoformat(t).ok())
            .map(|d| d.timestamp());
        let request = field(entry, "request").cloned().unwrap_or(Value::Null);
        let response = field(entry, "response").cloned().unwrap_or(Value::Null);
        let label = format!(
            "{} {}",
            text_of(&request, "method").unwrap_or("GET"),
            text_of(&request, "url").unwrap_or("?")
        );
        let status = match field(&response, "status") {
            Some(Value::Int(n)) => n.to_i64(),
            _ => None,
        };
        let event = |kind, value, attributes, note| HarEvent {
            entry: index + 1,
            at,
            request: label.clone(),
            status,
            kind,
            value,
            attributes,
            note,
        };
        // What the request carried.
        let mut sent_pairs: Vec<(String, String)> = headers(&request, "cookie")
            .iter()
            .flat_map(|h| parse_cookie(h).pairs().to_vec())
            .collect();
        if sent_pairs.is_empty() {
            sent_pairs = list_of(&request, "cookies")
                .iter()
                .filter_map(|c| {
                    Some((
                        text_of(c, "name")?.to_owned(),
                        unquote(text_of(c, "value")?),
                    ))
                })
                .collect();
        }
        any_cookie |= !sent_pairs.is_empty();
        note_others(
            &mut timeline.other_cookies,
            sent_pairs.iter().map(|(n, _)| n.as_str()),
            cookie_name,
        );
        let sent = sent_pairs
            .iter()
            .rev()
            .find(|(n, _)| n == cookie_name)
            .map(|(_, v)| v.clone());
        match (&sent, &jar) {
            (Some(value), _) => {
                let note = match &jar {
                    None if timeline.events.is_empty() => {
                        Some("already in the browser when the recording started".to_owned())
                    }
                    Some((held, _)) if held != value => Some(
                        "not the value last set in this recording (set by another tab, \
                         path or domain, or edited)"
                            .to_owned(),
                    ),
                    _ => None,
                };
                timeline.events.push(event(
                    HarEventKind::Sent,
                    Some(value.clone()),
                    Vec::new(),
                    note,
                ));
                jar = Some((value.clone(), jar.as_ref().and_then(|(_, e)| *e)));
            }
            (None, Some((_, Some(expiry)))) if at.is_some_and(|at| at >= *expiry) => {
                timeline.events.push(event(
                    HarEventKind::Expired,
                    None,
                    Vec::new(),
                    Some(format!(
                        "the browser's cookie expired at {} (its Max-Age or Expires), so this \
                         request went without it: Django starts a new, empty session",
                        super::words::date_words(*expiry).unwrap_or_default()
                    )),
                ));
                jar = None;
            }
            _ => {}
        }
        // What the response set.
        let mut lines: Vec<String> = headers(&response, "set-cookie")
            .iter()
            .map(|l| l.to_string())
            .collect();
        if lines.is_empty() {
            lines = list_of(&response, "cookies")
                .iter()
                .filter_map(|c| {
                    let mut line = format!("{}={}", text_of(c, "name")?, text_of(c, "value")?);
                    if let Some(expires) = text_of(c, "expires") {
                        if let Some(date) = parse_isoformat(expires)
                            .ok()
                            .and_then(|d| crate::time::http_date(d.timestamp()).ok())
                        {
                            line.push_str(&format!("; expires={date}"));
                        }
                    }
                    if let Some(path) = text_of(c, "path") {
                        line.push_str(&format!("; Path={path}"));
                    }
                    if field(c, "httpOnly") == Some(&Value::Bool(true)) {
                        line.push_str("; HttpOnly");
                    }
                    if field(c, "secure") == Some(&Value::Bool(true)) {
                        line.push_str("; Secure");
                    }
                    Some(line)
                })
                .collect();
        }
        any_cookie |= !lines.is_empty();
        for line in lines {
            let Ok(parsed) = parse_set_cookie(&line) else {
                continue;
            };
            if parsed.name != cookie_name {
                note_others(
                    &mut timeline.other_cookies,
                    [parsed.name.as_str()],
                    cookie_name,
                );
                continue;
            }
            let now = at.unwrap_or(0.0);
            let (expiry, _) = expiry_time(&parsed, now);
            let attributes = attribute_words(&parsed, now);
            let value = unquote(&parsed.value);
            if value.is_empty() || expiry.is_some_and(|e| e <= now) {
                timeline.events.push(event(
                    HarEventKind::Deleted,
                    None,
                    attributes,
                    Some(
                        "Django's delete_cookie: the session was emptied (flush(), logout()) or \
                     the cookie name changed"
                            .to_owned(),
                    ),
                ));
                jar = None;
                continue;
            }
            let before = jar
                .as_ref()
                .map(|(v, _)| v.clone())
                .or_else(|| sent.clone());
            let (kind, note) = match &before {
                None => (HarEventKind::Created, None),
                Some(old) if *old == value => (
                    HarEventKind::Renewed,
                    Some("the same value, a new expiry (SESSION_SAVE_EVERY_REQUEST, or a modified session)".to_owned()),
                ),
                Some(old) => rotation(old, &value),
            };
            timeline
                .events
                .push(event(kind, Some(value.clone()), attributes, note));
            jar = Some((value, expiry));
        }
    }
    if !any_cookie {
        return Err(format!(
            "this HAR ({} requests) holds no cookies at all: it was saved without sensitive \
             data. {HAR_WITH_COOKIES}",
            entries.len()
        ));
    }
    if timeline.events.is_empty() {
        let others = if timeline.other_cookies.is_empty() {
            "none".to_owned()
        } else {
            timeline.other_cookies.join(", ")
        };
        return Err(format!(
            "no cookie named {cookie_name} in this HAR's {} requests (other cookies: {others}); \
             give the session cookie's name (SESSION_COOKIE_NAME) with --cookie-name",
            entries.len()
        ));
    }
    Ok(timeline)
}

fn note_others<'a>(
    others: &mut Vec<String>,
    names: impl IntoIterator<Item = &'a str>,
    cookie_name: &str,
) {
    for name in names {
        if name != cookie_name && !others.iter().any(|o| o == name) {
            others.push(name.to_owned());
        }
    }
}

fn user_id(value: &str) -> Option<Value> {
    let read = read_cookie(value, 0.0);
    let data = read.signed?.contents.ok()?;
    data.as_dict()?.get("_auth_user_id").cloned()
}

/// A new value where there was one: rotated by `login()` when the session key changed (its
/// `cycle_key()`) or the data gained or changed `_auth_user_id`; otherwise changed.
fn rotation(old: &str, new: &str) -> (HarEventKind, Option<String>) {
    if is_session_key(old) && is_session_key(new) {
        return (
            HarEventKind::RotatedByLogin,
            Some(
                "a new session key with the data kept: cycle_key(), which login() calls (or \
                 the old key had no session left in the store)"
                    .to_owned(),
            ),
        );
    }
    match (user_id(old), user_id(new)) {
        (before, Some(after)) if before.as_ref() != Some(&after) => (
            HarEventKind::RotatedByLogin,
            Some(format!(
                "the session now holds _auth_user_id {}: login() (which also rotates the CSRF \
                 token)",
                crate::json::to_python_json(&after)
            )),
        ),
        _ => (HarEventKind::Changed, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(
        at: &str,
        method: &str,
        url: &str,
        cookie: Option<&str>,
        set_cookie: Option<&str>,
    ) -> String {
        let request_headers = cookie
            .map(|c| format!(r#"{{"name": "Cookie", "value": "{c}"}}"#))
            .unwrap_or_default();
        let response_headers = set_cookie
            .map(|c| format!(r#"{{"name": "set-cookie", "value": "{c}"}}"#))
            .unwrap_or_default();
        format!(
            r#"{{"startedDateTime": "{at}", "request": {{"method": "{method}", "url": "{url}", "headers": [{request_headers}], "cookies": []}}, "response": {{"status": 200, "headers": [{response_headers}], "cookies": []}}}}"#
        )
    }

    fn har(entries: &[String]) -> String {
        format!(
            r#"{{"log": {{"version": "1.2", "entries": [{}]}}}}"#,
            entries.join(",")
        )
    }

    #[test]
    fn a_login_story() {
        let key1 = "k1q8w4mzu2c6x0r5t9y3e7p1a4s8d2f6";
        let key2 = "z9q8w4mzu2c6x0r5t9y3e7p1a4s8d2f6";
        let text = har(&[
            entry("2025-10-09T08:53:20.000Z", "GET", "https://x/login/", None, Some(&format!("sessionid={key1}; expires=Thu, 23 Oct 2025 08:53:20 GMT; HttpOnly; Max-Age=1209600; Path=/; SameSite=Lax"))),
            entry("2025-10-09T08:53:30.000Z", "POST", "https://x/login/", Some(&format!("csrftoken=a; sessionid={key1}")), Some(&format!("sessionid={key2}; Max-Age=1209600; Path=/"))),
            entry("2025-10-09T08:53:31.000Z", "GET", "https://x/", Some(&format!("sessionid={key2}")), None),
            entry("2025-10-09T08:54:00.000Z", "POST", "https://x/logout/", Some(&format!("sessionid={key2}")), Some("sessionid=\\\"\\\"; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/")),
        ]);
        let timeline = har_timeline(&text, "sessionid").unwrap();
        let kinds: Vec<_> = timeline.events.iter().map(|e| e.kind).collect();
        assert_eq!(
            kinds,
            [
                HarEventKind::Created,
                HarEventKind::Sent,
                HarEventKind::RotatedByLogin,
                HarEventKind::Sent,
                HarEventKind::Sent,
                HarEventKind::Deleted
            ]
        );
        assert_eq!(timeline.other_cookies, ["csrftoken"]);
        assert_eq!(timeline.events[0].at, Some(1_760_000_000.0));
    }

    #[test]
    fn an_expired_cookie_is_not_sent() {
        let text = har(&[
            entry(
                "2025-10-09T08:53:20Z",
                "GET",
                "https://x/",
                None,
                Some("sessionid=k1q8w4mzu2c6x0r5t9y3e7p1a4s8d2f6; Max-Age=60; Path=/"),
            ),
            entry("2025-10-09T09:53:20Z", "GET", "https://x/", None, None),
        ]);
        let timeline = har_timeline(&text, "sessionid").unwrap();
        assert_eq!(timeline.events[1].kind, HarEventKind::Expired);
    }

    #[test]
    fn a_sanitized_har_says_how_to_save_one_with_cookies() {
        let text = har(&[entry(
            "2025-10-09T08:53:20Z",
            "GET",
            "https://x/",
            None,
            None,
        )]);
        let error = har_timeline(&text, "sessionid").unwrap_err();
        assert!(error.contains("without sensitive data"), "{error}");
        assert!(
            error.contains("Export HAR (with sensitive data)"),
            "{error}"
        );
        assert!(har_timeline("{", "sessionid").is_err());
        let others = har(&[entry(
            "2025-10-09T08:53:20Z",
            "GET",
            "https://x/",
            Some("csrftoken=a"),
            None,
        )]);
        assert!(har_timeline(&others, "sessionid")
            .unwrap_err()
            .contains("csrftoken"));
    }
}
