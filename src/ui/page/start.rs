//! How the page starts: from a share link, from the saved playground, or fresh; full or
//! embedded (`?embed=1` or `#…&embed`: only the stage and the player, for an `<iframe>` in
//! documentation). Plain logic; the app component applies the result.
//!
//! Nothing the user had is lost on the way: a saved playground this page cannot read is set
//! aside (not deleted), and so is the saved playground when a share link replaces it; the
//! banners say so and offer to switch back, download or discard ([`super::notices`]).

use super::address::{parse_fragment, query_wants_embed};
use super::document::{adopt_own_secrets, withhold_secrets, Secrets, SharedState};
use super::notices::{link_notice, withheld_notice, Notice};
use super::storage::PersistError;

/// Where the starting scenario came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// A share link in the fragment.
    Link,
    /// The playground saved in this browser.
    Saved,
    /// Nothing: a fresh playground.
    Fresh,
}

/// What the page starts with.
#[derive(Clone, Debug, PartialEq)]
pub struct Startup {
    /// The state to load, `None` for a fresh playground.
    pub state: Option<SharedState>,
    /// Where it came from.
    pub origin: Origin,
    /// Render only the stage and the player.
    pub embed: bool,
    /// Whether the playground should be saved as it changes (not when embedded).
    pub persist: bool,
    /// Banners to show.
    pub notices: Vec<Notice>,
    /// Why the saved playground could not be restored: it is to be moved aside (never
    /// deleted), so the next visit starts clean and the text is still there; its banner is
    /// [`super::notices::saved_notice`], once it has a key.
    pub saved_error: Option<PersistError>,
    /// A share link replaces a different saved playground, which is set aside so the user
    /// can switch back to it.
    pub link_replaces: Option<SharedState>,
}

/// Decides the start from `location.hash`, `location.search` and the saved state (which is
/// read at most once, and never when embedded).
pub fn startup(
    hash: &str,
    search: &str,
    saved: impl FnOnce() -> Option<Result<SharedState, PersistError>>,
) -> Startup {
    let fragment = parse_fragment(hash);
    let embed = fragment.embed || query_wants_embed(search);
    let mut notices = Vec::new();
    let saved = if embed { None } else { saved() };
    let (saved, saved_error) = match saved {
        Some(Ok(state)) => (Some(state), None),
        Some(Err(PersistError::Unavailable(_))) | None => (None, None),
        Some(Err(error)) => (None, Some(error)),
    };
    let mut link_replaces = None;
    let (state, origin) = match fragment.shared {
        // The address only says where the playground already is (it follows the
        // scenario): the saved playground, with its own keys, and nothing to warn about.
        Some(Ok(shared)) if saved.as_ref().is_some_and(|saved| reflects(&shared, saved)) => {
            (saved, Origin::Saved)
        }
        Some(Ok(mut shared)) => {
            if shared.secrets == Secrets::Withheld {
                let own_secret = saved
                    .as_ref()
                    .is_some_and(|saved| adopt_own_secrets(&mut shared.scenario, &saved.scenario));
                notices.push(withheld_notice(own_secret));
            }
            link_replaces = saved.filter(|saved| saved.scenario != shared.scenario);
            (Some(shared), Origin::Link)
        }
        Some(Err(error)) => {
            notices.push(link_notice(&error, saved.is_some()));
            let origin = if saved.is_some() {
                Origin::Saved
            } else {
                Origin::Fresh
            };
            (saved, origin)
        }
        None => match saved {
            Some(saved) => (Some(saved), Origin::Saved),
            None => (None, Origin::Fresh),
        },
    };
    Startup {
        state,
        origin,
        embed,
        persist: !embed,
        notices,
        saved_error,
        link_replaces,
    }
}

