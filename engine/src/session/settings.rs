//! The Django settings a session scenario may change, with Django's defaults
//! (`django/conf/global_settings.py`), and the choice of session engine.

use std::fmt;

use crate::signing::SigningKeys;

/// The secret the conformance harness uses by default (Django itself has no default).
pub const DEFAULT_SECRET_KEY: &str = "oracle-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz";

/// `SESSION_ENGINE`: which `django.contrib.sessions.backends.<engine>` module stores sessions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Engine {
    /// `django.contrib.sessions.backends.db`: rows of the `django_session` table.
    Db,
    /// `django.contrib.sessions.backends.cache`: entries of the `default` cache (LocMemCache).
    Cache,
    /// `django.contrib.sessions.backends.cached_db`: write-through cache in front of the table.
    CachedDb,
    /// `django.contrib.sessions.backends.file`: one file per session in a directory.
    File,
    /// `django.contrib.sessions.backends.signed_cookies`: the data lives in the cookie itself.
    SignedCookies,
}

impl Engine {
    /// All five engines, in the order Django's documentation lists them.
    pub const ALL: [Engine; 5] = [
        Engine::Db,
        Engine::Cache,
        Engine::CachedDb,
        Engine::File,
        Engine::SignedCookies,
    ];

    /// The short name used in scenario files: `db`, `cache`, `cached_db`, `file`,
    /// `signed_cookies`.
    pub fn name(self) -> &'static str {
        match self {
            Engine::Db => "db",
            Engine::Cache => "cache",
            Engine::CachedDb => "cached_db",
            Engine::File => "file",
            Engine::SignedCookies => "signed_cookies",
        }
    }

    /// The dotted module name Django's `SESSION_ENGINE` setting holds.
    pub fn django_module(self) -> &'static str {
        match self {
            Engine::Db => "django.contrib.sessions.backends.db",
            Engine::Cache => "django.contrib.sessions.backends.cache",
            Engine::CachedDb => "django.contrib.sessions.backends.cached_db",
            Engine::File => "django.contrib.sessions.backends.file",
            Engine::SignedCookies => "django.contrib.sessions.backends.signed_cookies",
        }
    }

    /// Parses a short name (`db`, …) or a full dotted module name.
    pub fn from_name(name: &str) -> Option<Engine> {
        Engine::ALL
            .into_iter()
            .find(|e| e.name() == name || e.django_module() == name)
    }

    /// Whether this engine keeps rows in the `django_session` table.
    pub fn uses_db(self) -> bool {
        matches!(self, Engine::Db | Engine::CachedDb)
    }

    /// Whether this engine keeps entries in the cache.
    pub fn uses_cache(self) -> bool {
        matches!(self, Engine::Cache | Engine::CachedDb)
    }
}

impl fmt::Display for Engine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// `SESSION_SERIALIZER`: how `SessionBase.encode()`/`decode()` and the signed_cookies engine
/// turn a session dict into bytes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Serializer {
    /// `"django.contrib.sessions.serializers.JSONSerializer"` (Django's default): compact JSON.
    #[default]
    Json,
    /// `"django.contrib.sessions.serializers.PickleSerializer"`: pickle protocol 5. Exists in
    /// Django 4.2 only ([`crate::version::DjangoVersion::has_pickle_serializer`]).
    Pickle,
}

impl Serializer {
    /// The short name scenario files use: `"json"`, `"pickle"`.
    pub fn name(self) -> &'static str {
        match self {
            Serializer::Json => "json",
            Serializer::Pickle => "pickle",
        }
    }

    /// The dotted path Django's setting holds.
    pub fn django_path(self) -> &'static str {
        match self {
            Serializer::Json => "django.contrib.sessions.serializers.JSONSerializer",
            Serializer::Pickle => "django.contrib.sessions.serializers.PickleSerializer",
        }
    }

    /// Parses a short name or the dotted path.
    pub fn from_name(name: &str) -> Option<Serializer> {
        [Serializer::Json, Serializer::Pickle]
            .into_iter()
            .find(|s| s.name() == name || s.django_path() == name)
    }
}

