//! The read queries the screens and the CLI ask: the pool list (filtered, sorted, paged in SQL on
//! the derived columns), the header counts, agenda, alerts, ranking, requests and certificates.

use super::Result;
use super::cadence::{DUE_SQL, VISIT_STATE_SQL};
use crate::domain::{
    Batch, CertKind, Colour, Pool, PoolStatus, ProjectLevel, RequestCategory, RequestStatus, Tier,
    VisitMode, VisitState,
};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use time::{Date, PrimitiveDateTime};

/// One row of the pool list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PoolRow {
    pub id: String,
    pub name: String,
    pub credit_code: String,
    pub district: String,
    pub pool: Option<Pool>,
    pub batch: Option<Batch>,
    pub pool_status: Option<PoolStatus>,
    pub tier: Tier,
    pub colour: Option<Colour>,
    pub red: u32,
    pub yellow: u32,
    pub green: u32,
    pub last_visit: Option<Date>,
    pub next_visit: Option<Date>,
    pub visit_state: VisitState,
    pub rank: Option<u32>,
    pub score: Option<f64>,
    pub commissioner: Option<String>,
    pub open_requests: u32,
}

/// Filters of the pool list; all that are set must hold.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ListFilter {
    pub pool: Option<Pool>,
    pub batch: Option<Batch>,
    /// The membership's status (in, leaving, out, frozen).
    pub pool_status: Option<PoolStatus>,
    pub tier: Option<Tier>,
    pub colour: Option<Colour>,
    pub visit: Option<VisitState>,
    /// Substring of the district name.
    pub district: Option<String>,
    /// Substring of the commissioner's name.
    pub commissioner: Option<String>,
    /// Name fragment, pinyin initials or credit-code prefix.
    pub search: Option<String>,
}

impl ListFilter {
    pub fn is_empty(&self) -> bool {
        *self == ListFilter::default()
    }
}

/// Columns the pool list sorts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum SortKey {
    Rank,
    Name,
    Colour,
    NextVisit,
    LastVisit,
    Tier,
    Batch,
    District,
    Commissioner,
}

impl SortKey {
    pub const ALL: &'static [SortKey] = &[
        SortKey::Rank,
        SortKey::Name,
        SortKey::Tier,
        SortKey::Batch,
        SortKey::Colour,
        SortKey::LastVisit,
        SortKey::NextVisit,
        SortKey::Commissioner,
        SortKey::District,
    ];

    pub fn code(self) -> &'static str {
        match self {
            SortKey::Rank => "rank",
            SortKey::Name => "name",
            SortKey::Colour => "colour",
            SortKey::NextVisit => "next-visit",
            SortKey::LastVisit => "last-visit",
            SortKey::Tier => "tier",
            SortKey::Batch => "batch",
            SortKey::District => "district",
            SortKey::Commissioner => "commissioner",
        }
    }

    /// ORDER BY terms; `desc` reverses the key but keeps missing values last and the name tie-break.
    fn order_by(self, desc: bool) -> String {
        let d = if desc { " DESC" } else { "" };
        match self {
            SortKey::Rank => format!("e.rank IS NULL, e.rank{d}, e.pool, e.name"),
            SortKey::Name => format!("pinyin_key(e.name){d}, e.name{d}"),
            SortKey::Colour => {
                format!(
                    "e.colour_order{d}, e.red{r}, e.yellow{r}, e.name",
                    r = if desc { "" } else { " DESC" }
                )
            }
            SortKey::NextVisit => format!("e.next_visit IS NULL, e.next_visit{d}, e.name"),
            SortKey::LastVisit => format!("e.last_visit IS NULL, e.last_visit{d}, e.name"),
            SortKey::Tier => format!(
                "CASE e.tier WHEN 'tsme' THEN 0 WHEN 'innovative' THEN 1 WHEN 'hte' THEN 2 ELSE 3 END{d}, e.name"
            ),
            SortKey::Batch => format!(
                "e.batch IS NULL, CASE e.batch WHEN 'preferred' THEN 0 WHEN 'cultivating' THEN 1 WHEN 'mature' THEN 2 ELSE 3 END{d}, e.name"
            ),
            SortKey::District => format!("e.district{d}, e.name"),
            SortKey::Commissioner => format!("c.name IS NULL, c.name{d}, e.name"),
        }
    }
}

/// Escapes `%`, `_` and `\` for a LIKE pattern with `ESCAPE '\'`.
fn like_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        if matches!(ch, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}

