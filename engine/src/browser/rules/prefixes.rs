//! Cookie name prefixes (RFC 6265bis §5.4, storage model §5.7 steps 20–22), matched
//! case-insensitively, as Chromium's `cookie_util::GetCookiePrefix` and `IsCookiePrefixValid`
//! apply them:
//!
//! * `__Secure-`: `Secure`, set from a potentially trustworthy URL;
//! * `__Host-`: the same, plus an explicit `Path=/` and no `Domain` (a `Domain` equal to the
//!   request's IP address is tolerated); Firefox asks only that the cookie's path be `/`, so a
//!   line without `Path` set from `/` passes (see `ProfileRules::host_prefix_needs_path_attribute`);
//! * `__Http-`: the `__Secure-` rules plus `HttpOnly` (draft-ietf-httpbis-layered-cookies,
//!   enforced by Chromium since version 140);
//! * `__Host-Http-`: both the `__Host-` and the `__Http-` rules.
//!
//! A nameless cookie whose value starts with `__Secure-`, `__Host-` or `__Http-` is refused too
//! (§5.7 step 22): a server would read it back as a prefixed cookie.

use super::parse::SetCookieLine;
use super::path::cookie_path;
use super::url::Url;

/// The prefix a cookie name carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CookiePrefix {
    /// No special prefix.
    None,
    /// `__Secure-`.
    Secure,
    /// `__Host-`.
    Host,
    /// `__Http-`.
    Http,
    /// `__Host-Http-`.
    HostHttp,
}

fn starts_with_ignoring_case(text: &str, prefix: &str) -> bool {
    text.len() >= prefix.len()
        && text.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

/// The prefix of `name`, ignoring case (`__host-x` is a `__Host-` cookie).
pub fn prefix_of(name: &str) -> CookiePrefix {
    if starts_with_ignoring_case(name, "__Secure-") {
        CookiePrefix::Secure
    } else if starts_with_ignoring_case(name, "__Http-") {
        CookiePrefix::Http
    } else if starts_with_ignoring_case(name, "__Host-Http-") {
        CookiePrefix::HostHttp
    } else if starts_with_ignoring_case(name, "__Host-") {
        CookiePrefix::Host
    } else {
        CookiePrefix::None
    }
}

/// Whether `line`, received from `url`, satisfies its name's prefix (and, for a nameless
/// cookie, does not smuggle a prefix in its value). `needs_path_attribute`: `__Host-` demands
/// an explicit `Path=/` (Chromium) rather than a cookie path of `/` (Firefox).
pub fn prefix_allows(line: &SetCookieLine, url: &Url, needs_path_attribute: bool) -> bool {
    if line.name.is_empty() {
        return !value_hides_a_prefix(&line.value);
    }
    let secure = line.secure && url.is_potentially_trustworthy();
    let root_path = if needs_path_attribute {
        line.path.as_deref() == Some("/")
    } else {
        cookie_path(line.path.as_deref(), url.path()) == "/"
    };
    let host = secure
        && root_path
        && match line.domain.as_deref() {
            None | Some("") => true,
            Some(domain) => url.host_is_ip() && domain == url.host(),
        };
    let http = secure && line.http_only;
    match prefix_of(&line.name) {
        CookiePrefix::None => true,
        CookiePrefix::Secure => secure,
        CookiePrefix::Host => host,
        CookiePrefix::Http => http,
        CookiePrefix::HostHttp => host && http,
    }
}

/// `=__Host-x=1` would reach a server as `__Host-x=1`: a nameless value may not start with a
/// prefix (leading spaces and tabs skipped).
fn value_hides_a_prefix(value: &str) -> bool {
    let value = value.trim_start_matches([' ', '\t']);
    ["__Secure-", "__Host-", "__Http-"]
        .iter()
        .any(|prefix| starts_with_ignoring_case(value, prefix))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::browser::rules::parse::parse_set_cookie;

    fn allowed(line: &str, url: &str) -> bool {
        prefix_allows(
            &parse_set_cookie(line).unwrap(),
            &Url::parse(url).unwrap(),
            true,
        )
    }

    const HTTPS: &str = "https://site.test/a/b";

    #[test]
    fn prefixes_match_case_insensitively() {
        assert_eq!(prefix_of("__host-x"), CookiePrefix::Host);
        assert_eq!(prefix_of("__SECURE-x"), CookiePrefix::Secure);
        assert_eq!(prefix_of("__Host-Http-x"), CookiePrefix::HostHttp);
        assert_eq!(prefix_of("__http-x"), CookiePrefix::Http);
        assert_eq!(prefix_of("_Host-x"), CookiePrefix::None);
        assert_eq!(prefix_of("é"), CookiePrefix::None);
    }

    #[test]
    fn secure_prefix_needs_secure_from_a_trustworthy_url() {
        assert!(allowed("__Secure-x=1; Secure", HTTPS));
        assert!(!allowed("__Secure-x=1", HTTPS));
        assert!(!allowed("__Secure-x=1; Secure", "http://site.test/"));
        assert!(allowed("__Secure-x=1; Secure", "http://localhost/"));
    }

    #[test]
    fn host_prefix_needs_an_explicit_root_path_and_no_domain() {
        assert!(allowed("__Host-x=1; Secure; Path=/", HTTPS));
        assert!(!allowed("__Host-x=1; Secure", "https://site.test/"));
        assert!(!allowed("__Host-x=1; Secure; Path=/a", HTTPS));
        assert!(!allowed(
            "__Host-x=1; Secure; Path=/; Domain=site.test",
            HTTPS
        ));
        assert!(!allowed("__host-x=1; Path=/", HTTPS));
        assert!(allowed(
            "__Host-x=1; Secure; Path=/; Domain=127.0.0.1",
            "https://127.0.0.1/"
        ));
    }

    #[test]
    fn firefox_asks_only_for_a_root_cookie_path() {
        let line = parse_set_cookie("__Host-x=1; Secure").unwrap();
        let root = Url::parse("https://site.test/").unwrap();
        assert!(prefix_allows(&line, &root, false));
        assert!(!prefix_allows(&line, &root, true));
        let deeper = Url::parse("https://site.test/a/b").unwrap();
        assert!(!prefix_allows(&line, &deeper, false));
    }

    #[test]
    fn http_prefixes_need_http_only() {
        assert!(!allowed("__Http-a=1; Secure; Path=/", HTTPS));
        assert!(allowed("__Http-b=1; Secure; HttpOnly; Path=/", HTTPS));
        assert!(allowed("__Host-Http-c=1; Secure; HttpOnly; Path=/", HTTPS));
        assert!(!allowed("__Host-Http-c=1; Secure; Path=/", HTTPS));
        assert!(!allowed(
            "__Host-Http-c=1; Secure; HttpOnly; Path=/x",
            HTTPS
        ));
    }

    #[test]
    fn a_nameless_cookie_cannot_hide_a_prefix() {
        assert!(!allowed("=__Host-x=1; Secure; Path=/", HTTPS));
        assert!(!allowed(" __secure-x", HTTPS));
        assert!(allowed("plain", HTTPS));
    }
}
