//! Django's local-memory cache (`django/core/cache/backends/locmem.py`, `LocMemCache`), the
//! `default` cache the cache and cached_db session engines use.
//!
//! Entries are kept most recently used first (Django's `OrderedDict` with
//! `move_to_end(key, last=False)`); `get` and every write move an entry to the front,
//! `has_key` (`in`) does not. Expired entries stay until something touches them. Every write
//! (`_set`, also when the key exists) first culls if the cache holds `MAX_ENTRIES` or more,
//! removing `len // CULL_FREQUENCY` entries from the least recently used end
//! (`CULL_FREQUENCY == 0` clears everything).

use crate::event::{EventKind, EventLog, Lane};
use crate::json::Dict;
use crate::session::error::SessionError;
use crate::session::settings::CacheOptions;

/// The cache key Django builds: `KEY_PREFIX:VERSION:key` with the defaults `""` and 1
/// (`django/core/cache/backends/base.py`, `default_key_func`).
pub fn make_cache_key(key: &str) -> String {
    format!(":1:{key}")
}

/// One cache entry.
#[derive(Clone, Debug, PartialEq)]
pub struct CacheSlot {
    /// The full key (`:1:...`).
    pub key: String,
    /// The stored session dict (Django pickles a copy).
    pub value: Dict,
    /// `_expire_info[key]`: Unix seconds, `None` = never.
    pub expires_at: Option<f64>,
}

/// A LocMemCache: entries in most-recently-used-first order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LocMemCache {
    entries: Vec<CacheSlot>,
    options: CacheOptions,
    /// The scenario's `cache_writes: fail`: `set` and `add` raise `ConnectionError`.
    writes_fail: bool,
}

/// What a failing write raises.
const WRITE_REFUSED: &str = "the cache refuses writes (cache_writes: fail)";

/// A timeout as `BaseCache.get_backend_timeout` turns it into an expiry time.
fn backend_expiry(timeout: f64, now: f64) -> f64 {
    if timeout == 0.0 {
        // ticket 21147: a timeout of 0 means "already expired", one second ago.
        now - 1.0
    } else {
        now + timeout
    }
}

impl LocMemCache {
    /// An empty cache with `MAX_ENTRIES` and `CULL_FREQUENCY` from `options`.
    pub fn new(options: CacheOptions) -> LocMemCache {
        LocMemCache {
            entries: Vec::new(),
            options,
            writes_fail: false,
        }
    }

    /// The entries, most recently used first, expired ones included.
    pub fn entries(&self) -> &[CacheSlot] {
        &self.entries
    }

    /// The options in force.
    pub fn options(&self) -> CacheOptions {
        self.options
    }

    /// `cache.clear()`: what a server restart does to a local-memory cache.
    pub fn clear(&mut self) {
        self.entries.clear();
    }

    /// `cache_writes`: from now on `set()` and `add()` raise `ConnectionError` before
    /// changing anything (`fail = true`), or work again (`false`). Reads, `delete` and
    /// `clear` keep working.
    pub fn set_writes_fail(&mut self, fail: bool) {
        self.writes_fail = fail;
    }

    /// Whether writes currently fail.
    pub fn writes_fail(&self) -> bool {
        self.writes_fail
    }

    fn refuse_write(
        &self,
        key: &str,
        events: &mut EventLog,
        django: &'static str,
    ) -> Result<(), SessionError> {
        if !self.writes_fail {
            return Ok(());
        }
        events.push_detail(
            Lane::Store,
            EventKind::Exception,
            django,
            "The cache is down: the write raises ConnectionError before changing anything.",
            Some(key),
        );
        Err(SessionError::ConnectionError(WRITE_REFUSED.to_owned()))
    }

    fn position(&self, key: &str) -> Option<usize> {
        self.entries.iter().position(|e| e.key == key)
    }

    /// `_has_expired(key)`: absent keys count as expired; `expires_at <= now` is expired.
    fn has_expired(&self, key: &str, now: f64) -> bool {
        match self.position(key) {
            None => true,
            Some(i) => self.entries[i].expires_at.is_some_and(|at| at <= now),
        }
    }

    /// `_delete(key)`: whether there was an entry.
    fn remove(&mut self, key: &str) -> bool {
        match self.position(key) {
            Some(i) => {
                self.entries.remove(i);
                true
            }
            None => false,
        }
    }

