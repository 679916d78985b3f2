//! What the TUI's forms are prefilled with: an enterprise's open visits, milestones, projects,
//! requests, profile, figures, membership and ledgers, read in one go when a form opens.

use super::Result;
use super::bureau::{self, SupportAction};
use super::derived::{Scope, for_each_figures};
use super::edit::{EnterpriseFields, ProjectFields};
use crate::config::Config;
use crate::domain::hte::YearFigures;
use crate::domain::rewards::RewardKind;
use crate::domain::{Batch, Pool, PoolStatus, RequestCategory, Tier};
use rusqlite::{Connection, OptionalExtension, params};
use time::Date;

/// An enterprise as its forms need it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Prefill {
    pub enterprise_name: String,
    /// The next open planned visit (or the visit asked for, if planned): (id, date).
    pub next_plan: Option<(String, Date)>,
    /// Open milestones: (id, "project · milestone (planned date)"), the asked-for project's first.
    pub milestones: Vec<(String, String)>,
    /// Active projects: (id, name).
    pub projects: Vec<(String, String)>,
    /// Open requests: (id, category, text), oldest first.
    pub requests: Vec<(String, RequestCategory, String)>,
    pub fields: Option<(Tier, EnterpriseFields)>,
    /// Its projects in full: (id, fields), newest first.
    pub project_details: Vec<(String, ProjectFields)>,
    pub figures: Vec<YearFigures>,
    /// Its current pool membership.
    pub membership: Option<(Pool, Batch)>,
    /// The status of its current membership (`Out` when every membership is out).
    pub pool_status: Option<PoolStatus>,
    /// Its support actions, open ones first.
    pub actions: Vec<SupportAction>,
    /// The rewards it is due, with their payments.
    pub rewards: Vec<RewardDue>,
}

/// A reward an enterprise is due, with its payment.
#[derive(Debug, Clone, PartialEq)]
pub struct RewardDue {
    pub kind: RewardKind,
    pub year: i32,
    /// The day it became due.
    pub on: Date,
    /// As paid, else as configured (yuan).
    pub amount: i64,
    pub paid_on: Option<Date>,
    pub document: Option<String>,
}

