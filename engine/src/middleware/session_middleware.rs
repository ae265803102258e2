//! `django.contrib.sessions.middleware.SessionMiddleware`, and the
//! `convert_exception_to_response` wrapping Django puts around it and around the view
//! (`django/core/handlers/exception.py`).

use crate::event::{EventKind, Lane};
use crate::json::Value;
use crate::quoted::Quoted;
use crate::session::{check_storage_path, Engine, Env, Serializer, Session, SessionError};
use crate::time::http_date;

use super::cookies::RequestCookies;
use super::response::{patch_vary_headers_for, CookieOptions, HttpResponse};

/// `process_request`: `request.session = SessionStore(request.COOKIES.get(SESSION_COOKIE_NAME))`.
/// Nothing is loaded yet. The file engine's store checks its directory here the first time.
pub fn process_request(
    engine: Engine,
    cookies: &RequestCookies,
    env: &mut Env<'_>,
) -> Result<Session, SessionError> {
    let name = env.settings.cookie_name.clone();
    let key = cookies.get(&name);
    env.events.push_detail(
        Lane::Middleware,
        EventKind::ProcessRequest,
        "SessionMiddleware.process_request",
        match key {
            Some(_) => format!("The middleware reads the {name:?} cookie and attaches a lazy session object for that key to the request. Nothing is loaded yet.", name = Quoted(&name),),
            None => format!("There is no {name:?} cookie, so the request gets a new, empty, lazy session object without a key.", name = Quoted(&name),),
        },
        key.map(str::to_owned),
    );
    if env.settings.serializer == Serializer::Pickle && !env.django.has_pickle_serializer() {
        // `SessionBase.__init__`: `self.serializer = import_string(settings.SESSION_SERIALIZER)`.
        let error = SessionError::ImportError(
            "Module \"django.contrib.sessions.serializers\" does not define a \"PickleSerializer\" attribute/class".to_owned(),
        );
        env.events.push_detail(
            Lane::Middleware,
            EventKind::Exception,
            "SessionBase.__init__",
            format!(
                "SESSION_SERIALIZER names PickleSerializer, which Django {} no longer has (removed in 5.0): building the session raises ImportError, so every request fails before the view runs.",
                env.django
            ),
            Some(error.to_string()),
        );
        return Err(error);
    }
    if engine == Engine::File {
        check_storage_path(env)?;
    }
    Ok(Session::new(engine, key, &name))
}

/// `process_response`: save the session and set its cookie when it was modified (or on every
/// request with `SESSION_SAVE_EVERY_REQUEST`), delete the cookie when the session became
/// empty, and add `Vary: Cookie` when the session was accessed or a cookie was sent.
pub fn process_response(
    cookies: &RequestCookies,
    session: &mut Session,
    response: &mut HttpResponse,
    env: &mut Env<'_>,
) -> Result<(), SessionError> {
    let accessed = session.accessed();
    let modified = session.modified();
    let empty = session.is_empty();
    let settings = env.settings;
    env.events.push(
        Lane::Middleware,
        EventKind::ProcessResponse,
        "SessionMiddleware.process_response",
        format!(
            "On the way out the middleware checks the session: accessed={}, modified={}, empty={}.",
            py_bool(accessed),
            py_bool(modified),
            py_bool(empty)
        ),
    );
    let need_vary = if cookies.contains(&settings.cookie_name) && empty {
        let morsel = response.delete_cookie(
            &settings.cookie_name,
            &settings.cookie_path,
            settings.cookie_domain.as_deref(),
            settings.cookie_samesite.as_deref(),
        )?;
        env.events.push_detail(
            Lane::Middleware,
            EventKind::DeleteCookie,
            "HttpResponseBase.delete_cookie",
            "The browser sent a session cookie but the session is now empty, so the response tells the browser to delete the cookie.",
            Some(format!("Set-Cookie: {}", morsel.output_string())),
        );
        true
    } else {
        let mut need_vary = accessed;
        if (modified || settings.save_every_request) && !empty {
            let cookie_set = save_and_set_cookie(session, response, env)?;
            if env.django.sends_vary_on_save_every_request() {
                need_vary |= cookie_set;
            }
        } else {
            env.events.push(
                Lane::Middleware,
                EventKind::NoCookieChange,
                "SessionMiddleware.process_response",
                if empty {
                    "The session is empty and the browser sent no session cookie: nothing to save, no cookie."
                } else {
                    "The session was not modified, so nothing is saved and no cookie is sent."
                },
            );
        }
        need_vary
    };
    if need_vary {
        let vary = patch_vary_headers_for(env.django, response.vary.as_deref(), &["Cookie"]);
        env.events.push_detail(
            Lane::Middleware,
            EventKind::VaryCookie,
            "patch_vary_headers",
            "The response depends on the session cookie, so the middleware adds \"Cookie\" to the Vary header (caches must not share it between users).",
            Some(format!("Vary: {vary}")),
        );
        response.vary = Some(vary);
    }
    Ok(())
}

