//! The salts Django signs session values with, and `django.core.signing`'s default: the ones
//! the decoder tries when it is given none.

use crate::session::{SIGNED_COOKIE_SALT, STORE_SALT};
use crate::signing::DEFAULT_SALT;

/// A salt Django signs session values, or plain `signing.dumps` values, with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KnownSalt {
    /// The salt.
    pub salt: &'static str,
    /// What Django signs with it.
    pub used_for: &'static str,
}

/// The salts tried, in this order, when none is given.
pub const KNOWN_SALTS: [KnownSalt; 3] = [
    KnownSalt {
        salt: SIGNED_COOKIE_SALT,
        used_for: "the session cookie of the signed_cookies backend",
    },
    KnownSalt {
        salt: STORE_SALT,
        used_for: "session_data stored by the db, cache, cached_db and file backends",
    },
    KnownSalt {
        salt: DEFAULT_SALT,
        used_for: "signing.dumps() called without a salt",
    },
];

/// What a known salt is used for, if it is one of [`KNOWN_SALTS`].
pub fn salt_use(salt: &str) -> Option<&'static str> {
    KNOWN_SALTS
        .iter()
        .find(|known| known.salt == salt)
        .map(|known| known.used_for)
}
