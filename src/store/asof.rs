//! The as-of view: the pool as it was known on a day other than the real today, computed on one
//! connection without writing the file.
//!
//! SQLite looks a table name up in `temp` before `main`, so temporary objects of the same names
//! shadow the file's tables for every unqualified query of this connection: each screen, report
//! and command reads the as-of view through its usual queries. Facts are filtered by views (what
//! happened after the day does not exist: visits done, requests raised, answered or closed,
//! certificates issued, figures and rankings of later years, pool entries and exits, support
//! actions done, rewards paid); the tables holding derived values (`enterprises`, `projects`,
//! the alerts list, the summaries) are temporary copies recomputed for the day. The file is never
//! written: the values saved in it stay those of the real today. Writes must not run while the
//! view is on (they would land in the copies): callers refuse them. Setting `temp_store` on the
//! connection drops the view (SQLite deletes temporary tables then): set it before `enter`.

use super::{Result, derived, format_date, ranking};
use crate::config::Config;
use rusqlite::Connection;
use time::Date;

/// `(column, expression)`: a column read through an expression instead of as it is.
type Changed = &'static [(&'static str, &'static str)];

/// Fact tables seen through a filtering view, with the expression of each column that changes
/// (`{d}` is the day, `{y}` its year). Every other column is read as it is, so columns added by
/// later migrations are carried without a word here.
const VIEWS: &[(&str, &str, Changed)] = &[
    (
        "visits",
        // A visit done after the day without a plan did not exist yet; one planned is still open.
        "(done_on IS NULL OR done_on <= '{d}' OR planned_on IS NOT NULL)",
        &[
            (
                "done_on",
                "CASE WHEN done_on > '{d}' THEN NULL ELSE done_on END",
            ),
            (
                "cancelled_on",
                "CASE WHEN cancelled_on > '{d}' THEN NULL ELSE cancelled_on END",
            ),
        ],
    ),
    (
        "requests",
        "substr(raised_at, 1, 10) <= '{d}'",
        &[
            (
                "first_response_at",
                "CASE WHEN substr(first_response_at, 1, 10) > '{d}' THEN NULL \
                 ELSE first_response_at END",
            ),
            (
                "status",
                // Closed after the day: still open then (in progress once answered); in
                // progress now but answered after the day: open then.
                "CASE WHEN closed_at IS NOT NULL AND substr(closed_at, 1, 10) > '{d}' THEN \
                      (CASE WHEN first_response_at IS NOT NULL \
                                 AND substr(first_response_at, 1, 10) <= '{d}' \
                            THEN 'in_progress' ELSE 'open' END) \
                      WHEN status = 'in_progress' AND (first_response_at IS NULL \
                           OR substr(first_response_at, 1, 10) > '{d}') THEN 'open' \
                 ELSE status END",
            ),
            (
                "closed_at",
                "CASE WHEN substr(closed_at, 1, 10) > '{d}' THEN NULL ELSE closed_at END",
            ),
            (
                "resolution",
                "CASE WHEN substr(closed_at, 1, 10) > '{d}' THEN NULL ELSE resolution END",
            ),
        ],
    ),
    ("certificates", "issued_on <= '{d}'", &[]),
    ("figures", "year <= {y}", &[]),
    ("rankings", "year <= {y}", &[]),
    (
        "pool_memberships",
        "entered_on <= '{d}'",
        &[
            // Left, frozen or leaving after the day: in the pool then (an earlier status
            // changed since is not kept).
            (
                "status",
                "CASE WHEN left_on > '{d}' AND status = 'out' THEN 'in' \
                      WHEN status_on > '{d}' AND status IN ('frozen', 'leaving') THEN 'in' \
                 ELSE status END",
            ),
            (
                "left_on",
                "CASE WHEN left_on > '{d}' THEN NULL ELSE left_on END",
            ),
            (
                "status_on",
                "CASE WHEN status_on > '{d}' THEN NULL ELSE status_on END",
            ),
            (
                "status_reason",
                "CASE WHEN status_on > '{d}' THEN NULL ELSE status_reason END",
            ),
        ],
    ),
    (
        "milestones",
        "1",
        &[(
            "done_on",
            "CASE WHEN done_on > '{d}' THEN NULL ELSE done_on END",
        )],
    ),
    (
        "colour_overrides",
        "substr(created_at, 1, 10) <= '{d}'",
        &[],
    ),
    ("activities", "held_on <= '{d}'", &[]),
    (
        "support_actions",
        "1",
        &[
            (
                "status",
                "CASE WHEN done_on > '{d}' AND status IN ('done', 'dropped') THEN 'open' \
                 ELSE status END",
            ),
            (
                "done_on",
                "CASE WHEN done_on > '{d}' THEN NULL ELSE done_on END",
            ),
        ],
    ),
    (
        "rewards",
        "1",
        &[(
            "paid_on",
            "CASE WHEN paid_on > '{d}' THEN NULL ELSE paid_on END",
        )],
    ),
    // The change log as it stood at the end of the day (History screen).
    (
        "change_groups",
        "substr(at, 1, 10) <= '{d}'",
        &[(
            "undone_at",
            "CASE WHEN substr(undone_at, 1, 10) > '{d}' THEN NULL ELSE undone_at END",
        )],
    ),
    ("change_log", "substr(at, 1, 10) <= '{d}'", &[]),
];

