//! Writing a bundle: the versions a peer has not seen, as a small SQLite file.

use super::columns::{CONTACTS, DELETED, Link, TABLES, Table};
use super::identity::{base_no, identity};
use super::stamp::stamp;
use crate::store::{Result, StoreError, now_stamp};
use rusqlite::{Connection, params};
use std::collections::BTreeMap;
use std::path::Path;

/// The bundle format; a bundle of another format is refused by name.
pub const FORMAT: &str = "seedbed-bundle-1";

/// What to write.
#[derive(Debug, Clone, Default)]
pub struct ExportOptions {
    /// Origin id → highest sequence the receivers have seen (missing: nothing).
    pub seen: BTreeMap<String, i64>,
    /// Only enterprises (and their records) whose district code starts with this.
    pub scope: Option<String>,
    /// Leave out contact names and phones.
    pub without_contacts: bool,
    /// Who this file is, for the receivers' status (a commissioner's or a district's name).
    pub label: String,
}

/// What was written.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Exported {
    pub rows: usize,
    pub fields: usize,
}

const BUNDLE_SCHEMA: &str = "
CREATE TABLE bundle.meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE bundle.origins (no INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, level TEXT NOT NULL,
    region TEXT NOT NULL, label TEXT NOT NULL, seen_seq INTEGER NOT NULL);
CREATE TABLE bundle.rows (tbl TEXT NOT NULL, row_id TEXT NOT NULL, origin INTEGER NOT NULL,
    seq INTEGER NOT NULL, hlc INTEGER NOT NULL, who TEXT, data TEXT NOT NULL,
    PRIMARY KEY (tbl, row_id));
CREATE TABLE bundle.fields (tbl TEXT NOT NULL, row_id TEXT NOT NULL, col TEXT NOT NULL,
    origin INTEGER NOT NULL, seq INTEGER NOT NULL, hlc INTEGER NOT NULL, who TEXT, seen TEXT,
    value ANY, PRIMARY KEY (tbl, row_id, col, origin, seq));
CREATE TABLE bundle.aliases (tbl TEXT NOT NULL, alias TEXT NOT NULL, canonical TEXT NOT NULL,
    PRIMARY KEY (tbl, alias));
";

/// The SQL condition that a row `x` of `t` is in scope (`?scope` bound as a LIKE prefix).
fn in_scope(t: &Table, scoped: bool) -> String {
    if !scoped {
        return "1".into();
    }
    let ent = "SELECT id FROM temp.sync_scope";
    match t.link {
        Link::None => "1".into(),
        Link::Enterprise => format!("x.id IN ({ent})"),
        Link::EnterpriseColumn => format!("x.enterprise_id IN ({ent})"),
        Link::ProjectColumn => {
            format!("x.project_id IN (SELECT id FROM projects WHERE enterprise_id IN ({ent}))")
        }
        Link::DistrictCode => "coalesce(x.district_code, '') LIKE \
            (SELECT prefix FROM temp.sync_prefix) || '%'"
            .into(),
    }
}

fn carried<'a>(t: &'a Table, opts: &ExportOptions) -> Vec<&'a str> {
    t.columns
        .iter()
        .copied()
        .filter(|c| !(opts.without_contacts && CONTACTS.contains(&(t.name, *c))))
        .collect()
}

fn json_object(cols: &[&str]) -> String {
    let parts: Vec<String> = cols.iter().map(|c| format!("'{c}', x.{c}")).collect();
    format!("json_object({})", parts.join(", "))
}

/// Writes the bundle for `opts` to `path` (through a temporary file beside it).
pub fn export(conn: &mut Connection, path: &Path, opts: &ExportOptions) -> Result<Exported> {
    {
        let tx = conn.transaction()?;
        stamp(&tx, None)?;
        tx.commit()?;
    }
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty());
    let tmp = tempfile::Builder::new()
        .prefix(".seedbed-bundle-")
        .tempfile_in(dir.unwrap_or(Path::new(".")))
        .map_err(|e| StoreError::Invalid(format!("cannot write in {}: {e}", path.display())))?;
    let tmp_path = tmp.path().to_path_buf();
    conn.execute("ATTACH DATABASE ?1 AS bundle", [tmp_path.to_string_lossy()])?;
    let out = write_bundle(conn, opts);
    let detach = conn.execute_batch("DETACH DATABASE bundle");
    let counts = out?;
    detach?;
    tmp.persist(path).map_err(|e| {
        StoreError::Invalid(format!("cannot write {}: {}", path.display(), e.error))
    })?;
    Ok(counts)
}

fn write_bundle(conn: &Connection, opts: &ExportOptions) -> Result<Exported> {
    conn.execute_batch(BUNDLE_SCHEMA)?;
    conn.execute_batch("BEGIN DEFERRED")?;
    let out = fill(conn, opts);
    match out {
        Ok(c) => {
            conn.execute_batch("COMMIT")?;
            Ok(c)
        }
        Err(e) => {
            let _ = conn.execute_batch("ROLLBACK");
            Err(e)
        }
    }
}

