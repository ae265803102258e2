//! Bookkeeping of zlib's sliding window; mirrors deflate.c's `fill_window` as `compress()`
//! drives it (all input available, `insert` always 0).
//!
//! The input is matched in place, so no bytes are copied. What still depends on zlib's
//! 64 KiB window is *when* it slides: that decides which absolute position is window
//! position 0 (never matched, since zlib's NIL is 0) and whether a block's bytes are still in
//! the window, which a stored block needs (`block_start >= 0` in `FLUSH_BLOCK_ONLY`).

use super::matcher::{MAX_DIST, MIN_LOOKAHEAD, W_SIZE};

/// zlib's `window_size`: two windows.
const WINDOW_SIZE: usize = 2 * W_SIZE;

/// How much of the input zlib's window has taken in, and where the window starts.
pub(crate) struct Window {
    total: usize,
    /// Input bytes read into the window so far (zlib's `strstart + lookahead`, absolute).
    read: usize,
    /// Absolute position of window byte 0 (a multiple of `W_SIZE`).
    offset: usize,
}

impl Window {
    pub(crate) fn new(total: usize) -> Self {
        Window {
            total,
            read: 0,
            offset: 0,
        }
    }

    /// Absolute position of window byte 0.
    #[inline]
    pub(crate) fn offset(&self) -> usize {
        self.offset
    }

    /// Bytes available from `strstart` (zlib's `lookahead`).
    #[inline]
    pub(crate) fn lookahead(&self, strstart: usize) -> usize {
        self.read - strstart
    }

    /// zlib's `fill_window`: slides the window once the current position is far enough into
    /// its upper half, and reads input until `MIN_LOOKAHEAD` bytes are ahead or it runs out.
    pub(crate) fn fill(&mut self, strstart: usize) {
        loop {
            let rel = strstart - self.offset;
            let mut more = WINDOW_SIZE.saturating_sub(self.read - strstart + rel);
            if rel >= W_SIZE + MAX_DIST {
                self.offset += W_SIZE;
                more += W_SIZE;
            }
            if self.read == self.total {
                break;
            }
            let n = more.min(self.total - self.read);
            self.read += n;
            if n == 0 || self.read - strstart >= MIN_LOOKAHEAD || self.read == self.total {
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_fill_reads_up_to_two_windows() {
        let mut w = Window::new(100_000);
        w.fill(0);
        assert_eq!(w.lookahead(0), WINDOW_SIZE);
        assert_eq!(w.offset(), 0);
    }

    #[test]
    fn slides_once_strstart_reaches_wsize_plus_max_dist() {
        let mut w = Window::new(100_000);
        w.fill(0);
        let s = W_SIZE + MAX_DIST - 1;
        w.fill(s);
        assert_eq!(w.offset(), 0);
        w.fill(s + 1);
        assert_eq!(w.offset(), W_SIZE);
        assert_eq!(w.lookahead(s + 1), WINDOW_SIZE + W_SIZE - (s + 1));
    }
}