fn py_bool(b: bool) -> &'static str {
    if b {
        "True"
    } else {
        "False"
    }
}

/// The `modified or SESSION_SAVE_EVERY_REQUEST` branch: compute the cookie's lifetime, then
/// (below 500) save and set the cookie. Returns whether a cookie was set.
fn save_and_set_cookie(
    session: &mut Session,
    response: &mut HttpResponse,
    env: &mut Env<'_>,
) -> Result<bool, SessionError> {
    let lifetime = if session.get_expire_at_browser_close(env)? {
        None
    } else {
        let age = session.get_expiry_age(env)?;
        let expires = http_date(env.now + age.as_seconds()?)?;
        Some((age, expires))
    };
    if response.status >= 500 {
        env.events.push(
            Lane::Middleware,
            EventKind::NoCookieChange,
            "SessionMiddleware.process_response",
            format!(
                "The response is a server error ({}), so Django skips saving the session and sends no cookie.",
                response.status
            ),
        );
        return Ok(false);
    }
    if let Err(error) = session.save(false, env) {
        return Err(match error {
            SessionError::UpdateError => {
                env.events.push(
                    Lane::Middleware,
                    EventKind::Exception,
                    "SessionMiddleware.process_response",
                    "Saving failed because the session's record was deleted during the request (UpdateError): Django raises SessionInterrupted and answers 400 Bad Request.",
                );
                SessionError::SessionInterrupted
            }
            other => other,
        });
    }
    let settings = env.settings;
    let (max_age, expires) = match &lifetime {
        Some((age, expires)) => (Some(age.as_max_age()?), Some(expires.clone())),
        None => (None, None),
    };
    let value = session.session_key().unwrap_or("None").to_owned();
    let morsel = response.set_cookie(
        &settings.cookie_name,
        &value,
        CookieOptions {
            max_age,
            expires,
            path: Some(settings.cookie_path.clone()),
            domain: settings.cookie_domain.clone(),
            secure: settings.cookie_secure,
            httponly: settings.cookie_httponly,
            samesite: settings.cookie_samesite.clone(),
        },
    )?;
    let sentence = match (&lifetime, max_age) {
        (None, _) => "The session was saved; the cookie carries its key and has no expiry, so the browser keeps it until it closes.".to_owned(),
        (Some(_), Some(age)) => format!("The session was saved; the cookie carries its key and lives {age} seconds (Max-Age and expires)."),
        (Some(_), None) => "The session was saved and its cookie set.".to_owned(),
    };
    env.events.push_detail(
        Lane::Middleware,
        EventKind::SetCookie,
        "HttpResponseBase.set_cookie",
        sentence,
        Some(format!("Set-Cookie: {}", morsel.output_string())),
    );
    Ok(true)
}

/// What Django's request handling produced.
#[derive(Clone, Debug, PartialEq)]
pub struct Handled {
    /// The final response.
    pub response: HttpResponse,
    /// The view's return value (`null` if it raised).
    pub result: Value,
    /// The last exception raised by the view or by `process_response`, if any (what
    /// Django's conformance traces record as `exception`).
    pub exception: Option<SessionError>,
    /// An exception raised by `process_request` (the file engine's missing directory,
    /// `ImportError` for a serializer this Django lacks); the view then never ran.
    pub request_exception: Option<SessionError>,
    /// The exception the view raised, if any (the versions README's `view_exception`).
    pub view_exception: Option<SessionError>,
    /// The exception `process_response` raised, if any (it escaped `SessionMiddleware`).
    pub response_exception: Option<SessionError>,
}

impl Handled {
    /// The exception that escaped `SessionMiddleware` (the versions README's `exception`):
    /// one from `process_request` or from `process_response`.
    pub fn escaped_exception(&self) -> Option<&SessionError> {
        self.request_exception
            .as_ref()
            .or(self.response_exception.as_ref())
    }
}

