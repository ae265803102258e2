//! A scenario's steps (the conformance README's "Scenario file"): requests that go through
//! `SessionMiddleware` and a view, and the steps that change the world around it (the clock,
//! the settings, the browsers, the server's storage), with what each one carries.

use crate::browser::rules::{RequestKind, Url};
use crate::json::{Dict, Value};
use crate::session::Settings;

use super::settings_patch::SettingsPatch;
use super::topology::{Deploy, Routing};

/// The browser used when a step names none.
pub const DEFAULT_BROWSER: &str = "main";

/// One step: exactly one key in the scenario file.
#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    /// `{"request": {...}}`: one GET through `SessionMiddleware` and a view.
    Request(Request),
    /// `{"script": {"browser"?, "url"?, "write"?}}`: a script on a page writes
    /// `document.cookie` (each text in order), then reads it. Rules browsers only.
    Script(ScriptStep),
    /// `{"advance": s}`: the clock moves `s` seconds (may be fractional).
    Advance(f64),
    /// `{"close_browser": true | "<browser>"}`: the browser drops its cookies without expiry.
    CloseBrowser(String),
    /// `{"settings": {...}}`: settings change from now on.
    Settings(SettingsPatch),
    /// `{"rotate_secret": "<new key>"}`: the old `SECRET_KEY` becomes the first fallback.
    RotateSecret(String),
    /// `{"tamper": {...}}`: the user edits a cookie in a browser.
    Tamper(Tamper),
    /// `{"save_cookie": {"as", "name"?, "browser"?}}`: remember a cookie's value (or absence).
    SaveCookie {
        /// The label to remember it under.
        label: String,
        /// The cookie name; `None` = the `SESSION_COOKIE_NAME` in force at that step.
        name: Option<String>,
        /// Which browser.
        browser: String,
    },
    /// `{"restore_cookie": {"from", "browser"?}}`: replay a remembered cookie (no expiry), or
    /// delete it if it was absent when saved.
    RestoreCookie {
        /// The label given to `save_cookie`.
        label: String,
        /// Which browser.
        browser: String,
    },
    /// `{"clear_expired": true}`: `SessionStore.clear_expired()` (`manage.py clearsessions`).
    ClearExpired,
    /// `{"set_password": {"user": n, "password": "<stored hash>"}}`: user n's stored
    /// password hash becomes that string (the password was changed elsewhere), which changes
    /// the user's session auth hash.
    SetPassword {
        /// The user's primary key.
        user: i64,
        /// The new stored password hash.
        password: String,
    },
    /// Playground extension `{"cache_restart": true}`: the server restarts and the
    /// LocMemCache starts empty (database rows and files survive). Not in Django's data.
    CacheRestart,
    /// Playground extension `{"fault": "<fault>"}`: break (or repair) the server's storage.
    /// Not in Django's data.
    Fault(Fault),
    /// `{"cache_writes": "fail" | "ok"}` (versions README): from now on LocMemCache's `set()`
    /// and `add()` raise `ConnectionError` (`true`), or work again (`false`).
    CacheWritesFail(bool),
    /// `{"cache_clear": true}` (versions README): `caches["default"].clear()`.
    CacheClear,
    /// `{"concurrent": {...}}` (topology README): requests in flight at once, their phases
    /// in the given order.
    Concurrent(Concurrent),
    /// `{"route": <rule>}` (topology README): the load balancer's rule from now on.
    Route(Routing),
    /// `{"deploy": {...}}` (topology README): one instance's settings change and it restarts.
    Deploy(Deploy),
    /// `{"clear_expired": "<instance>"}` (topology README): `clear_expired()` run by that
    /// instance (for the file backend, only its directory).
    ClearExpiredOn(String),
}

