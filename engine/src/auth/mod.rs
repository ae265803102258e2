//! `django.contrib.auth` on top of sessions: the users, the session auth hash, and the three
//! functions that read and write a user in `request.session`.
//!
//! * [`login`] (`django.contrib.auth.login`): cycles the key of an anonymous session, flushes
//!   one that belongs to another user (or whose hash differs), then stores `_auth_user_id`,
//!   `_auth_user_backend` and `_auth_user_hash`.
//! * [`logout`] (`django.contrib.auth.logout`): flushes the session.
//! * [`get_user`] (`django.contrib.auth.get_user`, what `AuthenticationMiddleware` runs when a
//!   view reads `request.user`): reads the user back and verifies the stored hash. A changed
//!   password, or a rotated `SECRET_KEY` without the old key in `SECRET_KEY_FALLBACKS`, logs
//!   the user out (flush); a hash only a fallback reproduces is renewed after `cycle_key()`.
//!
//! The session auth hash ([`session_auth_hash`]) is
//! `AbstractBaseUser.get_session_auth_hash()`: an HMAC-SHA256 of the stored password hash
//! keyed by `SECRET_KEY`, so changing either invalidates every session of the user.
//!
//! [`Users`] is the `auth_user` table of the conformance scenarios: users 1, 2 and 3 with
//! fixed stored password hashes (never checked as passwords).

mod hash;
mod login;
mod user_id;
mod users;

pub use hash::{matches_session_hash, session_auth_hash, SESSION_AUTH_HASH_SALT};
pub use login::{
    get_user, login, logout, BACKEND_SESSION_KEY, HASH_SESSION_KEY, MODEL_BACKEND, SESSION_KEY,
};
pub use user_id::{python_int_from_str, user_id_to_python, UserId};
pub use users::{User, Users, DEFAULT_USERS};
