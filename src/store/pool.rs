//! The Pool screen's queries: the pool list filtered, sorted and paged in SQL on the derived
//! columns (the CLI's `list`), one row by id, finding an enterprise by a reference, and the
//! compact in-memory index the TUI's Pool screen reads whole (`load_index`, `load_rows`).

use super::Result;
use super::cadence::VISIT_STATE_SQL;
// The pool's in-memory index is read here (`load_index`); its types move to `crate::index`.
use crate::domain::{Batch, Colour, Pool, PoolStatus, Tier, VisitState};
use crate::index::{IndexRow, PoolIndex, RowUpdate};
use crate::text::PackedStrs;
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use std::collections::HashMap;
use time::Date;

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

// The pool list's filter and sort keys are the in-memory index's too (`crate::index`); the
// order in SQL is here.
pub use crate::index::{ListFilter, SortKey};

impl SortKey {
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
pub(super) fn like_escape(s: &str) -> String {
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
        pool_row(r, VisitState::from_code(&state).unwrap_or(VisitState::Ok))
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
            pool_row(r, VisitState::from_code(&state).unwrap_or(VisitState::Ok))
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

/// An enterprise's name (`None`: no such enterprise).
pub fn name_of(conn: &Connection, id: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT name FROM enterprises WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .optional()?)
}

/// The index rows of some enterprises (after a write), with their district and commissioner
/// by name (the pool's index interns them).
pub fn load_rows(conn: &Connection, ids: &[String]) -> Result<Vec<RowUpdate>> {
    let mut out = Vec::new();
    for id in ids {
        let ix = load_index_where(conn, " AND id = :id", &[(c":id", Value::Text(id.clone()))])?;
        out.extend(row_updates(&ix));
    }
    Ok(out)
}

/// The rows of a small index, each with its name, initials, district and commissioner.
fn row_updates(ix: &PoolIndex) -> impl Iterator<Item = RowUpdate> + '_ {
    ix.rows.iter().enumerate().map(|(i, row)| RowUpdate {
        name: ix.name(i).to_string(),
        initials: ix.initials.get(i).to_string(),
        district: ix.district(row).to_string(),
        commissioner: Some(ix.commissioner(row).to_string()).filter(|c| !c.is_empty()),
        row: row.clone(),
    })
}

/// The pools in `Pool::ALL` order (none first), as the index's rank sort orders them.
fn pool_order() -> String {
    let pools: String = Pool::ALL
        .iter()
        .enumerate()
        .map(|(i, p)| format!(" WHEN '{}' THEN {}", p.code(), i + 1))
        .collect();
    format!("CASE pool{pools} ELSE 0 END")
}

/// Live enterprises, and how many of them are ranked: the Pool screen's length before its
/// index has loaded, and where its ranked rows end.
pub fn rank_counts(conn: &Connection) -> Result<(usize, usize)> {
    let count = |sql: &str| -> Result<usize> {
        let n: i64 = conn.prepare_cached(sql)?.query_row([], |r| r.get(0))?;
        Ok(usize::try_from(n).unwrap_or(0))
    };
    Ok((
        count("SELECT count(*) FROM enterprises WHERE deleted_at IS NULL")?,
        count("SELECT count(*) FROM enterprises WHERE deleted_at IS NULL AND rank IS NOT NULL")?,
    ))
}

