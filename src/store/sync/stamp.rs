//! Gives this file's writes their versions: every field the triggers marked becomes an op of
//! this origin (next sequence, hybrid logical clock, who, and the versions it overwrote).

use super::columns::{self, DELETED};
use super::identity::{base_no, meta, own_no, set_meta};
use super::versions::{self, Seen, Version};
use crate::store::Result;
use rusqlite::{Connection, params};
use std::path::Path;

/// Wall-clock milliseconds shifted to leave room for a counter (hybrid logical clock).
fn wall() -> i64 {
    let ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0);
    ms << 8
}

/// The clock and the sequence of this origin, read once and written back once per stamp.
pub(crate) struct Clock {
    pub own: i64,
    pub base: i64,
    pub seq: i64,
    pub hlc: i64,
}

impl Clock {
    pub fn read(conn: &Connection) -> Result<Clock> {
        // A file moved since it was last written is bound to its new place now.
        if let Some(path) = conn.path().filter(|p| !p.is_empty()) {
            super::identity::settle(conn, Path::new(path), true)?;
        }
        let num = |k: &str| -> Result<i64> {
            Ok(meta(conn, k)?.and_then(|v| v.parse().ok()).unwrap_or(0))
        };
        Ok(Clock {
            own: own_no(conn)?,
            base: base_no(conn)?,
            seq: num("sync_seq")?,
            hlc: num("sync_hlc")?,
        })
    }

    /// The next version of this origin.
    pub fn tick(&mut self, who: Option<&str>, seen: Seen) -> Version {
        self.seq += 1;
        self.hlc = (self.hlc + 1).max(wall());
        Version {
            origin: self.own,
            seq: self.seq,
            hlc: self.hlc,
            who: who.map(str::to_string),
            seen,
        }
    }

    /// Moves the clock past a version heard from elsewhere.
    pub fn hear(&mut self, hlc: i64) {
        self.hlc = self.hlc.max(hlc);
    }

    pub fn write(&self, conn: &Connection) -> Result<()> {
        set_meta(conn, "sync_seq", &self.seq.to_string())?;
        set_meta(conn, "sync_hlc", &self.hlc.to_string())?;
        conn.prepare_cached("UPDATE sync_origins SET seen_seq = max(seen_seq, ?2) WHERE no = ?1")?
            .execute(params![self.own, self.seq])?;
        Ok(())
    }
}

/// Stamps every marked write; `who` is the commissioner who made them. Returns how many
/// versions were made. Call inside the write's transaction.
pub fn stamp(conn: &Connection, who: Option<&str>) -> Result<usize> {
    let marks: Vec<(String, String, String)> = {
        let mut stmt = conn
            .prepare_cached("SELECT tbl, row_id, col FROM sync_dirty ORDER BY tbl, row_id, col")?;
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?
    };
    if marks.is_empty() {
        return Ok(0);
    }
    let mut clock = Clock::read(conn)?;
    let mut made = 0;
    let mut i = 0;
    while i < marks.len() {
        let (tbl, row) = (&marks[i].0, &marks[i].1);
        let mut cols = Vec::new();
        while i < marks.len() && &marks[i].0 == tbl && &marks[i].1 == row {
            cols.push(marks[i].2.as_str());
            i += 1;
        }
        made += stamp_row(conn, &mut clock, who, tbl, row, &cols)?;
    }
    clock.write(conn)?;
    conn.execute("DELETE FROM sync_dirty", [])?;
    Ok(made)
}

fn stamp_row(
    conn: &Connection,
    clock: &mut Clock,
    who: Option<&str>,
    tbl: &str,
    row: &str,
    cols: &[&str],
) -> Result<usize> {
    let Some(t) = columns::table(tbl) else {
        return Ok(0);
    };
    let exists = versions::row_exists(conn, tbl, row)?;
    let known = versions::has_entries(conn, tbl, row)?;
    let inserted = cols.contains(&"");
    let deleted = cols.contains(&DELETED);
    if inserted && !known {
        if !exists {
            // Made and removed between two stamps: nobody else ever needs to hear of it.
            return Ok(0);
        }
        let v = clock.tick(who, Seen::new());
        versions::set_entry(conn, tbl, row, "", &v)?;
        return Ok(1);
    }
    if deleted || inserted {
        // The row's existence changed: one version of `_deleted` that overwrote the whole row.
        let seen = versions::row_seen(conn, tbl, row, clock.base)?;
        let v = clock.tick(who, seen);
        versions::set_entry(conn, tbl, row, DELETED, &v)?;
        versions::clear_alternatives(conn, tbl, row, DELETED)?;
        if !exists {
            return Ok(1);
        }
        // Back again (a redo): every field is written anew.
        let mut made = 1;
        for c in t.columns {
            made += stamp_field(conn, clock, who, tbl, row, c)?;
        }
        return Ok(made);
    }
    let mut made = 0;
    for c in cols {
        if columns::is_synced(t, c) {
            made += stamp_field(conn, clock, who, tbl, row, c)?;
        }
    }
    Ok(made)
}

fn stamp_field(
    conn: &Connection,
    clock: &mut Clock,
    who: Option<&str>,
    tbl: &str,
    row: &str,
    col: &str,
) -> Result<usize> {
    let seen = if col == "deleted_at" {
        // Deleting a record overwrites all of it: an edit it had not seen is a conflict.
        versions::row_seen(conn, tbl, row, clock.base)?
    } else {
        let cur = versions::current(conn, tbl, row, col, clock.base)?;
        let alts = versions::alternatives(conn, tbl, row, col)?;
        versions::field_seen(&cur, &alts)
    };
    let v = clock.tick(who, seen);
    versions::set_entry(conn, tbl, row, col, &v)?;
    versions::clear_alternatives(conn, tbl, row, col)?;
    Ok(1)
}
