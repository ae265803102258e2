//! The playground's state: the scenario being built (engine, settings, steps) and what the
//! engine made of it. Every change re-runs the whole scenario through
//! [`scenario::run`](sessionscope_engine::scenario::run), so what is shown is always exactly what
//! the engine computes for the scenario so far.

use crate::ui::engine_code;
use sessionscope_engine::clock::DEFAULT_START_TIME;
use sessionscope_engine::scenario::{
    Engine, Scenario, SettingChange, Settings, Step, Trace, TraceStep,
};
use sessionscope_engine::version::DjangoVersion;

use super::browser_choice::{new_playground_browser, BrowserChange};
use super::django_choice::{new_playground_django, set_django};
use super::limits::{self, LimitError};
use super::servers_choice::ServersChange;
use super::timeline::Timeline;

/// The seed of the playground's session keys unless a shared scenario says otherwise.
pub const DEFAULT_KEY_SEED: u64 = 0x5e55_10d5_c09e;

/// The scenario and its trace, always in step.
#[derive(Clone, Debug)]
pub struct Playground {
    scenario: Scenario,
    key_seed: u64,
    trace: Trace,
    timeline: Timeline,
    /// Inside [`Playground::batch`]: changes wait for one re-run at the end.
    batching: bool,
    /// A change is waiting for the re-run.
    stale: bool,
}

impl Playground {
    /// An empty playground for `engine`, its clock starting at `start_time`, its browser
    /// applying Chromium's cookie rules ([`new_playground_browser`]), on the latest Django
    /// ([`new_playground_django`]).
    pub fn new(engine: Engine, start_time: f64, key_seed: u64) -> Playground {
        let mut scenario = Scenario::new("playground", engine);
        scenario.description = "Built in Sessionscope".to_owned();
        scenario.start_time = start_time;
        scenario.browser_rules = new_playground_browser();
        scenario.django = new_playground_django();
        Playground::from_scenario(scenario, key_seed)
    }

    /// A playground replaying `scenario` (a story, a shared link); its own `session_keys`
    /// are kept if it has them.
    pub fn from_scenario(scenario: Scenario, key_seed: u64) -> Playground {
        let mut playground = Playground {
            scenario,
            key_seed,
            trace: Trace {
                scenario: String::new(),
                engine: Engine::Db,
                steps: Vec::new(),
                django: None,
                warnings: Vec::new(),
            },
            timeline: Timeline::default(),
            batching: false,
            stale: false,
        };
        playground.rerun();
        playground
    }

    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    pub fn trace(&self) -> &Trace {
        &self.trace
    }

    pub fn timeline(&self) -> &Timeline {
        &self.timeline
    }

    pub fn engine(&self) -> Engine {
        self.scenario.engine
    }

    /// The Django version the scenario runs (5.2 when it names none).
    pub fn django(&self) -> DjangoVersion {
        self.scenario.django_version()
    }

    pub fn key_seed(&self) -> u64 {
        self.key_seed
    }

    /// The trace step at `index`.
    pub fn step(&self, index: usize) -> Option<&TraceStep> {
        self.trace.steps.get(index)
    }

    /// The settings before the first step (what the settings panel edits).
    pub fn initial_settings(&self) -> Settings {
        self.scenario.initial_settings()
    }

    /// The settings in force after step `index` (`None`: before the first step), following
    /// `settings` and `rotate_secret` steps.
    pub fn settings_after(&self, index: Option<usize>) -> Settings {
        self.scenario.settings_after(index)
    }

    /// The clock after step `index` (`None`: the start time).
    pub fn now_after(&self, index: Option<usize>) -> f64 {
        index
            .and_then(|i| self.trace.steps.get(i))
            .map_or(self.scenario.start_time, |step| step.now)
    }

    /// Switches the backend and re-runs every step on it.
    pub fn set_engine(&mut self, engine: Engine) {
        if self.scenario.engine != engine {
            self.scenario.engine = engine;
            self.rerun();
        }
    }

    /// Switches the Django version and re-runs every step on it.
    pub fn set_django(&mut self, version: DjangoVersion) {
        if set_django(&mut self.scenario, version) {
            self.rerun();
        }
    }

    /// Changes the browser or the site's origin and re-runs every step.
    pub fn change_browser(&mut self, change: BrowserChange) {
        if change.apply(&mut self.scenario) {
            self.rerun();
        }
    }

