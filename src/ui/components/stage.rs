//! The stage: a sequence diagram drawn live. Three actors (the browser with its cookie jar,
//! Django's `SessionMiddleware` and view, the session store with its rows, entries or files)
//! and, on the wire between them, the current event's envelope, sized by its bytes, moving
//! with a CSS animation whose start, end and duration come from [`crate::ui::stage`].

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::ui::event_text::StageLane;
use crate::ui::stage::actors::{jar_shelf, keeps_anything_on_server, store_shelves, Shelf};
use crate::ui::stage::beats::{DjangoPart, Envelope, Motion};
use crate::ui::stage::scale::{bytes_text, legend, width_px, LEGEND_SAMPLES};
use crate::ui::stage_view::{stage_view, store_title, what_this_is};
use crate::ui::state::AppState;

use super::player_bar::PlayerBar;
use super::story_guide::TourNarration;

#[component]
pub fn Stage() -> impl IntoView {
    let state = AppState::expect();
    let position = state.position();
    let stage = Memo::new(move |_| {
        let position = position.get();
        state.playground.with(|p| stage_view(p, position))
    });
    let engine = Memo::new(move |_| state.playground.with(|p| p.engine()));
    let jar = Memo::new(move |_| {
        let position = position.get();
        state.playground.with(|p| jar_shelf(p, position))
    });
    let store = Memo::new(move |_| {
        let position = position.get();
        state.playground.with(|p| store_shelves(p, position))
    });
    let server_store = Memo::new(move |_| state.playground.with(keeps_anything_on_server));
    let empty = Memo::new(move |_| state.player.with(|p| p.is_empty()));
    let column_active =
        move |lane: StageLane| stage.with(|s| s.beat.as_ref().map(|b| b.column) == Some(lane));
    let part_active = move |part: DjangoPart| {
        stage.with(|s| s.beat.as_ref().and_then(|b| b.django_part) == Some(part))
    };
    let alarm = move || stage.with(|s| s.beat.as_ref().is_some_and(|b| b.alarm));
    // How long the current envelope takes to move: most of its event's time at this speed.
    let motion_ms = move || {
        let speed = state.player.with(|p| p.speed());
        let normal = stage.with(|s| s.position).map_or(0, |position| {
            state
                .playground
                .with_untracked(|p| p.timeline().duration_ms(position))
        });
        speed.scale(normal) * 4 / 5
    };
    view! {
        <section class="card stage" aria-label="Request flow" data-testid="stage">
            <div class="stage-top">
                <p class="stage-explainer">{move || what_this_is(engine.get())}</p>
                <span class="stage-progress" data-testid="progress">
                    {move || stage.with(|s| s.progress.clone())}
                </span>
            </div>
            <SettingEffectBanner />
            <div class="stage-floor" class:alarm=alarm>
                <div class="actor browser" class:active=move || column_active(StageLane::Browser) data-lane="browser">
                    <h3>"Browser"</h3>
                    {move || view! { <ShelfView shelf=jar.get() testid="stage-jar" /> }}
                </div>
                <div class="actor django" class:active=move || column_active(StageLane::Django) data-lane="django">
                    <h3>"Django"</h3>
                    <div class="django-part" class:active=move || part_active(DjangoPart::Middleware)>
                        <strong>"SessionMiddleware"</strong>
                        <small>"process_request · process_response"</small>
                    </div>
                    <div class="django-part" class:active=move || part_active(DjangoPart::View)>
                        <strong>"the view"</strong>
                        <small>"reads and writes request.session"</small>
                    </div>
                    <code class="django-now" title="The Django function at work">
                        {move || stage.with(|s| s.django.clone())}
                    </code>
                </div>
                <div class="actor store" class:active=move || column_active(StageLane::Store) data-lane="store" data-testid="stage-store">
                    <h3>{move || store_title(engine.get())}</h3>
                    <Show
                        when=move || server_store.get()
                        fallback=|| view! {
                            <p class="nothing-on-server">
                                "Nothing on the server: the cookie " <em>"is"</em>
                                " the session, signed by Django so the browser cannot change it unseen."
                            </p>
                        }
                    >
                        {move || {
                            store
                                .get()
                                .into_iter()
                                .map(|shelf| view! { <ShelfView shelf=shelf testid="store-shelf" /> })
                                .collect_view()
                        }}
                    </Show>
                </div>
                <div class="wire" aria-hidden="true">
                    <span class="lifeline l0"></span>
                    <span class="lifeline l1"></span>
                    <span class="lifeline l2"></span>
                    {move || {
                        let motion_ms = motion_ms();
                        let (beat, parked) = stage.with(|s| (s.beat.clone(), s.parked.clone()));
                        if let Some((envelope, column)) = parked {
                            return Some(view! { <EnvelopeView envelope=envelope column=column motion_ms=0 parked=true /> });
                        }
                        let beat = beat?;
                        let envelope = beat.envelope?;
                        Some(view! { <EnvelopeView envelope=envelope column=beat.column motion_ms=motion_ms parked=false /> })
                    }}
                </div>
                <Show when=move || empty.get()>
                    <div class="first-request">
                        <button
                            type="button"
                            class="button primary big"
                            data-testid="first-request"
                            on:click=move |_| state.send_first_request()
                        >
                            "Send the first request ▶"
                        </button>
                        <small>"The view will put a book in request.session[\"cart\"]."</small>
                    </div>
                </Show>
            </div>
            <ScaleLegend />
            <div class="narration" aria-live="polite" data-testid="narration">
                <TourNarration />
                <p class="sentence">{move || stage.with(|s| s.sentence.clone())}</p>
                <pre data-testid="event-detail" hidden=move || stage.with(|s| s.detail.is_none())>
                    {move || stage.with(|s| s.detail.clone().unwrap_or_default())}
                </pre>
            </div>
            <PlayerBar />
        </section>
    }
}

