//! How the page starts: from a share link, from the saved playground, or fresh; full or
//! embedded (`?embed=1` or `#…&embed`: only the stage and the player, for an `<iframe>` in
//! documentation). Plain logic; the app component applies the result.
//!
//! Nothing the user had is lost on the way: a saved playground this page cannot read is set
//! aside (not deleted), and so is the saved playground when a share link replaces it; the
//! banners say so and offer to switch back, download or discard ([`super::notices`]).

use sessionscope_engine::browser::rules::BrowserSettings;

use super::address::{parse_fragment, query_wants_embed, PageParams};
use super::document::{adopt_own_secrets, withhold_secrets, Secrets, SharedState};
use super::notices::{link_notice, withheld_notice, Notice};
use super::storage::{AsideEntry, PersistError};

/// Where the starting scenario came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// A share link in the fragment.
    Link,
    /// The playground saved in this browser.
    Saved,
    /// Nothing: a fresh playground.
    Fresh,
    /// A playground kept aside in this browser, whose address this is (a tab whose playground
    /// moved aside when another tab saved its own, reloaded): not a shared link.
    Kept,
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
    /// The key of the playground kept aside that the address opens ([`Origin::Kept`]): its
    /// changes are saved there.
    pub kept_key: Option<String>,
    /// The link or the saved playground has several Django instances or concurrent requests
    /// and the page's code for them has not loaded: the page loads it and starts again
    /// (`crate::ui::start`).
    pub needs_topology_code: bool,
}

/// Decides the start from `location.hash`, `location.search` and the saved state (which is
/// read at most once, and never when embedded); an embed's `django=` sets the version its
/// shared scenario runs on, and its `browser=` the browser whose cookie rules run it; `kept` gives the playgrounds kept aside, read
/// only for an address that is not the saved playground's. (Callbacks as `dyn`: one copy of
/// this function in the page, whoever calls it.)
pub fn startup(
    hash: &str,
    search: &str,
    saved: &dyn Fn() -> Option<Result<SharedState, PersistError>>,
    kept: &dyn Fn() -> Vec<AsideEntry>,
) -> Startup {
    let fragment = parse_fragment(hash);
    let embed = fragment.embed || query_wants_embed(search);
    let mut notices = Vec::new();
    let saved = if embed { None } else { saved() };
    let needs_topology_code = matches!(&fragment.shared, Some(Err(e)) if e.needs_topology_code())
        || matches!(&saved, Some(Err(e)) if e.needs_topology_code());
    let (saved, saved_error) = match saved {
        Some(Ok(state)) => (Some(state), None),
        Some(Err(PersistError::Unavailable(_))) | None => (None, None),
        Some(Err(error)) => (None, Some(error)),
    };
    let mut link_replaces = None;
    let mut kept_key = None;
    let kept_match = match &fragment.shared {
        Some(Ok(shared)) if !embed && !saved.as_ref().is_some_and(|s| reflects(shared, s)) => {
            kept_entry(shared, kept())
        }
        _ => None,
    };
    let (state, origin) = match (fragment.shared, kept_match) {
        // The address only says where the playground already is (it follows the
        // scenario): the saved playground, with its own keys, and nothing to warn about.
        (Some(Ok(shared)), _) if saved.as_ref().is_some_and(|saved| reflects(&shared, saved)) => {
            (saved, Origin::Saved)
        }
        // The address of a playground kept aside (this tab's, say, after another tab saved
        // its own): that one, with its own keys, and saved where it is kept.
        (Some(Ok(_)), Some((key, kept))) => {
            kept_key = Some(key);
            (Some(kept), Origin::Kept)
        }
        (Some(Ok(mut shared)), _) => {
            if shared.secrets == Secrets::Withheld {
                let own_secret = saved
                    .as_ref()
                    .is_some_and(|saved| adopt_own_secrets(&mut shared.scenario, &saved.scenario));
                notices.push(withheld_notice(own_secret));
            }
            link_replaces = saved.filter(|saved| saved.scenario != shared.scenario);
            (Some(shared), Origin::Link)
        }
        (Some(Err(error)), _) => {
            notices.push(link_notice(&error, saved.is_some()));
            let origin = if saved.is_some() {
                Origin::Saved
            } else {
                Origin::Fresh
            };
            (saved, origin)
        }
        (None, _) => match saved {
            Some(saved) => (Some(saved), Origin::Saved),
            None => (None, Origin::Fresh),
        },
    };
    let mut state = state;
    let params = PageParams::parse(search);
    if let (true, Some(state)) = (embed, &mut state) {
        if let Some(version) = params.django {
            state.scenario.django = Some(version);
        }
        if let Some(browser) = params.browser {
            state.scenario.browser_rules = Some(BrowserSettings::of(browser));
        }
    }
    Startup {
        state,
        origin,
        embed,
        persist: !embed,
        notices,
        saved_error,
        link_replaces,
        kept_key,
        needs_topology_code,
    }
}

