//! The Pool screen's state: a compact in-memory index of every enterprise (loaded once, kept
//! current on write), the current sort and filter as an ordered view into it, and search matches.
//!
//! Sorting keeps a full permutation for the current sort; filtering and searching walk it once,
//! so a keystroke costs one pass over the index at most and nothing touches SQLite.

use crate::domain::{Batch, Colour, Pool, Tier, VisitState};
use crate::store::queries::{ListFilter, SortKey};
use time::Date;

/// One enterprise in the index: what the Pool table shows, sorts and filters by.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexRow {
    pub id: Box<str>,
    pub name: Box<str>,
    pub initials: Box<str>,
    /// The name's pinyin, for sorting by name.
    pub name_key: Box<str>,
    pub credit_code: Box<str>,
    /// Index into `PoolIndex::districts`.
    pub district: u16,
    /// Index into `PoolIndex::commissioners`; `u16::MAX` when none.
    pub commissioner: u16,
    pub pool: Option<Pool>,
    pub batch: Option<Batch>,
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
    /// The visit state as of `today` (the same rule as `domain::cadence`).
    pub fn visit_state(&self, today: Date) -> VisitState {
        match (self.planned_visit, self.next_visit) {
            (Some(p), _) if p < today => VisitState::Overdue,
            (None, Some(n)) if n <= today => VisitState::Due,
            _ => VisitState::Ok,
        }
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

/// One enterprise's row read after a write, with its district and commissioner by name.
#[derive(Debug, Clone, PartialEq)]
pub struct RowUpdate {
    pub row: IndexRow,
    pub district: String,
    pub commissioner: Option<String>,
}

/// Every enterprise, with interned districts and commissioners.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PoolIndex {
    pub rows: Vec<IndexRow>,
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

    /// Position of the row with this id.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.rows.iter().position(|r| &*r.id == id)
    }
}

/// Where a row sorts by `key` before the name decides (ascending; missing values last).
///
/// Rows sort by `(sort_key, name order)` packed into one integer per row, so a re-sort never
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

/// Each row's position in name order (pinyin, then the name itself), computed once per index.
fn name_ranks(rows: &[IndexRow]) -> Vec<u32> {
    // The first 16 bytes of the pinyin, compared as one integer, decide most comparisons.
    let prefix = |s: &str| {
        let mut b = [0u8; 16];
        let n = s.len().min(16);
        b[..n].copy_from_slice(&s.as_bytes()[..n]);
        u128::from_be_bytes(b)
    };
    let prefixes: Vec<u128> = rows.iter().map(|r| prefix(&r.name_key)).collect();
    let mut order: Vec<u32> = (0..rows.len() as u32).collect();
    order.sort_unstable_by(|&a, &b| {
        prefixes[a as usize]
            .cmp(&prefixes[b as usize])
            .then_with(|| {
                let (ra, rb) = (&rows[a as usize], &rows[b as usize]);
                ra.name_key
                    .cmp(&rb.name_key)
                    .then_with(|| ra.name.cmp(&rb.name))
            })
            .then(a.cmp(&b))
    });
    let mut ranks = vec![0u32; rows.len()];
    for (pos, &row) in order.iter().enumerate() {
        ranks[row as usize] = pos as u32;
    }
    ranks
}

/// Whether a row passes every filter (search excluded).
pub fn passes(ix: &PoolIndex, r: &IndexRow, f: &ListFilter, today: Date) -> bool {
    f.pool.is_none_or(|p| r.pool == Some(p))
        && f.batch.is_none_or(|b| r.batch == Some(b))
        && f.tier.is_none_or(|t| r.tier == t)
        && f.colour.is_none_or(|c| r.colour == Some(c))
        && f.visit.is_none_or(|v| r.visit_state(today) == v)
        && f.district.as_deref().is_none_or(|d| ix.district(r) == d)
        && f.commissioner
            .as_deref()
            .is_none_or(|c| ix.commissioner(r) == c)
}

/// A search query, prepared once per keystroke.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Query {
    pub text: String,
    trimmed: String,
    lower: String,
    upper: String,
    /// Which of `trimmed`, `lower` and `upper` are ASCII (see `SearchFlags`).
    ascii: [bool; 3],
}

/// What a row's search strings are made of, so that a query skips the ones it cannot match
/// without reading them: a Chinese query never reads the ASCII initials and credit code, and
/// an ASCII query reads a name only when it has ASCII characters.
#[derive(Debug, Clone, Copy, PartialEq)]
struct SearchFlags(u8);

impl SearchFlags {
    const NAME_HAS_ASCII: u8 = 1;
    const INITIALS_ASCII: u8 = 2;
    const CODE_ASCII: u8 = 4;

