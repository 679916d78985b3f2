//! The version state of one field: its winning version (explicit, the row's, or the file's
//! base), the other surviving versions in conflict, and what the field has seen.

use super::columns::DELETED;
use crate::store::Result;
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, params};
use std::collections::BTreeMap;

/// Origin number → the highest sequence of that origin seen.
pub type Seen = BTreeMap<i64, i64>;

#[derive(Debug, Clone, PartialEq)]
pub struct Version {
    pub origin: i64,
    pub seq: i64,
    pub hlc: i64,
    pub who: Option<String>,
    pub seen: Seen,
}

impl Version {
    /// Whether `seen` already covers this version (it was overwritten, or is the same).
    pub fn covered_by(&self, seen: &Seen) -> bool {
        seen.get(&self.origin).is_some_and(|s| *s >= self.seq)
    }

    /// This version and everything it saw.
    pub fn add_to(&self, seen: &mut Seen) {
        for (o, s) in &self.seen {
            let e = seen.entry(*o).or_insert(*s);
            *e = (*e).max(*s);
        }
        let e = seen.entry(self.origin).or_insert(self.seq);
        *e = (*e).max(self.seq);
    }
}

pub fn parse_seen(s: Option<&str>) -> Seen {
    s.and_then(|s| serde_json::from_str::<BTreeMap<String, i64>>(s).ok())
        .map(|m| {
            m.into_iter()
                .filter_map(|(k, v)| k.parse().ok().map(|k| (k, v)))
                .collect()
        })
        .unwrap_or_default()
}

pub fn seen_json(seen: &Seen) -> Option<String> {
    if seen.is_empty() {
        return None;
    }
    let m: BTreeMap<String, i64> = seen.iter().map(|(k, v)| (k.to_string(), *v)).collect();
    serde_json::to_string(&m).ok()
}

fn version_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Version> {
    let seen: Option<String> = r.get(4)?;
    Ok(Version {
        origin: r.get(0)?,
        seq: r.get(1)?,
        hlc: r.get(2)?,
        who: r.get(3)?,
        seen: parse_seen(seen.as_deref()),
    })
}

/// The explicit entry of (tbl, row, col), if any.
pub fn entry(conn: &Connection, tbl: &str, row: &str, col: &str) -> Result<Option<Version>> {
    Ok(conn
        .prepare_cached(
            "SELECT origin, seq, hlc, who, seen FROM sync_versions
             WHERE tbl = ?1 AND row_id = ?2 AND col = ?3",
        )?
        .query_row(params![tbl, row, col], version_row)
        .optional()?)
}

/// The version a row's fields have when they have no entry of their own.
pub fn row_version(conn: &Connection, tbl: &str, row: &str, base: i64) -> Result<Version> {
    Ok(entry(conn, tbl, row, "")?.unwrap_or(Version {
        origin: base,
        seq: 0,
        hlc: 0,
        who: None,
        seen: Seen::new(),
    }))
}

/// The winning version of a field (for a row that exists or existed here).
pub fn current(conn: &Connection, tbl: &str, row: &str, col: &str, base: i64) -> Result<Version> {
    match entry(conn, tbl, row, col)? {
        Some(v) => Ok(v),
        None => row_version(conn, tbl, row, base),
    }
}