fn fill(conn: &Connection, opts: &ExportOptions) -> Result<Exported> {
    let me = identity(conn)?;
    let base = base_no(conn)?;
    let scoped = watermark_and_scope(conn, opts)?;
    let counts = Exported {
        rows: rows(conn, opts, base, scoped)?,
        fields: fields(conn, opts, scoped)?,
    };
    head(conn, &me, opts)?;
    conn.execute_batch(
        "DROP TABLE temp.sync_w; DROP TABLE temp.sync_out; DROP TABLE temp.sync_scope;
         DROP TABLE temp.sync_prefix;",
    )?;
    Ok(counts)
}

/// A version the receivers have not seen (`v` a version row).
const ABOVE: &str = "v.seq > coalesce((SELECT seq FROM temp.sync_w w WHERE w.no = v.origin), -1)";

/// Fills the temporary tables: the receivers' watermark in this file's origin numbers (-1:
/// nothing of that origin), the enterprises in scope, and the versions the receivers lack.
/// Returns whether the bundle is scoped.
fn watermark_and_scope(conn: &Connection, opts: &ExportOptions) -> Result<bool> {
    conn.execute_batch(
        "DROP TABLE IF EXISTS temp.sync_w; CREATE TEMP TABLE sync_w (no INTEGER PRIMARY KEY, seq INTEGER NOT NULL);
         DROP TABLE IF EXISTS temp.sync_out; CREATE TEMP TABLE sync_out (tbl TEXT, row_id TEXT, col TEXT,
             origin INTEGER, seq INTEGER, hlc INTEGER, who TEXT, seen TEXT, PRIMARY KEY (tbl, row_id, col));
         DROP TABLE IF EXISTS temp.sync_scope; CREATE TEMP TABLE sync_scope (id TEXT PRIMARY KEY);
         DROP TABLE IF EXISTS temp.sync_prefix; CREATE TEMP TABLE sync_prefix (prefix TEXT);",
    )?;
    let origins: Vec<(i64, String)> = {
        let mut stmt = conn.prepare("SELECT no, id FROM sync_origins")?;
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?
    };
    for (no, id) in &origins {
        let seq = opts.seen.get(id).copied().unwrap_or(-1);
        conn.execute("INSERT INTO temp.sync_w VALUES (?1, ?2)", params![no, seq])?;
    }
    let scoped = opts.scope.as_deref().is_some_and(|s| !s.is_empty());
    if let Some(prefix) = opts.scope.as_deref().filter(|s| !s.is_empty()) {
        conn.execute("INSERT INTO temp.sync_prefix VALUES (?1)", [prefix])?;
        conn.execute(
            "INSERT INTO temp.sync_scope SELECT id FROM enterprises
             WHERE coalesce(district_code, region_code, '') LIKE ?1 || '%'",
            [prefix],
        )?;
    }
    // Versions the receivers lack, read by origin (each through its index).
    for (no, _) in &origins {
        conn.execute(
            &format!(
                "INSERT INTO temp.sync_out SELECT tbl, row_id, col, origin, seq, hlc, who, seen
                 FROM sync_versions v WHERE v.origin = ?1 AND {ABOVE}"
            ),
            [no],
        )?;
    }
    Ok(scoped)
}

/// Rows the receivers lack: the base origin's when they have never seen it, rows new to them,
/// and rows that came back (a redo after an undo).
fn rows(conn: &Connection, opts: &ExportOptions, base: i64, scoped: bool) -> Result<usize> {
    let base_seen: i64 =
        conn.query_row("SELECT seq FROM temp.sync_w WHERE no = ?1", [base], |r| {
            r.get(0)
        })?;
    let mut n_rows = 0;
    for t in TABLES {
        let cols = carried(t, opts);
        let data = json_object(&cols);
        let scope = in_scope(t, scoped);
        let n = t.name;
        if base_seen < 0 {
            // The rows the receivers have never seen: everything written by the base origin.
            n_rows += conn.execute(
                &format!(
                    "INSERT INTO bundle.rows SELECT '{n}', x.id, ?1, 0, 0, NULL, {data} FROM {n} x
                     WHERE NOT EXISTS (SELECT 1 FROM sync_versions v WHERE v.tbl = '{n}'
                                       AND v.row_id = x.id AND v.col = '')
                       AND {scope}"
                ),
                [base],
            )?;
        }
        // Rows new to the receivers, and rows that came back (a redo after an undo).
        n_rows += conn.execute(
            &format!(
                "INSERT OR IGNORE INTO bundle.rows
                 SELECT '{n}', x.id, v.origin, v.seq, v.hlc, v.who, {data}
                 FROM sync_versions v JOIN {n} x ON x.id = v.row_id
                 WHERE v.tbl = '{n}' AND v.col = '' AND {scope}
                   AND (({ABOVE}) OR EXISTS (SELECT 1 FROM temp.sync_out o WHERE o.tbl = '{n}'
                        AND o.row_id = x.id AND o.col = '{DELETED}'))"
            ),
            [],
        )?;
        n_rows += conn.execute(
            &format!(
                "INSERT OR IGNORE INTO bundle.rows
                 SELECT '{n}', x.id, ?1, 0, 0, NULL, {data} FROM temp.sync_out o JOIN {n} x ON x.id = o.row_id
                 WHERE o.tbl = '{n}' AND o.col = '{DELETED}' AND {scope}
                   AND NOT EXISTS (SELECT 1 FROM sync_versions v WHERE v.tbl = '{n}'
                                   AND v.row_id = x.id AND v.col = '')"
            ),
            [base],
        )?;
    }
    Ok(n_rows)
}

