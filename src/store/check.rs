//! `seedbed check`: the integrity of the file and of the data in it.

use super::Result;
use super::derived::{self, Scope, colour_order};
use crate::config::Config;
use crate::domain::credit_code;
use rusqlite::Connection;
use serde::Serialize;
use std::collections::HashMap;
use time::Date;

/// One problem found, with what it concerns.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Problem {
    pub kind: ProblemKind,
    pub subject: String,
    pub detail: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProblemKind {
    /// SQLite's own integrity check failed.
    FileIntegrity,
    /// A row points to a row that does not exist.
    Orphan,
    /// A credit code fails GB 32100.
    BadCreditCode,
    /// A stored derived value differs from its recomputation.
    StaleDerived,
    /// An HTE certificate number that is not of the GR form.
    BadCertificate,
    /// An enterprise's or a target's district matches no GB/T 2260 code (free text an older
    /// file held, which the migration could not map).
    UnknownDistrict,
}

/// Runs every check as of `today` (the stored derived date is used for derived values so that a
/// file that is merely not yet refreshed is not reported). At most `limit` problems per kind.
pub fn run(conn: &Connection, today: Date, config: &Config, limit: usize) -> Result<Vec<Problem>> {
    let mut problems = Vec::new();
    file_integrity(conn, limit, &mut problems)?;
    orphans(conn, limit, &mut problems)?;
    bad_credit_codes(conn, limit, &mut problems)?;
    bad_certificates(conn, limit, &mut problems)?;
    unknown_districts(conn, limit, &mut problems)?;
    let derived_on = conn
        .query_row(
            "SELECT value FROM meta WHERE key = ?1",
            [derived::DERIVED_ON],
            |r| r.get::<_, String>(0),
        )
        .ok()
        .and_then(|s| super::parse_date(&s).ok())
        .unwrap_or(today);
    let (expected, projects) = derived::compute(conn, Scope::All, derived_on, config)?;
    stale_enterprises(conn, &expected, limit, &mut problems)?;
    stale_alert_list(conn, projects, limit, &mut problems)?;
    Ok(problems)
}

/// SQLite's own integrity check.
fn file_integrity(conn: &Connection, limit: usize, problems: &mut Vec<Problem>) -> Result<()> {
    let mut stmt = conn.prepare("PRAGMA integrity_check")?;
    let lines: Vec<String> = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for line in lines.into_iter().filter(|l| l != "ok").take(limit) {
        problems.push(Problem {
            kind: ProblemKind::FileIntegrity,
            subject: "sqlite".into(),
            detail: line,
        });
    }
    Ok(())
}

