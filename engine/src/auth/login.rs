//! `login`, `logout` and `get_user` (`django/contrib/auth/__init__.py`), as they act on
//! `request.session`.

use crate::event::{AuthHashVerdict, EventKind, Lane};
use crate::json::Value;
use crate::quoted::Quoted;
use crate::session::{is_truthy, Env, Session, SessionError};

use super::hash::matches_session_hash;
use super::user_id::{user_id_to_python, UserId};
use super::users::{User, Users};

/// `django.contrib.auth.SESSION_KEY`: the user's primary key, as a string.
pub const SESSION_KEY: &str = "_auth_user_id";
/// `django.contrib.auth.BACKEND_SESSION_KEY`: the dotted path of the backend that
/// authenticated the user.
pub const BACKEND_SESSION_KEY: &str = "_auth_user_backend";
/// `django.contrib.auth.HASH_SESSION_KEY`: the user's session auth hash at login.
pub const HASH_SESSION_KEY: &str = "_auth_user_hash";
/// `django.contrib.auth.backends.ModelBackend`, the only entry of the default
/// `AUTHENTICATION_BACKENDS`.
pub const MODEL_BACKEND: &str = "django.contrib.auth.backends.ModelBackend";

/// `request.session[key]` (`SessionBase.__getitem__`): loads the session; `KeyError` if
/// the key is missing.
fn session_item(
    session: &mut Session,
    key: &str,
    env: &mut Env<'_>,
) -> Result<Value, SessionError> {
    session
        .data(env, false)?
        .get(key)
        .cloned()
        .ok_or_else(|| SessionError::KeyError(key.to_owned()))
}

/// `_get_user_session_key(request)`: `AutoField.to_python(request.session[SESSION_KEY])`.
fn user_session_key(session: &mut Session, env: &mut Env<'_>) -> Result<UserId, SessionError> {
    user_id_to_python(&session_item(session, SESSION_KEY, env)?)
}

fn push(
    env: &mut Env<'_>,
    kind: EventKind,
    django: &'static str,
    sentence: &str,
    detail: Option<String>,
) {
    env.events
        .push_detail(Lane::View, kind, django, sentence, detail);
}

/// `django.contrib.auth.login(request, user, backend=MODEL_BACKEND)`.
///
/// If the session has no `_auth_user_id`, Django cycles the key (same data, new key: a
/// session-fixation defence) and keeps the anonymous data, e.g. a cart. If it names another
/// user, or its `_auth_user_hash` differs from the user's hash (`constant_time_compare`),
/// Django flushes it. Logging in again as the same user keeps the key. Then it stores
/// `_auth_user_id` (the pk as a string), `_auth_user_backend` and `_auth_user_hash`, which
/// marks the session modified. (`rotate_token` and the `user_logged_in` signal, which
/// updates `last_login`, do not touch the session.)
pub fn login(session: &mut Session, user: &User, env: &mut Env<'_>) -> Result<(), SessionError> {
    let hash = user.session_auth_hash(&env.settings.secret_key);
    let detail = format!(
        "{SESSION_KEY} = {:?}\n{BACKEND_SESSION_KEY} = {:?}\n{HASH_SESSION_KEY} = {hash:?}",
        Quoted(&user.pk.to_string()),
        Quoted(MODEL_BACKEND),
        hash = Quoted(&hash),
    );
    if session.contains(SESSION_KEY, env)? {
        let same_user = user_session_key(session, env)?.pk() == Some(user.pk)
            && matches_session_hash(&session.get(HASH_SESSION_KEY, Value::from(""), env)?, &hash);
        if same_user {
            push(env, EventKind::Login, "django.contrib.auth.login", "login(): the session already belongs to this user with the same password hash, so Django keeps its key and data and stores the user again.", Some(detail));
        } else {
            push(env, EventKind::Login, "django.contrib.auth.login", "login(): the session belongs to another user (or its password hash differs), so Django flushes it (new empty session) before storing the user.", Some(detail));
            session.flush(env)?;
        }
    } else {
        push(env, EventKind::Login, "django.contrib.auth.login", "login(): no user in this session yet, so Django cycles its key (same data, new key, against session fixation) and stores the user's id, backend and password-derived hash.", Some(detail));
        session.cycle_key(env)?;
    }
    session.set_item(SESSION_KEY, Value::Str(user.pk.to_string()), env)?;
    session.set_item(BACKEND_SESSION_KEY, Value::from(MODEL_BACKEND), env)?;
    session.set_item(HASH_SESSION_KEY, Value::Str(hash), env)
}

