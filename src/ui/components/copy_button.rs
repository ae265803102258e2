//! A "Copy" button, and the clipboard behind it (the Share panel, settings.py).

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

/// Copies `text` to the clipboard; `done(true)` once it is there, `done(false)` when the
/// browser refused (no clipboard in an insecure context, permission denied).
pub fn copy_text(text: &str, done: impl FnOnce(bool) + 'static) {
    let navigator = window().navigator();
    let has_clipboard = web_sys::js_sys::Reflect::get(&navigator, &JsValue::from_str("clipboard"))
        .is_ok_and(|clipboard| !clipboard.is_undefined() && !clipboard.is_null());
    if !has_clipboard {
        done(false);
        return;
    }
    let done = std::rc::Rc::new(std::cell::RefCell::new(Some(done)));
    let on_ok = {
        let done = done.clone();
        Closure::once(move |_: JsValue| {
            if let Some(done) = done.borrow_mut().take() {
                done(true);
            }
        })
    };
    let on_err = Closure::once(move |_: JsValue| {
        if let Some(done) = done.borrow_mut().take() {
            done(false);
        }
    });
    let _ = navigator
        .clipboard()
        .write_text(text)
        .then2(&on_ok, &on_err);
    on_ok.forget();
    on_err.forget();
}

/// A "Copy" button for the text `text()`; says "Copied" for two seconds afterwards, or
/// "Select and press Ctrl+C" when the browser gives no clipboard.
#[component]
pub fn CopyButton(
    #[prop(into)] text: Signal<String>,
    #[prop(into, optional)] label: Option<String>,
    #[prop(into, optional)] testid: Option<String>,
) -> impl IntoView {
    let label = label.unwrap_or_else(|| "Copy".to_owned());
    let idle = label.clone();
    let (shown, set_shown) = signal(label);
    let on_click = move |_| {
        let idle = idle.clone();
        copy_text(&text.get_untracked(), move |ok| {
            set_shown.set(if ok {
                "Copied".to_owned()
            } else {
                "Select it and press Ctrl+C".to_owned()
            });
            set_timeout(
                move || set_shown.set(idle),
                std::time::Duration::from_millis(2000),
            );
        });
    };
    view! {
        <button type="button" class="button copy" data-testid=testid on:click=on_click aria-live="polite">
            {move || shown.get()}
        </button>
    }
}
