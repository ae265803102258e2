//! The Leptos components: thin views over the pure models in `crate::ui`.

mod action_panels;
mod app;
mod browser_panel;
mod compare_page;
mod controls;
mod decoder_page;
mod embed_page;
mod export_menu;
mod header;
mod jar_inspector;
mod notice_banner;
mod on_demand;
mod page_address;
mod page_modes;
mod part_style;
mod player_bar;
mod response_inspector;
mod scenario_panel;
mod settings_panel;
mod settings_py_panel;
mod share_panel;
mod stage;
mod store_inspector;
mod story_guide;

pub use app::App;
