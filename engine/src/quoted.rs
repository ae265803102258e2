//! Text quoted for messages, as Rust's `{:?}` quotes it: the page's sentences name cookies,
//! keys and values this way (`the cookie "sessionid"`). Rust's own `Debug` for `str` and `char`
//! also escapes every character Unicode calls unprintable or a grapheme extender, which brings
//! core's Unicode tables (several kilobytes of static data) into the page's first visit; these
//! messages escape only what makes the quoted text ambiguous or invisible.

use std::fmt;

/// `{:?}` of a `Quoted` writes its text in double quotes (a `char` in single quotes) with
/// `\\`, the quote, `\0`, `\t`, `\r`, `\n` and the other control characters escaped as
/// `{:?}` does (`\u{1b}`); every other character is written as it is.
#[derive(Clone, Copy)]
pub struct Quoted<'a>(pub &'a str);

impl fmt::Debug for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_quoted(f, self.0, '"')
    }
}

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_quoted(f, self.0, '"')
    }
}

/// A `char` quoted as `{:?}` quotes it (`'x'`), with [`Quoted`]'s escapes.
#[derive(Clone, Copy)]
pub struct QuotedChar(pub char);

impl fmt::Debug for QuotedChar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut buffer = [0; 4];
        write_quoted(f, self.0.encode_utf8(&mut buffer), '\'')
    }
}

fn write_quoted(f: &mut fmt::Formatter<'_>, text: &str, quote: char) -> fmt::Result {
    use fmt::Write;
    f.write_char(quote)?;
    let mut plain_from = 0;
    for (at, c) in text.char_indices() {
        let escape = match c {
            '\\' => Some("\\\\"),
            '\0' => Some("\\0"),
            '\t' => Some("\\t"),
            '\r' => Some("\\r"),
            '\n' => Some("\\n"),
            '"' if quote == '"' => Some("\\\""),
            '\'' if quote == '\'' => Some("\\'"),
            _ => None,
        };
        if escape.is_none() && !c.is_control() {
            continue;
        }
        f.write_str(&text[plain_from..at])?;
        match escape {
            Some(escape) => f.write_str(escape)?,
            None => write!(f, "\\u{{{:x}}}", c as u32)?,
        }
        plain_from = at + c.len_utf8();
    }
    f.write_str(&text[plain_from..])?;
    f.write_char(quote)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printable_text_is_quoted_as_debug_quotes_it() {
        for text in [
            "sessionid",
            "",
            "a \"b\" \\ c",
            "tab\tnew\nline\r\0",
            "\u{1b}[0m\u{7f}",
            "it's",
            "caf\u{e9} \u{1f36a}",
        ] {
            assert_eq!(format!("{:?}", Quoted(text)), format!("{text:?}"), "{text}");
        }
    }

    #[test]
    fn chars_are_quoted_as_debug_quotes_them() {
        for c in ['a', '\'', '"', '\\', '\n', '\u{1}', '\u{e9}'] {
            assert_eq!(format!("{:?}", QuotedChar(c)), format!("{c:?}"), "{c}");
        }
    }

    #[test]
    fn unprintable_unicode_is_written_as_it_is() {
        // Rust's {:?} writes "\u{301}" for a combining accent; the messages keep the character.
        assert_eq!(format!("{:?}", Quoted("e\u{301}")), "\"e\u{301}\"");
    }
}
