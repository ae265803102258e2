//! Request URLs as the cookie rules see them: a scheme, a host and a path.
//!
//! Cookies ignore ports (RFC 6265bis §8.5: "cookies for a given host are shared across all the
//! ports on that host") and queries (§5.1.4 path-match uses the path only), so the port is kept
//! for display and nothing else. Only `http` and `https` are cookieable here.
//!
//! The parser is a small subset of the WHATWG URL parser Chromium uses: the host is lowercased,
//! `.`/`..` path segments are resolved, and the bytes the URL standard's path percent-encode set
//! names (controls, space, `"`, `<`, `>`, `` ` ``, `{`, `}`, non-ASCII) are percent-encoded. Hosts
//! must be ASCII (no IDNA here).

use crate::quoted::Quoted;
use std::fmt;

/// The two cookieable schemes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Scheme {
    /// `http:`: not a secure connection (RFC 6265bis §5.7 step 13), except to localhost.
    Http,
    /// `https:`: a secure connection.
    Https,
}

impl Scheme {
    /// `"http"` or `"https"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Scheme::Http => "http",
            Scheme::Https => "https",
        }
    }
}

/// Why a URL could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UrlError {
    /// No `scheme://` at the start.
    MissingScheme,
    /// A scheme other than `http` or `https` (cookies are not handled for it here).
    UnsupportedScheme(String),
    /// Nothing between `://` and the path.
    MissingHost,
    /// A host with a character no host name may contain, or not ASCII.
    InvalidHost(String),
    /// A port that is not a number from 0 to 65535.
    InvalidPort(String),
}

impl fmt::Display for UrlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UrlError::MissingScheme => write!(f, "the URL has no scheme (http:// or https://)"),
            UrlError::UnsupportedScheme(s) => {
                write!(f, "the scheme {s:?} has no cookies here", s = Quoted(s),)
            }
            UrlError::MissingHost => write!(f, "the URL has no host"),
            UrlError::InvalidHost(h) => {
                write!(f, "{h:?} is not a valid host name", h = Quoted(h),)
            }
            UrlError::InvalidPort(p) => write!(f, "{p:?} is not a valid port", p = Quoted(p),),
        }
    }
}

impl std::error::Error for UrlError {}

/// A parsed `http(s)` URL: what a cookie rule may look at.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Url {
    scheme: Scheme,
    host: String,
    port: Option<u16>,
    path: String,
}

/// Bytes a host name never contains (the URL standard's forbidden host code points, plus `%`).
const FORBIDDEN_HOST_BYTES: &[u8] = b" \t#%/:<>?@[\\]^|\"`{}";

impl Url {
    /// Reads `scheme://host[:port][/path][?query][#fragment]`.
    pub fn parse(text: &str) -> Result<Url, UrlError> {
        let text = text.trim_matches(|c: char| c <= ' ');
        let (scheme_text, rest) = text.split_once("://").ok_or(UrlError::MissingScheme)?;
        let scheme = match scheme_text.to_ascii_lowercase().as_str() {
            "http" => Scheme::Http,
            "https" => Scheme::Https,
            other => return Err(UrlError::UnsupportedScheme(other.to_string())),
        };
        let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let (authority, after) = rest.split_at(authority_end);
        let host_and_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
        let (host, port) = split_host_port(host_and_port)?;
        let path_end = after.find(['?', '#']).unwrap_or(after.len());
        Ok(Url {
            scheme,
            host,
            port,
            path: normalize_path(&after[..path_end]),
        })
    }

    /// `scheme://host/` for a host the crate knows to be a valid lowercase host name (a
    /// constant such as the scenarios' `site.test`); no parsing, so nothing can fail.
    pub(crate) fn root_of(scheme: Scheme, host: &str) -> Url {
        Url {
            scheme,
            host: host.to_string(),
            port: None,
            path: "/".to_string(),
        }
    }

