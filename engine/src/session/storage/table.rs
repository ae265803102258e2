//! The `django_session` table (`django/contrib/sessions/models.py`, `Session`) in memory,
//! with the SQL Django's SQLite backend would receive for each operation.
//!
//! SQLite stores `expire_date` as text (`2023-11-28 22:13:20[.ffffff]`, UTC) and compares it
//! as text; with Python's fixed-width format that order is the time order, so rows are kept
//! with their instant and compared as instants.

use std::collections::BTreeMap;

use crate::event::{EventKind, EventLog, Lane};
use crate::json::Value;
use crate::session::error::SessionError;
use crate::time::DateTime;

/// One SQL statement as Django hands it to the SQLite backend (before `%s` becomes `?`).
#[derive(Clone, Debug, PartialEq)]
pub struct SqlQuery {
    /// The SQL with `%s` placeholders.
    pub sql: String,
    /// The parameters.
    pub params: Vec<Value>,
}

impl SqlQuery {
    /// The SQL with each `%s` replaced by its parameter, for display.
    pub fn display(&self) -> String {
        let mut text = String::new();
        let mut params = self.params.iter();
        let mut pieces = self.sql.split("%s").peekable();
        while let Some(piece) = pieces.next() {
            text.push_str(piece);
            if pieces.peek().is_some() {
                match params.next() {
                    Some(Value::Str(s)) => text.push_str(&format!("'{}'", s.replace('\'', "''"))),
                    Some(other) => text.push_str(&crate::json::to_python_json(other)),
                    None => text.push_str("%s"),
                }
            }
        }
        text
    }
}

const EXISTS_SQL: &str =
    r#"SELECT %s AS "a" FROM "django_session" WHERE "django_session"."session_key" = %s LIMIT 1"#;
const SELECT_UNEXPIRED_SQL: &str = r#"SELECT "django_session"."session_key", "django_session"."session_data", "django_session"."expire_date" FROM "django_session" WHERE ("django_session"."expire_date" > %s AND "django_session"."session_key" = %s) LIMIT 21"#;
const SELECT_SQL: &str = r#"SELECT "django_session"."session_key", "django_session"."session_data", "django_session"."expire_date" FROM "django_session" WHERE "django_session"."session_key" = %s LIMIT 21"#;
const INSERT_SQL: &str = r#"INSERT INTO "django_session" ("session_key", "session_data", "expire_date") VALUES (%s, %s, %s)"#;
const UPDATE_SQL: &str = r#"UPDATE "django_session" SET "session_data" = %s, "expire_date" = %s WHERE "django_session"."session_key" = %s"#;
const DELETE_SQL: &str =
    r#"DELETE FROM "django_session" WHERE "django_session"."session_key" IN (%s)"#;
const DELETE_EXPIRED_SQL: &str =
    r#"DELETE FROM "django_session" WHERE "django_session"."expire_date" < %s"#;

/// A row: `session_data` and `expire_date` (the key is the map key).
#[derive(Clone, Debug, PartialEq)]
pub struct SessionRow {
    /// `session_data`: the encoded, signed session dict.
    pub session_data: String,
    /// `expire_date`, an aware UTC datetime.
    pub expire_date: DateTime,
}

/// The table, or its absence (the "forgot to migrate" fault).
#[derive(Clone, Debug, PartialEq)]
pub struct SessionTable {
    rows: BTreeMap<String, SessionRow>,
    present: bool,
}

impl Default for SessionTable {
    fn default() -> Self {
        SessionTable {
            rows: BTreeMap::new(),
            present: true,
        }
    }
}

/// Collects the SQL and events of one statement.
pub struct SqlLog<'a> {
    /// Statements in order.
    pub queries: &'a mut Vec<SqlQuery>,
    /// Events in order.
    pub events: &'a mut EventLog,
}

impl SqlLog<'_> {
    fn record(
        &mut self,
        kind: EventKind,
        django: &'static str,
        sentence: String,
        sql: &str,
        params: Vec<Value>,
    ) {
        let query = SqlQuery {
            sql: sql.to_owned(),
            params,
        };
        self.events
            .push_detail(Lane::Store, kind, django, sentence, Some(query.display()));
        self.queries.push(query);
    }
}

fn text(s: &str) -> Value {
    Value::Str(s.to_owned())
}

impl SessionTable {
    /// Rows sorted by key.
    pub fn rows(&self) -> impl Iterator<Item = (&str, &SessionRow)> {
        self.rows.iter().map(|(k, r)| (k.as_str(), r))
    }

    /// Whether the table exists.
    pub fn is_present(&self) -> bool {
        self.present
    }

    /// Drops the table (fault injection) or creates it again, empty.
    pub fn set_present(&mut self, present: bool) {
        if present != self.present {
            self.rows.clear();
        }
        self.present = present;
    }

    fn check_present(&self, log: &mut SqlLog<'_>) -> Result<(), SessionError> {
        if self.present {
            return Ok(());
        }
        log.events.push(
            Lane::Store,
            EventKind::Exception,
            "sqlite3",
            "SQLite answers \"no such table: django_session\": the sessions table was never created (run `manage.py migrate`).",
        );
        Err(SessionError::OperationalError(
            "no such table: django_session".to_owned(),
        ))
    }

