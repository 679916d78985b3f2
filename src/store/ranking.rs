//! The yearly ranking snapshots: gathering each pool's inputs, ranking them with
//! `domain::ranking`, storing the snapshot and the enterprise's current rank.

use super::window::{Window, count_of};
use super::{Result, new_id, now_stamp};
use crate::config::Config;
use crate::domain::Pool;
use crate::domain::hte::growth_rate;
use crate::domain::ranking::{RankInput, RankResult, rank_pool};
use rusqlite::{Connection, params};
use serde::Serialize;
use std::collections::HashMap;

/// Growth over the three years before the ranking's year (`[year-3, year-2, year-1]`): the HTE
/// formula over three years, or the simple rate over the last two for an enterprise without the
/// first. Without last year's figure (or the year before it) growth is unknown: older years are
/// never used in their place.
fn growth(values: [Option<i64>; 3]) -> Option<f64> {
    match values {
        [Some(a), Some(b), Some(c)] => growth_rate(a, b, c),
        [None, Some(a), Some(b)] if a > 0 => Some(b as f64 / a as f64 - 1.0),
        _ => None,
    }
}

/// Ranks `pool` for `year` (figures of the years before it, participation within it) and stores
/// the snapshot, replacing an earlier one for the same pool and year. Returns the pool size.
pub fn rank_pool_year(conn: &Connection, pool: Pool, year: i32, config: &Config) -> Result<usize> {
    let mut inputs = members(conn, pool)?;
    figures(conn, pool, year, &mut inputs)?;
    participation(conn, pool, year, &mut inputs)?;
    let mut list: Vec<RankInput> = inputs.into_values().collect();
    list.sort_by(|a, b| a.id.cmp(&b.id));
    let results = rank_pool(&list, &config.ranking);
    store_snapshot(conn, pool, year, &results)?;
    Ok(results.len())
}

/// The pool's members (in or leaving), each with no inputs yet.
fn members(conn: &Connection, pool: Pool) -> Result<HashMap<String, RankInput>> {
    let mut inputs: HashMap<String, RankInput> = HashMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT id, name FROM enterprises
         WHERE pool = ?1 AND pool_status IN ('in', 'leaving') AND deleted_at IS NULL",
    )?;
    let mut rows = stmt.query([pool])?;
    while let Some(r) = rows.next()? {
        let id: String = r.get(0)?;
        inputs.insert(
            id.clone(),
            RankInput {
                id,
                name: r.get(1)?,
                rd_intensity: None,
                scitech_share: None,
                ip_class1: None,
                ip_class2: None,
                sales_growth: None,
                net_asset_growth: None,
                visits_hosted: 0.0,
                activities_attended: 0.0,
                requests_followed: 0.0,
            },
        );
    }
    Ok(inputs)
}

/// Innovation and growth inputs from the figures of the three years before `year`.
fn figures(
    conn: &Connection,
    pool: Pool,
    year: i32,
    inputs: &mut HashMap<String, RankInput>,
) -> Result<()> {
    // Figures of the three years before `year`, oldest first.
    let mut stmt = conn.prepare_cached(
        "SELECT f.enterprise_id, f.year, f.sales, f.rd_spend, f.staff, f.scitech_staff,
                f.ip_class1, f.ip_class2, f.net_assets
         FROM figures f JOIN enterprises e ON e.id = f.enterprise_id
         WHERE e.pool = ?1 AND f.year BETWEEN ?2 AND ?3
         ORDER BY f.enterprise_id, f.year",
    )?;
    let mut rows = stmt.query(params![pool, year - 3, year - 1])?;
    // Per enterprise: sales and net assets of year-3, year-2, year-1 (None: no figures).
    type Series = ([Option<i64>; 3], [Option<i64>; 3]);
    let mut series: HashMap<String, Series> = HashMap::new();
    while let Some(r) = rows.next()? {
        let eid: String = r.get(0)?;
        let Some(input) = inputs.get_mut(&eid) else {
            continue;
        };
        let y: i32 = r.get(1)?;
        let sales: Option<i64> = r.get(2)?;
        let net_assets: Option<i64> = r.get(8)?;
        let s = series.entry(eid).or_default();
        if let Some(slot) = usize::try_from(y - (year - 3)).ok().filter(|&i| i < 3) {
            s.0[slot] = sales;
            s.1[slot] = net_assets;
        }
        if y == year - 1 {
            let rd: Option<i64> = r.get(3)?;
            let staff: Option<i64> = r.get(4)?;
            let sci: Option<i64> = r.get(5)?;
            input.rd_intensity = match (rd, sales) {
                (Some(rd), Some(s)) if s > 0 => Some(rd as f64 / s as f64),
                _ => None,
            };
            input.scitech_share = match (sci, staff) {
                (Some(sci), Some(st)) if st > 0 => Some(sci as f64 / st as f64),
                _ => None,
            };
            input.ip_class1 = r.get::<_, Option<i64>>(6)?.map(|v| v as f64);
            input.ip_class2 = r.get::<_, Option<i64>>(7)?.map(|v| v as f64);
        }
    }
    for (eid, (sales, assets)) in series {
        if let Some(input) = inputs.get_mut(&eid) {
            input.sales_growth = growth(sales);
            input.net_asset_growth = growth(assets);
        }
    }
    Ok(())
}

