//! A stable insertion sort for the short lists the engine and the playground sort (cookies of
//! one request, a handful of refusal reasons, chart labels).
//!
//! Not Django: a size measure for the page. Every `sort_by_key` call site makes the compiler
//! instantiate core's whole stable sort (quicksort, drift sort and small-sort, about 2.5 KB of
//! wasm each); this one is a few hundred bytes per element type. It is quadratic, so it is only
//! for lists of at most a few hundred items; the results are the same as `sort_by_key`'s (both are
//! stable).

/// Sorts `items` by `key`, stably: equal keys keep their order (as `slice::sort_by_key`).
pub fn sort_small_by_key<T, K: Ord>(items: &mut [T], key: impl Fn(&T) -> K) {
    sort_small_by(items, &|a: &T, b: &T| key(a) > key(b));
}

/// Sorts `items` so that no item comes after one it `is_after`, stably.
pub fn sort_small_by<T>(items: &mut [T], is_after: &dyn Fn(&T, &T) -> bool) {
    for end in 1..items.len() {
        let mut i = end;
        while i > 0 && is_after(&items[i - 1], &items[i]) {
            items.swap(i - 1, i);
            i -= 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_like_the_standard_stable_sort() {
        let mut seed = 7_u32;
        for len in 0..40 {
            let mut pairs: Vec<(u8, usize)> = (0..len)
                .map(|i| {
                    seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                    (((seed >> 16) % 5) as u8, i)
                })
                .collect();
            let mut expected = pairs.clone();
            expected.sort_by_key(|p| p.0);
            sort_small_by_key(&mut pairs, |p| p.0);
            assert_eq!(pairs, expected, "length {len}");
        }
    }

    #[test]
    fn keeps_equal_items_in_their_order() {
        let mut words = ["bb", "a", "cc", "b", "aa"];
        sort_small_by_key(&mut words, |w| w.len());
        assert_eq!(words, ["a", "b", "bb", "cc", "aa"]);
    }
}
