//! The writes a commissioner makes: each `Edit` is one saved form, applied in one transaction,
//! logged row by row (so it can be undone as a whole), with derived values brought up to date.

mod certificate;
mod draft;
mod enterprise;
mod figures;
mod ledgers;
mod project;
mod request;
mod target;
mod visit;

pub use draft::{Draft, delete_draft, drafts, save_draft};

use super::changes::ChangeSet;
use super::{Result, StoreError, format_date, format_datetime, new_id};
use crate::config::Config;
use crate::domain::credit_code;
use crate::domain::hte::YearFigures;
use crate::domain::targets::Metric;
use crate::domain::{
    Batch, CertKind, Colour, Pool, PoolStatus, ProjectLevel, RequestCategory, RequestStatus, Tier,
    VisitMode,
};
use crate::interchange::columns::EnumKind;
use crate::interchange::words::Words;
use crate::lang::Lang;
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use time::{Date, PrimitiveDateTime};

/// Who saves, and when.
#[derive(Debug, Clone)]
pub struct EditContext<'a> {
    pub commissioner: Option<&'a str>,
    pub now: PrimitiveDateTime,
    pub config: &'a Config,
}

/// An enterprise's editable profile.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct EnterpriseFields {
    pub credit_code: String,
    pub name: String,
    pub district: String,
    pub township: Option<String>,
    pub address: Option<String>,
    pub industry: Option<String>,
    pub hte_field: Option<String>,
    pub founded_on: Option<Date>,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub notes: String,
    /// The commissioner who looks after it.
    #[serde(default)]
    pub commissioner_id: Option<String>,
}

/// A project's editable fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProjectFields {
    pub name: String,
    pub level: ProjectLevel,
    pub programme: Option<String>,
    pub budget: Option<i64>,
    pub start: Date,
    pub planned_end: Date,
    pub extended_end: Option<Date>,
    pub acceptance_applied: Option<Date>,
    pub acceptance_passed: Option<Date>,
    /// A commissioner's risk note (makes the project at least yellow).
    pub risk_flag: Option<String>,
}

/// A membership's new status, the day it took effect and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatusChange {
    pub status: PoolStatus,
    pub on: Date,
    pub reason: String,
}

/// One saved form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "edit", rename_all = "snake_case")]
pub enum Edit {
    /// A visit done (completing `planned_visit_id` if given), the requests raised during it, and
    /// the next planned visit.
    LogVisit {
        enterprise_id: String,
        planned_visit_id: Option<String>,
        date: Date,
        mode: VisitMode,
        attendees: String,
        notes: String,
        requests: Vec<(RequestCategory, String)>,
        next: Option<Date>,
    },
    PlanVisit {
        enterprise_id: String,
        date: Date,
        mode: VisitMode,
    },
    MoveVisit {
        visit_id: String,
        date: Date,
    },
    CancelVisit {
        visit_id: String,
    },
    MilestoneDone {
        milestone_id: String,
        date: Date,
    },
    /// Overrides a project's colour with a reason (`colour: None` clears the override).
    OverrideColour {
        project_id: String,
        colour: Option<Colour>,
        reason: String,
    },
    /// Moves an enterprise to another pool or batch, and sets its tier; `status` sets the
    /// status of its membership (with the day and why), `None` leaves it as it is.
    MovePool {
        enterprise_id: String,
        pool: Pool,
        batch: Batch,
        tier: Tier,
        #[serde(default)]
        status: Option<StatusChange>,
    },
    /// Adds (`id: None`) or edits an enterprise.
    SaveEnterprise {
        id: Option<String>,
        tier: Tier,
        fields: EnterpriseFields,
    },
    /// Responds to a request (stamping the first response) or closes it.
    RespondRequest {
        request_id: String,
        status: RequestStatus,
        resolution: Option<String>,
    },
    /// Adds (`id: None`) or edits a project.
    SaveProject {
        enterprise_id: String,
        id: Option<String>,
        fields: ProjectFields,
    },
    /// Adds a milestone at the end of a project's plan.
    AddMilestone {
        project_id: String,
        name: String,
        planned: Date,
    },
    /// Records a certificate or qualification.
    AddCertificate {
        enterprise_id: String,
        kind: CertKind,
        number: String,
        issued: Date,
        expires: Option<Date>,
    },
    /// Adds an action to an enterprise's support plan (一企一策).
    AddSupportAction {
        enterprise_id: String,
        action: String,
        unit: String,
        person: String,
        due: Option<Date>,
        status: crate::domain::support::ActionStatus,
    },
    /// Edits an action of a support plan, or closes it (done or dropped, `closed` the day) or
    /// opens it again.
    SaveSupportAction {
        action_id: String,
        action: String,
        unit: String,
        person: String,
        due: Option<Date>,
        status: crate::domain::support::ActionStatus,
        closed: Option<Date>,
    },
    /// Records that a reward was paid: the day, the amount (yuan) and the document.
    PayReward {
        enterprise_id: String,
        kind: crate::domain::rewards::RewardKind,
        year: i32,
        amount: i64,
        paid_on: Date,
        document: String,
    },
    /// Adds (`id: None`) or edits a commissioner.
    SaveCommissioner {
        id: Option<String>,
        name: String,
        phone: Option<String>,
    },
    /// Enters (or corrects) one year's figures.
    SaveFigures {
        enterprise_id: String,
        figures: YearFigures,
    },
    /// Sets a district's target for a metric and year (`district` '' = the whole pool),
    /// replacing the value stored for the same district, metric and year.
    SetTarget {
        district: String,
        metric: Metric,
        year: i32,
        value: f64,
    },
}