    /// Changes the Django instances, what they share or the load balancer, and re-runs every
    /// step.
    pub fn change_servers(&mut self, change: ServersChange) {
        if change.apply(&mut self.scenario) {
            self.rerun();
        }
    }

    /// Changes a setting from the start (the settings panel) and re-runs every step. A value
    /// equal to Django's default is dropped from the scenario instead of recorded.
    pub fn change_setting(&mut self, change: SettingChange) {
        let name = change.name();
        self.scenario
            .settings
            .changes
            .retain(|existing| existing.name() != name);
        let mut changed = Settings::default();
        change.apply(&mut changed);
        if changed != Settings::default() {
            self.scenario.settings.changes.push(change);
        }
        self.rerun();
    }

    /// Appends a step, runs it, and returns the timeline position of its first stop.
    pub fn push(&mut self, step: Step) -> usize {
        self.scenario.steps.push(step);
        self.rerun();
        let last = self.timeline.step_count().saturating_sub(1);
        self.timeline.first_stop_of(last).unwrap_or(0)
    }

    /// Appends a step unless it would take the scenario over the page's limits (checked
    /// before it runs); returns the timeline position of its first stop.
    pub fn try_push(&mut self, step: Step) -> Result<usize, LimitError> {
        limits::check_new_step(&self.scenario, &step)?;
        Ok(self.push(step))
    }

    /// Makes the changes `changes` makes with one re-run at the end, instead of one each.
    pub fn batch(&mut self, changes: impl FnOnce(&mut Playground)) {
        self.batching = true;
        changes(self);
        self.batching = false;
        if std::mem::take(&mut self.stale) {
            self.rerun();
        }
    }

    /// Removes the last step.
    pub fn undo(&mut self) {
        if self.scenario.steps.pop().is_some() {
            self.rerun();
        }
    }

    /// Removes every step (engine and settings stay).
    pub fn clear_steps(&mut self) {
        if !self.scenario.steps.is_empty() {
            self.scenario.steps.clear();
            self.rerun();
        }
    }

    /// Replaces the whole scenario (stories, shared links) and runs it.
    pub fn load(&mut self, scenario: Scenario, key_seed: u64) {
        *self = Playground::from_scenario(scenario, key_seed);
    }

    /// Runs the scenario again, as it is (code a run needed has loaded since:
    /// [`crate::ui::session_pickle`], [`crate::ui::session_topology`]).
    pub fn run_again(&mut self) {
        self.rerun();
    }

    fn rerun(&mut self) {
        if self.batching {
            self.stale = true;
            return;
        }
        self.scenario.fill_seeded_keys(self.key_seed);
        self.trace = engine_code::run(&self.scenario);
        self.timeline = Timeline::of(&self.trace);
    }
}

