//! What the Django-version stories share: their scenario and captions come from the fetched
//! asset ([`super::fetched`]), the captions are chosen by the version the trace ran on, and
//! the facts they quote are read from that trace here.

use sessionscope_engine::json::Value;
use sessionscope_engine::scenario::{Engine, Scenario, Step, Trace, ViewCall};
use sessionscope_engine::version::DjangoVersion;

use super::fetched;
use super::trace::step;
use crate::ui::python;

/// The story's scenario on `engine`, as the asset has it.
pub(super) fn build(id: &str, engine: Engine) -> Scenario {
    let mut scenario = fetched::scenario(id).unwrap_or_else(|| Scenario::new(id, engine));
    scenario.engine = engine;
    scenario
}

/// The version the trace ran on.
pub(super) fn version(trace: &Trace) -> DjangoVersion {
    trace.django.unwrap_or(DjangoVersion::DEFAULT)
}

/// The captions for the trace's version, `facts` filled in; `django` is always one of them.
pub(super) fn narrate(
    id: &str,
    trace: &Trace,
    mut facts: Vec<(&'static str, String)>,
) -> Vec<String> {
    facts.push(("django", version(trace).name().to_owned()));
    fetched::captions(id, trace, &facts)
}

/// `Vary: Cookie`, or `no Vary header`, for the response at step `i`.
pub(super) fn vary_text(trace: &Trace, i: usize) -> String {
    step(trace, i)
        .and_then(|s| s.response.as_ref())
        .and_then(|r| r.vary.as_ref())
        .map_or("no Vary header".to_owned(), |v| format!("Vary: {v}"))
}

/// The first `Set-Cookie` line at step `i` (`no Set-Cookie` without one).
pub(super) fn set_cookie_line(trace: &Trace, i: usize) -> String {
    step(trace, i)
        .and_then(|s| s.response.as_ref())
        .and_then(|r| r.set_cookies.first())
        .map_or("no Set-Cookie".to_owned(), |c| c.header())
}

/// The status at step `i`, with its reason phrase's code only (`500`).
pub(super) fn status(trace: &Trace, i: usize) -> String {
    step(trace, i)
        .and_then(|s| s.response.as_ref())
        .map_or_else(String::new, |r| r.status.to_string())
}

/// The exception the view raised at step `i`, else the one that escaped the middleware.
pub(super) fn exception(trace: &Trace, i: usize) -> String {
    step(trace, i)
        .and_then(|s| s.response.as_ref())
        .and_then(|r| {
            r.view_exception
                .clone()
                .or_else(|| r.escaped_exception.clone())
        })
        .unwrap_or_else(|| "no exception".to_owned())
}

/// The view's result at step `i`; for a `multi` or `async` view, its last op's.
pub(super) fn last_result(trace: &Trace, i: usize) -> String {
    let result = step(trace, i)
        .and_then(|s| s.response.as_ref())
        .map_or(Value::Null, |r| r.result.clone());
    let sequence = matches!(
        step(trace, i).map(|s| &s.step),
        Some(Step::Request(request)) if matches!(request.view, ViewCall::Multi(_) | ViewCall::Async(_))
    );
    match result {
        Value::List(items) if sequence => python::repr(items.last().unwrap_or(&Value::Null)),
        other => python::repr(&other),
    }
}

/// The session dict the cache holds after step `i` (the first live entry), as Python
/// prints it.
pub(super) fn cached(trace: &Trace, i: usize) -> String {
    step(trace, i)
        .and_then(|s| {
            s.store
                .cache
                .as_ref()?
                .iter()
                .next()
                .map(|e| python::repr(&e.value))
        })
        .unwrap_or_else(|| "nothing".to_owned())
}

/// The data of the first `django_session` row after step `i`, as Python prints it.
pub(super) fn row_data(trace: &Trace, i: usize) -> String {
    step(trace, i)
        .and_then(|s| {
            s.store
                .db
                .as_ref()?
                .iter()
                .next()?
                .data
                .as_ref()
                .map(python::repr)
        })
        .unwrap_or_else(|| "no row".to_owned())
}