/// Tables copied for the day and recomputed there, with the rows that existed on it and the
/// columns that change; then their indexes (`(name, columns)`, the same shape as [`Changed`]),
/// the id's first.
const COPIES: &[(&str, &str, Changed, Changed)] = &[
    (
        "enterprises",
        // An enterprise exists from its pool entry (or, never in a pool, from its record).
        "(deleted_at IS NULL OR substr(deleted_at, 1, 10) > '{d}') \
         AND (substr(created_at, 1, 10) <= '{d}' OR EXISTS (SELECT 1 FROM main.pool_memberships m \
              WHERE m.enterprise_id = t.id AND m.entered_on <= '{d}'))",
        &[
            ("deleted_at", "NULL"),
            // An HTE whose certificates were all issued after the day was not one then; the
            // tier it had before is not kept, the one below is shown.
            (
                "tier",
                "CASE WHEN tier = 'hte' \
                      AND EXISTS (SELECT 1 FROM main.certificates c \
                                  WHERE c.enterprise_id = t.id AND c.kind = 'hte') \
                      AND NOT EXISTS (SELECT 1 FROM main.certificates c \
                                  WHERE c.enterprise_id = t.id AND c.kind = 'hte' \
                                    AND c.issued_on <= '{d}') \
                 THEN 'innovative' ELSE tier END",
            ),
            // The commissioner assigned on the day (assignment history), if any was.
            (
                "commissioner_id",
                "(SELECT a.commissioner_id FROM main.commissioner_assignments a \
                  WHERE a.enterprise_id = t.id AND a.assigned_on <= '{d}' \
                  ORDER BY a.assigned_on DESC, a.id DESC LIMIT 1)",
            ),
        ],
        &[
            ("asof_enterprises_id", "id"),
            ("asof_enterprises_commissioner", "commissioner_id"),
            ("asof_enterprises_district", "district"),
            ("asof_enterprises_next_visit", "next_visit"),
        ],
    ),
    (
        "projects",
        // Projects that had started by the day.
        "(deleted_at IS NULL OR substr(deleted_at, 1, 10) > '{d}') \
         AND (start_on IS NULL OR start_on <= '{d}')",
        &[
            ("deleted_at", "NULL"),
            (
                "acceptance_applied",
                "CASE WHEN acceptance_applied > '{d}' THEN NULL ELSE acceptance_applied END",
            ),
            (
                "acceptance_passed",
                "CASE WHEN acceptance_passed > '{d}' THEN NULL ELSE acceptance_passed END",
            ),
        ],
        &[
            ("asof_projects_id", "id"),
            ("asof_projects_enterprise", "enterprise_id"),
        ],
    ),
];

/// Tables of derived values that start empty in the view (same definitions as the file's).
const EMPTY: &[&str] = &["alert_list", "summaries", "reward_summary"];

