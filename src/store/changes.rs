//! The change log: every saved change, who made it, when, and the row before → after (JSON).
//! Writes go through `record` inside the transaction that makes the change.

use super::{Result, now_stamp};
use rusqlite::{Connection, params};
use serde::Serialize;

/// What happened to a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeAction {
    Insert,
    Update,
    Delete,
}

impl ChangeAction {
    pub fn code(self) -> &'static str {
        match self {
            ChangeAction::Insert => "insert",
            ChangeAction::Update => "update",
            ChangeAction::Delete => "delete",
        }
    }
}

/// Records one change: `entity` is the table, `before`/`after` the row's values as JSON objects
/// (`None` for an insert's before and a delete's after). Returns the log sequence number.
pub fn record(
    conn: &Connection,
    commissioner_id: Option<&str>,
    entity: &str,
    entity_id: &str,
    action: ChangeAction,
    before: Option<&serde_json::Value>,
    after: Option<&serde_json::Value>,
) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO change_log(at, commissioner_id, entity, entity_id, action, before, after)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        now_stamp(),
        commissioner_id,
        entity,
        entity_id,
        action.code(),
        before.map(|v| v.to_string()),
        after.map(|v| v.to_string()),
    ])?;
    Ok(conn.last_insert_rowid())
}

/// A row of `table` as a JSON object of its columns (`None` when there is no such row).
pub fn row_json(conn: &Connection, table: &str, id: &str) -> Result<Option<serde_json::Value>> {
    use rusqlite::types::ValueRef;
    // `table` is always one of our own table names, never user input.
    let sql = format!("SELECT * FROM {table} WHERE id = ?1");
    let mut stmt = conn.prepare_cached(&sql)?;
    let names: Vec<String> = stmt.column_names().iter().map(|s| s.to_string()).collect();
    let mut rows = stmt.query([id])?;
    let Some(r) = rows.next()? else {
        return Ok(None);
    };
    let mut map = serde_json::Map::new();
    for (i, name) in names.iter().enumerate() {
        let v = match r.get_ref(i)? {
            ValueRef::Null => serde_json::Value::Null,
            ValueRef::Integer(n) => n.into(),
            ValueRef::Real(x) => x.into(),
            ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned().into(),
            ValueRef::Blob(b) => format!("<{} bytes>", b.len()).into(),
        };
        map.insert(name.clone(), v);
    }
    Ok(Some(serde_json::Value::Object(map)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    #[test]
    fn records_before_and_after() {
        let s = Store::in_memory().unwrap();
        s.conn
            .execute(
                "INSERT INTO commissioners(id, name, created_at, updated_at) VALUES ('c1', '王芳', 'x', 'x')",
                [],
            )
            .unwrap();
        let after = row_json(&s.conn, "commissioners", "c1").unwrap().unwrap();
        assert_eq!(after["name"], "王芳");
        let seq = record(&s.conn, None, "commissioners", "c1", ChangeAction::Insert, None, Some(&after)).unwrap();
        let (entity, action, stored): (String, String, String) = s
            .conn
            .query_row("SELECT entity, action, after FROM change_log WHERE seq = ?1", [seq], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .unwrap();
        assert_eq!((entity.as_str(), action.as_str()), ("commissioners", "insert"));
        assert!(stored.contains("王芳"));
        assert!(row_json(&s.conn, "commissioners", "none").unwrap().is_none());
    }
}
