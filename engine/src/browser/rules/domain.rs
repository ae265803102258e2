//! Cookie domains: domain-match (RFC 6265bis §5.1.3) and the `Domain` attribute (§5.6.3,
//! §5.7 steps 7–10), as Chromium's `cookie_util::GetCookieDomainWithString` applies them.

use super::site::registrable_domain;
use super::url::{host_is_ip, Url};

/// Where a cookie may be sent: one host, or a domain and all its subdomains.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CookieDomain {
    /// The host or domain, lowercase, without a leading dot.
    pub domain: String,
    /// `true` for a host-only cookie (no valid `Domain` attribute): only `domain` itself gets it.
    pub host_only: bool,
}

impl CookieDomain {
    /// The form Chromium and DevTools show: a leading `.` marks a domain cookie
    /// (`.site.test`), a host-only cookie has none (`site.test`).
    pub fn display(&self) -> String {
        if self.host_only {
            self.domain.clone()
        } else {
            format!(".{}", self.domain)
        }
    }

    /// Whether a request to `host` may carry the cookie (§5.8.3 step 3, first bullet): the same
    /// host for a host-only cookie, a domain-match for a domain cookie.
    pub fn includes_host(&self, host: &str) -> bool {
        if self.host_only {
            host == self.domain
        } else {
            domain_matches(host, &self.domain)
        }
    }
}

/// Whether `string` domain-matches `domain` (RFC 6265bis §5.1.3): identical, or `domain` is a
/// suffix of `string` preceded by a `.` and `string` is a host name, not an IP address.
pub fn domain_matches(string: &str, domain: &str) -> bool {
    if string == domain {
        return true;
    }
    !domain.is_empty()
        && !host_is_ip(string)
        && string.len() > domain.len()
        && string.ends_with(domain)
        && string.as_bytes()[string.len() - domain.len() - 1] == b'.'
}

/// The domain of a cookie received from `url` with `Domain` attribute value `attribute`
/// (`None` when the line had none), or `None` when the attribute must make the browser
/// ignore the cookie (`InvalidDomain`).
///
/// * no attribute, or an empty one: a host-only cookie for the request host (§5.7 step 10);
///   but `Domain=.` is invalid in Chromium (the RFC would strip the dot and make the cookie
///   host-only; the recorded data follows Chromium);
/// * the attribute, less one leading dot and lowercased (§5.6.3), must be the request host or
///   a parent of it (§5.7 step 10.1) and must not be a public suffix (§5.7 step 9): a host with
///   no registrable domain (`localhost`, an IP address) may only name itself, which gives a
///   host-only cookie, as in Chromium;
/// * the domain must not contain `%`, a forbidden host byte or a non-ASCII byte (§5.7 step 8).
pub fn cookie_domain(url: &Url, attribute: Option<&str>) -> Option<CookieDomain> {
    let host = url.host();
    let host_only = || {
        Some(CookieDomain {
            domain: host.to_string(),
            host_only: true,
        })
    };
    let attribute = match attribute {
        None | Some("") => return host_only(),
        Some(value) => value,
    };
    let without_dot = attribute.strip_prefix('.').unwrap_or(attribute);
    if url.host_is_ip() {
        return if without_dot.eq_ignore_ascii_case(host) {
            host_only()
        } else {
            None
        };
    }
    let domain = canonical_domain(without_dot)?;
    let Some(host_registrable) = registrable_domain(host) else {
        return if domain == host { host_only() } else { None };
    };
    if registrable_domain(&domain) != Some(host_registrable) || !domain_matches(host, &domain) {
        return None;
    }
    Some(CookieDomain {
        domain,
        host_only: false,
    })
}

/// Lowercases a `Domain` attribute value, or `None` if it cannot be a host name.
fn canonical_domain(value: &str) -> Option<String> {
    let acceptable =
        |b: u8| b.is_ascii() && !b.is_ascii_control() && !b" #%/:<>?@[\\]^|\"`{}".contains(&b);
    if value.is_empty() || !value.bytes().all(acceptable) {
        return None;
    }
    Some(value.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn from(url: &str, attribute: Option<&str>) -> Option<String> {
        cookie_domain(&Url::parse(url).unwrap(), attribute).map(|d| d.display())
    }

    #[test]
    fn without_a_domain_attribute_the_cookie_is_host_only() {
        assert_eq!(
            from("https://sub.site.test/", None).as_deref(),
            Some("sub.site.test")
        );
        assert_eq!(
            from("https://site.test/", Some("")).as_deref(),
            Some("site.test")
        );
    }

    #[test]
    fn the_host_or_a_parent_gives_a_domain_cookie() {
        for attribute in ["site.test", ".site.test", "SITE.Test"] {
            assert_eq!(
                from("https://site.test/", Some(attribute)).as_deref(),
                Some(".site.test")
            );
        }
        assert_eq!(
            from("https://sub.site.test/", Some("site.test")).as_deref(),
            Some(".site.test")
        );
    }

    #[test]
    fn other_sites_children_and_public_suffixes_are_invalid() {
        assert_eq!(from("https://site.test/", Some("other.test")), None);
        assert_eq!(from("https://site.test/", Some("sub.site.test")), None);
        assert_eq!(from("https://site.test/", Some("test")), None);
        assert_eq!(from("https://a.example.co.uk/", Some("co.uk")), None);
        assert_eq!(from("https://site.test/", Some("site.test.")), None);
        assert_eq!(from("https://site.test/", Some("si%74e.test")), None);
        assert_eq!(from("https://site.test/", Some("sité.test")), None);
        assert_eq!(from("https://site.test/", Some(".")), None);
        assert_eq!(from("https://site.test/", Some("..site.test")), None);
    }

    #[test]
    fn hosts_without_a_registrable_domain_may_only_name_themselves() {
        assert_eq!(
            from("http://localhost/", Some("localhost")).as_deref(),
            Some("localhost")
        );
        assert_eq!(from("http://localhost/", Some("other")), None);
        assert_eq!(
            from("http://127.0.0.1/", Some("127.0.0.1")).as_deref(),
            Some("127.0.0.1")
        );
        assert_eq!(from("http://127.0.0.1/", Some("0.0.1")), None);
    }

    #[test]
    fn domain_match_needs_a_dot_boundary() {
        assert!(domain_matches("sub.site.test", "site.test"));
        assert!(domain_matches("site.test", "site.test"));
        assert!(!domain_matches("evilsite.test", "site.test"));
        assert!(!domain_matches("site.test", "sub.site.test"));
        assert!(!domain_matches("1.2.3.4", "2.3.4"));
    }

    #[test]
    fn host_only_cookies_go_to_their_host_alone() {
        let host_only = CookieDomain {
            domain: "site.test".into(),
            host_only: true,
        };
        assert!(host_only.includes_host("site.test"));
        assert!(!host_only.includes_host("sub.site.test"));
        let domain = CookieDomain {
            host_only: false,
            ..host_only
        };
        assert!(domain.includes_host("sub.site.test"));
    }
}
