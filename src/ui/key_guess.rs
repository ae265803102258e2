//! "Is the key weak?" in the decoder: the weak-key warning shown by the `SECRET_KEY` field and
//! "try a list of common keys", the engine's [`GuessTarget`] run over a word list a slice at a
//! time so the page keeps painting (the same way the decoder's signature checks run:
//! `decoder::checks`), with progress and Cancel. Nothing leaves the page: the built-in list is
//! fetched from the page's own origin and a chosen file is read in the browser.

use sessionscope_engine::decoder::KNOWN_SALTS;
use sessionscope_engine::quoted::Quoted;
use sessionscope_engine::secret_key::{
    key_weaknesses, line_count, piece_end, FoundKey, GuessTarget,
};

use crate::ui::decoder::{DecoderInput, SaltChoice};
use crate::ui::limits::thousands;

/// Where the built-in list is, next to the page (`static/common-secret-keys.txt`, copied by
/// Trunk): fetched when first asked for, never by the first visit.
pub const BUILT_IN_LIST_URL: &str = "common-secret-keys.txt";

/// The largest list the page reads (a chosen file); bigger lists are for `sessionscope
/// guess-key`, which streams them.
pub const MAX_LIST_BYTES: usize = 64 * 1024 * 1024;

/// Why a list over [`MAX_LIST_BYTES`] is not read.
pub fn too_big(name: &str) -> String {
    format!("{name} is over 64 MB: use sessionscope guess-key.")
}

/// How many bytes of the list each step of a slice checks (about 80 keys of 50 characters).
const STEP_BYTES: usize = 4 * 1024;

/// The sentences of the warning by the `SECRET_KEY` field (empty: nothing weak found).
pub fn weak_key_sentences(key: &str) -> Vec<String> {
    if key.is_empty() {
        return Vec::new();
    }
    key_weaknesses(key).iter().map(|w| w.sentence()).collect()
}

/// The salts the decoder's form asks for: the one chosen, or Django's in turn.
pub fn salts_for(input: &DecoderInput) -> Vec<String> {
    match &input.salt {
        SaltChoice::TryDjangos => KNOWN_SALTS.iter().map(|k| k.salt.to_owned()).collect(),
        SaltChoice::Known(salt) => vec![(*salt).to_owned()],
        SaltChoice::Custom => vec![input.custom_salt.clone()],
    }
}

/// A word list: where it came from and its bytes.
#[derive(Clone, Debug, PartialEq)]
pub struct KeyList {
    /// "the built-in list", "keys.txt", "the pasted keys".
    pub name: String,
    pub text: Vec<u8>,
}

/// A search of one list for the key that signed one value, under way or done.
#[derive(Clone, Debug)]
pub struct KeyGuess {
    target: GuessTarget,
    list: KeyList,
    position: usize,
    next_line: u64,
    lines: u64,
    tried: u64,
    found: Option<FoundKey>,
}

impl KeyGuess {
    /// Ready to search `list` for the key of `value` with `salts`; or why it cannot be.
    pub fn new(value: &str, salts: &[String], list: KeyList) -> Result<KeyGuess, String> {
        if value.trim().is_empty() {
            return Err("Paste a signed value above first.".to_owned());
        }
        if list.text.len() > MAX_LIST_BYTES {
            return Err(too_big(&list.name));
        }
        // The decoder's result says what the value is; the reasons (`GuessError`) stay out of
        // the page's static data.
        let target = GuessTarget::new(value, salts)
            .map_err(|_| "This value has no SHA-256 signature to try keys on.".to_owned())?;
        let lines = line_count(&list.text);
        if lines == 0 {
            return Err("The list holds no keys.".to_owned());
        }
        Ok(KeyGuess {
            target,
            list,
            position: 0,
            next_line: 1,
            lines,
            tried: 0,
            found: None,
        })
    }

    /// Checks keys until the list ends, the key is found or `keep_going` says stop (asked
    /// between steps of about 80 keys). Whether the search is over.
    pub fn run_slice(&mut self, mut keep_going: impl FnMut() -> bool) -> bool {
        while !self.is_done() {
            let rest = &self.list.text[self.position..];
            let end = piece_end(rest, STEP_BYTES, true).unwrap_or(rest.len());
            let piece = &rest[..end];
            let outcome = self.target.check_lines(piece, self.next_line);
            self.tried += outcome.tried;
            self.next_line += line_count(piece);
            self.position += end;
            self.found = outcome.found;
            if !keep_going() {
                break;
            }
        }
        self.is_done()
    }

    /// The key was found or every line was tried.
    pub fn is_done(&self) -> bool {
        self.found.is_some() || self.position >= self.list.text.len()
    }

    /// The key, once found.
    pub fn found(&self) -> Option<&FoundKey> {
        self.found.as_ref()
    }

    /// "Trying keys… 1,200 tried: line 1,180 of 5,000 of keys.txt (24%)".
    pub fn progress_words(&self) -> String {
        let done = (self.next_line - 1).min(self.lines);
        format!(
            "Trying keys… {} tried: line {} of {} of {} ({}%)",
            thousands(self.tried as usize),
            thousands(done as usize),
            thousands(self.lines as usize),
            self.list.name,
            done * 100 / self.lines
        )
    }