/// Whether `address` is what the playground writes into its own address for `saved`: the
/// same scenario and key seed, written without secrets when it has any
/// ([`super::document::encode`] with `include_secrets` false).
pub fn reflects(address: &SharedState, saved: &SharedState) -> bool {
    address.key_seed == saved.key_seed
        && match address.secrets {
            Secrets::Included => address.scenario == saved.scenario,
            Secrets::Withheld => address.scenario == withhold_secrets(&saved.scenario),
        }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::page::document::encode;
    use crate::ui::page::notices::{saved_notice, NoticeAction, NoticeKind};
    use sessionscope_engine::scenario::{Engine, Scenario, SettingChange};

    fn saved(engine: Engine, secret: Option<&str>) -> SharedState {
        let mut scenario = Scenario::new("mine", engine);
        if let Some(secret) = secret {
            scenario
                .settings
                .changes
                .push(SettingChange::SecretKey(secret.into()));
        }
        SharedState {
            scenario,
            key_seed: 9,
            secrets: Secrets::Included,
            unknown: Default::default(),
        }
    }

    fn link(engine: Engine, secret: Option<&str>, include: bool) -> String {
        format!("#{}", encode(&saved(engine, secret).scenario, 4, include))
    }

    #[test]
    fn a_link_wins_over_the_saved_playground_which_is_set_aside() {
        let start = startup(&link(Engine::File, None, true), "", || {
            Some(Ok(saved(Engine::Db, None)))
        });
        assert_eq!(start.origin, Origin::Link);
        assert_eq!(start.state.unwrap().scenario.engine, Engine::File);
        assert_eq!(
            start.link_replaces.map(|saved| saved.scenario.engine),
            Some(Engine::Db),
            "the saved playground is kept aside, not overwritten"
        );
        assert!(start.notices.is_empty());
        assert!(start.persist && !start.embed);

        let same = startup(&link(Engine::Db, None, true), "", || {
            Some(Ok(saved(Engine::Db, None)))
        });
        assert_eq!(
            same.link_replaces, None,
            "nothing to keep: it is the same scenario"
        );
    }

    #[test]
    fn an_address_that_follows_the_saved_playground_opens_it_without_a_banner() {
        for secret in [None, Some("my-own-secret")] {
            let own = saved(Engine::SignedCookies, secret);
            let address = format!("#{}", encode(&own.scenario, own.key_seed, false));
            let start = startup(&address, "?step=1", || Some(Ok(own.clone())));
            assert_eq!(start.origin, Origin::Saved, "secret {secret:?}");
            assert_eq!(
                start.state.as_ref().map(|s| &s.scenario),
                Some(&own.scenario),
                "the saved playground, its own key included"
            );
            assert!(start.notices.is_empty(), "{:?}", start.notices);
            assert_eq!(start.link_replaces, None);
        }
        // Another seed draws other session keys: a different playground, set aside.
        let own = saved(Engine::Db, None);
        let other_seed = format!("#{}", encode(&own.scenario, own.key_seed + 1, false));
        let start = startup(&other_seed, "", || Some(Ok(own.clone())));
        assert_eq!(start.origin, Origin::Link);
        // A link without secrets to someone else's scenario still says so.
        let theirs = link(Engine::Db, Some("theirs"), false);
        let start = startup(&theirs, "", || Some(Ok(saved(Engine::File, Some("mine")))));
        assert_eq!(start.origin, Origin::Link);
        assert_eq!(start.notices.len(), 1);
        assert!(start.link_replaces.is_some());
    }

    #[test]
    fn without_a_link_the_saved_playground_is_restored() {
        let start = startup("", "", || Some(Ok(saved(Engine::Cache, None))));
        assert_eq!(start.origin, Origin::Saved);
        assert_eq!(start.state.unwrap().scenario.engine, Engine::Cache);
        let fresh = startup("", "", || None);
        assert_eq!((fresh.origin, fresh.state), (Origin::Fresh, None));
    }

    #[test]
    fn a_corrupt_link_says_what_is_wrong_and_falls_back() {
        let start = startup("#v1.!!!", "", || Some(Ok(saved(Engine::Cache, None))));
        assert_eq!(start.origin, Origin::Saved);
        assert_eq!(start.notices.len(), 1);
        let notice = &start.notices[0];
        assert_eq!(notice.kind, NoticeKind::Error);
        assert!(notice.message.contains("'!'"), "{}", notice.message);
        assert!(notice.message.contains("saved in this browser"));

        let start = startup("#v9.abc", "", || None);
        assert_eq!(start.origin, Origin::Fresh);
        assert!(start.notices[0].message.contains("v9"));
        assert!(start.notices[0].message.contains("default playground"));
    }

    #[test]
    fn a_corrupt_saved_state_is_reported_and_set_aside_not_deleted() {
        let start = startup("", "", || Some(Err(PersistError::WrongFormat)));
        assert_eq!(start.origin, Origin::Fresh);
        let error = start.saved_error.expect("to be set aside");
        let notice = saved_notice(&error, "k.1".into());
        assert!(notice.title.contains("saved playground"));
        assert!(
            notice.message.contains("Nothing is deleted"),
            "{}",
            notice.message
        );
        assert!(!notice.message.contains("discarded"));
        assert_eq!(
            notice.actions,
            vec![
                NoticeAction::Download { key: "k.1".into() },
                NoticeAction::Discard { key: "k.1".into() }
            ]
        );
        let restored = startup("", "", || Some(Ok(saved(Engine::Cache, None))));
        assert_eq!(restored.saved_error, None);
        let newer = startup("", "", || {
            Some(Err(PersistError::UnsupportedVersion("2".into())))
        });
        let error = newer.saved_error.unwrap();
        assert!(saved_notice(&error, "k".into())
            .message
            .contains("newer Sessionscope"));
        let unavailable = startup("", "", || {
            Some(Err(PersistError::Unavailable("blocked".into())))
        });
        assert_eq!(
            unavailable.saved_error, None,
            "storage that cannot be read is left alone"
        );
        let linked = startup(&link(Engine::Db, None, true), "", || {
            Some(Err(PersistError::WrongFormat))
        });
        assert!(linked.saved_error.is_some());
        assert_eq!(linked.origin, Origin::Link);
    }

    #[test]
    fn withheld_secrets_use_the_receivers_own_key_when_they_have_one() {
        let hash = link(Engine::SignedCookies, Some("sender"), false);
        let start = startup(&hash, "", || Some(Ok(saved(Engine::Db, Some("receiver")))));
        let scenario = start.state.unwrap().scenario;
        assert_eq!(scenario.initial_settings().secret_key, "receiver");
        assert_eq!(start.notices[0].kind, NoticeKind::Info);
        assert!(start.notices[0]
            .message
            .contains("saved in your playground"));

        let start = startup(&hash, "", || None);
        assert_eq!(
            start.state.unwrap().scenario.initial_settings().secret_key,
            sessionscope_engine::session::DEFAULT_SECRET_KEY
        );
        assert!(start.notices[0].message.contains("default key"));
    }

    #[test]
    fn embedding_never_reads_or_writes_the_saved_playground() {
        let hash = format!("{}&embed", link(Engine::Db, None, true));
        let start = startup(&hash, "", || panic!("read saved state"));
        assert!(start.embed && !start.persist);
        assert_eq!(start.origin, Origin::Link);
        let start = startup(&link(Engine::Db, None, true), "?embed=1", || {
            panic!("read saved state")
        });
        assert!(start.embed);
        let broken = startup("#v1.@&embed", "", || panic!("read saved state"));
        assert_eq!(broken.origin, Origin::Fresh);
        assert_eq!(broken.notices.len(), 1);
    }
}
