//! The world around the view: the browser (closing it, tampering with, copying and replaying
//! its cookie), the server (`manage.py clearsessions`, a restart of the cache, a new
//! `SECRET_KEY`) and faults in its storage.

use sessionscope_engine::json::Value;
use sessionscope_engine::scenario::{
    Engine, Fault, Request, Scenario, Step, Tamper, TamperMode, ViewCall, DEFAULT_BROWSER,
};

use super::action::Action;
use super::cart::{next_cart, set};
use crate::ui::python;

/// The labels of cookies remembered so far, oldest first.
pub fn remembered_labels(scenario: &Scenario) -> Vec<String> {
    scenario
        .steps
        .iter()
        .filter_map(|step| match step {
            Step::SaveCookie { label, .. } => Some(label.clone()),
            _ => None,
        })
        .collect()
}

/// The browser buttons; "replay" appears once a cookie has been remembered.
pub fn browser_actions(scenario: &Scenario) -> Vec<Action> {
    let browser = DEFAULT_BROWSER.to_owned();
    let labels = remembered_labels(scenario);
    let tamper = |mode| {
        Step::Tamper(Tamper {
            mode,
            name: None,
            browser: browser.clone(),
        })
    };
    let mut actions = vec![
        Action::new(
            "close-browser",
            "Close and reopen the browser",
            "# the browser forgets cookies that have no expiry",
            Step::CloseBrowser(browser.clone()),
        ),
        Action::new(
            "tamper",
            "Tamper with the cookie",
            "# edit the cookie's last character in devtools",
            tamper(TamperMode::FlipLast),
        ),
        Action::new(
            "delete-cookie",
            "Delete the cookie",
            "# clear the cookie in devtools",
            tamper(TamperMode::Delete),
        ),
        Action::new(
            "remember-cookie",
            "Copy the cookie for later",
            "# an attacker copies the cookie",
            Step::SaveCookie {
                label: format!("copy {}", labels.len() + 1),
                name: None,
                browser: browser.clone(),
            },
        ),
    ];
    let replayed = labels.last().cloned();
    actions.push(
        Action::new(
            "replay-cookie",
            "Replay the copied cookie",
            format!(
                "# send the cookie copied as \"{}\" again",
                replayed.as_deref().unwrap_or_default()
            ),
            Step::RestoreCookie {
                label: replayed.clone().unwrap_or_default(),
                browser,
            },
        )
        .only_if(replayed.is_some(), "# copy the cookie first"),
    );
    actions
}

/// How many `rotate_secret` steps the scenario has.
fn rotations(scenario: &Scenario) -> usize {
    scenario
        .steps
        .iter()
        .filter(|step| matches!(step, Step::RotateSecret(_)))
        .count()
}

/// What the people running the server do: clean up expired sessions, restart, rotate the key.
pub fn server_actions(scenario: &Scenario) -> Vec<Action> {
    let engine = scenario.engine;
    let rotated_key = format!("rotated-secret-key-{}", rotations(scenario) + 1);
    vec![
        Action::new(
            "clearsessions",
            "manage.py clearsessions",
            match engine {
                Engine::Db | Engine::CachedDb => {
                    "$ python manage.py clearsessions\n# SessionStore.clear_expired(): DELETE FROM django_session WHERE expire_date < now"
                }
                Engine::File => {
                    "$ python manage.py clearsessions\n# SessionStore.clear_expired(): removes the expired session files"
                }
                Engine::Cache => {
                    "$ python manage.py clearsessions\n# SessionStore.clear_expired(): nothing to do, the cache expires entries itself"
                }
                Engine::SignedCookies => {
                    "$ python manage.py clearsessions\n# SessionStore.clear_expired(): nothing to do, there is nothing on the server"
                }
            },
            Step::ClearExpired,
        ),
        Action::new(
            "cache-restart",
            "Restart the cache",
            "# the server restarts: LocMemCache starts empty",
            Step::CacheRestart,
        )
        .only_if(
            engine.uses_cache(),
            "# only the cache and cached_db engines use the cache",
        ),
        Action::new(
            "rotate-secret",
            "Rotate SECRET_KEY",
            format!(
                "SECRET_KEY_FALLBACKS = [SECRET_KEY, *SECRET_KEY_FALLBACKS]\nSECRET_KEY = \"{rotated_key}\""
            ),
            Step::RotateSecret(rotated_key),
        ),
    ]
}

