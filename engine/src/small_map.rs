//! A map from names to values, sorted by name, for the few entries a scenario names (browsers,
//! labels of saved cookies, the keys of a session being costed).
//!
//! Not Django: a size measure for the page. It behaves as a `BTreeMap<String, V>` for these
//! uses (sorted iteration, one value per name) but is a sorted `Vec`, whose code in the wasm
//! is a fraction of a B-tree's insert, remove and rebalancing instantiated per value type.

/// Names and their values, sorted by name, each name once.
#[derive(Clone, Debug, PartialEq)]
pub struct NameMap<V> {
    entries: Vec<(String, V)>,
}

impl<V> Default for NameMap<V> {
    fn default() -> Self {
        NameMap {
            entries: Vec::new(),
        }
    }
}

impl<V> NameMap<V> {
    /// No entry.
    pub fn new() -> Self {
        NameMap::default()
    }

    fn find(&self, name: &str) -> Result<usize, usize> {
        self.entries
            .binary_search_by(|(entry_name, _)| entry_name.as_str().cmp(name))
    }

    /// The value under `name`.
    pub fn get(&self, name: &str) -> Option<&V> {
        self.find(name).ok().map(|i| &self.entries[i].1)
    }

    /// The value under `name`, to change.
    pub fn get_mut(&mut self, name: &str) -> Option<&mut V> {
        self.find(name).ok().map(|i| &mut self.entries[i].1)
    }

    /// Whether `name` has a value.
    pub fn contains_key(&self, name: &str) -> bool {
        self.find(name).is_ok()
    }

    /// The value under `name`, made by `make` first if there is none.
    pub fn get_or_insert_with(&mut self, name: &str, make: impl FnOnce() -> V) -> &mut V {
        let i = match self.find(name) {
            Ok(i) => i,
            Err(i) => {
                self.entries.insert(i, (name.to_owned(), make()));
                i
            }
        };
        &mut self.entries[i].1
    }

    /// Puts `value` under `name`, replacing the value there.
    pub fn insert(&mut self, name: &str, value: V) {
        match self.find(name) {
            Ok(i) => self.entries[i].1 = value,
            Err(i) => self.entries.insert(i, (name.to_owned(), value)),
        }
    }

    /// Removes the value under `name`, returning it.
    pub fn remove(&mut self, name: &str) -> Option<V> {
        self.find(name).ok().map(|i| self.entries.remove(i).1)
    }

    /// Removes every entry.
    pub fn clear(&mut self) {
        self.entries.clear();
    }

    /// How many names have a value.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no name has a value.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Every name and its value, sorted by name.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &V)> {
        self.entries
            .iter()
            .map(|(name, value)| (name.as_str(), value))
    }

    /// Every value, in the order of the names.
    pub fn values(&self) -> impl Iterator<Item = &V> {
        self.entries.iter().map(|(_, value)| value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn behaves_as_a_btree_map() {
        let mut map = NameMap::new();
        let mut reference = BTreeMap::new();
        let names = ["phone", "laptop", "", "tablet", "laptop", "b", "phone", "a"];
        for (i, name) in names.iter().enumerate() {
            if i % 3 == 2 {
                assert_eq!(map.remove(name), reference.remove(*name));
            } else {
                map.insert(name, i);
                reference.insert(name.to_string(), i);
            }
            *map.get_or_insert_with("z", || 100) += 1;
            *reference.entry("z".to_string()).or_insert(100) += 1;
            let ours: Vec<(&str, usize)> = map.iter().map(|(k, v)| (k, *v)).collect();
            let theirs: Vec<(&str, usize)> =
                reference.iter().map(|(k, v)| (k.as_str(), *v)).collect();
            assert_eq!(ours, theirs);
            assert_eq!(map.len(), reference.len());
            assert_eq!(map.get(name), reference.get(*name));
            assert_eq!(map.contains_key("b"), reference.contains_key("b"));
        }
        map.clear();
        assert!(map.is_empty());
    }
}
