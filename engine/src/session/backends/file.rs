//! `django.contrib.sessions.backends.file.SessionStore`: one file per session, named
//! `SESSION_COOKIE_NAME + key`, holding the encoded data; expiry comes from the file's mtime
//! unless the data holds a custom `_session_expiry`.

use crate::event::{EventKind, Lane};
use crate::json::Dict;
use crate::session::base::{Session, SessionStore};
use crate::session::env::Env;
use crate::session::error::SessionError;
use crate::session::expiry::{self, ExpirySource, EXPIRY_KEY};
use crate::session::settings::Engine;
use crate::session::storage::OsErrorKind;
use crate::time::{timedelta_micros_from_int, DateTime};

use super::server_side::{create_until_saved, data_to_save, key_to_delete, NO_FREE_KEY};

/// The file engine.
#[derive(Clone, Copy, Debug, Default)]
pub struct FileStore;

/// `VALID_KEY_CHARS`: lowercase ASCII letters and digits.
fn is_valid_key(key: &str) -> bool {
    key.bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
}

fn os_error(kind: OsErrorKind) -> SessionError {
    SessionError::OsError {
        exception: kind.python_name(),
        message: kind.message().to_owned(),
    }
}

/// `_key_to_file(session_key)`: the file name, or `InvalidSessionKey` for keys with
/// characters outside `[a-z0-9]` (Django's guard against directory traversal).
fn key_to_file(
    session: &mut Session,
    key: Option<&str>,
    env: &mut Env<'_>,
) -> Result<String, SessionError> {
    let key = match key {
        Some(key) => key.to_owned(),
        None => session.get_or_create_session_key(env)?,
    };
    if !is_valid_key(&key) {
        env.events.push_detail(
            Lane::Store,
            EventKind::Exception,
            "SessionStore._key_to_file",
            "The key contains characters other than a-z and 0-9, so the file engine refuses it (InvalidSessionKey) to prevent directory traversal.",
            Some(key),
        );
        return Err(SessionError::InvalidSessionKey);
    }
    Ok(format!("{}{}", session.file_prefix(), key))
}

/// `ImproperlyConfigured` when the storage directory is missing the first time a store is
/// built (`_get_storage_path`).
pub fn check_storage_path(env: &mut Env<'_>) -> Result<(), SessionError> {
    if env.server.files.resolve_storage_path() {
        return Ok(());
    }
    env.events.push(
        Lane::Store,
        EventKind::Exception,
        "SessionStore._get_storage_path",
        "The session directory (SESSION_FILE_PATH) does not exist, so building the session store fails with ImproperlyConfigured.",
    );
    Err(SessionError::ImproperlyConfigured(
        "The session storage path doesn't exist. Please set your SESSION_FILE_PATH setting to an existing directory in which Django can store session data.".to_owned(),
    ))
}

/// What `load()` found before deciding about expiry.
enum FileRead {
    Missing,
    Content(String, f64),
}

/// `load()` up to the `except (OSError, SuspiciousOperation)` that resets the key.
fn load_inner(session: &mut Session, env: &mut Env<'_>) -> Result<Dict, SessionError> {
    let name = key_to_file(session, None, env)?;
    let read = match env.server.files.read(&name) {
        Ok(file) => FileRead::Content(file.content.clone(), file.mtime),
        Err(_) => FileRead::Missing,
    };
    let (content, mtime) = match read {
        FileRead::Missing => {
            env.events.push_detail(
                Lane::Store,
                EventKind::StoreRead,
                "SessionStore.load",
                "There is no file for this key (FileNotFoundError): Django forgets the key the browser sent; the session starts empty.",
                Some(name),
            );
            return Err(os_error(OsErrorKind::FileNotFound));
        }
        FileRead::Content(content, mtime) => (content, mtime),
    };
    env.events.push_detail(
        Lane::Store,
        EventKind::StoreRead,
        "SessionStore.load",
        "Django reads the session file.",
        Some(format!("{name}: {content}")),
    );
    if content.is_empty() {
        return Ok(Dict::new());
    }
    let data = session.decode(&content, env);
    let age =
        session.get_expiry_age_from(expiry_date_source(&data, mtime, env)?.as_source(), env)?;
    if age.as_seconds()? <= 0.0 {
        env.events.push_detail(
            Lane::Store,
            EventKind::StoreDelete,
            "SessionStore.load",
            "The file's session has expired: Django deletes the file and starts a new session under a new key.",
            Some(name),
        );
        session.delete(None, env)?;
        session.create(env)?;
        return Ok(Dict::new());
    }
    Ok(data)
}

/// `_expiry_date(session_data)`: the stored `_session_expiry` if truthy, else
/// `mtime + SESSION_COOKIE_AGE`.
enum FileExpiry {
    Stored(crate::json::Value),
    Date(DateTime),
}

impl FileExpiry {
    fn as_source(&self) -> ExpirySource<'_> {
        match self {
            FileExpiry::Stored(v) => ExpirySource::Stored(v),
            FileExpiry::Date(d) => ExpirySource::Date(*d),
        }
    }
}

