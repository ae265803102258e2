//! What each step is called: its label (the player, the step chips, Compare's list of
//! steps) and, where there is room for one word only (Compare's chart axis), its word. One
//! match over every kind of step, so a new kind is named in both at once.

use sessionscope_engine::scenario::{Request, Routing, Step, TamperMode};

use super::clock_text::duration;
use super::python;

/// The timeline's label for a step: what the user did, in a few words.
pub fn step_label(step: &Step) -> String {
    name(step, Room::Label)
}

/// A step in a word (`+1 min`, `close`, `tamper`): the charts' axis, where requests are
/// numbered instead.
pub fn step_word(step: &Step) -> String {
    name(step, Room::Word)
}

/// How much room the name has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Room {
    /// A few words.
    Label,
    /// One word.
    Word,
}

fn name(step: &Step, room: Room) -> String {
    let word = room == Room::Word;
    let fixed = |one_word: &str, label: &str| if word { one_word } else { label }.to_owned();
    match step {
        Step::Request(_) if word => "request".to_owned(),
        Step::Request(request) => request_label(request),
        Step::Advance(seconds) => format!("+{}", duration(*seconds)),
        Step::CloseBrowser(_) => fixed("close", "close browser"),
        Step::Settings(_) if word => "settings".to_owned(),
        Step::Settings(patch) => {
            let names: Vec<&str> = patch.changes.iter().map(|c| c.name()).collect();
            format!("settings: {}", names.join(", "))
        }
        Step::RotateSecret(_) => fixed("new key", "rotate SECRET_KEY"),
        Step::Tamper(_) if word => "tamper".to_owned(),
        Step::Tamper(tamper) => match tamper.mode {
            TamperMode::FlipLast => "tamper with cookie".to_owned(),
            TamperMode::Append(_) => "append to cookie".to_owned(),
            TamperMode::Replace(_) => "replace cookie".to_owned(),
            TamperMode::Delete => "delete cookie".to_owned(),
        },
        Step::SaveCookie { .. } if word => "copy".to_owned(),
        Step::SaveCookie { label, .. } => format!("copy cookie ({label})"),
        Step::RestoreCookie { .. } if word => "replay".to_owned(),
        Step::RestoreCookie { label, .. } => format!("replay cookie ({label})"),
        Step::Script(_) => fixed("script", "script reads document.cookie"),
        Step::ClearExpired => fixed("clearsessions", "clearsessions"),
        Step::SetPassword { .. } if word => "password".to_owned(),
        Step::SetPassword { user, .. } => format!("user {user} changes password"),
        Step::CacheRestart => fixed("cache restart", "cache restart"),
        Step::Fault(_) if word => "fault".to_owned(),
        Step::Fault(fault) => format!("fault: {}", fault.name().replace('_', " ")),
        Step::CacheWritesFail(true) => fixed("cache down", "cache writes fail"),
        Step::CacheWritesFail(false) => fixed("cache up", "cache writes work"),
        Step::CacheClear => fixed("cache clear", "cache cleared"),
        Step::Concurrent(_) if word => "at once".to_owned(),
        Step::Concurrent(concurrent) => {
            let labels: Vec<&str> = concurrent
                .requests
                .iter()
                .map(|(label, _)| label.as_str())
                .collect();
            format!("{} at once", labels.join(" and "))
        }
        Step::Route(_) if word => "route".to_owned(),
        Step::Route(Routing::Pinned(name)) => format!("balancer: everything to {name}"),
        Step::Route(Routing::RoundRobin(names)) => {
            format!("balancer: round robin ({})", names.join(", "))
        }
        Step::Route(Routing::Sticky(names)) => format!("balancer: sticky ({})", names.join(", ")),
        Step::Deploy(deploy) if !word => format!("deploy {}", deploy.instance),
        Step::Deploy(_) => "deploy".to_owned(),
        Step::ClearExpiredOn(instance) if !word => format!("clearsessions on {instance}"),
        Step::ClearExpiredOn(_) => "clearsessions".to_owned(),
    }
}

