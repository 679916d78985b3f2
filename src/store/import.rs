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
    /// The current pool and batch (derived), if any.
    pub pool: Option<String>,
    pub batch: Option<String>,
    /// The stored high-tech field, as written (a code or a label).
    pub hte_field: Option<String>,
    /// The stored values of the columns asked for (see [`enterprises_by_code`]).
    pub values: Vec<Value>,
}

/// Every enterprise by credit code (deleted ones too: a code is unique in the file), with the
/// stored values of `cols` (a big import compares its rows with these in memory and reads back
/// only the rows that differ).
pub fn enterprises_by_code(
    conn: &Connection,
    cols: &[&str],
) -> Result<HashMap<String, EnterpriseRef>> {
    let mut sql = String::from(
        "SELECT credit_code, id, name, deleted_at IS NOT NULL, pool, hte_field, batch",
    );
    for c in cols {
        sql.push_str(", ");
        sql.push_str(c);
    }
    sql.push_str(" FROM enterprises");
    let mut stmt = conn.prepare(&sql)?;
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
                batch: r.get(6)?,
                values: (7..7 + cols.len())
                    .map(|i| r.get::<_, Value>(i))
                    .collect::<rusqlite::Result<_>>()?,
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

// round trip
/// The record `id` of `table` and what it belongs to (the value of `owner`, e.g.
/// `enterprise_id`), if it is stored; `table` and `owner` are names from the code, never from a
/// file.
pub fn owner_of(conn: &Connection, table: &str, owner: &str, id: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {owner} FROM {table} WHERE id = ?1"))?
        .query_row([id], |r| r.get::<_, Option<String>>(0))
        .optional()?
        .map(Option::unwrap_or_default))
}

/// Whether `table` holds a record with this id.
pub fn has_id(conn: &Connection, table: &str, id: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached(&format!("SELECT 1 FROM {table} WHERE id = ?1"))?
        .query_row([id], |_| Ok(()))
        .optional()?
        .is_some())
}

/// The live support action of an enterprise with this text and due day.
pub fn find_support_action(
    conn: &Connection,
    enterprise_id: &str,
    action: &str,
    due_on: Option<&str>,
) -> Result<Option<String>> {
    one(
        conn,
        "SELECT id FROM support_actions WHERE enterprise_id = ?1 AND action = ?2
           AND due_on IS ?3 AND deleted_at IS NULL ORDER BY id LIMIT 1",
        params![enterprise_id, action, due_on],
    )
}

/// The reward of an enterprise of a kind for a year (one at most).
pub fn find_reward(
    conn: &Connection,
    enterprise_id: &str,
    kind: &str,
    year: i64,
) -> Result<Option<String>> {
    one(
        conn,
        "SELECT id FROM rewards WHERE enterprise_id = ?1 AND kind = ?2 AND year = ?3",
        params![enterprise_id, kind, year],
    )
}

