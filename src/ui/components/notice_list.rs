//! The banners at the top of the page (loaded on demand: most visits have none): each names
//! what happened, can be dismissed, and may offer buttons for a state set aside in
//! `localStorage` (switch to it, download it, discard it).

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::ui::page::notices::{kept_line, Notice, NoticeAction, NoticeKind};
use crate::ui::page::state::PageState;
use crate::ui::page::storage::{self, AsideEntry};

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
    let actions = buttons(page, index, &notice.actions);
    let list = notice.listed().map(|keys| {
        let lines = keys
            .iter()
            .filter_map(|key| {
                let text = storage::read(key).ok().flatten()?;
                let entry = AsideEntry {
                    key: key.clone(),
                    state: storage::decode(&text),
                    text,
                };
                let (text, actions) = kept_line(&entry);
                Some(view! {
                    <li data-testid="kept">
                        <span>{text}</span>
                        " "
                        {buttons(page, index, &actions)}
                    </li>
                })
            })
            .collect_view();
        view! {
            <details class="notice-list">
                <summary>"Show them"</summary>
                <ul>{lines}</ul>
            </details>
        }
    });
    view! {
        <div class=class role=role data-testid="notice">
            <div class="notice-text">
                <strong>{notice.headline()}</strong>
                <p>{notice.message.clone()}</p>
                <div class="notice-actions">{actions}</div>
                {list}
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

/// The buttons of `actions`, on banner `index`.
fn buttons(page: PageState, index: usize, actions: &[NoticeAction]) -> impl IntoView {
    actions
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
        .collect_view()
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
        NoticeAction::Discard { key } => discard(page, index, std::slice::from_ref(key)),
        NoticeAction::DiscardAll { keys } => discard(page, index, keys),
        NoticeAction::Replace { .. } => {
            page.replace_held();
            page.dismiss(index);
        }
    }
}

/// Deletes the states under `keys` (the user's word), and their banner or lines of banner
/// `index`; the space freed may let a playground that could not be set aside be set aside.
fn discard(page: PageState, index: usize, keys: &[String]) {
    for key in keys {
        let _ = storage::discard(key);
    }
    page.notices.update(|notices| {
        if notices
            .get_mut(index)
            .is_some_and(|notice| notice.forget(keys))
        {
            notices.remove(index);
        }
    });
    page.retry_held();
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
