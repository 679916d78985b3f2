//! The filter: per-value bitsets of rows, ANDed for a filter.

use super::{IndexRow, ListFilter, PoolIndex, bits};
use crate::domain::{Batch, Colour, Pool, PoolStatus, Tier, VisitState};
use time::Date;

/// Whether a row passes every filter (search excluded).
pub fn passes(ix: &PoolIndex, r: &IndexRow, f: &ListFilter, today: Date) -> bool {
    f.pool.is_none_or(|p| r.pool == Some(p))
        && f.batch.is_none_or(|b| r.batch == Some(b))
        && f.pool_status.is_none_or(|s| r.status == Some(s))
        && f.tier.is_none_or(|t| r.tier == t)
        && f.colour.is_none_or(|c| r.colour == Some(c))
        && f.visit.is_none_or(|v| r.visit_state(today) == v)
        && f.district.as_deref().is_none_or(|d| ix.district(r) == d)
        && f.commissioner
            .as_deref()
            .is_none_or(|c| ix.commissioner(r) == c)
}

/// Position of `v` in `all`, or `all.len()` for none.
pub(super) fn slot<T: PartialEq>(all: &[T], v: Option<&T>) -> usize {
    v.and_then(|v| all.iter().position(|x| x == v))
        .unwrap_or(all.len())
}

/// The rows with each value of each filter dimension, built once per index.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Facets {
    /// Per `Pool::ALL`, then none.
    pool: Vec<Vec<u64>>,
    /// Per `Batch::ALL`, then none.
    batch: Vec<Vec<u64>>,
    /// Per `PoolStatus::ALL`, then none.
    status: Vec<Vec<u64>>,
    /// Per `Tier::ALL`.
    tier: Vec<Vec<u64>>,
    /// Per `Colour::ALL`, then none.
    pub(super) colour: Vec<Vec<u64>>,
    /// Per `VisitState::ALL` as of a date (visit states change with the date).
    visit: Option<(Date, Vec<Vec<u64>>)>,
    district: Vec<u16>,
    commissioner: Vec<u16>,
}

impl Facets {
    pub(super) fn new(rows: &[IndexRow]) -> Facets {
        let words = bits::words(rows.len());
        let mut f = Facets {
            pool: vec![vec![0; words]; Pool::ALL.len() + 1],
            batch: vec![vec![0; words]; Batch::ALL.len() + 1],
            status: vec![vec![0; words]; PoolStatus::ALL.len() + 1],
            tier: vec![vec![0; words]; Tier::ALL.len()],
            colour: vec![vec![0; words]; Colour::ALL.len() + 1],
            visit: None,
            district: Vec::with_capacity(rows.len()),
            commissioner: Vec::with_capacity(rows.len()),
        };
        for (i, r) in rows.iter().enumerate() {
            let i = i as u32;
            bits::set(&mut f.pool[slot(Pool::ALL, r.pool.as_ref())], i);
            bits::set(&mut f.batch[slot(Batch::ALL, r.batch.as_ref())], i);
            bits::set(&mut f.status[slot(PoolStatus::ALL, r.status.as_ref())], i);
            if let Some(t) = f.tier.get_mut(slot(Tier::ALL, Some(&r.tier))) {
                bits::set(t, i);
            }
            bits::set(&mut f.colour[slot(Colour::ALL, r.colour.as_ref())], i);
            f.district.push(r.district);
            f.commissioner.push(r.commissioner);
        }
        f
    }

    fn visit(&mut self, rows: &[IndexRow], today: Date) -> &[Vec<u64>] {
        if self.visit.as_ref().is_none_or(|(d, _)| *d != today) {
            let mut sets = vec![vec![0; bits::words(rows.len())]; VisitState::ALL.len()];
            for (i, r) in rows.iter().enumerate() {
                if let Some(s) = sets.get_mut(slot(VisitState::ALL, Some(&r.visit_state(today)))) {
                    bits::set(s, i as u32);
                }
            }
            self.visit = Some((today, sets));
        }
        self.visit.as_ref().map_or(&[], |(_, s)| s.as_slice())
    }

    /// The rows passing `f` (the same rule as `passes`), or `None` when `f` lets every row
    /// through.
    pub(super) fn passing(
        &mut self,
        ix: &PoolIndex,
        f: &ListFilter,
        today: Date,
    ) -> Option<Vec<u64>> {
        if f.is_empty() {
            return None;
        }
        let mut out = bits::all(ix.rows.len());
        let empty = Vec::new();
        if let Some(p) = f.pool {
            bits::and_with(&mut out, &self.pool[slot(Pool::ALL, Some(&p))]);
        }
        if let Some(b) = f.batch {
            bits::and_with(&mut out, &self.batch[slot(Batch::ALL, Some(&b))]);
        }
        if let Some(s) = f.pool_status {
            bits::and_with(&mut out, &self.status[slot(PoolStatus::ALL, Some(&s))]);
        }
        if let Some(t) = f.tier {
            bits::and_with(
                &mut out,
                self.tier.get(slot(Tier::ALL, Some(&t))).unwrap_or(&empty),
            );
        }
        if let Some(c) = f.colour {
            bits::and_with(&mut out, &self.colour[slot(Colour::ALL, Some(&c))]);
        }
        if let Some(v) = f.visit {
            let sets = self.visit(&ix.rows, today);
            bits::and_with(
                &mut out,
                sets.get(slot(VisitState::ALL, Some(&v))).unwrap_or(&empty),
            );
        }
        // A district or commissioner by name: which interned values carry it (rows whose value
        // is out of range read as "").
        let by_name = |column: &[u16], names: &[String], want: &str, out: &mut Vec<u64>| {
            let hit: Vec<bool> = names.iter().map(|n| n == want).collect();
            let other = want.is_empty();
            for (w, chunk) in column.chunks(64).enumerate() {
                let mut word = 0u64;
                for (b, &v) in chunk.iter().enumerate() {
                    word |= u64::from(hit.get(v as usize).copied().unwrap_or(other)) << b;
                }
                out[w] &= word;
            }
        };
        if let Some(d) = f.district.as_deref() {
            by_name(&self.district, &ix.districts, d, &mut out);
        }
        if let Some(c) = f.commissioner.as_deref() {
            by_name(&self.commissioner, &ix.commissioners, c, &mut out);
        }
        Some(out)
    }
}
