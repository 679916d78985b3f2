//! The change log: every saved change, who made it, when, and the row before → after (JSON).
//!
//! A `ChangeSet` is one saved form: its writes go through `insert`/`update`, each logged in the
//! same transaction; `finish` brings the touched enterprises' derived values up to date. `undo`
//! and `redo` replay a group's log backwards or forwards, as groups of their own.

use super::derived::{self, Scope};
use super::{Result, StoreError, now_stamp};
use crate::config::Config;
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, params, params_from_iter};
use serde::Serialize;
use std::collections::BTreeSet;
use time::Date;

/// What happened to a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeAction {
    Insert,
    Update,
    Delete,
    /// Many new rows of one table, logged by id (`after`: a JSON array of ids): a bulk import.
    /// Nothing else in the import refers to them, so undo needs only the ids.
    InsertRows,
    /// Rows of an `insert_rows` entry removed by an undo (`before`: a JSON array of the rows,
    /// which a redo puts back).
    DeleteRows,
}

impl ChangeAction {
    pub fn code(self) -> &'static str {
        match self {
            ChangeAction::Insert => "insert",
            ChangeAction::Update => "update",
            ChangeAction::Delete => "delete",
            ChangeAction::InsertRows => "insert_rows",
            ChangeAction::DeleteRows => "delete_rows",
        }
    }
}

/// Records one change outside any group (bulk writers such as import use this): `entity` is the
/// table, `before`/`after` the row as JSON objects. Returns the log sequence number.
pub fn record(
    conn: &Connection,
    commissioner_id: Option<&str>,
    entity: &str,
    entity_id: &str,
    action: ChangeAction,
    before: Option<&serde_json::Value>,
    after: Option<&serde_json::Value>,
) -> Result<i64> {
    log(
        conn,
        None,
        commissioner_id,
        entity,
        entity_id,
        None,
        action,
        before,
        after,
    )
}

#[allow(clippy::too_many_arguments)]
fn log(
    conn: &Connection,
    group: Option<i64>,
    commissioner_id: Option<&str>,
    entity: &str,
    entity_id: &str,
    enterprise_id: Option<&str>,
    action: ChangeAction,
    before: Option<&serde_json::Value>,
    after: Option<&serde_json::Value>,
) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO change_log(group_id, at, commissioner_id, entity, entity_id, enterprise_id,
                                action, before, after)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        group,
        now_stamp(),
        commissioner_id,
        entity,
        entity_id,
        enterprise_id,
        action.code(),
        before.map(|v| v.to_string()),
        after.map(|v| v.to_string()),
    ])?;
    Ok(conn.last_insert_rowid())
}

/// A row of `table` as a JSON object of its columns (`None` when there is no such row).
pub fn row_json(conn: &Connection, table: &str, id: &str) -> Result<Option<serde_json::Value>> {
    use rusqlite::types::ValueRef;
    check_table(table)?;
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

/// The tables a change may touch (names are spliced into SQL, so only these are allowed).
const TABLES: &[&str] = &[
    "commissioners",
    "enterprises",
    "pool_memberships",
    "certificates",
    "figures",
    "projects",
    "milestones",
    "colour_overrides",
    "visits",
    "requests",
    "activities",
    "attendance",
    "support_actions",
    "targets",
    // ledgers: a reward's payment is a logged, undoable write.
    "rewards",
];

fn check_table(table: &str) -> Result<()> {
    if TABLES.contains(&table) {
        Ok(())
    } else {
        Err(StoreError::BadValue(format!("unknown table {table}")))
    }
}

fn check_column(c: &str) -> Result<()> {
    if !c.is_empty()
        && c.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    {
        Ok(())
    } else {
        Err(StoreError::BadValue(format!("bad column name {c:?}")))
    }
}

pub(crate) fn json_to_value(v: &serde_json::Value) -> Value {
    match v {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Integer(i64::from(*b)),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => Value::Integer(i),
            None => Value::Real(n.as_f64().unwrap_or(0.0)),
        },
        serde_json::Value::String(s) => Value::Text(s.clone()),
        other => Value::Text(other.to_string()),
    }
}

