//! The parts of the page whose code loads when they are first wanted, not with the page:
//! Compare, the decoder, the controls' "The world" and "settings.py" tabs and the Share panel
//! (few visits open them); the guided tours' picker and the inspectors, which start below the
//! window at 1280x720 and load when they come into view or the reader scrolls
//! ([`super::near_window`]);
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
//!
//! This is the mechanism only: a button or a place names the [`Part`] it opens, and the code
//! of every part (each one's split point) is registered by the app from `super::parts`, the
//! one file that names the views behind them. So a door never imports the room behind it.

use std::future::Future;
use std::pin::Pin;
use std::sync::OnceLock;

use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;

use crate::ui::state::{AppState, Tours};
use crate::ui::stories::{fetched, names_a_story, TourBook};

use super::part_style::{fetch_part_style, PartStyle};

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
            Part::Compare => "Compare",
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
        let view = self.load_code().await?;
        style.arrived().await.map_err(|_| PartNotLoaded)?;
        Ok(view)
    }

    /// Builds the part's view, fetching its code first when it has not arrived yet.
    async fn load_code(self) -> Result<AnyView, PartNotLoaded> {
        let code = PART_CODE.get().ok_or(PartNotLoaded)?;
        (code.load)(self).await.map_err(|_| PartNotLoaded)
    }

    /// Fetches the part's code without showing it (the pointer is on the way to it).
    async fn fetch(self) -> Result<(), PartNotLoaded> {
        let code = PART_CODE.get().ok_or(PartNotLoaded)?;
        (code.fetch)(self).await.map_err(|_| PartNotLoaded)
    }
}

/// The code of a part, on its way (a split point's future).
pub type Arriving<T> = Pin<Box<dyn Future<Output = Result<T, SplitLoaderError>>>>;

/// Where the code of every part comes from: one split point per part, and the fetch that only
/// preloads it.
pub struct PartCode {
    /// Builds `part`'s view, fetching its code first when it has not arrived yet.
    pub load: fn(Part) -> Arriving<AnyView>,
    /// Fetches `part`'s code without building anything.
    pub fetch: fn(Part) -> Arriving<()>,
}

static PART_CODE: OnceLock<PartCode> = OnceLock::new();

/// Registers the code of the parts (the app does, before it shows any); later calls change
/// nothing. Until then a part cannot load, and says so.
pub fn register_parts(code: PartCode) {
    let _ = PART_CODE.set(code);
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
            Ok(_) if fetch_tour_words().await.is_err() => state.tours.set(Tours::Failed),
            Ok(book) => {
                state.tours.set(Tours::Ready(book));
                then(book);
            }
            Err(_) => state.tours.set(Tours::Failed),
        }
    });
}

/// Fetches the tours' words (and the scenarios of the stories told on Django versions: a JSON
/// asset beside the page, [`fetched::ASSET`]), once: text in the page's code would weigh on
/// every first visit.
async fn fetch_tour_words() -> Result<(), ()> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    if fetched::is_installed() {
        return Ok(());
    }
    let window = web_sys::window().ok_or(())?;
    let response = JsFuture::from(window.fetch_with_str(fetched::ASSET))
        .await
        .map_err(|_| ())?;
    let response: web_sys::Response = response.dyn_into().map_err(|_| ())?;
    if !response.ok() {
        return Err(());
    }
    let text = JsFuture::from(response.text().map_err(|_| ())?)
        .await
        .map_err(|_| ())?;
    fetched::install(text.as_string().ok_or(())?);
    Ok(())
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

/// Starts fetching the tours and their words in the background (the pointer is on a tour's
/// button): once both are here, the picker's buttons show each story's introduction as their
/// tooltip. A failure here is silent: opening a tour tries again and says what went wrong.
pub fn prefetch_tours(state: AppState) {
    if !matches!(state.tours.get_untracked(), Tours::Absent) {
        return;
    }
    leptos::task::spawn_local(async move {
        if loaders::fetch_tours().await.is_err() || fetch_tour_words().await.is_err() {
            return;
        }
        if let Ok(book) = loaders::tours().await {
            if matches!(state.tours.get_untracked(), Tours::Absent) {
                state.tours.set(Tours::Ready(book));
            }
        }
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

/// The tours' split point: `tours` builds the book, `fetch_tours` only fetches its code. With
/// `--cfg sessionscope_split` a wasm-split point (module `tours`); without it, plain functions.
#[allow(improper_ctypes_definitions)]
mod loaders {
    use leptos::wasm_split::SplitLoaderError;

    use crate::ui::stories::TourBook;

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
}