    fn of(r: &IndexRow) -> SearchFlags {
        let mut f = 0;
        if r.name.bytes().any(|b| b.is_ascii()) {
            f |= Self::NAME_HAS_ASCII;
        }
        if r.initials.is_ascii() {
            f |= Self::INITIALS_ASCII;
        }
        if r.credit_code.is_ascii() {
            f |= Self::CODE_ASCII;
        }
        SearchFlags(f)
    }

    fn has(self, bit: u8) -> bool {
        self.0 & bit != 0
    }
}

impl Query {
    pub fn new(text: &str) -> Query {
        let t = text.trim();
        let (lower, upper) = (t.to_lowercase(), t.to_uppercase());
        Query {
            text: text.to_string(),
            trimmed: t.to_string(),
            ascii: [t.is_ascii(), lower.is_ascii(), upper.is_ascii()],
            lower,
            upper,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.lower.is_empty()
    }

    /// Name fragment, pinyin initials (`xjkl`), or credit-code prefix.
    pub fn matches(&self, r: &IndexRow) -> bool {
        self.matches_with(r, SearchFlags::of(r))
    }

    /// `matches`, skipping the strings `flags` say cannot match (ASCII text cannot hold a
    /// non-ASCII query, and an ASCII query needs ASCII in the name).
    fn matches_with(&self, r: &IndexRow, flags: SearchFlags) -> bool {
        let [text_ascii, lower_ascii, upper_ascii] = self.ascii;
        !self.is_empty()
            && ((lower_ascii || !flags.has(SearchFlags::INITIALS_ASCII))
                && r.initials.contains(&self.lower)
                || (upper_ascii || !flags.has(SearchFlags::CODE_ASCII))
                    && r.credit_code.starts_with(&self.upper)
                || (!text_ascii || flags.has(SearchFlags::NAME_HAS_ASCII))
                    && r.name.contains(self.trimmed.as_str()))
    }
}

/// The Pool screen: index, sort, filter, view, selection and search.
#[derive(Debug, Clone, PartialEq)]
pub struct PoolState {
    pub index: PoolIndex,
    pub sort: SortKey,
    pub desc: bool,
    pub filter: ListFilter,
    /// Every row in sort order (indexes into `index.rows`).
    sorted: Vec<u32>,
    /// The rows that pass the filter, in sort order.
    pub view: Vec<u32>,
    pub selected: usize,
    pub scroll: usize,
    pub query: Query,
    /// Positions in `view` that match the search, ascending.
    pub matches: Vec<usize>,
    /// Red, yellow and green enterprises in the view (kept with the view).
    pub view_lights: [usize; 3],
    /// The rows of `index` that match `hits_for` (one bit per row): the search reads the index
    /// in row order once per query and narrows this set while the query grows.
    hits: Vec<u64>,
    hits_for: String,
    /// Each row's position in name order (the tie-break of every sort); rebuilt when rows change.
    name_ranks: Vec<u32>,
    /// Each row's `SearchFlags`; rebuilt when rows change.
    search_flags: Vec<SearchFlags>,
}

impl PoolState {
    pub fn new(index: PoolIndex, today: Date) -> PoolState {
        let mut s = PoolState {
            index,
            sort: SortKey::Rank,
            desc: false,
            filter: ListFilter::default(),
            sorted: Vec::new(),
            view: Vec::new(),
            selected: 0,
            scroll: 0,
            query: Query::default(),
            matches: Vec::new(),
            view_lights: [0; 3],
            hits: Vec::new(),
            hits_for: String::new(),
            name_ranks: Vec::new(),
            search_flags: Vec::new(),
        };
        s.resort(today);
        s.search_flags = s.index.rows.iter().map(SearchFlags::of).collect();
        s
    }

    /// The row under the cursor.
    pub fn selected_row(&self) -> Option<&IndexRow> {
        self.view
            .get(self.selected)
            .and_then(|&i| self.index.rows.get(i as usize))
    }

    pub fn row_at(&self, pos: usize) -> Option<&IndexRow> {
        self.view
            .get(pos)
            .and_then(|&i| self.index.rows.get(i as usize))
    }

