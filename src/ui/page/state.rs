//! The page shell's live state: how it starts (share link, saved playground, fresh: decided
//! by [`super::start`]), the states it sets aside rather than lose (with their banners,
//! [`super::notices`]), saving to `localStorage` as the scenario changes ([`super::storage`]),
//! and which view fills the page (the playground, the engine comparison or the cookie
//! decoder). Where this tab saves, and when it must not write, is [`super::slot`]'s; what the
//! page keeps when something replaces its playground is [`super::keeping`]'s.

use leptos::prelude::*;
use wasm_bindgen::JsValue;

use super::document::{SharedState, UnknownFields};
use super::notices::{add_notice, aside_notice, describe, Notice, NoticeAction, NoticeKind};
use super::slot::{Slot, Write};
use super::start::{startup, Startup};
use super::storage::{self, AsideEntry, STORAGE_KEY};
use crate::ui::follow_up::FollowUp;
use crate::ui::model::Playground;
use crate::ui::state::AppState;

/// Which view fills the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageMode {
    /// The stage, the controls and the inspectors.
    Playground,
    /// The scenario on several engines side by side.
    Compare,
    /// Paste a cookie, see what Django makes of it.
    Decoder,
}

impl PageMode {
    /// Every view, in the order of their tabs.
    pub const ALL: [PageMode; 3] = [PageMode::Playground, PageMode::Compare, PageMode::Decoder];

    /// The view's tab.
    pub fn label(self) -> &'static str {
        match self {
            PageMode::Playground => "Playground",
            PageMode::Compare => "Compare",
            PageMode::Decoder => "Decode a cookie",
        }
    }

    /// The tab's `data-page`.
    pub fn id(self) -> &'static str {
        match self {
            PageMode::Playground => "playground",
            PageMode::Compare => "compare",
            PageMode::Decoder => "decoder",
        }
    }
}

/// State shared by the page-level features (provided as context next to [`AppState`]).
#[derive(Clone, Copy)]
pub struct PageState {
    /// The view shown.
    pub mode: RwSignal<PageMode>,
    /// Banners not yet dismissed.
    pub notices: RwSignal<Vec<Notice>>,
    /// Only the stage and the player (an `<iframe>` in documentation).
    pub embed: bool,
    /// Fields of the saved state this page does not know, written back with every save.
    unknown: StoredValue<UnknownFields>,
    /// Where this tab saves, and whether it may.
    pub(super) slot: StoredValue<Slot>,
    /// Whether a failed save has been reported (once a visit).
    warned: StoredValue<bool>,
    /// Whether a change waits to be saved (saving was held).
    pub(super) unsaved: StoredValue<bool>,
    /// Whether the last change opened what a new address says (that change saves nothing).
    pub(super) opened: StoredValue<bool>,
    pub(super) app: AppState,
}

impl PageState {
    /// The page state from context.
    pub fn expect() -> PageState {
        expect_context::<PageState>()
    }

    /// Adds a banner, or counts it on the one that already says the same.
    pub fn notify(&self, notice: Notice) {
        self.notices.update(|notices| add_notice(notices, notice));
    }

    /// Removes banner `index`.
    pub fn dismiss(&self, index: usize) {
        self.notices.update(|notices| {
            if index < notices.len() {
                notices.remove(index);
            }
        });
    }

    /// Replaces banner `index` with `notice`.
    pub fn replace(&self, index: usize, notice: Notice) {
        self.notices.update(|notices| {
            if let Some(slot) = notices.get_mut(index) {
                *slot = notice;
            }
        });
    }

    /// The playground on the page, as it is stored.
    pub(super) fn stored_text(&self) -> String {
        self.app.playground.with_untracked(|p| {
            storage::encode(p.scenario(), p.key_seed(), &self.unknown.get_value())
        })
    }

    /// Brings back the playground set aside under `key`, and sets the one on the page aside
    /// in its place; returns what is shown now ("db, 3 steps").
    pub fn switch_to(&self, key: &str) -> Result<String, String> {
        let text = storage::read(key)
            .map_err(|error| error.to_string())?
            .ok_or_else(|| "it is no longer in this browser's storage".to_owned())?;
        let other = storage::decode(&text).map_err(|error| error.to_string())?;
        storage::write(key, &self.stored_text()).map_err(|error| error.to_string())?;
        let described = format!("the playground that was set aside ({})", describe(&other));
        self.open(other);
        clear_share_fragment();
        Ok(described)
    }

    /// Puts `state` on the page (saved where this tab saves, at once).
    pub(super) fn open(&self, state: SharedState) {
        self.unknown.set_value(state.unknown);
        self.app.load(state.scenario, state.key_seed);
    }

    /// The user's word: the playground that could not be set aside is replaced by this one.
    pub fn replace_held(&self) {
        self.slot.update_value(Slot::release);
        save(*self);
    }

    /// Tries again to set aside the playground saving waits for (the user discarded states
    /// kept, freeing space); saving goes on if it is.
    pub fn retry_held(&self) {
        let slot = self.slot.get_value();
        let (Some(key), true) = (slot.key(), slot.held()) else {
            return;
        };
        let Ok(text) = storage::read(key) else {
            return;
        };
        if let Some(text) = text {
            let Ok(aside) = storage::set_aside(&text) else {
                return;
            };
            let kept = aside_notice(&AsideEntry {
                state: storage::decode(&text),
                key: aside,
                text,
            });
            let replace = NoticeAction::Replace {
                key: key.to_owned(),
            };
            self.notices.update(|notices| {
                for notice in notices.iter_mut().filter(|n| n.actions.contains(&replace)) {
                    *notice = kept.clone();
                }
            });
        }
        self.slot.update_value(Slot::release);
        if self.unsaved.get_value() {
            save(*self);
        }
    }
}

