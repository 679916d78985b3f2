//! The bureau's view: loads the facts the commissioner, target and reward rules need, and the
//! support plans.

use super::Result;
use super::summaries::{self, Kind};
use crate::config::Config;
use crate::domain::commissioners::{self, CommissionerFigures, CommissionerYear};
use crate::domain::rewards::{self, EntryFacts, RewardKind};
use crate::domain::support::{ActionStatus, overdue_days};
use crate::domain::targets::{self, CertFacts, FigureFacts, Metric, MetricData};
use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use time::{Date, PrimitiveDateTime};

/// Whether enterprise `e` was in the pool on the day bound as `{day}`: a membership entered by
/// then and not yet left (an exit without a day counts from the row's last change), or, never in
/// a pool, its record made by then. Past years count the pool of their own days with it, so
/// today's entries and exits leave them alone.
fn in_pool_sql(day: &str) -> String {
    format!(
        "(EXISTS (SELECT 1 FROM pool_memberships m WHERE m.enterprise_id = e.id
                  AND m.entered_on <= {day}
                  AND coalesce(m.left_on, CASE WHEN m.status = 'out'
                                               THEN substr(m.updated_at, 1, 10) END,
                               '9999-12-31') > {day})
          OR (NOT EXISTS (SELECT 1 FROM pool_memberships m WHERE m.enterprise_id = e.id)
              AND substr(e.created_at, 1, 10) <= {day}))"
    )
}

/// The commissioner of enterprise `e` on the day bound as `{day}`, from the assignment history.
fn assigned_sql(day: &str) -> String {
    format!(
        "(SELECT a.commissioner_id FROM commissioner_assignments a
          WHERE a.enterprise_id = e.id AND a.assigned_on <= {day}
          ORDER BY a.assigned_on DESC, a.id DESC LIMIT 1)"
    )
}

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
///
/// Attribution follows the assignment history (`commissioner_assignments`): a visit or request
/// counts for the commissioner of its enterprise on its own day, an enterprise for the one
/// assigned on the year's day (its last day, or `now` in the running year) if it was in the
/// pool then.
///
/// The rows stream through [`commissioners::Tally`] already attributed to their commissioner by
/// the join, and only the visits and requests of `year` are read: the pool is never loaded whole.
pub fn commissioner_figures(
    conn: &Connection,
    year: i32,
    now: PrimitiveDateTime,
    config: &Config,
) -> Result<Vec<CommissionerFigures>> {
    Ok(commissioner_year(conn, year, now, config)?.people)
}

/// [`commissioner_figures`] with each district's team rolled up (`CommissionerYear`).
pub fn commissioner_year(
    conn: &Connection,
    year: i32,
    now: PrimitiveDateTime,
    config: &Config,
) -> Result<CommissionerYear> {
    let mut people = collect(
        conn,
        "SELECT id, name, coalesce(district, '') FROM commissioners",
        [],
        |r| {
            Ok((
                (r.get::<_, String>(0)?, r.get::<_, String>(1)?),
                r.get::<_, String>(2)?,
            ))
        },
    )?;
    people.sort_by_cached_key(|((_, name), _)| (crate::text::pinyin_key(name), name.clone()));
    let (people, districts): (Vec<_>, Vec<_>) = people.into_iter().unzip();
    let mut tally =
        commissioners::Tally::new(&people, year, now, &config.cadence, &config.requests);
    let (from, until) = (format!("{year:04}-01-01"), format!("{:04}-01-01", year + 1));
    let slot =
        |t: &commissioners::Tally, r: &rusqlite::Row<'_>| -> rusqlite::Result<Option<usize>> {
            Ok(r.get_ref(0)?.as_str_or_null()?.and_then(|c| t.slot(c)))
        };
    // Each record goes to the commissioner assigned on its own day (the history), and the
    // enterprises counted are those in the pool on the year's day: today's reassignments,
    // entries and exits leave a past year alone.
    let day = crate::store::format_date(targets::as_of(year, now.date()));
    {
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {}, e.colour FROM enterprises e
             WHERE e.deleted_at IS NULL AND {}",
            assigned_sql("?1"),
            in_pool_sql("?1")
        ))?;
        let mut rows = stmt.query([&day])?;
        while let Some(r) = rows.next()? {
            if let Some(i) = slot(&tally, r)? {
                tally.enterprise(i, r.get(1)?);
            }
        }
    }
    {
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {}, v.planned_on, v.done_on, v.cancelled_on
             FROM enterprises e JOIN visits v ON v.enterprise_id = e.id
             WHERE e.deleted_at IS NULL
               AND (v.done_on >= ?1 AND v.done_on < ?2 OR v.planned_on >= ?1 AND v.planned_on < ?2)",
            assigned_sql("coalesce(v.done_on, v.planned_on)")
        ))?;
        let mut rows = stmt.query([&from, &until])?;
        while let Some(r) = rows.next()? {
            if let Some(i) = slot(&tally, r)? {
                tally.visit(i, r.get(1)?, r.get(2)?, r.get(3)?);
            }
        }
    }
    {
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {}, q.raised_at, q.first_response_at, q.status
             FROM enterprises e JOIN requests q ON q.enterprise_id = e.id
             WHERE e.deleted_at IS NULL AND q.raised_at >= ?1 AND q.raised_at < ?2",
            assigned_sql("substr(q.raised_at, 1, 10)")
        ))?;
        let mut rows = stmt.query([&from, &until])?;
        while let Some(r) = rows.next()? {
            if let Some(i) = slot(&tally, r)? {
                tally.request(i, r.get(1)?, r.get(2)?, r.get(3)?);
            }
        }
    }
    Ok(tally.finish_with_districts(&districts))
}

