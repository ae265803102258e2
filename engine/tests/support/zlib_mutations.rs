//! The stream mutations of `tests/fixtures/cpython_inflate_corpus.py`, shared by the inflate
//! tests.

pub use sessionscope_engine::splitmix::SplitMix64;

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
