//! The banners of the page shell: what the start found (a link that could not be read, a
//! link without its secrets, a saved playground set aside) and the buttons that bring a
//! state set aside back, download it or discard it ([`NoticeAction`]).

use super::document::{ShareError, SharedState};
use super::storage::{AsideEntry, PersistError};
use crate::ui::limits::thousands;

/// How serious a notice is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoticeKind {
    /// Something could not be opened; the page fell back to something else.
    Error,
    /// Worth knowing (e.g. the link came without its secret key).
    Info,
}

/// What a banner's button does with a state set aside under `key` in `localStorage`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NoticeAction {
    /// Bring that playground back; the one on the page takes its place aside.
    SwitchTo { key: String },
    /// Save the stored text as a file.
    Download { key: String },
    /// Delete it (the user's word).
    Discard { key: String },
    /// Let the page save over the playground under `key`, which could not be set aside.
    Replace { key: String },
    /// Delete every one of them (the user's word).
    DiscardAll { keys: Vec<String> },
}

impl NoticeAction {
    /// The button's label.
    pub fn label(&self) -> &'static str {
        match self {
            NoticeAction::SwitchTo { .. } => "Switch to it",
            NoticeAction::Download { .. } => "Download it",
            NoticeAction::Discard { .. } => "Discard it",
            NoticeAction::Replace { .. } => "Replace it",
            NoticeAction::DiscardAll { .. } => "Discard all",
        }
    }
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
    /// Buttons, in order.
    pub actions: Vec<NoticeAction>,
    /// How many times the same notice came (1 the first time): the same banner counts them
    /// instead of stacking copies ([`add_notice`]).
    pub times: usize,
}

/// A line of a summary banner's list: the playground kept in `entry`, and its buttons.
pub fn kept_line(entry: &AsideEntry) -> (String, Vec<NoticeAction>) {
    let text = match &entry.state {
        Ok(state) => describe(state),
        Err(error) => capitalise(&error.to_string()),
    };
    (text, aside_notice(entry).actions)
}

/// "20 playgrounds are kept in this browser".
fn kept_title(count: usize) -> String {
    format!("{count} playgrounds are kept in this browser")
}

impl Notice {
    /// The keys of the playgrounds listed in a summary banner ([`kept_notices`]), if it is one.
    pub fn listed(&self) -> Option<&[String]> {
        self.actions.iter().find_map(|action| match action {
            NoticeAction::DiscardAll { keys } => Some(keys.as_slice()),
            _ => None,
        })
    }

    /// Forgets the states under `keys`, discarded: their lines in a summary, or the whole
    /// banner when it is about one of them or its list is left empty (then `true`).
    pub fn forget(&mut self, keys: &[String]) -> bool {
        let Some(listed) = self.listed() else {
            return self.actions.iter().any(
                |action| matches!(action, NoticeAction::Discard { key } if keys.contains(key)),
            );
        };
        let left: Vec<String> = listed
            .iter()
            .filter(|key| !keys.contains(key))
            .cloned()
            .collect();
        self.title = kept_title(left.len());
        let empty = left.is_empty();
        self.actions = vec![NoticeAction::DiscardAll { keys: left }];
        empty
    }

    /// A banner without buttons.
    pub fn new(kind: NoticeKind, title: impl Into<String>, message: impl Into<String>) -> Notice {
        Notice {
            kind,
            title: title.into(),
            message: message.into(),
            actions: Vec::new(),
            times: 1,
        }
    }

    /// The headline, with how many times it came when more than once ("This step was not
    /// added (×233)").
    pub fn headline(&self) -> String {
        if self.times > 1 {
            format!("{} (×{})", self.title, thousands(self.times))
        } else {
            self.title.clone()
        }
    }

    /// Whether `other` says the same thing with the same buttons.
    fn says_the_same_as(&self, other: &Notice) -> bool {
        self.kind == other.kind
            && self.title == other.title
            && self.message == other.message
            && self.actions == other.actions
    }
}

