//! The cookie decoder: paste a Django session cookie, a `session_data` column or any
//! `signing.dumps` value; see its parts, its contents and, given the `SECRET_KEY`, Django's
//! verdict.
//!
//! The verdict is the engine's ([`decode_cookie`]): it recognises a session key, tries the
//! salts Django signs sessions with (or the one chosen), each with the `max_age` Django reads it
//! with, and says which salt and key verified. This module only turns the form into
//! [`DecodeOptions`], takes the value out of what was pasted (`paste`), refuses a paste that
//! inflates past the page's limit before decoding it (`size`), and `html` writes the result.

mod checks;
mod diagnosis_html;
mod examples;
mod har_view;
mod html;
mod input;
mod job;
mod paste;
mod size;

pub use checks::{CheckMemo, CheckProgress, SLICE_BYTES, SLICE_MS};
pub use diagnosis_html::har_html;
pub use examples::{example_input, Example, EXAMPLES};
pub use har_view::HarView;
pub use html::{refusal_html, result_html, salt_options};
pub use input::{
    prepare, AgeChoice, Checked, Decoded, DecoderInput, InputField, Outcome, Prepared, SaltChoice,
    DEFAULT_SESSION_COOKIE_AGE,
};
pub use job::{decode, decode_prepared, DecodeJob, Piece, DIAGNOSIS_MAX_BYTES};
pub use sessionscope_engine::decoder::KNOWN_SALTS;
pub use size::{size_words, Refusal, INFLATE_LIMIT, MAX_VALUE_BYTES, PROGRESS_FROM_BYTES};

#[cfg(test)]
mod tests;
