//! The banners at the top of the page (loaded on demand: most visits have none): each names
//! what happened, can be dismissed, and may offer buttons for a state set aside in
//! `localStorage` (switch to it, download it, discard it).

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::ui::page::notices::{Notice, NoticeAction, NoticeKind};
use crate::ui::page::state::PageState;
use crate::ui::page::storage;

/// The banners themselves (loaded on demand: most visits have none).
#[component]
pub fn NoticeList() -> impl IntoView {
    let page = PageState::expect();
    view! {
        <div class="notices">
            {move || {
                page.notices
                    .get()
                    .into_iter()
                    .enumerate()
                    .map(|(index, notice)| view! { <NoticeItem index notice /> })
                    .collect_view()
            }}
        </div>
    }
}

#[component]
fn NoticeItem(index: usize, notice: Notice) -> impl IntoView {
    let page = PageState::expect();
    let (class, role) = match notice.kind {
        NoticeKind::Error => ("notice error", "alert"),
        NoticeKind::Info => ("notice info", "status"),
    };
    let actions = notice
        .actions
        .iter()
        .cloned()
        .map(|action| {
            let label = action.label();
            view! {
                <button
                    type="button"
                    class="button"
                    data-notice-action=label
                    on:click=move |_| run_action(page, index, &action)
                >
                    {label}
                </button>
            }
        })
        .collect_view();
    view! {
        <div class=class role=role data-testid="notice">
            <div class="notice-text">
                <strong>{notice.headline()}</strong>
                <p>{notice.message.clone()}</p>
                <div class="notice-actions">{actions}</div>
            </div>
            <button
                type="button"
                class="button notice-close"
                aria-label="Dismiss"
                on:click=move |_| page.dismiss(index)
            >
                "×"
            </button>
        </div>
    }
}

/// What a banner's button does; the banner then says what became of the state.
fn run_action(page: PageState, index: usize, action: &NoticeAction) {
    match action {
        NoticeAction::SwitchTo { key } => match page.switch_to(key) {
            Ok(described) => page.replace(
                index,
                Notice {
                    kind: NoticeKind::Info,
                    title: "Switched playgrounds".to_owned(),
                    message: format!(
                        "Now showing {described}. The one you had takes its place aside: \
                         switch back at any time."
                    ),
                    actions: vec![
                        NoticeAction::SwitchTo { key: key.clone() },
                        NoticeAction::Discard { key: key.clone() },
                    ],
                    times: 1,
                },
            ),
            Err(error) => page.replace(
                index,
                Notice::new(NoticeKind::Error, "Could not switch playgrounds", error),
            ),
        },
        NoticeAction::Download { key } => {
            if let Ok(Some(text)) = storage::read(key) {
                download(&format!("{key}.json"), &text);
            }
        }
        NoticeAction::Discard { key } => {
            let _ = storage::discard(key);
            page.dismiss(index);
        }
    }
}

/// Offers `text` as a file called `file_name` (a `data:` link, so no object URL outlives it).
fn download(file_name: &str, text: &str) {
    let href = format!(
        "data:application/json;charset=utf-8,{}",
        String::from(web_sys::js_sys::encode_uri_component(text))
    );
    let Ok(link) = document().create_element("a") else {
        return;
    };
    let _ = link.set_attribute("href", &href);
    let _ = link.set_attribute("download", file_name);
    if let Ok(link) = link.dyn_into::<web_sys::HtmlElement>() {
        link.click();
    }
}
