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
