//! The Leptos playground. Depends on `crate::engine`; never the reverse.

/// Mounts the playground into the page's `<body>`.
pub fn start() {}