/// Writes a whole row from its JSON (insert, or replace every column of an existing row).
fn put_row(conn: &Connection, table: &str, row: &serde_json::Value, insert: bool) -> Result<()> {
    check_table(table)?;
    let Some(obj) = row.as_object() else {
        return Err(StoreError::BadValue("logged row is not an object".into()));
    };
    // A row logged before a schema change may name a column the table no longer has (only
    // derived columns are ever dropped, and they are recomputed): it is left out.
    let stmt = conn.prepare_cached(&format!("SELECT * FROM {table} LIMIT 0"))?;
    let known = stmt.column_names();
    let (cols, values): (Vec<&String>, Vec<Value>) = obj
        .iter()
        .filter(|(c, _)| known.contains(&c.as_str()))
        .map(|(c, v)| (c, json_to_value(v)))
        .unzip();
    drop(stmt);
    for c in &cols {
        check_column(c)?;
    }
    let sql = if insert {
        let marks = vec!["?"; cols.len()].join(", ");
        let names: Vec<&str> = cols.iter().map(|c| c.as_str()).collect();
        format!(
            "INSERT INTO {table} ({}) VALUES ({marks})",
            names.join(", ")
        )
    } else {
        let sets: Vec<String> = cols
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{c} = ?{}", i + 1))
            .collect();
        let id_pos = cols
            .iter()
            .position(|c| c.as_str() == "id")
            .map_or(0, |p| p + 1);
        format!(
            "UPDATE {table} SET {} WHERE id = ?{id_pos}",
            sets.join(", ")
        )
    };
    conn.prepare_cached(&sql)?
        .execute(params_from_iter(values))?;
    Ok(())
}

/// One saved form's writes.
pub struct ChangeSet<'c> {
    conn: &'c Connection,
    pub group: i64,
    commissioner: Option<String>,
    enterprises: BTreeSet<String>,
    writes: usize,
}

impl<'c> ChangeSet<'c> {
    /// Starts a group; `conn` should be a transaction that the caller commits after `finish`.
    pub fn begin(conn: &'c Connection, commissioner: Option<&str>, label: &str) -> Result<Self> {
        begin_group(conn, commissioner, label, None).map(|group| ChangeSet {
            conn,
            group,
            commissioner: commissioner.map(str::to_string),
            enterprises: BTreeSet::new(),
            writes: 0,
        })
    }

    /// Inserts a row (`cols` must include `id`; created_at/updated_at are added) and logs it.
    pub fn insert(
        &mut self,
        table: &str,
        enterprise_id: &str,
        cols: &[(&str, Value)],
    ) -> Result<String> {
        check_table(table)?;
        let id = match cols.iter().find(|(c, _)| *c == "id") {
            Some((_, Value::Text(id))) => id.clone(),
            _ => return Err(StoreError::BadValue("insert without an id".into())),
        };
        let stamp = Value::Text(now_stamp());
        let mut names: Vec<&str> = Vec::new();
        let mut values: Vec<Value> = Vec::new();
        for (c, v) in cols {
            check_column(c)?;
            names.push(c);
            values.push(v.clone());
        }
        for c in ["created_at", "updated_at"] {
            if !names.contains(&c) {
                names.push(c);
                values.push(stamp.clone());
            }
        }
        let marks = vec!["?"; names.len()].join(", ");
        let sql = format!(
            "INSERT INTO {table} ({}) VALUES ({marks})",
            names.join(", ")
        );
        self.conn
            .prepare_cached(&sql)?
            .execute(params_from_iter(values))?;
        let after = row_json(self.conn, table, &id)?;
        self.log(
            table,
            &id,
            enterprise_id,
            ChangeAction::Insert,
            None,
            after.as_ref(),
        )?;
        Ok(id)
    }

    /// Sets columns of an existing row (and updated_at) and logs before → after.
    /// Returns false (and logs nothing) when nothing changed.
    pub fn update(
        &mut self,
        table: &str,
        id: &str,
        enterprise_id: &str,
        cols: &[(&str, Value)],
    ) -> Result<bool> {
        let Some(before) = row_json(self.conn, table, id)? else {
            return Err(StoreError::BadValue(format!("no {table} row {id}")));
        };
        let changed = cols
            .iter()
            .any(|(c, v)| before.get(*c).map(json_to_value).as_ref() != Some(v));
        if !changed {
            return Ok(false);
        }
        let mut sets = Vec::new();
        let mut values = Vec::new();
        for (i, (c, v)) in cols.iter().enumerate() {
            check_column(c)?;
            sets.push(format!("{c} = ?{}", i + 1));
            values.push(v.clone());
        }
        sets.push(format!("updated_at = ?{}", values.len() + 1));
        values.push(Value::Text(now_stamp()));
        values.push(Value::Text(id.to_string()));
        let sql = format!(
            "UPDATE {table} SET {} WHERE id = ?{}",
            sets.join(", "),
            values.len()
        );
        self.conn
            .prepare_cached(&sql)?
            .execute(params_from_iter(values))?;
        let after = row_json(self.conn, table, id)?;
        self.log(
            table,
            id,
            enterprise_id,
            ChangeAction::Update,
            Some(&before),
            after.as_ref(),
        )?;
        Ok(true)
    }

