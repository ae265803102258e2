//! What the playground's buttons do: each builds the scenario step(s) it stands for, and
//! carries the Python it means. Pure, so the catalogue is tested without a browser.

use sessionscope_engine::json::{Dict, Value};
use sessionscope_engine::scenario::{
    Engine, ExpiryArg, Fault, Request, Scenario, Step, Tamper, TamperMode, ViewCall,
    DEFAULT_BROWSER,
};

use super::python;

/// A button: a stable id (`data-action` in the page), a label, the Python or shell text it
/// stands for, the step it appends, and whether it applies to the scenario as it is (a
/// disabled button explains itself through `code`).
#[derive(Clone, Debug, PartialEq)]
pub struct Action {
    pub id: &'static str,
    pub label: &'static str,
    pub code: String,
    pub step: Step,
    pub available: bool,
}

impl Action {
    fn new(id: &'static str, label: &'static str, code: impl Into<String>, step: Step) -> Action {
        Action {
            id,
            label,
            code: code.into(),
            step,
            available: true,
        }
    }

    fn only_if(mut self, available: bool, otherwise: &str) -> Action {
        if !available {
            self.available = false;
            self.code = otherwise.to_owned();
        }
        self
    }

    fn view(id: &'static str, label: &'static str, view: ViewCall) -> Action {
        Action::new(
            id,
            label,
            python::view_call(&view),
            Step::Request(Request::new(view)),
        )
    }
}

/// How many items "Stuff the cart" writes: enough to pass 4096 bytes as a signed cookie.
pub const STUFFED_CART_ITEMS: usize = 400;

/// What a shop sells, in the order "Add to cart" adds it.
const CART_ITEMS: [&str; 8] = [
    "book", "pen", "mug", "lamp", "scarf", "kettle", "atlas", "radio",
];

/// The cart the next "Add to cart" writes: the last cart written (unless the session was
/// flushed, cleared or the cart deleted since), plus the next item.
pub fn next_cart(scenario: &Scenario) -> Value {
    let mut cart: Vec<Value> = Vec::new();
    for step in &scenario.steps {
        if let Step::Request(request) = step {
            apply_to_cart(&request.view, &mut cart);
        }
    }
    let next = CART_ITEMS[cart.len() % CART_ITEMS.len()];
    cart.push(Value::from(next));
    Value::List(cart)
}

fn apply_to_cart(view: &ViewCall, cart: &mut Vec<Value>) {
    match view {
        ViewCall::Set(data) | ViewCall::Update(data) => {
            if let Some(Value::List(items)) = data.get("cart") {
                cart.clone_from(items);
            }
        }
        ViewCall::Flush | ViewCall::Clear => cart.clear(),
        ViewCall::Delete { key } | ViewCall::Pop { key, .. } if key == "cart" => cart.clear(),
        ViewCall::Multi(calls) => calls.iter().for_each(|call| apply_to_cart(call, cart)),
        _ => {}
    }
}

fn set(key: &str, value: Value) -> ViewCall {
    let mut data = Dict::new();
    data.insert(key, value);
    ViewCall::Set(data)
}

/// A cart of `count` distinct product codes drawn pseudo-randomly: JSON that zlib cannot
/// shrink much, to push a signed cookie past the browser's limit.
pub fn stuffed_cart(count: usize) -> Value {
    const ALPHABET: &[u8; 36] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let items = (0..count)
        .map(|_| {
            let code: String = (0..10)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    char::from(ALPHABET[(state % 36) as usize])
                })
                .collect();
            Value::from(format!("SKU-{code}"))
        })
        .collect();
    Value::List(items)
}

