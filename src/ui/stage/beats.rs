//! The choreography: what the stage does for one event of the trace. Every motion is read off
//! the event's kind and its detail (the exact bytes), generically, for every engine:
//!
//! - the browser's request (`CookieSent`, `NoCookieSent`) travels browser → Django carrying
//!   the `Cookie` header;
//! - store traffic (`StoreRead`, `StoreWrite`, `StoreDelete`, `StoreEvict`) travels Django →
//!   store labelled with the SQL, cache key or file it carries; when the trace's store snapshot
//!   has nothing on the server (signed cookies) the same events are work inside Django;
//! - the response (`SetCookie`, `DeleteCookie`, `NoCookieChange`) travels Django → browser
//!   with its `Set-Cookie` line;
//! - the jar's verdicts: `CookieStored` and `CookieDeleted` land in the jar, `CookieDropped`
//!   and `CookieRefused` bounce off it with their reason, `CookieNotSent` holds a cookie back;
//! - everything else highlights the part of Django (middleware or view) that did it.

use sessionscope_engine::scenario::{Event, EventKind, Lane, StoreSnapshot, TraceStep};

use super::{reasons, scale};
use crate::ui::event_text::StageLane;
use crate::ui::pacing::has_server_store;

/// How a beat moves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Motion {
    /// An envelope travels from one column to another.
    Travel { from: StageLane, to: StageLane },
    /// The envelope drops into the jar.
    Land,
    /// The envelope hits the jar and bounces back, refused.
    Bounce,
    /// Work inside one column; nothing travels.
    Work,
}

/// What an envelope carries, for its colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cargo {
    Request,
    Store,
    Response,
}

impl Cargo {
    pub fn css_class(self) -> &'static str {
        match self {
            Cargo::Request => "request",
            Cargo::Store => "store",
            Cargo::Response => "response",
        }
    }
}

/// A message drawn on the stage, sized by its bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Envelope {
    pub motion: Motion,
    pub cargo: Cargo,
    /// A word or two: `Cookie`, `INSERT`, `Set-Cookie`, `SessionStore.save`.
    pub title: String,
    /// The bytes carried, exactly (a header value, SQL, a key, a file).
    pub text: String,
    /// How many bytes it carries.
    pub bytes: usize,
    /// Its drawn width ([`scale::width_px`] of `bytes`).
    pub width_px: u32,
    /// Why it bounced, when it did.
    pub note: Option<String>,
}

/// Which part of Django is working.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DjangoPart {
    Middleware,
    View,
}

/// What the stage does for one event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Beat {
    /// The column the eye should be on.
    pub column: StageLane,
    /// The envelope moving, if any.
    pub envelope: Option<Envelope>,
    /// The part of Django highlighted, if any.
    pub django_part: Option<DjangoPart>,
    /// A cookie the browser kept back from the request, and why.
    pub held_back: Option<(String, String)>,
    /// Something went wrong here (an exception, a refused cookie).
    pub alarm: bool,
}

/// The beat of `step`'s event `index`.
pub fn beat(step: &TraceStep, index: usize) -> Option<Beat> {
    let event = step.events.get(index)?;
    let server_store = has_server_store(&step.store);
    let column = StageLane::of(event.lane);
    let mut beat = Beat {
        column,
        envelope: None,
        django_part: django_part(event.lane),
        held_back: None,
        alarm: false,
    };
    match &event.kind {
        EventKind::CookieSent | EventKind::NoCookieSent => {
            beat.column = StageLane::Django;
            beat.envelope = Some(request_envelope(event));
        }
        EventKind::StoreRead
        | EventKind::StoreWrite
        | EventKind::StoreDelete
        | EventKind::StoreEvict => {
            let envelope = store_envelope(event, step, server_store);
            if !server_store {
                beat.column = StageLane::Django;
                beat.django_part = Some(DjangoPart::Middleware);
            }
            beat.envelope = Some(envelope);
        }
        EventKind::SetCookie | EventKind::DeleteCookie | EventKind::NoCookieChange => {
            beat.column = StageLane::Browser;
            beat.django_part = Some(DjangoPart::Middleware);
            beat.envelope = Some(response_envelope(event));
        }
        EventKind::CookieStored | EventKind::CookieDeleted => {
            let line = delivered_line(step, index).or(event.detail.as_deref());
            beat.envelope = Some(jar_envelope(event, line, Motion::Land, None));
        }
        EventKind::CookieDropped { reason } => {
            beat.alarm = true;
            let line = delivered_line(step, index).or(event.detail.as_deref());
            beat.envelope = Some(jar_envelope(
                event,
                line,
                Motion::Bounce,
                Some(reason.clone()),
            ));
        }
        EventKind::CookieRefused { name, reasons } => {
            beat.alarm = true;
            let names: Vec<&str> = reasons.iter().map(|reason| reason.cdp_name()).collect();
            let why = reasons::refused_words(step, name, &names);
            let line = event.detail.as_deref();
            beat.envelope = Some(jar_envelope(event, line, Motion::Bounce, Some(why)));
        }
        EventKind::CookieNotSent { name, reasons } => {
            let names: Vec<&str> = reasons.iter().map(|reason| reason.cdp_name()).collect();
            let why = reasons::not_sent_words(step, name, &names);
            beat.held_back = Some((name.clone(), why));
        }
        EventKind::Exception => beat.alarm = true,
        _ => {}
    }
    Some(beat)
}