/// Drops the secondary indexes of `tables` (not the ones behind PRIMARY KEY or UNIQUE), except
/// those named in `keep`, and returns the statements that recreate them. A bulk load inside one
/// transaction is cheaper without them; [`restore_indexes`] rebuilds each index once, by sorting.
pub fn drop_indexes(conn: &Connection, tables: &[&str], keep: &[&str]) -> Result<Vec<String>> {
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
        for (name, sql) in found
            .into_iter()
            .filter(|(n, _)| !keep.contains(&n.as_str()))
        {
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

/// Inserts and updates rows with their change-log entries, all in one change group (so that
/// `seedbed undo` takes the whole import back) and stamped with the same time.
///
/// An inserted row is logged as the values it was inserted with (NULLs left out: the columns
/// not named take their defaults, as they did on insert), written out while inserting instead
/// of read back; derived values written along ([`Writer::insert_derived`]) are not logged, as
/// undo and redo recompute them.
///
/// New rows that nothing else in the import refers to may instead be logged by id, a few
/// thousand to an `insert_rows` entry ([`Writer::insert_new`]): undo needs only their ids (it
/// keeps the rows it removes, for redo). They are also written many to a statement, when
/// [`ROWS_PER_INSERT`] have come or before any other write.
pub struct Writer<'c> {
    conn: &'c Connection,
    stamp: String,
    /// The change group, begun with the first write (an import that changes nothing leaves
    /// the file as it was).
    group: Option<i64>,
    label: String,
    commissioner: Option<String>,
    writes: usize,
    /// Rows inserted by [`Writer::insert_new`], not logged yet: (table, ids), in the order the
    /// tables were first written (parents first, so that undo removes children first).
    pending: Vec<(&'static str, Vec<String>)>,
    /// Prepared statements by table, column list and kind (insert or update), each prepared
    /// once and kept (a bulk import runs the same one or two statements for every row).
    stmts: Vec<Prepared<'c>>,
    /// Rows of [`Writer::insert_new`] not written yet, by table, parents first.
    unwritten: Vec<UnwrittenRows>,
    /// Statements inserting several rows: (table, columns, rows, the statement).
    multi_stmts: Vec<(
        &'static str,
        Vec<&'static str>,
        usize,
        rusqlite::Statement<'c>,
    )>,
    /// The JSON of the row being logged (reused).
    json: String,
    /// ULIDs in increasing order, so new rows append to the id indexes.
    ids: ulid::Generator,
}

/// A statement of a [`Writer`]: (table, columns, insert or update, the statement).
type Prepared<'c> = (
    &'static str,
    Vec<&'static str>,
    bool,
    rusqlite::Statement<'c>,
);

/// At most this many ids in one `insert_rows` entry.
const IDS_PER_ENTRY: usize = 10_000;

/// Rows of [`Writer::insert_new`] written by one statement: a statement opens the table and
/// each of its indexes once, however many rows it inserts.
pub const ROWS_PER_INSERT: usize = 32;

/// Rows of one table and column list inserted by [`Writer::insert_new`], not written yet.
struct UnwrittenRows {
    table: &'static str,
    cols: Vec<&'static str>,
    /// Each row's id, then its values in the order of `cols`.
    values: Vec<Value>,
}

impl UnwrittenRows {
    fn rows(&self) -> usize {
        self.values.len() / (self.cols.len() + 1)
    }
}

const LOG_SQL: &str = "INSERT INTO change_log(group_id, at, commissioner_id, entity, entity_id,
                                              enterprise_id, action, before, after)
                       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";

