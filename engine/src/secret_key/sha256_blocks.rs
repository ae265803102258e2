//! SHA-256 a block at a time, for work that hashes many messages sharing a prefix: the state
//! after a prefix is kept, and each message costs only the compressions of its own bytes. No
//! allocation per message: the blocks are built on the stack. The compression function is the
//! `sha2` crate's (`sha2::compress256`, SHA extensions when the CPU has them).

use sha2::digest::generic_array::{typenum::U64, GenericArray};

/// One 64-byte block as `sha2::compress256` takes it.
pub type Block = GenericArray<u8, U64>;

/// SHA-256's initial state (FIPS 180-4, 5.3.3).
pub const INITIAL_STATE: [u32; 8] = [
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];

/// The state after some whole blocks, and the bytes after them that do not fill one.
#[derive(Clone, Debug)]
pub struct Midstate {
    state: [u32; 8],
    tail: [u8; 64],
    tail_len: usize,
    /// Bytes hashed so far, tail included.
    total: u64,
}

impl Midstate {
    /// The state after hashing `prefix` (its whole blocks compressed, the rest kept).
    pub fn after(prefix: &[u8]) -> Midstate {
        let whole = prefix.len() / 64 * 64;
        let mut state = INITIAL_STATE;
        for chunk in prefix[..whole].chunks_exact(64) {
            sha2::compress256(&mut state, core::slice::from_ref(Block::from_slice(chunk)));
        }
        let mut tail = [0u8; 64];
        tail[..prefix.len() - whole].copy_from_slice(&prefix[whole..]);
        Midstate {
            state,
            tail,
            tail_len: prefix.len() - whole,
            total: prefix.len() as u64,
        }
    }

    /// SHA-256 of the prefix followed by `suffix`, as the eight state words.
    pub fn finish(&self, suffix: &[u8]) -> [u32; 8] {
        let mut state = self.state;
        let mut block = Block::default();
        block[..self.tail_len].copy_from_slice(&self.tail[..self.tail_len]);
        let mut filled = self.tail_len;
        let mut rest = suffix;
        while filled + rest.len() >= 64 {
            let take = 64 - filled;
            block[filled..].copy_from_slice(&rest[..take]);
            sha2::compress256(&mut state, core::slice::from_ref(&block));
            rest = &rest[take..];
            filled = 0;
        }
        block[filled..filled + rest.len()].copy_from_slice(rest);
        filled += rest.len();
        let bits = (self.total + suffix.len() as u64) * 8;
        pad_and_finish(&mut state, &mut block, filled, bits);
        state
    }

    /// How many compressions [`Midstate::finish`] makes for a suffix of `len` bytes.
    pub fn compressions_for(&self, len: usize) -> usize {
        (self.tail_len + len + 9).div_ceil(64)
    }
}

/// Pads the last `filled` bytes of `block` (0x80, zeros, the length in bits) and compresses:
/// one block, or two when the length does not fit after the bytes.
fn pad_and_finish(state: &mut [u32; 8], block: &mut Block, filled: usize, bits: u64) {
    block[filled] = 0x80;
    block[filled + 1..].fill(0);
    if filled + 1 > 56 {
        sha2::compress256(state, core::slice::from_ref(block));
        block.fill(0);
    }
    block[56..].copy_from_slice(&bits.to_be_bytes());
    sha2::compress256(state, core::slice::from_ref(block));
}

/// `message` as the blocks SHA-256 compresses after `already` bytes (a multiple of 64) came
/// before it: the message, 0x80, zeros and the total length in bits.
pub fn padded_blocks(already: u64, message: &[u8]) -> Vec<Block> {
    let mut bytes = message.to_vec();
    bytes.push(0x80);
    while bytes.len() % 64 != 56 {
        bytes.push(0);
    }
    bytes.extend_from_slice(&((already + message.len() as u64) * 8).to_be_bytes());
    bytes
        .chunks_exact(64)
        .map(Block::clone_from_slice)
        .collect()
}

/// The 32-byte digest of a state.
pub fn digest_bytes(state: &[u32; 8]) -> [u8; 32] {
    let mut out = [0u8; 32];
    for (chunk, word) in out.chunks_exact_mut(4).zip(state) {
        chunk.copy_from_slice(&word.to_be_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::{Digest, Sha256};

    #[test]
    fn every_split_of_prefix_and_suffix_gives_sha256() {
        let data: Vec<u8> = (0..300u32).map(|i| (i * 7 + 3) as u8).collect();
        for len in [0, 1, 55, 56, 63, 64, 65, 119, 120, 127, 128, 200, 300] {
            let expected: [u8; 32] = Sha256::digest(&data[..len]).into();
            for split in [0, len / 3, len / 2, len] {
                let mid = Midstate::after(&data[..split]);
                assert_eq!(
                    digest_bytes(&mid.finish(&data[split..len])),
                    expected,
                    "len {len} split {split}"
                );
                assert_eq!(
                    mid.compressions_for(len - split),
                    (len + 9).div_ceil(64) - split / 64,
                    "len {len} split {split}"
                );
            }
        }
    }

    #[test]
    fn padded_blocks_after_a_block_finish_the_hash() {
        let first = [0x36u8; 64];
        for len in [0, 10, 55, 56, 64, 100] {
            let message = vec![b'v'; len];
            let mut state = INITIAL_STATE;
            sha2::compress256(&mut state, core::slice::from_ref(Block::from_slice(&first)));
            let blocks = padded_blocks(64, &message);
            assert_eq!(blocks.len(), (len + 9).div_ceil(64));
            sha2::compress256(&mut state, &blocks);
            let whole: [u8; 32] = Sha256::new()
                .chain_update(first)
                .chain_update(&message)
                .finalize()
                .into();
            assert_eq!(digest_bytes(&state), whole, "len {len}");
        }
    }
}
