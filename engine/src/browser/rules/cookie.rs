//! One stored cookie with the fields of RFC 6265bis §5.7 ("Storage Model"): name, value,
//! expiry-time, domain, path, creation-time, persistent-flag, host-only-flag, secure-only-flag,
//! http-only-flag and same-site-flag, plus the source scheme and, for a cookie stored by a
//! third-party response under Total Cookie Protection, its partition.

use super::domain::CookieDomain;
use super::site::Site;

/// The cookie's same-site-flag (RFC 6265bis §5.6.7, §5.7 step 17).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum SameSite {
    /// Sent only with same-site requests and browser-initiated navigations.
    Strict,
    /// Also sent with cross-site top-level navigations that use a safe method (GET).
    Lax,
    /// Sent with every request (requires `Secure`).
    None,
    /// No valid `SameSite` attribute ("Default"): Chromium enforces it as Lax, and for its
    /// first 2 minutes also lets it go with cross-site top-level POSTs (§5.6.7.2).
    #[default]
    Unspecified,
}

impl SameSite {
    /// `Strict`, `Lax`, `None`, or `unspecified`, as the recorded jar spells them.
    pub fn as_str(self) -> &'static str {
        match self {
            SameSite::Strict => "Strict",
            SameSite::Lax => "Lax",
            SameSite::None => "None",
            SameSite::Unspecified => "unspecified",
        }
    }
}

/// Whether the cookie was set from a secure origin (Chromium's `CookieSourceScheme`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SourceScheme {
    /// Set from `https`, or from `http://localhost` (potentially trustworthy).
    Secure,
    /// Set from plain `http`.
    NonSecure,
}

impl SourceScheme {
    /// `Secure` or `NonSecure`, Chromium's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            SourceScheme::Secure => "Secure",
            SourceScheme::NonSecure => "NonSecure",
        }
    }
}

/// A cookie in the browser's store.
#[derive(Clone, Debug, PartialEq)]
pub struct Cookie {
    /// The name (may be empty).
    pub name: String,
    /// The value, as received.
    pub value: String,
    /// The host or domain it is sent to.
    pub domain: CookieDomain,
    /// The path it is sent under.
    pub path: String,
    /// The secure-only-flag: sent and set only over potentially trustworthy URLs.
    pub secure: bool,
    /// The http-only-flag: hidden from `document.cookie`.
    pub http_only: bool,
    /// The same-site-flag.
    pub same_site: SameSite,
    /// When it expires (Unix seconds); `None` for a session cookie (persistent-flag false).
    pub expires_at: Option<f64>,
    /// When it was created (Unix seconds). A replacement with the same value keeps the old
    /// cookie's creation time.
    pub created_at: f64,
    /// Where it was set from.
    pub source_scheme: SourceScheme,
    /// Creation order: a strictly increasing number that breaks ties between cookies created
    /// at the same instant (Chromium makes creation times unique for the same purpose).
    pub creation_order: u64,
    /// The top-level site whose partition holds it: set only for a cookie a third-party
    /// response stored while cookies are partitioned (Firefox's Total Cookie Protection); such
    /// a cookie goes only with third-party requests under that top-level site.
    pub partition_key: Option<Site>,
}

impl Cookie {
    /// Whether it has expired at `now` (expiry-time `<= now`).
    pub fn is_expired(&self, now: f64) -> bool {
        self.expires_at.is_some_and(|at| at <= now)
    }

    /// Whether it lasts until the browser closes (no `Max-Age`/`Expires`).
    pub fn is_session(&self) -> bool {
        self.expires_at.is_none()
    }

    /// Seconds since it was created.
    pub fn age(&self, now: f64) -> f64 {
        now - self.created_at
    }

    /// `name=value`, or just `value` for a nameless cookie (RFC 6265bis §5.8.3 step 6).
    pub fn pair(&self) -> String {
        if self.name.is_empty() {
            self.value.clone()
        } else {
            format!("{}={}", self.name, self.value)
        }
    }

    /// Whether `other` is the same cookie slot: same name, domain, host-only-flag and path
    /// (§5.7 step 23), in the same partition. Storing one replaces the other.
    pub fn same_slot(&self, other: &Cookie) -> bool {
        self.name == other.name
            && self.domain == other.domain
            && self.path == other.path
            && self.partition_key == other.partition_key
    }

    /// The partition as Firefox writes it (`(https,other.test)`), if any.
    pub fn partition_text(&self) -> Option<String> {
        self.partition_key
            .as_ref()
            .map(|site| format!("({},{})", site.scheme().as_str(), site.domain()))
    }
}

/// Serializes cookies into a cookie-string: `a=1; b=2` (RFC 6265bis §5.8.3 step 6).
pub fn cookie_string<'a>(cookies: impl IntoIterator<Item = &'a Cookie>) -> String {
    cookies
        .into_iter()
        .map(Cookie::pair)
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
pub(crate) fn sample(name: &str, value: &str) -> Cookie {
    Cookie {
        name: name.to_string(),
        value: value.to_string(),
        domain: CookieDomain {
            domain: "site.test".into(),
            host_only: true,
        },
        path: "/".into(),
        secure: false,
        http_only: false,
        same_site: SameSite::Unspecified,
        expires_at: None,
        created_at: 0.0,
        source_scheme: SourceScheme::Secure,
        creation_order: 0,
        partition_key: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializes_nameless_cookies_as_their_value() {
        let cookies = [sample("a", "1"), sample("", "bare"), sample("e", "")];
        assert_eq!(cookie_string(&cookies), "a=1; bare; e=");
        assert_eq!(cookie_string(&[]), "");
    }

    #[test]
    fn expiry_is_inclusive() {
        let mut cookie = sample("a", "1");
        assert!(!cookie.is_expired(1e12) && cookie.is_session());
        cookie.expires_at = Some(100.0);
        assert!(cookie.is_expired(100.0));
        assert!(!cookie.is_expired(99.5));
    }

    #[test]
    fn a_slot_is_name_domain_and_path() {
        let a = sample("x", "1");
        let mut b = sample("x", "2");
        assert!(a.same_slot(&b));
        b.domain.host_only = false;
        assert!(!a.same_slot(&b));
        assert_eq!(SameSite::default().as_str(), "unspecified");
    }
}
