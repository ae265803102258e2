//! The controls column: tabs for the view's requests, the world around them (clock,
//! browser, faults) and settings.py. "The view" comes with the page; the other two tabs' code
//! loads the first time they open (or when the pointer rests on them: [`super::on_demand`];
//! their panels are in [`super::control_tabs`]).
//! Once open, a panel stays mounted, so switching tabs is instant and loses nothing typed.

use leptos::prelude::*;

use crate::ui::request_options::RequestOptions;

use super::action_panels::ViewActionsPanel;
use super::browser_panel::RequestOptionsPanel;
use super::on_demand::{prefetch, OnDemand, Part};

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

    /// The part loaded on demand for this tab (none for the first, which comes with the page).
    fn part(self) -> Option<Part> {
        match self {
            ControlsTab::Requests => None,
            ControlsTab::World => Some(Part::World),
            ControlsTab::Settings => Some(Part::Settings),
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
    // The tabs opened so far: their panels are mounted (and stay so).
    let opened = RwSignal::new(vec![ControlsTab::Requests]);
    let open = move |tab: ControlsTab| {
        if !opened.with_untracked(|o| o.contains(&tab)) {
            opened.update(|o| o.push(tab));
        }
        set_current.set(tab);
    };
    // Where the next requests go (scheme, path), read by every action button.
    provide_context(RwSignal::new(RequestOptions::default()));
    let panel = move |tab: ControlsTab| {
        view! {
            <div
                class="tab-panel"
                role="tabpanel"
                id=tab.panel_id()
                aria-labelledby=tab.tab_id()
                hidden=move || current.get() != tab
            >
                <Show when=move || opened.with(|o| o.contains(&tab))>
                    {match tab.part() {
                        None => view! {
                            <ViewActionsPanel />
                            <RequestOptionsPanel />
                        }
                            .into_any(),
                        Some(part) => view! { <OnDemand part /> }.into_any(),
                    }}
                </Show>
            </div>
        }
    };
    view! {
        <aside class="controls" aria-label="Controls">
            <div class="tabs" role="tablist">
                {ControlsTab::ALL
                    .into_iter()
                    .map(|tab| {
                        let fetch_early = move || {
                            if let Some(part) = tab.part() {
                                prefetch(part);
                            }
                        };
                        view! {
                            <button
                                type="button"
                                role="tab"
                                id=tab.tab_id()
                                aria-controls=tab.panel_id()
                                title=tab.hint()
                                aria-selected=move || (current.get() == tab).to_string()
                                on:click=move |_| open(tab)
                                on:pointerenter=move |_| fetch_early()
                                on:focus=move |_| fetch_early()
                            >
                                {tab.label()}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
            {ControlsTab::ALL.into_iter().map(panel).collect_view()}
        </aside>
    }
}
