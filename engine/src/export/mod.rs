//! Files made from a scenario and its trace for use outside Sessionscope: a runnable Django
//! test module that checks real Django against the engine's bytes ([`DjangoTest`]), and a
//! Markdown bug report ([`bug_report`]). Text only: the caller writes or downloads it.
//!
//! Imports point down: this module reads [`crate::scenario`] (the scenario and its trace) and
//! [`crate::json`]; nothing below imports it.

mod bug_report;
mod django_test;
mod template;

pub use bug_report::bug_report;
pub use django_test::{DjangoTest, NotExportable};
pub use template::{Template, TemplateKind, TemplateMismatch};
