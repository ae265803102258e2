//! The panels of the controls' "The world" and "settings.py" tabs, loaded on demand the first
//! time their tab opens ([`super::controls`] has the tabs).

use leptos::prelude::*;

use crate::ui::actions::{
    browser_actions, cross_site_actions, fault_actions, server_actions, tabs_and_servers_actions,
};

use super::action_panels::{CatalogPanel, TimePanel};
use super::browser_panel::BrowserChoicePanel;
use super::servers_panel::ServersPanel;
use super::settings_panel::SettingsPanel;
use super::settings_py_panel::SettingsPyPanel;

/// "The world" tab's panels (loaded on demand).
#[component]
pub fn WorldTabPanels() -> impl IntoView {
    view! {
        <TimePanel />
        <BrowserChoicePanel />
        <ServersPanel />
        <CatalogPanel title="Tabs and servers" catalog=tabs_and_servers_actions />
        <CatalogPanel title="Other sites and scripts" catalog=cross_site_actions />
        <CatalogPanel title="The browser" catalog=browser_actions />
        <CatalogPanel title="The server" catalog=server_actions />
        <CatalogPanel title="Faults" catalog=fault_actions />
    }
}

/// The "settings.py" tab's panels (loaded on demand).
#[component]
pub fn SettingsTabPanels() -> impl IntoView {
    view! {
        <SettingsPanel />
        <SettingsPyPanel />
    }
}
