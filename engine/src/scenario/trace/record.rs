//! What happened at each step (the README's "Trace file"), typed for the playground and
//! convertible to the README's JSON schema.
//!
//! The state after a step (`jars`, `store`) is kept in [`SharedList`]s: a jar, a row, a cache
//! entry or a file that did not change since the previous step is the previous step's, shared,
//! so a long scenario keeps each version of each item once.

use crate::browser::rules::{Method, RequestKind};
use crate::event::Event;
use crate::json::Value;
use crate::scenario::document::Step;
use crate::session::{Engine, SqlQuery};
use crate::version::DjangoVersion;

use super::shared_list::SharedList;
use super::verdicts::{CookieKeptBack, ScriptRecord, SetCookieVerdict, StoredCookieDetails};

/// The whole run of a scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct Trace {
    /// The scenario's name.
    pub scenario: String,
    /// The engine that ran.
    pub engine: Engine,
    /// One entry per scenario step, in order.
    pub steps: Vec<TraceStep>,
    /// The version the scenario named (`None`: it named none and ran
    /// [`DjangoVersion::DEFAULT`]). A named version writes the versions README's trace
    /// fields; see [`ResponseRecord::view_exception`].
    pub django: Option<DjangoVersion>,
    /// The distinct Python warnings emitted during the run, in order of first emission
    /// (the versions README's `warnings`: Django 4.2's `RemovedInDjango50Warning` for
    /// `PickleSerializer`).
    pub warnings: Vec<String>,
}

/// What one step did and the state of the world after it.
#[derive(Clone, Debug, PartialEq)]
pub struct TraceStep {
    /// The step's index (`i`).
    pub index: usize,
    /// The step itself.
    pub step: Step,
    /// The clock after the step (Unix seconds).
    pub now: f64,
    /// The request sent, for request steps.
    pub request: Option<RequestRecord>,
    /// The response received, for request steps.
    pub response: Option<ResponseRecord>,
    /// SQL touching `django_session`, in order (db and cached_db engines).
    pub queries: Vec<SqlQuery>,
    /// Every browser used so far, sorted by name, with its cookies in jar order (a jar that
    /// did not change is shared with the previous step).
    pub jars: SharedList<BrowserJar>,
    /// The backend's state after the step.
    pub store: StoreSnapshot,
    /// What happened inside the step, in order.
    pub events: Vec<Event>,
    /// Set when the step could not be carried out (e.g. restoring a label never saved);
    /// the world is then unchanged.
    pub error: Option<String>,
    /// What a `script` step wrote and saw in `document.cookie`.
    pub script: Option<ScriptRecord>,
    /// For a `concurrent` step: each request with its response, and the state after each
    /// phase.
    pub concurrent: Option<ConcurrentRecord>,
    /// In a scenario with the topology README's fields, for request and `clear_expired`
    /// steps: the WARNING-or-worse lines Django logged (`"<logger> <LEVEL>: <message>"`).
    /// `None` otherwise (the trace then has no `log`).
    pub log: Option<Vec<String>>,
}

/// What a `concurrent` step did (the topology README's `requests` and `phases`).
#[derive(Clone, Debug, PartialEq)]
pub struct ConcurrentRecord {
    /// Each request by label, in the scenario's label order, with its response.
    pub requests: Vec<(String, RequestRecord, ResponseRecord)>,
    /// One per entry of the step's `order`, in order.
    pub phases: Vec<PhaseRecord>,
}

/// One phase of a concurrent step and the state right after it.
#[derive(Clone, Debug, PartialEq)]
pub struct PhaseRecord {
    /// `"<label>:<phase>"`.
    pub phase: String,
    /// The SQL that phase ran (db, cached_db).
    pub queries: Vec<SqlQuery>,
    /// The WARNING-or-worse lines Django logged during the phase.
    pub log: Vec<String>,
    /// The jars after the phase.
    pub jars: SharedList<BrowserJar>,
    /// The store after the phase.
    pub store: StoreSnapshot,
}

/// The request a browser sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestRecord {
    /// Which browser.
    pub browser: String,
    /// The path.
    pub path: String,
    /// Whether it was https.
    pub secure: bool,
    /// The `Cookie` header sent, if any.
    pub cookie_header: Option<String>,
    /// The absolute URL requested (`http://site.test/`; see `Request::url_text`).
    pub url: String,
    /// The method (`GET`; `POST` for a `form-post`).
    pub method: Method,
    /// What made the request.
    pub kind: RequestKind,
    /// The page that started it, if any.
    pub from: Option<String>,
    /// With `browser_rules`: the stored cookies the browser did not send, and why (empty when
    /// every cookie went). `None` for the conformance jar, which sends every cookie.
    pub not_sent: Option<Vec<CookieKeptBack>>,
    /// The Django instance that served it, in a scenario with the topology README's fields;
    /// `None` otherwise (the trace then has no `instance`).
    pub instance: Option<String>,
}

/// The response Django produced.
#[derive(Clone, Debug, PartialEq)]
pub struct ResponseRecord {
    /// The status code (400 for `SessionInterrupted`, 500 for other exceptions).
    pub status: u16,
    /// The Python exception raised by the view or by `process_response`, if any
    /// (e.g. `"SessionInterrupted"`), as Django's traces record it.
    pub exception: Option<String>,
    /// The message of the exception that produced the response, including one raised by
    /// `process_request` (which `exception` leaves out, as Django's traces do).
    pub exception_message: Option<String>,
    /// The exception the view raised, if any (the versions README's `view_exception`).
    pub view_exception: Option<String>,
    /// The exception that escaped `SessionMiddleware` (from `process_request` or
    /// `process_response`), if any: the versions README's `exception`. A trace whose scenario
    /// names a version writes this as `exception`, and the view's as `view_exception`; one that
    /// names none writes [`ResponseRecord::exception`], as traces did before versions.
    pub escaped_exception: Option<String>,
    /// What the view returned (`null` if it raised).
    pub result: Value,
    /// The final `Vary` header.
    pub vary: Option<String>,
    /// Each `Set-Cookie`, in emission order.
    pub set_cookies: Vec<SetCookie>,
}

