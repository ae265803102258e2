//! The leaf every part of the rendering uses: HTML escaping (every byte of the engine's output
//! that lands in the page goes through here, so a cookie value, SQL text or session data shows
//! as the characters it is, never as markup) and the size label.

/// `text` with `&`, `<`, `>`, `"` and `'` replaced by their character references (Python's
/// `html.escape(text, quote=True)`): safe in element content and in quoted attributes.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for character in text.chars() {
        match character {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            other => out.push(other),
        }
    }
    out
}

/// `N bytes`, as the stage labels an envelope: the UTF-8 length of the exact text.
pub fn size_html(bytes: usize) -> String {
    format!(
        "<span class=\"ss-size\">{bytes} byte{}</span>",
        if bytes == 1 { "" } else { "s" }
    )
}

/// The size of a header's value, and of its whole line (`Name: value`), as the stage's envelope
/// and the captions count them.
pub fn header_size_html(name: &str, value: &str) -> String {
    let line = name.len() + 2 + value.len();
    format!(
        "<span class=\"ss-size\">{} byte{} (the whole <code>{name}</code> line: {line})</span>",
        value.len(),
        if value.len() == 1 { "" } else { "s" }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_characters_become_references_and_the_rest_stays() {
        assert_eq!(
            escape_html(r#"<a href="x">'&'</a> é €"#),
            "&lt;a href=&quot;x&quot;&gt;&#x27;&amp;&#x27;&lt;/a&gt; é €"
        );
        assert_eq!(
            escape_html("sessionid=abc; Path=/"),
            "sessionid=abc; Path=/"
        );
    }
}