/// What a save did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Applied {
    pub group: i64,
    pub enterprise_id: String,
    pub label: String,
    pub rows: usize,
}

pub(super) fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

pub(super) fn opt_text(s: Option<&str>) -> Value {
    s.filter(|s| !s.trim().is_empty())
        .map_or(Value::Null, |s| Value::Text(s.trim().to_string()))
}

pub(super) fn date(d: Date) -> Value {
    Value::Text(format_date(d))
}

fn invalid(msg: impl Into<String>) -> StoreError {
    StoreError::Invalid(msg.into())
}

/// The enterprise a row belongs to.
fn owner(conn: &Connection, sql: &str, id: &str, what: &str) -> Result<String> {
    conn.query_row(sql, [id], |r| r.get(0))
        .optional()?
        .ok_or_else(|| invalid(format!("no {what} {id}")))
}

fn enterprise_name(conn: &Connection, id: &str) -> Result<String> {
    conn.query_row(
        "SELECT name FROM enterprises WHERE id = ?1 AND deleted_at IS NULL",
        [id],
        |r| r.get(0),
    )
    .optional()?
    .ok_or_else(|| invalid(format!("no enterprise {id}")))
}

impl Edit {
    /// A stable code naming the kind of edit (worded by the UI).
    pub fn code(&self) -> &'static str {
        match self {
            Edit::LogVisit { .. } => "log_visit",
            Edit::PlanVisit { .. } => "plan_visit",
            Edit::MoveVisit { .. } => "move_visit",
            Edit::CancelVisit { .. } => "cancel_visit",
            Edit::MilestoneDone { .. } => "milestone_done",
            Edit::OverrideColour { .. } => "override_colour",
            Edit::MovePool { .. } => "move_pool",
            Edit::SaveEnterprise { id: None, .. } => "add_enterprise",
            Edit::SaveEnterprise { .. } => "save_enterprise",
            Edit::RespondRequest { .. } => "respond_request",
            Edit::SaveProject { .. } => "save_project",
            Edit::AddMilestone { .. } => "add_milestone",
            Edit::AddCertificate { .. } => "add_certificate",
            Edit::AddSupportAction { .. } => "add_support_action",
            Edit::SaveFigures { .. } => "save_figures",
            Edit::SetTarget { .. } => "set_target",
            Edit::SaveSupportAction { .. } => "save_support_action",
            Edit::PayReward { .. } => "pay_reward",
            Edit::SaveCommissioner { id: None, .. } => "add_commissioner",
            Edit::SaveCommissioner { .. } => "save_commissioner",
        }
    }
}

/// Applies one edit in one transaction. Nothing is written when any part fails.
pub fn apply(conn: &mut Connection, ctx: &EditContext<'_>, edit: &Edit) -> Result<Applied> {
    apply_from_draft(conn, ctx, edit, None)
}

/// Applies an edit typed in a form and removes the form's draft in the same transaction, so a
/// crash never leaves both the saved change and a draft that would save it again.
pub fn apply_from_draft(
    conn: &mut Connection,
    ctx: &EditContext<'_>,
    edit: &Edit,
    draft_id: Option<&str>,
) -> Result<Applied> {
    let tx = conn.transaction()?;
    if let Some(d) = draft_id {
        delete_draft(&tx, d)?;
    }
    let today = ctx.now.date();
    let eid = target_enterprise(&tx, edit)?;
    let name = match &eid {
        Some(id) => enterprise_name(&tx, id)?,
        None => match edit {
            Edit::SaveEnterprise { fields, .. } => fields.name.clone(),
            Edit::SetTarget {
                district,
                metric,
                year,
                ..
            } => {
                let scope = district.trim();
                // The change log's labels are kept in Chinese, whatever the screen's language.
                let metric = Lang::Zh.choice_label(EnumKind::Metric, metric.code());
                if scope.is_empty() {
                    format!("{metric} {year}")
                } else {
                    format!("{scope} {metric} {year}")
                }
            }
            Edit::SaveCommissioner { name, .. } => name.trim().to_string(),
            _ => String::new(),
        },
    };
    let label = format!("{} {}", edit.code(), name);
    let mut cs = ChangeSet::begin(&tx, ctx.commissioner, &label)?;
    let eid = write(&tx, &mut cs, ctx, edit, eid)?;
    let rows = cs.finish(today, ctx.config)?;
    let group = tx.query_row("SELECT coalesce(max(id), 0) FROM change_groups", [], |r| {
        r.get(0)
    })?;
    tx.commit()?;
    Ok(Applied {
        group,
        enterprise_id: eid,
        label,
        rows,
    })
}