/// Field versions the receivers lack (with every version of a row they lack), the versions of
/// deleted records, alternatives in conflict and orphans.
fn fields(conn: &Connection, opts: &ExportOptions, scoped: bool) -> Result<usize> {
    let mut n_fields = 0;
    // A row the receivers lack comes with every field version it has.
    conn.execute(
        "INSERT OR IGNORE INTO temp.sync_out
         SELECT v.tbl, v.row_id, v.col, v.origin, v.seq, v.hlc, v.who, v.seen
         FROM bundle.rows r JOIN sync_versions v ON v.tbl = r.tbl AND v.row_id = r.row_id
         WHERE v.col <> ''",
        [],
    )?;
    for t in TABLES {
        let n = t.name;
        let scope = in_scope(t, scoped);
        for c in carried(t, opts) {
            n_fields += conn.execute(
                &format!(
                    "INSERT OR IGNORE INTO bundle.fields
                     SELECT o.tbl, o.row_id, o.col, o.origin, o.seq, o.hlc, o.who, o.seen, x.{c}
                     FROM temp.sync_out o JOIN {n} x ON x.id = o.row_id
                     WHERE o.tbl = '{n}' AND o.col = '{c}' AND {scope}"
                ),
                [],
            )?;
        }
        n_fields += conn.execute(
            &format!(
                "INSERT OR IGNORE INTO bundle.fields
                 SELECT o.tbl, o.row_id, o.col, o.origin, o.seq, o.hlc, o.who, o.seen,
                        CASE WHEN EXISTS (SELECT 1 FROM {n} x WHERE x.id = o.row_id) THEN 0 ELSE 1 END
                 FROM temp.sync_out o
                 WHERE o.tbl = '{n}' AND o.col = '{DELETED}'
                   AND (NOT EXISTS (SELECT 1 FROM {n} x WHERE x.id = o.row_id)
                        OR EXISTS (SELECT 1 FROM {n} x WHERE x.id = o.row_id AND {scope}))"
            ),
            [],
        )?;
    }
    // Versions of fields of records deleted here: their values went with the row, but a
    // file that deleted nothing needs them to see that the deletion overwrote an edit.
    for t in TABLES {
        let n = t.name;
        n_fields += conn.execute(
            &format!(
                "INSERT OR IGNORE INTO bundle.fields
                 SELECT o.tbl, o.row_id, o.col, o.origin, o.seq, o.hlc, o.who, o.seen, NULL
                 FROM temp.sync_out o
                 WHERE o.tbl = '{n}' AND o.col NOT IN ('', '{DELETED}')
                   AND NOT EXISTS (SELECT 1 FROM {n} x WHERE x.id = o.row_id)"
            ),
            [],
        )?;
    }
    let contacts = if opts.without_contacts {
        CONTACTS
            .iter()
            .map(|(t, c)| format!(" AND NOT (v.tbl = '{t}' AND v.col = '{c}')"))
            .collect::<String>()
    } else {
        String::new()
    };
    for source in ["sync_conflicts", "sync_orphans"] {
        n_fields += conn.execute(
            &format!(
                "INSERT OR IGNORE INTO bundle.fields
                 SELECT tbl, row_id, col, origin, seq, hlc, who, seen, value FROM {source} v
                 WHERE {ABOVE}{contacts}"
            ),
            [],
        )?;
    }
    Ok(n_fields)
}

/// The bundle's origins, aliases and head.
fn head(conn: &Connection, me: &super::identity::Identity, opts: &ExportOptions) -> Result<()> {
    conn.execute_batch(
        "INSERT INTO bundle.aliases SELECT tbl, alias, canonical FROM sync_aliases;
         INSERT INTO bundle.origins SELECT no, id, level, region, label, seen_seq FROM sync_origins;",
    )?;
    let meta = [
        ("format", FORMAT.to_string()),
        ("origin", me.origin.clone()),
        ("level", me.level.code().to_string()),
        ("region", me.region.clone()),
        ("label", opts.label.clone()),
        ("exported_at", now_stamp()),
        ("scope", opts.scope.clone().unwrap_or_default()),
        (
            "contacts",
            if opts.without_contacts { "no" } else { "yes" }.into(),
        ),
    ];
    conn.execute(
        "UPDATE main.sync_origins SET label = ?2 WHERE id = ?1 AND ?2 <> ''",
        params![me.origin, opts.label],
    )?;
    conn.execute(
        "UPDATE bundle.origins SET label = ?2, level = ?3, region = ?4 WHERE id = ?1",
        params![me.origin, opts.label, me.level.code(), me.region],
    )?;
    for (k, v) in meta {
        conn.execute("INSERT INTO bundle.meta VALUES (?1, ?2)", params![k, v])?;
    }
    Ok(())
}
