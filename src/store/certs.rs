//! The Certificates screen's queries: expiring HTE certificates, readiness candidates and the
//! year's rewards, one list.

use super::Result;
use super::bureau::{self, RewardRow};
use super::derived::{Scope, for_each_figures};
use super::window::{Window, count_of};
use crate::config::Config;
use crate::domain::CertKind;
use crate::domain::hte::{self, HteFacts, Readiness};
use rusqlite::{Connection, params};
use serde::Serialize;
use time::{Date, Duration};

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
    /// The enterprise's district.
    pub district: String,
}

/// HTE certificates expiring between `from` and `until`, soonest first.
pub fn expiring_certificates(conn: &Connection, from: Date, until: Date) -> Result<Vec<CertRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT c.id, e.id, e.name, c.kind, c.number, c.issued_on, c.expires_on, e.district
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
        "SELECT c.id, e.id, e.name, c.kind, c.number, c.issued_on, c.expires_on, e.district
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
        district: r.get(7)?,
    })
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
        "SELECT c.id, e.id, e.name, c.kind, c.number, c.issued_on, c.expires_on, e.district
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

/// A line of the Certificates screen.
#[derive(Debug, Clone, PartialEq)]
pub enum CertItem {
    /// An HTE certificate expiring within the renewal window.
    Expiring { cert: CertRow, days_left: i64 },
    /// An enterprise whose readiness check passes or nearly passes.
    Candidate {
        enterprise_id: String,
        enterprise: String,
        district: String,
        readiness: Readiness,
    },
    /// A reward an enterprise became eligible for this year, paid or not.
    Reward(RewardRow),
}

impl CertItem {
    /// The enterprise's district (a reward's is not read with it: empty).
    pub fn district(&self) -> &str {
        match self {
            CertItem::Expiring { cert, .. } => &cert.district,
            CertItem::Candidate { district, .. } => district,
            CertItem::Reward(_) => "",
        }
    }
}

/// The length of each part of the Certificates list (expiring certificates, readiness
/// candidates, the year's rewards), kept between windows while the file does not change.
pub type CertCounts = Option<[usize; 3]>;

/// Lines `start..start + len` of the Certificates screen, and the list's length: expiring
/// certificates first (soonest first), then readiness candidates (most ready first), then this
/// year's rewards (by the day they became due).
pub fn page(
    conn: &Connection,
    today: Date,
    config: &Config,
    kept: &mut CertCounts,
    start: usize,
    len: usize,
) -> Result<(usize, Vec<CertItem>)> {
    let until = today.saturating_add(Duration::days(config.hte.renewal_window_days));
    let [n_certs, n_cand, n_rewards] = match *kept {
        Some(n) => n,
        None => {
            let n = [
                expiring_count(conn, today, until)?,
                candidate_count(conn, CANDIDATE_MIN_PASSED)?,
                // Also keeps the year's rewards in `reward_summary` for the pages below.
                bureau::reward_count(conn, today.year(), today, config)?,
            ];
            *kept = Some(n);
            n
        }
    };
    let mut items = Vec::new();
    if start < n_certs {
        for cert in expiring_page(conn, today, until, n_certs, start, len)? {
            let days_left = cert.expires_on.map_or(0, |e| (e - today).whole_days());
            items.push(CertItem::Expiring { cert, days_left });
        }
    }
    let left = len.saturating_sub(items.len());
    if left > 0 {
        let cstart = start.saturating_sub(n_certs);
        for (id, name, _, _) in candidate_page(conn, CANDIDATE_MIN_PASSED, n_cand, cstart, left)? {
            items.push(candidate(conn, today, config, id, name)?);
        }
    }
    let r0 = n_certs + n_cand;
    let total = r0 + n_rewards;
    let end = start.saturating_add(len).min(total);
    if end > start.max(r0) {
        let from = start.max(r0) - r0;
        let rewards = bureau::reward_page(conn, today.year(), from, end - start.max(r0))?;
        items.extend(rewards.into_iter().map(CertItem::Reward));
    }
    Ok((total, items))
}

