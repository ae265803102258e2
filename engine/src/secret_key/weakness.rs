//! Whether a `SECRET_KEY` is weak: Django's own deploy check, and two signs it does not make.
//!
//! Django's check is `security.W009` (`SECRET_KEY`; `security.W025` for each of
//! `SECRET_KEY_FALLBACKS`), run by `manage.py check --deploy`:
//! `django/core/checks/security/base.py`, `_check_secret_key` accepts a key only when it has at
//! least `SECRET_KEY_MIN_LENGTH` (50) characters, at least `SECRET_KEY_MIN_UNIQUE_CHARACTERS`
//! (5) different characters, and does not start with `SECRET_KEY_INSECURE_PREFIX`
//! (`"django-insecure-"`). That prefix is what `startproject` writes into `settings.py`
//! (`django/core/management/commands/startproject.py`: `SECRET_KEY_INSECURE_PREFIX +
//! get_random_secret_key()`, where `django/core/management/utils.py`'s
//! `get_random_secret_key` is 50 characters from
//! `abcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*(-_=+)`; since Django 3.2). Django counts
//! characters as Python does, code points, not bytes.
//!
//! Low variety is this project's own rule, beyond Django's: a key of fewer than
//! [`MIN_VARIED_CHARACTERS`] different characters, a key that repeats a shorter run of
//! characters, or one whose characters carry under [`MIN_ESTIMATED_BITS`] bits by their
//! frequencies (Shannon's estimate, the most a key drawn that way could hold) passes W009's
//! counts but is guessable; it is looked for only in keys that pass them.

use crate::quoted::Quoted;

/// `SECRET_KEY_INSECURE_PREFIX` (`django/core/checks/security/base.py`).
pub const INSECURE_PREFIX: &str = "django-insecure-";
/// `SECRET_KEY_MIN_LENGTH`.
pub const MIN_LENGTH: usize = 50;
/// `SECRET_KEY_MIN_UNIQUE_CHARACTERS`.
pub const MIN_UNIQUE_CHARACTERS: usize = 5;
/// Fewer different characters than this is low variety (this project's rule).
pub const MIN_VARIED_CHARACTERS: usize = 10;
/// A key whose character frequencies give fewer bits than this is low variety (this
/// project's rule; `get_random_secret_key` gives about 280).
pub const MIN_ESTIMATED_BITS: f64 = 128.0;

/// One thing wrong with a key.
#[derive(Clone, Debug, PartialEq)]
pub enum KeyWeakness {
    /// Starts with `django-insecure-`: the key `startproject` wrote, meant for development
    /// (W009 fails it however random the rest is).
    InsecurePrefix,
    /// Fewer than 50 characters (W009).
    TooShort {
        /// Its length in characters.
        characters: usize,
    },
    /// Fewer than 5 different characters (W009).
    TooFewUnique {
        /// How many different characters.
        unique: usize,
    },
    /// Passes W009's counts but is guessable (this project's rule).
    LowVariety {
        /// Why: "only 7 different characters", "\"abc\" repeated", "about 96 bits by its
        /// character frequencies".
        reason: String,
    },
}

impl KeyWeakness {
    /// Whether Django's `check --deploy` reports it (W009 for `SECRET_KEY`).
    pub fn is_djangos_check(&self) -> bool {
        !matches!(self, KeyWeakness::LowVariety { .. })
    }

    /// One phrase for a Django developer, naming Django's check when it is one (the page
    /// shows it by the key field, so it is short).
    pub fn sentence(&self) -> String {
        match self {
            KeyWeakness::InsecurePrefix => format!(
                "starts with \"{INSECURE_PREFIX}\": startproject's development key (security.W009)"
            ),
            KeyWeakness::TooShort { characters } => {
                format!("{characters} characters, under {MIN_LENGTH} (security.W009)")
            }
            KeyWeakness::TooFewUnique { unique } => format!(
                "{unique} different characters, under {MIN_UNIQUE_CHARACTERS} (security.W009)"
            ),
            KeyWeakness::LowVariety { reason } => format!("low variety: {reason}"),
        }
    }
}

/// Everything weak about `key`, Django's W009 reasons first (empty: none found).
pub fn key_weaknesses(key: &str) -> Vec<KeyWeakness> {
    let characters = key.chars().count();
    let unique = unique_characters(key);
    let mut found = Vec::new();
    if key.starts_with(INSECURE_PREFIX) {
        found.push(KeyWeakness::InsecurePrefix);
    }
    if characters < MIN_LENGTH {
        found.push(KeyWeakness::TooShort { characters });
    }
    if unique < MIN_UNIQUE_CHARACTERS {
        found.push(KeyWeakness::TooFewUnique { unique });
    }
    if characters < MIN_LENGTH || unique < MIN_UNIQUE_CHARACTERS {
        return found;
    }
    let reason = if let Some(unit) = repeated_unit(key) {
        Some(format!("{unit:?} repeated", unit = Quoted(unit),))
    } else if unique < MIN_VARIED_CHARACTERS {
        Some(format!("only {unique} different characters"))
    } else {
        let bits = estimated_bits(key);
        (bits < MIN_ESTIMATED_BITS).then(|| {
            format!(
                "about {bits:.0} bits by its character frequencies, under {MIN_ESTIMATED_BITS:.0}"
            )
        })
    };
    if let Some(reason) = reason {
        found.push(KeyWeakness::LowVariety { reason });
    }
    found
}

