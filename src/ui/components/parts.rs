//! The code of every part loaded on demand, one wasm-split point each: the one file that names
//! the views behind the buttons and places that open them (the mechanism, and what each part
//! is, are in [`super::on_demand`]). Only the app uses it: it registers the parts' code before
//! it shows anything ([`register`]).

use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;

use super::compare_page::ComparePage;
use super::control_tabs::{SettingsTabPanels, WorldTabPanels};
use super::decoder_page::DecoderPage;
use super::embed_page::EmbedPage;
use super::jar_inspector::JarInspector;
use super::notice_list::NoticeList;
use super::on_demand::{register_parts, Arriving, Part, PartCode};
use super::response_inspector::ResponseInspector;
use super::scenario_panel::ScenarioPanel;
use super::share_panel::SharePanel;
use super::store_inspector::StoreInspector;
use super::story_guide::StoryGuide;

/// Registers the code of every part with the mechanism that loads them.
pub fn register() {
    register_parts(PartCode { load, fetch });
}

/// Builds `part`'s view, fetching its code first when it has not arrived yet.
fn load(part: Part) -> Arriving<AnyView> {
    Box::pin(async move {
        match part {
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
    })
}

/// Fetches `part`'s code without showing it.
fn fetch(part: Part) -> Arriving<()> {
    Box::pin(async move {
        match part {
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
    })
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
