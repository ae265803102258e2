//! The Django instances behind the load balancer (the topology README's "Instances" and
//! "Routing"): each one process with its own settings and, if it says so, its own
//! LocMemCache (Django's default `CACHES`, one per process) and session directory; all of
//! them in front of the one database. A scenario without `instances` has one, `web`.
//!
//! While an instance runs a phase, the simulation's settings, cache and directory *are* that
//! instance's ([`Simulation::enter`] swaps them in, [`Simulation::leave`] back), as Django
//! runs with that process's `settings`, `CACHES` and `SESSION_FILE_PATH`.

use crate::scenario::document::{Deploy, Instance, Routing, Scenario};
use crate::session::{CacheOptions, FileDir, LocMemCache, Settings};

use super::Simulation;

/// One Django process.
#[derive(Debug)]
pub(super) struct Process {
    /// Its name.
    pub(super) name: String,
    /// Its settings (the scenario's, its overrides, then every step's and deploy's).
    pub(super) settings: Settings,
    /// Its own LocMemCache (`cache: "own"`); `None` uses the shared one.
    pub(super) own_cache: Option<LocMemCache>,
    /// Its own session directory (`file_dir: "own"`); `None` uses the shared one.
    pub(super) own_files: Option<FileDir>,
}

/// Every instance and the load balancer's state.
#[derive(Debug)]
pub struct Cluster {
    /// In declaration order (never empty).
    pub(super) processes: Vec<Process>,
    /// The rule in force.
    rule: Routing,
    /// The next turn of a round-robin or sticky rule.
    turn: usize,
    /// Sticky placements: browser, instance index.
    placed: Vec<(String, usize)>,
    /// The cache options an own LocMemCache starts with.
    cache_options: CacheOptions,
}

impl Cluster {
    /// The instances of `scenario` before its first step.
    pub(super) fn new(scenario: &Scenario) -> Cluster {
        let base = scenario.initial_settings();
        let instances = if scenario.instances.is_empty() {
            vec![Instance::new(crate::scenario::document::DEFAULT_INSTANCE)]
        } else {
            scenario.instances.clone()
        };
        let processes: Vec<Process> = instances
            .iter()
            .map(|instance| {
                let mut settings = base.clone();
                instance.settings.apply(&mut settings);
                Process {
                    name: instance.name.clone(),
                    settings,
                    own_cache: instance.own_cache.then(|| LocMemCache::new(scenario.cache)),
                    own_files: instance.own_files.then(FileDir::default),
                }
            })
            .collect();
        let rule = scenario.routing.clone().unwrap_or_else(|| {
            Routing::RoundRobin(processes.iter().map(|p| p.name.clone()).collect())
        });
        Cluster {
            processes,
            rule,
            turn: 0,
            placed: Vec::new(),
            cache_options: scenario.cache,
        }
    }

    /// The first instance's settings (what `tamper`, `save_cookie` and the snapshot read).
    pub(super) fn first_settings(&self) -> Option<&Settings> {
        self.processes.first().map(|p| &p.settings)
    }

    fn index_of(&self, name: &str) -> usize {
        self.processes
            .iter()
            .position(|p| p.name == name)
            .unwrap_or(0)
    }

    /// `{"route": rule}`: the rule from now on; the turn restarts, placements are forgotten.
    pub(super) fn set_rule(&mut self, rule: &Routing) {
        self.rule = rule.clone();
        self.turn = 0;
        self.placed.clear();
    }

    /// The instance that serves a request from `browser` naming `named` (or none), as the
    /// load balancer picks it at the request's `send` phase.
    pub(super) fn route(&mut self, browser: &str, named: Option<&str>) -> usize {
        if let Some(name) = named {
            return self.index_of(name);
        }
        let name = match &self.rule {
            Routing::Pinned(name) => name.clone(),
            Routing::RoundRobin(names) => {
                let name = in_turn(names, self.turn);
                self.turn += 1;
                name
            }
            Routing::Sticky(names) => {
                if let Some((_, index)) = self.placed.iter().find(|(b, _)| b == browser) {
                    return *index;
                }
                let name = in_turn(names, self.turn);
                self.turn += 1;
                let index = self.index_of(&name);
                self.placed.push((browser.to_owned(), index));
                return index;
            }
        };
        self.index_of(&name)
    }

    /// A rolling deploy: the instance's settings are updated and its process restarts, so
    /// its own LocMemCache starts empty (its directory, a disk, survives).
    pub(super) fn deploy(&mut self, deploy: &Deploy) {
        let index = self.index_of(&deploy.instance);
        let options = self.cache_options;
        if let Some(process) = self.processes.get_mut(index) {
            deploy.settings.apply(&mut process.settings);
            if process.own_cache.is_some() {
                process.own_cache = Some(LocMemCache::new(options));
            }
        }
    }

