//! The cookies of a `curl` command line, as a browser's "Copy as cURL" writes it: the words
//! split as a POSIX shell splits them (single quotes, double quotes, backslashes, `$'…'`,
//! line continuations), then `-H 'Cookie: …'` / `--header` and `-b` / `--cookie`.

use crate::quoted::Quoted;

/// The words of a shell command line.
pub fn shell_words(line: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(c) => word.push(c),
                        None => return Err("a single quote is not closed".to_owned()),
                    }
                }
            }
            '$' if chars.peek() == Some(&'\'') => {
                chars.next();
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some('\\') => match chars.next() {
                            Some('n') => word.push('\n'),
                            Some('t') => word.push('\t'),
                            Some(c) => word.push(c),
                            None => return Err("a $'…' string is not closed".to_owned()),
                        },
                        Some(c) => word.push(c),
                        None => return Err("a $'…' string is not closed".to_owned()),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(c @ ('"' | '\\' | '$' | '`')) => word.push(c),
                            Some('\n') => {}
                            Some(c) => {
                                word.push('\\');
                                word.push(c);
                            }
                            None => return Err("a double quote is not closed".to_owned()),
                        },
                        Some(c) => word.push(c),
                        None => return Err("a double quote is not closed".to_owned()),
                    }
                }
            }
            '\\' => match chars.next() {
                Some('\n') | Some('\r') | None => {}
                Some(c) => {
                    in_word = true;
                    word.push(c);
                }
            },
            // Windows' "Copy as cURL (cmd)" ends lines with ^.
            '^' if matches!(chars.peek(), Some('\n') | Some('\r')) => {}
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            c => {
                in_word = true;
                word.push(c);
            }
        }
    }
    if in_word {
        words.push(word);
    }
    Ok(words)
}

/// The `Cookie` header text a curl command sends (every `-H 'Cookie: …'` and `-b 'a=b'`,
/// joined as curl joins them with `; `), or why there is none.
pub fn cookie_header(line: &str) -> Result<String, String> {
    let words = shell_words(line)?;
    let mut sent = Vec::new();
    let mut words = words.iter().skip(1);
    while let Some(word) = words.next() {
        let (option, inline) = match word.split_once('=') {
            Some((option, value)) if option.starts_with("--") => (option, Some(value.to_owned())),
            _ => (word.as_str(), None),
        };
        let mut value = || inline.clone().or_else(|| words.next().cloned());
        match option {
            "-H" | "--header" => {
                let Some(header) = value() else { continue };
                if let Some((name, text)) = header.split_once(':') {
                    if name.trim().eq_ignore_ascii_case("cookie") {
                        sent.push(text.trim().to_owned());
                    }
                }
            }
            "-b" | "--cookie" => {
                let Some(text) = value() else { continue };
                if !text.contains('=') {
                    return Err(format!(
                        "the curl command reads its cookies from the file {text:?} (-b FILE): \
                         paste the file's cookie or the Cookie header instead",
                        text = Quoted(&text),
                    ));
                }
                sent.push(text.trim().to_owned());
            }
            _ => {
                if let Some(rest) = option.strip_prefix("-H").filter(|r| !r.is_empty()) {
                    if let Some((name, text)) = rest.split_once(':') {
                        if name.trim().eq_ignore_ascii_case("cookie") {
                            sent.push(text.trim().to_owned());
                        }
                    }
                } else if let Some(rest) = option.strip_prefix("-b").filter(|r| r.contains('=')) {
                    sent.push(rest.trim().to_owned());
                }
            }
        }
    }
    if sent.is_empty() {
        return Err(
            "the curl command sends no cookie (no -H 'Cookie: …' and no -b 'name=value')"
                .to_owned(),
        );
    }
    Ok(sent.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chrome_s_copy_as_curl() {
        let line = "curl 'https://shop.example/cart/' \\\n  -H 'accept: text/html' \\\n  -b 'csrftoken=abc; sessionid=eyJhIjoxfQ:1v6mOm:sig' \\\n  -H 'user-agent: Mozilla/5.0'";
        assert_eq!(
            cookie_header(line).unwrap(),
            "csrftoken=abc; sessionid=eyJhIjoxfQ:1v6mOm:sig"
        );
    }

    #[test]
    fn headers_in_double_quotes_and_dollar_strings() {
        let line = r#"curl "https://x/" -H "Cookie: sessionid=\"q:1:s\"" --header=$'cookie: a=1'"#;
        assert_eq!(cookie_header(line).unwrap(), "sessionid=\"q:1:s\"; a=1");
    }

    #[test]
    fn no_cookie_or_a_cookie_file_is_said() {
        assert!(cookie_header("curl https://x/")
            .unwrap_err()
            .contains("no cookie"));
        assert!(cookie_header("curl -b jar.txt https://x/")
            .unwrap_err()
            .contains("jar.txt"));
        assert!(shell_words("curl 'open").is_err());
    }
}
