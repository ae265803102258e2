//! The parts of the page whose code loads when they are first wanted, not with the page:
//! Compare, the decoder, the controls' "The world" and "settings.py" tabs and the Share panel
//! (few visits open them); the guided tours' picker and the inspectors, which start below the
//! window at 1280x720 and load when they come into view or the reader scrolls ([`NearView`]);
//! the banners, which most visits never see; the embedded view, which the full page never
//! shows (and the embed needs nothing else here);
//! and the tours' scenarios and captions ([`with_tours`]), wanted when a tour opens or a
//! story's scenario is on the page.
//!
//! In the page's build (`scripts/page-wasm.py`, which compiles with `--cfg sessionscope_split`)
//! each part is a split point of Leptos' wasm-split support (`leptos::wasm_split`): the code
//! only that part uses goes into its own `.wasm` file, fetched (with its integrity checked)
//! the first time the part is shown, or earlier when the pointer rests on the button that
//! opens it. Every other build (tests, `cargo build`) has no split points: a part's view is
//! built at once and the loaders below only wrap it.
//!
//! While a part loads, its place says so; if its code cannot be fetched, it says that, with a
//! button to try again (a failed fetch is not remembered), and the rest of the page works on.

use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::ui::state::{AppState, Tours};
use crate::ui::stories::{names_a_story, TourBook};

use super::compare_page::ComparePage;
use super::controls::{SettingsTabPanels, WorldTabPanels};
use super::decoder_page::DecoderPage;
use super::embed_page::EmbedPage;
use super::jar_inspector::JarInspector;
use super::notice_banner::NoticeList;
use super::part_style::{fetch_part_style, PartStyle};
use super::response_inspector::ResponseInspector;
use super::scenario_panel::ScenarioPanel;
use super::share_panel::SharePanel;
use super::store_inspector::StoreInspector;
use super::story_guide::StoryGuide;

/// A part of the page loaded on demand.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// The engine comparison.
    Compare,
    /// The cookie decoder.
    Decoder,
    /// The controls' "The world" tab: the clock, the browser, other sites, the server, faults.
    World,
    /// The controls' "settings.py" tab: every setting and the settings.py text.
    Settings,
    /// The Share panel: the link, the embed snippets and the exports.
    Share,
    /// The guided tours' picker and the open tour's steps (below the stage).
    Guide,
    /// The inspectors: the cookie jar, the request and response, the store, the scenario JSON.
    Inspectors,
    /// The banners (a link over a saved playground, a state set aside, a refused input).
    Notices,
    /// The embedded view (`?embed=1`).
    Embed,
}

impl Part {
    /// What the part is called in "Loading …" and in a failure.
    pub fn label(self) -> &'static str {
        match self {
            Part::Compare => "Compare engines",
            Part::Decoder => "the cookie decoder",
            Part::World => "the world's controls",
            Part::Settings => "the settings",
            Part::Share => "the Share panel",
            Part::Guide => "the guided tours",
            Part::Inspectors => "the inspectors",
            Part::Notices => "the notices",
            Part::Embed => "the embedded playground",
        }
    }

    /// The part's own stylesheet (`style/<name>.css`, loaded with it: [`part_style`]), if any.
    ///
    /// [`part_style`]: super::part_style
    pub fn style_name(self) -> Option<&'static str> {
        match self {
            Part::Compare => Some("compare"),
            Part::Decoder => Some("decoder"),
            Part::Share => Some("share"),
            Part::Embed => Some("embed"),
            _ => None,
        }
    }

    /// Builds the part's view, fetching its code and its stylesheet first when they have not
    /// arrived yet (the two at once).
    async fn load(self) -> Result<AnyView, PartNotLoaded> {
        let style = self.style_name().map_or(PartStyle::Here, fetch_part_style);
        let view = self.load_code().await.map_err(|_| PartNotLoaded)?;
        style.arrived().await.map_err(|_| PartNotLoaded)?;
        Ok(view)
    }

    /// Builds the part's view, fetching its code first when it has not arrived yet.
    async fn load_code(self) -> Result<AnyView, SplitLoaderError> {
        match self {
            Part::Compare => loaders::compare().await,
            Part::Decoder => loaders::decoder().await,
            Part::World => loaders::world().await,
            Part::Settings => loaders::settings().await,
            Part::Share => loaders::share().await,
            Part::Guide => loaders::guide().await,
            Part::Inspectors => loaders::inspectors().await,
            Part::Notices => loaders::notices().await,
            Part::Embed => loaders::embed().await,
        }
    }

    /// Fetches the part's code without showing it (the pointer is on the way to it).
    async fn fetch(self) -> Result<(), SplitLoaderError> {
        match self {
            Part::Compare => loaders::fetch_compare().await,
            Part::Decoder => loaders::fetch_decoder().await,
            Part::World => loaders::fetch_world().await,
            Part::Settings => loaders::fetch_settings().await,
            Part::Share => loaders::fetch_share().await,
            Part::Guide => loaders::fetch_guide().await,
            Part::Inspectors => loaders::fetch_inspectors().await,
            Part::Notices => loaders::fetch_notices().await,
            Part::Embed => loaders::fetch_embed().await,
        }
    }
}

