//! Stories: ready-made scenarios, each a short guided tour with a title, an introduction and a
//! caption per step.
//!
//! A story is a [`Scenario`] built with the engine's own types; its captions are written from
//! the engine's trace of that scenario (sizes, keys and results are quoted from it), and the
//! unit tests run every story on every engine it supports and check each claim the captions
//! make, so the narration stays true.

use sessionscope_engine::clock::DEFAULT_START_TIME;
use sessionscope_engine::json::{to_python_json, Dict, Value};
use sessionscope_engine::scenario::{
    Engine, EventKind, ExpiryArg, Request, Scenario, SettingChange, SettingsPatch, Step, Trace,
    TraceStep, ViewCall,
};

use super::session_keys::seeded_keys;

/// The seed of every story's session keys (stories are the same bytes for everyone).
pub const STORY_KEY_SEED: u64 = 0x0570_71e5;

/// A guided tour.
#[derive(Clone, Copy)]
pub struct Story {
    /// Stable identifier (used in links and tests).
    pub id: &'static str,
    /// The title.
    pub title: &'static str,
    /// One paragraph: what the story shows and why it matters.
    pub intro: &'static str,
    /// The engines the story is written for; the first is where it opens.
    pub engines: &'static [Engine],
    build: fn(Engine) -> Scenario,
    narrate: fn(Engine, &Trace) -> Vec<String>,
}

impl std::fmt::Debug for Story {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Story").field("id", &self.id).finish()
    }
}

impl Story {
    /// The engine the story opens on.
    pub fn default_engine(&self) -> Engine {
        self.engines[0]
    }

    /// Whether the story's captions are written for `engine`.
    pub fn supports(&self, engine: Engine) -> bool {
        self.engines.contains(&engine)
    }

    /// The story's scenario on `engine`, with its session keys.
    pub fn scenario(&self, engine: Engine) -> Scenario {
        let mut scenario = (self.build)(engine);
        scenario.name = self.id.to_owned();
        scenario.description = self.title.to_owned();
        scenario.engine = engine;
        if scenario.session_keys.is_empty() {
            scenario.session_keys = seeded_keys(STORY_KEY_SEED, scenario.steps.len() * 2 + 8);
        }
        scenario
    }

    /// One caption per step, for the engine's trace of [`Story::scenario`].
    pub fn captions(&self, engine: Engine, trace: &Trace) -> Vec<String> {
        let mut captions = (self.narrate)(engine, trace);
        captions.resize(trace.steps.len(), String::new());
        captions
    }
}

/// Every story, in the order the picker lists them.
pub fn all() -> &'static [Story] {
    &STORIES
}

/// The story with `id`.
pub fn by_id(id: &str) -> Option<&'static Story> {
    STORIES.iter().find(|story| story.id == id)
}

/// The story that `scenario` is, unchanged and on an engine the story is written for.
pub fn recognise(scenario: &Scenario) -> Option<&'static Story> {
    let story = by_id(&scenario.name)?;
    if !story.supports(scenario.engine) {
        return None;
    }
    let pristine = story.scenario(scenario.engine);
    (pristine.steps == scenario.steps
        && pristine.settings == scenario.settings
        && pristine.cache == scenario.cache
        && pristine.start_time == scenario.start_time
        && scenario.session_keys.starts_with(&pristine.session_keys))
    .then_some(story)
}

static STORIES: [Story; 8] = [
    Story {
        id: "shopping-cart",
        title: "The shopping cart",
        intro: "The example every Django tutorial starts with: a visitor browses, puts things in a cart, \
                comes back the next day and checks out. Watch when Django sets the session cookie \
                (only once the session is modified), what the browser sends back, and where the cart \
                really lives: in a database row, a cache entry, a file, or the cookie itself.",
        engines: &Engine::ALL,
        build: cart_scenario,
        narrate: cart_captions,
    },
    Story {
        id: "close-the-browser",
        title: "Close the browser",
        intro: "A login form with a \"remember me\" box. Unticked, the view calls \
                request.session.set_expiry(0): the cookie gets no expiry date, so the browser forgets \
                it when it closes. Ticked, the cookie lasts SESSION_COOKIE_AGE (two weeks). Two \
                browsers log in, both are closed, and only one is still logged in when it comes back.",
        engines: &Engine::ALL,
        build: close_browser_scenario,
        narrate: close_browser_captions,
    },
    Story {
        id: "cart-outgrows-cookie",
        title: "The cart outgrows a signed cookie",
        intro: "With the signed_cookies engine the whole session travels in the cookie, and browsers \
                ignore any cookie over 4096 bytes. Django still sends it; nothing raises an error. The \
                browser silently keeps the previous cookie, so the latest items vanish from the cart. \
                Switch to another engine to see the same cart cost a 41-byte cookie.",
        engines: &[Engine::SignedCookies],
        build: outgrow_scenario,
        narrate: outgrow_captions,
    },
    Story {
        id: "logout-signed-cookie",
        title: "Logout does not revoke a signed cookie",
        intro: "Someone copies a logged-in session cookie (a shared computer, a leaked log). The user \
                logs out, which flushes the session. With a server-side engine the copy now points at \
                nothing. With signed_cookies there is nothing on the server to delete: the copy is \
                still a validly signed session until SESSION_COOKIE_AGE has passed since it was signed.",
        engines: &[Engine::SignedCookies, Engine::Db, Engine::Cache, Engine::CachedDb, Engine::File],
        build: logout_scenario,
        narrate: logout_captions,
    },
    Story {
        id: "cache-evicts-sessions",
        title: "The cache evicts sessions",
        intro: "The cache engine keeps sessions only in the cache, and a cache forgets things when it \
                fills up. Here LocMemCache may hold 3 entries (MAX_ENTRIES = 3): when a fourth user logs \
                in, the least recently used session is culled and that user is logged out. Switch to \
                cached_db to see the database bring the session back.",
        engines: &[Engine::Cache, Engine::CachedDb],
        build: eviction_scenario,
        narrate: eviction_captions,
    },
    Story {
        id: "rotate-secret-key",
        title: "Rotating SECRET_KEY with fallbacks",
        intro: "SECRET_KEY signs session data. To replace it without logging everyone out, Django 4.1+ \
                lets you put the old key in SECRET_KEY_FALLBACKS: old signatures still verify, new ones \
                use the new key. Remove the fallback too early and every session not re-signed since is \
                lost. Cache-stored sessions are not signed at all, so they do not notice.",
        engines: &Engine::ALL,
        build: rotation_scenario,
        narrate: rotation_captions,
    },
    Story {
        id: "sliding-expiry",
        title: "Sliding expiry with SAVE_EVERY_REQUEST",
        intro: "By default a session expires SESSION_COOKIE_AGE after it was last modified, however \
                active the user is. With SESSION_SAVE_EVERY_REQUEST = True every request saves the \
                session again and pushes the expiry forward: an idle timeout. Here the age is 10 \
                minutes: a phone that stays idle is logged out, a laptop that keeps clicking is not.",
        engines: &Engine::ALL,
        build: sliding_scenario,
        narrate: sliding_captions,
    },
    Story {
        id: "session-fixation",
        title: "cycle_key on login against session fixation",
        intro: "Session fixation: an attacker gets a session key from the site and plants it in the \
                victim's browser. If the login view keeps the key, the attacker's copy is now logged in \
                as the victim. django.contrib.auth.login() calls request.session.cycle_key(), which \
                moves the data to a new key and deletes the old one. Both logins are shown.",
        engines: &[Engine::Db, Engine::Cache, Engine::CachedDb, Engine::File, Engine::SignedCookies],
        build: fixation_scenario,
        narrate: fixation_captions,
    },
];