/// `response_for_exception`: a fresh 400 (`SuspiciousOperation`, `BadRequest`) or 500
/// response; whatever the failed response carried (cookies, `Vary`) is lost.
pub fn response_for_exception(error: &SessionError, env: &mut Env<'_>) -> HttpResponse {
    let status = error.response_status();
    env.events.push_detail(
        Lane::Middleware,
        EventKind::Exception,
        "convert_exception_to_response",
        format!(
            "The exception is turned into a plain {status} response: anything the failed response carried (cookies, Vary) is lost."
        ),
        Some(error.to_string()),
    );
    HttpResponse::new(status)
}

/// A request inside Django between the calls `MiddlewareMixin.__call__`
/// (`django/utils/deprecation.py`) makes for `SessionMiddleware`
/// (`django/contrib/sessions/middleware.py`): after
/// `process_request` ([`InFlight::start`]), after the view ([`InFlight::view`]), and done
/// after `process_response` ([`InFlight::respond`]). Each request has its own `HttpRequest` and
/// session; requests in flight at once share only the stores, so whichever runs its phases
/// first decides what the other loads and overwrites.
#[derive(Clone, Debug)]
pub struct InFlight {
    cookies: RequestCookies,
    /// `request.session`, or the exception `process_request` raised.
    session: Result<Session, SessionError>,
    /// The view's response, result and exception, once it ran.
    viewed: Option<(HttpResponse, Value, Option<SessionError>)>,
}

impl InFlight {
    /// `SessionMiddleware.process_request` for a request carrying `cookies`: nothing loads.
    pub fn start(engine: Engine, cookies: RequestCookies, env: &mut Env<'_>) -> InFlight {
        let session = process_request(engine, &cookies, env);
        InFlight {
            cookies,
            session,
            viewed: None,
        }
    }

    /// The view inside `convert_exception_to_response`: it gets the session (which loads at
    /// its first access) and returns its result; its response has `status` and `vary`. A
    /// request whose `process_request` raised never reaches it.
    pub fn view(
        &mut self,
        status: u16,
        vary: Option<&str>,
        view: impl FnOnce(&mut Session, &mut Env<'_>) -> Result<Value, SessionError>,
        env: &mut Env<'_>,
    ) {
        let Ok(session) = &mut self.session else {
            return;
        };
        if self.viewed.is_some() {
            return;
        }
        self.viewed = Some(match view(session, env) {
            Ok(result) => {
                let mut response = HttpResponse::new(status);
                response.vary = vary.map(str::to_owned);
                (response, result, None)
            }
            Err(error) => (
                response_for_exception(&error, env),
                Value::Null,
                Some(error),
            ),
        });
    }

    /// `SessionMiddleware.process_response` inside `convert_exception_to_response`: the save
    /// (after a load, if the view never loaded), the cookie, `Vary`; an exception becomes a
    /// plain 400 or 500.
    pub fn respond(self, env: &mut Env<'_>) -> Handled {
        let mut session = match self.session {
            Ok(session) => session,
            Err(error) => {
                return Handled {
                    response: response_for_exception(&error, env),
                    result: Value::Null,
                    exception: None,
                    request_exception: Some(error),
                    view_exception: None,
                    response_exception: None,
                }
            }
        };
        let (mut response, result, view_exception) = match self.viewed {
            Some(viewed) => viewed,
            None => (HttpResponse::new(200), Value::Null, None),
        };
        let mut exception = view_exception.clone();
        let mut response_exception = None;
        if let Err(error) = process_response(&self.cookies, &mut session, &mut response, env) {
            response = response_for_exception(&error, env);
            response_exception = Some(error.clone());
            exception = Some(error);
        }
        Handled {
            response,
            result,
            exception,
            request_exception: None,
            view_exception,
            response_exception,
        }
    }
}

/// One request through `convert_exception_to_response(SessionMiddleware(
/// convert_exception_to_response(view)))`, its three phases back to back ([`InFlight`]). The
/// view gets the session and returns its result; its response has `status` and `vary`.
pub fn handle_request(
    engine: Engine,
    cookies: &RequestCookies,
    status: u16,
    vary: Option<&str>,
    view: impl FnOnce(&mut Session, &mut Env<'_>) -> Result<Value, SessionError>,
    env: &mut Env<'_>,
) -> Handled {
    let mut in_flight = InFlight::start(engine, cookies.clone(), env);
    in_flight.view(status, vary, view, env);
    in_flight.respond(env)
}
