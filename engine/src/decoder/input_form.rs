//! Where the value is in what was pasted: a bare value, a quoted or URL-encoded one, a whole
//! `Cookie:` header (the session cookie picked by name, as `request.COOKIES[name]` reads it
//! through `django.http.cookie.parse_cookie`), a `Set-Cookie:` line (its attributes read as a
//! browser reads them, `browser::rules`), or a `curl` command line.

use super::curl;
use super::set_cookie_words::attribute_words;
use crate::browser::rules::parse::parse_set_cookie;
use crate::middleware::{parse_cookie, unquote};

/// Django's default `SESSION_COOKIE_NAME`.
pub const DEFAULT_COOKIE_NAME: &str = "sessionid";

/// The form the value came in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputForm {
    /// The value alone.
    Bare,
    /// In double quotes, as `http.cookies` quotes a value with special characters.
    Quoted,
    /// Percent-encoded (`%3A` for `:`), as `encodeURIComponent` or some tools write it.
    UrlEncoded,
    /// A `Cookie` request header, or its `name=value; …` text.
    CookieHeader,
    /// A `Set-Cookie` response line.
    SetCookie,
    /// A `curl` command line.
    Curl,
}

impl InputForm {
    /// The form in words.
    pub fn words(self) -> &'static str {
        match self {
            InputForm::Bare => "a bare value",
            InputForm::Quoted => "a value in double quotes",
            InputForm::UrlEncoded => "a URL-encoded value",
            InputForm::CookieHeader => "a Cookie header",
            InputForm::SetCookie => "a Set-Cookie line",
            InputForm::Curl => "a curl command line",
        }
    }
}

/// The value found, and what surrounded it.
#[derive(Clone, Debug, PartialEq)]
pub struct FoundValue {
    /// The outermost form.
    pub form: InputForm,
    /// The value to decode.
    pub value: String,
    /// The cookie's name, when it came with one.
    pub cookie_name: Option<String>,
    /// The other cookies of a `Cookie` header (or curl command), by name, in order.
    pub other_cookies: Vec<String>,
    /// A `Set-Cookie` line's attributes, each as the browser reads it.
    pub attributes: Vec<String>,
    /// What was done to reach the value, and anything odd on the way.
    pub notes: Vec<String>,
}

/// Finds the value in `text`; `cookie_name` picks the cookie of a header; `now` (Unix
/// seconds) dates a `Set-Cookie` line's `Expires`. The error says what is missing.
pub fn find_value(text: &str, cookie_name: &str, now: f64) -> Result<FoundValue, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("the value is empty".to_owned());
    }
    let mut found = if text.starts_with("curl ") || text.starts_with("curl.exe ") {
        let header = curl::cookie_header(text)?;
        let mut found = from_cookie_header(&header, cookie_name)?;
        found.form = InputForm::Curl;
        found
    } else if let Some(line) = strip_header(text, "set-cookie") {
        from_set_cookie(line, now)
    } else if let Some(header) = strip_header(text, "cookie") {
        from_cookie_header(header, cookie_name)?
    } else if looks_like_pairs(text) {
        if looks_like_set_cookie(text) {
            from_set_cookie(text, now)
        } else {
            from_cookie_header(text, cookie_name)?
        }
    } else {
        FoundValue {
            form: InputForm::Bare,
            value: text.to_owned(),
            cookie_name: None,
            other_cookies: Vec::new(),
            attributes: Vec::new(),
            notes: Vec::new(),
        }
    };
    clean_value(&mut found);
    if found.value.is_empty() {
        return Err(match &found.cookie_name {
            Some(name) => format!("the cookie {name} is empty"),
            None => "the value is empty".to_owned(),
        });
    }
    Ok(found)
}

fn strip_header<'t>(text: &'t str, name: &str) -> Option<&'t str> {
    let (head, rest) = text.split_once(':')?;
    head.trim().eq_ignore_ascii_case(name).then(|| rest.trim())
}

/// `name=value` text: a `=` after a token-like name (a Django value never holds `=`).
fn looks_like_pairs(text: &str) -> bool {
    text.split_once('=').is_some_and(|(name, rest)| {
        let name = name.trim();
        // Standard base64 (Django before 3.1's session_data) ends in `=` padding.
        let padding_only = rest.trim_start_matches('=').trim().is_empty();
        !name.is_empty()
            && !padding_only
            && !name
                .chars()
                .any(|c| c.is_whitespace() || matches!(c, ':' | '"' | ';' | ','))
    })
}

