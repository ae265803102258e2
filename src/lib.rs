//! Sessionscope's playground: the Leptos app (`ui`) that animates the engine
//! ([`sessionscope_engine`], its own crate: Django 5.2's signing and sessions, sans-IO).
//! The playground depends on the engine, never the reverse.

pub mod ui;