    /// Whether some instance uses the shared cache.
    pub(super) fn any_shared_cache(&self) -> bool {
        self.processes.iter().any(|p| p.own_cache.is_none())
    }

    /// Whether some instance uses the shared directory.
    pub(super) fn any_shared_files(&self) -> bool {
        self.processes.iter().any(|p| p.own_files.is_none())
    }

    /// The instance's name.
    pub(super) fn name(&self, index: usize) -> &str {
        self.processes.get(index).map_or("", |p| p.name.as_str())
    }

    /// The index of the instance named `name` (the first if none has that name).
    pub(super) fn index(&self, name: &str) -> usize {
        self.index_of(name)
    }
}

/// The name whose turn it is (an empty list, which no document can hold, gives the first
/// instance).
fn in_turn(names: &[String], turn: usize) -> String {
    names
        .get(turn.checked_rem(names.len()).unwrap_or(0))
        .cloned()
        .unwrap_or_default()
}

impl Simulation {
    /// From now on Django runs as instance `index`: its settings, its cache, its directory.
    pub(super) fn enter(&mut self, index: usize) {
        self.swap_instance(index);
    }

    /// Back to the shared state after [`Simulation::enter`] (the same swaps, undone).
    pub(super) fn leave(&mut self, index: usize) {
        self.swap_instance(index);
    }

    fn swap_instance(&mut self, index: usize) {
        let Some(process) = self.cluster.processes.get_mut(index) else {
            return;
        };
        std::mem::swap(&mut self.settings, &mut process.settings);
        if let Some(cache) = &mut process.own_cache {
            std::mem::swap(&mut self.server.cache, cache);
        }
        if let Some(files) = &mut process.own_files {
            std::mem::swap(&mut self.server.files, files);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cluster(routing: &str) -> Cluster {
        let text = format!(
            r#"{{"engine": "cache", "instances": {{"web1": {{}}, "web2": {{"cache": "own"}}, "web3": {{}}}},
                "routing": {routing}}}"#
        );
        Cluster::new(&Scenario::from_json(&text).unwrap())
    }

    fn names(cluster: &mut Cluster, requests: &[(&str, Option<&str>)]) -> Vec<String> {
        requests
            .iter()
            .map(|(browser, named)| {
                let index = cluster.route(browser, *named);
                cluster.name(index).to_owned()
            })
            .collect()
    }

    #[test]
    fn round_robin_takes_turns_and_named_requests_do_not_count() {
        let mut c = cluster(r#"{"round_robin": ["web2", "web1"]}"#);
        let got = names(
            &mut c,
            &[("a", None), ("a", Some("web3")), ("b", None), ("a", None)],
        );
        assert_eq!(got, ["web2", "web3", "web1", "web2"]);
    }

    #[test]
    fn sticky_places_each_browser_once_and_a_route_forgets() {
        let mut c = cluster(r#"{"sticky": ["web1", "web3"]}"#);
        let got = names(
            &mut c,
            &[
                ("a", None),
                ("b", None),
                ("a", None),
                ("c", None),
                ("b", None),
            ],
        );
        assert_eq!(got, ["web1", "web3", "web1", "web1", "web3"]);
        c.set_rule(&Routing::Sticky(vec!["web3".into(), "web1".into()]));
        assert_eq!(names(&mut c, &[("b", None), ("a", None)]), ["web3", "web1"]);
    }

    #[test]
    fn pinned_and_the_default_rule() {
        let mut c = cluster(r#""web3""#);
        assert_eq!(names(&mut c, &[("a", None), ("b", None)]), ["web3", "web3"]);
        let mut default = Cluster::new(
            &Scenario::from_json(r#"{"engine": "db", "instances": {"x": {}, "y": {}}}"#).unwrap(),
        );
        assert_eq!(names(&mut default, &[("a", None); 3]), ["x", "y", "x"]);
    }

    #[test]
    fn a_deploy_updates_only_its_instance_s_settings() {
        let mut c = cluster(r#""web1""#);
        let web2 = c.index("web2");
        let deploy = Deploy {
            instance: "web2".into(),
            settings: crate::scenario::document::SettingsPatch::parse(
                &crate::json::parse_python_json(r#"{"SESSION_COOKIE_NAME": "sid"}"#).unwrap(),
            )
            .unwrap(),
        };
        c.deploy(&deploy);
        assert_eq!(c.processes[web2].settings.cookie_name, "sid");
        assert_eq!(c.processes[0].settings.cookie_name, "sessionid");
        assert!(c.processes[web2].own_cache.is_some());
        assert!(c.processes[0].own_cache.is_none());
        assert!(c.any_shared_cache() && c.any_shared_files());
    }
}
