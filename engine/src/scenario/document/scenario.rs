//! A whole scenario (the conformance README's "Scenario file"): an engine, settings, and steps
//! that send requests through `SessionMiddleware` or change the world around it. Everything a
//! [`Scenario`] does is here: built empty, read from JSON and written back, the settings in
//! force at any step, and where its requests go by default.

use crate::browser::rules::{BrowserSettings, Url};
use crate::json::{Dict, Value};
use crate::session::{CacheOptions, Engine, Settings};
use crate::version::DjangoVersion;

use super::error::ScenarioError;
use super::fields::{field, float_or_int, number, optional_string, string_field, Parsed};
use super::parse_site::{read_scenario_site, scenario_site_to_value};
use super::settings_patch::SettingsPatch;
use super::site::default_origin;
use super::steps::{Concurrent, Step};
use super::topology::{Deploy, Instance, Routing};
use super::write_topology::{instances_to_value, routing_to_value};

/// A whole scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct Scenario {
    /// `name` (also the trace's `scenario`).
    pub name: String,
    /// `description`, free text.
    pub description: String,
    /// `engine`: which session backend runs.
    pub engine: Engine,
    /// `start_time`: the clock's first reading, Unix seconds (default 1700000000).
    pub start_time: f64,
    /// `settings` overrides applied before the first step, on top of Django's defaults.
    pub settings: SettingsPatch,
    /// `cache`: LocMemCache options.
    pub cache: CacheOptions,
    /// `session_keys`: the first outputs of the session-key generator.
    pub session_keys: Vec<String>,
    /// The steps, in order.
    pub steps: Vec<Step>,
    /// `browser_rules` (`"chromium"` or `"firefox"`) with `third_party_cookies`: every named
    /// browser applies that browser's cookie rules ([`crate::browser::rules::Browser`]) with
    /// these settings.
    /// `None` (absent, as in every conformance scenario) = the README's conformance jar, which
    /// keeps and sends every cookie.
    pub browser_rules: Option<BrowserSettings>,
    /// `origin`: the site's origin (`https://shop.test`) for requests that name none; `None` =
    /// `http://site.test` (`https://` for a request with `secure`). See [`crate::scenario::Request::url`].
    pub origin: Option<Url>,
    /// `django`: which Django runs (`"4.2"`, `"5.2"`, `"6.0"`, `"6.1"`). `None` (absent, as in
    /// every shared scenario, whose version is the trace folder's) runs
    /// [`DjangoVersion::DEFAULT`] (5.2) and writes the trace exactly as before versions
    /// existed; a named version, even 5.2, writes the versions README's trace fields
    /// (`view_exception` apart from `exception`).
    pub django: Option<DjangoVersion>,
    /// `instances` (topology README): the Django processes behind the load balancer, in
    /// declaration order. Empty (absent) = one instance, `web`, and a trace written exactly
    /// as before instances existed.
    pub instances: Vec<Instance>,
    /// `routing` (topology README): the rule at the start; `None` = round robin over every
    /// instance.
    pub routing: Option<Routing>,
}

/// Keys drawn beyond two per step by [`Scenario::fill_seeded_keys`] (a step may draw several:
/// `cycle_key`, a flush followed by a write, a collision).
pub const SPARE_SEEDED_KEYS: usize = 8;

/// The topology README's fields of a scenario document (`instances`, `routing`, and the
/// `concurrent`, `route` and `deploy` steps) are read through this one interface, which
/// [`Scenario::from_value_with`] is given: the engine's own reader is
/// [`super::AllTopologyFields`] (what [`Scenario::from_value`] uses); a reader that has not
/// loaded that code yet (the page, whose topology code is a part loaded on demand) refuses
/// them with [`ScenarioError::TopologyCodeMissing`] and reads the document again once it has.
pub trait TopologyFields {
    /// The scenario's `instances`, in declaration order.
    fn instances(&self, value: &Value) -> Parsed<Vec<Instance>>;
    /// A routing rule: the scenario's `routing` or a `route` step's argument at `at`.
    fn routing(&self, value: &Value, at: &str) -> Parsed<Routing>;
    /// A `concurrent` step's argument at `at`.
    fn concurrent(&self, dict: &Dict, at: &str) -> Parsed<Concurrent>;
    /// A `deploy` step's argument at `at`.
    fn deploy(&self, dict: &Dict, at: &str) -> Parsed<Deploy>;
    /// Every instance a rule, a request, a deploy or a `clear_expired` names must exist.
    fn check_instance_names(&self, scenario: &Scenario) -> Parsed<()>;
}

