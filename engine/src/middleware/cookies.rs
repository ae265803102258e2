//! Python's `http.cookies` as Django uses it: `_quote`/`_unquote` of cookie values, the
//! `Morsel` and its `OutputString()` (the `Set-Cookie` header value), `SimpleCookie`'s
//! name check, and `django.http.cookie.parse_cookie` for the request's `Cookie` header.

use crate::json::python_str_repr;
use crate::session::SessionError;

/// `http.cookies._LegalChars`: characters a cookie name (and an unquoted value) may hold.
fn is_legal_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~:".contains(c)
}

/// `_is_legal_key`: one or more legal characters.
pub fn is_legal_key(text: &str) -> bool {
    !text.is_empty() && text.chars().all(is_legal_char)
}

/// `_UnescapedChars`: characters `_quote` copies as they are inside double quotes.
fn is_unescaped_char(c: char) -> bool {
    is_legal_char(c) || " ()/<=>?@[]{}".contains(c)
}

/// `http.cookies._quote(value)`: the value as is if every character is legal, else in double
/// quotes with `"` and `\` backslash-escaped and other characters below 256 that are not
/// unescaped written as `\ooo` (octal). Characters from 256 up are copied unchanged.
pub fn quote(value: &str) -> String {
    if is_legal_key(value) {
        return value.to_owned();
    }
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 256 && !is_unescaped_char(c) => {
                out.push_str(&format!("\\{:03o}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `http.cookies._unquote(value)`: values in double quotes lose them, and `\ooo` (octal,
/// first digit 0-3) and `\x` escapes inside are decoded; anything else is returned as is.
pub fn unquote(value: &str) -> String {
    let chars: Vec<char> = value.chars().collect();
    if chars.len() < 2 || chars[0] != '"' || chars[chars.len() - 1] != '"' {
        return value.to_owned();
    }
    let inner = &chars[1..chars.len() - 1];
    let mut out = String::with_capacity(inner.len());
    let mut i = 0;
    while i < inner.len() {
        if inner[i] == '\\' && i + 1 < inner.len() {
            let octal = inner.get(i + 1..i + 4).filter(|d| {
                ('0'..='3').contains(&d[0])
                    && ('0'..='7').contains(&d[1])
                    && ('0'..='7').contains(&d[2])
            });
            match octal {
                Some(digits) => {
                    let code = digits
                        .iter()
                        .fold(0u32, |n, d| n * 8 + (*d as u32 - '0' as u32));
                    out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
                    i += 4;
                }
                None => {
                    out.push(inner[i + 1]);
                    i += 2;
                }
            }
        } else {
            out.push(inner[i]);
            i += 1;
        }
    }
    out
}

/// Python's `str.isspace()` for one character (Rust's notion plus the four ASCII
/// information separators U+001C..U+001F, which Python also strips).
fn is_python_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// The request's cookies, in header order (a later duplicate replaces the value but keeps
/// the first position, as a Python dict does).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RequestCookies {
    pairs: Vec<(String, String)>,
}

impl RequestCookies {
    /// `request.COOKIES.get(name)`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// `name in request.COOKIES`.
    pub fn contains(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// All pairs in order.
    pub fn pairs(&self) -> &[(String, String)] {
        &self.pairs
    }

    fn insert(&mut self, name: String, value: String) {
        match self.pairs.iter_mut().find(|(k, _)| *k == name) {
            Some(slot) => slot.1 = value,
            None => self.pairs.push((name, value)),
        }
    }
}

/// The `Cookie` header as Django reads it from the WSGI environ
/// (`django/core/handlers/wsgi.py`, `get_str_from_wsgi`): the latin-1 text is encoded back to
/// bytes and decoded as UTF-8 with invalid bytes replaced by U+FFFD. So a lone `é` (byte
/// 0xE9) arrives as `\u{fffd}`, while the UTF-8 bytes a browser sends for `é` arrive as `é`.
/// Characters above U+00FF cannot be in a WSGI string; they are taken as the UTF-8 bytes a
/// browser would have sent for them.
pub fn wsgi_header_text(header: &str) -> String {
    let mut bytes = Vec::with_capacity(header.len());
    for c in header.chars() {
        match u8::try_from(u32::from(c)) {
            Ok(byte) => bytes.push(byte),
            Err(_) => bytes.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes()),
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// `django.http.cookie.parse_cookie(header)`: split on `;`, then on the first `=` (a chunk
/// without `=` is a value with an empty name), strip whitespace, skip empty pairs, `_unquote`
/// the value.
pub fn parse_cookie(header: &str) -> RequestCookies {
    let mut cookies = RequestCookies::default();
    for chunk in header.split(';') {
        let (name, value) = chunk.split_once('=').unwrap_or(("", chunk));
        let name = name.trim_matches(is_python_space);
        let value = value.trim_matches(is_python_space);
        if !name.is_empty() || !value.is_empty() {
            cookies.insert(name.to_owned(), unquote(value));
        }
    }
    cookies
}

/// `Morsel._reserved`: attribute names a cookie may not be called (case-insensitive).
const RESERVED: [&str; 9] = [
    "expires", "path", "comment", "domain", "max-age", "secure", "httponly", "version", "samesite",
];

/// One cookie of a response (`http.cookies.Morsel`), with the attributes Django sets.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Morsel {
    /// The name.
    pub key: String,
    /// The value as given.
    pub value: String,
    /// The value on the wire (`_quote(value)`).
    pub coded_value: String,
    /// `expires` (text), empty = unset.
    pub expires: String,
    /// `max-age`, `None` = unset.
    pub max_age: Option<i64>,
    /// `path`, empty = unset.
    pub path: String,
    /// `domain`, empty = unset.
    pub domain: String,
    /// `secure`.
    pub secure: bool,
    /// `httponly`.
    pub httponly: bool,
    /// `samesite`, empty = unset.
    pub samesite: String,
}

impl Morsel {
    /// `Morsel.set(key, val, coded_val)` through `SimpleCookie.__setitem__`: the name must be
    /// legal and not a reserved attribute name (`CookieError` otherwise).
    pub fn new(key: &str, value: &str) -> Result<Morsel, SessionError> {
        if RESERVED.iter().any(|r| r.eq_ignore_ascii_case(key)) {
            return Err(SessionError::CookieError(format!(
                "Attempt to set a reserved key {}",
                python_str_repr(key)
            )));
        }
        if !is_legal_key(key) {
            return Err(SessionError::CookieError(format!(
                "Illegal key {}",
                python_str_repr(key)
            )));
        }
        Ok(Morsel {
            key: key.to_owned(),
            value: value.to_owned(),
            coded_value: quote(value),
            ..Morsel::default()
        })
    }

    /// `Morsel.OutputString()`: `name=value`, then the non-empty attributes sorted by their
    /// lowercase names (`Domain`, `expires`, `HttpOnly`, `Max-Age`, `Path`, `SameSite`,
    /// `Secure`).
    pub fn output_string(&self) -> String {
        let mut parts = vec![format!("{}={}", self.key, self.coded_value)];
        if !self.domain.is_empty() {
            parts.push(format!("Domain={}", self.domain));
        }
        if !self.expires.is_empty() {
            parts.push(format!("expires={}", self.expires));
        }
        if self.httponly {
            parts.push("HttpOnly".to_owned());
        }
        if let Some(age) = self.max_age {
            parts.push(format!("Max-Age={age}"));
        }
        if !self.path.is_empty() {
            parts.push(format!("Path={}", self.path));
        }
        if !self.samesite.is_empty() {
            parts.push(format!("SameSite={}", self.samesite));
        }
        if self.secure {
            parts.push("Secure".to_owned());
        }
        parts.join("; ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_and_unquote_like_python() {
        assert_eq!(quote("sess0001"), "sess0001");
        assert_eq!(quote(""), "\"\"");
        assert_eq!(quote("a,b"), "\"a\\054b\"");
        assert_eq!(quote("a b\"c\\"), "\"a b\\\"c\\\\\"");
        assert_eq!(quote("é"), "\"\\351\"");
        assert_eq!(quote("€"), "\"€\"");
        assert_eq!(unquote("\"quoted\\054value\""), "quoted,value");
        assert_eq!(unquote("\"a\\\"b\""), "a\"b");
        assert_eq!(unquote("plain"), "plain");
        assert_eq!(unquote("\""), "\"");
        assert_eq!(unquote("\"\\477\""), "\\477".replace('\\', ""));
    }

    #[test]
    fn wsgi_text_is_latin1_bytes_read_as_utf8() {
        assert_eq!(wsgi_header_text("a=1"), "a=1");
        assert_eq!(wsgi_header_text("a=\u{e9}"), "a=\u{fffd}");
        assert_eq!(wsgi_header_text("a=\u{c3}\u{a9}"), "a=\u{e9}");
        assert_eq!(wsgi_header_text("a=\u{20ac}"), "a=\u{20ac}");
    }

    #[test]
    fn parse_cookie_like_django() {
        let cookies = parse_cookie("a=1; b=\"x\\054y\"; junk; a=2;  =  ; c=d=e");
        assert_eq!(
            cookies.pairs(),
            [
                ("a".to_owned(), "2".to_owned()),
                ("b".to_owned(), "x,y".to_owned()),
                (String::new(), "junk".to_owned()),
                ("c".to_owned(), "d=e".to_owned()),
            ]
        );
    }

    #[test]
    fn output_string_sorts_attributes() {
        let mut morsel = Morsel::new("sessionid", "abc").unwrap();
        morsel.expires = "Tue, 28 Nov 2023 22:13:20 GMT".to_owned();
        morsel.max_age = Some(1_209_600);
        morsel.path = "/".to_owned();
        morsel.httponly = true;
        morsel.samesite = "Lax".to_owned();
        morsel.domain = ".example.com".to_owned();
        morsel.secure = true;
        assert_eq!(
            morsel.output_string(),
            "sessionid=abc; Domain=.example.com; expires=Tue, 28 Nov 2023 22:13:20 GMT; HttpOnly; Max-Age=1209600; Path=/; SameSite=Lax; Secure"
        );
        assert!(Morsel::new("Path", "x").is_err());
        assert!(Morsel::new("bad name", "x").is_err());
    }
}