/// Adds `notice` to the banners, or, when one already says the same, counts it there.
pub fn add_notice(notices: &mut Vec<Notice>, notice: Notice) {
    match notices
        .iter_mut()
        .find(|shown| shown.says_the_same_as(&notice))
    {
        Some(shown) => shown.times += notice.times,
        None => notices.push(notice),
    }
}

/// The banner of a link opened over a different saved playground, which is now aside under
/// `key`.
pub fn link_over_saved_notice(saved: &SharedState, key: String) -> Notice {
    Notice {
        kind: NoticeKind::Info,
        title: "Opened a shared scenario; your playground is kept".to_owned(),
        message: format!(
            "Your own playground ({}) is set aside in this browser, not replaced: switch back \
             to it at any time. What you change here is saved as the playground.",
            describe(saved)
        ),
        actions: vec![
            NoticeAction::SwitchTo { key: key.clone() },
            NoticeAction::Discard { key },
        ],

        times: 1,
    }
}

/// The banner of a state set aside in an earlier visit (or just now).
pub fn aside_notice(entry: &AsideEntry) -> Notice {
    let key = entry.key.clone();
    match &entry.state {
        Ok(state) => Notice {
            kind: NoticeKind::Info,
            title: "Another playground is kept in this browser".to_owned(),
            message: format!(
                "A playground set aside when a link or a switch replaced it ({}). It stays \
                 until you discard it.",
                describe(state)
            ),
            actions: vec![
                NoticeAction::SwitchTo { key: key.clone() },
                NoticeAction::Download { key: key.clone() },
                NoticeAction::Discard { key },
            ],

            times: 1,
        },
        Err(error) => Notice {
            kind: NoticeKind::Info,
            title: "A saved playground this page cannot open is kept".to_owned(),
            message: format!(
                "{}. It is kept in this browser exactly as it was{}: download it, or discard \
                 it once you no longer need it.",
                capitalise(&error.to_string()),
                written_by_newer(error)
            ),
            actions: download_or_discard(key),

            times: 1,
        },
    }
}

/// The banners of the playgrounds kept aside: one each for one or two, else one summary
/// ("20 playgrounds are kept") with "Discard all" and, on request, their list ([`kept_line`]),
/// each to switch to, download or discard.
pub fn kept_notices(entries: &[AsideEntry]) -> Vec<Notice> {
    if entries.len() <= 2 {
        return entries.iter().map(aside_notice).collect();
    }
    let keys = entries.iter().map(|entry| entry.key.clone()).collect();
    vec![Notice {
        kind: NoticeKind::Info,
        title: kept_title(entries.len()),
        message: "Set aside when links or switches replaced them, or unreadable. They stay \
                  until you discard them."
            .to_owned(),
        actions: vec![NoticeAction::DiscardAll { keys }],
        times: 1,
    }]
}

/// The banner of an address that is a playground kept aside in this browser (a tab's own
/// playground, set aside when another tab saved its own; Back to it).
pub fn kept_notice(kept: &SharedState) -> Notice {
    Notice::new(
        NoticeKind::Info,
        "Reopened a playground kept in this browser",
        format!(
            "This address is not a shared link: it is a playground kept aside in this browser \
             ({}). It opens with its own settings, and what you change is saved where it is \
             kept.",
            describe(kept)
        ),
    )
}

/// The banner of a playground under `key` (`what`: "Your playground (db, 300 steps)") that
/// a new one would replace but that could not be set aside (`error`): nothing is written over
/// it until the user decides.
pub fn unkept_notice(what: &str, error: &PersistError, key: String) -> Notice {
    Notice {
        kind: NoticeKind::Error,
        title: "Your playground cannot be set aside".to_owned(),
        message: format!(
            "{what} cannot be set aside ({error}), so it is not overwritten: what you change \
             here is not saved until you decide. Download it, free space (discard playgrounds \
             kept here), or replace it with this one."
        ),
        actions: vec![
            NoticeAction::Download { key: key.clone() },
            NoticeAction::Replace { key },
        ],
        times: 1,
    }
}

