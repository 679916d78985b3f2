//! Everything about one enterprise: profile, memberships, certificates, figures, projects with
//! milestones and their alerts, visits, requests, ranking history and the readiness checks.

use super::Result;
use super::derived::{ProjectRow, Scope, for_each_figures, for_each_project};
use super::queries::{self, CertRow, PoolRow, RankRow, RequestRow};
use crate::config::Config;
use crate::domain::alert::Alert;
use crate::domain::hte::{self, HteFacts, Readiness, YearFigures};
use crate::domain::sla::{self, SlaState};
use crate::domain::tsme::{self, TsmeEvaluation};
use crate::domain::{Batch, CertKind, Honour, Pool, PoolStatus, VisitMode};
use rusqlite::{Connection, params};
use serde::Serialize;
use time::{Date, PrimitiveDateTime};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Profile {
    pub region_code: String,
    pub township: Option<String>,
    pub address: Option<String>,
    pub industry: Option<String>,
    pub hte_field: Option<String>,
    pub founded_on: Option<Date>,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub honours: Vec<Honour>,
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Membership {
    pub pool: Pool,
    pub batch: Batch,
    pub status: PoolStatus,
    pub entered_on: Date,
    pub left_on: Option<Date>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MilestoneView {
    pub name: String,
    pub planned: Date,
    pub done: Option<Date>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProjectView {
    pub id: String,
    pub name: String,
    pub level: crate::domain::ProjectLevel,
    pub programme: Option<String>,
    pub budget: Option<i64>,
    pub start: Date,
    pub end: Date,
    pub accepted: Option<Date>,
    pub active: bool,
    pub overridden: bool,
    pub alert: Alert,
    pub milestones: Vec<MilestoneView>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VisitView {
    pub id: String,
    pub planned_on: Option<Date>,
    pub done_on: Option<Date>,
    pub cancelled_on: Option<Date>,
    pub mode: VisitMode,
    pub commissioner: Option<String>,
    pub attendees: String,
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RequestView {
    #[serde(flatten)]
    pub request: RequestRow,
    pub sla: SlaState,
}

/// A support-plan action and how late it is as of the detail's day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SupportView {
    #[serde(flatten)]
    pub action: super::bureau::SupportAction,
    pub overdue_days: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CertView {
    #[serde(flatten)]
    pub cert: CertRow,
    pub status: Option<hte::CertificateStatus>,
    /// A later HTE certificate (issued by today) replaced it: its expiry is no longer watched.
    pub renewed: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Detail {
    pub row: PoolRow,
    pub profile: Profile,
    pub memberships: Vec<Membership>,
    pub certificates: Vec<CertView>,
    pub figures: Vec<YearFigures>,
    pub projects: Vec<ProjectView>,
    pub visits: Vec<VisitView>,
    pub requests: Vec<RequestView>,
    /// The support plan (一企一策): open actions by due day, then closed ones.
    pub support: Vec<SupportView>,
    /// The rewards it became eligible for (first certification, re-certification, pool entry).
    pub rewards: Vec<super::bureau::RewardRow>,
    pub rankings: Vec<RankRow>,
    pub readiness: Readiness,
    pub tsme: TsmeEvaluation,
    /// history: its latest changes (to it and its records) and how many there are.
    pub history: super::history::Timeline,
}

/// Loads the whole detail of one enterprise as of `now`.
pub fn load(
    conn: &Connection,
    id: &str,
    now: PrimitiveDateTime,
    config: &Config,
) -> Result<Option<Detail>> {
    let today = now.date();
    let Some(row) = one_row(conn, id, today)? else {
        return Ok(None);
    };
    let profile = profile(conn, id)?;
    let mut figures = Vec::new();
    for_each_figures(conn, Scope::One(id), |_, f| {
        figures.push(f);
        Ok(())
    })?;
    let requests = queries::requests_of(conn, id)?
        .into_iter()
        .map(|q| RequestView {
            sla: sla::request_sla(q.raised_at, q.first_response_at, now, &config.requests),
            request: q,
        })
        .collect();
    let facts = HteFacts {
        founded: profile.founded_on,
        supported_field: profile.hte_field.clone(),
        figures: figures.clone(),
    };
    Ok(Some(Detail {
        row,
        memberships: memberships(conn, id)?,
        certificates: certificates(conn, id, today, config)?,
        projects: projects(conn, id, today, config)?,
        visits: visits(conn, id)?,
        requests,
        rewards: super::bureau::rewards_of(conn, id, config)?,
        support: super::bureau::actions_of(conn, id)?
            .into_iter()
            .map(|action| SupportView {
                overdue_days: action.overdue_days(today),
                action,
            })
            .collect(),
        rankings: queries::ranking_history(conn, id)?,
        readiness: hte::readiness(&facts, today, &config.hte),
        tsme: tsme_evaluation(conn, id, &figures, today, config)?,
        history: super::history::timeline(conn, id, super::history::TIMELINE_ROWS)?,
        profile,
        figures,
    }))
}

/// The enterprise's profile.
fn profile(conn: &Connection, id: &str) -> Result<Profile> {
    Ok(conn.query_row(
        "SELECT region_code, township, address, industry, hte_field, founded_on, contact_name,
                contact_phone, honours, notes
         FROM enterprises WHERE id = ?1",
        [id],
        |r| {
            let honours: String = r.get(8)?;
            Ok(Profile {
                region_code: r.get(0)?,
                township: r.get(1)?,
                address: r.get(2)?,
                industry: r.get(3)?,
                hte_field: r.get(4)?,
                founded_on: r.get(5)?,
                contact_name: r.get(6)?,
                contact_phone: r.get(7)?,
                honours: honours.split(',').filter_map(Honour::from_code).collect(),
                notes: r.get(9)?,
            })
        },
    )?)
}

/// Its pool memberships, newest first.
fn memberships(conn: &Connection, id: &str) -> Result<Vec<Membership>> {
    let mut stmt = conn.prepare_cached(
        "SELECT pool, batch, status, entered_on, left_on FROM pool_memberships
         WHERE enterprise_id = ?1 ORDER BY entered_on DESC",
    )?;
    Ok(stmt
        .query_map([id], |r| {
            Ok(Membership {
                pool: r.get(0)?,
                batch: r.get(1)?,
                status: r.get(2)?,
                entered_on: r.get(3)?,
                left_on: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Its certificates, newest first, with an HTE certificate's status and whether it was renewed.
fn certificates(
    conn: &Connection,
    id: &str,
    today: Date,
    config: &Config,
) -> Result<Vec<CertView>> {
    let certs = queries::certificates_of(conn, id)?;
    let hte_issued: Vec<(Date, &str)> = certs
        .iter()
        .filter(|c| c.kind == CertKind::Hte)
        .map(|c| (c.issued_on, c.number.as_str()))
        .collect();
    let renewed: Vec<bool> = certs
        .iter()
        .map(|c| {
            c.kind == CertKind::Hte && hte::renewed(c.issued_on, &c.number, &hte_issued, today)
        })
        .collect();
    Ok(certs
        .into_iter()
        .zip(renewed)
        .map(|(cert, renewed)| CertView {
            status: (cert.kind == CertKind::Hte)
                .then(|| hte::certificate_status(cert.issued_on, today, &config.hte)),
            renewed,
            cert,
        })
        .collect())
}

/// Its projects with their alerts and milestones: active ones first, worst colour first.
fn projects(conn: &Connection, id: &str, today: Date, config: &Config) -> Result<Vec<ProjectView>> {
    let mut rows: Vec<ProjectRow> = Vec::new();
    for_each_project(conn, Scope::One(id), |p| {
        rows.push(p);
        Ok(())
    })?;
    let mut projects: Vec<ProjectView> = rows
        .into_iter()
        .map(|p| ProjectView {
            alert: p.alert(today, config),
            id: p.id,
            name: p.name,
            level: p.level,
            programme: p.programme,
            budget: p.budget,
            start: p.facts.start,
            end: p.facts.end(),
            accepted: p.facts.acceptance_passed,
            active: p.facts.is_active(),
            overridden: p.override_.is_some(),
            milestones: p
                .facts
                .milestones
                .iter()
                .map(|m| MilestoneView {
                    name: m.name.clone(),
                    planned: m.planned,
                    done: m.done,
                })
                .collect(),
        })
        .collect();
    projects.sort_by(|a, b| {
        (!a.active, a.alert.colour, a.end).cmp(&(!b.active, b.alert.colour, b.end))
    });
    Ok(projects)
}

/// Its visits, newest first.
fn visits(conn: &Connection, id: &str) -> Result<Vec<VisitView>> {
    let mut stmt = conn.prepare_cached(
        "SELECT v.id, v.planned_on, v.done_on, v.cancelled_on, v.mode, c.name, v.attendees,
                v.notes
         FROM visits v LEFT JOIN commissioners c ON c.id = v.commissioner_id
         WHERE v.enterprise_id = ?1
         ORDER BY coalesce(v.done_on, v.planned_on) DESC",
    )?;
    Ok(stmt
        .query_map(params![id], |r| {
            Ok(VisitView {
                id: r.get(0)?,
                planned_on: r.get(1)?,
                done_on: r.get(2)?,
                cancelled_on: r.get(3)?,
                mode: r.get(4)?,
                commissioner: r.get(5)?,
                attendees: r.get(6)?,
                notes: r.get(7)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?)
}

/// The technology-based SME evaluation on last year's figures.
fn tsme_evaluation(
    conn: &Connection,
    id: &str,
    figures: &[YearFigures],
    today: Date,
    config: &Config,
) -> Result<TsmeEvaluation> {
    let has_valid_hte = queries::certificates_of(conn, id)?.iter().any(|c| {
        c.kind == CertKind::Hte && c.expires_on.is_some_and(|e| e >= today) && c.issued_on <= today
    });
    // Last year is the calendar year before today's: older figures are not judged in its
    // place (without them the evaluation is unknown).
    let last_year = figures
        .iter()
        .rev()
        .find(|f| f.year == today.year().saturating_sub(1));
    Ok(tsme::evaluate(last_year, has_valid_hte, &config.tsme))
}

/// The pool-list row of one enterprise.
pub fn one_row(conn: &Connection, id: &str, today: Date) -> Result<Option<PoolRow>> {
    queries::row_by_id(conn, id, today)
}
