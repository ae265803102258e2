//! `django.core.signing`: URL-safe, timestamped, HMAC-SHA256-signed JSON, byte for byte as
//! Django 5.2 produces and checks it.
//!
//! A signed value is `[.]base64(json or zlib(json)):base62(int(time)):base64(hmac)`, where the
//! HMAC key is `SHA-256(salt + "signer" + secret)` and the message is everything before the
//! last `:`.

mod algorithm;
mod base62;
mod base64;
mod crypto;
mod error;
mod inspect;
mod object;
mod signer;

pub use algorithm::{salted_hmac_sha1, signature_with, signed_with, HashAlgorithm};
pub use base62::{b62_decode, b62_encode, b62_encode_float_seconds, Base62Error};
pub use base64::{b64_decode, b64_encode, Base64Error};
pub use crypto::{constant_time_compare, salted_hmac_sha256};
pub use error::SigningError;
pub use inspect::{explain_loads, inspect, LoadsExplanation, SignedParts};
pub use object::{
    decode_payload, dumps, dumps_bytes, encode_payload, encode_payload_bytes, loads, loads_bytes,
    parse_payload_json, payload_bytes, DEFAULT_SALT,
};
pub use signer::{
    no_key_signs, Signer, SigningKeys, TimestampSigner, Unsigned, VerifyingKey, SEPARATOR,
};
