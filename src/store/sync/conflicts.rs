//! The conflicts waiting for a person: fields with more than one surviving value, and edits
//! to records deleted elsewhere. Resolving one writes the chosen value as a new version.

use super::columns::{self, DELETED, TABLES};
use super::identity::base_no;
use super::versions::{self, Version, parse_seen};
use crate::store::Result;
use rusqlite::types::Value;
use rusqlite::{Connection, params};

/// One value of a field in conflict.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Candidate {
    /// The value as text (`None`: empty; for `_deleted`, "1" deleted, "0" kept).
    pub value: Option<String>,
    /// Who wrote it (a commissioner id) and when (Unix milliseconds).
    pub who: Option<String>,
    pub at_ms: i64,
    /// The file it came from: origin id, its label and level.
    pub origin: String,
    pub origin_label: String,
    pub origin_level: String,
    /// The version's sequence in its origin (with `origin`, what `resolve` picks).
    pub seq: i64,
    /// The provisional winner (the value the file shows now).
    pub shown: bool,
}

/// A field in conflict.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Conflict {
    pub table: String,
    pub row_id: String,
    /// The column, or `_deleted` for a record deleted in one place and edited in another.
    pub column: String,
    pub enterprise_id: Option<String>,
    /// The enterprise's name (or the record's own name when it has no enterprise).
    pub record: String,
    pub candidates: Vec<Candidate>,
}

fn text(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::Integer(i) => Some(i.to_string()),
        Value::Real(x) => Some(x.to_string()),
        Value::Text(s) => Some(s.clone()),
        Value::Blob(b) => Some(format!("<{} bytes>", b.len())),
    }
}

