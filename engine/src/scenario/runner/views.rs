//! The scenario views (the README's "Views" table): each takes `request.session` and returns
//! the JSON result, the way the conformance harness's views do.

use crate::auth::{self, Users};
use crate::event::{EventKind, Lane};
use crate::json::{Dict, Value};
use crate::quoted::Quoted;
use crate::session::{timedelta_micros, Env, ExpiryValue, Session, SessionError};
use crate::time::parse_isoformat;

use super::super::document::{ExpiryArg, ViewCall};
use super::in_place::{append_in_place, SharedLists};

/// `{"error": "KeyError"}`: what the views return instead of raising `KeyError`.
fn key_error_result() -> Value {
    let mut d = Dict::new();
    d.insert("error", Value::from("KeyError"));
    Value::Dict(d)
}

/// Turns `KeyError` into `{"error": "KeyError"}` (for `pop`, `delete`,
/// `delete_test_cookie`, `append`); other errors propagate.
fn catching_key_error(outcome: Result<Value, SessionError>) -> Result<Value, SessionError> {
    match outcome {
        Err(SessionError::KeyError(_)) => Ok(key_error_result()),
        other => other,
    }
}

fn say(env: &mut Env<'_>, django: &'static str, sentence: impl Into<String>) {
    env.events
        .push(Lane::View, EventKind::ViewOp, django, sentence);
}

/// Builds the Python object the view passes to `set_expiry`.
fn expiry_value(arg: &ExpiryArg) -> Result<ExpiryValue, SessionError> {
    Ok(match arg {
        ExpiryArg::Value(Value::Null) => ExpiryValue::Clear,
        ExpiryArg::Value(Value::Dict(_)) => {
            return Err(SessionError::ValueError("bad set_expiry value".to_owned()))
        }
        ExpiryArg::Value(other) => ExpiryValue::Raw(other.clone()),
        ExpiryArg::Timedelta(seconds) => ExpiryValue::Timedelta(timedelta_micros(seconds)?),
        ExpiryArg::Datetime(Value::Str(text)) => ExpiryValue::Datetime(parse_isoformat(text)?),
        ExpiryArg::Datetime(_) => {
            return Err(SessionError::TypeError(
                "fromisoformat: argument must be str".to_owned(),
            ))
        }
    })
}

