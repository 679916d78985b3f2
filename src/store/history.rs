//! The History screen's reads (变更记录) and an enterprise's timeline: the change log
//! (`store::changes`) as rows a person reads, newest first: when, who, which record, and each
//! field's value before → after (the log keeps whole rows as JSON; the fields that changed are
//! worked out here, derived and bookkeeping columns left out).
//!
//! Pages are read by SQL, a window at a time, from indexes (`schema_history.sql`): the log of a
//! pool of 100,000 enterprises holds millions of rows, and no key reads all of them. A view's
//! length (and, for a period, its first and last sequence numbers) is read once per view and
//! kept by the caller while the file does not change.

use super::Result;
use super::listview::{Facet, ListQuery, SortCol};
use super::window::Window;
use rusqlite::types::Value;
use rusqlite::{Connection, params_from_iter};
use serde::Serialize;
use std::collections::HashMap;
use time::{Date, Duration, Month, PrimitiveDateTime};

/// The columns the History list sorts by (its own order: newest first).
pub const HISTORY_SORTS: &[SortCol] = &[SortCol::When, SortCol::Record, SortCol::Commissioner];

/// The facets the History list filters by: who, what kind of record, when.
pub const HISTORY_FACETS: &[Facet] = &[Facet::Commissioner, Facet::Record, Facet::Period];

/// The kinds of record a change may be to (the tables `changes::ChangeSet` writes), in the
/// filter menu's order: the enterprise and its records first, the bureau's own last.
pub const RECORD_KINDS: &[&str] = &[
    "enterprises",
    "visits",
    "projects",
    "milestones",
    "requests",
    "certificates",
    "figures",
    "pool_memberships",
    "support_actions",
    "rewards",
    "colour_overrides",
    "attendance",
    "activities",
    "targets",
    "commissioners",
];

/// Codes of [`Facet::Period`]: today, this week (from Monday), this month, this year, last year.
pub const PERIOD_TODAY: &str = "today";
pub const PERIOD_WEEK: &str = "week";
pub const PERIOD_MONTH: &str = "month";
pub const PERIOD_YEAR: &str = "year";
pub const PERIOD_LAST_YEAR: &str = "last-year";
pub const PERIODS: &[&str] = &[
    PERIOD_TODAY,
    PERIOD_WEEK,
    PERIOD_MONTH,
    PERIOD_YEAR,
    PERIOD_LAST_YEAR,
];

/// The days `[from, to)` a period covers, as of `today`.
pub fn period_days(code: &str, today: Date) -> Option<(Date, Date)> {
    let next = |d: Date| d.next_day().unwrap_or(d);
    let jan1 = |y: i32| Date::from_calendar_date(y, Month::January, 1).ok();
    Some(match code {
        PERIOD_TODAY => (today, next(today)),
        PERIOD_WEEK => {
            let monday = today - Duration::days(today.weekday().number_days_from_monday().into());
            (monday, next(today))
        }
        PERIOD_MONTH => (today.replace_day(1).ok()?, next(today)),
        PERIOD_YEAR => (jan1(today.year())?, next(today)),
        PERIOD_LAST_YEAR => (jan1(today.year() - 1)?, jan1(today.year())?),
        _ => return None,
    })
}

/// What happened to the record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    Added,
    Changed,
    /// Deleted (a soft delete sets `deleted_at`; an undone insert removes the row).
    Deleted,
    /// A soft-deleted record back again.
    Restored,
    /// Many rows added at once (an import, a sync): how many.
    AddedRows(usize),
    /// Rows of such a bulk addition taken back by an undo.
    RemovedRows(usize),
}

/// One field of a change: its column and its value before and after, as stored (text), with
/// the name of the record a reference points to (a commissioner's name for their id).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldChange {
    pub column: String,
    pub before: Option<String>,
    pub after: Option<String>,
    pub before_name: Option<String>,
    pub after_name: Option<String>,
}

