//! What people paste into the decoder: a `Cookie:` or `Set-Cookie:` line, `name=value`, a
//! quoted value. Finds the signed value in it and says what was removed.

use sessionscope_engine::quoted::Quoted;

/// Extracts the value from what was pasted: a `Cookie:` or `Set-Cookie:` header, `name=value`,
/// a quoted value. Returns the value and a note on what was removed.
pub(super) fn clean(raw: &str) -> Option<(String, Option<String>)> {
    let mut text = raw.trim();
    let mut removed = Vec::new();
    for header in ["set-cookie:", "cookie:"] {
        if let Some(prefix) = text.get(..header.len()) {
            if prefix.eq_ignore_ascii_case(header) {
                removed.push(format!(
                    "the {:?} header name",
                    Quoted(&prefix[..prefix.len() - 1])
                ));
                text = text[header.len()..].trim();
                break;
            }
        }
    }
    if text.contains(';') {
        let pieces: Vec<&str> = text.split(';').map(str::trim).collect();
        let chosen = pieces
            .iter()
            .find(|p| p.contains(':'))
            .or_else(|| pieces.first())
            .copied()
            .unwrap_or_default();
        removed.push("the other cookies or attributes after ;".to_owned());
        text = chosen;
    }
    if let Some((name, value)) = text.split_once('=') {
        let name_like = !name.is_empty() && !name.contains(':') && !name.contains(' ');
        if name_like {
            removed.push(format!("the cookie name {name:?}", name = Quoted(name),));
            text = value.trim();
        }
    }
    if text.len() >= 2 && text.starts_with('"') && text.ends_with('"') {
        removed.push("the quotes".to_owned());
        text = &text[1..text.len() - 1];
    }
    if text.is_empty() {
        return None;
    }
    let note = (!removed.is_empty()).then(|| format!("Removed {}.", removed.join(", ")));
    Some((text.to_owned(), note))
}
