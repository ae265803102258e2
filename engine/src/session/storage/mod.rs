//! The server-side state the session engines read and write: the `django_session` table, the
//! LocMemCache and the session file directory. They outlive requests; a session object is
//! built per request on top of them.

mod files;
mod locmem;
mod table;

pub use files::{DirState, FileDir, OsErrorKind, SessionFile};
pub use locmem::{make_cache_key, CacheSlot, LocMemCache};
pub use table::{SessionRow, SessionTable, SqlLog, SqlQuery};

use crate::session::settings::CacheOptions;

/// Everything a Django server keeps between requests for sessions.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Server {
    /// The `django_session` table (db, cached_db).
    pub table: SessionTable,
    /// The `default` cache (cache, cached_db).
    pub cache: LocMemCache,
    /// The session file directory (file).
    pub files: FileDir,
    /// The distinct Python warnings emitted so far, in order of first emission
    /// ([`crate::session::Env::warn`]).
    pub warnings: Vec<String>,
    /// WARNING-or-worse lines Django logged since the runner last took them, as
    /// `"<logger> <LEVEL>: <message>"` ([`crate::session::Env::log`]).
    pub log: Vec<String>,
}

impl Server {
    /// A fresh server with an empty table, cache and directory.
    pub fn new(cache: CacheOptions) -> Server {
        Server {
            table: SessionTable::default(),
            cache: LocMemCache::new(cache),
            files: FileDir::default(),
            warnings: Vec::new(),
            log: Vec::new(),
        }
    }
}