fn expiry_date_source(data: &Dict, mtime: f64, env: &Env<'_>) -> Result<FileExpiry, SessionError> {
    if let Some(stored) = data.get(EXPIRY_KEY).filter(|v| expiry::is_truthy(v)) {
        return Ok(FileExpiry::Stored(stored.clone()));
    }
    let modified = DateTime::from_timestamp(mtime)?;
    let age = timedelta_micros_from_int(env.settings.cookie_age)?;
    Ok(FileExpiry::Date(modified.plus_micros(age)?))
}

impl SessionStore for FileStore {
    fn engine(&self) -> Engine {
        Engine::File
    }

    fn load(&self, session: &mut Session, env: &mut Env<'_>) -> Result<Dict, SessionError> {
        match load_inner(session, env) {
            Ok(data) => Ok(data),
            Err(SessionError::OsError { .. } | SessionError::InvalidSessionKey) => {
                session.set_session_key(None);
                Ok(Dict::new())
            }
            Err(other) => Err(other),
        }
    }

    fn exists(
        &self,
        session: &mut Session,
        key: &str,
        env: &mut Env<'_>,
    ) -> Result<bool, SessionError> {
        let name = key_to_file(session, Some(key), env)?;
        let found = env.server.files.exists(&name);
        env.events.push_detail(
            Lane::Store,
            EventKind::StoreRead,
            "SessionStore.exists",
            if found {
                "A file with this key exists already."
            } else {
                "No file uses this key yet."
            },
            Some(name),
        );
        Ok(found)
    }

    fn create(&self, session: &mut Session, env: &mut Env<'_>) -> Result<(), SessionError> {
        create_until_saved(session, env, NO_FREE_KEY)
    }

    fn save(
        &self,
        session: &mut Session,
        must_create: bool,
        env: &mut Env<'_>,
    ) -> Result<(), SessionError> {
        let Some(data) = data_to_save(session, must_create, env)? else {
            return Ok(());
        };
        let name = key_to_file(session, None, env)?;
        match env.server.files.open_for_write(&name, must_create, env.now) {
            Ok(()) => {}
            Err(OsErrorKind::FileNotFound) if !must_create => {
                env.events.push_detail(
                    Lane::Store,
                    EventKind::StoreWrite,
                    "SessionStore.save",
                    "The session's file is gone (deleted meanwhile): Django raises UpdateError.",
                    Some(name),
                );
                return Err(SessionError::UpdateError);
            }
            Err(OsErrorKind::FileNotFound) => {}
            Err(OsErrorKind::FileExists) if must_create => return Err(SessionError::CreateError),
            Err(OsErrorKind::FileExists) => {}
            Err(kind @ OsErrorKind::Permission) => {
                env.events.push_detail(
                    Lane::Store,
                    EventKind::Exception,
                    "SessionStore.save",
                    "The directory is not writable, so creating the session file fails with PermissionError.",
                    Some(name),
                );
                return Err(os_error(kind));
            }
        }
        let content = session.encode(&data, env);
        match env.server.files.write_atomically(&name, &content, env.now) {
            Ok(()) => env.events.push_detail(
                Lane::Store,
                EventKind::StoreWrite,
                "SessionStore.save",
                "Django writes the encoded session to a temporary file and renames it over the session file (mtime = now).",
                Some(format!("{name}: {content}")),
            ),
            Err(kind) => env.events.push_detail(
                Lane::Store,
                EventKind::Exception,
                "SessionStore.save",
                "Writing the temporary file failed; Django silently ignores this OSError, so nothing is saved.",
                Some(format!("{}: {}", kind.python_name(), kind.message())),
            ),
        }
        Ok(())
    }

    fn delete(
        &self,
        session: &mut Session,
        key: Option<&str>,
        env: &mut Env<'_>,
    ) -> Result<(), SessionError> {
        let Some(key) = key_to_delete(session, key) else {
            return Ok(());
        };
        let name = key_to_file(session, Some(&key), env)?;
        let outcome = env.server.files.unlink(&name);
        env.events.push_detail(
            Lane::Store,
            EventKind::StoreDelete,
            "SessionStore.delete",
            match outcome {
                Ok(()) => "Django deletes the session file.",
                Err(OsErrorKind::Permission) => {
                    "Deleting the file fails (PermissionError), which Django ignores."
                }
                Err(_) => "There is no file to delete, which Django ignores.",
            },
            Some(name),
        );
        Ok(())
    }

    fn clear_expired(&self, env: &mut Env<'_>) -> Result<(), SessionError> {
        check_storage_path(env)?;
        let names = env.server.files.list().map_err(os_error)?;
        let prefix = env.settings.cookie_name.clone();
        for name in names {
            let Some(key) = name.strip_prefix(prefix.as_str()) else {
                continue;
            };
            let mut session = Session::new(Engine::File, Some(key), &prefix);
            session.disable_create();
            self.load(&mut session, env)?;
        }
        Ok(())
    }
}