impl Scenario {
    /// Makes `session_keys` at least two per step plus [`SPARE_SEEDED_KEYS`] long by adding,
    /// after the keys it has, the keys [`crate::keys::seeded_keys`] draws from `seed` at the
    /// same positions. This is what the playground does before every run (and what a share
    /// link's `key_seed` stands for), so a scenario run after this draws the page's keys.
    pub fn fill_seeded_keys(&mut self, seed: u64) {
        let wanted = self.steps.len() * 2 + SPARE_SEEDED_KEYS;
        let have = self.session_keys.len();
        if have < wanted {
            let more = crate::keys::seeded_keys(seed, wanted)
                .into_iter()
                .skip(have);
            self.session_keys.extend(more);
        }
    }

    /// An empty scenario for `engine` with every default.
    pub fn new(name: impl Into<String>, engine: Engine) -> Scenario {
        Scenario {
            name: name.into(),
            description: String::new(),
            engine,
            start_time: crate::clock::DEFAULT_START_TIME,
            settings: SettingsPatch::default(),
            cache: CacheOptions::default(),
            session_keys: Vec::new(),
            steps: Vec::new(),
            browser_rules: None,
            origin: None,
            django: None,
            instances: Vec::new(),
            routing: None,
        }
    }

    /// The settings in force before the first step.
    pub fn initial_settings(&self) -> Settings {
        let mut settings = Settings::default();
        self.settings.apply(&mut settings);
        settings
    }

    /// The settings in force after step `step_index` (0-based) has run: Django's defaults,
    /// the scenario's `settings` overrides, then each step up to and including that one
    /// ([`Step::apply_to_settings`]). `None` gives the settings before the first step
    /// ([`Scenario::initial_settings`]); an index past the last step gives the settings
    /// after the last one.
    pub fn settings_after(&self, step_index: Option<usize>) -> Settings {
        let mut settings = self.initial_settings();
        let taken = step_index.map_or(0, |index| index.saturating_add(1));
        for step in self.steps.iter().take(taken) {
            step.apply_to_settings(&mut settings);
        }
        settings
    }

    /// The Django version that runs: [`Scenario::django`], else [`DjangoVersion::DEFAULT`].
    pub fn django_version(&self) -> DjangoVersion {
        self.django.unwrap_or(DjangoVersion::DEFAULT)
    }

    /// The origin of requests that name none: the scenario's `origin`, else `http://site.test`.
    pub fn default_origin(&self) -> Url {
        self.origin.clone().unwrap_or_else(default_origin)
    }

    /// Whether every browser of the scenario applies a real browser's cookie rules (Chromium's or Firefox's).
    pub fn uses_browser_rules(&self) -> bool {
        self.browser_rules.is_some()
    }

    /// [`Scenario::from_value`], the topology README's fields read by `topology`.
    pub fn from_value_with(
        value: &Value,
        topology: &dyn TopologyFields,
    ) -> Result<Scenario, ScenarioError> {
        let dict = value
            .as_dict()
            .ok_or_else(|| ScenarioError::invalid("scenario", "an object"))?;
        let engine_name = string_field(dict, "engine", "scenario")?;
        let engine =
            Engine::from_name(&engine_name).ok_or(ScenarioError::UnknownEngine(engine_name))?;
        let mut scenario = Scenario::new(
            optional_string(dict, "name", "scenario")?.unwrap_or_default(),
            engine,
        );
        scenario.description =
            optional_string(dict, "description", "scenario")?.unwrap_or_default();
        if let Some(django) = field(dict, "django") {
            scenario.django = Some(
                django
                    .as_str()
                    .and_then(DjangoVersion::from_name)
                    .ok_or_else(|| {
                        ScenarioError::invalid("django", "\"4.2\", \"5.2\", \"6.0\" or \"6.1\"")
                    })?,
            );
        }
        if let Some(start) = field(dict, "start_time") {
            scenario.start_time =
                number(start).ok_or_else(|| ScenarioError::invalid("start_time", "a number"))?;
        }
        if let Some(settings) = field(dict, "settings") {
            scenario.settings = SettingsPatch::parse(settings)?;
        }
        if let Some(cache) = field(dict, "cache") {
            scenario.cache = parse_cache_options(cache)?;
        }
        if let Some(keys) = field(dict, "session_keys") {
            scenario.session_keys = parse_string_list(keys, "session_keys")?;
        }
        (scenario.browser_rules, scenario.origin) = read_scenario_site(dict)?;
        if let Some(instances) = field(dict, "instances") {
            scenario.instances = topology.instances(instances)?;
        }
        if let Some(routing) = field(dict, "routing") {
            scenario.routing = Some(topology.routing(routing, "routing")?);
        }
        let steps = match field(dict, "steps") {
            Some(Value::List(steps)) => steps,
            None => &Vec::new(),
            Some(_) => return Err(ScenarioError::invalid("steps", "a list")),
        };
        scenario.steps = steps
            .iter()
            .enumerate()
            .map(|(i, step)| Step::from_value_with(step, &format!("steps[{i}]"), topology))
            .collect::<Parsed<_>>()?;
        if scenario.has_topology() {
            topology.check_instance_names(&scenario)?;
        }
        Ok(scenario)
    }

