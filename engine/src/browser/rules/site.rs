//! Registrable domains and schemeful sites: what "same-site" means (RFC 6265bis §5.2, which
//! takes "same site" from the HTML standard; Chromium compares sites *schemefully*).
//!
//! A registrable domain is a domain's public suffix plus the label to its left (RFC 6265bis
//! §2.3 "Terminology"). Browsers read public suffixes from the Public Suffix List; this engine
//! keeps that knowledge minimal on purpose:
//!
//! * the PSL's default rule `*`: an unknown top-level domain is itself the public suffix, so the
//!   last label is the registry (`.test`, `.example`, `.com`). This is what Chromium does for
//!   `.test`, which is not in the list: `site.test` is registrable, `sub.site.test` is same-site
//!   with it, `other.test` is not;
//! * [`MULTI_LABEL_PUBLIC_SUFFIXES`]: a handful of well-known suffixes of two labels, so that
//!   `shop.co.uk` or `app.github.io` behave as they do in a real browser. It is a sample, not
//!   the list: any other suffix falls back to the default rule.
//!
//! IP addresses and single-label hosts (`localhost`) have no registrable domain; their site is
//! the host itself, as Chromium's `SchemefulSite` makes it.

use super::url::{host_is_ip, Scheme, Url};

/// Public suffixes of more than one label that this engine knows (a small sample of the PSL's
/// ICANN and private sections). Every other host uses the default rule: the last label.
pub const MULTI_LABEL_PUBLIC_SUFFIXES: &[&str] = &[
    "co.uk",
    "org.uk",
    "ac.uk",
    "gov.uk",
    "com.au",
    "co.jp",
    "co.nz",
    "com.br",
    "github.io",
    "gitlab.io",
    "herokuapp.com",
    "pythonanywhere.com",
    "netlify.app",
    "vercel.app",
    "pages.dev",
];

/// The public suffix of `domain` (lowercase, no leading dot): the longest known multi-label
/// suffix, else the last label.
pub fn public_suffix(domain: &str) -> &str {
    let known = MULTI_LABEL_PUBLIC_SUFFIXES
        .iter()
        .filter(|suffix| domain == **suffix || domain.ends_with(&format!(".{suffix}")))
        .max_by_key(|suffix| suffix.len());
    match known {
        Some(suffix) => &domain[domain.len() - suffix.len()..],
        None => domain.rsplit('.').next().unwrap_or(domain),
    }
}

/// Whether `domain` is itself a public suffix (`test`, `co.uk`): a `Domain` attribute naming
/// one is refused (RFC 6265bis §5.7 step 9).
pub fn is_public_suffix(domain: &str) -> bool {
    registrable_domain(domain).is_none() && !host_is_ip(domain)
}

/// The registrable domain of `host` ("eTLD+1"), or `None` for IP addresses, public suffixes,
/// empty labels and single-label hosts. A leading dot (a cookie's domain) is ignored.
///
/// `registrable_domain("a.b.site.test") == Some("site.test")`.
pub fn registrable_domain(host: &str) -> Option<&str> {
    let host = host.strip_prefix('.').unwrap_or(host);
    if host.is_empty() || host_is_ip(host) || host.split('.').any(str::is_empty) {
        return None;
    }
    let suffix = public_suffix(host);
    if suffix.len() == host.len() {
        return None;
    }
    let before_suffix = &host[..host.len() - suffix.len() - 1];
    let label_start = before_suffix.rfind('.').map_or(0, |dot| dot + 1);
    Some(&host[label_start..])
}

/// Chromium's `CookieMonster::GetKey`: the registrable domain of a host or cookie domain, or
/// the host itself when it has none. Retrieval considers only the cookies sharing the request
/// host's key, so these are the cookies Chromium reports as "not sent".
pub fn cookie_key(domain: &str) -> &str {
    let host = domain.strip_prefix('.').unwrap_or(domain);
    registrable_domain(host).unwrap_or(host)
}

/// A schemeful site: a scheme and a registrable domain (or the host, when it has none).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Site {
    scheme: Scheme,
    domain: String,
}

impl Site {
    /// The site of `url`: `https://sub.site.test/x` → `https://site.test`.
    pub fn of(url: &Url) -> Site {
        Site {
            scheme: url.scheme(),
            domain: cookie_key(url.host()).to_string(),
        }
    }

    /// The scheme.
    pub fn scheme(&self) -> Scheme {
        self.scheme
    }

    /// The registrable domain, or the host when it has none.
    pub fn domain(&self) -> &str {
        &self.domain
    }

    /// Whether `other` is the same site: schemefully (Chromium) the scheme must match too; not
    /// schemefully (Firefox's `network.cookie.sameSite.schemeful = false`) only the
    /// registrable domain.
    pub fn same_as(&self, other: &Site, schemeful: bool) -> bool {
        self.domain == other.domain && (!schemeful || self.scheme == other.scheme)
    }
}

impl std::fmt::Display for Site {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}://{}", self.scheme.as_str(), self.domain)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_label_is_the_registry_of_an_unknown_tld() {
        assert_eq!(registrable_domain("site.test"), Some("site.test"));
        assert_eq!(registrable_domain("a.b.site.test"), Some("site.test"));
        assert_eq!(registrable_domain(".site.test"), Some("site.test"));
        assert_eq!(registrable_domain("test"), None);
        assert_eq!(registrable_domain("localhost"), None);
    }

    #[test]
    fn known_multi_label_suffixes_are_honoured() {
        assert_eq!(
            registrable_domain("shop.example.co.uk"),
            Some("example.co.uk")
        );
        assert_eq!(registrable_domain("co.uk"), None);
        assert_eq!(registrable_domain("me.github.io"), Some("me.github.io"));
        assert!(is_public_suffix("github.io"));
        assert!(is_public_suffix("test"));
        assert!(!is_public_suffix("site.test"));
    }

    #[test]
    fn ips_and_empty_labels_have_no_registrable_domain() {
        assert_eq!(registrable_domain("127.0.0.1"), None);
        assert_eq!(registrable_domain("[::1]"), None);
        assert_eq!(registrable_domain("site.test."), None);
        assert_eq!(registrable_domain("a..test"), None);
        assert_eq!(registrable_domain(""), None);
        assert!(!is_public_suffix("127.0.0.1"));
    }

    #[test]
    fn sites_are_schemeful() {
        let site = |u: &str| Site::of(&Url::parse(u).unwrap());
        assert_eq!(site("https://sub.site.test/a"), site("https://site.test/"));
        assert_ne!(site("http://site.test/"), site("https://site.test/"));
        assert!(site("http://site.test/").same_as(&site("https://site.test/"), false));
        assert!(!site("http://site.test/").same_as(&site("https://site.test/"), true));
        assert_ne!(site("https://other.test/"), site("https://site.test/"));
        assert_eq!(site("http://localhost:8000/").domain(), "localhost");
        assert_eq!(
            site("https://sub.site.test/").to_string(),
            "https://site.test"
        );
    }

    #[test]
    fn the_cookie_key_groups_a_registrable_domain() {
        assert_eq!(cookie_key(".site.test"), "site.test");
        assert_eq!(cookie_key("sub.site.test"), "site.test");
        assert_eq!(cookie_key("localhost"), "localhost");
    }
}
