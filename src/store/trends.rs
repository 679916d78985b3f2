//! The whole-pool trends' queries and their summaries: visits done per week (the Agenda), and
//! the enterprises whose projects make the red/yellow series (the Alerts screen; their colours
//! by month come from `report::colour_days`, as the report's chart does). Both are kept in the
//! `summaries` table like the Commissioners and Targets figures: computed in the background,
//! read back by the screens in one row, forgotten with the next write.

use super::Result;
use super::summaries::{self, Kind};
use crate::domain::trends::{self, MonthColours, Trends, WEEKS};
use rusqlite::{Connection, params};
use std::collections::HashMap;
use time::Date;

/// Visits done on each day from `from` to `to` (both within), by the live enterprises: the
/// days with none are left out.
pub fn visits_done_by_day(conn: &Connection, from: Date, to: Date) -> Result<Vec<(Date, u32)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT v.done_on, count(*) FROM visits v
         JOIN enterprises e ON e.id = v.enterprise_id
         WHERE e.deleted_at IS NULL AND v.done_on >= ?1 AND v.done_on <= ?2
         GROUP BY v.done_on ORDER BY v.done_on",
    )?;
    let rows = stmt.query_map(params![from, to], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Visits done in each of the last [`WEEKS`] weeks up to `today`, oldest first.
pub fn visits_by_week(conn: &Connection, today: Date) -> Result<Vec<u32>> {
    let weeks = trends::weeks(today, WEEKS);
    let (Some(first), Some(last)) = (weeks.first(), weeks.last()) else {
        return Ok(Vec::new());
    };
    let days = visits_done_by_day(conn, first.0, last.1)?;
    Ok(trends::count_by_period(&days, &weeks))
}

/// [`visits_by_week`] kept as a summary until the next write or the next day.
pub fn visit_summary(conn: &Connection, today: Date) -> Result<Vec<u32>> {
    let (_, weeks) = summaries::get(
        conn,
        Kind::VisitTrend,
        today.year(),
        &today.to_string(),
        |c| visits_by_week(c, today),
    )?;
    Ok(weeks)
}

/// The red/yellow series by month kept as a summary until the next write or the next day,
/// computed by `compute` when it is not kept.
pub fn colour_summary(
    conn: &Connection,
    today: Date,
    compute: impl FnOnce(&Connection) -> Result<MonthColours>,
) -> Result<MonthColours> {
    let (_, colours) = summaries::get(
        conn,
        Kind::ColourTrend,
        today.year(),
        &today.to_string(),
        compute,
    )?;
    Ok(colours)
}

/// The live enterprises with a live project, all in one group (0): the only ones a colour
/// count can see, so the map stays small on a pool where most have no project.
pub fn project_enterprises(conn: &Connection) -> Result<HashMap<String, usize>> {
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT p.enterprise_id FROM projects p
         JOIN enterprises e ON e.id = p.enterprise_id
         WHERE p.deleted_at IS NULL AND e.deleted_at IS NULL",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, 0)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The trends kept for `today`, without computing any (the background does): each series is
/// `None` until it is there.
pub fn kept(conn: &Connection, today: Date) -> Result<Trends> {
    let (year, day) = (today.year(), today.to_string());
    Ok(Trends {
        day: today,
        colours: summaries::kept(conn, Kind::ColourTrend, year, &day)?,
        visits: summaries::kept(conn, Kind::VisitTrend, year, &day)?,
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::store::{OpenMode, Store};
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 21);

    /// A new file with two live enterprises (e1, e2) and a deleted one (e3).
    pub(crate) fn three_enterprises() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("t.db"), OpenMode::CreateIfMissing).unwrap();
        store
            .conn
            .execute_batch(
                "INSERT INTO enterprises (id, credit_code, name, region_code, district, tier, deleted_at, created_at, updated_at) VALUES
                     ('e1', '91650104000000001A', '天山科技', '650104', '新市区', 'tsme', NULL, 'x', 'x'),
                     ('e2', '91650104000000002B', '昆仑生物', '650104', '新市区', 'tsme', NULL, 'x', 'x'),
                     ('e3', '91650104000000003C', '阿勒泰矿业', '650104', '新市区', 'tsme', '2026-10-01', 'x', 'x');",
            )
            .unwrap();
        (dir, store)
    }

    fn seeded() -> (tempfile::TempDir, Store) {
        let (dir, store) = three_enterprises();
        store
            .conn
            .execute_batch(
                "INSERT INTO visits (id, enterprise_id, planned_on, done_on, cancelled_on, mode, created_at, updated_at) VALUES
                     -- Before the twelve weeks (they begin on Monday 2026-08-31).
                     ('v1', 'e1', NULL, '2026-08-30', NULL, 'on_site', 'x', 'x'),
                     ('v2', 'e1', NULL, '2026-08-31', NULL, 'on_site', 'x', 'x'),
                     ('v3', 'e2', NULL, '2026-08-31', NULL, 'phone', 'x', 'x'),
                     ('v4', 'e2', NULL, '2026-09-06', NULL, 'on_site', 'x', 'x'),
                     ('v5', 'e1', '2026-10-20', '2026-10-21', NULL, 'on_site', 'x', 'x'),
                     -- Planned only, cancelled only, and a deleted enterprise's: not done.
                     ('v6', 'e1', '2026-10-22', NULL, NULL, 'on_site', 'x', 'x'),
                     ('v7', 'e2', '2026-10-23', NULL, '2026-10-22', 'on_site', 'x', 'x'),
                     ('v8', 'e3', NULL, '2026-10-21', NULL, 'on_site', 'x', 'x'),
                     -- This week (Monday 2026-11-16 to today), and after today.
                     ('v9', 'e1', NULL, '2026-11-16', NULL, 'on_site', 'x', 'x'),
                     ('v10', 'e2', NULL, '2026-11-21', NULL, 'on_site', 'x', 'x'),
                     ('v11', 'e2', NULL, '2026-11-22', NULL, 'on_site', 'x', 'x');",
            )
            .unwrap();
        (dir, store)
    }

    #[test]
    fn visits_done_are_counted_by_week_up_to_today() {
        let (_dir, store) = seeded();
        // Weeks from 08-31: 08-31, 09-07, …, 10-19 (the eighth), …, 11-16 (the twelfth).
        assert_eq!(
            visits_by_week(&store.conn, TODAY).unwrap(),
            vec![3, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 2]
        );
    }

    #[test]
    fn the_visit_summary_is_kept_until_the_next_write() {
        let (_dir, store) = seeded();
        let conn = &store.conn;
        // Nothing kept: nothing shown, and nothing computed by looking.
        assert_eq!(kept(conn, TODAY).unwrap().visits, None);
        assert_eq!(kept(conn, TODAY).unwrap().visits, None);
        let weeks = visit_summary(conn, TODAY).unwrap();
        assert_eq!(kept(conn, TODAY).unwrap().visits, Some(weeks));
        // Kept for its day only.
        assert_eq!(kept(conn, date!(2026 - 11 - 22)).unwrap().visits, None);
        // A write forgets it.
        crate::store::changes::ChangeSet::begin(conn, None, "test").unwrap();
        assert_eq!(kept(conn, TODAY).unwrap().visits, None);
    }

    #[test]
    fn only_enterprises_with_live_projects_are_grouped() {
        let (_dir, store) = seeded();
        store
            .conn
            .execute_batch(
                "INSERT INTO projects (id, enterprise_id, name, level, start_on, planned_end, deleted_at, created_at, updated_at) VALUES
                     ('p1', 'e1', '节水灌溉', 'district', '2026-01-01', '2027-01-01', NULL, 'x', 'x'),
                     ('p2', 'e1', '智能温室', 'district', '2026-01-01', '2027-01-01', NULL, 'x', 'x'),
                     ('p3', 'e2', '疫苗研发', 'city', '2026-01-01', '2027-06-01', '2026-05-01', 'x', 'x'),
                     ('p4', 'e3', '矿山修复', 'city', '2026-01-01', '2027-06-01', NULL, 'x', 'x');",
            )
            .unwrap();
        let groups = project_enterprises(&store.conn).unwrap();
        assert_eq!(groups, HashMap::from([("e1".to_string(), 0)]));
    }
}
