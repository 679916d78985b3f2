//! `seedbed sync status`: this file's place, its peers, what waits to be sent, conflicts.

use super::identity::{Identity, identity};
use crate::store::Result;
use rusqlite::Connection;
use std::collections::BTreeMap;

/// One peer as this file last heard of it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Peer {
    pub origin: String,
    pub level: String,
    pub region: String,
    pub label: String,
    /// When the peer wrote the bundle we read last.
    pub heard_at: Option<String>,
    /// Versions held here that the peer had not seen then.
    pub waiting: i64,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Status {
    pub me: Identity,
    /// Versions written here (this origin's sequence).
    pub written: i64,
    pub peers: Vec<Peer>,
    pub conflicts: usize,
}

pub fn status(conn: &Connection) -> Result<Status> {
    let me = identity(conn)?;
    let written: i64 = conn
        .query_row("SELECT value FROM meta WHERE key = 'sync_seq'", [], |r| {
            r.get::<_, String>(0)
        })
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let rows: Vec<(String, String, String, String, Option<String>, String)> = {
        let mut stmt = conn.prepare(
            "SELECT origin, level, region, label, heard_at, seen FROM sync_peers ORDER BY level, label, origin",
        )?;
        stmt.query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?
    };
    // Versions written here or heard of, by origin (the same for every peer).
    let by_origin: Vec<(String, i64)> = {
        let mut stmt = conn.prepare(
            "SELECT o.id, count(*) FROM sync_versions v JOIN sync_origins o ON o.no = v.origin
             WHERE v.seq > 0 GROUP BY o.id",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut peers = Vec::new();
    for (origin, level, region, label, heard_at, seen) in rows {
        let seen: BTreeMap<String, i64> = serde_json::from_str(&seen).unwrap_or_default();
        let mut waiting = 0;
        for (id, n) in &by_origin {
            let have = seen.get(id).copied().unwrap_or(-1);
            if have < 0 {
                waiting += n;
            } else {
                waiting += conn.query_row(
                    "SELECT count(*) FROM sync_versions v JOIN sync_origins o ON o.no = v.origin
                     WHERE o.id = ?1 AND v.seq > ?2",
                    rusqlite::params![id, have],
                    |r| r.get::<_, i64>(0),
                )?;
            }
        }
        peers.push(Peer {
            origin,
            level,
            region,
            label,
            heard_at,
            waiting,
        });
    }
    Ok(Status {
        me,
        written,
        peers,
        conflicts: super::conflicts::count(conn)?,
    })
}
