//! The Commissioners screen's reads that are not figures (those are in `store::bureau`): who a
//! commissioner is, and the list to choose from.

use super::Result;
use rusqlite::{Connection, OptionalExtension};

/// A commissioner's name (`None`: no such commissioner).
pub fn name_of(conn: &Connection, id: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT name FROM commissioners WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .optional()?)
}

/// Every commissioner: (id, name), by name.
pub fn names(conn: &Connection) -> Result<Vec<(String, String)>> {
    Ok(super::ledgers::commissioners(conn)?
        .into_iter()
        .map(|(id, name, _)| (id, name))
        .collect())
}

/// A commissioner's name; an error when there is no such commissioner.
pub fn name(conn: &Connection, id: &str) -> Result<String> {
    Ok(
        conn.query_row("SELECT name FROM commissioners WHERE id = ?1", [id], |r| {
            r.get(0)
        })?,
    )
}