/// The settings sessions read, each named after its Django setting.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    /// `SECRET_KEY`: signs session data and signed cookies.
    pub secret_key: String,
    /// `SECRET_KEY_FALLBACKS`: older keys still accepted when verifying, tried in order.
    pub secret_key_fallbacks: Vec<String>,
    /// `SESSION_COOKIE_NAME` (default `"sessionid"`); also the file backend's file prefix.
    pub cookie_name: String,
    /// `SESSION_COOKIE_AGE` in seconds (default two weeks, 1209600).
    pub cookie_age: i64,
    /// `SESSION_COOKIE_DOMAIN` (default `None`: no `Domain` attribute).
    pub cookie_domain: Option<String>,
    /// `SESSION_COOKIE_PATH` (default `"/"`).
    pub cookie_path: String,
    /// `SESSION_COOKIE_SECURE` (default `False`).
    pub cookie_secure: bool,
    /// `SESSION_COOKIE_HTTPONLY` (default `True`).
    pub cookie_httponly: bool,
    /// `SESSION_COOKIE_SAMESITE` (default `"Lax"`; `None` omits the attribute).
    pub cookie_samesite: Option<String>,
    /// `SESSION_SAVE_EVERY_REQUEST` (default `False`).
    pub save_every_request: bool,
    /// `SESSION_EXPIRE_AT_BROWSER_CLOSE` (default `False`).
    pub expire_at_browser_close: bool,
    /// `SESSION_SERIALIZER` (default JSON).
    pub serializer: Serializer,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            secret_key: DEFAULT_SECRET_KEY.to_owned(),
            secret_key_fallbacks: Vec::new(),
            cookie_name: "sessionid".to_owned(),
            cookie_age: 1_209_600,
            cookie_domain: None,
            cookie_path: "/".to_owned(),
            cookie_secure: false,
            cookie_httponly: true,
            cookie_samesite: Some("Lax".to_owned()),
            save_every_request: false,
            expire_at_browser_close: false,
            serializer: Serializer::Json,
        }
    }
}

impl Settings {
    /// The names scenario files may use, in the README's order.
    pub const NAMES: [&'static str; 12] = [
        "SECRET_KEY",
        "SECRET_KEY_FALLBACKS",
        "SESSION_COOKIE_NAME",
        "SESSION_COOKIE_AGE",
        "SESSION_COOKIE_DOMAIN",
        "SESSION_COOKIE_PATH",
        "SESSION_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "SESSION_COOKIE_SAMESITE",
        "SESSION_SAVE_EVERY_REQUEST",
        "SESSION_EXPIRE_AT_BROWSER_CLOSE",
        "SESSION_SERIALIZER",
    ];

    /// The keys `django.core.signing` signs and verifies with under these settings:
    /// `Signer.__init__` (`django/core/signing.py`) takes `key=settings.SECRET_KEY` and
    /// `fallback_keys=settings.SECRET_KEY_FALLBACKS` when none are passed, as every session
    /// engine does.
    pub fn signing_keys(&self) -> SigningKeys {
        SigningKeys {
            secret: self.secret_key.clone(),
            fallbacks: self.secret_key_fallbacks.clone(),
        }
    }

    /// `rotate_secret`: the current key becomes the first fallback and `new_key` signs from
    /// now on (the procedure Django's documentation describes for `SECRET_KEY_FALLBACKS`).
    pub fn rotate_secret(&mut self, new_key: &str) {
        let old = std::mem::replace(&mut self.secret_key, new_key.to_owned());
        self.secret_key_fallbacks.insert(0, old);
    }
}

/// `CACHES["default"]["OPTIONS"]` of the LocMemCache (`django/core/cache/backends/base.py`,
/// `BaseCache.__init__`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CacheOptions {
    /// `MAX_ENTRIES` (default 300): a write culls first when the cache holds this many.
    pub max_entries: i64,
    /// `CULL_FREQUENCY` (default 3): a cull removes `len // CULL_FREQUENCY` entries; 0 clears.
    pub cull_frequency: i64,
}

impl Default for CacheOptions {
    fn default() -> Self {
        CacheOptions {
            max_entries: 300,
            cull_frequency: 3,
        }
    }
}
