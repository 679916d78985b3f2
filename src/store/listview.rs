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
}

impl ListQuery {
    /// The list's own order, unfiltered: read by the list's own (faster) queries.
    pub fn is_default(&self) -> bool {
        self.sort.is_none() && self.filter.is_empty()
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
    pub col: fn(SortCol) -> Option<&'static str>,
    pub facet: fn(Facet) -> Option<&'static str>,
}

impl ListSql<'_> {
    /// `SELECT key FROM … [AND facets] ORDER BY [column,] own order`, the facets' values bound
    /// after the list's `own` parameters.
    fn keys_sql(&self, q: &ListQuery, own: usize) -> (String, Vec<String>) {
        let mut sql = format!("SELECT {} FROM {}", self.key, self.from);
        let mut values = Vec::new();
        for (f, v) in &q.filter {
            if let Some(expr) = (self.facet)(*f) {
                values.push(v.clone());
                sql.push_str(&format!(" AND ({expr}) = ?{}", own + values.len()));
            }
        }
        sql.push_str(" ORDER BY ");
        if let Some(expr) = q.sort.and_then(self.col) {
            let dir = if q.descending() { "DESC" } else { "ASC" };
            // Rows without a value go last whichever way the column reads.
            sql.push_str(&format!("({expr}) IS NULL, {expr} {dir}, "));
        }
        sql.push_str(self.order);
        (sql, values)
    }

    /// The ordered keys of the list as `q` shows it: `(part, key)` per row, `part` the first
    /// key column when there are two (0 when one).
    pub fn keys(
        &self,
        conn: &rusqlite::Connection,
        q: &ListQuery,
        own: &[&dyn rusqlite::ToSql],
    ) -> Result<Vec<Key>> {
        let (sql, values) = self.keys_sql(q, own.len());
        let mut params: Vec<&dyn rusqlite::ToSql> = own.to_vec();
        params.extend(values.iter().map(|v| v as &dyn rusqlite::ToSql));
        let mut stmt = conn.prepare_cached(&sql)?;
        let two = stmt.column_count() > 1;
        // A parameter of the list's own that only a facet uses (today, for the Agenda's day)
        // is bound when the statement has it.
        let n = stmt.parameter_count();
        for (i, p) in params.iter().enumerate().take(n) {
            stmt.raw_bind_parameter(i + 1, p)?;
        }
        let mut rows = stmt.raw_query();
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            out.push(if two {
                Key(r.get(0)?, r.get(1)?)
            } else {
                Key(0, r.get(0)?)
            });
        }
        Ok(out)
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
    rows.sort_by_key(|(k, _)| {
        keys.iter()
            .position(|x| x == k)
            .unwrap_or(usize::MAX)
    });
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
/// order). `extra` gives facet values the rows do not carry (a commissioner's district).
pub fn apply<T: ViewRow>(
    rows: Vec<T>,
    q: &ListQuery,
    extra: &dyn Fn(&T, Facet) -> Option<String>,
) -> Vec<T> {
    let mut rows: Vec<T> = rows
        .into_iter()
        .filter(|r| {
            q.filter.iter().all(|(f, v)| {
                r.facet_value(*f).or_else(|| extra(r, *f)).as_deref() == Some(v.as_str())
            })
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
    fn keys_sql_binds_facets_after_the_lists_own_parameters() {
        let sql = ListSql {
            from: "t WHERE t.y = ?1",
            key: "t.rowid",
            order: "t.d, t.id",
            col: |c| (c == SortCol::Name).then_some("t.name"),
            facet: |f| (f == Facet::District).then_some("t.district"),
        };
        let q = ListQuery {
            sort: Some(SortCol::Name),
            reverse: true,
            filter: vec![
                (Facet::District, "天山区".into()),
                // A facet the list has not: ignored.
                (Facet::Mode, "online".into()),
            ],
        };
        let (s, v) = sql.keys_sql(&q, 1);
        assert_eq!(
            s,
            "SELECT t.rowid FROM t WHERE t.y = ?1 AND (t.district) = ?2 \
             ORDER BY (t.name) IS NULL, t.name DESC, t.d, t.id"
        );
        assert_eq!(v, vec!["天山区".to_string()]);
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
        let rows = || vec![R("b", Some(1.0), "x"), R("a", None, "y"), R("c", Some(3.0), "x")];
        let names = |rows: Vec<R>| rows.iter().map(|r| r.0).collect::<Vec<_>>();
        let none = |_: &R, _| None;
        let mut q = ListQuery {
            sort: Some(SortCol::Score),
            ..ListQuery::default()
        };
        assert_eq!(names(apply(rows(), &q, &none)), ["c", "b", "a"]);
        q.reverse = true;
        assert_eq!(names(apply(rows(), &q, &none)), ["b", "c", "a"]);
        q.sort = Some(SortCol::Name);
        q.reverse = false;
        q.set(Facet::District, Some("x".into()));
        assert_eq!(names(apply(rows(), &q, &none)), ["b", "c"]);
        // A facet the rows do not carry comes from `extra`.
        q.filter = vec![(Facet::Commissioner, "k".into())];
        let extra = |r: &R, _| Some(if r.0 == "a" { "k" } else { "z" }.to_string());
        assert_eq!(names(apply(rows(), &q, &extra)), ["a"]);
    }
}