/// The fault buttons: a failing view, a concurrent logout, broken storage and its repair.
pub fn fault_actions(scenario: &Scenario) -> Vec<Action> {
    let engine = scenario.engine;
    let failing_view = {
        let mut request = Request::new(set("cart", next_cart(scenario)));
        request.status = 500;
        request
    };
    let concurrent_logout = ViewCall::Multi(vec![
        ViewCall::Get {
            key: "cart".into(),
            default: Value::Null,
        },
        ViewCall::StoreDelete,
        set("cart", next_cart(scenario)),
    ]);
    vec![
        Action::new(
            "server-error",
            "The view fails (500)",
            format!(
                "{}\nreturn HttpResponseServerError()",
                python::view_call(&failing_view.view)
            ),
            Step::Request(failing_view),
        ),
        Action::new(
            "concurrent-logout",
            "A concurrent logout",
            format!(
                "{}\n# meanwhile another tab logs out, then this view writes",
                python::view_call(&concurrent_logout)
            ),
            Step::Request(Request::new(concurrent_logout)),
        ),
        fault(
            "table-missing",
            "Forget to migrate",
            "# DROP TABLE django_session  (manage.py migrate never ran)",
            Fault::DbTableMissing,
        )
        .only_if(
            engine.uses_db(),
            "# only the db and cached_db engines use the table",
        ),
        fault(
            "dir-missing",
            "Session directory missing",
            "# rm -r SESSION_FILE_PATH",
            Fault::FileDirMissing,
        )
        .only_if(
            engine == Engine::File,
            "# only the file engine uses the directory",
        ),
        fault(
            "dir-read-only",
            "Session directory read-only",
            "# chmod a-w SESSION_FILE_PATH",
            Fault::FileDirReadOnly,
        )
        .only_if(
            engine == Engine::File,
            "# only the file engine uses the directory",
        ),
        fault(
            "repair",
            "Repair the server",
            "# manage.py migrate; mkdir -p SESSION_FILE_PATH",
            Fault::Repair,
        ),
    ]
}

fn fault(id: &'static str, label: &'static str, code: &str, fault: Fault) -> Action {
    Action::new(id, label, code, Step::Fault(fault))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(actions: Vec<Action>, id: &str) -> Action {
        actions.into_iter().find(|a| a.id == id).unwrap()
    }

    #[test]
    fn replay_appears_once_a_cookie_was_copied() {
        let mut scenario = Scenario::new("t", Engine::Db);
        assert!(!find(browser_actions(&scenario), "replay-cookie").available);
        scenario
            .steps
            .push(find(browser_actions(&scenario), "remember-cookie").step);
        let replay = find(browser_actions(&scenario), "replay-cookie");
        assert!(replay.available);
        assert_eq!(
            replay.step,
            Step::RestoreCookie {
                label: "copy 1".into(),
                browser: DEFAULT_BROWSER.into()
            }
        );
    }

    #[test]
    fn each_rotation_gets_a_new_key_and_the_500_keeps_its_status() {
        let mut scenario = Scenario::new("t", Engine::Db);
        let first = find(server_actions(&scenario), "rotate-secret").step;
        scenario.steps.push(first.clone());
        assert_ne!(find(server_actions(&scenario), "rotate-secret").step, first);
        let error = find(fault_actions(&scenario), "server-error");
        assert!(matches!(error.step, Step::Request(ref r) if r.status == 500));
    }

    #[test]
    fn storage_actions_apply_only_to_the_engines_that_have_that_storage() {
        let available = |engine, id| {
            let scenario = Scenario::new("t", engine);
            fault_actions(&scenario)
                .into_iter()
                .chain(server_actions(&scenario))
                .find(|a| a.id == id)
                .unwrap()
                .available
        };
        assert!(available(Engine::Db, "table-missing"));
        assert!(!available(Engine::File, "table-missing"));
        assert!(available(Engine::File, "dir-read-only"));
        assert!(!available(Engine::SignedCookies, "cache-restart"));
        assert!(available(Engine::CachedDb, "cache-restart"));
        assert!(available(Engine::SignedCookies, "rotate-secret"));
        assert!(available(Engine::SignedCookies, "clearsessions"));
    }

    #[test]
    fn clearsessions_says_what_it_does_on_each_engine() {
        let code = |engine| find(server_actions(&Scenario::new("t", engine)), "clearsessions").code;
        assert!(code(Engine::Db).contains("DELETE FROM django_session"));
        assert!(code(Engine::File).contains("files"));
        assert!(code(Engine::Cache).contains("nothing to do"));
        assert_eq!(
            find(
                server_actions(&Scenario::new("t", Engine::Db)),
                "clearsessions"
            )
            .step,
            Step::ClearExpired
        );
    }
}
