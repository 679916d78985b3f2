//! The Targets screen's reads that are not figures (those are in `store::bureau`): what the
//! target forms offer.

use super::Result;
use crate::domain::targets::Metric;
use rusqlite::{Connection, params};

/// The districts of the live pool, by name (a new target's choices).
pub fn districts_in_use(conn: &Connection) -> Result<Vec<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT DISTINCT district FROM enterprises
             WHERE deleted_at IS NULL AND district <> '' ORDER BY district",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}

/// A district's stored values of a metric's target: (year, value), by year.
pub fn values_of(conn: &Connection, district: &str, metric: Metric) -> Result<Vec<(i32, f64)>> {
    Ok(conn
        .prepare(
            "SELECT year, value FROM targets WHERE district = ?1 AND metric = ?2 ORDER BY year",
        )?
        .query_map(params![district, metric], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?)
}
