//! A `Set-Cookie` line's attributes as a browser reads them (RFC 6265bis, Chromium's rules in
//! `browser::rules`), each with the Django setting that writes it
//! (`SessionMiddleware.process_response` → `HttpResponseBase.set_cookie`).

use super::words::{duration_words, moment_words};
use crate::browser::rules::cookie_date::parse_cookie_date;
use crate::browser::rules::parse::SetCookieLine;
use crate::browser::rules::SameSite;

/// One line per attribute, in words; `now` (Unix seconds) dates `Expires`.
pub fn attribute_words(line: &SetCookieLine, now: f64) -> Vec<String> {
    let mut words = Vec::new();
    let max_age = line.max_age.as_deref().map(str::trim);
    match max_age.map(str::parse::<i64>) {
        Some(Ok(seconds)) if seconds <= 0 => words.push(format!(
            "Max-Age={seconds}: this line deletes the cookie (Django's delete_cookie, after \
             flush() or logout() empties the session)"
        )),
        Some(Ok(seconds)) => words.push(format!(
            "Max-Age={seconds}: the browser keeps it {} after it receives this line \
             (SESSION_COOKIE_AGE); Max-Age wins over Expires",
            duration_words(seconds as f64)
        )),
        Some(Err(_)) => words.push(format!(
            "Max-Age={}: not a whole number, ignored by the browser",
            max_age.unwrap_or_default()
        )),
        None => {}
    }
    if let Some(text) = line.expires.as_deref().filter(|t| !t.trim().is_empty()) {
        match parse_cookie_date(text) {
            Some(at) if at <= 0 => words.push(format!(
                "Expires={text}: in 1970, the date Django's delete_cookie writes: a deletion"
            )),
            Some(at) => words.push(format!(
                "Expires={text}: {}{}",
                moment_words(at as f64, now),
                if at as f64 <= now {
                    " (past: a browser no longer has it)"
                } else {
                    ""
                }
            )),
            None => words.push(format!(
                "Expires={text}: not a date a browser reads, ignored"
            )),
        }
    }
    if line.max_age.is_none() && line.expires.is_none() {
        words.push(
            "no Expires or Max-Age: a session cookie, gone when the browser closes \
             (SESSION_EXPIRE_AT_BROWSER_CLOSE = True)"
                .to_owned(),
        );
    }
    words.push(match line.domain.as_deref() {
        Some(domain) => format!(
            "Domain={domain}: sent to {} and every subdomain (SESSION_COOKIE_DOMAIN)",
            domain.trim_start_matches('.')
        ),
        None => "no Domain: host-only, sent only to the host that set it \
                 (SESSION_COOKIE_DOMAIN = None)"
            .to_owned(),
    });
    if let Some(path) = &line.path {
        words.push(format!(
            "Path={path}: sent with requests whose path is under {path} (SESSION_COOKIE_PATH)"
        ));
    }
    if line.http_only {
        words.push(
            "HttpOnly: JavaScript cannot read it (document.cookie does not show it; \
             SESSION_COOKIE_HTTPONLY = True)"
                .to_owned(),
        );
    }
    if line.secure {
        words.push(
            "Secure: sent only over https, and a browser refuses to store it from an http page \
             (SESSION_COOKIE_SECURE = True)"
                .to_owned(),
        );
    }
    words.push(match line.same_site {
        SameSite::Lax => "SameSite=Lax: sent with same-site requests and with top-level GET \
                          navigations from other sites; not with cross-site POSTs, iframes or \
                          fetches (SESSION_COOKIE_SAMESITE = \"Lax\")"
            .to_owned(),
        SameSite::Strict => "SameSite=Strict: sent only with same-site requests; following a \
                             link from another site arrives without it"
            .to_owned(),
        SameSite::None if line.secure => "SameSite=None: sent with cross-site requests too \
                                          (with Secure, as browsers require)"
            .to_owned(),
        SameSite::None => "SameSite=None without Secure: a browser refuses to store it \
                           (SESSION_COOKIE_SECURE must be True)"
            .to_owned(),
        SameSite::Unspecified => "no SameSite: Chrome treats it as Lax \
                                  (SESSION_COOKIE_SAMESITE = None writes no attribute)"
            .to_owned(),
    });
    words.extend(line.warnings.iter().map(|warning| warning.explain()));
    words
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::browser::rules::parse::parse_set_cookie;

    #[test]
    fn django_s_line_in_words() {
        let line = parse_set_cookie(
            "sessionid=v; expires=Thu, 23 Oct 2025 08:53:20 GMT; HttpOnly; Max-Age=1209600; Path=/; SameSite=Lax",
        )
        .unwrap();
        let words = attribute_words(&line, 1_761_209_600.5);
        assert!(words[0].contains("14 days"), "{words:?}");
        assert!(
            words[1].contains("2025-10-23 08:53:20 UTC, 0.5 s ago"),
            "{words:?}"
        );
        assert!(words.iter().any(|w| w.starts_with("HttpOnly")));
        assert!(words.iter().any(|w| w.starts_with("SameSite=Lax")));
    }

    #[test]
    fn a_deletion_says_so() {
        let line = parse_set_cookie(
            "sessionid=\"\"; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/",
        )
        .unwrap();
        let words = attribute_words(&line, 1_760_000_000.0);
        assert!(words[0].contains("deletes the cookie"), "{words:?}");
    }
}
