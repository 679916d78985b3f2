//! Yearly figures.

use super::*;
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, params};

/// A year's figures added or saved.
pub(super) fn save_figures(
    tx: &Connection,
    cs: &mut ChangeSet<'_>,
    _ctx: &EditContext<'_>,
    edit: &Edit,
    _eid: Option<String>,
) -> Result<String> {
    let Edit::SaveFigures {
        enterprise_id,
        figures: f,
    } = edit
    else {
        return Err(not_this(edit));
    };
    let int = |v: Option<i64>| v.map_or(Value::Null, Value::Integer);
    let cols: Vec<(&str, Value)> = vec![
        ("staff", int(f.staff)),
        ("scitech_staff", int(f.scitech_staff)),
        ("sales", int(f.sales)),
        ("total_income", int(f.total_income)),
        ("hightech_income", int(f.hightech_income)),
        ("rd_spend", int(f.rd_spend)),
        ("rd_domestic", int(f.rd_domestic)),
        ("net_assets", int(f.net_assets)),
        ("total_assets", int(f.total_assets)),
        ("liabilities", int(f.liabilities)),
        ("ip_class1", int(f.ip_class1)),
        ("ip_class2", int(f.ip_class2)),
        ("results_transferred", int(f.results_transferred)),
        (
            "rd_mgmt_score",
            f.rd_mgmt_score.map_or(Value::Null, Value::Real),
        ),
        (
            "major_incident",
            f.major_incident
                .map_or(Value::Null, |b| Value::Integer(i64::from(b))),
        ),
        (
            "annual_report_filed",
            f.annual_report_filed.map_or(Value::Null, date),
        ),
    ];
    let existing: Option<String> = tx
        .query_row(
            "SELECT id FROM figures WHERE enterprise_id = ?1 AND year = ?2",
            params![enterprise_id, f.year],
            |r| r.get(0),
        )
        .optional()?;
    match existing {
        Some(fid) => {
            cs.update("figures", &fid, enterprise_id, &cols)?;
        }
        None => {
            let mut all = vec![
                ("id", Value::Text(new_id())),
                ("enterprise_id", text(enterprise_id)),
                ("year", Value::Integer(i64::from(f.year))),
            ];
            all.extend(cols);
            cs.insert("figures", enterprise_id, &all)?;
        }
    }
    Ok(enterprise_id.clone())
}