/// The key and playground of the entry among `kept` whose address `address` is.
fn kept_entry(address: &SharedState, kept: Vec<AsideEntry>) -> Option<(String, SharedState)> {
    kept.into_iter().find_map(|entry| {
        let state = entry.state.ok().filter(|state| reflects(address, state))?;
        Some((entry.key, state))
    })
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
    use crate::ui::page::notices::{kept_notice, saved_notice, NoticeAction, NoticeKind};
    use crate::ui::page::storage::AsideEntry;
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

    /// The start when nothing is kept aside.
    fn open(
        hash: &str,
        search: &str,
        saved: impl Fn() -> Option<Result<SharedState, PersistError>>,
    ) -> Startup {
        startup(hash, search, &saved, &Vec::new)
    }

    fn link(engine: Engine, secret: Option<&str>, include: bool) -> String {
        format!("#{}", encode(&saved(engine, secret).scenario, 4, include))
    }

    #[test]
    fn a_link_wins_over_the_saved_playground_which_is_set_aside() {
        let start = open(&link(Engine::File, None, true), "", || {
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

        let same = open(&link(Engine::Db, None, true), "", || {
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
            let start = open(&address, "?step=1", || Some(Ok(own.clone())));
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
        let start = open(&other_seed, "", || Some(Ok(own.clone())));
        assert_eq!(start.origin, Origin::Link);
        // A link without secrets to someone else's scenario still says so.
        let theirs = link(Engine::Db, Some("theirs"), false);
        let start = open(&theirs, "", || Some(Ok(saved(Engine::File, Some("mine")))));
        assert_eq!(start.origin, Origin::Link);
        assert_eq!(start.notices.len(), 1);
        assert!(start.link_replaces.is_some());
    }

    #[test]
    fn the_address_of_a_playground_kept_aside_reopens_it_not_as_a_shared_link() {
        // Another tab saved its playground; this tab's moved aside, with its own secret.
        let theirs = saved(Engine::Db, None);
        let mine = saved(Engine::File, Some("my-own-secret"));
        let address = format!("#{}", encode(&mine.scenario, mine.key_seed, false));
        let kept = || {
            vec![AsideEntry {
                key: "sessionscope.aside.2".into(),
                text: String::new(),
                state: Ok(mine.clone()),
            }]
        };
        let start = startup(&address, "", &|| Some(Ok(theirs.clone())), &kept);
        assert_eq!(start.origin, Origin::Kept);
        assert_eq!(start.kept_key.as_deref(), Some("sessionscope.aside.2"));
        assert_eq!(
            start.state.as_ref().map(|state| &state.scenario),
            Some(&mine.scenario),
            "with its own secret"
        );
        assert_eq!(start.link_replaces, None, "the saved playground stays");
        assert!(start.notices.is_empty(), "{:?}", start.notices);
        let notice = kept_notice(start.state.as_ref().unwrap());
        assert_eq!(notice.title, "Reopened a playground kept in this browser");
        assert!(
            notice.message.contains("not a shared link")
                && notice.message.contains("(file, 0 steps)"),
            "{}",
            notice.message
        );
        // A shared link to someone else's playground is still one.
        let other = startup(&link(Engine::Cache, None, true), "", &|| None, &kept);
        assert_eq!(other.origin, Origin::Link);
        assert_eq!(other.kept_key, None);
    }

    #[test]
    fn without_a_link_the_saved_playground_is_restored() {
        let start = open("", "", || Some(Ok(saved(Engine::Cache, None))));
        assert_eq!(start.origin, Origin::Saved);
        assert_eq!(start.state.unwrap().scenario.engine, Engine::Cache);
        let fresh = open("", "", || None);
        assert_eq!((fresh.origin, fresh.state), (Origin::Fresh, None));
    }

    #[test]
    fn a_corrupt_link_says_what_is_wrong_and_falls_back() {
        let start = open("#v1.!!!", "", || Some(Ok(saved(Engine::Cache, None))));
        assert_eq!(start.origin, Origin::Saved);
        assert_eq!(start.notices.len(), 1);
        let notice = &start.notices[0];
        assert_eq!(notice.kind, NoticeKind::Error);
        assert!(notice.message.contains("'!'"), "{}", notice.message);
        assert!(notice.message.contains("saved in this browser"));

        let start = open("#v9.abc", "", || None);
        assert_eq!(start.origin, Origin::Fresh);
        assert!(start.notices[0].message.contains("v9"));
        assert!(start.notices[0].message.contains("default playground"));
    }

    #[test]
    fn a_corrupt_saved_state_is_reported_and_set_aside_not_deleted() {
        let start = open("", "", || Some(Err(PersistError::WrongFormat)));
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
        let restored = open("", "", || Some(Ok(saved(Engine::Cache, None))));
        assert_eq!(restored.saved_error, None);
        let newer = open("", "", || {
            Some(Err(PersistError::UnsupportedVersion("2".into())))
        });
        let error = newer.saved_error.unwrap();
        assert!(saved_notice(&error, "k".into())
            .message
            .contains("newer Sessionscope"));
        let unavailable = open("", "", || {
            Some(Err(PersistError::Unavailable("blocked".into())))
        });
        assert_eq!(
            unavailable.saved_error, None,
            "storage that cannot be read is left alone"
        );
        let linked = open(&link(Engine::Db, None, true), "", || {
            Some(Err(PersistError::WrongFormat))
        });
        assert!(linked.saved_error.is_some());
        assert_eq!(linked.origin, Origin::Link);
    }

    #[test]
    fn withheld_secrets_use_the_receivers_own_key_when_they_have_one() {
        let hash = link(Engine::SignedCookies, Some("sender"), false);
        let start = open(&hash, "", || Some(Ok(saved(Engine::Db, Some("receiver")))));
        let scenario = start.state.unwrap().scenario;
        assert_eq!(scenario.initial_settings().secret_key, "receiver");
        assert_eq!(start.notices[0].kind, NoticeKind::Info);
        assert!(start.notices[0]
            .message
            .contains("saved in your playground"));

        let start = open(&hash, "", || None);
        assert_eq!(
            start.state.unwrap().scenario.initial_settings().secret_key,
            sessionscope_engine::session::DEFAULT_SECRET_KEY
        );
        assert!(start.notices[0].message.contains("default key"));
    }

    #[test]
    fn embedding_never_reads_or_writes_the_saved_playground() {
        let hash = format!("{}&embed", link(Engine::Db, None, true));
        let start = open(&hash, "", || panic!("read saved state"));
        assert!(start.embed && !start.persist);
        assert_eq!(start.origin, Origin::Link);
        let start = open(&link(Engine::Db, None, true), "?embed=1", || {
            panic!("read saved state")
        });
        assert!(start.embed);
        let broken = open("#v1.@&embed", "", || panic!("read saved state"));
        assert_eq!(broken.origin, Origin::Fresh);
        assert_eq!(broken.notices.len(), 1);
    }

    #[test]
    fn an_embeds_django_parameter_sets_the_version_and_the_full_page_ignores_it() {
        use sessionscope_engine::version::DjangoVersion;
        let hash = link(Engine::Db, None, true);
        let version = |search: &str| {
            open(&hash, search, || None)
                .state
                .and_then(|state| state.scenario.django)
        };
        assert_eq!(version("?embed=1&django=4.2"), Some(DjangoVersion::V4_2));
        assert_eq!(version("?embed=1&django=6.0"), Some(DjangoVersion::V6_0));
        assert_eq!(version("?embed=1"), None);
        assert_eq!(version("?embed=1&django=3.2"), None);
        assert_eq!(version("?django=4.2"), None);
    }

    #[test]
    fn an_embeds_browser_parameter_sets_the_cookie_rules_and_the_full_page_ignores_it() {
        use sessionscope_engine::browser::rules::BrowserProfile;
        let hash = link(Engine::Db, None, true);
        let browser = |search: &str| {
            open(&hash, search, || None)
                .state
                .and_then(|state| state.scenario.browser_rules)
                .map(|rules| rules.profile)
        };
        assert_eq!(
            browser("?embed=1&browser=firefox"),
            Some(BrowserProfile::Firefox)
        );
        assert_eq!(
            browser("?embed=1&browser=chromium"),
            Some(BrowserProfile::Chromium)
        );
        assert_eq!(browser("?embed=1&browser=netscape"), None);
        assert_eq!(browser("?browser=firefox"), None);
    }
}
