//! The reactive handles every component shares (provided as context by the app): the
//! playground model and the player, and the few operations that change both together.
//!
//! A change re-runs the whole scenario. On a long scenario (over
//! [`limits::DEFER_RERUN_ABOVE_STEPS`]) the re-run waits for the next frame, so the page
//! first paints what it is doing ([`AppState::busy`]), and changes made meanwhile (quick
//! clicks) share one re-run.

use std::time::Duration;

use leptos::prelude::*;

use sessionscope_engine::scenario::{Engine, Scenario, SettingChange, Step};
use sessionscope_engine::version::DjangoVersion;

use super::actions::view_actions;
use super::browser_choice::BrowserChange;
use super::limits::{self, LimitError};
use super::model::Playground;
use super::pending::{Change, PendingChanges};
use super::playback::Player;
use super::servers_choice::ServersChange;
use super::stage::effect::{setting_effect, setting_text, wire_bytes, ChangedPart, SettingEffect};
use super::stories::{Story, TourBook};
use super::timeline::Inspected;

/// The tours' scenarios and captions: loaded on demand (`components::on_demand`).
#[derive(Clone, Copy)]
pub enum Tours {
    /// Not wanted yet.
    Absent,
    /// Their code is on its way.
    Loading,
    /// Here.
    Ready(TourBook),
    /// Their code did not load (opening a tour tries again).
    Failed,
}

impl Tours {
    /// The book, once loaded.
    pub fn book(&self) -> Option<TourBook> {
        match self {
            Tours::Ready(book) => Some(*book),
            _ => None,
        }
    }
}

/// Shared state; `Copy`, so components take it by value from context.
#[derive(Clone, Copy)]
pub struct AppState {
    pub playground: RwSignal<Playground>,
    pub player: RwSignal<Player>,
    /// `prefers-reduced-motion: reduce`: new steps appear at once instead of playing.
    pub reduced_motion: bool,
    /// What the last setting change did to the bytes on the wire, until something else
    /// changes the scenario.
    pub effect: RwSignal<Option<SettingEffect>>,
    /// A step the page's limits refused (the page turns it into a banner).
    pub refused: RwSignal<Option<LimitError>>,
    /// What a long re-run is doing, while it waits or runs ("Re-running 480 steps…").
    pub busy: RwSignal<Option<String>>,
    /// The tours' scenarios and captions.
    pub tours: RwSignal<Tours>,
    pending: StoredValue<PendingChanges, LocalStorage>,
}

impl AppState {
    /// State over `playground`, the player at its end.
    pub fn new(playground: Playground, reduced_motion: bool) -> AppState {
        let events = playground.timeline().len();
        AppState {
            playground: RwSignal::new(playground),
            player: RwSignal::new(Player::new(events)),
            reduced_motion,
            effect: RwSignal::new(None),
            refused: RwSignal::new(None),
            busy: RwSignal::new(None),
            tours: RwSignal::new(Tours::Absent),
            pending: StoredValue::new_local(PendingChanges::default()),
        }
    }

    /// The state shared by the components under the app.
    pub fn expect() -> AppState {
        expect_context::<AppState>()
    }

    /// Appends a step and plays it (or shows its end when motion is reduced); a step that
    /// would take the scenario over the page's limits is refused ([`AppState::refused`]).
    pub fn perform(&self, step: Step) {
        self.perform_chosen(move |_| Some(step));
    }

    /// Appends the step `choose` makes of the scenario as it will be once the steps waiting
    /// for the next re-run are added ([`AppState::perform`] otherwise): a click made while a
    /// long re-run waits means what it would mean after it, as it does on a short scenario
    /// (the second click of a double click adds the cart's next item, not the same one
    /// again). Settings changes waiting with them are not seen.
    pub fn perform_chosen(&self, choose: impl FnOnce(&Scenario) -> Option<Step>) {
        self.effect.set(None);
        let chosen = self.pending.with_value(|pending| {
            self.playground
                .with_untracked(|p| pending.choose_step(p.scenario(), choose))
        });
        let step = match chosen {
            Ok(Some(step)) => step,
            Ok(None) => return,
            Err(error) => {
                self.refused.set(Some(error));
                return;
            }
        };
        if self.is_long() {
            self.later(Change::Push(Box::new(step)));
            return;
        }
        let mut first_new = 0;
        let mut events = 0;
        self.playground.update(|playground| {
            first_new = playground.push(step);
            events = playground.timeline().len();
        });
        let reduced = self.reduced_motion;
        self.player.update(|player| {
            if reduced {
                player.jump_to_end(events);
            } else {
                player.play_from(events, first_new);
            }
        });
    }

