//! The page shell's live state: how it starts (share link, saved playground, fresh: decided
//! by [`super::start`]), the states it sets aside rather than lose (with their banners,
//! [`super::notices`]), saving to `localStorage` as the scenario changes ([`super::storage`]),
//! and which view fills the page (the playground, the engine comparison or the cookie
//! decoder). Where this tab saves, and when it must not write, is [`super::slot`]'s: the page
//! follows other tabs' writes (the `storage` event) and a new address (`hashchange`: a link
//! pasted into the tab, Back, Forward) as it does the address it opens with.

use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;
use wasm_bindgen::{JsCast, JsValue};

use super::document::{Secrets, SharedState, UnknownFields};
use super::notices::{
    aside_notice, describe, kept_notice, kept_notices, link_over_saved_notice, other_tab_notice,
    saved_notice, unkept_notice, Notice, NoticeAction, NoticeKind,
};
use super::slot::{Slot, Write};
use super::start::{startup, Origin, Startup};
use super::storage::{self, AsideEntry, STORAGE_KEY};
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
            PageMode::Compare => "Compare engines",
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
    slot: StoredValue<Slot>,
    /// Whether a failed save has been reported (once a visit).
    warned: StoredValue<bool>,
    /// Whether a change waits to be saved (saving was held).
    unsaved: StoredValue<bool>,
    app: AppState,
}

impl PageState {
    /// The page state from context.
    pub fn expect() -> PageState {
        expect_context::<PageState>()
    }