/// Participation within `year`: visits hosted, activities attended, requests followed up.
fn participation(
    conn: &Connection,
    pool: Pool,
    year: i32,
    inputs: &mut HashMap<String, RankInput>,
) -> Result<()> {
    let start = format!("{year:04}-01-01");
    let end = format!("{:04}-01-01", year + 1);
    let counts = [
        (
            "SELECT v.enterprise_id, count(*) FROM visits v JOIN enterprises e ON e.id = v.enterprise_id
             WHERE e.pool = ?1 AND v.done_on >= ?2 AND v.done_on < ?3 GROUP BY v.enterprise_id",
            0,
        ),
        (
            "SELECT t.enterprise_id, count(*) FROM attendance t
             JOIN activities a ON a.id = t.activity_id JOIN enterprises e ON e.id = t.enterprise_id
             WHERE e.pool = ?1 AND a.held_on >= ?2 AND a.held_on < ?3 GROUP BY t.enterprise_id",
            1,
        ),
        (
            "SELECT q.enterprise_id, count(*) FROM requests q JOIN enterprises e ON e.id = q.enterprise_id
             WHERE e.pool = ?1 AND q.raised_at >= ?2 AND q.raised_at < ?3
               AND q.first_response_at IS NOT NULL GROUP BY q.enterprise_id",
            2,
        ),
    ];
    for (sql, which) in counts {
        let mut stmt = conn.prepare_cached(sql)?;
        let mut rows = stmt.query(params![pool, start, end])?;
        while let Some(r) = rows.next()? {
            let eid: String = r.get(0)?;
            let n: i64 = r.get(1)?;
            if let Some(input) = inputs.get_mut(&eid) {
                let slot = match which {
                    0 => &mut input.visits_hosted,
                    1 => &mut input.activities_attended,
                    _ => &mut input.requests_followed,
                };
                *slot = n as f64;
            }
        }
    }
    Ok(())
}

/// Stores the snapshot (with each enterprise's rank the year before), replacing an earlier one.
fn store_snapshot(conn: &Connection, pool: Pool, year: i32, results: &[RankResult]) -> Result<()> {
    let previous: HashMap<String, u32> = {
        let mut stmt = conn.prepare_cached(
            "SELECT enterprise_id, rank FROM rankings WHERE pool = ?1 AND year = ?2",
        )?;
        stmt.query_map(params![pool, year - 1], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?
    };
    conn.execute(
        "DELETE FROM rankings WHERE pool = ?1 AND year = ?2",
        params![pool, year],
    )?;
    let stamp = now_stamp();
    let mut insert = conn.prepare_cached(
        "INSERT INTO rankings(id, enterprise_id, pool, year, rank, score, innovation, growth,
            participation, short_board, previous_rank, created_at, updated_at, figures_year,
            innovation_known, growth_known)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12, ?13, ?14, ?15)",
    )?;
    for r in results {
        insert.execute(params![
            new_id(),
            r.id,
            pool,
            year,
            r.rank,
            r.score,
            r.innovation,
            r.growth,
            r.participation,
            r.short_board,
            previous.get(&r.id),
            stamp,
            year - 1,
            r.innovation_known,
            r.growth_known,
        ])?;
    }
    Ok(())
}

/// Ranks every pool for `year`, then copies each enterprise's rank in the newest ranking of its
/// current pool onto the enterprise row.
pub fn rank_all(conn: &mut Connection, year: i32, config: &Config) -> Result<usize> {
    let tx = conn.transaction()?;
    let mut n = 0;
    for pool in Pool::ALL {
        n += rank_pool_year(&tx, *pool, year, config)?;
    }
    sync_current_ranks(&tx)?;
    tx.commit()?;
    Ok(n)
}

