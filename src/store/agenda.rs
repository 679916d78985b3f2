//! The Agenda screen's queries: planned visits by day, paged, and the month's calendar.

use super::Result;
use super::window::{Window, count_of};
use crate::domain::VisitMode;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use time::Date;

/// A visit on the agenda.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgendaItem {
    pub visit_id: String,
    pub enterprise_id: String,
    pub enterprise: String,
    pub district: String,
    pub planned_on: Date,
    pub mode: VisitMode,
    pub commissioner: Option<String>,
    pub overdue: bool,
    pub notes: String,
}

/// A window of the agenda: open planned visits up to `until` (overdue ones first), and the total.
pub fn agenda_page(
    conn: &Connection,
    today: Date,
    until: Date,
    known_total: Option<usize>,
    start: usize,
    len: usize,
) -> Result<(usize, Vec<AgendaItem>)> {
    let total = match known_total {
        Some(n) => n,
        None => count_of(
            conn,
            "SELECT count(*) FROM visits
             WHERE done_on IS NULL AND cancelled_on IS NULL AND planned_on <= ?1",
            [until],
        )?,
    };
    let w = Window::new(total, start, len);
    let a = w.asc();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT v.id, e.id, e.name, e.district, v.planned_on, v.mode, c.name, v.notes
         FROM (SELECT rowid AS rid FROM visits
               WHERE done_on IS NULL AND cancelled_on IS NULL AND planned_on <= ?1
               ORDER BY planned_on {a}, id {a} LIMIT ?2 OFFSET ?3) k
         JOIN visits v ON v.rowid = k.rid
         JOIN enterprises e ON e.id = v.enterprise_id
         LEFT JOIN commissioners c ON c.id = v.commissioner_id
         ORDER BY v.planned_on {a}, v.id {a}"
    ))?;
    let rows = w.rows(&mut stmt, &[&until], |r| agenda_item(r, today))?;
    Ok((total, rows))
}

/// A visit read as `v.id, e.id, e.name, e.district, v.planned_on, v.mode, c.name, v.notes`.
pub(super) fn agenda_item(r: &rusqlite::Row<'_>, today: Date) -> rusqlite::Result<AgendaItem> {
    let planned_on: Date = r.get(4)?;
    Ok(AgendaItem {
        visit_id: r.get(0)?,
        enterprise_id: r.get(1)?,
        enterprise: r.get(2)?,
        district: r.get(3)?,
        planned_on,
        mode: r.get(5)?,
        commissioner: r.get(6)?,
        overdue: planned_on < today,
        notes: r.get(7)?,
    })
}

/// The position of an open planned visit in the agenda ending `until` (`None` if not in it).
pub fn agenda_position(conn: &Connection, visit_id: &str, until: Date) -> Result<Option<usize>> {
    let planned: Option<Date> = conn
        .query_row(
            "SELECT planned_on FROM visits WHERE id = ?1 AND done_on IS NULL AND cancelled_on IS NULL",
            [visit_id],
            |r| r.get(0),
        )
        .optional()?
        .flatten();
    let Some(planned) = planned.filter(|p| *p <= until) else {
        return Ok(None);
    };
    let n = count_of(
        conn,
        "SELECT count(*) FROM visits WHERE done_on IS NULL AND cancelled_on IS NULL
           AND (planned_on < ?1 OR (planned_on = ?1 AND id < ?2))",
        params![planned, visit_id],
    )?;
    Ok(Some(n))
}

/// Planned visits per day in the month of `day`.
pub fn planned_per_day(conn: &Connection, day: Date) -> Result<Vec<(Date, u32)>> {
    let first = day.replace_day(1).unwrap_or(day);
    let next = if first.month() == time::Month::December {
        Date::from_calendar_date(first.year() + 1, time::Month::January, 1)
    } else {
        Date::from_calendar_date(first.year(), first.month().next(), 1)
    }
    .unwrap_or(first);
    let mut stmt = conn.prepare_cached(
        "SELECT planned_on, count(*) FROM visits
         WHERE done_on IS NULL AND cancelled_on IS NULL AND planned_on >= ?1 AND planned_on < ?2
         GROUP BY planned_on ORDER BY planned_on",
    )?;
    let rows = stmt.query_map(params![first, next], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

use super::listview::{
    Facet, Key, ListBase, ListSql, SortCol, WHEN_LATER, WHEN_OVERDUE, WHEN_TODAY,
};

/// The columns the Agenda sorts by (its own order: by day).
pub const AGENDA_SORTS: &[SortCol] = &[
    SortCol::Date,
    SortCol::Name,
    SortCol::Mode,
    SortCol::Commissioner,
    SortCol::District,
];

/// The facets the Agenda filters by.
pub const AGENDA_FACETS: &[Facet] = &[
    Facet::When,
    Facet::District,
    Facet::Commissioner,
    Facet::Mode,
];

pub(super) const AGENDA_FROM: &str = "visits v JOIN enterprises e ON e.id = v.enterprise_id
    LEFT JOIN commissioners c ON c.id = v.commissioner_id
    WHERE v.done_on IS NULL AND v.cancelled_on IS NULL AND v.planned_on <= ?1";

/// The agenda read whole for its views (keys: visit row ids): open planned visits up to
/// `until`.
pub fn agenda_base(conn: &Connection, today: Date, until: Date) -> Result<ListBase> {
    // The day's facet compares with today, bound as ?2 (a parameter keeps the statement
    // cached across days).
    let sql = ListSql {
        from: AGENDA_FROM,
        key: "v.rowid",
        order: "v.planned_on, v.id",
        cols: AGENDA_SORTS,
        facets: AGENDA_FACETS,
        col: agenda_col,
        facet: agenda_facet,
    };
    sql.base(conn, &[&until, &today])
}

/// The SQL of an Agenda column (the Agenda's grouped pages sort by it too).
pub(super) fn agenda_col(c: SortCol) -> Option<&'static str> {
    Some(match c {
        SortCol::Date => "v.planned_on",
        // As the Pool sorts names: by pinyin.
        SortCol::Name => "pinyin_key(e.name)",
        SortCol::Mode => "v.mode",
        SortCol::Commissioner => "c.name",
        SortCol::District => "e.district",
        _ => return None,
    })
}

/// The SQL of an Agenda facet (`?2` is today).
pub(super) fn agenda_facet(f: Facet) -> Option<&'static str> {
    Some(match f {
        Facet::District => "e.district",
        Facet::Commissioner => "c.name",
        Facet::Mode => "v.mode",
        Facet::When => WHEN_SQL,
        _ => return None,
    })
}

/// A planned visit's day as a [`Facet::When`] code (`?2` is today).
const WHEN_SQL: &str = "CASE WHEN v.planned_on < ?2 THEN 'overdue' \
     WHEN v.planned_on = ?2 THEN 'today' ELSE 'later' END";
const _: [&str; 3] = [WHEN_OVERDUE, WHEN_TODAY, WHEN_LATER];

/// The agenda's rows of `keys`, in their order.
pub fn agenda_rows(conn: &Connection, today: Date, keys: &[Key]) -> Result<Vec<AgendaItem>> {
    let mut stmt = conn.prepare_cached(
        "SELECT v.id, e.id, e.name, e.district, v.planned_on, v.mode, c.name, v.notes
         FROM json_each(?1) k
         JOIN visits v ON v.rowid = k.value
         JOIN enterprises e ON e.id = v.enterprise_id
         LEFT JOIN commissioners c ON c.id = v.commissioner_id
         ORDER BY k.key",
    )?;
    let rows = stmt.query_map([super::listview::ids_json(keys, 0)], |r| {
        agenda_item(r, today)
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
