//! The writes of an import: finding the stored record a row matches, and inserting or updating
//! it with its change-log entry, inside the caller's transaction. A row that matches a record
//! with the same values writes nothing and logs nothing.

use super::changes::{ChangeAction, record, row_json};
use super::{Result, new_id};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, params};
use std::collections::HashMap;

/// A stored enterprise, by credit code.
#[derive(Debug, Clone, PartialEq)]
pub struct EnterpriseRef {
    pub id: String,
    pub name: String,
    pub deleted: bool,
    /// The current pool (derived), if any.
    pub pool: Option<String>,
    /// The stored high-tech field, as written (a code or a label).
    pub hte_field: Option<String>,
}

/// Every enterprise by credit code (deleted ones too: a code is unique in the file).
pub fn enterprises_by_code(conn: &Connection) -> Result<HashMap<String, EnterpriseRef>> {
    let mut stmt = conn.prepare_cached(
        "SELECT credit_code, id, name, deleted_at IS NOT NULL, pool, hte_field FROM enterprises",
    )?;
    let mut rows = stmt.query([])?;
    let mut out = HashMap::new();
    while let Some(r) = rows.next()? {
        out.insert(
            r.get(0)?,
            EnterpriseRef {
                id: r.get(1)?,
                name: r.get(2)?,
                deleted: r.get(3)?,
                pool: r.get(4)?,
                hte_field: r.get(5)?,
            },
        );
    }
    Ok(out)
}

/// Commissioners by name.
pub fn commissioners_by_name(conn: &Connection) -> Result<HashMap<String, String>> {
    let mut stmt = conn.prepare_cached("SELECT name, id FROM commissioners")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A live project: (id, enterprise id).
pub type ProjectRef = (String, String);

/// Live projects by name.
pub fn projects_by_name(conn: &Connection) -> Result<HashMap<String, Vec<ProjectRef>>> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.name, p.id, p.enterprise_id FROM projects p
         JOIN enterprises e ON e.id = p.enterprise_id
         WHERE p.deleted_at IS NULL AND e.deleted_at IS NULL ORDER BY p.id",
    )?;
    let mut rows = stmt.query([])?;
    let mut out: HashMap<String, Vec<ProjectRef>> = HashMap::new();
    while let Some(r) = rows.next()? {
        out.entry(r.get(0)?)
            .or_default()
            .push((r.get(1)?, r.get(2)?));
    }
    Ok(out)
}

fn one(conn: &Connection, sql: &str, p: impl rusqlite::Params) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached(sql)?
        .query_row(p, |r| r.get(0))
        .optional()?)
}

/// The membership a pool row means: the one entered on `entered_on` in that pool; else, for a
/// row that is not `out`, the current (not `out`) membership of that pool; else none.
pub fn find_membership(
    conn: &Connection,
    enterprise_id: &str,
    pool: &str,
    entered_on: Option<&str>,
    row_is_current: bool,
) -> Result<Option<String>> {
    if let Some(d) = entered_on
        && let Some(id) = one(
            conn,
            "SELECT id FROM pool_memberships WHERE enterprise_id = ?1 AND pool = ?2
               AND entered_on = ?3 ORDER BY id DESC LIMIT 1",
            params![enterprise_id, pool, d],
        )?
    {
        return Ok(Some(id));
    }
    if !row_is_current {
        return Ok(None);
    }
    one(
        conn,
        "SELECT id FROM pool_memberships WHERE enterprise_id = ?1 AND pool = ?2
           AND status <> 'out' ORDER BY entered_on DESC, id DESC LIMIT 1",
        params![enterprise_id, pool],
    )
}

/// The live project of an enterprise with this name.
pub fn find_project(conn: &Connection, enterprise_id: &str, name: &str) -> Result<Option<String>> {
    one(
        conn,
        "SELECT id FROM projects WHERE enterprise_id = ?1 AND name = ?2 AND deleted_at IS NULL
         ORDER BY id LIMIT 1",
        params![enterprise_id, name],
    )
}

/// The milestone of a project with this name.
pub fn find_milestone(conn: &Connection, project_id: &str, name: &str) -> Result<Option<String>> {
    one(
        conn,
        "SELECT id FROM milestones WHERE project_id = ?1 AND name = ?2 ORDER BY seq, id LIMIT 1",
        params![project_id, name],
    )
}

