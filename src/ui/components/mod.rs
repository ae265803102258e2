//! The Leptos components: thin views over the pure models in `crate::ui`.

mod action_panels;
mod app;
mod browser_panel;
mod compare_browsers;
mod compare_page;
mod compare_versions;
mod control_tabs;
mod controls;
mod copy_button;
mod decoder_page;
mod embed_page;
mod export_menu;
mod export_template;
mod header;
mod jar_inspector;
mod key_guess_panel;
mod near_window;
mod notice_banner;
mod notice_list;
mod on_demand;
mod page_tabs;
mod part_style;
mod parts;
mod player_bar;
mod response_inspector;
mod scenario_panel;
mod servers_panel;
mod settings_panel;
mod settings_py_panel;
mod share_button;
mod share_panel;
mod shared_start;
mod stage;
mod store_inspector;
mod story_guide;

pub use app::{prepare, App, Page};
