//! The writes of an import: finding the stored record a row matches, and inserting or updating
//! it with its change-log entry, inside the caller's transaction. A row that matches a record
//! with the same values writes nothing and logs nothing.

use super::changes::{ChangeAction, row_json};
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

/// The target of a district ('' = the whole pool) for a metric and year.
pub fn find_target(
    conn: &Connection,
    district: &str,
    metric: &str,
    year: i64,
) -> Result<Option<String>> {
    one(
        conn,
        "SELECT id FROM targets WHERE district = ?1 AND metric = ?2 AND year = ?3",
        params![district, metric, year],
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

/// Drops the secondary indexes of `tables` (not the ones behind PRIMARY KEY or UNIQUE) and
/// returns the statements that recreate them. A bulk load inside one transaction is cheaper
/// without them; [`restore_indexes`] rebuilds each index once, by sorting.
pub fn drop_indexes(conn: &Connection, tables: &[&str]) -> Result<Vec<String>> {
    let mut sqls = Vec::new();
    for table in tables {
        let found: Vec<(String, String)> = {
            let mut stmt = conn.prepare(
                "SELECT name, sql FROM sqlite_master
                 WHERE type = 'index' AND tbl_name = ?1 AND sql IS NOT NULL ORDER BY name",
            )?;
            stmt.query_map([table], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?
        };
        for (name, sql) in found {
            conn.execute_batch(&format!("DROP INDEX \"{}\"", name.replace('"', "\"\"")))?;
            sqls.push(sql);
        }
    }
    Ok(sqls)
}

/// Recreates indexes dropped by [`drop_indexes`].
pub fn restore_indexes(conn: &Connection, sqls: &[String]) -> Result<()> {
    for sql in sqls {
        conn.execute_batch(sql)?;
    }
    Ok(())
}

/// How many rows `table` holds.
pub fn row_count(conn: &Connection, table: &str) -> Result<usize> {
    let n: i64 = conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?;
    Ok(n.max(0) as usize)
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

/// Tables whose inserted rows may be logged set-wise at the end (nothing in the same import
/// refers to them through an update), in the order they are logged: parents first, so that an
/// undo, which replays the group backwards, deletes children before their parents.
const DEFERRABLE: &[&str] = &[
    "enterprises",
    "pool_memberships",
    "projects",
    "milestones",
    "visits",
    "requests",
    "figures",
    "certificates",
];

/// Inserts and updates rows with their change-log entries, all in one change group (so that
/// `seedbed undo` takes the whole import back) and stamped with the same time.
///
/// With `bulk`, inserted rows are logged at [`Writer::finish`] in one `INSERT … SELECT` per table
/// (`json_object` of every column, as `changes::row_json` gives) instead of one by one.
pub struct Writer<'c> {
    conn: &'c Connection,
    stamp: String,
    /// The change group, begun with the first write (an import that changes nothing leaves
    /// the file as it was).
    group: Option<i64>,
    label: String,
    commissioner: Option<String>,
    bulk: bool,
    /// Inserted rows not logged yet: table → ids in insertion order.
    pending: HashMap<&'static str, Vec<String>>,
    writes: usize,
    /// SQL text by table and column list, built once.
    sql: HashMap<(&'static str, Vec<&'static str>, bool), String>,
    /// ULIDs in increasing order, so new rows append to the id indexes.
    ids: ulid::Generator,
}

impl<'c> Writer<'c> {
    /// Starts a change group labelled `label` on `conn` (an open transaction); `stamp` goes into
    /// `created_at`/`updated_at` and the log.
    pub fn new(
        conn: &'c Connection,
        stamp: String,
        commissioner: Option<&str>,
        label: &str,
        bulk: bool,
    ) -> Result<Writer<'c>> {
        Ok(Writer {
            conn,
            stamp,
            group: None,
            label: label.to_string(),
            commissioner: commissioner.map(str::to_string),
            bulk,
            pending: HashMap::new(),
            writes: 0,
            sql: HashMap::new(),
            ids: ulid::Generator::new(),
        })
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

    /// The change group, begun now if this is the first write.
    fn group(&mut self) -> Result<i64> {
        if let Some(g) = self.group {
            return Ok(g);
        }
        let g =
            super::changes::ChangeSet::begin(self.conn, self.commissioner.as_deref(), &self.label)?
                .group;
        self.group = Some(g);
        Ok(g)
    }

    /// One change-log row of this group.
    fn log(
        &mut self,
        table: &str,
        id: &str,
        enterprise_id: Option<&str>,
        action: ChangeAction,
        before: Option<&serde_json::Value>,
        after: Option<&serde_json::Value>,
    ) -> Result<()> {
        let group = self.group()?;
        self.conn
            .prepare_cached(
                "INSERT INTO change_log(group_id, at, commissioner_id, entity, entity_id,
                                        enterprise_id, action, before, after)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?
            .execute(params![
                group,
                self.stamp,
                self.commissioner,
                table,
                id,
                enterprise_id,
                action.code(),
                before.map(|v| v.to_string()),
                after.map(|v| v.to_string()),
            ])?;
        self.writes += 1;
        Ok(())
    }

    /// Inserts a row (`None` values are NULL) and logs it. `enterprise_id` is the enterprise the
    /// row belongs to (for the log).
    pub fn insert(
        &mut self,
        table: &'static str,
        enterprise_id: Option<&str>,
        fields: &[(&'static str, Option<Value>)],
    ) -> Result<String> {
        let id = self
            .ids
            .generate()
            .map_or_else(|_| new_id(), |u| u.to_string());
        let cols: Vec<&'static str> = fields.iter().map(|(c, _)| *c).collect();
        let sql = self.sql_for(table, cols, true);
        {
            let mut stmt = self.conn.prepare_cached(&sql)?;
            stmt.raw_bind_parameter(1, &id)?;
            for (i, (_, v)) in fields.iter().enumerate() {
                match v {
                    Some(v) => stmt.raw_bind_parameter(i + 2, v)?,
                    None => stmt.raw_bind_parameter(i + 2, Value::Null)?,
                }
            }
            stmt.raw_bind_parameter(fields.len() + 2, &self.stamp)?;
            stmt.raw_execute()?;
        }
        if self.bulk && DEFERRABLE.contains(&table) {
            self.pending.entry(table).or_default().push(id.clone());
            self.writes += 1;
        } else {
            let after = row_json(self.conn, table, &id)?;
            let eid = if table == "enterprises" {
                Some(id.as_str())
            } else {
                enterprise_id
            };
            self.log(table, &id, eid, ChangeAction::Insert, None, after.as_ref())?;
        }
        Ok(id)
    }

    /// Updates the columns of `id` whose value is given and differs; logs the change.
    pub fn update(
        &mut self,
        table: &'static str,
        id: &str,
        enterprise_id: Option<&str>,
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
        let stored: Vec<Value> = self.conn.prepare_cached(&select)?.query_row([id], |r| {
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
        let eid = if table == "enterprises" {
            Some(id)
        } else {
            enterprise_id
        };
        self.log(
            table,
            id,
            eid,
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
        enterprise_id: Option<&str>,
        fields: &[(&'static str, Option<Value>)],
    ) -> Result<Written> {
        match existing {
            Some(id) => self.update(table, id, enterprise_id, fields),
            None => self
                .insert(table, enterprise_id, fields)
                .map(Written::Added),
        }
    }

    /// Logs the inserted rows not logged yet (parents first) and returns how many rows were
    /// written; a group without writes is removed.
    pub fn finish(mut self) -> Result<usize> {
        for table in DEFERRABLE {
            let Some(ids) = self.pending.remove(table) else {
                continue;
            };
            self.log_inserted(table, &ids)?;
        }
        Ok(self.writes)
    }

    /// Logs the rows `ids` of `table` as inserted, in one statement.
    fn log_inserted(&mut self, table: &'static str, ids: &[String]) -> Result<()> {
        let group = self.group()?;
        let cols: Vec<String> = {
            let mut stmt = self.conn.prepare(&format!(
                "SELECT name FROM pragma_table_info('{table}') ORDER BY cid"
            ))?;
            stmt.query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?
        };
        let object = cols
            .iter()
            .map(|c| format!("'{c}', t.{c}"))
            .collect::<Vec<_>>()
            .join(", ");
        let enterprise = match table {
            "enterprises" => "t.id",
            "milestones" => "(SELECT p.enterprise_id FROM projects p WHERE p.id = t.project_id)",
            _ => "t.enterprise_id",
        };
        self.conn.execute_batch(
            "CREATE TEMP TABLE IF NOT EXISTS import_ids (seq INTEGER PRIMARY KEY, id TEXT NOT NULL);
             DELETE FROM temp.import_ids;",
        )?;
        {
            let mut put = self
                .conn
                .prepare_cached("INSERT INTO temp.import_ids (id) VALUES (?1)")?;
            for id in ids {
                put.execute([id])?;
            }
        }
        self.conn.execute(
            &format!(
                "INSERT INTO change_log(group_id, at, commissioner_id, entity, entity_id,
                                        enterprise_id, action, before, after)
                 SELECT ?1, ?2, ?3, '{table}', t.id, {enterprise}, 'insert', NULL,
                        json_object({object})
                 FROM temp.import_ids n JOIN {table} t ON t.id = n.id ORDER BY n.seq"
            ),
            params![group, self.stamp, self.commissioner],
        )?;
        self.conn.execute_batch("DROP TABLE temp.import_ids;")?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    #[test]
    fn same_values_write_nothing() {
        let s = Store::in_memory().unwrap();
        let mut w = Writer::new(&s.conn, "2026-11-21T09:00:00".into(), None, "t", false).unwrap();
        let f = |name: &str| vec![("name", Some(Value::Text(name.into()))), ("phone", None)];
        let id = w.insert("commissioners", None, &f("王芳")).unwrap();
        assert_eq!(
            w.update("commissioners", &id, None, &f("王芳")).unwrap(),
            Written::Unchanged(id.clone())
        );
        let Written::Updated(_, changed) =
            w.update("commissioners", &id, None, &f("王芳芳")).unwrap()
        else {
            panic!("expected an update");
        };
        assert_eq!(changed.len(), 1);
        assert_eq!(w.finish().unwrap(), 2);
        let n: i64 = s
            .conn
            .query_row("SELECT count(*) FROM change_log", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 2);
    }

    #[test]
    fn bulk_logging_matches_row_json_and_groups_the_import() {
        let s = Store::in_memory().unwrap();
        let mut w = Writer::new(
            &s.conn,
            "2026-11-21T09:00:00".into(),
            None,
            "import x",
            true,
        )
        .unwrap();
        let t = |v: &str| Some(Value::Text(v.into()));
        let id = w
            .insert(
                "enterprises",
                None,
                &[
                    ("credit_code", t("91110108551385082Q")),
                    ("name", t("甲公司")),
                    ("region_code", t("110108")),
                    ("district", t("海淀区")),
                    ("tier", t("tsme")),
                    ("founded_on", None),
                ],
            )
            .unwrap();
        let m = w
            .insert(
                "pool_memberships",
                Some(&id),
                &[
                    ("enterprise_id", Some(Value::Text(id.clone()))),
                    ("pool", t("hte")),
                    ("batch", t("preferred")),
                    ("status", t("in")),
                    ("entered_on", t("2026-11-21")),
                ],
            )
            .unwrap();
        assert_eq!(w.finish().unwrap(), 2);
        let rows: Vec<(i64, String, String, String, String)> = s
            .conn
            .prepare("SELECT group_id, entity, entity_id, enterprise_id, after FROM change_log ORDER BY seq")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(
            (rows[0].1.as_str(), rows[0].2.as_str()),
            ("enterprises", id.as_str())
        );
        assert_eq!(
            (rows[1].1.as_str(), rows[1].2.as_str(), rows[1].3.as_str()),
            ("pool_memberships", m.as_str(), id.as_str())
        );
        assert_eq!(rows[0].0, rows[1].0);
        let logged: serde_json::Value = serde_json::from_str(&rows[0].4).unwrap();
        assert_eq!(Some(logged), row_json(&s.conn, "enterprises", &id).unwrap());
        assert!(id < m, "ids increase within an import");
    }
}