// ---------------------------------------------------------------- building blocks

fn dict(entries: &[(&str, Value)]) -> Dict {
    let mut d = Dict::new();
    for (key, value) in entries {
        d.insert(*key, value.clone());
    }
    d
}

fn request(browser: &str, view: ViewCall) -> Step {
    let mut request = Request::new(view);
    request.browser = browser.to_owned();
    Step::Request(request)
}

fn set(browser: &str, entries: &[(&str, Value)]) -> Step {
    request(browser, ViewCall::Set(dict(entries)))
}

fn get(browser: &str, key: &str) -> Step {
    request(
        browser,
        ViewCall::Get {
            key: key.to_owned(),
            default: Value::Null,
        },
    )
}

fn login(browser: &str, user: &str) -> Step {
    set(browser, &[("_auth_user_id", Value::from(user))])
}

fn strings(items: &[&str]) -> Value {
    Value::List(items.iter().map(|s| Value::from(*s)).collect())
}

fn base(engine: Engine) -> Scenario {
    let mut scenario = Scenario::new("story", engine);
    scenario.start_time = DEFAULT_START_TIME;
    scenario
}

// ---------------------------------------------------------------- reading the trace

fn step(trace: &Trace, i: usize) -> Option<&TraceStep> {
    trace.steps.get(i)
}

/// The view's result at step `i`, as JSON text.
fn result_text(trace: &Trace, i: usize) -> String {
    step(trace, i)
        .and_then(|s| s.response.as_ref())
        .map_or("None".to_owned(), |r| python_text(&r.result))
}

fn python_text(value: &Value) -> String {
    match value {
        Value::Null => "None".to_owned(),
        other => to_python_json(other),
    }
}

/// The session `Set-Cookie` header at step `i` (first one), if any.
fn set_cookie_output(trace: &Trace, i: usize) -> Option<String> {
    step(trace, i)
        .and_then(|s| s.response.as_ref())
        .and_then(|r| r.set_cookies.first())
        .map(|c| c.header())
}

fn set_cookie_len(trace: &Trace, i: usize) -> usize {
    set_cookie_output(trace, i).map_or(0, |h| h.len())
}

/// The value of the session cookie in `browser`'s jar after step `i`.
fn jar_value(trace: &Trace, i: usize, browser: &str) -> Option<String> {
    step(trace, i)?
        .jars
        .iter()
        .find(|jar| jar.browser == browser)?
        .cookies
        .iter()
        .find(|c| c.name == "sessionid")
        .map(|c| c.value.clone())
}

fn short(text: &str) -> String {
    if text.chars().count() > 16 {
        let head: String = text.chars().take(12).collect();
        format!("{head}…")
    } else {
        text.to_owned()
    }
}

/// How many sessions the server holds after step `i`.
fn stored_sessions(trace: &Trace, i: usize) -> usize {
    let Some(step) = step(trace, i) else { return 0 };
    let store = &step.store;
    if let Some(rows) = &store.db {
        return rows.len();
    }
    if let Some(files) = &store.files {
        return files.len();
    }
    store.cache.as_ref().map_or(0, |entries| {
        entries
            .iter()
            .filter(|e| e.expires_at.is_none_or(|at| at > step.now))
            .count()
    })
}

fn where_stored(engine: Engine) -> &'static str {
    match engine {
        Engine::Db => "a row of the django_session table",
        Engine::Cache => "an entry of the cache",
        Engine::CachedDb => "a database row, with a copy in the cache",
        Engine::File => "a file in SESSION_FILE_PATH",
        Engine::SignedCookies => "the cookie itself, signed but not encrypted",
    }
}

