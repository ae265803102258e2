//! The conformance jar: one browser's cookies, kept and sent by the README's rules.

use crate::event::{EventKind, EventLog, Lane};
use crate::quoted::Quoted;

use super::http_date_parse::parse_http_date;
use super::narration::{stored, tell_expired};

/// A `Set-Cookie` whose name and value together exceed this many bytes is ignored.
pub const MAX_COOKIE_BYTES: usize = 4096;

/// One cookie in a jar.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredCookie {
    /// The name.
    pub name: String,
    /// The value exactly as received on the wire.
    pub value: String,
    /// When it expires (Unix seconds); `None` = when the browser closes.
    pub expires_at: Option<f64>,
}

/// An ordered cookie jar: storing an existing name keeps its position.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CookieJar {
    cookies: Vec<StoredCookie>,
}

impl CookieJar {
    /// The cookies in jar order.
    pub fn cookies(&self) -> &[StoredCookie] {
        &self.cookies
    }

    /// The cookie called `name`.
    pub fn get(&self, name: &str) -> Option<&StoredCookie> {
        self.cookies.iter().find(|c| c.name == name)
    }

    /// Stores a cookie, keeping the position of an existing one with the same name.
    pub fn store(&mut self, cookie: StoredCookie) {
        match self.cookies.iter_mut().find(|c| c.name == cookie.name) {
            Some(slot) => *slot = cookie,
            None => self.cookies.push(cookie),
        }
    }

    /// Removes the cookie called `name`; whether there was one.
    pub fn remove(&mut self, name: &str) -> bool {
        let before = self.cookies.len();
        self.cookies.retain(|c| c.name != name);
        self.cookies.len() != before
    }

    /// Changes the value of `name` in place (position and expiry kept); whether it existed.
    pub fn set_value(&mut self, name: &str, value: String) -> bool {
        match self.cookies.iter_mut().find(|c| c.name == name) {
            Some(cookie) => {
                cookie.value = value;
                true
            }
            None => false,
        }
    }

    /// Drops every cookie with `expires_at <= now`, telling `events` about each.
    pub fn drop_expired(&mut self, now: f64, events: &mut EventLog) {
        let (expired, kept): (Vec<_>, Vec<_>) = std::mem::take(&mut self.cookies)
            .into_iter()
            .partition(|c| c.expires_at.is_some_and(|at| at <= now));
        self.cookies = kept;
        for cookie in expired {
            tell_expired(events, &cookie.name, &cookie.value, cookie.expires_at);
        }
    }

    /// The `Cookie` header the browser sends, `None` when the jar is empty.
    pub fn cookie_header(&self) -> Option<String> {
        if self.cookies.is_empty() {
            return None;
        }
        let pairs: Vec<String> = self
            .cookies
            .iter()
            .map(|c| format!("{}={}", c.name, c.value))
            .collect();
        Some(pairs.join("; "))
    }

    /// Drops the cookies without expiry (what closing the browser does).
    pub fn close(&mut self) -> Vec<StoredCookie> {
        let (session_cookies, kept): (Vec<_>, Vec<_>) = std::mem::take(&mut self.cookies)
            .into_iter()
            .partition(|c| c.expires_at.is_none());
        self.cookies = kept;
        session_cookies
    }

    /// Applies one `Set-Cookie` received at `now`, by the README's rules.
    pub fn receive(
        &mut self,
        name: &str,
        value: &str,
        max_age: Option<i64>,
        expires: Option<&str>,
        now: f64,
        events: &mut EventLog,
    ) {
        if name.len() + value.len() > MAX_COOKIE_BYTES {
            events.push(
                Lane::Browser,
                EventKind::CookieDropped {
                    reason: "4096-byte limit".to_owned(),
                },
                "browser",
                format!(
                    "The browser ignores the cookie {name:?}: name and value together are {} bytes, over the 4096-byte limit browsers enforce.",
                    name.len() + value.len(), name = Quoted(name),),
            );
            return;
        }
        let expires_at = match (max_age, expires) {
            (Some(age), _) if age <= 0 => None,
            (Some(age), _) => Some(now + age as f64),
            (None, Some(date)) => match parse_http_date(date) {
                Some(at) if at <= now => None,
                Some(at) => Some(at),
                None => Some(f64::NAN),
            },
            (None, None) => Some(f64::INFINITY),
        };
        match expires_at {
            None => {
                self.remove(name);
                events.push(
                    Lane::Browser,
                    EventKind::CookieDeleted,
                    "browser",
                    format!("The browser deletes the cookie {name:?}: the server told it that the cookie has already expired.", name = Quoted(name),),
                );
            }
            Some(at) if at.is_nan() => events.push(
                Lane::Browser,
                EventKind::CookieDropped {
                    reason: "unreadable expires date".to_owned(),
                },
                "browser",
                format!(
                    "The browser ignores the cookie {name:?}: its expires date cannot be read.",
                    name = Quoted(name),
                ),
            ),
            Some(at) => {
                let expires_at = at.is_finite().then_some(at);
                self.store(StoredCookie {
                    name: name.to_owned(),
                    value: value.to_owned(),
                    expires_at,
                });
                events.push_detail(
                    Lane::Browser,
                    EventKind::CookieStored,
                    "browser",
                    stored(name, expires_at, now),
                    Some(format!("{name}={value}")),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jar_follows_the_readme_rules() {
        let mut events = EventLog::new();
        let mut jar = CookieJar::default();
        jar.receive("a", "1", Some(10), None, 100.0, &mut events);
        jar.receive("b", "2", None, None, 100.0, &mut events);
        jar.receive("a", "3", Some(20), None, 100.0, &mut events);
        assert_eq!(jar.cookie_header().as_deref(), Some("a=3; b=2"));
        assert_eq!(jar.get("a").unwrap().expires_at, Some(120.0));
        jar.receive(
            "b",
            "\"\"",
            Some(0),
            Some("Thu, 01 Jan 1970 00:00:00 GMT"),
            100.0,
            &mut events,
        );
        assert_eq!(jar.cookie_header().as_deref(), Some("a=3"));
        let long = "x".repeat(MAX_COOKIE_BYTES);
        jar.receive("c", &long, Some(10), None, 100.0, &mut events);
        assert!(jar.get("c").is_none());
        jar.receive(
            "d",
            "4",
            None,
            Some("Thu, 01 Jan 1970 00:00:00 GMT"),
            100.0,
            &mut events,
        );
        assert!(jar.get("d").is_none());
        jar.drop_expired(120.0, &mut events);
        assert_eq!(jar.cookie_header(), None);
    }

    #[test]
    fn close_drops_only_session_cookies() {
        let mut events = EventLog::new();
        let mut jar = CookieJar::default();
        jar.receive("keep", "1", Some(10), None, 0.0, &mut events);
        jar.receive("drop", "2", None, None, 0.0, &mut events);
        assert_eq!(jar.close().len(), 1);
        assert_eq!(jar.cookie_header().as_deref(), Some("keep=1"));
    }
}
