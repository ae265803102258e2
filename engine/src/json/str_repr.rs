//! `repr()` of a Python `str` (CPython's `unicode_repr`, `Objects/unicodeobject.c`): how
//! Python prints a string inside an exception message (`KeyError: 'cart'`, `CookieError:
//! Illegal key 'my session'`) or a container.

/// `repr(text)`: single quotes, or double quotes when the text holds a `'` and no `"`; `\\`,
/// the quote, `\n`, `\r` and `\t` escaped; other unprintable characters as `\xNN`, `\uNNNN`
/// or `\UNNNNNNNN`; printable non-ASCII characters kept.
pub fn python_str_repr(text: &str) -> String {
    let quote = if text.contains('\'') && !text.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(text.len() + 2);
    out.push(quote);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if !is_printable(c) => {
                let code = u32::from(c);
                if code <= 0xff {
                    out.push_str(&format!("\\x{code:02x}"));
                } else if code <= 0xffff {
                    out.push_str(&format!("\\u{code:04x}"));
                } else {
                    out.push_str(&format!("\\U{code:08x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// `str.isprintable()` for one character, closely enough: control and format characters and
/// separators other than the space are not printable.
fn is_printable(c: char) -> bool {
    let format_character = matches!(
        c,
        '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2060}'..='\u{2064}' | '\u{feff}'
    );
    !(c.is_control() || (c.is_whitespace() && c != ' ') || format_character)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_and_escapes_as_python() {
        // python3 -c "print(repr('cart'), repr(\"it's\"), repr('a\"b\\'c'), repr('é\n\x00\xa0'))"
        assert_eq!(python_str_repr("cart"), "'cart'");
        assert_eq!(python_str_repr("it's"), "\"it's\"");
        assert_eq!(python_str_repr("a\"b'c"), "'a\"b\\'c'");
        assert_eq!(python_str_repr("é\n\0\u{a0}"), "'é\\n\\x00\\xa0'");
        assert_eq!(python_str_repr("a\\b"), "'a\\\\b'");
        assert_eq!(python_str_repr("\u{2028}"), "'\\u2028'");
    }
}
