//! A session scenario (the conformance README's "Scenario file"): an engine, settings, and
//! steps that send requests through `SessionMiddleware` or change the world around it.

use crate::browser::rules::{BrowserSettings, RequestKind, Url};
use crate::json::{Dict, Value};
use crate::session::{CacheOptions, Engine, Settings};

use super::settings_patch::SettingsPatch;
use super::site::ScriptStep;

/// The browser used when a step names none.
pub const DEFAULT_BROWSER: &str = "main";

/// A whole scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct Scenario {
    /// `name` (also the trace's `scenario`).
    pub name: String,
    /// `description`, free text.
    pub description: String,
    /// `engine`: which session backend runs.
    pub engine: Engine,
    /// `start_time`: the clock's first reading, Unix seconds (default 1700000000).
    pub start_time: f64,
    /// `settings` overrides applied before the first step, on top of Django's defaults.
    pub settings: SettingsPatch,
    /// `cache`: LocMemCache options.
    pub cache: CacheOptions,
    /// `session_keys`: the first outputs of the session-key generator.
    pub session_keys: Vec<String>,
    /// The steps, in order.
    pub steps: Vec<Step>,
    /// `browser_rules` (`"chromium"`) with `third_party_cookies`: every named browser applies
    /// Chromium's cookie rules ([`crate::browser::rules::Browser`]) with these settings.
    /// `None` (absent, as in every conformance scenario) = the README's conformance jar, which
    /// keeps and sends every cookie.
    pub browser_rules: Option<BrowserSettings>,
    /// `origin`: the site's origin (`https://shop.test`) for requests that name none; `None` =
    /// `http://site.test` (`https://` for a request with `secure`). See [`Request::url`].
    pub origin: Option<Url>,
}

impl Scenario {
    /// An empty scenario for `engine` with every default.
    pub fn new(name: impl Into<String>, engine: Engine) -> Scenario {
        Scenario {
            name: name.into(),
            description: String::new(),
            engine,
            start_time: crate::clock::DEFAULT_START_TIME,
            settings: SettingsPatch::default(),
            cache: CacheOptions::default(),
            session_keys: Vec::new(),
            steps: Vec::new(),
            browser_rules: None,
            origin: None,
        }
    }

    /// The settings in force before the first step.
    pub fn initial_settings(&self) -> Settings {
        let mut settings = Settings::default();
        self.settings.apply(&mut settings);
        settings
    }
}

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
