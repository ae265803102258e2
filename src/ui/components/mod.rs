//! The Leptos components: thin views over the pure models in `crate::ui`.

mod action_panels;
mod app;
mod controls;
mod header;
mod jar_inspector;
mod player_bar;
mod response_inspector;
mod scenario_panel;
mod settings_panel;
mod stage;
mod store_inspector;

pub use app::App;
