//! The Alerts screen's queries: the kept alerts list (`alert_list`) by colour, paged.

use super::Result;
use super::window::{Anchor, Window, count_of};
use crate::domain::{Colour, ProjectLevel};
use rusqlite::Connection;
use serde::Serialize;

/// A red or yellow project, for the alerts list (its reasons: `facts.alert`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AlertRow {
    pub project_id: String,
    pub project: String,
    pub level: ProjectLevel,
    pub enterprise_id: String,
    pub enterprise: String,
    pub colour: Colour,
    /// Its place in the list's order (`alert_date`, `id`): a later window can start from it.
    #[serde(skip)]
    pub key: String,
    /// What its alert is computed from.
    #[serde(skip)]
    pub facts: super::derived::AlertFacts,
}

fn alert_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<AlertRow> {
    let facts: String = r.get(7)?;
    Ok(AlertRow {
        project_id: r.get(0)?,
        project: r.get(1)?,
        level: r.get(2)?,
        enterprise_id: r.get(3)?,
        enterprise: r.get(4)?,
        colour: r.get(5)?,
        key: r.get(6)?,
        facts: serde_json::from_str(&facts).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(7, rusqlite::types::Type::Text, Box::new(e))
        })?,
    })
}

/// How many projects of the alerts list have `colour` (live, not yet accepted projects).
pub fn alert_count(conn: &Connection, colour: Colour) -> Result<usize> {
    count_of(
        conn,
        "SELECT count(*) FROM alert_list WHERE colour = ?1",
        [colour],
    )
}

/// Rows `start..start + len` of one colour of the alerts list (red: longest late first; yellow:
/// soonest due first), which has `total` rows (`alert_count`). `anchors`: rows of this list
/// read before (by `AlertRow::key`), to read from when nearer than the list's ends.
pub fn alert_rows(
    conn: &Connection,
    colour: Colour,
    total: usize,
    start: usize,
    len: usize,
    anchors: &[Anchor],
) -> Result<Vec<AlertRow>> {
    let w = Window::near(total, start, len, anchors);
    let a = w.asc();
    let seek = w.seek_sql("alert_date", "project_id");
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT project_id, project, level, enterprise_id, enterprise, colour, alert_date, facts
         FROM alert_list WHERE colour = ?1{seek}
         ORDER BY alert_date {a}, project_id {a} LIMIT ?2 OFFSET ?3"
    ))?;
    w.rows(&mut stmt, &[&colour], alert_row)
}

/// A window of the alerts list over `colours` in the order given, and the total. Each colour
/// reads its own index range.
pub fn alert_page(
    conn: &Connection,
    colours: &[Colour],
    start: usize,
    len: usize,
) -> Result<(usize, Vec<AlertRow>)> {
    let mut out: Vec<AlertRow> = Vec::new();
    let mut total = 0;
    for &c in colours {
        let n = alert_count(conn, c)?;
        let left = len.saturating_sub(out.len());
        if left > 0 && start < total + n {
            out.extend(alert_rows(
                conn,
                c,
                n,
                start.saturating_sub(total),
                left,
                &[],
            )?);
        }
        total += n;
    }
    Ok((total, out))
}