    fn evict_expired(&mut self, key: &str, events: &mut EventLog, django: &'static str) {
        if self.remove(key) {
            events.push_detail(
                Lane::Store,
                EventKind::StoreEvict,
                django,
                "The cache finds the entry expired and throws it away now (LocMemCache expires entries lazily, when they are touched).",
                Some(key),
            );
        }
    }

    /// `cache.get(key)`: the value, moved to the front; an expired entry is deleted.
    pub fn get(&mut self, key: &str, now: f64, events: &mut EventLog) -> Option<Dict> {
        if self.has_expired(key, now) {
            self.evict_expired(key, events, "LocMemCache.get");
            events.push_detail(
                Lane::Store,
                EventKind::StoreRead,
                "LocMemCache.get",
                "The cache has no live entry under this key (a miss).",
                Some(format!("get {key} -> None")),
            );
            return None;
        }
        let index = self.position(key)?;
        let slot = self.entries.remove(index);
        let value = slot.value.clone();
        self.entries.insert(0, slot);
        events.push_detail(
            Lane::Store,
            EventKind::StoreRead,
            "LocMemCache.get",
            "The cache returns the stored session dict (a hit) and marks it most recently used.",
            Some(format!("get {key} -> {} key(s)", value.len())),
        );
        Some(value)
    }

    /// `key in cache` (`has_key`): an expired entry is deleted; order is not changed.
    pub fn has_key(&mut self, key: &str, now: f64, events: &mut EventLog) -> bool {
        let live = !self.has_expired(key, now);
        if !live {
            self.evict_expired(key, events, "LocMemCache.has_key");
        }
        events.push_detail(
            Lane::Store,
            EventKind::StoreRead,
            "LocMemCache.has_key",
            if live {
                "The cache says this key is in use."
            } else {
                "The cache says this key is free."
            },
            Some(format!(
                "{key} in cache -> {}",
                if live { "True" } else { "False" }
            )),
        );
        live
    }

    /// `cache.add(key, value, timeout)`: stores only if there is no live entry.
    pub fn add(
        &mut self,
        key: &str,
        value: &Dict,
        timeout: f64,
        now: f64,
        events: &mut EventLog,
    ) -> Result<bool, SessionError> {
        self.refuse_write(key, events, "LocMemCache.add")?;
        Ok(if self.has_expired(key, now) {
            self.store(key, value, timeout, now, events, "LocMemCache.add");
            true
        } else {
            events.push_detail(
                Lane::Store,
                EventKind::StoreRead,
                "LocMemCache.add",
                "The cache refuses to add: a live entry already uses this key.",
                Some(key),
            );
            false
        })
    }

    /// `cache.set(key, value, timeout)`.
    pub fn set(
        &mut self,
        key: &str,
        value: &Dict,
        timeout: f64,
        now: f64,
        events: &mut EventLog,
    ) -> Result<(), SessionError> {
        self.refuse_write(key, events, "LocMemCache.set")?;
        self.store(key, value, timeout, now, events, "LocMemCache.set");
        Ok(())
    }

    /// `_set`: cull if full, then store at the front with `get_backend_timeout(timeout)`.
    fn store(
        &mut self,
        key: &str,
        value: &Dict,
        timeout: f64,
        now: f64,
        events: &mut EventLog,
        django: &'static str,
    ) {
        if self.entries.len() as i64 >= self.options.max_entries {
            self.cull(events);
        }
        let expires_at = Some(backend_expiry(timeout, now));
        let slot = CacheSlot {
            key: key.to_owned(),
            value: value.clone(),
            expires_at,
        };
        if let Some(i) = self.position(key) {
            self.entries.remove(i);
        }
        self.entries.insert(0, slot);
        events.push_detail(
            Lane::Store,
            EventKind::StoreWrite,
            django,
            format!(
                "The cache stores the session dict under this key for {} seconds, as the most recently used entry.",
                crate::json::python_float_repr(timeout)
            ),
            Some(format!(
                "{key} (timeout {}, expires at {})",
                crate::json::python_float_repr(timeout),
                crate::json::python_float_repr(backend_expiry(timeout, now))
            )),
        );
    }

