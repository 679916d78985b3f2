//! The Pool screen's state: a compact in-memory index of every enterprise (loaded once, kept
//! current on write), the current sort and filter as an ordered view into it, and search matches.
//!
//! Nothing here walks every row per keystroke:
//! - every sort key's order is computed when the index loads (or, after a write, the first time
//!   it is used) and kept, so a sort change or reversal only picks an order;
//! - the filter is a bitset of rows, the AND of per-value bitsets (or, for districts and
//!   commissioners, one scan of a `u16` column); the view is that bitset read in sort order,
//!   with passing rows counted per block of 64 positions so that any position is found in a
//!   binary search and one block;
//! - the search reads an inverted index (`search`): characters and character pairs of names and
//!   initials, quads of initials, credit codes in order; counts are popcounts of (hits AND
//!   filter). Names and initials are kept in one buffer each (`text::PackedStrs`).

mod search;

use crate::domain::{Batch, Colour, Pool, PoolStatus, Tier, VisitState};
use crate::store::queries::{ListFilter, SortKey};
use crate::text::{PackedStrs, ShortStr};
use search::SearchIndex;
use time::Date;

/// One enterprise in the index: what the Pool table shows, sorts and filters by.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexRow {
    /// A ULID (26 characters) inline.
    pub id: ShortStr<26>,
    pub credit_code: ShortStr<18>,
    /// Index into `PoolIndex::districts`.
    pub district: u16,
    /// Index into `PoolIndex::commissioners`; `u16::MAX` when none.
    pub commissioner: u16,
    pub pool: Option<Pool>,
    pub batch: Option<Batch>,
    /// The membership's status (in, leaving, out, frozen); `None` when never in a pool.
    pub status: Option<PoolStatus>,
    pub tier: Tier,
    pub colour: Option<Colour>,
    pub red: u16,
    pub yellow: u16,
    pub green: u16,
    pub last_visit: Option<Date>,
    pub planned_visit: Option<Date>,
    pub next_visit: Option<Date>,
    pub rank: Option<u32>,
    pub open_requests: u16,
}

impl IndexRow {
    /// The visit state as of `today` (the rule of `domain::cadence`).
    pub fn visit_state(&self, today: Date) -> VisitState {
        crate::domain::cadence::visit_state(self.planned_visit, self.next_visit, today)
    }

    fn colour_order(&self) -> u8 {
        match self.colour {
            Some(Colour::Red) => 0,
            Some(Colour::Yellow) => 1,
            Some(Colour::Green) => 2,
            None => 3,
        }
    }
}

/// One enterprise's row read after a write, with its name and initials, and its district and
/// commissioner by name.
#[derive(Debug, Clone, PartialEq)]
pub struct RowUpdate {
    pub row: IndexRow,
    pub name: String,
    pub initials: String,
    pub district: String,
    pub commissioner: Option<String>,
}

/// Every enterprise, with interned districts and commissioners.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PoolIndex {
    pub rows: Vec<IndexRow>,
    /// Row `i`'s name and pinyin initials, each kind in one buffer (less memory than a string
    /// per row, and a search reads them in order).
    pub names: PackedStrs,
    pub initials: PackedStrs,
    pub districts: Vec<String>,
    pub commissioners: Vec<String>,
}

impl PoolIndex {
    pub fn district(&self, r: &IndexRow) -> &str {
        self.districts
            .get(r.district as usize)
            .map_or("", String::as_str)
    }

    pub fn commissioner(&self, r: &IndexRow) -> &str {
        self.commissioners
            .get(r.commissioner as usize)
            .map_or("", String::as_str)
    }

    /// Row `i`'s name.
    pub fn name(&self, i: usize) -> &str {
        self.names.get(i)
    }

    /// Position of the row with this id.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.rows.iter().position(|r| &*r.id == id)
    }
}

/// Sets of rows, one bit per row: row `i` is bit `i % 64` of word `i / 64`.
pub(crate) mod bits {
    pub fn words(rows: usize) -> usize {
        rows.div_ceil(64)
    }

    pub fn has(bits: &[u64], i: u32) -> bool {
        bits.get(i as usize / 64)
            .is_some_and(|w| (w >> (i % 64)) & 1 != 0)
    }