/// Runs one view call; `users` is the `auth_user` table `login` and `user` read.
pub fn run_view(
    call: &ViewCall,
    session: &mut Session,
    env: &mut Env<'_>,
    users: &Users,
) -> Result<Value, SessionError> {
    match call {
        ViewCall::Noop => {
            say(env, "view", "The view does not touch the session.");
            Ok(Value::Null)
        }
        ViewCall::Set(data) => {
            for (key, value) in data.iter() {
                say(
                    env,
                    "SessionBase.__setitem__",
                    format!("The view sets request.session[{key:?}].", key = Quoted(key),),
                );
                session.set_item(key, value.clone(), env)?;
            }
            Ok(Value::Null)
        }
        ViewCall::Update(data) => {
            say(
                env,
                "SessionBase.update",
                "The view calls request.session.update(...), which marks the session modified.",
            );
            session.update(data, env)?;
            Ok(Value::Null)
        }
        ViewCall::Get { key, default } => {
            say(
                env,
                "SessionBase.get",
                format!(
                    "The view reads request.session.get({key:?}).",
                    key = Quoted(key),
                ),
            );
            session.get(key, default.clone(), env)
        }
        ViewCall::Pop { key, default } => {
            say(
                env,
                "SessionBase.pop",
                format!("The view pops {key:?} from the session.", key = Quoted(key),),
            );
            catching_key_error(session.pop(key, default.clone(), env))
        }
        ViewCall::Delete { key } => {
            say(
                env,
                "SessionBase.__delitem__",
                format!(
                    "The view deletes request.session[{key:?}].",
                    key = Quoted(key),
                ),
            );
            catching_key_error(session.del_item(key, env).map(|()| Value::Null))
        }
        ViewCall::SetDefault { key, value } => {
            say(
                env,
                "SessionBase.setdefault",
                format!(
                    "The view calls request.session.setdefault({key:?}, ...).",
                    key = Quoted(key),
                ),
            );
            session.setdefault(key, value.clone(), env)
        }
        ViewCall::Contains { key } => {
            say(
                env,
                "SessionBase.__contains__",
                format!(
                    "The view checks whether {key:?} is in the session.",
                    key = Quoted(key),
                ),
            );
            session.contains(key, env).map(Value::Bool)
        }
        ViewCall::Keys => {
            say(
                env,
                "SessionBase.keys",
                "The view lists the session's keys.",
            );
            let keys = session.keys(env)?;
            Ok(Value::List(keys.into_iter().map(Value::Str).collect()))
        }
        ViewCall::Items => {
            say(
                env,
                "SessionBase.items",
                "The view reads every item of the session.",
            );
            session.items(env).map(Value::Dict)
        }
        ViewCall::Clear => {
            say(
                env,
                "SessionBase.clear",
                "The view empties the session data but keeps its key.",
            );
            session.clear();
            Ok(Value::Null)
        }
        ViewCall::Flush => {
            say(env, "SessionBase.flush", "The view flushes the session (what logout does): data emptied, stored record deleted, key forgotten.");
            session.flush(env)?;
            Ok(Value::Null)
        }
        ViewCall::CycleKey => {
            say(env, "SessionBase.cycle_key", "The view cycles the session key (what login does): same data under a new key, the old record deleted.");
            session.cycle_key(env)?;
            Ok(Value::Null)
        }
        ViewCall::SetExpiry(arg) => {
            say(
                env,
                "SessionBase.set_expiry",
                "The view sets a custom expiry, stored in the session as \"_session_expiry\".",
            );
            let value = expiry_value(arg)?;
            session.set_expiry(value, env)?;
            Ok(Value::Null)
        }
        ViewCall::Info => {
            say(env, "SessionBase.get_expiry_age", "The view asks for the session key, expiry age, expiry date and browser-close flag.");
            let mut info = Dict::new();
            info.insert(
                "session_key",
                session.session_key().map_or(Value::Null, Value::from),
            );
            info.insert("expiry_age", session.get_expiry_age(env)?.to_value());
            info.insert(
                "expiry_date",
                Value::Str(session.get_expiry_date(env)?.isoformat()),
            );
            info.insert(
                "expire_at_browser_close",
                Value::Bool(session.get_expire_at_browser_close(env)?),
            );
            Ok(Value::Dict(info))
        }
        ViewCall::SessionKey => {
            say(env, "SessionBase.session_key", "The view reads request.session.session_key, which does not load the session or mark it accessed.");
            Ok(session.session_key().map_or(Value::Null, Value::from))
        }
        ViewCall::IsEmpty => {
            say(
                env,
                "SessionBase.is_empty",
                "The view asks whether the session is empty (no key and no data).",
            );
            Ok(Value::Bool(session.is_empty()))
        }
        ViewCall::SetTestCookie => {
            say(
                env,
                "SessionBase.set_test_cookie",
                "The view stores the test value \"testcookie\": \"worked\".",
            );
            session.set_test_cookie(env)?;
            Ok(Value::Null)
        }
        ViewCall::TestCookieWorked => {
            say(
                env,
                "SessionBase.test_cookie_worked",
                "The view checks whether the test value came back.",
            );
            session.test_cookie_worked(env).map(Value::Bool)
        }
        ViewCall::DeleteTestCookie => {
            say(
                env,
                "SessionBase.delete_test_cookie",
                "The view deletes the test value.",
            );
            let deleted = if session.in_async_api() {
                session.adelete_test_cookie(env)
            } else {
                session.delete_test_cookie(env)
            };
            catching_key_error(deleted.map(|()| Value::Null))
        }
        ViewCall::StoreDelete => store_delete(session, env),
        ViewCall::Append { key, value } => {
            say(env, "SessionBase.__getitem__", format!("The view appends to the list request.session[{key:?}] in place: the session's data changes, but nothing marks it modified, so Django will not save it.", key = Quoted(key),));
            catching_key_error(
                append_in_place(session, key, value.clone(), env).map(|()| Value::Null),
            )
        }
        ViewCall::MarkModified => {
            say(env, "SessionBase.modified", "The view sets request.session.modified = True, so Django saves the session at the end of the request.");
            session.set_modified(true);
            Ok(Value::Null)
        }
        ViewCall::Login { user } => {
            say(
                env,
                "django.contrib.auth.login",
                format!(
                    "The view logs user {user} in: login(request, User.objects.get(pk={user}))."
                ),
            );
            let user = users.require(*user)?;
            auth::login(session, user, env).map(|()| Value::Null)
        }
        ViewCall::Logout => {
            say(
                env,
                "django.contrib.auth.logout",
                "The view logs the user out: logout(request).",
            );
            auth::logout(session, env).map(|()| Value::Null)
        }
        ViewCall::User => {
            say(env, "django.contrib.auth.get_user", "The view reads request.user: AuthenticationMiddleware's get_user() reads the user back from the session and checks its password hash.");
            let user = auth::get_user(session, users, env)?;
            Ok(user.map_or(Value::Null, |user| Value::Str(user.pk.to_string())))
        }
        ViewCall::Multi(calls) => run_multi(calls, session, env, users),
        ViewCall::Bool => {
            let truthy = session.truthy(env);
            say(
                env,
                "SessionBase.__bool__",
                if env.django.session_bool_is_not_empty() {
                    format!("The view evaluates bool(request.session): not is_empty(), so {}. It does not load the session.", if truthy { "True" } else { "False" })
                } else {
                    format!("The view evaluates bool(request.session): Django {} defines no __bool__, so a session is always True.", env.django)
                },
            );
            Ok(Value::Bool(truthy))
        }
        ViewCall::Async(calls) => run_async(calls, session, env, users),
    }
}

