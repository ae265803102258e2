//! SHA-256 (FIPS 180-4) and HMAC-SHA256 (RFC 2104), what Django's `salted_hmac` computes
//! through `hashlib.sha256` and `hmac.new(..., digestmod=hashlib.sha256)`
//! (`django/utils/crypto.py`).
//!
//! A plain scalar implementation: 64 rounds unrolled by a macro with the eight working
//! variables renamed instead of moved, and the message schedule kept in a 16-word ring. It is
//! faster than a general-purpose crate's portable code on machines without SHA instructions
//! (and in WebAssembly), which is where signing a multi-KB cookie spends most of its time.

/// SHA-256's block size in bytes (also HMAC's key block).
const BLOCK_LEN: usize = 64;

/// The first 32 bits of the fractional parts of the cube roots of the first 64 primes.
const K: [u32; 64] = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];

/// The initial hash value: the first 32 bits of the fractional parts of the square roots of
/// the first 8 primes.
const INITIAL_STATE: [u32; 8] = [
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];

/// An incremental SHA-256 hash.
#[derive(Clone)]
pub(crate) struct Sha256 {
    state: [u32; 8],
    pending: [u8; BLOCK_LEN],
    pending_len: usize,
    total_len: u64,
}

impl Sha256 {
    pub(crate) fn new() -> Sha256 {
        Sha256 {
            state: INITIAL_STATE,
            pending: [0; BLOCK_LEN],
            pending_len: 0,
            total_len: 0,
        }
    }

    pub(crate) fn update(&mut self, mut data: &[u8]) {
        self.total_len = self.total_len.wrapping_add(data.len() as u64);
        if self.pending_len > 0 {
            let take = (BLOCK_LEN - self.pending_len).min(data.len());
            self.pending[self.pending_len..self.pending_len + take].copy_from_slice(&data[..take]);
            self.pending_len += take;
            data = &data[take..];
            if self.pending_len < BLOCK_LEN {
                return;
            }
            let block = self.pending;
            compress(&mut self.state, &block);
            self.pending_len = 0;
        }
        let mut blocks = data.chunks_exact(BLOCK_LEN);
        for block in &mut blocks {
            let mut bytes = [0u8; BLOCK_LEN];
            bytes.copy_from_slice(block);
            compress(&mut self.state, &bytes);
        }
        let rest = blocks.remainder();
        self.pending[..rest.len()].copy_from_slice(rest);
        self.pending_len = rest.len();
    }

    /// The digest: padding (a 1 bit, zeros, the bit length big-endian) and the final blocks.
    pub(crate) fn finalize(mut self) -> [u8; 32] {
        let bit_len = self.total_len.wrapping_mul(8);
        let mut padding = [0u8; 2 * BLOCK_LEN];
        padding[0] = 0x80;
        let padded = if self.pending_len < 56 { 64 } else { 128 } - self.pending_len;
        padding[padded - 8..padded].copy_from_slice(&bit_len.to_be_bytes());
        let total = self.total_len;
        self.update(&padding[..padded]);
        self.total_len = total;
        let mut digest = [0u8; 32];
        for (out, word) in digest.chunks_exact_mut(4).zip(self.state) {
            out.copy_from_slice(&word.to_be_bytes());
        }
        digest
    }
}

/// HMAC-SHA256 keyed once: the inner and outer hashes after their key blocks.
#[derive(Clone)]
pub(crate) struct HmacSha256 {
    inner: Sha256,
    outer: Sha256,
}

impl HmacSha256 {
    /// HMAC keyed with `key` (at most 64 bytes: Django's keys here are 32-byte digests).
    pub(crate) fn new(key: &[u8; 32]) -> HmacSha256 {
        let mut inner_key = [0x36u8; BLOCK_LEN];
        let mut outer_key = [0x5cu8; BLOCK_LEN];
        for (i, &byte) in key.iter().enumerate() {
            inner_key[i] ^= byte;
            outer_key[i] ^= byte;
        }
        let mut inner = Sha256::new();
        inner.update(&inner_key);
        let mut outer = Sha256::new();
        outer.update(&outer_key);
        HmacSha256 { inner, outer }
    }

    /// The MAC of `message` (the keyed state is left as it was).
    pub(crate) fn mac(&self, message: &[u8]) -> [u8; 32] {
        let mut inner = self.inner.clone();
        inner.update(message);
        let mut outer = self.outer.clone();
        outer.update(&inner.finalize());
        outer.finalize()
    }
}

#[inline(always)]
fn big_sigma0(x: u32) -> u32 {
    x.rotate_right(2) ^ x.rotate_right(13) ^ x.rotate_right(22)
}

#[inline(always)]
fn big_sigma1(x: u32) -> u32 {
    x.rotate_right(6) ^ x.rotate_right(11) ^ x.rotate_right(25)
}

#[inline(always)]
fn small_sigma0(x: u32) -> u32 {
    x.rotate_right(7) ^ x.rotate_right(18) ^ (x >> 3)
}

#[inline(always)]
fn small_sigma1(x: u32) -> u32 {
    x.rotate_right(17) ^ x.rotate_right(19) ^ (x >> 10)
}

/// One round: `h` becomes the new `a` and `d` the new `e` (the caller rotates the names).
macro_rules! round {
    ($a:ident, $b:ident, $c:ident, $d:ident, $e:ident, $f:ident, $g:ident, $h:ident, $k:expr, $w:expr) => {
        let t1 = $h
            .wrapping_add(big_sigma1($e))
            .wrapping_add(($e & $f) ^ (!$e & $g))
            .wrapping_add($k)
            .wrapping_add($w);
        let t2 = big_sigma0($a).wrapping_add(($a & $b) ^ ($a & $c) ^ ($b & $c));
        $d = $d.wrapping_add(t1);
        $h = t1.wrapping_add(t2);
    };
}

