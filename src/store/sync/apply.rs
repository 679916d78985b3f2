//! Applying a bundle: each field keeps the versions no other version overwrote; more than one
//! distinct surviving value is a conflict, with a deterministic provisional winner. Idempotent
//! and independent of the order bundles arrive in.

use super::columns::{self, DELETED, Link, TABLES, Table};
use super::export::FORMAT;
use super::identity::{base_no, identity, origin_no};
use super::stamp::{Clock, stamp};
use super::triggers::quietly;
use super::versions::{self, Seen, Version, parse_seen};
use crate::config::Config;
use crate::store::changes::{self, ChangeAction, json_to_value, row_json};
use crate::store::derived::{self, Scope};
use crate::store::{Result, StoreError, now_stamp};
use rusqlite::types::Value;
use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use time::Date;

/// What one bundle brought.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Applied {
    /// The origin that wrote the bundle, and its label.
    pub from: String,
    pub label: String,
    /// Rows new here, fields changed here, versions already known (or overwritten).
    pub rows: usize,
    pub fields: usize,
    pub known: usize,
    /// Fields in conflict after the bundle (all of them, not only new ones).
    pub conflicts: usize,
    /// Whether the bundle was this file's own.
    pub own: bool,
}

/// What a bundle says about its writer.
#[derive(Debug, Clone)]
pub struct BundleHead {
    pub origin: String,
    pub level: String,
    pub region: String,
    pub label: String,
    pub exported_at: String,
    /// Origin id → highest sequence the writer held.
    pub seen: BTreeMap<String, i64>,
}

/// Opens a bundle and reads its head.
pub fn read_head(path: &Path) -> Result<(Connection, BundleHead)> {
    let bad = |why: String| StoreError::Invalid(format!("{}: {why}", path.display()));
    let b = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| bad(e.to_string()))?;
    let meta = |k: &str| -> Result<String> {
        b.query_row("SELECT value FROM meta WHERE key = ?1", [k], |r| r.get(0))
            .optional()
            .map_err(|_| bad("not a Seedbed bundle".into()))?
            .ok_or_else(|| bad(format!("not a Seedbed bundle (no {k})")))
    };
    let format = meta("format")?;
    if format != FORMAT {
        return Err(bad(format!(
            "bundle format {format}, this Seedbed reads {FORMAT}"
        )));
    }
    let seen = {
        let mut stmt = b.prepare("SELECT id, seen_seq FROM origins")?;
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?
    };
    let head = BundleHead {
        origin: meta("origin")?,
        level: meta("level")?,
        region: meta("region")?,
        label: meta("label")?,
        exported_at: meta("exported_at")?,
        seen,
    };
    Ok((b, head))
}

/// The local state of one apply.
struct Apply<'c> {
    conn: &'c Connection,
    clock: Clock,
    base: i64,
    /// Bundle origin number → local number.
    nos: HashMap<i64, i64>,
    /// Local number → origin id (for the deterministic winner).
    ids: HashMap<i64, String>,
    /// Enterprises whose derived values must be recomputed.
    touched: BTreeSet<String>,
    renamed: BTreeSet<String>,
    /// Rows that existed before this bundle, as they were (for the change log).
    before: BTreeMap<(String, String), serde_json::Value>,
    inserted: BTreeMap<&'static str, Vec<String>>,
    /// Rows of deleted records the bundle carries, in case one comes back.
    revive: HashMap<(String, String), (Version, serde_json::Value)>,
    out: Applied,
}

/// Applies the bundle at `path`. Runs in one transaction: all or nothing.
pub fn import(conn: &mut Connection, path: &Path, today: Date, config: &Config) -> Result<Applied> {
    let (b, head) = read_head(path)?;
    let me = identity(conn)?;
    if head.origin == me.origin {
        return Ok(Applied {
            from: head.origin,
            label: head.label,
            own: true,
            ..Applied::default()
        });
    }
    let tx = conn.transaction()?;
    stamp(&tx, None)?;
    tx.execute_batch("PRAGMA defer_foreign_keys = ON")?;
    let out = quietly(&tx, || {
        let mut a = Apply::new(&tx)?;
        a.origins(&b, &head)?;
        a.aliases(&b)?;
        a.rows(&b)?;
        a.fields(&b)?;
        a.orphans()?;
        a.clock.write(&tx)?;
        a.peer(&head)?;
        a.log(&head)?;
        a.derive(today, config)?;
        a.out.from = head.origin.clone();
        a.out.label = head.label.clone();
        a.out.conflicts = super::conflicts::count(&tx)?;
        Ok(a.out)
    })?;
    tx.commit()?;
    Ok(out)
}

