//! The buttons that add steps: the view's session operations, the clock, the browser and the
//! faults. Each button shows the Python (or shell) it stands for.

use leptos::prelude::*;

use crate::ui::actions::{advance_by, time_actions, Action, VIEW_GROUPS};
use crate::ui::clock_text::{duration, utc};
use crate::ui::request_options::RequestOptions;
use crate::ui::state::AppState;
use crate::ui::timeline::Inspected;
use crate::ui::validation;
use sessionscope_engine::scenario::{Scenario, Step};

use super::settings_panel::FieldProblem;
use super::stage::reveal_stage;

/// A catalogue of actions computed from the scenario so far.
pub type Catalog = fn(&Scenario) -> Vec<Action>;

/// Buttons for every action of `catalog`, each with its code underneath.
#[component]
fn ActionButtons(catalog: Catalog, #[prop(optional)] compact: bool) -> impl IntoView {
    let state = AppState::expect();
    let options = use_context::<RwSignal<RequestOptions>>();
    let actions = Memo::new(move |_| state.playground.with(|p| catalog(p.scenario())));
    let buttons: Vec<(&'static str, &'static str)> = actions
        .get_untracked()
        .iter()
        .map(|action| (action.id, action.label))
        .collect();
    let list_class = if compact { "chip-row" } else { "action-list" };
    view! {
        <div class=list_class>
            {buttons
                .into_iter()
                .map(|(id, label)| {
                    let current = move || {
                        actions.with(|all| all.iter().find(|action| action.id == id).cloned())
                    };
                    let available = move || current().is_some_and(|action| action.available);
                    let code = move || current().map(|action| action.code).unwrap_or_default();
                    // The action as it will be once the steps still waiting for a re-run
                    // are added: a quick second click adds what follows the first.
                    let run = move |_| {
                        state.perform_chosen(|scenario| {
                            let action = catalog(scenario)
                                .into_iter()
                                .find(|action| action.id == id && action.available)?;
                            Some(with_request_options(options, action.step, scenario))
                        });
                        reveal_stage();
                    };
                    view! {
                        <button
                            type="button"
                            class=if compact { "button" } else { "button action" }
                            data-action=id
                            title=code
                            disabled=move || !available()
                            on:click=run
                        >
                            <span class="action-label">{label}</span>
                            {(!compact).then(|| view! { <code>{code}</code> })}
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}

/// `step` sent where the requests panel says (scheme, path), when the controls provide
/// [`RequestOptions`].
fn with_request_options(
    options: Option<RwSignal<RequestOptions>>,
    step: Step,
    scenario: &Scenario,
) -> Step {
    match options {
        Some(options) => options.with_untracked(|o| o.apply(step, scenario)),
        None => step,
    }
}

/// `request.session` operations run by the view, one request each.
#[component]
pub fn ViewActionsPanel() -> impl IntoView {
    let state = AppState::expect();
    let options = use_context::<RwSignal<RequestOptions>>();
    let (expiry_text, set_expiry_text) = signal("60".to_owned());
    let expiry_problem = RwSignal::new(None::<String>);
    let set_custom_expiry = move || match validation::expiry_seconds(&expiry_text.get_untracked()) {
        Ok(value) => {
            expiry_problem.set(None);
            let step = validation::set_expiry_step(value);
            state.perform_chosen(|scenario| Some(with_request_options(options, step, scenario)));
            reveal_stage();
        }
        Err(message) => expiry_problem.set(Some(message)),
    };
    view! {
        <section class="card">
            <h2>"The view does"</h2>
            {VIEW_GROUPS
                .iter()
                .map(|group| {
                    view! {
                        <h3 class="action-group">{group.title}</h3>
                        <ActionButtons catalog=group.catalog />
                    }
                })
                .collect_view()}
            <form
                class="inline-form"
                on:submit=move |ev| {
                    ev.prevent_default();
                    set_custom_expiry();
                }
            >
                <label class="visually-hidden" for="custom-expiry">"set_expiry seconds"</label>
                <code class="mono">"set_expiry("</code>
                <input
                    id="custom-expiry"
                    type="text"
                    inputmode="decimal"
                    aria-invalid=move || expiry_problem.with(Option::is_some).to_string()
                    aria-describedby="custom-expiry-problem"
                    prop:value=expiry_text
                    on:input:target=move |ev| set_expiry_text.set(ev.target().value())
                />
                <code class="mono">")"</code>
                <button type="submit" class="button" data-action="expiry-custom">"Run"</button>
                <FieldProblem id="custom-expiry-problem" problem=expiry_problem />
            </form>
        </section>
    }
}

/// The simulated clock and the buttons that move it.
#[component]
pub fn TimePanel() -> impl IntoView {
    let state = AppState::expect();
    let shown = state.shown_state(Inspected::Jar);
    let now = Memo::new(move |_| state.playground.with(|p| p.now_after(shown.get())));
    let start = Memo::new(move |_| state.playground.with(|p| p.scenario().start_time));
    let (custom_text, set_custom_text) = signal("90".to_owned());
    let advance_problem = RwSignal::new(None::<String>);
    view! {
        <section class="card">
            <div class="card-header">
                <h2>"Time"</h2>
                <span class="countdown" data-testid="clock">
                    {move || utc(now.get())}
                </span>
            </div>
            <ActionButtons catalog=|_| time_actions() compact=true />
            <form
                class="inline-form"
                on:submit=move |ev| {
                    ev.prevent_default();
                    match validation::advance_seconds(&custom_text.get_untracked(), now.get_untracked()) {
                        Ok(seconds) => {
                            advance_problem.set(None);
                            state.perform(advance_by(seconds).step);
                            reveal_stage();
                        }
                        Err(message) => advance_problem.set(Some(message)),
                    }
                }
            >
                <label class="visually-hidden" for="custom-advance">"seconds to advance"</label>
                <input
                    id="custom-advance"
                    type="text"
                    aria-invalid=move || advance_problem.with(Option::is_some).to_string()
                    aria-describedby="custom-advance-problem"
                    prop:value=custom_text
                    on:input:target=move |ev| set_custom_text.set(ev.target().value())
                />
                <button type="submit" class="button" data-action="advance-custom">
                    "Advance seconds"
                </button>
                <FieldProblem id="custom-advance-problem" problem=advance_problem />
            </form>
            <p class="hint">
                {move || format!("{} after the start.", duration(now.get() - start.get()))}
            </p>
        </section>
    }
}

/// A card of the buttons of `catalog` (the browser's actions, the server's faults).
#[component]
pub fn CatalogPanel(title: &'static str, catalog: Catalog) -> impl IntoView {
    view! {
        <section class="card">
            <h2>{title}</h2>
            <ActionButtons catalog=catalog />
        </section>
    }
}
