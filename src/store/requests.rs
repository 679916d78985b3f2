//! The Requests screen's queries: requests with their enterprise, paged oldest first.

use super::Result;
use super::window::{Window, count_of};
use crate::domain::{RequestCategory, RequestStatus};
use rusqlite::Connection;
use serde::Serialize;
use time::PrimitiveDateTime;

/// A request, with its enterprise.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RequestRow {
    pub id: String,
    pub enterprise_id: String,
    pub enterprise: String,
    pub raised_at: PrimitiveDateTime,
    pub category: RequestCategory,
    pub text: String,
    pub first_response_at: Option<PrimitiveDateTime>,
    pub status: RequestStatus,
    pub closed_at: Option<PrimitiveDateTime>,
    pub resolution: Option<String>,
    /// The enterprise's district.
    pub district: String,
}

const REQUEST_COLUMNS: &str = "q.id, e.id, e.name, q.raised_at, q.category, q.text,
    q.first_response_at, q.status, q.closed_at, q.resolution, e.district";

fn request_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<RequestRow> {
    Ok(RequestRow {
        id: r.get(0)?,
        enterprise_id: r.get(1)?,
        enterprise: r.get(2)?,
        raised_at: r.get(3)?,
        category: r.get(4)?,
        text: r.get(5)?,
        first_response_at: r.get(6)?,
        status: r.get(7)?,
        closed_at: r.get(8)?,
        resolution: r.get(9)?,
        district: r.get(10)?,
    })
}

/// An enterprise's requests, newest first.
pub fn requests_of(conn: &Connection, enterprise_id: &str) -> Result<Vec<RequestRow>> {
    let sql = format!(
        "SELECT {REQUEST_COLUMNS} FROM requests q JOIN enterprises e ON e.id = q.enterprise_id
         WHERE e.id = ?1 ORDER BY q.raised_at DESC"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([enterprise_id], request_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A window of the requests (only open ones when `open_only`), oldest first, and their total.
pub fn request_page(
    conn: &Connection,
    open_only: bool,
    known_total: Option<usize>,
    start: usize,
    len: usize,
) -> Result<(usize, Vec<RequestRow>)> {
    let filter = if open_only {
        "WHERE q.status IN ('open', 'in_progress')"
    } else {
        ""
    };
    let total = match known_total {
        Some(n) => n,
        None => count_of(
            conn,
            &format!("SELECT count(*) FROM requests q {filter}"),
            [],
        )?,
    };
    let w = Window::new(total, start, len);
    let a = w.asc();
    let sql = format!(
        "SELECT {REQUEST_COLUMNS}
         FROM (SELECT q.rowid AS rid FROM requests q {filter}
               ORDER BY q.raised_at {a}, q.id {a} LIMIT ?1 OFFSET ?2) k
         JOIN requests q ON q.rowid = k.rid
         JOIN enterprises e ON e.id = q.enterprise_id
         ORDER BY q.raised_at {a}, q.id {a}"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    Ok((total, w.rows(&mut stmt, &[], request_row)?))
}

use super::listview::{Facet, Key, ListBase, ListSql, SortCol};

/// The columns the Requests list sorts by (its own order: oldest first).
pub const REQUEST_SORTS: &[SortCol] = &[
    SortCol::Date,
    SortCol::Name,
    SortCol::Category,
    SortCol::Status,
    SortCol::District,
];

/// The facets the Requests list filters by.
pub const REQUEST_FACETS: &[Facet] = &[Facet::District, Facet::Category, Facet::Status];

/// The open requests read whole for their views (keys: row ids).
pub fn request_base(conn: &Connection) -> Result<ListBase> {
    ListSql {
        from: "requests q JOIN enterprises e ON e.id = q.enterprise_id
               WHERE q.status IN ('open', 'in_progress')",
        key: "q.rowid",
        order: "q.raised_at, q.id",
        cols: REQUEST_SORTS,
        facets: REQUEST_FACETS,
        col: |c| {
            Some(match c {
                SortCol::Date => "q.raised_at",
                // As the Pool sorts names: by pinyin.
                SortCol::Name => "pinyin_key(e.name)",
                SortCol::Category => "q.category",
                SortCol::Status => "q.status",
                SortCol::District => "e.district",
                _ => return None,
            })
        },
        facet: |f| {
            Some(match f {
                Facet::District => "e.district",
                Facet::Category => "q.category",
                Facet::Status => "q.status",
                _ => return None,
            })
        },
    }
    .base(conn, &[])
}

/// The requests of `keys`, in their order.
pub fn request_rows(conn: &Connection, keys: &[Key]) -> Result<Vec<RequestRow>> {
    let sql = format!(
        "SELECT {REQUEST_COLUMNS} FROM json_each(?1) k
         JOIN requests q ON q.rowid = k.value
         JOIN enterprises e ON e.id = q.enterprise_id
         ORDER BY k.key"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([super::listview::ids_json(keys, 0)], request_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
