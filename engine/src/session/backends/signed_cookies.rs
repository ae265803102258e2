//! `django.contrib.sessions.backends.signed_cookies.SessionStore`: no server state; the
//! "session key" is the signed, compressed session dict itself.

use crate::event::{EventKind, Lane};
use crate::json::{Dict, Value};
use crate::session::base::{Session, SessionStore};
use crate::session::codec::{dumps_with, loads_with, SIGNED_COOKIE_SALT};
use crate::session::env::Env;
use crate::session::error::SessionError;
use crate::session::settings::Engine;

/// The signed-cookie engine.
#[derive(Clone, Copy, Debug, Default)]
pub struct SignedCookieStore;

/// `_get_session_key()`: `signing.dumps(self._session, compress=True, salt=...)`.
fn signed_session(session: &mut Session, env: &mut Env<'_>) -> Result<String, SessionError> {
    let data = session.data(env, false)?.clone();
    let mut warnings = Vec::new();
    let signed = dumps_with(
        env.settings.serializer,
        env.pickle,
        &data,
        &env.settings.secret_key,
        SIGNED_COOKIE_SALT,
        env.now,
        &mut |w| warnings.push(w.to_owned()),
    );
    for warning in warnings {
        env.warn(&warning);
    }
    Ok(signed)
}

impl SessionStore for SignedCookieStore {
    fn engine(&self) -> Engine {
        Engine::SignedCookies
    }

    /// `load()`: verify the cookie with `max_age = SESSION_COOKIE_AGE` (always: Django
    /// #19201, a custom `set_expiry` is not honoured here); on any failure `create()` (which
    /// only marks the session modified) and start empty.
    fn load(&self, session: &mut Session, env: &mut Env<'_>) -> Result<Dict, SessionError> {
        let signed = session.session_key().unwrap_or_default().to_owned();
        let max_age = Some(env.settings.cookie_age as f64);
        let mut warnings = Vec::new();
        let loaded = loads_with(
            env.settings.serializer,
            env.pickle,
            &signed,
            &env.settings.signing_keys(),
            SIGNED_COOKIE_SALT,
            max_age,
            env.now,
            &mut |w| warnings.push(w.to_owned()),
        );
        for warning in warnings {
            env.warn(&warning);
        }
        match loaded {
            Ok(Value::Dict(data)) => {
                env.events.push_detail(
                    Lane::Store,
                    EventKind::StoreRead,
                    "signing.loads",
                    "The cookie's signature verifies and it is younger than SESSION_COOKIE_AGE, so its content is the session data.",
                    Some(signed),
                );
                Ok(data)
            }
            outcome => {
                let why = match outcome {
                    Err(error) => format!("{}: {error}", error.kind()),
                    Ok(_) => "the signed value is not a JSON object".to_owned(),
                };
                env.events.push_detail(
                    Lane::Store,
                    EventKind::StoreRead,
                    "signing.loads",
                    "The cookie does not verify (tampered, signed with another key, or older than SESSION_COOKIE_AGE): Django starts an empty session and will send a fresh cookie.",
                    Some(why),
                );
                session.create(env)?;
                Ok(Dict::new())
            }
        }
    }

    fn exists(
        &self,
        _session: &mut Session,
        _key: &str,
        _env: &mut Env<'_>,
    ) -> Result<bool, SessionError> {
        Ok(false)
    }

    fn create(&self, session: &mut Session, _env: &mut Env<'_>) -> Result<(), SessionError> {
        session.set_modified(true);
        Ok(())
    }

    fn save(
        &self,
        session: &mut Session,
        _must_create: bool,
        env: &mut Env<'_>,
    ) -> Result<(), SessionError> {
        let signed = signed_session(session, env)?;
        env.events.push_detail(
            Lane::Store,
            EventKind::StoreWrite,
            "SessionStore._get_session_key",
            "The whole session is serialized, compressed if that helps, timestamped and signed: that signed text becomes the cookie value. Nothing is stored on the server.",
            Some(signed.clone()),
        );
        session.set_session_key(Some(signed));
        session.set_modified(true);
        Ok(())
    }

    fn delete(
        &self,
        session: &mut Session,
        _key: Option<&str>,
        _env: &mut Env<'_>,
    ) -> Result<(), SessionError> {
        session.set_session_key(None);
        session.set_loaded_data(Dict::new());
        session.set_modified(true);
        Ok(())
    }

    fn cycle_key(&self, session: &mut Session, env: &mut Env<'_>) -> Result<(), SessionError> {
        session.save(false, env)
    }

    fn clear_expired(&self, env: &mut Env<'_>) -> Result<(), SessionError> {
        env.events.push(
            Lane::Store,
            EventKind::Environment,
            "SessionStore.clear_expired",
            "Signed-cookie sessions live only in browsers, so there is nothing to clear on the server.",
        );
        Ok(())
    }
}