/// The next free milestone position of a project.
pub fn next_milestone_seq(conn: &Connection, project_id: &str) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT coalesce(max(seq), 0) + 1 FROM milestones WHERE project_id = ?1")?
        .query_row([project_id], |r| r.get(0))?)
}

/// The visit a row means: the one done (or, not done yet, planned) on `date`; else, when the
/// row has a planned date, the open visit planned for that day (a plan now recorded as done).
pub fn find_visit(
    conn: &Connection,
    enterprise_id: &str,
    date: &str,
    planned_on: Option<&str>,
) -> Result<Option<String>> {
    if let Some(id) = one(
        conn,
        "SELECT id FROM visits WHERE enterprise_id = ?1 AND coalesce(done_on, planned_on) = ?2
         ORDER BY id LIMIT 1",
        params![enterprise_id, date],
    )? {
        return Ok(Some(id));
    }
    match planned_on {
        Some(p) => one(
            conn,
            "SELECT id FROM visits WHERE enterprise_id = ?1 AND planned_on = ?2
               AND done_on IS NULL ORDER BY id LIMIT 1",
            params![enterprise_id, p],
        ),
        None => Ok(None),
    }
}

/// The request raised at that moment with that text.
pub fn find_request(
    conn: &Connection,
    enterprise_id: &str,
    raised_at: &str,
    text: &str,
) -> Result<Option<String>> {
    one(
        conn,
        "SELECT id FROM requests WHERE enterprise_id = ?1 AND raised_at = ?2 AND text = ?3
         ORDER BY id LIMIT 1",
        params![enterprise_id, raised_at, text],
    )
}

/// The figures of an enterprise for a year.
pub fn find_figures(conn: &Connection, enterprise_id: &str, year: i64) -> Result<Option<String>> {
    one(
        conn,
        "SELECT id FROM figures WHERE enterprise_id = ?1 AND year = ?2",
        params![enterprise_id, year],
    )
}

/// The certificate of an enterprise with this number.
pub fn find_certificate(
    conn: &Connection,
    enterprise_id: &str,
    number: &str,
) -> Result<Option<String>> {
    one(
        conn,
        "SELECT id FROM certificates WHERE enterprise_id = ?1 AND number = ?2 ORDER BY id LIMIT 1",
        params![enterprise_id, number],
    )
}

