//! Summaries: whole-pool figures kept in the `summaries` table between writes.
//!
//! A summary is computed once per day and kind (the header's counts, commissioner figures, target
//! actuals, the year's rewards) and read back while nothing changes; the trigger on
//! `change_groups` forgets every summary with the first write, so a summary never shows data older
//! than the file.

use super::Result;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// What a summary holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Overview,
    Commissioners,
    Targets,
    Rewards,
    // trends: red/yellow projects by month, visits done by week
    ColourTrend,
    VisitTrend,
}

impl Kind {
    fn code(self) -> &'static str {
        match self {
            Kind::Overview => "overview",
            Kind::Commissioners => "commissioners",
            Kind::Targets => "targets",
            Kind::Rewards => "rewards",
            Kind::ColourTrend => "colour_trend",
            Kind::VisitTrend => "visit_trend",
        }
    }
}

/// The token of the current summary of `kind` for `year` as of `as_of`, if there is one. A token
/// names one computation: the same token means the same figures.
pub fn token(conn: &Connection, kind: Kind, year: i32, as_of: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT token FROM summaries WHERE kind = ?1 AND year = ?2 AND as_of = ?3")?
        .query_row(params![kind.code(), year, as_of], |r| r.get(0))
        .optional()?)
}

/// The summary of `kind` for `year` as of `as_of` when it is kept, without computing it (one
/// row read: for a screen that shows it when it is there and waits for the background
/// otherwise). A summary kept by another version that no longer reads is not there.
pub fn kept<T: DeserializeOwned>(
    conn: &Connection,
    kind: Kind,
    year: i32,
    as_of: &str,
) -> Result<Option<T>> {
    let data: Option<String> = conn
        .prepare_cached("SELECT data FROM summaries WHERE kind = ?1 AND year = ?2 AND as_of = ?3")?
        .query_row(params![kind.code(), year, as_of], |r| r.get(0))
        .optional()?;
    Ok(data.and_then(|d| serde_json::from_str(&d).ok()))
}

/// The summary of `kind` for `year` as of `as_of` (a day, or an hour for figures that move
/// with the clock) with its token: read back when it is current,
/// else computed by `compute` and kept. The computation and the keeping are one transaction, so a
/// write by another connection in between leaves nothing stale behind (the figures are returned
/// but not kept).
pub fn get<T: Serialize + DeserializeOwned>(
    conn: &Connection,
    kind: Kind,
    year: i32,
    as_of: &str,
    compute: impl FnOnce(&Connection) -> Result<T>,
) -> Result<(String, T)> {
    let stored: Option<(String, String)> = conn
        .prepare_cached(
            "SELECT token, data FROM summaries WHERE kind = ?1 AND year = ?2 AND as_of = ?3",
        )?
        .query_row(params![kind.code(), year, as_of], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    if let Some((token, data)) = stored
        && let Ok(value) = serde_json::from_str(&data)
    {
        return Ok((token, value));
    }
    let own = conn.is_autocommit();
    if own {
        conn.execute_batch("BEGIN")?;
    }
    let kept = compute(conn).and_then(|value| {
        let token = super::new_id();
        let data = serde_json::to_string(&value)
            .map_err(|e| super::StoreError::BadValue(e.to_string()))?;
        let put = conn
            .prepare_cached(
                "INSERT OR REPLACE INTO summaries (kind, year, as_of, token, data)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![kind.code(), year, as_of, token, data]);
        Ok((token, value, put))
    });
    match kept {
        Ok((token, value, put)) => {
            if own {
                // Not kept (the file is busy, or changed since the read began): the figures are
                // still right for this read.
                if put.is_err() || conn.execute_batch("COMMIT").is_err() {
                    let _ = conn.execute_batch("ROLLBACK");
                }
            } else {
                put?;
            }
            Ok((token, value))
        }
        Err(e) => {
            if own {
                let _ = conn.execute_batch("ROLLBACK");
            }
            Err(e)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    #[test]
    fn kept_until_the_next_write_or_day() {
        let store = Store::in_memory().unwrap();
        let conn = &store.conn;
        let day = "2026-11-21";
        let mut runs = 0;
        let mut get_one = |day: &str| {
            get(conn, Kind::Rewards, 2026, day, |_| {
                runs += 1;
                Ok(vec![runs])
            })
            .unwrap()
        };
        let (t1, v1) = get_one(day);
        let (t2, v2) = get_one(day);
        assert_eq!((t1.as_str(), &v1), (t2.as_str(), &v2));
        assert_eq!(v2, vec![1]);
        // Another day computes again.
        let (t3, v3) = get_one("2026-11-22");
        assert_ne!(t3, t1);
        assert_eq!(v3, vec![2]);
        // Any change group forgets every summary.
        crate::store::changes::ChangeSet::begin(conn, None, "test").unwrap();
        assert_eq!(
            token(conn, Kind::Rewards, 2026, "2026-11-22").unwrap(),
            None
        );
        let (_, v4) = get_one("2026-11-22");
        assert_eq!(v4, vec![3]);
    }
}
