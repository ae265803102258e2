//! The page around the playground: how it starts (share link, saved playground, fresh), the
//! banners that explain a fallback, saving to `localStorage` as the scenario changes, and the
//! switch between the playground, the engine comparison and the cookie decoder.

use leptos::prelude::*;
use wasm_bindgen::JsValue;

use crate::ui::model::Playground;
use crate::ui::persist;
use crate::ui::startup::{startup, Notice, NoticeKind, Startup};
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
    const ALL: [PageMode; 3] = [PageMode::Playground, PageMode::Compare, PageMode::Decoder];

    fn label(self) -> &'static str {
        match self {
            PageMode::Playground => "Playground",
            PageMode::Compare => "Compare engines",
            PageMode::Decoder => "Decode a cookie",
        }
    }

    fn id(self) -> &'static str {
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
}

impl PageState {
    /// The page state from context.
    pub fn expect() -> PageState {
        expect_context::<PageState>()
    }

    /// Adds a banner.
    pub fn notify(&self, notice: Notice) {
        self.notices.update(|notices| notices.push(notice));
    }
}

/// Reads the address and the saved playground and decides how the page starts.
pub fn begin() -> Startup {
    let location = window().location();
    let hash = location.hash().unwrap_or_default();
    let search = location.search().unwrap_or_default();
    let start = startup(&hash, &search, persist::load);
    if start.forget_saved {
        persist::forget();
    }
    start
}

/// The playground to start with: the link's or saved scenario, or a fresh one whose clock
/// starts now.
pub fn initial_playground(start: &Startup, fresh: impl FnOnce() -> Playground) -> Playground {
    match &start.state {
        Some(state) => Playground::from_scenario(state.scenario.clone(), state.key_seed),
        None => fresh(),
    }
}

/// Provides [`PageState`] and starts saving the playground as it changes.
pub fn provide_page_state(start: &Startup) -> PageState {
    let page = PageState {
        mode: RwSignal::new(PageMode::Playground),
        notices: RwSignal::new(start.notices.clone()),
        embed: start.embed,
    };
    provide_context(page);
    if start.persist {
        keep_saved(AppState::expect(), page);
    }
    page
}

/// Saves the playground after every change (not on the first run: opening a page saves
/// nothing), and drops a share fragment from the address once the scenario moves on from it.
fn keep_saved(state: AppState, page: PageState) {
    let warned = StoredValue::new(false);
    Effect::new(move |previous: Option<()>| {
        let (scenario, seed) = state
            .playground
            .with(|p| (p.scenario().clone(), p.key_seed()));
        if previous.is_none() {
            return;
        }
        if let Err(error) = persist::save(&scenario, seed) {
            if !warned.get_value() {
                warned.set_value(true);
                page.notify(Notice {
                    kind: NoticeKind::Info,
                    title: "The playground is not being saved".to_owned(),
                    message: format!(
                        "{}: your changes will not survive a reload. Use Share to keep a link.",
                        error
                    ),
                });
            }
        }
        clear_share_fragment();
    });
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

/// The banners: each names what was wrong and can be dismissed.
#[component]
pub fn NoticeBanner() -> impl IntoView {
    let page = PageState::expect();
    view! {
        <div class="notices" aria-live="polite">
            {move || {
                page.notices
                    .get()
                    .into_iter()
                    .enumerate()
                    .map(|(index, notice)| {
                        let class = match notice.kind {
                            NoticeKind::Error => "notice error",
                            NoticeKind::Info => "notice info",
                        };
                        view! {
                            <div class=class role=if notice.kind == NoticeKind::Error { "alert" } else { "status" } data-testid="notice">
                                <div class="notice-text">
                                    <strong>{notice.title.clone()}</strong>
                                    <p>{notice.message.clone()}</p>
                                </div>
                                <button
                                    type="button"
                                    class="button notice-close"
                                    aria-label="Dismiss"
                                    on:click=move |_| page.notices.update(|n| {
                                        if index < n.len() {
                                            n.remove(index);
                                        }
                                    })
                                >
                                    "×"
                                </button>
                            </div>
                        }
                    })
                    .collect_view()
            }}
        </div>
    }
}

/// The switch between the playground, the comparison and the decoder.
#[component]
pub fn PageTabs() -> impl IntoView {
    let page = PageState::expect();
    view! {
        <nav class="page-tabs" aria-label="Views">
            {PageMode::ALL
                .into_iter()
                .map(|mode| {
                    view! {
                        <button
                            type="button"
                            data-page=mode.id()
                            aria-pressed=move || (page.mode.get() == mode).to_string()
                            on:click=move |_| page.mode.set(mode)
                        >
                            {mode.label()}
                        </button>
                    }
                })
                .collect_view()}
        </nav>
    }
}