/// The WHERE clause and its parameters for a filter. `:today` must be bound by the caller.
fn where_clause(f: &ListFilter) -> (String, Vec<(&'static str, Value)>) {
    let mut sql = String::from("e.deleted_at IS NULL");
    let mut p: Vec<(&'static str, Value)> = Vec::new();
    let mut text = |sql: &mut String, cond: &str, name: &'static str, v: String| {
        sql.push_str(" AND ");
        sql.push_str(cond);
        p.push((name, Value::Text(v)));
    };
    if let Some(v) = f.pool {
        text(&mut sql, "e.pool = :pool", ":pool", v.code().into());
    }
    if let Some(v) = f.batch {
        text(&mut sql, "e.batch = :batch", ":batch", v.code().into());
    }
    if let Some(v) = f.tier {
        text(&mut sql, "e.tier = :tier", ":tier", v.code().into());
    }
    if let Some(v) = f.pool_status {
        text(
            &mut sql,
            "e.pool_status = :pstatus",
            ":pstatus",
            v.code().into(),
        );
    }
    if let Some(v) = f.colour {
        text(&mut sql, "e.colour = :colour", ":colour", v.code().into());
    }
    if let Some(v) = f.visit {
        let cond = format!("({VISIT_STATE_SQL}) = :visit");
        text(&mut sql, &cond, ":visit", v.code().into());
    }
    // A district that resolves to one GB/T 2260 district (a code, a unique or full name) is that
    // district; a prefecture (650100, 乌鲁木齐市) is all of its districts, by the code's first four
    // digits; anything else is a fragment of the name (城关区 lists both 城关区).
    let table = crate::domain::districts::table();
    let one = f.district.as_deref().and_then(|v| match table.resolve(v) {
        crate::domain::districts::Resolution::Found(d) => Some(d.code),
        _ => None,
    });
    let prefecture = f.district.as_deref().and_then(|v| table.prefecture(v));
    if let Some(code) = one {
        text(
            &mut sql,
            "e.district_code = :district",
            ":district",
            code.into(),
        );
    } else if let Some(p) = prefecture {
        text(
            &mut sql,
            "substr(e.district_code, 1, 4) = :district",
            ":district",
            p.into(),
        );
    } else if let Some(v) = f.district.as_deref().filter(|s| !s.trim().is_empty()) {
        let pat = format!("%{}%", like_escape(v.trim()));
        text(
            &mut sql,
            "e.district LIKE :district ESCAPE '\\'",
            ":district",
            pat,
        );
    }
    if let Some(v) = f.commissioner.as_deref().filter(|s| !s.trim().is_empty()) {
        let pat = format!("%{}%", like_escape(v.trim()));
        text(&mut sql, "c.name LIKE :comm ESCAPE '\\'", ":comm", pat);
    }
    if let Some(v) = f.search.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        let frag = like_escape(v);
        sql.push_str(
            " AND (e.name LIKE :s_name ESCAPE '\\' OR e.initials LIKE :s_ini ESCAPE '\\'
                   OR e.credit_code LIKE :s_code ESCAPE '\\')",
        );
        p.push((":s_name", Value::Text(format!("%{frag}%"))));
        p.push((
            ":s_ini",
            Value::Text(format!("%{}%", frag.to_ascii_lowercase())),
        ));
        p.push((
            ":s_code",
            Value::Text(format!("{}%", frag.to_ascii_uppercase())),
        ));
    }
    (sql, p)
}

const ROW_COLUMNS: &str = "e.id, e.name, e.credit_code, e.district, e.pool, e.batch, e.pool_status,
    e.tier, e.colour, e.red, e.yellow, e.green, e.last_visit, e.next_visit, e.rank, e.score,
    c.name, e.open_requests";

fn pool_row(r: &rusqlite::Row<'_>, state: VisitState) -> rusqlite::Result<PoolRow> {
    Ok(PoolRow {
        id: r.get(0)?,
        name: r.get(1)?,
        credit_code: r.get(2)?,
        district: r.get(3)?,
        pool: r.get(4)?,
        batch: r.get(5)?,
        pool_status: r.get(6)?,
        tier: r.get(7)?,
        colour: r.get(8)?,
        red: r.get(9)?,
        yellow: r.get(10)?,
        green: r.get(11)?,
        last_visit: r.get(12)?,
        next_visit: r.get(13)?,
        visit_state: state,
        rank: r.get(14)?,
        score: r.get(15)?,
        commissioner: r.get(16)?,
        open_requests: r.get(17)?,
    })
}