/// Reads the address and the saved playground and decides how the page starts.
pub fn begin() -> Startup {
    let (hash, search) = address();
    startup(&hash, &search, &storage::load, &|| {
        stored_apart_from(STORAGE_KEY)
    })
}

/// `location.hash` and `location.search`.
pub(super) fn address() -> (String, String) {
    let location = window().location();
    (
        location.hash().unwrap_or_default(),
        location.search().unwrap_or_default(),
    )
}

/// Every playground stored in this browser but the one under `key`: the main one first, then
/// those set aside.
pub(super) fn stored_apart_from(key: &str) -> Vec<AsideEntry> {
    let main = storage::load_text().ok().flatten().map(|text| AsideEntry {
        key: STORAGE_KEY.to_owned(),
        state: storage::decode(&text),
        text,
    });
    main.into_iter()
        .chain(storage::aside_entries().unwrap_or_default())
        .filter(|entry| entry.key != key)
        .collect()
}

/// The playground to start with: the link's or saved scenario, or a fresh one whose clock
/// starts now.
pub fn initial_playground(start: &Startup, fresh: impl FnOnce() -> Playground) -> Playground {
    match &start.state {
        Some(state) => Playground::from_scenario(state.scenario.clone(), state.key_seed),
        None => fresh(),
    }
}

/// Provides [`PageState`] and starts saving the playground as it changes (holding back until
/// what the start replaces is set aside: [`super::keeping::follow`]).
pub fn provide_page_state(start: &Startup) -> PageState {
    let mut slot = Slot::default();
    if let Some(key) = &start.kept_key {
        slot.saved_at(key.clone());
    }
    // What the start replaces is set aside by code loaded on demand (`super::keeping`):
    // nothing is written over it meanwhile.
    if start.saved_error.is_some() || start.link_replaces.is_some() {
        slot.hold();
    }
    let page = PageState {
        mode: RwSignal::new(PageMode::Playground),
        notices: RwSignal::new(start.notices.clone()),
        embed: start.embed,
        unknown: StoredValue::new(
            start
                .state
                .as_ref()
                .map(|state| state.unknown.clone())
                .unwrap_or_default(),
        ),
        slot: StoredValue::new(slot),
        warned: StoredValue::new(false),
        unsaved: StoredValue::new(false),
        opened: StoredValue::new(false),
        app: AppState::expect(),
    };
    provide_context(page);
    report_refusals(page);
    if start.persist {
        keep_saved(page);
    }
    page
}

/// A step the page's limits refused becomes a banner naming the limit.
fn report_refusals(page: PageState) {
    let refused = page.app.refused;
    Effect::new(move |_| {
        if let Some(error) = refused.get() {
            refused.set(None);
            page.notify(Notice::new(
                NoticeKind::Error,
                "This step was not added",
                format!(
                    "With it, {error}. The page keeps scenarios within its limits so that they \
                     always run at once; use Undo or Start over to make room."
                ),
            ));
        }
    });
}

/// Saves the playground after every change (not on the first run, nor when a new address
/// opens a playground: opening saves nothing; on a long scenario in a task of its own,
/// [`FollowUp`]). The address follows the scenario meanwhile (`super::address_bar`).
fn keep_saved(page: PageState) {
    let state = page.app;
    let saving = FollowUp::new();
    Effect::new(move |previous: Option<()>| {
        state.playground.track();
        if previous.is_some() && !page.opened.get_value() {
            saving.run(state.is_long(), move || save(page));
        }
        page.opened.set_value(false);
    });
}

/// Saves the playground where this tab saves ([`Slot::write`]); the first failure becomes a
/// banner.
pub(super) fn save(page: PageState) {
    page.unsaved.set_value(false);
    let text = page.stored_text();
    let written = match page.slot.with_value(Slot::write) {
        Write::To(key) => storage::write(&key, &text),
        Write::NewAside => {
            storage::set_aside(&text).map(|key| page.slot.update_value(|slot| slot.saved_at(key)))
        }
        Write::Nothing => {
            page.unsaved.set_value(true);
            Ok(())
        }
    };
    if let Err(error) = written {
        if !page.warned.get_value() {
            page.warned.set_value(true);
            page.notify(not_saved_notice(&error));
        }
    }
}

/// The banner of a playground that cannot be saved.
pub(super) fn not_saved_notice(error: &storage::PersistError) -> Notice {
    Notice::new(
        NoticeKind::Info,
        "The playground is not being saved",
        format!("{error}: your changes will not survive a reload. Use Share to keep a link."),
    )
}
/// Removes a `#v1.…` fragment (the link no longer describes the page).
pub fn clear_share_fragment() {
    let location = window().location();
    if location.hash().unwrap_or_default().starts_with("#v") {
        let url = format!(
            "{}{}",
            location.pathname().unwrap_or_default(),
            location.search().unwrap_or_default()
        );
        if let Ok(history) = window().history() {
            let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
        }
    }
}
