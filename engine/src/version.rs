//! Which Django runs: the four releases the engine reproduces (the folders of
//! `tests/conformance/versions/traces/`), and the small profile of rules that differ between
//! them. Everything not listed here is byte-identical in all four (signing, JSON, compression,
//! the cookie rendering, the engines' SQL, rows, files and cache entries).
//!
//! The engine has one implementation; each place where Django changed asks the version in
//! force through one of the methods below, whose doc comment names the release and the
//! function that changed. A run names its version like it names its settings
//! ([`crate::scenario::Scenario::django`]); none means [`DjangoVersion::DEFAULT`] (5.2).

use std::fmt;

/// A Django release series, standing for one exact patch release
/// ([`DjangoVersion::patch_release`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DjangoVersion {
    /// Django 4.2 LTS (4.2.30, its last release).
    V4_2,
    /// Django 5.2 LTS (5.2.19). What the engine ran before versions existed.
    #[default]
    V5_2,
    /// Django 6.0 (6.0.10).
    V6_0,
    /// Django 6.1 (6.1.3).
    V6_1,
}

impl DjangoVersion {
    /// The four versions, oldest first.
    pub const ALL: [DjangoVersion; 4] = [
        DjangoVersion::V4_2,
        DjangoVersion::V5_2,
        DjangoVersion::V6_0,
        DjangoVersion::V6_1,
    ];

    /// The version a run uses when it names none.
    pub const DEFAULT: DjangoVersion = DjangoVersion::V5_2;

    /// The newest version.
    pub const LATEST: DjangoVersion = DjangoVersion::V6_1;

    /// The series as scenario documents and trace folders spell it: `"4.2"`, `"5.2"`, `"6.0"`,
    /// `"6.1"`.
    pub fn name(self) -> &'static str {
        match self {
            DjangoVersion::V4_2 => "4.2",
            DjangoVersion::V5_2 => "5.2",
            DjangoVersion::V6_0 => "6.0",
            DjangoVersion::V6_1 => "6.1",
        }
    }

    /// The exact release the engine reproduces for this series (the one the conformance
    /// traces were produced with).
    pub fn patch_release(self) -> &'static str {
        match self {
            DjangoVersion::V4_2 => "4.2.30",
            DjangoVersion::V5_2 => "5.2.19",
            DjangoVersion::V6_0 => "6.0.10",
            DjangoVersion::V6_1 => "6.1.3",
        }
    }

    /// Reads `"4.2"`, `"5.2"`, `"6.0"`, `"6.1"`, or one of the exact patch releases.
    pub fn from_name(name: &str) -> Option<DjangoVersion> {
        DjangoVersion::ALL
            .into_iter()
            .find(|v| v.name() == name || v.patch_release() == name)
    }

    /// Row 1, `SESSION_SAVE_EVERY_REQUEST` and `Vary: Cookie`: whether
    /// `SessionMiddleware.process_response` (`contrib/sessions/middleware.py`) adds
    /// `Vary: Cookie` when it set the session cookie, even if the session was never accessed.
    /// Added in 5.2.14 and 6.0.5 (CVE-2026-35192: `need_vary_cookie = True` after
    /// `set_cookie`); 4.2 patches `Vary` only on deletion or access, and was never fixed.
    pub fn sends_vary_on_save_every_request(self) -> bool {
        self >= DjangoVersion::V5_2
    }

    /// Row 2, `patch_vary_headers` (`utils/cache.py`): from 6.1 the existing `Vary` value is
    /// split with `split_header_value()` (`utils/http.py`: every item stripped, empty items
    /// dropped); up to 6.0 it was `cc_delim_re.split()` (`\s*,\s*`, nothing else stripped).
    pub fn patch_vary_strips_items(self) -> bool {
        self >= DjangoVersion::V6_1
    }

    /// Row 3, `bool(request.session)`: `SessionBase.__bool__` (`contrib/sessions/backends/
    /// base.py`, new in 6.1) returns `not self.is_empty()`; before 6.1 `SessionBase` had neither
    /// `__bool__` nor `__len__`, so a session was always true.
    pub fn session_bool_is_not_empty(self) -> bool {
        self >= DjangoVersion::V6_1
    }

    /// Row 4, the async session API (`aget`, `aset`, `acycle_key`, …, on `SessionBase` and
    /// every engine in `contrib/sessions/backends/`): new in 5.1. On 4.2 the attribute lookup
    /// raises `AttributeError`.
    pub fn has_async_session_api(self) -> bool {
        self >= DjangoVersion::V5_2
    }

    /// Row 4, `django.contrib.auth.alogin`, `alogout` and `aget_user`
    /// (`contrib/auth/__init__.py`): new in 5.0; 4.2 raises `AttributeError`.
    pub fn has_async_auth_api(self) -> bool {
        self >= DjangoVersion::V5_2
    }

    /// Row 5, the cache engine's async key-collision check: `BaseCache.ahas_key`
    /// (`core/cache/backends/base.py`) up to 6.0 is `await self.aget(key, missing) is not
    /// missing`, and LocMemCache's `get` moves a live entry to the most recently used end;
    /// 6.1 calls the backend's own `has_key`, which never moves an entry (as sync `exists`
    /// always did). `cache.SessionStore.aexists` (`contrib/sessions/backends/cache.py`) runs it
    /// for every key `acreate` tries.
    pub fn async_exists_refreshes_lru(self) -> bool {
        self.has_async_session_api() && self < DjangoVersion::V6_1
    }

    /// Row 6, `SESSION_SERIALIZER = "django.contrib.sessions.serializers.PickleSerializer"`:
    /// exists in 4.2 (`contrib/sessions/serializers.py`, deprecated since 4.1, emitting
    /// `RemovedInDjango50Warning`); removed in 5.0, so `SessionBase.__init__`'s
    /// `import_string(settings.SESSION_SERIALIZER)` raises `ImportError`.
    pub fn has_pickle_serializer(self) -> bool {
        self < DjangoVersion::V5_2
    }

    /// Row 7, `cached_db.SessionStore.save` (`contrib/sessions/backends/cached_db.py`): from
    /// 5.1 a failing cache write after the database write is logged (`logger.exception`, the
    /// `django.contrib.sessions` logger) and ignored; 4.2 lets the exception propagate (the
    /// database row is already written).
    pub fn cached_db_logs_cache_write_errors(self) -> bool {
        self >= DjangoVersion::V5_2
    }
}

