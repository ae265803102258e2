//! Django's sessions (`django.contrib.sessions`): the session object (`SessionBase`), its
//! five stores, and the settings they read.

mod event;
mod settings;

pub use event::{Event, EventKind, EventLog, Lane};
pub use settings::{CacheOptions, Engine, Settings, DEFAULT_SECRET_KEY};
