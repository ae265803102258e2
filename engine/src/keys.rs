//! Session-key generation. Django's `SessionBase._get_new_session_key()` loops on
//! `get_random_string(32, VALID_KEY_CHARS)` until `not self.exists(key)`; here the randomness
//! is replaced by an injected generator.

use std::collections::VecDeque;

/// Where new session keys come from (Django: `base.get_random_string`).
pub trait SessionKeyGenerator {
    /// The next candidate key. Every call counts, even if the caller then rejects the key.
    fn next_key(&mut self) -> String;
}

/// The conformance harness's generator: first the preset keys, in order, then
/// `"sess" + n` zero-padded to 28 digits for the n-th call overall (n = 1, 2, …).
#[derive(Clone, Debug, Default)]
pub struct SequentialKeys {
    preset: VecDeque<String>,
    calls: u64,
}

impl SequentialKeys {
    /// A generator that hands out `preset` first.
    pub fn new(preset: impl IntoIterator<Item = String>) -> SequentialKeys {
        SequentialKeys {
            preset: preset.into_iter().collect(),
            calls: 0,
        }
    }
}

impl SessionKeyGenerator for SequentialKeys {
    fn next_key(&mut self) -> String {
        self.calls += 1;
        match self.preset.pop_front() {
            Some(key) => key,
            None => format!("sess{:028}", self.calls),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preset_keys_come_first_and_count_as_calls() {
        let mut keys = SequentialKeys::new(["custom".to_owned()]);
        assert_eq!(keys.next_key(), "custom");
        assert_eq!(keys.next_key(), "sess0000000000000000000000000002");
    }
}
