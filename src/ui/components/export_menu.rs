//! Export: download the trace JSON, the scenario JSON or the HAR of the playground as it is.
//! The file is made in the page (a `Blob` behind an `<a download>`): nothing goes over the
//! network.

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use crate::ui::export::{download, Download, ExportKind};
use crate::ui::state::AppState;

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

/// The export buttons with what each file is for.
#[component]
pub fn ExportMenu() -> impl IntoView {
    let state = AppState::expect();
    view! {
        <section class="export" data-testid="export-menu" aria-label="Export">
            <h3>"Export"</h3>
            <ul class="export-list">
                {ExportKind::ALL
                    .into_iter()
                    .map(|kind| {
                        let on_click = move |_| {
                            let file = state.playground.with_untracked(|p| download(p, kind));
                            let _ = save(&file);
                        };
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
        </section>
    }
}
