//! The triggers that mark every write of a synced field, whoever writes it (a form, an undo, an
//! import, or another program on the same file), so the stamp can give it a version.
//!
//! They are made from `columns::TABLES` when a file is opened for writing and the table list
//! has changed since they were made (`meta.sync_triggers`).

use super::columns::{DELETED, TABLES, Table};
use crate::store::Result;
use rusqlite::{Connection, OptionalExtension};

/// Bump when the SQL below changes.
const EDITION: &str = "1";

fn signature() -> String {
    let mut s = String::from(EDITION);
    for t in TABLES {
        s.push('|');
        s.push_str(t.name);
        for c in t.columns {
            s.push(',');
            s.push_str(c);
        }
    }
    s
}

const WHEN: &str = "WHEN (SELECT applying FROM sync_state) = 0";

fn table_sql(t: &Table) -> String {
    let n = t.name;
    let changed: Vec<String> = t
        .columns
        .iter()
        .map(|c| format!("SELECT '{c}' AS c WHERE old.{c} IS NOT new.{c}"))
        .collect();
    format!(
        "CREATE TRIGGER sync_mark_{n}_insert AFTER INSERT ON {n} {WHEN}
         BEGIN INSERT OR IGNORE INTO sync_dirty (tbl, row_id, col) VALUES ('{n}', new.id, ''); END;
         CREATE TRIGGER sync_mark_{n}_update AFTER UPDATE OF {cols} ON {n} {WHEN}
         BEGIN INSERT OR IGNORE INTO sync_dirty (tbl, row_id, col)
               SELECT '{n}', new.id, c FROM ({changed}); END;
         CREATE TRIGGER sync_mark_{n}_delete AFTER DELETE ON {n} {WHEN}
         BEGIN INSERT OR IGNORE INTO sync_dirty (tbl, row_id, col) VALUES ('{n}', old.id, '{DELETED}'); END;",
        cols = t.columns.join(", "),
        changed = changed.join(" UNION ALL "),
    )
}

/// Makes the triggers when they are missing or were made from another table list. Two
/// programs opening a new file at once take turns: the second sees the first's triggers.
pub fn ensure(conn: &Connection) -> Result<()> {
    let sig = signature();
    if current(conn)?.as_deref() == Some(sig.as_str()) {
        return Ok(());
    }
    conn.execute_batch("BEGIN IMMEDIATE")?;
    let made = (|| {
        if current(conn)?.as_deref() == Some(sig.as_str()) {
            return Ok(());
        }
        let mut sql = drop_sql(conn)?;
        for t in TABLES {
            sql.push_str(&table_sql(t));
        }
        sql.push_str(&format!(
            "INSERT INTO meta (key, value) VALUES ('sync_triggers', '{sig}')
             ON CONFLICT (key) DO UPDATE SET value = excluded.value;"
        ));
        conn.execute_batch(&sql)?;
        Ok(())
    })();
    match made {
        Ok(()) => conn.execute_batch("COMMIT")?,
        Err(e) => {
            let _ = conn.execute_batch("ROLLBACK");
            return Err(e);
        }
    }
    Ok(())
}

fn current(conn: &Connection) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT value FROM meta WHERE key = 'sync_triggers'",
            [],
            |r| r.get(0),
        )
        .optional()?)
}

fn drop_sql(conn: &Connection) -> Result<String> {
    let names: Vec<String> = {
        let mut stmt = conn.prepare(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'sync_mark_%'",
        )?;
        stmt.query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?
    };
    Ok(names.iter().map(|n| format!("DROP TRIGGER {n};")).collect())
}

/// Removes the triggers (a file as versions before the linkage left it; the next `ensure`
/// makes them again).
pub fn remove(conn: &Connection) -> Result<()> {
    let sql = drop_sql(conn)?;
    conn.execute_batch(&sql)?;
    conn.execute("DELETE FROM meta WHERE key = 'sync_triggers'", [])?;
    Ok(())
}

/// Runs `f` with the triggers quiet: its writes are not this file's edits (a bundle being
/// applied, a demo pool being made).
pub fn quietly<T>(conn: &Connection, f: impl FnOnce() -> Result<T>) -> Result<T> {
    conn.execute("UPDATE sync_state SET applying = 1", [])?;
    let out = f();
    conn.execute("UPDATE sync_state SET applying = 0", [])?;
    out
}
