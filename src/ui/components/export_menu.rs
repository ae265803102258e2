//! Export: download the trace JSON, the scenario JSON, the HAR, a Django test module or a
//! Markdown bug report of the playground as it is. The file is made in the page (a `Blob`
//! behind an `<a download>`): nothing goes over the network but the fetch of the last two's
//! templates from the page's own address ([`super::export_template`]).

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use crate::ui::export::{download, Download, ExportKind};
use crate::ui::page::address::playground_address;
use crate::ui::page::document::encode;
use crate::ui::state::AppState;

use super::export_template::with_template;

/// Saves `file` through a temporary object URL and a clicked `<a download>`.
fn save(file: &Download) -> Result<(), JsValue> {
    let parts = web_sys::js_sys::Array::of1(&JsValue::from_str(&file.text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(file.media_type);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let anchor: web_sys::HtmlAnchorElement = document().create_element("a")?.unchecked_into();
    anchor.set_href(&url);
    anchor.set_download(&file.file_name);
    let body = document()
        .body()
        .ok_or_else(|| JsValue::from_str("no body"))?;
    body.append_child(&anchor)?;
    anchor.click();
    anchor.remove();
    // The download has started by then; the object URL is only memory afterwards.
    set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(30),
    );
    Ok(())
}

/// Makes and saves the download of `kind`, fetching its template first if it has one; the
/// error, if any, goes to `problem`.
fn export(state: AppState, kind: ExportKind, problem: RwSignal<Option<String>>) {
    // The share link without secrets, for the bug report: the whole scenario, opening at its
    // end (the player's place is not part of a report).
    let link = || {
        let fragment = state
            .playground
            .with_untracked(|p| encode(p.scenario(), p.key_seed(), false));
        playground_address(
            &window().location().href().unwrap_or_default(),
            &fragment,
            None,
        )
    };
    let Some(template_kind) = kind.template() else {
        let file = state
            .playground
            .with_untracked(|p| download(p, kind, None, ""));
        problem.set(
            file.and_then(|file| save(&file).map_err(|_| saving_failed()))
                .err(),
        );
        return;
    };
    let link = link();
    leptos::task::spawn_local(async move {
        let made = with_template(template_kind, |template| {
            state
                .playground
                .with_untracked(|p| download(p, kind, Some(template), &link))
        })
        .await;
        let outcome = made
            .and_then(|file| file)
            .and_then(|file| save(&file).map_err(|_| saving_failed()));
        problem.set(outcome.err());
    });
}

fn saving_failed() -> String {
    "The browser did not let the page save the file.".to_owned()
}

/// The export buttons with what each file is for.
#[component]
pub fn ExportMenu() -> impl IntoView {
    let state = AppState::expect();
    let problem = RwSignal::new(None::<String>);
    view! {
        <section class="export" data-testid="export-menu" aria-label="Export">
            <h3>"Export"</h3>
            <ul class="export-list">
                {ExportKind::ALL
                    .into_iter()
                    .map(|kind| {
                        let on_click = move |_| export(state, kind, problem);
                        view! {
                            <li>
                                <button type="button" class="button" data-export=kind.id() on:click=on_click>
                                    {kind.label()}
                                </button>
                                <span class="hint">{kind.purpose()}</span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <p class="hint export-problem" role="alert" data-testid="export-problem" hidden=move || problem.with(Option::is_none)>
                {move || problem.get().unwrap_or_default()}
            </p>
        </section>
    }
}
