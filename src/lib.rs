//! Sessionscope: byte-exact re-implementations of Django 5.2's session engines (`engine`),
//! and the browser playground that animates them (`ui`).

pub mod engine;
pub mod ui;