/// The column centres on the wire, as a percentage of its width.
fn column_centre(lane: StageLane) -> f64 {
    match lane {
        StageLane::Browser => 100.0 / 6.0,
        StageLane::Django => 50.0,
        StageLane::Store => 500.0 / 6.0,
    }
}

/// One envelope: a CSS animation from `--from` to `--to` along the wire (or a landing, a
/// bounce, a pulse), its width the size scale's for its bytes.
#[component]
fn EnvelopeView(
    envelope: Envelope,
    column: StageLane,
    motion_ms: u32,
    parked: bool,
) -> impl IntoView {
    let (from, to, motion_class) = match envelope.motion {
        _ if parked => (column_centre(column), column_centre(column), "parked"),
        Motion::Travel { from, to } => (column_centre(from), column_centre(to), "travel"),
        Motion::Land => (
            column_centre(StageLane::Browser),
            column_centre(StageLane::Browser),
            "land",
        ),
        Motion::Bounce => (
            column_centre(StageLane::Django) - 12.0,
            column_centre(StageLane::Browser),
            "bounce",
        ),
        Motion::Work => (column_centre(column), column_centre(column), "work"),
    };
    let style = format!(
        "--from:{from:.3}%;--to:{to:.3}%;--w:{}px;--dur:{motion_ms}ms",
        envelope.width_px
    );
    let preview: String = envelope.text.chars().take(160).collect();
    view! {
        <div class=format!("flight {motion_class}") style=style>
            <div
                class=format!("envelope {}", envelope.cargo.css_class())
                data-testid="envelope"
                data-bytes=envelope.bytes.to_string()
                title=envelope.text.clone()
            >
                <span class="env-head">
                    <strong>{envelope.title.clone()}</strong>
                    <span class="env-bytes">{bytes_text(envelope.bytes)}</span>
                </span>
                <code class="env-text">{preview}</code>
                {envelope.note.clone().map(|note| view! { <span class="env-note">{note}</span> })}
            </div>
        </div>
    }
}

/// A jar, a table, a cache or a directory: records with a size bar each.
#[component]
fn ShelfView(shelf: Shelf, testid: &'static str) -> impl IntoView {
    let s = shelf;
    view! {
        <div class="shelf" data-testid=testid>
            <div class="shelf-title">
                <span>{s.title.clone()}</span>
                <small>{format!("bar: {}", s.measures)}</small>
            </div>
            {
                    if s.records.is_empty() {
                        view! { <p class="shelf-empty">{s.empty.clone()}</p> }.into_any()
                    } else {
                    let hidden = s.hidden;
                    view! {
                        <ul class="records">
                            {s.records
                                .iter()
                                .map(|record| {
                                    let class = match record.touch {
                                        Some(touch) => format!("record {}", touch.css_class()),
                                        None => "record".to_owned(),
                                    };
                                    view! {
                                        <li class=class title=record.full_name.clone() data-bytes=record.bytes.to_string()>
                                            <span class="record-name">{record.name.clone()}</span>
                                            <span class="record-bar" style=format!("width:{}px", record.width_px)></span>
                                            <span class="record-bytes">{bytes_text(record.bytes)}</span>
                                            <span class="record-note">{record.note.clone()}</span>
                                            {record.held_back.clone().map(|why| view! { <span class="held-back">{format!("held back: {why}")}</span> })}
                                        </li>
                                    }
                                })
                                .collect_view()}
                            {(hidden > 0).then(|| view! { <li class="record more">{format!("+ {hidden} more")}</li> })}
                        </ul>
                    }
                    .into_any()
                    }
            }
        </div>
    }
}

/// The size scale, said on the stage with three sample widths.
#[component]
fn ScaleLegend() -> impl IntoView {
    view! {
        <div class="scale-legend" data-testid="scale-legend">
            <span>"Real sizes: "{legend()}":"</span>
            {LEGEND_SAMPLES
                .iter()
                .map(|&bytes| {
                    view! {
                        <span class="sample">
                            <span class="sample-bar" style=format!("width:{}px", width_px(bytes))></span>
                            {bytes_text(bytes)}
                        </span>
                    }
                })
                .collect_view()}
        </div>
    }
}

/// What the last setting change did: the first request whose bytes changed, before and after.
#[component]
fn SettingEffectBanner() -> impl IntoView {
    let state = AppState::expect();
    move || {
        state.effect.get().map(|effect| {
            view! {
                <div class="setting-effect" data-testid="setting-effect" role="status">
                    <p>
                        <code>{effect.setting.clone()}</code>
                        {format!(" · request {}: {}.", effect.request, effect.summary)}
                        <button type="button" class="link" aria-label="Dismiss" on:click=move |_| state.effect.set(None)>
                            "×"
                        </button>
                    </p>
                    <div class="before-after">
                        <pre class="before"><b>"before "</b>{effect.before.join("\n")}</pre>
                        <pre class="after"><b>"after  "</b>{effect.after.join("\n")}</pre>
                    </div>
                </div>
            }
        })
    }
}

/// Scrolls the stage into view when it is out of sight (on a phone the controls sit below
/// it), so the request just started can be watched.
pub fn reveal_stage() {
    let Some(stage) = document()
        .query_selector(".stage")
        .ok()
        .flatten()
        .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return;
    };
    let window = window();
    let top = f64::from(stage.offset_top());
    let scrolled = window.scroll_y().unwrap_or(0.0);
    let height = window
        .inner_height()
        .ok()
        .and_then(|height| height.as_f64())
        .unwrap_or(0.0);
    if top < scrolled || top > scrolled + height / 2.0 {
        stage.scroll_into_view();
    }
}