/// A part's code or stylesheet could not be fetched (or did not match its integrity).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct PartNotLoaded;

/// What the place of `what` (a part, the tours) says when its code did not arrive.
pub fn not_loaded(what: &str) -> String {
    format!(
        "The code of {what} did not load from this address (the connection dropped, or the copy \
         on this server is incomplete)."
    )
}

/// Starts fetching `part`'s code in the background, so that it is there when it is opened.
/// A failure here is silent: opening the part tries again and says what went wrong.
pub fn prefetch(part: Part) {
    let style = part.style_name().map_or(PartStyle::Here, fetch_part_style);
    leptos::task::spawn_local(async move {
        let _ = part.fetch().await;
        let _ = style.arrived().await;
    });
}

/// Runs `then` with the tours' scenarios and captions: at once when they are here, else once
/// their code has arrived (nothing happens if it cannot be fetched: the tour picker then says
/// so, with a button to try again).
pub fn with_tours(state: AppState, then: impl FnOnce(TourBook) + 'static) {
    if let Some(book) = state.tours.with_untracked(Tours::book) {
        then(book);
        return;
    }
    state.tours.set(Tours::Loading);
    leptos::task::spawn_local(async move {
        match loaders::tours().await {
            Ok(book) => {
                state.tours.set(Tours::Ready(book));
                then(book);
            }
            Err(_) => state.tours.set(Tours::Failed),
        }
    });
}

/// Fetches the tours whenever the scenario on the page is named after a story (a shared or
/// saved tour, an embedded one), so that its captions follow.
pub fn load_tours_for_stories(state: AppState) {
    Effect::new(move |_| {
        let wanted = state.playground.with(|p| names_a_story(p.scenario()));
        if wanted && matches!(state.tours.get_untracked(), Tours::Absent) {
            with_tours(state, |_| {});
        }
    });
}

/// Starts fetching the tours in the background (the pointer is on a tour's button).
pub fn prefetch_tours() {
    leptos::task::spawn_local(async move {
        let _ = loaders::fetch_tours().await;
    });
}

/// Where a part stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Loading {
    Pending,
    Shown,
    Failed,
}

/// Shows `part`: "Loading …" until its code is there, then the part, or what went wrong with
/// a button to try again.
#[component]
pub fn OnDemand(part: Part) -> impl IntoView {
    let status = RwSignal::new(Loading::Pending);
    let ready: StoredValue<Option<AnyView>, LocalStorage> = StoredValue::new_local(None);
    // The loading runs under this component's owner, also when "Try again" starts it: under
    // the button's own owner it would be cancelled as soon as the button leaves the page,
    // which is at once (the status turns to "Loading …").
    let owner = StoredValue::new_local(Owner::current());
    let start = move || {
        status.set(Loading::Pending);
        // Under the component's owner, so the part finds the page's context (and is dropped
        // if the part is closed before its code arrives); untracked, so loading subscribes to
        // nothing.
        let load = move || {
            untrack(|| {
                leptos::task::spawn_local_scoped_with_cancellation(async move {
                    match part.load().await {
                        Ok(view) => {
                            ready.set_value(Some(view));
                            status.set(Loading::Shown);
                        }
                        Err(_) => status.set(Loading::Failed),
                    }
                })
            })
        };
        match owner.try_get_value().flatten() {
            Some(owner) => owner.with(load),
            None => load(),
        }
    };
    start();
    move || match status.get() {
        Loading::Pending => view! {
            <p class="on-demand" role="status" data-testid="on-demand-loading">
                {format!("Loading {}…", part.label())}
            </p>
        }
        .into_any(),
        Loading::Failed => view! {
            <div class="on-demand failed" role="alert" data-testid="on-demand-failed">
                <p>
                    {format!("{} The rest of the page works as before.", not_loaded(part.label()))}
                </p>
                <button type="button" class="button" on:click=move |_| start()>
                    "Try again"
                </button>
            </div>
        }
        .into_any(),
        Loading::Shown => ready
            .try_update_value(Option::take)
            .flatten()
            .unwrap_or_else(|| ().into_any()),
    }
}

/// Shows `children` once the place where they go is in the window (48 px of it at least),
/// or, once the reader has scrolled, within 300 px of it; at once where the browser cannot
/// tell. Kept from then on.
///
/// Before any scroll only what is really in view loads: at 1280x720 the stage fills the
/// window and the tours and inspectors below it wait (a first visit loads only the page's
/// own files, `e2e/page-weight.spec.js`); once the reader scrolls, they arrive ahead of the
/// window.
#[component]
pub fn NearView(children: ChildrenFn) -> impl IntoView {
    let near = RwSignal::new(false);
    let marker = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if let Some(element) = marker.get() {
            watch_until_near(&element, near);
        }
    });
    view! {
        <Show when=move || near.get() fallback=move || view! { <div class="near-view" node_ref=marker></div> }>
            {children()}
        </Show>
    }
}