/// A page of the pool list.
pub fn list(
    conn: &Connection,
    filter: &ListFilter,
    sort: SortKey,
    desc: bool,
    offset: usize,
    limit: usize,
    today: Date,
) -> Result<Vec<PoolRow>> {
    let (cond, params) = where_clause(filter);
    let sql = format!(
        "SELECT {ROW_COLUMNS}, ({VISIT_STATE_SQL}) FROM enterprises e
         LEFT JOIN commissioners c ON c.id = e.commissioner_id
         WHERE {cond} ORDER BY {} LIMIT :limit OFFSET :offset",
        sort.order_by(desc)
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut bound: Vec<(&str, &dyn rusqlite::ToSql)> = params
        .iter()
        .map(|(n, v)| (*n, v as &dyn rusqlite::ToSql))
        .collect();
    let limit = limit as i64;
    let offset = offset as i64;
    bound.push((":today", &today));
    bound.push((":limit", &limit));
    bound.push((":offset", &offset));
    let bound: Vec<(&str, &dyn rusqlite::ToSql)> = bound
        .into_iter()
        .filter(|(n, _)| stmt.parameter_index(n).ok().flatten().is_some())
        .collect();
    let rows = stmt.query_map(bound.as_slice(), |r| {
        let state: String = r.get(18)?;
        pool_row(r, VisitState::parse(&state).unwrap_or(VisitState::Ok))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The pool-list row of one enterprise.
pub fn row_by_id(conn: &Connection, id: &str, today: Date) -> Result<Option<PoolRow>> {
    let sql = format!(
        "SELECT {ROW_COLUMNS}, ({VISIT_STATE_SQL}) FROM enterprises e
         LEFT JOIN commissioners c ON c.id = e.commissioner_id
         WHERE e.id = :id AND e.deleted_at IS NULL"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    Ok(stmt
        .query_row(rusqlite::named_params! {":id": id, ":today": today}, |r| {
            let state: String = r.get(18)?;
            pool_row(r, VisitState::parse(&state).unwrap_or(VisitState::Ok))
        })
        .optional()?)
}

/// How many enterprises match a filter.
pub fn count(conn: &Connection, filter: &ListFilter, today: Date) -> Result<usize> {
    let (cond, params) = where_clause(filter);
    let sql = format!(
        "SELECT count(*) FROM enterprises e LEFT JOIN commissioners c ON c.id = e.commissioner_id
         WHERE {cond}"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut bound: Vec<(&str, &dyn rusqlite::ToSql)> = params
        .iter()
        .map(|(n, v)| (*n, v as &dyn rusqlite::ToSql))
        .collect();
    bound.push((":today", &today));
    let bound: Vec<(&str, &dyn rusqlite::ToSql)> = bound
        .into_iter()
        .filter(|(n, _)| stmt.parameter_index(n).ok().flatten().is_some())
        .collect();
    let n: i64 = stmt.query_row(bound.as_slice(), |r| r.get(0))?;
    Ok(n as usize)
}

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
    Ok(o)
}

/// Why an enterprise reference did not resolve.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum LookupError {
    #[error("no enterprise matches {0:?}")]
    NotFound(String),
    #[error("{query:?} matches {count} enterprises, e.g. {examples}; be more specific")]
    Ambiguous {
        query: String,
        count: usize,
        examples: String,
    },
}

/// Resolves an id, a credit code, an exact name or a unique name fragment to an enterprise id.
pub fn find_enterprise(conn: &Connection, query: &str) -> Result<Result<String, LookupError>> {
    let q = query.trim();
    if q.is_empty() {
        return Ok(Err(LookupError::NotFound(query.to_string())));
    }
    let code = crate::domain::credit_code::normalize(q);
    let exact: Option<String> = conn
        .query_row(
            "SELECT id FROM enterprises WHERE deleted_at IS NULL
               AND (id = ?1 OR credit_code = ?2 OR name = ?1) LIMIT 1",
            params![q, code],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(id) = exact {
        return Ok(Ok(id));
    }
    let pat = format!("%{}%", like_escape(q));
    let mut stmt = conn.prepare_cached(
        "SELECT id, name FROM enterprises WHERE deleted_at IS NULL AND name LIKE ?1 ESCAPE '\\'
         ORDER BY name LIMIT 4",
    )?;
    let found: Vec<(String, String)> = stmt
        .query_map([&pat], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let found = if found.is_empty() {
        // A credit-code prefix or pinyin initials, as `list --search` takes them.
        let mut stmt = conn.prepare_cached(
            "SELECT id, name FROM enterprises WHERE deleted_at IS NULL
               AND (credit_code LIKE ?1 ESCAPE '\\' OR initials LIKE ?2 ESCAPE '\\')
             ORDER BY name LIMIT 4",
        )?;
        let frag = like_escape(q);
        stmt.query_map(
            params![
                format!("{}%", frag.to_ascii_uppercase()),
                format!("%{}%", frag.to_ascii_lowercase())
            ],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?
        .collect::<rusqlite::Result<Vec<(String, String)>>>()?
    } else {
        found
    };
    Ok(match found.len() {
        0 => Err(LookupError::NotFound(q.to_string())),
        1 => Ok(found[0].0.clone()),
        _ => {
            let count: i64 = conn.query_row(
                "SELECT count(*) FROM enterprises WHERE deleted_at IS NULL AND name LIKE ?1 ESCAPE '\\'",
                [&pat],
                |r| r.get(0),
            )?;
            let examples = found
                .iter()
                .take(3)
                .map(|(_, n)| n.as_str())
                .collect::<Vec<_>>()
                .join("、");
            Err(LookupError::Ambiguous {
                query: q.to_string(),
                count: count as usize,
                examples,
            })
        }
    })
}

/// A visit on the agenda.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgendaItem {
    pub visit_id: String,
    pub enterprise_id: String,
    pub enterprise: String,
    pub district: String,
    pub planned_on: Date,
    pub mode: VisitMode,
    pub commissioner: Option<String>,
    pub overdue: bool,
    pub notes: String,
}

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

/// One line of a ranking snapshot.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RankRow {
    pub enterprise_id: String,
    pub enterprise: String,
    pub pool: Pool,
    pub year: i32,
    pub rank: u32,
    pub previous_rank: Option<u32>,
    pub score: f64,
    pub innovation: f64,
    pub growth: f64,
    pub participation: f64,
    pub short_board: crate::domain::Component,
    /// The year whose figures the components use (the year before the ranking's).
    pub figures_year: Option<i32>,
    /// `Some(false)` when innovation's figures were missing (shown as unknown); `None` for
    /// rankings made before this was recorded.
    pub innovation_known: Option<bool>,
    /// As `innovation_known`, for growth.
    pub growth_known: Option<bool>,
}

impl RankRow {
    /// Whether `c` is known to lack figures (participation always has them).
    pub fn unknown(&self, c: crate::domain::Component) -> bool {
        use crate::domain::Component;
        match c {
            Component::Innovation => self.innovation_known == Some(false),
            Component::Growth => self.growth_known == Some(false),
            Component::Participation => false,
        }
    }
}

/// The newest year that has a ranking for `pool`.
pub fn latest_rank_year(conn: &Connection, pool: Pool) -> Result<Option<i32>> {
    Ok(conn.query_row(
        "SELECT max(year) FROM rankings WHERE pool = ?1",
        [pool],
        |r| r.get(0),
    )?)
}

/// A pool's ranking for a year, by rank.
pub fn ranking(
    conn: &Connection,
    pool: Pool,
    year: i32,
    offset: usize,
    limit: usize,
) -> Result<Vec<RankRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT r.enterprise_id, e.name, r.pool, r.year, r.rank, r.previous_rank, r.score,
                r.innovation, r.growth, r.participation, r.short_board,
                r.figures_year, r.innovation_known, r.growth_known
         FROM rankings r JOIN enterprises e ON e.id = r.enterprise_id
         WHERE r.pool = ?1 AND r.year = ?2 ORDER BY r.rank LIMIT ?3 OFFSET ?4",
    )?;
    let rows = stmt.query_map(params![pool, year, limit as i64, offset as i64], rank_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every ranking an enterprise has had, newest first.
pub fn ranking_history(conn: &Connection, enterprise_id: &str) -> Result<Vec<RankRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT r.enterprise_id, e.name, r.pool, r.year, r.rank, r.previous_rank, r.score,
                r.innovation, r.growth, r.participation, r.short_board,
                r.figures_year, r.innovation_known, r.growth_known
         FROM rankings r JOIN enterprises e ON e.id = r.enterprise_id
         WHERE r.enterprise_id = ?1 ORDER BY r.year DESC, r.pool",
    )?;
    let rows = stmt.query_map([enterprise_id], rank_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn rank_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<RankRow> {
    Ok(RankRow {
        enterprise_id: r.get(0)?,
        enterprise: r.get(1)?,
        pool: r.get(2)?,
        year: r.get(3)?,
        rank: r.get(4)?,
        previous_rank: r.get(5)?,
        score: r.get(6)?,
        innovation: r.get(7)?,
        growth: r.get(8)?,
        participation: r.get(9)?,
        short_board: r.get(10)?,
        figures_year: r.get(11)?,
        innovation_known: r.get(12)?,
        growth_known: r.get(13)?,
    })
}

/// A request, with its enterprise.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RequestRow {
    pub id: String,
    pub enterprise_id: String,
    pub enterprise: String,
    pub raised_at: PrimitiveDateTime,
    pub category: RequestCategory,
    pub text: String,
    pub first_response_at: Option<PrimitiveDateTime>,
    pub status: RequestStatus,
    pub closed_at: Option<PrimitiveDateTime>,
    pub resolution: Option<String>,
}

const REQUEST_COLUMNS: &str = "q.id, e.id, e.name, q.raised_at, q.category, q.text,
    q.first_response_at, q.status, q.closed_at, q.resolution";

fn request_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<RequestRow> {
    Ok(RequestRow {
        id: r.get(0)?,
        enterprise_id: r.get(1)?,
        enterprise: r.get(2)?,
        raised_at: r.get(3)?,
        category: r.get(4)?,
        text: r.get(5)?,
        first_response_at: r.get(6)?,
        status: r.get(7)?,
        closed_at: r.get(8)?,
        resolution: r.get(9)?,
    })
}

/// An enterprise's requests, newest first.
pub fn requests_of(conn: &Connection, enterprise_id: &str) -> Result<Vec<RequestRow>> {
    let sql = format!(
        "SELECT {REQUEST_COLUMNS} FROM requests q JOIN enterprises e ON e.id = q.enterprise_id
         WHERE e.id = ?1 ORDER BY q.raised_at DESC"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([enterprise_id], request_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A certificate with its enterprise.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CertRow {
    pub id: String,
    pub enterprise_id: String,
    pub enterprise: String,
    pub kind: CertKind,
    pub number: String,
    pub issued_on: Date,
    pub expires_on: Option<Date>,
}

/// HTE certificates expiring between `from` and `until`, soonest first.
pub fn expiring_certificates(conn: &Connection, from: Date, until: Date) -> Result<Vec<CertRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT c.id, e.id, e.name, c.kind, c.number, c.issued_on, c.expires_on
         FROM certificates c JOIN enterprises e ON e.id = c.enterprise_id
         WHERE c.kind = 'hte' AND c.expires_on BETWEEN ?1 AND ?2 AND e.deleted_at IS NULL
           AND {}
         ORDER BY c.expires_on, e.name",
        not_renewed("c", "?1")
    ))?;
    let rows = stmt.query_map(params![from, until], cert_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// An enterprise's certificates, newest first.
pub fn certificates_of(conn: &Connection, enterprise_id: &str) -> Result<Vec<CertRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.id, e.id, e.name, c.kind, c.number, c.issued_on, c.expires_on
         FROM certificates c JOIN enterprises e ON e.id = c.enterprise_id
         WHERE e.id = ?1 ORDER BY c.issued_on DESC",
    )?;
    let rows = stmt.query_map([enterprise_id], cert_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn cert_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<CertRow> {
    Ok(CertRow {
        id: r.get(0)?,
        enterprise_id: r.get(1)?,
        enterprise: r.get(2)?,
        kind: r.get(3)?,
        number: r.get(4)?,
        issued_on: r.get(5)?,
        expires_on: r.get(6)?,
    })
}

/// Runs a `SELECT count(*) …` query.
fn count_of(conn: &Connection, sql: &str, p: impl rusqlite::Params) -> Result<usize> {
    let n: i64 = conn.prepare_cached(sql)?.query_row(p, |r| r.get(0))?;
    Ok(n.max(0) as usize)
}

/// How to read rows `start..start + len` of an ordered list of `total` rows.
///
/// The paged queries pick the row ids first from a covering index (`LIMIT`/`OFFSET` there steps
/// over index entries only), then read just those rows. Past the middle of the list the window
/// is read from the back in reverse order, so that no read steps over more than half the list:
/// `G` costs what `g` costs.
///
/// A window next to rows read before starts from one of them instead (`Anchor`, a keyset
/// read): paging deep into a list then steps over a screen of rows, not over all before it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Window {
    /// Read in reverse order (then reverse the rows read).
    reverse: bool,
    offset: usize,
    limit: usize,
    /// Read after (reversed: before) the row with this sort key and id.
    seek: Option<(String, String)>,
}

/// A row of a list at a known position, by its sort key and id (the last two terms of the
/// list's order, which has no NULL key).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    pub pos: usize,
    pub key: String,
    pub id: String,
}

impl Window {
    fn new(total: usize, start: usize, len: usize) -> Window {
        let end = start.saturating_add(len).min(total);
        let limit = end.saturating_sub(start);
        let from_back = total - end;
        if limit > 0 && from_back < start {
            Window {
                reverse: true,
                offset: from_back,
                limit,
                seek: None,
            }
        } else {
            Window {
                reverse: false,
                offset: start,
                limit,
                seek: None,
            }
        }
    }

    /// The window read from whichever of the list's ends or `anchors` steps over fewest rows.
    fn near(total: usize, start: usize, len: usize, anchors: &[Anchor]) -> Window {
        let mut best = Window::new(total, start, len);
        let end = start.saturating_add(len).min(total);
        let limit = best.limit;
        for a in anchors.iter().filter(|a| a.pos < total && limit > 0) {
            let (reverse, offset) = if a.pos < start {
                (false, start - a.pos - 1)
            } else if a.pos >= end {
                (true, a.pos - end)
            } else {
                continue;
            };
            if offset < best.offset {
                best = Window {
                    reverse,
                    offset,
                    limit,
                    seek: Some((a.key.clone(), a.id.clone())),
                };
            }
        }
        best
    }

    /// The keyset condition on `(key, id)` (parameters 4 and 5), or nothing.
    fn seek_sql(&self, key: &str, id: &str) -> String {
        match (&self.seek, self.reverse) {
            (None, _) => String::new(),
            (Some(_), false) => format!(" AND ({key}, {id}) > (?4, ?5)"),
            (Some(_), true) => format!(" AND ({key}, {id}) < (?4, ?5)"),
        }
    }

    /// `ASC` or `DESC` for a term that sorts ascending in the list.
    fn asc(&self) -> &'static str {
        if self.reverse { "DESC" } else { "ASC" }
    }

    /// `DESC` or `ASC` for a term that sorts descending in the list.
    fn desc(&self) -> &'static str {
        if self.reverse { "ASC" } else { "DESC" }
    }

    /// Runs the query (bound with `limit` and `offset` after the caller's parameters, then
    /// the seek key and id) and puts the rows in list order.
    fn rows<T>(
        &self,
        stmt: &mut rusqlite::Statement<'_>,
        p: &[&dyn rusqlite::ToSql],
        f: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>> {
        if self.limit == 0 {
            return Ok(Vec::new());
        }
        let limit = self.limit as i64;
        let offset = self.offset as i64;
        let mut all: Vec<&dyn rusqlite::ToSql> = p.to_vec();
        all.push(&limit);
        all.push(&offset);
        if let Some((key, id)) = &self.seek {
            all.push(key);
            all.push(id);
        }
        let mut rows = stmt
            .query_map(all.as_slice(), f)?
            .collect::<rusqlite::Result<Vec<T>>>()?;
        if self.reverse {
            rows.reverse();
        }
        Ok(rows)
    }
}