    pub fn set(bits: &mut Vec<u64>, i: u32) {
        let w = i as usize / 64;
        if w >= bits.len() {
            bits.resize(w + 1, 0);
        }
        bits[w] |= 1 << (i % 64);
    }

    pub fn clear(bits: &mut [u64], i: u32) {
        if let Some(w) = bits.get_mut(i as usize / 64) {
            *w &= !(1 << (i % 64));
        }
    }

    pub fn count(bits: &[u64]) -> usize {
        bits.iter().map(|w| w.count_ones() as usize).sum()
    }

    /// Rows in both (missing words are empty).
    pub fn and_count(a: &[u64], b: &[u64]) -> usize {
        a.iter()
            .zip(b)
            .map(|(x, y)| (x & y).count_ones() as usize)
            .sum()
    }

    /// `a &= b` (missing words of `b` are empty).
    pub fn and_with(a: &mut [u64], b: &[u64]) {
        for (i, w) in a.iter_mut().enumerate() {
            *w &= b.get(i).copied().unwrap_or(0);
        }
    }

    /// `a |= b`.
    pub fn or_with(a: &mut [u64], b: &[u64]) {
        for (x, y) in a.iter_mut().zip(b) {
            *x |= y;
        }
    }

    /// Every one of `n` rows.
    pub fn all(n: usize) -> Vec<u64> {
        let mut v = vec![u64::MAX; words(n)];
        if !n.is_multiple_of(64)
            && let Some(last) = v.last_mut()
        {
            *last = (1u64 << (n % 64)) - 1;
        }
        v
    }

    /// The rows in `bits`, ascending.
    pub fn iter(bits: &[u64]) -> impl Iterator<Item = u32> + '_ {
        bits.iter().enumerate().flat_map(|(w, &word)| {
            let mut rest = word;
            std::iter::from_fn(move || {
                (rest != 0).then(|| {
                    let b = rest.trailing_zeros();
                    rest &= rest - 1;
                    w as u32 * 64 + b
                })
            })
        })
    }
}

