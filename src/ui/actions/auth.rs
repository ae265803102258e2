//! `django.contrib.auth` as buttons: `login()`, `logout()`, reading `request.user`, and the
//! user's password changed elsewhere, which logs out every session whose stored hash no longer
//! matches.

use sessionscope_engine::scenario::{Scenario, Step, ViewCall};

use super::action::Action;

/// The start of the stored password hash "Change the password elsewhere" gives user 1 (a
/// counter follows, so each change is a new hash).
pub const NEW_PASSWORD_HASH_PREFIX: &str = "pbkdf2_sha256$1000000$changedsalt";

/// How many times the scenario has changed a password.
fn password_changes(scenario: &Scenario) -> usize {
    scenario
        .steps
        .iter()
        .filter(|step| matches!(step, Step::SetPassword { .. }))
        .count()
}

/// The stored hash after the `n`-th change (1-based): any new string changes the session auth
/// hash, as a new password does.
fn new_password_hash(n: usize) -> String {
    format!("{NEW_PASSWORD_HASH_PREFIX}{n}$newhash{n:0>36}")
}

/// The auth buttons.
pub fn auth_actions(scenario: &Scenario) -> Vec<Action> {
    let next_change = password_changes(scenario) + 1;
    vec![
        Action::view("login", "Log in as user 1", ViewCall::Login { user: 1 }).with_code(
            "login(request, User.objects.get(pk=1))\n\
             # cycle_key() for a session without a user, flush() for one\n\
             # holding another user (or a stale hash); then it stores\n\
             # _auth_user_id, _auth_user_backend and _auth_user_hash",
        ),
        Action::view(
            "login-user-2",
            "Log in as user 2",
            ViewCall::Login { user: 2 },
        )
        .with_code(
            "login(request, User.objects.get(pk=2))\n\
             # a session holding user 1 is flushed first",
        ),
        Action::view("logout", "Log out", ViewCall::Logout)
            .with_code("logout(request)  # flush(): data, row and cookie go"),
        Action::view("read-user", "Read request.user", ViewCall::User).with_code(
            "request.user  # get_user(request): checks _auth_user_hash against\n\
             # the user's password hash under SECRET_KEY (then the fallbacks)",
        ),
        Action::new(
            "change-password",
            "Change user 1's password elsewhere",
            "# on another device, or in the admin:\n\
             user = User.objects.get(pk=1)\n\
             user.set_password(\"new password\")\n\
             user.save()",
            Step::SetPassword {
                user: 1,
                password: new_password_hash(next_change),
            },
        ),
    ]
}

impl Action {
    fn with_code(mut self, code: &str) -> Action {
        self.code = code.to_owned();
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sessionscope_engine::json::Value;
    use sessionscope_engine::scenario::{run, Engine};

    fn step(scenario: &Scenario, id: &str) -> Step {
        auth_actions(scenario)
            .into_iter()
            .find(|a| a.id == id)
            .unwrap()
            .step
    }

    fn user_results(engine: Engine, ids: &[&str]) -> Vec<Value> {
        let mut scenario = Scenario::new("t", engine);
        for id in ids {
            let next = step(&scenario, id);
            scenario.steps.push(next);
        }
        let trace = run(&scenario);
        trace
            .steps
            .iter()
            .zip(ids)
            .filter(|(_, id)| **id == "read-user")
            .map(|(step, _)| step.response.as_ref().unwrap().result.clone())
            .collect()
    }

    #[test]
    fn login_logout_and_a_password_change_are_djangos() {
        for engine in Engine::ALL {
            let results = user_results(
                engine,
                &[
                    "login",
                    "read-user",
                    "change-password",
                    "read-user",
                    "login",
                    "read-user",
                    "logout",
                    "read-user",
                ],
            );
            assert_eq!(
                results,
                [Value::from("1"), Value::Null, Value::from("1"), Value::Null],
                "{engine}"
            );
        }
    }

    #[test]
    fn each_password_change_is_a_new_hash() {
        let mut scenario = Scenario::new("t", Engine::Db);
        let first = step(&scenario, "change-password");
        scenario.steps.push(first.clone());
        assert_ne!(step(&scenario, "change-password"), first);
    }
}