/// A window of the agenda: open planned visits up to `until` (overdue ones first), and the total.
pub fn agenda_page(
    conn: &Connection,
    today: Date,
    until: Date,
    known_total: Option<usize>,
    start: usize,
    len: usize,
) -> Result<(usize, Vec<AgendaItem>)> {
    let total = match known_total {
        Some(n) => n,
        None => count_of(
            conn,
            "SELECT count(*) FROM visits
             WHERE done_on IS NULL AND cancelled_on IS NULL AND planned_on <= ?1",
            [until],
        )?,
    };
    let w = Window::new(total, start, len);
    let a = w.asc();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT v.id, e.id, e.name, e.district, v.planned_on, v.mode, c.name, v.notes
         FROM (SELECT rowid AS rid FROM visits
               WHERE done_on IS NULL AND cancelled_on IS NULL AND planned_on <= ?1
               ORDER BY planned_on {a}, id {a} LIMIT ?2 OFFSET ?3) k
         JOIN visits v ON v.rowid = k.rid
         JOIN enterprises e ON e.id = v.enterprise_id
         LEFT JOIN commissioners c ON c.id = v.commissioner_id
         ORDER BY v.planned_on {a}, v.id {a}"
    ))?;
    let rows = w.rows(&mut stmt, &[&until], |r| {
        let planned_on: Date = r.get(4)?;
        Ok(AgendaItem {
            visit_id: r.get(0)?,
            enterprise_id: r.get(1)?,
            enterprise: r.get(2)?,
            district: r.get(3)?,
            planned_on,
            mode: r.get(5)?,
            commissioner: r.get(6)?,
            overdue: planned_on < today,
            notes: r.get(7)?,
        })
    })?;
    Ok((total, rows))
}