/// The envelope still lying where the last move of `step` before event `index` left it (the
/// request waiting at Django while the middleware works, the response before the jar takes
/// it), with the column it lies in; `None` once the jar took it or nothing moved yet.
pub fn parked_envelope(step: &TraceStep, index: usize) -> Option<(Envelope, StageLane)> {
    (0..index).rev().find_map(|earlier| {
        let beat = beat(step, earlier)?;
        let envelope = beat.envelope?;
        Some(match envelope.motion {
            Motion::Travel { to, .. } => Some((envelope, to)),
            Motion::Work => Some((envelope, beat.column)),
            Motion::Land | Motion::Bounce => None,
        })
    })?
}

/// The Django part an engine lane stands for.
fn django_part(lane: Lane) -> Option<DjangoPart> {
    match lane {
        Lane::Middleware => Some(DjangoPart::Middleware),
        Lane::View => Some(DjangoPart::View),
        Lane::Browser | Lane::Store => None,
    }
}

/// The event's detail without a leading `Name: ` header name (`Cookie: `, `Set-Cookie: `).
fn header_value<'a>(detail: &'a str, name: &str) -> &'a str {
    detail
        .strip_prefix(name)
        .and_then(|rest| rest.strip_prefix(": "))
        .unwrap_or(detail)
}

fn envelope(motion: Motion, cargo: Cargo, title: &str, text: &str) -> Envelope {
    Envelope {
        motion,
        cargo,
        title: title.to_owned(),
        text: text.to_owned(),
        bytes: text.len(),
        width_px: scale::width_px(text.len()),
        note: None,
    }
}

fn request_envelope(event: &Event) -> Envelope {
    let motion = Motion::Travel {
        from: StageLane::Browser,
        to: StageLane::Django,
    };
    match &event.detail {
        Some(detail) => envelope(
            motion,
            Cargo::Request,
            "Cookie",
            header_value(detail, "Cookie"),
        ),
        None => envelope(motion, Cargo::Request, "no cookie", ""),
    }
}

fn response_envelope(event: &Event) -> Envelope {
    let motion = Motion::Travel {
        from: StageLane::Django,
        to: StageLane::Browser,
    };
    match &event.detail {
        Some(detail) => envelope(
            motion,
            Cargo::Response,
            "Set-Cookie",
            header_value(detail, "Set-Cookie"),
        ),
        None => envelope(motion, Cargo::Response, "no Set-Cookie", ""),
    }
}

/// The last `Set-Cookie` line the response delivered before event `index` of `step`: what
/// the browser is taking in or turning away.
fn delivered_line(step: &TraceStep, index: usize) -> Option<&str> {
    step.events[..index]
        .iter()
        .rev()
        .filter(|event| matches!(event.kind, EventKind::SetCookie | EventKind::DeleteCookie))
        .find_map(|event| event.detail.as_deref())
}

fn jar_envelope(
    event: &Event,
    line: Option<&str>,
    motion: Motion,
    note: Option<String>,
) -> Envelope {
    let text = line.unwrap_or_default();
    let title = match motion {
        Motion::Bounce => "refused",
        _ if matches!(event.kind, EventKind::CookieDeleted) => "deleted from the jar",
        _ => "into the jar",
    };
    Envelope {
        note,
        ..envelope(
            motion,
            Cargo::Response,
            title,
            header_value(text, "Set-Cookie"),
        )
    }
}

