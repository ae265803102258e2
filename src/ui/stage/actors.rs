//! The two actors drawn with their contents on the stage: the browser's cookie jar and the
//! session store (the `django_session` table's rows, the LocMemCache's entries, the session
//! directory's files, or nothing on the server). Read from the trace's snapshots at the step
//! each one shows, with the record the current event touches marked to flash.

use sessionscope_engine::json::to_python_json;
use sessionscope_engine::scenario::{EventKind, SharedList, StoreSnapshot, TraceStep};

use super::scale;
use crate::ui::clock_text::duration;
use crate::ui::model::Playground;
use crate::ui::pacing::has_server_store;
use crate::ui::timeline::Inspected;

/// How a record is being touched by the current event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Touch {
    Read,
    Write,
    Delete,
}

impl Touch {
    pub fn css_class(self) -> &'static str {
        match self {
            Touch::Read => "touch-read",
            Touch::Write => "touch-write",
            Touch::Delete => "touch-delete",
        }
    }

    fn of(kind: &EventKind) -> Option<Touch> {
        match kind {
            EventKind::StoreRead => Some(Touch::Read),
            EventKind::StoreWrite | EventKind::CookieStored => Some(Touch::Write),
            EventKind::StoreDelete
            | EventKind::StoreEvict
            | EventKind::CookieDeleted
            | EventKind::CookieExpired => Some(Touch::Delete),
            _ => None,
        }
    }
}

/// A cookie, a row, an entry or a file: a name, a size bar and a few words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    /// The name or key, shortened to fit.
    pub name: String,
    /// The name or key in full (the title attribute).
    pub full_name: String,
    /// The bytes it holds (a cookie's name and value, a row's session_data, …).
    pub bytes: usize,
    pub width_px: u32,
    /// Its expiry, TTL or age, in words.
    pub note: String,
    /// How the current event touches it.
    pub touch: Option<Touch>,
    /// Why the browser kept it back from this request, if it did.
    pub held_back: Option<String>,
}

/// A group of records under a heading (the jar; a table; a cache; a directory).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shelf {
    pub title: String,
    /// What the size bar measures.
    pub measures: &'static str,
    pub records: Vec<Record>,
    /// Records not drawn for lack of room.
    pub hidden: usize,
    /// What an empty shelf says.
    pub empty: String,
}

/// At most this many records are drawn per shelf (the touched one always is).
pub const SHELF_ROWS: usize = 4;

fn shorten(text: &str, keep: usize) -> String {
    if text.chars().count() <= keep {
        return text.to_owned();
    }
    let head: String = text.chars().take(keep.saturating_sub(1)).collect();
    format!("{head}…")
}

/// Keeps at most [`SHELF_ROWS`] records, the touched ones first among those dropped.
fn fit(mut records: Vec<Record>) -> (Vec<Record>, usize) {
    if records.len() <= SHELF_ROWS {
        return (records, 0);
    }
    let touched = records.iter().position(|r| r.touch.is_some());
    if let Some(index) = touched.filter(|&index| index >= SHELF_ROWS) {
        records.swap(SHELF_ROWS - 1, index);
    }
    let hidden = records.len() - SHELF_ROWS;
    records.truncate(SHELF_ROWS);
    (records, hidden)
}

/// The current event of the stop at `position`, with its step.
fn current_event(
    playground: &Playground,
    position: Option<usize>,
) -> Option<(&TraceStep, &sessionscope_engine::scenario::Event)> {
    let stop = playground.timeline().stop(position?)?;
    let step = playground.step(stop.step)?;
    Some((step, step.events.get(stop.event?)?))
}