impl Step {
    /// What this step does to the settings in force: a `settings` step applies its changes in
    /// order; a `rotate_secret` step makes the new key `SECRET_KEY` and puts the old one first
    /// in `SECRET_KEY_FALLBACKS` ([`Settings::rotate_secret`]); every other step leaves them
    /// alone. The runner and [`crate::scenario::Scenario::settings_after`] both go through this.
    pub fn apply_to_settings(&self, settings: &mut Settings) {
        match self {
            Step::Settings(patch) => patch.apply(settings),
            Step::RotateSecret(new_key) => settings.rotate_secret(new_key),
            _ => {}
        }
    }
}

/// `{"script": {"browser"?, "url"?, "write"?}}`: script on the page at `url` runs
/// `document.cookie = text` for each text of `write`, in order, then reads `document.cookie`
/// (what injected JavaScript would see). Only a rules browser can run it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScriptStep {
    /// Which browser.
    pub browser: String,
    /// The page the script runs on; `None` = the scenario's origin, path `/`.
    pub url: Option<Url>,
    /// The `document.cookie = …` assignments, in order.
    pub writes: Vec<String>,
}

impl ScriptStep {
    /// A script that only reads `document.cookie` on the default page of the default browser.
    pub fn read() -> ScriptStep {
        ScriptStep {
            browser: DEFAULT_BROWSER.to_owned(),
            url: None,
            writes: Vec::new(),
        }
    }
}

/// A storage fault the playground can inject (`{"fault": ...}`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// `"db_table_missing"`: the `django_session` table is dropped (forgot `migrate`):
    /// every query raises `OperationalError: no such table: django_session`.
    DbTableMissing,
    /// `"file_dir_missing"`: `SESSION_FILE_PATH` no longer exists.
    FileDirMissing,
    /// `"file_dir_read_only"`: the directory exists but new files cannot be created in it.
    FileDirReadOnly,
    /// `"repair"`: the table exists again (empty if it had been dropped), the directory
    /// exists and is writable again (empty if it had been removed).
    Repair,
}

impl Fault {
    /// The JSON spelling.
    pub fn name(self) -> &'static str {
        match self {
            Fault::DbTableMissing => "db_table_missing",
            Fault::FileDirMissing => "file_dir_missing",
            Fault::FileDirReadOnly => "file_dir_read_only",
            Fault::Repair => "repair",
        }
    }

    /// Parses the JSON spelling.
    pub fn from_name(name: &str) -> Option<Fault> {
        [
            Fault::DbTableMissing,
            Fault::FileDirMissing,
            Fault::FileDirReadOnly,
            Fault::Repair,
        ]
        .into_iter()
        .find(|f| f.name() == name)
    }
}

/// `{"tamper": {"mode", "text"?, "name"?, "browser"?}}`.
#[derive(Clone, Debug, PartialEq)]
pub struct Tamper {
    /// What to do to the cookie.
    pub mode: TamperMode,
    /// The cookie name; `None` = the `SESSION_COOKIE_NAME` in force at that step.
    pub name: Option<String>,
    /// Which browser.
    pub browser: String,
}

/// How a cookie is tampered with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TamperMode {
    /// `flip_last`: the last character becomes `"0"`, or `"1"` if it was `"0"`.
    FlipLast,
    /// `append`: `text` is appended.
    Append(String),
    /// `replace`: the value becomes `text` (the cookie is created, without expiry, if absent).
    Replace(String),
    /// `delete`: the cookie is removed.
    Delete,
}

/// `{"request": {...}}`: one GET request.
#[derive(Clone, Debug, PartialEq)]
pub struct Request {
    /// What the view does with `request.session`.
    pub view: ViewCall,
    /// Which cookie jar sends and receives (default `"main"`).
    pub browser: String,
    /// The request path (default `"/"`).
    pub path: String,
    /// Whether the request is over https (default `false`).
    pub secure: bool,
    /// The status code the view's response has (default 200).
    pub status: u16,
    /// A `Vary` header the view sets before the middleware patches it.
    pub vary: Option<String>,
    /// `origin`: this request's origin (`https://shop.test`), over the scenario's.
    pub origin: Option<Url>,
    /// `kind`: what made the request (default `navigate`; `link`, `form-post`, `fetch`,
    /// `iframe`, `img`). Only the rules browser acts on it.
    pub kind: RequestKind,
    /// `from`: the page that started a non-`navigate` request (`https://other.test/`);
    /// `None` = a page of the request's own origin.
    pub from: Option<Url>,
    /// `instance` (topology README): the Django instance that serves it; `None` = the
    /// routing rule picks one.
    pub instance: Option<String>,
}

