//! Two tabs in flight at once, and what the people running several Django instances do: a
//! rolling deploy of one instance, a change of the load balancer's rule, `clearsessions` on
//! one instance.

use sessionscope_engine::json::Value;
use sessionscope_engine::scenario::{
    Concurrent, Deploy, Phase, Request, Routing, Scenario, SettingChange, SettingsPatch, Step,
    ViewCall,
};

use super::action::Action;
use crate::ui::python;

/// `A:send, B:send, A:view, B:view, A:respond, B:respond`: both views load the session before
/// either saves.
const BOTH_LOAD_FIRST: [(usize, Phase); 6] = [
    (0, Phase::Send),
    (1, Phase::Send),
    (0, Phase::View),
    (1, Phase::View),
    (0, Phase::Respond),
    (1, Phase::Respond),
];

/// `A:send, B:send, A:view, A:respond, B:view, B:respond`: B's view runs after A's save.
const ONE_AFTER_THE_OTHER: [(usize, Phase); 6] = [
    (0, Phase::Send),
    (1, Phase::Send),
    (0, Phase::View),
    (0, Phase::Respond),
    (1, Phase::View),
    (1, Phase::Respond),
];

/// `A:send, B:send, B:view, A:view, A:respond, B:respond`: B loads the session, then A's
/// logout deletes it, then B saves.
const LOADED_BEFORE_THE_LOGOUT: [(usize, Phase); 6] = [
    (0, Phase::Send),
    (1, Phase::Send),
    (1, Phase::View),
    (0, Phase::View),
    (0, Phase::Respond),
    (1, Phase::Respond),
];

/// The view that adds `item` to the cart: `setdefault`, append in place, `modified = True`.
fn add_to_cart(item: &str) -> ViewCall {
    ViewCall::Multi(vec![
        ViewCall::SetDefault {
            key: "cart".to_owned(),
            value: Value::List(Vec::new()),
        },
        ViewCall::Append {
            key: "cart".to_owned(),
            value: Value::from(item),
        },
        ViewCall::MarkModified,
    ])
}

/// Tabs `A` and `B` of the one browser, their requests' phases in `order`.
fn two_tabs(a: ViewCall, b: ViewCall, order: [(usize, Phase); 6]) -> Step {
    Step::Concurrent(Concurrent {
        requests: vec![
            ("A".to_owned(), Request::new(a)),
            ("B".to_owned(), Request::new(b)),
        ],
        order: order.to_vec(),
    })
}