/// The cookie jar of the browser in play, as the stage draws it.
pub fn jar_shelf(playground: &Playground, position: Option<usize>) -> Shelf {
    let timeline = playground.timeline();
    let shown = timeline.shown_state(position, Inspected::Jar);
    let current = current_event(playground, position);
    let browser = current
        .and_then(|(step, _)| step.request.as_ref().map(|r| r.browser.clone()))
        .unwrap_or_else(|| "main".to_owned());
    let mut shelf = Shelf {
        title: format!("Cookie jar · browser \u{201c}{browser}\u{201d}"),
        measures: "name + value",
        records: Vec::new(),
        hidden: 0,
        empty: "No cookies yet: the first request goes out without a Cookie header.".to_owned(),
    };
    let Some(step) = shown.and_then(|index| playground.step(index)) else {
        return shelf;
    };
    let Some(jar) = step
        .jars
        .iter()
        .find(|jar| jar.browser == browser)
        .or(step.jars.first())
    else {
        return shelf;
    };
    let touch = current.and_then(|(_, event)| {
        let touch = Touch::of(&event.kind)
            .filter(|_| event.lane == sessionscope_engine::scenario::Lane::Browser)?;
        Some((touch, event.detail.clone().unwrap_or_default()))
    });
    let held_back = current.and_then(|(event_step, event)| match &event.kind {
        EventKind::CookieNotSent { name, reasons } => {
            let names: Vec<&str> = reasons.iter().map(|r| r.cdp_name()).collect();
            Some((
                name.clone(),
                super::reasons::not_sent_words(event_step, name, &names),
            ))
        }
        _ => None,
    });
    let records = jar
        .cookies
        .iter()
        .map(|cookie| {
            let bytes = cookie.name.len() + cookie.value.len();
            let touched = touch.as_ref().and_then(|(touch, detail)| {
                detail
                    .contains(&format!("{}=", cookie.name))
                    .then_some(*touch)
            });
            Record {
                name: cookie.name.clone(),
                full_name: format!("{}={}", cookie.name, cookie.value),
                bytes,
                width_px: scale::width_px(bytes),
                note: match cookie.expires_at {
                    Some(at) if at > step.now => format!("expires in {}", duration(at - step.now)),
                    Some(_) => "expired".to_owned(),
                    None => "until the browser closes".to_owned(),
                },
                touch: touched,
                held_back: held_back
                    .as_ref()
                    .filter(|(name, _)| *name == cookie.name)
                    .map(|(_, why)| why.clone()),
            }
        })
        .collect();
    (shelf.records, shelf.hidden) = fit(records);
    shelf
}

/// The session store as the stage draws it: one shelf per place the engine keeps sessions
/// (cached_db has two), none for signed cookies.
pub fn store_shelves(playground: &Playground, position: Option<usize>) -> Vec<Shelf> {
    let timeline = playground.timeline();
    let shown = timeline.shown_state(position, Inspected::Store);
    let current = current_event(playground, position);
    let (snapshot, now) = match shown.and_then(|index| playground.step(index)) {
        Some(step) => (step.store.clone(), step.now),
        None => (empty_store_of(playground), playground.scenario().start_time),
    };
    // What was there before the current step, for records the current event deletes.
    let before = current
        .and_then(|(step, _)| step.index.checked_sub(1))
        .and_then(|index| playground.step(index))
        .map(|step| step.store.clone())
        .unwrap_or_default();
    let touch = current.and_then(|(_, event)| {
        let touch = Touch::of(&event.kind)
            .filter(|_| event.lane == sessionscope_engine::scenario::Lane::Store)?;
        Some((touch, event.detail.clone().unwrap_or_default()))
    });
    let mut shelves = Vec::new();
    if let Some(entries) = &snapshot.cache {
        let records = entries
            .iter()
            .enumerate()
            .map(|(order, entry)| {
                let bytes = to_python_json(&entry.value).len();
                Record {
                    name: shorten(
                        entry.key.trim_start_matches(":1:django.contrib.sessions."),
                        22,
                    ),
                    full_name: entry.key.clone(),
                    bytes,
                    width_px: scale::width_px(bytes),
                    note: format!(
                        "LRU #{} · {}",
                        order + 1,
                        match entry.expires_at {
                            Some(at) if at > now => format!("TTL {}", duration(at - now)),
                            Some(_) => "expired".to_owned(),
                            None => "no timeout".to_owned(),
                        }
                    ),
                    touch: touched(&touch, &entry.key),
                    held_back: None,
                }
            })
            .collect();
        let ghosts = ghosts(
            &touch,
            before.cache.iter().flatten().map(|e| e.key.as_str()),
            entries.iter().map(|e| e.key.as_str()),
        );
        shelves.push(shelf(
            "LocMemCache \u{201c}default\u{201d} · most recently used first",
            "the session dict as JSON",
            records,
            ghosts,
            "No entries.",
        ));
    }
    if let Some(rows) = &snapshot.db {
        let records = rows
            .iter()
            .map(|row| Record {
                name: shorten(&row.session_key, 14),
                full_name: row.session_key.clone(),
                bytes: row.session_data.len(),
                width_px: scale::width_px(row.session_data.len()),
                note: format!("expire_date {}", short_date(&row.expire_date)),
                touch: touched(&touch, &row.session_key),
                held_back: None,
            })
            .collect();
        let ghosts = ghosts(
            &touch,
            before.db.iter().flatten().map(|r| r.session_key.as_str()),
            rows.iter().map(|r| r.session_key.as_str()),
        );
        let empty = if snapshot.table_missing {
            "no such table: django_session"
        } else {
            "No rows."
        };
        shelves.push(shelf(
            "django_session table (SQLite)",
            "session_data",
            records,
            ghosts,
            empty,
        ));
    }
    if let Some(files) = &snapshot.files {
        let records = files
            .iter()
            .map(|file| Record {
                name: shorten(&file.name, 18),
                full_name: file.name.clone(),
                bytes: file.content.len(),
                width_px: scale::width_px(file.content.len()),
                note: format!("modified {} ago", duration(now - file.mtime)),
                touch: touched(&touch, &file.name),
                held_back: None,
            })
            .collect();
        let ghosts = ghosts(
            &touch,
            before.files.iter().flatten().map(|f| f.name.as_str()),
            files.iter().map(|f| f.name.as_str()),
        );
        shelves.push(shelf(
            "Session files in SESSION_FILE_PATH",
            "file content",
            records,
            ghosts,
            "No files.",
        ));
    }
    shelves
}