impl Request {
    /// A plain request from the default browser running `view`.
    pub fn new(view: ViewCall) -> Request {
        Request {
            view,
            browser: DEFAULT_BROWSER.to_owned(),
            path: "/".to_owned(),
            secure: false,
            status: 200,
            vary: None,
            origin: None,
            kind: RequestKind::Navigate,
            from: None,
            instance: None,
        }
    }
}

/// What a view does with `request.session` (`s`); the README's "Views" table.
#[derive(Clone, Debug, PartialEq)]
pub enum ViewCall {
    /// `noop`: nothing; the session is not touched.
    Noop,
    /// `set`: `s[k] = v` for each entry, in order.
    Set(Dict),
    /// `update`: `s.update(data)`.
    Update(Dict),
    /// `get`: `s.get(key, default)` (`default` is `None` when absent).
    Get {
        /// The key.
        key: String,
        /// The default value.
        default: Value,
    },
    /// `pop`: `s.pop(key[, default])`; `KeyError` becomes `{"error": "KeyError"}`.
    Pop {
        /// The key.
        key: String,
        /// The default, if one was given (even `null`).
        default: Option<Value>,
    },
    /// `delete`: `del s[key]`; `KeyError` becomes `{"error": "KeyError"}`.
    Delete {
        /// The key.
        key: String,
    },
    /// `setdefault`: `s.setdefault(key, value)`.
    SetDefault {
        /// The key.
        key: String,
        /// The value stored if the key is absent.
        value: Value,
    },
    /// `contains`: `key in s`.
    Contains {
        /// The key.
        key: String,
    },
    /// `keys`: `list(s.keys())`.
    Keys,
    /// `items`: `dict(s.items())`.
    Items,
    /// `clear`: `s.clear()`.
    Clear,
    /// `flush`: `s.flush()`.
    Flush,
    /// `cycle_key`: `s.cycle_key()`.
    CycleKey,
    /// `set_expiry`: `s.set_expiry(value)`.
    SetExpiry(ExpiryArg),
    /// `info`: session key, expiry age, expiry date and browser-close flag.
    Info,
    /// `session_key`: `s.session_key` (does not mark the session accessed).
    SessionKey,
    /// `is_empty`: `s.is_empty()`.
    IsEmpty,
    /// `set_test_cookie`: `s.set_test_cookie()`.
    SetTestCookie,
    /// `test_cookie_worked`: `s.test_cookie_worked()`.
    TestCookieWorked,
    /// `delete_test_cookie`: `s.delete_test_cookie()`; `KeyError` becomes
    /// `{"error": "KeyError"}`.
    DeleteTestCookie,
    /// `store_delete`: another request deletes this session's record
    /// (`SessionStore().delete(s.session_key)`; nothing for signed cookies).
    StoreDelete,
    /// `append`: `s[key].append(value)`: mutates the stored list in place, which does not
    /// mark the session modified; `KeyError` becomes `{"error": "KeyError"}`.
    Append {
        /// The key holding the list.
        key: String,
        /// The value appended.
        value: Value,
    },
    /// `mark_modified`: `s.modified = True`.
    MarkModified,
    /// `login`: `django.contrib.auth.login(request, User.objects.get(pk=user),
    /// backend="django.contrib.auth.backends.ModelBackend")`.
    Login {
        /// The user's primary key (default 1).
        user: i64,
    },
    /// `logout`: `django.contrib.auth.logout(request)`.
    Logout,
    /// `user`: `django.contrib.auth.get_user(request)` (what `AuthenticationMiddleware`
    /// runs when a view reads `request.user`); the result is the pk as a string, or null.
    User,
    /// `multi`: several calls in one request, in order; the result is the list of results.
    Multi(Vec<ViewCall>),
    /// `bool`: `bool(request.session)` (never an access; see
    /// [`crate::session::Session::truthy`]).
    Bool,
    /// `async`: like `multi`, each op through the async (`a`-prefixed) session and auth API
    /// (Django 5.1+; `AttributeError` on 4.2). Ops are never `multi` or `async`.
    Async(Vec<ViewCall>),
}

