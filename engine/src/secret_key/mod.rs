//! `SECRET_KEY` itself: whether a key is weak ([`key_weaknesses`], Django's `security.W009`
//! and more) and which key of a word list signed a value ([`GuessTarget`], the check
//! `Signer.unsign` makes for one key, made for millions).

mod guess;
mod sha256_blocks;
mod weakness;
mod word_list;

pub use guess::{GuessError, GuessTarget};
pub use sha256_blocks::{Block, Midstate, INITIAL_STATE};
pub use weakness::{
    key_weaknesses, KeyWeakness, INSECURE_PREFIX, MIN_ESTIMATED_BITS, MIN_LENGTH,
    MIN_UNIQUE_CHARACTERS, MIN_VARIED_CHARACTERS,
};
pub use word_list::{candidates, line_count, piece_end, Candidate, FoundKey, PieceOutcome};