/// Where a row sorts by `key` before the name decides (ascending; missing values last).
///
/// Rows sort by `(sort_key, name order)` packed into one integer per row, so a sort never
/// compares strings. `order` ranks the interned districts or commissioners in pinyin order (for
/// those two keys).
fn sort_key(r: &IndexRow, key: SortKey, order: &[u16]) -> u64 {
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
fn name_order(ix: &PoolIndex) -> Vec<u32> {
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
fn key_order(ix: &PoolIndex, key: SortKey, by_name: &[u32]) -> Vec<u32> {
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
fn interned_ranks(ix: &PoolIndex, key: SortKey) -> Vec<u16> {
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
fn slot<T: PartialEq>(all: &[T], v: Option<&T>) -> usize {
    v.and_then(|v| all.iter().position(|x| x == v))
        .unwrap_or(all.len())
}

/// The rows with each value of each filter dimension, built once per index.
#[derive(Debug, Clone, Default, PartialEq)]
struct Facets {
    /// Per `Pool::ALL`, then none.
    pool: Vec<Vec<u64>>,
    /// Per `Batch::ALL`, then none.
    batch: Vec<Vec<u64>>,
    /// Per `PoolStatus::ALL`, then none.
    status: Vec<Vec<u64>>,
    /// Per `Tier::ALL`.
    tier: Vec<Vec<u64>>,
    /// Per `Colour::ALL`, then none.
    colour: Vec<Vec<u64>>,
    /// Per `VisitState::ALL` as of a date (visit states change with the date).
    visit: Option<(Date, Vec<Vec<u64>>)>,
    district: Vec<u16>,
    commissioner: Vec<u16>,
}

impl Facets {
    fn new(rows: &[IndexRow]) -> Facets {
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
    fn passing(&mut self, ix: &PoolIndex, f: &ListFilter, today: Date) -> Option<Vec<u64>> {
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

/// A search query, prepared once per keystroke.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Query {
    pub text: String,
    trimmed: String,
    lower: String,
    upper: String,
}

impl Query {
    pub fn new(text: &str) -> Query {
        let t = text.trim();
        Query {
            text: text.to_string(),
            trimmed: t.to_string(),
            lower: t.to_lowercase(),
            upper: t.to_uppercase(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.lower.is_empty()
    }

    /// Whether row `i` of `ix` matches: name fragment, pinyin initials (`xjkl`), or
    /// credit-code prefix.
    pub fn matches(&self, ix: &PoolIndex, i: usize) -> bool {
        let Some(r) = ix.rows.get(i) else {
            return false;
        };
        !self.is_empty()
            && (ix.initials.get(i).contains(&self.lower)
                || r.credit_code.starts_with(&self.upper)
                || ix.name(i).contains(self.trimmed.as_str()))
    }
}

/// Passing rows before each block of this many positions of the sort order.
const BLOCK: usize = 64;

/// The Pool screen: index, sort, filter, view, selection and search.
#[derive(Debug, Clone, PartialEq)]
pub struct PoolState {
    pub index: PoolIndex,
    pub sort: SortKey,
    pub desc: bool,
    pub filter: ListFilter,
    /// Cursor and first shown row, as positions in the view.
    pub selected: usize,
    pub scroll: usize,
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
    search: Option<SearchIndex>,
    /// The rows matching `hits_for` (the trimmed query).
    hits: Vec<u64>,
    hits_for: String,
    /// Rows in the view matching the search.
    match_count: usize,
}

fn key_slot(key: SortKey) -> usize {
    SortKey::ALL.iter().position(|k| *k == key).unwrap_or(0)
}

impl PoolState {
    pub fn new(index: PoolIndex, today: Date) -> PoolState {
        let mut s = PoolState {
            index,
            sort: SortKey::Rank,
            desc: false,
            filter: ListFilter::default(),
            selected: 0,
            scroll: 0,
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
    fn position_of_row(&self, row: u32) -> Option<usize> {
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

    /// The row under the cursor.
    pub fn selected_row(&self) -> Option<&IndexRow> {
        self.row_at(self.selected)
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

    /// Re-sorts (picks the sort key's order), keeping filter, search and selected enterprise.
    pub fn resort(&mut self, today: Date) {
        let keep = self.view_row(self.selected);
        self.ensure_order();
        self.apply(keep, today);
    }

    /// Re-applies the filter and re-runs the search, keeping the selected enterprise.
    pub fn refilter(&mut self, today: Date) {
        let keep = self.view_row(self.selected);
        self.apply(keep, today);
    }

    /// Applies the filter to the current order, selects row `keep` (else the first) and
    /// re-runs the search.
    fn apply(&mut self, keep: Option<u32>, today: Date) {
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
        self.selected = 0;
        self.scroll = 0;
        if let Some(pos) = keep.and_then(|row| self.position_of_row(row)) {
            self.selected = pos;
        }
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

    /// Moves the cursor to an enterprise if it is in the view.
    pub fn select_id(&mut self, id: &str) -> bool {
        match self
            .index
            .position(id)
            .and_then(|i| self.position_of_row(i as u32))
        {
            Some(pos) => {
                self.selected = pos;
                true
            }
            None => false,
        }
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

    /// Drops an enterprise (deleted, or its insert undone).
    pub fn remove(&mut self, id: &str, today: Date) {
        if let Some(i) = self.index.position(id) {
            let keep = self
                .view_row(self.selected)
                .map(|r| match (r as usize).cmp(&i) {
                    std::cmp::Ordering::Less => Some(r),
                    std::cmp::Ordering::Equal => None,
                    std::cmp::Ordering::Greater => Some(r - 1),
                });
            self.index.rows.remove(i);
            self.index.names.remove(i);
            self.index.initials.remove(i);
            self.changed(keep.flatten(), today);
        }
    }

    /// After rows changed: rebuild the derived structures and re-apply sort and filter,
    /// keeping row `keep` selected (its index in the changed rows).
    fn changed(&mut self, keep: Option<u32>, today: Date) {
        self.rebuild(false);
        self.ensure_order();
        self.apply(keep, today);
    }

    /// Replaces one enterprise's row after a write (or adds it), keeping sort and filter.
    pub fn upsert(&mut self, update: RowUpdate, today: Date) {
        let keep = self.view_row(self.selected);
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
        self.apply(keep, today);
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

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use time::macros::date;

    pub const TODAY: Date = date!(2026 - 11 - 21);

    pub fn row(id: &str, rank: Option<u32>, colour: Option<Colour>) -> IndexRow {
        IndexRow {
            id: id.into(),
            credit_code: format!("9165010{id}").into(),
            district: 0,
            commissioner: 0,
            pool: Some(Pool::Hte),
            batch: Some(Batch::Cultivating),
            status: Some(PoolStatus::In),
            tier: Tier::Tsme,
            colour,
            red: u16::from(colour == Some(Colour::Red)),
            yellow: u16::from(colour == Some(Colour::Yellow)),
            green: 1,
            last_visit: Some(date!(2026 - 09 - 01)),
            planned_visit: None,
            next_visit: Some(date!(2026 - 12 - 30)),
            rank,
            open_requests: 0,
        }
    }

    pub fn sample() -> PoolIndex {
        PoolIndex {
            rows: vec![
                row("A", Some(2), Some(Colour::Green)),
                row("B", Some(1), Some(Colour::Red)),
                row("C", None, Some(Colour::Yellow)),
                row("D", Some(3), None),
            ],
            names: [
                "新疆克拉玛依天利石化科技有限公司",
                "兰州陇原新材料股份有限公司",
                "甘肃天水智联信息技术有限公司",
                "新疆天山云计算有限公司",
            ]
            .into_iter()
            .collect(),
            initials: [
                "xjklmytlshkjyxgs",
                "lzlyxclgfyxgs",
                "gstszlxxjsyxgs",
                "xjtsyjsyxgs",
            ]
            .into_iter()
            .collect(),
            districts: vec!["乌鲁木齐市天山区".into()],
            commissioners: vec!["王芳".into()],
        }
    }

    fn ids(s: &PoolState) -> Vec<&str> {
        s.view()
            .iter()
            .map(|&i| &*s.index.rows[i as usize].id)
            .collect()
    }

    #[test]
    fn sorts_by_rank_with_unranked_last_and_reverses() {
        let mut s = PoolState::new(sample(), TODAY);
        assert_eq!(ids(&s), ["B", "A", "D", "C"]);
        s.desc = true;
        s.resort(TODAY);
        assert_eq!(ids(&s), ["C", "D", "A", "B"]);
        s.sort = SortKey::Colour;
        s.desc = false;
        s.resort(TODAY);
        assert_eq!(ids(&s), ["B", "C", "A", "D"]);
    }

    #[test]
    fn sort_keeps_the_selected_enterprise() {
        let mut s = PoolState::new(sample(), TODAY);
        s.selected = 2; // D
        s.sort = SortKey::Name;
        s.resort(TODAY);
        assert_eq!(s.selected_row().map(|r| &*r.id), Some("D"));
    }

    #[test]
    fn search_by_chinese_fragment_initials_and_code() {
        let mut s = PoolState::new(sample(), TODAY);
        for (q, want) in [
            ("新疆", vec!["A", "D"]),
            ("xjkl", vec!["A"]),
            ("91650", vec!["B", "A", "D", "C"]),
            ("天", vec!["A", "C", "D"]),
        ] {
            s.query = Query::new(q);
            s.research();
            let got: Vec<&str> = s
                .matches()
                .iter()
                .filter_map(|&p| s.row_at(p))
                .map(|r| &*r.id)
                .collect();
            let mut got = got;
            got.sort();
            let mut want = want;
            want.sort();
            assert_eq!(got, want, "query {q}");
        }
    }

    /// The sort order spelled out as a comparison, to check the packed keys against.
    fn reference(
        (a, a_name): (&IndexRow, &str),
        (b, b_name): (&IndexRow, &str),
        key: SortKey,
        order: &[u16],
    ) -> std::cmp::Ordering {
        use std::cmp::Ordering;
        let by_name = || {
            crate::text::pinyin_key(a_name)
                .cmp(&crate::text::pinyin_key(b_name))
                .then_with(|| a_name.cmp(b_name))
        };
        let missing_last = |x: Option<Date>, y: Option<Date>| match (x, y) {
            (Some(x), Some(y)) => x.cmp(&y),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        };
        let primary = match key {
            SortKey::Rank => match (a.rank, b.rank) {
                (Some(x), Some(y)) => x.cmp(&y).then(a.pool.cmp(&b.pool)),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            },
            SortKey::Name => Ordering::Equal,
            SortKey::Colour => a
                .colour_order()
                .cmp(&b.colour_order())
                .then(b.red.cmp(&a.red))
                .then(b.yellow.cmp(&a.yellow)),
            SortKey::NextVisit => missing_last(a.next_visit, b.next_visit),
            SortKey::LastVisit => missing_last(a.last_visit, b.last_visit),
            SortKey::Tier => a.tier.cmp(&b.tier),
            SortKey::Batch => match (a.batch, b.batch) {
                (Some(x), Some(y)) => x.cmp(&y),
                (x, y) => y.is_none().cmp(&x.is_none()).reverse(),
            },
            SortKey::District => order
                .get(a.district as usize)
                .cmp(&order.get(b.district as usize)),
            SortKey::Commissioner => order
                .get(a.commissioner as usize)
                .cmp(&order.get(b.commissioner as usize)),
        };
        primary.then_with(by_name)
    }

    #[test]
    fn packed_sort_keys_order_rows_as_the_columns_read() {
        let parts = [
            "新疆天山云",
            "甘肃天水",
            "兰州陇原",
            "新疆克拉玛依",
            "长城",
            "阿克苏",
        ];
        let (mut rows, mut names) = (Vec::new(), Vec::<String>::new());
        let mut n = 7u32;
        let mut next = |m: u32| {
            n = n.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (n >> 8) % m
        };
        for i in 0..300 {
            let name = format!("{}{}", parts[next(6) as usize], next(4));
            let colour = [
                None,
                Some(Colour::Red),
                Some(Colour::Yellow),
                Some(Colour::Green),
            ][next(4) as usize];
            let mut r = row(&format!("R{i}"), None, colour);
            r.rank = [None, Some(next(50) + 1)][next(2) as usize];
            r.pool =
                [None, Some(Pool::ALL[next(Pool::ALL.len() as u32) as usize])][next(2) as usize];
            r.tier = Tier::ALL[next(Tier::ALL.len() as u32) as usize];
            r.batch = [
                None,
                Some(Batch::ALL[next(Batch::ALL.len() as u32) as usize]),
            ][next(2) as usize];
            r.red = next(3) as u16;
            r.yellow = next(3) as u16;
            let day = |d: u32| Date::from_julian_day(2_461_000 + d as i32).ok();
            r.next_visit = if next(4) == 0 { None } else { day(next(90)) };
            r.last_visit = if next(4) == 0 { None } else { day(next(90)) };
            r.district = next(4) as u16; // 3 is out of range: sorts first
            r.commissioner = [0, 1, u16::MAX][next(3) as usize];
            rows.push(r);
            names.push(name);
        }
        let index = PoolIndex {
            names: names.into_iter().collect(),
            initials: rows.iter().map(|_| "").collect(),
            rows,
            districts: vec![
                "乌鲁木齐市天山区".into(),
                "阿克苏市".into(),
                "兰州市".into(),
            ],
            commissioners: vec!["王芳".into(), "李强".into()],
        };
        let mut s = PoolState::new(index, TODAY);
        for &key in SortKey::ALL {
            for desc in [false, true] {
                s.sort = key;
                s.desc = desc;
                s.resort(TODAY);
                let order = interned_ranks(&s.index, key);
                for w in s.view().windows(2) {
                    let at = |i: u32| (&s.index.rows[i as usize], s.index.name(i as usize));
                    let (a, b) = (at(w[0]), at(w[1]));
                    let o = reference(a, b, key, &order);
                    let o = if desc { o.reverse() } else { o };
                    assert_ne!(
                        o,
                        std::cmp::Ordering::Greater,
                        "{key:?} desc={desc}: {a:?} / {b:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn typing_narrows_and_backspace_widens_the_search() {
        let mut index = sample();
        index.names.set(3, "新疆ABC云计算有限公司");
        let mut s = PoolState::new(index, TODAY);
        // What the search means, row by row.
        let fresh = |s: &PoolState, q: &str| -> Vec<usize> {
            let t = q.trim();
            (0..s.view_len())
                .filter(|&p| {
                    let r = s.row_at(p).expect("row");
                    !t.is_empty()
                        && (s.name_at(p).is_some_and(|n| n.contains(t))
                            || s.initials_at(p)
                                .is_some_and(|i| i.contains(&t.to_lowercase()))
                            || r.credit_code.starts_with(&t.to_uppercase()))
                })
                .collect()
        };
        for q in [
            "新",
            "新疆",
            "新疆克",
            "新疆",
            "x",
            "xj",
            "xjt",
            "9",
            "91650",
            "",
            "天",
            "ab",
            "AB",
            "abc",
            "\u{212a}",
            "ｘ",
        ] {
            s.query = Query::new(q);
            s.research();
            assert_eq!(s.matches(), fresh(&s, q), "query {q:?}");
        }
        // A changed row is searched again.
        s.query = Query::new("天");
        s.research();
        let c = s.index.rows[2].clone();
        s.upsert(
            RowUpdate {
                row: c,
                name: "甘肃智联信息技术有限公司".into(),
                initials: "gszlxxjsyxgs".into(),
                district: "乌鲁木齐市天山区".into(),
                commissioner: Some("王芳".into()),
            },
            TODAY,
        );
        let ids: Vec<&str> = s
            .matches()
            .iter()
            .filter_map(|&p| s.row_at(p))
            .map(|r| &*r.id)
            .collect();
        assert!(!ids.contains(&"C"), "{ids:?}");
    }

    #[test]
    fn next_match_wraps_both_ways() {
        let mut s = PoolState::new(sample(), TODAY);
        s.query = Query::new("新疆");
        s.research();
        assert_eq!(s.matches(), vec![1, 2]);
        assert_eq!(s.next_match(0, true), Some(1));
        assert_eq!(s.next_match(2, true), Some(2));
        assert_eq!(s.next_match(3, true), Some(1));
        assert_eq!(s.next_match(1, false), Some(2));
    }

    #[test]
    fn filter_combines_and_keeps_order() {
        let mut s = PoolState::new(sample(), TODAY);
        s.filter.colour = Some(Colour::Red);
        s.refilter(TODAY);
        assert_eq!(ids(&s), ["B"]);
        s.filter = ListFilter::default();
        s.filter.visit = Some(VisitState::Ok);
        s.filter.commissioner = Some("王芳".into());
        s.refilter(TODAY);
        assert_eq!(ids(&s).len(), 4);
    }
}

#[cfg(test)]
mod index_tests {
    use super::tests::{TODAY, row};
    use super::*;

    /// A pseudo-random index of `n` rows whose names, initials and codes share parts.
    fn random_index(n: usize, seed: u32) -> PoolIndex {
        let mut x = seed;
        let mut next = move |m: u32| {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (x >> 8) % m
        };
        let parts = [
            ("新疆", "xj"),
            ("克拉玛依", "klmy"),
            ("天山", "ts"),
            ("兰州", "lz"),
            ("新材料", "xcl"),
            ("ABC", "abc"),
            ("科技", "kj"),
            ("新新", "xx"),
            // Initials are not always ASCII (a full-width letter is kept as it is).
            ("Ｘ材", "ｘc"),
        ];
        let (rows, texts): (Vec<IndexRow>, Vec<(String, String)>) = (0..n)
            .map(|i| {
                let (mut name, mut initials) = (String::new(), String::new());
                for _ in 0..1 + next(4) {
                    let (a, b) = parts[next(parts.len() as u32) as usize];
                    name.push_str(a);
                    initials.push_str(b);
                }
                name.push_str("有限公司");
                initials.push_str("yxgs");
                let colour = [
                    None,
                    Some(Colour::Red),
                    Some(Colour::Yellow),
                    Some(Colour::Green),
                ][next(4) as usize];
                let mut r = row(&format!("R{i}"), None, colour);
                r.credit_code = format!("9{}{}{:04}X", 1 + next(2), next(3), next(10_000)).into();
                r.rank = [None, Some(next(50) + 1)][next(2) as usize];
                r.pool = [None, Some(Pool::ALL[next(Pool::ALL.len() as u32) as usize])]
                    [next(2) as usize];
                r.tier = Tier::ALL[next(Tier::ALL.len() as u32) as usize];
                r.status = [None, Some(PoolStatus::ALL[next(4) as usize])][next(2) as usize];
                r.red = next(3) as u16;
                r.district = next(3) as u16;
                r.commissioner = [0, 1, u16::MAX][next(3) as usize];
                let day = |d: u32| Date::from_julian_day(2_461_000 + d as i32).ok();
                r.next_visit = if next(4) == 0 { None } else { day(next(90)) };
                r.planned_visit = if next(3) == 0 { day(next(90)) } else { None };
                (r, (name, initials))
            })
            .unzip();
        PoolIndex {
            rows,
            names: texts.iter().map(|(n, _)| n).collect(),
            initials: texts.iter().map(|(_, i)| i).collect(),
            districts: vec![
                "乌鲁木齐市天山区".into(),
                "阿克苏市".into(),
                "兰州市".into(),
            ],
            commissioners: vec!["王芳".into(), "李强".into()],
        }
    }

    fn brute(ix: &PoolIndex, q: &Query) -> Vec<u32> {
        (0..ix.rows.len() as u32)
            .filter(|&i| q.matches(ix, i as usize))
            .collect()
    }

    #[test]
    fn inverted_index_search_equals_brute_force() {
        for ix in [super::tests::sample(), random_index(700, 3)] {
            let search = SearchIndex::new(&ix);
            let mut queries: Vec<String> = [
                "新",
                "新疆",
                "新疆克",
                "新新新",
                "疆克拉玛",
                "有限公司",
                "x",
                "xj",
                "xjk",
                "xjkl",
                "xxx",
                "yxgs",
                "AB",
                "ab",
                "abc",
                "C有",
                "9",
                "91",
                "912",
                "9120",
                "913",
                "91650",
                "\u{212a}",
                "ｘ",
                "天",
                "zz",
                "公司x",
                "ｘc",
                "ｘcy",
                "xｘc",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect();
            // Random fragments of the rows' own strings.
            let mut x = 11u32;
            for _ in 0..200 {
                x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                let i = (x >> 8) as usize % ix.rows.len();
                let r = &ix.rows[i];
                let s: Vec<char> = [ix.name(i), ix.initials.get(i), &*r.credit_code]
                    [(x >> 4) as usize % 3]
                    .chars()
                    .collect();
                let a = (x >> 12) as usize % s.len();
                let b = (a + 1 + (x >> 20) as usize % 5).min(s.len());
                queries.push(s[a..b].iter().collect());
            }
            for q in &queries {
                let q = Query::new(q);
                let got: Vec<u32> = bits::iter(&search.find(&ix, &q, None)).collect();
                assert_eq!(got, brute(&ix, &q), "query {:?}", q.text);
                // Narrowed from a shorter query's hits.
                let t: Vec<char> = q.text.chars().collect();
                if t.len() > 1 {
                    let shorter = Query::new(&t[..t.len() - 1].iter().collect::<String>());
                    let prev = search.find(&ix, &shorter, None);
                    let got: Vec<u32> = bits::iter(&search.find(&ix, &q, Some(&prev))).collect();
                    assert_eq!(got, brute(&ix, &q), "query {:?} narrowed", q.text);
                }
            }
        }
    }

    /// The view, search count and match jumps against a walk of the whole order.
    fn check_view(s: &PoolState) {
        let view = s.view();
        assert_eq!(view.len(), s.view_len());
        for (pos, &r) in view.iter().enumerate() {
            assert_eq!(
                s.row_at(pos).map(|x| &x.id),
                Some(&s.index.rows[r as usize].id)
            );
            assert_eq!(s.position_of_row(r), Some(pos));
        }
        assert_eq!(s.row_at(view.len()), None);
        let matches = s.matches();
        assert_eq!(s.match_count(), matches.len());
        for from in 0..=view.len() {
            let fwd = matches
                .iter()
                .find(|&&p| p >= from)
                .or(matches.first())
                .copied();
            let back = matches
                .iter()
                .rev()
                .find(|&&p| p < from)
                .or(matches.last())
                .copied();
            assert_eq!(s.next_match(from, true), fwd, "forward from {from}");
            assert_eq!(s.next_match(from, false), back, "backward from {from}");
        }
        let mut lights = [0; 4];
        for &r in &view {
            match s.index.rows[r as usize].colour {
                Some(Colour::Red) => lights[0] += 1,
                Some(Colour::Yellow) => lights[1] += 1,
                Some(Colour::Green) => lights[2] += 1,
                None => lights[3] += 1,
            }
        }
        assert_eq!(s.view_lights, lights);
        assert_eq!(lights.iter().sum::<usize>(), view.len());
    }

    #[test]
    fn view_positions_counts_and_jumps_agree_with_a_full_walk() {
        let mut s = PoolState::new(random_index(300, 5), TODAY);
        let filters = [
            ListFilter::default(),
            ListFilter {
                colour: Some(Colour::Red),
                ..ListFilter::default()
            },
            ListFilter {
                district: Some("阿克苏市".into()),
                visit: Some(VisitState::Overdue),
                ..ListFilter::default()
            },
            ListFilter {
                commissioner: Some(String::new()),
                ..ListFilter::default()
            },
            ListFilter {
                pool_status: Some(PoolStatus::Frozen),
                ..ListFilter::default()
            },
            ListFilter {
                pool_status: Some(PoolStatus::In),
                colour: Some(Colour::Red),
                ..ListFilter::default()
            },
            ListFilter {
                tier: Some(Tier::ALL[0]),
                pool: Some(Pool::ALL[0]),
                ..ListFilter::default()
            },
        ];
        for f in &filters {
            for key in [SortKey::Rank, SortKey::Name, SortKey::District] {
                for desc in [false, true] {
                    for q in ["", "新疆", "xj", "912"] {
                        s.filter = f.clone();
                        s.sort = key;
                        s.desc = desc;
                        s.resort(TODAY);
                        s.query = Query::new(q);
                        s.research();
                        // The filter, row by row.
                        let want: Vec<u32> = (0..s.index.rows.len() as u32)
                            .filter(|&i| {
                                passes(&s.index, &s.index.rows[i as usize], &s.filter, TODAY)
                            })
                            .collect();
                        let mut got = s.view();
                        got.sort();
                        assert_eq!(got, want, "{f:?}");
                        check_view(&s);
                    }
                }
            }
        }
    }

    #[test]
    fn cached_orders_equal_fresh_sorts_after_writes() {
        let mut s = PoolState::new(random_index(200, 9), TODAY);
        s.filter.colour = Some(Colour::Red);
        s.refilter(TODAY);
        s.query = Query::new("新");
        s.research();
        let mut changed = s.index.rows[17].clone();
        changed.rank = Some(1);
        changed.colour = Some(Colour::Red);
        s.upsert(
            RowUpdate {
                row: changed,
                name: "阿克苏新材料有限公司".into(),
                initials: "akyxclyxgs".into(),
                district: "喀什市".into(),
                commissioner: None,
            },
            TODAY,
        );
        let mut added = s.index.rows[3].clone();
        added.id = "NEW".into();
        added.credit_code = "91000000NEW".into();
        let initials = s.index.initials.get(3).to_string();
        let name = s.index.name(3).to_string();
        s.upsert(
            RowUpdate {
                row: added,
                name,
                initials,
                district: "兰州市".into(),
                commissioner: Some("新人".into()),
            },
            TODAY,
        );
        // The index was updated in place: it finds what a scan finds.
        for q in [
            "新",
            "阿克",
            "akyx",
            "akyxcl",
            "xj",
            "910",
            "91000000N",
            "新材料",
            "克拉玛",
        ] {
            let q = Query::new(q);
            let found = s
                .search
                .as_ref()
                .map(|x| bits::iter(&x.find(&s.index, &q, None)).collect::<Vec<_>>());
            assert_eq!(found, Some(brute(&s.index, &q)), "query {:?}", q.text);
        }
        for &key in SortKey::ALL {
            s.sort = key;
            s.resort(TODAY);
            let mut fresh = PoolState::new(s.index.clone(), TODAY);
            fresh.sort = key;
            fresh.filter = s.filter.clone();
            fresh.resort(TODAY);
            assert_eq!(s.view(), fresh.view(), "{key:?} after upserts");
        }
        s.remove("R40", TODAY);
        for &key in SortKey::ALL {
            for desc in [false, true] {
                s.sort = key;
                s.desc = desc;
                s.resort(TODAY);
                let mut fresh = PoolState::new(s.index.clone(), TODAY);
                fresh.filter = s.filter.clone();
                fresh.sort = key;
                fresh.desc = desc;
                fresh.query = s.query.clone();
                fresh.resort(TODAY);
                assert_eq!(s.view(), fresh.view(), "{key:?} desc={desc}");
                assert_eq!(s.matches(), fresh.matches(), "{key:?} desc={desc}");
                check_view(&s);
            }
        }
    }
}
