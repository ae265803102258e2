//! What the stage draws for a `concurrent` step, computed from its trace: each request in
//! flight (its label, its tab, the instance that served it), the order of their phases (who
//! sent, who loaded, who saved last) and the values a save made that the end of the step no
//! longer holds: the lost update.

use sessionscope_engine::json::{to_python_json, Value};
use sessionscope_engine::scenario::{
    ConcurrentRecord, EventKind, PhaseRecord, StoreSnapshot, TraceStep, DEFAULT_INSTANCE,
};
use sessionscope_engine::signing::decode_payload;

use crate::ui::markup::Markup;

/// One request of the step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InFlightRequest {
    /// Its label in the scenario (`A`).
    pub label: String,
    /// The browser (tab) that sent it.
    pub browser: String,
    /// The instance that served it, with several instances.
    pub instance: Option<String>,
    /// The `Cookie` header it carried (the jar when it was sent).
    pub cookie_header: Option<String>,
    /// Its response's status.
    pub status: u16,
}

/// One phase, in the order it ran.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PhaseLine {
    /// The request's label.
    pub label: String,
    /// `send`, `view` or `respond`.
    pub phase: String,
    /// What it did, in a few words.
    pub text: String,
}

/// A value a request saved that the store no longer holds after the step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LostValue {
    /// The request whose save it was.
    pub label: String,
    /// Where it was lost: in the session store, or in the browser's jar (signed cookies: the
    /// later response's cookie replaced the earlier one).
    pub place: LostIn,
    /// The session key it was under.
    pub key: String,
    /// The value as JSON (`"mug"`).
    pub value: String,
}

/// Where a concurrent step lost a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LostIn {
    /// A row, a cache entry or a file the later save overwrote.
    Store,
    /// The session cookie the later response replaced in the browser's jar.
    Jar,
}

/// A concurrent step as the stage draws it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct InFlightView {
    /// The requests, in the scenario's label order.
    pub requests: Vec<InFlightRequest>,
    /// The phases in the order they ran.
    pub phases: Vec<PhaseLine>,
    /// The request whose `process_response` ran last (its save wins in the store).
    pub saved_last: Option<String>,
    /// What the step lost.
    pub lost: Vec<LostValue>,
}

/// The view of `step`, if it is a concurrent one.
pub fn in_flight_view(step: &TraceStep) -> Option<InFlightView> {
    let record = step.concurrent.as_ref()?;
    let requests = record
        .requests
        .iter()
        .map(|(label, request, response)| InFlightRequest {
            label: label.clone(),
            browser: request.browser.clone(),
            instance: request.instance.clone(),
            cookie_header: request.cookie_header.clone(),
            status: response.status,
        })
        .collect();
    let phases = record
        .phases
        .iter()
        .map(|phase| {
            let (label, name) = phase.phase.split_once(':').unwrap_or(("", &phase.phase));
            PhaseLine {
                label: label.to_owned(),
                phase: name.to_owned(),
                text: phase_text(name).to_owned(),
            }
        })
        .collect::<Vec<_>>();
    let saved_last = phases
        .iter()
        .rev()
        .find(|p| p.phase == "respond")
        .map(|p| p.label.clone());
    Some(InFlightView {
        requests,
        phases,
        saved_last,
        lost: lost_values(record),
    })
}

fn phase_text(phase: &str) -> &'static str {
    match phase {
        "send" => "sends its Cookie header",
        "view" => "runs its view: the session loads",
        "respond" => "process_response saves",
        _ => "",
    }
}

/// The session dicts in the store after `phase`, by session key (rows, cache entries, files).
fn stored(phase: &PhaseRecord) -> Vec<(String, Value)> {
    stored_in(&phase.store)
}