impl<'c> Apply<'c> {
    fn new(conn: &'c Connection) -> Result<Apply<'c>> {
        let ids = {
            let mut stmt = conn.prepare("SELECT no, id FROM sync_origins")?;
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?
        };
        Ok(Apply {
            conn,
            clock: Clock::read(conn)?,
            base: base_no(conn)?,
            nos: HashMap::new(),
            ids,
            touched: BTreeSet::new(),
            renamed: BTreeSet::new(),
            before: BTreeMap::new(),
            inserted: BTreeMap::new(),
            revive: HashMap::new(),
            out: Applied::default(),
        })
    }

    fn origins(&mut self, b: &Connection, head: &BundleHead) -> Result<()> {
        let mut stmt = b.prepare("SELECT no, id, level, region, label, seen_seq FROM origins")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, i64>(5)?,
            ))
        })?;
        for row in rows {
            let (no, id, level, region, label, seen) = row?;
            let local = origin_no(self.conn, &id)?;
            // What the writer held, this file now holds too (in its scope).
            self.conn.execute(
                "UPDATE sync_origins SET seen_seq = max(seen_seq, ?2),
                    level = CASE WHEN ?3 <> '' THEN ?3 ELSE level END,
                    region = CASE WHEN ?3 <> '' THEN ?4 ELSE region END,
                    label = CASE WHEN ?5 <> '' THEN ?5 ELSE label END
                 WHERE no = ?1",
                params![local, seen, level, region, label],
            )?;
            self.nos.insert(no, local);
            self.ids.insert(local, id);
        }
        let _ = head;
        Ok(())
    }

    fn local(&self, bundle_no: i64) -> Result<i64> {
        self.nos
            .get(&bundle_no)
            .copied()
            .ok_or_else(|| StoreError::BadValue(format!("bundle origin {bundle_no} is not listed")))
    }

    fn version(
        &self,
        origin: i64,
        seq: i64,
        hlc: i64,
        who: Option<String>,
        seen: Option<&str>,
    ) -> Result<Version> {
        let mut local_seen = Seen::new();
        for (o, s) in parse_seen(seen) {
            local_seen.insert(self.local(o)?, s);
        }
        Ok(Version {
            origin: self.local(origin)?,
            seq,
            hlc,
            who,
            seen: local_seen,
        })
    }

    /// The record an id means here (the canonical one when it was merged with another).
    fn resolve(&self, tbl: &str, id: &str) -> Result<String> {
        Ok(self
            .conn
            .prepare_cached("SELECT canonical FROM sync_aliases WHERE tbl = ?1 AND alias = ?2")?
            .query_row(params![tbl, id], |r| r.get(0))
            .optional()?
            .unwrap_or_else(|| id.to_string()))
    }

    fn resolve_value(&self, t: &Table, col: &str, v: Value) -> Result<Value> {
        match (t.refs.iter().find(|(c, _)| *c == col), v) {
            (Some((_, parent)), Value::Text(id)) => Ok(Value::Text(self.resolve(parent, &id)?)),
            (_, v) => Ok(v),
        }
    }

    fn aliases(&mut self, b: &Connection) -> Result<()> {
        let mut stmt = b.prepare("SELECT tbl, alias, canonical FROM aliases")?;
        let rows: Vec<(String, String, String)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (tbl, alias, canonical) in rows {
            let Some(t) = columns::table(&tbl) else {
                continue;
            };
            self.merge_records(t, &alias, &canonical)?;
        }
        Ok(())
    }

    /// Makes `alias` mean `canonical` here: the alias row, if any, is folded into the canonical.
    fn merge_records(&mut self, t: &'static Table, alias: &str, canonical: &str) -> Result<()> {
        self.conn.execute(
            "INSERT OR IGNORE INTO sync_aliases (tbl, alias, canonical) VALUES (?1, ?2, ?3)",
            params![t.name, alias, canonical],
        )?;
        if !versions::row_exists(self.conn, t.name, alias)? {
            return Ok(());
        }
        if !versions::row_exists(self.conn, t.name, canonical)? {
            return self.rekey(t, alias, canonical);
        }
        // Both here: the alias's fields join the canonical's as versions, then it goes.
        let mut fields = Vec::new();
        for c in t.columns {
            let v = versions::current(self.conn, t.name, alias, c, self.base)?;
            let value = versions::cell(self.conn, t.name, alias, c)?.unwrap_or(Value::Null);
            fields.push((*c, v, value));
        }
        self.repoint(t, alias, canonical)?;
        self.conn
            .execute(&format!("DELETE FROM {} WHERE id = ?1", t.name), [alias])?;
        for table in ["sync_versions", "sync_conflicts", "sync_orphans"] {
            self.conn.execute(
                &format!("DELETE FROM {table} WHERE tbl = ?1 AND row_id = ?2"),
                params![t.name, alias],
            )?;
        }
        for (c, v, value) in fields {
            self.field(t, canonical, c, v, value)?;
        }
        Ok(())
    }

    /// Points every reference to `old` at `new` (children, derived tables, versions).
    fn repoint(&mut self, t: &Table, old: &str, new: &str) -> Result<()> {
        for child in TABLES {
            for (col, parent) in child.refs {
                if *parent == t.name {
                    self.conn.execute(
                        &format!("UPDATE {} SET {col} = ?2 WHERE {col} = ?1", child.name),
                        params![old, new],
                    )?;
                }
            }
        }
        if t.name == "enterprises" {
            for (table, col) in [
                ("rankings", "enterprise_id"),
                ("alert_list", "enterprise_id"),
                ("commissioner_assignments", "enterprise_id"),
                ("reward_summary", "enterprise_id"),
            ] {
                self.conn.execute(
                    &format!("UPDATE {table} SET {col} = ?2 WHERE {col} = ?1"),
                    params![old, new],
                )?;
            }
            self.touched.insert(new.to_string());
        }
        if t.name == "commissioners" {
            self.conn.execute(
                "UPDATE commissioner_assignments SET commissioner_id = ?2 WHERE commissioner_id = ?1",
                params![old, new],
            )?;
        }
        Ok(())
    }

    fn rekey(&mut self, t: &Table, old: &str, new: &str) -> Result<()> {
        self.conn.execute(
            &format!("UPDATE {} SET id = ?2 WHERE id = ?1", t.name),
            params![old, new],
        )?;
        self.repoint(t, old, new)?;
        for table in ["sync_versions", "sync_conflicts", "sync_orphans"] {
            self.conn.execute(
                &format!("UPDATE {table} SET row_id = ?3 WHERE tbl = ?1 AND row_id = ?2"),
                params![t.name, old, new],
            )?;
        }
        Ok(())
    }

    fn rows(&mut self, b: &Connection) -> Result<()> {
        for t in TABLES {
            let mut stmt = b.prepare(
                "SELECT row_id, origin, seq, hlc, who, data FROM rows WHERE tbl = ?1 ORDER BY row_id",
            )?;
            let mut rows = stmt.query([t.name])?;
            while let Some(r) = rows.next()? {
                let id: String = r.get(0)?;
                let v = self.version(r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, None)?;
                self.clock.hear(v.hlc);
                let data: String = r.get(5)?;
                let data: serde_json::Value = serde_json::from_str(&data)
                    .map_err(|e| StoreError::BadValue(format!("bundle row {id}: {e}")))?;
                self.row(t, &id, v, data)?;
            }
        }
        Ok(())
    }

    /// The synced values of a row from its JSON, references resolved through aliases.
    fn values(&self, t: &Table, data: &serde_json::Value) -> Result<Vec<(&'static str, Value)>> {
        let mut out = Vec::new();
        for c in t.columns {
            if let Some(v) = data.get(*c) {
                out.push((*c, self.resolve_value(t, c, json_to_value(v))?));
            }
        }
        Ok(out)
    }

    fn row(
        &mut self,
        t: &'static Table,
        id: &str,
        v: Version,
        data: serde_json::Value,
    ) -> Result<()> {
        let id = self.resolve(t.name, id)?;
        let values = self.values(t, &data)?;
        if versions::row_exists(self.conn, t.name, &id)? {
            let here = versions::row_version(self.conn, t.name, &id, self.base)?;
            if here.origin == v.origin && here.seq == v.seq {
                self.out.known += 1;
                return Ok(());
            }
            for (c, value) in values {
                self.field(t, &id, c, v.clone(), value)?;
            }
            return Ok(());
        }
        if versions::tombstoned(self.conn, t.name, &id)? {
            self.revive.insert((t.name.to_string(), id), (v, data));
            return Ok(());
        }
        if let Some(local) = self.same_key(t, &id, &values)? {
            let (canonical, alias) = if local < id {
                (local, id.clone())
            } else {
                (id.clone(), local)
            };
            self.merge_records(t, &alias, &canonical)?;
            if versions::row_exists(self.conn, t.name, &canonical)? {
                for (c, value) in values {
                    self.field(t, &canonical, c, v.clone(), value)?;
                }
                return Ok(());
            }
        }
        if !self.parents_here(t, &values)? {
            // A record whose parent is not here (outside this file's scope, or not arrived
            // yet): kept until the parent comes.
            let data = serde_json::to_string(&data).unwrap_or_default();
            return self.orphan(t.name, &id, "", &v, &Value::Text(data));
        }
        self.insert(t, &id, &v, &values)
    }

    /// Whether every record `values` refer to is here.
    fn parents_here(&self, t: &Table, values: &[(&str, Value)]) -> Result<bool> {
        for (col, parent) in t.refs {
            if let Some((_, Value::Text(id))) = values.iter().find(|(c, _)| c == col)
                && !versions::row_exists(self.conn, parent, id)?
            {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Another row here with the same natural key.
    fn same_key(&self, t: &Table, id: &str, values: &[(&str, Value)]) -> Result<Option<String>> {
        if t.key.is_empty() {
            return Ok(None);
        }
        let mut conds = Vec::new();
        let mut args = Vec::new();
        for (i, k) in t.key.iter().enumerate() {
            let v = values
                .iter()
                .find(|(c, _)| c == k)
                .map(|(_, v)| v.clone())
                .unwrap_or(Value::Null);
            conds.push(format!("{k} IS ?{}", i + 2));
            args.push(v);
        }
        let sql = format!(
            "SELECT id FROM {} WHERE id <> ?1 AND {} LIMIT 1",
            t.name,
            conds.join(" AND ")
        );
        let mut all = vec![Value::Text(id.to_string())];
        all.extend(args);
        Ok(self
            .conn
            .prepare_cached(&sql)?
            .query_row(rusqlite::params_from_iter(all), |r| r.get(0))
            .optional()?)
    }

    fn insert(
        &mut self,
        t: &'static Table,
        id: &str,
        v: &Version,
        values: &[(&str, Value)],
    ) -> Result<()> {
        let stamp = now_stamp();
        let mut names = vec!["id"];
        let mut args = vec![Value::Text(id.to_string())];
        for (c, value) in values {
            names.push(c);
            args.push(value.clone());
        }
        if !names.contains(&"created_at") {
            names.push("created_at");
            args.push(Value::Text(stamp.clone()));
        }
        names.push("updated_at");
        args.push(Value::Text(stamp));
        let marks: Vec<String> = (1..=names.len()).map(|i| format!("?{i}")).collect();
        self.conn
            .prepare_cached(&format!(
                "INSERT INTO {} ({}) VALUES ({})",
                t.name,
                names.join(", "),
                marks.join(", ")
            ))?
            .execute(rusqlite::params_from_iter(args))?;
        if !(v.origin == self.base && v.seq == 0) {
            versions::set_entry(self.conn, t.name, id, "", v)?;
        }
        self.inserted
            .entry(t.name)
            .or_default()
            .push(id.to_string());
        self.touch(t, id)?;
        if t.name == "enterprises" {
            self.renamed.insert(id.to_string());
        }
        self.out.rows += 1;
        Ok(())
    }

    fn touch(&mut self, t: &Table, id: &str) -> Result<()> {
        let enterprise: Option<String> = match t.link {
            Link::Enterprise => Some(id.to_string()),
            Link::EnterpriseColumn => {
                versions::cell(self.conn, t.name, id, "enterprise_id")?.and_then(text)
            }
            Link::ProjectColumn => self
                .conn
                .prepare_cached(&format!(
                    "SELECT p.enterprise_id FROM {} x JOIN projects p ON p.id = x.project_id
                     WHERE x.id = ?1",
                    t.name
                ))?
                .query_row([id], |r| r.get(0))
                .optional()?,
            Link::None | Link::DistrictCode => None,
        };
        if let Some(e) = enterprise {
            self.touched.insert(e);
        }
        Ok(())
    }

    fn fields(&mut self, b: &Connection) -> Result<()> {
        // Records coming back first, then values, then deletions (children before parents).
        let order = |deleted: bool, value: Option<i64>| -> String {
            let by_table: Vec<String> = TABLES
                .iter()
                .enumerate()
                .map(|(i, t)| format!("WHEN '{}' THEN {i}", t.name))
                .collect();
            let cond = match (deleted, value) {
                (true, Some(v)) => format!("col = '{DELETED}' AND value = {v}"),
                _ => format!("col <> '{DELETED}'"),
            };
            let dir = if value == Some(1) { "DESC" } else { "ASC" };
            format!(
                "SELECT tbl, row_id, col, origin, seq, hlc, who, seen, value FROM fields
                 WHERE {cond} ORDER BY CASE tbl {} END {dir}, row_id, col, origin, seq",
                by_table.join(" ")
            )
        };
        for sql in [
            order(true, Some(0)),
            order(false, None),
            order(true, Some(1)),
        ] {
            let mut stmt = b.prepare(&sql)?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let tbl: String = r.get(0)?;
                let Some(t) = columns::table(&tbl) else {
                    continue;
                };
                let col: String = r.get(2)?;
                if col.is_empty() {
                    // A record another file held back for its parent: a row, as it came.
                    let v = self.version(r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, None)?;
                    let data = match r.get::<_, Value>(8)? {
                        Value::Text(d) => serde_json::from_str(&d).unwrap_or_default(),
                        _ => continue,
                    };
                    let id: String = r.get(1)?;
                    self.row(t, &id, v, data)?;
                    continue;
                }
                let Some(col) = t
                    .columns
                    .iter()
                    .copied()
                    .chain([DELETED])
                    .find(|c| *c == col)
                else {
                    continue;
                };
                let seen: Option<String> = r.get(7)?;
                let v =
                    self.version(r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, seen.as_deref())?;
                self.clock.hear(v.hlc);
                let row = self.resolve(t.name, &r.get::<_, String>(1)?)?;
                let value = self.resolve_value(t, col, r.get(8)?)?;
                self.field(t, &row, col, v, value)?;
            }
        }
        Ok(())
    }

    /// Applies one version of one field.
    fn field(
        &mut self,
        t: &'static Table,
        row: &str,
        col: &'static str,
        v: Version,
        value: Value,
    ) -> Result<()> {
        let exists = versions::row_exists(self.conn, t.name, row)?;
        if (!exists && col != DELETED) || !self.parents_here(t, &[(col, value.clone())])? {
            // Its row has not arrived, or was deleted here: kept until it does (or for Review).
            self.orphan(t.name, row, col, &v, &value)?;
            return Ok(());
        }
        if !exists && !versions::tombstoned(self.conn, t.name, row)? {
            // A deletion of a record never seen here.
            versions::set_entry(self.conn, t.name, row, DELETED, &v)?;
            return Ok(());
        }
        let cur = versions::current(self.conn, t.name, row, col, self.base)?;
        let alts = versions::alternatives(self.conn, t.name, row, col)?;
        let seen = versions::field_seen(&cur, &alts);
        if v.covered_by(&seen) {
            self.out.known += 1;
            return Ok(());
        }
        let here = if col == DELETED {
            Value::Integer(i64::from(!exists))
        } else {
            versions::cell(self.conn, t.name, row, col)?.unwrap_or(Value::Null)
        };
        let mut all: Vec<(Version, Value)> = std::iter::once((cur.clone(), here.clone()))
            .chain(alts)
            .filter(|(s, _)| !s.covered_by(&v.seen))
            .collect();
        all.push((v, value));
        let win = self.winner(&all);
        let (winner, wvalue) = all.swap_remove(win);
        if winner != cur {
            versions::set_entry(self.conn, t.name, row, col, &winner)?;
        }
        versions::clear_alternatives(self.conn, t.name, row, col)?;
        for (alt, value) in &all {
            versions::add_alternative(self.conn, t.name, row, col, alt, value)?;
        }
        if wvalue != here {
            self.write(t, row, col, &wvalue)?;
        }
        Ok(())
    }

    /// The deterministic provisional winner: the latest clock, then the greater origin id.
    fn winner(&self, all: &[(Version, Value)]) -> usize {
        let key = |v: &Version| {
            (
                v.hlc,
                self.ids.get(&v.origin).cloned().unwrap_or_default(),
                v.seq,
            )
        };
        (0..all.len())
            .max_by(|a, b| key(&all[*a].0).cmp(&key(&all[*b].0)))
            .unwrap_or(0)
    }

    fn remember(&mut self, t: &Table, row: &str) -> Result<()> {
        let k = (t.name.to_string(), row.to_string());
        if !self.before.contains_key(&k)
            && !self
                .inserted
                .get(t.name)
                .is_some_and(|ids| ids.iter().any(|i| i == row))
            && let Some(j) = row_json(self.conn, t.name, row)?
        {
            self.before.insert(k, j);
        }
        Ok(())
    }

    fn write(&mut self, t: &'static Table, row: &str, col: &str, value: &Value) -> Result<()> {
        self.remember(t, row)?;
        self.touch(t, row)?;
        if col == DELETED {
            if *value == Value::Integer(1) {
                self.conn
                    .execute(&format!("DELETE FROM {} WHERE id = ?1", t.name), [row])?;
            } else if let Some((v, data)) =
                self.revive.remove(&(t.name.to_string(), row.to_string()))
            {
                let values = self.values(t, &data)?;
                self.insert(t, row, &v, &values)?;
            }
        } else {
            self.conn
                .prepare_cached(&format!(
                    "UPDATE {} SET {col} = ?2, updated_at = ?3 WHERE id = ?1",
                    t.name
                ))?
                .execute(params![row, value, now_stamp()])?;
            if t.name == "enterprises" && col == "name" {
                self.renamed.insert(row.to_string());
            }
        }
        self.out.fields += 1;
        Ok(())
    }

    fn orphan(&self, tbl: &str, row: &str, col: &str, v: &Version, value: &Value) -> Result<()> {
        versions::add_orphan(self.conn, tbl, row, col, v, value)
    }

    /// Field versions kept for rows that have now arrived.
    fn orphans(&mut self) -> Result<()> {
        let waiting: Vec<Orphan> = {
            let mut stmt = self.conn.prepare(
                "SELECT o.tbl, o.row_id, o.col, o.origin, o.seq, o.hlc, o.who, o.seen, o.value
                 FROM sync_orphans o ORDER BY o.col <> '', o.tbl, o.row_id",
            )?;
            stmt.query_map([], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                    r.get(8)?,
                ))
            })?
            .collect::<rusqlite::Result<_>>()?
        };
        for (tbl, row, col, origin, seq, hlc, who, seen, value) in waiting {
            let Some(t) = columns::table(&tbl) else {
                continue;
            };
            let id = self.resolve(t.name, &row)?;
            if col.is_empty() {
                let data: serde_json::Value = match &value {
                    Value::Text(s) => serde_json::from_str(s).unwrap_or_default(),
                    _ => serde_json::Value::Null,
                };
                let values = self.values(t, &data)?;
                if versions::row_exists(self.conn, t.name, &id)?
                    || !self.parents_here(t, &values)?
                {
                    continue;
                }
                self.conn.execute(
                    "DELETE FROM sync_orphans WHERE tbl = ?1 AND row_id = ?2 AND col = ''",
                    params![tbl, row],
                )?;
                let v = Version {
                    origin,
                    seq,
                    hlc,
                    who,
                    seen: parse_seen(seen.as_deref()),
                };
                self.row(t, &id, v, data)?;
                continue;
            }
            let Some(c) = t.columns.iter().copied().find(|c| *c == col) else {
                continue;
            };
            if !versions::row_exists(self.conn, t.name, &id)? {
                continue;
            }
            let parent_missing = !self.parents_here(t, &[(c, value.clone())])?;
            if parent_missing {
                continue;
            }
            self.conn.execute(
                "DELETE FROM sync_orphans WHERE tbl = ?1 AND row_id = ?2 AND col = ?3
                 AND origin = ?4 AND seq = ?5",
                params![tbl, row, col, origin, seq],
            )?;
            let v = Version {
                origin,
                seq,
                hlc,
                who,
                seen: parse_seen(seen.as_deref()),
            };
            self.field(t, &id, c, v, value)?;
        }
        Ok(())
    }

    fn peer(&self, head: &BundleHead) -> Result<()> {
        let seen = serde_json::to_string(&head.seen).unwrap_or_else(|_| "{}".into());
        self.conn.execute(
            "INSERT INTO sync_peers (file_id, origin, level, region, label, seen, heard_at)
             VALUES (?1, ?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (file_id) DO UPDATE SET level = excluded.level, region = excluded.region,
                 label = excluded.label, seen = excluded.seen, heard_at = excluded.heard_at",
            params![
                head.origin,
                head.level,
                head.region,
                head.label,
                seen,
                head.exported_at
            ],
        )?;
        Ok(())
    }

    /// One change group for the whole bundle, so History shows it and undo can revert it.
    fn log(&mut self, head: &BundleHead) -> Result<()> {
        if self.out.rows == 0 && self.out.fields == 0 {
            return Ok(());
        }
        let label = if head.label.is_empty() {
            format!("同步 {}", head.origin)
        } else {
            format!("同步 {}", head.label)
        };
        let group = changes::begin_foreign_group(self.conn, &label)?;
        for (tbl, ids) in &self.inserted {
            for chunk in ids.chunks(5000) {
                let after = serde_json::Value::from(chunk.to_vec());
                changes::log_in_group(
                    self.conn,
                    group,
                    tbl,
                    &chunk[0],
                    None,
                    ChangeAction::InsertRows,
                    None,
                    Some(&after),
                )?;
            }
        }
        for ((tbl, id), before) in &self.before {
            let after = row_json(self.conn, tbl, id)?;
            let enterprise = match tbl.as_str() {
                "enterprises" => Some(id.clone()),
                _ => before
                    .get("enterprise_id")
                    .and_then(|e| e.as_str())
                    .map(str::to_string),
            };
            let action = if after.is_some() {
                ChangeAction::Update
            } else {
                ChangeAction::Delete
            };
            changes::log_in_group(
                self.conn,
                group,
                tbl,
                id,
                enterprise.as_deref(),
                action,
                Some(before),
                after.as_ref(),
            )?;
        }
        Ok(())
    }

    fn derive(&mut self, today: Date, config: &Config) -> Result<()> {
        for id in &self.renamed {
            let name: Option<String> =
                versions::cell(self.conn, "enterprises", id, "name")?.and_then(text);
            if let Some(name) = name {
                self.conn.execute(
                    "UPDATE enterprises SET initials = ?2 WHERE id = ?1",
                    params![id, crate::text::pinyin_initials(&name)],
                )?;
            }
        }
        let live: Vec<&String> = self.touched.iter().collect();
        if live.len() > 2000 {
            derived::recompute(self.conn, Scope::All, today, config)?;
        } else {
            for id in live {
                if versions::row_exists(self.conn, "enterprises", id)? {
                    derived::recompute(self.conn, Scope::One(id), today, config)?;
                }
            }
        }
        Ok(())
    }
}

/// A kept version: table, row, column, origin, sequence, clock, who, seen, value.
type Orphan = (
    String,
    String,
    String,
    i64,
    i64,
    i64,
    Option<String>,
    Option<String>,
    Value,
);

fn text(v: Value) -> Option<String> {
    match v {
        Value::Text(s) => Some(s),
        _ => None,
    }
}