fn cookie_holds(engine: Engine) -> &'static str {
    if engine == Engine::SignedCookies {
        "the whole session, signed"
    } else {
        "only the session key"
    }
}

// ---------------------------------------------------------------- 1. shopping cart

fn cart_scenario(engine: Engine) -> Scenario {
    let mut s = base(engine);
    s.steps = vec![
        request("main", ViewCall::Noop),
        set("main", &[("cart", strings(&["django-book"]))]),
        set("main", &[("cart", strings(&["django-book", "mug"]))]),
        get("main", "cart"),
        Step::Advance(86_400.0),
        get("main", "cart"),
        request(
            "main",
            ViewCall::Pop {
                key: "cart".to_owned(),
                default: None,
            },
        ),
    ];
    s
}

fn cart_captions(engine: Engine, trace: &Trace) -> Vec<String> {
    let first_cookie = set_cookie_len(trace, 1);
    let stored = if engine == Engine::SignedCookies {
        "The server keeps nothing at all.".to_owned()
    } else {
        format!(
            "The server now holds {} session: {}.",
            stored_sessions(trace, 1),
            where_stored(engine)
        )
    };
    vec![
        "A visitor browses the shop. The view never touches request.session, so Django sets no cookie \
         and stores nothing."
            .to_owned(),
        format!(
            "They add a book: request.session[\"cart\"] = [\"django-book\"]. The session was modified, so \
             SessionMiddleware saves it and sends a {first_cookie}-byte Set-Cookie. The cookie holds {}. {stored}",
            cookie_holds(engine)
        ),
        format!(
            "A mug joins the book. Assigning the list again marks the session modified, so it is saved \
             again and the cookie is sent again ({} bytes).",
            set_cookie_len(trace, 2)
        ),
        format!(
            "Viewing the cart only reads the session: the browser sends its cookie, the view gets {}, \
             and since nothing changed Django saves nothing and sends no Set-Cookie (only Vary: Cookie).",
            result_text(trace, 3)
        ),
        "A day passes. The cookie lasts SESSION_COOKIE_AGE (two weeks) from the last save.".to_owned(),
        format!(
            "The next day the cart is still there: {}.",
            result_text(trace, 5)
        ),
        format!(
            "Checkout: request.session.pop(\"cart\") returns {} and leaves the session dict empty. \
             The session still has its key, so it is not \"empty\" to SessionMiddleware: it was \
             modified, so Django saves {{}} and sends the cookie again ({} bytes). {}",
            result_text(trace, 6),
            set_cookie_len(trace, 6),
            if engine == Engine::SignedCookies {
                "The new cookie carries the empty dict: e30 is base64 for {}."
            } else {
                "The stored session is now {}, under the same key."
            }
        ),
    ]
}

// ---------------------------------------------------------------- 2. close the browser

fn close_browser_scenario(engine: Engine) -> Scenario {
    let mut s = base(engine);
    s.steps = vec![
        request(
            "laptop",
            ViewCall::Multi(vec![
                ViewCall::Set(dict(&[("_auth_user_id", Value::from("1"))])),
                ViewCall::SetExpiry(ExpiryArg::Value(Value::from(0))),
            ]),
        ),
        login("phone", "2"),
        Step::CloseBrowser("laptop".to_owned()),
        Step::CloseBrowser("phone".to_owned()),
        get("laptop", "_auth_user_id"),
        get("phone", "_auth_user_id"),
    ];
    s
}

fn close_browser_captions(engine: Engine, trace: &Trace) -> Vec<String> {
    let laptop_cookie = set_cookie_output(trace, 0).unwrap_or_default();
    let server_note = if engine == Engine::SignedCookies {
        "There is nothing on the server to forget.".to_owned()
    } else {
        format!(
            "The server still holds {} sessions: closing a browser deletes nothing there.",
            stored_sessions(trace, 4)
        )
    };
    vec![
        format!(
            "The laptop logs in with \"remember me\" unticked: the view calls set_expiry(0). The cookie \
             has no expires and no Max-Age, so it is a browser-session cookie: {laptop_cookie}"
        ),
        "The phone logs in with \"remember me\" ticked: default expiry, so its cookie carries expires \
         and Max-Age=1209600 (two weeks)."
            .to_owned(),
        "The laptop's browser is closed: it forgets every cookie without an expiry date, including the \
         session cookie."
            .to_owned(),
        "The phone's browser is closed too, but its cookie has an expiry date, so the phone keeps it."
            .to_owned(),
        format!(
            "The laptop comes back and sends no cookie: it is logged out (the view reads {}). {server_note}",
            result_text(trace, 4)
        ),
        format!(
            "The phone sends its cookie and is still logged in: _auth_user_id = {}.",
            result_text(trace, 5)
        ),
    ]
}

// ---------------------------------------------------------------- 3. cart outgrows the cookie

/// Product codes that do not compress well (like real SKUs), deterministic.
fn skus(count: usize) -> Value {
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    Value::List(
        (0..count)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                Value::from(format!("sku-{:012x}", state & 0xffff_ffff_ffff))
            })
            .collect(),
    )
}

/// The cart sizes the story walks through.
const OUTGROW_SIZES: [usize; 4] = [60, 180, 300, 420];

fn outgrow_scenario(engine: Engine) -> Scenario {
    let mut s = base(engine);
    for count in OUTGROW_SIZES {
        s.steps.push(set("main", &[("cart", skus(count))]));
    }
    s.steps.push(request(
        "main",
        ViewCall::Get {
            key: "cart".to_owned(),
            default: Value::Null,
        },
    ));
    s
}

fn list_len(trace: &Trace, i: usize) -> usize {
    match step(trace, i)
        .and_then(|s| s.response.as_ref())
        .map(|r| &r.result)
    {
        Some(Value::List(items)) => items.len(),
        _ => 0,
    }
}

