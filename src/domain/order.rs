//! Stable sorting through one shared routine. Every `sort_by` with its own
//! element type or comparator is a separate copy of the standard sort in the
//! wasm (~3.5 KB each); sorting indices with a `dyn` comparator is one copy.

use std::cmp::Ordering;

/// The indices `0..len` in the order `cmp` gives (stable: equal items keep
/// their order).
pub fn sorted_indices(len: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|&a, &b| cmp(a, b));
    order
}

/// Sorts `items` by `cmp`, stably.
pub fn sort_by<T>(items: &mut Vec<T>, cmp: &dyn Fn(&T, &T) -> Ordering) {
    let order = sorted_indices(items.len(), &|a, b| cmp(&items[a], &items[b]));
    let mut slots: Vec<Option<T>> = std::mem::take(items).into_iter().map(Some).collect();
    items.extend(order.into_iter().filter_map(|i| slots[i].take()));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_stably_by_the_comparator() {
        let mut words = vec!["pear", "fig", "apple", "kiwi", "date"];
        sort_by(&mut words, &|a, b| a.len().cmp(&b.len()));
        assert_eq!(words, vec!["fig", "pear", "kiwi", "date", "apple"], "equal lengths keep their order");
        assert_eq!(sorted_indices(3, &|a, b| b.cmp(&a)), vec![2, 1, 0]);
        let mut empty: Vec<u8> = Vec::new();
        sort_by(&mut empty, &|a, b| a.cmp(b));
        assert!(empty.is_empty());
    }
}
