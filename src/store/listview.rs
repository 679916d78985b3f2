//! Sort and filter of the list screens other than the Pool (whose index sorts and filters): a
//! list's view names a column to sort by and the values of its facets; each screen's module says
//! which columns and facets it has and what SQL they are.
//!
//! A view other than the list's own order is read as the ordered keys of the whole filtered
//! list (one query when the view changes, kept while the file does not), then a window's rows by
//! their keys: paging a sorted list of 100,000 rows reads a window, not the list. The small
//! lists loaded whole (Commissioners, Targets) are sorted and filtered as rows (`ViewRow`).

use super::Result;
use serde::Serialize;
use std::cmp::Ordering;

/// A column a list sorts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum SortCol {
    Date,
    Name,
    District,
    Commissioner,
    Mode,
    Category,
    Status,
    Colour,
    Level,
    Kind,
    Rank,
    Score,
    Innovation,
    Growth,
    Participation,
    Movement,
    ShortBoard,
    Metric,
    Target,
    Actual,
    Progress,
    Enterprises,
    VisitsDone,
    Cadence,
    Overdue,
    Requests,
    Breaches,
    RedShare,
    // history: when a change was made (newest first), the kind of record changed
    When,
    Record,
}

impl SortCol {
    /// The stable code (`:sort CODE`).
    pub fn code(self) -> &'static str {
        use SortCol as C;
        match self {
            C::Date => "date",
            C::Name => "name",
            C::District => "district",
            C::Commissioner => "commissioner",
            C::Mode => "mode",
            C::Category => "category",
            C::Status => "status",
            C::Colour => "colour",
            C::Level => "level",
            C::Kind => "kind",
            C::Rank => "rank",
            C::Score => "score",
            C::Innovation => "innovation",
            C::Growth => "growth",
            C::Participation => "participation",
            C::Movement => "movement",
            C::ShortBoard => "short-board",
            C::Metric => "metric",
            C::Target => "target",
            C::Actual => "actual",
            C::Progress => "progress",
            C::Enterprises => "enterprises",
            C::VisitsDone => "visits",
            C::Cadence => "cadence",
            C::Overdue => "overdue",
            C::Requests => "requests",
            C::Breaches => "breaches",
            C::RedShare => "red-share",
            C::When => "time",
            C::Record => "record",
        }
    }

    /// Whether the column reads best largest first (scores, counts, movement up): its first
    /// sort is descending, `S` turns it.
    pub fn largest_first(self) -> bool {
        use SortCol as C;
        matches!(
            self,
            C::Score
                | C::Innovation
                | C::Growth
                | C::Participation
                | C::Movement
                | C::Target
                | C::Actual
                | C::Progress
                | C::Enterprises
                | C::VisitsDone
                | C::Cadence
                | C::Overdue
                | C::Requests
                | C::Breaches
                | C::RedShare
                | C::When
        )
    }
}

/// A dimension a list filters by; its values are codes (a closed set's, a district's name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Facet {
    /// The enterprise's district (a commissioner's, a target's own).
    District,
    Commissioner,
    /// A visit's mode.
    Mode,
    /// A planned visit's day: overdue, today or later this week (`WHEN_*`).
    When,
    /// A line of the Alerts list: red project, overdue action, yellow project (`KIND_*`).
    AlertKind,
    /// A project's level.
    Level,
    /// A line of the Certificates list: expiring, candidate, reward (`PART_*`).
    CertPart,
    Category,
    Status,
    ShortBoard,
    Metric,
    // history: the kind of record a change was to (its table), and when it was made
    Record,
    Period,
}

impl Facet {
    pub fn code(self) -> &'static str {
        match self {
            Facet::District => "district",
            Facet::Commissioner => "commissioner",
            Facet::Mode => "mode",
            Facet::When => "when",
            Facet::AlertKind => "kind",
            Facet::Level => "level",
            Facet::CertPart => "part",
            Facet::Category => "category",
            Facet::Status => "status",
            Facet::ShortBoard => "short-board",
            Facet::Metric => "metric",
            Facet::Record => "record",
            Facet::Period => "period",
        }
    }
}