/// The position of an open planned visit in the agenda ending `until` (`None` if not in it).
pub fn agenda_position(conn: &Connection, visit_id: &str, until: Date) -> Result<Option<usize>> {
    let planned: Option<Date> = conn
        .query_row(
            "SELECT planned_on FROM visits WHERE id = ?1 AND done_on IS NULL AND cancelled_on IS NULL",
            [visit_id],
            |r| r.get(0),
        )
        .optional()?
        .flatten();
    let Some(planned) = planned.filter(|p| *p <= until) else {
        return Ok(None);
    };
    let n = count_of(
        conn,
        "SELECT count(*) FROM visits WHERE done_on IS NULL AND cancelled_on IS NULL
           AND (planned_on < ?1 OR (planned_on = ?1 AND id < ?2))",
        params![planned, visit_id],
    )?;
    Ok(Some(n))
}

/// Planned visits per day in the month of `day`.
pub fn planned_per_day(conn: &Connection, day: Date) -> Result<Vec<(Date, u32)>> {
    let first = day.replace_day(1).unwrap_or(day);
    let next = if first.month() == time::Month::December {
        Date::from_calendar_date(first.year() + 1, time::Month::January, 1)
    } else {
        Date::from_calendar_date(first.year(), first.month().next(), 1)
    }
    .unwrap_or(first);
    let mut stmt = conn.prepare_cached(
        "SELECT planned_on, count(*) FROM visits
         WHERE done_on IS NULL AND cancelled_on IS NULL AND planned_on >= ?1 AND planned_on < ?2
         GROUP BY planned_on ORDER BY planned_on",
    )?;
    let rows = stmt.query_map(params![first, next], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
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

/// The years a pool has a ranking for, oldest first.
pub fn rank_years(conn: &Connection, pool: Pool) -> Result<Vec<i32>> {
    let mut stmt =
        conn.prepare_cached("SELECT DISTINCT year FROM rankings WHERE pool = ?1 ORDER BY year")?;
    let rows = stmt.query_map([pool], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A window of a pool's ranking for a year, by rank, and its total.
pub fn ranking_page(
    conn: &Connection,
    pool: Pool,
    year: i32,
    known_total: Option<usize>,
    start: usize,
    len: usize,
) -> Result<(usize, Vec<RankRow>)> {
    let total = match known_total {
        Some(n) => n,
        None => ranking_count(conn, pool, year)?,
    };
    let w = Window::new(total, start, len);
    let a = w.asc();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT r.enterprise_id, e.name, r.pool, r.year, r.rank, r.previous_rank, r.score,
                r.innovation, r.growth, r.participation, r.short_board,
                r.figures_year, r.innovation_known, r.growth_known
         FROM (SELECT rowid AS rid FROM rankings WHERE pool = ?1 AND year = ?2
               ORDER BY rank {a} LIMIT ?3 OFFSET ?4) k
         JOIN rankings r ON r.rowid = k.rid
         JOIN enterprises e ON e.id = r.enterprise_id
         ORDER BY r.rank {a}"
    ))?;
    Ok((total, w.rows(&mut stmt, &[&pool, &year], rank_row)?))
}

/// How many enterprises a pool's ranking for a year has.
pub fn ranking_count(conn: &Connection, pool: Pool, year: i32) -> Result<usize> {
    count_of(
        conn,
        "SELECT count(*) FROM rankings WHERE pool = ?1 AND year = ?2",
        params![pool, year],
    )
}

/// A window of the requests (only open ones when `open_only`), oldest first, and their total.
pub fn request_page(
    conn: &Connection,
    open_only: bool,
    known_total: Option<usize>,
    start: usize,
    len: usize,
) -> Result<(usize, Vec<RequestRow>)> {
    let filter = if open_only {
        "WHERE q.status IN ('open', 'in_progress')"
    } else {
        ""
    };
    let total = match known_total {
        Some(n) => n,
        None => count_of(
            conn,
            &format!("SELECT count(*) FROM requests q {filter}"),
            [],
        )?,
    };
    let w = Window::new(total, start, len);
    let a = w.asc();
    let sql = format!(
        "SELECT {REQUEST_COLUMNS}
         FROM (SELECT q.rowid AS rid FROM requests q {filter}
               ORDER BY q.raised_at {a}, q.id {a} LIMIT ?1 OFFSET ?2) k
         JOIN requests q ON q.rowid = k.rid
         JOIN enterprises e ON e.id = q.enterprise_id
         ORDER BY q.raised_at {a}, q.id {a}"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    Ok((total, w.rows(&mut stmt, &[], request_row)?))
}

/// How many HTE certificates expire between `from` and `until`.
pub fn expiring_count(conn: &Connection, from: Date, until: Date) -> Result<usize> {
    count_of(
        conn,
        &format!(
            "SELECT count(*) FROM certificates c
             WHERE c.kind = 'hte' AND c.expires_on BETWEEN ?1 AND ?2 AND {}",
            not_renewed("c", "?1")
        ),
        params![from, until],
    )
}

/// SQL: the HTE certificate `c` has not been renewed, i.e. the enterprise has no later HTE
/// certificate issued on or before the day bound to `today` (a renewal ends the watch over the
/// old certificate; one issued after the as-of day is not known yet).
pub fn not_renewed(c: &str, today: &str) -> String {
    format!(
        "NOT EXISTS (SELECT 1 FROM certificates n WHERE n.enterprise_id = {c}.enterprise_id
             AND n.kind = 'hte' AND n.number <> {c}.number AND n.issued_on > {c}.issued_on
             AND n.issued_on <= {today})"
    )
}

/// A window of the HTE certificates expiring between `from` and `until`, soonest first.
pub fn expiring_page(
    conn: &Connection,
    from: Date,
    until: Date,
    total: usize,
    start: usize,
    len: usize,
) -> Result<Vec<CertRow>> {
    if start >= total {
        return Ok(Vec::new());
    }
    let w = Window::new(total, start, len);
    let a = w.asc();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT c.id, e.id, e.name, c.kind, c.number, c.issued_on, c.expires_on
         FROM (SELECT rowid AS rid FROM certificates o
               WHERE o.kind = 'hte' AND o.expires_on BETWEEN ?1 AND ?2 AND {renewal}
               ORDER BY o.expires_on {a}, o.id {a} LIMIT ?3 OFFSET ?4) k
         JOIN certificates c ON c.rowid = k.rid
         JOIN enterprises e ON e.id = c.enterprise_id
         ORDER BY c.expires_on {a}, c.id {a}",
        renewal = not_renewed("o", "?1")
    ))?;
    w.rows(&mut stmt, &[&from, &until], cert_row)
}

