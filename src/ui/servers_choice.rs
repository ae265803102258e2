//! How many Django instances serve the site and what they share: one, two or three instances
//! (`web1`, `web2`, `web3`), one cache for all or a LocMemCache per process, one session
//! directory or a local disk each, one `SECRET_KEY` or one per instance, and the load
//! balancer's rule.
//!
//! The choice lives in the scenario itself (`instances`, `routing`), so a share link or a
//! saved playground replays on the servers it was made with. One instance is a scenario without
//! `instances`: the scenario as before, byte for byte.

use sessionscope_engine::scenario::{Instance, Routing, Scenario, SettingChange, Step};

/// The most instances the panel offers.
pub const MOST_INSTANCES: usize = 3;

/// The name of the instance at `index` (0-based): `web1`, `web2`, ….
pub fn instance_name(index: usize) -> String {
    format!("web{}", index + 1)
}

/// How many Django instances serve the scenario (1 without `instances`).
pub fn instance_count(scenario: &Scenario) -> usize {
    scenario.instances.len().max(1)
}

/// One thing for every instance, or one of its own each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sharing {
    /// Every instance uses the same one.
    Shared,
    /// Each instance has its own.
    Own,
}

/// The load balancer's rule for requests that name no instance.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Balancer {
    /// In turn (the default: no `routing` field).
    RoundRobin,
    /// A browser stays on the instance its first request reached.
    Sticky,
    /// Everything to the first instance.
    PinnedFirst,
}

/// A change to the servers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ServersChange {
    /// One, two or three instances.
    Instances(usize),
    /// The cache (`cache: "shared"` or `"own"`).
    Cache(Sharing),
    /// The session directory (`file_dir: "shared"` or `"own"`).
    FileDir(Sharing),
    /// The same `SECRET_KEY` everywhere, or one in each instance's settings.
    SecretKey(Sharing),
    /// The load balancer's rule (`routing`).
    Balancer(Balancer),
}

/// `Own` when every instance's flag is set, `Shared` when none is, `None` otherwise (and with
/// one instance).
fn sharing_of(scenario: &Scenario, own: impl Fn(&Instance) -> bool) -> Option<Sharing> {
    let instances = &scenario.instances;
    if instances.is_empty() {
        None
    } else if instances.iter().all(&own) {
        Some(Sharing::Own)
    } else if !instances.iter().any(own) {
        Some(Sharing::Shared)
    } else {
        None
    }
}

/// Whether the instances have their own LocMemCache (`None`: one instance, or a mix).
pub fn cache_sharing(scenario: &Scenario) -> Option<Sharing> {
    sharing_of(scenario, |instance| instance.own_cache)
}

/// Whether the instances have their own session directory (`None`: one instance, or a mix).
pub fn dir_sharing(scenario: &Scenario) -> Option<Sharing> {
    sharing_of(scenario, |instance| instance.own_files)
}

/// Whether the instances have a `SECRET_KEY` of their own (`None`: one instance, or a mix).
pub fn key_sharing(scenario: &Scenario) -> Option<Sharing> {
    sharing_of(scenario, has_own_key)
}

fn has_own_key(instance: &Instance) -> bool {
    instance
        .settings
        .changes
        .iter()
        .any(|change| matches!(change, SettingChange::SecretKey(_)))
}

/// The balancer's rule (`None`: one instance, or a rule the panel does not offer).
pub fn balancer(scenario: &Scenario) -> Option<Balancer> {
    if scenario.instances.len() < 2 {
        return None;
    }
    let names = scenario.instance_names();
    match &scenario.routing {
        None => Some(Balancer::RoundRobin),
        Some(Routing::RoundRobin(listed)) if *listed == names => Some(Balancer::RoundRobin),
        Some(Routing::Sticky(listed)) if *listed == names => Some(Balancer::Sticky),
        Some(Routing::Pinned(name)) if *name == names[0] => Some(Balancer::PinnedFirst),
        Some(_) => None,
    }
}

/// The instances the steps name (a request's `instance`, `route`, `deploy`, `clear_expired`).
fn named_by_steps(scenario: &Scenario) -> Vec<&str> {
    let mut names = Vec::new();
    for step in &scenario.steps {
        match step {
            Step::Request(request) => names.extend(request.instance.as_deref()),
            Step::Route(routing) => names.extend(routing.names().iter().map(String::as_str)),
            Step::Deploy(deploy) => names.push(deploy.instance.as_str()),
            Step::ClearExpiredOn(instance) => names.push(instance.as_str()),
            Step::Concurrent(concurrent) => names.extend(
                concurrent
                    .requests
                    .iter()
                    .filter_map(|(_, request)| request.instance.as_deref()),
            ),
            _ => {}
        }
    }
    names
}