/// One `Set-Cookie` header as Django rendered it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SetCookie {
    /// The cookie name.
    pub name: String,
    /// The value on the wire (quoted by `http.cookies._quote` if needed; `""` for deletions).
    pub value: String,
    /// The header value exactly as `Morsel.OutputString()` renders it.
    pub output: String,
    /// The non-empty attributes.
    pub attributes: CookieAttributes,
    /// With `browser_rules`: what the browser did with the line. `None` for the conformance
    /// jar (its rules are the README's).
    pub verdict: Option<SetCookieVerdict>,
}

impl SetCookie {
    /// `"Set-Cookie: " + output`.
    pub fn header(&self) -> String {
        format!("Set-Cookie: {}", self.output)
    }
}

/// A morsel's non-empty attributes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CookieAttributes {
    /// `expires`, already formatted (`Tue, 28 Nov 2023 22:13:20 GMT`).
    pub expires: Option<String>,
    /// `Max-Age` in whole seconds (may be 0 or negative).
    pub max_age: Option<i64>,
    /// `Path`.
    pub path: Option<String>,
    /// `Domain`.
    pub domain: Option<String>,
    /// `Secure`.
    pub secure: bool,
    /// `HttpOnly`.
    pub httponly: bool,
    /// `SameSite`.
    pub samesite: Option<String>,
}

/// A browser's jar after a step.
#[derive(Clone, Debug, PartialEq)]
pub struct BrowserJar {
    /// The browser's name.
    pub browser: String,
    /// Its cookies in jar order.
    pub cookies: Vec<JarCookie>,
}

/// One cookie in a jar.
#[derive(Clone, Debug, PartialEq)]
pub struct JarCookie {
    /// Name.
    pub name: String,
    /// Value as received on the wire.
    pub value: String,
    /// When it expires (Unix seconds), `None` for a browser-session cookie.
    pub expires_at: Option<f64>,
    /// With `browser_rules`: its domain, path and flags. `None` in the conformance jar.
    pub details: Option<StoredCookieDetails>,
}

/// The backend's state: which parts are present depends on the engine. Rows, entries and
/// files that did not change are shared with the previous step's snapshot.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StoreSnapshot {
    /// `django_session` rows sorted by key (db, cached_db); `None` when the engine has no
    /// table. An empty list with `table_missing` set means the table was dropped.
    pub db: Option<SharedList<DbRow>>,
    /// Whether the `django_session` table is missing (fault injection).
    pub table_missing: bool,
    /// LocMemCache entries, most recently used first (cache, cached_db).
    pub cache: Option<SharedList<CacheEntry>>,
    /// Session files sorted by name (file).
    pub files: Option<SharedList<FileEntry>>,
    /// The LocMemCaches of instances with a cache of their own, in declaration order
    /// (topology README's `own_caches`; empty otherwise).
    pub own_caches: Vec<(String, SharedList<CacheEntry>)>,
    /// The session directories of instances with one of their own (`own_files`).
    pub own_files: Vec<(String, SharedList<FileEntry>)>,
}

/// A row of `django_session`.
#[derive(Clone, Debug, PartialEq)]
pub struct DbRow {
    /// `session_key`.
    pub session_key: String,
    /// `session_data`: the signed, encoded session.
    pub session_data: String,
    /// `expire_date` as ISO-8601 (`+00:00`).
    pub expire_date: String,
    /// `expire_date` as Unix seconds.
    pub expires_at: f64,
    /// The decoded data under the current settings (in a scenario with instances, under the
    /// first instance that verifies it), `None` if it does not verify.
    pub data: Option<Value>,
    /// In a scenario with the topology README's fields: the instances (declaration order)
    /// whose `SECRET_KEY`/`SECRET_KEY_FALLBACKS` verify the data, `data` being decoded with
    /// the first of them. `None` otherwise (the trace then has no `verifies_on`).
    pub verifies_on: Option<Vec<String>>,
}

/// A LocMemCache entry.
#[derive(Clone, Debug, PartialEq)]
pub struct CacheEntry {
    /// The full cache key (`:1:django.contrib.sessions.cache<key>`).
    pub key: String,
    /// The stored session dict.
    pub value: Value,
    /// When it expires (Unix seconds), `None` for no timeout.
    pub expires_at: Option<f64>,
}

/// A session file.
#[derive(Clone, Debug, PartialEq)]
pub struct FileEntry {
    /// The file name (`SESSION_COOKIE_NAME` + key).
    pub name: String,
    /// The content: the encoded session.
    pub content: String,
    /// The modification time (Unix seconds).
    pub mtime: f64,
    /// The decoded data under the current settings (in a scenario with instances, under the
    /// first instance that verifies it), `None` if it does not verify.
    pub data: Option<Value>,
    /// In a scenario with the topology README's fields: the instances (declaration order)
    /// whose `SECRET_KEY`/`SECRET_KEY_FALLBACKS` verify the data, `data` being decoded with
    /// the first of them. `None` otherwise (the trace then has no `verifies_on`).
    pub verifies_on: Option<Vec<String>>,
}