fn stored_in(store: &StoreSnapshot) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    for row in store.db.iter().flat_map(|rows| rows.iter()) {
        if let Some(data) = &row.data {
            out.push((row.session_key.clone(), data.clone()));
        }
    }
    let caches = store
        .cache
        .iter()
        .chain(store.own_caches.iter().map(|(_, c)| c));
    for entry in caches.flat_map(|entries| entries.iter()) {
        out.push((entry.key.clone(), entry.value.clone()));
    }
    let files = store
        .files
        .iter()
        .chain(store.own_files.iter().map(|(_, f)| f));
    for file in files.flat_map(|files| files.iter()) {
        if let Some(data) = &file.data {
            out.push((file.name.clone(), data.clone()));
        }
    }
    out
}

/// The list items each request's save put in the store (or its cookie in the jar, for signed
/// cookies) that the store (the jar) no longer holds once every phase has run.
fn lost_values(record: &ConcurrentRecord) -> Vec<LostValue> {
    let Some(end) = record.phases.last() else {
        return Vec::new();
    };
    let mut lost = Vec::new();
    for (place, held) in [
        (
            LostIn::Store,
            stored as fn(&PhaseRecord) -> Vec<(String, Value)>,
        ),
        (LostIn::Jar, in_jars),
    ] {
        let end = held(end);
        for phase in &record.phases {
            let Some(label) = phase.phase.strip_suffix(":respond") else {
                continue;
            };
            for (key, saved) in held(phase) {
                let now = end.iter().find(|(k, _)| *k == key).map(|(_, v)| v);
                for (name, items) in lists(&saved) {
                    let kept = now.and_then(|v| list_at(v, name));
                    for item in items {
                        let still = kept.is_some_and(|kept| kept.contains(item));
                        let value = to_python_json(item);
                        let known = lost
                            .iter()
                            .any(|l: &LostValue| l.key == name && l.value == value);
                        if !still && !known {
                            lost.push(LostValue {
                                label: label.to_owned(),
                                place,
                                key: name.to_owned(),
                                value,
                            });
                        }
                    }
                }
            }
        }
    }
    lost
}

/// The session dicts signed cookies carry in the jars after `phase`, by browser and cookie
/// name (a value that is not a signed object, such as a session key, carries none).
fn in_jars(phase: &PhaseRecord) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    for jar in phase.jars.iter() {
        for cookie in &jar.cookies {
            let mut parts = cookie.value.rsplitn(3, ':');
            let (Some(_signature), Some(_timestamp), Some(payload)) =
                (parts.next(), parts.next(), parts.next())
            else {
                continue;
            };
            if let Ok(data @ Value::Dict(_)) = decode_payload(payload) {
                out.push((format!("{}:{}", jar.browser, cookie.name), data));
            }
        }
    }
    out
}