/// What writing one row did.
#[derive(Debug, Clone, PartialEq)]
pub enum Written {
    Added(String),
    /// The record and the columns that changed: (column, before, after).
    Updated(String, Vec<(&'static str, Value, Value)>),
    Unchanged(String),
}

impl Written {
    pub fn id(&self) -> &str {
        match self {
            Written::Added(id) | Written::Updated(id, _) | Written::Unchanged(id) => id,
        }
    }
}

/// Inserts and updates rows with their change-log entries, all stamped with the same time.
pub struct Writer<'c> {
    conn: &'c Connection,
    stamp: String,
    /// SQL text by table and column list, built once.
    sql: HashMap<(&'static str, Vec<&'static str>, bool), String>,
}

impl<'c> Writer<'c> {
    /// A writer on `conn` (an open transaction); `stamp` goes into `created_at`/`updated_at`.
    pub fn new(conn: &'c Connection, stamp: String) -> Writer<'c> {
        Writer {
            conn,
            stamp,
            sql: HashMap::new(),
        }
    }

    fn sql_for(&mut self, table: &'static str, cols: Vec<&'static str>, insert: bool) -> String {
        let key = (table, cols, insert);
        if let Some(s) = self.sql.get(&key) {
            return s.clone();
        }
        let cols = &key.1;
        let s = if insert {
            let marks: Vec<String> = (1..=cols.len() + 2).map(|i| format!("?{i}")).collect();
            format!(
                "INSERT INTO {table} (id, {}, created_at, updated_at) VALUES ({}, ?{})",
                cols.join(", "),
                marks.join(", "),
                cols.len() + 2
            )
        } else {
            let sets: Vec<String> = cols
                .iter()
                .enumerate()
                .map(|(i, c)| format!("{c} = ?{}", i + 2))
                .collect();
            format!(
                "UPDATE {table} SET {}, updated_at = ?{} WHERE id = ?1",
                sets.join(", "),
                cols.len() + 2
            )
        };
        self.sql.insert(key, s.clone());
        s
    }

    /// Inserts a row (`None` values are NULL) and logs it.
    pub fn insert(
        &mut self,
        table: &'static str,
        fields: &[(&'static str, Option<Value>)],
    ) -> Result<String> {
        let id = new_id();
        let cols: Vec<&'static str> = fields.iter().map(|(c, _)| *c).collect();
        let sql = self.sql_for(table, cols, true);
        let mut values: Vec<Value> = Vec::with_capacity(fields.len() + 2);
        values.push(Value::Text(id.clone()));
        values.extend(fields.iter().map(|(_, v)| v.clone().unwrap_or(Value::Null)));
        values.push(Value::Text(self.stamp.clone()));
        self.conn
            .prepare_cached(&sql)?
            .execute(rusqlite::params_from_iter(values))?;
        let after = row_json(self.conn, table, &id)?;
        record(
            self.conn,
            None,
            table,
            &id,
            ChangeAction::Insert,
            None,
            after.as_ref(),
        )?;
        Ok(id)
    }

    /// Updates the columns of `id` whose value is given and differs; logs the change.
    pub fn update(
        &mut self,
        table: &'static str,
        id: &str,
        fields: &[(&'static str, Option<Value>)],
    ) -> Result<Written> {
        let given: Vec<&(&'static str, Option<Value>)> =
            fields.iter().filter(|(_, v)| v.is_some()).collect();
        if given.is_empty() {
            return Ok(Written::Unchanged(id.to_string()));
        }
        let select = format!(
            "SELECT {} FROM {table} WHERE id = ?1",
            given.iter().map(|(c, _)| *c).collect::<Vec<_>>().join(", ")
        );
        let stored: Vec<Value> = self
            .conn
            .prepare_cached(&select)?
            .query_row([id], |r| {
                (0..given.len()).map(|i| r.get::<_, Value>(i)).collect()
            })?;
        let changed: Vec<(&'static str, Value, Value)> = given
            .iter()
            .zip(stored)
            .filter_map(|((c, v), old)| {
                let new = v.clone().unwrap_or(Value::Null);
                (new != old).then_some((*c, old, new))
            })
            .collect();
        if changed.is_empty() {
            return Ok(Written::Unchanged(id.to_string()));
        }
        let before = row_json(self.conn, table, id)?;
        let cols: Vec<&'static str> = changed.iter().map(|(c, _, _)| *c).collect();
        let sql = self.sql_for(table, cols, false);
        let mut values: Vec<Value> = Vec::with_capacity(changed.len() + 2);
        values.push(Value::Text(id.to_string()));
        values.extend(changed.iter().map(|(_, _, v)| v.clone()));
        values.push(Value::Text(self.stamp.clone()));
        self.conn
            .prepare_cached(&sql)?
            .execute(rusqlite::params_from_iter(values))?;
        let after = row_json(self.conn, table, id)?;
        record(
            self.conn,
            None,
            table,
            id,
            ChangeAction::Update,
            before.as_ref(),
            after.as_ref(),
        )?;
        Ok(Written::Updated(id.to_string(), changed))
    }

    /// Updates `existing` if there is one, else inserts.
    pub fn upsert(
        &mut self,
        table: &'static str,
        existing: Option<&str>,
        fields: &[(&'static str, Option<Value>)],
    ) -> Result<Written> {
        match existing {
            Some(id) => self.update(table, id, fields),
            None => self.insert(table, fields).map(Written::Added),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    #[test]
    fn same_values_write_nothing() {
        let s = Store::in_memory().unwrap();
        let mut w = Writer::new(&s.conn, "2026-11-21T09:00:00".into());
        let f = |name: &str| {
            vec![
                ("name", Some(Value::Text(name.into()))),
                ("phone", None),
            ]
        };
        let id = w.insert("commissioners", &f("王芳")).unwrap();
        assert_eq!(
            w.update("commissioners", &id, &f("王芳")).unwrap(),
            Written::Unchanged(id.clone())
        );
        let Written::Updated(_, changed) = w.update("commissioners", &id, &f("王芳芳")).unwrap()
        else {
            panic!("expected an update");
        };
        assert_eq!(changed.len(), 1);
        let n: i64 = s
            .conn
            .query_row("SELECT count(*) FROM change_log", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 2);
    }
}