/// Codes of [`Facet::When`].
pub const WHEN_OVERDUE: &str = "overdue";
pub const WHEN_TODAY: &str = "today";
pub const WHEN_LATER: &str = "later";
/// Codes of [`Facet::AlertKind`] (a project's colour, or an overdue support-plan action).
pub const KIND_ACTION: &str = "action";
/// Codes of [`Facet::CertPart`].
pub const PART_EXPIRING: &str = "expiring";
pub const PART_CANDIDATE: &str = "candidate";
pub const PART_REWARD: &str = "reward";

/// How a list is shown: the column it is sorted by (`None`: the list's own order) and the
/// facet values it is filtered to.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize)]
pub struct ListQuery {
    pub sort: Option<SortCol>,
    /// Against the column's first direction (`SortCol::largest_first`).
    pub reverse: bool,
    /// At most one value per facet, in the order set.
    pub filter: Vec<(Facet, String)>,
    /// Rolled up by district (Commissioners: each district's team; Targets: each metric summed
    /// over the districts), for a file that holds several.
    pub rolled_up: bool,
}

impl ListQuery {
    /// The list's own order, unfiltered: read by the list's own (faster) queries.
    pub fn is_default(&self) -> bool {
        self.sort.is_none() && self.filter.is_empty() && !self.rolled_up
    }

    /// The value a facet is filtered to.
    pub fn value(&self, f: Facet) -> Option<&str> {
        self.filter
            .iter()
            .find(|(g, _)| *g == f)
            .map(|(_, v)| v.as_str())
    }

    /// Filters a facet to a value, or (`None`) drops its filter.
    pub fn set(&mut self, f: Facet, value: Option<String>) {
        match (self.filter.iter().position(|(g, _)| *g == f), value) {
            (Some(i), Some(v)) => self.filter[i].1 = v,
            (Some(i), None) => {
                self.filter.remove(i);
            }
            (None, Some(v)) => self.filter.push((f, v)),
            (None, None) => {}
        }
    }

    /// Whether the sorted column reads descending.
    pub fn descending(&self) -> bool {
        self.sort.is_some_and(|c| c.largest_first() != self.reverse)
    }
}

/// What a screen's module says about its list's SQL: the rows (`FROM` and the list's own
/// conditions, parameters `?1…`), the key read per row, the expression of each column and facet.
pub(super) struct ListSql<'a> {
    /// `FROM … WHERE …` of the whole list (its own parameters only).
    pub from: &'a str,
    /// The key columns selected (their values are read as `i64`).
    pub key: &'a str,
    /// The list's own order, the tie-break of every sort (ascending terms, no direction).
    pub order: &'a str,
    /// The list's columns and facets (its `*_SORTS` and `*_FACETS`).
    pub cols: &'a [SortCol],
    pub facets: &'a [Facet],
    pub col: fn(SortCol) -> Option<&'static str>,
    pub facet: fn(Facet) -> Option<&'static str>,
}