    /// Adds a banner.
    pub fn notify(&self, notice: Notice) {
        self.notices.update(|notices| notices.push(notice));
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
    fn stored_text(&self) -> String {
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
    fn open(&self, state: SharedState) {
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
fn address() -> (String, String) {
    let location = window().location();
    (
        location.hash().unwrap_or_default(),
        location.search().unwrap_or_default(),
    )
}

/// Every playground stored in this browser but the one under `key`: the main one first, then
/// those set aside.
fn stored_apart_from(key: &str) -> Vec<AsideEntry> {
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

/// Provides [`PageState`], sets aside what the start replaces (never deleting it) with a
/// banner for each state set aside, starts saving the playground as it changes, and follows
/// other tabs and new addresses.
pub fn provide_page_state(start: &Startup) -> PageState {
    let mut slot = Slot::default();
    if let Some(key) = &start.kept_key {
        slot.saved_at(key.clone());
    }
    // What the start replaces is set aside by code loaded on demand (`settle`): nothing is
    // written over it meanwhile.
    let replaces = start.saved_error.is_some() || start.link_replaces.is_some();
    if replaces {
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
        app: AppState::expect(),
    };
    provide_context(page);
    report_refusals(page);
    if start.persist {
        keep_saved(page);
        follow_events(page);
        if replaces || start.kept_key.is_some() || storage::has_aside() {
            let event = ShellEvent::Start(Box::new(start.clone()));
            leptos::task::spawn_local(async move {
                let _ = on_event(page, event).await;
            });
        }
    }
    page
}

/// Sets aside what the start replaces, with the banners of everything kept; then saving goes
/// on (with a change made meanwhile), unless what it replaces could not be set aside.
fn settle(page: PageState, start: &Startup) {
    let mut slot = page.slot.get_value();
    slot.release();
    let notices = keep_aside(start, &mut slot);
    page.slot.set_value(slot);
    page.notices.update(|shown| shown.extend(notices));
    if page.unsaved.get_value() {
        save(page);
    }
}

/// Keeps what the start replaces, and returns a banner for it and for every state set aside
/// earlier (one summary when there are many). Copies identical to the saved playground go
/// (nothing is lost: the same text stays saved).
fn keep_aside(start: &Startup, slot: &mut Slot) -> Vec<Notice> {
    let saved_text = storage::load_text().ok().flatten();
    let mut earlier = storage::aside_entries().unwrap_or_default();
    earlier.retain(|entry| {
        let duplicate = saved_text.as_deref() == Some(entry.text.as_str());
        if duplicate {
            let _ = storage::discard(&entry.key);
        }
        !duplicate
    });
    let (notice, new_key) = keep_replaced(start, slot).unzip();
    let new_key = new_key.flatten();
    earlier.retain(|entry| {
        Some(&entry.key) != new_key.as_ref() && Some(entry.key.as_str()) != slot.key()
    });
    let reopened = match (start.origin, &start.state) {
        (Origin::Kept, Some(state)) => Some(kept_notice(state)),
        _ => None,
    };
    reopened
        .into_iter()
        .chain(notice)
        .chain(kept_notices(&earlier))
        .collect()
}

/// Keeps the playground an opening replaces: a saved playground the page cannot read, or the
/// one a link replaces, is set aside; if it cannot be (storage full), saving waits for the
/// user's word instead. Returns its banner and the key it is kept under. An address that is a
/// playground kept aside makes this tab save there.
fn keep_replaced(start: &Startup, slot: &mut Slot) -> Option<(Notice, Option<String>)> {
    if let Some(key) = &start.kept_key {
        slot.saved_at(key.clone());
        return None;
    }
    let key = slot.key()?.to_owned();
    if let (Some(error), true) = (&start.saved_error, slot.is_main()) {
        return match storage::move_saved_aside() {
            Ok(Some(aside)) => Some((saved_notice(error, aside.clone()), Some(aside))),
            Ok(None) => None,
            Err(failure) => {
                slot.hold();
                let what = format!("Your saved playground ({error})");
                Some((unkept_notice(&what, &failure, key), None))
            }
        };
    }
    let saved = start.link_replaces.as_ref()?;
    if !slot.is_main() {
        // This tab's playground stays where it is kept; the link's gets a key of its own.
        slot.open_link();
        return Some((link_over_saved_notice(saved, key.clone()), Some(key)));
    }
    let text = storage::read(&key).ok().flatten()?;
    match storage::set_aside(&text) {
        Ok(aside) => Some((link_over_saved_notice(saved, aside.clone()), Some(aside))),
        Err(error) => {
            slot.hold();
            let what = format!("Your playground ({})", describe(saved));
            Some((unkept_notice(&what, &error, key), None))
        }
    }
}

/// Follows new addresses in this tab (a link pasted into it, Back, Forward: `hashchange`) and
/// other tabs' writes (`storage`). Their code loads when one first happens (most visits see
/// none): [`on_event`].
fn follow_events(page: PageState) {
    for name in ["hashchange", "storage"] {
        let handle = window_event_listener_untyped(name, move |event| {
            leptos::task::spawn_local(async move {
                let _ = on_event(page, ShellEvent::Dom(event)).await;
            });
        });
        on_cleanup(move || handle.remove());
    }
}

/// What the code loaded on demand handles.
pub enum ShellEvent {
    /// The start replaced something to keep, or there are states kept to show.
    Start(Box<Startup>),
    /// A `hashchange` or a `storage` event.
    Dom(web_sys::Event),
}

/// Handles `event` (a split point in the page's build: its code is fetched the first time).
#[cfg(sessionscope_split)]
#[allow(improper_ctypes_definitions)]
#[leptos::wasm_split::wasm_split(
    shell_events,
    wasm_split_path = ::leptos::wasm_split,
    fallible
)]
fn on_event(page: PageState, event: ShellEvent) -> Result<(), SplitLoaderError> {
    handle_event(page, event);
    Ok(())
}

/// Handles `event`.
#[cfg(not(sessionscope_split))]
async fn on_event(page: PageState, event: ShellEvent) -> Result<(), SplitLoaderError> {
    handle_event(page, event);
    Ok(())
}

/// Settles the start, follows another tab's write, or opens a new address as the page's
/// address opens at the start (what it replaces is kept, and the banners are the start's; the
/// page's own writes to its address, `history.replaceState`, fire no `hashchange`).
fn handle_event(page: PageState, event: ShellEvent) {
    match event {
        ShellEvent::Start(start) => settle(page, &start),
        ShellEvent::Dom(event) => match event.dyn_ref::<web_sys::StorageEvent>() {
            Some(event) => other_tab_wrote(page, event),
            None => open_address(page),
        },
    }
}

/// Opens what the address says, unless the page shows it already.
fn open_address(page: PageState) {
    let (hash, search) = address();
    let mut slot = page.slot.get_value();
    let key = slot.key().unwrap_or_default().to_owned();
    let saved = || {
        let text = storage::read(&key).ok().flatten()?;
        Some(storage::decode(&text))
    };
    let start = startup(&hash, &search, &saved, &|| stored_apart_from(&key));
    let showing = page
        .app
        .playground
        .with_untracked(|p| (p.scenario().clone(), p.key_seed()));
    let opens = start
        .state
        .clone()
        .filter(|state| (&state.scenario, state.key_seed) != (&showing.0, showing.1));
    if let Some(state) = opens {
        let kept = keep_aside(&start, &mut slot);
        page.slot.set_value(slot);
        page.open(state);
        page.notices
            .set(start.notices.into_iter().chain(kept).collect());
    } else {
        page.notices.update(|notices| notices.extend(start.notices));
    }
}

/// Another tab that writes a different playground where this one saves takes its place: this
/// tab's playground moves to a key of its own at once, so that neither overwrites the other,
/// and a banner says so.
fn other_tab_wrote(page: PageState, event: &web_sys::StorageEvent) {
    let mine = page.stored_text();
    let (key, value) = (event.key(), event.new_value());
    if !page
        .slot
        .with_value(|slot| slot.taken_by_other_tab(key.as_deref(), value.as_deref(), &mine))
    {
        return;
    }
    page.slot.update_value(Slot::move_apart);
    let theirs = value.and_then(|text| storage::decode(&text).ok());
    let notice = match storage::set_aside(&mine) {
        Ok(aside) => {
            page.slot.update_value(|slot| slot.saved_at(aside.clone()));
            let shown = page.app.playground.with_untracked(|p| SharedState {
                scenario: p.scenario().clone(),
                key_seed: p.key_seed(),
                secrets: Secrets::Included,
                unknown: UnknownFields::default(),
            });
            other_tab_notice(&shown, theirs.as_ref(), &aside)
        }
        Err(error) => not_saved_notice(&error),
    };
    page.notify(notice);
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

/// Saves the playground after every change (not on the first run: opening a page saves
/// nothing). The address follows the scenario meanwhile (`super::address_bar`).
fn keep_saved(page: PageState) {
    let state = page.app;
    Effect::new(move |previous: Option<()>| {
        state.playground.track();
        if previous.is_some() {
            save(page);
        }
    });
}

/// Saves the playground where this tab saves ([`Slot::write`]); the first failure becomes a
/// banner.
fn save(page: PageState) {
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
fn not_saved_notice(error: &storage::PersistError) -> Notice {
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
