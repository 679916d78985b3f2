//! A person's choice in a conflict: the chosen value written as a new version of this file,
//! which overwrites every value it was chosen from (so the choice travels like any edit).

use super::columns::{self, DELETED};
use super::conflicts::Conflict;
use super::identity::base_no;
use super::versions;
use crate::config::Config;
use crate::store::changes::ChangeSet;
use crate::store::{Result, StoreError};
use rusqlite::types::Value;
use rusqlite::{Connection, params};
use time::Date;

/// Keeps the candidate of `conflict` written by origin `origin` at `seq`.
pub fn resolve(
    conn: &mut Connection,
    conflict: &Conflict,
    origin: &str,
    seq: i64,
    who: Option<&str>,
    today: Date,
    config: &Config,
) -> Result<()> {
    let Some(t) = columns::table(&conflict.table) else {
        return Err(StoreError::BadValue(format!("table {}", conflict.table)));
    };
    let Some(pick) = conflict
        .candidates
        .iter()
        .position(|c| c.origin == origin && c.seq == seq)
    else {
        return Err(StoreError::Invalid("that value is no longer in conflict".into()));
    };
    let tx = conn.transaction()?;
    let row = conflict.row_id.as_str();
    let enterprise = conflict.enterprise_id.clone().unwrap_or_default();
    let label = format!("核对 {}", conflict.record);
    let mut cs = ChangeSet::begin(&tx, who, &label)?;
    let mark = |col: &str| {
        tx.execute(
            "INSERT OR IGNORE INTO sync_dirty (tbl, row_id, col) VALUES (?1, ?2, ?3)",
            params![t.name, row, col],
        )
    };
    if conflict.column == DELETED {
        let soft = t.columns.contains(&"deleted_at");
        let keep_deleted = pick == 0;
        if soft {
            if !keep_deleted {
                cs.update(t.name, row, &enterprise, &[("deleted_at", Value::Null)])?;
            }
            mark("deleted_at")?;
        } else {
            mark(DELETED)?;
        }
    } else {
        let base = base_no(&tx)?;
        let cur = versions::current(&tx, t.name, row, &conflict.column, base)?;
        let value = if pick == 0 || (cur.seq == seq && conflict.candidates[0].origin == origin) {
            versions::cell(&tx, t.name, row, &conflict.column)?.unwrap_or(Value::Null)
        } else {
            versions::alternatives(&tx, t.name, row, &conflict.column)?
                .into_iter()
                .find(|(v, _)| v.seq == seq && conflict.candidates.iter().any(|c| c.origin == origin && c.seq == v.seq))
                .map(|(_, value)| value)
                .ok_or_else(|| StoreError::Invalid("that value is no longer in conflict".into()))?
        };
        let col = columns::TABLES
            .iter()
            .flat_map(|t| t.columns.iter())
            .find(|c| **c == conflict.column)
            .copied()
            .ok_or_else(|| StoreError::BadValue(format!("column {}", conflict.column)))?;
        cs.update(t.name, row, &enterprise, &[(col, value)])?;
        mark(col)?;
    }
    cs.finish(today, config)?;
    if conflict.column == DELETED {
        // Versions of a deleted record's fields that the choice overwrote are of no more use.
        let col = if t.columns.contains(&"deleted_at") { "deleted_at" } else { DELETED };
        if let Some(d) = versions::entry(&tx, t.name, row, col)? {
            let orphans: Vec<(i64, i64)> = {
                let mut stmt = tx
                    .prepare("SELECT origin, seq FROM sync_orphans WHERE tbl = ?1 AND row_id = ?2")?;
                stmt.query_map(params![t.name, row], |r| Ok((r.get(0)?, r.get(1)?)))?
                    .collect::<rusqlite::Result<_>>()?
            };
            for (o, s) in orphans {
                if d.seen.get(&o).is_some_and(|x| *x >= s) {
                    tx.execute(
                        "DELETE FROM sync_orphans WHERE tbl = ?1 AND row_id = ?2 AND origin = ?3
                         AND seq = ?4",
                        params![t.name, row, o, s],
                    )?;
                }
            }
        }
    }
    tx.commit()?;
    Ok(())
}
