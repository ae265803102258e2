//! Session keys for the playground's scenarios.
//!
//! Django draws keys with `get_random_string(32, "abcdefghijklmnopqrstuvwxyz0123456789")`. The
//! engine takes keys as input (scenario `session_keys`), so the playground hands it keys drawn
//! from a seeded generator: they look like Django's, and re-running a scenario (after a
//! setting changed, or from a shared link) draws the same keys again.

/// Django's `VALID_KEY_CHARS`.
const VALID_KEY_CHARS: &[u8; 36] = b"abcdefghijklmnopqrstuvwxyz0123456789";

/// Django's session key length.
const KEY_LENGTH: usize = 32;

/// The first `count` keys of the sequence seeded with `seed`.
pub fn seeded_keys(seed: u64, count: usize) -> Vec<String> {
    let mut state = seed;
    (0..count).map(|_| next_key(&mut state)).collect()
}

fn next_key(state: &mut u64) -> String {
    (0..KEY_LENGTH)
        .map(|_| {
            let index = (splitmix64(state) % VALID_KEY_CHARS.len() as u64) as usize;
            char::from(VALID_KEY_CHARS[index])
        })
        .collect()
}

/// SplitMix64: a tiny, well-mixed generator; plenty for keys that only have to look random.
fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
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
