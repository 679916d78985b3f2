//! Closing the ledgers: support-plan actions edited, done or dropped; rewards paid; pool
//! memberships given a status (in, leaving, out, frozen) with the day and why; commissioners
//! added and edited. Each is a write of an `edit::Edit`, so it is logged row by row in the
//! change log (store::changes) and undone as a whole.

use super::changes::ChangeSet;
use super::edit::{EditContext, date, opt_text, text};
use super::{Result, StoreError, new_id};
use crate::domain::rewards::RewardKind;
use crate::domain::support::ActionStatus;
use crate::domain::{Batch, Pool, PoolStatus};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, params};

use time::Date;

/// Why a ledger write was refused (the words are in `i18n::ledgers_text`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LedgerError {
    /// A pool status dated after today.
    StatusInFuture(Date),
    /// A pool status dated before the current membership began (its entry day).
    StatusBeforeEntry { on: Date, entered: Date },
    /// Leaving, out or frozen without a reason.
    ReasonRequired(PoolStatus),
    /// A support action with no text.
    ActionRequired,
    /// An action closed on a day after today.
    ClosedInFuture(Date),
    /// A payment of 0 or less.
    AmountNotPositive(i64),
    /// A payment without its document number.
    DocumentRequired,
    /// A payment dated after today.
    PaidInFuture(Date),
    /// No reward of the kind and year is due.
    NotDue { kind: RewardKind, year: i32 },
    /// Paid before the reward was due.
    PaidBeforeDue { paid: Date, due: Date },
    /// A commissioner with no name.
    NameRequired,
    /// A commissioner's name refused as text.
    BadName(crate::domain::fields::TextError),
    /// Another commissioner already has the name.
    NameTaken(String),
}

fn invalid(e: LedgerError) -> StoreError {
    StoreError::Ledger(e)
}

// A membership's new status is a field of the edit moving an enterprise between pools.
pub use super::edit::StatusChange;

/// The newest membership not `out`: (id, pool, batch, status).
/// A membership: its id, pool, batch, status and entry day.
type Membership = (String, Pool, Batch, PoolStatus, Date);

