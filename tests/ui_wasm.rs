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

/// Waits `ms` milliseconds (the browser's timer: an IntersectionObserver reports on a frame).
async fn sleep(ms: i32) {
    let promise = web_sys::js_sys::Promise::new(&mut |resolve, _| {
        window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .expect("a timer");
    });
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .expect("the timer fired");
}

/// Scrolls to the end of the page until the parts that load as they come into view (the tours'
/// picker and the inspectors, src/ui/components/on_demand.rs) are there, then back to the top.
async fn load_parts_below(container: &HtmlElement) {
    for _ in 0..200 {
        if container
            .query_selector("[data-testid=\"jar\"]")
            .ok()
            .flatten()
            .is_some()
        {
            window().scroll_to_with_x_and_y(0.0, 0.0);
            return;
        }
        window().scroll_to_with_x_and_y(0.0, 1e7);
        sleep(20).await;
        tick().await;
    }
    panic!("the inspectors did not load when scrolled into view");
}

/// The app keeps its playground in this browser between tests: back to db, with no step.
async fn start_afresh_on_db(container: &HtmlElement) {
    find(container, "button[data-engine=\"db\"]").click();
    tick().await;
    find(container, "button[data-action=\"start-over\"]").click();
    tick().await;
}

#[wasm_bindgen_test]
async fn the_shell_renders_five_backends_three_actors_and_an_empty_jar() {
    let (container, _app) = mount_app();
    tick().await;
    load_parts_below(&container).await;
    let engines: Vec<String> = find_all(&container, ".backend-picker button")
        .iter()
        .map(|button| button.text_content().unwrap_or_default())
        .collect();
    assert_eq!(
        engines,
        ["db", "cache", "cached_db", "file", "signed_cookies"]
    );
    assert_eq!(find_all(&container, ".stage .actor").len(), 3);
    let stage_jar = find(&container, "[data-testid=\"stage-jar\"]");
    assert!(stage_jar
        .text_content()
        .unwrap_or_default()
        .contains("No cookies yet"));
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
    load_parts_below(&container).await;
    find(&container, "button[data-action=\"add-to-cart\"]").click();
    tick().await;
    // The request plays event by event; jump to the end of its step.
    let step_button = find(&container, ".timeline button");
    assert!(step_button
        .text_content()
        .unwrap_or_default()
        .contains("cart = [\"book\"]"));
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
    load_parts_below(&container).await;
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

#[wasm_bindgen_test]
async fn the_first_request_button_plays_a_request_with_an_envelope_on_the_wire() {
    let (container, _app) = mount_app();
    tick().await;
    start_afresh_on_db(&container).await;
    find(&container, "[data-testid=\"first-request\"]").click();
    tick().await;
    assert!(container
        .query_selector("[data-testid=\"first-request\"]")
        .unwrap()
        .is_none());
    let progress = find(&container, "[data-testid=\"progress\"]")
        .text_content()
        .unwrap_or_default();
    assert!(progress.starts_with("request 1 of 1 · event"), "{progress}");
    let envelope = find(&container, ".wire [data-testid=\"envelope\"]");
    assert_eq!(
        envelope.get_attribute("data-bytes").as_deref(),
        Some("0"),
        "the first request carries no cookie"
    );
    container.remove();
}

#[wasm_bindgen_test]
async fn after_a_request_the_stage_draws_the_cookie_and_the_row_with_their_sizes() {
    let (container, _app) = mount_app();
    tick().await;
    start_afresh_on_db(&container).await;
    find(&container, "button[data-action=\"add-to-cart\"]").click();
    tick().await;
    find(&container, ".timeline button").click();
    tick().await;
    let cookie = find(&container, "[data-testid=\"stage-jar\"] .record");
    // `sessionid` + a 32-character key.
    assert_eq!(cookie.get_attribute("data-bytes").as_deref(), Some("41"));
    let row = find(&container, "[data-testid=\"stage-store\"] .record");
    let bytes: usize = row
        .get_attribute("data-bytes")
        .and_then(|b| b.parse().ok())
        .unwrap_or_default();
    assert!(bytes > 40, "session_data is {bytes} bytes");
    let legend = find(&container, "[data-testid=\"scale-legend\"]")
        .text_content()
        .unwrap_or_default();
    assert!(legend.contains("per doubling of the bytes"), "{legend}");
    container.remove();
}
