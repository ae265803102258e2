//! The playback of one step: what happened, in order, told by the code that did it.
//!
//! Events are pushed by the real code paths (the middleware, the session, the stores, the
//! simulated browser) as they run, so they are always true to what the engine computed; the
//! playground animates them lane by lane.

use crate::browser::rules::{NotSentReason, RefusalReason};

/// Where an event happens, left to right in the playground's picture.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lane {
    /// The simulated browser and its cookie jar.
    Browser,
    /// `django.contrib.sessions.middleware.SessionMiddleware`.
    Middleware,
    /// The view and `request.session` (Django's `SessionBase`).
    View,
    /// The session store: the database table, the cache, the file directory or nothing.
    Store,
}

/// What kind of thing happened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EventKind {
    /// The browser sent a `Cookie` header.
    CookieSent,
    /// The browser had no cookie to send.
    NoCookieSent,
    /// `SessionMiddleware.process_request` built `request.session`.
    ProcessRequest,
    /// The session loaded its data lazily (`SessionBase._get_session`).
    SessionLoad,
    /// A read from the store (SELECT, cache get, file read, signature check).
    StoreRead,
    /// A write to the store (INSERT/UPDATE, cache set/add, file write).
    StoreWrite,
    /// A deletion from the store.
    StoreDelete,
    /// An entry evicted by the cache (cull or lazy expiry).
    StoreEvict,
    /// A new session key was drawn (`SessionBase._get_new_session_key`).
    NewKey,
    /// The view did something with `request.session`.
    ViewOp,
    /// The view or the middleware raised an exception that Django turned into a response.
    Exception,
    /// `SessionMiddleware.process_response` started deciding.
    ProcessResponse,
    /// The response sets the session cookie.
    SetCookie,
    /// The response deletes the session cookie.
    DeleteCookie,
    /// The response leaves the browser's cookie alone.
    NoCookieChange,
    /// `Vary: Cookie` was added to the response.
    VaryCookie,
    /// The browser stored a cookie from a `Set-Cookie`.
    CookieStored,
    /// The browser ignored a `Set-Cookie` (the reason in words).
    CookieDropped {
        /// Why, e.g. `"4096-byte limit"`.
        reason: String,
    },
    /// The browser deleted a cookie because a `Set-Cookie` told it to.
    CookieDeleted,
    /// The browser dropped a cookie whose expiry passed.
    CookieExpired,
    /// The user or the scenario changed something outside Django (clock, settings, jar, faults).
    Environment,
    /// `django.contrib.auth.login` puts a user into the session (`_auth_user_id`,
    /// `_auth_user_backend`, `_auth_user_hash`), after cycling the key or flushing.
    Login,
    /// `django.contrib.auth.logout` flushes the session.
    Logout,
    /// `django.contrib.auth.get_user` compares the session's `_auth_user_hash` with the
    /// user's current session auth hash.
    AuthHashCheck {
        /// What the comparison found.
        verdict: AuthHashVerdict,
    },
    /// A browser with cookie rules kept a stored cookie back from the request (or hid it from
    /// `document.cookie`); the sentence gives the reasons in words.
    CookieNotSent {
        /// The cookie's name.
        name: String,
        /// Why, in DevTools order.
        reasons: Vec<NotSentReason>,
    },
    /// A browser with cookie rules refused a `Set-Cookie` line (or a `document.cookie` write);
    /// the sentence gives the reasons in words, the detail the line.
    CookieRefused {
        /// The cookie's name (as far as the line could be read).
        name: String,
        /// Why, in DevTools order.
        reasons: Vec<RefusalReason>,
    },
    /// A script read `document.cookie` (the detail is what it saw).
    ScriptRead,
}

/// The outcome of `get_user`'s session verification (`django/contrib/auth/__init__.py`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuthHashVerdict {
    /// The stored hash equals the user's hash under `SECRET_KEY`: the user stays logged in.
    Verified,
    /// Only a `SECRET_KEY_FALLBACKS` key reproduces the stored hash: Django cycles the key
    /// and stores the hash under the current `SECRET_KEY`.
    VerifiedByFallback,
    /// No key reproduces it (the password changed, or `SECRET_KEY` was rotated without
    /// keeping the old key as a fallback), or it is missing: Django flushes the session.
    Rejected,
}

/// One thing that happened, for the playground to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    /// Which lane it belongs to.
    pub lane: Lane,
    /// What kind of thing it was.
    pub kind: EventKind,
    /// The Django function involved, e.g. `"SessionMiddleware.process_request"`.
    pub django: &'static str,
    /// One plain-English sentence for a beginner.
    pub sentence: String,
    /// The exact bytes involved, if any: a header, SQL with its parameters, a cache key and
    /// timeout, a file name and content.
    pub detail: Option<String>,
}

/// An append-only list of events, handed down to the code that does things.
#[derive(Clone, Debug, Default)]
pub struct EventLog {
    events: Vec<Event>,
}

impl EventLog {
    /// An empty log.
    pub fn new() -> EventLog {
        EventLog::default()
    }

    /// Records an event without detail.
    pub fn push(
        &mut self,
        lane: Lane,
        kind: EventKind,
        django: &'static str,
        sentence: impl Into<String>,
    ) {
        self.push_detail(lane, kind, django, sentence, None::<String>);
    }

    /// Records an event with its exact bytes.
    pub fn push_detail(
        &mut self,
        lane: Lane,
        kind: EventKind,
        django: &'static str,
        sentence: impl Into<String>,
        detail: Option<impl Into<String>>,
    ) {
        self.events.push(Event {
            lane,
            kind,
            django,
            sentence: sentence.into(),
            detail: detail.map(Into::into),
        });
    }

    /// The events so far, in order.
    pub fn events(&self) -> &[Event] {
        &self.events
    }

    /// Takes the events out, leaving the log empty.
    pub fn take(&mut self) -> Vec<Event> {
        std::mem::take(&mut self.events)
    }
}
