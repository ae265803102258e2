//! Session-key generation. Django's `SessionBase._get_new_session_key()` loops on
//! `get_random_string(32, VALID_KEY_CHARS)` until `not self.exists(key)`; here the randomness
//! is replaced by an injected generator.

use std::collections::VecDeque;

use crate::splitmix::SplitMix64;

/// Django's `VALID_KEY_CHARS`.
const VALID_KEY_CHARS: &[u8; 36] = b"abcdefghijklmnopqrstuvwxyz0123456789";

/// Django's session key length.
const KEY_LENGTH: usize = 32;

/// The first `count` keys of the sequence seeded with `seed` ([`SplitMix64`]: plenty for keys
/// that only have to look random). They look like Django's `get_random_string(32,
/// VALID_KEY_CHARS)`, and the same seed draws the same keys again: the playground's scenarios,
/// their share links and `sessionscope render --key-seed` take their session keys from here
/// ([`crate::scenario::Scenario::fill_seeded_keys`]).
pub fn seeded_keys(seed: u64, count: usize) -> Vec<String> {
    let mut rng = SplitMix64(seed);
    (0..count).map(|_| next_seeded_key(&mut rng)).collect()
}

fn next_seeded_key(rng: &mut SplitMix64) -> String {
    (0..KEY_LENGTH)
        .map(|_| char::from(VALID_KEY_CHARS[rng.below(VALID_KEY_CHARS.len())]))
        .collect()
}

/// Where new session keys come from (Django: `base.get_random_string`).
pub trait SessionKeyGenerator {
    /// The next candidate key. Every call counts, even if the caller then rejects the key.
    fn next_key(&mut self) -> String;
}

/// The conformance harness's generator (the conformance README, "Session keys"): first the
/// preset keys, in order, one per call; once they are used up, the n-th *generated* key
/// (n = 1, 2, …) is `"sess" + n` zero-padded to 28 digits. n counts only the calls made after
/// the preset keys ran out, so the first generated key is always `sess…0001`; a call whose
/// key is then rejected because it `exists()` still counts.
#[derive(Clone, Debug, Default)]
pub struct SequentialKeys {
    preset: VecDeque<String>,
    generated: u64,
}

impl SequentialKeys {
    /// A generator that hands out `preset` first.
    pub fn new(preset: impl IntoIterator<Item = String>) -> SequentialKeys {
        SequentialKeys {
            preset: preset.into_iter().collect(),
            generated: 0,
        }
    }
}

impl SessionKeyGenerator for SequentialKeys {
    fn next_key(&mut self) -> String {
        if let Some(key) = self.preset.pop_front() {
            return key;
        }
        self.generated += 1;
        format!("sess{:028}", self.generated)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeded_keys_look_like_djangos() {
        for key in seeded_keys(7, 20) {
            assert_eq!(key.len(), 32);
            assert!(key.bytes().all(|b| VALID_KEY_CHARS.contains(&b)));
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_keys_and_longer_runs_extend_shorter_ones() {
        let short = seeded_keys(42, 3);
        let long = seeded_keys(42, 6);
        assert_eq!(short, long[..3]);
        assert_ne!(seeded_keys(43, 3), short);
        let distinct: std::collections::HashSet<_> = long.iter().collect();
        assert_eq!(distinct.len(), 6);
    }

    #[test]
    fn preset_keys_come_first_and_do_not_advance_the_numbering() {
        let mut keys = SequentialKeys::new(["custom".to_owned(), "other".to_owned()]);
        assert_eq!(keys.next_key(), "custom");
        assert_eq!(keys.next_key(), "other");
        assert_eq!(keys.next_key(), "sess0000000000000000000000000001");
        assert_eq!(keys.next_key(), "sess0000000000000000000000000002");
    }

    #[test]
    fn without_preset_keys_numbering_starts_at_one() {
        let mut keys = SequentialKeys::default();
        assert_eq!(keys.next_key(), "sess0000000000000000000000000001");
    }
}