    /// `Session.objects.filter(session_key=key).exists()`.
    pub fn exists(&self, key: &str, log: &mut SqlLog<'_>) -> Result<bool, SessionError> {
        let found = self.rows.contains_key(key);
        log.record(
            EventKind::StoreRead,
            "SessionStore.exists",
            format!(
                "Django asks the database whether the key is already taken: {}.",
                if found && self.present {
                    "it is"
                } else {
                    "it is free"
                }
            ),
            EXISTS_SQL,
            vec![Value::from(1), text(key)],
        );
        self.check_present(log)?;
        Ok(found)
    }

    /// `Session.objects.get(session_key=key, expire_date__gt=now)`: the row if it exists
    /// and has not expired (`expire_date > now`, so a row expiring exactly now is gone).
    pub fn select_unexpired(
        &self,
        key: &str,
        now: &DateTime,
        log: &mut SqlLog<'_>,
    ) -> Result<Option<SessionRow>, SessionError> {
        let row = self.rows.get(key);
        let live = row.filter(|r| r.expire_date.utc_micros() > now.utc_micros());
        let sentence = match (row, live) {
            (_, Some(_)) => "The database returns the session's row (it has not expired).",
            (Some(_), None) => "The database returns nothing: the row has expired (expire_date is not later than now).",
            (None, _) => "The database returns nothing: there is no row with this key.",
        };
        log.record(
            EventKind::StoreRead,
            "SessionStore._get_session_from_db",
            sentence.to_owned(),
            SELECT_UNEXPIRED_SQL,
            vec![text(&now.sqlite_text()), text(key)],
        );
        self.check_present(log)?;
        Ok(live.cloned())
    }

    /// `Session.objects.get(session_key=key)` (expired or not).
    pub fn select(
        &self,
        key: &str,
        log: &mut SqlLog<'_>,
    ) -> Result<Option<SessionRow>, SessionError> {
        let row = self.rows.get(key);
        log.record(
            EventKind::StoreRead,
            "SessionStore.delete",
            if row.is_some() {
                "Django fetches the row it is about to delete.".to_owned()
            } else {
                "Django looks for the row to delete and finds none.".to_owned()
            },
            SELECT_SQL,
            vec![text(key)],
        );
        self.check_present(log)?;
        Ok(row.cloned())
    }

    /// `obj.save(force_insert=True)`; a taken key is an `IntegrityError`, reported here as
    /// `CreateError` (what `SessionStore.save` turns it into).
    pub fn insert(
        &mut self,
        key: &str,
        row: SessionRow,
        log: &mut SqlLog<'_>,
    ) -> Result<(), SessionError> {
        let taken = self.rows.contains_key(key);
        log.record(
            EventKind::StoreWrite,
            "SessionStore.save",
            if taken {
                "The database refuses the INSERT: a row with this key exists (IntegrityError)."
                    .to_owned()
            } else {
                "The database stores a new row for the session.".to_owned()
            },
            INSERT_SQL,
            vec![
                text(key),
                text(&row.session_data),
                text(&row.expire_date.sqlite_text()),
            ],
        );
        self.check_present(log)?;
        if taken {
            return Err(SessionError::CreateError);
        }
        self.rows.insert(key.to_owned(), row);
        Ok(())
    }

    /// `obj.save(force_update=True)`; no row updated is a `DatabaseError`, reported here as
    /// `UpdateError` (what `SessionStore.save` turns it into). Expired rows are updated too.
    pub fn update(
        &mut self,
        key: &str,
        row: SessionRow,
        log: &mut SqlLog<'_>,
    ) -> Result<(), SessionError> {
        let exists = self.rows.contains_key(key);
        log.record(
            EventKind::StoreWrite,
            "SessionStore.save",
            if exists {
                "The database overwrites the session's row with the new data and expiry.".to_owned()
            } else {
                "The UPDATE changes no row: the session's row was deleted meanwhile (\"Forced update did not affect any rows\").".to_owned()
            },
            UPDATE_SQL,
            vec![
                text(&row.session_data),
                text(&row.expire_date.sqlite_text()),
                text(key),
            ],
        );
        self.check_present(log)?;
        if !exists {
            return Err(SessionError::UpdateError);
        }
        self.rows.insert(key.to_owned(), row);
        Ok(())
    }

    /// `obj.delete()` for a row fetched before.
    pub fn delete(&mut self, key: &str, log: &mut SqlLog<'_>) -> Result<(), SessionError> {
        log.record(
            EventKind::StoreDelete,
            "SessionStore.delete",
            "The database deletes the session's row.".to_owned(),
            DELETE_SQL,
            vec![text(key)],
        );
        self.check_present(log)?;
        self.rows.remove(key);
        Ok(())
    }

    /// `Session.objects.filter(expire_date__lt=now).delete()` (`clearsessions`): strictly
    /// earlier than now, so a row expiring exactly now survives this (but no longer loads).
    pub fn delete_expired(
        &mut self,
        now: &DateTime,
        log: &mut SqlLog<'_>,
    ) -> Result<usize, SessionError> {
        let cutoff = now.utc_micros();
        let doomed = self
            .rows
            .values()
            .filter(|r| r.expire_date.utc_micros() < cutoff)
            .count();
        log.record(
            EventKind::StoreDelete,
            "SessionStore.clear_expired",
            format!(
                "The database deletes every row whose expire_date is before now: {doomed} row(s)."
            ),
            DELETE_EXPIRED_SQL,
            vec![text(&now.sqlite_text())],
        );
        self.check_present(log)?;
        self.rows
            .retain(|_, r| r.expire_date.utc_micros() >= cutoff);
        Ok(doomed)
    }
}
