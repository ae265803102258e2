//! The state after a step (the browsers' jars and the store), built so that whatever did not
//! change since the previous step *is* the previous step's, shared (see [`SharedList`]).
//!
//! Without sharing, a scenario whose store keeps growing (every request a new session) keeps
//! a full copy of the store per step, and decodes every stored session again at every step:
//! memory and time grow with the square of the number of steps. With it, each version of a
//! row, a cache entry, a file or a jar is built and decoded once; a step costs one pointer per
//! item it did not change.

use std::collections::HashMap;
use std::sync::Arc;

use crate::browser::SimulatedBrowsers;
use crate::json::Value;
use crate::session::{loads_with, FileDir, LocMemCache, Serializer, STORE_SALT};
use crate::signing::SigningKeys;
use crate::time::DateTime;

use super::super::trace::{
    BrowserJar, CacheEntry, DbRow, FileEntry, JarCookie, SharedList, StoreSnapshot,
    StoredCookieDetails,
};
use super::Simulation;

/// The previous step's state, to share from.
#[derive(Clone, Debug, Default)]
pub(super) struct PreviousState {
    jars: SharedList<BrowserJar>,
    store: StoreSnapshot,
    /// The `expire_date` of each row of `store.db`, in the same order (formatting a date is
    /// what comparing a row would cost most).
    db_expiry: Vec<DateTime>,
    /// The keys the previous snapshot decoded stored data with (`None` before the first step).
    keys: Option<SigningKeys>,
    /// The `SESSION_SERIALIZER` it decoded with.
    serializer: Option<Serializer>,
    /// With the topology README's fields: every instance's keys and serializer it checked
    /// `verifies_on` with.
    instances: Vec<(SigningKeys, Serializer)>,
}

impl Simulation {
    /// The jars and the store after the step just applied, remembered for the next step.
    #[inline(always)]
    pub(super) fn state_after_step(&mut self) -> (SharedList<BrowserJar>, StoreSnapshot) {
        let keys = self.settings.signing_keys();
        let serializer = self.settings.serializer;
        let instances = self.instance_keys();
        let same_keys = self.previous.keys.as_ref() == Some(&keys)
            && self.previous.serializer == Some(serializer)
            && self.previous.instances == instances;
        let jars = self.shared_jars();
        let store = self.shared_snapshot(&keys, same_keys);
        let db_expiry = if store.db.is_some() {
            self.server
                .table
                .rows()
                .map(|(_, row)| row.expire_date)
                .collect()
        } else {
            Vec::new()
        };
        self.previous = PreviousState {
            jars: jars.clone(),
            store: store.clone(),
            db_expiry,
            keys: Some(keys),
            serializer: Some(serializer),
            instances,
        };
        (jars, store)
    }

    /// Every used browser's jar, sorted by browser name; a jar equal to the previous step's
    /// is that one.
    fn shared_jars(&self) -> SharedList<BrowserJar> {
        let fresh = self
            .browsers
            .jars()
            .into_iter()
            .map(|(browser, cookies)| BrowserJar {
                browser: browser.to_owned(),
                cookies: cookies
                    .into_iter()
                    .map(|c| JarCookie {
                        name: c.name.to_owned(),
                        value: c.value.to_owned(),
                        expires_at: c.expires_at,
                        details: c.cookie.map(StoredCookieDetails::of),
                    })
                    .collect(),
            });
        let previous = &self.previous.jars;
        let old: HashMap<&str, &Arc<BrowserJar>> = previous
            .shared_items()
            .iter()
            .map(|jar| (jar.browser.as_str(), jar))
            .collect();
        let jars = fresh
            .into_iter()
            .map(|jar| match old.get(jar.browser.as_str()) {
                Some(same) if ***same == jar => Arc::clone(same),
                _ => Arc::new(jar),
            })
            .collect();
        SharedList::reusing(Some(previous), jars)
    }

    /// The backend's state now.
    fn shared_snapshot(&self, keys: &SigningKeys, same_keys: bool) -> StoreSnapshot {
        let mut snapshot = StoreSnapshot::default();
        if self.engine.uses_db() {
            snapshot.table_missing = !self.server.table.is_present();
            snapshot.db = Some(self.db_rows(keys, same_keys));
        }
        if self.engine.uses_cache() && self.cluster.any_shared_cache() {
            snapshot.cache = Some(self.cache_entries(&self.server.cache, true));
        }
        if self.engine == crate::session::Engine::File && self.cluster.any_shared_files() {
            snapshot.files = Some(self.session_files(&self.server.files, keys, same_keys, true));
        }
        if self.topology {
            self.injected.topology.own_stores(self, keys, &mut snapshot);
        }
        snapshot
    }

