//! The controls column: tabs for the view's requests, the world around them (clock,
//! browser, faults) and settings.py. Every panel stays mounted, so switching tabs is instant
//! and loses nothing typed.

use leptos::prelude::*;

use crate::ui::actions::{browser_actions, cross_site_actions, fault_actions, server_actions};
use crate::ui::request_options::RequestOptions;

use super::action_panels::{CatalogPanel, TimePanel, ViewActionsPanel};
use super::browser_panel::{BrowserChoicePanel, RequestOptionsPanel};
use super::settings_panel::SettingsPanel;
use super::settings_py_panel::SettingsPyPanel;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ControlsTab {
    Requests,
    World,
    Settings,
}

impl ControlsTab {
    const ALL: [ControlsTab; 3] = [
        ControlsTab::Requests,
        ControlsTab::World,
        ControlsTab::Settings,
    ];

    fn id(self) -> &'static str {
        match self {
            ControlsTab::Requests => "requests",
            ControlsTab::World => "world",
            ControlsTab::Settings => "settings",
        }
    }

    /// The tab button's element id.
    fn tab_id(self) -> String {
        format!("tab-{}", self.id())
    }

    /// The tab panel's element id.
    fn panel_id(self) -> String {
        format!("panel-{}", self.id())
    }

    fn hint(self) -> &'static str {
        match self {
            ControlsTab::Requests => "What the view does with request.session",
            ControlsTab::World => "The clock, the browser, other sites, the server and its faults",
            ControlsTab::Settings => "Every session setting",
        }
    }

    fn label(self) -> &'static str {
        match self {
            ControlsTab::Requests => "The view",
            ControlsTab::World => "The world",
            ControlsTab::Settings => "settings.py",
        }
    }
}

#[component]
pub fn Controls() -> impl IntoView {
    let (current, set_current) = signal(ControlsTab::Requests);
    // Where the next requests go (scheme, path), read by every action button.
    provide_context(RwSignal::new(RequestOptions::default()));
    let panel = move |tab: ControlsTab, children: AnyView| {
        view! {
            <div
                class="tab-panel"
                role="tabpanel"
                id=tab.panel_id()
                aria-labelledby=tab.tab_id()
                hidden=move || current.get() != tab
            >
                {children}
            </div>
        }
    };
    view! {
        <aside class="controls" aria-label="Controls">
            <div class="tabs" role="tablist">
                {ControlsTab::ALL
                    .into_iter()
                    .map(|tab| {
                        view! {
                            <button
                                type="button"
                                role="tab"
                                id=tab.tab_id()
                                aria-controls=tab.panel_id()
                                title=tab.hint()
                                aria-selected=move || (current.get() == tab).to_string()
                                on:click=move |_| set_current.set(tab)
                            >
                                {tab.label()}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
            {panel(
                ControlsTab::Requests,
                view! {
                    <ViewActionsPanel />
                    <RequestOptionsPanel />
                }
                    .into_any(),
            )}
            {panel(
                ControlsTab::World,
                view! {
                    <TimePanel />
                    <BrowserChoicePanel />
                    <CatalogPanel title="Other sites and scripts" catalog=cross_site_actions />
                    <CatalogPanel title="The browser" catalog=browser_actions />
                    <CatalogPanel title="The server" catalog=server_actions />
                    <CatalogPanel title="Faults" catalog=fault_actions />
                }
                    .into_any(),
            )}
            {panel(
                ControlsTab::Settings,
                view! {
                    <SettingsPanel />
                    <SettingsPyPanel />
                }
                    .into_any(),
            )}
        </aside>
    }
}
