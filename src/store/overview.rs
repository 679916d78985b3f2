//! The header's counts: the pool at a glance.

use super::Result;
use super::cadence::DUE_SQL;
use super::window::count_of;
use rusqlite::{Connection, params};
use serde::Serialize;
use time::PrimitiveDateTime;

/// The pool at a glance, for the header and reports.
#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize)]
pub struct Overview {
    pub enterprises: usize,
    pub red: usize,
    pub yellow: usize,
    pub green: usize,
    /// Enterprises without an active project (no colour), so the colours add up to the total.
    pub no_projects: usize,
    pub visits_this_week: usize,
    pub overdue_visits: usize,
    /// Enterprises whose cadence has lapsed with no visit planned.
    pub due_enterprises: usize,
    pub requests_breached: usize,
    /// Conflicts waiting for review (read live by `overview_summary`: imports bring them).
    #[serde(default)]
    pub conflicts: usize,
}

/// Counts for the header as of `now` (the week is today and the six days after it).
pub fn overview(conn: &Connection, now: PrimitiveDateTime, sla_hours: i64) -> Result<Overview> {
    let today = now.date();
    let week_end = today.saturating_add(time::Duration::days(6));
    // Each count reads one range of a small (partial) index, never the tables: the first
    // frame waits for these.
    let (red, yellow, green, none): (i64, i64, i64, i64) = conn
        .prepare_cached(
            "SELECT (SELECT count(*) FROM enterprises WHERE deleted_at IS NULL AND colour = 'red'),
                    (SELECT count(*) FROM enterprises WHERE deleted_at IS NULL AND colour = 'yellow'),
                    (SELECT count(*) FROM enterprises WHERE deleted_at IS NULL AND colour = 'green'),
                    (SELECT count(*) FROM enterprises WHERE deleted_at IS NULL AND colour IS NULL)",
        )?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
    let (week, overdue): (i64, i64) = conn
        .prepare_cached(
            "SELECT (SELECT count(*) FROM visits WHERE done_on IS NULL AND cancelled_on IS NULL
                       AND planned_on BETWEEN ?1 AND ?2),
                    (SELECT count(*) FROM visits WHERE done_on IS NULL AND cancelled_on IS NULL
                       AND planned_on < ?1)",
        )?
        .query_row(params![today, week_end], |r| Ok((r.get(0)?, r.get(1)?)))?;
    // Cadence lapsed and nothing planned (a partial index holds exactly these rows' dates).
    let due = count_of(
        conn,
        &format!("SELECT count(*) FROM enterprises WHERE {DUE_SQL} AND deleted_at IS NULL"),
        rusqlite::named_params! { ":today": today },
    )?;
    let breached = breached_count(conn, now, sla_hours)?;
    let n = |v: i64| v.max(0) as usize;
    Ok(Overview {
        enterprises: n(red + yellow + green + none),
        red: n(red),
        yellow: n(yellow),
        green: n(green),
        no_projects: n(none),
        visits_this_week: n(week),
        overdue_visits: n(overdue),
        due_enterprises: due,
        requests_breached: breached,
        conflicts: 0,
    })
}

/// Open requests without a first response more than `sla_hours` old at `now`.
pub fn breached_count(conn: &Connection, now: PrimitiveDateTime, sla_hours: i64) -> Result<usize> {
    let cutoff = super::format_datetime(now.saturating_sub(time::Duration::hours(sla_hours)));
    count_of(
        conn,
        "SELECT count(*) FROM requests
         WHERE status IN ('open', 'in_progress') AND first_response_at IS NULL AND raised_at < ?1",
        [cutoff],
    )
}

/// [`overview`] kept as a summary for the day until the next write. The one count that moves
/// by the minute, requests past the SLA, is the kept number of unanswered requests less those
/// raised within the SLA, read live: the first frame reads no whole index.
pub fn overview_summary(
    conn: &Connection,
    now: PrimitiveDateTime,
    sla_hours: i64,
) -> Result<Overview> {
    const UNANSWERED: &str = "SELECT count(*) FROM requests
         WHERE status IN ('open', 'in_progress') AND first_response_at IS NULL";
    let today = now.date();
    let (_, (mut o, unanswered)) = super::summaries::get(
        conn,
        super::summaries::Kind::Overview,
        today.year(),
        &today.to_string(),
        |c| Ok((overview(c, now, sla_hours)?, count_of(c, UNANSWERED, [])?)),
    )?;
    let cutoff = super::format_datetime(now.saturating_sub(time::Duration::hours(sla_hours)));
    let recent = count_of(conn, &format!("{UNANSWERED} AND raised_at >= ?1"), [cutoff])?;
    o.requests_breached = unanswered.saturating_sub(recent);
    o.conflicts = super::review::waiting(conn)?;
    Ok(o)
}