/// The store of an engine before anything ran (from the first step's snapshot kinds).
fn empty_store_of(playground: &Playground) -> StoreSnapshot {
    let Some(first) = playground.trace().steps.first() else {
        return store_kinds(playground.engine());
    };
    let template = &first.store;
    StoreSnapshot {
        db: template.db.as_ref().map(|_| SharedList::new()),
        table_missing: false,
        cache: template.cache.as_ref().map(|_| SharedList::new()),
        files: template.files.as_ref().map(|_| SharedList::new()),
        ..StoreSnapshot::default()
    }
}

/// Which parts an engine's store has, for a playground with no step yet.
fn store_kinds(engine: sessionscope_engine::scenario::Engine) -> StoreSnapshot {
    use sessionscope_engine::scenario::Engine;
    let (db, cache, files) = match engine {
        Engine::Db => (true, false, false),
        Engine::Cache => (false, true, false),
        Engine::CachedDb => (true, true, false),
        Engine::File => (false, false, true),
        Engine::SignedCookies => (false, false, false),
    };
    StoreSnapshot {
        db: db.then(SharedList::new),
        table_missing: false,
        cache: cache.then(SharedList::new),
        files: files.then(SharedList::new),
        ..StoreSnapshot::default()
    }
}

/// Whether the snapshot the stage shows keeps anything on the server.
pub fn keeps_anything_on_server(playground: &Playground) -> bool {
    has_server_store(&empty_store_of(playground))
}

fn touched(touch: &Option<(Touch, String)>, key: &str) -> Option<Touch> {
    let (touch, detail) = touch.as_ref()?;
    detail.contains(key).then_some(*touch)
}

/// Records the current event deletes: there before the step, gone now, named in the detail.
fn ghosts<'a>(
    touch: &Option<(Touch, String)>,
    before: impl Iterator<Item = &'a str>,
    now: impl Iterator<Item = &'a str> + Clone,
) -> Vec<Record> {
    let Some((Touch::Delete, detail)) = touch else {
        return Vec::new();
    };
    before
        .filter(|key| detail.contains(key) && !now.clone().any(|k| k == *key))
        .map(|key| Record {
            name: shorten(key, 18),
            full_name: key.to_owned(),
            bytes: 0,
            width_px: scale::width_px(0),
            note: "deleted".to_owned(),
            touch: Some(Touch::Delete),
            held_back: None,
        })
        .collect()
}

fn shelf(
    title: &str,
    measures: &'static str,
    mut records: Vec<Record>,
    ghosts: Vec<Record>,
    empty: &str,
) -> Shelf {
    records.extend(ghosts);
    let (records, hidden) = fit(records);
    Shelf {
        title: title.to_owned(),
        measures,
        records,
        hidden,
        empty: empty.to_owned(),
    }
}

