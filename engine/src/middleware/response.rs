//! The parts of `HttpResponse` the session middleware touches: status, the `Vary` header,
//! and the cookies (`HttpResponseBase.set_cookie` / `delete_cookie`, `django/http/response.py`).

use crate::session::SessionError;
use crate::version::DjangoVersion;

use super::cookies::Morsel;

/// A response on its way out.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HttpResponse {
    /// `status_code`.
    pub status: u16,
    /// The `Vary` header, if set.
    pub vary: Option<String>,
    /// `response.cookies` (a `SimpleCookie`): morsels in the order first set.
    pub cookies: Vec<Morsel>,
}

/// The arguments of `set_cookie` that the session middleware uses.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CookieOptions {
    /// `max_age` already converted with `int()`.
    pub max_age: Option<i64>,
    /// `expires` as text.
    pub expires: Option<String>,
    /// `path`.
    pub path: Option<String>,
    /// `domain`.
    pub domain: Option<String>,
    /// `secure`.
    pub secure: bool,
    /// `httponly`.
    pub httponly: bool,
    /// `samesite`.
    pub samesite: Option<String>,
}

/// The date `delete_cookie` sends as `expires`.
pub const EPOCH_HTTP_DATE: &str = "Thu, 01 Jan 1970 00:00:00 GMT";

impl HttpResponse {
    /// A response with `status` and nothing else.
    pub fn new(status: u16) -> HttpResponse {
        HttpResponse {
            status,
            vary: None,
            cookies: Vec::new(),
        }
    }

    /// `set_cookie(key, value, ...)` when `expires` is text (the middleware always passes
    /// text or nothing): a morsel already set for `key` in this response is reused, so its
    /// other attributes stay.
    pub fn set_cookie(
        &mut self,
        key: &str,
        value: &str,
        options: CookieOptions,
    ) -> Result<&Morsel, SessionError> {
        let fresh = Morsel::new(key, value)?;
        if let Some(samesite) = options.samesite.as_deref().filter(|s| !s.is_empty()) {
            if !["lax", "none", "strict"].contains(&samesite.to_ascii_lowercase().as_str()) {
                return Err(SessionError::ValueError(
                    "samesite must be \"lax\", \"none\", or \"strict\".".to_owned(),
                ));
            }
        }
        let index = match self.cookies.iter().position(|m| m.key == key) {
            Some(i) => {
                let morsel = &mut self.cookies[i];
                morsel.value = fresh.value;
                morsel.coded_value = fresh.coded_value;
                i
            }
            None => {
                self.cookies.push(fresh);
                self.cookies.len() - 1
            }
        };
        let morsel = &mut self.cookies[index];
        morsel.expires = options.expires.clone().unwrap_or_default();
        if let Some(age) = options.max_age {
            morsel.max_age = Some(age);
        }
        if let Some(path) = options.path {
            morsel.path = path;
        }
        if let Some(domain) = options.domain {
            morsel.domain = domain;
        }
        if options.secure {
            morsel.secure = true;
        }
        if options.httponly {
            morsel.httponly = true;
        }
        if let Some(samesite) = options.samesite.filter(|s| !s.is_empty()) {
            morsel.samesite = samesite;
        }
        Ok(&self.cookies[index])
    }

    /// `delete_cookie(key, path, domain, samesite)`: an empty value with `Max-Age=0` and the
    /// 1970 date; `Secure` only for `__Secure-`/`__Host-` names or `SameSite=None`.
    pub fn delete_cookie(
        &mut self,
        key: &str,
        path: &str,
        domain: Option<&str>,
        samesite: Option<&str>,
    ) -> Result<&Morsel, SessionError> {
        let secure = key.starts_with("__Secure-")
            || key.starts_with("__Host-")
            || samesite.is_some_and(|s| s.eq_ignore_ascii_case("none"));
        self.set_cookie(
            key,
            "",
            CookieOptions {
                max_age: Some(0),
                expires: Some(EPOCH_HTTP_DATE.to_owned()),
                path: Some(path.to_owned()),
                domain: domain.map(str::to_owned),
                secure,
                httponly: false,
                samesite: samesite.map(str::to_owned),
            },
        )
    }
}

