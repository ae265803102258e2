//! The Leptos playground. Depends on `sessionscope_engine`; never the reverse.
//!
//! Logic lives in plain modules with plain unit tests; the components in [`components`] only
//! display them. One concept per module:
//!
//! - the playground: [`model`] (the scenario, re-run on every change), [`state`] (the reactive
//!   handles components share), [`actions`] (the buttons' steps), [`playback`],
//!   [`timeline`] and [`pacing`] (the player), [`session_keys`];
//! - the stage: [`stage`] (choreography, sizes, jar and store, a setting's effect) and
//!   [`stage_view`];
//! - what the inspectors show: [`jar_view`], [`response_view`], [`store_view`], with
//!   [`cookie_parts`] (a signed value's coloured parts), [`cookie_size`],
//!   [`clock_text`], [`event_text`], [`step_names`] and [`python`] (the Python a step stands for);
//! - the page around it: [`page`] (the page shell: start, storage, address, banners, the
//!   document format of links and storage), [`snippets`] (embedding in documentation),
//!   [`settings_py`];
//! - the other views: [`stories`] (guided tours), [`compare`] (engines side by side),
//!   [`decoder`] (paste a cookie), with [`markup`] for their HTML.
//!
//! File names follow one rule: `*_view.rs` is a plain view model in `src/ui/` (data a
//! component shows, no Leptos); a file in `src/ui/components/` is named after what it draws
//! (`*_page` for a whole view of the page, `*_panel`, `*_inspector`, `*_bar`, `*_guide`, or a
//! plain noun such as `stage` or `header`) and never ends in `_view`.

pub mod actions;
pub mod browser_choice;
pub mod clock_text;
pub mod compare;
pub mod components;
pub mod cookie_parts;
pub mod cookie_size;
pub mod decoder;
pub mod django_choice;
pub mod engine_code;
pub mod event_text;
pub mod export;
pub mod follow_up;
pub mod in_flight;
pub mod inline_styles;
pub mod jar_view;
pub mod key_guess;
pub mod limits;
pub mod markup;
pub mod model;
pub mod pacing;
pub mod page;
pub mod pending;
pub mod playback;
pub mod python;
pub mod python_int;
pub mod request_options;
pub mod response_view;
pub mod servers_choice;
pub mod session_keys;
pub mod session_pickle;
pub mod session_topology;
pub mod settings_py;
pub mod snippets;
pub mod stage;
pub mod stage_view;
pub mod state;
pub mod step_names;
pub mod store_view;
pub mod stories;
#[cfg(test)]
mod test_fixtures;
pub mod timeline;
pub mod validation;

use leptos::prelude::*;

/// Mounts the playground into the page's `<body>`. A long scenario (a link or a saved
/// playground of more than [`limits::DEFER_RERUN_ABOVE_STEPS`] steps) is run first and drawn
/// in a task of its own, so neither the run nor the first render holds the page alone for
/// both; an embed is drawn at once (`boot.js` measures its frame as soon as the page starts).
pub fn start() {
    #[cfg(target_arch = "wasm32")]
    inline_styles::apply_from_now_on();
    let (start, playground) = components::prepare();
    if start.needs_topology_code {
        // A link or saved playground with several Django instances or concurrent requests:
        // their code first (a part loaded on demand), then the page reads it again. If the
        // code cannot be fetched, the second reading says so in its banner.
        // (Leptos' executor starts with the mount: wasm-bindgen's runs this task.)
        wasm_bindgen_futures::spawn_local(async {
            let _ = session_topology::load().await;
            let (start, playground) = components::prepare();
            mount(start, playground);
        });
        return;
    }
    mount(start, playground);
}

/// Mounts the page; a long scenario is drawn in a task of its own, after the one that ran it.
fn mount(start: page::start::Startup, playground: model::Playground) {
    let long = !start.embed && playground.scenario().steps.len() > limits::DEFER_RERUN_ABOVE_STEPS;
    let mount = move || {
        mount_to_body(move || view! { <components::Page start playground /> });
    };
    if long {
        set_timeout(mount, std::time::Duration::ZERO);
    } else {
        mount();
    }
}