/// `:limit` and `:offset` bound.
fn window(offset: usize, limit: usize) -> [(&'static std::ffi::CStr, Value); 2] {
    [
        (c":limit", Value::Integer(limit as i64)),
        (c":offset", Value::Integer(offset as i64)),
    ]
}

/// Rows `start..start + len` of the pool in the index's rank order (the Pool screen's default
/// sort, `index::order`: rank, the pool, then the name order), read by SQL: the screen shows
/// them while the whole index loads. `ranked` is the number of ranked live rows
/// (`rank_counts`). The ranked rows walk `enterprises_live_rank`; the unranked ones after them
/// are few and sorted by name when paged to.
pub fn rank_page(
    conn: &Connection,
    ranked: usize,
    start: usize,
    len: usize,
) -> Result<Vec<RowUpdate>> {
    let mut out = Vec::with_capacity(len);
    if start < ranked {
        out.extend(ranked_rows(conn, start, len.min(ranked - start), ranked)?);
    }
    if out.len() < len {
        let offset = start.saturating_sub(ranked);
        let tail =
            " AND rank IS NULL ORDER BY pinyin_key(name), name, rowid LIMIT :limit OFFSET :offset";
        let ix = load_index_where(conn, tail, &window(offset, len - out.len()))?;
        out.extend(row_updates(&ix));
    }
    Ok(out)
}

/// Ranked rows `start..start + len`. A rank is one enterprise's in its pool, so the name
/// decides nothing unless two rows share rank and pool: the rows (and one on each side) are
/// read by rank and pool alone, and only when two of them tie again with the names' pinyin
/// (whose table takes a while to build the first time: the first frame does not wait for it).
fn ranked_rows(
    conn: &Connection,
    start: usize,
    len: usize,
    ranked: usize,
) -> Result<Vec<RowUpdate>> {
    let pools = pool_order();
    let from = start.saturating_sub(1);
    let to = (start + len + 1).min(ranked);
    let tail =
        format!(" AND rank IS NOT NULL ORDER BY rank, {pools}, rowid LIMIT :limit OFFSET :offset");
    let ix = load_index_where(conn, &tail, &window(from, to - from))?;
    let tie = ix
        .rows
        .windows(2)
        .any(|w| w[0].rank == w[1].rank && w[0].pool == w[1].pool);
    if !tie {
        return Ok(row_updates(&ix).skip(start - from).take(len).collect());
    }
    let tail = format!(
        " AND rank IS NOT NULL ORDER BY rank, {pools}, pinyin_key(name), name, rowid
          LIMIT :limit OFFSET :offset"
    );
    let ix = load_index_where(conn, &tail, &window(start, len))?;
    Ok(row_updates(&ix).collect())
}

/// Reads the compact index of every enterprise (one pass over the table).
///
/// The pass reads every page of the table once: it goes through a small page cache, so that it
/// does not fill the connection's cache (memory) with pages nothing will read again.
pub fn load_index(conn: &Connection) -> Result<PoolIndex> {
    let cache: i64 = conn.query_row("PRAGMA cache_size", [], |r| r.get(0))?;
    conn.execute_batch("PRAGMA cache_size = -512")?;
    let index = load_index_where(conn, "", &[]);
    conn.execute_batch(&format!("PRAGMA cache_size = {cache}"))?;
    index
}

/// A `YYYY-MM-DD` column read without the general date parser (three of them per index row);
/// anything else goes through it (and its error).
fn date_column(r: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Option<Date>> {
    if let rusqlite::types::ValueRef::Text(b) = r.get_ref(i)?
        && b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
    {
        let num = |s: &[u8]| {
            s.iter().try_fold(0u16, |n, c| {
                c.is_ascii_digit().then(|| n * 10 + u16::from(c - b'0'))
            })
        };
        if let (Some(y), Some(m), Some(d)) = (num(&b[..4]), num(&b[5..7]), num(&b[8..]))
            && let Ok(month) = time::Month::try_from(m as u8)
            && let Ok(date) = Date::from_calendar_date(i32::from(y), month, d as u8)
        {
            return Ok(Some(date));
        }
    }
    r.get(i)
}

/// The index of the live rows that `tail` (more conditions, an order, a limit) selects, with
/// its named parameters bound.
fn load_index_where(
    conn: &Connection,
    tail: &str,
    binds: &[(&std::ffi::CStr, Value)],
) -> Result<PoolIndex> {
    let mut districts: Vec<String> = Vec::new();
    let mut district_ids: HashMap<String, u16> = HashMap::new();
    let mut commissioners: Vec<String> = Vec::new();
    let mut commissioner_ids: HashMap<String, u16> = HashMap::new();
    {
        let mut stmt = conn.prepare_cached("SELECT id, name FROM commissioners ORDER BY name")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let id: String = r.get(0)?;
            if commissioners.len() < u16::MAX as usize {
                commissioner_ids.insert(id, commissioners.len() as u16);
                commissioners.push(r.get(1)?);
            }
        }
    }
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT id, name, initials, credit_code, district, commissioner_id, pool, batch, tier,
                colour, red, yellow, green, last_visit, planned_visit, next_visit, rank,
                open_requests, pool_status
         FROM enterprises WHERE deleted_at IS NULL{tail}"
    ))?;
    for (name, value) in binds {
        stmt.raw_bind_parameter(*name, value)?;
    }
    let mut rows = stmt.raw_query();
    let mut out = Vec::new();
    let (mut names, mut initials) = (PackedStrs::default(), PackedStrs::default());
    while let Some(r) = rows.next()? {
        let district = {
            let d = r.get_ref(4)?.as_str().unwrap_or("");
            match district_ids.get(d) {
                Some(&i) => i,
                None => {
                    let i = districts.len().min(u16::MAX as usize - 1) as u16;
                    district_ids.insert(d.to_string(), i);
                    districts.push(d.to_string());
                    i
                }
            }
        };
        let commissioner = r
            .get_ref(5)?
            .as_str_or_null()
            .ok()
            .flatten()
            .and_then(|c| commissioner_ids.get(c).copied())
            .unwrap_or(u16::MAX);
        let small = |v: i64| v.clamp(0, u16::MAX as i64) as u16;
        names.push(r.get_ref(1)?.as_str().unwrap_or(""));
        initials.push(r.get_ref(2)?.as_str().unwrap_or(""));
        out.push(IndexRow {
            id: r.get_ref(0)?.as_str().unwrap_or("").into(),
            credit_code: r.get_ref(3)?.as_str().unwrap_or("").into(),
            district,
            commissioner,
            pool: r.get(6)?,
            batch: r.get(7)?,
            status: r.get(18)?,
            tier: r.get(8)?,
            colour: r.get(9)?,
            red: small(r.get(10)?),
            yellow: small(r.get(11)?),
            green: small(r.get(12)?),
            last_visit: date_column(r, 13)?,
            planned_visit: date_column(r, 14)?,
            next_visit: date_column(r, 15)?,
            rank: r.get(16)?,
            open_requests: small(r.get(17)?),
        });
    }
    Ok(PoolIndex {
        rows: out,
        names,
        initials,
        districts,
        commissioners,
    })
}
