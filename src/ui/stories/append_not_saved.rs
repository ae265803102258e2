//! Tour. `request.session["cart"].append(...)` is silently not saved: changing a stored list in
//! place does not mark the session modified, so SessionMiddleware saves nothing. The two fixes:
//! `request.session.modified = True`, or SESSION_SAVE_EVERY_REQUEST.

use sessionscope_engine::json::Value;
use sessionscope_engine::scenario::{
    Engine, EventKind, Scenario, SettingChange, SettingsPatch, Step, Trace, ViewCall,
};

use super::steps::{base, get, request, set, strings};
use super::trace::{result_text, step};
use super::{Story, Tour};

pub(super) const TOUR: Tour = Tour {
    story: Story {
        id: "append-not-saved",
        title: "An in-place append() is not saved",
        intro: "The most asked-about session mistake. request.session[\"cart\"].append(\"mug\") changes \
                the list inside the session, but Django only notices assignments: session.modified \
                stays False and SessionMiddleware saves nothing. No error, no warning; the next request \
                reads the old cart. Set request.session.modified = True after changing a value in place, \
                or turn on SESSION_SAVE_EVERY_REQUEST.",
        engines: &Engine::ALL,
    },
    build: scenario,
    narrate: captions,
    #[cfg(test)]
    check: tests::check,
};

fn append(item: &str) -> ViewCall {
    ViewCall::Append {
        key: "cart".to_owned(),
        value: Value::from(item),
    }
}

fn scenario(engine: Engine) -> Scenario {
    let mut s = base(engine);
    s.steps = vec![
        set("main", &[("cart", strings(&["book"]))]),
        request("main", append("mug")),
        get("main", "cart"),
        request(
            "main",
            ViewCall::Multi(vec![append("mug"), ViewCall::MarkModified]),
        ),
        get("main", "cart"),
        Step::Settings(SettingsPatch {
            changes: vec![SettingChange::SaveEveryRequest(true)],
        }),
        request("main", append("pen")),
        get("main", "cart"),
    ];
    s
}

/// The middleware's words at step `i` (`accessed=…, modified=…, empty=…`).
fn middleware_check(trace: &Trace, i: usize) -> String {
    step(trace, i)
        .and_then(|s| {
            s.events
                .iter()
                .find(|e| e.kind == EventKind::ProcessResponse)
        })
        .map_or_else(String::new, |e| e.sentence.clone())
}

/// Where this engine keeps the session, as the subject of a sentence.
fn the_store(engine: Engine) -> &'static str {
    match engine {
        Engine::Db => "the django_session row",
        Engine::Cache => "the cache entry",
        Engine::CachedDb => "the database row (and its cache copy)",
        Engine::File => "the session file",
        Engine::SignedCookies => "the signed cookie",
    }
}

fn captions(engine: Engine, trace: &Trace) -> Vec<String> {
    let kept_in = the_store(engine);
    vec![
        format!(
            "The view assigns request.session[\"cart\"] = [\"book\"]: an assignment, so the \
             session is modified and saved ({kept_in}), with a Set-Cookie."
        ),
        format!(
            "The view runs request.session[\"cart\"].append(\"mug\"). The list changes in \
             memory, but nothing assigned to the session. {} So nothing is saved: the response \
             has no Set-Cookie, and {kept_in} still holds [\"book\"]. No error, no warning.",
            middleware_check(trace, 1)
        ),
        format!(
            "The next request reads the cart: {}. The mug is gone.",
            result_text(trace, 2)
        ),
        format!(
            "This time the view appends, then sets request.session.modified = True. {} The \
             session is saved, with a Set-Cookie.",
            middleware_check(trace, 3)
        ),
        format!("The cart is read back: {}.", result_text(trace, 4)),
        "The other fix: SESSION_SAVE_EVERY_REQUEST = True saves the session on every request, \
         modified or not (and refreshes its expiry each time)."
            .to_owned(),
        format!(
            "A plain append(\"pen\") again. {} Saved anyway, because every request saves.",
            middleware_check(trace, 6)
        ),
        format!(
            "The cart is read back: {}. The cost: {kept_in} is written on every request, even \
             the ones that change nothing.",
            result_text(trace, 7)
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::stories::checks::*;

    /// The claims the captions make, checked on the engine's trace.
    pub(super) fn check(engine: Engine, t: &Trace) {
        assert!(sets_cookie(t, 0), "{engine}");
        assert!(!sets_cookie(t, 1), "{engine}: nothing saved");
        assert_eq!(
            t.steps[1].store, t.steps[0].store,
            "{engine}: the store is unchanged"
        );
        assert_eq!(
            t.steps[1].jars, t.steps[0].jars,
            "{engine}: the cookie is unchanged"
        );
        assert!(
            middleware_check(t, 1).contains("modified=False"),
            "{engine}"
        );
        assert_eq!(result(t, 2), strings(&["book"]), "{engine}");
        assert!(middleware_check(t, 3).contains("modified=True"), "{engine}");
        assert!(sets_cookie(t, 3), "{engine}");
        assert_eq!(result(t, 4), strings(&["book", "mug"]), "{engine}");
        assert!(
            middleware_check(t, 6).contains("modified=False"),
            "{engine}"
        );
        assert!(
            sets_cookie(t, 6),
            "{engine}: saved because every request saves"
        );
        assert_eq!(result(t, 7), strings(&["book", "mug", "pen"]), "{engine}");
    }
}
