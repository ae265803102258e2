//! The Leptos playground. Depends on `crate::engine`; never the reverse.

pub mod clock_text;
pub mod cookie_parts;
pub mod cookie_size;
pub mod playback;
pub mod python;
pub mod session_keys;

use leptos::prelude::*;

/// Mounts the playground into the page's `<body>`.
pub fn start() {
    mount_to_body(|| view! { <main class="app">"Sessionscope"</main> });
}
