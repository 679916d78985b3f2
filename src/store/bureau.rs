//! The bureau's view: loads the facts the commissioner, target and reward rules need, and the
//! support plans.

use super::Result;
use crate::config::Config;
use crate::domain::commissioners::{
    self, CommissionerData, CommissionerFigures, EnterpriseFacts, RequestFacts, VisitFacts,
};
use crate::domain::rewards::{self, EntryFacts, RewardKind};
use crate::domain::support::{ActionStatus, overdue_days};
use crate::domain::targets::{self, CertFacts, FigureFacts, Metric, MetricData};
use rusqlite::{Connection, params};
use serde::Serialize;
use std::collections::HashMap;
use time::{Date, PrimitiveDateTime};

fn collect<T>(
    conn: &Connection,
    sql: &str,
    args: impl rusqlite::Params,
    f: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> Result<Vec<T>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map(args, f)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every commissioner's figures for `year` as of `now`, by name.
pub fn commissioner_figures(
    conn: &Connection,
    year: i32,
    now: PrimitiveDateTime,
    config: &Config,
) -> Result<Vec<CommissionerFigures>> {
    let mut people = collect(conn, "SELECT id, name FROM commissioners", [], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
    })?;
    people.sort_by_cached_key(|(_, name)| (crate::text::pinyin_key(name), name.clone()));
    let enterprises = collect(
        conn,
        "SELECT id, commissioner_id, colour FROM enterprises WHERE deleted_at IS NULL",
        [],
        |r| {
            Ok(EnterpriseFacts {
                id: r.get(0)?,
                commissioner_id: r.get(1)?,
                colour: r.get(2)?,
            })
        },
    )?;
    let visits = collect(
        conn,
        "SELECT enterprise_id, planned_on, done_on, cancelled_on FROM visits",
        [],
        |r| {
            Ok(VisitFacts {
                enterprise_id: r.get(0)?,
                planned_on: r.get(1)?,
                done_on: r.get(2)?,
                cancelled_on: r.get(3)?,
            })
        },
    )?;
    let requests = collect(
        conn,
        "SELECT enterprise_id, raised_at, first_response_at, status, closed_at FROM requests",
        [],
        |r| {
            Ok(RequestFacts {
                enterprise_id: r.get(0)?,
                raised_at: r.get(1)?,
                first_response_at: r.get(2)?,
                status: r.get(3)?,
                closed_at: r.get(4)?,
            })
        },
    )?;
    let data = CommissionerData {
        commissioners: people,
        enterprises,
        visits,
        requests,
    };
    Ok(commissioners::commissioner_figures(
        &data,
        year,
        now,
        &config.cadence,
        &config.requests,
    ))
}

fn certificates(conn: &Connection) -> Result<Vec<CertFacts>> {
    collect(
        conn,
        "SELECT enterprise_id, kind, issued_on, expires_on FROM certificates",
        [],
        |r| {
            Ok(CertFacts {
                enterprise_id: r.get(0)?,
                kind: r.get(1)?,
                issued_on: r.get(2)?,
                expires_on: r.get(3)?,
            })
        },
    )
}