/// One logged change, as the History screen and the detail's timeline show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HistoryRow {
    pub seq: i64,
    /// When, in the local time it was logged in.
    pub at: PrimitiveDateTime,
    /// Who saved it (`None`: nobody was chosen, or it came by a sync).
    pub commissioner_id: Option<String>,
    pub commissioner: Option<String>,
    /// The change group's label (`log_visit 新疆…`, `同步 和田县`, `undo …`): what was done.
    pub label: Option<String>,
    /// The group was undone since.
    pub undone: bool,
    /// The table changed (`visits`, …): the kind of record.
    pub entity: String,
    pub entity_id: String,
    /// The enterprise the record belongs to, and its name.
    pub enterprise_id: Option<String>,
    pub enterprise: Option<String>,
    /// The record inside the enterprise (a project's name, a visit's day, …).
    pub item: Option<String>,
    pub kind: ChangeKind,
    /// The fields changed (added: those set; deleted: those it had).
    pub fields: Vec<FieldChange>,
}

/// An enterprise's latest changes and how many it has in all.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Timeline {
    pub rows: Vec<HistoryRow>,
    pub total: usize,
}

/// How many changes the detail's timeline shows.
pub const TIMELINE_ROWS: usize = 20;

/// The length of a view of the log and, when a period bounds it, the first and last sequence
/// numbers inside (paging then reads that range of the log only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    pub total: usize,
    pub seqs: Option<(i64, i64)>,
}

/// A log row with its group, its author and its enterprise (the row's own enterprise, or the
/// enterprise itself).
const ROW_COLUMNS: &str = "l.seq, l.at, l.commissioner_id, c.name, g.label,
    g.undone_at IS NOT NULL, l.entity, l.entity_id,
    coalesce(l.enterprise_id, CASE WHEN l.entity = 'enterprises' THEN l.entity_id END),
    e.name, l.action, l.before, l.after";

const ROW_JOINS: &str = "LEFT JOIN change_groups g ON g.id = l.group_id
    LEFT JOIN commissioners c ON c.id = l.commissioner_id
    LEFT JOIN enterprises e ON e.id =
        coalesce(l.enterprise_id, CASE WHEN l.entity = 'enterprises' THEN l.entity_id END)";

/// A log row as read, before its JSON is worked out.
struct Raw {
    row: HistoryRow,
    action: String,
    before: Option<String>,
    after: Option<String>,
}

fn raw_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Raw> {
    Ok(Raw {
        row: HistoryRow {
            seq: r.get(0)?,
            at: r.get(1)?,
            commissioner_id: r.get(2)?,
            commissioner: r.get(3)?,
            label: r.get(4)?,
            undone: r.get::<_, Option<bool>>(5)?.unwrap_or(false),
            entity: r.get(6)?,
            entity_id: r.get(7)?,
            enterprise_id: r.get(8)?,
            enterprise: r.get(9)?,
            item: None,
            kind: ChangeKind::Changed,
            fields: Vec::new(),
        },
        action: r.get(10)?,
        before: r.get(11)?,
        after: r.get(12)?,
    })
}

/// The `WHERE` terms and parameters of a view's filter (`?1…` in order).
fn filter_sql(q: &ListQuery, today: Date, seqs: Option<(i64, i64)>) -> (String, Vec<Value>) {
    let mut terms = vec!["1".to_string()];
    let mut params: Vec<Value> = Vec::new();
    let bind = |params: &mut Vec<Value>, v: Value| {
        params.push(v);
        format!("?{}", params.len())
    };
    for (f, v) in &q.filter {
        match f {
            Facet::Commissioner => {
                let p = bind(&mut params, Value::Text(v.clone()));
                // Names are unique: one id, so the index's order holds.
                terms.push(format!(
                    "l.commissioner_id = (SELECT id FROM commissioners WHERE name = {p})"
                ));
            }
            Facet::Record => {
                let p = bind(&mut params, Value::Text(v.clone()));
                terms.push(format!("l.entity = {p}"));
            }
            Facet::Period => {
                let Some((from, to)) = period_days(v, today) else {
                    continue;
                };
                let a = bind(&mut params, Value::Text(super::format_date(from)));
                let b = bind(&mut params, Value::Text(super::format_date(to)));
                terms.push(format!("l.at >= {a} AND l.at < {b}"));
            }
            _ => {}
        }
    }
    if let Some((lo, hi)) = seqs {
        let a = bind(&mut params, Value::Integer(lo));
        let b = bind(&mut params, Value::Integer(hi));
        terms.push(format!("l.seq BETWEEN {a} AND {b}"));
    }
    (terms.join(" AND "), params)
}