/// Copies the newest ranking of each enterprise's current pool onto `enterprises`.
pub fn sync_current_ranks(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "UPDATE enterprises SET rank = NULL, score = NULL, rank_year = NULL;
         UPDATE enterprises SET (rank, score, rank_year) = (
             SELECT r.rank, r.score, r.year FROM rankings r
             WHERE r.enterprise_id = enterprises.id AND r.pool = enterprises.pool
             ORDER BY r.year DESC LIMIT 1)
         WHERE pool IS NOT NULL;",
    )?;
    Ok(())
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
    /// The enterprise's district.
    pub district: String,
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
                r.figures_year, r.innovation_known, r.growth_known, e.district
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
                r.figures_year, r.innovation_known, r.growth_known, e.district
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
        district: r.get(14)?,
    })
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
                r.figures_year, r.innovation_known, r.growth_known, e.district
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

use super::listview::{Facet, Key, ListBase, ListSql, SortCol};

/// The columns the Ranking sorts by (its own order: by rank).
pub const RANKING_SORTS: &[SortCol] = &[
    SortCol::Rank,
    SortCol::Movement,
    SortCol::Name,
    SortCol::Score,
    SortCol::Innovation,
    SortCol::Growth,
    SortCol::Participation,
    SortCol::ShortBoard,
    SortCol::District,
];

/// The facets the Ranking filters by.
pub const RANKING_FACETS: &[Facet] = &[Facet::District, Facet::ShortBoard];

/// A pool's ranking of a year read whole for its views (keys: row ids).
pub fn ranking_base(conn: &Connection, pool: Pool, year: i32) -> Result<ListBase> {
    ListSql {
        from: "rankings r JOIN enterprises e ON e.id = r.enterprise_id
               WHERE r.pool = ?1 AND r.year = ?2",
        key: "r.rowid",
        order: "r.rank, r.rowid",
        cols: RANKING_SORTS,
        facets: RANKING_FACETS,
        col: |c| {
            Some(match c {
                SortCol::Rank => "r.rank",
                // Places climbed; a first ranking has none.
                SortCol::Movement => "r.previous_rank - r.rank",
                // As the Pool sorts names: by pinyin.
                SortCol::Name => "pinyin_key(e.name)",
                SortCol::Score => "r.score",
                // A component whose figures were missing (shown `?`) has no value to sort by.
                SortCol::Innovation => {
                    "CASE WHEN r.innovation_known = 0 THEN NULL ELSE r.innovation END"
                }
                SortCol::Growth => "CASE WHEN r.growth_known = 0 THEN NULL ELSE r.growth END",
                SortCol::Participation => "r.participation",
                SortCol::ShortBoard => "r.short_board",
                SortCol::District => "e.district",
                _ => return None,
            })
        },
        facet: |f| {
            Some(match f {
                Facet::District => "e.district",
                Facet::ShortBoard => "r.short_board",
                _ => return None,
            })
        },
    }
    .base(conn, &[&pool, &year])
}

/// The ranking rows of `keys`, in their order.
pub fn ranking_rows(conn: &Connection, keys: &[Key]) -> Result<Vec<RankRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT r.enterprise_id, e.name, r.pool, r.year, r.rank, r.previous_rank, r.score,
                r.innovation, r.growth, r.participation, r.short_board,
                r.figures_year, r.innovation_known, r.growth_known, e.district
         FROM json_each(?1) k
         JOIN rankings r ON r.rowid = k.value
         JOIN enterprises e ON e.id = r.enterprise_id
         ORDER BY k.key",
    )?;
    let rows = stmt.query_map([super::listview::ids_json(keys, 0)], rank_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn growth_uses_three_years_or_two() {
        assert!((growth([Some(100), Some(110), Some(121)]).unwrap() - 0.1).abs() < 1e-9);
        assert!((growth([None, Some(100), Some(150)]).unwrap() - 0.5).abs() < 1e-9);
        assert_eq!(growth([None, None, Some(100)]), None);
        assert_eq!(growth([None, Some(0), Some(10)]), None);
    }

    #[test]
    fn growth_without_last_year_is_unknown_not_older_years() {
        // Year-3 and year-2 only: the old code took their rate (50%); now it is unknown.
        assert_eq!(growth([Some(100), Some(150), None]), None);
        // A gap in the middle is not a two-year rate across three years.
        assert_eq!(growth([Some(100), None, Some(150)]), None);
    }
}