/// A request's label: its method and path unless `/` (`POST /login/` for a form's POST), the
/// view's first line of Python, its status unless 200.
fn request_label(request: &Request) -> String {
    let code = python::view_call(&request.view).replace("request.session", "session");
    let first_line = code.lines().next().unwrap_or_default();
    let more = if code.lines().count() > 1 {
        "; …"
    } else {
        ""
    };
    let path = match request.path.as_str() {
        "/" => String::new(),
        path => format!("{} {path} · ", request.kind.default_method().as_str()),
    };
    let status = match request.status {
        200 => String::new(),
        status => format!(" → {status}"),
    };
    format!("{path}{first_line}{more}{status}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use sessionscope_engine::scenario::{Fault, Request, ViewCall};

    #[test]
    fn step_labels_are_short_and_specific() {
        assert_eq!(
            step_label(&Step::Request(Request::new(ViewCall::Flush))),
            "session.flush()"
        );
        let mut login = Request::new(ViewCall::Multi(vec![ViewCall::CycleKey, ViewCall::Keys]));
        login.path = "/login".into();
        assert_eq!(
            step_label(&Step::Request(login)),
            "GET /login · session.cycle_key(); …"
        );
        let mut post = Request::new(ViewCall::Noop);
        post.path = "/login/".into();
        post.kind = sessionscope_engine::browser::rules::RequestKind::FormPost;
        assert!(step_label(&Step::Request(post)).starts_with("POST /login/ · "));
        let mut failing = Request::new(ViewCall::Noop);
        failing.status = 500;
        assert!(step_label(&Step::Request(failing)).ends_with("→ 500"));
        assert_eq!(step_label(&Step::Advance(3_600.0)), "+1 h");
        assert_eq!(
            step_label(&Step::Fault(Fault::DbTableMissing)),
            "fault: db table missing"
        );
    }

    #[test]
    fn every_step_has_a_word_and_a_label() {
        let steps = [
            (Step::Request(Request::new(ViewCall::Noop)), "request"),
            (Step::Advance(60.0), "+1 min"),
            (Step::CloseBrowser("main".into()), "close"),
            (Step::RotateSecret("k".into()), "new key"),
            (Step::ClearExpired, "clearsessions"),
            (Step::CacheRestart, "cache restart"),
            (Step::Fault(Fault::DbTableMissing), "fault"),
        ];
        for (step, word) in steps {
            assert_eq!(step_word(&step), word);
        }
        assert_eq!(
            step_label(&Step::CloseBrowser("main".into())),
            "close browser"
        );
        assert_eq!(
            step_label(&Step::RotateSecret("k".into())),
            "rotate SECRET_KEY"
        );
    }

    #[test]
    fn the_world_s_steps_say_which_tabs_and_instances() {
        use crate::ui::actions::tabs_and_servers_actions;
        use crate::ui::servers_choice::ServersChange;
        use sessionscope_engine::scenario::{Engine, Scenario};
        let mut scenario = Scenario::new("t", Engine::Db);
        ServersChange::Instances(2).apply(&mut scenario);
        let labels: Vec<(String, String)> = tabs_and_servers_actions(&scenario)
            .into_iter()
            .map(|action| (step_word(&action.step), step_label(&action.step)))
            .collect();
        let expected = [
            ("at once", "A and B at once"),
            ("at once", "A and B at once"),
            ("at once", "A and B at once"),
            ("deploy", "deploy web1"),
            ("route", "balancer: everything to web2"),
            ("route", "balancer: round robin (web1, web2)"),
            ("clearsessions", "clearsessions on web2"),
        ];
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|(word, label)| (word.to_string(), label.to_string()))
            .collect();
        assert_eq!(labels, expected);
    }
}
