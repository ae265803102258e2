//! The topology README's world: several Django instances (`instances`), the load balancer's
//! rule (`routing`, `route`) and a rolling `deploy`. Typed only: read and written by
//! `parse_topology`; the concurrent step's types are with the other steps'.

use super::settings_patch::SettingsPatch;

/// The instance a scenario without `instances` has: `{"web": {}}`.
pub const DEFAULT_INSTANCE: &str = "web";

/// One Django process (a gunicorn worker, a pod): its own `SessionMiddleware`, settings and
/// per-process state.
#[derive(Clone, Debug, PartialEq)]
pub struct Instance {
    /// Its name (never contains `:`).
    pub name: String,
    /// `settings`: overrides on top of the scenario's `settings`.
    pub settings: SettingsPatch,
    /// `cache: "own"`: a LocMemCache of its own (Django's default `CACHES`, one per process);
    /// `false` (`"shared"`): the one cache every shared instance uses (like Redis).
    pub own_cache: bool,
    /// `file_dir: "own"`: a `SESSION_FILE_PATH` of its own (a local disk); `false`
    /// (`"shared"`): the one directory every shared instance uses (like NFS).
    pub own_files: bool,
}

impl Instance {
    /// An instance with every default (shared cache and directory, no overrides).
    pub fn new(name: impl Into<String>) -> Instance {
        Instance {
            name: name.into(),
            settings: SettingsPatch::default(),
            own_cache: false,
            own_files: false,
        }
    }
}

/// How the load balancer picks the instance of a request that names none.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Routing {
    /// `"web2"`: every request goes there.
    Pinned(String),
    /// `{"round_robin": [...]}`: in turn.
    RoundRobin(Vec<String>),
    /// `{"sticky": [...]}`: a browser's first request in turn, its later ones to the same
    /// instance.
    Sticky(Vec<String>),
}

/// `{"deploy": {"instance", "settings"}}`: one instance's settings change and it restarts.
#[derive(Clone, Debug, PartialEq)]
pub struct Deploy {
    /// Which instance.
    pub instance: String,
    /// The settings it is updated with (`{}`: a plain restart).
    pub settings: SettingsPatch,
}

impl Routing {
    /// The instance names the rule uses.
    pub fn names(&self) -> &[String] {
        match self {
            Routing::Pinned(name) => std::slice::from_ref(name),
            Routing::RoundRobin(names) | Routing::Sticky(names) => names,
        }
    }
}
