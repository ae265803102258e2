//! The LSB-first bit sink of deflate (RFC 1951 §3.1.1); mirrors zlib's `send_bits`,
//! `bi_windup` and `put_byte`/`put_short` in trees.c.

/// Accumulates bits least-significant first and appends whole bytes to a `Vec<u8>`.
pub(crate) struct BitWriter {
    out: Vec<u8>,
    acc: u64,
    nbits: u32,
}

impl BitWriter {
    /// A writer appending to a buffer with room for `capacity` bytes.
    pub(crate) fn with_capacity(capacity: usize) -> Self {
        BitWriter {
            out: Vec::with_capacity(capacity),
            acc: 0,
            nbits: 0,
        }
    }

    /// Sends the low `len` bits of `value` (`len` ≤ 16), first bit first (zlib's `send_bits`).
    #[inline]
    pub(crate) fn put_bits(&mut self, value: u32, len: u32) {
        debug_assert!(len <= 16 && u64::from(value) < (1u64 << len));
        self.acc |= u64::from(value) << self.nbits;
        self.nbits += len;
        if self.nbits >= 32 {
            self.out.extend_from_slice(&(self.acc as u32).to_le_bytes());
            self.acc >>= 32;
            self.nbits -= 32;
        }
    }

    /// Pads with zero bits to a byte boundary and flushes every pending bit (zlib's `bi_windup`).
    pub(crate) fn align(&mut self) {
        while self.nbits > 0 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.nbits = self.nbits.saturating_sub(8);
        }
        self.acc = 0;
    }

    /// Appends raw bytes; only meaningful after [`BitWriter::align`].
    pub(crate) fn put_bytes(&mut self, bytes: &[u8]) {
        debug_assert_eq!(self.nbits, 0);
        self.out.extend_from_slice(bytes);
    }

    /// The bytes written so far (call [`BitWriter::align`] first to include partial bytes).
    pub(crate) fn into_bytes(self) -> Vec<u8> {
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::BitWriter;

    #[test]
    fn packs_lsb_first_and_pads() {
        let mut w = BitWriter::with_capacity(8);
        w.put_bits(0b1, 1);
        w.put_bits(0b01, 2);
        w.put_bits(0b10110, 5);
        w.put_bits(0xABCD, 16);
        w.put_bits(0b101, 3);
        w.align();
        w.put_bytes(&[0xEE]);
        assert_eq!(w.into_bytes(), vec![0b1011_0011, 0xCD, 0xAB, 0b101, 0xEE]);
    }

    #[test]
    fn many_bits_cross_the_accumulator() {
        let mut w = BitWriter::with_capacity(0);
        for i in 0..100u32 {
            w.put_bits(i & 0x7F, 7);
        }
        w.align();
        let bytes = w.into_bytes();
        assert_eq!(bytes.len(), 700usize.div_ceil(8));
        // Read the bits back.
        let bit = |k: usize| (bytes[k / 8] >> (k % 8)) & 1;
        for i in 0..100usize {
            let v: u32 = (0..7).map(|j| u32::from(bit(i * 7 + j)) << j).sum();
            assert_eq!(v, (i as u32) & 0x7F);
        }
    }
}