    /// Whether any settings of the scenario (its own or a step's) set `SESSION_SERIALIZER` to
    /// `PickleSerializer`: a run of it may write or read pickles.
    pub fn names_pickle_serializer(&self) -> bool {
        self.settings.names_pickle_serializer()
            || self
                .instances
                .iter()
                .any(|i| i.settings.names_pickle_serializer())
            || self.steps.iter().any(|step| match step {
                Step::Settings(patch) => patch.names_pickle_serializer(),
                Step::Deploy(deploy) => deploy.settings.names_pickle_serializer(),
                _ => false,
            })
    }

    /// Whether the scenario uses the topology README's fields (instances, routing, or a step
    /// of its own): its trace then names each request's instance.
    pub fn has_topology(&self) -> bool {
        !self.instances.is_empty()
            || self.routing.is_some()
            || self.steps.iter().any(|step| match step {
                Step::Concurrent(_)
                | Step::Route(_)
                | Step::Deploy(_)
                | Step::ClearExpiredOn(_) => true,
                Step::Request(request) => request.instance.is_some(),
                _ => false,
            })
    }

    /// The instance names in declaration order (`["web"]` without `instances`).
    pub fn instance_names(&self) -> Vec<String> {
        if self.instances.is_empty() {
            vec![super::topology::DEFAULT_INSTANCE.to_owned()]
        } else {
            self.instances.iter().map(|i| i.name.clone()).collect()
        }
    }

    /// The scenario as JSON, in the README's schema.
    pub fn to_value(&self) -> Value {
        let mut dict = Dict::new();
        dict.insert("name", Value::from(self.name.as_str()));
        if !self.description.is_empty() {
            dict.insert("description", Value::from(self.description.as_str()));
        }
        dict.insert("engine", Value::from(self.engine.name()));
        if let Some(django) = self.django {
            dict.insert("django", Value::from(django.name()));
        }
        if self.start_time != crate::clock::DEFAULT_START_TIME {
            dict.insert("start_time", float_or_int(self.start_time));
        }
        if !self.settings.changes.is_empty() {
            dict.insert("settings", self.settings.to_value());
        }
        if self.cache != CacheOptions::default() {
            let mut cache = Dict::new();
            cache.insert("max_entries", Value::from(self.cache.max_entries));
            cache.insert("cull_frequency", Value::from(self.cache.cull_frequency));
            dict.insert("cache", Value::Dict(cache));
        }
        if !self.session_keys.is_empty() {
            let keys = self.session_keys.iter().map(|k| Value::from(k.as_str()));
            dict.insert("session_keys", Value::List(keys.collect()));
        }
        scenario_site_to_value(self.browser_rules, self.origin.as_ref(), &mut dict);
        if !self.instances.is_empty() {
            dict.insert("instances", instances_to_value(&self.instances));
        }
        if let Some(routing) = &self.routing {
            dict.insert("routing", routing_to_value(routing));
        }
        dict.insert(
            "steps",
            Value::List(self.steps.iter().map(Step::to_value).collect()),
        );
        Value::Dict(dict)
    }

    /// The scenario as pretty-printed JSON text.
    pub fn to_json_string(&self) -> String {
        crate::json::to_pretty_json(&self.to_value())
    }
}

fn parse_string_list(value: &Value, at: &str) -> Parsed<Vec<String>> {
    match value {
        Value::List(items) => items
            .iter()
            .map(|v| v.as_str().map(str::to_owned))
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| ScenarioError::invalid(at, "a list of strings")),
        _ => Err(ScenarioError::invalid(at, "a list of strings")),
    }
}

