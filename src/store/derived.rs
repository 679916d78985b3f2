//! Derived values kept current on write: project colours, each enterprise's red/yellow/green
//! counts and worst colour, last/next visit, open requests, current pool membership and HTE
//! readiness. Screens sort and filter on these columns instead of recomputing over the pool.
//!
//! Colours depend on the date as well as on the data; each computed colour carries the date until
//! which it holds (`valid_until`), so moving `today` forward recomputes only the rows that expire.

use super::{Result, format_date};
use crate::config::Config;
use crate::domain::alert::{self, Lights, MilestoneFacts, ProjectFacts};
use crate::domain::cadence::{self, VisitFacts};
use crate::domain::hte::{self, HteFacts, YearFigures};
use crate::domain::{Colour, ProjectLevel};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, params};
use std::collections::HashMap;
use time::Date;

/// Key in `meta`: the `today` derived values were last computed for.
pub const DERIVED_ON: &str = "derived_on";

/// A project as stored, with the facts its colour is computed from.
#[derive(Debug, Clone)]
pub struct ProjectRow {
    pub id: String,
    pub enterprise_id: String,
    pub name: String,
    pub level: ProjectLevel,
    pub programme: Option<String>,
    pub budget: Option<i64>,
    pub facts: ProjectFacts,
    /// An active colour override: (colour, reason).
    pub override_: Option<(Colour, String)>,
}

impl ProjectRow {
    /// The project's alert as of `today`, with any override applied.
    pub fn alert(&self, today: Date, config: &Config) -> alert::Alert {
        alert_of(&self.facts, self.override_.as_ref(), today, config)
    }
}

/// A project's alert as of `today` from its facts, with any override applied.
fn alert_of(
    facts: &ProjectFacts,
    override_: Option<&(Colour, String)>,
    today: Date,
    config: &Config,
) -> alert::Alert {
    let computed = alert::project_alert(facts, today, &config.alert);
    match override_ {
        Some((colour, reason)) => alert::with_override(computed, *colour, reason),
        None => computed,
    }
}

/// What a project's alert is computed from, as kept in `alert_list.facts` (JSON): the alerts
/// list computes its reasons from the rows it reads, without reading milestones.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct AlertFacts {
    pub facts: ProjectFacts,
    #[serde(rename = "override")]
    pub override_: Option<(Colour, String)>,
}

impl AlertFacts {
    /// The alert as of `today`, with any override applied.
    pub fn alert(&self, today: Date, config: &Config) -> alert::Alert {
        alert_of(&self.facts, self.override_.as_ref(), today, config)
    }
}

/// A project's line of the alerts list (`alert_list`).
#[derive(Debug, Clone, PartialEq)]
pub struct Listed {
    pub enterprise_id: String,
    pub enterprise: String,
    pub project: String,
    pub level: ProjectLevel,
    /// `AlertFacts` as JSON.
    pub facts: String,
}

/// Which enterprises to (re)compute.
#[derive(Debug, Clone, Copy)]
pub enum Scope<'a> {
    All,
    /// One enterprise.
    One(&'a str),
    /// One project (project queries only).
    Project(&'a str),
}

impl Scope<'_> {
    /// The condition on `column` (the enterprise id column of the table queried).
    fn filter(self, column: &str) -> String {
        match self {
            Scope::All => String::new(),
            Scope::One(_) => format!(" AND {column} = :eid"),
            Scope::Project(_) => " AND p.id = :eid".into(),
        }
    }

    fn bind(self, stmt: &mut rusqlite::Statement<'_>) -> Result<()> {
        if let Scope::One(id) | Scope::Project(id) = self {
            stmt.raw_bind_parameter(c":eid", id)?;
        }
        Ok(())
    }
}

