//! The Agenda grouped by ISO week or by district, and narrowed to one commissioner's visits
//! ("mine only"). One read of the Agenda's open plans per view (bounded by their index up to
//! `until`, not by the pool) gives the groups with their counts and the visits' keys in the
//! order shown; the runner keeps it while the file does not change, and a window then reads
//! only its own rows by key (about a millisecond at 100,000 enterprises).

use super::Result;
use super::agenda::{AGENDA_FROM, AgendaItem, agenda_col, agenda_facet};
use super::listview::Key;
use super::listview::ListQuery;
use rusqlite::Connection;
use rusqlite::types::Value;
use time::{Date, Duration, Weekday};

/// How the Agenda groups its visits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Grouping {
    /// By day, without headers: the Agenda as it always was.
    #[default]
    Day,
    /// Under a header per ISO week.
    Week,
    /// Under a header per district (a commissioner plans a route by it).
    District,
}

impl Grouping {
    /// The grouping after this one (the key cycles through them).
    pub fn next(self) -> Grouping {
        match self {
            Grouping::Day => Grouping::Week,
            Grouping::Week => Grouping::District,
            Grouping::District => Grouping::Day,
        }
    }

    /// Whether the groups show a header row.
    pub fn headed(self) -> bool {
        self != Grouping::Day
    }
}

/// What the Agenda shows beyond its sort and filter: the grouping, and whose visits (`mine`:
/// the commissioner's name, unique in a file).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct AgendaMode {
    pub grouping: Grouping,
    pub mine: Option<String>,
}

impl AgendaMode {
    /// The Agenda as it always was: by day, everyone's (read by its own queries).
    pub fn is_plain(&self) -> bool {
        self.grouping == Grouping::Day && self.mine.is_none()
    }
}

/// A group of visits.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Group {
    /// Every visit shown (by day: no header).
    All,
    /// An ISO week: its year and number, and its Monday.
    Week {
        year: i32,
        week: u8,
        monday: Date,
    },
    District(String),
}

/// A group and how many visits it holds (of them overdue).
#[derive(Debug, Clone, PartialEq)]
pub struct GroupHead {
    pub group: Group,
    pub count: usize,
    pub overdue: usize,
}

/// A row of the grouped Agenda: a group's header or a visit.
#[derive(Debug, Clone, PartialEq)]
pub enum AgendaRow {
    Head(GroupHead),
    Visit(AgendaItem),
}

impl AgendaRow {
    pub fn visit(&self) -> Option<&AgendaItem> {
        match self {
            AgendaRow::Visit(v) => Some(v),
            AgendaRow::Head(_) => None,
        }
    }
}

/// The ISO week of `day`, as a [`Group::Week`].
pub fn week_of(day: Date) -> Group {
    let (year, week, _) = day.to_iso_week_date();
    let monday = day.saturating_sub(Duration::days(
        day.weekday().number_days_from_monday().into(),
    ));
    debug_assert_eq!(monday.weekday(), Weekday::Monday);
    Group::Week { year, week, monday }
}

/// The view's conditions beyond the Agenda's own (`?1` until, `?2` today), numbered from `?3`.
fn conditions(mode: &AgendaMode, view: &ListQuery, params: &mut Vec<Value>) -> String {
    let mut sql = String::new();
    for (f, v) in &view.filter {
        if let Some(expr) = agenda_facet(*f) {
            params.push(Value::Text(v.clone()));
            sql.push_str(&format!(" AND {expr} = ?{}", params.len()));
        }
    }
    if let Some(name) = &mode.mine {
        params.push(Value::Text(name.clone()));
        sql.push_str(&format!(" AND c.name = ?{}", params.len()));
    }
    sql
}

fn own_params(today: Date, until: Date) -> Vec<Value> {
    vec![
        Value::Text(until.to_string()),
        Value::Text(today.to_string()),
    ]
}

/// The Agenda as a mode and view show it: its groups in order, and the keys of its visits in
/// the order shown (group by group). Read once per view (the runner keeps it while the file
/// does not change); each window then reads only its rows, by key.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Grouped {
    pub heads: Vec<GroupHead>,
    keys: Vec<Key>,
    headed: bool,
}