/// A store event's envelope: Django → store with the SQL, key or file it carries (plus the
/// value written, when the detail names a cache entry whose value it does not include); work
/// inside Django when nothing is kept on the server.
fn store_envelope(event: &Event, step: &TraceStep, server_store: bool) -> Envelope {
    let detail = event.detail.as_deref().unwrap_or_default();
    let motion = if server_store {
        Motion::Travel {
            from: StageLane::Django,
            to: StageLane::Store,
        }
    } else {
        Motion::Work
    };
    let title = store_title(event, detail);
    let mut envelope = envelope(motion, Cargo::Store, &title, detail);
    if matches!(event.kind, EventKind::StoreWrite) {
        if let Some(value) = cache_value_written(detail, &step.store) {
            envelope.bytes += value.len();
            envelope.width_px = scale::width_px(envelope.bytes);
            envelope.title.push_str(" + value");
        }
    }
    envelope
}

/// `SELECT`, `INSERT`… for SQL, else the Django function (`LocMemCache.get`).
fn store_title(event: &Event, detail: &str) -> String {
    let keyword = detail.split_whitespace().next().unwrap_or_default();
    if matches!(keyword, "SELECT" | "INSERT" | "UPDATE" | "DELETE") {
        return keyword.to_owned();
    }
    event.django.to_owned()
}