/// The view's session operations, as buttons.
pub fn view_actions(scenario: &Scenario) -> Vec<Action> {
    let login = ViewCall::Multi(vec![
        ViewCall::CycleKey,
        set("_auth_user_id", Value::from("1")),
    ]);
    vec![
        Action::view(
            "add-to-cart",
            "Add to cart",
            set("cart", next_cart(scenario)),
        ),
        Action::view(
            "read-cart",
            "Read the cart",
            ViewCall::Get {
                key: "cart".into(),
                default: Value::Null,
            },
        ),
        Action::view(
            "delete-cart",
            "Remove the cart",
            ViewCall::Delete { key: "cart".into() },
        ),
        Action::view("visit", "Visit a page", ViewCall::Noop),
        Action::new(
            "login",
            "Log in",
            format!(
                "login(request, user)  # calls:\n{}",
                python::view_call(&login)
            ),
            Step::Request(Request::new(login)),
        ),
        Action::view("clear", "Clear", ViewCall::Clear),
        Action::view("flush", "Log out (flush)", ViewCall::Flush),
        Action::view(
            "expiry-5-min",
            "Expire after 5 min idle",
            ViewCall::SetExpiry(ExpiryArg::Value(Value::from(300))),
        ),
        Action::view(
            "expiry-browser-close",
            "Expire at browser close",
            ViewCall::SetExpiry(ExpiryArg::Value(Value::from(0))),
        ),
        Action::view(
            "expiry-default",
            "Back to the global expiry",
            ViewCall::SetExpiry(ExpiryArg::Value(Value::Null)),
        ),
        Action::new(
            "stuff-cart",
            "Stuff the cart (400 items)",
            format!(
                "request.session[\"cart\"] = [\"SKU-…\", …]  # {STUFFED_CART_ITEMS} random product codes"
            ),
            Step::Request(Request::new(set("cart", stuffed_cart(STUFFED_CART_ITEMS)))),
        ),
    ]
}

/// `set_expiry(seconds)` with a number the user typed.
pub fn set_expiry_action(seconds: i64) -> Action {
    Action::view(
        "expiry-custom",
        "Set expiry",
        ViewCall::SetExpiry(ExpiryArg::Value(Value::from(seconds))),
    )
}

/// The clock buttons.
pub fn time_actions() -> Vec<Action> {
    [
        ("advance-minute", "+1 minute", 60.0),
        ("advance-hour", "+1 hour", 3_600.0),
        ("advance-day", "+1 day", 86_400.0),
        ("advance-two-weeks", "+2 weeks", 1_209_600.0),
    ]
    .into_iter()
    .map(|(id, label, seconds)| advance_action(id, label, seconds))
    .collect()
}

/// Moving the clock by `seconds` the user typed.
pub fn advance_by(seconds: f64) -> Action {
    advance_action("advance-custom", "Advance", seconds)
}

fn advance_action(id: &'static str, label: &'static str, seconds: f64) -> Action {
    Action::new(
        id,
        label,
        format!("time.time() += {seconds}"),
        Step::Advance(seconds),
    )
}

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

