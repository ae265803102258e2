//! The share format's version and the longest fragment it accepts: below the encoder, the
//! decoder and their errors, which all name them.

/// The share format this page writes and reads.
pub const SHARE_VERSION: u32 = 1;

/// The longest fragment accepted (characters after `#`); a real scenario is a few KB.
pub const MAX_FRAGMENT_LEN: usize = 256 * 1024;
