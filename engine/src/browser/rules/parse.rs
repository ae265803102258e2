//! Parsing a `Set-Cookie` line or a `document.cookie` assignment (RFC 6265bis §5.6), as
//! Chromium's `ParsedCookie` does.
//!
//! * The name-value pair is everything before the first `;`; without `=` the name is empty and
//!   the whole pair is the value; name and value lose surrounding spaces and tabs (§5.6).
//! * Neither name nor value → `NoCookieContent`; name + value over 4096 bytes →
//!   `NameValuePairExceedsMaxSize` (§5.6 step 5); a control character (Chromium counts TAB
//!   inside a token too) → `DisallowedCharacter` (§5.6 step 1).
//! * Each `;`-separated attribute is `name[=value]`, trimmed; names compare case-insensitively;
//!   a value over 1024 bytes makes the attribute ignored (§5.6 step 6); unknown names are
//!   ignored; for each known attribute the last occurrence wins.
//!
//! What the attribute values mean (dates, domains, paths) is decided elsewhere; this module only
//! collects them.

use super::cookie::SameSite;
use super::reasons::{CookieWarning, RefusalReason};

/// The 4096-byte limit on name + value (RFC 6265bis §5.6 step 5).
pub const MAX_NAME_VALUE_BYTES: usize = 4096;

/// The 1024-byte limit on an attribute value (RFC 6265bis §5.6 step 6).
pub const MAX_ATTRIBUTE_VALUE_BYTES: usize = 1024;

/// A parsed `Set-Cookie` line: name, value and the attributes the storage model reads.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SetCookieLine {
    /// The cookie name (may be empty).
    pub name: String,
    /// The cookie value, quotes kept.
    pub value: String,
    /// The last `Expires` value.
    pub expires: Option<String>,
    /// The last `Max-Age` value.
    pub max_age: Option<String>,
    /// The last `Domain` value.
    pub domain: Option<String>,
    /// The last `Path` value.
    pub path: Option<String>,
    /// `Secure` appeared.
    pub secure: bool,
    /// `HttpOnly` appeared.
    pub http_only: bool,
    /// The last `SameSite` value, read (unknown values give [`SameSite::Unspecified`]).
    pub same_site: SameSite,
    /// Attributes that were ignored, and why.
    pub warnings: Vec<CookieWarning>,
}

/// Parses one `Set-Cookie` header value or one string assigned to `document.cookie`.
pub fn parse_set_cookie(line: &str) -> Result<SetCookieLine, RefusalReason> {
    if line.bytes().any(|b| matches!(b, b'\0' | b'\r' | b'\n')) {
        return Err(RefusalReason::DisallowedCharacter);
    }
    let (pair, attributes) = match line.split_once(';') {
        Some((pair, attributes)) => (pair, Some(attributes)),
        None => (line, None),
    };
    let (name, value) = match pair.split_once('=') {
        Some((name, value)) => (trim_wsp(name), trim_wsp(value)),
        None => ("", trim_wsp(pair)),
    };
    if has_control(name) || has_control(value) {
        return Err(RefusalReason::DisallowedCharacter);
    }
    if name.is_empty() && value.is_empty() {
        return Err(RefusalReason::NoCookieContent);
    }
    if name.len() + value.len() > MAX_NAME_VALUE_BYTES {
        return Err(RefusalReason::NameValuePairExceedsMaxSize);
    }
    let mut parsed = SetCookieLine {
        name: name.to_string(),
        value: value.to_string(),
        ..SetCookieLine::default()
    };
    for cookie_av in attributes.into_iter().flat_map(|a| a.split(';')) {
        let (attribute, value) = match cookie_av.split_once('=') {
            Some((attribute, value)) => (trim_wsp(attribute), trim_wsp(value)),
            None => (trim_wsp(cookie_av), ""),
        };
        if has_control(attribute) || has_control(value) {
            return Err(RefusalReason::DisallowedCharacter);
        }
        apply_attribute(&mut parsed, attribute, value);
    }
    Ok(parsed)
}

fn apply_attribute(parsed: &mut SetCookieLine, attribute: &str, value: &str) {
    let known = [
        "expires", "max-age", "domain", "path", "secure", "httponly", "samesite",
    ];
    let Some(&name) = known.iter().find(|k| attribute.eq_ignore_ascii_case(k)) else {
        return;
    };
    if value.len() > MAX_ATTRIBUTE_VALUE_BYTES {
        parsed
            .warnings
            .push(CookieWarning::AttributeValueExceedsMaxSize(
                name.to_string(),
            ));
        return;
    }
    match name {
        "expires" => parsed.expires = Some(value.to_string()),
        "max-age" => parsed.max_age = Some(value.to_string()),
        "domain" => parsed.domain = Some(value.to_string()),
        "path" => parsed.path = Some(value.to_string()),
        "secure" => parsed.secure = true,
        "httponly" => parsed.http_only = true,
        "samesite" => parsed.same_site = same_site_of(value, &mut parsed.warnings),
        _ => {}
    }
}

