//! The page shell's live state: how it starts (share link, saved playground, fresh: decided
//! by [`super::start`]), the states it sets aside rather than lose (with their banners,
//! [`super::notices`]), saving to `localStorage` as the scenario changes ([`super::storage`]),
//! and which view fills the page (the playground, the engine comparison or the cookie
//! decoder).

use leptos::prelude::*;
use wasm_bindgen::JsValue;

use super::document::UnknownFields;
use super::notices::{
    add_notice, aside_notice, describe, link_over_saved_notice, saved_notice, Notice, NoticeKind,
};
use super::start::{startup, Startup};
use super::storage;
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
    app: AppState,
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

    /// Brings back the playground set aside under `key`, and sets the one on the page aside
    /// in its place; returns what is shown now ("db, 3 steps").
    pub fn switch_to(&self, key: &str) -> Result<String, String> {
        let text = storage::read(key)
            .map_err(|error| error.to_string())?
            .ok_or_else(|| "it is no longer in this browser's storage".to_owned())?;
        let other = storage::decode(&text).map_err(|error| error.to_string())?;
        let current = self.app.playground.with_untracked(|p| {
            storage::encode(p.scenario(), p.key_seed(), &self.unknown.get_value())
        });
        storage::replace_aside(key, &current).map_err(|error| error.to_string())?;
        let described = format!("the playground that was set aside ({})", describe(&other));
        self.unknown.set_value(other.unknown);
        self.app.load(other.scenario, other.key_seed);
        clear_share_fragment();
        Ok(described)
    }
}

/// Reads the address and the saved playground and decides how the page starts.
pub fn begin() -> Startup {
    let location = window().location();
    let hash = location.hash().unwrap_or_default();
    let search = location.search().unwrap_or_default();
    startup(&hash, &search, storage::load)
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
/// banner for each state set aside, and starts saving the playground as it changes.
pub fn provide_page_state(start: &Startup) -> PageState {
    let notices = if start.persist {
        keep_aside(start)
    } else {
        Vec::new()
    };
    let page = PageState {
        mode: RwSignal::new(PageMode::Playground),
        notices: RwSignal::new(start.notices.iter().cloned().chain(notices).collect()),
        embed: start.embed,
        unknown: StoredValue::new(
            start
                .state
                .as_ref()
                .map(|state| state.unknown.clone())
                .unwrap_or_default(),
        ),
        app: AppState::expect(),
    };
    provide_context(page);
    report_refusals(page);
    if start.persist {
        keep_saved(page);
    }
    page
}

/// Moves aside the saved playground the page cannot read, or the one a link replaces, and
/// returns a banner for it and for every state set aside earlier. Copies identical to the
/// saved playground go (nothing is lost: the same text stays saved).
fn keep_aside(start: &Startup) -> Vec<Notice> {
    let mut notices = Vec::new();
    let saved_text = storage::load_text().ok().flatten();
    let mut earlier = storage::aside_entries().unwrap_or_default();
    earlier.retain(|entry| {
        let duplicate = saved_text.as_deref() == Some(entry.text.as_str());
        if duplicate {
            let _ = storage::discard(&entry.key);
        }
        !duplicate
    });
    let mut new_key = None;
    if let Some(error) = &start.saved_error {
        if let Ok(Some(key)) = storage::move_saved_aside() {
            notices.push(saved_notice(error, key.clone()));
            new_key = Some(key);
        }
    } else if let (Some(saved), Some(text)) = (&start.link_replaces, &saved_text) {
        if let Ok(key) = storage::set_aside(text) {
            notices.push(link_over_saved_notice(saved, key.clone()));
            new_key = Some(key);
        }
    }
    notices.extend(
        earlier
            .iter()
            .filter(|entry| Some(&entry.key) != new_key.as_ref())
            .map(aside_notice),
    );
    notices
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
/// nothing; on a long scenario in a task of its own, [`FollowUp`]). The address follows the
/// scenario meanwhile (`super::address_bar`).
fn keep_saved(page: PageState) {
    let state = page.app;
    let warned = StoredValue::new(false);
    let saving = FollowUp::new();
    Effect::new(move |previous: Option<()>| {
        state.playground.track();
        if previous.is_none() {
            return;
        }
        saving.run(state.is_long(), move || save_now(page, warned));
    });
}

/// Saves the playground as it is; the first failure says so in a banner.
fn save_now(page: PageState, warned: StoredValue<bool>) {
    let state = page.app;
    let result = state
        .playground
        .with_untracked(|p| storage::save(p.scenario(), p.key_seed(), &page.unknown.get_value()));
    if let Err(error) = result {
        if !warned.get_value() {
            warned.set_value(true);
            page.notify(Notice::new(
                NoticeKind::Info,
                "The playground is not being saved",
                format!(
                    "{}: your changes will not survive a reload. Use Share to keep a link.",
                    error
                ),
            ));
        }
    }
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