    /// `_cull`: remove `len // CULL_FREQUENCY` least recently used entries, or all of them
    /// when `CULL_FREQUENCY` is 0.
    fn cull(&mut self, events: &mut EventLog) {
        let before = self.entries.len();
        if self.options.cull_frequency == 0 {
            self.entries.clear();
        } else {
            let count = (before as i64)
                .div_euclid(self.options.cull_frequency)
                .max(0) as usize;
            self.entries.truncate(before.saturating_sub(count));
        }
        events.push(
            Lane::Store,
            EventKind::StoreEvict,
            "LocMemCache._cull",
            format!(
                "The cache is full ({before} entries, MAX_ENTRIES={}), so before writing it drops {} least recently used entr{} (CULL_FREQUENCY={}).",
                self.options.max_entries,
                before - self.entries.len(),
                if before - self.entries.len() == 1 { "y" } else { "ies" },
                self.options.cull_frequency
            ),
        );
    }

    /// `cache.delete(key)`: whether there was an entry.
    pub fn delete(&mut self, key: &str, events: &mut EventLog) -> bool {
        let existed = self.remove(key);
        events.push_detail(
            Lane::Store,
            EventKind::StoreDelete,
            "LocMemCache.delete",
            if existed {
                "The cache deletes the entry."
            } else {
                "The cache has nothing to delete under this key."
            },
            Some(key),
        );
        existed
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::Value;

    fn dict(n: i64) -> Dict {
        let mut d = Dict::new();
        d.insert("n", Value::from(n));
        d
    }

    fn keys(cache: &LocMemCache) -> Vec<&str> {
        cache.entries().iter().map(|e| e.key.as_str()).collect()
    }

    #[test]
    fn get_moves_to_front_but_has_key_does_not() {
        let mut events = EventLog::new();
        let mut cache = LocMemCache::new(CacheOptions::default());
        cache.set("a", &dict(1), 10.0, 0.0, &mut events).unwrap();
        cache.set("b", &dict(2), 10.0, 0.0, &mut events).unwrap();
        assert_eq!(keys(&cache), ["b", "a"]);
        assert!(cache.has_key("a", 0.0, &mut events));
        assert_eq!(keys(&cache), ["b", "a"]);
        assert_eq!(cache.get("a", 0.0, &mut events), Some(dict(1)));
        assert_eq!(keys(&cache), ["a", "b"]);
    }

    #[test]
    fn expiry_is_lazy_and_zero_timeout_is_already_expired() {
        let mut events = EventLog::new();
        let mut cache = LocMemCache::new(CacheOptions::default());
        cache.set("a", &dict(1), 10.0, 0.0, &mut events).unwrap();
        cache.set("z", &dict(0), 0.0, 0.0, &mut events).unwrap();
        assert_eq!(cache.entries()[0].expires_at, Some(-1.0));
        assert_eq!(cache.entries().len(), 2);
        assert_eq!(cache.get("a", 10.0, &mut events), None);
        assert_eq!(keys(&cache), ["z"]);
        assert!(cache.add("z", &dict(5), 5.0, 10.0, &mut events).unwrap());
        assert!(!cache.add("z", &dict(6), 5.0, 10.0, &mut events).unwrap());
    }

    #[test]
    fn culls_least_recently_used_before_every_write() {
        let mut events = EventLog::new();
        let options = CacheOptions {
            max_entries: 3,
            cull_frequency: 3,
        };
        let mut cache = LocMemCache::new(options);
        for (i, key) in ["a", "b", "c"].iter().enumerate() {
            cache
                .set(key, &dict(i as i64), 100.0, 0.0, &mut events)
                .unwrap();
        }
        // Updating an existing key still culls first: 3 // 3 = 1 entry, the oldest ("a").
        cache.set("b", &dict(9), 100.0, 0.0, &mut events).unwrap();
        assert_eq!(keys(&cache), ["b", "c"]);
        let clear_all = CacheOptions {
            max_entries: 2,
            cull_frequency: 0,
        };
        let mut cache = LocMemCache::new(clear_all);
        cache.set("a", &dict(1), 100.0, 0.0, &mut events).unwrap();
        cache.set("b", &dict(2), 100.0, 0.0, &mut events).unwrap();
        cache.set("c", &dict(3), 100.0, 0.0, &mut events).unwrap();
        assert_eq!(keys(&cache), ["c"]);
    }
}
