//! The order of a list as numbers: each entity has an `order`, and a list reads sorted by
//! order, then id (so two people inserting at one place both keep their entity, in the same
//! order on every replica). Reordering writes as few keys as it can: those outside the longest
//! run already in order, so that moving one lane writes one number and two people moving
//! different lanes both win.

/// The keys to write so that `ids` read in this order, given each id's current key.
pub fn keys_to_write<'a>(
    ids: &[&'a str],
    current: impl Fn(&str) -> Option<f64>,
) -> Vec<(&'a str, f64)> {
    let keys: Vec<Option<f64>> = ids.iter().map(|id| current(id)).collect();
    let kept = longest_ordered_run(ids, &keys);
    let mut writes = Vec::new();
    let mut i = 0;
    while i < ids.len() {
        if kept[i] {
            i += 1;
            continue;
        }
        let start = i;
        while i < ids.len() && !kept[i] {
            i += 1;
        }
        let lo = start.checked_sub(1).and_then(|p| keys[p]);
        let hi = if i < ids.len() { keys[i] } else { None };
        let count = i - start;
        let Some(fresh) = spaced(lo, hi, count) else {
            return renumbered(ids, &keys);
        };
        writes.extend(ids[start..i].iter().copied().zip(fresh));
    }
    writes
}

/// `count` keys strictly between `lo` and `hi`, evenly spaced; `None` when the numbers between
/// them have run out.
fn spaced(lo: Option<f64>, hi: Option<f64>, count: usize) -> Option<Vec<f64>> {
    let n = count as f64;
    let (lo, hi) = match (lo, hi) {
        (Some(lo), Some(hi)) => (lo, hi),
        (Some(lo), None) => (lo, lo + n + 1.0),
        (None, Some(hi)) => (hi - n - 1.0, hi),
        (None, None) => (0.0, n + 1.0),
    };
    let step = (hi - lo) / (n + 1.0);
    let keys: Vec<f64> = (1..=count).map(|k| lo + step * k as f64).collect();
    let mut previous = lo;
    for &k in keys.iter().chain(std::iter::once(&hi)) {
        if k <= previous || !k.is_finite() {
            return None;
        }
        previous = k;
    }
    Some(keys)
}

/// Every key anew as 1, 2, 3…: only when the numbers between two neighbours have run out.
fn renumbered<'a>(ids: &[&'a str], keys: &[Option<f64>]) -> Vec<(&'a str, f64)> {
    ids.iter()
        .zip(keys)
        .enumerate()
        .map(|(i, (id, key))| (*id, i as f64 + 1.0, *key))
        .filter(|(_, new, old)| *old != Some(*new))
        .map(|(id, new, _)| (id, new))
        .collect()
}

/// Which positions to keep: the longest run of positions whose keys already increase (order,
/// then id), by patience sorting.
fn longest_ordered_run(ids: &[&str], keys: &[Option<f64>]) -> Vec<bool> {
    let before = |a: usize, b: usize| {
        let (ka, kb) = (keys[a].unwrap_or_default(), keys[b].unwrap_or_default());
        ka.total_cmp(&kb).then_with(|| ids[a].cmp(ids[b])).is_lt()
    };
    // tails[k]: the position ending the best run of length k + 1 found so far.
    let mut tails: Vec<usize> = Vec::new();
    let mut previous: Vec<Option<usize>> = vec![None; ids.len()];
    for i in (0..ids.len()).filter(|&i| keys[i].is_some_and(f64::is_finite)) {
        let length = tails.partition_point(|&t| before(t, i));
        previous[i] = length.checked_sub(1).map(|l| tails[l]);
        if length == tails.len() {
            tails.push(i);
        } else {
            tails[length] = i;
        }
    }
    let mut kept = vec![false; ids.len()];
    let mut at = tails.last().copied();
    while let Some(i) = at {
        kept[i] = true;
        at = previous[i];
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn apply(ids: &[&str], keys: &mut HashMap<String, f64>) -> usize {
        let writes = keys_to_write(ids, |id| keys.get(id).copied());
        for (id, k) in &writes {
            keys.insert((*id).to_owned(), *k);
        }
        let mut sorted: Vec<&str> = ids.to_vec();
        sorted.sort_by(|a, b| keys[*a].total_cmp(&keys[*b]).then(a.cmp(b)));
        assert_eq!(sorted, ids, "the keys read in the order asked for");
        writes.len()
    }

    #[test]
    fn a_new_list_gets_a_key_each() {
        let mut keys = HashMap::new();
        assert_eq!(apply(&["a", "b", "c"], &mut keys), 3);
        assert_eq!(apply(&["a", "b", "c"], &mut keys), 0, "nothing to write when in order");
    }

    #[test]
    fn moving_one_writes_one_key() {
        let mut keys = HashMap::new();
        apply(&["a", "b", "c", "d"], &mut keys);
        assert_eq!(apply(&["a", "d", "b", "c"], &mut keys), 1);
        assert_eq!(apply(&["x", "a", "d", "b", "c"], &mut keys), 1, "inserting at the front");
        assert_eq!(apply(&["x", "a", "d", "b", "c", "y"], &mut keys), 1, "and at the end");
    }

    #[test]
    fn inserting_again_and_again_at_one_place_renumbers_when_the_numbers_run_out() {
        let mut keys = HashMap::new();
        let mut ids: Vec<String> = vec!["a".into(), "z".into()];
        for i in 0..200 {
            ids.insert(1, format!("n{i:03}"));
            let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
            apply(&refs, &mut keys);
        }
    }
}