/// Rows pointing to rows that do not exist.
fn orphans(conn: &Connection, limit: usize, problems: &mut Vec<Problem>) -> Result<()> {
    let mut stmt = conn.prepare("PRAGMA foreign_key_check")?;
    let orphans: Vec<(String, i64, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (table, rowid, parent) in orphans.into_iter().take(limit) {
        problems.push(Problem {
            kind: ProblemKind::Orphan,
            subject: format!("{table} row {rowid}"),
            detail: format!("refers to a missing {parent} row"),
        });
    }
    Ok(())
}

/// Credit codes failing GB 32100.
fn bad_credit_codes(conn: &Connection, limit: usize, problems: &mut Vec<Problem>) -> Result<()> {
    let mut stmt =
        conn.prepare("SELECT name, credit_code FROM enterprises WHERE deleted_at IS NULL")?;
    let mut rows = stmt.query([])?;
    let mut bad = 0;
    while let Some(r) = rows.next()? {
        let name: String = r.get(0)?;
        let code: String = r.get(1)?;
        if let Err(e) = credit_code::validate(&code) {
            bad += 1;
            if bad <= limit {
                problems.push(Problem {
                    kind: ProblemKind::BadCreditCode,
                    subject: name,
                    detail: format!("{code}: {e}"),
                });
            }
        }
    }
    Ok(())
}

/// HTE certificate numbers not of the GR form.
fn bad_certificates(conn: &Connection, limit: usize, problems: &mut Vec<Problem>) -> Result<()> {
    let mut stmt = conn.prepare(
        "SELECT e.name, c.number FROM certificates c JOIN enterprises e ON e.id = c.enterprise_id
         WHERE c.kind = 'hte'",
    )?;
    let bad_certs: Vec<(String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (name, number) in bad_certs
        .into_iter()
        .filter(|(_, n)| !crate::domain::hte::valid_certificate_number(n))
        .take(limit)
    {
        problems.push(Problem {
            kind: ProblemKind::BadCertificate,
            subject: name,
            detail: format!("{number}: not GR + year + province + serial"),
        });
    }
    Ok(())
}

/// Districts matching no GB/T 2260 code.
fn unknown_districts(conn: &Connection, limit: usize, problems: &mut Vec<Problem>) -> Result<()> {
    for u in super::districts::unmatched(conn)?.into_iter().take(limit) {
        problems.push(Problem {
            kind: ProblemKind::UnknownDistrict,
            subject: u.subject,
            detail: format!(
                "{} district {:?} matches no GB/T 2260 code",
                u.table, u.district
            ),
        });
    }
    Ok(())
}

/// Enterprises whose stored derived values differ from their recomputation.
fn stale_enterprises(
    conn: &Connection,
    expected: &HashMap<String, derived::EnterpriseDerived>,
    limit: usize,
    problems: &mut Vec<Problem>,
) -> Result<()> {
    let mut stmt = conn.prepare(
        "SELECT id, name, red, yellow, green, colour_order, last_visit, planned_visit, next_visit,
                open_requests, pool, batch
         FROM enterprises WHERE deleted_at IS NULL",
    )?;
    let mut rows = stmt.query([])?;
    let mut stale = 0;
    while let Some(r) = rows.next()? {
        let id: String = r.get(0)?;
        let Some(e) = expected.get(&id) else { continue };
        let stored = (
            r.get::<_, u32>(2)?,
            r.get::<_, u32>(3)?,
            r.get::<_, u32>(4)?,
            r.get::<_, i64>(5)?,
            r.get::<_, Option<Date>>(6)?,
            r.get::<_, Option<Date>>(7)?,
            r.get::<_, Option<Date>>(8)?,
            r.get::<_, i64>(9)?,
            r.get::<_, Option<String>>(10)?,
            r.get::<_, Option<String>>(11)?,
        );
        let want = (
            e.lights.red,
            e.lights.yellow,
            e.lights.green,
            colour_order(e.lights.worst()),
            e.last_visit,
            e.planned_visit,
            e.next_visit,
            e.open_requests,
            e.pool.clone(),
            e.batch.clone(),
        );
        if stored != want {
            stale += 1;
            if stale <= limit {
                problems.push(Problem {
                    kind: ProblemKind::StaleDerived,
                    subject: r.get(1)?,
                    detail: format!("stored {stored:?}, recomputed {want:?}"),
                });
            }
        }
    }
    Ok(())
}

/// The alerts list: each project's line as kept and as recomputed.
fn stale_alert_list(
    conn: &Connection,
    projects: Vec<derived::ProjectDerived>,
    limit: usize,
    problems: &mut Vec<Problem>,
) -> Result<()> {
    // The alerts list: each project's line as kept and as recomputed.
    type Line = (String, String, String, String, String, String);
    let mut want: HashMap<String, Line> = projects
        .into_iter()
        .filter_map(|p| {
            let l = p.listed?;
            let date = p.alert_date.map(super::format_date).unwrap_or_default();
            let line = (
                p.colour.code().to_string(),
                date,
                l.enterprise,
                l.project,
                l.level.code().to_string(),
                l.facts,
            );
            Some((p.id, line))
        })
        .collect();
    let mut stmt = conn.prepare(
        "SELECT project_id, colour, alert_date, enterprise, project, level, facts FROM alert_list",
    )?;
    let mut rows = stmt.query([])?;
    let mut wrong: Vec<(String, String)> = Vec::new();
    while let Some(r) = rows.next()? {
        let id: String = r.get(0)?;
        let line: Line = (
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
            r.get(6)?,
        );
        match want.remove(&id) {
            Some(w) if w == line => {}
            Some(w) => {
                let detail = format!(
                    "alerts list: kept {} {}, recomputed {} {} (or its names or facts differ)",
                    line.0, line.1, w.0, w.1
                );
                wrong.push((line.3, detail));
            }
            None => wrong.push((line.3, "alerts list: kept, but not on it".into())),
        }
    }
    wrong.extend(
        want.into_values()
            .map(|w| (w.3, "alerts list: missing".to_string())),
    );
    for (subject, detail) in wrong.into_iter().take(limit) {
        problems.push(Problem {
            kind: ProblemKind::StaleDerived,
            subject,
            detail,
        });
    }
    Ok(())
}