/// How long a view of the log is (see [`Span`]). The whole log's length is read from its ends:
/// the log is only ever appended to (nothing deletes its rows, and AUTOINCREMENT numbers them
/// one by one, a rolled-back write taking its numbers back), so it costs what a page costs
/// however long the log. A filter counts the entries of its own index only.
pub fn span(conn: &Connection, q: &ListQuery, today: Date) -> Result<Span> {
    if q.filter.is_empty() {
        let n: i64 = conn
            // Two lookups, one at each end of the rowid. In the as-of view the log is a view
            // hiding what came after the day: read from the newest end, that steps over those
            // rows only (max() through a view's filter would read the whole log).
            .prepare_cached(
                "SELECT coalesce((SELECT seq FROM change_log ORDER BY seq DESC LIMIT 1)
                                 - (SELECT seq FROM change_log ORDER BY seq LIMIT 1) + 1, 0)",
            )?
            .query_row([], |r| r.get(0))?;
        return Ok(Span {
            total: n.max(0) as usize,
            seqs: None,
        });
    }
    let (filter, params) = filter_sql(q, today, None);
    if q.value(Facet::Period).is_none() {
        let n: i64 = conn
            .prepare_cached(&format!("SELECT count(*) FROM change_log l WHERE {filter}"))?
            .query_row(params_from_iter(params), |r| r.get(0))?;
        return Ok(Span {
            total: n.max(0) as usize,
            seqs: None,
        });
    }
    let (n, lo, hi): (i64, Option<i64>, Option<i64>) = conn
        .prepare_cached(&format!(
            "SELECT count(*), min(l.seq), max(l.seq) FROM change_log l WHERE {filter}"
        ))?
        .query_row(params_from_iter(params), |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?;
    Ok(Span {
        total: n.max(0) as usize,
        // An empty period: a range nothing is in.
        seqs: Some((lo.unwrap_or(1), hi.unwrap_or(0))),
    })
}

/// The order of a view: its terms, each with whether it runs descending.
fn order_terms(q: &ListQuery) -> Vec<(&'static str, bool)> {
    // The own order is newest first; `S` turns it to oldest first.
    let desc = match q.sort {
        Some(_) => q.descending(),
        None => true,
    };
    match q.sort {
        // Grouped by kind or person (as their indexes hold them), newest first in each group:
        // `S` turns both, which reads the same index backwards.
        Some(SortCol::Record) => vec![("l.entity", desc), ("l.seq", !desc)],
        Some(SortCol::Commissioner) => vec![("l.commissioner_id", desc), ("l.seq", !desc)],
        _ => vec![("l.seq", desc)],
    }
}