/// The fewest instances the scenario can have: the steps (and a pinned rule) keep the
/// instances they name.
pub fn fewest_instances(scenario: &Scenario) -> usize {
    let mut named = named_by_steps(scenario);
    if let Some(Routing::Pinned(name)) = &scenario.routing {
        named.push(name);
    }
    named
        .iter()
        .map(|name| {
            scenario
                .instances
                .iter()
                .position(|instance| instance.name == *name)
                .map_or(1, |index| index + 1)
        })
        .max()
        .unwrap_or(1)
}

/// A `SECRET_KEY` an instance makes up at start-up: `pod-web2-secret-` and 32 hex digits
/// drawn from its name (the same for the same name, so the scenario replays).
pub fn pod_secret_key(name: &str) -> String {
    let mut state = name.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    });
    let mut hex = String::new();
    for _ in 0..2 {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut mixed = state;
        mixed = (mixed ^ (mixed >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        mixed = (mixed ^ (mixed >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        mixed ^= mixed >> 31;
        hex.push_str(&format!("{mixed:016x}"));
    }
    format!("pod-{name}-secret-{hex}")
}

/// Gives `instance` a `SECRET_KEY` of its own (or takes it away).
fn set_own_key(instance: &mut Instance, own: bool) {
    let changes = &mut instance.settings.changes;
    changes.retain(|change| !matches!(change, SettingChange::SecretKey(_)));
    if own {
        changes.insert(0, SettingChange::SecretKey(pod_secret_key(&instance.name)));
    }
}

/// The scenario on `count` instances; the ones that stay keep their settings, new ones share
/// what the others share. `false` when it changes nothing or the steps need more.
fn set_instance_count(scenario: &mut Scenario, count: usize) -> bool {
    let count = count.clamp(1, MOST_INSTANCES);
    if count == instance_count(scenario) || count < fewest_instances(scenario) {
        return false;
    }
    if count == 1 {
        scenario.instances.clear();
        scenario.routing = None;
        return true;
    }
    let before = balancer(scenario);
    let template = scenario.instances.first().cloned();
    scenario.instances.truncate(count);
    while scenario.instances.len() < count {
        let name = (0..)
            .map(instance_name)
            .find(|name| scenario.instances.iter().all(|i| i.name != *name))
            .expect("a free name");
        let mut instance = Instance::new(name);
        if let Some(template) = &template {
            instance.own_cache = template.own_cache;
            instance.own_files = template.own_files;
            set_own_key(&mut instance, has_own_key(template));
        }
        scenario.instances.push(instance);
    }
    // The rule follows the instances: a rule over every instance stays one.
    if let Some(rule) = before {
        set_balancer(scenario, rule);
    } else if let Some(Routing::RoundRobin(names) | Routing::Sticky(names)) = &mut scenario.routing
    {
        let kept: Vec<String> = scenario.instances.iter().map(|i| i.name.clone()).collect();
        names.retain(|name| kept.contains(name));
        if names.is_empty() {
            scenario.routing = None;
        }
    }
    true
}

fn set_balancer(scenario: &mut Scenario, rule: Balancer) {
    let names = scenario.instance_names();
    scenario.routing = match rule {
        Balancer::RoundRobin => None,
        Balancer::Sticky => Some(Routing::Sticky(names)),
        Balancer::PinnedFirst => Some(Routing::Pinned(names[0].clone())),
    };
}

impl ServersChange {
    /// Applies the change; `false` when it changes nothing (the flags and the balancer need
    /// two instances or more).
    pub fn apply(self, scenario: &mut Scenario) -> bool {
        let before = (scenario.instances.clone(), scenario.routing.clone());
        match self {
            ServersChange::Instances(count) => return set_instance_count(scenario, count),
            _ if scenario.instances.len() < 2 => return false,
            ServersChange::Cache(sharing) => {
                for instance in &mut scenario.instances {
                    instance.own_cache = sharing == Sharing::Own;
                }
            }
            ServersChange::FileDir(sharing) => {
                for instance in &mut scenario.instances {
                    instance.own_files = sharing == Sharing::Own;
                }
            }
            ServersChange::SecretKey(sharing) => {
                for instance in &mut scenario.instances {
                    if has_own_key(instance) != (sharing == Sharing::Own) {
                        set_own_key(instance, sharing == Sharing::Own);
                    }
                }
            }
            ServersChange::Balancer(rule) => set_balancer(scenario, rule),
        }
        (scenario.instances.clone(), scenario.routing.clone()) != before
    }

    /// The change in words, for the banner that shows what it did to the bytes.
    pub fn text(self) -> String {
        match self {
            ServersChange::Instances(1) => "one Django instance".to_owned(),
            ServersChange::Instances(count) => {
                let names: Vec<String> = (0..count).map(instance_name).collect();
                format!("{count} Django instances ({})", names.join(", "))
            }
            ServersChange::Cache(Sharing::Shared) => "cache: shared by every instance".to_owned(),
            ServersChange::Cache(Sharing::Own) => "cache: a LocMemCache per process".to_owned(),
            ServersChange::FileDir(Sharing::Shared) => "session directory: shared".to_owned(),
            ServersChange::FileDir(Sharing::Own) => {
                "session directory: a local disk per instance".to_owned()
            }
            ServersChange::SecretKey(Sharing::Shared) => {
                "SECRET_KEY: the same on every instance".to_owned()
            }
            ServersChange::SecretKey(Sharing::Own) => {
                "SECRET_KEY: one of its own per instance".to_owned()
            }
            ServersChange::Balancer(rule) => format!("load balancer: {}", balancer_word(rule)),
        }
    }
}

/// `round robin`, `sticky` or `everything to web1`.
pub fn balancer_word(rule: Balancer) -> &'static str {
    match rule {
        Balancer::RoundRobin => "round robin",
        Balancer::Sticky => "sticky",
        Balancer::PinnedFirst => "everything to web1",
    }
}

/// What the servers as they are mean, in Django's terms.
pub fn servers_note(scenario: &Scenario) -> String {
    let count = instance_count(scenario);
    let fewest = fewest_instances(scenario);
    let mut sentences = Vec::new();
    if count == 1 {
        sentences.push(
            "One Django process serves every request: what it saves, it reads back.".to_owned(),
        );
    } else {
        let last = instance_name(count - 1);
        sentences.push(match cache_sharing(scenario) {
            Some(Sharing::Own) => format!(
                "Each gunicorn worker has its own LocMemCache: a session saved on web1 does \
                 not exist on {last} (the cache and cached_db engines)."
            ),
            Some(Sharing::Shared) => {
                "CACHES points every instance at one cache server (like Redis).".to_owned()
            }
            None => "Some instances have a LocMemCache of their own, others share one.".to_owned(),
        });
        sentences.push(match dir_sharing(scenario) {
            Some(Sharing::Own) => format!(
                "SESSION_FILE_PATH is a local disk: a session file written by web1 is missing \
                 on {last} (the file engine)."
            ),
            Some(Sharing::Shared) => {
                "SESSION_FILE_PATH is one directory every instance mounts (like NFS).".to_owned()
            }
            None => "Some instances have a session directory of their own.".to_owned(),
        });
        sentences.push(match key_sharing(scenario) {
            Some(Sharing::Own) => format!(
                "Each instance makes up its own SECRET_KEY: what web1 signs, {last} reads as \
                 \"Session data corrupted\" or an invalid cookie."
            ),
            Some(Sharing::Shared) => "Every instance signs with the same SECRET_KEY.".to_owned(),
            None => "Some instances have a SECRET_KEY of their own.".to_owned(),
        });
        sentences.push(
            match balancer(scenario) {
                Some(Balancer::RoundRobin) => {
                    "The load balancer sends each request to the next instance in turn."
                }
                Some(Balancer::Sticky) => {
                    "The load balancer keeps each browser on the instance its first request \
                     reached."
                }
                Some(Balancer::PinnedFirst) => {
                    "The load balancer sends every request to web1; the others serve only \
                     requests that name them."
                }
                None => "The load balancer follows the scenario's own rule.",
            }
            .to_owned(),
        );
    }
    if fewest > 1 {
        sentences.push(format!(
            "Steps name {}: fewer instances than {fewest} would leave them nowhere to run.",
            instance_name(fewest - 1)
        ));
    }
    sentences.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use sessionscope_engine::scenario::{Deploy, Engine, SettingsPatch};

    #[test]
    fn one_instance_is_a_scenario_without_instances() {
        let mut scenario = Scenario::new("t", Engine::Db);
        let plain = scenario.to_json_string();
        assert_eq!(instance_count(&scenario), 1);
        assert_eq!(cache_sharing(&scenario), None);
        assert_eq!(balancer(&scenario), None);
        assert!(!ServersChange::Instances(1).apply(&mut scenario));
        assert!(!ServersChange::Cache(Sharing::Own).apply(&mut scenario));
        assert!(!ServersChange::Balancer(Balancer::Sticky).apply(&mut scenario));
        assert!(ServersChange::Instances(2).apply(&mut scenario));
        assert_eq!(scenario.instance_names(), ["web1", "web2"]);
        assert_eq!(balancer(&scenario), Some(Balancer::RoundRobin));
        assert_eq!(scenario.routing, None, "round robin is the default rule");
        assert!(scenario.to_json_string().contains("\"web2\""));
        assert!(ServersChange::Instances(1).apply(&mut scenario));
        assert_eq!(scenario.to_json_string(), plain, "the same bytes as before");
    }

    #[test]
    fn instances_that_stay_keep_their_settings_and_new_ones_share_the_same() {
        let mut scenario = Scenario::new("t", Engine::Cache);
        ServersChange::Instances(2).apply(&mut scenario);
        assert!(ServersChange::Cache(Sharing::Own).apply(&mut scenario));
        assert!(ServersChange::SecretKey(Sharing::Own).apply(&mut scenario));
        scenario.instances[1]
            .settings
            .changes
            .push(SettingChange::CookieName("web2id".into()));
        assert!(ServersChange::Instances(3).apply(&mut scenario));
        assert_eq!(scenario.instance_names(), ["web1", "web2", "web3"]);
        assert_eq!(cache_sharing(&scenario), Some(Sharing::Own));
        assert_eq!(key_sharing(&scenario), Some(Sharing::Own));
        assert_eq!(dir_sharing(&scenario), Some(Sharing::Shared));
        assert!(scenario.instances[1]
            .settings
            .changes
            .contains(&SettingChange::CookieName("web2id".into())));
        assert!(ServersChange::Instances(2).apply(&mut scenario));
        assert_eq!(scenario.instance_names(), ["web1", "web2"]);
        assert_eq!(scenario.instances[1].settings.changes.len(), 2);
    }

    #[test]
    fn each_instance_gets_a_key_of_its_own_that_replays() {
        let mut scenario = Scenario::new("t", Engine::Db);
        ServersChange::Instances(2).apply(&mut scenario);
        assert!(ServersChange::SecretKey(Sharing::Own).apply(&mut scenario));
        let key = |i: usize| match &scenario.instances[i].settings.changes[0] {
            SettingChange::SecretKey(key) => key.clone(),
            other => panic!("{other:?}"),
        };
        assert!(key(1).starts_with("pod-web2-secret-"));
        assert_eq!(key(1).len(), "pod-web2-secret-".len() + 32);
        assert_ne!(key(0), key(1));
        assert_eq!(pod_secret_key("web2"), key(1));
        let json = scenario.to_json_string();
        assert_eq!(Scenario::from_json(&json).unwrap(), scenario);
        assert!(ServersChange::SecretKey(Sharing::Shared).apply(&mut scenario));
        assert!(scenario
            .instances
            .iter()
            .all(|i| i.settings.changes.is_empty()));
    }

    #[test]
    fn the_balancer_is_the_routing_field_over_every_instance() {
        let mut scenario = Scenario::new("t", Engine::Db);
        ServersChange::Instances(2).apply(&mut scenario);
        assert!(ServersChange::Balancer(Balancer::Sticky).apply(&mut scenario));
        assert_eq!(
            scenario.routing,
            Some(Routing::Sticky(vec!["web1".into(), "web2".into()]))
        );
        ServersChange::Instances(3).apply(&mut scenario);
        assert_eq!(balancer(&scenario), Some(Balancer::Sticky));
        assert_eq!(scenario.routing.as_ref().unwrap().names().len(), 3);
        assert!(ServersChange::Balancer(Balancer::PinnedFirst).apply(&mut scenario));
        assert_eq!(scenario.routing, Some(Routing::Pinned("web1".into())));
        assert!(ServersChange::Balancer(Balancer::RoundRobin).apply(&mut scenario));
        assert_eq!(scenario.routing, None);
        assert_eq!(
            ServersChange::Balancer(Balancer::PinnedFirst).text(),
            "load balancer: everything to web1"
        );
    }

    #[test]
    fn instances_the_steps_name_stay() {
        let mut scenario = Scenario::new("t", Engine::Db);
        ServersChange::Instances(3).apply(&mut scenario);
        scenario.steps.push(Step::Deploy(Deploy {
            instance: "web2".into(),
            settings: SettingsPatch::default(),
        }));
        assert_eq!(fewest_instances(&scenario), 2);
        assert!(!ServersChange::Instances(1).apply(&mut scenario));
        assert!(ServersChange::Instances(2).apply(&mut scenario));
        assert!(servers_note(&scenario).contains("Steps name web2"));
    }

    #[test]
    fn the_note_says_what_the_choice_means_in_django_terms() {
        let mut scenario = Scenario::new("t", Engine::Cache);
        assert!(servers_note(&scenario).starts_with("One Django process"));
        ServersChange::Instances(2).apply(&mut scenario);
        ServersChange::Cache(Sharing::Own).apply(&mut scenario);
        let note = servers_note(&scenario);
        assert!(
            note.contains(
                "Each gunicorn worker has its own LocMemCache: a session saved on web1 does \
                 not exist on web2"
            ),
            "{note}"
        );
        assert!(note.contains("in turn"), "{note}");
        assert_eq!(
            ServersChange::Instances(3).text(),
            "3 Django instances (web1, web2, web3)"
        );
    }
}