/// Calls `f` for every live project in scope, milestones in plan order, overrides applied.
pub fn for_each_project(
    conn: &Connection,
    scope: Scope<'_>,
    mut f: impl FnMut(ProjectRow) -> Result<()>,
) -> Result<()> {
    let mut overrides: HashMap<String, (Colour, String)> = HashMap::new();
    {
        let sql = format!(
            "SELECT o.project_id, o.colour, o.reason FROM colour_overrides o
             JOIN projects p ON p.id = o.project_id
             WHERE o.active = 1{} ORDER BY o.created_at",
            scope.filter("p.enterprise_id")
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        scope.bind(&mut stmt)?;
        let mut rows = stmt.raw_query();
        while let Some(r) = rows.next()? {
            overrides.insert(r.get(0)?, (r.get(1)?, r.get(2)?));
        }
    }
    let sql = format!(
        "SELECT p.id, p.enterprise_id, p.name, p.level, p.programme, p.budget, p.start_on,
                p.planned_end, p.extended_end, p.acceptance_applied, p.acceptance_passed,
                p.risk_flag, m.name, m.planned_on, m.done_on
         FROM projects p LEFT JOIN milestones m ON m.project_id = p.id
         WHERE p.deleted_at IS NULL{}
         ORDER BY p.id, m.seq",
        scope.filter("p.enterprise_id")
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    scope.bind(&mut stmt)?;
    let mut rows = stmt.raw_query();
    let mut current: Option<ProjectRow> = None;
    while let Some(r) = rows.next()? {
        let id: String = r.get(0)?;
        if current.as_ref().is_none_or(|p| p.id != id) {
            if let Some(done) = current.take() {
                f(done)?;
            }
            let override_ = overrides.remove(&id);
            current = Some(ProjectRow {
                id,
                enterprise_id: r.get(1)?,
                name: r.get(2)?,
                level: r.get(3)?,
                programme: r.get(4)?,
                budget: r.get(5)?,
                facts: ProjectFacts {
                    start: r.get(6)?,
                    planned_end: r.get(7)?,
                    extended_end: r.get(8)?,
                    acceptance_applied: r.get(9)?,
                    acceptance_passed: r.get(10)?,
                    risk_flag: r.get(11)?,
                    milestones: Vec::new(),
                },
                override_,
            });
        }
        if let (Some(p), Some(name)) = (current.as_mut(), r.get::<_, Option<String>>(12)?) {
            p.facts.milestones.push(MilestoneFacts {
                name,
                planned: r.get(13)?,
                done: r.get(14)?,
            });
        }
    }
    if let Some(done) = current.take() {
        f(done)?;
    }
    Ok(())
}

/// Calls `f` for every row of yearly figures in scope, oldest year first per enterprise.
pub fn for_each_figures(
    conn: &Connection,
    scope: Scope<'_>,
    mut f: impl FnMut(&str, YearFigures) -> Result<()>,
) -> Result<()> {
    let sql = format!(
        "SELECT enterprise_id, year, staff, scitech_staff, sales, total_income, hightech_income,
                rd_spend, rd_domestic, net_assets, total_assets, liabilities, ip_class1, ip_class2,
                results_transferred, rd_mgmt_score, major_incident, annual_report_filed
         FROM figures WHERE 1 = 1{} ORDER BY enterprise_id, year",
        scope.filter("enterprise_id")
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    scope.bind(&mut stmt)?;
    let mut rows = stmt.raw_query();
    while let Some(r) = rows.next()? {
        let eid: String = r.get(0)?;
        let fig = YearFigures {
            year: r.get(1)?,
            staff: r.get(2)?,
            scitech_staff: r.get(3)?,
            sales: r.get(4)?,
            total_income: r.get(5)?,
            hightech_income: r.get(6)?,
            rd_spend: r.get(7)?,
            rd_domestic: r.get(8)?,
            net_assets: r.get(9)?,
            total_assets: r.get(10)?,
            liabilities: r.get(11)?,
            ip_class1: r.get(12)?,
            ip_class2: r.get(13)?,
            results_transferred: r.get(14)?,
            rd_mgmt_score: r.get(15)?,
            major_incident: r.get(16)?,
            annual_report_filed: r.get(17)?,
        };
        f(&eid, fig)?;
    }
    Ok(())
}

/// What recomputing found, per enterprise.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct EnterpriseDerived {
    pub lights: Lights,
    pub valid_until: Option<Date>,
    pub last_visit: Option<Date>,
    pub planned_visit: Option<Date>,
    pub next_visit: Option<Date>,
    pub open_requests: i64,
    pub pool: Option<String>,
    pub batch: Option<String>,
    pub pool_status: Option<String>,
    pub pool_since: Option<Date>,
    pub hte_passed: Option<i64>,
    pub hte_unknown: Option<i64>,
    /// The pinyin initials of the name (search).
    pub initials: String,
}

/// A project's derived values.
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectDerived {
    pub id: String,
    /// The colour shown (override applied) and the computed one.
    pub colour: Colour,
    pub computed: Colour,
    pub valid_until: Option<Date>,
    pub alert_date: Option<Date>,
    /// Its line of the alerts list, if it is on it (live, not accepted, red or yellow).
    pub listed: Option<Listed>,
}

/// The date behind an alert's main reason: alerts sort worst first by it (the longest late,
/// then the soonest due).
pub fn alert_date(a: &alert::Alert) -> Option<Date> {
    use alert::AlertReason as R;
    a.reasons.iter().find_map(|r| match r {
        R::MilestoneLate { due, .. } | R::MilestoneSoon { due, .. } => Some(*due),
        R::EndPassed { end, .. } | R::EndNear { end, .. } => Some(*end),
        _ => None,
    })
}

/// Counts recomputed rows.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Recomputed {
    pub enterprises: usize,
    pub projects: usize,
}

/// Computes every derived value in scope as of `today` without writing anything.
pub fn compute(
    conn: &Connection,
    scope: Scope<'_>,
    today: Date,
    config: &Config,
) -> Result<(HashMap<String, EnterpriseDerived>, Vec<ProjectDerived>)> {
    let (mut out, mut facts, names) = enterprises(conn, scope)?;
    let projects = project_colours(conn, scope, today, config, &mut out, &names)?;
    memberships(conn, scope, &mut out)?;
    visits(conn, scope, &mut out)?;
    open_requests(conn, scope, &mut out)?;
    readiness(conn, scope, today, config, &mut out, &mut facts)?;
    for e in out.values_mut() {
        set_next_visit(e, today, config);
    }
    Ok((out, projects))
}

/// Derived values per enterprise as they are being computed.
type Derived = HashMap<String, EnterpriseDerived>;

/// The live enterprises in scope, with the facts of their HTE readiness (figures to come) and
/// their names.
#[allow(clippy::type_complexity)]
fn enterprises(
    conn: &Connection,
    scope: Scope<'_>,
) -> Result<(Derived, HashMap<String, HteFacts>, HashMap<String, String>)> {
    let mut out: HashMap<String, EnterpriseDerived> = HashMap::new();
    let mut facts: HashMap<String, HteFacts> = HashMap::new();
    let mut names: HashMap<String, String> = HashMap::new();
    {
        let sql = format!(
            "SELECT id, founded_on, hte_field, substr(created_at, 1, 10), name FROM enterprises
             WHERE deleted_at IS NULL{}",
            scope.filter("id")
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        scope.bind(&mut stmt)?;
        let mut rows = stmt.raw_query();
        while let Some(r) = rows.next()? {
            let id: String = r.get(0)?;
            let created: Option<Date> = r.get(3).ok();
            let name: String = r.get(4)?;
            out.insert(
                id.clone(),
                EnterpriseDerived {
                    pool_since: created,
                    initials: crate::text::pinyin_initials(&name),
                    ..EnterpriseDerived::default()
                },
            );
            names.insert(id.clone(), name);
            facts.insert(
                id,
                HteFacts {
                    founded: r.get(1)?,
                    supported_field: r.get(2)?,
                    figures: Vec::new(),
                },
            );
        }
    }
    Ok((out, facts, names))
}

/// Each project's colour, counted into its enterprise's lights, and its line of the alerts list.
fn project_colours(
    conn: &Connection,
    scope: Scope<'_>,
    today: Date,
    config: &Config,
    out: &mut Derived,
    names: &HashMap<String, String>,
) -> Result<Vec<ProjectDerived>> {
    let mut projects = Vec::new();
    for_each_project(conn, scope, |p| {
        let computed = alert::project_alert(&p.facts, today, &config.alert);
        let shown = match &p.override_ {
            Some((colour, reason)) => alert::with_override(computed.clone(), *colour, reason),
            None => computed.clone(),
        };
        if let Some(e) = out.get_mut(&p.enterprise_id)
            && p.facts.is_active()
        {
            e.lights = Lights {
                red: e.lights.red + u32::from(shown.colour == Colour::Red),
                yellow: e.lights.yellow + u32::from(shown.colour == Colour::Yellow),
                green: e.lights.green + u32::from(shown.colour == Colour::Green),
            };
            e.valid_until = match (e.valid_until, computed.valid_until) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
        }
        // On the alerts list: live (as every project here), not accepted, red or yellow, of
        // a live enterprise.
        let listed = match names.get(&p.enterprise_id) {
            Some(enterprise)
                if shown.colour != Colour::Green && p.facts.acceptance_passed.is_none() =>
            {
                let facts = AlertFacts {
                    facts: p.facts,
                    override_: p.override_,
                };
                Some(Listed {
                    enterprise_id: p.enterprise_id,
                    enterprise: enterprise.clone(),
                    project: p.name,
                    level: p.level,
                    facts: serde_json::to_string(&facts).unwrap_or_default(),
                })
            }
            _ => None,
        };
        projects.push(ProjectDerived {
            id: p.id,
            colour: shown.colour,
            computed: computed.colour,
            valid_until: computed.valid_until,
            alert_date: alert_date(&shown),
            listed,
        });
        Ok(())
    })?;
    Ok(projects)
}

/// Pool membership: the newest membership that is not `out`. An enterprise whose every
/// membership is out is in no pool, and its status says `out` (the Pool screen shows and
/// filters by it); the ones still in come last, so they win.
fn memberships(conn: &Connection, scope: Scope<'_>, out: &mut Derived) -> Result<()> {
    let sql = format!(
        "SELECT enterprise_id, pool, batch, status, entered_on FROM pool_memberships
         WHERE 1 = 1{} ORDER BY status <> 'out', entered_on, id",
        scope.filter("enterprise_id")
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    scope.bind(&mut stmt)?;
    let mut rows = stmt.raw_query();
    while let Some(r) = rows.next()? {
        let eid: String = r.get(0)?;
        if let Some(e) = out.get_mut(&eid) {
            let status: String = r.get(3)?;
            if status == "out" {
                e.pool = None;
                e.batch = None;
                e.pool_status = Some(status);
                continue;
            }
            e.pool = r.get(1)?;
            e.batch = r.get(2)?;
            e.pool_status = Some(status);
            e.pool_since = r.get(4)?;
        }
    }
    Ok(())
}

/// Visits: last done and earliest open plan (the cadence's next date follows from them).
fn visits(conn: &Connection, scope: Scope<'_>, out: &mut Derived) -> Result<()> {
    let sql = format!(
        "SELECT enterprise_id,
                max(done_on),
                min(CASE WHEN done_on IS NULL AND cancelled_on IS NULL THEN planned_on END)
         FROM visits WHERE 1 = 1{} GROUP BY enterprise_id",
        scope.filter("enterprise_id")
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    scope.bind(&mut stmt)?;
    let mut rows = stmt.raw_query();
    while let Some(r) = rows.next()? {
        let eid: String = r.get(0)?;
        if let Some(e) = out.get_mut(&eid) {
            e.last_visit = r.get(1)?;
            e.planned_visit = r.get(2)?;
        }
    }
    Ok(())
}

/// Requests still open.
fn open_requests(conn: &Connection, scope: Scope<'_>, out: &mut Derived) -> Result<()> {
    let sql = format!(
        "SELECT enterprise_id, count(*) FROM requests
         WHERE status IN ('open', 'in_progress'){} GROUP BY enterprise_id",
        scope.filter("enterprise_id")
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    scope.bind(&mut stmt)?;
    let mut rows = stmt.raw_query();
    while let Some(r) = rows.next()? {
        let eid: String = r.get(0)?;
        if let Some(e) = out.get_mut(&eid) {
            e.open_requests = r.get(1)?;
        }
    }
    Ok(())
}

/// HTE readiness: passed and unknown criteria, from the profile and the yearly figures.
fn readiness(
    conn: &Connection,
    scope: Scope<'_>,
    today: Date,
    config: &Config,
    out: &mut Derived,
    facts: &mut HashMap<String, HteFacts>,
) -> Result<()> {
    for_each_figures(conn, scope, |eid, fig| {
        if let Some(f) = facts.get_mut(eid) {
            f.figures.push(fig);
        }
        Ok(())
    })?;
    for (id, f) in facts.iter() {
        if let Some(e) = out.get_mut(id) {
            let r = hte::readiness(f, today, &config.hte);
            e.hte_passed = Some(r.passed as i64);
            e.hte_unknown = Some(r.unknown as i64);
        }
    }
    Ok(())
}

/// The next visit the cadence gives, from the last and planned visits and the pool date.
fn set_next_visit(e: &mut EnterpriseDerived, today: Date, config: &Config) {
    let since = e.pool_since.unwrap_or(today);
    let c = cadence::visit_cadence(
        &VisitFacts {
            last_done: e.last_visit,
            next_planned: e.planned_visit,
            since,
        },
        today,
        &config.cadence,
    );
    e.next_visit = Some(c.next_visit);
}

/// A new enterprise, about to be inserted: its name, founding date, high-tech field, the date it
/// is created and its one pool membership, if any: (pool, batch, status, entered on).
#[derive(Debug, Clone, Copy)]
pub struct NewEnterprise<'a> {
    pub name: &'a str,
    pub founded: Option<Date>,
    pub hte_field: Option<&'a str>,
    pub created: Option<Date>,
    pub membership: Option<(&'a str, &'a str, &'a str, Date)>,
}

/// The derived values of a new enterprise with no projects, visits, requests or figures yet:
/// what [`compute`] finds for it once it is stored, computed without reading anything (a bulk
/// import writes them with the row instead of recomputing afterwards).
pub fn for_new_enterprise(
    new: &NewEnterprise<'_>,
    today: Date,
    config: &Config,
) -> EnterpriseDerived {
    let mut e = EnterpriseDerived {
        pool_since: new.created,
        initials: crate::text::pinyin_initials(new.name),
        ..EnterpriseDerived::default()
    };
    if let Some((_, _, "out", _)) = new.membership {
        e.pool_status = Some("out".to_string());
    }
    if let Some((pool, batch, status, since)) = new.membership
        && status != "out"
    {
        e.pool = Some(pool.to_string());
        e.batch = Some(batch.to_string());
        e.pool_status = Some(status.to_string());
        e.pool_since = Some(since);
    }
    let facts = HteFacts {
        founded: new.founded,
        supported_field: new.hte_field.map(str::to_string),
        figures: Vec::new(),
    };
    let r = hte::readiness(&facts, today, &config.hte);
    e.hte_passed = Some(r.passed as i64);
    e.hte_unknown = Some(r.unknown as i64);
    set_next_visit(&mut e, today, config);
    e
}

/// The derived columns of `enterprises`, in the order of [`enterprise_values`].
pub const ENTERPRISE_COLUMNS: [&str; 18] = [
    "red",
    "yellow",
    "green",
    "colour",
    "colour_order",
    "colour_valid_until",
    "last_visit",
    "planned_visit",
    "next_visit",
    "open_requests",
    "pool",
    "batch",
    "pool_status",
    "pool_since",
    "hte_passed",
    "hte_unknown",
    "initials",
    // Last, so that an UPDATE can bind the id after the values.
    "id",
];

/// The derived values of an enterprise as stored, in the order of [`ENTERPRISE_COLUMNS`]
/// (without the id).
pub fn enterprise_values(e: &EnterpriseDerived) -> [Value; 17] {
    let date = |d: Option<Date>| d.map_or(Value::Null, |d| Value::Text(format_date(d)));
    let text = |t: &Option<String>| t.clone().map_or(Value::Null, Value::Text);
    let int = |n: Option<i64>| n.map_or(Value::Null, Value::Integer);
    let worst = e.lights.worst();
    [
        Value::Integer(i64::from(e.lights.red)),
        Value::Integer(i64::from(e.lights.yellow)),
        Value::Integer(i64::from(e.lights.green)),
        worst.map_or(Value::Null, |c| Value::Text(c.code().to_string())),
        Value::Integer(colour_order(worst)),
        date(e.valid_until),
        date(e.last_visit),
        date(e.planned_visit),
        date(e.next_visit),
        Value::Integer(e.open_requests),
        text(&e.pool),
        text(&e.batch),
        text(&e.pool_status),
        date(e.pool_since),
        int(e.hte_passed),
        int(e.hte_unknown),
        Value::Text(e.initials.clone()),
    ]
}

/// Recomputes and writes every derived value in scope as of `today`.
pub fn recompute(
    conn: &Connection,
    scope: Scope<'_>,
    today: Date,
    config: &Config,
) -> Result<Recomputed> {
    let (enterprises, projects) = compute(conn, scope, today, config)?;
    write_alert_list(conn, scope, &projects)?;
    {
        let mut stmt = conn.prepare_cached(
            "UPDATE projects SET colour = ?2, computed_colour = ?3, valid_until = ?4
             WHERE id = ?1",
        )?;
        for p in &projects {
            stmt.execute(params![p.id, p.colour, p.computed, p.valid_until])?;
        }
    }
    {
        let sets: Vec<String> = ENTERPRISE_COLUMNS[..17]
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{c} = ?{}", i + 1))
            .collect();
        let mut stmt = conn.prepare_cached(&format!(
            "UPDATE enterprises SET {} WHERE id = ?18",
            sets.join(", ")
        ))?;
        for (id, e) in &enterprises {
            let values = enterprise_values(e);
            for (i, v) in values.iter().enumerate() {
                stmt.raw_bind_parameter(i + 1, v)?;
            }
            stmt.raw_bind_parameter(18, id)?;
            stmt.raw_execute()?;
        }
    }
    Ok(Recomputed {
        enterprises: enterprises.len(),
        projects: projects.len(),
    })
}

/// Replaces the alerts list's lines of the projects in scope with those of `projects`.
fn write_alert_list(
    conn: &Connection,
    scope: Scope<'_>,
    projects: &[ProjectDerived],
) -> Result<()> {
    let forget = match scope {
        Scope::All => "DELETE FROM alert_list",
        Scope::One(_) => "DELETE FROM alert_list WHERE enterprise_id = :eid",
        Scope::Project(_) => "DELETE FROM alert_list WHERE project_id = :eid",
    };
    let mut stmt = conn.prepare_cached(forget)?;
    scope.bind(&mut stmt)?;
    stmt.raw_execute()?;
    let mut stmt = conn.prepare_cached(
        "INSERT INTO alert_list (colour, alert_date, project_id, enterprise_id, project,
             enterprise, level, facts) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for p in projects {
        let Some(l) = &p.listed else {
            continue;
        };
        let alert_date = p.alert_date.map(format_date).unwrap_or_default();
        stmt.execute(params![
            p.colour,
            alert_date,
            p.id,
            l.enterprise_id,
            l.project,
            l.enterprise,
            l.level,
            l.facts
        ])?;
    }
    Ok(())
}

/// Sort key of a worst colour: red first, enterprises without active projects last.
pub fn colour_order(c: Option<Colour>) -> i64 {
    match c {
        Some(Colour::Red) => 0,
        Some(Colour::Yellow) => 1,
        Some(Colour::Green) => 2,
        None => 3,
    }
}

/// Recomputes everything in one transaction and records `today` as the derived date.
pub fn recompute_all(conn: &mut Connection, today: Date, config: &Config) -> Result<Recomputed> {
    let tx = conn.transaction()?;
    let n = recompute(&tx, Scope::All, today, config)?;
    set_derived_on(&tx, today)?;
    tx.commit()?;
    Ok(n)
}

fn set_derived_on(conn: &Connection, today: Date) -> Result<()> {
    conn.execute(
        "INSERT INTO meta(key, value) VALUES (?1, ?2)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        params![DERIVED_ON, format_date(today)],
    )?;
    Ok(())
}

/// Brings derived values up to `today`: only enterprises whose colours expire by then are
/// recomputed; going back in time (an as-of view) recomputes all. Returns how many were redone.
pub fn refresh(conn: &mut Connection, today: Date, config: &Config) -> Result<usize> {
    let on: Option<String> = conn
        .query_row("SELECT value FROM meta WHERE key = ?1", [DERIVED_ON], |r| {
            r.get(0)
        })
        .optional()?;
    let on = on.as_deref().map(super::parse_date).transpose()?;
    if on == Some(today) {
        return Ok(0);
    }
    if on.is_none_or(|d| d > today) {
        return Ok(recompute_all(conn, today, config)?.enterprises);
    }
    let stale: Vec<String> = {
        let mut stmt = conn.prepare_cached(
            "SELECT id FROM enterprises WHERE colour_valid_until <= ?1 AND deleted_at IS NULL",
        )?;
        stmt.query_map([today], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?
    };
    // Readiness depends on the year: a new year recomputes all.
    let new_year = on.is_some_and(|d| d.year() != today.year());
    // One enterprise costs a few indexed queries; past ~20,000 a full pass is cheaper.
    if new_year || stale.len() > 20_000 {
        return Ok(recompute_all(conn, today, config)?.enterprises);
    }
    let tx = conn.transaction()?;
    for id in &stale {
        recompute(&tx, Scope::One(id), today, config)?;
    }
    set_derived_on(&tx, today)?;
    tx.commit()?;
    Ok(stale.len())
}
