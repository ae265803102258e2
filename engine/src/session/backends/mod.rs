//! The five session engines of `django.contrib.sessions.backends`, and the choice among them:
//! [`store_for`] is `import_module(settings.SESSION_ENGINE).SessionStore`, which Django's
//! `SessionMiddleware.__init__` (`django/contrib/sessions/middleware.py`) looks up once.

mod cache;
mod cached_db;
mod db;
mod file;
mod server_side;
mod signed_cookies;

pub use cache::{full_cache_key, CacheStore, CACHE_KEY_PREFIX};
pub use cached_db::{CachedDbStore, CACHED_DB_KEY_PREFIX};
pub use db::DbStore;
pub use file::{check_storage_path, FileStore};
pub use signed_cookies::SignedCookieStore;

use crate::session::base::{Session, SessionStore};
use crate::session::settings::Engine;

/// The store of `engine`: `import_module(SESSION_ENGINE).SessionStore`.
pub fn store_for(engine: Engine) -> &'static dyn SessionStore {
    match engine {
        Engine::Db => &DbStore,
        Engine::Cache => &CacheStore,
        Engine::CachedDb => &CachedDbStore,
        Engine::File => &FileStore,
        Engine::SignedCookies => &SignedCookieStore,
    }
}

impl Session {
    /// `SessionStore(session_key)` of `engine`'s backend module (what
    /// `SessionMiddleware.process_request` builds): [`Session::with_store`] with
    /// [`store_for`]`(engine)`.
    pub fn new(engine: Engine, session_key: Option<&str>, file_prefix: &str) -> Session {
        Session::with_store(store_for(engine), session_key, file_prefix)
    }
}
