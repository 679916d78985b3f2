//! Who this file is in the linkage: its origin (the id its versions carry), level and region.
//!
//! A file copied and then written in two places must not pose as one origin, so the origin is
//! bound to the machine and path it was last opened at. Opened elsewhere, a file becomes a new
//! origin when its old place still holds it (a copy) or when it is on another machine, and
//! stays itself when the old place is gone (a move). A restored backup has no binding and
//! becomes a new origin too.

use crate::store::{Result, StoreError};
use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use std::path::Path;

/// A file's place in the three-level linkage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Laptop,
    District,
    Prefecture,
    Region,
}

impl Level {
    pub const ALL: [Level; 4] = [
        Level::Laptop,
        Level::District,
        Level::Prefecture,
        Level::Region,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Level::Laptop => "laptop",
            Level::District => "district",
            Level::Prefecture => "prefecture",
            Level::Region => "region",
        }
    }

    pub fn from_code(s: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.code() == s)
    }

    /// How many leading digits of a GB/T 2260 code a file of this level covers.
    pub fn code_digits(self) -> usize {
        match self {
            Level::Laptop | Level::District => 6,
            Level::Prefecture => 4,
            Level::Region => 2,
        }
    }
}

/// This file in the linkage.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Identity {
    /// The origin id (a ULID): the file's name among its peers.
    pub origin: String,
    pub level: Level,
    /// The region code it covers (`650104`, `6501`, `65`), or '' when not set.
    pub region: String,
}

pub(crate) fn meta(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
        .optional()?)
}

pub(crate) fn set_meta(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO meta (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )?
    .execute([key, value])?;
    Ok(())
}

/// The local number of an origin id, added when new.
pub(crate) fn origin_no(conn: &Connection, id: &str) -> Result<i64> {
    if let Some(no) = conn
        .prepare_cached("SELECT no FROM sync_origins WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?
    {
        return Ok(no);
    }
    conn.prepare_cached("INSERT INTO sync_origins (id, file_id) VALUES (?1, ?1)")?
        .execute([id])?;
    Ok(conn.last_insert_rowid())
}

/// This file's identity (after `settle`).
pub fn identity(conn: &Connection) -> Result<Identity> {
    let origin = meta(conn, "sync_origin")?
        .ok_or_else(|| StoreError::Invalid("the file has no sync origin yet".into()))?;
    let level = meta(conn, "sync_level")?
        .and_then(|l| Level::from_code(&l))
        .unwrap_or(Level::Laptop);
    let region = meta(conn, "sync_region")?.unwrap_or_default();
    Ok(Identity {
        origin,
        level,
        region,
    })
}

/// This file's own origin number (after `settle`).
pub(crate) fn own_no(conn: &Connection) -> Result<i64> {
    let id = identity(conn)?.origin;
    origin_no(conn, &id)
}

/// The origin number of rows without a version entry.
pub(crate) fn base_no(conn: &Connection) -> Result<i64> {
    match meta(conn, "sync_base")? {
        Some(b) => b
            .parse()
            .map_err(|_| StoreError::BadValue(format!("sync_base {b:?}"))),
        None => own_no(conn),
    }
}

/// What this machine is called, kept outside every file.
fn machine_id() -> String {
    for p in ["/etc/machine-id", "/var/lib/dbus/machine-id"] {
        if let Ok(s) = std::fs::read_to_string(p) {
            let s = s.trim();
            if !s.is_empty() {
                return s.to_string();
            }
        }
    }
    std::env::var("COMPUTERNAME")
        .or_else(|_| std::env::var("HOSTNAME"))
        .unwrap_or_else(|_| "this-machine".into())
}

fn binding(path: &Path) -> String {
    let place = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    format!("{}\n{}", machine_id(), place.display())
}

/// The origin another file at `path` holds, read through SQLite without writing.
fn origin_at(path: &Path) -> Option<String> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).ok()?;
    conn.query_row(
        "SELECT value FROM meta WHERE key = 'sync_origin'",
        [],
        |r| r.get(0),
    )
    .ok()
}