/// An enterprise's HTE readiness as of `today`, from its profile and yearly figures.
pub fn readiness_of(
    conn: &Connection,
    id: &str,
    today: Date,
    config: &Config,
) -> Result<Readiness> {
    let (founded, field): (Option<Date>, Option<String>) = conn.query_row(
        "SELECT founded_on, hte_field FROM enterprises WHERE id = ?1",
        params![id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let mut figures = Vec::new();
    for_each_figures(conn, Scope::One(id), |_, f| {
        figures.push(f);
        Ok(())
    })?;
    Ok(hte::readiness(
        &HteFacts {
            founded,
            supported_field: field,
            figures,
        },
        today,
        &config.hte,
    ))
}

/// A readiness candidate's line: its readiness and district read by its id.
fn candidate(
    conn: &Connection,
    today: Date,
    config: &Config,
    id: String,
    name: String,
) -> Result<CertItem> {
    let readiness = readiness_of(conn, &id, today, config)?;
    let district: String = conn
        .prepare_cached("SELECT district FROM enterprises WHERE id = ?1")?
        .query_row([&id], |r| r.get(0))?;
    Ok(CertItem::Candidate {
        enterprise_id: id,
        enterprise: name,
        district,
        readiness,
    })
}

use super::listview::{
    Facet, Key, ListBase, ListSql, PART_CANDIDATE, PART_EXPIRING, PART_REWARD, SortCol, ids_json,
    in_key_order,
};

/// The columns the Certificates list sorts by (its own order: its three parts).
pub const CERT_SORTS: &[SortCol] = &[
    SortCol::Kind,
    SortCol::Name,
    SortCol::Date,
    SortCol::District,
];

/// The facets the Certificates list filters by.
pub const CERT_FACETS: &[Facet] = &[Facet::CertPart, Facet::District];

/// The Certificates list as one table `u`: part (0 expiring, 1 candidate, 2 reward), row id
/// (certificate, enterprise, reward's number in the year), kind, enterprise, district, day
/// (expiry, none, eligibility) and the part's own order (`o1`, `o2`). `?1`–`?2`: the renewal
/// window, `?3`: the candidates' least passed conditions, `?4`: the year.
fn certs_from() -> String {
    format!(
        "(SELECT 0 AS part, c.rowid AS rid, '{PART_EXPIRING}' AS kind, e.name AS name,
                e.district AS district, c.expires_on AS day, c.expires_on AS o1, c.id AS o2
         FROM certificates c JOIN enterprises e ON e.id = c.enterprise_id
         WHERE c.kind = 'hte' AND c.expires_on BETWEEN ?1 AND ?2 AND {renewal}
         UNION ALL
         SELECT 1, e.rowid, '{PART_CANDIDATE}', e.name, e.district, NULL,
                (100 - e.hte_passed) * 100 + e.hte_unknown, e.id
         FROM enterprises e
         WHERE e.deleted_at IS NULL AND e.tier IN ('tsme', 'innovative') AND e.hte_passed >= ?3
         UNION ALL
         SELECT 2, r.seq, '{PART_REWARD}', r.enterprise, e.district, r.on_day, r.seq, ''
         FROM reward_summary r JOIN enterprises e ON e.id = r.enterprise_id
         WHERE r.year = ?4
        ) u WHERE 1",
        renewal = not_renewed("c", "?1")
    )
}

/// The Certificates list read whole for its views.
pub fn cert_base(conn: &Connection, today: Date, config: &Config) -> Result<ListBase> {
    let until = today.saturating_add(Duration::days(config.hte.renewal_window_days));
    let year = today.year();
    // Keeps the year's rewards in `reward_summary`, which the list reads.
    bureau::reward_count(conn, year, today, config)?;
    let from = certs_from();
    ListSql {
        from: &from,
        key: "u.part, u.rid",
        order: "u.part, u.o1, u.o2",
        cols: CERT_SORTS,
        facets: CERT_FACETS,
        col: |c| {
            Some(match c {
                SortCol::Kind => "u.part",
                // As the Pool sorts names: by pinyin.
                SortCol::Name => "pinyin_key(u.name)",
                SortCol::Date => "u.day",
                SortCol::District => "u.district",
                _ => return None,
            })
        },
        facet: |f| {
            Some(match f {
                Facet::CertPart => "u.kind",
                Facet::District => "u.district",
                _ => return None,
            })
        },
    }
    .base(conn, &[&today, &until, &CANDIDATE_MIN_PASSED, &year])
}

/// The Certificates lines of `keys`, in their order.
pub fn cert_lines_of(
    conn: &Connection,
    today: Date,
    config: &Config,
    keys: &[Key],
) -> Result<Vec<CertItem>> {
    let mut rows: Vec<(Key, CertItem)> = Vec::with_capacity(keys.len());
    let mut stmt = conn.prepare_cached(
        "SELECT c.id, e.id, e.name, c.kind, c.number, c.issued_on, c.expires_on, e.district,
                c.rowid
         FROM json_each(?1) k JOIN certificates c ON c.rowid = k.value
         JOIN enterprises e ON e.id = c.enterprise_id",
    )?;
    let found = stmt.query_map([ids_json(keys, 0)], |r| {
        Ok((Key(0, r.get(8)?), cert_row(r)?))
    })?;
    for f in found {
        let (k, cert) = f?;
        let days_left = cert.expires_on.map_or(0, |e| (e - today).whole_days());
        rows.push((k, CertItem::Expiring { cert, days_left }));
    }
    let mut stmt = conn.prepare_cached(
        "SELECT e.rowid, e.id, e.name FROM json_each(?1) k JOIN enterprises e ON e.rowid = k.value",
    )?;
    let found: Vec<(i64, String, String)> = stmt
        .query_map([ids_json(keys, 1)], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    for (rid, id, name) in found {
        rows.push((Key(1, rid), candidate(conn, today, config, id, name)?));
    }
    let mut stmt = conn.prepare_cached(
        "SELECT r.enterprise_id, r.enterprise, r.kind, r.year, r.on_day, r.amount, r.paid_on,
                r.seq
         FROM json_each(?1) k JOIN reward_summary r ON r.year = ?2 AND r.seq = k.value",
    )?;
    let found = stmt.query_map(params![ids_json(keys, 2), today.year()], |r| {
        Ok((Key(2, r.get(7)?), bureau::reward_row(r)?))
    })?;
    for f in found {
        let (k, reward) = f?;
        rows.push((k, CertItem::Reward(reward)));
    }
    Ok(in_key_order(keys, rows))
}
