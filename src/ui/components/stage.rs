//! The stage: a sequence diagram drawn live. Three actors (the browser with its cookie jar,
//! Django's `SessionMiddleware` and view, the session store with its rows, entries or files)
//! and, on the wire between them, the current event's envelope, sized by its bytes, moving
//! with a CSS animation whose start, end and duration come from [`crate::ui::stage`].

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::ui::event_text::StageLane;
use crate::ui::session_topology;
use crate::ui::stage::actors::{jar_shelf, keeps_anything_on_server, store_shelves};
use crate::ui::stage::beats::DjangoPart;
use crate::ui::stage::html::{
    before_after_html, envelope_html, legend_html, shelf_html, world_html,
};
use crate::ui::stage_view::{stage_view, store_title, what_this_is};
use crate::ui::state::AppState;
use sessionscope_engine::scenario::Step;

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
    let jar_html = Memo::new(move |_| {
        let position = position.get();
        state
            .playground
            .with(|p| shelf_html(&jar_shelf(p, position)))
    });
    let store_html = Memo::new(move |_| {
        let position = position.get();
        state.playground.with(|p| {
            if !keeps_anything_on_server(p) {
                return NOTHING_ON_THE_SERVER.to_owned();
            }
            store_shelves(p, position)
                .iter()
                .map(|shelf| format!("<div class=\"shelf\">{}</div>", shelf_html(shelf)))
                .collect()
        })
    });
    let empty = Memo::new(move |_| state.player.with(|p| p.is_empty()));
    let column_active =
        move |lane: StageLane| stage.with(|s| s.beat.as_ref().map(|b| b.column) == Some(lane));
    let part_active = move |part: DjangoPart| {
        stage.with(|s| s.beat.as_ref().and_then(|b| b.django_part) == Some(part))
    };
    let alarm = move || stage.with(|s| s.beat.as_ref().is_some_and(|b| b.alarm));
    // The envelope on the wire, redrawn (and so re-animated) at each position; it moves for
    // most of its event's time at the current speed.
    // A concurrent step: its requests in flight and the order of their phases, drawn by the
    // topology code (loaded on demand: until then, a line says so).
    let in_flight = move |position: Option<usize>, motion_ms: u32| {
        state.playground.with(|p| {
            let stop = p.timeline().stop(position?)?;
            let step = p
                .step(stop.step)
                .filter(|s| matches!(s.step, Step::Concurrent(_)))?;
            Some(
                session_topology::in_flight_html(step, stop.event.unwrap_or(0), motion_ms)
                    .unwrap_or_else(|| (String::new(), IN_FLIGHT_LOADING.to_owned())),
            )
        })
    };
    // The instance that served the step's request, where the scenario has several.
    let serving = move || {
        let position = stage.with(|s| s.position)?;
        state.playground.with(|p| {
            if p.scenario().instances.len() < 2 {
                return None;
            }
            let stop = p.timeline().stop(position)?;
            let instance = p.step(stop.step)?.request.as_ref()?.instance.clone()?;
            Some(format!(" · {instance}"))
        })
    };
    let wire_html = move || {
        let speed = state.player.with(|p| p.speed());
        stage.with(|s| {
            let normal = s.position.map_or(0, |position| {
                state
                    .playground
                    .with_untracked(|p| p.timeline().duration_ms(position))
            });
            let mut html = LIFELINES.to_owned();
            if let Some((wire, _)) = in_flight(s.position, speed.scale(normal) * 4 / 5) {
                html.push_str(&wire);
            } else if let Some((envelope, column)) = &s.parked {
                html.push_str(&envelope_html(envelope, *column, 0, true));
            } else if let Some(envelope) = s.beat.as_ref().and_then(|b| b.envelope.as_ref()) {
                let column = s.beat.as_ref().map_or(StageLane::Django, |b| b.column);
                let motion_ms = speed.scale(normal) * 4 / 5;
                html.push_str(&envelope_html(envelope, column, motion_ms, false));
            } else if let Some(label) = &s.world {
                html.push_str(&world_html(label));
            }
            html
        })
    };
    view! {
        <section class="card stage" aria-label="Request flow" data-testid="stage">
            <div class="stage-top">
                <p class="stage-explainer">{move || what_this_is(engine.get(), state.playground.with(|p| p.django()))}</p>
                <span class="stage-progress" data-testid="progress">
                    {move || stage.with(|s| s.progress.clone())}
                </span>
            </div>
            <SettingEffectBanner />
            <div class="stage-floor" class:alarm=alarm>
                <div class="actor browser" class:active=move || column_active(StageLane::Browser)>
                    <h2>"Browser"</h2>
                    <div class="shelf" data-testid="stage-jar" inner_html=move || jar_html.get()></div>
                </div>
                <div class="actor django" class:active=move || column_active(StageLane::Django)>
                    <h2>"Django"<span class="serving" data-testid="stage-instance">{serving}</span></h2>
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
                <div class="actor store" class:active=move || column_active(StageLane::Store)>
                    <h2>{move || store_title(engine.get())}</h2>
                    <div data-testid="stage-store" inner_html=move || store_html.get()></div>
                </div>
                <div class="wire" aria-hidden="true" inner_html=wire_html></div>
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
            <div class="in-flight" inner_html=move || {
                stage.with(|s| in_flight(s.position, 0)).map(|(_, phases)| phases).unwrap_or_default()
            }></div>
            <div class="scale-legend" data-testid="scale-legend" inner_html=legend_html()></div>
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

const LIFELINES: &str = "<span class=\"lifeline l0\"></span><span class=\"lifeline l1\"></span><span class=\"lifeline l2\"></span>";

const IN_FLIGHT_LOADING: &str = "<p role=\"status\">Loading the requests in flight…</p>";

const NOTHING_ON_THE_SERVER: &str = "<p class=\"nothing-on-server\">Nothing on the server: the cookie <em>is</em> the session, signed by Django so the browser cannot change it unseen.</p>";

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
                    <div class="before-after" inner_html=before_after_html(&effect)></div>
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