fn live_membership(tx: &Connection, enterprise_id: &str) -> Result<Option<Membership>> {
    Ok(tx
        .query_row(
            "SELECT id, pool, batch, status, entered_on FROM pool_memberships
             WHERE enterprise_id = ?1 AND status <> 'out'
             ORDER BY entered_on DESC, id DESC LIMIT 1",
            [enterprise_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .optional()?)
}

/// Puts an enterprise in `pool` and `batch` (a move ends the old membership and begins a new
/// one), then sets the membership's status when `status` asks for it. An enterprise whose every
/// membership is out stays out unless a status other than `out` is asked for.
pub(super) fn move_pool(
    tx: &Connection,
    cs: &mut ChangeSet<'_>,
    enterprise_id: &str,
    (pool, batch): (Pool, Batch),
    status: Option<&StatusChange>,
    today: Date,
) -> Result<()> {
    if let Some(s) = status {
        if s.on > today {
            return Err(invalid(LedgerError::StatusInFuture(s.on)));
        }
        if s.status != PoolStatus::In && s.reason.trim().is_empty() {
            return Err(invalid(LedgerError::ReasonRequired(s.status)));
        }
    }
    let current = live_membership(tx, enterprise_id)?;
    // The current membership cannot end, or change status, before it began.
    if let (Some(s), Some((.., entered))) = (status, &current)
        && s.on < *entered
    {
        return Err(invalid(LedgerError::StatusBeforeEntry {
            on: s.on,
            entered: *entered,
        }));
    }
    let was_in_a_pool: bool = tx.query_row(
        "SELECT count(*) > 0 FROM pool_memberships WHERE enterprise_id = ?1",
        [enterprise_id],
        |r| r.get(0),
    )?;
    let going_out = match status {
        Some(s) => s.status == PoolStatus::Out,
        // Unchanged: out stays out.
        None => current.is_none() && was_in_a_pool,
    };
    if going_out {
        if let (Some((id, ..)), Some(s)) = (current, status) {
            cs.update(
                "pool_memberships",
                &id,
                enterprise_id,
                &[
                    ("status", text(PoolStatus::Out.code())),
                    ("left_on", date(s.on)),
                    ("status_on", date(s.on)),
                    ("status_reason", opt_text(Some(&s.reason))),
                ],
            )?;
        }
        return Ok(());
    }
    let live = match current {
        Some((id, p, b, st, _)) if p == pool => {
            if b != batch {
                cs.update(
                    "pool_memberships",
                    &id,
                    enterprise_id,
                    &[("batch", text(batch.code()))],
                )?;
            }
            (id, st)
        }
        other => {
            // Entering on the day the status says, when it says one (a late record of an
            // entry keeps its real day).
            let entered = status.map_or(today, |s| s.on);
            // The old membership ends the day the new one begins, so the two never overlap.
            if let Some((id, ..)) = other {
                cs.update(
                    "pool_memberships",
                    &id,
                    enterprise_id,
                    &[
                        ("status", text(PoolStatus::Out.code())),
                        ("left_on", date(entered)),
                        ("status_on", date(entered)),
                    ],
                )?;
            }
            let id = cs.insert(
                "pool_memberships",
                enterprise_id,
                &[
                    ("id", Value::Text(new_id())),
                    ("enterprise_id", text(enterprise_id)),
                    ("pool", text(pool.code())),
                    ("batch", text(batch.code())),
                    ("status", text(PoolStatus::In.code())),
                    ("entered_on", date(entered)),
                    ("status_on", date(entered)),
                    ("status_reason", opt_text(status.map(|s| s.reason.as_str()))),
                ],
            )?;
            (id, PoolStatus::In)
        }
    };
    if let Some(s) = status
        && s.status != live.1
    {
        cs.update(
            "pool_memberships",
            &live.0,
            enterprise_id,
            &[
                ("status", text(s.status.code())),
                ("status_on", date(s.on)),
                ("status_reason", opt_text(Some(&s.reason))),
            ],
        )?;
    }
    Ok(())
}

/// An action's fields as a form or a command gives them.
pub struct ActionFields<'a> {
    pub action: &'a str,
    pub unit: &'a str,
    pub person: &'a str,
    pub due: Option<Date>,
    pub status: ActionStatus,
    /// The day it was closed (done or dropped); today when not given.
    pub closed: Option<Date>,
}

/// Edits a support action; closing it (done or dropped) stamps the day, opening it again
/// clears the day.
pub(super) fn save_support_action(
    tx: &Connection,
    cs: &mut ChangeSet<'_>,
    enterprise_id: &str,
    action_id: &str,
    f: &ActionFields<'_>,
    today: Date,
) -> Result<()> {
    if f.action.trim().is_empty() {
        return Err(invalid(LedgerError::ActionRequired));
    }
    let (was, closed_on): (ActionStatus, Option<Date>) = tx.query_row(
        "SELECT status, done_on FROM support_actions WHERE id = ?1",
        [action_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let closed = if f.status.is_open() {
        None
    } else {
        // Closed before and still closed: the day stays unless a new one is given.
        let day = match (f.closed, was.is_open()) {
            (Some(d), _) => d,
            (None, false) => closed_on.unwrap_or(today),
            (None, true) => today,
        };
        if day > today {
            return Err(invalid(LedgerError::ClosedInFuture(day)));
        }
        Some(day)
    };
    cs.update(
        "support_actions",
        action_id,
        enterprise_id,
        &[
            ("action", text(f.action.trim())),
            ("unit", text(f.unit.trim())),
            ("person", text(f.person.trim())),
            ("due_on", f.due.map_or(Value::Null, date)),
            ("status", text(f.status.code())),
            ("done_on", closed.map_or(Value::Null, date)),
        ],
    )?;
    Ok(())
}

/// A reward's payment.
pub struct Payment<'a> {
    pub kind: RewardKind,
    pub year: i32,
    pub amount: i64,
    pub paid_on: Date,
    pub document: &'a str,
}

/// Records a reward as paid: one row per enterprise, kind and year (a second payment of the
/// same reward corrects the first).
pub(super) fn pay_reward(
    tx: &Connection,
    cs: &mut ChangeSet<'_>,
    ctx: &EditContext<'_>,
    enterprise_id: &str,
    p: &Payment<'_>,
) -> Result<()> {
    if p.amount <= 0 {
        return Err(invalid(LedgerError::AmountNotPositive(p.amount)));
    }
    if p.document.trim().is_empty() {
        return Err(invalid(LedgerError::DocumentRequired));
    }
    if p.paid_on > ctx.now.date() {
        return Err(invalid(LedgerError::PaidInFuture(p.paid_on)));
    }
    let eligible = super::bureau::rewards_of(tx, enterprise_id, ctx.config)?;
    let Some(due) = eligible
        .iter()
        .find(|r| r.kind == p.kind && r.year == p.year)
    else {
        return Err(invalid(LedgerError::NotDue {
            kind: p.kind,
            year: p.year,
        }));
    };
    if p.paid_on < due.on {
        return Err(invalid(LedgerError::PaidBeforeDue {
            paid: p.paid_on,
            due: due.on,
        }));
    }
    let existing = super::import::find_reward(tx, enterprise_id, p.kind.code(), p.year.into())?;
    let cols = [
        ("amount", Value::Integer(p.amount)),
        ("paid_on", date(p.paid_on)),
        ("document", text(p.document.trim())),
    ];
    match existing {
        Some(id) => {
            cs.update("rewards", &id, enterprise_id, &cols)?;
        }
        None => {
            let mut all = vec![
                ("id", Value::Text(new_id())),
                ("enterprise_id", text(enterprise_id)),
                ("kind", text(p.kind.code())),
                ("year", Value::Integer(i64::from(p.year))),
            ];
            all.extend(cols);
            cs.insert("rewards", enterprise_id, &all)?;
        }
    }
    Ok(())
}

/// Adds or edits a commissioner (names are unique in a file).
pub(super) fn save_commissioner(
    tx: &Connection,
    cs: &mut ChangeSet<'_>,
    id: Option<&str>,
    name: &str,
    phone: Option<&str>,
) -> Result<String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(invalid(LedgerError::NameRequired));
    }
    crate::domain::fields::check_text(crate::domain::fields::TextKind::Name, name)
        .map_err(|e| invalid(LedgerError::BadName(e)))?;
    let taken: Option<String> = tx
        .query_row(
            "SELECT id FROM commissioners WHERE name = ?1 AND id IS NOT ?2",
            params![name, id],
            |r| r.get(0),
        )
        .optional()?;
    if taken.is_some() {
        return Err(invalid(LedgerError::NameTaken(name.to_string())));
    }
    let cols = [("name", text(name)), ("phone", opt_text(phone))];
    match id {
        Some(id) => {
            cs.update("commissioners", id, "", &cols)?;
            Ok(id.to_string())
        }
        None => {
            let id = new_id();
            let mut all = vec![("id", Value::Text(id.clone()))];
            all.extend(cols);
            cs.insert("commissioners", "", &all)
        }
    }
}