impl<'c> Writer<'c> {
    /// Starts a change group labelled `label` on `conn` (an open transaction); `stamp` goes into
    /// `created_at`/`updated_at` and the log.
    pub fn new(
        conn: &'c Connection,
        stamp: String,
        commissioner: Option<&str>,
        label: &str,
    ) -> Result<Writer<'c>> {
        Ok(Writer {
            conn,
            stamp,
            group: None,
            label: label.to_string(),
            commissioner: commissioner.map(str::to_string),
            writes: 0,
            pending: Vec::new(),
            stmts: Vec::new(),
            unwritten: Vec::new(),
            multi_stmts: Vec::new(),
            json: String::new(),
            ids: ulid::Generator::new(),
        })
    }

    /// The stamp written into `created_at`/`updated_at`.
    pub fn stamp(&self) -> &str {
        &self.stamp
    }

    /// The statement of an insert (`id`, the columns, `created_at`, `updated_at`) or of an
    /// update (`id` = ?1, the columns, `updated_at`) of `cols` in `table`.
    fn stmt_for<'s>(
        conn: &'c Connection,
        stmts: &'s mut Vec<Prepared<'c>>,
        table: &'static str,
        cols: impl Iterator<Item = &'static str> + Clone,
        insert: bool,
    ) -> Result<&'s mut rusqlite::Statement<'c>> {
        let found = stmts.iter().position(|(t, c, i, _)| {
            *t == table && *i == insert && c.iter().copied().eq(cols.clone())
        });
        let at = match found {
            Some(at) => at,
            None => {
                let cols: Vec<&'static str> = cols.collect();
                let text = if insert {
                    let marks: Vec<String> =
                        (1..=cols.len() + 2).map(|i| format!("?{i}")).collect();
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
                let stmt = conn.prepare(&text)?;
                stmts.push((table, cols, insert, stmt));
                stmts.len() - 1
            }
        };
        Ok(&mut stmts[at].3)
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

    /// One change-log row of this group (`after` as JSON text).
    fn log(
        &mut self,
        table: &str,
        id: &str,
        enterprise_id: Option<&str>,
        action: ChangeAction,
        before: Option<&str>,
        after: Option<&str>,
    ) -> Result<()> {
        let group = self.group()?;
        self.conn.prepare_cached(LOG_SQL)?.execute(params![
            group,
            self.stamp,
            self.commissioner,
            table,
            id,
            enterprise_id,
            action.code(),
            before,
            after,
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
        self.insert_derived(table, enterprise_id, fields, &[])
    }

    /// Inserts a row like [`Writer::insert`] with the id `id` when one is given (a record
    /// carried over from another file keeps its id), else a new one.
    pub fn insert_as(
        &mut self,
        table: &'static str,
        id: Option<String>,
        enterprise_id: Option<&str>,
        fields: &[(&'static str, Option<Value>)],
    ) -> Result<String> {
        self.insert_derived_as(table, id, enterprise_id, fields, &[])
    }

    /// Inserts a row with `fields` (logged) and `derived` values (written, not logged).
    pub fn insert_derived(
        &mut self,
        table: &'static str,
        enterprise_id: Option<&str>,
        fields: &[(&'static str, Option<Value>)],
        derived: &[(&'static str, &Value)],
    ) -> Result<String> {
        self.insert_derived_as(table, None, enterprise_id, fields, derived)
    }

    /// [`Writer::insert_derived`] with the id `id` when one is given.
    pub fn insert_derived_as(
        &mut self,
        table: &'static str,
        id: Option<String>,
        enterprise_id: Option<&str>,
        fields: &[(&'static str, Option<Value>)],
        derived: &[(&'static str, &Value)],
    ) -> Result<String> {
        let id = self.insert_row(table, id, fields, derived)?;
        let mut json = std::mem::take(&mut self.json);
        json.clear();
        json.push('{');
        push_json_field(&mut json, "id", &Value::Text(id.clone()));
        for (c, v) in fields {
            if let Some(v) = v.as_ref().filter(|v| **v != Value::Null) {
                push_json_field(&mut json, c, v);
            }
        }
        let stamp = Value::Text(self.stamp.clone());
        push_json_field(&mut json, "created_at", &stamp);
        push_json_field(&mut json, "updated_at", &stamp);
        json.push('}');
        let eid = if table == "enterprises" {
            Some(id.as_str())
        } else {
            enterprise_id
        };
        let logged = self.log(table, &id, eid, ChangeAction::Insert, None, Some(&json));
        self.json = json;
        logged?;
        Ok(id)
    }

    /// Inserts a row like [`Writer::insert_derived`], logged by id at [`Writer::finish`]. Only
    /// for rows that no other write of the import refers to except rows inserted the same way
    /// after them (a new enterprise and its pool membership).
    ///
    /// The row is written with others, at the latest by the next other write or by
    /// [`Writer::flush`]: until then, reads do not see it.
    pub fn insert_new(
        &mut self,
        table: &'static str,
        fields: impl IntoIterator<Item = (&'static str, Option<Value>)>,
        derived: impl IntoIterator<Item = (&'static str, Value)>,
    ) -> Result<String> {
        self.insert_new_as(table, None, fields, derived)
    }

    /// [`Writer::insert_new`] with the id `id` when one is given.
    pub fn insert_new_as(
        &mut self,
        table: &'static str,
        id: Option<String>,
        fields: impl IntoIterator<Item = (&'static str, Option<Value>)>,
        derived: impl IntoIterator<Item = (&'static str, Value)>,
    ) -> Result<String> {
        let id = id.unwrap_or_else(|| self.new_id());
        let row: Vec<(&'static str, Value)> = fields
            .into_iter()
            .map(|(c, v)| (c, v.unwrap_or(Value::Null)))
            .chain(derived)
            .collect();
        let cols = || row.iter().map(|(c, _)| *c);
        let at = match self.unwritten.iter().position(|b| b.table == table) {
            Some(at) if self.unwritten[at].cols.iter().copied().eq(cols()) => at,
            Some(at) => {
                // Another column list: the rows so far are written with the one they have.
                self.flush()?;
                self.unwritten[at].cols = cols().collect();
                at
            }
            None => {
                self.unwritten.push(UnwrittenRows {
                    table,
                    cols: cols().collect(),
                    values: Vec::new(),
                });
                self.unwritten.len() - 1
            }
        };
        let rows = &mut self.unwritten[at];
        rows.values.push(Value::Text(id.clone()));
        rows.values.extend(row.into_iter().map(|(_, v)| v));
        let full = rows.rows() >= ROWS_PER_INSERT;
        match self.pending.iter_mut().find(|(t, _)| *t == table) {
            Some((_, ids)) => ids.push(id.clone()),
            None => self.pending.push((table, vec![id.clone()])),
        }
        if full {
            self.flush()?;
        }
        Ok(id)
    }

    /// Writes the rows of [`Writer::insert_new`] not written yet, parents first.
    pub fn flush(&mut self) -> Result<()> {
        for at in 0..self.unwritten.len() {
            let rows = std::mem::take(&mut self.unwritten[at].values);
            let (table, width) = (self.unwritten[at].table, self.unwritten[at].cols.len() + 1);
            for chunk in rows.chunks(width * ROWS_PER_INSERT) {
                let n = chunk.len() / width;
                let cols = &self.unwritten[at].cols;
                let found = self
                    .multi_stmts
                    .iter()
                    .position(|(t, c, r, _)| *t == table && *r == n && c == cols);
                let i = match found {
                    Some(i) => i,
                    None => {
                        // ?1 is the stamp; then each row's id and values.
                        let tuples: Vec<String> = (0..n)
                            .map(|r| {
                                let marks: Vec<String> = (0..width)
                                    .map(|k| format!("?{}", 2 + r * width + k))
                                    .collect();
                                format!("({}, ?1, ?1)", marks.join(", "))
                            })
                            .collect();
                        let sql = format!(
                            "INSERT INTO {table} (id, {}, created_at, updated_at) VALUES {}",
                            cols.join(", "),
                            tuples.join(", ")
                        );
                        let stmt = self.conn.prepare(&sql)?;
                        self.multi_stmts.push((table, cols.clone(), n, stmt));
                        self.multi_stmts.len() - 1
                    }
                };
                let stmt = &mut self.multi_stmts[i].3;
                stmt.raw_bind_parameter(1, &self.stamp)?;
                for (k, v) in chunk.iter().enumerate() {
                    stmt.raw_bind_parameter(k + 2, v)?;
                }
                stmt.raw_execute()?;
            }
            let mut rows = rows;
            rows.clear();
            self.unwritten[at].values = rows;
        }
        Ok(())
    }

    /// A new id, greater than the ids made before it by this writer.
    fn new_id(&mut self) -> String {
        self.ids
            .generate()
            .map_or_else(|_| new_id(), |u| u.to_string())
    }

    /// Inserts a row; returns its new id.
    fn insert_row(
        &mut self,
        table: &'static str,
        id: Option<String>,
        fields: &[(&'static str, Option<Value>)],
        derived: &[(&'static str, &Value)],
    ) -> Result<String> {
        self.flush()?;
        let id = id.unwrap_or_else(|| self.new_id());
        let cols = fields
            .iter()
            .map(|(c, _)| *c)
            .chain(derived.iter().map(|(c, _)| *c));
        let n = fields.len() + derived.len();
        let stmt = Self::stmt_for(self.conn, &mut self.stmts, table, cols, true)?;
        stmt.raw_bind_parameter(1, &id)?;
        let values = fields
            .iter()
            .map(|(_, v)| v.as_ref().unwrap_or(&Value::Null))
            .chain(derived.iter().map(|(_, v)| *v));
        for (i, v) in values.enumerate() {
            stmt.raw_bind_parameter(i + 2, v)?;
        }
        stmt.raw_bind_parameter(n + 2, &self.stamp)?;
        stmt.raw_execute()?;
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
        self.flush()?;
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
        let before = row_json(self.conn, table, id)?.map(|v| v.to_string());
        let stmt = Self::stmt_for(
            self.conn,
            &mut self.stmts,
            table,
            changed.iter().map(|(c, _, _)| *c),
            false,
        )?;
        let mut values: Vec<Value> = Vec::with_capacity(changed.len() + 2);
        values.push(Value::Text(id.to_string()));
        values.extend(changed.iter().map(|(_, _, v)| v.clone()));
        values.push(Value::Text(self.stamp.clone()));
        stmt.execute(rusqlite::params_from_iter(values))?;
        let after = row_json(self.conn, table, id)?.map(|v| v.to_string());
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
            before.as_deref(),
            after.as_deref(),
        )?;
        Ok(Written::Updated(id.to_string(), changed))
    }

    /// Logs the rows of [`Writer::insert_new`] and returns how many rows were written.
    pub fn finish(mut self) -> Result<usize> {
        self.flush()?;
        for (table, ids) in std::mem::take(&mut self.pending) {
            for chunk in ids.chunks(IDS_PER_ENTRY) {
                let mut json = String::with_capacity(chunk.len() * 29 + 2);
                json.push('[');
                for (i, id) in chunk.iter().enumerate() {
                    if i > 0 {
                        json.push(',');
                    }
                    push_json_str(&mut json, id);
                }
                json.push(']');
                self.log(
                    table,
                    &chunk[0],
                    None,
                    ChangeAction::InsertRows,
                    None,
                    Some(&json),
                )?;
                // Each row counts as a write.
                self.writes += chunk.len() - 1;
            }
        }
        // The imported rows become this file's versions, built from the rows themselves.
        super::sync::stamp(self.conn, self.commissioner.as_deref())?;
        Ok(self.writes)
    }
}

/// Appends `"key":value` (and a comma before it unless it is the first) to a JSON object.
fn push_json_field(out: &mut String, key: &str, v: &Value) {
    use std::fmt::Write;
    if !out.ends_with('{') {
        out.push(',');
    }
    push_json_str(out, key);
    out.push(':');
    match v {
        Value::Null => out.push_str("null"),
        Value::Integer(n) => {
            let _ = write!(out, "{n}");
        }
        Value::Real(x) => match serde_json::Number::from_f64(*x) {
            Some(n) => {
                let _ = write!(out, "{n}");
            }
            None => out.push_str("null"),
        },
        Value::Text(t) => push_json_str(out, t),
        Value::Blob(b) => push_json_str(out, &format!("<{} bytes>", b.len())),
    }
}

/// Appends `s` as a JSON string.
fn push_json_str(out: &mut String, s: &str) {
    use std::fmt::Write;
    out.push('"');
    // Most strings (every id) need no escapes.
    if !s.bytes().any(|b| b < 0x20 || b == b'"' || b == b'\\') {
        out.push_str(s);
        out.push('"');
        return;
    }
    let mut plain = 0;
    for (i, b) in s.bytes().enumerate() {
        let escaped = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(&s[plain..i]);
        if escaped.is_empty() {
            let _ = write!(out, "\\u{b:04x}");
        } else {
            out.push_str(escaped);
        }
        plain = i + 1;
    }
    out.push_str(&s[plain..]);
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    #[test]
    fn new_rows_are_written_in_statements_of_many_rows_parents_first() {
        let s = Store::in_memory().unwrap();
        let mut w = Writer::new(&s.conn, "2026-11-21T09:00:00".into(), None, "t").unwrap();
        let t = |v: String| Some(Value::Text(v));
        // Two full statements and a shorter one of each table; every membership names an
        // enterprise of the same statement (the foreign key holds only if parents go first).
        let n = 2 * ROWS_PER_INSERT + 5;
        let mut ids = Vec::new();
        for i in 0..n {
            let id = w
                .insert_new(
                    "enterprises",
                    [
                        ("credit_code", t(format!("code{i:03}"))),
                        ("name", t(format!("企业{i}"))),
                        ("region_code", t("650102".into())),
                        ("district", t("天山区".into())),
                        ("tier", t("tsme".into())),
                        ("address", None),
                    ],
                    [("colour_order", Value::Integer(3))],
                )
                .unwrap();
            w.insert_new(
                "pool_memberships",
                [
                    ("enterprise_id", t(id.clone())),
                    ("pool", t("hte".into())),
                    ("batch", t("preferred".into())),
                    ("status", t("in".into())),
                    ("entered_on", t("2026-11-21".into())),
                ],
                [],
            )
            .unwrap();
            ids.push(id);
        }
        // Another write goes after the rows so far, another column list after the rows with
        // the first one.
        w.insert("commissioners", None, &[("name", t("王芳".into()))])
            .unwrap();
        let last = w
            .insert_new(
                "enterprises",
                [
                    ("credit_code", t("code999".into())),
                    ("name", t("最后".into())),
                    ("region_code", t("650102".into())),
                    ("district", t("天山区".into())),
                    ("tier", t("hte".into())),
                ],
                [],
            )
            .unwrap();
        assert_eq!(w.finish().unwrap(), 2 * n + 2);
        let rows: Vec<(String, String, Option<String>, String)> = s
            .conn
            .prepare("SELECT id, credit_code, address, created_at FROM enterprises ORDER BY rowid")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(rows.len(), n + 1);
        for (i, (id, code, address, at)) in rows.iter().take(n).enumerate() {
            assert_eq!(
                (id, code.as_str()),
                (&ids[i], format!("code{i:03}").as_str())
            );
            assert_eq!((address, at.as_str()), (&None, "2026-11-21T09:00:00"));
        }
        assert_eq!(rows[n].0, last);
        let linked: i64 = s
            .conn
            .query_row(
                "SELECT count(*) FROM pool_memberships m JOIN enterprises e ON e.id = m.enterprise_id",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(linked, n as i64);
    }

    #[test]
    fn same_values_write_nothing() {
        let s = Store::in_memory().unwrap();
        let mut w = Writer::new(&s.conn, "2026-11-21T09:00:00".into(), None, "t").unwrap();
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
    fn inserts_are_logged_as_written_and_redo_restores_them() {
        use crate::config::Config;
        use crate::store::derived;
        let mut s = Store::in_memory().unwrap();
        let today = time::macros::date!(2026 - 11 - 21);
        let config = Config::default();
        let t = |v: &str| Some(Value::Text(v.into()));
        let (id, m) = {
            let tx = s.conn.transaction().unwrap();
            let mut w = Writer::new(&tx, "2026-11-21T09:00:00".into(), None, "import x").unwrap();
            let new = derived::NewEnterprise {
                name: "长城\"引号\"公司",
                founded: Some(time::macros::date!(2019 - 03 - 01)),
                hte_field: None,
                created: Some(today),
                membership: Some(("hte", "preferred", "in", today)),
            };
            let values =
                derived::enterprise_values(&derived::for_new_enterprise(&new, today, &config));
            let cols: Vec<(&'static str, &Value)> = derived::ENTERPRISE_COLUMNS
                .into_iter()
                .zip(&values)
                .collect();
            let id = w
                .insert_derived(
                    "enterprises",
                    None,
                    &[
                        ("credit_code", t("91110108551385082Q")),
                        ("name", t(new.name)),
                        ("region_code", t("110108")),
                        ("district", t("海淀区")),
                        ("tier", t("tsme")),
                        ("founded_on", t("2019-03-01")),
                        ("notes", t("第一行\n\t第二行 \\ \u{1}")),
                        ("address", None),
                    ],
                    &cols,
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
            tx.commit().unwrap();
            (id, m)
        };
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
            (rows[0].1.as_str(), rows[0].2.as_str(), rows[0].3.as_str()),
            ("enterprises", id.as_str(), id.as_str())
        );
        assert_eq!(
            (rows[1].1.as_str(), rows[1].2.as_str(), rows[1].3.as_str()),
            ("pool_memberships", m.as_str(), id.as_str())
        );
        assert_eq!(rows[0].0, rows[1].0);
        assert!(id < m, "ids increase within an import");

        // The logged values are the stored ones (NULLs and derived values left out).
        let stored = row_json(&s.conn, "enterprises", &id).unwrap().unwrap();
        let logged: serde_json::Value = serde_json::from_str(&rows[0].4).unwrap();
        let logged = logged.as_object().unwrap();
        assert!(logged.len() > 5 && !logged.contains_key("address"));
        for (k, v) in logged {
            assert_eq!(Some(v), stored.get(k), "{k}");
        }

        // The derived values written with the row are those a recompute finds.
        derived::recompute(&s.conn, derived::Scope::All, today, &config).unwrap();
        assert_eq!(
            row_json(&s.conn, "enterprises", &id).unwrap().unwrap(),
            stored
        );

        // Undo removes both rows; redo puts them back as they were.
        let membership = row_json(&s.conn, "pool_memberships", &m).unwrap();
        crate::store::changes::undo(&mut s.conn, None, today, &config)
            .unwrap()
            .unwrap();
        assert!(row_json(&s.conn, "enterprises", &id).unwrap().is_none());
        assert!(row_json(&s.conn, "pool_memberships", &m).unwrap().is_none());
        crate::store::changes::redo(&mut s.conn, None, today, &config)
            .unwrap()
            .unwrap();
        assert_eq!(row_json(&s.conn, "enterprises", &id).unwrap(), Some(stored));
        assert_eq!(
            row_json(&s.conn, "pool_memberships", &m).unwrap(),
            membership
        );
    }
}