impl ListSql<'_> {
    /// `SELECT key, columns…, facets… FROM … ORDER BY own order`.
    fn base_sql(&self) -> String {
        let mut terms = vec![self.key.to_string()];
        terms.extend(
            self.cols
                .iter()
                .map(|c| (self.col)(*c).unwrap_or("NULL").to_string()),
        );
        terms.extend(
            self.facets
                .iter()
                .map(|f| (self.facet)(*f).unwrap_or("NULL").to_string()),
        );
        format!(
            "SELECT {} FROM {} ORDER BY {}",
            terms.join(", "),
            self.from,
            self.order
        )
    }

    /// The whole list in its own order, with what each row sorts and filters by: one read,
    /// after which every view of the list is worked out in memory (`ListBase::keys`).
    pub fn base(
        &self,
        conn: &rusqlite::Connection,
        own: &[&dyn rusqlite::ToSql],
    ) -> Result<ListBase> {
        let mut stmt = conn.prepare_cached(&self.base_sql())?;
        let two = self.key.contains(',');
        // A parameter of the list's own that only a facet uses (today, for the Agenda's day)
        // is bound when the statement has it.
        let n = stmt.parameter_count();
        for (i, p) in own.iter().enumerate().take(n) {
            stmt.raw_bind_parameter(i + 1, p)?;
        }
        let first = if two { 2 } else { 1 };
        let width = self.cols.len() + self.facets.len();
        let mut texts = Interner::default();
        let mut keys = Vec::new();
        let mut values: Vec<Vec<f64>> = vec![Vec::new(); width];
        let mut rows = stmt.raw_query();
        while let Some(r) = rows.next()? {
            keys.push(if two {
                Key(r.get(0)?, r.get(1)?)
            } else {
                Key(0, r.get(0)?)
            });
            for (i, column) in values.iter_mut().enumerate() {
                use rusqlite::types::ValueRef as V;
                column.push(match r.get_ref(first + i)? {
                    V::Null => f64::NAN,
                    V::Integer(n) => n as f64,
                    V::Real(x) => x,
                    V::Text(t) | V::Blob(t) => texts.id(t),
                });
            }
        }
        // Text is kept as its rank among the list's texts, so that numbers compare as the
        // texts do (byte order, as SQLite's).
        let (ranks, dict) = texts.ranks();
        for column in &mut values {
            for v in column.iter_mut() {
                if let Some(id) = Interner::as_id(*v) {
                    *v = ranks[id] as f64;
                }
            }
        }
        Ok(ListBase {
            keys,
            cols: self.cols.to_vec(),
            facets: self.facets.to_vec(),
            values,
            dict,
        })
    }
}

/// Texts read for a list, numbered as first seen; a text's number is kept as a negative value
/// below any real one until the texts are ranked.
#[derive(Default)]
struct Interner {
    ids: std::collections::HashMap<Vec<u8>, usize>,
    texts: Vec<Vec<u8>>,
}

/// Texts are numbered from here down while a list is read (real values of the lists are
/// never this low).
const TEXT_BASE: f64 = -1.0e15;

impl Interner {
    fn id(&mut self, t: &[u8]) -> f64 {
        // Most texts repeat (districts, modes, levels): found without a copy.
        let id = match self.ids.get(t) {
            Some(id) => *id,
            None => {
                let id = self.texts.len();
                self.ids.insert(t.to_vec(), id);
                self.texts.push(t.to_vec());
                id
            }
        };
        TEXT_BASE - id as f64
    }

    fn as_id(v: f64) -> Option<usize> {
        (v <= TEXT_BASE).then_some((TEXT_BASE - v) as usize)
    }

    /// Each text's rank in byte order (by its number), and the texts by rank.
    fn ranks(&self) -> (Vec<usize>, Vec<String>) {
        let mut order: Vec<usize> = (0..self.texts.len()).collect();
        order.sort_by(|a, b| self.texts[*a].cmp(&self.texts[*b]));
        let mut ranks = vec![0; order.len()];
        for (rank, id) in order.iter().enumerate() {
            ranks[*id] = rank;
        }
        let dict = order
            .iter()
            .map(|id| String::from_utf8_lossy(&self.texts[*id]).into_owned())
            .collect();
        (ranks, dict)
    }
}

/// A list read whole (`ListSql::base`): per row its key, and per column and facet a number
/// (a text's rank among the list's texts; NaN for none), in the list's own order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ListBase {
    keys: Vec<Key>,
    cols: Vec<SortCol>,
    facets: Vec<Facet>,
    /// Column-major: the columns, then the facets.
    values: Vec<Vec<f64>>,
    /// The texts, by rank.
    dict: Vec<String>,
}