impl Default for Playground {
    fn default() -> Self {
        Playground::new(Engine::Db, DEFAULT_START_TIME, DEFAULT_KEY_SEED)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::session_keys::seeded_keys;
    use crate::ui::test_fixtures::add_to_cart;

    fn set_cookie_outputs(playground: &Playground) -> Vec<String> {
        playground
            .trace()
            .steps
            .iter()
            .filter_map(|step| step.response.as_ref())
            .flat_map(|response| response.set_cookies.iter().map(|c| c.output.clone()))
            .collect()
    }

    #[test]
    fn a_request_sets_a_cookie_holding_a_seeded_key() {
        let mut playground = Playground::default();
        let first_stop = playground.push(add_to_cart());
        assert_eq!(first_stop, 0);
        let outputs = set_cookie_outputs(&playground);
        assert_eq!(outputs.len(), 1);
        let key = &seeded_keys(DEFAULT_KEY_SEED, 1)[0];
        assert!(
            outputs[0].starts_with(&format!("sessionid={key}; expires=")),
            "{}",
            outputs[0]
        );
        assert!(!playground.timeline().is_empty());
    }

    /// The `Vary` header of every response, in order.
    fn vary_headers(playground: &Playground) -> Vec<Option<String>> {
        playground
            .trace()
            .steps
            .iter()
            .filter_map(|step| step.response.as_ref())
            .map(|response| response.vary.clone())
            .collect()
    }

    #[test]
    fn a_new_playground_runs_the_latest_django_and_the_switch_reruns_it() {
        let scenario = Scenario::from_json(include_str!(
            "../../engine/tests/conformance/versions/scenarios/v_save_every_request_vary__db.json"
        ))
        .unwrap();
        assert_eq!(Playground::default().django(), DjangoVersion::V6_1);
        let mut playground = Playground::from_scenario(scenario, DEFAULT_KEY_SEED);
        // A document naming no version runs as 5.2: Vary: Cookie on the untouched session.
        assert_eq!(playground.django(), DjangoVersion::V5_2);
        let cookie = Some("Cookie".to_owned());
        assert_eq!(vary_headers(&playground)[1], cookie);
        playground.set_django(DjangoVersion::V4_2);
        assert_eq!(playground.scenario().django, Some(DjangoVersion::V4_2));
        assert_eq!(
            vary_headers(&playground),
            [cookie, None, Some("Accept-Encoding".to_owned())]
        );
    }

    #[test]
    fn push_returns_where_the_new_step_starts() {
        let mut playground = Playground::default();
        playground.push(add_to_cart());
        let before = playground.timeline().len();
        let first_stop = playground.push(Step::Advance(60.0));
        assert_eq!(first_stop, before);
    }

    #[test]
    fn changing_a_setting_reruns_every_step() {
        let mut playground = Playground::default();
        playground.push(add_to_cart());
        playground.change_setting(SettingChange::CookieName("cartid".into()));
        assert!(set_cookie_outputs(&playground)[0].starts_with("cartid="));
        assert_eq!(playground.scenario().settings.changes.len(), 1);
        playground.change_setting(SettingChange::CookieName("sessionid".into()));
        assert!(
            playground.scenario().settings.changes.is_empty(),
            "a default value is not recorded"
        );
        assert!(set_cookie_outputs(&playground)[0].starts_with("sessionid="));
    }

    #[test]
    fn switching_the_engine_reruns_on_the_new_backend() {
        let mut playground = Playground::default();
        playground.push(add_to_cart());
        playground.set_engine(Engine::SignedCookies);
        assert_eq!(playground.trace().engine, Engine::SignedCookies);
        let output = &set_cookie_outputs(&playground)[0];
        assert!(output.starts_with("sessionid=eyJ"), "{output}");
    }

    #[test]
    fn settings_after_follows_setting_steps_and_rotations() {
        let mut playground = Playground::default();
        playground.push(Step::RotateSecret("new".into()));
        assert_eq!(
            playground.settings_after(None).secret_key_fallbacks.len(),
            0
        );
        let after = playground.settings_after(Some(0));
        assert_eq!(after.secret_key, "new");
        assert_eq!(after.secret_key_fallbacks.len(), 1);
    }

    #[test]
    fn a_step_over_the_limits_is_refused_before_it_runs() {
        let mut playground = Playground::default();
        let mut scenario = playground.scenario().clone();
        scenario.steps = vec![Step::Advance(1.0); limits::MAX_STEPS];
        playground.load(scenario, 1);
        assert_eq!(
            playground.try_push(Step::Advance(1.0)),
            Err(LimitError::TooManySteps {
                steps: limits::MAX_STEPS + 1
            })
        );
        assert_eq!(playground.trace().steps.len(), limits::MAX_STEPS);
        playground.undo();
        assert!(playground.try_push(add_to_cart()).is_ok());
    }

    #[test]
    fn a_batch_of_changes_runs_once_and_ends_up_the_same() {
        let mut one_by_one = Playground::default();
        one_by_one.push(add_to_cart());
        let mut batched = one_by_one.clone();
        one_by_one.set_engine(Engine::File);
        one_by_one.change_setting(SettingChange::CookieName("cartid".into()));
        batched.batch(|p| {
            p.set_engine(Engine::File);
            p.change_setting(SettingChange::CookieName("cartid".into()));
            assert_eq!(p.trace().engine, Engine::Db, "not re-run inside the batch");
        });
        assert_eq!(batched.trace(), one_by_one.trace());
        assert_eq!(batched.timeline(), one_by_one.timeline());
    }

    #[test]
    fn undo_and_clear_remove_steps() {
        let mut playground = Playground::default();
        playground.push(add_to_cart());
        playground.push(Step::Advance(60.0));
        playground.undo();
        assert_eq!(playground.trace().steps.len(), 1);
        playground.clear_steps();
        assert!(playground.trace().steps.is_empty());
        assert!(playground.timeline().is_empty());
        assert_eq!(playground.now_after(None), DEFAULT_START_TIME);
    }
}