/// §5.6.7: `Strict`, `Lax` or `None` in any case; anything else (`Bogus`, empty) leaves the
/// cookie's SameSite unspecified ("Default"), which Chromium enforces as Lax.
fn same_site_of(value: &str, warnings: &mut Vec<CookieWarning>) -> SameSite {
    match value.to_ascii_lowercase().as_str() {
        "strict" => SameSite::Strict,
        "lax" => SameSite::Lax,
        "none" => SameSite::None,
        _ => {
            warnings.push(CookieWarning::SameSiteValueUnrecognized(value.to_string()));
            SameSite::Unspecified
        }
    }
}

/// Removes leading and trailing WSP (space and horizontal tab).
fn trim_wsp(text: &str) -> &str {
    text.trim_matches([' ', '\t'])
}

/// Chromium's `HttpUtil::IsControlChar` (0x00–0x1F and 0x7F, TAB included) in a token.
fn has_control(text: &str) -> bool {
    text.bytes().any(|b| b < 0x20 || b == 0x7f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_name_value_and_attributes() {
        let line = parse_set_cookie(
            "sessionid=abc; expires=Fri, 01 Jan 2100 00:00:00 GMT; HttpOnly; Max-Age=1209600; \
             Path=/; SameSite=Lax; Secure",
        )
        .unwrap();
        assert_eq!(
            (line.name.as_str(), line.value.as_str()),
            ("sessionid", "abc")
        );
        assert_eq!(
            line.expires.as_deref(),
            Some("Fri, 01 Jan 2100 00:00:00 GMT")
        );
        assert_eq!(line.max_age.as_deref(), Some("1209600"));
        assert_eq!(line.path.as_deref(), Some("/"));
        assert!(line.secure && line.http_only);
        assert_eq!(line.same_site, SameSite::Lax);
        assert!(line.warnings.is_empty());
    }

    #[test]
    fn a_pair_without_equals_is_a_nameless_value() {
        let line = parse_set_cookie("  lonely ; Path=/").unwrap();
        assert_eq!((line.name.as_str(), line.value.as_str()), ("", "lonely"));
        let line = parse_set_cookie("a = b=c ").unwrap();
        assert_eq!((line.name.as_str(), line.value.as_str()), ("a", "b=c"));
        assert_eq!(parse_set_cookie("x=\"\"").unwrap().value, "\"\"");
    }

    #[test]
    fn attribute_names_ignore_case_and_the_last_one_wins() {
        let line = parse_set_cookie("a=1; PATH=/x; path=/y; domain=site.test; Domain=.").unwrap();
        assert_eq!(line.path.as_deref(), Some("/y"));
        assert_eq!(line.domain.as_deref(), Some("."));
        let line = parse_set_cookie("a=1; SameSite=Strict; samesite=bogus").unwrap();
        assert_eq!(line.same_site, SameSite::Unspecified);
        assert_eq!(
            line.warnings,
            vec![CookieWarning::SameSiteValueUnrecognized("bogus".into())]
        );
    }

    #[test]
    fn refuses_empty_oversized_and_control_characters() {
        assert_eq!(parse_set_cookie(""), Err(RefusalReason::NoCookieContent));
        assert_eq!(
            parse_set_cookie(" ; Path=/"),
            Err(RefusalReason::NoCookieContent)
        );
        assert_eq!(parse_set_cookie("="), Err(RefusalReason::NoCookieContent));
        let at_limit = format!("n={}", "v".repeat(4095));
        assert!(parse_set_cookie(&at_limit).is_ok());
        let over = format!("n={}", "v".repeat(4096));
        assert_eq!(
            parse_set_cookie(&over),
            Err(RefusalReason::NameValuePairExceedsMaxSize)
        );
        assert_eq!(
            parse_set_cookie("a=1\r\nb"),
            Err(RefusalReason::DisallowedCharacter)
        );
        assert_eq!(
            parse_set_cookie("a=1\u{1}"),
            Err(RefusalReason::DisallowedCharacter)
        );
        assert_eq!(
            parse_set_cookie("a=1; Path=/\u{7f}"),
            Err(RefusalReason::DisallowedCharacter)
        );
    }

    #[test]
    fn attribute_values_over_1024_bytes_are_ignored_not_fatal() {
        let line = parse_set_cookie(&format!("a=1; Path=/a; Path=/{}", "q".repeat(1024))).unwrap();
        assert_eq!(line.path.as_deref(), Some("/a"));
        assert_eq!(
            line.warnings,
            vec![CookieWarning::AttributeValueExceedsMaxSize("path".into())]
        );
        let line = parse_set_cookie(&format!("a=1; Path=/{}", "p".repeat(1023))).unwrap();
        assert_eq!(line.path.map(|p| p.len()), Some(1024));
    }

    #[test]
    fn attributes_only_count_whitespace_around_tokens() {
        let line = parse_set_cookie("a=1;\tSecure ;  HttpOnly=yes;; unknown=1").unwrap();
        assert!(line.secure && line.http_only);
    }
}
