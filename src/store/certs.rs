//! The Certificates screen's queries: expiring HTE certificates and readiness candidates.

use super::Result;
use super::window::{Window, count_of};
use crate::domain::CertKind;
use rusqlite::{Connection, params};
use serde::Serialize;
use time::Date;

/// A certificate with its enterprise.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CertRow {
    pub id: String,
    pub enterprise_id: String,
    pub enterprise: String,
    pub kind: CertKind,
    pub number: String,
    pub issued_on: Date,
    pub expires_on: Option<Date>,
}

/// HTE certificates expiring between `from` and `until`, soonest first.
pub fn expiring_certificates(conn: &Connection, from: Date, until: Date) -> Result<Vec<CertRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT c.id, e.id, e.name, c.kind, c.number, c.issued_on, c.expires_on
         FROM certificates c JOIN enterprises e ON e.id = c.enterprise_id
         WHERE c.kind = 'hte' AND c.expires_on BETWEEN ?1 AND ?2 AND e.deleted_at IS NULL
           AND {}
         ORDER BY c.expires_on, e.name",
        not_renewed("c", "?1")
    ))?;
    let rows = stmt.query_map(params![from, until], cert_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// An enterprise's certificates, newest first.
pub fn certificates_of(conn: &Connection, enterprise_id: &str) -> Result<Vec<CertRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.id, e.id, e.name, c.kind, c.number, c.issued_on, c.expires_on
         FROM certificates c JOIN enterprises e ON e.id = c.enterprise_id
         WHERE e.id = ?1 ORDER BY c.issued_on DESC",
    )?;
    let rows = stmt.query_map([enterprise_id], cert_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn cert_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<CertRow> {
    Ok(CertRow {
        id: r.get(0)?,
        enterprise_id: r.get(1)?,
        enterprise: r.get(2)?,
        kind: r.get(3)?,
        number: r.get(4)?,
        issued_on: r.get(5)?,
        expires_on: r.get(6)?,
    })
}

/// How many HTE certificates expire between `from` and `until`.
pub fn expiring_count(conn: &Connection, from: Date, until: Date) -> Result<usize> {
    count_of(
        conn,
        &format!(
            "SELECT count(*) FROM certificates c
             WHERE c.kind = 'hte' AND c.expires_on BETWEEN ?1 AND ?2 AND {}",
            not_renewed("c", "?1")
        ),
        params![from, until],
    )
}

/// SQL: the HTE certificate `c` has not been renewed, i.e. the enterprise has no later HTE
/// certificate issued on or before the day bound to `today` (a renewal ends the watch over the
/// old certificate; one issued after the as-of day is not known yet).
pub fn not_renewed(c: &str, today: &str) -> String {
    format!(
        "NOT EXISTS (SELECT 1 FROM certificates n WHERE n.enterprise_id = {c}.enterprise_id
             AND n.kind = 'hte' AND n.number <> {c}.number AND n.issued_on > {c}.issued_on
             AND n.issued_on <= {today})"
    )
}

/// A window of the HTE certificates expiring between `from` and `until`, soonest first.
pub fn expiring_page(
    conn: &Connection,
    from: Date,
    until: Date,
    total: usize,
    start: usize,
    len: usize,
) -> Result<Vec<CertRow>> {
    if start >= total {
        return Ok(Vec::new());
    }
    let w = Window::new(total, start, len);
    let a = w.asc();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT c.id, e.id, e.name, c.kind, c.number, c.issued_on, c.expires_on
         FROM (SELECT rowid AS rid FROM certificates o
               WHERE o.kind = 'hte' AND o.expires_on BETWEEN ?1 AND ?2 AND {renewal}
               ORDER BY o.expires_on {a}, o.id {a} LIMIT ?3 OFFSET ?4) k
         JOIN certificates c ON c.rowid = k.rid
         JOIN enterprises e ON e.id = c.enterprise_id
         ORDER BY c.expires_on {a}, c.id {a}",
        renewal = not_renewed("o", "?1")
    ))?;
    w.rows(&mut stmt, &[&from, &until], cert_row)
}

/// Readiness candidates (Certificates screen, `certs --ready`) pass at least this many of the
/// eight HTE conditions.
pub const CANDIDATE_MIN_PASSED: i64 = 6;

/// How many enterprises below HTE pass at least `min_passed` readiness conditions.
pub fn candidate_count(conn: &Connection, min_passed: i64) -> Result<usize> {
    count_of(
        conn,
        "SELECT count(*) FROM enterprises
         WHERE deleted_at IS NULL AND tier IN ('tsme', 'innovative') AND hte_passed >= ?1",
        [min_passed],
    )
}

/// A window of those enterprises, most ready first: `(id, name, passed, unknown)`.
pub fn candidate_page(
    conn: &Connection,
    min_passed: i64,
    total: usize,
    start: usize,
    len: usize,
) -> Result<Vec<(String, String, i64, i64)>> {
    if start >= total {
        return Ok(Vec::new());
    }
    let w = Window::new(total, start, len);
    let (a, d) = (w.asc(), w.desc());
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT e.id, e.name, e.hte_passed, e.hte_unknown
         FROM (SELECT rowid AS rid FROM enterprises
               WHERE deleted_at IS NULL AND tier IN ('tsme', 'innovative') AND hte_passed >= ?1
               ORDER BY hte_passed {d}, hte_unknown {a}, id {a} LIMIT ?2 OFFSET ?3) k
         JOIN enterprises e ON e.rowid = k.rid
         ORDER BY e.hte_passed {d}, e.hte_unknown {a}, e.id {a}"
    ))?;
    w.rows(&mut stmt, &[&min_passed], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
    })
}