/// The list values of a session dict, by key.
fn lists(data: &Value) -> Vec<(&str, &[Value])> {
    match data {
        Value::Dict(dict) => dict
            .iter()
            .filter_map(|(k, v)| match v {
                Value::List(items) => Some((k, items.as_slice())),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn list_at<'a>(data: &'a Value, key: &str) -> Option<&'a [Value]> {
    match data {
        Value::Dict(dict) => match dict.get(key) {
            Some(Value::List(items)) => Some(items),
            _ => None,
        },
        _ => None,
    }
}

/// The phase (its index in the step's order) under way at the step's event `event`: a
/// `send` starts at the browser's Cookie event, a `view` at the session's first load or the
/// view's first operation, a `respond` at `process_response`.
pub fn phase_at(step: &TraceStep, event: usize) -> usize {
    let Some(record) = step.concurrent.as_ref() else {
        return 0;
    };
    let mut phase = 0;
    let mut started = false;
    for kind in step.events.iter().take(event + 1).map(|e| &e.kind) {
        let next = record.phases.get(if started { phase + 1 } else { phase });
        let Some(next) = next else { break };
        let starts = match next.phase.rsplit(':').next() {
            Some("send") => matches!(kind, EventKind::CookieSent | EventKind::NoCookieSent),
            Some("view") => matches!(
                kind,
                EventKind::SessionLoad
                    | EventKind::StoreRead
                    | EventKind::ViewOp
                    | EventKind::Exception
            ),
            _ => matches!(kind, EventKind::ProcessResponse),
        };
        if starts {
            if started {
                phase += 1;
            }
            started = true;
        }
    }
    phase
}

/// Where a request's envelope is at a phase: its column (tenths of a percent of the wire)
/// before and after the phase, and whether it is the one moving.
fn position(view: &InFlightView, label: &str, current: usize) -> Option<(u32, u32, bool)> {
    const BROWSER: u32 = 167;
    const DJANGO: u32 = 500;
    let mut at = None;
    for (i, phase) in view.phases.iter().enumerate().take(current + 1) {
        if phase.label != label {
            continue;
        }
        let moving = i == current;
        at = Some(match phase.phase.as_str() {
            "send" => (BROWSER, DJANGO, moving),
            "view" => (DJANGO, DJANGO, moving),
            _ => (DJANGO, BROWSER, moving),
        });
    }
    at.map(|(from, to, moving)| {
        if moving {
            (from, to, true)
        } else {
            (to, to, false)
        }
    })
}

fn percent(tenths: u32) -> String {
    format!("{}.{}%", tenths / 10, tenths % 10)
}

/// The wire of a concurrent step at its phase `current`: every request that has been sent,
/// each an envelope tagged with its label and tab (and instance), the one whose phase this is
/// moving, the others where their last phase left them.
pub fn wire_html(view: &InFlightView, current: usize, motion_ms: u32) -> String {
    let mut m = Markup::new();
    let lanes = view.requests.len().max(1) as u32;
    for (lane, request) in (0u32..).zip(&view.requests) {
        let Some((from, to, moving)) = position(view, &request.label, current) else {
            continue;
        };
        let motion = if moving {
            "flight travel"
        } else {
            "flight parked"
        };
        let style = format!(
            "--from:{};--to:{};--w:150px;--dur:{}ms",
            percent(from),
            percent(to),
            if moving { motion_ms } else { 0 }
        );
        let top = format!("top:{}%;height:{}%", lane * 100 / lanes, 100 / lanes - 4);
        // The instance only where there are several (a scenario without any has `web`).
        let tag = match request.instance.as_deref() {
            Some(instance) if instance != DEFAULT_INSTANCE => {
                format!("{} · {} → {instance}", request.label, request.browser)
            }
            _ => format!("{} · tab {}", request.label, request.browser),
        };
        m.element("div", &[("class", motion), ("style", &style)], |m| {
            let attributes = [
                ("class", "envelope request"),
                ("style", top.as_str()),
                ("data-testid", "in-flight-envelope"),
                ("data-label", request.label.as_str()),
            ];
            m.element("div", &attributes, |m| {
                m.text_element("strong", &[], &tag);
            });
        });
    }
    m.into_string()
}

/// The wire and the phases of the concurrent `step` at its event `event` (nothing for
/// another step), the moving envelope taking `motion_ms`.
pub fn draw(step: &TraceStep, event: usize, motion_ms: u32) -> (String, String) {
    let Some(view) = in_flight_view(step) else {
        return (String::new(), String::new());
    };
    let current = phase_at(step, event);
    (
        wire_html(&view, current, motion_ms),
        phases_html(&view, current),
    )
}

/// The phases in order under the stage (the current one marked, the last save and the lost
/// values pointed at).
pub fn phases_html(view: &InFlightView, current: usize) -> String {
    let mut m = Markup::new();
    m.element(
        "ol",
        &[
            ("class", "in-flight-phases"),
            ("data-testid", "in-flight-phases"),
        ],
        |m| {
            for (i, phase) in view.phases.iter().enumerate() {
                let mut class = String::from("phase");
                if i == current {
                    class.push_str(" current");
                }
                let last_save = phase.phase == "respond"
                    && view.saved_last.as_deref() == Some(&phase.label)
                    && view.phases[i + 1..].iter().all(|p| p.phase != "respond");
                if last_save {
                    class.push_str(" saved-last");
                }
                let text = if last_save {
                    format!("{} {}: last save, it wins", phase.label, phase.text)
                } else {
                    format!("{} {}", phase.label, phase.text)
                };
                m.text_element(
                    "li",
                    &[
                        ("class", &class),
                        ("data-phase", &format!("{}:{}", phase.label, phase.phase)),
                    ],
                    &text,
                );
            }
        },
    );
    for lost in &view.lost {
        m.text_element(
            "p",
            &[("class", "in-flight-lost"), ("data-testid", "lost-value")],
            &match lost.place {
                LostIn::Store => format!(
                    "Lost update: {} saved {} in {}; the later save overwrote it.",
                    lost.label, lost.value, lost.key
                ),
                LostIn::Jar => format!(
                    "Lost update: {}'s cookie held {} in {}; the later response's cookie replaced it in the jar.",
                    lost.label, lost.value, lost.key
                ),
            },
        );
    }
    m.into_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use sessionscope_engine::scenario::{run, Scenario};

    fn lost_update(engine: &str) -> Scenario {
        let path = format!(
            "{}/engine/tests/conformance/topology/scenarios/lost_update_two_tabs__{engine}.json",
            env!("CARGO_MANIFEST_DIR")
        );
        Scenario::from_json(&std::fs::read_to_string(path).unwrap()).unwrap()
    }

    #[test]
    fn both_loads_before_either_save_lose_the_first_save_s_item() {
        for engine in ["db", "cache", "cached_db", "file"] {
            let trace = run(&lost_update(engine));
            let view = in_flight_view(&trace.steps[1]).unwrap();
            let order: Vec<String> = view
                .phases
                .iter()
                .map(|p| format!("{}:{}", p.label, p.phase))
                .collect();
            assert_eq!(
                order,
                [
                    "A:send",
                    "B:send",
                    "A:view",
                    "B:view",
                    "A:respond",
                    "B:respond"
                ]
            );
            assert_eq!(view.saved_last.as_deref(), Some("B"), "{engine}");
            assert_eq!(
                view.lost,
                [LostValue {
                    label: "A".into(),
                    place: LostIn::Store,
                    key: "cart".into(),
                    value: "\"mug\"".into()
                }],
                "{engine}"
            );
            let tabs: Vec<&str> = view.requests.iter().map(|r| r.label.as_str()).collect();
            assert_eq!(tabs, ["A", "B"]);
            // Race 2: B's view runs after A's save, so nothing is lost in the store.
            let second = in_flight_view(&trace.steps[3]).unwrap();
            assert_eq!(second.lost, [], "{engine}");
        }
    }

    #[test]
    fn signed_cookies_lose_the_first_response_s_item_in_the_jar_in_both_races() {
        let trace = run(&lost_update("signed_cookies"));
        for (step, value) in [(1, "\"mug\""), (3, "\"lamp\"")] {
            let view = in_flight_view(&trace.steps[step]).unwrap();
            assert_eq!(
                view.lost,
                [LostValue {
                    label: "A".into(),
                    place: LostIn::Jar,
                    key: "cart".into(),
                    value: value.into()
                }],
                "step {step}"
            );
        }
    }

    #[test]
    fn the_phase_under_way_follows_the_events() {
        let trace = run(&lost_update("db"));
        let step = &trace.steps[1];
        let view = in_flight_view(step).unwrap();
        let phases: Vec<usize> = (0..step.events.len()).map(|e| phase_at(step, e)).collect();
        assert_eq!(phases.first(), Some(&0));
        assert_eq!(phases.last(), Some(&5));
        assert!(phases.windows(2).all(|w| w[0] <= w[1]), "{phases:?}");
        // At B's send, A waits at Django and B travels: two envelopes on the wire.
        let wire = wire_html(&view, 1, 600);
        assert_eq!(wire.matches("in-flight-envelope").count(), 2, "{wire}");
        assert!(wire.contains("flight travel") && wire.contains("flight parked"));
        let list = phases_html(&view, 4);
        assert!(
            list.contains("B process_response saves: last save, it wins"),
            "{list}"
        );
        assert!(
            list.contains("Lost update: A saved &quot;mug&quot; in cart"),
            "{list}"
        );
    }

    #[test]
    fn a_request_step_is_not_in_flight_with_another() {
        let trace = run(&lost_update("db"));
        assert_eq!(in_flight_view(&trace.steps[0]), None);
    }
}