impl fmt::Display for DjangoVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_the_default_is_5_2() {
        for v in DjangoVersion::ALL {
            assert_eq!(DjangoVersion::from_name(v.name()), Some(v));
            assert_eq!(DjangoVersion::from_name(v.patch_release()), Some(v));
        }
        assert_eq!(DjangoVersion::default(), DjangoVersion::DEFAULT);
        assert_eq!(DjangoVersion::DEFAULT.name(), "5.2");
        assert_eq!(DjangoVersion::from_name("5.0"), None);
    }

    #[test]
    fn the_profile_matches_the_versions_table() {
        use DjangoVersion::*;
        let rows = |f: fn(DjangoVersion) -> bool| DjangoVersion::ALL.map(f);
        assert_eq!(
            rows(DjangoVersion::sends_vary_on_save_every_request),
            [false, true, true, true]
        );
        assert_eq!(
            rows(DjangoVersion::patch_vary_strips_items),
            [false, false, false, true]
        );
        assert_eq!(
            rows(DjangoVersion::session_bool_is_not_empty),
            [false, false, false, true]
        );
        assert_eq!(
            rows(DjangoVersion::has_async_session_api),
            [false, true, true, true]
        );
        assert_eq!(
            rows(DjangoVersion::async_exists_refreshes_lru),
            [false, true, true, false]
        );
        assert_eq!(
            rows(DjangoVersion::has_pickle_serializer),
            [true, false, false, false]
        );
        assert_eq!(
            rows(DjangoVersion::cached_db_logs_cache_write_errors),
            [false, true, true, true]
        );
        assert!(V4_2 < V5_2 && V6_0 < V6_1);
    }
}
