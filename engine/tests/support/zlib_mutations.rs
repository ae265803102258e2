//! The stream mutations of `tests/fixtures/cpython_inflate_corpus.py`, shared by the inflate
//! tests.

/// The generator's splitmix64.
pub struct SplitMix64(pub u64);

impl SplitMix64 {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn byte(&mut self) -> u8 {
        self.below(256) as u8
    }
}

/// Mirrors `mutate` in tests/fixtures/cpython_inflate_corpus.py.
pub fn mutate(stream: &[u8], seed: u64) -> Vec<u8> {
    let mut rng = SplitMix64(seed);
    let mut s = stream.to_vec();
    let n = s.len();
    match rng.below(9) {
        0 => {}
        1 => s.truncate(rng.below(n + 1)),
        2 => {
            if n > 0 {
                let at = rng.below(n);
                s[at] ^= 1 << rng.below(8);
            }
        }
        3 => {
            for _ in 0..2 + rng.below(4) {
                if n > 0 {
                    let bound = n.min(2 + rng.below(40));
                    let at = rng.below(bound);
                    s[at] ^= 1 << rng.below(8);
                }
            }
        }
        4 => {
            if n > 0 {
                // Python evaluates the right-hand side of `s[i] = v` first.
                let value = rng.byte();
                let at = rng.below(n);
                s[at] = value;
            }
        }
        5 => {
            if n > 0 {
                s.remove(rng.below(n));
            }
        }
        6 => {
            let at = rng.below(n + 1);
            s.insert(at, rng.byte());
        }
        7 => {
            for _ in 0..1 + rng.below(8) {
                s.push(rng.byte());
            }
        }
        _ => {
            let from = rng.below(n + 1);
            for byte in &mut s[from..] {
                *byte = rng.byte();
            }
        }
    }
    s
}