    /// With the topology README's fields, every instance's signing keys and serializer, in
    /// declaration order; empty otherwise.
    fn instance_keys(&self) -> Vec<(SigningKeys, Serializer)> {
        if !self.topology {
            return Vec::new();
        }
        self.cluster
            .processes
            .iter()
            .map(|p| (p.settings.signing_keys(), p.settings.serializer))
            .collect()
    }

    /// `data` and `verifies_on` of stored data: decoded under `keys` without instances; with
    /// them, the instances whose keys verify it, decoded under the first.
    fn decode_stored(
        &self,
        data: &str,
        keys: &SigningKeys,
    ) -> (Option<Value>, Option<Vec<String>>) {
        if !self.topology {
            return (self.decode_for_snapshot(data, keys), None);
        }
        let (decoded, names) = self.injected.topology.verify_on_instances(self, data);
        (decoded, Some(names))
    }

    /// The decoded stored data under `keys` and the serializer in force, `None` if it does
    /// not verify or decode, or if this Django has no such serializer. Informative: it emits
    /// no warning.
    fn decode_for_snapshot(&self, data: &str, keys: &SigningKeys) -> Option<Value> {
        self.decode_as(self.settings.serializer, data, keys)
    }

    pub(super) fn decode_as(
        &self,
        serializer: Serializer,
        data: &str,
        keys: &SigningKeys,
    ) -> Option<Value> {
        if serializer == Serializer::Pickle && !self.django.has_pickle_serializer() {
            return None;
        }
        loads_with(
            serializer,
            self.injected.pickle,
            data,
            keys,
            STORE_SALT,
            None,
            self.clock.now(),
            &mut |_| {},
        )
        .ok()
    }

    /// `django_session`'s rows by key; a row whose data, expiry and decoding keys did not
    /// change is the previous step's (its data is not decoded again).
    fn db_rows(&self, keys: &SigningKeys, same_keys: bool) -> SharedList<DbRow> {
        let previous = self.previous.store.db.as_ref();
        let mut old = previous
            .map_or(&[][..], SharedList::shared_items)
            .iter()
            .zip(&self.previous.db_expiry)
            .peekable();
        let rows = self
            .server
            .table
            .rows()
            .map(|(key, row)| {
                // Both lists are sorted by key: skip the previous rows that are gone.
                while old.next_if(|(r, _)| r.session_key.as_str() < key).is_some() {}
                let unchanged = |(r, expiry): &(&Arc<DbRow>, &DateTime)| {
                    same_keys
                        && r.session_key == key
                        && **expiry == row.expire_date
                        && r.session_data == row.session_data
                };
                match old.next_if(unchanged) {
                    Some((same, _)) => Arc::clone(same),
                    None => {
                        let (data, verifies_on) = self.decode_stored(&row.session_data, keys);
                        Arc::new(DbRow {
                            session_key: key.to_owned(),
                            session_data: row.session_data.clone(),
                            expire_date: row.expire_date.to_utc().isoformat(),
                            expires_at: row.expire_date.timestamp(),
                            data,
                            verifies_on,
                        })
                    }
                }
            })
            .collect();
        SharedList::reusing(previous, rows)
    }

    /// A LocMemCache's entries, most recently used first; for the shared cache (`shared`),
    /// an entry whose value and expiry did not change is the previous step's.
    pub(super) fn cache_entries(
        &self,
        cache: &LocMemCache,
        shared: bool,
    ) -> SharedList<CacheEntry> {
        let previous = self.previous.store.cache.as_ref().filter(|_| shared);
        let old: HashMap<&str, &Arc<CacheEntry>> = previous
            .map_or(&[][..], SharedList::shared_items)
            .iter()
            .map(|entry| (entry.key.as_str(), entry))
            .collect();
        let entries = cache
            .entries()
            .iter()
            .map(|slot| match old.get(slot.key.as_str()) {
                Some(same)
                    if same.expires_at == slot.expires_at
                        && matches!(&same.value, Value::Dict(d) if *d == slot.value) =>
                {
                    Arc::clone(same)
                }
                _ => Arc::new(CacheEntry {
                    key: slot.key.clone(),
                    value: Value::Dict(slot.value.clone()),
                    expires_at: slot.expires_at,
                }),
            })
            .collect();
        SharedList::reusing(previous, entries)
    }

