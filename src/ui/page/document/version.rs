//! The share format's version and the longest fragment it accepts: below the encoder, the
//! decoder and their errors, which all name them.

use crate::ui::limits::MAX_DOCUMENT_BYTES;

/// The share format this page writes and reads.
pub const SHARE_VERSION: u32 = 1;

/// The longest fragment accepted (characters after `#`): `v1.` and the base64 of the largest
/// document the page reads ([`MAX_DOCUMENT_BYTES`]) compressed at its worst (zlib's
/// `compressBound`: stored blocks for data that does not compress), so that every link the page
/// makes of a scenario within its limits is one it opens. A real scenario is a few KB.
pub const MAX_FRAGMENT_LEN: usize = {
    let n = MAX_DOCUMENT_BYTES;
    let compressed = n + (n >> 12) + (n >> 14) + (n >> 25) + 13;
    3 + compressed.div_ceil(3) * 4
};
