//! The sort orders: every row's packed sort key, the name order in pinyin, and each key's order.

use super::{IndexRow, PoolIndex, SortKey};
use crate::domain::{Batch, Pool, Tier};
use time::Date;

/// Where a row sorts by `key` before the name decides (ascending; missing values last).
///
/// Rows sort by `(sort_key, name order)` packed into one integer per row, so a sort never
/// compares strings. `order` ranks the interned districts or commissioners in pinyin order (for
/// those two keys).
pub(super) fn sort_key(r: &IndexRow, key: SortKey, order: &[u16]) -> u64 {
    /// Position of `v` among all values of its type (by their `Ord`).
    fn rank<T: Ord>(all: &[T], v: &T) -> u64 {
        all.iter().filter(|x| *x < v).count() as u64
    }
    let date = |d: Option<Date>| match d {
        Some(d) => (i64::from(d.to_julian_day()) - i64::from(i32::MIN)) as u64,
        None => u64::MAX,
    };
    let interned = |i: u16| order.get(i as usize).map_or(0, |r| u64::from(*r) + 1);
    match key {
        // Then the pool, none first.
        SortKey::Rank => match r.rank {
            Some(n) => (u64::from(n) << 8) | r.pool.map_or(0, |p| 1 + rank(Pool::ALL, &p)),
            None => u64::MAX,
        },
        SortKey::Name => 0,
        SortKey::Colour => {
            (u64::from(r.colour_order()) << 40)
                | (u64::from(u16::MAX - r.red) << 16)
                | u64::from(u16::MAX - r.yellow)
        }
        SortKey::NextVisit => date(r.next_visit),
        SortKey::LastVisit => date(r.last_visit),
        SortKey::Tier => rank(Tier::ALL, &r.tier),
        SortKey::Batch => r.batch.map_or(u64::MAX, |b| rank(Batch::ALL, &b)),
        SortKey::District => interned(r.district),
        SortKey::Commissioner => interned(r.commissioner),
    }
}

/// The rows in name order: pinyin, then the name itself, then the row.
///
/// The pinyin is computed here into one buffer and dropped after: the index keeps no pinyin.
pub(super) fn name_order(ix: &PoolIndex) -> Vec<u32> {
    let rows = &ix.rows;
    let mut keys = String::with_capacity((0..rows.len()).map(|i| ix.name(i).len() * 4 + 8).sum());
    let mut ends: Vec<usize> = Vec::with_capacity(rows.len());
    for i in 0..rows.len() {
        keys.push_str(&crate::text::pinyin_key(ix.name(i)));
        ends.push(keys.len());
    }
    let key = |i: usize| &keys[if i == 0 { 0 } else { ends[i - 1] }..ends[i]];
    // The first 16 bytes of the pinyin, compared as one integer, decide most comparisons.
    let prefix = |s: &str| {
        let mut b = [0u8; 16];
        let n = s.len().min(16);
        b[..n].copy_from_slice(&s.as_bytes()[..n]);
        u128::from_be_bytes(b)
    };
    let prefixes: Vec<u128> = (0..rows.len()).map(|i| prefix(key(i))).collect();
    let mut order: Vec<u32> = (0..rows.len() as u32).collect();
    order.sort_unstable_by(|&a, &b| {
        let (a, b) = (a as usize, b as usize);
        prefixes[a]
            .cmp(&prefixes[b])
            .then_with(|| key(a).cmp(key(b)).then_with(|| ix.name(a).cmp(ix.name(b))))
            .then(a.cmp(&b))
    });
    order
}

/// The rows in `key` order (ascending), given their name order.
pub(super) fn key_order(ix: &PoolIndex, key: SortKey, by_name: &[u32]) -> Vec<u32> {
    if key == SortKey::Name {
        return by_name.to_vec();
    }
    let ranks = interned_ranks(ix, key);
    // (sort key, name order, row) in one integer each: sorting them is sorting the rows.
    let mut keys: Vec<u128> = by_name
        .iter()
        .enumerate()
        .filter_map(|(n, &i)| {
            let r = ix.rows.get(i as usize)?;
            Some((u128::from(sort_key(r, key, &ranks)) << 64) | ((n as u128) << 32) | i as u128)
        })
        .collect();
    keys.sort_unstable();
    keys.iter().map(|k| *k as u32).collect()
}

/// For the district and commissioner keys, each interned value's rank in pinyin order:
/// they are few, so they are ranked once and rows compare ranks.
pub(super) fn interned_ranks(ix: &PoolIndex, key: SortKey) -> Vec<u16> {
    let names: &[String] = match key {
        SortKey::District => &ix.districts,
        SortKey::Commissioner => &ix.commissioners,
        _ => &[],
    };
    let mut by_pinyin: Vec<(String, usize)> = names
        .iter()
        .enumerate()
        .map(|(i, n)| (crate::text::pinyin_key(n), i))
        .collect();
    by_pinyin.sort();
    let mut ranks = vec![0u16; names.len()];
    for (rank, (_, i)) in by_pinyin.iter().enumerate() {
        ranks[*i] = rank as u16;
    }
    ranks
}

/// The slot of a sort key in `SortKey::ALL` (and in the kept orders).
pub(super) fn key_slot(key: SortKey) -> usize {
    SortKey::ALL.iter().position(|k| *k == key).unwrap_or(0)
}