/// What the forms of enterprise `eid` are prefilled with; `item_id` is the row selected where
/// the form was asked for (a visit, project or request).
pub fn prefill(
    conn: &Connection,
    eid: &str,
    item_id: Option<&str>,
    config: &Config,
) -> Result<Prefill> {
    let mut data = Prefill {
        enterprise_name: conn.query_row(
            "SELECT name FROM enterprises WHERE id = ?1",
            [eid],
            |r| r.get(0),
        )?,
        next_plan: next_plan(conn, eid, item_id)?,
        ..Prefill::default()
    };
    data.milestones = conn
        .prepare(
            "SELECT m.id, p.name || ' · ' || m.name || ' (' || m.planned_on || ')'
             FROM milestones m JOIN projects p ON p.id = m.project_id
             WHERE p.enterprise_id = ?1 AND p.deleted_at IS NULL AND m.done_on IS NULL
             ORDER BY p.id IS NOT ?2, m.planned_on",
        )?
        .query_map(params![eid, item_id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    data.projects = conn
        .prepare(
            "SELECT id, name FROM projects WHERE enterprise_id = ?1 AND deleted_at IS NULL
               AND acceptance_passed IS NULL ORDER BY name",
        )?
        .query_map([eid], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    data.requests = conn
        .prepare(
            "SELECT id, category, text FROM requests WHERE enterprise_id = ?1
               AND status IN ('open', 'in_progress') ORDER BY raised_at",
        )?
        .query_map([eid], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    data.fields = Some(profile(conn, eid)?);
    data.project_details = project_details(conn, eid)?;
    for_each_figures(conn, Scope::One(eid), |_, f| {
        data.figures.push(f);
        Ok(())
    })?;
    data.membership = conn
        .query_row(
            "SELECT pool, batch FROM pool_memberships WHERE enterprise_id = ?1 AND status <> 'out'
             ORDER BY entered_on DESC LIMIT 1",
            [eid],
            |r| Ok((r.get::<_, Pool>(0)?, r.get::<_, Batch>(1)?)),
        )
        .optional()?;
    ledgers(conn, eid, config, &mut data)?;
    Ok(data)
}

/// The next open planned visit, or the visit `item_id` when it is planned.
fn next_plan(
    conn: &Connection,
    eid: &str,
    item_id: Option<&str>,
) -> Result<Option<(String, Date)>> {
    if let Some(v) = item_id {
        let on: Option<Date> = conn
            .query_row("SELECT planned_on FROM visits WHERE id = ?1", [v], |r| {
                r.get(0)
            })
            .optional()?
            .flatten();
        if let Some(on) = on {
            return Ok(Some((v.to_string(), on)));
        }
    }
    Ok(conn
        .query_row(
            "SELECT id, planned_on FROM visits WHERE enterprise_id = ?1 AND done_on IS NULL
               AND cancelled_on IS NULL ORDER BY planned_on LIMIT 1",
            [eid],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

/// The enterprise's tier and profile (the edit form's fields).
fn profile(conn: &Connection, eid: &str) -> Result<(Tier, EnterpriseFields)> {
    Ok(conn.query_row(
        "SELECT tier, credit_code, name, district, township, address, industry, hte_field,
                founded_on, contact_name, contact_phone, notes, commissioner_id
         FROM enterprises WHERE id = ?1",
        [eid],
        |r| {
            Ok((
                r.get::<_, Tier>(0)?,
                EnterpriseFields {
                    credit_code: r.get(1)?,
                    name: r.get(2)?,
                    district: r.get(3)?,
                    township: r.get(4)?,
                    address: r.get(5)?,
                    industry: r.get(6)?,
                    hte_field: r.get(7)?,
                    founded_on: r.get(8)?,
                    contact_name: r.get(9)?,
                    contact_phone: r.get(10)?,
                    notes: r.get(11)?,
                    commissioner_id: r.get(12)?,
                },
            ))
        },
    )?)
}

/// The enterprise's live projects in full, newest first.
fn project_details(conn: &Connection, eid: &str) -> Result<Vec<(String, ProjectFields)>> {
    Ok(conn
        .prepare(
            "SELECT id, name, level, programme, budget, start_on, planned_end, extended_end,
                    acceptance_applied, acceptance_passed, risk_flag
             FROM projects WHERE enterprise_id = ?1 AND deleted_at IS NULL ORDER BY start_on DESC",
        )?
        .query_map([eid], |r| {
            Ok((
                r.get(0)?,
                ProjectFields {
                    name: r.get(1)?,
                    level: r.get(2)?,
                    programme: r.get(3)?,
                    budget: r.get(4)?,
                    start: r.get(5)?,
                    planned_end: r.get(6)?,
                    extended_end: r.get(7)?,
                    acceptance_applied: r.get(8)?,
                    acceptance_passed: r.get(9)?,
                    risk_flag: r.get(10)?,
                },
            ))
        })?
        .collect::<rusqlite::Result<_>>()?)
}

/// What the ledger forms need: the membership's status, the support actions, and the rewards
/// due with their payments.
fn ledgers(conn: &Connection, eid: &str, config: &Config, data: &mut Prefill) -> Result<()> {
    data.pool_status = conn
        .query_row(
            "SELECT status FROM pool_memberships WHERE enterprise_id = ?1
             ORDER BY status <> 'out' DESC, entered_on DESC, id DESC LIMIT 1",
            [eid],
            |r| r.get(0),
        )
        .optional()?;
    data.actions = bureau::actions_of(conn, eid)?;
    for r in bureau::rewards_of(conn, eid, config)? {
        let paid = super::ledgers::payment(conn, eid, r.kind, r.year)?;
        data.rewards.push(RewardDue {
            kind: r.kind,
            year: r.year,
            on: r.on,
            amount: r.amount,
            paid_on: r.paid_on,
            document: paid.and_then(|p| p.2),
        });
    }
    Ok(())
}
