//! Component tests: the playground mounted in headless Chromium (wasm-bindgen-test), driven
//! through its DOM like a person would. Run by scripts/test.sh:
//! `cargo test --target wasm32-unknown-unknown --test ui_wasm`.
#![cfg(target_arch = "wasm32")]

use leptos::mount::mount_to;
use leptos::prelude::*;
use leptos::task::tick;
use sessionscope::ui::components::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts the app in a fresh container; the handle unmounts it when dropped.
fn mount_app() -> (HtmlElement, impl Drop) {
    let document = document();
    let container: HtmlElement = document
        .create_element("div")
        .expect("a div")
        .unchecked_into();
    document
        .body()
        .expect("a body")
        .append_child(&container)
        .expect("appended");
    let handle = mount_to(container.clone(), App);
    (container, handle)
}

fn find(container: &HtmlElement, selector: &str) -> HtmlElement {
    container
        .query_selector(selector)
        .expect("a valid selector")
        .unwrap_or_else(|| panic!("nothing matches {selector}"))
        .unchecked_into()
}

fn find_all(container: &HtmlElement, selector: &str) -> Vec<HtmlElement> {
    let list = container
        .query_selector_all(selector)
        .expect("a valid selector");
    (0..list.length())
        .filter_map(|i| list.item(i))
        .map(|node| node.unchecked_into())
        .collect()
}

#[wasm_bindgen_test]
async fn the_shell_renders_five_backends_three_lanes_and_an_empty_jar() {
    let (container, _app) = mount_app();
    tick().await;
    let engines: Vec<String> = find_all(&container, ".backend-picker button")
        .iter()
        .map(|button| button.text_content().unwrap_or_default())
        .collect();
    assert_eq!(
        engines,
        ["db", "cache", "cached_db", "file", "signed_cookies"]
    );
    assert_eq!(find_all(&container, ".lane").len(), 3);
    let pressed = find(&container, ".backend-picker button[aria-pressed=\"true\"]");
    assert_eq!(pressed.text_content().as_deref(), Some("db"));
    let jar = find(&container, "[data-testid=\"jar\"]");
    assert!(jar.text_content().unwrap_or_default().contains("Empty"));
    container.remove();
}

#[wasm_bindgen_test]
async fn adding_to_the_cart_sends_a_set_cookie_the_jar_then_holds() {
    let (container, _app) = mount_app();
    tick().await;
    find(&container, "button[data-action=\"add-to-cart\"]").click();
    tick().await;
    // The request plays event by event; jump to the end of its step.
    let step_button = find(&container, ".timeline button");
    assert!(step_button
        .text_content()
        .unwrap_or_default()
        .contains("session[\"cart\"] = [\"book\"]"));
    step_button.click();
    tick().await;
    let set_cookie = find(&container, "[data-testid=\"set-cookie\"]")
        .text_content()
        .unwrap_or_default();
    assert!(
        set_cookie.starts_with("Set-Cookie: sessionid="),
        "{set_cookie}"
    );
    assert!(set_cookie.contains("; HttpOnly; Max-Age=1209600; Path=/; SameSite=Lax"));
    let jar_value = find(&container, "[data-testid=\"cookie-value\"]")
        .text_content()
        .unwrap_or_default();
    assert!(set_cookie.contains(&format!("sessionid={jar_value};")));
    container.remove();
}

#[wasm_bindgen_test]
async fn switching_to_signed_cookies_reruns_and_decodes_the_cookie() {
    let (container, _app) = mount_app();
    tick().await;
    find(&container, "button[data-action=\"add-to-cart\"]").click();
    tick().await;
    find(&container, "button[data-engine=\"signed_cookies\"]").click();
    tick().await;
    let signature = find(&container, "[data-testid=\"cookie-value\"] .part-signature");
    assert!(!signature.text_content().unwrap_or_default().is_empty());
    let jar = find(&container, "[data-testid=\"jar\"]")
        .text_content()
        .unwrap_or_default();
    assert!(jar.contains("verified with SECRET_KEY"), "{jar}");
    assert!(jar.contains("\"book\""), "{jar}");
    container.remove();
}
