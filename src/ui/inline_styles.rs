//! Style attributes under the page's Content-Security-Policy.
//!
//! The policy in `index.html` says `style-src 'self'`: browsers refuse a `style="…"` attribute
//! written in HTML (and the stage, the jar, the store and Compare are drawn as HTML text), but
//! they allow styles set through the CSSOM. So [`Markup`](super::markup::Markup) writes a
//! `style` attribute as [`ATTRIBUTE`], and [`apply_from_now_on`] copies each one into its
//! element's `style.cssText` as soon as the element enters the page (a `MutationObserver`,
//! whose callback runs before the next paint).

/// Where markup keeps an element's inline style until it is applied.
pub const ATTRIBUTE: &str = "data-style";

/// The attribute name markup writes for `name`: `style` becomes [`ATTRIBUTE`].
pub fn attribute_name(name: &str) -> &str {
    if name.eq_ignore_ascii_case("style") {
        ATTRIBUTE
    } else {
        name
    }
}

#[cfg(target_arch = "wasm32")]
pub use dom::apply_from_now_on;

#[cfg(target_arch = "wasm32")]
mod dom {
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::{Element, HtmlElement, MutationObserver, MutationObserverInit, MutationRecord};

    use super::ATTRIBUTE;

    /// Applies every [`ATTRIBUTE`] already in the page and, from now on, each one added to it
    /// (new elements, or the attribute changed on an element). Call once, at start-up.
    pub fn apply_from_now_on() {
        let Some(body) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.body())
        else {
            return;
        };
        apply_within(&body);
        let callback =
            Closure::<dyn FnMut(web_sys::js_sys::Array)>::new(|records: web_sys::js_sys::Array| {
                for record in records.iter() {
                    if let Ok(record) = record.dyn_into::<MutationRecord>() {
                        apply_record(&record);
                    }
                }
            });
        let Ok(observer) = MutationObserver::new(callback.as_ref().unchecked_ref()) else {
            return;
        };
        // The observer lives as long as the page.
        callback.forget();
        let options = MutationObserverInit::new();
        options.set_child_list(true);
        options.set_subtree(true);
        options.set_attributes(true);
        options.set_attribute_filter(&web_sys::js_sys::Array::of1(&ATTRIBUTE.into()));
        let _ = observer.observe_with_options(&body, &options);
    }

    fn apply_record(record: &MutationRecord) {
        if record.type_() == "attributes" {
            if let Some(element) = record.target().and_then(|t| t.dyn_into::<Element>().ok()) {
                apply_to(&element);
            }
            return;
        }
        let added = record.added_nodes();
        for index in 0..added.length() {
            if let Some(element) = added.item(index).and_then(|n| n.dyn_into::<Element>().ok()) {
                apply_within(&element);
            }
        }
    }

    /// `root` and every element under it that carries the attribute.
    fn apply_within(root: &Element) {
        apply_to(root);
        let Ok(found) = root.query_selector_all(&format!("[{ATTRIBUTE}]")) else {
            return;
        };
        for index in 0..found.length() {
            if let Some(element) = found.item(index).and_then(|n| n.dyn_into::<Element>().ok()) {
                apply_to(&element);
            }
        }
    }

    fn apply_to(element: &Element) {
        let (Some(style), Some(html)) = (
            element.get_attribute(ATTRIBUTE),
            element.dyn_ref::<HtmlElement>(),
        ) else {
            return;
        };
        html.style().set_css_text(&style);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_style_attribute_is_renamed() {
        assert_eq!(attribute_name("style"), "data-style");
        assert_eq!(attribute_name("STYLE"), "data-style");
        assert_eq!(attribute_name("class"), "class");
        assert_eq!(attribute_name("data-style"), "data-style");
    }
}
