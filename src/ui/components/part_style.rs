//! A part's own stylesheet, fetched with the part's code rather than with the page: Compare
//! (`style/compare.css`), the cookie decoder (`style/decoder.css`), the Share panel
//! (`style/share.css`) and the embedded view (`style/embed.css`) are styled only when they are
//! shown, so a first visit does not load their rules.
//!
//! The page's build (`scripts/page-wasm.py`) takes these stylesheets' `<link>` tags out of the
//! page and leaves their address and integrity in a
//! `<meta name="sessionscope-part-style" data-part="compare" content="./compare-….css" data-integrity="sha384-…">`.
//! The part adds the `<link>` itself and is shown once the stylesheet has arrived, so it never
//! appears unstyled. A page without that tag (tests, a build that kept the links) has the
//! rules already: nothing is fetched.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Why a stylesheet is not there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StyleNotLoaded;

/// A part's stylesheet on its way: [`fetch_part_style`] starts it, [`PartStyle::arrived`]
/// waits for it (the part's code is fetched meanwhile).
pub enum PartStyle {
    /// In the page already, or the page names none.
    Here,
    /// Being fetched: settled when its `<link>`'s `load` or `error` event fires.
    Arriving(JsFuture),
    /// Could not even be asked for.
    Failed,
}

/// Starts loading the stylesheet the page names for the part called `name`, once: a second
/// call while it is on its way waits for the same `<link>`.
pub fn fetch_part_style(name: &str) -> PartStyle {
    let Some(document) = web_sys::window().and_then(|window| window.document()) else {
        return PartStyle::Here;
    };
    let Some((href, integrity)) = named_style(&document, name) else {
        return PartStyle::Here;
    };
    let selector = format!("link[data-part-style=\"{name}\"]");
    if let Ok(Some(link)) = document.query_selector(&selector) {
        if link.has_attribute("data-loaded") {
            return PartStyle::Here;
        }
        // On its way: its load or error event is still to come (events never fire between
        // this check and the listeners `arrival` adds).
        let arrival = JsFuture::from(arrival(&link));
        return PartStyle::Arriving(arrival);
    }
    let (Some(link), Some(head)) = (
        style_link(&document, name, &href, &integrity),
        document.head(),
    ) else {
        return PartStyle::Failed;
    };
    mark_when_settled(&link);
    let arrival = JsFuture::from(arrival(&link));
    if head.append_child(&link).is_err() {
        return PartStyle::Failed;
    }
    PartStyle::Arriving(arrival)
}

impl PartStyle {
    /// Waits for the stylesheet: an error when it could not be fetched or its bytes do not
    /// match its integrity (its `<link>` is then gone, so the next try fetches it again).
    pub async fn arrived(self) -> Result<(), StyleNotLoaded> {
        match self {
            PartStyle::Here => Ok(()),
            PartStyle::Failed => Err(StyleNotLoaded),
            PartStyle::Arriving(arrival) => arrival.await.map(|_| ()).map_err(|_| StyleNotLoaded),
        }
    }
}

/// Marks the link `data-loaded` when its stylesheet has arrived, or removes it when it cannot
/// (whoever was waiting for it, even nobody: a part closed while loading).
fn mark_when_settled(link: &web_sys::Element) {
    let loaded = link.clone();
    let failed = link.clone();
    let on_load = Closure::once_into_js(move || {
        let _ = loaded.set_attribute("data-loaded", "");
    });
    let on_error = Closure::once_into_js(move || failed.remove());
    let _ = link.add_event_listener_with_callback("load", on_load.unchecked_ref());
    let _ = link.add_event_listener_with_callback("error", on_error.unchecked_ref());
}

/// The address and integrity the page's build left for the part `name`.
fn named_style(document: &web_sys::Document, name: &str) -> Option<(String, String)> {
    let selector = format!("meta[name=\"sessionscope-part-style\"][data-part=\"{name}\"]");
    let meta = document.query_selector(&selector).ok().flatten()?;
    let href = meta.get_attribute("content")?;
    let integrity = meta.get_attribute("data-integrity").unwrap_or_default();
    Some((href, integrity))
}

/// A `<link rel="stylesheet">` for the part, not yet in the page.
fn style_link(
    document: &web_sys::Document,
    name: &str,
    href: &str,
    integrity: &str,
) -> Option<web_sys::Element> {
    let link = document.create_element("link").ok()?;
    for (attribute, value) in [
        ("rel", "stylesheet"),
        ("href", href),
        ("integrity", integrity),
        ("data-part-style", name),
    ] {
        if !value.is_empty() {
            link.set_attribute(attribute, value).ok()?;
        }
    }
    Some(link)
}

/// A promise settled by the link's `load` (resolved) or `error` (rejected) event.
fn arrival(link: &web_sys::Element) -> web_sys::js_sys::Promise {
    let link = link.clone();
    web_sys::js_sys::Promise::new(&mut move |resolve, reject| {
        let on_load = Closure::once_into_js(move || {
            let _ = resolve.call0(&JsValue::NULL);
        });
        let on_error = Closure::once_into_js(move || {
            let _ = reject.call0(&JsValue::NULL);
        });
        let _ = link.add_event_listener_with_callback("load", on_load.unchecked_ref());
        let _ = link.add_event_listener_with_callback("error", on_error.unchecked_ref());
    })
}
