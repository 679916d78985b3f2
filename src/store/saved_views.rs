//! Saved views (`:view save NAME`, the `V` picker) and each person's last view, restored at
//! start. A view belongs to the person at the keyboard (a commissioner's id; nobody chosen is
//! an owner of its own) and to this file: the linkage does not carry it. Its body is text
//! written and read by `app::saved_views`; the store only keeps it.

use super::{Result, now_stamp};
use rusqlite::{Connection, OptionalExtension, params};

/// A saved view as kept: its name, its body and when it was last saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredView {
    pub name: String,
    pub body: String,
    pub updated_at: String,
}

/// The owner column's value: nobody chosen is the empty id (no commissioner has it).
fn owner_key(owner: Option<&str>) -> &str {
    owner.unwrap_or("")
}

/// A person's views, by the pinyin of their names (as names sort everywhere else).
pub fn list(conn: &Connection, owner: Option<&str>) -> Result<Vec<StoredView>> {
    let mut stmt = conn.prepare_cached(
        "SELECT name, body, updated_at FROM saved_views WHERE owner = ?1
         ORDER BY pinyin_key(name), name",
    )?;
    let rows = stmt.query_map([owner_key(owner)], |r| {
        Ok(StoredView {
            name: r.get(0)?,
            body: r.get(1)?,
            updated_at: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Saves a view under `name`, over the one of that name if any; true if one was replaced.
pub fn save(conn: &Connection, owner: Option<&str>, name: &str, body: &str) -> Result<bool> {
    let owner = owner_key(owner);
    let existed: bool = conn
        .prepare_cached("SELECT count(*) > 0 FROM saved_views WHERE owner = ?1 AND name = ?2")?
        .query_row(params![owner, name], |r| r.get(0))?;
    let stamp = now_stamp();
    conn.prepare_cached(
        "INSERT INTO saved_views(owner, name, body, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?4)
         ON CONFLICT(owner, name) DO UPDATE SET body = excluded.body,
             updated_at = excluded.updated_at",
    )?
    .execute(params![owner, name, body, stamp])?;
    Ok(existed)
}

/// Deletes a person's view; false if there was none of that name.
pub fn delete(conn: &Connection, owner: Option<&str>, name: &str) -> Result<bool> {
    let n = conn
        .prepare_cached("DELETE FROM saved_views WHERE owner = ?1 AND name = ?2")?
        .execute(params![owner_key(owner), name])?;
    Ok(n > 0)
}

/// The view a person last had, if kept.
pub fn last(conn: &Connection, owner: Option<&str>) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT body FROM last_views WHERE owner = ?1")?
        .query_row([owner_key(owner)], |r| r.get(0))
        .optional()?)
}

/// Keeps the view a person has now (one row per person, written over).
pub fn set_last(conn: &Connection, owner: Option<&str>, body: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO last_views(owner, body, updated_at) VALUES (?1, ?2, ?3)
         ON CONFLICT(owner) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at",
    )?
    .execute(params![owner_key(owner), body, now_stamp()])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{OpenMode, Store};

    fn names(v: &[StoredView]) -> Vec<&str> {
        v.iter().map(|s| s.name.as_str()).collect()
    }

    #[test]
    fn views_are_saved_overwritten_deleted_and_kept_per_person_in_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("views.db");
        {
            let store = Store::create(&path, false).unwrap();
            let c = &store.conn;
            assert!(!save(c, Some("c1"), "重点", r#"{"screen":"pool"}"#).unwrap());
            assert!(!save(c, Some("c1"), "逾期走访", r#"{"screen":"agenda"}"#).unwrap());
            assert!(!save(c, Some("c1"), "alpha", r#"{"screen":"alerts"}"#).unwrap());
            // Another person's view of the same name is theirs.
            assert!(!save(c, Some("c2"), "重点", r#"{"screen":"ranking"}"#).unwrap());
            assert!(!save(c, None, "无名", r#"{"screen":"certs"}"#).unwrap());
        }
        // Read back from the file by another connection.
        let store = Store::open(&path, OpenMode::Existing).unwrap();
        let c = &store.conn;
        let mine = list(c, Some("c1")).unwrap();
        // By pinyin: alpha, yu (逾期), zhong (重点).
        assert_eq!(names(&mine), ["alpha", "逾期走访", "重点"]);
        assert_eq!(mine[2].body, r#"{"screen":"pool"}"#);
        assert_eq!(names(&list(c, Some("c2")).unwrap()), ["重点"]);
        assert_eq!(names(&list(c, None).unwrap()), ["无名"]);
        assert_eq!(list(c, Some("c3")).unwrap(), []);
        // Saving a name that exists replaces its body and says so.
        assert!(save(c, Some("c1"), "重点", r#"{"screen":"targets"}"#).unwrap());
        let mine = list(c, Some("c1")).unwrap();
        assert_eq!(mine.len(), 3);
        assert_eq!(mine[2].body, r#"{"screen":"targets"}"#);
        assert_eq!(
            list(c, Some("c2")).unwrap()[0].body,
            r#"{"screen":"ranking"}"#
        );
        // Deleting takes only that person's view.
        assert!(delete(c, Some("c1"), "重点").unwrap());
        assert!(!delete(c, Some("c1"), "重点").unwrap());
        assert_eq!(names(&list(c, Some("c1")).unwrap()), ["alpha", "逾期走访"]);
        assert_eq!(names(&list(c, Some("c2")).unwrap()), ["重点"]);
    }

    #[test]
    fn the_last_view_is_one_row_per_person() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("last.db");
        let store = Store::create(&path, false).unwrap();
        let c = &store.conn;
        assert_eq!(last(c, Some("c1")).unwrap(), None);
        set_last(c, Some("c1"), "a").unwrap();
        set_last(c, Some("c1"), "b").unwrap();
        set_last(c, None, "nobody's").unwrap();
        assert_eq!(last(c, Some("c1")).unwrap().as_deref(), Some("b"));
        assert_eq!(last(c, None).unwrap().as_deref(), Some("nobody's"));
        assert_eq!(last(c, Some("c2")).unwrap(), None);
        let rows: i64 = c
            .query_row("SELECT count(*) FROM last_views", [], |r| r.get(0))
            .unwrap();
        assert_eq!(rows, 2);
    }

    #[test]
    fn the_linkage_does_not_carry_the_views() {
        for t in ["saved_views", "last_views"] {
            assert!(crate::store::sync::columns::table(t).is_none(), "{t}");
        }
    }
}
