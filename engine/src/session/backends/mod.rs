//! The five session engines of `django.contrib.sessions.backends`.

mod cache;
mod cached_db;
mod db;
mod file;
mod signed_cookies;

pub use cache::{full_cache_key, CacheStore, CACHE_KEY_PREFIX};
pub use cached_db::{CachedDbStore, CACHED_DB_KEY_PREFIX};
pub use db::DbStore;
pub use file::{check_storage_path, FileStore};
pub use signed_cookies::SignedCookieStore;

use crate::session::base::Session;
use crate::session::env::Env;
use crate::session::error::SessionError;

/// `create()` of the `db` and `file` backends (`backends/db.py`, `backends/file.py`, the same
/// loop in both): new keys until `save(must_create=True)` succeeds, then mark the session
/// modified. A `CreateError` (the key exists) means try the next key.
fn create_until_saved(session: &mut Session, env: &mut Env<'_>) -> Result<(), SessionError> {
    loop {
        let key = session.new_session_key(env)?;
        session.set_session_key(Some(key));
        match session.save(true, env) {
            Err(SessionError::CreateError) => continue,
            Err(other) => return Err(other),
            Ok(()) => {
                session.set_modified(true);
                return Ok(());
            }
        }
    }
}
