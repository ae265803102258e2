//! The weak-key warnings every command that takes `--key` prints on standard error (never on
//! standard output, whose format scripts read).

use sessionscope_engine::secret_key::key_weaknesses;

/// One warning line per weakness of each key given: the first `--key` is `SECRET_KEY`
/// (Django's check `security.W009`), the others `SECRET_KEY_FALLBACKS` (`security.W025`).
pub fn weak_key_warnings(keys: &[&str]) -> Vec<String> {
    keys.iter()
        .enumerate()
        .flat_map(|(index, key)| {
            let name = match index {
                0 => "SECRET_KEY (the first --key)".to_owned(),
                n => format!("SECRET_KEY_FALLBACKS[{}] (--key number {})", n - 1, n + 1),
            };
            key_weaknesses(key).into_iter().map(move |weakness| {
                let sentence = weakness.sentence();
                let sentence = if index > 0 {
                    sentence.replace("security.W009", "security.W025")
                } else {
                    sentence
                };
                format!("warning: {name} is weak: {sentence}")
            })
        })
        .collect()
}

/// Prints [`weak_key_warnings`] on standard error, each prefixed with the command's name.
pub fn print_weak_key_warnings(command: &str, keys: &[&str]) {
    for warning in weak_key_warnings(keys) {
        eprintln!("sessionscope {command}: {warning}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_key_is_named_as_settings_py_names_it() {
        let warnings = weak_key_warnings(&[
            "django-insecure-8l)z3#m@y4w!e0b$p^q5r_c=&k9v+x(t2s-u7h1n6j*f-a0g$o%d",
            "8l)z3#m@y4w!e0b$p^q5r_c=&k9v+x(t2s-u7h1n6j*f-a0g$o",
            "short",
        ]);
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(warnings[0].starts_with(
            "warning: SECRET_KEY (the first --key) is weak: starts with \"django-insecure-\""
        ));
        assert!(warnings[0].contains("W009"));
        assert!(warnings[1].starts_with(
            "warning: SECRET_KEY_FALLBACKS[1] (--key number 3) is weak: 5 characters, under 50"
        ));
        assert!(warnings[1].contains("W025"));
    }
}