fn outgrow_captions(_engine: Engine, trace: &Trace) -> Vec<String> {
    let mut captions: Vec<String> = OUTGROW_SIZES[..3]
        .iter()
        .enumerate()
        .map(|(i, count)| {
            format!(
                "The cart now holds {count} items. The session is JSON, zlib-compressed, base64-encoded \
                 and signed into the cookie: a {}-byte Set-Cookie header. The browser stores it.",
                set_cookie_len(trace, i)
            )
        })
        .collect();
    captions.push(format!(
        "{} items: the Set-Cookie header is {} bytes, over the 4096 bytes a browser accepts. Django \
         sends it without complaint; the browser ignores it and keeps the previous cookie.",
        OUTGROW_SIZES[3],
        set_cookie_len(trace, 3)
    ));
    captions.push(format!(
        "The next page sends the old cookie: the cart has {} items, not {}. Nothing failed loudly; the \
         last {} items are simply gone. Keep signed-cookie sessions small, or store carts server-side.",
        list_len(trace, 4),
        OUTGROW_SIZES[3],
        OUTGROW_SIZES[3] - list_len(trace, 4)
    ));
    captions
}

// ---------------------------------------------------------------- 4. logout and signed cookies

fn logout_scenario(engine: Engine) -> Scenario {
    let mut s = base(engine);
    s.steps = vec![
        login("main", "1"),
        Step::SaveCookie {
            label: "copied".to_owned(),
            name: None,
            browser: "main".to_owned(),
        },
        request("main", ViewCall::Flush),
        Step::RestoreCookie {
            label: "copied".to_owned(),
            browser: "main".to_owned(),
        },
        get("main", "_auth_user_id"),
        Step::Advance(1_209_601.0),
        get("main", "_auth_user_id"),
    ];
    s
}

fn logout_captions(engine: Engine, trace: &Trace) -> Vec<String> {
    let copy = jar_value(trace, 1, "main").unwrap_or_default();
    let signed = engine == Engine::SignedCookies;
    vec![
        format!(
            "The user logs in; the session cookie holds {}.",
            cookie_holds(engine)
        ),
        format!(
            "Someone copies the cookie ({}): a shared computer, a browser extension, a leaked log.",
            short(&copy)
        ),
        if signed {
            "The user logs out: logout() calls request.session.flush(). Django tells the browser to \
             delete the cookie (Max-Age=0). There is no server-side record to delete."
                .to_owned()
        } else {
            format!(
                "The user logs out: logout() calls request.session.flush(), which deletes the stored \
                 session ({}) and tells the browser to delete the cookie (Max-Age=0).",
                where_stored(engine)
            )
        },
        "The copy is put back into a browser: a replay of the old cookie.".to_owned(),
        if signed {
            format!(
                "It still works: the signature is valid, so Django loads the session and the view reads \
                 _auth_user_id = {}. Logging out did not revoke it.",
                result_text(trace, 4)
            )
        } else {
            format!(
                "It points at a session that no longer exists: the view reads {} and Django deletes \
                 the cookie. Logging out revoked it.",
                result_text(trace, 4)
            )
        },
        "Two weeks and a second pass (SESSION_COOKIE_AGE is 1209600 seconds).".to_owned(),
        if signed {
            format!(
                "Only now does the copy stop working: loads() raises SignatureExpired, Django starts an \
                 empty session and the view reads {}.",
                result_text(trace, 6)
            )
        } else {
            format!("Still nothing: {}.", result_text(trace, 6))
        },
    ]
}

// ---------------------------------------------------------------- 5. cache eviction

fn eviction_scenario(engine: Engine) -> Scenario {
    let mut s = base(engine);
    s.cache.max_entries = 3;
    s.cache.cull_frequency = 3;
    s.steps = vec![
        login("alice", "1"),
        login("bob", "2"),
        login("carol", "3"),
        login("dave", "4"),
        get("alice", "_auth_user_id"),
    ];
    s
}

fn cache_len(trace: &Trace, i: usize) -> usize {
    step(trace, i)
        .and_then(|s| s.store.cache.as_ref())
        .map_or(0, Vec::len)
}

/// Whose sessions (by browser name) were in the cache after step `i - 1` but not after `i`.
fn evicted_at(trace: &Trace, i: usize) -> Vec<String> {
    let keys_at = |at: Option<usize>| -> Vec<String> {
        at.and_then(|at| step(trace, at))
            .and_then(|s| s.store.cache.as_ref())
            .map_or(Vec::new(), |entries| {
                entries.iter().map(|e| e.key.clone()).collect()
            })
    };
    let before = keys_at(i.checked_sub(1));
    let after = keys_at(Some(i));
    let Some(now) = step(trace, i) else {
        return Vec::new();
    };
    before
        .iter()
        .filter(|key| !after.contains(key))
        .filter_map(|key| {
            now.jars
                .iter()
                .find(|jar| jar.cookies.iter().any(|c| key.ends_with(&c.value)))
                .map(|jar| capitalised(&jar.browser))
        })
        .collect()
}