/// The `ORDER BY` terms of a view read through window `w`.
fn order_sql(q: &ListQuery, w: &Window) -> String {
    order_terms(q)
        .iter()
        .map(|(t, desc)| {
            let dir = if *desc { w.desc() } else { w.asc() };
            format!("{t} {dir}")
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The sequence numbers of a window, read from an index (LIMIT/OFFSET steps over index entries
/// only); the page then reads just those rows with their JSON. `n`: the filter's parameters.
fn seq_sql(q: &ListQuery, filter: &str, n: usize, w: &Window) -> String {
    format!(
        "SELECT l.seq FROM change_log l WHERE {filter} ORDER BY {} LIMIT ?{} OFFSET ?{}",
        order_sql(q, w),
        n + 1,
        n + 2
    )
}

/// Rows `start..start + len` of a view of the log whose [`Span`] is `span`.
pub fn page(
    conn: &Connection,
    q: &ListQuery,
    today: Date,
    span: Span,
    start: usize,
    len: usize,
) -> Result<Vec<HistoryRow>> {
    let (filter, params) = filter_sql(q, today, span.seqs);
    let w = Window::new(span.total, start, len);
    let sql = format!(
        "SELECT {ROW_COLUMNS}
         FROM ({}) k
         JOIN change_log l ON l.seq = k.seq
         {ROW_JOINS}
         ORDER BY {}",
        seq_sql(q, &filter, params.len(), &w),
        order_sql(q, &w),
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let refs: Vec<&dyn rusqlite::ToSql> =
        params.iter().map(|p| p as &dyn rusqlite::ToSql).collect();
    let raws = w.rows(&mut stmt, &refs, raw_row)?;
    finish(conn, raws)
}

/// An enterprise's latest changes (to it and its records), newest first, at most `limit`, with
/// how many there are.
pub fn timeline(conn: &Connection, enterprise_id: &str, limit: usize) -> Result<Timeline> {
    // Two indexes (the enterprise's records, the enterprise's own row) joined by SQLite's OR.
    let mine = "(l.enterprise_id = ?1 OR (l.entity = 'enterprises' AND l.entity_id = ?1))";
    let total: i64 = conn
        .prepare_cached(&format!("SELECT count(*) FROM change_log l WHERE {mine}"))?
        .query_row([enterprise_id], |r| r.get(0))?;
    let sql = format!(
        "SELECT {ROW_COLUMNS} FROM change_log l {ROW_JOINS}
         WHERE {mine} ORDER BY l.seq DESC LIMIT ?2"
    );
    let raws = conn
        .prepare_cached(&sql)?
        .query_map(rusqlite::params![enterprise_id, limit as i64], raw_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Timeline {
        rows: finish(conn, raws)?,
        total: total.max(0) as usize,
    })
}

/// Works out each row's fields from its logged JSON, naming the commissioners referred to.
fn finish(conn: &Connection, raws: Vec<Raw>) -> Result<Vec<HistoryRow>> {
    let mut names: HashMap<String, Option<String>> = HashMap::new();
    let mut out = Vec::with_capacity(raws.len());
    for raw in raws {
        let mut row = raw.row;
        let parse = |s: &Option<String>| {
            s.as_deref()
                .and_then(|s| serde_json::from_str::<serde_json::Value>(s).ok())
        };
        let (before, after) = (parse(&raw.before), parse(&raw.after));
        let count = |v: &Option<serde_json::Value>| {
            v.as_ref().and_then(|v| v.as_array()).map_or(0, Vec::len)
        };
        row.kind = match raw.action.as_str() {
            "insert" => ChangeKind::Added,
            "delete" => ChangeKind::Deleted,
            "insert_rows" => ChangeKind::AddedRows(count(&after)),
            "delete_rows" => ChangeKind::RemovedRows(count(&before)),
            _ => match (deleted(&before), deleted(&after)) {
                (false, true) => ChangeKind::Deleted,
                (true, false) => ChangeKind::Restored,
                _ => ChangeKind::Changed,
            },
        };
        if !matches!(
            row.kind,
            ChangeKind::AddedRows(_) | ChangeKind::RemovedRows(_)
        ) {
            let record = after.as_ref().or(before.as_ref());
            row.item = record.and_then(|r| item_of(&row.entity, r));
            if row.enterprise.is_none() && row.entity == "enterprises" {
                // An enterprise gone from the file (an undone addition): its name as logged.
                row.enterprise = record.and_then(|r| text_of(r.get("name")?));
            }
            row.fields = fields(&row.entity, row.kind, before.as_ref(), after.as_ref());
        }
        for f in &mut row.fields {
            if f.column == "commissioner_id" {
                f.before_name = name(conn, &mut names, f.before.as_deref())?;
                f.after_name = name(conn, &mut names, f.after.as_deref())?;
            }
        }
        out.push(row);
    }
    Ok(out)
}

/// A commissioner's name by id, read once per page.
fn name(
    conn: &Connection,
    names: &mut HashMap<String, Option<String>>,
    id: Option<&str>,
) -> Result<Option<String>> {
    let Some(id) = id else { return Ok(None) };
    if let Some(n) = names.get(id) {
        return Ok(n.clone());
    }
    let n = super::commissioners::name_of(conn, id)?;
    names.insert(id.to_string(), n.clone());
    Ok(n)
}

fn deleted(row: &Option<serde_json::Value>) -> bool {
    row.as_ref()
        .and_then(|r| r.get("deleted_at"))
        .is_some_and(|v| !v.is_null())
}

/// A logged value as text (`None` for null and for nothing).
fn text_of(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::Null => None,
        serde_json::Value::String(s) if s.is_empty() => None,
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Bool(b) => Some(if *b { "1" } else { "0" }.into()),
        // A whole number kept as a real (a target's 5.0) reads as it was typed.
        serde_json::Value::Number(n)
            if n.as_f64()
                .is_some_and(|x| x.fract() == 0.0 && x.abs() < 1e15) =>
        {
            Some(format!("{}", n.as_f64().unwrap_or_default() as i64))
        }
        other => Some(other.to_string()),
    }
}

/// What tells a record apart inside its enterprise (the enterprise itself needs nothing).
fn item_of(entity: &str, row: &serde_json::Value) -> Option<String> {
    let column = match entity {
        "projects" | "milestones" | "activities" | "commissioners" => "name",
        "support_actions" => "action",
        "visits" => {
            return text_of(row.get("done_on")?).or_else(|| text_of(row.get("planned_on")?));
        }
        "requests" => "text",
        "certificates" => "number",
        "figures" | "rewards" | "targets" => "year",
        "pool_memberships" => "pool",
        _ => return None,
    };
    text_of(row.get(column)?)
}

/// Whether a column is one a person reads: what the linkage carries (derived values, the
/// stamps, ids and the links to the parent record are not).
fn shown(entity: &str, column: &str) -> bool {
    if matches!(column, "id" | "created_at" | "updated_at" | "deleted_at") {
        return false;
    }
    if column.ends_with("_id") && column != "commissioner_id" {
        return false;
    }
    match super::sync::columns::table(entity) {
        Some(t) => t.columns.contains(&column),
        None => true,
    }
}

/// The fields of a change: those that differ (a change), or those set (an addition, a deletion).
fn fields(
    entity: &str,
    kind: ChangeKind,
    before: Option<&serde_json::Value>,
    after: Option<&serde_json::Value>,
) -> Vec<FieldChange> {
    let empty = serde_json::Map::new();
    let b = before.and_then(|v| v.as_object()).unwrap_or(&empty);
    let a = after.and_then(|v| v.as_object()).unwrap_or(&empty);
    // The columns in the linkage's order (the record's own order: dates, then the rest).
    let mut columns: Vec<&String> = a.keys().collect();
    columns.extend(b.keys().filter(|k| !a.contains_key(*k)));
    let order = super::sync::columns::table(entity).map_or(&[][..], |t| t.columns);
    columns.sort_by_key(|c| order.iter().position(|o| o == c).unwrap_or(usize::MAX));
    columns
        .into_iter()
        .filter(|c| shown(entity, c))
        .filter_map(|c| {
            let (old, new) = (b.get(c).and_then(text_of), a.get(c).and_then(text_of));
            let keep = match kind {
                ChangeKind::Added => new.is_some(),
                ChangeKind::Deleted if after.is_none() => old.is_some(),
                _ => old != new,
            };
            keep.then(|| FieldChange {
                column: c.clone(),
                before: if kind == ChangeKind::Added { None } else { old },
                after: if kind == ChangeKind::Deleted && after.is_none() {
                    None
                } else {
                    new
                },
                before_name: None,
                after_name: None,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    /// Every view's window is read from an index in the index's order: no sort of the log,
    /// no scan of its rows.
    #[test]
    fn windows_are_read_from_indexes_in_their_order() {
        let s = crate::store::Store::in_memory().unwrap();
        let today = date!(2026 - 11 - 21);
        let q = |sort: Option<SortCol>, reverse: bool, filter: &[(Facet, &str)]| ListQuery {
            sort,
            reverse,
            filter: filter.iter().map(|(f, v)| (*f, v.to_string())).collect(),
            ..ListQuery::default()
        };
        let views = [
            (q(None, false, &[]), None),
            (q(Some(SortCol::When), true, &[]), None),
            (q(Some(SortCol::Record), false, &[]), None),
            (q(Some(SortCol::Record), true, &[]), None),
            (q(Some(SortCol::Commissioner), false, &[]), None),
            (q(None, false, &[(Facet::Record, "visits")]), None),
            (q(None, false, &[(Facet::Commissioner, "王芳")]), None),
            (
                q(None, false, &[(Facet::Period, PERIOD_TODAY)]),
                Some((10, 20)),
            ),
            (
                q(Some(SortCol::Record), false, &[(Facet::Record, "visits")]),
                None,
            ),
        ];
        for (view, seqs) in views {
            let (filter, params) = filter_sql(&view, today, seqs);
            for w in [Window::new(1000, 0, 90), Window::new(1000, 950, 90)] {
                let sql = format!(
                    "EXPLAIN QUERY PLAN {}",
                    seq_sql(&view, &filter, params.len(), &w)
                );
                let mut stmt = s.conn.prepare(&sql).unwrap();
                let mut all: Vec<&dyn rusqlite::ToSql> =
                    params.iter().map(|p| p as &dyn rusqlite::ToSql).collect();
                let (limit, offset) = (90i64, 0i64);
                all.push(&limit);
                all.push(&offset);
                let plan: Vec<String> = stmt
                    .query_map(all.as_slice(), |r| r.get(3))
                    .unwrap()
                    .collect::<rusqlite::Result<_>>()
                    .unwrap();
                let text = plan.join(" | ");
                assert!(!text.contains("TEMP B-TREE"), "{view:?}: {text}");
                // The log's JSON rows are not read: only narrow index entries.
                let seqs = plan
                    .iter()
                    .filter(|p| p.contains(" l ") || p.ends_with(" l"));
                assert!(
                    seqs.clone().all(|p| p.contains("COVERING INDEX")
                        || (p.contains("USING INDEX") && p.contains("commissioner"))),
                    "{view:?}: {text}"
                );
            }
        }
    }

    #[test]
    fn periods_cover_their_days() {
        let today = date!(2026 - 11 - 21); // a Saturday
        assert_eq!(
            period_days(PERIOD_TODAY, today),
            Some((date!(2026 - 11 - 21), date!(2026 - 11 - 22)))
        );
        assert_eq!(
            period_days(PERIOD_WEEK, today),
            Some((date!(2026 - 11 - 16), date!(2026 - 11 - 22)))
        );
        assert_eq!(
            period_days(PERIOD_MONTH, today),
            Some((date!(2026 - 11 - 01), date!(2026 - 11 - 22)))
        );
        assert_eq!(
            period_days(PERIOD_LAST_YEAR, today),
            Some((date!(2025 - 01 - 01), date!(2026 - 01 - 01)))
        );
        assert_eq!(period_days("fortnight", today), None);
    }

    #[test]
    fn a_change_lists_the_fields_a_person_reads() {
        let before = serde_json::json!({
            "id": "e1", "name": "甲科技", "contact_phone": "13800000000", "rank": 3,
            "commissioner_id": "c1", "notes": "", "updated_at": "2026-11-20T09:00:00",
        });
        let after = serde_json::json!({
            "id": "e1", "name": "甲科技", "contact_phone": "13900000000", "rank": 1,
            "commissioner_id": "c2", "notes": "", "updated_at": "2026-11-21T09:00:00",
        });
        let f = fields(
            "enterprises",
            ChangeKind::Changed,
            Some(&before),
            Some(&after),
        );
        let got: Vec<(&str, Option<&str>, Option<&str>)> = f
            .iter()
            .map(|f| (f.column.as_str(), f.before.as_deref(), f.after.as_deref()))
            .collect();
        // The rank is derived, the stamp bookkeeping: neither is a person's change.
        assert_eq!(
            got,
            [
                ("contact_phone", Some("13800000000"), Some("13900000000")),
                ("commissioner_id", Some("c1"), Some("c2")),
            ]
        );
        let visit = serde_json::json!({
            "id": "v1", "enterprise_id": "e1", "planned_on": null, "done_on": "2026-11-21",
            "mode": "on_site", "notes": "看了车间", "attendees": "",
        });
        let f = fields("visits", ChangeKind::Added, None, Some(&visit));
        let cols: Vec<&str> = f.iter().map(|f| f.column.as_str()).collect();
        assert_eq!(cols, ["done_on", "mode", "notes"]);
        assert!(f.iter().all(|f| f.before.is_none()));
        assert_eq!(item_of("visits", &visit).as_deref(), Some("2026-11-21"));
    }
}
