//! How the page starts: from a share link, from the saved playground, or fresh; full or
//! embedded (`?embed=1` or `#…&embed`: only the stage and the player, for an `<iframe>` in
//! documentation). Plain logic; the app component applies the result.

use super::persist::PersistError;
use super::share::{
    adopt_own_secrets, parse_fragment, query_wants_embed, Secrets, ShareError, SharedState,
};

/// How serious a notice is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoticeKind {
    /// Something could not be opened; the page fell back to something else.
    Error,
    /// Worth knowing (e.g. the link came without its secret key).
    Info,
}

/// A dismissible banner.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    /// Error or information.
    pub kind: NoticeKind,
    /// A short headline.
    pub title: String,
    /// The whole explanation.
    pub message: String,
}

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
    /// The saved playground could not be restored: forget it, so the next visit starts clean.
    pub forget_saved: bool,
}

/// Decides the start from `location.hash`, `location.search` and the saved state (which is
/// only read when needed: `saved` is called at most once, and never when embedded).
pub fn startup(
    hash: &str,
    search: &str,
    saved: impl FnOnce() -> Option<Result<SharedState, PersistError>>,
) -> Startup {
    let fragment = parse_fragment(hash);
    let embed = fragment.embed || query_wants_embed(search);
    let mut notices = Vec::new();
    let mut forget_saved = false;
    let mut saved_once = (!embed).then_some(saved);
    let mut read_saved = move || saved_once.take().and_then(|read| read());

    let (state, origin) = match fragment.shared {
        Some(Ok(mut shared)) => {
            let mut own_secret = false;
            if shared.secrets == Secrets::Withheld {
                if let Some(Ok(saved)) = read_saved() {
                    own_secret = adopt_own_secrets(&mut shared.scenario, &saved.scenario);
                }
                notices.push(withheld_notice(own_secret));
            }
            (Some(shared), Origin::Link)
        }
        Some(Err(error)) => {
            let fallback = if embed {
                None
            } else {
                match read_saved() {
                    Some(Ok(saved)) => Some(saved),
                    _ => None,
                }
            };
            notices.push(link_notice(&error, fallback.is_some()));
            let origin = if fallback.is_some() {
                Origin::Saved
            } else {
                Origin::Fresh
            };
            (fallback, origin)
        }
        None => match read_saved() {
            Some(Ok(saved)) => (Some(saved), Origin::Saved),
            Some(Err(error)) => {
                notices.push(saved_notice(&error));
                forget_saved = true;
                (None, Origin::Fresh)
            }
            None => (None, Origin::Fresh),
        },
    };
    Startup {
        state,
        origin,
        embed,
        persist: !embed,
        notices,
        forget_saved,
    }
}

fn link_notice(error: &ShareError, fell_back_to_saved: bool) -> Notice {
    Notice {
        kind: NoticeKind::Error,
        title: "This link could not be opened".to_owned(),
        message: format!(
            "{}. {}",
            capitalise(&error.to_string()),
            if fell_back_to_saved {
                "Showing the playground saved in this browser instead."
            } else {
                "Showing the default playground instead."
            }
        ),
    }
}

fn saved_notice(error: &PersistError) -> Notice {
    Notice {
        kind: NoticeKind::Error,
        title: "Your saved playground could not be restored".to_owned(),
        message: format!(
            "{}. It has been discarded; the default playground is shown.",
            capitalise(&error.to_string())
        ),
    }
}

fn withheld_notice(own_secret: bool) -> Notice {
    Notice {
        kind: NoticeKind::Info,
        title: "Shared without its SECRET_KEY".to_owned(),
        message: if own_secret {
            "The sender kept their SECRET_KEY (and fallbacks) out of this link, so it is signed \
             with the SECRET_KEY saved in your playground. Signed values (signed cookies, \
             session_data) differ from the sender's; rotated keys became placeholders."
                .to_owned()
        } else {
            "The sender kept their SECRET_KEY (and fallbacks) out of this link, so the \
             playground's default key signs everything. Signed values (signed cookies, \
             session_data) differ from the sender's; rotated keys became placeholders."
                .to_owned()
        },
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or(String::new(), |c| c.to_uppercase().chain(chars).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::share::encode;
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
        }
    }

    fn link(engine: Engine, secret: Option<&str>, include: bool) -> String {
        format!("#{}", encode(&saved(engine, secret).scenario, 4, include))
    }

    #[test]
    fn a_link_wins_over_the_saved_playground() {
        let start = startup(&link(Engine::File, None, true), "", || {
            Some(Ok(saved(Engine::Db, None)))
        });
        assert_eq!(start.origin, Origin::Link);
        assert_eq!(start.state.unwrap().scenario.engine, Engine::File);
        assert!(start.notices.is_empty());
        assert!(start.persist && !start.embed);
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
    fn a_corrupt_saved_state_is_reported() {
        let start = startup("", "", || Some(Err(PersistError::WrongFormat)));
        assert_eq!(start.origin, Origin::Fresh);
        assert!(start.notices[0].title.contains("saved playground"));
        assert!(start.forget_saved);
        let restored = startup("", "", || Some(Ok(saved(Engine::Cache, None))));
        assert!(!restored.forget_saved);
        let linked = startup(&link(Engine::Db, None, true), "", || {
            Some(Err(PersistError::WrongFormat))
        });
        assert!(
            !linked.forget_saved,
            "a link never reads a saved state it does not need"
        );
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
