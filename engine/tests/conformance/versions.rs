//! The versions layout (`tests/conformance/versions/README.md`): version-independent
//! `scenarios/*.json` and, per Django release, `traces/django-X.Y/<same name>`. Every scenario
//! runs under every version that has a trace folder and is compared with that folder's trace.
//! A scenario without a trace in a present folder fails, and so does a folder named after no
//! supported version. Case ids are `<scenario>@django-X.Y`.

use crate::traces::check_scenario_as;
use crate::Outcome;
use sessionscope_engine::version::DjangoVersion;
use std::path::{Path, PathBuf};

fn json_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    paths
}

/// Every (scenario, version) case of the versions folder `dir`.
pub fn run(dir: &Path) -> Vec<Outcome> {
    let scenarios = json_files(&dir.join("scenarios"));
    let Ok(entries) = std::fs::read_dir(dir.join("traces")) else {
        return Vec::new();
    };
    let mut folders: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    folders.sort();
    let mut outcomes = Vec::new();
    for folder in folders {
        let folder_name = folder
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let version = folder_name
            .strip_prefix("django-")
            .and_then(DjangoVersion::from_name)
            .filter(|v| format!("django-{}", v.name()) == folder_name);
        let Some(version) = version else {
            outcomes.push(Outcome::fail(
                format!("traces/{folder_name}"),
                "not a supported version folder (django-4.2, django-5.2, django-6.0, django-6.1)",
            ));
            continue;
        };
        for scenario in &scenarios {
            let name = scenario.file_name().unwrap_or_default();
            let stem = scenario
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let id = format!("{stem}@django-{version}");
            match check_scenario_as(scenario, &folder.join(name), Some(version)) {
                Ok(()) => outcomes.push(Outcome::pass(id)),
                Err(why) => outcomes.push(Outcome::fail(id, why)),
            }
        }
    }
    outcomes
}

/// Passed and failed counts per version folder, for the summary.
pub fn per_version(outcomes: &[Outcome]) -> Vec<(String, usize, usize)> {
    let mut counts: Vec<(String, usize, usize)> = Vec::new();
    for outcome in outcomes {
        let Some((_, version)) = outcome.id.rsplit_once('@') else {
            continue;
        };
        let index = match counts.iter().position(|(v, _, _)| v == version) {
            Some(i) => i,
            None => {
                counts.push((version.to_owned(), 0, 0));
                counts.len() - 1
            }
        };
        if outcome.failure.is_some() {
            counts[index].2 += 1;
        } else {
            counts[index].1 += 1;
        }
    }
    counts
}