/// Eight rounds from round `base`, message words from `w[i & 15]`.
macro_rules! eight_rounds {
    ([$a:ident, $b:ident, $c:ident, $d:ident, $e:ident, $f:ident, $g:ident, $h:ident],
     $w:ident, $base:expr, $offset:expr) => {
        round!(
            $a,
            $b,
            $c,
            $d,
            $e,
            $f,
            $g,
            $h,
            K[$base + $offset],
            $w[$offset]
        );
        round!(
            $h,
            $a,
            $b,
            $c,
            $d,
            $e,
            $f,
            $g,
            K[$base + $offset + 1],
            $w[$offset + 1]
        );
        round!(
            $g,
            $h,
            $a,
            $b,
            $c,
            $d,
            $e,
            $f,
            K[$base + $offset + 2],
            $w[$offset + 2]
        );
        round!(
            $f,
            $g,
            $h,
            $a,
            $b,
            $c,
            $d,
            $e,
            K[$base + $offset + 3],
            $w[$offset + 3]
        );
        round!(
            $e,
            $f,
            $g,
            $h,
            $a,
            $b,
            $c,
            $d,
            K[$base + $offset + 4],
            $w[$offset + 4]
        );
        round!(
            $d,
            $e,
            $f,
            $g,
            $h,
            $a,
            $b,
            $c,
            K[$base + $offset + 5],
            $w[$offset + 5]
        );
        round!(
            $c,
            $d,
            $e,
            $f,
            $g,
            $h,
            $a,
            $b,
            K[$base + $offset + 6],
            $w[$offset + 6]
        );
        round!(
            $b,
            $c,
            $d,
            $e,
            $f,
            $g,
            $h,
            $a,
            K[$base + $offset + 7],
            $w[$offset + 7]
        );
    };
}

/// The next 16 words of the message schedule, in place.
#[inline(always)]
fn schedule(w: &mut [u32; 16]) {
    for i in 0..16 {
        w[i] = w[i]
            .wrapping_add(small_sigma0(w[(i + 1) & 15]))
            .wrapping_add(w[(i + 9) & 15])
            .wrapping_add(small_sigma1(w[(i + 14) & 15]));
    }
}

/// The SHA-256 compression function on one block.
fn compress(state: &mut [u32; 8], block: &[u8; BLOCK_LEN]) {
    let mut w = [0u32; 16];
    for (word, bytes) in w.iter_mut().zip(block.chunks_exact(4)) {
        *word = u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
    }
    let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut h] = *state;
    // Literal bases keep every index constant (no bounds checks, no loop).
    eight_rounds!([a, b, c, d, e, f, g, h], w, 0, 0);
    eight_rounds!([a, b, c, d, e, f, g, h], w, 0, 8);
    schedule(&mut w);
    eight_rounds!([a, b, c, d, e, f, g, h], w, 16, 0);
    eight_rounds!([a, b, c, d, e, f, g, h], w, 16, 8);
    schedule(&mut w);
    eight_rounds!([a, b, c, d, e, f, g, h], w, 32, 0);
    eight_rounds!([a, b, c, d, e, f, g, h], w, 32, 8);
    schedule(&mut w);
    eight_rounds!([a, b, c, d, e, f, g, h], w, 48, 0);
    eight_rounds!([a, b, c, d, e, f, g, h], w, 48, 8);
    for (word, add) in state.iter_mut().zip([a, b, c, d, e, f, g, h]) {
        *word = word.wrapping_add(add);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    fn sha256(data: &[u8]) -> String {
        let mut hash = Sha256::new();
        hash.update(data);
        hex(&hash.finalize())
    }

    #[test]
    fn fips_180_examples() {
        assert_eq!(
            sha256(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            sha256(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            sha256(b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        );
        assert_eq!(
            sha256(&vec![b'a'; 1_000_000]),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        );
    }

    #[test]
    fn split_updates_give_the_same_digest() {
        let data: Vec<u8> = (0..300u32).map(|i| (i * 7) as u8).collect();
        let whole = sha256(&data);
        for split in [0, 1, 55, 56, 63, 64, 65, 128, 299] {
            let mut hash = Sha256::new();
            hash.update(&data[..split]);
            hash.update(&data[split..]);
            assert_eq!(hex(&hash.finalize()), whole, "split at {split}");
        }
    }

    #[test]
    fn equals_the_sha2_crate_at_every_length() {
        use sha2::Digest;
        let data: Vec<u8> = (0..5000u32)
            .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
            .collect();
        for len in (0..300).chain([1000, 4095, 4096, 4097, 5000]) {
            let expected = hex(&sha2::Sha256::digest(&data[..len]));
            assert_eq!(sha256(&data[..len]), expected, "length {len}");
        }
    }

    #[test]
    fn rfc_4231_hmac_with_a_32_byte_key() {
        // RFC 4231 test case 2's message under a 32-byte key, checked with Python:
        // hmac.new(bytes(range(32)), b"what do ya want for nothing?", "sha256").hexdigest()
        let key: [u8; 32] = std::array::from_fn(|i| i as u8);
        assert_eq!(
            hex(&HmacSha256::new(&key).mac(b"what do ya want for nothing?")),
            "099805f4ac310786968565c098db515cc50862b420ae31e20238312344bed36a"
        );
    }
}