fn origin_info(conn: &Connection, no: i64) -> Result<(String, String, String)> {
    Ok(conn
        .prepare_cached("SELECT id, label, level FROM sync_origins WHERE no = ?1")?
        .query_row([no], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?)
}

fn candidate(conn: &Connection, v: &Version, value: &Value, shown: bool) -> Result<Candidate> {
    let (origin, origin_label, origin_level) = origin_info(conn, v.origin)?;
    Ok(Candidate {
        value: text(value),
        who: v.who.clone(),
        at_ms: v.hlc >> 8,
        origin,
        origin_label,
        origin_level,
        seq: v.seq,
        shown,
    })
}

fn record_of(conn: &Connection, tbl: &str, row: &str) -> Result<(Option<String>, String)> {
    let t = columns::table(tbl);
    let enterprise: Option<String> = match t.map(|t| t.link) {
        Some(columns::Link::Enterprise) => Some(row.to_string()),
        Some(columns::Link::EnterpriseColumn) => {
            versions::cell(conn, tbl, row, "enterprise_id")?.and_then(|v| text(&v))
        }
        Some(columns::Link::ProjectColumn) => conn
            .query_row(
                &format!(
                    "SELECT p.enterprise_id FROM {tbl} x JOIN projects p ON p.id = x.project_id
                     WHERE x.id = ?1"
                ),
                [row],
                |r| r.get(0),
            )
            .ok(),
        _ => None,
    };
    let name = match &enterprise {
        Some(e) => versions::cell(conn, "enterprises", e, "name")?.and_then(|v| text(&v)),
        None if tbl == "commissioners" || tbl == "activities" => {
            versions::cell(conn, tbl, row, "name")?.and_then(|v| text(&v))
        }
        None => None,
    };
    Ok((enterprise, name.unwrap_or_else(|| row.to_string())))
}

/// A field's other surviving versions with their values.
type Alternatives = Vec<(Version, Value)>;

fn fields_with_alternatives(conn: &Connection) -> Result<Vec<(String, String, String)>> {
    let mut stmt = conn.prepare(
        "SELECT DISTINCT tbl, row_id, col FROM sync_conflicts ORDER BY tbl, row_id, col",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The value a field shows and its alternatives, when one of them differs from it (equal
/// values kept side by side are no conflict for a person).
fn differing(
    conn: &Connection,
    tbl: &str,
    row: &str,
    col: &str,
) -> Result<Option<(Value, Alternatives)>> {
    let exists = versions::row_exists(conn, tbl, row)?;
    let here = if col == DELETED {
        Value::Integer(i64::from(!exists))
    } else if exists {
        versions::cell(conn, tbl, row, col)?.unwrap_or(Value::Null)
    } else {
        return Ok(None);
    };
    let alts = versions::alternatives(conn, tbl, row, col)?;
    Ok((!alts.iter().all(|(_, v)| *v == here)).then_some((here, alts)))
}

/// Every conflict, in a stable order (table, record, column).
pub fn list(conn: &Connection) -> Result<Vec<Conflict>> {
    let base = base_no(conn)?;
    let mut out = Vec::new();
    for (tbl, row, col) in fields_with_alternatives(conn)? {
        let Some((here, alts)) = differing(conn, &tbl, &row, &col)? else {
            continue;
        };
        let cur = versions::current(conn, &tbl, &row, &col, base)?;
        let mut candidates = vec![candidate(conn, &cur, &here, true)?];
        let mut others = Vec::new();
        for (v, value) in &alts {
            others.push(candidate(conn, v, value, false)?);
        }
        // The same order in every file (local origin numbers differ from file to file).
        others.sort_by(|a, b| (&a.origin, a.seq).cmp(&(&b.origin, b.seq)));
        candidates.extend(others);
        let (enterprise_id, record) = record_of(conn, &tbl, &row)?;
        out.push(Conflict {
            table: tbl,
            row_id: row,
            column: col,
            enterprise_id,
            record,
            candidates,
        });
    }
    out.extend(deleted_but_edited(conn, base)?);
    out.sort_by(|a, b| {
        (&a.table, &a.record, &a.row_id, &a.column)
            .cmp(&(&b.table, &b.record, &b.row_id, &b.column))
    });
    Ok(out)
}

/// Records deleted in one place while another place edited them (the edit was not seen by
/// the deletion).
fn deleted_but_edited(conn: &Connection, base: i64) -> Result<Vec<Conflict>> {
    let mut out = Vec::new();
    for t in TABLES {
        let soft = t.columns.contains(&"deleted_at");
        let sql = if soft {
            format!(
                "SELECT v.row_id, v.col FROM sync_versions v JOIN {n} x ON x.id = v.row_id
                 WHERE v.tbl = '{n}' AND v.col = 'deleted_at' AND x.deleted_at IS NOT NULL",
                n = t.name
            )
        } else {
            format!(
                "SELECT v.row_id, v.col FROM sync_versions v WHERE v.tbl = '{n}' AND v.col = '{DELETED}'
                 AND NOT EXISTS (SELECT 1 FROM {n} x WHERE x.id = v.row_id)",
                n = t.name
            )
        };
        let rows: Vec<(String, String)> = {
            let mut stmt = conn.prepare(&sql)?;
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?
        };
        for (row, col) in rows {
            let Some(d) = versions::entry(conn, t.name, &row, &col)? else {
                continue;
            };
            let mut stmt = conn.prepare_cached(
                "SELECT origin, seq, hlc, who, seen, col FROM sync_versions
                 WHERE tbl = ?1 AND row_id = ?2 AND col NOT IN ('', 'deleted_at', '_deleted')
                 UNION ALL
                 SELECT origin, seq, hlc, who, seen, col FROM sync_orphans WHERE tbl = ?1 AND row_id = ?2
                 UNION ALL
                 SELECT origin, seq, hlc, who, seen, col FROM sync_conflicts WHERE tbl = ?1 AND row_id = ?2",
            )?;
            let edits: Vec<Version> = stmt
                .query_map(params![t.name, row], |r| {
                    let seen: Option<String> = r.get(4)?;
                    Ok(Version {
                        origin: r.get(0)?,
                        seq: r.get(1)?,
                        hlc: r.get(2)?,
                        who: r.get(3)?,
                        seen: parse_seen(seen.as_deref()),
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            let unseen: Vec<&Version> = edits.iter().filter(|e| !e.covered_by(&d.seen)).collect();
            // The latest edit, the same on every file (ties by origin id, as winners are).
            let mut keyed = Vec::new();
            for e in &unseen {
                keyed.push(((e.hlc, origin_info(conn, e.origin)?.0, e.seq), *e));
            }
            let Some((_, edit)) = keyed.into_iter().max_by(|a, b| a.0.cmp(&b.0)) else {
                continue;
            };
            let (enterprise_id, record) = record_of(conn, t.name, &row)?;
            let _ = base;
            out.push(Conflict {
                table: t.name.to_string(),
                row_id: row,
                column: DELETED.to_string(),
                enterprise_id,
                record,
                candidates: vec![
                    candidate(conn, &d, &Value::Integer(1), true)?,
                    candidate(conn, edit, &Value::Integer(0), false)?,
                ],
            });
        }
    }
    Ok(out)
}

/// How many conflicts wait (the header's count, after every write: without the names and
/// candidates `list` words).
pub fn count(conn: &Connection) -> Result<usize> {
    let mut n = 0;
    for (tbl, row, col) in fields_with_alternatives(conn)? {
        n += usize::from(differing(conn, &tbl, &row, &col)?.is_some());
    }
    Ok(n + deleted_but_edited(conn, base_no(conn)?)?.len())
}
