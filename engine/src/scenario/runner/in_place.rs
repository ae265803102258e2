//! Mutating a stored value in place: `request.session[key].append(value)`, and what that
//! means for the other results of a `multi` request, which may hold the same Python list.
//!
//! `SessionBase.__getitem__` returns the very list object held in `_session_cache`, so
//! `append` changes the session's data without going through `__setitem__`: `modified` stays
//! `False` and `SessionMiddleware` does not save it (unless `SESSION_SAVE_EVERY_REQUEST`, or
//! the view sets `request.session.modified = True`).
//!
//! The same aliasing shows in the results of one request: `get`, `setdefault` and `items`
//! (`dict(s.items())` is a shallow copy) return the session's own list objects, and the
//! harness serialises the results after the whole view ran, so a later `append` in the same
//! request shows in an earlier result, until the key is given another object (`set`,
//! `update`, `del`, `pop`, `clear`, `flush`).

use crate::json::Value;
use crate::session::{python_type_name, Env, Session, SessionError};

use super::super::document::ViewCall;

/// `request.session[key].append(value)`: loads the session (marks it accessed); `KeyError`
/// if the key is missing; `AttributeError` if the value is not a list. Never marks the
/// session modified.
pub fn append_in_place(
    session: &mut Session,
    key: &str,
    value: Value,
    env: &mut Env<'_>,
) -> Result<(), SessionError> {
    let data = session.data(env, false)?;
    match data.get(key) {
        None => Err(SessionError::KeyError(key.to_owned())),
        Some(Value::List(items)) => {
            let mut items = items.clone();
            items.push(value);
            // Replacing the entry keeps its position in the dict, as a mutation would.
            data.insert(key, Value::List(items));
            Ok(())
        }
        Some(other) => Err(SessionError::AttributeError(format!(
            "'{}' object has no attribute 'append'",
            python_type_name(other)
        ))),
    }
}

/// One view result of a `multi` request, before the request ends.
enum Pending {
    /// A value no later call can change.
    Plain(Value),
    /// A list object the session also holds (an index into [`SharedLists::objects`]).
    Shared(usize),
    /// `dict(s.items())`: a new dict whose values may be shared lists.
    Items(Vec<(String, Pending)>),
}

/// The list objects a `multi` request's results share with the session.
#[derive(Default)]
pub struct SharedLists {
    /// Session key -> the object it holds, for keys some result refers to.
    slots: Vec<(String, usize)>,
    /// The current contents of each shared list object.
    objects: Vec<Vec<Value>>,
    results: Vec<Pending>,
}

impl SharedLists {
    fn slot(&self, key: &str) -> Option<usize> {
        self.slots.iter().find(|(k, _)| k == key).map(|&(_, id)| id)
    }

    /// The object the session holds under `key` (a list with `items`), tracked from now on.
    fn share(&mut self, key: &str, items: &[Value]) -> usize {
        if let Some(id) = self.slot(key) {
            return id;
        }
        self.objects.push(items.to_vec());
        let id = self.objects.len() - 1;
        self.slots.push((key.to_owned(), id));
        id
    }

    /// What a result that may be the session's own value under `key` refers to.
    fn capture(&mut self, key: &str, value: Value, session: &Session) -> Pending {
        match session.loaded_data().and_then(|data| data.get(key)) {
            Some(Value::List(items)) if *items == list_items(&value) => {
                let items = items.clone();
                Pending::Shared(self.share(key, &items))
            }
            _ => Pending::Plain(value),
        }
    }

    /// Records the result of `call`, which just ran on `session`.
    pub fn record(&mut self, call: &ViewCall, value: Value, session: &Session) {
        match call {
            ViewCall::Append { key, value: item } if value == Value::Null => {
                if let Some(id) = self.slot(key) {
                    self.objects[id].push(item.clone());
                }
            }
            ViewCall::Set(data) | ViewCall::Update(data) => {
                self.slots.retain(|(k, _)| !data.contains_key(k));
            }
            _ => {}
        }
        self.forget_replaced(session);
        let pending = match (call, value) {
            (ViewCall::Get { key, .. } | ViewCall::SetDefault { key, .. }, value) => {
                self.capture(key, value, session)
            }
            (ViewCall::Items, Value::Dict(items)) => Pending::Items(
                items
                    .iter()
                    .map(|(k, v)| (k.to_owned(), self.capture(k, v.clone(), session)))
                    .collect(),
            ),
            (_, value) => Pending::Plain(value),
        };
        self.results.push(pending);
    }

    /// Stops tracking keys whose object left the session (deleted, popped, cleared, flushed,
    /// or replaced by a value that is not this list).
    fn forget_replaced(&mut self, session: &Session) {
        let objects = &self.objects;
        self.slots.retain(|(key, id)| {
            matches!(
                session.loaded_data().and_then(|data| data.get(key)),
                Some(Value::List(items)) if *items == objects[*id]
            )
        });
    }

    /// The results as the harness serialises them, after the request.
    pub fn finish(self) -> Value {
        let objects = self.objects;
        let resolve = |pending: Pending| resolve(pending, &objects);
        Value::List(self.results.into_iter().map(resolve).collect())
    }
}

fn list_items(value: &Value) -> Vec<Value> {
    match value {
        Value::List(items) => items.clone(),
        _ => Vec::new(),
    }
}

fn resolve(pending: Pending, objects: &[Vec<Value>]) -> Value {
    match pending {
        Pending::Plain(value) => value,
        Pending::Shared(id) => Value::List(objects.get(id).cloned().unwrap_or_default()),
        Pending::Items(entries) => Value::Dict(
            entries
                .into_iter()
                .map(|(k, p)| (k, resolve(p, objects)))
                .collect(),
        ),
    }
}
