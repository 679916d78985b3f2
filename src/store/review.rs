//! The Review screen's reads (待核对): the conflicts the linkage left for a person, with what
//! the screen needs beside each value (who by name, when in local time, whether it is this
//! file's own), and the choice written through `sync::resolve`.

use super::Result;
use super::sync::conflicts::{self, Conflict};
use super::sync::{columns, identity, resolve};
use crate::config::Config;
use rusqlite::{Connection, OptionalExtension};
use time::{Date, OffsetDateTime, PrimitiveDateTime, UtcOffset};

/// The code of a resolved conflict's change label.
pub const LABEL: &str = "核对";

/// What the screen shows beside one candidate of a conflict (same order as its candidates).
#[derive(Debug, Clone, PartialEq)]
pub struct Beside {
    /// The name of the commissioner who wrote it, when this file knows them.
    pub who_name: Option<String>,
    /// The value's own name, where the value is a reference (a commissioner id).
    pub value_name: Option<String>,
    /// When it was written, in local time.
    pub at: PrimitiveDateTime,
    /// Whether it was written in this file.
    pub here: bool,
}

/// One conflict waiting, as the Review screen lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewRow {
    pub conflict: Conflict,
    /// The record inside the enterprise the field belongs to (a project's or an action's
    /// name, a visit's day), when it is not the enterprise itself.
    pub item: Option<String>,
    pub beside: Vec<Beside>,
    /// For a record deleted in one place and edited in another: whether it can be restored
    /// (its table deletes softly); otherwise only the deletion can be kept.
    pub restorable: bool,
}

impl ReviewRow {
    /// Whether the record was deleted in one place and edited in another.
    pub fn is_deletion(&self) -> bool {
        self.conflict.column == columns::DELETED
    }

    /// The candidates a person may pick, by index: every value, but only the deletion where
    /// the record cannot come back.
    pub fn choices(&self) -> Vec<usize> {
        let n = self.conflict.candidates.len();
        if self.is_deletion() && !self.restorable {
            // The first candidate of a deletion conflict is the deletion (see `conflicts`).
            return vec![0];
        }
        (0..n).collect()
    }

    /// Which conflict this is (stable across reloads).
    pub fn key(&self) -> (&str, &str, &str) {
        let c = &self.conflict;
        (&c.table, &c.row_id, &c.column)
    }
}

/// Every conflict waiting, with what the screen shows beside each value; times are turned to
/// local time by `offset`.
pub fn rows(conn: &Connection, offset: UtcOffset) -> Result<Vec<ReviewRow>> {
    let own = identity::identity(conn).ok().map(|i| i.origin);
    conflicts::list(conn)?
        .into_iter()
        .map(|c| {
            let beside = c
                .candidates
                .iter()
                .map(|k| {
                    let value_name = match (c.column.as_str(), &k.value) {
                        ("commissioner_id", Some(id)) => super::commissioners::name_of(conn, id)?,
                        _ => None,
                    };
                    Ok(Beside {
                        who_name: match &k.who {
                            Some(id) => super::commissioners::name_of(conn, id)?,
                            None => None,
                        },
                        value_name,
                        at: local(k.at_ms, offset),
                        here: own.as_deref() == Some(k.origin.as_str()),
                    })
                })
                .collect::<Result<Vec<_>>>()?;
            let restorable =
                columns::table(&c.table).is_some_and(|t| t.columns.contains(&"deleted_at"));
            Ok(ReviewRow {
                item: item_name(conn, &c.table, &c.row_id)?,
                conflict: c,
                beside,
                restorable,
            })
        })
        .collect()
}

/// How many conflicts wait (the header's figure).
pub fn waiting(conn: &Connection) -> Result<usize> {
    conflicts::count(conn)
}

/// Keeps the candidate written by `origin` at `seq`: a new version of this file, logged and
/// undoable like any edit. Returns the change's label.
#[allow(clippy::too_many_arguments)]
pub fn pick(
    conn: &mut Connection,
    conflict: &Conflict,
    origin: &str,
    seq: i64,
    who: Option<&str>,
    today: Date,
    config: &Config,
) -> Result<String> {
    resolve::resolve(conn, conflict, origin, seq, who, today, config)?;
    // The label `resolve` logs the change under (`i18n::change_label` words its code).
    Ok(format!("{LABEL} {}", conflict.record))
}

/// Unix milliseconds as local time.
fn local(at_ms: i64, offset: UtcOffset) -> PrimitiveDateTime {
    let utc = OffsetDateTime::from_unix_timestamp_nanos(i128::from(at_ms) * 1_000_000)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH);
    let t = utc.to_offset(offset);
    PrimitiveDateTime::new(t.date(), t.time())
}

/// The name of a record below the enterprise (what tells two projects of one enterprise
/// apart); `None` for the enterprise itself and for records gone from the file.
fn item_name(conn: &Connection, table: &str, row: &str) -> Result<Option<String>> {
    // Table and column come from this fixed list, never from the data.
    let column = match table {
        "projects" | "milestones" | "activities" | "commissioners" => "name",
        "support_actions" => "action",
        "visits" => "coalesce(done_on, planned_on)",
        "requests" => "text",
        "certificates" => "number",
        "figures" | "rewards" | "targets" => "year",
        "pool_memberships" => "pool",
        _ => return Ok(None),
    };
    let sql = format!("SELECT CAST({column} AS TEXT) FROM {table} WHERE id = ?1");
    Ok(conn
        .query_row(&sql, [row], |r| r.get::<_, Option<String>>(0))
        .optional()?
        .flatten())
}

#[cfg(test)]
mod tests {
    use crate::store::Store;

    /// The deletion versions are found through their own small indexes, not by reading every
    /// version of a table (`conflicts::list` asks for them by table and column).
    #[test]
    fn deletions_are_looked_up_by_index() {
        let store = Store::in_memory().unwrap();
        for (col, index) in [
            ("_deleted", "sync_versions_deleted"),
            ("deleted_at", "sync_versions_deleted_at"),
        ] {
            let sql = format!(
                "EXPLAIN QUERY PLAN SELECT v.row_id FROM sync_versions v
                 WHERE v.tbl = 'visits' AND v.col = '{col}'"
            );
            let plan: Vec<String> = {
                let mut stmt = store.conn.prepare(&sql).unwrap();
                stmt.query_map([], |r| r.get(3))
                    .unwrap()
                    .collect::<Result<_, _>>()
                    .unwrap()
            };
            assert!(plan.iter().any(|p| p.contains(index)), "{plan:?}");
        }
    }
}
