//! Links without secrets: `SECRET_KEY`, `SECRET_KEY_FALLBACKS` and rotated keys are left out
//! unless the sender asks for them, and the receiver may sign with their own keys instead.

use sessionscope_engine::scenario::{Scenario, SettingChange, SettingsPatch, Step};

/// Whether a shared scenario carries its secrets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Secrets {
    /// `SECRET_KEY`, `SECRET_KEY_FALLBACKS` and rotated keys are in the link.
    Included,
    /// They were left out: the receiver signs with the default key (or their own).
    Withheld,
}

impl Secrets {
    pub(super) fn name(self) -> &'static str {
        match self {
            Secrets::Included => "included",
            Secrets::Withheld => "withheld",
        }
    }
}

/// Whether the scenario names any key other than the playground's default secret.
pub fn has_secrets(scenario: &Scenario) -> bool {
    let secret_change = |patch: &SettingsPatch| patch.changes.iter().any(is_secret_change);
    secret_change(&scenario.settings)
        || scenario.steps.iter().any(|step| match step {
            Step::RotateSecret(_) => true,
            Step::Settings(patch) => secret_change(patch),
            _ => false,
        })
}

fn is_secret_change(change: &SettingChange) -> bool {
    matches!(
        change,
        SettingChange::SecretKey(_) | SettingChange::SecretKeyFallbacks(_)
    )
}

/// The text rotated keys become in a link without secrets.
pub fn withheld_rotation_key(n: usize) -> String {
    format!("withheld-rotated-key-{n}")
}

/// The scenario without its secrets: `SECRET_KEY`/`SECRET_KEY_FALLBACKS` changes are dropped
/// (the receiver's own, or the default, apply) and each `rotate_secret` rotates to a
/// placeholder key ([`withheld_rotation_key`]) so the story of the rotation survives.
pub fn withhold_secrets(scenario: &Scenario) -> Scenario {
    let mut out = scenario.clone();
    out.settings.changes.retain(|c| !is_secret_change(c));
    let mut rotations = 0;
    for step in &mut out.steps {
        match step {
            Step::RotateSecret(key) => {
                rotations += 1;
                *key = withheld_rotation_key(rotations);
            }
            Step::Settings(patch) => patch.changes.retain(|c| !is_secret_change(c)),
            _ => {}
        }
    }
    out
}

/// Gives a scenario received without secrets the receiver's own `SECRET_KEY` and fallbacks
/// (from the scenario they had saved), if they had set any. Returns whether any were applied.
pub fn adopt_own_secrets(received: &mut Scenario, own: &Scenario) -> bool {
    let own_keys: Vec<SettingChange> = own
        .settings
        .changes
        .iter()
        .filter(|c| is_secret_change(c))
        .cloned()
        .collect();
    let applied = !own_keys.is_empty();
    received.settings.changes.extend(own_keys);
    applied
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::page::document::{decode, encode, rich_scenario};
    use sessionscope_engine::scenario::Engine;
    use sessionscope_engine::signing::b64_decode;

    #[test]
    fn secrets_are_withheld_unless_asked_for() {
        let scenario = rich_scenario();
        let fragment = encode(&scenario, 1, false);
        let shared = decode(&fragment).unwrap();
        assert_eq!(shared.secrets, Secrets::Withheld);
        assert!(!has_secrets(&Scenario {
            steps: Vec::new(),
            ..shared.scenario.clone()
        }));
        assert!(!shared
            .scenario
            .settings
            .changes
            .iter()
            .any(is_secret_change));
        assert_eq!(
            shared.scenario.steps[2],
            Step::RotateSecret(withheld_rotation_key(1))
        );
        assert_eq!(
            shared.scenario.steps[4],
            Step::Settings(SettingsPatch::default())
        );
        let json = String::from_utf8(
            sessionscope_engine::compress::zlib_decompress(
                &b64_decode(&fragment.as_bytes()[3..]).unwrap(),
            )
            .unwrap(),
        )
        .unwrap();
        assert!(!json.contains("my-real-secret") && !json.contains("next-secret"));
        // Other settings survive.
        assert!(shared
            .scenario
            .settings
            .changes
            .contains(&SettingChange::CookieAge(3600)));
    }

    #[test]
    fn a_scenario_without_secrets_is_marked_included() {
        let scenario = Scenario::new("plain", Engine::Db);
        assert!(!has_secrets(&scenario));
        assert_eq!(
            decode(&encode(&scenario, 1, false)).unwrap().secrets,
            Secrets::Included
        );
    }

    #[test]
    fn the_receiver_can_adopt_their_own_secret() {
        let mut received = withhold_secrets(&rich_scenario());
        let mut own = Scenario::new("mine", Engine::Db);
        assert!(!adopt_own_secrets(&mut received, &own));
        own.settings
            .changes
            .push(SettingChange::SecretKey("theirs".into()));
        assert!(adopt_own_secrets(&mut received, &own));
        assert_eq!(received.initial_settings().secret_key, "theirs");
    }
}