    /// The same scheme, host and port with path `/`: the root of the URL's origin.
    pub fn root(&self) -> Url {
        Url {
            path: "/".to_string(),
            ..self.clone()
        }
    }

    /// The same URL over another scheme (the port is kept).
    pub fn with_scheme(&self, scheme: Scheme) -> Url {
        Url {
            scheme,
            ..self.clone()
        }
    }

    /// The scheme.
    pub fn scheme(&self) -> Scheme {
        self.scheme
    }

    /// The host, lowercased (`site.test`, `127.0.0.1`, `[::1]`).
    pub fn host(&self) -> &str {
        &self.host
    }

    /// The explicit port, if any. Cookies ignore it.
    pub fn port(&self) -> Option<u16> {
        self.port
    }

    /// The path, always starting with `/`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Whether the host is an IP address rather than a domain name (§5.1.3 never
    /// domain-matches an IP address by suffix).
    pub fn host_is_ip(&self) -> bool {
        host_is_ip(&self.host)
    }

    /// Whether the URL is "potentially trustworthy" in Chromium's sense: `https`, or a
    /// loopback host over `http` (`localhost`, `*.localhost`, `127.0.0.0/8`, `[::1]`). This is
    /// what RFC 6265bis leaves to the user agent as a "secure" connection (§5.7 step 13,
    /// §5.8.3); Chromium's `cookie_util::ProvisionalAccessScheme` decides it so.
    pub fn is_potentially_trustworthy(&self) -> bool {
        self.scheme == Scheme::Https || is_loopback_host(&self.host)
    }
}

impl fmt::Display for Url {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}://{}", self.scheme.as_str(), self.host)?;
        if let Some(port) = self.port {
            write!(f, ":{port}")?;
        }
        f.write_str(&self.path)
    }
}

fn split_host_port(text: &str) -> Result<(String, Option<u16>), UrlError> {
    let (host, port_text) = if text.starts_with('[') {
        let close = text
            .find(']')
            .ok_or_else(|| UrlError::InvalidHost(text.to_string()))?;
        let (host, rest) = text.split_at(close + 1);
        (host, rest.strip_prefix(':'))
    } else {
        match text.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (text, None),
        }
    };
    if host.is_empty() || host == "[]" {
        return Err(UrlError::MissingHost);
    }
    let valid_ipv6 = host.starts_with('[')
        && host[1..host.len() - 1]
            .bytes()
            .all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.');
    let valid_name = !host.starts_with('[')
        && host
            .bytes()
            .all(|b| b.is_ascii() && !b.is_ascii_control() && !FORBIDDEN_HOST_BYTES.contains(&b));
    if !(valid_ipv6 || valid_name) {
        return Err(UrlError::InvalidHost(host.to_string()));
    }
    let port = match port_text {
        None | Some("") => None,
        Some(p) => Some(
            p.parse()
                .map_err(|_| UrlError::InvalidPort(p.to_string()))?,
        ),
    };
    Ok((host.to_ascii_lowercase(), port))
}

/// Resolves `.`/`..` segments and percent-encodes what the URL standard encodes in a path.
fn normalize_path(raw: &str) -> String {
    let mut segments: Vec<&str> = Vec::new();
    let body = raw.strip_prefix('/').unwrap_or(raw);
    let parts: Vec<&str> = body.split('/').collect();
    for (index, segment) in parts.iter().enumerate() {
        let last = index + 1 == parts.len();
        match segment.to_ascii_lowercase().as_str() {
            "." | "%2e" => {
                if last {
                    segments.push("");
                }
            }
            ".." | ".%2e" | "%2e." | "%2e%2e" => {
                segments.pop();
                if last {
                    segments.push("");
                }
            }
            _ => segments.push(segment),
        }
    }
    percent_encode_path(&format!("/{}", segments.join("/")))
}

