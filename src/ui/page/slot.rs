//! Where this tab saves its playground, and whether it may write there now.
//!
//! A tab saves under the main key ([`super::storage::STORAGE_KEY`]) until something says
//! otherwise: another tab writes a different playground there (this tab's then moves to a key
//! of its own, set aside, so that neither overwrites the other), the address opens a
//! playground kept aside (its changes are saved where it is kept), or the playground under the
//! key could not be set aside before a link replaced it (storage full, say): then nothing is
//! written until the user decides ([`Slot::hold`]). Plain logic; `super::state` applies it.

use super::storage::STORAGE_KEY;

/// Where the next save goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Write {
    /// Under this key.
    To(String),
    /// Under a new key set aside (then [`Slot::saved_at`] it).
    NewAside,
    /// Nowhere: the playground under the key waits for the user's word.
    Nothing,
}

/// Where this tab saves, and whether it may.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Slot {
    /// `None`: not saved yet, a new key set aside at the next save.
    key: Option<String>,
    held: bool,
}

impl Default for Slot {
    fn default() -> Slot {
        Slot::at(STORAGE_KEY)
    }
}

impl Slot {
    /// Saves under `key`.
    pub fn at(key: &str) -> Slot {
        Slot {
            key: Some(key.to_owned()),
            held: false,
        }
    }

    /// The key saved under, if any yet.
    pub fn key(&self) -> Option<&str> {
        self.key.as_deref()
    }

    /// Whether this tab saves under the main key.
    pub fn is_main(&self) -> bool {
        self.key() == Some(STORAGE_KEY)
    }

    /// What is under the key could not be set aside: write nothing there until
    /// [`Slot::release`].
    pub fn hold(&mut self) {
        self.held = true;
    }

    /// The user's word (or the state is set aside after all): saving goes on.
    pub fn release(&mut self) {
        self.held = false;
    }

    /// Whether saving waits for the user.
    pub fn held(&self) -> bool {
        self.held
    }

    /// Where the next save goes.
    pub fn write(&self) -> Write {
        match (&self.key, self.held) {
            (_, true) => Write::Nothing,
            (Some(key), false) => Write::To(key.clone()),
            (None, false) => Write::NewAside,
        }
    }

    /// The playground was saved under `key`: later saves go there too.
    pub fn saved_at(&mut self, key: String) {
        self.key = Some(key);
    }

    /// The page opens a link while its own playground is kept under a key of its own (not the
    /// main one): that one stays where it is, and the link's goes under a new key.
    pub fn open_link(&mut self) {
        if !self.is_main() {
            self.move_apart();
        }
    }

    /// From now on this tab saves under a new key set aside (another tab took its place).
    pub fn move_apart(&mut self) {
        self.key = None;
        self.held = false;
    }

    /// Whether a `storage` event (another tab wrote `key`, now `value`) takes this tab's place
    /// while it shows `mine` (its playground's stored text): then this tab's playground must
    /// move to a key of its own, or one of the two is lost at the next save. A removed entry
    /// is not a conflict: the next save writes it again.
    pub fn taken_by_other_tab(&self, key: Option<&str>, value: Option<&str>, mine: &str) -> bool {
        key.is_some() && key == self.key() && value.is_some_and(|value| value != mine)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tab_saves_under_the_main_key_until_told_otherwise() {
        let mut slot = Slot::default();
        assert!(slot.is_main());
        assert_eq!(slot.write(), Write::To(STORAGE_KEY.into()));
        slot.open_link();
        assert_eq!(
            slot.write(),
            Write::To(STORAGE_KEY.into()),
            "the main playground is set aside by the page, the link takes its place"
        );
    }

    #[test]
    fn a_state_that_could_not_be_set_aside_is_not_written_over() {
        let mut slot = Slot::default();
        slot.hold();
        assert!(slot.held());
        assert_eq!(slot.write(), Write::Nothing);
        slot.release();
        assert_eq!(slot.write(), Write::To(STORAGE_KEY.into()));
    }

    #[test]
    fn another_tab_writing_a_different_playground_takes_this_tabs_place() {
        let slot = Slot::default();
        let other = |key, value| slot.taken_by_other_tab(key, value, "mine");
        assert!(other(Some(STORAGE_KEY), Some("theirs")));
        assert!(
            !other(Some(STORAGE_KEY), Some("mine")),
            "the same playground"
        );
        assert!(
            !other(Some(STORAGE_KEY), None),
            "removed: the next save writes it"
        );
        assert!(!other(Some("sessionscope.aside.1"), Some("theirs")));
        assert!(!other(None, None), "storage cleared");
    }

    #[test]
    fn a_tab_kept_aside_saves_there_and_a_link_it_opens_gets_a_key_of_its_own() {
        let mut slot = Slot::at("sessionscope.aside.3");
        assert!(!slot.is_main());
        assert!(slot.taken_by_other_tab(Some("sessionscope.aside.3"), Some("x"), "mine"));
        assert!(!slot.taken_by_other_tab(Some(STORAGE_KEY), Some("x"), "mine"));
        slot.open_link();
        assert_eq!(slot.write(), Write::NewAside);
        assert!(!slot.taken_by_other_tab(Some(STORAGE_KEY), Some("x"), "mine"));
        slot.saved_at("sessionscope.aside.4".into());
        assert_eq!(slot.write(), Write::To("sessionscope.aside.4".into()));
    }

    #[test]
    fn a_tab_whose_place_another_took_saves_under_a_new_key() {
        let mut slot = Slot::default();
        slot.hold();
        slot.move_apart();
        assert_eq!(slot.write(), Write::NewAside);
        assert!(!slot.taken_by_other_tab(Some(STORAGE_KEY), Some("x"), "mine"));
        slot.saved_at("sessionscope.aside.4".into());
        assert_eq!(slot.write(), Write::To("sessionscope.aside.4".into()));
    }
}