    /// A session directory's files by name; for the shared directory (`shared`), a file whose
    /// content, mtime and decoding keys did not change is the previous step's.
    pub(super) fn session_files(
        &self,
        dir: &FileDir,
        keys: &SigningKeys,
        same_keys: bool,
        shared: bool,
    ) -> SharedList<FileEntry> {
        let previous = self.previous.store.files.as_ref().filter(|_| shared);
        let mut old = previous
            .map_or(&[][..], SharedList::shared_items)
            .iter()
            .peekable();
        let files = dir
            .files()
            .map(|(name, file)| {
                while old.next_if(|f| f.name.as_str() < name).is_some() {}
                let unchanged = |f: &&Arc<FileEntry>| {
                    same_keys
                        && f.name == name
                        && f.content == file.content
                        && f.mtime == file.mtime
                };
                match old.next_if(unchanged) {
                    Some(same) => Arc::clone(same),
                    None => {
                        let (data, verifies_on) = self.decode_stored(&file.content, keys);
                        Arc::new(FileEntry {
                            name: name.to_owned(),
                            content: file.content.clone(),
                            mtime: file.mtime,
                            data,
                            verifies_on,
                        })
                    }
                }
            })
            .collect();
        SharedList::reusing(previous, files)
    }
}

#[cfg(test)]
mod tests {
    use super::{SharedList, StoreSnapshot};
    use crate::json::{Dict, Value};
    use crate::scenario::{
        run, Engine, Request, Scenario, SettingChange, SettingsPatch, Step, Tamper, TamperMode,
        Trace, ViewCall, DEFAULT_BROWSER,
    };

    fn write() -> Step {
        let mut data = Dict::new();
        data.insert("cart", Value::List(vec![Value::from("book")]));
        Step::Request(Request::new(ViewCall::Set(data)))
    }

    fn forget_cookie() -> Step {
        Step::Tamper(Tamper {
            mode: TamperMode::Delete,
            name: None,
            browser: DEFAULT_BROWSER.to_owned(),
        })
    }

    /// Every request starts a new session: the store grows by one row per two steps.
    fn growing(engine: Engine, steps: usize) -> Trace {
        let mut scenario = Scenario::new("growing", engine);
        scenario.steps = [write(), forget_cookie()]
            .into_iter()
            .cycle()
            .take(steps)
            .collect();
        run(&scenario)
    }

    #[test]
    fn a_growing_store_keeps_each_row_once() {
        for engine in [Engine::Db, Engine::File, Engine::Cache] {
            let trace = growing(engine, 40);
            for pair in trace.steps.windows(2) {
                let (before, after) = (&pair[0].store, &pair[1].store);
                let lists = |s: &StoreSnapshot| (s.db.clone(), s.files.clone(), s.cache.clone());
                let (old_db, old_files, old_cache) = lists(before);
                let (new_db, new_files, new_cache) = lists(after);
                if let (Some(old), Some(new)) = (old_db, new_db) {
                    assert_shares_all_but_new(&old, &new, |r| r.session_key.clone());
                }
                if let (Some(old), Some(new)) = (old_files, new_files) {
                    assert_shares_all_but_new(&old, &new, |f| f.name.clone());
                }
                if let (Some(old), Some(new)) = (old_cache, new_cache) {
                    assert_shares_all_but_new(&old, &new, |e| e.key.clone());
                }
            }
        }
    }

    /// Every item of `new` that `old` has too (by `key`) is `old`'s, shared; a list with no
    /// new item is `old` itself.
    fn assert_shares_all_but_new<T: PartialEq + std::fmt::Debug>(
        old: &SharedList<T>,
        new: &SharedList<T>,
        key: impl Fn(&T) -> String,
    ) {
        for (i, item) in new.iter().enumerate() {
            if let Some(j) = old.iter().position(|o| key(o) == key(item)) {
                assert!(new.shares_item_with(i, old, j), "{item:?} was copied");
            }
        }
        if new.len() == old.len() && new == old {
            assert!(new.is_shared_with(old));
        }
    }

    #[test]
    fn a_new_secret_key_decodes_unchanged_rows_again() {
        for engine in [Engine::Db, Engine::File] {
            let mut scenario = Scenario::new("new key", engine);
            scenario.steps = vec![
                write(),
                Step::RotateSecret("rotated".into()),
                Step::Settings(SettingsPatch {
                    changes: vec![SettingChange::SecretKeyFallbacks(Vec::new())],
                }),
            ];
            let trace = run(&scenario);
            let data = |i: usize| {
                let store = &trace.steps[i].store;
                match engine {
                    Engine::Db => store.db.as_ref().unwrap()[0].data.clone(),
                    _ => store.files.as_ref().unwrap()[0].data.clone(),
                }
            };
            assert!(data(0).is_some());
            assert!(
                data(1).is_some(),
                "the old key is a fallback: it still verifies"
            );
            assert_eq!(data(2), None, "without the fallback it no longer verifies");
        }
    }
}