/// The banner of a tab whose playground (`mine`) moved to `key` because another tab saved a
/// different one (`theirs`) where it was.
pub fn other_tab_notice(mine: &SharedState, theirs: Option<&SharedState>, key: &str) -> Notice {
    Notice::new(
        NoticeKind::Info,
        "Another tab saved its playground",
        format!(
            "Another tab saved a different playground in this browser{}. This tab's ({}) is \
             kept too, set aside ({key}), and what you change here is saved there: neither \
             overwrites the other.",
            theirs.map_or(String::new(), |theirs| format!(" ({})", describe(theirs))),
            describe(mine)
        ),
    )
}

/// A playground in a few words: "db, 12 steps".
pub fn describe(state: &SharedState) -> String {
    let steps = state.scenario.steps.len();
    format!(
        "{}, {} step{}",
        state.scenario.engine,
        thousands(steps),
        if steps == 1 { "" } else { "s" }
    )
}

pub fn link_notice(error: &ShareError, fell_back_to_saved: bool) -> Notice {
    Notice::new(
        NoticeKind::Error,
        "This link could not be opened",
        format!(
            "{}. {}",
            capitalise(&error.to_string()),
            if fell_back_to_saved {
                "Showing the playground saved in this browser instead."
            } else {
                "Showing the default playground instead."
            }
        ),
    )
}

/// The banner of a saved playground that could not be opened, now aside under `key`.
pub fn saved_notice(error: &PersistError, key: String) -> Notice {
    Notice {
        kind: NoticeKind::Error,
        title: "Your saved playground could not be opened".to_owned(),
        message: format!(
            "{}. Nothing is deleted: it is set aside in this browser exactly as it was{}, and \
             this page starts a fresh playground. Download it, or discard it once you no longer \
             need it.",
            capitalise(&error.to_string()),
            written_by_newer(error)
        ),
        actions: download_or_discard(key),

        times: 1,
    }
}

/// ", for the newer Sessionscope that wrote it" when `error` says a newer version wrote the
/// state, else nothing.
fn written_by_newer(error: &PersistError) -> &'static str {
    if error.is_newer_version() {
        ", for the newer Sessionscope that wrote it"
    } else {
        ""
    }
}

/// The buttons of a state this page cannot open, kept under `key`.
fn download_or_discard(key: String) -> Vec<NoticeAction> {
    vec![
        NoticeAction::Download { key: key.clone() },
        NoticeAction::Discard { key },
    ]
}