/// One of several support actions a query matched, for the user to choose by id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionCandidate {
    pub id: String,
    pub action: String,
    pub due: Option<Date>,
    pub status: ActionStatus,
}

/// A support action of an enterprise by id, or by a fragment of its text matching exactly one
/// of its actions: `Err` lists the ones that match when several do (`[]`: none).
pub fn find_action(
    conn: &Connection,
    enterprise_id: &str,
    q: &str,
) -> Result<std::result::Result<String, Vec<ActionCandidate>>> {
    let q = q.trim();
    let by_id: Option<String> = conn
        .query_row(
            "SELECT id FROM support_actions WHERE id = ?1 AND enterprise_id = ?2
               AND deleted_at IS NULL",
            params![q, enterprise_id],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(id) = by_id {
        return Ok(Ok(id));
    }
    let found: Vec<ActionCandidate> = conn
        .prepare(
            "SELECT id, action, due_on, status FROM support_actions WHERE enterprise_id = ?1
               AND deleted_at IS NULL AND instr(action, ?2) > 0 ORDER BY due_on, id",
        )?
        .query_map(params![enterprise_id, q], |r| {
            Ok(ActionCandidate {
                id: r.get(0)?,
                action: r.get(1)?,
                due: r.get(2)?,
                status: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    // The action written out in full wins over longer ones containing it, but only when it is
    // the one written so: two actions of the same text are as ambiguous as two fragments.
    let exact: Vec<&ActionCandidate> = found.iter().filter(|c| c.action == q).collect();
    if let [one] = exact.as_slice() {
        return Ok(Ok(one.id.clone()));
    }
    if exact.len() > 1 {
        return Ok(Err(exact.into_iter().cloned().collect()));
    }
    Ok(match found.as_slice() {
        [one] => Ok(one.id.clone()),
        _ => Err(found),
    })
}

/// A support action's fields as stored: (action, unit, person, due, status, closed on).
pub type ActionRow = (
    String,
    String,
    String,
    Option<Date>,
    ActionStatus,
    Option<Date>,
);

pub fn action_fields(conn: &Connection, id: &str) -> Result<ActionRow> {
    Ok(conn.query_row(
        "SELECT action, unit, person, due_on, status, done_on FROM support_actions WHERE id = ?1",
        [id],
        |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        },
    )?)
}

/// A reward's recorded payment: (amount, paid on, document).
pub type PaymentRow = (i64, Option<Date>, Option<String>);

/// The payment recorded for a reward, if any.
pub fn payment(
    conn: &Connection,
    enterprise_id: &str,
    kind: RewardKind,
    year: i32,
) -> Result<Option<PaymentRow>> {
    Ok(conn
        .query_row(
            "SELECT amount, paid_on, document FROM rewards
             WHERE enterprise_id = ?1 AND kind = ?2 AND year = ?3",
            params![enterprise_id, kind.code(), year],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?)
}

/// Every commissioner: (id, name, phone), by name.
pub fn commissioners(conn: &Connection) -> Result<Vec<(String, String, Option<String>)>> {
    Ok(conn
        .prepare("SELECT id, name, phone FROM commissioners ORDER BY name")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use crate::store::Store;

    /// The migration, run on a file as older versions left it: the day of a status is known
    /// for memberships in (the day they entered) and out (the day they left), not for the
    /// others; rewards gain an empty document.
    #[test]
    fn the_migration_dates_the_statuses_older_files_knew() {
        let s = Store::in_memory().expect("store");
        // Back to the tables as they were before it (and before the linkage's triggers).
        crate::store::sync::triggers::remove(&s.conn).expect("no triggers");
        s.conn
            .execute_batch(
                "ALTER TABLE rewards DROP COLUMN document;
                 ALTER TABLE pool_memberships DROP COLUMN status_on;
                 ALTER TABLE pool_memberships DROP COLUMN status_reason;
                 INSERT INTO enterprises (id, credit_code, name, region_code, district, tier,
                                          created_at, updated_at)
                 VALUES ('e1', '91110108551385082Q', '甲', '110108', '海淀区', 'tsme', 'x', 'x');
                 INSERT INTO pool_memberships (id, enterprise_id, pool, batch, status, entered_on,
                                               left_on, created_at, updated_at) VALUES
                   ('m1', 'e1', 'hte', 'preferred', 'in', '2024-03-01', NULL, 'x', 'x'),
                   ('m2', 'e1', 'tsme', 'preferred', 'out', '2022-03-01', '2023-05-06', 'x', 'x'),
                   ('m3', 'e1', 'tsme', 'mature', 'out', '2021-03-01', NULL, 'x', 'x'),
                   ('m4', 'e1', 'project', 'mature', 'frozen', '2025-01-02', NULL, 'x', 'x'),
                   ('m5', 'e1', 'project', 'mature', 'leaving', '2025-02-03', NULL, 'x', 'x');
                 INSERT INTO rewards (id, enterprise_id, kind, year, amount, paid_on,
                                      created_at, updated_at)
                 VALUES ('r1', 'e1', 'first_certification', 2024, 200000, '2024-12-01', 'x', 'x');",
            )
            .expect("the older tables");
        s.conn
            .execute_batch(include_str!("schema_ledgers.sql"))
            .expect("the migration");
        let days: Vec<(String, Option<String>, Option<String>)> = s
            .conn
            .prepare("SELECT id, status_on, status_reason FROM pool_memberships ORDER BY id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let day = |id: &str, d: Option<&str>| (id.to_string(), d.map(str::to_string), None);
        assert_eq!(
            days,
            [
                day("m1", Some("2024-03-01")),
                day("m2", Some("2023-05-06")),
                day("m3", Some("2021-03-01")),
                day("m4", None),
                day("m5", None),
            ]
        );
        let document: Option<String> = s
            .conn
            .query_row("SELECT document FROM rewards WHERE id = 'r1'", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(document, None);
    }
}
