//! The Leptos playground. Depends on `crate::engine`; never the reverse.

pub mod clock_text;
pub mod compare;
pub mod cookie_parts;
pub mod cookie_size;
pub mod decoder;
pub mod persist;
pub mod playback;
pub mod python;
pub mod session_keys;
pub mod settings_py;
pub mod share;
pub mod stories;

use leptos::prelude::*;

/// Mounts the playground into the page's `<body>`.
pub fn start() {
    mount_to_body(|| view! { <main class="app">"Sessionscope"</main> });
}