/// [`commissioner_year`] kept as a summary until the next write or the next hour (breaches
/// move with the clock), with the summary's token.
pub fn commissioner_summary(
    conn: &Connection,
    year: i32,
    now: PrimitiveDateTime,
    config: &Config,
) -> Result<(String, CommissionerYear)> {
    let hour = format!("{} {:02}", now.date(), now.hour());
    summaries::get(conn, Kind::Commissioners, year, &hour, |c| {
        commissioner_year(c, year, now, config)
    })
}

/// A certificate row read as `enterprise_id, kind, issued_on, expires_on`.
fn cert_facts(r: &rusqlite::Row<'_>) -> rusqlite::Result<CertFacts> {
    Ok(CertFacts {
        enterprise_id: r.get(0)?,
        kind: r.get(1)?,
        issued_on: r.get(2)?,
        expires_on: r.get(3)?,
    })
}

/// The facts behind the target metrics of the years `years`, for the live enterprises of
/// `district` ('' = all): their certificates (all of them: "new" means first ever), figures of
/// those years and the year before (growth), pool entries and visits done in those years.
pub fn metric_data(
    conn: &Connection,
    district: &str,
    years: std::ops::RangeInclusive<i32>,
) -> Result<MetricData> {
    const LIVE: &str = "JOIN enterprises e ON e.id = t.enterprise_id
                        WHERE e.deleted_at IS NULL AND (?1 = '' OR e.district = ?1)";
    let (first, last) = (*years.start(), *years.end());
    let (from, until) = (
        format!("{first:04}-01-01"),
        format!("{:04}-01-01", last + 1),
    );
    let enterprises = collect(
        conn,
        "SELECT id FROM enterprises WHERE deleted_at IS NULL AND (?1 = '' OR district = ?1)",
        [district],
        |r| r.get(0),
    )?;
    let certificates = collect(
        conn,
        &format!(
            "SELECT t.enterprise_id, t.kind, t.issued_on, t.expires_on FROM certificates t {LIVE}"
        ),
        [district],
        cert_facts,
    )?;
    let figures = collect(
        conn,
        &format!(
            "SELECT t.enterprise_id, t.year, coalesce(t.total_income, t.sales), t.rd_spend
             FROM figures t {LIVE} AND t.year BETWEEN ?2 AND ?3"
        ),
        params![district, first - 1, last],
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
        &format!(
            "SELECT t.enterprise_id, t.entered_on FROM pool_memberships t {LIVE}
             AND t.entered_on >= ?2 AND t.entered_on < ?3"
        ),
        params![district, from, until],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let visits_done = collect(
        conn,
        &format!(
            "SELECT t.enterprise_id, t.done_on FROM visits t {LIVE}
             AND t.done_on >= ?2 AND t.done_on < ?3"
        ),
        params![district, from, until],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    // Every pool span (an exit without a day ends on the row's last change), and for an
    // enterprise never in a pool, from its record on.
    let in_pool = collect(
        conn,
        "SELECT e.id, coalesce(m.entered_on, substr(e.created_at, 1, 10)),
                CASE WHEN m.id IS NULL THEN NULL
                     ELSE coalesce(m.left_on, CASE WHEN m.status = 'out'
                                                   THEN substr(m.updated_at, 1, 10) END) END
         FROM enterprises e LEFT JOIN pool_memberships m ON m.enterprise_id = e.id
         WHERE e.deleted_at IS NULL AND (?1 = '' OR e.district = ?1)",
        [district],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    Ok(MetricData {
        enterprises,
        certificates,
        figures,
        entries,
        visits_done,
        in_pool,
    })
}

/// A target with the metric's value this year and last.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    /// On a roll-up (`district` empty): how many districts' targets it adds up; 0 otherwise.
    #[serde(default)]
    pub districts: u32,
}

/// Each metric's targets of the named districts added up, with their actual values and last
/// year's (a count or an amount adds up over districts that share no enterprise); a metric
/// in percent does not add up and has no roll-up. In metric order.
pub fn target_totals(rows: &[TargetRow]) -> Vec<TargetRow> {
    let mut out: Vec<TargetRow> = Vec::new();
    for r in rows.iter().filter(|r| !r.district.is_empty()) {
        if r.metric.unit() == targets::Unit::Percent {
            continue;
        }
        let total = match out.iter_mut().find(|t| t.metric == r.metric) {
            Some(t) => t,
            None => {
                out.push(TargetRow {
                    district: String::new(),
                    metric: r.metric,
                    year: r.year,
                    target: 0.0,
                    actual: None,
                    last_year: None,
                    progress: None,
                    districts: 0,
                });
                let last = out.len() - 1;
                &mut out[last]
            }
        };
        let add = |a: Option<f64>, b: Option<f64>| match (a, b) {
            (None, None) => None,
            (a, b) => Some(a.unwrap_or(0.0) + b.unwrap_or(0.0)),
        };
        total.target += r.target;
        total.actual = add(total.actual, r.actual);
        total.last_year = add(total.last_year, r.last_year);
        total.districts += 1;
    }
    for t in &mut out {
        t.progress = targets::progress(t.actual, t.target);
    }
    out.sort_by_key(|t| t.metric);
    out
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

/// [`target_rows`] kept as a summary until the next write or the next day, with its token.
pub fn target_summary(
    conn: &Connection,
    year: i32,
    today: Date,
) -> Result<(String, Vec<TargetRow>)> {
    summaries::get(conn, Kind::Targets, year, &today.to_string(), |c| {
        target_rows(c, year, today)
    })
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
    let mut out = Vec::with_capacity(stored.len());
    for (district, metric, target) in stored {
        let actual = metric_value(conn, metric, &district, year, today)?;
        out.push(TargetRow {
            last_year: metric_value(conn, metric, &district, year - 1, today)?,
            progress: targets::progress(actual, target),
            actual,
            district,
            metric,
            year,
            target,
            districts: 0,
        });
    }
    Ok(out)
}

/// The value of `metric` for the live enterprises of `district` ('' = all) in `year` as of
/// `today`: [`targets::metric_value`] computed set-wise in SQL, so that a whole pool is counted
/// without loading it (a test holds the two equal on the demo pool).
pub fn metric_value(
    conn: &Connection,
    metric: Metric,
    district: &str,
    year: i32,
    today: Date,
) -> Result<Option<f64>> {
    const LIVE: &str = "e.deleted_at IS NULL AND (?1 = '' OR e.district = ?1)";
    let day = targets::as_of(year, today);
    let (from, until) = (format!("{year:04}-01-01"), format!("{:04}-01-01", year + 1));
    let holders = |kind: &str| {
        format!(
            "SELECT DISTINCT c.enterprise_id FROM certificates c
             JOIN enterprises e ON e.id = c.enterprise_id
             WHERE {LIVE} AND c.kind = '{kind}' AND c.issued_on <= ?2
               AND (c.expires_on IS NULL OR c.expires_on >= ?2)"
        )
    };
    let count = |sql: String, p: &[&dyn rusqlite::ToSql]| -> Result<Option<f64>> {
        let n: i64 = conn.prepare_cached(&sql)?.query_row(p, |r| r.get(0))?;
        Ok(Some(n as f64))
    };
    match metric {
        Metric::HteCount => count(
            format!("SELECT count(*) FROM ({})", holders("hte")),
            params![district, day],
        ),
        Metric::TsmeCount => count(
            format!("SELECT count(*) FROM ({})", holders("tsme")),
            params![district, day],
        ),
        Metric::NewHte => count(
            format!(
                "SELECT count(*) FROM (
                     SELECT min(c.issued_on) AS first FROM certificates c
                     JOIN enterprises e ON e.id = c.enterprise_id
                     WHERE {LIVE} AND c.kind = 'hte' GROUP BY c.enterprise_id)
                 WHERE first >= ?3 AND first < ?4 AND first <= ?2"
            ),
            params![district, day, from, until],
        ),
        Metric::HteRevenue => {
            let (known, sum): (i64, Option<i64>) = conn
                .prepare_cached(&format!(
                    "SELECT count(coalesce(f.total_income, f.sales)),
                            sum(coalesce(f.total_income, f.sales))
                     FROM figures f WHERE f.year = ?3 AND f.enterprise_id IN ({})",
                    holders("hte")
                ))?
                .query_row(params![district, day, year], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok((known > 0).then(|| sum.unwrap_or(0) as f64))
        }
        Metric::RdGrowth => {
            let (now, before): (Option<i64>, Option<i64>) = conn
                .prepare_cached(&format!(
                    "SELECT sum(a.rd_spend), sum(b.rd_spend) FROM figures a
                     JOIN figures b ON b.enterprise_id = a.enterprise_id AND b.year = ?2 - 1
                     JOIN enterprises e ON e.id = a.enterprise_id
                     WHERE {LIVE} AND a.year = ?2
                       AND a.rd_spend IS NOT NULL AND b.rd_spend IS NOT NULL"
                ))?
                .query_row(params![district, year], |r| Ok((r.get(0)?, r.get(1)?)))?;
            let (now, before) = (now.unwrap_or(0), before.unwrap_or(0));
            Ok((before > 0).then(|| (now as f64 / before as f64 - 1.0) * 100.0))
        }
        Metric::PoolEntries => count(
            format!(
                "SELECT count(DISTINCT m.enterprise_id) FROM pool_memberships m
                 JOIN enterprises e ON e.id = m.enterprise_id
                 WHERE {LIVE} AND m.entered_on >= ?3 AND m.entered_on < ?4 AND m.entered_on <= ?2"
            ),
            params![district, day, from, until],
        ),
        Metric::VisitCoverage => {
            // The enterprises in the pool on the year's day, not today's pool.
            let in_pool = in_pool_sql("?2");
            let live: i64 = conn
                .prepare_cached(&format!(
                    "SELECT count(*) FROM enterprises e WHERE {LIVE} AND {in_pool}"
                ))?
                .query_row(params![district, day], |r| r.get(0))?;
            if live == 0 {
                return Ok(None);
            }
            let visited: i64 = conn
                .prepare_cached(&format!(
                    "SELECT count(DISTINCT v.enterprise_id) FROM visits v
                     JOIN enterprises e ON e.id = v.enterprise_id
                     WHERE {LIVE} AND {in_pool}
                       AND v.done_on >= ?3 AND v.done_on < ?4 AND v.done_on <= ?2"
                ))?
                .query_row(params![district, day, from, until], |r| r.get(0))?;
            Ok(Some(visited as f64 / live as f64 * 100.0))
        }
    }
}

/// A reward an enterprise became eligible for, with its payment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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

/// The rewards that became due in `?1 <= day < ?2` with their payments, numbered (`seq`) by
/// day, enterprise and kind: [`rewards::eligible`] computed set-wise in SQL (a test holds the two
/// equal on the demo pool). `?3`–`?5` are the configured amounts of the three kinds.
const REWARDS_SQL: &str = "
    WITH certs AS (
        SELECT c.enterprise_id, c.issued_on AS on_day,
            CASE WHEN EXISTS (SELECT 1 FROM certificates p
                              WHERE p.enterprise_id = c.enterprise_id AND p.kind = 'hte'
                                AND p.issued_on < c.issued_on)
                 THEN 'recertification' ELSE 'first_certification' END AS kind
        FROM certificates c
        WHERE c.kind = 'hte' AND c.issued_on >= ?1 AND c.issued_on < ?2
    ),
    due AS (
        -- One reward of a kind per enterprise and year (on the first day it became due): a
        -- certificate recorded twice is not two rewards.
        SELECT enterprise_id, min(on_day) AS on_day, kind FROM certs GROUP BY enterprise_id, kind
        UNION
        SELECT DISTINCT m.enterprise_id, m.entered_on, 'provincial_pool_entry'
        FROM pool_memberships m
        WHERE m.pool = 'hte' AND m.entered_on >= ?1 AND m.entered_on < ?2
          AND NOT EXISTS (SELECT 1 FROM pool_memberships p
                          WHERE p.enterprise_id = m.enterprise_id AND p.pool = 'hte'
                            AND p.entered_on < m.entered_on)
    )
    SELECT d.enterprise_id AS enterprise_id, e.name AS enterprise, d.kind AS kind,
           CAST(substr(d.on_day, 1, 4) AS INTEGER) AS year, d.on_day AS on_day,
           coalesce(r.amount, CASE d.kind WHEN 'first_certification' THEN ?3
                                          WHEN 'recertification' THEN ?4 ELSE ?5 END) AS amount,
           r.paid_on AS paid_on,
           row_number() OVER (ORDER BY d.on_day, d.enterprise_id,
               CASE d.kind WHEN 'first_certification' THEN 0
                           WHEN 'recertification' THEN 1 ELSE 2 END) AS seq
    FROM due d
    JOIN enterprises e ON e.id = d.enterprise_id AND e.deleted_at IS NULL
    LEFT JOIN rewards r ON r.enterprise_id = d.enterprise_id AND r.kind = d.kind
                       AND r.year = CAST(substr(d.on_day, 1, 4) AS INTEGER)
    ORDER BY seq";

fn reward_args(year: i32, config: &Config) -> (String, String, i64, i64, i64) {
    let r = &config.rewards;
    (
        format!("{year:04}-01-01"),
        format!("{:04}-01-01", year + 1),
        r.first_certification,
        r.recertification,
        r.provincial_pool_entry,
    )
}

pub(super) fn reward_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<RewardRow> {
    Ok(RewardRow {
        enterprise_id: r.get(0)?,
        enterprise: r.get(1)?,
        kind: r.get(2)?,
        year: r.get(3)?,
        on: r.get(4)?,
        amount: r.get(5)?,
        paid_on: r.get(6)?,
    })
}

/// How many rewards `year` has, kept in `reward_summary` (for [`reward_page`]) until the next
/// write or the next day.
pub fn reward_count(conn: &Connection, year: i32, today: Date, config: &Config) -> Result<usize> {
    let (_, n) = summaries::get(conn, Kind::Rewards, year, &today.to_string(), |c| {
        c.execute("DELETE FROM reward_summary WHERE year = ?1", [year])?;
        let a = reward_args(year, config);
        let n = c.execute(
            &format!(
                "INSERT INTO reward_summary
                     (year, seq, enterprise_id, enterprise, kind, on_day, amount, paid_on)
                 SELECT year, seq, enterprise_id, enterprise, kind, on_day, amount, paid_on
                 FROM ({REWARDS_SQL})"
            ),
            params![a.0, a.1, a.2, a.3, a.4],
        )?;
        Ok(n)
    })?;
    // The rows are paged from the table: they must have been kept, not only counted.
    if summaries::token(conn, Kind::Rewards, year, &today.to_string())?.is_none() {
        return Err(super::StoreError::BadValue(
            "the rewards could not be kept (the file is busy); try again".into(),
        ));
    }
    Ok(n)
}

/// Rewards `start..start + len` of `year`, as [`reward_count`] kept them.
pub fn reward_page(
    conn: &Connection,
    year: i32,
    start: usize,
    len: usize,
) -> Result<Vec<RewardRow>> {
    collect(
        conn,
        "SELECT enterprise_id, enterprise, kind, year, on_day, amount, paid_on
         FROM reward_summary WHERE year = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3",
        params![year, start as i64, len as i64],
        reward_row,
    )
}

/// The rewards of `year`: every eligibility with its payment (amount as paid when paid).
pub fn reward_rows(conn: &Connection, year: i32, config: &Config) -> Result<Vec<RewardRow>> {
    let a = reward_args(year, config);
    collect(
        conn,
        REWARDS_SQL,
        params![a.0, a.1, a.2, a.3, a.4],
        reward_row,
    )
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
    rewards_where(conn, &years, enterprise_id, config)
}

/// The rewards of one enterprise in `years`, by [`rewards::eligible`] over its own rows.
fn rewards_where(
    conn: &Connection,
    years: &[i32],
    enterprise: &str,
    config: &Config,
) -> Result<Vec<RewardRow>> {
    let only = |column: &str| format!(" WHERE {column} = ?1");
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
        cert_facts,
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
    /// The enterprise's district (lists: the district column and facet).
    pub district: String,
}

impl SupportAction {
    pub fn overdue_days(&self, today: Date) -> Option<i64> {
        overdue_days(self.status, self.due_on, today)
    }
}

pub(super) const ACTION_SQL: &str =
    "SELECT a.id, a.enterprise_id, e.name, a.action, a.unit, a.person,
    a.due_on, a.status, a.done_on, e.district
    FROM support_actions a JOIN enterprises e ON e.id = a.enterprise_id
    WHERE a.deleted_at IS NULL";

pub(super) fn action_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<SupportAction> {
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
        district: r.get(9)?,
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
    // The window is found in the index alone, then its rows are read.
    let sql = format!(
        "{ACTION_SQL} AND a.rowid IN (
             SELECT rowid FROM support_actions
             WHERE deleted_at IS NULL AND status IN ('open', 'in_progress') AND due_on < ?1
             ORDER BY due_on, id LIMIT ?2 OFFSET ?3)
         ORDER BY a.due_on, a.id"
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