/// The enterprise an edit is about (None for a new enterprise).
fn target_enterprise(conn: &Connection, edit: &Edit) -> Result<Option<String>> {
    Ok(Some(match edit {
        Edit::LogVisit { enterprise_id, .. }
        | Edit::PlanVisit { enterprise_id, .. }
        | Edit::MovePool { enterprise_id, .. }
        | Edit::SaveProject { enterprise_id, .. }
        | Edit::AddCertificate { enterprise_id, .. }
        | Edit::AddSupportAction { enterprise_id, .. }
        | Edit::SaveFigures { enterprise_id, .. }
        | Edit::PayReward { enterprise_id, .. } => enterprise_id.clone(),
        Edit::SaveSupportAction { action_id, .. } => owner(
            conn,
            "SELECT enterprise_id FROM support_actions WHERE id = ?1 AND deleted_at IS NULL",
            action_id,
            "support action",
        )?,
        Edit::SaveCommissioner { .. } => return Ok(None),
        Edit::AddMilestone { project_id, .. } => owner(
            conn,
            "SELECT enterprise_id FROM projects WHERE id = ?1",
            project_id,
            "project",
        )?,
        Edit::MoveVisit { visit_id, .. } | Edit::CancelVisit { visit_id } => owner(
            conn,
            "SELECT enterprise_id FROM visits WHERE id = ?1",
            visit_id,
            "visit",
        )?,
        Edit::MilestoneDone { milestone_id, .. } => owner(
            conn,
            "SELECT p.enterprise_id FROM milestones m JOIN projects p ON p.id = m.project_id WHERE m.id = ?1",
            milestone_id,
            "milestone",
        )?,
        Edit::OverrideColour { project_id, .. } => owner(
            conn,
            "SELECT enterprise_id FROM projects WHERE id = ?1",
            project_id,
            "project",
        )?,
        Edit::RespondRequest { request_id, .. } => owner(
            conn,
            "SELECT enterprise_id FROM requests WHERE id = ?1",
            request_id,
            "request",
        )?,
        Edit::SaveEnterprise { id, .. } => return Ok(id.clone()),
        Edit::SetTarget { .. } => return Ok(None),
    }))
}

/// Writes one edit through the change set; returns the enterprise it was about. Each kind of
/// edit is written by its form's module.
fn write(
    tx: &Connection,
    cs: &mut ChangeSet<'_>,
    ctx: &EditContext<'_>,
    edit: &Edit,
    eid: Option<String>,
) -> Result<String> {
    let kind: KindWrite = match edit {
        Edit::LogVisit { .. } => visit::log_visit,
        Edit::PlanVisit { .. } => visit::plan_visit,
        Edit::MoveVisit { .. } => visit::move_visit,
        Edit::CancelVisit { .. } => visit::cancel_visit,
        Edit::MilestoneDone { .. } => project::milestone_done,
        Edit::OverrideColour { .. } => project::override_colour,
        Edit::MovePool { .. } => enterprise::move_pool,
        Edit::SaveEnterprise { .. } => enterprise::save_enterprise,
        Edit::SaveProject { .. } => project::save_project,
        Edit::AddMilestone { .. } => project::add_milestone,
        Edit::AddCertificate { .. } => certificate::add_certificate,
        Edit::AddSupportAction { .. } => ledgers::add_support_action,
        Edit::SaveSupportAction { .. } => ledgers::save_support_action,
        Edit::PayReward { .. } => ledgers::pay_reward,
        Edit::SaveCommissioner { .. } => ledgers::save_commissioner,
        Edit::SaveFigures { .. } => figures::save_figures,
        Edit::SetTarget { .. } => target::set_target,
        Edit::RespondRequest { .. } => request::respond_request,
    };
    kind(tx, cs, ctx, edit, eid)
}

/// The write of one kind of edit.
type KindWrite =
    fn(&Connection, &mut ChangeSet<'_>, &EditContext<'_>, &Edit, Option<String>) -> Result<String>;

/// A kind's write given another kind's edit (the dispatch never does that).
fn not_this(edit: &Edit) -> StoreError {
    invalid(format!("not this kind of edit: {}", edit.code()))
}
