//! The in-memory pool index: a compact row per enterprise (loaded once, kept current on write),
//! its sort orders, filter facets and search, and the ordered view they make. Pure: no SQL, no
//! words, no screen state (the Pool screen's cursor is in `app::pool`).
//!
//! Nothing here walks every row per keystroke:
//! - every sort key's order is computed when the index loads (or, after a write, the first time
//!   it is used) and kept, so a sort change or reversal only picks an order (`order`);
//! - the filter is a bitset of rows, the AND of per-value bitsets (or, for districts and
//!   commissioners, one scan of a `u16` column, `facets`); the view is that bitset read in sort
//!   order, with passing rows counted per block of 64 positions so that any position is found in
//!   a binary search and one block (`view`);
//! - the search reads an inverted index (`search`): characters and character pairs of names and
//!   initials, quads of initials, credit codes in order; counts are popcounts of (hits AND
//!   filter). Names and initials are kept in one buffer each (`text::PackedStrs`).

pub mod bits;
mod facets;
mod order;
mod search;
#[cfg(test)]
pub(crate) mod tests;
mod view;

use crate::domain::{Batch, Colour, Pool, PoolStatus, Tier, VisitState};
use crate::text::{PackedStrs, ShortStr};
pub use facets::passes;
use serde::Serialize;
use time::Date;
pub use view::PoolView;

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
    /// The visit state as of `today` (the same rule as `domain::cadence`).
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

/// Filters of the pool list; all that are set must hold.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ListFilter {
    pub pool: Option<Pool>,
    pub batch: Option<Batch>,
    /// The membership's status (in, leaving, out, frozen).
    pub pool_status: Option<PoolStatus>,
    pub tier: Option<Tier>,
    pub colour: Option<Colour>,
    pub visit: Option<VisitState>,
    /// Substring of the district name.
    pub district: Option<String>,
    /// Substring of the commissioner's name.
    pub commissioner: Option<String>,
    /// Name fragment, pinyin initials or credit-code prefix.
    pub search: Option<String>,
}

impl ListFilter {
    pub fn is_empty(&self) -> bool {
        *self == ListFilter::default()
    }
}

/// Columns the pool list sorts by (their SQL order is in `store::pool`, their headers in
/// `i18n::sort_text`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum SortKey {
    Rank,
    Name,
    Colour,
    NextVisit,
    LastVisit,
    Tier,
    Batch,
    District,
    Commissioner,
}

impl SortKey {
    pub const ALL: &'static [SortKey] = &[
        SortKey::Rank,
        SortKey::Name,
        SortKey::Tier,
        SortKey::Batch,
        SortKey::Colour,
        SortKey::LastVisit,
        SortKey::NextVisit,
        SortKey::Commissioner,
        SortKey::District,
    ];

    pub fn code(self) -> &'static str {
        match self {
            SortKey::Rank => "rank",
            SortKey::Name => "name",
            SortKey::Colour => "colour",
            SortKey::NextVisit => "next-visit",
            SortKey::LastVisit => "last-visit",
            SortKey::Tier => "tier",
            SortKey::Batch => "batch",
            SortKey::District => "district",
            SortKey::Commissioner => "commissioner",
        }
    }
}
