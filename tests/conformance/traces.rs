//! Session scenarios (`scenarios/*.json`) replayed by the engine and compared with Django's
//! traces (`traces/*.json`, same file names).

use crate::Outcome;
use std::path::Path;

pub fn run(_dir: &Path) -> Vec<Outcome> {
    Vec::new()
}
