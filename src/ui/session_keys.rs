//! Session keys for the playground's scenarios.
//!
//! Django draws keys with `get_random_string(32, "abcdefghijklmnopqrstuvwxyz0123456789")`. The
//! engine takes keys as input (scenario `session_keys`), so the playground hands it keys drawn
//! from a seeded generator: they look like Django's, and re-running a scenario (after a
//! setting changed, or from a shared link) draws the same keys again. The generator is the
//! engine's ([`sessionscope_engine::keys::seeded_keys`]), so that `sessionscope render
//! --key-seed` draws the same keys as the page.

pub use sessionscope_engine::keys::seeded_keys;
