//! The inflated bytes, never more than the limit: the buffer grows by doubling but is never
//! allocated past the limit, and a literal, match or stored block that would pass it stops
//! the inflate with [`InflateError::TooLarge`] before anything is written.

use super::error::InflateError;

/// Output under construction, bounded by `limit` bytes.
pub(super) struct Output {
    bytes: Vec<u8>,
    limit: usize,
}

impl Output {
    /// An empty output expecting about `expected` bytes, refusing more than `limit`.
    pub(super) fn new(expected: usize, limit: usize) -> Output {
        Output {
            bytes: Vec::with_capacity(expected.min(limit)),
            limit,
        }
    }

    pub(super) fn len(&self) -> usize {
        self.bytes.len()
    }

    pub(super) fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }

    pub(super) fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// Makes room for `additional` more bytes, or refuses if that passes the limit.
    #[inline]
    fn reserve(&mut self, additional: usize) -> Result<(), InflateError> {
        let needed = self.bytes.len() + additional;
        if needed > self.limit {
            return Err(InflateError::TooLarge);
        }
        if needed > self.bytes.capacity() {
            let doubled = self.bytes.capacity().saturating_mul(2).max(256);
            let target = doubled.min(self.limit).max(needed);
            self.bytes.reserve_exact(target - self.bytes.len());
        }
        Ok(())
    }

    /// One literal byte.
    #[inline]
    pub(super) fn push(&mut self, byte: u8) -> Result<(), InflateError> {
        if self.bytes.len() >= self.bytes.capacity().min(self.limit) {
            self.reserve(1)?;
        }
        self.bytes.push(byte);
        Ok(())
    }

    /// Bytes of a stored block.
    pub(super) fn extend(&mut self, bytes: &[u8]) -> Result<(), InflateError> {
        self.reserve(bytes.len())?;
        self.bytes.extend_from_slice(bytes);
        Ok(())
    }

    /// A match: `length` bytes copied from `distance` bytes back (the caller has checked that
    /// `distance` is at most [`Output::len`]); the copy may overlap what it writes.
    #[inline]
    pub(super) fn copy_match(
        &mut self,
        distance: usize,
        length: usize,
    ) -> Result<(), InflateError> {
        self.reserve(length)?;
        let start = self.bytes.len() - distance;
        if distance == 1 {
            let byte = self.bytes[start];
            self.bytes.resize(start + 1 + length, byte);
            return Ok(());
        }
        let mut remaining = length;
        while remaining > 0 {
            // Everything from `start` on repeats with period `distance`, so the bytes written
            // so far can be copied again in growing chunks.
            let chunk = remaining.min(self.bytes.len() - start);
            self.bytes.extend_from_within(start..start + chunk);
            remaining -= chunk;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlapping_matches_repeat_the_pattern() {
        let mut out = Output::new(0, 100);
        out.extend(b"abc").unwrap();
        out.copy_match(3, 8).unwrap();
        out.copy_match(1, 2).unwrap();
        out.copy_match(11, 4).unwrap();
        assert_eq!(out.as_bytes(), b"abcabcabcabbbcabc");
    }

    #[test]
    fn the_limit_is_never_passed_or_allocated_past() {
        let mut out = Output::new(1000, 10);
        assert!(out.bytes.capacity() <= 10);
        out.extend(b"12345678").unwrap();
        assert_eq!(out.copy_match(1, 3), Err(InflateError::TooLarge));
        out.push(b'9').unwrap();
        out.push(b'0').unwrap();
        assert_eq!(out.push(b'x'), Err(InflateError::TooLarge));
        assert_eq!(out.len(), 10);
        assert!(out.bytes.capacity() <= 10);
    }
}