fn parse_cache_options(value: &Value) -> Parsed<CacheOptions> {
    let dict = value
        .as_dict()
        .ok_or_else(|| ScenarioError::invalid("cache", "an object"))?;
    let mut options = CacheOptions::default();
    for (name, v) in dict.iter() {
        let n = match v {
            Value::Int(n) => n.to_i64().filter(|n| n.unsigned_abs() < 1 << 40),
            _ => None,
        }
        .ok_or_else(|| ScenarioError::invalid(format!("cache.{name}"), "an integer"))?;
        match name {
            "max_entries" => options.max_entries = n,
            "cull_frequency" => options.cull_frequency = n,
            _ => {
                return Err(ScenarioError::invalid(
                    format!("cache.{name}"),
                    "max_entries or cull_frequency",
                ))
            }
        }
    }
    Ok(options)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::DEFAULT_SECRET_KEY;

    fn scenario() -> Scenario {
        Scenario::from_json(
            r#"{"name": "s", "engine": "signed_cookies",
                "settings": {"SESSION_COOKIE_AGE": 60, "SECRET_KEY_FALLBACKS": ["older"]},
                "steps": [
                  {"request": {"view": "noop"}},
                  {"settings": {"SESSION_COOKIE_NAME": "sid", "SESSION_COOKIE_AGE": 100}},
                  {"rotate_secret": "second"},
                  {"advance": 5},
                  {"rotate_secret": "third"},
                  {"settings": {"SECRET_KEY_FALLBACKS": []}}
                ]}"#,
        )
        .unwrap()
    }

    #[test]
    fn before_the_first_step_the_scenario_overrides_apply() {
        let scenario = scenario();
        let before = scenario.settings_after(None);
        assert_eq!(before, scenario.initial_settings());
        assert_eq!(before.cookie_age, 60);
        assert_eq!(before.secret_key, DEFAULT_SECRET_KEY);
        assert_eq!(before.secret_key_fallbacks, ["older"]);
        assert_eq!(
            scenario.settings_after(Some(0)),
            before,
            "a request changes nothing"
        );
    }

    #[test]
    fn settings_steps_apply_from_their_own_index_on() {
        let scenario = scenario();
        let after = scenario.settings_after(Some(1));
        assert_eq!((after.cookie_name.as_str(), after.cookie_age), ("sid", 100));
        assert_eq!(scenario.settings_after(Some(3)).cookie_name, "sid");
    }

    #[test]
    fn rotations_move_the_old_secret_to_the_front_of_the_fallbacks() {
        let scenario = scenario();
        let once = scenario.settings_after(Some(2));
        assert_eq!(once.secret_key, "second");
        assert_eq!(once.secret_key_fallbacks, [DEFAULT_SECRET_KEY, "older"]);
        assert_eq!(
            scenario.settings_after(Some(3)),
            once,
            "advancing the clock changes nothing"
        );

        let twice = scenario.settings_after(Some(4));
        assert_eq!(twice.secret_key, "third");
        assert_eq!(
            twice.secret_key_fallbacks,
            ["second", DEFAULT_SECRET_KEY, "older"]
        );
        assert_eq!(
            twice.signing_keys().fallbacks,
            twice.secret_key_fallbacks,
            "the signing keys follow the settings"
        );
    }

    #[test]
    fn the_version_features_read_and_write_back() {
        let text = r#"{"name": "v", "engine": "cached_db", "django": "4.2",
            "settings": {"SESSION_SERIALIZER": "pickle"},
            "steps": [
              {"cache_writes": "fail"},
              {"request": {"view": "async", "ops": [{"view": "set", "data": {"a": 1}}, {"view": "bool"}]}},
              {"request": {"view": "bool"}},
              {"cache_clear": true},
              {"cache_writes": "ok"},
              {"settings": {"SESSION_SERIALIZER": "json"}}
            ]}"#;
        let scenario = Scenario::from_json(text).unwrap();
        assert_eq!(scenario.django, Some(DjangoVersion::V4_2));
        assert_eq!(
            scenario.initial_settings().serializer,
            crate::session::Serializer::Pickle
        );
        assert_eq!(
            scenario.settings_after(Some(5)).serializer,
            crate::session::Serializer::Json
        );
        let again = Scenario::from_value(&scenario.to_value()).unwrap();
        assert_eq!(again, scenario);
        assert_eq!(
            Scenario::from_json(r#"{"engine": "db"}"#).unwrap().django,
            None
        );
    }

    #[test]
    fn bad_version_input_is_named() {
        let error = |text: &str| Scenario::from_json(text).unwrap_err().to_string();
        assert!(error(r#"{"engine": "db", "django": "5.0"}"#).contains("django"));
        assert!(
            error(r#"{"engine": "db", "settings": {"SESSION_SERIALIZER": "yaml"}}"#)
                .contains("SESSION_SERIALIZER")
        );
        assert!(
            error(r#"{"engine": "db", "steps": [{"cache_writes": "down"}]}"#)
                .contains("cache_writes")
        );
        assert!(
            error(r#"{"engine": "db", "steps": [{"cache_clear": false}]}"#).contains("cache_clear")
        );
        let nested = error(
            r#"{"engine": "db", "steps": [{"request": {"view": "async", "ops": [{"view": "multi", "ops": []}]}}]}"#,
        );
        assert!(nested.contains("ops[0]"), "{nested}");
        assert!(
            error(r#"{"engine": "db", "steps": [{"request": {"view": "async"}}]}"#).contains("ops")
        );
    }

    #[test]
    fn an_index_past_the_end_gives_the_final_settings() {
        let scenario = scenario();
        let last = scenario.settings_after(Some(5));
        assert_eq!(last.secret_key, "third");
        assert!(last.secret_key_fallbacks.is_empty());
        assert_eq!(scenario.settings_after(Some(usize::MAX)), last);
    }
}
