//! Keeps a part of the page away until its place is near the window: the guided tours and
//! the inspectors, which start below the window at 1280x720 (their code then loads on demand:
//! [`super::on_demand`]).

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

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
