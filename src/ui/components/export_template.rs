//! The templates the Django test and the bug report are written around
//! (`sessionscope_engine::export::TemplateKind`), fetched from the page's own address the
//! first time a download needs one, kept for the rest of the visit, and used only if their
//! SHA-256 is the one the page was built with. They are files next to the page rather than
//! text in its code, so that a first visit does not carry them.

use std::cell::RefCell;

use sessionscope_engine::export::{Template, TemplateKind};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

thread_local! {
    static FETCHED: RefCell<Vec<(TemplateKind, String)>> = const { RefCell::new(Vec::new()) };
}

/// Runs `then` with the checked template `kind`, fetching it first if this visit has not;
/// the error says what went wrong, in a sentence.
pub async fn with_template<T>(
    kind: TemplateKind,
    then: impl FnOnce(&Template) -> T,
) -> Result<T, String> {
    let cached = FETCHED.with_borrow(|all| {
        all.iter()
            .find(|(k, _)| *k == kind)
            .map(|(_, text)| text.clone())
    });
    let text = match cached {
        Some(text) => text,
        None => fetch_text(kind.file_name())
            .await
            .map_err(|_| format!("{} did not load: try again.", kind.file_name()))?,
    };
    let template = Template::checked(kind, &text).map_err(|e| e.to_string())?;
    let value = then(&template);
    FETCHED.with_borrow_mut(|all| {
        if !all.iter().any(|(k, _)| *k == kind) {
            all.push((kind, text.clone()));
        }
    });
    Ok(value)
}

async fn fetch_text(file: &str) -> Result<String, wasm_bindgen::JsValue> {
    let window = web_sys::window().ok_or("no window")?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(&format!("./{file}")))
        .await?
        .dyn_into()?;
    if !response.ok() {
        return Err(format!("HTTP {}", response.status()).into());
    }
    let text = JsFuture::from(response.text()?).await?;
    text.as_string().ok_or_else(|| "not text".into())
}
