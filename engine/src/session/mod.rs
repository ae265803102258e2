//! Django's sessions (`django.contrib.sessions`): the session object (`SessionBase`), its
//! five stores, the server-side storage they use, and the settings they read.
//!
//! A [`Session`] is built per request from the cookie's key and the store of the engine in
//! use; its methods take an [`Env`] (clock, settings, key generator, server storage, event and
//! SQL logs). Each engine is a [`SessionStore`] (`base.rs`, which names no engine); the
//! backends (`backends/`) implement it and [`store_for`] picks one, as `SESSION_ENGINE` does.

mod backends;
mod base;
mod codec;
mod env;
mod error;
mod expiry;
mod mapping;
mod settings;
mod storage;

pub use backends::{
    check_storage_path, full_cache_key, store_for, CacheStore, CachedDbStore, DbStore, FileStore,
    SignedCookieStore, CACHED_DB_KEY_PREFIX, CACHE_KEY_PREFIX,
};
pub use base::{Session, SessionStore};
pub use codec::{
    decode, decode_or_empty, decode_with, dumps_with, encode, encode_with, loads_with,
    PICKLE_WARNING, SIGNED_COOKIE_SALT, STORE_SALT,
};
pub use env::Env;
pub use error::SessionError;
pub use expiry::{
    expire_at_browser_close, expiry_age, expiry_date, is_truthy, python_type_name,
    timedelta_micros, ExpiryAge, ExpirySource, ExpiryValue, EXPIRY_KEY,
};
pub use mapping::{TEST_COOKIE_NAME, TEST_COOKIE_VALUE};
pub use settings::{CacheOptions, Engine, Serializer, Settings, DEFAULT_SECRET_KEY};
pub use storage::{
    make_cache_key, CacheSlot, DirState, FileDir, LocMemCache, OsErrorKind, Server, SessionFile,
    SessionRow, SessionTable, SqlLog, SqlQuery,
};