/// `2023-11-28T22:13:20.123456+00:00` → `2023-11-28 22:13`.
fn short_date(iso: &str) -> String {
    iso.get(..16).unwrap_or(iso).replace('T', " ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use sessionscope_engine::clock::DEFAULT_START_TIME;
    use sessionscope_engine::json::{Dict, Value};
    use sessionscope_engine::scenario::{Engine, Request, Step, ViewCall};

    fn with_cart(engine: Engine) -> Playground {
        let mut playground = Playground::new(engine, DEFAULT_START_TIME, 3);
        let mut data = Dict::new();
        data.insert("cart", Value::List(vec![Value::from("book")]));
        playground.push(Step::Request(Request::new(ViewCall::Set(data))));
        playground
    }

    /// The position of the first event of kind `kind` in step 0.
    fn position_of(playground: &Playground, kind: fn(&EventKind) -> bool) -> usize {
        let step = &playground.trace().steps[0];
        step.events.iter().position(|e| kind(&e.kind)).unwrap()
    }

    #[test]
    fn an_empty_playground_draws_an_empty_jar_and_the_engine_s_empty_store() {
        let playground = Playground::new(Engine::CachedDb, DEFAULT_START_TIME, 3);
        assert!(jar_shelf(&playground, None).records.is_empty());
        let shelves = store_shelves(&playground, None);
        assert_eq!(shelves.len(), 2, "the cache and the table");
        assert!(shelves.iter().all(|s| s.records.is_empty()));
        let signed = Playground::new(Engine::SignedCookies, DEFAULT_START_TIME, 3);
        assert!(store_shelves(&signed, None).is_empty());
        assert!(!keeps_anything_on_server(&signed));
    }

    #[test]
    fn the_row_being_written_is_marked_and_sized_by_its_session_data() {
        let playground = with_cart(Engine::Db);
        let write = position_of(&playground, |k| matches!(k, EventKind::StoreWrite));
        let shelves = store_shelves(&playground, Some(write));
        let row = &shelves[0].records[0];
        assert_eq!(row.touch, Some(Touch::Write));
        let data = &playground.trace().steps[0].store.db.as_ref().unwrap()[0].session_data;
        assert_eq!(row.bytes, data.len());
        assert!(row.note.starts_with("expire_date "));
        // Before the write, the table is still empty.
        assert!(store_shelves(&playground, Some(0))[0].records.is_empty());
    }

    #[test]
    fn cache_entries_show_their_lru_place_and_ttl() {
        let playground = with_cart(Engine::Cache);
        let last = playground.timeline().len() - 1;
        let entry = &store_shelves(&playground, Some(last))[0].records[0];
        assert!(
            entry.note.starts_with("LRU #1 · TTL 14 d"),
            "{}",
            entry.note
        );
        assert!(entry
            .full_name
            .starts_with(":1:django.contrib.sessions.cache"));
    }

    #[test]
    fn the_cookie_landing_in_the_jar_is_marked() {
        let playground = with_cart(Engine::SignedCookies);
        let stored = position_of(&playground, |k| matches!(k, EventKind::CookieStored));
        let jar = jar_shelf(&playground, Some(stored));
        assert_eq!(jar.records.len(), 1);
        let cookie = &jar.records[0];
        assert_eq!(cookie.touch, Some(Touch::Write));
        assert_eq!(cookie.name, "sessionid");
        let value = &playground.trace().steps[0].jars[0].cookies[0].value;
        assert_eq!(cookie.bytes, "sessionid".len() + value.len());
        assert_eq!(cookie.note, "expires in 14 d");
    }

    #[test]
    fn a_flush_deletes_the_row_which_stays_drawn_as_deleted() {
        let mut playground = with_cart(Engine::Db);
        playground.push(Step::Request(Request::new(ViewCall::Flush)));
        let step = &playground.trace().steps[1];
        let delete = step
            .events
            .iter()
            .position(|e| matches!(e.kind, EventKind::StoreDelete))
            .unwrap();
        let position = playground.timeline().first_stop_of(1).unwrap() + delete;
        let table = &store_shelves(&playground, Some(position))[0];
        assert!(
            table
                .records
                .iter()
                .any(|r| r.touch == Some(Touch::Delete) && r.note == "deleted"),
            "{table:?}"
        );
    }

    #[test]
    fn only_a_few_records_are_drawn_but_the_touched_one_always_is() {
        let records: Vec<Record> = (0..9)
            .map(|i| Record {
                name: i.to_string(),
                full_name: i.to_string(),
                bytes: 1,
                width_px: 1,
                note: String::new(),
                touch: (i == 7).then_some(Touch::Write),
                held_back: None,
            })
            .collect();
        let (kept, hidden) = fit(records);
        assert_eq!(kept.len(), SHELF_ROWS);
        assert_eq!(hidden, 5);
        assert!(kept.iter().any(|r| r.name == "7"));
    }
}