/// The async attribute an `async` view's op looks up, if it needs one: `(owner, name)`, the
/// owner being the session or `django.contrib.auth`. `None` for ops Django has no async
/// variant of (the sync call is made from the coroutine) and for a `set` of nothing or a
/// `store_delete` without a key (no lookup happens).
fn async_attribute(call: &ViewCall, session: &Session) -> Option<(bool, &'static str)> {
    let session_api = |name| Some((true, name));
    let auth_api = |name| Some((false, name));
    match call {
        ViewCall::Set(data) if data.is_empty() => None,
        ViewCall::Set(_) => session_api("aset"),
        ViewCall::Update(_) => session_api("aupdate"),
        ViewCall::Get { .. } => session_api("aget"),
        ViewCall::Pop { .. } => session_api("apop"),
        ViewCall::SetDefault { .. } => session_api("asetdefault"),
        ViewCall::Contains { .. } => session_api("ahas_key"),
        ViewCall::Keys => session_api("akeys"),
        ViewCall::Items => session_api("aitems"),
        ViewCall::Flush => session_api("aflush"),
        ViewCall::CycleKey => session_api("acycle_key"),
        ViewCall::SetExpiry(_) => session_api("aset_expiry"),
        ViewCall::Info => session_api("aget_expiry_age"),
        ViewCall::SetTestCookie => session_api("aset_test_cookie"),
        ViewCall::TestCookieWorked => session_api("atest_cookie_worked"),
        ViewCall::DeleteTestCookie => session_api("adelete_test_cookie"),
        ViewCall::StoreDelete if session.session_key().is_some() => session_api("adelete"),
        ViewCall::Login { .. } => auth_api("alogin"),
        ViewCall::Logout => auth_api("alogout"),
        ViewCall::User => auth_api("aget_user"),
        _ => None,
    }
}

/// `async`: one coroutine (run with `async_to_sync`) awaiting each op through the
/// `a`-prefixed API. From 5.1 every `a`-method does what its sync twin does (the cache
/// engine's collision check aside: [`Session::in_async_api`]); on 4.2 the first op whose
/// method does not exist raises `AttributeError` at the lookup, after the ops before it ran.
fn run_async(
    calls: &[ViewCall],
    session: &mut Session,
    env: &mut Env<'_>,
    users: &Users,
) -> Result<Value, SessionError> {
    let mut shared = SharedLists::default();
    for call in calls {
        let attribute = async_attribute(call, session);
        if let Some((on_session, name)) = attribute {
            let present = if on_session {
                env.django.has_async_session_api()
            } else {
                env.django.has_async_auth_api()
            };
            if !present {
                let message = if on_session {
                    format!("'SessionStore' object has no attribute '{name}'")
                } else {
                    format!("module 'django.contrib.auth' has no attribute '{name}'")
                };
                env.events.push_detail(
                    Lane::View,
                    EventKind::Exception,
                    if on_session { "SessionBase" } else { "django.contrib.auth" },
                    format!(
                        "The view awaits {name}(), which Django {} does not have (the async session API came in 5.1, async login/logout/get_user in 5.0): AttributeError.",
                        env.django
                    ),
                    Some(format!("AttributeError: {message}")),
                );
                return Err(SessionError::AttributeError(message));
            }
        }
        // An op without an async variant is the sync call, made from the coroutine.
        session.set_in_async_api(attribute.is_some());
        session.set_sync_from_coroutine(attribute.is_none());
        let outcome = run_view(call, session, env, users);
        session.set_in_async_api(false);
        session.set_sync_from_coroutine(false);
        let value = outcome?;
        shared.record(call, value, session);
    }
    Ok(shared.finish())
}

/// `multi`: the calls in order, in one request. Results are taken after the whole view ran,
/// so a list a result shares with the session shows later in-place appends
/// ([`SharedLists`]).
fn run_multi(
    calls: &[ViewCall],
    session: &mut Session,
    env: &mut Env<'_>,
    users: &Users,
) -> Result<Value, SessionError> {
    let mut shared = SharedLists::default();
    for call in calls {
        let value = run_view(call, session, env, users)?;
        shared.record(call, value, session);
    }
    Ok(shared.finish())
}

/// `store_delete`: another request deletes this session's record
/// (`SessionStore().delete(s.session_key)`; nothing for signed cookies).
fn store_delete(session: &mut Session, env: &mut Env<'_>) -> Result<Value, SessionError> {
    let key = session.session_key().map(str::to_owned);
    let engine = session.engine();
    if engine == crate::session::Engine::SignedCookies {
        say(env, "SessionStore.delete", "Another request would delete the stored record, but signed-cookie sessions have none on the server: nothing happens.");
    } else {
        say(env, "SessionStore.delete", "Meanwhile, another request (say, a logout in another tab) deletes this session's stored record.");
        let mut other = Session::new(engine, None, &env.settings.cookie_name.clone());
        other.delete(key.as_deref(), env)?;
    }
    Ok(key.map_or(Value::Null, Value::Str))
}