/// The order as the scenario writes it: `A:send, B:send, …`.
fn order_text(order: &[(usize, Phase)]) -> String {
    order
        .iter()
        .map(|(tab, phase)| format!("{}:{}", ["A", "B"][*tab], phase.name()))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The Python of two tabs' views, their order, and what comes of it.
fn race_code(a: &ViewCall, b: &ViewCall, order: &[(usize, Phase)], outcome: &str) -> String {
    format!(
        "# tab A:\n{}\n# tab B:\n{}\n# {}\n# {outcome}",
        python::view_call(a),
        python::view_call(b),
        order_text(order)
    )
}

/// `SECRET_KEY` and `SECRET_KEY_FALLBACKS` of instance `name` after the last step (its own
/// settings, then the scenario's steps and its deploys).
fn keys_of(scenario: &Scenario, name: &str) -> (String, Vec<String>) {
    let mut settings = scenario.initial_settings();
    if let Some(instance) = scenario.instances.iter().find(|i| i.name == name) {
        instance.settings.apply(&mut settings);
    }
    for step in &scenario.steps {
        match step {
            Step::Deploy(deploy) if deploy.instance == name => deploy.settings.apply(&mut settings),
            step => step.apply_to_settings(&mut settings),
        }
    }
    (settings.secret_key, settings.secret_key_fallbacks)
}

/// How many `deploy` steps the scenario has.
fn deploys(scenario: &Scenario) -> usize {
    scenario
        .steps
        .iter()
        .filter(|step| matches!(step, Step::Deploy(_)))
        .count()
}

/// A deploy of `web1` whose `SECRET_KEY` is new, the old one first among the fallbacks.
fn deploy_new_key(scenario: &Scenario) -> (Step, String) {
    let (old, fallbacks) = keys_of(scenario, "web1");
    let new = format!("deployed-web1-secret-key-{}", deploys(scenario) + 1);
    let fallbacks: Vec<String> = std::iter::once(old.clone()).chain(fallbacks).collect();
    let code = format!(
        "# a rolling deploy: web1 restarts with new settings, the others keep theirs\n\
         SECRET_KEY = \"{new}\"\nSECRET_KEY_FALLBACKS = {}",
        python::literal(&Value::List(
            fallbacks.iter().cloned().map(Value::Str).collect()
        ))
    );
    let step = Step::Deploy(Deploy {
        instance: "web1".to_owned(),
        settings: SettingsPatch {
            changes: vec![
                SettingChange::SecretKey(new),
                SettingChange::SecretKeyFallbacks(fallbacks),
            ],
        },
    });
    (step, code)
}

/// The "Tabs and servers" buttons: two tabs in flight at once, and with several instances a
/// deploy, the balancer's rule and `clearsessions` on one instance.
pub fn tabs_and_servers_actions(scenario: &Scenario) -> Vec<Action> {
    let names = scenario.instance_names();
    let several = names.len() >= 2;
    let has_web2 = names.iter().any(|name| name == "web2");
    let mug = add_to_cart("mug");
    let pen = add_to_cart("pen");
    let logout = ViewCall::Logout;
    let (deploy, deploy_code) = deploy_new_key(scenario);
    let needs_two = "# choose two Django instances or more under \"Which servers\"";
    vec![
        Action::new(
            "two-tabs-at-once",
            "Two tabs add to the cart at once",
            race_code(
                &mug,
                &pen,
                &BOTH_LOAD_FIRST,
                "both load the cart before either saves: B's save writes the whole \
                 session over A's, and \"mug\" is lost",
            ),
            two_tabs(mug.clone(), pen.clone(), BOTH_LOAD_FIRST),
        ),
        Action::new(
            "two-tabs-in-turn",
            "Two tabs, one after the other's save",
            race_code(
                &mug,
                &pen,
                &ONE_AFTER_THE_OTHER,
                "B's view loads the session after A saved it: both items stay",
            ),
            two_tabs(mug.clone(), pen.clone(), ONE_AFTER_THE_OTHER),
        ),
        Action::new(
            "logout-while-saving",
            "Log out in one tab while the other saves",
            race_code(
                &logout,
                &pen,
                &LOADED_BEFORE_THE_LOGOUT,
                "A's flush() deletes the session B loaded: B's save raises UpdateError \
                 (SessionInterrupted, 400); a signed cookie logs the user in again",
            ),
            two_tabs(logout.clone(), pen, LOADED_BEFORE_THE_LOGOUT),
        ),
        Action::new(
            "deploy-new-key",
            "Deploy web1 with a new SECRET_KEY (the old one as a fallback)",
            deploy_code,
            deploy,
        )
        .only_if(several, needs_two),
        Action::new(
            "route-to-web2",
            "The balancer sends everything to web2",
            "# the balancer takes web1 out of rotation: every request goes to web2",
            Step::Route(Routing::Pinned("web2".to_owned())),
        )
        .only_if(has_web2, needs_two),
        Action::new(
            "round-robin",
            "Round robin again",
            format!(
                "# the balancer sends each request to the next of {} in turn",
                names.join(", ")
            ),
            Step::Route(Routing::RoundRobin(names.clone())),
        )
        .only_if(several, needs_two),
        Action::new(
            "clearsessions-web2",
            "clearsessions on web2",
            "$ kubectl exec web2 -- python manage.py clearsessions\n\
             # SessionStore.clear_expired() on web2: its own cache or directory only",
            Step::ClearExpiredOn("web2".to_owned()),
        )
        .only_if(has_web2, needs_two),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::servers_choice::{ServersChange, Sharing};
    use sessionscope_engine::json::Dict;
    use sessionscope_engine::scenario::{run, Engine, Trace};

    /// A `set` view with one key (the tests' starting cart).
    fn set_cart(items: &[&str]) -> Step {
        let mut data = Dict::new();
        data.insert(
            "cart",
            Value::List(items.iter().map(|item| Value::from(*item)).collect()),
        );
        Step::Request(Request::new(ViewCall::Set(data)))
    }

    fn find(scenario: &Scenario, id: &str) -> Action {
        tabs_and_servers_actions(scenario)
            .into_iter()
            .find(|a| a.id == id)
            .unwrap()
    }

    fn read_cart() -> Step {
        Step::Request(Request::new(ViewCall::Get {
            key: "cart".to_owned(),
            default: Value::Null,
        }))
    }

    fn last_result(trace: &Trace) -> String {
        let response = trace.steps.last().unwrap().response.as_ref().unwrap();
        python::repr(&response.result)
    }

    /// `steps` after a `set` of the cart, run on `engine`, every step without an error.
    fn run_clean(mut scenario: Scenario, steps: Vec<Step>) -> Trace {
        scenario.steps.extend(steps);
        let trace = run(&scenario);
        for (step, traced) in scenario.steps.iter().zip(&trace.steps) {
            assert_eq!(traced.error, None, "{step:?} on {}", scenario.engine);
        }
        assert_eq!(trace.steps.len(), scenario.steps.len());
        trace
    }

    #[test]
    fn every_action_runs_without_a_step_error_on_every_engine() {
        for engine in Engine::ALL {
            for count in [1, 2, 3] {
                let mut scenario = Scenario::new("t", engine);
                ServersChange::Instances(count).apply(&mut scenario);
                ServersChange::Cache(Sharing::Own).apply(&mut scenario);
                scenario.steps.push(set_cart(&["book"]));
                let actions = tabs_and_servers_actions(&scenario);
                let ids: std::collections::HashSet<_> = actions.iter().map(|a| a.id).collect();
                assert_eq!(ids.len(), actions.len(), "ids are unique");
                let steps: Vec<Step> = actions
                    .into_iter()
                    .filter(|action| action.available)
                    .map(|action| action.step)
                    .chain([read_cart()])
                    .collect();
                assert_eq!(steps.len(), if count == 1 { 4 } else { 8 });
                run_clean(scenario, steps);
            }
        }
    }

    #[test]
    fn two_tabs_at_once_lose_the_mug_on_db() {
        let empty = Scenario::new("t", Engine::Db);
        let race = find(&empty, "two-tabs-at-once").step;
        let trace = run_clean(empty.clone(), vec![race.clone(), read_cart()]);
        assert_eq!(last_result(&trace), "['pen']", "started without a cart");
        let trace = run_clean(empty.clone(), vec![set_cart(&["book"]), race, read_cart()]);
        assert_eq!(last_result(&trace), "['book', 'pen']", "the mug is lost");
        let in_turn = find(&empty, "two-tabs-in-turn").step;
        let trace = run_clean(empty, vec![set_cart(&["book"]), in_turn, read_cart()]);
        assert_eq!(last_result(&trace), "['book', 'mug', 'pen']");
    }

    #[test]
    fn the_logout_refuses_the_other_tab_s_save_on_db() {
        let scenario = Scenario::new("t", Engine::Db);
        let login = Step::Request(Request::new(ViewCall::Login { user: 1 }));
        let race = find(&scenario, "logout-while-saving").step;
        let trace = run_clean(scenario, vec![set_cart(&["book"]), login, race]);
        let record = trace.steps[2].concurrent.as_ref().unwrap();
        let statuses: Vec<u16> = record
            .requests
            .iter()
            .map(|(_, _, response)| response.status)
            .collect();
        assert_eq!(statuses, [200, 400]);
    }

    #[test]
    fn the_deploy_keeps_the_old_key_as_the_first_fallback() {
        let mut scenario = Scenario::new("t", Engine::Db);
        assert!(!find(&scenario, "deploy-new-key").available);
        ServersChange::Instances(2).apply(&mut scenario);
        ServersChange::SecretKey(Sharing::Own).apply(&mut scenario);
        let Step::Deploy(deploy) = find(&scenario, "deploy-new-key").step else {
            panic!("a deploy");
        };
        assert_eq!(deploy.instance, "web1");
        assert_eq!(
            deploy.settings.changes,
            [
                SettingChange::SecretKey("deployed-web1-secret-key-1".into()),
                SettingChange::SecretKeyFallbacks(vec![crate::ui::servers_choice::pod_secret_key(
                    "web1"
                )]),
            ]
        );
        scenario.steps.push(Step::Deploy(deploy));
        let code = find(&scenario, "deploy-new-key").code;
        assert!(
            code.contains(
                "SECRET_KEY = \"deployed-web1-secret-key-2\"\nSECRET_KEY_FALLBACKS = \
                 [\"deployed-web1-secret-key-1\", \"pod-web1-secret-"
            ),
            "{code}"
        );
        assert_eq!(
            find(&scenario, "round-robin").step,
            Step::Route(Routing::RoundRobin(vec!["web1".into(), "web2".into()]))
        );
    }
}