/// The columns of a table of the file, in order.
fn columns(conn: &Connection, table: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(&format!("PRAGMA main.table_info({table})"))?;
    let names = stmt
        .query_map([], |r| r.get::<_, String>(1))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(names)
}

/// `SELECT` list of `table` with `changed` columns replaced by their expressions.
fn select_list(
    conn: &Connection,
    table: &str,
    changed: &[(&str, &str)],
    fill: &dyn Fn(&str) -> String,
) -> Result<String> {
    Ok(columns(conn, table)?
        .iter()
        .map(|c| match changed.iter().find(|(name, _)| name == c) {
            Some((_, expr)) => format!("{} AS \"{c}\"", fill(expr)),
            None => format!("t.\"{c}\""),
        })
        .collect::<Vec<_>>()
        .join(", "))
}

/// Turns the as-of view of `day` on for this connection (replacing one already on), computing
/// the derived values for the day. Nothing is written to the file.
pub fn enter(conn: &Connection, day: Date, config: &Config) -> Result<()> {
    leave(conn)?;
    // A read-only connection refuses even temporary writes under `query_only`.
    let query_only: bool = conn.query_row("PRAGMA query_only", [], |r| r.get(0))?;
    if query_only {
        conn.execute_batch("PRAGMA query_only = OFF")?;
    }
    let built = build(conn, day, config);
    if query_only {
        conn.execute_batch("PRAGMA query_only = ON")?;
    }
    if built.is_err() {
        let _ = leave(conn);
    }
    built
}

fn build(conn: &Connection, day: Date, config: &Config) -> Result<()> {
    let d = format_date(day);
    let y = day.year().to_string();
    let fill = |s: &str| s.replace("{d}", &d).replace("{y}", &y);
    conn.execute_batch(&format!(
        "CREATE TEMP TABLE asof_day (day TEXT NOT NULL); INSERT INTO temp.asof_day VALUES ('{d}');"
    ))?;
    for (table, filter, changed, _) in COPIES {
        let list = select_list(conn, table, changed, &fill)?;
        conn.execute_batch(&format!(
            "CREATE TEMP TABLE \"{table}\" AS SELECT {list} FROM main.\"{table}\" t WHERE {}",
            fill(filter)
        ))?;
    }
    // The id indexes now (the recomputation updates by id), the others once the rows are
    // written: building them at the end costs less than keeping them through every update.
    let index = |first: bool| -> Result<()> {
        for (table, _, _, indexes) in COPIES {
            for (i, (name, cols)) in indexes.iter().enumerate() {
                if (i == 0) == first {
                    conn.execute_batch(&format!(
                        "CREATE INDEX temp.\"{name}\" ON \"{table}\" ({cols})"
                    ))?;
                }
            }
        }
        Ok(())
    };
    index(true)?;
    // The facts, of the enterprises that existed on the day only (a plan made for one that
    // entered later would be counted without its row).
    for (table, filter, changed) in VIEWS {
        let list = select_list(conn, table, changed, &fill)?;
        let scoped = if columns(conn, table)?.iter().any(|c| c == "enterprise_id") {
            " AND (t.enterprise_id IS NULL OR t.enterprise_id IN (SELECT id FROM temp.enterprises))"
        } else {
            ""
        };
        // A view has no rowid of its own: the table's is carried under that name, for the
        // queries that page by it.
        conn.execute_batch(&format!(
            "CREATE TEMP VIEW \"{table}\" AS SELECT t.rowid AS rowid, {list} \
             FROM main.\"{table}\" t WHERE ({}){scoped}",
            fill(filter)
        ))?;
    }
    for table in EMPTY {
        let sql: String = conn.query_row(
            "SELECT sql FROM main.sqlite_master WHERE type = 'table' AND name = ?1",
            [table],
            |r| r.get(0),
        )?;
        let create = sql.replacen("CREATE TABLE", "CREATE TEMP TABLE", 1);
        conn.execute_batch(&create)?;
    }
    // The derived values for the day, into the copies (the names resolve to `temp`).
    derived::recompute(conn, derived::Scope::All, day, config)?;
    ranking::sync_current_ranks(conn)?;
    index(false)?;
    Ok(())
}