    /// Changes a setting from the start; everything is recomputed. When the bytes on the wire
    /// change, the player goes to the first request whose bytes changed (paused, at the event
    /// that shows it) and [`AppState::effect`] says what changed.
    pub fn change_setting(&self, change: SettingChange) {
        let text = setting_text(&change);
        self.change_showing_effect(text, move |playground| playground.change_setting(change));
    }

    /// Changes the browser or the site's origin, as [`AppState::change_setting`] does a
    /// setting: the player goes to the first request whose bytes changed.
    pub fn change_browser(&self, change: BrowserChange) {
        let text = change.text();
        self.change_showing_effect(text, move |playground| playground.change_browser(change));
    }

    /// Changes the Django instances, what they share or the load balancer, as
    /// [`AppState::change_browser`] does the browser: the player goes to the first request
    /// whose bytes changed.
    pub fn change_servers(&self, change: ServersChange) {
        let text = change.text();
        self.change_showing_effect(text, move |playground| playground.change_servers(change));
    }

    /// Re-runs after `change` (named `text`) and shows its effect on the bytes. A long re-run
    /// waits for the next paint (with others made meanwhile); its effect is not summarised.
    fn change_showing_effect(&self, text: String, change: impl FnOnce(&mut Playground) + 'static) {
        self.effect.set(None);
        if self.is_long() {
            self.later(Change::Edit(Box::new(change)));
            return;
        }
        let before = self.playground.with_untracked(|p| wire_bytes(p.trace()));
        self.rerun_now_keeping_place(change);
        let effect = self
            .playground
            .with_untracked(|p| setting_effect(text, &before, &wire_bytes(p.trace())));
        if let Some(effect) = &effect {
            let target = self
                .playground
                .with_untracked(|p| effect_position(p, effect));
            if let Some(target) = target {
                self.player.update(|player| player.seek(target));
            }
        }
        self.effect.set(effect);
    }

    /// Switches the backend; everything is recomputed and shown at once.
    pub fn set_engine(&self, engine: Engine) {
        self.effect.set(None);
        self.rerun_keeping_place(move |playground| playground.set_engine(engine));
    }

    /// Switches the Django version; everything is recomputed and shown at once.
    pub fn set_django(&self, version: DjangoVersion) {
        self.effect.set(None);
        self.rerun_keeping_place(move |playground| playground.set_django(version));
    }

    /// Removes the last step.
    pub fn undo(&self) {
        self.effect.set(None);
        self.rerun_keeping_place(Playground::undo);
    }

    /// Removes every step.
    pub fn clear_steps(&self) {
        self.effect.set(None);
        self.rerun_keeping_place(Playground::clear_steps);
    }

    /// Sends the view's first action (Add to cart): the first request of an empty playground.
    pub fn send_first_request(&self) {
        let first = self
            .playground
            .with_untracked(|p| view_actions(p.scenario()).into_iter().next());
        if let Some(action) = first {
            self.perform(action.step);
        }
    }

    /// Play or pause (the play button, Space). With nothing to play, sends the first request;
    /// in a tour, plays only to the end of the current step.
    pub fn play_pause(&self) {
        let (playing, empty) = self
            .player
            .with_untracked(|p| (p.is_playing(), p.is_empty()));
        if playing {
            self.player.update(Player::pause);
        } else if empty {
            self.send_first_request();
        } else if self.in_tour_untracked() {
            let at_step_end = self.playground.with_untracked(|p| {
                let position = self.player.with_untracked(Player::position);
                let step = p.timeline().step_at(position);
                step.and_then(|s| p.timeline().last_stop_of(s)) == position
            });
            if at_step_end {
                self.tour_next();
            } else {
                let end = self.playground.with_untracked(|p| {
                    let position = self.player.with_untracked(Player::position);
                    p.timeline()
                        .step_at(position)
                        .and_then(|s| p.timeline().last_stop_of(s))
                });
                self.player.update(|player| player.play_until(end));
            }
        } else {
            self.player.update(Player::play);
        }
    }