/// Gives the file its origin on first use and a new one when it was copied (see the module
/// comment). A moved file is rebound only when `rebind` (at its next write: opening a file to
/// read it writes nothing). Returns whether the origin changed.
pub fn settle(conn: &Connection, path: &Path, rebind: bool) -> Result<bool> {
    if !conn.is_autocommit() {
        return settle_here(conn, path, rebind);
    }
    if meta(conn, "sync_origin")?.is_some()
        && meta(conn, "sync_binding")?.as_deref() == Some(binding(path).as_str())
    {
        return Ok(false);
    }
    // Two programs opening a new file at once take turns: the second sees the first's origin.
    conn.execute_batch("BEGIN IMMEDIATE")?;
    match settle_here(conn, path, rebind) {
        Ok(changed) => {
            conn.execute_batch("COMMIT")?;
            Ok(changed)
        }
        Err(e) => {
            let _ = conn.execute_batch("ROLLBACK");
            Err(e)
        }
    }
}

fn settle_here(conn: &Connection, path: &Path, rebind: bool) -> Result<bool> {
    let now = binding(path);
    let origin = meta(conn, "sync_origin")?;
    let bound = meta(conn, "sync_binding")?;
    if origin.is_some() && bound.as_deref() == Some(now.as_str()) {
        return Ok(false);
    }
    let fresh = match (&origin, &bound) {
        (None, _) | (Some(_), None) => true,
        (Some(o), Some(b)) => {
            let (machine, old) = b.split_once('\n').unwrap_or((b.as_str(), ""));
            let moved_here = machine == machine_id()
                && !old.is_empty()
                && origin_at(Path::new(old)).as_deref() != Some(o.as_str());
            !moved_here
        }
    };
    if !fresh && !rebind {
        return Ok(false);
    }
    conn.execute_batch("SAVEPOINT sync_settle")?;
    let out = (|| {
        if fresh {
            let id = ulid::Ulid::new().to_string();
            set_meta(conn, "sync_origin", &id)?;
            set_meta(conn, "sync_seq", "0")?;
            let no = origin_no(conn, &id)?;
            if origin.is_none() {
                // The rows the file already holds were written by its first origin.
                set_meta(conn, "sync_base", &no.to_string())?;
            } else {
                // Writes marked but not yet stamped were the first origin's (the file it was
                // copied from stamps them): here they are part of the rows as copied.
                conn.execute("DELETE FROM sync_dirty", [])?;
            }
            conn.execute(
                "UPDATE sync_origins SET seen_seq = max(seen_seq, 0) WHERE no = ?1",
                params![no],
            )?;
            conn.execute(
                "UPDATE sync_origins SET level = coalesce((SELECT value FROM meta
                 WHERE key = 'sync_level'), 'laptop') WHERE no = ?1",
                params![no],
            )?;
        }
        set_meta(conn, "sync_binding", &now)
    })();
    match out {
        Ok(()) => conn.execute_batch("RELEASE sync_settle")?,
        Err(e) => {
            conn.execute_batch("ROLLBACK TO sync_settle; RELEASE sync_settle")?;
            return Err(e);
        }
    }
    Ok(fresh)
}

/// Forgets where the file was bound, so its next open makes it a new origin (a restored
/// backup must not pose as the file that went on after the backup).
pub fn unbind(conn: &Connection) -> Result<()> {
    conn.execute("DELETE FROM meta WHERE key = 'sync_binding'", [])?;
    Ok(())
}

/// Sets the file's level and region (`seedbed init --level district --region 650104`).
pub fn place(conn: &Connection, level: Level, region: &str) -> Result<()> {
    set_meta(conn, "sync_level", level.code())?;
    set_meta(conn, "sync_region", region)?;
    let own = own_no(conn)?;
    conn.execute(
        "UPDATE sync_origins SET level = ?2, region = ?3 WHERE no = ?1",
        params![own, level.code(), region],
    )?;
    Ok(())
}
