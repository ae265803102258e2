//! A list in a trace step whose items are shared with the previous steps' lists wherever they
//! did not change, so that keeping the state after every step costs memory in proportion to
//! what changed, not to the size of the store times the number of steps.
//!
//! Reads like a slice of `T` (`iter`, `len`, indexing, `for item in &list`); equality compares
//! items, not sharing, so a shared list equals a freshly built one with the same items.

use std::fmt;
use std::ops::Index;
use std::sync::Arc;

/// An immutable list of `T` whose items (and, when nothing changed, the whole list) are shared.
pub struct SharedList<T> {
    items: Arc<[Arc<T>]>,
}

impl<T> SharedList<T> {
    /// An empty list.
    pub fn new() -> SharedList<T> {
        SharedList {
            items: Arc::from(Vec::new()),
        }
    }

    /// The list of `items`, reusing `previous` as a whole when it holds exactly the same
    /// (shared) items.
    pub(crate) fn reusing(previous: Option<&SharedList<T>>, items: Vec<Arc<T>>) -> SharedList<T> {
        if let Some(previous) = previous {
            let same = previous.items.len() == items.len()
                && previous
                    .items
                    .iter()
                    .zip(&items)
                    .all(|(old, new)| Arc::ptr_eq(old, new));
            if same {
                return previous.clone();
            }
        }
        SharedList {
            items: Arc::from(items),
        }
    }

    /// The shared items, for building the next step's list.
    pub(crate) fn shared_items(&self) -> &[Arc<T>] {
        &self.items
    }

    /// How many items.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether there is no item.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The item at `index`.
    pub fn get(&self, index: usize) -> Option<&T> {
        self.items.get(index).map(|item| &**item)
    }

    /// The first item.
    pub fn first(&self) -> Option<&T> {
        self.get(0)
    }

    /// The items in order.
    pub fn iter(&self) -> Iter<'_, T> {
        Iter {
            inner: self.items.iter(),
        }
    }

    /// A copy of the items.
    pub fn to_vec(&self) -> Vec<T>
    where
        T: Clone,
    {
        self.iter().cloned().collect()
    }

    /// Whether this list and `other` are the same list in memory (not merely equal).
    pub fn is_shared_with(&self, other: &SharedList<T>) -> bool {
        Arc::ptr_eq(&self.items, &other.items)
    }

    /// Whether item `index` of this list and item `other_index` of `other` are one item in
    /// memory (not merely equal).
    pub fn shares_item_with(
        &self,
        index: usize,
        other: &SharedList<T>,
        other_index: usize,
    ) -> bool {
        match (self.items.get(index), other.items.get(other_index)) {
            (Some(mine), Some(theirs)) => Arc::ptr_eq(mine, theirs),
            _ => false,
        }
    }
}

impl<T> Clone for SharedList<T> {
    /// Another handle on the same items (no item is copied).
    fn clone(&self) -> Self {
        SharedList {
            items: Arc::clone(&self.items),
        }
    }
}

impl<T> Default for SharedList<T> {
    fn default() -> Self {
        SharedList::new()
    }
}

impl<T: PartialEq> PartialEq for SharedList<T> {
    fn eq(&self, other: &Self) -> bool {
        self.items.len() == other.items.len()
            && self
                .items
                .iter()
                .zip(other.items.iter())
                .all(|(a, b)| Arc::ptr_eq(a, b) || a == b)
    }
}

impl<T: fmt::Debug> fmt::Debug for SharedList<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<T> FromIterator<T> for SharedList<T> {
    fn from_iter<I: IntoIterator<Item = T>>(items: I) -> Self {
        SharedList {
            items: items.into_iter().map(Arc::new).collect(),
        }
    }
}

impl<T> From<Vec<T>> for SharedList<T> {
    fn from(items: Vec<T>) -> Self {
        items.into_iter().collect()
    }
}

impl<T> Index<usize> for SharedList<T> {
    type Output = T;

    fn index(&self, index: usize) -> &T {
        &self.items[index]
    }
}

/// The items of a [`SharedList`], in order.
pub struct Iter<'a, T> {
    inner: std::slice::Iter<'a, Arc<T>>,
}

impl<T> Clone for Iter<'_, T> {
    fn clone(&self) -> Self {
        Iter {
            inner: self.inner.clone(),
        }
    }
}

impl<'a, T> Iterator for Iter<'a, T> {
    type Item = &'a T;

    fn next(&mut self) -> Option<&'a T> {
        self.inner.next().map(|item| &**item)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

impl<T> DoubleEndedIterator for Iter<'_, T> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.inner.next_back().map(|item| &**item)
    }
}

impl<T> ExactSizeIterator for Iter<'_, T> {}

impl<'a, T> IntoIterator for &'a SharedList<T> {
    type Item = &'a T;
    type IntoIter = Iter<'a, T>;

    fn into_iter(self) -> Iter<'a, T> {
        self.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_like_a_slice() {
        let list: SharedList<&str> = vec!["a", "b", "c"].into();
        assert_eq!(list.len(), 3);
        assert!(!list.is_empty() && SharedList::<u8>::new().is_empty());
        assert_eq!(list[1], "b");
        assert_eq!(list.first(), Some(&"a"));
        assert_eq!(list.get(3), None);
        assert_eq!(list.iter().rev().copied().collect::<String>(), "cba");
        let mut seen = Vec::new();
        for item in &list {
            seen.push(*item);
        }
        assert_eq!(seen, list.to_vec());
        assert_eq!(format!("{list:?}"), r#"["a", "b", "c"]"#);
    }

    #[test]
    fn unchanged_items_keep_the_previous_list() {
        let first: SharedList<String> = vec!["a".to_owned(), "b".to_owned()].into();
        let same = SharedList::reusing(Some(&first), first.shared_items().to_vec());
        assert!(same.is_shared_with(&first));

        let mut items = first.shared_items().to_vec();
        items.push(Arc::new("c".to_owned()));
        let grown = SharedList::reusing(Some(&first), items);
        assert!(!grown.is_shared_with(&first));
        assert!(grown.shares_item_with(0, &first, 0));
        assert!(grown.shares_item_with(1, &first, 1));
        assert!(!grown.shares_item_with(2, &first, 1));
    }

    #[test]
    fn equality_is_by_items_not_by_sharing() {
        let a: SharedList<i32> = vec![1, 2].into();
        let b: SharedList<i32> = vec![1, 2].into();
        assert!(!a.is_shared_with(&b));
        assert_eq!(a, b);
        assert_ne!(a, SharedList::from(vec![1, 3]));
        assert_ne!(a, SharedList::from(vec![1]));
    }
}
