//! The writes a commissioner makes: each `Edit` is one saved form, applied in one transaction,
//! logged row by row (so it can be undone as a whole), with derived values brought up to date.

use super::changes::ChangeSet;
use super::{Result, StoreError, format_date, format_datetime, new_id};
use crate::config::Config;
use crate::domain::credit_code;
use crate::domain::hte::YearFigures;
use crate::domain::targets::Metric;
use crate::domain::{
    Batch, CertKind, Colour, Pool, ProjectLevel, RequestCategory, RequestStatus, Tier, VisitMode,
};
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
        status: Option<super::ledgers::StatusChange>,
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
                let metric = metric.label(crate::lang::Lang::Zh);
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

fn write(
    tx: &Connection,
    cs: &mut ChangeSet<'_>,
    ctx: &EditContext<'_>,
    edit: &Edit,
    eid: Option<String>,
) -> Result<String> {
    let who = ctx.commissioner.map_or(Value::Null, text);
    let eid_or = |e: &Option<String>| e.clone().unwrap_or_default();
    match edit {
        Edit::LogVisit {
            enterprise_id,
            planned_visit_id,
            date: on,
            mode,
            attendees,
            notes,
            requests,
            next,
        } => {
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
        Edit::PlanVisit {
            enterprise_id,
            date: on,
            mode,
        } => {
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
        Edit::MoveVisit { visit_id, date: on } => {
            let e = eid_or(&eid);
            cs.update("visits", visit_id, &e, &[("planned_on", date(*on))])?;
            Ok(e)
        }
        Edit::CancelVisit { visit_id } => {
            let e = eid_or(&eid);
            cs.update(
                "visits",
                visit_id,
                &e,
                &[("cancelled_on", date(ctx.now.date()))],
            )?;
            Ok(e)
        }
        Edit::MilestoneDone {
            milestone_id,
            date: on,
        } => {
            if *on > ctx.now.date() {
                return Err(invalid(format!(
                    "a milestone cannot be done in the future ({})",
                    format_date(*on)
                )));
            }
            let e = eid_or(&eid);
            cs.update("milestones", milestone_id, &e, &[("done_on", date(*on))])?;
            Ok(e)
        }
        Edit::OverrideColour {
            project_id,
            colour,
            reason,
        } => {
            let e = eid_or(&eid);
            let active: Vec<String> = tx
                .prepare_cached(
                    "SELECT id FROM colour_overrides WHERE project_id = ?1 AND active = 1",
                )?
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
        Edit::MovePool {
            enterprise_id,
            pool,
            batch,
            tier,
            status,
        } => {
            super::ledgers::move_pool(
                tx,
                cs,
                enterprise_id,
                (*pool, *batch),
                status.as_ref(),
                ctx.now.date(),
            )?;
            cs.update(
                "enterprises",
                enterprise_id,
                enterprise_id,
                &[("tier", text(tier.code()))],
            )?;
            Ok(enterprise_id.clone())
        }
        Edit::SaveEnterprise { id, tier, fields } => {
            save_enterprise(tx, cs, id.as_deref(), *tier, fields)
        }
        Edit::SaveProject {
            enterprise_id,
            id,
            fields: f,
        } => {
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
        Edit::AddMilestone {
            project_id,
            name,
            planned,
        } => {
            let e = eid_or(&eid);
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
        Edit::AddCertificate {
            enterprise_id,
            kind,
            number,
            issued,
            expires,
        } => {
            if number.trim().is_empty() {
                return Err(invalid("the certificate number is required"));
            }
            if *kind == CertKind::Hte
                && !crate::domain::hte::valid_certificate_number(number.trim())
            {
                return Err(invalid(format!(
                    "{} is not an HTE certificate number (GR + year + province code + serial, e.g. GR202365000123)",
                    number.trim()
                )));
            }
            // The same certificate saved again is not a second certificate (nor a second
            // re-certification reward).
            let dup: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM certificates
                                WHERE enterprise_id = ?1 AND kind = ?2 AND number = ?3)",
                rusqlite::params![enterprise_id, kind.code(), number.trim()],
                |r| r.get(0),
            )?;
            if dup {
                return Err(invalid(format!(
                    "certificate {} is already recorded for this enterprise",
                    number.trim()
                )));
            }
            let expires = expires.or_else(|| {
                (*kind == CertKind::Hte).then(|| {
                    let years = ctx.config.hte.certificate_valid_years;
                    issued
                        .replace_year(issued.year() + years)
                        .or_else(|_| {
                            issued
                                .replace_day(28)
                                .and_then(|d| d.replace_year(issued.year() + years))
                        })
                        .unwrap_or(*issued)
                })
            });
            cs.insert(
                "certificates",
                enterprise_id,
                &[
                    ("id", Value::Text(new_id())),
                    ("enterprise_id", text(enterprise_id)),
                    ("kind", text(kind.code())),
                    ("number", text(number.trim())),
                    ("issued_on", date(*issued)),
                    ("expires_on", expires.map_or(Value::Null, date)),
                ],
            )?;
            // A valid HTE certificate makes the enterprise an HTE (unless it is already a leader).
            let tier: Tier = tx.query_row(
                "SELECT tier FROM enterprises WHERE id = ?1",
                [enterprise_id],
                |r| r.get(0),
            )?;
            let valid = expires.is_none_or(|e| e >= ctx.now.date());
            if *kind == CertKind::Hte && valid && tier < Tier::Hte {
                cs.update(
                    "enterprises",
                    enterprise_id,
                    enterprise_id,
                    &[("tier", text(Tier::Hte.code()))],
                )?;
            }
            Ok(enterprise_id.clone())
        }
        Edit::AddSupportAction {
            enterprise_id,
            action,
            unit,
            person,
            due,
            status,
        } => {
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
        Edit::SaveSupportAction {
            action_id,
            action,
            unit,
            person,
            due,
            status,
            closed,
        } => {
            let e = eid_or(&eid);
            let fields = super::ledgers::ActionFields {
                action,
                unit,
                person,
                due: *due,
                status: *status,
                closed: *closed,
            };
            super::ledgers::save_support_action(tx, cs, &e, action_id, &fields, ctx.now.date())?;
            Ok(e)
        }
        Edit::PayReward {
            enterprise_id,
            kind,
            year,
            amount,
            paid_on,
            document,
        } => {
            let payment = super::ledgers::Payment {
                kind: *kind,
                year: *year,
                amount: *amount,
                paid_on: *paid_on,
                document,
            };
            super::ledgers::pay_reward(tx, cs, ctx, enterprise_id, &payment)?;
            Ok(enterprise_id.clone())
        }
        Edit::SaveCommissioner { id, name, phone } => {
            super::ledgers::save_commissioner(tx, cs, id.as_deref(), name, phone.as_deref())?;
            Ok(String::new())
        }
        Edit::SaveFigures {
            enterprise_id,
            figures: f,
        } => {
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
        Edit::SetTarget {
            district,
            metric,
            year,
            value,
        } => {
            if !value.is_finite() {
                return Err(invalid(format!("target {value} is not a number")));
            }
            if !(1900..=2200).contains(year) {
                return Err(invalid(format!("target year {year} is out of range")));
            }
            let (district, code) =
                super::districts::target_scope(tx, district, metric.code(), *year)?;
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
        Edit::RespondRequest {
            request_id,
            status,
            resolution,
        } => {
            let e = eid_or(&eid);
            let stamp = format_datetime(ctx.now);
            let first: Option<String> = tx.query_row(
                "SELECT first_response_at FROM requests WHERE id = ?1",
                [request_id],
                |r| r.get(0),
            )?;
            let mut cols: Vec<(&str, Value)> = vec![("status", text(status.code()))];
            if first.is_none() {
                cols.push(("first_response_at", Value::Text(stamp.clone())));
            }
            if !status.is_open() {
                if resolution.as_deref().is_none_or(|r| r.trim().is_empty()) {
                    return Err(invalid("closing a request needs a note on how it ended"));
                }
                cols.push(("closed_at", Value::Text(stamp)));
            }
            if resolution.is_some() {
                cols.push(("resolution", opt_text(resolution.as_deref())));
            }
            cs.update("requests", request_id, &e, &cols)?;
            Ok(e)
        }
    }
}

fn save_enterprise(
    tx: &Connection,
    cs: &mut ChangeSet<'_>,
    id: Option<&str>,
    tier: Tier,
    f: &EnterpriseFields,
) -> Result<String> {
    let code = credit_code::normalize(&f.credit_code);
    credit_code::validate(&code).map_err(|e| invalid(format!("credit code {code}: {e}")))?;
    if f.name.trim().is_empty() {
        return Err(invalid("the name is required"));
    }
    if f.district.trim().is_empty() {
        return Err(invalid("the district is required"));
    }
    // One district, one name: what was typed resolves to a GB/T 2260 district, stored by code
    // with the table's full name.
    let district = super::districts::resolve(&f.district)?;
    let dup: Option<(String, String)> = tx
        .query_row(
            "SELECT id, name FROM enterprises WHERE credit_code = ?1 AND id IS NOT ?2",
            params![code, id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    if let Some((_, name)) = dup {
        return Err(invalid(format!(
            "credit code {code} already belongs to {name}"
        )));
    }
    let region = credit_code::region_code(&code)
        .unwrap_or_default()
        .to_string();
    let cols: Vec<(&str, Value)> = vec![
        ("credit_code", Value::Text(code.clone())),
        ("name", text(f.name.trim())),
        (
            "initials",
            Value::Text(crate::text::pinyin_initials(f.name.trim())),
        ),
        ("region_code", Value::Text(region)),
        ("district", text(&district.full_name)),
        ("district_code", text(district.code)),
        ("township", opt_text(f.township.as_deref())),
        ("address", opt_text(f.address.as_deref())),
        ("industry", opt_text(f.industry.as_deref())),
        ("hte_field", opt_text(f.hte_field.as_deref())),
        ("commissioner_id", opt_text(f.commissioner_id.as_deref())),
        ("founded_on", f.founded_on.map_or(Value::Null, date)),
        ("contact_name", opt_text(f.contact_name.as_deref())),
        ("contact_phone", opt_text(f.contact_phone.as_deref())),
        ("tier", text(tier.code())),
        ("notes", text(f.notes.trim())),
    ];
    match id {
        Some(id) => {
            cs.update("enterprises", id, id, &cols)?;
            Ok(id.to_string())
        }
        None => {
            let id = new_id();
            let mut all = vec![("id", Value::Text(id.clone()))];
            all.extend(cols);
            cs.insert("enterprises", &id, &all)?;
            Ok(id)
        }
    }
}

/// The saved draft of a form in progress.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub id: String,
    pub kind: String,
    pub target_id: Option<String>,
    pub data: String,
    pub updated_at: String,
}

/// Saves (or replaces) a draft.
pub fn save_draft(
    conn: &Connection,
    id: &str,
    kind: &str,
    target: Option<&str>,
    data: &str,
) -> Result<()> {
    let stamp = super::now_stamp();
    conn.prepare_cached(
        "INSERT INTO drafts(id, kind, target_id, data, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)
         ON CONFLICT(id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at",
    )?
    .execute(params![id, kind, target, data, stamp])?;
    Ok(())
}

pub fn delete_draft(conn: &Connection, id: &str) -> Result<()> {
    conn.execute("DELETE FROM drafts WHERE id = ?1", [id])?;
    Ok(())
}

/// Drafts left by an earlier session, newest first.
pub fn drafts(conn: &Connection) -> Result<Vec<Draft>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, kind, target_id, data, updated_at FROM drafts ORDER BY updated_at DESC",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Draft {
            id: r.get(0)?,
            kind: r.get(1)?,
            target_id: r.get(2)?,
            data: r.get(3)?,
            updated_at: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
