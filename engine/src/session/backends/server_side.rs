//! What Django writes the same way in several server-side backends (`backends/db.py`,
//! `cache.py`, `file.py`, `cached_db.py`), written once here; each backend module calls it
//! where its Django method does.

use crate::json::Dict;
use crate::session::base::Session;
use crate::session::env::Env;
use crate::session::error::SessionError;

/// How many `CreateError`s `create()` takes before giving up (`cache.py`: `range(10000)`).
const CREATE_ATTEMPTS: usize = 10_000;

/// `create()` of the `db`, `cache` and `file` backends, the same loop in all three: new keys
/// until `save(must_create=True)` succeeds, then mark the session modified; a `CreateError`
/// (the key is taken) means try the next key. After [`CREATE_ATTEMPTS`] collisions the cache
/// backend raises `RuntimeError(gave_up)` (a cache can fail silently). The db and file
/// backends loop forever in Django; here they stop the same way, which needs 10,000 keys that
/// `exists()` said were free and yet were taken, something a single simulated server never
/// does.
pub(super) fn create_until_saved(
    session: &mut Session,
    env: &mut Env<'_>,
    gave_up: &str,
) -> Result<(), SessionError> {
    for _ in 0..CREATE_ATTEMPTS {
        let key = session.new_session_key(env)?;
        session.set_session_key(Some(key));
        match session.save(true, env) {
            Err(SessionError::CreateError) => continue,
            Err(other) => return Err(other),
            Ok(()) => {
                session.set_modified(true);
                return Ok(());
            }
        }
    }
    Err(SessionError::RuntimeError(gave_up.to_owned()))
}

/// What the db and file backends' `create()` says if it ever gives up.
pub(super) const NO_FREE_KEY: &str =
    "Unable to create a new session key: every new key was taken when saved.";

/// The opening of `save(must_create)` in `db.py` and `file.py`: `if self.session_key is None:
/// return self.create()`, then `self._get_session(no_load=must_create)`. `None` when
/// `create()` ran instead (it saved the session itself).
pub(super) fn data_to_save(
    session: &mut Session,
    must_create: bool,
    env: &mut Env<'_>,
) -> Result<Option<Dict>, SessionError> {
    if session.session_key().is_none() {
        session.create(env)?;
        return Ok(None);
    }
    Ok(Some(session.data(env, must_create)?.clone()))
}

/// The opening of `delete(session_key=None)` in `db.py`, `cache.py`, `cached_db.py` and
/// `file.py`: the key given, else the session's own; `None` (nothing to delete) if neither.
pub(super) fn key_to_delete(session: &Session, key: Option<&str>) -> Option<String> {
    key.or(session.session_key()).map(str::to_owned)
}
