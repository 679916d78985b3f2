//! The ordered, filtered and searched view of the index.

use super::facets::{Facets, slot};
use super::order::{interned_ranks, key_order, key_slot, name_order, sort_key};
use super::search::{self, SearchIndex};
use super::{IndexRow, ListFilter, PoolIndex, Query, RowUpdate, SortKey, bits};
use crate::domain::Colour;
use time::Date;

/// Passing rows before each block of this many positions of the sort order.
const BLOCK: usize = 64;

/// The index seen through a sort, a filter and a search: the rows in order, their count and
/// colours, and the search matches among them. Positions are view positions (0 is the first row
/// shown); the cursor on them is the screen's (`app::pool::PoolState`).
#[derive(Debug, Clone, PartialEq)]
pub struct PoolView {
    pub index: PoolIndex,
    pub sort: SortKey,
    pub desc: bool,
    pub filter: ListFilter,
    pub query: Query,
    /// Red, yellow and green enterprises in the view (kept with the view).
    /// Enterprises shown per colour: red, yellow, green, then none (no active project).
    pub view_lights: [usize; 4],
    /// The rows in each sort key's order, ascending (per `SortKey::ALL`); `None` until used
    /// after the rows changed. The name order is always there.
    orders: Vec<Option<Vec<u32>>>,
    /// The sort key and direction the view was built for (`sort` and `desc` may have changed
    /// since).
    shown: (SortKey, bool),
    facets: Facets,
    /// The rows passing the filter; `None` when every row does.
    passing: Option<Vec<u64>>,
    view_len: usize,
    /// With a filter: passing rows before each `BLOCK` of view order positions.
    blocks: Vec<u32>,
    pub(super) search: Option<SearchIndex>,
    /// The rows matching `hits_for` (the trimmed query).
    hits: Vec<u64>,
    hits_for: String,
    /// Rows in the view matching the search.
    match_count: usize,
}

impl PoolView {
    pub fn new(index: PoolIndex, today: Date) -> PoolView {
        let mut s = PoolView {
            index,
            sort: SortKey::Rank,
            desc: false,
            filter: ListFilter::default(),
            query: Query::default(),
            view_lights: [0; 4],
            orders: Vec::new(),
            shown: (SortKey::Rank, false),
            facets: Facets::default(),
            passing: None,
            view_len: 0,
            blocks: Vec::new(),
            search: None,
            hits: Vec::new(),
            hits_for: String::new(),
            match_count: 0,
        };
        s.rebuild(true);
        s.resort(today);
        s
    }

    /// Recomputes what is derived from the rows: every sort order when `all_orders` (else the
    /// name order, the others when next used), the facets and the search index.
    fn rebuild(&mut self, all_orders: bool) {
        let ix = &self.index;
        let by_name = name_order(ix);
        self.orders = SortKey::ALL
            .iter()
            .map(|&k| {
                if k == SortKey::Name {
                    Some(by_name.clone())
                } else if all_orders {
                    Some(key_order(ix, k, &by_name))
                } else {
                    None
                }
            })
            .collect();
        self.facets = Facets::new(&ix.rows);
        self.search = Some(SearchIndex::new(ix));
        self.hits_for.clear();
        self.hits.clear();
    }

    /// The current sort key's order (computed if missing).
    fn ensure_order(&mut self) {
        let k = key_slot(self.sort);
        if self.orders.get(k).is_some_and(Option::is_some) {
            return;
        }
        let by_name = self
            .orders
            .get(key_slot(SortKey::Name))
            .and_then(|o| o.clone())
            .unwrap_or_else(|| name_order(&self.index));
        let order = key_order(&self.index, self.sort, &by_name);
        if self.orders.len() != SortKey::ALL.len() {
            self.orders = vec![None; SortKey::ALL.len()];
        }
        self.orders[key_slot(SortKey::Name)] = Some(by_name);
        self.orders[k] = Some(order);
    }

    fn order(&self) -> &[u32] {
        self.orders
            .get(key_slot(self.shown.0))
            .and_then(|o| o.as_deref())
            .unwrap_or(&[])
    }

    /// The row at position `d` of the order as shown (reversed when descending).
    fn at(&self, d: usize) -> u32 {
        let o = self.order();
        let i = if self.shown.1 {
            o.len().wrapping_sub(d + 1)
        } else {
            d
        };
        o.get(i).copied().unwrap_or(u32::MAX)
    }