impl Grouped {
    /// Rows in the list: the visits, and a header per group when the grouping has them.
    pub fn total(&self) -> usize {
        self.keys.len() + if self.headed { self.heads.len() } else { 0 }
    }
}

/// The Monday of a planned visit's week, in SQL (`%w`: 0 is Sunday).
const MONDAY_SQL: &str = "date(v.planned_on, '-' || ((CAST(strftime('%w', v.planned_on) AS INTEGER) + 6) % 7) || ' days')";

/// The Agenda up to `until` as `mode` and `view` show it: groups in order (weeks by date,
/// districts by pinyin), within each the view's sort, then by day. One read of the Agenda's
/// open plans (its index bounds it), not of the pool.
pub fn groups(
    conn: &Connection,
    today: Date,
    until: Date,
    mode: &AgendaMode,
    view: &ListQuery,
) -> Result<Grouped> {
    let mut params = own_params(today, until);
    let cond = conditions(mode, view, &mut params);
    let (key, order) = match mode.grouping {
        Grouping::District => ("e.district", "pinyin_key(e.district), e.district, "),
        Grouping::Week => ("v.planned_on", "week, "),
        Grouping::Day => ("v.planned_on", ""),
    };
    let sort = match view.sort.and_then(agenda_col) {
        // No value last either way, as the list's other views sort.
        Some(e) => format!(
            "{e} IS NULL, {e} {}, ",
            if view.descending() { "DESC" } else { "ASC" }
        ),
        None => String::new(),
    };
    let sql = format!(
        "SELECT v.rowid, {key}, v.planned_on < ?2, {MONDAY_SQL} AS week FROM {AGENDA_FROM}{cond}
         ORDER BY {order}{sort}v.planned_on, v.id"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(rusqlite::params_from_iter(params.iter()))?;
    let mut out = Grouped {
        headed: mode.grouping.headed(),
        ..Grouped::default()
    };
    while let Some(r) = rows.next()? {
        out.keys.push(Key(0, r.get(0)?));
        let overdue = usize::from(r.get::<_, bool>(2)?);
        let group = match mode.grouping {
            Grouping::District => Group::District(r.get(1)?),
            Grouping::Week => week_of(r.get(1)?),
            Grouping::Day => Group::All,
        };
        match out.heads.last_mut() {
            Some(last) if last.group == group => {
                last.count += 1;
                last.overdue += overdue;
            }
            _ => out.heads.push(GroupHead {
                group,
                count: 1,
                overdue,
            }),
        }
    }
    Ok(out)
}

/// Rows `start..start + len` of the grouped Agenda (read by [`groups`]), and the list's
/// length: the visits by key, with the headers of the groups that start among them.
pub fn page(
    conn: &Connection,
    today: Date,
    grouped: &Grouped,
    start: usize,
    len: usize,
) -> Result<(usize, Vec<AgendaRow>)> {
    let headed = grouped.headed;
    let total = grouped.total();
    let end = start.saturating_add(len).min(total);
    // Where each part of the window goes: a header, or so many visits from the keys.
    let mut parts: Vec<Result<&GroupHead, usize>> = Vec::new();
    let mut keys: Vec<Key> = Vec::new();
    let (mut pos, mut first_key) = (0, 0);
    for g in &grouped.heads {
        if pos >= end {
            break;
        }
        let size = g.count + usize::from(headed);
        if pos + size > start {
            let mut first = pos;
            if headed {
                if pos >= start {
                    parts.push(Ok(g));
                }
                first += 1;
            }
            let from = start.saturating_sub(first);
            let to = end.saturating_sub(first).min(g.count);
            if to > from {
                keys.extend_from_slice(&grouped.keys[first_key + from..first_key + to]);
                parts.push(Err(to - from));
            }
        }
        pos += size;
        first_key += g.count;
    }
    let mut visits = super::agenda::agenda_rows(conn, today, &keys)?.into_iter();
    let mut out = Vec::with_capacity(end.saturating_sub(start));
    for p in parts {
        match p {
            Ok(h) => out.push(AgendaRow::Head(h.clone())),
            Err(n) => out.extend(visits.by_ref().take(n).map(AgendaRow::Visit)),
        }
    }
    Ok((total, out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::listview::{Facet, SortCol};
    use crate::store::{OpenMode, Store};
    use time::macros::date;

    const TODAY: Date = date!(2026 - 12 - 03);

    /// A file with two commissioners and eight open plans over three ISO weeks and three
    /// districts, one done visit and one cancelled plan (neither on the Agenda).
    fn file() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let s = Store::open(&dir.path().join("a.db"), OpenMode::CreateIfMissing).unwrap();
        s.conn
            .execute_batch(
                "INSERT INTO commissioners (id, name, created_at, updated_at) VALUES
                     ('c1', '王芳', 'x', 'x'), ('c2', '李强', 'x', 'x');
                 INSERT INTO enterprises (id, credit_code, name, region_code, district, tier, created_at, updated_at) VALUES
                     ('e1', '91650102000000001A', '天山科技', '650102', '天山区', 'tsme', 'x', 'x'),
                     ('e2', '91650103000000002B', '昆仑生物', '650103', '沙依巴克区', 'tsme', 'x', 'x'),
                     ('e3', '91650104000000003C', '阿勒泰矿业', '650104', '新市区', 'tsme', 'x', 'x'),
                     ('e4', '91650102000000004D', '博格达材料', '650102', '天山区', 'tsme', 'x', 'x');
                 INSERT INTO visits (id, enterprise_id, planned_on, done_on, cancelled_on, mode, commissioner_id, created_at, updated_at) VALUES
                     ('v1', 'e1', '2026-11-25', NULL, NULL, 'on_site', 'c1', 'x', 'x'),
                     ('v2', 'e2', '2026-11-30', NULL, NULL, 'phone', 'c2', 'x', 'x'),
                     ('v3', 'e3', '2026-12-03', NULL, NULL, 'on_site', 'c1', 'x', 'x'),
                     ('v4', 'e4', '2026-12-03', NULL, NULL, 'online', NULL, 'x', 'x'),
                     ('v5', 'e1', '2026-12-06', NULL, NULL, 'on_site', 'c2', 'x', 'x'),
                     ('v6', 'e2', '2026-12-07', NULL, NULL, 'on_site', 'c1', 'x', 'x'),
                     ('v7', 'e3', '2026-12-08', NULL, NULL, 'phone', 'c1', 'x', 'x'),
                     ('v8', 'e4', '2026-12-09', NULL, NULL, 'on_site', 'c2', 'x', 'x'),
                     ('v9', 'e1', '2026-12-04', '2026-12-02', NULL, 'on_site', 'c1', 'x', 'x'),
                     ('v10', 'e2', '2026-12-04', NULL, '2026-12-01', 'on_site', 'c1', 'x', 'x'),
                     ('v11', 'e3', '2026-12-20', NULL, NULL, 'on_site', 'c1', 'x', 'x');",
            )
            .unwrap();
        (dir, s)
    }

    const UNTIL: Date = date!(2026 - 12 - 09);

    fn mode(grouping: Grouping, mine: Option<&str>) -> AgendaMode {
        AgendaMode {
            grouping,
            mine: mine.map(String::from),
        }
    }

    fn ids(rows: &[AgendaRow]) -> Vec<String> {
        rows.iter()
            .map(|r| match r {
                AgendaRow::Head(h) => match &h.group {
                    Group::Week { week, .. } => format!("W{week}:{}/{}", h.count, h.overdue),
                    Group::District(d) => format!("{d}:{}/{}", h.count, h.overdue),
                    Group::All => format!("*:{}", h.count),
                },
                AgendaRow::Visit(v) => v.visit_id.clone(),
            })
            .collect()
    }

    fn read(s: &Store, m: &AgendaMode, view: &ListQuery, start: usize, len: usize) -> Vec<String> {
        let g = groups(&s.conn, TODAY, UNTIL, m, view).unwrap();
        let (total, rows) = page(&s.conn, TODAY, &g, start, len).unwrap();
        assert_eq!(total, g.total());
        ids(&rows)
    }

    #[test]
    fn weeks_are_iso_weeks_with_counts_and_overdue() {
        let (_d, s) = file();
        let m = mode(Grouping::Week, None);
        let g = groups(&s.conn, TODAY, UNTIL, &m, &ListQuery::default()).unwrap();
        let total = g.total();
        let g = g.heads;
        // 2026-11-25 is in week 48; 11-30 to 12-06 is week 49 (Monday 11-30); 12-07 on is 50.
        assert_eq!(
            g.iter().map(|h| h.group.clone()).collect::<Vec<_>>(),
            vec![
                Group::Week {
                    year: 2026,
                    week: 48,
                    monday: date!(2026 - 11 - 23)
                },
                Group::Week {
                    year: 2026,
                    week: 49,
                    monday: date!(2026 - 11 - 30)
                },
                Group::Week {
                    year: 2026,
                    week: 50,
                    monday: date!(2026 - 12 - 07)
                },
            ]
        );
        assert_eq!(total, 8 + 3);
        assert_eq!(
            read(&s, &m, &ListQuery::default(), 0, 100),
            [
                "W48:1/1", "v1", "W49:4/1", "v2", "v3", "v4", "v5", "W50:3/0", "v6", "v7", "v8"
            ]
        );
    }

    #[test]
    fn a_window_reads_only_its_part_of_the_groups() {
        let (_d, s) = file();
        let m = mode(Grouping::Week, None);
        let q = ListQuery::default();
        // Positions 4..7: v3, v4, v5 (the header of week 49 is at 2, v2 at 3).
        assert_eq!(read(&s, &m, &q, 4, 3), ["v3", "v4", "v5"]);
        assert_eq!(read(&s, &m, &q, 6, 3), ["v5", "W50:3/0", "v6"]);
        assert_eq!(read(&s, &m, &q, 10, 5), ["v8"]);
        assert!(read(&s, &m, &q, 11, 5).is_empty());
    }

    #[test]
    fn districts_by_pinyin_with_each_districts_visits_by_day() {
        let (_d, s) = file();
        let m = mode(Grouping::District, None);
        // 沙依巴克区 (sha), 天山区 (tian), 新市区 (xin).
        assert_eq!(
            read(&s, &m, &ListQuery::default(), 0, 100),
            [
                "沙依巴克区:2/1",
                "v2",
                "v6",
                "天山区:4/1",
                "v1",
                "v4",
                "v5",
                "v8",
                "新市区:2/0",
                "v3",
                "v7"
            ]
        );
    }

    #[test]
    fn mine_only_keeps_one_commissioners_visits_in_every_grouping() {
        let (_d, s) = file();
        let q = ListQuery::default();
        assert_eq!(
            read(&s, &mode(Grouping::Day, Some("王芳")), &q, 0, 100),
            ["v1", "v3", "v6", "v7"]
        );
        assert_eq!(
            read(&s, &mode(Grouping::Week, Some("王芳")), &q, 0, 100),
            ["W48:1/1", "v1", "W49:1/0", "v3", "W50:2/0", "v6", "v7"]
        );
        assert_eq!(
            read(&s, &mode(Grouping::District, Some("李强")), &q, 0, 100),
            ["沙依巴克区:1/1", "v2", "天山区:2/0", "v5", "v8"]
        );
        // Nobody of that name: nothing, and no group.
        let none = mode(Grouping::Week, Some("无名"));
        assert_eq!(groups(&s.conn, TODAY, UNTIL, &none, &q).unwrap().total(), 0);
    }

    #[test]
    fn the_views_filter_and_sort_hold_within_groups() {
        let (_d, s) = file();
        let mut q = ListQuery {
            sort: Some(SortCol::Name),
            ..ListQuery::default()
        };
        q.set(Facet::Mode, Some("on_site".into()));
        // Onsite only; within a district by name (pinyin): 博格达 (bo) before 天山 (tian).
        assert_eq!(
            read(&s, &mode(Grouping::District, None), &q, 0, 100),
            [
                "沙依巴克区:1/0",
                "v6",
                "天山区:3/1",
                "v8",
                "v1",
                "v5",
                "新市区:1/0",
                "v3"
            ]
        );
        // By name within each ISO week (阿 a, 博 bo, 昆 kun, 天 tian): the weeks stay whole.
        let by_name = ListQuery {
            sort: Some(SortCol::Name),
            ..ListQuery::default()
        };
        assert_eq!(
            read(&s, &mode(Grouping::Week, None), &by_name, 0, 100),
            [
                "W48:1/1", "v1", "W49:4/1", "v3", "v4", "v2", "v5", "W50:3/0", "v7", "v8", "v6"
            ]
        );
    }
}
