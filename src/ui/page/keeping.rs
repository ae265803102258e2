//! What the page keeps when something replaces its playground: what the start replaces (a
//! saved playground it cannot read, the one a link replaces: set aside, or, when they cannot
//! be, not written over until the user decides), a new address in the tab (a link pasted into
//! it, Back, Forward: `hashchange`, opened as the start opens the address), another tab's
//! write where this one saves (`storage`: this tab's playground moves to a key of its own),
//! and the banners of everything kept. Its code loads when one of these first happens (most
//! visits see none): [`on_event`] is a split point of the page's build.

use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;
use wasm_bindgen::JsCast;

use super::document::{Secrets, SharedState, UnknownFields};
use super::notices::{
    describe, kept_notice, kept_notices, link_over_saved_notice, other_tab_notice, saved_notice,
    unkept_notice, Notice,
};
use super::slot::Slot;
use super::start::{startup, Origin, Startup};
use super::state::{address, not_saved_notice, save, stored_apart_from, PageState};
use super::storage;
use crate::ui::session_topology;

/// Follows new addresses and other tabs' writes, and settles what `start` replaces (the app
/// calls it once [`PageState`] is provided; nothing when the page does not save).
pub fn follow(page: PageState, start: &Startup) {
    if !start.persist {
        return;
    }
    for name in ["hashchange", "storage"] {
        let handle = window_event_listener_untyped(name, move |event| {
            leptos::task::spawn_local(async move {
                let _ = on_event(page, ShellEvent::Dom(event)).await;
            });
        });
        on_cleanup(move || handle.remove());
    }
    let replaces = start.saved_error.is_some() || start.link_replaces.is_some();
    if replaces || start.kept_key.is_some() || storage::has_aside() {
        let event = ShellEvent::Start(Box::new(start.clone()));
        leptos::task::spawn_local(async move {
            let _ = on_event(page, event).await;
        });
    }
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
    if start.needs_topology_code && !session_topology::is_loaded() {
        // Several instances or concurrent requests: their code first, then the address again.
        leptos::task::spawn_local(async move {
            if session_topology::load().await.is_ok() {
                open_address(page);
            }
        });
        return;
    }
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
        page.opened.set_value(true);
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