    fn passes_row(&self, row: u32) -> bool {
        self.passing.as_ref().is_none_or(|p| bits::has(p, row))
    }

    /// How many rows the view shows.
    pub fn view_len(&self) -> usize {
        self.view_len
    }

    /// The order position of view position `pos`.
    fn locate(&self, pos: usize) -> Option<usize> {
        if pos >= self.view_len {
            return None;
        }
        if self.passing.is_none() {
            return Some(pos);
        }
        let b = self
            .blocks
            .partition_point(|&c| c as usize <= pos)
            .checked_sub(1)?;
        let mut seen = *self.blocks.get(b)? as usize;
        let end = ((b + 1) * BLOCK).min(self.order().len());
        for d in b * BLOCK..end {
            if self.passes_row(self.at(d)) {
                if seen == pos {
                    return Some(d);
                }
                seen += 1;
            }
        }
        None
    }

    /// The row index (in `index`) at view position `pos`.
    pub fn view_row(&self, pos: usize) -> Option<u32> {
        self.locate(pos).map(|d| self.at(d))
    }

    /// The view position of row `row`, if it passes the filter.
    pub fn position_of_row(&self, row: u32) -> Option<usize> {
        if !self.passes_row(row) {
            return None;
        }
        let o = self.order();
        // Blocks without an early exit compile to vector compares.
        let i = o
            .chunks(256)
            .enumerate()
            .find(|(_, c)| c.iter().fold(false, |seen, &r| seen | (r == row)))
            .and_then(|(b, c)| Some(b * 256 + c.iter().position(|&r| r == row)?))?;
        let d = if self.shown.1 { o.len() - 1 - i } else { i };
        if self.passing.is_none() {
            return Some(d);
        }
        let b = d / BLOCK;
        let before = (b * BLOCK..d)
            .filter(|&e| self.passes_row(self.at(e)))
            .count();
        Some(*self.blocks.get(b)? as usize + before)
    }

    /// The rows in the view, in order (for tests and debugging: it walks the whole view).
    pub fn view(&self) -> Vec<u32> {
        (0..self.order().len())
            .map(|d| self.at(d))
            .filter(|&r| self.passes_row(r))
            .collect()
    }

    pub fn row_at(&self, pos: usize) -> Option<&IndexRow> {
        self.view_row(pos)
            .and_then(|i| self.index.rows.get(i as usize))
    }

    /// The name of the row at view position `pos`.
    pub fn name_at(&self, pos: usize) -> Option<&str> {
        self.view_row(pos).map(|i| self.index.name(i as usize))
    }

    /// The pinyin initials of the row at view position `pos`.
    pub fn initials_at(&self, pos: usize) -> Option<&str> {
        self.view_row(pos)
            .map(|i| self.index.initials.get(i as usize))
    }

    /// Counts the passing rows per block of the order as shown.
    fn recount(&mut self) {
        self.blocks.clear();
        let Some(p) = &self.passing else {
            return;
        };
        let o = self.order();
        let n = o.len();
        let mut blocks = Vec::with_capacity(n.div_ceil(BLOCK) + 1);
        let mut seen = 0u32;
        let count = |chunk: &[u32]| chunk.iter().filter(|&&r| bits::has(p, r)).count() as u32;
        if self.shown.1 {
            // Blocks of the reversed order: from the end of `o`.
            let mut end = n;
            while end > 0 {
                blocks.push(seen);
                let start = end.saturating_sub(BLOCK);
                seen += count(&o[start..end]);
                end = start;
            }
        } else {
            for chunk in o.chunks(BLOCK) {
                blocks.push(seen);
                seen += count(chunk);
            }
        }
        if blocks.is_empty() {
            blocks.push(0);
        }
        self.blocks = blocks;
    }

    /// Re-sorts (picks the sort key's order), keeping filter and search.
    pub fn resort(&mut self, today: Date) {
        self.ensure_order();
        self.apply(today);
    }

    /// Re-applies the filter and re-runs the search.
    pub fn refilter(&mut self, today: Date) {
        self.apply(today);
    }

