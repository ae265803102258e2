//! Adler-32 (RFC 1950 §8.2), the checksum in the zlib trailer; mirrors zlib's `adler32()`.

/// The Adler-32 modulus: the largest prime below 2^16.
const MOD_ADLER: u32 = 65_521;

/// The most bytes that can be summed before `b` could overflow a `u32` (zlib's `NMAX`).
const NMAX: usize = 5_552;

/// Returns the Adler-32 checksum of `data` (starting value 1, as `compress()` uses).
pub fn adler32(data: &[u8]) -> u32 {
    let mut a: u32 = 1;
    let mut b: u32 = 0;
    for chunk in data.chunks(NMAX) {
        let mut quads = chunk.chunks_exact(4);
        for q in &mut quads {
            a += u32::from(q[0]);
            b += a;
            a += u32::from(q[1]);
            b += a;
            a += u32::from(q[2]);
            b += a;
            a += u32::from(q[3]);
            b += a;
        }
        for &byte in quads.remainder() {
            a += u32::from(byte);
            b += a;
        }
        a %= MOD_ADLER;
        b %= MOD_ADLER;
    }
    (b << 16) | a
}

#[cfg(test)]
mod tests {
    use super::adler32;

    #[test]
    fn known_values() {
        assert_eq!(adler32(b""), 1);
        assert_eq!(adler32(b"a"), 0x0062_0062);
        assert_eq!(adler32(b"Wikipedia"), 0x11E6_0398);
    }

    #[test]
    fn long_input_reduces_without_overflow() {
        let data = vec![0xFFu8; 100_000];
        // Reference: the bytewise definition with a reduction after every byte.
        let (mut a, mut b) = (1u32, 0u32);
        for &x in &data {
            a = (a + u32::from(x)) % 65_521;
            b = (b + a) % 65_521;
        }
        assert_eq!(adler32(&data), (b << 16) | a);
    }
}