/// The JSON of the cache entry a write's detail names (its key comes first), if any.
fn cache_value_written(detail: &str, store: &StoreSnapshot) -> Option<String> {
    let key = detail.split_whitespace().next()?;
    let entry = store
        .cache
        .as_ref()?
        .iter()
        .find(|entry| entry.key == key)?;
    Some(sessionscope_engine::json::to_python_json(&entry.value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::model::Playground;
    use crate::ui::test_fixtures::two_requests;
    use sessionscope_engine::clock::DEFAULT_START_TIME;
    use sessionscope_engine::json::Dict;
    use sessionscope_engine::scenario::{Engine, Request, Step, ViewCall};

    fn beats(step: &TraceStep) -> Vec<Beat> {
        (0..step.events.len())
            .map(|index| beat(step, index).unwrap())
            .collect()
    }

    fn envelopes(step: &TraceStep) -> Vec<Envelope> {
        beats(step).into_iter().filter_map(|b| b.envelope).collect()
    }

    #[test]
    fn a_request_travels_to_django_with_the_exact_cookie_header() {
        let playground = two_requests(Engine::Db);
        let step = &playground.trace().steps[1];
        let header = step
            .request
            .as_ref()
            .unwrap()
            .cookie_header
            .clone()
            .unwrap();
        let request = &envelopes(step)[0];
        assert_eq!(request.cargo, Cargo::Request);
        assert_eq!(
            request.motion,
            Motion::Travel {
                from: StageLane::Browser,
                to: StageLane::Django
            }
        );
        assert_eq!(request.text, header);
        assert_eq!(request.bytes, "sessionid=".len() + 32);
    }

    #[test]
    fn the_first_request_carries_no_cookie() {
        let playground = two_requests(Engine::Db);
        let request = &envelopes(&playground.trace().steps[0])[0];
        assert_eq!(request.title, "no cookie");
        assert_eq!(request.bytes, 0);
    }

    #[test]
    fn the_response_carries_the_set_cookie_line_and_lands_in_the_jar() {
        let playground = two_requests(Engine::Db);
        let step = &playground.trace().steps[0];
        let line = &step.response.as_ref().unwrap().set_cookies[0].output;
        let all = envelopes(step);
        let response = all.iter().find(|e| e.title == "Set-Cookie").unwrap();
        assert_eq!(&response.text, line);
        assert_eq!(response.bytes, line.len());
        assert_eq!(
            response.motion,
            Motion::Travel {
                from: StageLane::Django,
                to: StageLane::Browser
            }
        );
        assert!(all.iter().any(|e| e.motion == Motion::Land));
    }

    #[test]
    fn store_traffic_carries_the_real_sql_or_key_on_every_server_engine() {
        for engine in [Engine::Db, Engine::Cache, Engine::CachedDb, Engine::File] {
            let playground = two_requests(engine);
            let step = &playground.trace().steps[0];
            let store: Vec<Envelope> = envelopes(step)
                .into_iter()
                .filter(|e| e.cargo == Cargo::Store)
                .collect();
            assert!(!store.is_empty(), "{engine}");
            for envelope in &store {
                assert!(
                    matches!(
                        envelope.motion,
                        Motion::Travel {
                            to: StageLane::Store,
                            ..
                        }
                    ),
                    "{engine}"
                );
                assert!(envelope.bytes >= envelope.text.len());
                let detail_found = step
                    .events
                    .iter()
                    .any(|e| e.detail.as_deref() == Some(envelope.text.as_str()));
                assert!(detail_found, "{engine}: {}", envelope.text);
            }
        }
        let db = two_requests(Engine::Db);
        let titles: Vec<String> = envelopes(&db.trace().steps[0])
            .into_iter()
            .map(|e| e.title)
            .collect();
        assert!(titles.iter().any(|t| t == "INSERT"), "{titles:?}");
    }

    #[test]
    fn a_cache_write_weighs_its_value_too() {
        let playground = two_requests(Engine::Cache);
        let step = &playground.trace().steps[0];
        let write = envelopes(step)
            .into_iter()
            .find(|e| e.title.ends_with("+ value"))
            .expect("a cache write");
        assert!(write.bytes > write.text.len());
    }

    #[test]
    fn signed_cookies_work_inside_django_and_weigh_more_on_the_wire() {
        let signed = two_requests(Engine::SignedCookies);
        let step = &signed.trace().steps[1];
        for beat in beats(step) {
            if let Some(envelope) = &beat.envelope {
                if envelope.cargo == Cargo::Store {
                    assert_eq!(envelope.motion, Motion::Work);
                    assert_eq!(beat.column, StageLane::Django);
                }
            }
        }
        let db = two_requests(Engine::Db);
        let signed_request = &envelopes(step)[0];
        let db_request = &envelopes(&db.trace().steps[1])[0];
        assert!(signed_request.bytes > db_request.bytes);
        assert!(signed_request.width_px > db_request.width_px);
    }

    #[test]
    fn a_cookie_over_4096_bytes_bounces_off_the_jar_with_its_whole_line() {
        let mut playground = Playground::new(Engine::SignedCookies, DEFAULT_START_TIME, 7);
        let mut data = Dict::new();
        data.insert("cart", crate::ui::actions::stuffed_cart(400));
        playground.push(Step::Request(Request::new(ViewCall::Set(data))));
        let step = &playground.trace().steps[0];
        let line = &step.response.as_ref().unwrap().set_cookies[0].output;
        let bounce = envelopes(step)
            .into_iter()
            .find(|e| e.motion == Motion::Bounce)
            .expect("the browser drops the cookie");
        assert_eq!(&bounce.text, line);
        assert!(bounce.bytes > 4_096);
        assert_eq!(
            bounce.note.as_deref(),
            Some("refused: name and value together exceed 4096 bytes")
        );
        playground.change_browser(crate::ui::browser_choice::BrowserChange::Rules(None));
        let simple_jar = envelopes(&playground.trace().steps[0])
            .into_iter()
            .find(|e| e.motion == Motion::Bounce)
            .expect("the simple jar drops it too");
        assert_eq!(simple_jar.note.as_deref(), Some("4096-byte limit"));
    }

    #[test]
    fn between_moves_the_last_envelope_waits_where_it_arrived() {
        let playground = two_requests(Engine::Db);
        let step = &playground.trace().steps[1];
        let process_request = step
            .events
            .iter()
            .position(|e| matches!(e.kind, EventKind::ProcessRequest))
            .unwrap();
        let (parked, column) = parked_envelope(step, process_request).unwrap();
        assert_eq!(parked.title, "Cookie");
        assert_eq!(column, StageLane::Django);
        assert_eq!(parked_envelope(step, 0), None);
        let last = step.events.len() - 1;
        assert!(
            matches!(
                step.events[last].kind,
                EventKind::CookieStored | EventKind::NoCookieChange | EventKind::VaryCookie
            ),
            "{:?}",
            step.events[last].kind
        );
    }
}
