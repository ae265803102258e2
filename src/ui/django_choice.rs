//! Which Django the playground runs: the version switch beside the engine switch.
//!
//! The choice lives in the scenario itself ([`Scenario::django`]), so a share link, a saved
//! playground or an embed replays on the version it was made with. New playgrounds open on
//! the latest release; a scenario that names no version (every link made before the switch
//! existed, the conformance scenarios, the stories) runs as Django 5.2, byte for byte as before.

use sessionscope_engine::scenario::Scenario;
use sessionscope_engine::version::DjangoVersion;

/// The version a new playground runs: the latest release.
pub fn new_playground_django() -> Option<DjangoVersion> {
    Some(DjangoVersion::LATEST)
}

/// Sets the version `scenario` runs; returns whether the document changed. The version a
/// scenario runs without naming one ([`DjangoVersion::DEFAULT`]) is written out too, so that
/// picking 5.2 says so in the share document.
pub fn set_django(scenario: &mut Scenario, version: DjangoVersion) -> bool {
    let changed = scenario.django != Some(version);
    scenario.django = Some(version);
    changed
}

/// What the switch's button says: `4.2 LTS`, `5.2 LTS`, `6.0`, `6.1`.
pub fn switch_label(version: DjangoVersion) -> String {
    if is_lts(version) {
        format!("{} LTS", version.name())
    } else {
        version.name().to_owned()
    }
}

/// Whether the series is a long-term support release (Django's x.2 releases).
pub fn is_lts(version: DjangoVersion) -> bool {
    version.name().ends_with(".2")
}

/// The header's line on what runs: "Django 6.1's session engines, …".
pub fn header_line(version: DjangoVersion) -> String {
    format!(
        "Django {}'s session engines, byte for byte, running in your browser.",
        version.name()
    )
}

/// The switch's tooltip for one version: the exact release the engine reproduces.
pub fn switch_title(version: DjangoVersion) -> String {
    format!("Django {}", version.patch_release())
}

#[cfg(test)]
mod tests {
    use super::*;
    use sessionscope_engine::scenario::Engine;

    #[test]
    fn new_playgrounds_run_the_latest_release_and_old_documents_5_2() {
        assert_eq!(new_playground_django(), Some(DjangoVersion::V6_1));
        let old = Scenario::new("old link", Engine::Db);
        assert_eq!(old.django, None);
        assert_eq!(old.django_version(), DjangoVersion::V5_2);
    }

    #[test]
    fn setting_a_version_records_it_and_says_whether_the_document_changed() {
        let mut scenario = Scenario::new("s", Engine::Db);
        // Naming 5.2 on a document that names none runs the same bytes, but is recorded.
        assert!(set_django(&mut scenario, DjangoVersion::V5_2));
        assert_eq!(scenario.django, Some(DjangoVersion::V5_2));
        assert!(set_django(&mut scenario, DjangoVersion::V4_2));
        assert_eq!(scenario.django, Some(DjangoVersion::V4_2));
        assert!(!set_django(&mut scenario, DjangoVersion::V4_2));
    }

    #[test]
    fn labels_name_the_lts_releases_and_the_exact_patch_release() {
        let labels: Vec<String> = DjangoVersion::ALL.into_iter().map(switch_label).collect();
        assert_eq!(labels, ["4.2 LTS", "5.2 LTS", "6.0", "6.1"]);
        assert_eq!(switch_title(DjangoVersion::V4_2), "Django 4.2.30");
        assert!(header_line(DjangoVersion::V6_1).starts_with("Django 6.1's session engines"));
    }
}