/// The other surviving versions of a field, with their values.
pub fn alternatives(
    conn: &Connection,
    tbl: &str,
    row: &str,
    col: &str,
) -> Result<Vec<(Version, Value)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT origin, seq, hlc, who, seen, value FROM sync_conflicts
         WHERE tbl = ?1 AND row_id = ?2 AND col = ?3 ORDER BY origin, seq",
    )?;
    let rows = stmt.query_map(params![tbl, row, col], |r| {
        Ok((version_row(r)?, r.get::<_, Value>(5)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn set_entry(conn: &Connection, tbl: &str, row: &str, col: &str, v: &Version) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO sync_versions (tbl, row_id, col, origin, seq, hlc, who, seen)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (tbl, row_id, col) DO UPDATE SET origin = excluded.origin,
             seq = excluded.seq, hlc = excluded.hlc, who = excluded.who, seen = excluded.seen",
    )?
    .execute(params![
        tbl,
        row,
        col,
        v.origin,
        v.seq,
        v.hlc,
        v.who,
        seen_json(&v.seen)
    ])?;
    Ok(())
}

pub fn clear_alternatives(conn: &Connection, tbl: &str, row: &str, col: &str) -> Result<()> {
    conn.prepare_cached("DELETE FROM sync_conflicts WHERE tbl = ?1 AND row_id = ?2 AND col = ?3")?
        .execute(params![tbl, row, col])?;
    Ok(())
}

/// Keeps another surviving version of a field, with its value.
pub fn add_alternative(
    conn: &Connection,
    tbl: &str,
    row: &str,
    col: &str,
    v: &Version,
    value: &Value,
) -> Result<()> {
    keep(
        conn,
        "OR REPLACE INTO sync_conflicts",
        (tbl, row, col),
        v,
        value,
    )
}

/// Keeps a version whose row has not arrived (or whose parent is not here), with its value.
pub fn add_orphan(
    conn: &Connection,
    tbl: &str,
    row: &str,
    col: &str,
    v: &Version,
    value: &Value,
) -> Result<()> {
    // The first copy of a version stays: a later one may come without its value (a field of
    // a record deleted where it passed).
    keep(
        conn,
        "OR IGNORE INTO sync_orphans",
        (tbl, row, col),
        v,
        value,
    )
}

/// A version with its value in `sync_conflicts` or `sync_orphans` (which share their
/// columns); `into` says which and what a second copy does.
fn keep(
    conn: &Connection,
    into: &str,
    (tbl, row, col): (&str, &str, &str),
    v: &Version,
    value: &Value,
) -> Result<()> {
    conn.prepare_cached(&format!(
        "INSERT {into} (tbl, row_id, col, origin, seq, hlc, who, seen, value)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
    ))?
    .execute(params![
        tbl,
        row,
        col,
        v.origin,
        v.seq,
        v.hlc,
        v.who,
        seen_json(&v.seen),
        value
    ])?;
    Ok(())
}

/// Everything a field has seen: its winner, its alternatives, and what they saw.
pub fn field_seen(current: &Version, alts: &[(Version, Value)]) -> Seen {
    let mut seen = Seen::new();
    current.add_to(&mut seen);
    for (v, _) in alts {
        v.add_to(&mut seen);
    }
    seen
}

/// Everything the fields of a row have seen (a delete overwrites the whole row).
pub fn row_seen(conn: &Connection, tbl: &str, row: &str, base: i64) -> Result<Seen> {
    let mut seen = Seen::new();
    row_version(conn, tbl, row, base)?.add_to(&mut seen);
    let mut stmt = conn.prepare_cached(
        "SELECT origin, seq, 0, NULL, seen FROM sync_versions WHERE tbl = ?1 AND row_id = ?2
         UNION ALL
         SELECT origin, seq, 0, NULL, seen FROM sync_conflicts WHERE tbl = ?1 AND row_id = ?2
         UNION ALL
         SELECT origin, seq, 0, NULL, seen FROM sync_orphans WHERE tbl = ?1 AND row_id = ?2",
    )?;
    for v in stmt.query_map(params![tbl, row], version_row)? {
        v?.add_to(&mut seen);
    }
    Ok(seen)
}

/// Whether a row has any version entry (it came from elsewhere or was written since).
pub fn has_entries(conn: &Connection, tbl: &str, row: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM sync_versions WHERE tbl = ?1 AND row_id = ?2 LIMIT 1")?
        .exists(params![tbl, row])?)
}

/// Whether the row is gone here after being known (a tombstone).
pub fn tombstoned(conn: &Connection, tbl: &str, row: &str) -> Result<bool> {
    Ok(entry(conn, tbl, row, DELETED)?.is_some())
}

/// A column's value in the row (`None`: no such row).
pub fn cell(conn: &Connection, tbl: &str, row: &str, col: &str) -> Result<Option<Value>> {
    // Names come from `columns::TABLES`, never from a bundle.
    Ok(conn
        .prepare_cached(&format!("SELECT {col} FROM {tbl} WHERE id = ?1"))?
        .query_row([row], |r| r.get(0))
        .optional()?)
}

pub fn row_exists(conn: &Connection, tbl: &str, row: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached(&format!("SELECT 1 FROM {tbl} WHERE id = ?1"))?
        .exists([row])?)
}