/// Before any scroll: `element` must be 48 px inside the window's bottom edge.
const IN_VIEW: &str = "0px 0px -48px 0px";
/// Once the reader scrolls: `element` within 300 px of the window.
const AHEAD_OF_SCROLL: &str = "300px";

/// Sets `near` when `element` is in view ([`IN_VIEW`]), or near it once the window has
/// scrolled ([`AHEAD_OF_SCROLL`]), then stops watching.
fn watch_until_near(element: &web_sys::Element, near: RwSignal<bool>) {
    let Some(first) = observe_until_near(element, IN_VIEW, near) else {
        near.set(true);
        return;
    };
    let element = element.clone();
    let on_first_scroll = Closure::once_into_js(move || {
        first.disconnect();
        // The part may have left the page since (its signal gone): then there is nothing to do.
        let waiting = near.try_get_untracked() == Some(false);
        if waiting && observe_until_near(&element, AHEAD_OF_SCROLL, near).is_none() {
            let _ = near.try_set(true);
        }
    });
    let options = web_sys::AddEventListenerOptions::new();
    options.set_once(true);
    options.set_passive(true);
    let _ = window().add_event_listener_with_callback_and_add_event_listener_options(
        "scroll",
        on_first_scroll.unchecked_ref(),
        &options,
    );
}

/// An observer that sets `near` once `element` intersects the window grown by `margin`.
fn observe_until_near(
    element: &web_sys::Element,
    margin: &str,
    near: RwSignal<bool>,
) -> Option<web_sys::IntersectionObserver> {
    let on_change =
        Closure::<dyn FnMut(web_sys::js_sys::Array, web_sys::IntersectionObserver)>::new(
            move |entries: web_sys::js_sys::Array, observer: web_sys::IntersectionObserver| {
                let seen = entries.iter().any(|entry| {
                    entry
                        .dyn_into::<web_sys::IntersectionObserverEntry>()
                        .is_ok_and(|entry| entry.is_intersecting())
                });
                if seen {
                    observer.disconnect();
                    let _ = near.try_set(true);
                }
            },
        );
    let options = web_sys::IntersectionObserverInit::new();
    options.set_root_margin(margin);
    let observer = web_sys::IntersectionObserver::new_with_options(
        on_change.as_ref().unchecked_ref(),
        &options,
    )
    .ok()?;
    observer.observe(element);
    on_change.forget();
    Some(observer)
}

/// One loader per part: `$load` builds the view, `$fetch` only fetches the code. With
/// `--cfg sessionscope_split` they are wasm-split points (module `$module`); without it, plain
/// functions.
// rustfmt re-indents the attribute inside this macro on every run: it is kept as written.
#[rustfmt::skip]
macro_rules! part_loader {
    ($module:ident, $load:ident, $fetch:ident, $view:expr) => {
        #[cfg(sessionscope_split)]
        #[leptos::wasm_split::wasm_split(
            $module,
            wasm_split_path = ::leptos::wasm_split,
            fallible,
            preload($fetch)
        )]
        pub fn $load() -> Result<AnyView, SplitLoaderError> {
            Ok($view.into_any())
        }

        #[cfg(not(sessionscope_split))]
        pub async fn $load() -> Result<AnyView, SplitLoaderError> {
            Ok($view.into_any())
        }

        #[cfg(not(sessionscope_split))]
        pub async fn $fetch() -> Result<(), SplitLoaderError> {
            Ok(())
        }
    };
}

#[allow(improper_ctypes_definitions)]
mod loaders {
    use super::*;

    #[cfg(sessionscope_split)]
    #[leptos::wasm_split::wasm_split(
        tours,
        wasm_split_path = ::leptos::wasm_split,
        fallible,
        preload(fetch_tours)
    )]
    pub fn tours() -> Result<TourBook, SplitLoaderError> {
        Ok(crate::ui::stories::book())
    }

    #[cfg(not(sessionscope_split))]
    pub async fn tours() -> Result<TourBook, SplitLoaderError> {
        Ok(crate::ui::stories::book())
    }

    #[cfg(not(sessionscope_split))]
    pub async fn fetch_tours() -> Result<(), SplitLoaderError> {
        Ok(())
    }

    part_loader!(compare, compare, fetch_compare, view! { <ComparePage /> });
    part_loader!(decoder, decoder, fetch_decoder, view! { <DecoderPage /> });
    part_loader!(world, world, fetch_world, view! { <WorldTabPanels /> });
    part_loader!(
        settings,
        settings,
        fetch_settings,
        view! { <SettingsTabPanels /> }
    );
    part_loader!(share, share, fetch_share, view! { <SharePanel /> });
    part_loader!(guide, guide, fetch_guide, view! { <StoryGuide /> });
    part_loader!(
        inspectors,
        inspectors,
        fetch_inspectors,
        view! {
            <JarInspector />
            <ResponseInspector />
            <StoreInspector />
            <ScenarioPanel />
        }
    );
    part_loader!(notices, notices, fetch_notices, view! { <NoticeList /> });
    part_loader!(embed, embed, fetch_embed, view! { <EmbedPage /> });
}