fn capitalised(name: &str) -> String {
    let mut chars = name.chars();
    chars.next().map_or(String::new(), |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

fn cache_writes(trace: &Trace, i: usize) -> usize {
    step(trace, i).map_or(0, |s| {
        s.events
            .iter()
            .filter(|e| e.kind == EventKind::StoreWrite && e.sentence.starts_with("The cache"))
            .count()
    })
}

fn eviction_captions(engine: Engine, trace: &Trace) -> Vec<String> {
    let cached_db = engine == Engine::CachedDb;
    let mut captions: Vec<String> = ["alice", "bob", "carol", "dave"]
        .iter()
        .enumerate()
        .map(|(i, user)| {
            let mut text = format!("{} logs in", capitalised(user));
            if cached_db {
                text.push_str(&format!(
                    ": a database row, and {} cache writes (create() saves once, then \
                     SessionMiddleware's save() writes the cache again)",
                    cache_writes(trace, i)
                ));
            }
            text.push('.');
            let evicted = evicted_at(trace, i);
            if !evicted.is_empty() {
                text.push_str(&format!(
                    " LocMemCache culls before every write once it holds MAX_ENTRIES = 3 entries (even \
                     when rewriting a key it already has): it drops len // CULL_FREQUENCY = 1 least \
                     recently used entry, {}'s session.",
                    evicted.join(" and ")
                ));
            }
            let held = cache_len(trace, i);
            text.push_str(&format!(
                " The cache holds {held} {}.",
                if held == 1 { "entry" } else { "entries" }
            ));
            text
        })
        .collect();
    captions.push(if cached_db {
        format!(
            "Alice comes back. The cache misses, cached_db reads her row from the database and puts \
             it back in the cache: she is still logged in as {}. The cache only made her request \
             slower.",
            result_text(trace, 4)
        )
    } else {
        format!(
            "Alice comes back. Her key is no longer in the cache, so her session loads empty: the \
             view reads {} and Django deletes her cookie. She was logged out because others logged in.",
            result_text(trace, 4)
        )
    });
    captions
}

// ---------------------------------------------------------------- 6. rotating SECRET_KEY

const OLD_SECRET: &str = "django-insecure-old-key-3f9a7c1e5b2d4f6a8c0e";
const NEW_SECRET: &str = "django-new-key-b81d9e4f0a6c2e7d5b3f9a1c";

fn rotation_scenario(engine: Engine) -> Scenario {
    let mut s = base(engine);
    s.settings
        .changes
        .push(SettingChange::SecretKey(OLD_SECRET.to_owned()));
    s.steps = vec![
        login("laptop", "1"),
        login("phone", "2"),
        Step::RotateSecret(NEW_SECRET.to_owned()),
        get("laptop", "_auth_user_id"),
        set("laptop", &[("theme", Value::from("dark"))]),
        Step::Settings(SettingsPatch {
            changes: vec![SettingChange::SecretKeyFallbacks(Vec::new())],
        }),
        get("laptop", "_auth_user_id"),
        get("phone", "_auth_user_id"),
    ];
    s
}

fn rotation_captions(engine: Engine, trace: &Trace) -> Vec<String> {
    let signed_store = !matches!(engine, Engine::Cache | Engine::CachedDb);
    let signed_thing = match engine {
        Engine::SignedCookies => "the cookie",
        Engine::File => "the session file",
        _ => "the session_data column",
    };
    let login_caption = match engine {
        Engine::Cache => {
            "The laptop logs in. The cache keeps its session dict as it is: nothing is signed, so \
             SECRET_KEY plays no part."
        }
        Engine::CachedDb => {
            "The laptop logs in. The database row's session_data is signed with the old SECRET_KEY; \
             the cache copy is the plain dict."
        }
        _ => "The laptop logs in; the session is signed with the old SECRET_KEY.",
    };
    vec![
        login_caption.to_owned(),
        "The phone logs in too, also under the old key.".to_owned(),
        "SECRET_KEY is rotated: the new key signs from now on and the old one moves to \
         SECRET_KEY_FALLBACKS."
            .to_owned(),
        if signed_store {
            format!(
                "The laptop reads its session: the current key does not verify {signed_thing}, the \
                 fallback does, so the user is still logged in ({}).",
                result_text(trace, 3)
            )
        } else {
            format!(
                "The laptop reads its session ({}). The cache keeps the session dict itself, unsigned, \
                 so the key plays no part.",
                result_text(trace, 3)
            )
        },
        if signed_store {
            format!(
                "The laptop changes a preference: the session is saved again, now signed with the new \
                 key (Set-Cookie {} bytes).",
                set_cookie_len(trace, 4)
            )
        } else {
            "The laptop changes a preference: the session is saved again.".to_owned()
        },
        "The old key is removed from SECRET_KEY_FALLBACKS, a little too early.".to_owned(),
        if signed_store {
            format!(
                "The laptop is fine: its session was re-signed with the new key ({}).",
                result_text(trace, 6)
            )
        } else {
            format!("The laptop is fine ({}).", result_text(trace, 6))
        },
        if signed_store {
            format!(
                "The phone has not been back since the rotation: its session is signed only with the \
                 removed key. It no longer verifies, Django treats it as empty, and the phone is logged \
                 out ({}). Keep the old key in the fallbacks until sessions signed with it have expired.",
                result_text(trace, 7)
            )
        } else {
            format!(
                "The phone is still logged in ({}): its session is read from the cache, which is not \
                 signed, so rotating SECRET_KEY does not touch it.{}",
                result_text(trace, 7),
                if engine == Engine::CachedDb {
                    " Its database row, signed with the removed key, no longer verifies: if the cache \
                     ever loses the entry, the phone is logged out."
                } else {
                    ""
                }
            )
        },
    ]
}

// ---------------------------------------------------------------- 7. sliding expiry

fn sliding_scenario(engine: Engine) -> Scenario {
    let mut s = base(engine);
    s.settings.changes = vec![
        SettingChange::CookieAge(600),
        SettingChange::SaveEveryRequest(true),
    ];
    s.steps = vec![
        login("laptop", "1"),
        login("phone", "2"),
        Step::Advance(300.0),
        request("laptop", ViewCall::Noop),
        Step::Advance(300.0),
        get("phone", "_auth_user_id"),
        get("laptop", "_auth_user_id"),
        Step::Advance(601.0),
        get("laptop", "_auth_user_id"),
    ];
    s
}

fn sliding_captions(_engine: Engine, trace: &Trace) -> Vec<String> {
    vec![
        "The laptop logs in. SESSION_COOKIE_AGE is 600: the cookie and the session expire in 10 minutes."
            .to_owned(),
        "The phone logs in at the same moment.".to_owned(),
        "5 minutes pass.".to_owned(),
        format!(
            "The laptop opens a page that never touches the session. With SESSION_SAVE_EVERY_REQUEST \
             Django saves it anyway and sends a fresh cookie ({} bytes): the 10 minutes start again.",
            set_cookie_len(trace, 3)
        ),
        "5 more minutes: 10 minutes since login.".to_owned(),
        format!(
            "The phone has been idle for 10 minutes. Its cookie's expiry has come, so the browser sends \
             nothing: logged out ({}).",
            result_text(trace, 5)
        ),
        format!(
            "The laptop was active 5 minutes ago, so it is still logged in ({}), and this request slides \
             its expiry again.",
            result_text(trace, 6)
        ),
        "The laptop is left idle for 10 minutes and a second.".to_owned(),
        format!(
            "Now the laptop is logged out too ({}). SAVE_EVERY_REQUEST turns SESSION_COOKIE_AGE into an \
             idle timeout, at the cost of a write on every request.",
            result_text(trace, 8)
        ),
    ]
}

// ---------------------------------------------------------------- 8. session fixation

fn fixation_scenario(engine: Engine) -> Scenario {
    let mut s = base(engine);
    let cart = || ("cart", Value::List(Vec::new()));
    s.steps = vec![
        set("attacker", &[cart()]),
        Step::SaveCookie {
            label: "planted".to_owned(),
            name: None,
            browser: "attacker".to_owned(),
        },
        Step::RestoreCookie {
            label: "planted".to_owned(),
            browser: "victim".to_owned(),
        },
        login("victim", "7"),
        get("attacker", "_auth_user_id"),
        request("victim", ViewCall::Flush),
        set("attacker", &[cart()]),
        Step::SaveCookie {
            label: "planted again".to_owned(),
            name: None,
            browser: "attacker".to_owned(),
        },
        Step::RestoreCookie {
            label: "planted again".to_owned(),
            browser: "victim".to_owned(),
        },
        request(
            "victim",
            ViewCall::Multi(vec![
                ViewCall::CycleKey,
                ViewCall::Set(dict(&[("_auth_user_id", Value::from("7"))])),
            ]),
        ),
        get("attacker", "_auth_user_id"),
    ];
    s
}

fn fixation_captions(engine: Engine, trace: &Trace) -> Vec<String> {
    let signed = engine == Engine::SignedCookies;
    let planted = jar_value(trace, 1, "attacker").unwrap_or_default();
    let replanted = jar_value(trace, 7, "attacker").unwrap_or_default();
    let victim_after = jar_value(trace, 9, "victim").unwrap_or_default();
    vec![
        format!(
            "The attacker visits the shop and gets a session cookie ({}).",
            short(&planted)
        ),
        "The attacker keeps a copy of it.".to_owned(),
        "The attacker plants the same cookie in the victim's browser (through a subdomain, an \
         injected header or a shared machine)."
            .to_owned(),
        if signed {
            "The victim logs in with a view that forgets cycle_key(). The session data is written into \
             a new signed cookie in the victim's browser."
                .to_owned()
        } else {
            "The victim logs in with a view that forgets cycle_key(): _auth_user_id is saved under the \
             planted session key."
                .to_owned()
        },
        if signed {
            format!(
                "The attacker's copy is a different cookie holding only the empty cart, so it reads {}: \
                 with signed cookies the data is in the cookie, so fixation gains nothing.",
                result_text(trace, 4)
            )
        } else {
            format!(
                "The attacker's copy carries the same key, so the attacker is now logged in as the \
                 victim: _auth_user_id = {}.",
                result_text(trace, 4)
            )
        },
        "The victim logs out (flush).".to_owned(),
        if signed {
            format!(
                "The attacker sets up again. Same data, same second: the signed cookie is byte for \
                 byte the one from before ({}).",
                short(&replanted)
            )
        } else {
            format!(
                "The attacker tries again: the old key was flushed, so the attacker gets a fresh \
                 session ({}).",
                short(&replanted)
            )
        },
        "The attacker keeps a copy.".to_owned(),
        "And plants it in the victim's browser again.".to_owned(),
        if signed {
            "This time the login view does what django.contrib.auth.login() does: cycle_key() before \
             writing the user."
                .to_owned()
        } else {
            format!(
                "This time the login view does what django.contrib.auth.login() does: cycle_key() moves \
                 the data to a new key ({}) and deletes the planted one, then writes the user.",
                short(&victim_after)
            )
        },
        if signed {
            format!(
                "The attacker's copy reads {}: it only ever held the empty cart. With server-side \
                 engines, cycle_key() is what stops fixation; always log users in with \
                 django.contrib.auth.login().",
                result_text(trace, 10)
            )
        } else {
            format!(
                "The attacker's copy now reads {}: the planted key no longer exists. Always log users \
                 in with django.contrib.auth.login().",
                result_text(trace, 10)
            )
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use sessionscope_engine::scenario::run;

    const SERVER_ENGINES: &[Engine] = &[Engine::Db, Engine::Cache, Engine::CachedDb, Engine::File];

    fn dropped_entry(trace: &Trace, i: usize) -> bool {
        trace.steps[i]
            .events
            .iter()
            .any(|e| e.kind == EventKind::StoreEvict)
    }

    fn dropped(trace: &Trace, i: usize) -> bool {
        step(trace, i).is_some_and(|s| {
            s.events
                .iter()
                .any(|e| matches!(e.kind, EventKind::CookieDropped { .. }))
        })
    }

    fn result(trace: &Trace, i: usize) -> Value {
        trace.steps[i].response.as_ref().unwrap().result.clone()
    }

    fn sets_cookie(trace: &Trace, i: usize) -> bool {
        !trace.steps[i]
            .response
            .as_ref()
            .unwrap()
            .set_cookies
            .is_empty()
    }

    fn deletes_cookie(trace: &Trace, i: usize) -> bool {
        trace.steps[i]
            .response
            .as_ref()
            .unwrap()
            .set_cookies
            .iter()
            .any(|c| c.attributes.max_age == Some(0))
    }

    fn sent_cookie(trace: &Trace, i: usize) -> bool {
        trace.steps[i]
            .request
            .as_ref()
            .unwrap()
            .cookie_header
            .is_some()
    }

    fn s(text: &str) -> Value {
        Value::from(text)
    }

    /// The claims each story's captions make, checked on the engine's trace.
    fn verify(story: &Story, engine: Engine, t: &Trace) {
        let server = engine != Engine::SignedCookies;
        match story.id {
            "shopping-cart" => {
                assert!(!sets_cookie(t, 0) && !sent_cookie(t, 0));
                assert_eq!(stored_sessions(t, 0), 0);
                assert!(sets_cookie(t, 1) && sets_cookie(t, 2));
                assert_eq!(stored_sessions(t, 1), usize::from(server));
                assert!(sent_cookie(t, 3) && !sets_cookie(t, 3));
                let cart = strings(&["django-book", "mug"]);
                assert_eq!(result(t, 3), cart);
                assert_eq!(result(t, 5), cart);
                assert_eq!(result(t, 6), cart);
                assert!(sets_cookie(t, 6) && !deletes_cookie(t, 6));
                assert!(jar_value(t, 6, "main").is_some());
                if server {
                    assert_eq!(jar_value(t, 6, "main"), jar_value(t, 5, "main"), "same key");
                    assert_eq!(stored_sessions(t, 6), 1);
                    let empty = Some(Value::empty_dict());
                    match (
                        &t.steps[6].store.db,
                        &t.steps[6].store.files,
                        &t.steps[6].store.cache,
                    ) {
                        (Some(rows), _, _) => assert_eq!(rows[0].data, empty),
                        (_, Some(files), _) => assert_eq!(files[0].data, empty),
                        (_, _, Some(entries)) => assert_eq!(Some(entries[0].value.clone()), empty),
                        _ => panic!("no store"),
                    }
                } else {
                    assert!(jar_value(t, 6, "main").unwrap().starts_with("e30:"));
                }
            }
            "close-the-browser" => {
                let laptop = &t.steps[0].response.as_ref().unwrap().set_cookies[0];
                assert_eq!(laptop.attributes.expires, None);
                assert_eq!(laptop.attributes.max_age, None);
                let phone = &t.steps[1].response.as_ref().unwrap().set_cookies[0];
                assert_eq!(phone.attributes.max_age, Some(1_209_600));
                assert!(phone.attributes.expires.is_some());
                assert_eq!(jar_value(t, 2, "laptop"), None);
                assert!(jar_value(t, 3, "phone").is_some());
                assert!(!sent_cookie(t, 4));
                assert_eq!(result(t, 4), Value::Null);
                assert_eq!(stored_sessions(t, 4), if server { 2 } else { 0 });
                assert_eq!(result(t, 5), s("2"));
            }
            "cart-outgrows-cookie" => {
                for i in 0..3 {
                    assert!(set_cookie_len(t, i) <= 4096 && !dropped(t, i), "step {i}");
                    assert!(jar_value(t, i, "main").is_some());
                }
                assert!(dropped(t, 3));
                let header = set_cookie_output(t, 3).unwrap();
                let value_len = t.steps[3].response.as_ref().unwrap().set_cookies[0]
                    .value
                    .len();
                assert!("sessionid".len() + value_len > 4096, "{}", header.len());
                assert_eq!(jar_value(t, 3, "main"), jar_value(t, 2, "main"));
                assert_eq!(list_len(t, 4), OUTGROW_SIZES[2]);
            }
            "logout-signed-cookie" => {
                assert!(deletes_cookie(t, 2));
                assert!(sent_cookie(t, 4));
                if server {
                    assert_eq!(result(t, 4), Value::Null);
                    assert!(deletes_cookie(t, 4));
                } else {
                    assert_eq!(result(t, 4), s("1"));
                }
                assert_eq!(result(t, 6), Value::Null);
            }
            "cache-evicts-sessions" => {
                let alice_key = jar_value(t, 0, "alice").unwrap();
                let cache = t.steps[3].store.cache.as_ref().unwrap();
                assert!(!cache.iter().any(|e| e.key.ends_with(&alice_key)));
                let evictions: Vec<Vec<String>> = (0..4).map(|i| evicted_at(t, i)).collect();
                let names = |list: &[&str]| list.iter().map(|n| n.to_string()).collect::<Vec<_>>();
                if engine == Engine::CachedDb {
                    // Two cache writes per new session: the second one culls already at Carol.
                    assert_eq!(cache_len(t, 3), 2);
                    assert_eq!(evictions[2], names(&["Alice"]));
                    assert_eq!(evictions[3], names(&["Bob"]));
                } else {
                    assert_eq!(cache_len(t, 2), 3);
                    assert_eq!(cache_len(t, 3), 3);
                    assert_eq!(evictions.concat(), names(&["Alice"]));
                    assert!(evictions[3] == names(&["Alice"]));
                }
                for (i, evicted) in evictions.iter().enumerate() {
                    assert_eq!(!evicted.is_empty(), dropped_entry(t, i), "step {i}");
                }
                if engine == Engine::CachedDb {
                    assert_eq!(cache_writes(t, 0), 2);
                    assert_eq!(t.steps[3].store.db.as_ref().unwrap().len(), 4);
                    assert_eq!(result(t, 4), s("1"));
                } else {
                    assert_eq!(result(t, 4), Value::Null);
                    assert!(deletes_cookie(t, 4));
                }
            }
            "rotate-secret-key" => {
                assert_eq!(result(t, 3), s("1"));
                assert!(sets_cookie(t, 4));
                assert_eq!(result(t, 6), s("1"));
                let signed_store = !matches!(engine, Engine::Cache | Engine::CachedDb);
                if engine == Engine::CachedDb {
                    let phone_key = jar_value(t, 7, "phone").unwrap();
                    let rows = t.steps[7].store.db.as_ref().unwrap();
                    let row = rows.iter().find(|r| r.session_key == phone_key).unwrap();
                    assert_eq!(row.data, None, "the phone's row no longer verifies");
                }
                assert_eq!(
                    result(t, 7),
                    if signed_store { Value::Null } else { s("2") }
                );
                if engine == Engine::SignedCookies {
                    let explained = sessionscope_engine::signing::explain_loads(
                        &jar_value(t, 2, "laptop").unwrap(),
                        &sessionscope_engine::signing::SigningKeys {
                            secret: NEW_SECRET.into(),
                            fallbacks: vec![OLD_SECRET.into()],
                        },
                        sessionscope_engine::session::SIGNED_COOKIE_SALT,
                        None,
                        t.steps[3].now,
                    );
                    assert_eq!(
                        explained.verified_by,
                        Some(sessionscope_engine::signing::VerifyingKey::Fallback(0))
                    );
                }
            }
            "sliding-expiry" => {
                assert!(sets_cookie(t, 3), "a noop request re-saves");
                assert!(!sent_cookie(t, 5));
                assert_eq!(result(t, 5), Value::Null);
                assert_eq!(result(t, 6), s("1"));
                assert_eq!(result(t, 8), Value::Null);
            }
            "session-fixation" => {
                assert_eq!(jar_value(t, 2, "victim"), jar_value(t, 1, "attacker"));
                if server {
                    assert_eq!(jar_value(t, 3, "victim"), jar_value(t, 1, "attacker"));
                    assert_eq!(result(t, 4), s("7"));
                } else {
                    assert_ne!(jar_value(t, 3, "victim"), jar_value(t, 1, "attacker"));
                    assert_eq!(result(t, 4), Value::Null);
                }
                if server {
                    assert_ne!(jar_value(t, 7, "attacker"), jar_value(t, 1, "attacker"));
                } else {
                    assert_eq!(jar_value(t, 7, "attacker"), jar_value(t, 1, "attacker"));
                }
                assert_eq!(jar_value(t, 8, "victim"), jar_value(t, 7, "attacker"));
                assert_ne!(jar_value(t, 9, "victim"), jar_value(t, 7, "attacker"));
                assert_eq!(result(t, 10), Value::Null);
            }
            other => panic!("story {other} has no verifier"),
        }
    }

    #[test]
    fn every_story_tells_the_truth_on_every_engine_it_supports() {
        for story in all() {
            for &engine in story.engines {
                let scenario = story.scenario(engine);
                let trace = run(&scenario);
                for step in &trace.steps {
                    assert_eq!(step.error, None, "{} on {engine}", story.id);
                }
                verify(story, engine, &trace);
                let captions = story.captions(engine, &trace);
                assert_eq!(captions.len(), scenario.steps.len());
                assert!(
                    captions.iter().all(|c| !c.is_empty()),
                    "{} on {engine}: a step has no caption",
                    story.id
                );
            }
        }
    }

    #[test]
    fn stories_are_unique_and_complete() {
        let mut ids: Vec<&str> = all().iter().map(|s| s.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), all().len());
        for story in all() {
            assert!(!story.engines.is_empty());
            assert!(story.intro.len() > 100, "{}", story.id);
            assert!(by_id(story.id).is_some());
        }
    }

    #[test]
    fn a_story_is_recognised_until_it_is_changed() {
        let story = by_id("shopping-cart").unwrap();
        let mut scenario = story.scenario(Engine::File);
        assert_eq!(recognise(&scenario).map(|s| s.id), Some("shopping-cart"));
        scenario.steps.pop();
        assert!(recognise(&scenario).is_none());
        let outgrown = by_id("cart-outgrows-cookie").unwrap();
        assert!(recognise(&outgrown.scenario(Engine::SignedCookies)).is_some());
        let mut elsewhere = outgrown.scenario(Engine::SignedCookies);
        elsewhere.engine = Engine::Db;
        assert!(
            recognise(&elsewhere).is_none(),
            "captions are not written for db"
        );
    }

    #[test]
    fn servers_hold_a_session_when_captions_say_so() {
        for engine in SERVER_ENGINES {
            let story = by_id("shopping-cart").unwrap();
            let trace = run(&story.scenario(*engine));
            assert_eq!(stored_sessions(&trace, 1), 1, "{engine}");
        }
    }

    #[test]
    fn the_outgrown_cart_costs_a_41_byte_cookie_elsewhere() {
        let story = by_id("cart-outgrows-cookie").unwrap();
        let trace = run(&story.scenario(Engine::Db));
        let value = jar_value(&trace, 3, "main").unwrap();
        assert_eq!("sessionid".len() + value.len(), 41);
        assert_eq!(list_len(&trace, 4), OUTGROW_SIZES[3]);
    }
}