/// `django.contrib.auth.logout(request)`: sends `user_logged_out`, then
/// `request.session.flush()` (data emptied, record deleted, cookie deleted).
pub fn logout(session: &mut Session, env: &mut Env<'_>) -> Result<(), SessionError> {
    push(env, EventKind::Logout, "django.contrib.auth.logout", "logout(): Django flushes the session: the data is emptied, the stored record deleted and the cookie deleted.", None);
    session.flush(env)
}

/// Says why `get_user` answers `AnonymousUser` without touching the session further.
fn anonymous<'u>(env: &mut Env<'_>, why: &str) -> Option<&'u User> {
    push(
        env,
        EventKind::ViewOp,
        "django.contrib.auth.get_user",
        why,
        None,
    );
    None
}

/// `django.contrib.auth.get_user(request)`: the user the session names, or `None` for
/// `AnonymousUser`.
///
/// No `_auth_user_id` or `_auth_user_backend` (`KeyError`), a backend not in
/// `AUTHENTICATION_BACKENDS`, or no such user: anonymous, session untouched. Otherwise the
/// stored `_auth_user_hash` must be truthy and equal the user's hash under `SECRET_KEY`. If
/// not, and a `SECRET_KEY_FALLBACKS` key reproduces it, Django cycles the key and stores the
/// current hash; otherwise it flushes the session (a changed password logs every session
/// out). A `_auth_user_id` that is not an integer raises `ValidationError`.
pub fn get_user<'u>(
    session: &mut Session,
    users: &'u Users,
    env: &mut Env<'_>,
) -> Result<Option<&'u User>, SessionError> {
    let user_id =
        match user_session_key(session, env) {
            Err(SessionError::KeyError(_)) => return Ok(anonymous(
                env,
                "get_user(): no _auth_user_id in the session, so request.user is AnonymousUser.",
            )),
            other => other?,
        };
    let backend = match session_item(session, BACKEND_SESSION_KEY, env) {
        Err(SessionError::KeyError(_)) => return Ok(anonymous(
            env,
            "get_user(): no _auth_user_backend in the session, so request.user is AnonymousUser.",
        )),
        other => other?,
    };
    if backend != Value::from(MODEL_BACKEND) {
        return Ok(anonymous(env, "get_user(): _auth_user_backend is not in AUTHENTICATION_BACKENDS, so request.user is AnonymousUser."));
    }
    let Some(user) = user_id.pk().and_then(|pk| users.get(pk)) else {
        return Ok(anonymous(env, "get_user(): ModelBackend.get_user finds no such user, so request.user is AnonymousUser."));
    };
    let session_hash = session.get(HASH_SESSION_KEY, Value::Null, env)?;
    let current = user.session_auth_hash(&env.settings.secret_key);
    let detail = Some(format!(
        "session: {HASH_SESSION_KEY} = {}\nuser:    get_session_auth_hash() = {current:?}",
        crate::json::to_python_json(&session_hash),
        current = Quoted(&current),
    ));
    if is_truthy(&session_hash) && matches_session_hash(&session_hash, &current) {
        let verdict = AuthHashVerdict::Verified;
        push(env, EventKind::AuthHashCheck { verdict }, "django.contrib.auth.get_user", "get_user(): the session's hash matches the user's password hash under SECRET_KEY: the user stays logged in.", detail);
        return Ok(Some(user));
    }
    let fallbacks = &env.settings.secret_key_fallbacks;
    let by_fallback = is_truthy(&session_hash)
        && user
            .fallback_session_auth_hashes(fallbacks)
            .any(|hash| matches_session_hash(&session_hash, &hash));
    if by_fallback {
        let verdict = AuthHashVerdict::VerifiedByFallback;
        push(env, EventKind::AuthHashCheck { verdict }, "django.contrib.auth.get_user", "get_user(): only a SECRET_KEY_FALLBACKS key reproduces the session's hash, so Django cycles the session key and stores the hash under the new SECRET_KEY.", detail);
        session.cycle_key(env)?;
        session.set_item(HASH_SESSION_KEY, Value::Str(current), env)?;
        return Ok(Some(user));
    }
    let verdict = AuthHashVerdict::Rejected;
    push(env, EventKind::AuthHashCheck { verdict }, "django.contrib.auth.get_user", "get_user(): the session's hash does not match (the password changed, or SECRET_KEY was rotated without keeping the old key as a fallback), so Django flushes the session: the user is logged out.", detail);
    session.flush(env)?;
    Ok(None)
}