/// The facts behind the target metrics, for the live enterprises of `district` ('' = all).
pub fn metric_data(conn: &Connection, district: &str) -> Result<MetricData> {
    let enterprises = collect(
        conn,
        "SELECT id FROM enterprises WHERE deleted_at IS NULL AND (?1 = '' OR district = ?1)",
        [district],
        |r| r.get(0),
    )?;
    let figures = collect(
        conn,
        "SELECT enterprise_id, year, coalesce(total_income, sales), rd_spend FROM figures",
        [],
        |r| {
            Ok(FigureFacts {
                enterprise_id: r.get(0)?,
                year: r.get(1)?,
                revenue: r.get(2)?,
                rd_spend: r.get(3)?,
            })
        },
    )?;
    let entries = collect(
        conn,
        "SELECT enterprise_id, entered_on FROM pool_memberships",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let visits_done = collect(
        conn,
        "SELECT enterprise_id, done_on FROM visits WHERE done_on IS NOT NULL",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(MetricData {
        enterprises,
        certificates: certificates(conn)?,
        figures,
        entries,
        visits_done,
    })
}

/// A target with the metric's value this year and last.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TargetRow {
    /// A district name, or '' for the whole pool.
    pub district: String,
    pub metric: Metric,
    pub year: i32,
    pub target: f64,
    pub actual: Option<f64>,
    pub last_year: Option<f64>,
    /// Actual ÷ target, in percent.
    pub progress: Option<f64>,
}

/// The years that have targets, newest first.
pub fn target_years(conn: &Connection) -> Result<Vec<i32>> {
    collect(
        conn,
        "SELECT DISTINCT year FROM targets ORDER BY year DESC",
        [],
        |r| r.get(0),
    )
}

/// The targets of `year` with their actual values as of `today`, by district then metric.
pub fn target_rows(conn: &Connection, year: i32, today: Date) -> Result<Vec<TargetRow>> {
    let mut stored = collect(
        conn,
        "SELECT district, metric, value FROM targets WHERE year = ?1",
        [year],
        |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Metric>(1)?,
                r.get::<_, f64>(2)?,
            ))
        },
    )?;
    stored.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
    let mut data: HashMap<String, MetricData> = HashMap::new();
    let mut out = Vec::with_capacity(stored.len());
    for (district, metric, target) in stored {
        if !data.contains_key(&district) {
            data.insert(district.clone(), metric_data(conn, &district)?);
        }
        let d = data.get(&district).cloned().unwrap_or_default();
        let actual = targets::metric_value(metric, &d, year, today);
        out.push(TargetRow {
            last_year: targets::metric_value(metric, &d, year - 1, today),
            progress: targets::progress(actual, target),
            actual,
            district,
            metric,
            year,
            target,
        });
    }
    Ok(out)
}

/// A reward an enterprise became eligible for, with its payment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RewardRow {
    pub enterprise_id: String,
    pub enterprise: String,
    pub kind: RewardKind,
    pub year: i32,
    /// The day it became eligible.
    pub on: Date,
    pub amount: i64,
    pub paid_on: Option<Date>,
}

/// The rewards of `year`: every eligibility with its payment (amount as paid when paid).
pub fn reward_rows(conn: &Connection, year: i32, config: &Config) -> Result<Vec<RewardRow>> {
    rewards_where(conn, &[year], None, config)
}

/// Every reward one enterprise became eligible for, oldest first, with its payment.
pub fn rewards_of(
    conn: &Connection,
    enterprise_id: &str,
    config: &Config,
) -> Result<Vec<RewardRow>> {
    let mut years: Vec<i32> = collect(
        conn,
        "SELECT CAST(substr(issued_on, 1, 4) AS INTEGER) FROM certificates
         WHERE enterprise_id = ?1 AND kind = 'hte'
         UNION SELECT CAST(substr(entered_on, 1, 4) AS INTEGER) FROM pool_memberships
         WHERE enterprise_id = ?1 AND pool = 'hte'",
        [enterprise_id],
        |r| r.get(0),
    )?;
    years.sort_unstable();
    rewards_where(conn, &years, Some(enterprise_id), config)
}