impl ListBase {
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The keys of the rows `q` shows, in its order: rows whose facets hold the values chosen,
    /// sorted by the column (stable: ties keep the list's own order; no value last).
    pub fn keys(&self, q: &ListQuery) -> Vec<Key> {
        let mut rows: Vec<usize> = (0..self.keys.len()).collect();
        for (f, v) in &q.filter {
            let Some(i) = self.facets.iter().position(|g| g == f) else {
                continue;
            };
            let column = &self.values[self.cols.len() + i];
            // A number's facet (none of the lists has one) would be compared as text.
            let want = self
                .dict
                .binary_search_by(|t| t.as_str().cmp(v.as_str()))
                .map(|r| r as f64)
                .unwrap_or(f64::NAN);
            rows.retain(|r| column[*r] == want);
        }
        if let Some(i) = q.sort.and_then(|c| self.cols.iter().position(|d| *d == c)) {
            let column = &self.values[i];
            let desc = q.descending();
            rows.sort_by(|a, b| {
                let (x, y) = (column[*a], column[*b]);
                match (x.is_nan(), y.is_nan()) {
                    (true, true) => Ordering::Equal,
                    (true, false) => Ordering::Greater,
                    (false, true) => Ordering::Less,
                    _ if desc => y.total_cmp(&x),
                    _ => x.total_cmp(&y),
                }
            });
        }
        rows.into_iter().map(|r| self.keys[r]).collect()
    }
}

/// A row of a list by its part (lists of several kinds of row) and its row id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key(pub u8, pub i64);

/// The row ids of `keys` in `part`, as a JSON array (bound to `json_each(?)`, which keeps
/// their order in its `key` column).
pub(super) fn ids_json(keys: &[Key], part: u8) -> String {
    let ids: Vec<String> = keys
        .iter()
        .filter(|k| k.0 == part)
        .map(|k| k.1.to_string())
        .collect();
    format!("[{}]", ids.join(","))
}

/// Puts rows read by key (`(key, row)`, any order) in the keys' order; a key whose row is gone
/// (deleted since the keys were read) is left out.
pub(super) fn in_key_order<T>(keys: &[Key], mut rows: Vec<(Key, T)>) -> Vec<T> {
    rows.sort_by_key(|(k, _)| keys.iter().position(|x| x == k).unwrap_or(usize::MAX));
    rows.into_iter().map(|(_, r)| r).collect()
}

/// A value a row sorts by.
#[derive(Debug, Clone, PartialEq, PartialOrd)]
pub enum SortValue {
    Text(String),
    Number(f64),
    /// No value: sorts last either way.
    None,
}

/// A row of a list loaded whole: what it has of the columns and facets.
pub trait ViewRow {
    fn sort_value(&self, col: SortCol) -> SortValue;
    fn facet_value(&self, f: Facet) -> Option<String>;
}