/// Readiness candidates (Certificates screen, `certs --ready`) pass at least this many of the
/// eight HTE conditions.
pub const CANDIDATE_MIN_PASSED: i64 = 6;

/// How many enterprises below HTE pass at least `min_passed` readiness conditions.
pub fn candidate_count(conn: &Connection, min_passed: i64) -> Result<usize> {
    count_of(
        conn,
        "SELECT count(*) FROM enterprises
         WHERE deleted_at IS NULL AND tier IN ('tsme', 'innovative') AND hte_passed >= ?1",
        [min_passed],
    )
}

/// A window of those enterprises, most ready first: `(id, name, passed, unknown)`.
pub fn candidate_page(
    conn: &Connection,
    min_passed: i64,
    total: usize,
    start: usize,
    len: usize,
) -> Result<Vec<(String, String, i64, i64)>> {
    if start >= total {
        return Ok(Vec::new());
    }
    let w = Window::new(total, start, len);
    let (a, d) = (w.asc(), w.desc());
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT e.id, e.name, e.hte_passed, e.hte_unknown
         FROM (SELECT rowid AS rid FROM enterprises
               WHERE deleted_at IS NULL AND tier IN ('tsme', 'innovative') AND hte_passed >= ?1
               ORDER BY hte_passed {d}, hte_unknown {a}, id {a} LIMIT ?2 OFFSET ?3) k
         JOIN enterprises e ON e.rowid = k.rid
         ORDER BY e.hte_passed {d}, e.hte_unknown {a}, e.id {a}"
    ))?;
    w.rows(&mut stmt, &[&min_passed], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn anchor(pos: usize) -> Anchor {
        Anchor {
            pos,
            key: format!("k{pos}"),
            id: format!("i{pos}"),
        }
    }

    #[test]
    fn a_window_reads_from_the_nearest_end_or_anchor() {
        // Deep in a list of 100,000 without anchors: from the front, or from the back.
        let w = Window::new(100_000, 40_000, 90);
        assert_eq!((w.reverse, w.offset, w.limit), (false, 40_000, 90));
        let w = Window::new(100_000, 70_000, 90);
        assert_eq!((w.reverse, w.offset), (true, 29_910));
        // After the last row read: a screen's steps, whatever the depth.
        let w = Window::near(100_000, 40_000, 90, &[anchor(39_969), anchor(39_999)]);
        assert_eq!((w.reverse, w.offset), (false, 0));
        assert_eq!(w.seek, Some(("k39999".into(), "i39999".into())));
        assert!(w.seek_sql("d", "id").contains("(d, id) > (?4, ?5)"));
        // Before the first row read (paging up): read backwards from it.
        let w = Window::near(100_000, 39_880, 90, &[anchor(39_970), anchor(40_059)]);
        assert_eq!((w.reverse, w.offset), (true, 0));
        assert!(w.seek_sql("d", "id").contains("(d, id) < (?4, ?5)"));
        // An anchor inside the window, or farther than an end, is not used.
        let w = Window::near(100_000, 10, 90, &[anchor(50), anchor(5_000)]);
        assert_eq!((w.seek, w.offset), (None, 10));
        // A window past the end reads nothing.
        assert_eq!(Window::near(10, 10, 5, &[anchor(3)]).limit, 0);
    }
}
