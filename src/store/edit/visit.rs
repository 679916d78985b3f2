//! Visits: logged, planned, moved, cancelled.

use super::*;
use crate::domain::RequestStatus;
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, params};
use time::{Date, PrimitiveDateTime};

/// A visit done: completes the planned visit or records a new one, with the requests raised
/// during it and the next visit planned.
pub(super) fn log_visit(
    tx: &Connection,
    cs: &mut ChangeSet<'_>,
    ctx: &EditContext<'_>,
    edit: &Edit,
    _eid: Option<String>,
) -> Result<String> {
    let Edit::LogVisit {
        enterprise_id,
        planned_visit_id,
        date: on,
        mode,
        attendees,
        notes,
        requests,
        next,
    } = edit
    else {
        return Err(not_this(edit));
    };
    let who = ctx.commissioner.map_or(Value::Null, text);
    if *on > ctx.now.date() {
        return Err(invalid(format!(
            "a visit cannot be logged in the future ({})",
            format_date(*on)
        )));
    }
    let visit_id = match planned_visit_id {
        Some(v) => {
            cs.update(
                "visits",
                v,
                enterprise_id,
                &[
                    ("done_on", date(*on)),
                    ("mode", text(mode.code())),
                    ("attendees", text(attendees)),
                    ("notes", text(notes)),
                    ("commissioner_id", who.clone()),
                ],
            )?;
            v.clone()
        }
        None => cs.insert(
            "visits",
            enterprise_id,
            &[
                ("id", Value::Text(new_id())),
                ("enterprise_id", text(enterprise_id)),
                ("done_on", date(*on)),
                ("mode", text(mode.code())),
                ("attendees", text(attendees)),
                ("notes", text(notes)),
                ("commissioner_id", who.clone()),
            ],
        )?,
    };
    let raised = format_datetime(PrimitiveDateTime::new(*on, ctx.now.time()));
    for (category, body) in requests.iter().filter(|(_, t)| !t.trim().is_empty()) {
        cs.insert(
            "requests",
            enterprise_id,
            &[
                ("id", Value::Text(new_id())),
                ("enterprise_id", text(enterprise_id)),
                ("visit_id", text(&visit_id)),
                ("raised_at", Value::Text(raised.clone())),
                ("category", text(category.code())),
                ("text", text(body.trim())),
                ("status", text(RequestStatus::Open.code())),
            ],
        )?;
    }
    if let Some(next) = next {
        match open_plan(tx, enterprise_id, Some(&visit_id))? {
            Some((id, planned)) if planned != *next => {
                cs.update("visits", &id, enterprise_id, &[("planned_on", date(*next))])?;
            }
            Some(_) => {}
            None => {
                cs.insert(
                    "visits",
                    enterprise_id,
                    &[
                        ("id", Value::Text(new_id())),
                        ("enterprise_id", text(enterprise_id)),
                        ("planned_on", date(*next)),
                        ("mode", text(mode.code())),
                        ("commissioner_id", who),
                    ],
                )?;
            }
        }
    }
    Ok(enterprise_id.clone())
}

/// A visit planned.
pub(super) fn plan_visit(
    _tx: &Connection,
    cs: &mut ChangeSet<'_>,
    ctx: &EditContext<'_>,
    edit: &Edit,
    _eid: Option<String>,
) -> Result<String> {
    let Edit::PlanVisit {
        enterprise_id,
        date: on,
        mode,
    } = edit
    else {
        return Err(not_this(edit));
    };
    let who = ctx.commissioner.map_or(Value::Null, text);
    cs.insert(
        "visits",
        enterprise_id,
        &[
            ("id", Value::Text(new_id())),
            ("enterprise_id", text(enterprise_id)),
            ("planned_on", date(*on)),
            ("mode", text(mode.code())),
            ("commissioner_id", who),
        ],
    )?;
    Ok(enterprise_id.clone())
}

/// A planned visit moved to another day.
pub(super) fn move_visit(
    _tx: &Connection,
    cs: &mut ChangeSet<'_>,
    _ctx: &EditContext<'_>,
    edit: &Edit,
    eid: Option<String>,
) -> Result<String> {
    let Edit::MoveVisit { visit_id, date: on } = edit else {
        return Err(not_this(edit));
    };
    let e = eid.unwrap_or_default();
    cs.update("visits", visit_id, &e, &[("planned_on", date(*on))])?;
    Ok(e)
}

/// A planned visit cancelled today.
pub(super) fn cancel_visit(
    _tx: &Connection,
    cs: &mut ChangeSet<'_>,
    ctx: &EditContext<'_>,
    edit: &Edit,
    eid: Option<String>,
) -> Result<String> {
    let Edit::CancelVisit { visit_id } = edit else {
        return Err(not_this(edit));
    };
    let e = eid.unwrap_or_default();
    cs.update(
        "visits",
        visit_id,
        &e,
        &[("cancelled_on", date(ctx.now.date()))],
    )?;
    Ok(e)
}

/// The enterprise's next open planned visit other than `except`.
fn open_plan(
    conn: &Connection,
    enterprise_id: &str,
    except: Option<&str>,
) -> Result<Option<(String, Date)>> {
    Ok(conn
        .query_row(
            "SELECT id, planned_on FROM visits
             WHERE enterprise_id = ?1 AND done_on IS NULL AND cancelled_on IS NULL
               AND id IS NOT ?2 ORDER BY planned_on LIMIT 1",
            params![enterprise_id, except],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}