    fn log(
        &mut self,
        table: &str,
        id: &str,
        enterprise_id: &str,
        action: ChangeAction,
        before: Option<&serde_json::Value>,
        after: Option<&serde_json::Value>,
    ) -> Result<()> {
        // Rows that belong to no enterprise (a district's targets) pass ''.
        let enterprise = Some(enterprise_id).filter(|e| !e.is_empty());
        log(
            self.conn,
            Some(self.group),
            self.commissioner.as_deref(),
            table,
            id,
            enterprise,
            action,
            before,
            after,
        )?;
        if let Some(e) = enterprise {
            self.enterprises.insert(e.to_string());
        }
        self.writes += 1;
        Ok(())
    }

    /// Recomputes the touched enterprises' derived values. Returns how many rows were written;
    /// a group with no writes is removed (nothing to undo).
    pub fn finish(self, today: Date, config: &Config) -> Result<usize> {
        super::sync::stamp(self.conn, self.commissioner.as_deref())?;
        for e in &self.enterprises {
            derived::recompute(self.conn, Scope::One(e), today, config)?;
        }
        if self.writes == 0 {
            self.conn
                .execute("DELETE FROM change_groups WHERE id = ?1", [self.group])?;
        }
        Ok(self.writes)
    }
}

/// Starts a change group of writes that came from elsewhere (a sync), signed by nobody here.
pub fn begin_foreign_group(conn: &Connection, label: &str) -> Result<i64> {
    begin_group(conn, None, label, None)
}

/// Logs one change in `group` (a sync's group).
#[allow(clippy::too_many_arguments)]
pub fn log_in_group(
    conn: &Connection,
    group: i64,
    entity: &str,
    entity_id: &str,
    enterprise_id: Option<&str>,
    action: ChangeAction,
    before: Option<&serde_json::Value>,
    after: Option<&serde_json::Value>,
) -> Result<i64> {
    log(
        conn,
        Some(group),
        None,
        entity,
        entity_id,
        enterprise_id,
        action,
        before,
        after,
    )
}

fn begin_group(
    conn: &Connection,
    commissioner: Option<&str>,
    label: &str,
    reverts: Option<i64>,
) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO change_groups(at, commissioner_id, label, reverts) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![now_stamp(), commissioner, label, reverts])?;
    Ok(conn.last_insert_rowid())
}

/// A change group, for messages ("undid: 记录走访 新疆…").
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group {
    pub id: i64,
    pub at: String,
    pub label: String,
    /// Who saved it (`None`: nobody was chosen then).
    pub commissioner_id: Option<String>,
    /// That commissioner's name, when the file still has them.
    pub commissioner: Option<String>,
}

impl Group {
    /// Whether `me` saved this group. An unsigned group is only the unsigned user's: a person
    /// who has chosen who they are is asked before undoing it.
    pub fn is_by(&self, me: Option<&str>) -> bool {
        self.commissioner_id.as_deref() == me
    }
}

/// What `undo_own` did.
#[derive(Debug, Clone, PartialEq)]
pub enum Undo {
    Done(Group),
    Nothing,
    /// The latest change is someone else's: nothing was done; ask, then pass its id as
    /// `confirmed`.
    NotYours(Group),
}

struct Logged {
    entity: String,
    entity_id: String,
    enterprise_id: Option<String>,
    action: String,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
}