fn rewards_where(
    conn: &Connection,
    years: &[i32],
    enterprise: Option<&str>,
    config: &Config,
) -> Result<Vec<RewardRow>> {
    // One enterprise (the detail) reads only its own rows, by index; the pool reads each table
    // once.
    let only = |column: &str| match enterprise {
        Some(_) => format!(" WHERE {column} = ?1"),
        None => " WHERE ?1 IS NULL".to_string(),
    };
    let entries: Vec<EntryFacts> = collect(
        conn,
        &format!(
            "SELECT enterprise_id, pool, entered_on FROM pool_memberships{}",
            only("enterprise_id")
        ),
        [enterprise],
        |r| {
            Ok(EntryFacts {
                enterprise_id: r.get(0)?,
                pool: r.get(1)?,
                entered_on: r.get(2)?,
            })
        },
    )?;
    let certs: Vec<CertFacts> = collect(
        conn,
        &format!(
            "SELECT enterprise_id, kind, issued_on, expires_on FROM certificates{}",
            only("enterprise_id")
        ),
        [enterprise],
        |r| {
            Ok(CertFacts {
                enterprise_id: r.get(0)?,
                kind: r.get(1)?,
                issued_on: r.get(2)?,
                expires_on: r.get(3)?,
            })
        },
    )?;
    let names: HashMap<String, String> = collect(
        conn,
        &format!(
            "SELECT id, name FROM enterprises{} AND deleted_at IS NULL",
            only("id")
        ),
        [enterprise],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?
    .into_iter()
    .collect();
    let mut out = Vec::new();
    for &year in years {
        let paid: HashMap<(String, RewardKind), (i64, Option<Date>)> = collect(
            conn,
            &format!(
                "SELECT enterprise_id, kind, amount, paid_on FROM rewards{} AND year = ?2",
                only("enterprise_id")
            ),
            params![enterprise, year],
            |r| Ok(((r.get(0)?, r.get(1)?), (r.get(2)?, r.get(3)?))),
        )?
        .into_iter()
        .collect();
        for e in rewards::eligible(&certs, &entries, year, &config.rewards) {
            let Some(name) = names.get(&e.enterprise_id) else {
                continue;
            };
            let payment = paid.get(&(e.enterprise_id.clone(), e.kind));
            out.push(RewardRow {
                enterprise: name.clone(),
                kind: e.kind,
                year: e.year,
                on: e.on,
                amount: payment.map_or(e.amount, |p| p.0),
                paid_on: payment.and_then(|p| p.1),
                enterprise_id: e.enterprise_id,
            });
        }
    }
    Ok(out)
}

/// A support-plan action.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SupportAction {
    pub id: String,
    pub enterprise_id: String,
    pub enterprise: String,
    pub action: String,
    pub unit: String,
    pub person: String,
    pub due_on: Option<Date>,
    pub status: ActionStatus,
    pub done_on: Option<Date>,
}

impl SupportAction {
    pub fn overdue_days(&self, today: Date) -> Option<i64> {
        overdue_days(self.status, self.due_on, today)
    }
}

const ACTION_SQL: &str = "SELECT a.id, a.enterprise_id, e.name, a.action, a.unit, a.person,
    a.due_on, a.status, a.done_on
    FROM support_actions a JOIN enterprises e ON e.id = a.enterprise_id
    WHERE a.deleted_at IS NULL";

fn action_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<SupportAction> {
    Ok(SupportAction {
        id: r.get(0)?,
        enterprise_id: r.get(1)?,
        enterprise: r.get(2)?,
        action: r.get(3)?,
        unit: r.get(4)?,
        person: r.get(5)?,
        due_on: r.get(6)?,
        status: r.get(7)?,
        done_on: r.get(8)?,
    })
}

/// An enterprise's support plan: open actions by due day, then closed ones.
pub fn actions_of(conn: &Connection, enterprise_id: &str) -> Result<Vec<SupportAction>> {
    let sql = format!(
        "{ACTION_SQL} AND a.enterprise_id = ?1
         ORDER BY a.status IN ('done', 'dropped'), a.due_on IS NULL, a.due_on, a.id"
    );
    collect(conn, &sql, [enterprise_id], action_row)
}

/// How many open actions are past their due day (one range of a partial index).
pub fn overdue_action_count(conn: &Connection, today: Date) -> Result<usize> {
    let n: i64 = conn
        .prepare_cached(
            "SELECT count(*) FROM support_actions
             WHERE deleted_at IS NULL AND status IN ('open', 'in_progress') AND due_on < ?1",
        )?
        .query_row([today], |r| r.get(0))?;
    Ok(n.max(0) as usize)
}

/// A window of the overdue open actions, oldest first (read in index order).
pub fn overdue_action_page(
    conn: &Connection,
    today: Date,
    start: usize,
    len: usize,
) -> Result<Vec<SupportAction>> {
    let sql = format!(
        "{ACTION_SQL} AND a.status IN ('open', 'in_progress') AND a.due_on < ?1
         ORDER BY a.due_on, a.id LIMIT ?2 OFFSET ?3"
    );
    collect(
        conn,
        &sql,
        rusqlite::params![today, len as i64, start as i64],
        action_row,
    )
}

/// Open actions of live enterprises whose due day is before `today`, oldest first.
pub fn overdue_actions(conn: &Connection, today: Date) -> Result<Vec<SupportAction>> {
    let sql = format!(
        "{ACTION_SQL} AND e.deleted_at IS NULL AND a.status IN ('open', 'in_progress')
         AND a.due_on < ?1 ORDER BY a.due_on, e.name, a.id"
    );
    collect(conn, &sql, [today], action_row)
}