    /// Applies the filter to the current order and re-runs the search.
    fn apply(&mut self, today: Date) {
        self.shown = (self.sort, self.desc);
        self.passing = self.facets.passing(&self.index, &self.filter, today);
        let colour = |c: Option<Colour>| {
            let set = &self.facets.colour[slot(Colour::ALL, c.as_ref())];
            match &self.passing {
                Some(p) => bits::and_count(set, p),
                None => bits::count(set),
            }
        };
        self.view_lights = [
            colour(Some(Colour::Red)),
            colour(Some(Colour::Yellow)),
            colour(Some(Colour::Green)),
            colour(None),
        ];
        self.view_len = self
            .passing
            .as_ref()
            .map_or(self.index.rows.len(), |p| bits::count(p));
        self.recount();
        self.research();
    }

    /// Recomputes the search matches.
    ///
    /// The matching rows come from the inverted index, narrowed from the previous query's when
    /// the query grew; their number in the view is a popcount of (hits AND filter).
    pub fn research(&mut self) {
        if self.query.is_empty() {
            self.hits = Vec::new();
            self.hits_for.clear();
            self.match_count = 0;
            return;
        }
        let key = self.query.trimmed.as_str();
        if self.hits_for != key || self.hits.len() != bits::words(self.index.rows.len()) {
            let ix = &self.index;
            if self.search.is_none() {
                self.search = Some(SearchIndex::new(ix));
            }
            let grew = !self.hits_for.is_empty()
                && key.starts_with(self.hits_for.as_str())
                && self.hits.len() == bits::words(ix.rows.len());
            let prev = grew.then_some(self.hits.as_slice());
            let hits = self
                .search
                .as_ref()
                .map(|s| s.find(ix, &self.query, prev))
                .unwrap_or_default();
            self.hits = hits;
            self.hits_for = key.to_string();
        }
        self.match_count = match &self.passing {
            Some(p) => bits::and_count(&self.hits, p),
            None => bits::count(&self.hits),
        };
    }

    /// Rows in the view matching the search.
    pub fn match_count(&self) -> usize {
        self.match_count
    }

    /// Whether the row at view position `pos` matches the search.
    pub fn is_match(&self, pos: usize) -> bool {
        !self.query.is_empty() && self.view_row(pos).is_some_and(|r| bits::has(&self.hits, r))
    }

    /// The view positions matching the search, ascending (walks the whole view: for tests).
    pub fn matches(&self) -> Vec<usize> {
        if self.query.is_empty() {
            return Vec::new();
        }
        self.view()
            .iter()
            .enumerate()
            .filter(|(_, r)| bits::has(&self.hits, **r))
            .map(|(p, _)| p)
            .collect()
    }

    /// Drops the search.
    pub fn clear_search(&mut self) {
        self.query = Query::default();
        self.research();
    }

    /// The view position of an enterprise, if it is in the view.
    pub fn position_of_id(&self, id: &str) -> Option<usize> {
        self.index
            .position(id)
            .and_then(|i| self.position_of_row(i as u32))
    }

    /// The first match at or after `from` (forward) or the last strictly before it (backward),
    /// without wrapping: walks the view from `from`.
    fn find_match(&self, from: usize, forward: bool) -> Option<usize> {
        let n = self.order().len();
        let hit = |r: u32| bits::has(&self.hits, r);
        if forward {
            let mut pos = from;
            let mut d = self.locate(from)?;
            while d < n {
                let r = self.at(d);
                if self.passes_row(r) {
                    if hit(r) {
                        return Some(pos);
                    }
                    pos += 1;
                }
                d += 1;
            }
            None
        } else {
            let mut pos = from.min(self.view_len).checked_sub(1)?;
            let mut d = self.locate(pos)?;
            loop {
                let r = self.at(d);
                if self.passes_row(r) {
                    if hit(r) {
                        return Some(pos);
                    }
                    pos = pos.checked_sub(1)?;
                }
                d = d.checked_sub(1)?;
            }
        }
    }

    /// The first match at or after `from` (`forward`), or the last one strictly before it,
    /// wrapping around.
    pub fn next_match(&self, from: usize, forward: bool) -> Option<usize> {
        if self.match_count == 0 || self.query.is_empty() {
            return None;
        }
        if forward {
            self.find_match(from, true)
                .or_else(|| self.find_match(0, true))
        } else {
            self.find_match(from, false)
                .or_else(|| self.find_match(self.view_len, false))
        }
    }

