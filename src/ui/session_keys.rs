//! Session keys for the playground's scenarios.
//!
//! Django draws keys with `get_random_string(32, "abcdefghijklmnopqrstuvwxyz0123456789")`. The
//! engine takes keys as input (scenario `session_keys`), so the playground hands it keys drawn
//! from a seeded generator: they look like Django's, and re-running a scenario (after a
//! setting changed, or from a shared link) draws the same keys again.

use sessionscope_engine::splitmix::SplitMix64;

/// Django's `VALID_KEY_CHARS`.
const VALID_KEY_CHARS: &[u8; 36] = b"abcdefghijklmnopqrstuvwxyz0123456789";

/// Django's session key length.
const KEY_LENGTH: usize = 32;

/// The first `count` keys of the sequence seeded with `seed` ([`SplitMix64`]: plenty for keys
/// that only have to look random).
pub fn seeded_keys(seed: u64, count: usize) -> Vec<String> {
    let mut rng = SplitMix64(seed);
    (0..count).map(|_| next_key(&mut rng)).collect()
}

fn next_key(rng: &mut SplitMix64) -> String {
    (0..KEY_LENGTH)
        .map(|_| char::from(VALID_KEY_CHARS[rng.below(VALID_KEY_CHARS.len())]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_look_like_djangos() {
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
}