/// The fault buttons.
pub fn fault_actions(scenario: &Scenario) -> Vec<Action> {
    let engine = scenario.engine;
    let rotated_key = format!("rotated-secret-key-{}", rotations(scenario) + 1);
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
            "cache-restart",
            "Restart the cache",
            "# the server restarts: LocMemCache starts empty",
            Step::CacheRestart,
        )
        .only_if(engine.uses_cache(), "# only the cache and cached_db engines use the cache"),
        Action::new(
            "rotate-secret",
            "Rotate SECRET_KEY",
            format!(
                "SECRET_KEY_FALLBACKS = [SECRET_KEY, *SECRET_KEY_FALLBACKS]\nSECRET_KEY = \"{rotated_key}\""
            ),
            Step::RotateSecret(rotated_key),
        ),
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
        .only_if(engine.uses_db(), "# only the db and cached_db engines use the table"),
        fault(
            "dir-missing",
            "Session directory missing",
            "# rm -r SESSION_FILE_PATH",
            Fault::FileDirMissing,
        )
        .only_if(engine == Engine::File, "# only the file engine uses the directory"),
        fault(
            "dir-read-only",
            "Session directory read-only",
            "# chmod a-w SESSION_FILE_PATH",
            Fault::FileDirReadOnly,
        )
        .only_if(engine == Engine::File, "# only the file engine uses the directory"),
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

    fn scenario_with(views: Vec<ViewCall>) -> Scenario {
        let mut scenario = Scenario::new("t", Engine::Db);
        scenario.steps = views
            .into_iter()
            .map(|view| Step::Request(Request::new(view)))
            .collect();
        scenario
    }

    fn items(value: &Value) -> Vec<&str> {
        match value {
            Value::List(items) => items.iter().filter_map(Value::as_str).collect(),
            _ => panic!("not a list"),
        }
    }

    #[test]
    fn the_cart_grows_one_item_per_add() {
        let empty = Scenario::new("t", Engine::Db);
        assert_eq!(items(&next_cart(&empty)), ["book"]);
        let scenario = scenario_with(vec![set("cart", next_cart(&empty))]);
        assert_eq!(items(&next_cart(&scenario)), ["book", "pen"]);
    }

    #[test]
    fn flush_clear_and_delete_empty_the_cart() {
        let one = set("cart", Value::List(vec![Value::from("book")]));
        for emptying in [
            ViewCall::Flush,
            ViewCall::Clear,
            ViewCall::Delete { key: "cart".into() },
        ] {
            let scenario = scenario_with(vec![one.clone(), emptying]);
            assert_eq!(items(&next_cart(&scenario)), ["book"]);
        }
    }

    #[test]
    fn every_view_action_is_a_request_with_its_python() {
        let actions = view_actions(&Scenario::new("t", Engine::Db));
        let ids: std::collections::HashSet<_> = actions.iter().map(|a| a.id).collect();
        assert_eq!(ids.len(), actions.len(), "ids are unique");
        for action in &actions {
            assert!(matches!(action.step, Step::Request(_)), "{}", action.id);
            assert!(!action.code.is_empty());
        }
        let flush = actions.iter().find(|a| a.id == "flush").unwrap();
        assert_eq!(flush.code, "request.session.flush()");
        let login = actions.iter().find(|a| a.id == "login").unwrap();
        assert!(login.code.contains("request.session.cycle_key()"));
    }

    #[test]
    fn replay_appears_once_a_cookie_was_copied() {
        let mut scenario = Scenario::new("t", Engine::Db);
        assert!(browser_actions(&scenario)
            .iter()
            .any(|a| a.id == "replay-cookie" && !a.available));
        let remember = browser_actions(&scenario)
            .into_iter()
            .find(|a| a.id == "remember-cookie")
            .unwrap();
        scenario.steps.push(remember.step);
        let replay = browser_actions(&scenario)
            .into_iter()
            .find(|a| a.id == "replay-cookie")
            .unwrap();
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
        let rotate = |s: &Scenario| {
            fault_actions(s)
                .into_iter()
                .find(|a| a.id == "rotate-secret")
                .unwrap()
                .step
        };
        let first = rotate(&scenario);
        scenario.steps.push(first.clone());
        assert_ne!(rotate(&scenario), first);
        let error = fault_actions(&scenario)
            .into_iter()
            .find(|a| a.id == "server-error")
            .unwrap();
        assert!(matches!(error.step, Step::Request(ref r) if r.status == 500));
    }

    #[test]
    fn storage_faults_apply_only_to_the_engines_that_have_that_storage() {
        let available = |engine, id| {
            fault_actions(&Scenario::new("t", engine))
                .into_iter()
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
    }

    #[test]
    fn time_actions_advance_the_clock() {
        let steps: Vec<Step> = time_actions().into_iter().map(|a| a.step).collect();
        assert_eq!(steps[1], Step::Advance(3_600.0));
        assert_eq!(advance_by(90.5).step, Step::Advance(90.5));
    }

    #[test]
    fn a_stuffed_cart_has_distinct_items() {
        let Value::List(items) = stuffed_cart(50) else {
            panic!("not a list")
        };
        let codes: std::collections::HashSet<_> = items.iter().filter_map(Value::as_str).collect();
        assert_eq!(codes.len(), 50);
    }
}