const ATTRIBUTES: [&str; 8] = [
    "expires",
    "max-age",
    "path",
    "domain",
    "secure",
    "httponly",
    "samesite",
    "partitioned",
];

fn looks_like_set_cookie(text: &str) -> bool {
    text.split(';').skip(1).any(|piece| {
        let name = piece.split('=').next().unwrap_or("").trim();
        ATTRIBUTES.iter().any(|a| a.eq_ignore_ascii_case(name))
    })
}

fn from_cookie_header(header: &str, cookie_name: &str) -> Result<FoundValue, String> {
    let cookies = parse_cookie(header);
    let names: Vec<String> = cookies.pairs().iter().map(|(n, _)| n.clone()).collect();
    let mut notes = Vec::new();
    let sent = header
        .split(';')
        .filter(|chunk| {
            chunk
                .split_once('=')
                .is_some_and(|(n, _)| n.trim() == cookie_name)
        })
        .count();
    if sent > 1 {
        notes.push(format!(
            "the header holds {sent} cookies named {cookie_name} (set for different paths or \
             domains): Django's parse_cookie keeps the last one, the one decoded here"
        ));
    }
    let (name, value) = match cookies.get(cookie_name) {
        Some(value) => (cookie_name.to_owned(), value.to_owned()),
        None => match cookies.pairs() {
            [(name, value)] if !name.is_empty() => {
                notes.push(format!(
                    "the only cookie is named {name}, not {cookie_name}: decoded anyway (give \
                     --cookie-name {name} if that is your SESSION_COOKIE_NAME)"
                ));
                (name.clone(), value.clone())
            }
            _ => {
                return Err(format!(
                    "no cookie named {cookie_name} in the header (it has {}): give the \
                     session cookie's name (SESSION_COOKIE_NAME) with --cookie-name",
                    if names.is_empty() {
                        "none".to_owned()
                    } else {
                        names.join(", ")
                    }
                ))
            }
        },
    };
    let other_cookies = names.into_iter().filter(|n| *n != name).collect();
    Ok(FoundValue {
        form: InputForm::CookieHeader,
        value,
        cookie_name: Some(name),
        other_cookies,
        attributes: Vec::new(),
        notes,
    })
}

fn from_set_cookie(line: &str, now: f64) -> FoundValue {
    let (pair, _) = line.split_once(';').unwrap_or((line, ""));
    let (name, raw_value) = pair.split_once('=').unwrap_or(("", pair));
    let mut notes = Vec::new();
    let attributes = match parse_set_cookie(line) {
        Ok(parsed) => attribute_words(&parsed, now),
        Err(reason) => {
            notes.push(format!(
                "a browser refuses this line ({}): it stores nothing and Django never sees \
                 the value again",
                reason.cdp_name()
            ));
            Vec::new()
        }
    };
    let value = raw_value.trim();
    if value.len() >= 2 && value.starts_with('"') && value.ends_with('"') {
        notes.push(
            "the value is in double quotes (http.cookies quotes values with special \
             characters); the browser sends it back quoted and Django's parse_cookie unquotes it"
                .to_owned(),
        );
    }
    FoundValue {
        form: InputForm::SetCookie,
        value: unquote(value),
        cookie_name: Some(name.trim().to_owned()),
        other_cookies: Vec::new(),
        attributes,
        notes,
    }
}

/// Quotes and percent-encoding around the value itself.
fn clean_value(found: &mut FoundValue) {
    let trimmed = found.value.trim();
    if trimmed.len() >= 2 && trimmed.starts_with('"') && trimmed.ends_with('"') {
        found.value = unquote(trimmed);
        if found.form == InputForm::Bare {
            found.form = InputForm::Quoted;
        }
        found
            .notes
            .push("removed the double quotes (http.cookies' unquote)".to_owned());
    } else if trimmed.len() >= 2 && trimmed.starts_with('\'') && trimmed.ends_with('\'') {
        found.value = trimmed[1..trimmed.len() - 1].to_owned();
        found.notes.push("removed the single quotes".to_owned());
    } else {
        found.value = trimmed.to_owned();
    }
    if let Some(decoded) = percent_decode(&found.value) {
        found.value = decoded;
        if found.form == InputForm::Bare {
            found.form = InputForm::UrlEncoded;
            found.notes.push("URL-decoded (%3A is \":\")".to_owned());
        } else {
            found.notes.push(
                "URL-decoded (%3A is \":\"): Django does not decode cookie values, so a \
                 browser sending it encoded would give Django a value that does not verify"
                    .to_owned(),
            );
        }
    }
}

