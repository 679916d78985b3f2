//! The Alerts screen's queries: the kept alerts list (`alert_list`) by colour, paged, and the one
//! alerts list the screen and the CLI show (projects and overdue support actions).

use super::Result;
use super::bureau::SupportAction;
use super::window::{Anchor, Window, count_of};
use crate::config::Config;
use crate::domain::alert::Alert;
use crate::domain::{Colour, ProjectLevel};
use rusqlite::Connection;
use serde::Serialize;
use time::Date;

/// A red or yellow project, for the alerts list (its reasons: `facts.alert`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AlertRow {
    pub project_id: String,
    pub project: String,
    pub level: ProjectLevel,
    pub enterprise_id: String,
    pub enterprise: String,
    pub colour: Colour,
    /// The enterprise's district.
    pub district: String,
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
        district: r.get(8)?,
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
        "SELECT project_id, project, level, enterprise_id, enterprise, colour, alert_date, facts,
                (SELECT e.district FROM enterprises e WHERE e.id = alert_list.enterprise_id)
         FROM alert_list WHERE colour = ?1{seek}
         ORDER BY alert_date {a}, project_id {a} LIMIT ?2 OFFSET ?3"
    ))?;
    w.rows(&mut stmt, &[&colour], alert_row)
}

/// A red or yellow project with its alert (reasons worded at render time).
#[derive(Debug, Clone, PartialEq)]
pub struct AlertItem {
    pub row: AlertRow,
    pub alert: Alert,
}

/// A line of the alerts list: a red or yellow project, or an overdue support-plan action
/// (listed between the red projects and the yellow ones).
#[derive(Debug, Clone, PartialEq)]
pub enum AlertLine {
    Project(AlertItem),
    OverdueAction(SupportAction),
}

impl AlertLine {
    pub fn enterprise_id(&self) -> &str {
        match self {
            AlertLine::Project(a) => &a.row.enterprise_id,
            AlertLine::OverdueAction(a) => &a.enterprise_id,
        }
    }

    /// The enterprise's district.
    pub fn district(&self) -> &str {
        match self {
            AlertLine::Project(a) => &a.row.district,
            AlertLine::OverdueAction(a) => &a.district,
        }
    }

    /// The enterprise's name.
    pub fn enterprise(&self) -> &str {
        match self {
            AlertLine::Project(a) => &a.row.enterprise,
            AlertLine::OverdueAction(a) => &a.enterprise,
        }
    }
}

/// What a reader of the alerts list keeps between windows while the file does not change: the
/// length of each part, and the first and last rows of the last window of each colour (the next
/// window reads from them).
#[derive(Debug, Clone, Default)]
pub struct AlertsKept {
    /// Red projects, overdue support actions, yellow projects.
    counts: Option<[usize; 3]>,
    anchors: [Vec<Anchor>; 2],
}

/// Alerts with their reasons, computed from the facts the rows carry.
pub fn items(rows: Vec<AlertRow>, today: Date, config: &Config) -> Vec<AlertItem> {
    rows.into_iter()
        .map(|row| AlertItem {
            alert: row.facts.alert(today, config),
            row,
        })
        .collect()
}

/// The first and last of alert rows read from list position `start`, as anchors.
fn anchors_of(rows: &[AlertRow], start: usize) -> Vec<Anchor> {
    let anchor = |i: usize, r: &AlertRow| Anchor {
        pos: start + i,
        key: r.key.clone(),
        id: r.project_id.clone(),
    };
    match (rows.first(), rows.last()) {
        (Some(first), Some(last)) => vec![anchor(0, first), anchor(rows.len() - 1, last)],
        _ => Vec::new(),
    }
}

/// Lines `start..start + len` of one colour's part of the list (`total` long), read from the
/// last window's anchors when nearer; keeps this window's as the next anchors.
fn project_lines(
    conn: &Connection,
    today: Date,
    config: &Config,
    colour: Colour,
    kept: &mut AlertsKept,
    (total, start, len): (usize, usize, usize),
) -> Result<Vec<AlertLine>> {
    let slot = usize::from(colour != Colour::Red);
    let rows = alert_rows(conn, colour, total, start, len, &kept.anchors[slot])?;
    kept.anchors[slot] = anchors_of(&rows, start);
    Ok(items(rows, today, config)
        .into_iter()
        .map(AlertLine::Project)
        .collect())
}

/// Lines `start..start + len` of the alerts list, the one list of the Alerts screen and the
/// CLI's `alerts`: red projects (longest late first), then overdue support actions (oldest
/// first), then yellow projects (soonest due first); with `only` a colour, that colour's
/// projects alone. Returns the list's length too.
pub fn lines(
    conn: &Connection,
    today: Date,
    config: &Config,
    only: Option<Colour>,
    kept: &mut AlertsKept,
    start: usize,
    len: usize,
) -> Result<(usize, Vec<AlertLine>)> {
    let [n_red, n_actions, n_yellow] = match kept.counts {
        Some(n) => n,
        None => {
            let n = [
                if only.is_none_or(|c| c == Colour::Red) {
                    alert_count(conn, Colour::Red)?
                } else {
                    0
                },
                if only.is_none() {
                    super::bureau::overdue_action_count(conn, today)?
                } else {
                    0
                },
                if only.is_none_or(|c| c == Colour::Yellow) {
                    alert_count(conn, Colour::Yellow)?
                } else {
                    0
                },
            ];
            kept.counts = Some(n);
            n
        }
    };
    let (a0, a1) = (n_red, n_red + n_actions);
    let total = a1 + n_yellow;
    let end = start.saturating_add(len).min(total);
    let mut out = Vec::new();
    if start < n_red {
        let window = (n_red, start, end.min(n_red) - start);
        out.extend(project_lines(
            conn,
            today,
            config,
            Colour::Red,
            kept,
            window,
        )?);
    }
    if end.min(a1) > start.max(a0) {
        let from = start.max(a0) - a0;
        let n = end.min(a1) - start.max(a0);
        let actions = super::bureau::overdue_action_page(conn, today, from, n)?;
        out.extend(actions.into_iter().map(AlertLine::OverdueAction));
    }
    if end > a1 {
        let from = start.saturating_sub(a1);
        let window = (n_yellow, from, end - a1 - from);
        out.extend(project_lines(
            conn,
            today,
            config,
            Colour::Yellow,
            kept,
            window,
        )?);
    }
    Ok((total, out))
}