    /// What the search found, in a sentence, once done; how far it got when cancelled.
    pub fn outcome_words(&self) -> String {
        match &self.found {
            Some(found) => {
                let trimmed = if found.without_trailing_space {
                    " (without the line's trailing spaces)"
                } else {
                    ""
                };
                format!(
                    "Found on line {} of {}: {:?}, salt {:?}{trimmed}. Anyone with the list can \
                     forge your sessions: set a new SECRET_KEY.",
                    thousands(found.line as usize),
                    self.list.name,
                    Quoted(&found.key),
                    Quoted(&found.salt)
                )
            }
            None if self.is_done() => format!(
                "None of the {} keys of {} signs this value.",
                thousands(self.tried as usize),
                self.list.name
            ),
            None => format!(
                "Cancelled after {} keys, at line {} of {}.",
                thousands(self.tried as usize),
                thousands((self.next_line - 1) as usize),
                thousands(self.lines as usize),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sessionscope_engine::json::Value;
    use sessionscope_engine::session::{DEFAULT_SECRET_KEY, SIGNED_COOKIE_SALT, STORE_SALT};
    use sessionscope_engine::signing::dumps;

    const BUILT_IN: &str = include_str!("../../static/common-secret-keys.txt");

    fn built_in() -> KeyList {
        KeyList {
            name: "the built-in list".into(),
            text: BUILT_IN.as_bytes().to_vec(),
        }
    }

    fn django_salts() -> Vec<String> {
        salts_for(&DecoderInput::default())
    }

    #[test]
    fn the_built_in_list_finds_a_startproject_key_from_it_in_slices() {
        let key = "django-insecure-change-this-later";
        let line = BUILT_IN.lines().position(|l| l == key).unwrap() as u64 + 1;
        let cookie = dumps(&Value::from("x"), key, STORE_SALT, true, 1.7e9);
        let mut guess = KeyGuess::new(&cookie, &django_salts(), built_in()).unwrap();
        let mut slices = 0;
        while !guess.run_slice(|| false) {
            slices += 1;
            assert!(guess.progress_words().starts_with("Trying keys… "));
        }
        assert!(
            slices < 3,
            "a 4 KiB step holds the whole built-in list's start"
        );
        let found = guess.found().unwrap();
        assert_eq!((found.line, found.key.as_str()), (line, key));
        assert_eq!(found.salt, STORE_SALT);
        assert!(guess.outcome_words().starts_with(&format!(
            "Found on line {line} of the built-in list: \"{key}\", salt"
        )));
    }

    #[test]
    fn a_long_list_goes_step_by_step_and_a_cancel_says_how_far_it_got() {
        let mut text = String::new();
        for i in 0..1000 {
            text += &format!("wrong-key-{i:04}-0123456789-0123456789-0123456789\n");
        }
        text += DEFAULT_SECRET_KEY;
        let cookie = dumps(
            &Value::from(1),
            DEFAULT_SECRET_KEY,
            SIGNED_COOKIE_SALT,
            true,
            1.7e9,
        );
        let list = KeyList {
            name: "keys.txt".into(),
            text: text.into_bytes(),
        };
        let mut guess = KeyGuess::new(&cookie, &django_salts(), list.clone()).unwrap();
        assert!(!guess.run_slice(|| false));
        assert!(guess.progress_words().contains("of 1,001 of keys.txt"));
        assert!(
            guess
                .outcome_words()
                .starts_with("Cancelled after 85 keys, at line 85 of 1,001."),
            "{}",
            guess.outcome_words()
        );
        let mut whole = KeyGuess::new(&cookie, &django_salts(), list).unwrap();
        assert!(whole.run_slice(|| true));
        assert_eq!(whole.found().map(|f| f.line), Some(1001));
    }

    #[test]
    fn a_list_without_the_key_and_values_that_cannot_be_checked_say_so() {
        let cookie = dumps(
            &Value::from(1),
            "a-key-no-list-has",
            SIGNED_COOKIE_SALT,
            true,
            1.7e9,
        );
        let mut guess = KeyGuess::new(&cookie, &django_salts(), built_in()).unwrap();
        assert!(guess.run_slice(|| true));
        let keys = BUILT_IN.lines().count();
        assert_eq!(
            guess.outcome_words(),
            format!("None of the {keys} keys of the built-in list signs this value.")
        );
        let refuse =
            |value: &str, list: KeyList| KeyGuess::new(value, &django_salts(), list).unwrap_err();
        assert_eq!(refuse(" ", built_in()), "Paste a signed value above first.");
        assert_eq!(
            refuse("abcdefghijklmnopqrstuvwxyz012345", built_in()),
            "This value has no SHA-256 signature to try keys on."
        );
        let empty = KeyList {
            name: "the pasted keys".into(),
            text: b"\n\n".to_vec(),
        };
        assert_eq!(line_count(&empty.text), 2);
        let none = KeyList {
            name: "the pasted keys".into(),
            text: Vec::new(),
        };
        assert_eq!(refuse(&cookie, none), "The list holds no keys.");
    }

    #[test]
    fn the_warning_names_djangos_check_and_the_salts_follow_the_form() {
        assert!(weak_key_sentences("").is_empty());
        let startproject = weak_key_sentences(
            "django-insecure-8l)z3#m@y4w!e0b$p^q5r_c=&k9v+x(t2s-u7h1n6j*f-a0g$o%d",
        );
        assert_eq!(startproject.len(), 1);
        assert!(startproject[0].contains("startproject"));
        assert!(weak_key_sentences(DEFAULT_SECRET_KEY).is_empty());
        let input = DecoderInput {
            salt: SaltChoice::Custom,
            custom_salt: "mine".into(),
            ..DecoderInput::default()
        };
        assert_eq!(salts_for(&input), ["mine"]);
        assert_eq!(django_salts().len(), 3);
    }
}