pub fn withheld_notice(own_secret: bool) -> Notice {
    Notice::new(
        NoticeKind::Info,
        "Shared without its SECRET_KEY",
        if own_secret {
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
    )
}

/// `text` with its first letter in capitals (the page's own English, so ASCII: no Unicode
/// case tables in the page for it).
fn capitalise(text: &str) -> String {
    let mut text = text.to_owned();
    if let Some(first) = text.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_notice_again_is_counted_on_one_banner() {
        let refused = || Notice::new(NoticeKind::Error, "This step was not added", "With it, …");
        let mut notices = vec![Notice::new(NoticeKind::Info, "Shared", "…")];
        for _ in 0..233 {
            add_notice(&mut notices, refused());
        }
        assert_eq!(notices.len(), 2);
        assert_eq!(notices[1].times, 233);
        assert_eq!(notices[1].headline(), "This step was not added (×233)");
        assert_eq!(notices[0].headline(), "Shared");
        // Another message, or the same words with other buttons, is another banner.
        add_notice(
            &mut notices,
            Notice::new(
                NoticeKind::Error,
                "This step was not added",
                "With it, more.",
            ),
        );
        let mut with_button = refused();
        with_button.actions = vec![NoticeAction::Discard { key: "k".into() }];
        add_notice(&mut notices, with_button);
        assert_eq!(notices.len(), 4);
        assert_eq!(notices[1].times, 233);
        let mut thousands_of_them = refused();
        thousands_of_them.times = 1_000;
        add_notice(&mut notices, thousands_of_them);
        assert_eq!(notices[1].headline(), "This step was not added (×1,233)");
    }
    use crate::ui::page::document::{Secrets, UnknownFields};
    use sessionscope_engine::scenario::{Engine, Scenario};

    fn saved(engine: Engine) -> SharedState {
        SharedState {
            scenario: Scenario::new("mine", engine),
            key_seed: 9,
            secrets: Secrets::Included,
            unknown: UnknownFields::default(),
        }
    }

    #[test]
    fn the_banner_of_a_link_over_a_saved_playground_offers_to_switch_back() {
        let notice = link_over_saved_notice(&saved(Engine::Cache), "k.1".into());
        assert!(
            notice.message.contains("(cache, 0 steps)"),
            "{}",
            notice.message
        );
        assert_eq!(
            notice.actions,
            vec![
                NoticeAction::SwitchTo { key: "k.1".into() },
                NoticeAction::Discard { key: "k.1".into() }
            ]
        );
    }

    fn entries(count: usize) -> Vec<AsideEntry> {
        (1..=count)
            .map(|n| AsideEntry {
                key: format!("k.{n}"),
                text: String::new(),
                state: if n == 2 {
                    Err(PersistError::WrongFormat)
                } else {
                    Ok(saved(Engine::Db))
                },
            })
            .collect()
    }

    #[test]
    fn many_playgrounds_kept_make_one_banner_with_a_list() {
        assert_eq!(kept_notices(&entries(2)).len(), 2, "one banner each");
        let notices = kept_notices(&entries(20));
        assert_eq!(notices.len(), 1);
        let summary = &notices[0];
        assert_eq!(summary.title, "20 playgrounds are kept in this browser");
        let all: Vec<String> = (1..=20).map(|n| format!("k.{n}")).collect();
        assert_eq!(summary.listed(), Some(all.as_slice()));
        assert_eq!(summary.actions[0].label(), "Discard all");
        let lines: Vec<_> = entries(20).iter().map(kept_line).collect();
        assert_eq!(lines[0].0, "db, 0 steps");
        assert_eq!(lines[0].1.len(), 3, "switch, download, discard");
        assert!(lines[1].0.contains("Sessionscope's format"));
        assert_eq!(lines[1].1.len(), 2, "download, discard");

        let mut summary = summary.clone();
        assert!(!summary.forget(&["k.5".to_owned()]));
        assert_eq!(summary.title, "19 playgrounds are kept in this browser");
        let left = summary.listed().unwrap();
        assert!(left.len() == 19 && !left.contains(&"k.5".to_owned()));
        assert!(summary.forget(&all), "discard all: nothing left");
    }

    #[test]
    fn forgetting_a_discarded_state_removes_its_own_banner_only() {
        let mut banner = aside_notice(&entries(1)[0]);
        assert!(!banner.forget(&["k.9".to_owned()]));
        assert!(banner.forget(&["k.1".to_owned()]));
    }

    #[test]
    fn a_playground_that_cannot_be_set_aside_is_offered_for_download_or_replacement() {
        let notice = unkept_notice(
            "Your playground (db, 300 steps)",
            &PersistError::Full,
            "s".into(),
        );
        assert_eq!(notice.kind, NoticeKind::Error);
        assert!(notice.message.starts_with(
            "Your playground (db, 300 steps) cannot be set aside (this browser's storage for \
             this page is full), so it is not overwritten"
        ));
        assert_eq!(
            notice
                .actions
                .iter()
                .map(NoticeAction::label)
                .collect::<Vec<_>>(),
            ["Download it", "Replace it"]
        );
    }

    #[test]
    fn states_set_aside_are_offered_back() {
        let readable = AsideEntry {
            key: "k.2".into(),
            text: String::new(),
            state: Ok(saved(Engine::File)),
        };
        let notice = aside_notice(&readable);
        assert_eq!(notice.actions.len(), 3);
        assert_eq!(notice.actions[0].label(), "Switch to it");
        let newer = AsideEntry {
            key: "k.3".into(),
            text: "{}".into(),
            state: Err(PersistError::UnsupportedVersion("2".into())),
        };
        let notice = aside_notice(&newer);
        assert!(
            notice.message.contains("newer Sessionscope"),
            "{}",
            notice.message
        );
        assert_eq!(
            notice
                .actions
                .iter()
                .map(NoticeAction::label)
                .collect::<Vec<_>>(),
            ["Download it", "Discard it"]
        );
    }
}
