//! The district's targets.

use super::*;
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, params};

/// A district's target for a metric and year.
pub(super) fn set_target(
    tx: &Connection,
    cs: &mut ChangeSet<'_>,
    _ctx: &EditContext<'_>,
    edit: &Edit,
    _eid: Option<String>,
) -> Result<String> {
    let Edit::SetTarget {
        district,
        metric,
        year,
        value,
    } = edit
    else {
        return Err(not_this(edit));
    };
    if !value.is_finite() {
        return Err(invalid(format!("target {value} is not a number")));
    }
    if !(1900..=2200).contains(year) {
        return Err(invalid(format!("target year {year} is out of range")));
    }
    let (district, code) =
        crate::store::districts::target_scope(tx, district, metric.code(), *year)?;
    let district = district.as_str();
    let existing: Option<String> = tx
        .query_row(
            "SELECT id FROM targets WHERE district = ?1 AND metric = ?2 AND year = ?3",
            params![district, metric.code(), year],
            |r| r.get(0),
        )
        .optional()?;
    match existing {
        Some(id) => {
            cs.update("targets", &id, "", &[("value", Value::Real(*value))])?;
        }
        None => {
            cs.insert(
                "targets",
                "",
                &[
                    ("id", Value::Text(new_id())),
                    ("district", text(district)),
                    ("district_code", code.map_or(Value::Null, text)),
                    ("metric", text(metric.code())),
                    ("year", Value::Integer(i64::from(*year))),
                    ("value", Value::Real(*value)),
                ],
            )?;
        }
    }
    Ok(String::new())
}