/// `len(set(key))`.
fn unique_characters(key: &str) -> usize {
    let mut seen: Vec<char> = key.chars().collect();
    seen.sort_unstable();
    seen.dedup();
    seen.len()
}

/// The shortest run of characters that `key` is two or more copies of.
fn repeated_unit(key: &str) -> Option<&str> {
    let chars: Vec<(usize, char)> = key.char_indices().collect();
    let n = chars.len();
    (1..=n / 2)
        .filter(|&unit| n.is_multiple_of(unit))
        .find(|&unit| (unit..n).all(|i| chars[i].1 == chars[i - unit].1))
        .map(|unit| &key[..chars[unit].0])
}

/// Length × the Shannon entropy of the key's character frequencies, in bits.
fn estimated_bits(key: &str) -> f64 {
    let mut counts: Vec<(char, usize)> = Vec::new();
    for c in key.chars() {
        match counts.iter_mut().find(|(seen, _)| *seen == c) {
            Some((_, count)) => *count += 1,
            None => counts.push((c, 1)),
        }
    }
    let total = key.chars().count() as f64;
    let per_character: f64 = counts
        .iter()
        .map(|&(_, count)| {
            let p = count as f64 / total;
            -p * p.log2()
        })
        .sum();
    per_character * total
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `startproject` wrote for a project (Django 5.2, `django-admin startproject`).
    const STARTPROJECT_KEY: &str =
        "django-insecure-8l)z3#m@y4w!e0b$p^q5r_c=&k9v+x(t2s-u7h1n6j*f-a0g$o%d";
    /// `get_random_secret_key()` without the prefix: what Django tells you to deploy.
    const RANDOM_KEY: &str = "8l)z3#m@y4w!e0b$p^q5r_c=&k9v+x(t2s-u7h1n6j*f-a0g$o";

    #[test]
    fn djangos_own_random_key_passes_and_its_insecure_kind_does_not() {
        assert_eq!(RANDOM_KEY.chars().count(), 50);
        assert_eq!(key_weaknesses(RANDOM_KEY), []);
        assert_eq!(
            key_weaknesses(STARTPROJECT_KEY),
            [KeyWeakness::InsecurePrefix]
        );
        assert!(KeyWeakness::InsecurePrefix.sentence().contains("W009"));
    }

    #[test]
    fn w009_counts_characters_not_bytes_and_unique_ones() {
        // 49 characters: one short.
        let short = &RANDOM_KEY[..49];
        assert_eq!(
            key_weaknesses(short),
            [KeyWeakness::TooShort { characters: 49 }]
        );
        // 50 characters of which some take two bytes in UTF-8: long enough for Django.
        let accented = format!("{}éé", &RANDOM_KEY[..48]);
        assert_eq!(accented.chars().count(), 50);
        assert_eq!(key_weaknesses(&accented), []);
        let four = "abcd".repeat(13);
        assert_eq!(
            key_weaknesses(&four),
            [KeyWeakness::TooFewUnique { unique: 4 }]
        );
        assert_eq!(
            key_weaknesses("secret"),
            [KeyWeakness::TooShort { characters: 6 }]
        );
        assert!(key_weaknesses("").contains(&KeyWeakness::TooFewUnique { unique: 0 }));
    }

    #[test]
    fn regular_keys_that_pass_w009_are_low_variety() {
        let repeated = "abcdef".repeat(10);
        assert!(matches!(
            key_weaknesses(&repeated).as_slice(),
            [KeyWeakness::LowVariety { reason }] if reason == "\"abcdef\" repeated"
        ));
        let few = "abcdefgh".repeat(7);
        assert!(few.len() >= 50);
        let few = format!("{few}a");
        assert!(matches!(
            key_weaknesses(&few).as_slice(),
            [KeyWeakness::LowVariety { reason }] if reason == "only 8 different characters"
        ));
        // 10+ different characters but almost all one: few bits.
        let lopsided = format!("{}0123456789", "x".repeat(60));
        assert!(matches!(
            key_weaknesses(&lopsided).as_slice(),
            [KeyWeakness::LowVariety { reason }] if reason.starts_with("about ")
        ));
        assert!(!KeyWeakness::LowVariety {
            reason: String::new()
        }
        .is_djangos_check());
        // 64 hex digits (secrets.token_hex(32)): 16 different characters, fine.
        let hex = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        assert_eq!(key_weaknesses(hex), []);
    }
}