use super::listview::{Facet, Key, ListBase, ListSql, SortCol, ids_json, in_key_order};

/// The columns the Alerts list sorts by (its own order: red, overdue actions, yellow).
pub const ALERT_SORTS: &[SortCol] = &[
    SortCol::Colour,
    SortCol::Name,
    SortCol::Date,
    SortCol::Level,
    SortCol::District,
];

/// The facets the Alerts list filters by.
pub const ALERT_FACETS: &[Facet] = &[Facet::AlertKind, Facet::District, Facet::Level];

/// Parts of the Alerts list's keys: red projects, overdue actions, yellow projects (a
/// project's key is its row id in `projects`, an action's in `support_actions`).
const RED: u8 = 0;
const ACTION: u8 = 1;
const YELLOW: u8 = 2;

/// The whole Alerts list as one table `u`: part, row id, kind (`red`, `action`, `yellow`),
/// enterprise, district, level, day (alert date, due day) and id.
const ALERTS_FROM: &str = "(
    SELECT CASE a.colour WHEN 'red' THEN 0 ELSE 2 END AS part, p.rowid AS rid,
           a.colour AS kind, a.enterprise AS name, e.district AS district, a.level AS level,
           a.alert_date AS day, a.project_id AS id
    FROM alert_list a JOIN projects p ON p.id = a.project_id
    JOIN enterprises e ON e.id = a.enterprise_id
    UNION ALL
    SELECT 1, s.rowid, 'action', e.name, e.district, NULL, s.due_on, s.id
    FROM support_actions s JOIN enterprises e ON e.id = s.enterprise_id
    WHERE s.deleted_at IS NULL AND s.status IN ('open', 'in_progress') AND s.due_on < ?1
) u WHERE 1";

/// The Alerts list read whole for its views.
pub fn alert_base(conn: &Connection, today: Date) -> Result<ListBase> {
    ListSql {
        from: ALERTS_FROM,
        key: "u.part, u.rid",
        order: "u.part, u.day, u.id",
        cols: ALERT_SORTS,
        facets: ALERT_FACETS,
        col: |c| {
            Some(match c {
                SortCol::Colour => "u.part",
                // As the Pool sorts names: by pinyin.
                SortCol::Name => "pinyin_key(u.name)",
                // A project alerted without a day (a commissioner's flag) has none to sort by.
                SortCol::Date => "NULLIF(u.day, '')",
                SortCol::Level => "u.level",
                SortCol::District => "u.district",
                _ => return None,
            })
        },
        facet: |f| {
            Some(match f {
                Facet::AlertKind => "u.kind",
                Facet::District => "u.district",
                Facet::Level => "u.level",
                _ => return None,
            })
        },
    }
    .base(conn, &[&today])
}

/// The Alerts lines of `keys`, in their order.
pub fn alert_lines_of(
    conn: &Connection,
    today: Date,
    config: &Config,
    keys: &[Key],
) -> Result<Vec<AlertLine>> {
    let mut rows: Vec<(Key, AlertLine)> = Vec::with_capacity(keys.len());
    // A project's line is found through its enterprise (the list's table is keyed by colour
    // and day; an enterprise has few projects).
    let mut stmt = conn.prepare_cached(
        "SELECT a.project_id, a.project, a.level, a.enterprise_id, a.enterprise, a.colour,
                a.alert_date, a.facts, e.district, p.rowid
         FROM json_each(?1) k
         JOIN projects p ON p.rowid = k.value
         JOIN alert_list a ON a.enterprise_id = p.enterprise_id AND a.project_id = p.id
         JOIN enterprises e ON e.id = a.enterprise_id",
    )?;
    for part in [RED, YELLOW] {
        let found = stmt.query_map([ids_json(keys, part)], |r| {
            Ok((Key(part, r.get(9)?), alert_row(r)?))
        })?;
        for f in found {
            let (k, row) = f?;
            let alert = row.facts.alert(today, config);
            rows.push((k, AlertLine::Project(AlertItem { row, alert })));
        }
    }
    // The support plan's own columns, and the row id after them.
    let sql = format!(
        "{} AND a.rowid IN (SELECT value FROM json_each(?1))",
        super::bureau::ACTION_SQL.replacen("e.district", "e.district, a.rowid", 1)
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let found = stmt.query_map([ids_json(keys, ACTION)], |r| {
        Ok((Key(ACTION, r.get(10)?), super::bureau::action_row(r)?))
    })?;
    for f in found {
        let (k, a) = f?;
        rows.push((k, AlertLine::OverdueAction(a)));
    }
    Ok(in_key_order(keys, rows))
}
