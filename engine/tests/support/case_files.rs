//! The case files under a folder named by a test (or by an environment variable): every file
//! `wanted` accepts, in every subfolder, in name order.

use std::path::{Path, PathBuf};

/// Adds to `files` every file under `dir` that `wanted` accepts (nothing when `dir` cannot be
/// read).
pub fn collect(dir: &Path, files: &mut Vec<PathBuf>, wanted: &dyn Fn(&Path) -> bool) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            collect(&path, files, wanted);
        } else if wanted(&path) {
            files.push(path);
        }
    }
}