/// The text with `%XX` escapes decoded, if it has any and they make UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let hex = |b: u8| (b as char).to_digit(16);
    let mut out = Vec::with_capacity(bytes.len());
    let mut escaped = false;
    let mut i = 0;
    while i < bytes.len() {
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&a), Some(&b)) if hex(a).is_some() && hex(b).is_some() => {
                out.push((hex(a)? * 16 + hex(b)?) as u8);
                escaped = true;
                i += 3;
            }
            (byte, ..) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    if !escaped {
        return None;
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: f64 = 1_760_000_000.0;

    fn find(text: &str) -> FoundValue {
        find_value(text, DEFAULT_COOKIE_NAME, NOW).unwrap()
    }

    #[test]
    fn a_cookie_header_picks_the_session_cookie_and_names_the_others() {
        let found = find("Cookie: theme=\"dark\"; _ga=GA1.2.6; sessionid=abc:1v6PvE:sig");
        assert_eq!(found.form, InputForm::CookieHeader);
        assert_eq!(found.value, "abc:1v6PvE:sig");
        assert_eq!(found.other_cookies, ["theme", "_ga"]);
        let named = find_value("csrftoken=x; session=.eJ.aOd4AA.sig", "session", NOW).unwrap();
        assert_eq!(named.value, ".eJ.aOd4AA.sig");
        assert!(find_value("Cookie: a=1; b=2", "sessionid", NOW)
            .unwrap_err()
            .contains("a, b"));
    }

    #[test]
    fn two_session_cookies_are_noted_and_the_last_is_django_s() {
        let found = find("sessionid=first:1:a; sessionid=second:1:b");
        assert_eq!(found.value, "second:1:b");
        assert!(found.notes[0].contains("2 cookies named sessionid"));
    }

    #[test]
    fn a_set_cookie_line_is_explained() {
        let found = find("Set-Cookie: sessionid=v:1:s; expires=Thu, 23 Oct 2025 08:53:20 GMT; HttpOnly; Max-Age=1209600; Path=/; SameSite=Lax");
        assert_eq!(found.form, InputForm::SetCookie);
        assert_eq!(found.value, "v:1:s");
        assert!(found.attributes.iter().any(|a| a.starts_with("HttpOnly")));
        let bare = find("sessionid=v:1:s; Path=/; HttpOnly");
        assert_eq!(bare.form, InputForm::SetCookie);
    }

    #[test]
    fn quoted_and_url_encoded_values() {
        let quoted = find("\"eyJ:1iivjs:Sy\"");
        assert_eq!(
            (quoted.form, quoted.value.as_str()),
            (InputForm::Quoted, "eyJ:1iivjs:Sy")
        );
        let encoded = find("eyJhIjoxfQ%3A1v6mOm%3Afih");
        assert_eq!(encoded.form, InputForm::UrlEncoded);
        assert_eq!(encoded.value, "eyJhIjoxfQ:1v6mOm:fih");
        assert_eq!(find(" plain ").form, InputForm::Bare);
        let padded = find("ZmM2YmE6eyJhIjoxfQ==");
        assert_eq!(
            (padded.form, padded.value.as_str()),
            (InputForm::Bare, "ZmM2YmE6eyJhIjoxfQ==")
        );
    }

    #[test]
    fn a_curl_command_gives_its_cookie() {
        let found = find("curl 'https://x/' -H 'Cookie: csrftoken=a; sessionid=v:1:s'");
        assert_eq!(found.form, InputForm::Curl);
        assert_eq!(found.value, "v:1:s");
        assert_eq!(found.other_cookies, ["csrftoken"]);
    }
}
