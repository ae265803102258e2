//! The conformance suite: every signing vector and every scenario/trace pair produced by real
//! Django 5.2, from `tests/conformance/django-5.2/` (copied from the project's shared data),
//! `tests/conformance/extra/` (cases we generated from real Django ourselves, same layout) and,
//! if set, the folder named by `SESSIONSCOPE_CONFORMANCE_DIR`; then the versions layout
//! (`tests/conformance/versions/`, Django 4.2, 5.2, 6.0 and 6.1, and, if set, the folder named
//! by `SESSIONSCOPE_VERSIONS_DIR`): every scenario under every version it has traces for, each
//! pair one case (`<scenario>@django-X.Y`).
//!
//! A failure names the case id and the first field that differs. The last line printed is
//! `conformance: N passed, M failed`.

mod traces;
mod vectors;
mod versions;

use std::path::{Path, PathBuf};

/// The result of one conformance case.
pub struct Outcome {
    /// The case id (a vector's `id`, or a scenario's file stem plus step index).
    pub id: String,
    /// `None` if the case passed; otherwise the first difference, in words.
    pub failure: Option<String>,
}

impl Outcome {
    pub fn pass(id: impl Into<String>) -> Outcome {
        Outcome {
            id: id.into(),
            failure: None,
        }
    }

    pub fn fail(id: impl Into<String>, why: impl Into<String>) -> Outcome {
        Outcome {
            id: id.into(),
            failure: Some(why.into()),
        }
    }
}

fn data_dirs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance");
    let mut dirs = vec![root.join("django-5.2")];
    let extra = root.join("extra");
    if extra.is_dir() {
        dirs.push(extra);
    }
    if let Ok(dir) = std::env::var("SESSIONSCOPE_CONFORMANCE_DIR") {
        if !dir.trim().is_empty() {
            dirs.push(PathBuf::from(dir));
        }
    }
    dirs
}

fn versions_dirs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance");
    let mut dirs = vec![root.join("versions")];
    if let Ok(dir) = std::env::var("SESSIONSCOPE_VERSIONS_DIR") {
        if !dir.trim().is_empty() {
            dirs.push(PathBuf::from(dir));
        }
    }
    dirs
}

#[test]
fn conformance() {
    let mut outcomes = Vec::new();
    for dir in data_dirs() {
        assert!(
            dir.is_dir(),
            "conformance folder {} does not exist",
            dir.display()
        );
        let before = outcomes.len();
        outcomes.extend(vectors::run(&dir));
        outcomes.extend(traces::run(&dir));
        assert!(
            outcomes.len() > before,
            "no conformance case found in {}",
            dir.display()
        );
    }
    let mut version_outcomes = Vec::new();
    for dir in versions_dirs() {
        assert!(
            dir.is_dir(),
            "versions conformance folder {} does not exist",
            dir.display()
        );
        let found = versions::run(&dir);
        assert!(
            !found.is_empty(),
            "no versions conformance case found in {}",
            dir.display()
        );
        version_outcomes.extend(found);
    }
    for (version, passed, failed) in versions::per_version(&version_outcomes) {
        println!("note versions {version}: {passed} passed, {failed} failed");
    }
    outcomes.extend(version_outcomes);
    let failed: Vec<&Outcome> = outcomes.iter().filter(|o| o.failure.is_some()).collect();
    for outcome in &failed {
        println!(
            "FAIL {}: {}",
            outcome.id,
            outcome.failure.as_deref().unwrap_or_default()
        );
    }
    let passed = outcomes.len() - failed.len();
    println!("conformance: {passed} passed, {} failed", failed.len());
    assert!(
        failed.is_empty(),
        "{} conformance case(s) failed (listed above)",
        failed.len()
    );
}