impl ViewCall {
    /// The view's name in scenario files.
    pub fn name(&self) -> &'static str {
        match self {
            ViewCall::Noop => "noop",
            ViewCall::Set(_) => "set",
            ViewCall::Update(_) => "update",
            ViewCall::Get { .. } => "get",
            ViewCall::Pop { .. } => "pop",
            ViewCall::Delete { .. } => "delete",
            ViewCall::SetDefault { .. } => "setdefault",
            ViewCall::Contains { .. } => "contains",
            ViewCall::Keys => "keys",
            ViewCall::Items => "items",
            ViewCall::Clear => "clear",
            ViewCall::Flush => "flush",
            ViewCall::CycleKey => "cycle_key",
            ViewCall::SetExpiry(_) => "set_expiry",
            ViewCall::Info => "info",
            ViewCall::SessionKey => "session_key",
            ViewCall::IsEmpty => "is_empty",
            ViewCall::SetTestCookie => "set_test_cookie",
            ViewCall::TestCookieWorked => "test_cookie_worked",
            ViewCall::DeleteTestCookie => "delete_test_cookie",
            ViewCall::StoreDelete => "store_delete",
            ViewCall::Append { .. } => "append",
            ViewCall::MarkModified => "mark_modified",
            ViewCall::Login { .. } => "login",
            ViewCall::Logout => "logout",
            ViewCall::User => "user",
            ViewCall::Multi(_) => "multi",
            ViewCall::Bool => "bool",
            ViewCall::Async(_) => "async",
        }
    }
}

/// The argument of `set_expiry`, as the scenario gives it.
#[derive(Clone, Debug, PartialEq)]
pub enum ExpiryArg {
    /// A plain JSON value passed as is: an integer (seconds of inactivity; 0 = browser
    /// close), a float, `null` (back to the global policy), or anything else (which Django
    /// stores and later fails on).
    Value(Value),
    /// `{"timedelta": seconds}`: `timezone.now() + timedelta(seconds=…)`, stored as ISO text.
    Timedelta(Value),
    /// `{"datetime": "<ISO-8601>"}`: `datetime.fromisoformat(…)`, stored as ISO text.
    Datetime(Value),
}

/// `{"concurrent": {"requests": {...}, "order": [...]}}`: requests in flight at once.
#[derive(Clone, Debug, PartialEq)]
pub struct Concurrent {
    /// The requests by label, in the document's order.
    pub requests: Vec<(String, Request)>,
    /// The phases in the order they run: an index into `requests` and the phase.
    pub order: Vec<(usize, Phase)>,
}

/// One of the three calls `MiddlewareMixin.__call__` makes for `SessionMiddleware`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// The browser builds the `Cookie` header, the request is routed, `process_request`.
    Send,
    /// The view (the session loads at its first access).
    View,
    /// `process_response`, then the browser stores the `Set-Cookie` lines.
    Respond,
}

impl Phase {
    /// `send`, `view` or `respond`.
    pub fn name(self) -> &'static str {
        match self {
            Phase::Send => "send",
            Phase::View => "view",
            Phase::Respond => "respond",
        }
    }

    pub(super) fn from_name(name: &str) -> Option<Phase> {
        [Phase::Send, Phase::View, Phase::Respond]
            .into_iter()
            .find(|p| p.name() == name)
    }
}