    /// Drops an enterprise (deleted, or its insert undone); returns the row it was (the rows
    /// after it move up by one).
    pub fn remove(&mut self, id: &str, today: Date) -> Option<u32> {
        let i = self.index.position(id)?;
        self.index.rows.remove(i);
        self.index.names.remove(i);
        self.index.initials.remove(i);
        self.changed(today);
        Some(i as u32)
    }

    /// After rows changed: rebuild the derived structures and re-apply sort and filter.
    fn changed(&mut self, today: Date) {
        self.rebuild(false);
        self.ensure_order();
        self.apply(today);
    }

    /// Replaces one enterprise's row after a write (or adds it), keeping sort and filter.
    pub fn upsert(&mut self, update: RowUpdate, today: Date) {
        let ix = &mut self.index;
        let mut row = update.row;
        row.district = match ix.districts.iter().position(|d| *d == update.district) {
            Some(i) => i as u16,
            None => {
                ix.districts.push(update.district);
                (ix.districts.len() - 1) as u16
            }
        };
        row.commissioner = match update.commissioner {
            None => u16::MAX,
            Some(c) => match ix.commissioners.iter().position(|x| *x == c) {
                Some(i) => i as u16,
                None => {
                    ix.commissioners.push(c);
                    (ix.commissioners.len() - 1) as u16
                }
            },
        };
        let (i, old) = match self.index.position(&row.id) {
            Some(i) => {
                let ix = &mut self.index;
                let old_name = ix.names.get(i).to_string();
                let old_initials = ix.initials.get(i).to_string();
                ix.names.set(i, &update.name);
                ix.initials.set(i, &update.initials);
                let old = std::mem::replace(&mut ix.rows[i], row);
                (i, Some((old, old_name, old_initials)))
            }
            None => {
                let ix = &mut self.index;
                ix.rows.push(row);
                ix.names.push(&update.name);
                ix.initials.push(&update.initials);
                (ix.rows.len() - 1, None)
            }
        };
        let i = i as u32;
        if let Some(s) = &mut self.search {
            let old = old.as_ref().map(|(r, name, initials)| search::OldRow {
                credit_code: &r.credit_code,
                name,
                initials,
            });
            s.update(&self.index, i, old);
        }
        self.hits_for.clear();
        self.hits.clear();
        self.reorder(i, old.is_some());
        self.facets = Facets::new(&self.index.rows);
        self.ensure_order();
        self.apply(today);
    }

    /// Moves row `i` (changed, or added when `!existed`) to its place in every kept order.
    fn reorder(&mut self, i: u32, existed: bool) {
        let rows = &self.index.rows;
        if rows.get(i as usize).is_none() {
            return;
        }
        let name_slot = key_slot(SortKey::Name);
        let Some(Some(by_name)) = self.orders.get_mut(name_slot) else {
            self.orders = vec![None; SortKey::ALL.len()];
            return;
        };
        let drop_row = |o: &mut Vec<u32>| {
            if existed && let Some(p) = o.iter().position(|&r| r == i) {
                o.remove(p);
            }
        };
        drop_row(by_name);
        // The name order's rule (`name_order`), pinyin computed for the compared rows only.
        let ix = &self.index;
        let name = ix.name(i as usize);
        let pinyin = crate::text::pinyin_key(name);
        let at = by_name.partition_point(|&r| {
            let o = ix.name(r as usize);
            crate::text::pinyin_key(o)
                .cmp(&pinyin)
                .then_with(|| o.cmp(name))
                .then(r.cmp(&i))
                .is_lt()
        });
        by_name.insert(at, i);
        let mut name_rank = vec![0u32; rows.len()];
        for (pos, &r) in by_name.iter().enumerate() {
            name_rank[r as usize] = pos as u32;
        }
        // The other rows keep their relative order: put this one back by binary search.
        for (&key, order) in SortKey::ALL.iter().zip(self.orders.iter_mut()) {
            let Some(order) = order.as_mut().filter(|_| key != SortKey::Name) else {
                continue;
            };
            drop_row(order);
            let ranks = interned_ranks(&self.index, key);
            let packed = |r: u32| {
                let row = &rows[r as usize];
                (sort_key(row, key, &ranks), name_rank[r as usize])
            };
            let target = packed(i);
            let at = order.partition_point(|&r| packed(r) < target);
            order.insert(at, i);
        }
    }
}
