//! The bit reader of zlib's `inflate()` (`inflate.c`: `NEEDBITS`, `PULLBYTE`, `DROPBITS`,
//! `BYTEBITS`): bits come least significant first (RFC 1951 §3.1.1), and asking for more
//! bits than the input still holds means the stream is truncated (CPython: `Error -5 while
//! decompressing data: incomplete or truncated stream`).

use super::error::InflateError;

/// A cursor over the compressed input with up to 64 bits held back.
///
/// Invariant: the bits of `hold` at and above `bits` are either zero or the bits of the input
/// bytes starting at `position` (a word-sized refill may load more than it counts); once the
/// input is exhausted they are zero, so a table lookup past the end sees zero padding.
pub(super) struct BitReader<'a> {
    input: &'a [u8],
    position: usize,
    hold: u64,
    bits: u32,
}

impl<'a> BitReader<'a> {
    pub(super) fn new(input: &'a [u8]) -> BitReader<'a> {
        BitReader {
            input,
            position: 0,
            hold: 0,
            bits: 0,
        }
    }

    /// The bits currently held (valid ones are the low [`BitReader::available`]).
    #[inline]
    pub(super) fn hold(&self) -> u64 {
        self.hold
    }

    /// How many bits are held.
    #[inline]
    pub(super) fn available(&self) -> u32 {
        self.bits
    }

    /// Loads input until at least 56 bits are held or the input is exhausted.
    #[inline]
    pub(super) fn refill(&mut self) {
        if let Some(word) = self.input.get(self.position..self.position + 8) {
            let mut bytes = [0u8; 8];
            bytes.copy_from_slice(word);
            self.hold |= u64::from_le_bytes(bytes) << self.bits;
            let whole_bytes = (63 - self.bits) / 8;
            self.position += whole_bytes as usize;
            self.bits += whole_bytes * 8;
        } else {
            while self.bits <= 56 {
                let Some(&byte) = self.input.get(self.position) else {
                    break;
                };
                self.hold |= u64::from(byte) << self.bits;
                self.position += 1;
                self.bits += 8;
            }
        }
    }

    /// `NEEDBITS(count)`: makes sure `count` (at most 32) bits are held.
    #[inline]
    pub(super) fn need(&mut self, count: u32) -> Result<(), InflateError> {
        if self.bits < count {
            self.refill();
            if self.bits < count {
                return Err(InflateError::Truncated);
            }
        }
        Ok(())
    }

    /// The low `count` held bits (call [`BitReader::need`] first).
    #[inline]
    pub(super) fn peek(&self, count: u32) -> u32 {
        (self.hold & ((1u64 << count) - 1)) as u32
    }

    /// `DROPBITS(count)`, `count` no more than [`BitReader::available`].
    #[inline]
    pub(super) fn consume(&mut self, count: u32) {
        self.hold >>= count;
        self.bits -= count;
    }

    /// `NEEDBITS(count)`, `BITS(count)`, `DROPBITS(count)`.
    #[inline]
    pub(super) fn take(&mut self, count: u32) -> Result<u32, InflateError> {
        self.need(count)?;
        let value = self.peek(count);
        self.consume(count);
        Ok(value)
    }

    /// `BYTEBITS()`: drops the bits up to the next byte boundary.
    pub(super) fn align_to_byte(&mut self) {
        self.consume(self.bits % 8);
    }

    /// A stored block's bytes (after [`BitReader::align_to_byte`]): appends up to `length`
    /// bytes to `sink` through `push`, first from the held bits, then straight from the input.
    /// Returns how many bytes were there (fewer than `length` means the input ran out).
    pub(super) fn copy_bytes(
        &mut self,
        length: usize,
        mut push: impl FnMut(&[u8]) -> Result<(), InflateError>,
    ) -> Result<usize, InflateError> {
        let mut copied = 0;
        while copied < length && self.bits >= 8 {
            push(&[self.peek(8) as u8])?;
            self.consume(8);
            copied += 1;
        }
        if copied == length {
            return Ok(copied);
        }
        // Nothing is held: the rest comes straight from the input, and the bits of `hold`
        // beyond `bits` (read ahead from these very bytes) must go.
        self.hold = 0;
        let rest = self.input.get(self.position..).unwrap_or_default();
        let direct = rest.len().min(length - copied);
        push(&rest[..direct])?;
        self.position += direct;
        Ok(copied + direct)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bits_come_least_significant_first_across_refills() {
        let input: Vec<u8> = (0..20u8).collect();
        let mut reader = BitReader::new(&input);
        let mut bytes = Vec::new();
        for _ in 0..20 {
            // Read each byte as a 3-bit and a 5-bit part.
            let low = reader.take(3).unwrap();
            let high = reader.take(5).unwrap();
            bytes.push((low | high << 3) as u8);
        }
        assert_eq!(bytes, input);
        assert_eq!(reader.take(1), Err(InflateError::Truncated));
    }

    #[test]
    fn copying_bytes_after_held_bits_keeps_the_order() {
        let input: Vec<u8> = (0..40u8).collect();
        let mut reader = BitReader::new(&input);
        assert_eq!(reader.take(8).unwrap(), 0);
        let mut out = Vec::new();
        let copied = reader
            .copy_bytes(30, |bytes| {
                out.extend_from_slice(bytes);
                Ok(())
            })
            .unwrap();
        assert_eq!(copied, 30);
        assert_eq!(out, (1..31u8).collect::<Vec<_>>());
        assert_eq!(reader.take(8).unwrap(), 31);
        let copied = reader.copy_bytes(100, |_| Ok(())).unwrap();
        assert_eq!(copied, 8);
    }
}
