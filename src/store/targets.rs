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

use super::bureau::TargetRow;
use super::listview::{Facet, SortCol, SortValue, ViewRow};

/// The columns the Targets list sorts by (its own order: by district, then metric).
pub const TARGET_SORTS: &[SortCol] = &[
    SortCol::District,
    SortCol::Metric,
    SortCol::Target,
    SortCol::Actual,
    SortCol::Progress,
];

/// The facets the Targets list filters by.
pub const TARGET_FACETS: &[Facet] = &[Facet::District, Facet::Metric];

impl ViewRow for TargetRow {
    fn sort_value(&self, col: SortCol) -> SortValue {
        let num = |v: Option<f64>| v.map_or(SortValue::None, SortValue::Number);
        match col {
            SortCol::District => SortValue::Text(self.district.clone()),
            // In the metrics' own order.
            SortCol::Metric => SortValue::Number(
                Metric::ALL
                    .iter()
                    .position(|m| *m == self.metric)
                    .unwrap_or(0) as f64,
            ),
            SortCol::Target => SortValue::Number(self.target),
            SortCol::Actual => num(self.actual),
            SortCol::Progress => num(self.progress),
            _ => SortValue::None,
        }
    }

    fn facet_value(&self, f: Facet) -> Option<String> {
        match f {
            Facet::District => Some(self.district.clone()),
            Facet::Metric => Some(self.metric.code().to_string()),
            _ => None,
        }
    }
}

/// The years the Targets screen offers: those with targets and `this_year`, oldest first.
pub fn years(conn: &Connection, this_year: i32) -> Result<Vec<i32>> {
    let mut years = super::bureau::target_years(conn)?;
    years.push(this_year);
    years.sort_unstable();
    years.dedup();
    Ok(years)
}