    /// Re-sorts the whole index, then re-applies the filter, keeping the selected enterprise.
    pub fn resort(&mut self, today: Date) {
        let keep = self.selected_row().map(|r| r.id.clone());
        let ix = &self.index;
        let mut order: Vec<u32> = Vec::with_capacity(ix.rows.len());
        let key = self.sort;
        // Districts and commissioners are few: rank them by pinyin once, then compare ranks.
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
        if self.name_ranks.len() != ix.rows.len() {
            self.name_ranks = name_ranks(&ix.rows);
        }
        // (sort key, name order, row) in one integer each: sorting them is sorting the rows.
        let mut keys: Vec<u128> = ix
            .rows
            .iter()
            .zip(&self.name_ranks)
            .enumerate()
            .map(|(i, (r, n))| {
                (u128::from(sort_key(r, key, &ranks)) << 64) | (u128::from(*n) << 32) | i as u128
            })
            .collect();
        keys.sort_unstable();
        order.clear();
        order.extend(keys.iter().map(|k| *k as u32));
        if self.desc {
            order.reverse();
        }
        self.sorted = order;
        self.refilter(today);
        if let Some(id) = keep {
            self.select_id(&id);
        }
    }

    /// Re-applies the filter over the sorted order and re-runs the search.
    pub fn refilter(&mut self, today: Date) {
        let keep = self.selected_row().map(|r| r.id.clone());
        let ix = &self.index;
        let f = &self.filter;
        self.view = self
            .sorted
            .iter()
            .copied()
            .filter(|&i| passes(ix, &ix.rows[i as usize], f, today))
            .collect();
        let mut lights = [0; 3];
        for &i in &self.view {
            match ix.rows[i as usize].colour {
                Some(Colour::Red) => lights[0] += 1,
                Some(Colour::Yellow) => lights[1] += 1,
                Some(Colour::Green) => lights[2] += 1,
                None => {}
            }
        }
        self.view_lights = lights;
        self.selected = 0;
        self.scroll = 0;
        if let Some(id) = keep {
            self.select_id(&id);
        }
        self.research();
    }

    /// Recomputes the search matches within the view.
    ///
    /// Which rows match is worked out once per query, in row order (the rows and their strings
    /// lie in memory in that order), and only among the previous matches when the query grew by
    /// a keystroke; sort and filter changes only walk the view against that set.
    pub fn research(&mut self) {
        let q = &self.query;
        if q.is_empty() {
            self.matches = Vec::new();
            self.hits = Vec::new();
            self.hits_for.clear();
            return;
        }
        let rows = &self.index.rows;
        if self.search_flags.len() != rows.len() {
            self.search_flags = rows.iter().map(SearchFlags::of).collect();
        }
        let flags = &self.search_flags;
        let key = q.trimmed.as_str();
        let words = rows.len().div_ceil(64);
        if self.hits_for != key || self.hits.len() != words {
            let grew = !self.hits_for.is_empty()
                && key.starts_with(self.hits_for.as_str())
                && self.hits.len() == words;
            if grew {
                for (w, word) in self.hits.iter_mut().enumerate() {
                    let mut bits = *word;
                    while bits != 0 {
                        let b = bits.trailing_zeros() as usize;
                        bits &= bits - 1;
                        let i = w * 64 + b;
                        if !q.matches_with(&rows[i], flags[i]) {
                            *word &= !(1 << b);
                        }
                    }
                }
            } else {
                self.hits = vec![0; words];
                for (i, (r, f)) in rows.iter().zip(flags).enumerate() {
                    if q.matches_with(r, *f) {
                        self.hits[i / 64] |= 1 << (i % 64);
                    }
                }
            }
            self.hits_for = key.to_string();
        }
        let hits = &self.hits;
        self.matches = self
            .view
            .iter()
            .enumerate()
            .filter(|(_, i)| hits[**i as usize / 64] & (1 << (**i % 64)) != 0)
            .map(|(pos, _)| pos)
            .collect();
    }

    /// Moves the cursor to an enterprise if it is in the view.
    pub fn select_id(&mut self, id: &str) -> bool {
        let ix = &self.index;
        if let Some(pos) = self
            .view
            .iter()
            .position(|&i| &*ix.rows[i as usize].id == id)
        {
            self.selected = pos;
            true
        } else {
            false
        }
    }

    /// The first match at or after `from` (`forward`), or the last one strictly before it,
    /// wrapping around.
    pub fn next_match(&self, from: usize, forward: bool) -> Option<usize> {
        if self.matches.is_empty() {
            return None;
        }
        if forward {
            let i = self.matches.partition_point(|&p| p < from);
            Some(*self.matches.get(i).unwrap_or(&self.matches[0]))
        } else {
            let i = self.matches.partition_point(|&p| p < from);
            Some(if i == 0 {
                self.matches[self.matches.len() - 1]
            } else {
                self.matches[i - 1]
            })
        }
    }