    /// Whether the scenario is a story, unchanged (its steps are the tour's stops); false
    /// while the tours have not loaded.
    pub fn in_tour_untracked(&self) -> bool {
        untrack(|| self.story().is_some())
    }

    /// The story the scenario is, unchanged (tracked; `None` until the tours have loaded).
    pub fn story(&self) -> Option<&'static Story> {
        let book = self.tours.with(Tours::book)?;
        self.playground.with(|p| book.recognise(p.scenario()))
    }

    /// The tour's next step: plays it and stops at its end (shows its end when motion is
    /// reduced). Before any step, the first; inside a step, the rest of that step.
    pub fn tour_next(&self) {
        let range = self.playground.with_untracked(|p| {
            let timeline = p.timeline();
            let position = self.player.with_untracked(Player::position);
            let (first, next) = match timeline.step_at(position) {
                Some(step) if timeline.last_stop_of(step) == position => {
                    (timeline.first_stop_of(step + 1)?, step + 1)
                }
                Some(step) => (position?, step),
                None => (timeline.first_stop_of(0)?, 0),
            };
            Some((first, timeline.last_stop_of(next)?))
        });
        let Some((first, last)) = range else {
            return;
        };
        let reduced = self.reduced_motion;
        self.player.update(|player| {
            if reduced {
                player.seek(last);
            } else {
                player.play_range(first, last);
            }
        });
    }

    /// The tour's previous step, shown at its end (paused).
    pub fn tour_back(&self) {
        let target = self.playground.with_untracked(|p| {
            let timeline = p.timeline();
            let step = timeline.step_at(self.player.with_untracked(Player::position))?;
            timeline.last_stop_of(step.checked_sub(1)?)
        });
        if let Some(target) = target {
            self.player.update(|player| player.seek(target));
        }
    }

    /// Replaces the scenario (stories, shared links) and shows its end.
    pub fn load(&self, scenario: Scenario, key_seed: u64) {
        self.effect.set(None);
        // Changes queued for the scenario being replaced no longer apply.
        self.pending.update_value(PendingChanges::clear);
        self.busy.set(None);
        let mut events = 0;
        self.playground.update(|playground| {
            playground.load(scenario, key_seed);
            events = playground.timeline().len();
        });
        self.player.update(|player| player.jump_to_end(events));
    }

    /// Whether the scenario is long enough for a re-run to wait for the next frame (and for
    /// what follows a change, saving it say, to wait for a task of its own: `follow_up`).
    pub fn is_long(&self) -> bool {
        self.playground
            .with_untracked(|p| p.scenario().steps.len() > limits::DEFER_RERUN_ABOVE_STEPS)
    }

    /// Queues `change` for one re-run after the next paint, saying so meanwhile.
    fn later(&self, change: Change) {
        let first = self
            .pending
            .try_update_value(|pending| pending.add(change))
            .unwrap_or(false);
        if !first {
            return;
        }
        let steps = self.playground.with_untracked(|p| p.scenario().steps.len());
        self.busy.set(Some(format!(
            "Re-running {} steps…",
            limits::thousands(steps)
        )));
        let state = *self;
        request_animation_frame(move || {
            set_timeout(move || state.run_pending(), Duration::ZERO);
        });
    }

    /// Makes every queued change with one re-run, then plays the last step added (if any)
    /// or keeps the player's place.
    fn run_pending(&self) {
        let changes = self
            .pending
            .try_update_value(std::mem::take)
            .unwrap_or_default();
        if changes.is_empty() {
            // A scenario loaded meanwhile replaced them.
            self.busy.set(None);
            return;
        }
        let mut pushed = false;
        self.rerun_now_keeping_place(|playground| pushed = changes.apply(playground));
        if pushed {
            let (events, first_new) = self.playground.with_untracked(|p| {
                let timeline = p.timeline();
                let last = timeline.step_count().saturating_sub(1);
                (timeline.len(), timeline.first_stop_of(last).unwrap_or(0))
            });
            let reduced = self.reduced_motion;
            self.player.update(|player| {
                if reduced {
                    player.jump_to_end(events);
                } else {
                    player.play_from(events, first_new);
                }
            });
        }
        self.busy.set(None);
    }

    /// Re-runs after `change` (on a long scenario, after the next paint, together with other
    /// changes made meanwhile).
    fn rerun_keeping_place(&self, change: impl FnOnce(&mut Playground) + 'static) {
        if self.is_long() {
            self.later(Change::Edit(Box::new(change)));
        } else {
            self.rerun_now_keeping_place(change);
        }
    }

    /// Re-runs after `change`; the player stays on the same step (at its last event), or at
    /// the very end if it was there.
    fn rerun_now_keeping_place(&self, change: impl FnOnce(&mut Playground)) {
        let (position, was_at_end) = self
            .player
            .with_untracked(|player| (player.position(), player.is_at_end()));
        let step = self
            .playground
            .with_untracked(|playground| playground.timeline().step_at(position));
        let mut target = None;
        let mut events = 0;
        self.playground.update(|playground| {
            change(playground);
            let timeline = playground.timeline();
            events = timeline.len();
            target = step.and_then(|step| timeline.last_stop_of(step));
        });
        self.player.update(|player| {
            player.jump_to_end(events);
            if let (false, Some(target)) = (was_at_end, target) {
                player.seek(target);
            }
        });
    }

    /// The current stop's position.
    pub fn position(&self) -> Memo<Option<usize>> {
        let player = self.player;
        Memo::new(move |_| player.with(Player::position))
    }

    /// The step the player is on (`None` before the first step).
    pub fn current_step(&self) -> Memo<Option<usize>> {
        let playground = self.playground;
        let position = self.position();
        Memo::new(move |_| {
            let position = position.get();
            playground.with(|playground| playground.timeline().step_at(position))
        })
    }

    /// Moves the player, paused, to the last event of `step`.
    pub fn seek_step(&self, step: usize) {
        let target = self
            .playground
            .with_untracked(|playground| playground.timeline().last_stop_of(step));
        if let Some(target) = target {
            self.player.update(|player| player.seek(target));
        }
    }

    /// Moves the player, paused, to the first event of `step`.
    pub fn seek_step_start(&self, step: usize) {
        let target = self
            .playground
            .with_untracked(|playground| playground.timeline().first_stop_of(step));
        if let Some(target) = target {
            self.player.update(|player| player.seek(target));
        }
    }

    /// Which step's after-state an inspector of `part` shows now.
    pub fn shown_state(&self, part: Inspected) -> Memo<Option<usize>> {
        let playground = self.playground;
        let position = self.position();
        Memo::new(move |_| {
            let position = position.get();
            playground.with(|playground| playground.timeline().shown_state(position, part))
        })
    }
}

/// The stop that shows `effect`: the request's `Cookie` header or its response going out.
fn effect_position(playground: &Playground, effect: &SettingEffect) -> Option<usize> {
    use sessionscope_engine::scenario::EventKind;
    let timeline = playground.timeline();
    let step = playground.step(effect.step)?;
    let shows = |kind: &EventKind| match effect.part {
        ChangedPart::CookieHeader => {
            matches!(kind, EventKind::CookieSent | EventKind::NoCookieSent)
        }
        ChangedPart::Response => matches!(
            kind,
            EventKind::SetCookie | EventKind::DeleteCookie | EventKind::NoCookieChange
        ),
    };
    let first = timeline.first_stop_of(effect.step)?;
    match step.events.iter().position(|event| shows(&event.kind)) {
        Some(event) => Some(first + event),
        None => timeline.last_stop_of(effect.step),
    }
}
