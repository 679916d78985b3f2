//! The bureau's ledgers: support actions, rewards paid, commissioners (written by `store::ledgers`).

use super::*;
use rusqlite::Connection;
use rusqlite::types::Value;

/// A support-plan action added.
pub(super) fn add_support_action(
    _tx: &Connection,
    cs: &mut ChangeSet<'_>,
    ctx: &EditContext<'_>,
    edit: &Edit,
    _eid: Option<String>,
) -> Result<String> {
    let Edit::AddSupportAction {
        enterprise_id,
        action,
        unit,
        person,
        due,
        status,
    } = edit
    else {
        return Err(not_this(edit));
    };
    if action.trim().is_empty() {
        return Err(invalid("the action is required"));
    }
    let done = if *status == crate::domain::support::ActionStatus::Done {
        date(ctx.now.date())
    } else {
        Value::Null
    };
    cs.insert(
        "support_actions",
        enterprise_id,
        &[
            ("id", Value::Text(new_id())),
            ("enterprise_id", text(enterprise_id)),
            ("action", text(action.trim())),
            ("unit", text(unit.trim())),
            ("person", text(person.trim())),
            ("due_on", due.map_or(Value::Null, date)),
            ("status", text(status.code())),
            ("done_on", done),
        ],
    )?;
    Ok(enterprise_id.clone())
}

/// A support-plan action saved.
pub(super) fn save_support_action(
    tx: &Connection,
    cs: &mut ChangeSet<'_>,
    ctx: &EditContext<'_>,
    edit: &Edit,
    eid: Option<String>,
) -> Result<String> {
    let Edit::SaveSupportAction {
        action_id,
        action,
        unit,
        person,
        due,
        status,
        closed,
    } = edit
    else {
        return Err(not_this(edit));
    };
    let e = eid.unwrap_or_default();
    let fields = crate::store::ledgers::ActionFields {
        action,
        unit,
        person,
        due: *due,
        status: *status,
        closed: *closed,
    };
    crate::store::ledgers::save_support_action(tx, cs, &e, action_id, &fields, ctx.now.date())?;
    Ok(e)
}

/// A reward paid.
pub(super) fn pay_reward(
    tx: &Connection,
    cs: &mut ChangeSet<'_>,
    ctx: &EditContext<'_>,
    edit: &Edit,
    _eid: Option<String>,
) -> Result<String> {
    let Edit::PayReward {
        enterprise_id,
        kind,
        year,
        amount,
        paid_on,
        document,
    } = edit
    else {
        return Err(not_this(edit));
    };
    let payment = crate::store::ledgers::Payment {
        kind: *kind,
        year: *year,
        amount: *amount,
        paid_on: *paid_on,
        document,
    };
    crate::store::ledgers::pay_reward(tx, cs, ctx, enterprise_id, &payment)?;
    Ok(enterprise_id.clone())
}

/// A commissioner added or saved.
pub(super) fn save_commissioner(
    tx: &Connection,
    cs: &mut ChangeSet<'_>,
    _ctx: &EditContext<'_>,
    edit: &Edit,
    _eid: Option<String>,
) -> Result<String> {
    let Edit::SaveCommissioner { id, name, phone } = edit else {
        return Err(not_this(edit));
    };
    crate::store::ledgers::save_commissioner(tx, cs, id.as_deref(), name, phone.as_deref())?;
    Ok(String::new())
}
