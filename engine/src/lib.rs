//! The engine: Django's signing and sessions, sans-IO, as Django 4.2, 5.2, 6.0 and 6.1 do them
//! (one implementation; [`version::DjangoVersion`] holds the rules that differ; 5.2 unless a run
//! names another).
//!
//! Nothing in here reads the system clock, ambient randomness, the network or the file system:
//! time comes from a [`clock::Clock`] and session keys from a [`keys::SessionKeyGenerator`],
//! both passed in. Every failure is a value.

pub mod auth;
pub mod browser;
pub mod clock;
pub mod compress;
pub mod decoder;
pub mod deflate;
pub mod event;
pub mod export;
pub mod inflate;
pub mod json;
pub mod keys;
pub mod middleware;
pub mod pickle;
pub mod quoted;
pub mod render;
pub mod scenario;
pub mod secret_key;
pub mod session;
pub mod signing;
pub mod small_map;
pub mod small_sort;
pub mod splitmix;
pub mod time;
pub mod version;