/// Turns the as-of view off: the connection reads the file's tables again.
pub fn leave(conn: &Connection) -> Result<()> {
    let objects: Vec<(String, String)> = {
        let mut stmt = conn
            .prepare("SELECT type, name FROM temp.sqlite_master WHERE type IN ('view', 'table')")?;
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?
    };
    let ours = |name: &str| {
        name == "asof_day"
            || VIEWS.iter().any(|v| v.0 == name)
            || COPIES.iter().any(|c| c.0 == name)
            || EMPTY.contains(&name)
    };
    let query_only: bool = conn.query_row("PRAGMA query_only", [], |r| r.get(0))?;
    if query_only {
        conn.execute_batch("PRAGMA query_only = OFF")?;
    }
    for (kind, name) in objects.iter().filter(|(_, n)| ours(n)) {
        let what = if kind == "view" { "VIEW" } else { "TABLE" };
        conn.execute_batch(&format!("DROP {what} IF EXISTS temp.\"{name}\""))?;
    }
    if query_only {
        conn.execute_batch("PRAGMA query_only = ON")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use rusqlite::Connection;
    use rusqlite_migration::Migrations;

    fn assignments(conn: &Connection) -> Vec<(String, Option<String>, String)> {
        let mut stmt = conn
            .prepare(
                "SELECT enterprise_id, commissioner_id, assigned_on FROM commissioner_assignments
                 ORDER BY id",
            )
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    /// A file of schema 4 (the last before the history) gets each current assignment as held
    /// since its record began; later assignments are dated the day they are made.
    #[test]
    fn the_history_starts_from_the_assignments_of_older_files() {
        let mut conn = Connection::open_in_memory().unwrap();
        Migrations::from_slice(&super::super::MIGRATIONS[..4])
            .to_latest(&mut conn)
            .unwrap();
        conn.execute_batch(
            "INSERT INTO commissioners (id, name, created_at, updated_at) VALUES
                 ('c1', '王芳', '2025-01-01T08:00:00', '2025-01-01T08:00:00'),
                 ('c2', '李强', '2025-01-01T08:00:00', '2025-01-01T08:00:00');
             INSERT INTO enterprises (id, credit_code, name, region_code, district, tier,
                 commissioner_id, created_at, updated_at) VALUES
                 ('e1', '91110108551385082Q', '甲', '110108', '天山区', 'tsme', 'c1',
                  '2025-01-10T08:00:00', '2025-01-10T08:00:00'),
                 ('e2', '91370000728611939A', '乙', '370000', '天山区', 'tsme', NULL,
                  '2025-03-01T08:00:00', '2025-03-01T08:00:00');",
        )
        .unwrap();
        Migrations::from_slice(super::super::MIGRATIONS)
            .to_latest(&mut conn)
            .unwrap();
        let always = |e: &str, c: &str| (e.to_string(), Some(c.to_string()), "0000-01-01".into());
        assert_eq!(assignments(&conn), vec![always("e1", "c1")]);

        // A new enterprise's commissioner holds since its record began; a change holds from
        // the day it is made; an update that keeps the commissioner writes nothing.
        conn.execute_batch(
            "INSERT INTO enterprises (id, credit_code, name, region_code, district, tier,
                 commissioner_id, created_at, updated_at) VALUES
                 ('e3', '52410000663412719U', '丙', '410000', '天山区', 'tsme', 'c2',
                  '2026-08-01T08:00:00', '2026-08-01T08:00:00');
             UPDATE enterprises SET commissioner_id = 'c2' WHERE id = 'e1';
             UPDATE enterprises SET commissioner_id = 'c2', notes = 'x' WHERE id = 'e1';
             UPDATE enterprises SET commissioner_id = 'c1' WHERE id = 'e2';",
        )
        .unwrap();
        let today: String = conn
            .query_row("SELECT date('now', 'localtime')", [], |r| r.get(0))
            .unwrap();
        let on = |e: &str, c: &str| (e.to_string(), Some(c.to_string()), today.clone());
        assert_eq!(
            assignments(&conn),
            vec![
                always("e1", "c1"),
                always("e3", "c2"),
                on("e1", "c2"),
                on("e2", "c1"),
            ]
        );
    }
}