    /// Drops an enterprise (deleted, or its insert undone).
    pub fn remove(&mut self, id: &str, today: Date) {
        if let Some(i) = self.index.position(id) {
            self.index.rows.remove(i);
            self.hits_for.clear();
            self.name_ranks.clear();
            self.search_flags.clear();
            self.resort(today);
        }
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
        match self.index.position(&row.id) {
            Some(i) => self.index.rows[i] = row,
            None => self.index.rows.push(row),
        }
        self.hits_for.clear();
        self.name_ranks.clear();
        self.search_flags.clear();
        self.resort(today);
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use time::macros::date;

    pub const TODAY: Date = date!(2026 - 11 - 21);

    pub fn row(
        id: &str,
        name: &str,
        initials: &str,
        rank: Option<u32>,
        colour: Option<Colour>,
    ) -> IndexRow {
        IndexRow {
            id: id.into(),
            name: name.into(),
            initials: initials.into(),
            name_key: crate::text::pinyin_key(name).into(),
            credit_code: format!("9165010{id}").into(),
            district: 0,
            commissioner: 0,
            pool: Some(Pool::Hte),
            batch: Some(Batch::Cultivating),
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
                row(
                    "A",
                    "新疆克拉玛依天利石化科技有限公司",
                    "xjklmytlshkjyxgs",
                    Some(2),
                    Some(Colour::Green),
                ),
                row(
                    "B",
                    "兰州陇原新材料股份有限公司",
                    "lzlyxclgfyxgs",
                    Some(1),
                    Some(Colour::Red),
                ),
                row(
                    "C",
                    "甘肃天水智联信息技术有限公司",
                    "gstszlxxjsyxgs",
                    None,
                    Some(Colour::Yellow),
                ),
                row("D", "新疆天山云计算有限公司", "xjtsyjsyxgs", Some(3), None),
            ],
            districts: vec!["乌鲁木齐市天山区".into()],
            commissioners: vec!["王芳".into()],
        }
    }

    fn ids(s: &PoolState) -> Vec<&str> {
        s.view
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
                .matches
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
    fn reference(a: &IndexRow, b: &IndexRow, key: SortKey, order: &[u16]) -> std::cmp::Ordering {
        use std::cmp::Ordering;
        let by_name = || {
            a.name_key
                .cmp(&b.name_key)
                .then_with(|| a.name.cmp(&b.name))
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
        let names = [
            "新疆天山云",
            "甘肃天水",
            "兰州陇原",
            "新疆克拉玛依",
            "长城",
            "阿克苏",
        ];
        let mut rows = Vec::new();
        let mut n = 7u32;
        let mut next = |m: u32| {
            n = n.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (n >> 8) % m
        };
        for i in 0..300 {
            let name = format!("{}{}", names[next(6) as usize], next(4));
            let colour = [
                None,
                Some(Colour::Red),
                Some(Colour::Yellow),
                Some(Colour::Green),
            ][next(4) as usize];
            let mut r = row(&format!("R{i}"), &name, "", None, colour);
            r.name_key = crate::text::pinyin_key(&name).into();
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
        }
        let index = PoolIndex {
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
                let names: &[String] = match key {
                    SortKey::District => &s.index.districts,
                    SortKey::Commissioner => &s.index.commissioners,
                    _ => &[],
                };
                let mut by_pinyin: Vec<(String, usize)> = names
                    .iter()
                    .enumerate()
                    .map(|(i, n)| (crate::text::pinyin_key(n), i))
                    .collect();
                by_pinyin.sort();
                let mut order = vec![0u16; names.len()];
                for (rank, (_, i)) in by_pinyin.iter().enumerate() {
                    order[*i] = rank as u16;
                }
                for w in s.view.windows(2) {
                    let (a, b) = (&s.index.rows[w[0] as usize], &s.index.rows[w[1] as usize]);
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
        index.rows[3].name = "新疆ABC云计算有限公司".into();
        let mut s = PoolState::new(index, TODAY);
        // What the search means, row by row.
        let fresh = |s: &PoolState, q: &str| -> Vec<usize> {
            let t = q.trim();
            (0..s.view.len())
                .filter(|&p| {
                    let r = s.row_at(p).expect("row");
                    !t.is_empty()
                        && (r.name.contains(t)
                            || r.initials.contains(&t.to_lowercase())
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
            assert_eq!(s.matches, fresh(&s, q), "query {q:?}");
        }
        // A changed row is searched again.
        s.query = Query::new("天");
        s.research();
        let mut c = s.index.rows[2].clone();
        c.name = "甘肃智联信息技术有限公司".into();
        s.upsert(
            RowUpdate {
                row: c,
                district: "乌鲁木齐市天山区".into(),
                commissioner: Some("王芳".into()),
            },
            TODAY,
        );
        let ids: Vec<&str> = s
            .matches
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
        assert_eq!(s.matches, vec![1, 2]);
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
