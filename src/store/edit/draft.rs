//! Drafts: forms in progress, saved as they are typed.

use super::*;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

/// The saved draft of a form in progress.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub id: String,
    pub kind: String,
    pub target_id: Option<String>,
    pub data: String,
    pub updated_at: String,
}

/// Saves (or replaces) a draft.
pub fn save_draft(
    conn: &Connection,
    id: &str,
    kind: &str,
    target: Option<&str>,
    data: &str,
) -> Result<()> {
    let stamp = crate::store::now_stamp();
    conn.prepare_cached(
        "INSERT INTO drafts(id, kind, target_id, data, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)
         ON CONFLICT(id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at",
    )?
    .execute(params![id, kind, target, data, stamp])?;
    Ok(())
}

pub fn delete_draft(conn: &Connection, id: &str) -> Result<()> {
    conn.execute("DELETE FROM drafts WHERE id = ?1", [id])?;
    Ok(())
}

/// Drafts left by an earlier session, newest first.
pub fn drafts(conn: &Connection) -> Result<Vec<Draft>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, kind, target_id, data, updated_at FROM drafts ORDER BY updated_at DESC",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Draft {
            id: r.get(0)?,
            kind: r.get(1)?,
            target_id: r.get(2)?,
            data: r.get(3)?,
            updated_at: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
