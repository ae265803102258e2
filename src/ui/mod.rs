//! The Leptos playground. Depends on `sessionscope_engine`; never the reverse.
//!
//! Logic lives in plain modules with plain unit tests (`model`, `playback`, `timeline`,
//! `actions`, `cookie_parts`, …); the components in `components` only display them.

pub mod actions;
pub mod clock_text;
pub mod compare;
pub mod components;
pub mod cookie_size;
pub mod decoder;
pub mod event_text;
pub mod jar_view;
pub mod markup;
pub mod model;
pub mod persist;
pub mod playback;
pub mod python;
pub mod response_view;
pub mod session_keys;
pub mod settings_py;
pub mod share;
pub mod signed_value;
pub mod stage_view;
pub mod startup;
pub mod state;
pub mod stories;
pub mod timeline;

use leptos::prelude::*;

/// Mounts the playground into the page's `<body>`.
pub fn start() {
    mount_to_body(components::App);
}