fn group_log(conn: &Connection, group: i64) -> Result<Vec<Logged>> {
    let mut stmt = conn.prepare_cached(
        "SELECT entity, entity_id, enterprise_id, action, before, after FROM change_log
         WHERE group_id = ?1 ORDER BY seq",
    )?;
    let rows = stmt.query_map([group], |r| {
        let parse = |s: Option<String>| s.and_then(|s| serde_json::from_str(&s).ok());
        Ok(Logged {
            entity: r.get(0)?,
            entity_id: r.get(1)?,
            enterprise_id: r.get(2)?,
            action: r.get(3)?,
            before: parse(r.get(4)?),
            after: parse(r.get(5)?),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The ids of an `insert_rows` entry.
fn logged_ids(e: &Logged) -> Result<Vec<String>> {
    e.after
        .as_ref()
        .and_then(|a| a.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .ok_or_else(|| StoreError::BadValue(format!("bad {} entry: no ids", e.entity)))
}

/// Deletes rows of `table` by id and returns them as they were (JSON objects).
fn delete_rows(conn: &Connection, table: &str, ids: &[String]) -> Result<Vec<serde_json::Value>> {
    check_table(table)?;
    let mut rows = Vec::with_capacity(ids.len());
    let mut delete = conn.prepare(&format!("DELETE FROM {table} WHERE id = ?1"))?;
    for id in ids {
        if let Some(row) = row_json(conn, table, id)? {
            rows.push(row);
        }
        delete.execute([id])?;
    }
    Ok(rows)
}

/// Recomputes the derived values of `enterprises` (all at once when they are many).
fn recompute_touched(
    conn: &Connection,
    enterprises: &BTreeSet<String>,
    today: Date,
    config: &Config,
) -> Result<()> {
    if enterprises.len() > 2000 {
        derived::recompute(conn, Scope::All, today, config)?;
    } else {
        for id in enterprises {
            derived::recompute(conn, Scope::One(id), today, config)?;
        }
    }
    Ok(())
}

/// Undoes the latest saved group not yet undone, whoever saved it; `None` when there is
/// nothing to undo.
pub fn undo(
    conn: &mut Connection,
    commissioner: Option<&str>,
    today: Date,
    config: &Config,
) -> Result<Option<Group>> {
    Ok(
        match undo_latest(conn, commissioner, &|_| true, today, config)? {
            Undo::Done(g) => Some(g),
            // Not reached: every group is allowed above.
            Undo::Nothing | Undo::NotYours(_) => None,
        },
    )
}

/// Undoes the latest saved group if `me` saved it, or if it is the group `confirmed` (the one
/// the user agreed to undo although it is someone else's). Undo stays a stack: it never skips
/// a newer change to reach an older one of yours, since the newer may build on it.
pub fn undo_own(
    conn: &mut Connection,
    me: Option<&str>,
    confirmed: Option<i64>,
    today: Date,
    config: &Config,
) -> Result<Undo> {
    let allowed = |g: &Group| g.is_by(me) || confirmed == Some(g.id);
    undo_latest(conn, me, &allowed, today, config)
}

/// The latest group that an undo would take back (`None`: nothing to undo).
pub fn latest_group(conn: &Connection) -> Result<Option<Group>> {
    Ok(conn
        .query_row(
            "SELECT g.id, g.at, g.label, g.commissioner_id, c.name FROM change_groups g
             LEFT JOIN commissioners c ON c.id = g.commissioner_id
             WHERE g.reverts IS NULL AND g.undone_at IS NULL ORDER BY g.id DESC LIMIT 1",
            [],
            |r| {
                Ok(Group {
                    id: r.get(0)?,
                    at: r.get(1)?,
                    label: r.get(2)?,
                    commissioner_id: r.get(3)?,
                    commissioner: r.get(4)?,
                })
            },
        )
        .optional()?)
}

fn undo_latest(
    conn: &mut Connection,
    commissioner: Option<&str>,
    allowed: &dyn Fn(&Group) -> bool,
    today: Date,
    config: &Config,
) -> Result<Undo> {
    let tx = conn.transaction()?;
    // Read in the same transaction as the writes: the group asked about is the one undone.
    let Some(g) = latest_group(&tx)? else {
        return Ok(Undo::Nothing);
    };
    if !allowed(&g) {
        return Ok(Undo::NotYours(g));
    }
    let entries = group_log(&tx, g.id)?;
    let undo_group = begin_group(&tx, commissioner, &format!("undo {}", g.label), Some(g.id))?;
    let mut touched = BTreeSet::new();
    let mut gone = BTreeSet::new();
    for e in entries.iter().rev() {
        if e.action == ChangeAction::InsertRows.code() {
            let ids = logged_ids(e)?;
            let rows = delete_rows(&tx, &e.entity, &ids)?;
            log(
                &tx,
                Some(undo_group),
                commissioner,
                &e.entity,
                &e.entity_id,
                None,
                ChangeAction::DeleteRows,
                Some(&serde_json::Value::Array(rows)),
                None,
            )?;
            if e.entity == "enterprises" {
                gone.extend(ids);
            }
            continue;
        }
        match (e.action.as_str(), &e.before) {
            ("insert", _) => {
                check_table(&e.entity)?;
                tx.execute(
                    &format!("DELETE FROM {} WHERE id = ?1", e.entity),
                    [&e.entity_id],
                )?;
            }
            ("update", Some(before)) => put_row(&tx, &e.entity, before, false)?,
            ("delete", Some(before)) => put_row(&tx, &e.entity, before, true)?,
            _ => continue,
        }
        let action = match e.action.as_str() {
            "insert" => ChangeAction::Delete,
            "delete" => ChangeAction::Insert,
            _ => ChangeAction::Update,
        };
        log(
            &tx,
            Some(undo_group),
            commissioner,
            &e.entity,
            &e.entity_id,
            e.enterprise_id.as_deref(),
            action,
            e.after.as_ref(),
            e.before.as_ref(),
        )?;
        if let Some(id) = &e.enterprise_id {
            touched.insert(id.clone());
        }
    }
    tx.execute(
        "UPDATE change_groups SET undone_at = ?1 WHERE id = ?2",
        params![now_stamp(), g.id],
    )?;
    let touched: BTreeSet<String> = touched.difference(&gone).cloned().collect();
    // An undo after a sync is new versions, never a rewrite of history.
    super::sync::stamp(&tx, commissioner)?;
    recompute_touched(&tx, &touched, today, config)?;
    tx.commit()?;
    Ok(Undo::Done(g))
}

/// Redoes the most recently undone group, unless something new was saved since.
pub fn redo(
    conn: &mut Connection,
    commissioner: Option<&str>,
    today: Date,
    config: &Config,
) -> Result<Option<Group>> {
    let tx = conn.transaction()?;
    // The group undone last: the one whose undo group is newest.
    let target: Option<(Group, i64)> = tx
        .query_row(
            "SELECT g.id, g.at, g.label, g.commissioner_id, c.name,
                    (SELECT max(u.id) FROM change_groups u WHERE u.reverts = g.id) AS undone_by
             FROM change_groups g LEFT JOIN commissioners c ON c.id = g.commissioner_id
             WHERE g.reverts IS NULL AND g.undone_at IS NOT NULL
             ORDER BY undone_by DESC LIMIT 1",
            [],
            |r| {
                Ok((
                    Group {
                        id: r.get(0)?,
                        at: r.get(1)?,
                        label: r.get(2)?,
                        commissioner_id: r.get(3)?,
                        commissioner: r.get(4)?,
                    },
                    r.get(5)?,
                ))
            },
        )
        .optional()?;
    let Some((g, undone_by)) = target else {
        return Ok(None);
    };
    // A change saved after that undo closes the redo path.
    let newer: i64 = tx.query_row(
        "SELECT count(*) FROM change_groups WHERE reverts IS NULL AND id > ?1",
        [undone_by],
        |r| r.get(0),
    )?;
    if newer > 0 {
        return Ok(None);
    }
    let entries = group_log(&tx, g.id)?;
    let redo_group = begin_group(&tx, commissioner, &format!("redo {}", g.label), Some(g.id))?;
    // Rows of `insert_rows` entries, as the undo that removed them kept them.
    let mut kept: std::collections::HashMap<(String, String), serde_json::Value> =
        group_log(&tx, undone_by)?
            .into_iter()
            .filter(|e| e.action == ChangeAction::DeleteRows.code())
            .filter_map(|e| Some(((e.entity, e.entity_id), e.before?)))
            .collect();
    let mut touched = BTreeSet::new();
    for e in &entries {
        if e.action == ChangeAction::InsertRows.code() {
            let rows = kept
                .remove(&(e.entity.clone(), e.entity_id.clone()))
                .ok_or_else(|| {
                    StoreError::BadValue(format!("the undone rows of {} are missing", e.entity))
                })?;
            for row in rows.as_array().into_iter().flatten() {
                put_row(&tx, &e.entity, row, true)?;
            }
            log(
                &tx,
                Some(redo_group),
                commissioner,
                &e.entity,
                &e.entity_id,
                None,
                ChangeAction::InsertRows,
                None,
                e.after.as_ref(),
            )?;
            if e.entity == "enterprises" {
                touched.extend(logged_ids(e)?);
            }
            continue;
        }
        match (e.action.as_str(), &e.after) {
            ("insert", Some(after)) => put_row(&tx, &e.entity, after, true)?,
            ("update", Some(after)) => put_row(&tx, &e.entity, after, false)?,
            ("delete", _) => {
                check_table(&e.entity)?;
                tx.execute(
                    &format!("DELETE FROM {} WHERE id = ?1", e.entity),
                    [&e.entity_id],
                )?;
            }
            _ => continue,
        }
        let action = match e.action.as_str() {
            "insert" => ChangeAction::Insert,
            "delete" => ChangeAction::Delete,
            _ => ChangeAction::Update,
        };
        log(
            &tx,
            Some(redo_group),
            commissioner,
            &e.entity,
            &e.entity_id,
            e.enterprise_id.as_deref(),
            action,
            e.before.as_ref(),
            e.after.as_ref(),
        )?;
        if let Some(id) = &e.enterprise_id {
            touched.insert(id.clone());
        }
    }
    tx.execute(
        "UPDATE change_groups SET undone_at = NULL WHERE id = ?1",
        [g.id],
    )?;
    super::sync::stamp(&tx, commissioner)?;
    recompute_touched(&tx, &touched, today, config)?;
    tx.commit()?;
    Ok(Some(g))
}

/// The newest change group of the file (every logged write begins one).
pub fn last_group(conn: &Connection) -> Result<Option<i64>> {
    // The file's own table: the as-of view hides later groups, not other programs' writes.
    Ok(conn.query_row("SELECT max(id) FROM main.change_groups", [], |r| r.get(0))?)
}

/// The enterprises a change group touched, with those a bulk import logged by id.
pub fn group_enterprises(conn: &Connection, group: i64) -> Result<Vec<String>> {
    Ok(conn
        .prepare(
            "SELECT enterprise_id FROM change_log
             WHERE group_id = ?1 AND enterprise_id IS NOT NULL
             UNION
             SELECT j.value FROM change_log c, json_each(c.after) j
             WHERE c.group_id = ?1 AND c.action = 'insert_rows'
               AND c.entity = 'enterprises'",
        )?
        .query_map([group], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}

/// Whether a change group changed commissioners (whom the pool's index names).
pub fn group_touches_commissioners(conn: &Connection, group: i64) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT count(*) > 0 FROM change_log
         WHERE group_id = ?1 AND entity = 'commissioners'",
        [group],
        |r| r.get(0),
    )?)
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
        let seq = record(
            &s.conn,
            None,
            "commissioners",
            "c1",
            ChangeAction::Insert,
            None,
            Some(&after),
        )
        .unwrap();
        let (entity, action, stored): (String, String, String) = s
            .conn
            .query_row(
                "SELECT entity, action, after FROM change_log WHERE seq = ?1",
                [seq],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        assert_eq!(
            (entity.as_str(), action.as_str()),
            ("commissioners", "insert")
        );
        assert!(stored.contains("王芳"));
        assert!(
            row_json(&s.conn, "commissioners", "none")
                .unwrap()
                .is_none()
        );
        assert!(row_json(&s.conn, "sqlite_master", "x").is_err());
    }

    /// A group by `who` adding the commissioner `id` (a row any change can log).
    fn add_by(conn: &mut Connection, who: Option<&str>, id: &str) -> i64 {
        let tx = conn.transaction().unwrap();
        let mut set = ChangeSet::begin(&tx, who, &format!("add {id}")).unwrap();
        set.insert(
            "commissioners",
            "",
            &[
                ("id", Value::Text(id.into())),
                ("name", Value::Text(format!("专员{id}"))),
            ],
        )
        .unwrap();
        let group = set.group;
        set.finish(time::macros::date!(2026 - 11 - 21), &Config::default())
            .unwrap();
        tx.commit().unwrap();
        group
    }

    fn exists(conn: &Connection, id: &str) -> bool {
        conn.query_row(
            "SELECT count(*) FROM commissioners WHERE id = ?1",
            [id],
            |r| r.get::<_, i64>(0),
        )
        .unwrap()
            == 1
    }

    #[test]
    fn undo_takes_back_only_your_own_latest_change_unless_confirmed() {
        let mut s = Store::in_memory().unwrap();
        s.conn
            .execute_batch(
                "INSERT INTO commissioners(id, name, created_at, updated_at) VALUES
                   ('wf', '王芳', 'x', 'x'), ('lq', '李强', 'x', 'x');",
            )
            .unwrap();
        let (today, config) = (time::macros::date!(2026 - 11 - 21), Config::default());
        let c = &mut s.conn;
        let a = add_by(c, Some("wf"), "a");
        let b = add_by(c, Some("lq"), "b");

        // 王芳's undo meets 李强's newer change: nothing is done, and it says whose it is.
        let Undo::NotYours(g) = undo_own(c, Some("wf"), None, today, &config).unwrap() else {
            panic!("李强's change is not 王芳's to undo");
        };
        assert_eq!((g.id, g.label.as_str()), (b, "add b"));
        assert_eq!(
            (g.commissioner_id.as_deref(), g.commissioner.as_deref()),
            (Some("lq"), Some("李强"))
        );
        assert!(exists(c, "b"), "nothing undone");
        // Nor does it skip back to her own older change: undo stays a stack.
        assert!(exists(c, "a"));

        // 李强 undoes his own; then 王芳's is the latest, and hers to undo.
        assert!(
            matches!(undo_own(c, Some("lq"), None, today, &config).unwrap(), Undo::Done(g) if g.id == b)
        );
        assert!(!exists(c, "b"));
        assert!(
            matches!(undo_own(c, Some("wf"), None, today, &config).unwrap(), Undo::Done(g) if g.id == a)
        );
        assert!(!exists(c, "a"));
        assert_eq!(
            undo_own(c, Some("wf"), None, today, &config).unwrap(),
            Undo::Nothing
        );

        // Confirmed for that very group: done.
        let d = add_by(c, Some("lq"), "d");
        assert!(
            matches!(undo_own(c, Some("wf"), Some(d), today, &config).unwrap(), Undo::Done(g) if g.id == d)
        );
        assert!(!exists(c, "d"));
        // A confirmation of another group does not carry over to a newer change.
        let e = add_by(c, Some("lq"), "e");
        let f = add_by(c, Some("lq"), "f");
        assert!(
            matches!(undo_own(c, Some("wf"), Some(e), today, &config).unwrap(), Undo::NotYours(g) if g.id == f)
        );
        assert!(exists(c, "f"));
    }

    #[test]
    fn an_unsigned_change_is_only_the_unsigned_users() {
        let mut s = Store::in_memory().unwrap();
        s.conn
            .execute(
                "INSERT INTO commissioners(id, name, created_at, updated_at) VALUES ('wf', '王芳', 'x', 'x')",
                [],
            )
            .unwrap();
        let (today, config) = (time::macros::date!(2026 - 11 - 21), Config::default());
        let c = &mut s.conn;
        let n = add_by(c, None, "n");
        let Undo::NotYours(g) = undo_own(c, Some("wf"), None, today, &config).unwrap() else {
            panic!("an unsigned change needs confirming by someone who has chosen who they are");
        };
        assert_eq!((g.id, g.commissioner_id, g.commissioner), (n, None, None));
        assert!(
            matches!(undo_own(c, None, None, today, &config).unwrap(), Undo::Done(g) if g.id == n)
        );
        // The undo group is stamped with whoever undid it.
        let w = add_by(c, Some("wf"), "w");
        assert!(
            matches!(undo_own(c, Some("wf"), None, today, &config).unwrap(), Undo::Done(g) if g.id == w)
        );
        let by: Option<String> = c
            .query_row(
                "SELECT commissioner_id FROM change_groups WHERE reverts = ?1",
                [w],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(by.as_deref(), Some("wf"));
    }

    #[test]
    fn a_logged_row_is_put_back_without_the_columns_dropped_since() {
        let s = Store::in_memory().unwrap();
        let mut row = serde_json::json!({
            "id": "e1", "credit_code": "91110108551385082Q", "name": "长城公司",
            "region_code": "110108", "district": "海淀区", "tier": "tsme",
            "created_at": "x", "updated_at": "x",
            // Dropped by schema v4.
            "name_key": "chang cheng gong si",
        });
        put_row(&s.conn, "enterprises", &row, true).unwrap();
        row["name"] = "长城科技公司".into();
        put_row(&s.conn, "enterprises", &row, false).unwrap();
        let stored = row_json(&s.conn, "enterprises", "e1").unwrap().unwrap();
        assert_eq!(stored["name"], "长城科技公司");
        assert!(stored.get("name_key").is_none());
    }
}
