//! What the page's address asks for and keeps ([`super::address`]): the theme, the
//! step to open at, and, on the full page, the playground's place written back into the
//! address as it changes (with `history.replaceState`: no history entry per click), so a
//! reload, a bookmark or a copied address shows the same thing.
//!
//! The scenario goes into the address as a share link without secrets
//! ([`super::document::encode`] with `include_secrets` false): a `SECRET_KEY` the user typed
//! never lands in the address bar, the history or a bookmark. On reload such an address is
//! recognised as the saved playground's own ([`super::start::reflects`]), which opens
//! with its keys and without a banner.

use leptos::prelude::*;
use wasm_bindgen::JsValue;

use super::address::{forced_theme, opening_step, playground_address, PageParams, Theme};
use super::document::encode;
use crate::ui::follow_up::FollowUp;
use crate::ui::playback::Player;
use crate::ui::state::AppState;

/// The parameters in the page's query.
pub fn page_params() -> PageParams {
    PageParams::parse(&window().location().search().unwrap_or_default())
}

/// Sets the root element's `data-theme` (`theme=light|dark`); `auto` leaves the system's.
pub fn apply_theme(theme: Theme) {
    let Some(root) = document().document_element() else {
        return;
    };
    match forced_theme(theme) {
        Some(name) => {
            let _ = root.set_attribute("data-theme", name);
        }
        None => {
            let _ = root.remove_attribute("data-theme");
        }
    }
}

/// Moves the player to the end of the step `step=` names (paused), if the scenario has it.
pub fn open_at_step(state: AppState, params: &PageParams) {
    let steps = state
        .playground
        .with_untracked(|p| p.timeline().step_count());
    if let Some(step) = opening_step(params, steps) {
        state.seek_step(step);
    }
}

/// The step to write into the address: the player's, unless it is at the very end (the place
/// a scenario opens at anyway).
fn place(state: AppState) -> Memo<Option<usize>> {
    let current = state.current_step();
    Memo::new(move |_| {
        let at_end = state.player.with(Player::is_at_end);
        current.get().filter(|_| !at_end)
    })
}

/// Keeps the address on the playground's scenario and step, from the first change on: the
/// address the page was opened with stays until then (it already shows what is on the page,
/// and a link that could not be opened stays there to be looked at or reloaded). On a long
/// scenario the address is written in a task of its own after the change's ([`FollowUp`]).
pub fn follow_address(state: AppState) {
    let fragment = Memo::new(move |_| {
        state
            .playground
            .with(|p| encode(p.scenario(), p.key_seed(), false))
    });
    let place = place(state);
    let writing = FollowUp::new();
    Effect::new(move |previous: Option<()>| {
        // The first run only subscribes (to the scenario itself): encoding it waits for the
        // first change instead of holding up the page's start.
        state.playground.track();
        place.track();
        if previous.is_none() {
            return;
        }
        writing.run(state.is_long(), move || {
            let (fragment, place) = (fragment.get_untracked(), place.get_untracked());
            let here = window().location().href().unwrap_or_default();
            let address = playground_address(&here, &fragment, place);
            if address != here {
                if let Ok(history) = window().history() {
                    let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&address));
                }
            }
        });
    });
}

/// The address of the playground's place, as [`follow_address`] writes it, with the scenario
/// fragment `fragment` (the Share panel's link, which may carry the secrets).
pub fn place_address(state: AppState, fragment: &str) -> String {
    let step = state.player.with(|player| {
        let at_end = player.is_at_end();
        let position = player.position();
        state
            .playground
            .with(|p| p.timeline().step_at(position))
            .filter(|_| !at_end)
    });
    playground_address(
        &window().location().href().unwrap_or_default(),
        fragment,
        step,
    )
}