/// The rows of a list loaded whole as `q` shows them (a stable sort: ties keep the list's own
/// order).
pub fn apply<T: ViewRow>(rows: Vec<T>, q: &ListQuery) -> Vec<T> {
    let mut rows: Vec<T> = rows
        .into_iter()
        .filter(|r| {
            q.filter
                .iter()
                .all(|(f, v)| r.facet_value(*f).as_deref() == Some(v.as_str()))
        })
        .collect();
    if let Some(col) = q.sort {
        let desc = q.descending();
        rows.sort_by(|a, b| {
            let (x, y) = (a.sort_value(col), b.sort_value(col));
            match (&x, &y) {
                (SortValue::None, SortValue::None) => Ordering::Equal,
                (SortValue::None, _) => Ordering::Greater,
                (_, SortValue::None) => Ordering::Less,
                _ => {
                    let o = x.partial_cmp(&y).unwrap_or(Ordering::Equal);
                    if desc { o.reverse() } else { o }
                }
            }
        });
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_sets_and_drops_facets_and_turns_direction() {
        let mut q = ListQuery::default();
        assert!(q.is_default());
        q.set(Facet::District, Some("天山区".into()));
        q.set(Facet::Mode, Some("online".into()));
        q.set(Facet::District, Some("沙依巴克区".into()));
        assert_eq!(q.value(Facet::District), Some("沙依巴克区"));
        assert_eq!(q.filter.len(), 2);
        q.set(Facet::District, None);
        assert_eq!(q.filter, vec![(Facet::Mode, "online".to_string())]);
        q.sort = Some(SortCol::Score);
        assert!(q.descending(), "a score reads largest first");
        q.reverse = true;
        assert!(!q.descending());
        q.sort = Some(SortCol::Name);
        assert!(q.descending(), "reversed name: Z to A");
    }

    #[test]
    fn a_list_read_whole_shows_each_view_in_memory() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE t (name TEXT, district TEXT, score REAL, d TEXT);
             INSERT INTO t VALUES ('乙', '天山区', 2.5, '2026-01-02'), ('甲', '沙依巴克区', NULL, '2026-01-01'),
                                  ('丙', '天山区', 9.0, '2026-01-03'), ('丁', '天山区', 2.5, '2026-01-04');",
        )
        .unwrap();
        let sql = ListSql {
            from: "t WHERE t.d >= ?1",
            key: "t.rowid",
            order: "t.d",
            cols: &[SortCol::Date, SortCol::Name, SortCol::Score],
            facets: &[Facet::District],
            col: |c| match c {
                SortCol::Date => Some("t.d"),
                SortCol::Name => Some("t.name"),
                SortCol::Score => Some("t.score"),
                _ => None,
            },
            facet: |f| (f == Facet::District).then_some("t.district"),
        };
        assert_eq!(
            sql.base_sql(),
            "SELECT t.rowid, t.d, t.name, t.score, t.district FROM t WHERE t.d >= ?1 ORDER BY t.d"
        );
        let base = sql.base(&conn, &[&"2026-01-01"]).unwrap();
        let rowids = |q: ListQuery| base.keys(&q).into_iter().map(|k| k.1).collect::<Vec<_>>();
        // Own order: by day (rows 2, 1, 3, 4).
        assert_eq!(rowids(ListQuery::default()), [2, 1, 3, 4]);
        // By name: 丁 (4E01) 丙 (4E19) 乙 (4E59) 甲 (7532).
        let mut q = ListQuery {
            sort: Some(SortCol::Name),
            ..ListQuery::default()
        };
        assert_eq!(rowids(q.clone()), [4, 3, 1, 2]);
        // By score, largest first; ties keep the day's order; none last either way.
        q.sort = Some(SortCol::Score);
        assert_eq!(rowids(q.clone()), [3, 1, 4, 2]);
        q.reverse = true;
        assert_eq!(rowids(q.clone()), [1, 4, 3, 2]);
        q.set(Facet::District, Some("天山区".into()));
        assert_eq!(rowids(q.clone()), [1, 4, 3]);
        q.set(Facet::District, Some("米东区".into()));
        assert!(rowids(q).is_empty());
        // A facet the list has not is no filter.
        let other = ListQuery {
            filter: vec![(Facet::Mode, "phone".into())],
            ..ListQuery::default()
        };
        assert_eq!(rowids(other).len(), 4);
    }

    struct R(&'static str, Option<f64>, &'static str);
    impl ViewRow for R {
        fn sort_value(&self, col: SortCol) -> SortValue {
            match (col, self.1) {
                (SortCol::Name, _) => SortValue::Text(self.0.into()),
                (_, Some(n)) => SortValue::Number(n),
                _ => SortValue::None,
            }
        }
        fn facet_value(&self, f: Facet) -> Option<String> {
            (f == Facet::District).then(|| self.2.to_string())
        }
    }

    #[test]
    fn rows_loaded_whole_sort_with_no_value_last_and_filter() {
        let rows = || {
            vec![
                R("b", Some(1.0), "x"),
                R("a", None, "y"),
                R("c", Some(3.0), "x"),
            ]
        };
        let names = |rows: Vec<R>| rows.iter().map(|r| r.0).collect::<Vec<_>>();
        let mut q = ListQuery {
            sort: Some(SortCol::Score),
            ..ListQuery::default()
        };
        assert_eq!(names(apply(rows(), &q)), ["c", "b", "a"]);
        q.reverse = true;
        assert_eq!(names(apply(rows(), &q)), ["b", "c", "a"]);
        q.sort = Some(SortCol::Name);
        q.reverse = false;
        q.set(Facet::District, Some("x".into()));
        assert_eq!(names(apply(rows(), &q)), ["b", "c"]);
        // A facet the rows do not carry matches nothing.
        q.filter = vec![(Facet::Commissioner, "k".into())];
        assert!(apply(rows(), &q).is_empty());
    }
}
