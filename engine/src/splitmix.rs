//! SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number generators", 2014;
//! Vigna's `splitmix64.c`): a tiny, well-mixed, deterministic generator.
//!
//! The engine draws nothing with it: session keys come from the scenario and nothing reads a
//! clock or randomness. The playground draws its scenarios' session keys from it, and the tests
//! their generated inputs: the Python generators of the CPython and zlib fixtures
//! (`engine/tests/fixtures/*.py`, class `SplitMix64`) draw the same sequence, so one seed gives
//! the same input on both sides.

/// The generator; its one field is the state, which starts as the seed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SplitMix64(pub u64);

impl SplitMix64 {
    /// The next output: the state advances by the golden-ratio increment, then is mixed.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// The next output modulo `n` (modulo 1 when `n` is 0): the fixture generators'
    /// `below(n)`, `next() % max(n, 1)`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    /// The next output's low byte.
    pub fn byte(&mut self) -> u8 {
        (self.next_u64() & 0xFF) as u8
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reference_sequence() {
        // Seed 1234567: the first outputs, as the Python fixture generators compute them.
        let mut rng = SplitMix64(1_234_567);
        let first: Vec<u64> = (0..3).map(|_| rng.next_u64()).collect();
        assert_eq!(
            first,
            [
                6_457_827_717_110_365_317,
                3_203_168_211_198_807_973,
                9_817_491_932_198_370_423
            ]
        );
    }

    #[test]
    fn below_and_byte_reduce_the_next_output() {
        let (mut a, mut b) = (SplitMix64(42), SplitMix64(42));
        assert_eq!(a.below(36) as u64, b.next_u64() % 36);
        assert_eq!(u64::from(a.byte()), b.next_u64() & 0xFF);
        assert_eq!(a.below(0), 0);
    }
}
