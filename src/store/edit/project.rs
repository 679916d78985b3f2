//! Projects, their milestones and colour overrides.

use super::*;
use rusqlite::Connection;
use rusqlite::types::Value;
use time::Date;

/// A milestone done (not in the future).
pub(super) fn milestone_done(
    _tx: &Connection,
    cs: &mut ChangeSet<'_>,
    ctx: &EditContext<'_>,
    edit: &Edit,
    eid: Option<String>,
) -> Result<String> {
    let Edit::MilestoneDone {
        milestone_id,
        date: on,
    } = edit
    else {
        return Err(not_this(edit));
    };
    if *on > ctx.now.date() {
        return Err(invalid(format!(
            "a milestone cannot be done in the future ({})",
            format_date(*on)
        )));
    }
    let e = eid.unwrap_or_default();
    cs.update("milestones", milestone_id, &e, &[("done_on", date(*on))])?;
    Ok(e)
}

/// A commissioner's colour for a project (with a reason), or the override lifted.
pub(super) fn override_colour(
    tx: &Connection,
    cs: &mut ChangeSet<'_>,
    ctx: &EditContext<'_>,
    edit: &Edit,
    eid: Option<String>,
) -> Result<String> {
    let Edit::OverrideColour {
        project_id,
        colour,
        reason,
    } = edit
    else {
        return Err(not_this(edit));
    };
    let who = ctx.commissioner.map_or(Value::Null, text);
    let e = eid.unwrap_or_default();
    let active: Vec<String> = tx
        .prepare_cached("SELECT id FROM colour_overrides WHERE project_id = ?1 AND active = 1")?
        .query_map([project_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for id in &active {
        cs.update("colour_overrides", id, &e, &[("active", Value::Integer(0))])?;
    }
    if let Some(c) = colour {
        if reason.trim().is_empty() {
            return Err(invalid("an override needs a reason"));
        }
        cs.insert(
            "colour_overrides",
            &e,
            &[
                ("id", Value::Text(new_id())),
                ("project_id", text(project_id)),
                ("colour", text(c.code())),
                ("reason", text(reason.trim())),
                ("commissioner_id", who),
            ],
        )?;
    }
    Ok(e)
}

/// A project added or saved.
pub(super) fn save_project(
    _tx: &Connection,
    cs: &mut ChangeSet<'_>,
    _ctx: &EditContext<'_>,
    edit: &Edit,
    _eid: Option<String>,
) -> Result<String> {
    let Edit::SaveProject {
        enterprise_id,
        id,
        fields: f,
    } = edit
    else {
        return Err(not_this(edit));
    };
    if f.name.trim().is_empty() {
        return Err(invalid("the project name is required"));
    }
    if f.planned_end < f.start {
        return Err(invalid("the planned end is before the start"));
    }
    let opt_date = |d: Option<Date>| d.map_or(Value::Null, date);
    let cols: Vec<(&str, Value)> = vec![
        ("name", text(f.name.trim())),
        ("level", text(f.level.code())),
        ("programme", opt_text(f.programme.as_deref())),
        ("budget", f.budget.map_or(Value::Null, Value::Integer)),
        ("start_on", date(f.start)),
        ("planned_end", date(f.planned_end)),
        ("extended_end", opt_date(f.extended_end)),
        ("acceptance_applied", opt_date(f.acceptance_applied)),
        ("acceptance_passed", opt_date(f.acceptance_passed)),
        ("risk_flag", opt_text(f.risk_flag.as_deref())),
    ];
    match id {
        Some(pid) => {
            cs.update("projects", pid, enterprise_id, &cols)?;
        }
        None => {
            let mut all = vec![
                ("id", Value::Text(new_id())),
                ("enterprise_id", text(enterprise_id)),
            ];
            all.extend(cols);
            cs.insert("projects", enterprise_id, &all)?;
        }
    }
    Ok(enterprise_id.clone())
}

/// A milestone added after the project's last.
pub(super) fn add_milestone(
    tx: &Connection,
    cs: &mut ChangeSet<'_>,
    _ctx: &EditContext<'_>,
    edit: &Edit,
    eid: Option<String>,
) -> Result<String> {
    let Edit::AddMilestone {
        project_id,
        name,
        planned,
    } = edit
    else {
        return Err(not_this(edit));
    };
    let e = eid.unwrap_or_default();
    if name.trim().is_empty() {
        return Err(invalid("the milestone name is required"));
    }
    let seq: i64 = tx.query_row(
        "SELECT coalesce(max(seq), 0) + 1 FROM milestones WHERE project_id = ?1",
        [project_id],
        |r| r.get(0),
    )?;
    cs.insert(
        "milestones",
        &e,
        &[
            ("id", Value::Text(new_id())),
            ("project_id", text(project_id)),
            ("seq", Value::Integer(seq)),
            ("name", text(name.trim())),
            ("planned_on", date(*planned)),
        ],
    )?;
    Ok(e)
}