fn percent_encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        let encode = byte <= b' ' || byte >= 0x7f || b"\"<>`{}".contains(&byte);
        if encode {
            out.push_str(&format!("%{byte:02X}"));
        } else {
            out.push(char::from(byte));
        }
    }
    out
}

/// Whether `host` is an IPv4 address in dotted-quad form or a bracketed IPv6 address.
pub fn host_is_ip(host: &str) -> bool {
    host.starts_with('[') || parse_ipv4(host).is_some()
}

fn parse_ipv4(host: &str) -> Option<[u8; 4]> {
    let parts: Vec<&str> = host.split('.').collect();
    let [a, b, c, d] = parts.as_slice() else {
        return None;
    };
    let octet = |s: &str| -> Option<u8> {
        if s.is_empty() || s.len() > 3 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        s.parse().ok()
    };
    Some([octet(a)?, octet(b)?, octet(c)?, octet(d)?])
}

/// Chromium's `net::IsLocalhost`: `localhost`, `*.localhost`, `127.0.0.0/8` and `[::1]`.
fn is_loopback_host(host: &str) -> bool {
    let name = host.strip_suffix('.').unwrap_or(host);
    name == "localhost"
        || name.ends_with(".localhost")
        || parse_ipv4(host).is_some_and(|ip| ip[0] == 127)
        || host == "[::1]"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_scheme_host_port_and_path() {
        let url = Url::parse("HTTPS://Sub.Site.Test:8443/a/b?x=1#top").unwrap();
        assert_eq!(url.scheme(), Scheme::Https);
        assert_eq!(url.host(), "sub.site.test");
        assert_eq!(url.port(), Some(8443));
        assert_eq!(url.path(), "/a/b");
        assert_eq!(url.to_string(), "https://sub.site.test:8443/a/b");
    }

    #[test]
    fn an_empty_path_is_the_root() {
        assert_eq!(Url::parse("http://site.test").unwrap().path(), "/");
        assert_eq!(Url::parse("http://site.test?q").unwrap().path(), "/");
    }

    #[test]
    fn dot_segments_are_resolved_and_odd_bytes_encoded() {
        assert_eq!(
            Url::parse("http://a.test/x/./y/../z").unwrap().path(),
            "/x/z"
        );
        assert_eq!(Url::parse("http://a.test/x/..").unwrap().path(), "/");
        assert_eq!(
            Url::parse("http://a.test/a b/é").unwrap().path(),
            "/a%20b/%C3%A9"
        );
    }

    #[test]
    fn refuses_what_is_not_an_http_url() {
        assert_eq!(Url::parse("site.test/"), Err(UrlError::MissingScheme));
        assert!(matches!(
            Url::parse("ftp://site.test/"),
            Err(UrlError::UnsupportedScheme(_))
        ));
        assert_eq!(Url::parse("https:///x"), Err(UrlError::MissingHost));
        assert!(matches!(
            Url::parse("https://si te/"),
            Err(UrlError::InvalidHost(_))
        ));
        assert!(matches!(
            Url::parse("https://site.test:99999/"),
            Err(UrlError::InvalidPort(_))
        ));
    }

    #[test]
    fn localhost_is_potentially_trustworthy_over_http() {
        let trusted = |u: &str| Url::parse(u).unwrap().is_potentially_trustworthy();
        assert!(trusted("https://site.test/"));
        assert!(trusted("http://localhost/"));
        assert!(trusted("http://app.localhost:8000/"));
        assert!(trusted("http://127.0.0.1/"));
        assert!(trusted("http://[::1]/"));
        assert!(!trusted("http://site.test/"));
        assert!(!trusted("http://localhost.test/"));
    }

    #[test]
    fn tells_ip_addresses_from_names() {
        assert!(host_is_ip("10.0.0.1"));
        assert!(host_is_ip("[::1]"));
        assert!(!host_is_ip("1.2.3"));
        assert!(!host_is_ip("site.test"));
    }
}