/// [`patch_vary_headers`] as `version` does it: up to 6.0 the existing value is split on
/// `\s*,\s*` and nothing else is stripped; from 6.1 (`utils/cache.py` calling
/// `split_header_value()`, [`DjangoVersion::patch_vary_strips_items`]) every item is stripped
/// and empty items are dropped.
pub fn patch_vary_headers_for(
    version: DjangoVersion,
    current: Option<&str>,
    new_headers: &[&str],
) -> String {
    if !version.patch_vary_strips_items() {
        return patch_vary_headers(current, new_headers);
    }
    let headers: Vec<String> = current
        .map(|text| {
            text.split(',')
                .map(|item| item.trim_matches(python_isspace))
                .filter(|item| !item.is_empty())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    append_vary(headers, new_headers)
}

/// Python's `str.isspace()`: Unicode whitespace plus the separators U+001C..U+001F.
fn python_isspace(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// `django.utils.cache.patch_vary_headers(response, new_headers)`: split the existing header
/// on commas (with surrounding whitespace), append the names not already present
/// (case-insensitively), and collapse to `*` if any entry is `*`.
///
/// Django compares `header.lower()`; header field names are ASCII tokens (RFC 9110, 5.1), for
/// which that is ASCII case folding.
pub fn patch_vary_headers(current: Option<&str>, new_headers: &[&str]) -> String {
    let headers: Vec<String> = match current {
        Some(text) => split_on_commas(text),
        None => Vec::new(),
    };
    append_vary(headers, new_headers)
}

/// The common end: append each new header not present (case-insensitively), then `*` if any
/// item is exactly `*`, else the items joined with `", "`.
fn append_vary(mut headers: Vec<String>, new_headers: &[&str]) -> String {
    let count_before = headers.len();
    for header in new_headers {
        let present = headers[..count_before]
            .iter()
            .any(|existing| existing.eq_ignore_ascii_case(header));
        if !present {
            headers.push((*header).to_owned());
        }
    }
    if headers.iter().any(|h| h == "*") {
        "*".to_owned()
    } else {
        headers.join(", ")
    }
}

/// `re.split(r"\s*,\s*", text)`.
fn split_on_commas(text: &str) -> Vec<String> {
    let pieces: Vec<&str> = text.split(',').collect();
    let last = pieces.len() - 1;
    pieces
        .iter()
        .enumerate()
        .map(|(i, piece)| {
            let mut piece = *piece;
            if i > 0 {
                piece = piece.trim_start();
            }
            if i < last {
                piece = piece.trim_end();
            }
            piece.to_owned()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vary_is_appended_once() {
        assert_eq!(patch_vary_headers(None, &["Cookie"]), "Cookie");
        assert_eq!(
            patch_vary_headers(Some("Accept-Encoding"), &["Cookie"]),
            "Accept-Encoding, Cookie"
        );
        assert_eq!(
            patch_vary_headers(Some("accept ,  COOKIE"), &["Cookie"]),
            "accept, COOKIE"
        );
        assert_eq!(patch_vary_headers(Some("*"), &["Cookie"]), "*");
        assert_eq!(patch_vary_headers(Some(""), &["Cookie"]), ", Cookie");
    }

    #[test]
    fn django_6_1_strips_items() {
        let cases = [
            (
                "Accept-Encoding,",
                "Accept-Encoding, , Cookie",
                "Accept-Encoding, Cookie",
            ),
            (
                " Accept-Encoding",
                " Accept-Encoding, Cookie",
                "Accept-Encoding, Cookie",
            ),
            (
                "Accept-Encoding , Cookie ",
                "Accept-Encoding, Cookie , Cookie",
                "Accept-Encoding, Cookie",
            ),
            ("Cookie ", "Cookie , Cookie", "Cookie"),
            ("* ", "* , Cookie", "*"),
            ("", ", Cookie", "Cookie"),
            (
                "Accept-Encoding,,Origin",
                "Accept-Encoding, , Origin, Cookie",
                "Accept-Encoding, Origin, Cookie",
            ),
            (
                "Accept-Encoding,\tOrigin",
                "Accept-Encoding, Origin, Cookie",
                "Accept-Encoding, Origin, Cookie",
            ),
        ];
        for (view, old, new) in cases {
            for v in [
                DjangoVersion::V4_2,
                DjangoVersion::V5_2,
                DjangoVersion::V6_0,
            ] {
                assert_eq!(
                    patch_vary_headers_for(v, Some(view), &["Cookie"]),
                    old,
                    "{v} {view:?}"
                );
            }
            assert_eq!(
                patch_vary_headers_for(DjangoVersion::V6_1, Some(view), &["Cookie"]),
                new,
                "{view:?}"
            );
        }
    }

    #[test]
    fn deletion_matches_django() {
        let mut response = HttpResponse::new(200);
        let morsel = response
            .delete_cookie("sessionid", "/", None, Some("Lax"))
            .unwrap();
        assert_eq!(
            morsel.output_string(),
            "sessionid=\"\"; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/; SameSite=Lax"
        );
        let morsel = response.delete_cookie("__Host-s", "/", None, None).unwrap();
        assert!(morsel.output_string().ends_with("; Path=/; Secure"));
    }
}
