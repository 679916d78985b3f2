//! Runs the app's effects against the database and turns the results into `Loaded` actions.
//! Used by the terminal loop, the whole-app tests and the benchmarks alike.

use crate::app::pool::{IndexRow, PoolIndex};
use crate::app::{AlertItem, CertItem, Effect, ListId, Loaded, Rows};
use crate::config::Config;
use crate::domain::hte::{self, HteFacts};
use crate::store::derived::{self, Scope, for_each_figures, for_each_project};
use crate::store::{Result, Store, detail, queries};
use rusqlite::params;
use std::collections::HashMap;
use time::{Date, Duration, PrimitiveDateTime};

pub struct Runner {
    pub store: Store,
    pub config: Config,
    pub now: PrimitiveDateTime,
}

impl Runner {
    /// Runs one effect; a database error comes back as `Loaded::Error`, never a panic.
    pub fn run(&mut self, effect: &Effect) -> Loaded {
        match self.try_run(effect) {
            Ok(l) => l,
            Err(e) => Loaded::Error(e.to_string()),
        }
    }

    fn try_run(&mut self, effect: &Effect) -> Result<Loaded> {
        let today = self.now.date();
        let conn = &self.store.conn;
        Ok(match effect {
            Effect::LoadIndex => Loaded::Index(load_index(conn)?),
            Effect::LoadOverview => Loaded::Overview(queries::overview(
                conn,
                self.now,
                self.config.requests.sla_hours,
            )?),
            Effect::Fetch {
                list,
                start,
                len,
                pool,
                year,
            } => {
                let (total, rows) = match list {
                    ListId::Agenda => {
                        let until = today.saturating_add(Duration::days(6));
                        let (total, rows) = queries::agenda_page(conn, today, until, *start, *len)?;
                        (total, Rows::Agenda(rows))
                    }
                    ListId::Alerts => {
                        let (total, rows) = queries::alert_page(conn, *start, *len)?;
                        (total, Rows::Alerts(self.alert_items(rows)?))
                    }
                    ListId::Ranking => {
                        let total = queries::ranking_count(conn, *pool, *year)?;
                        let rows = queries::ranking(conn, *pool, *year, *start, *len)?;
                        (total, Rows::Ranking(rows))
                    }
                    ListId::Certs => {
                        let (total, rows) = self.cert_page(*start, *len)?;
                        (total, Rows::Certs(rows))
                    }
                    ListId::Requests => {
                        let (total, rows) = queries::open_request_page(conn, *start, *len)?;
                        (total, Rows::Requests(rows))
                    }
                };
                Loaded::Page {
                    list: *list,
                    start: *start,
                    total,
                    rows,
                }
            }
            Effect::LoadDetail(id) => match detail::load(conn, id, self.now, &self.config)? {
                Some(d) => Loaded::Detail(Box::new(d)),
                None => Loaded::Error(format!("enterprise {id} not found")),
            },
            Effect::LoadCalendar(day) => Loaded::Calendar(queries::planned_per_day(conn, *day)?),
            Effect::LoadRankYears(pool) => {
                Loaded::RankYears(*pool, queries::rank_years(conn, *pool)?)
            }
            Effect::SetToday(d) => {
                derived::refresh(&mut self.store.conn, *d, &self.config)?;
                self.now = PrimitiveDateTime::new(*d, self.now.time());
                Loaded::Today(self.now)
            }
        })
    }

    /// Alerts with their reasons, computed for the rows fetched only.
    fn alert_items(&self, rows: Vec<queries::AlertRow>) -> Result<Vec<AlertItem>> {
        let mut alerts = HashMap::new();
        for r in &rows {
            for_each_project(&self.store.conn, Scope::Project(&r.project_id), |p| {
                alerts.insert(p.id.clone(), p.alert(self.now.date(), &self.config));
                Ok(())
            })?;
        }
        Ok(rows
            .into_iter()
            .filter_map(|row| {
                let alert = alerts.remove(&row.project_id)?;
                Some(AlertItem { row, alert })
            })
            .collect())
    }

    /// Expiring certificates first (soonest first), then readiness candidates (most ready first).
    fn cert_page(&self, start: usize, len: usize) -> Result<(usize, Vec<CertItem>)> {
        let conn = &self.store.conn;
        let today = self.now.date();
        let until = today.saturating_add(Duration::days(self.config.hte.renewal_window_days));
        let n_certs = queries::expiring_count(conn, today, until)?;
        let n_cand = queries::candidate_count(conn, CANDIDATE_MIN_PASSED)?;
        let mut items = Vec::new();
        if start < n_certs {
            for cert in queries::expiring_page(conn, today, until, start, len)? {
                let days_left = cert.expires_on.map_or(0, |e| (e - today).whole_days());
                items.push(CertItem::Expiring { cert, days_left });
            }
        }
        let left = len.saturating_sub(items.len());
        if left > 0 {
            let cstart = start.saturating_sub(n_certs);
            for (id, name) in queries::candidate_page(conn, CANDIDATE_MIN_PASSED, cstart, left)? {
                let readiness = readiness_of(conn, &id, today, &self.config)?;
                items.push(CertItem::Candidate {
                    enterprise_id: id,
                    enterprise: name,
                    readiness,
                });
            }
        }
        Ok((n_certs + n_cand, items))
    }
}

/// Readiness candidates pass at least this many of the eight conditions.
pub const CANDIDATE_MIN_PASSED: i64 = 6;

fn readiness_of(
    conn: &rusqlite::Connection,
    id: &str,
    today: Date,
    config: &Config,
) -> Result<hte::Readiness> {
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

/// Reads the compact index of every enterprise (one pass over the table).
pub fn load_index(conn: &rusqlite::Connection) -> Result<PoolIndex> {
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
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, initials, credit_code, district, commissioner_id, pool, batch, tier,
                colour, red, yellow, green, last_visit, planned_visit, next_visit, rank,
                open_requests
         FROM enterprises WHERE deleted_at IS NULL",
    )?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
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
        out.push(IndexRow {
            id: r.get_ref(0)?.as_str().unwrap_or("").into(),
            name: r.get_ref(1)?.as_str().unwrap_or("").into(),
            initials: r.get_ref(2)?.as_str().unwrap_or("").into(),
            credit_code: r.get_ref(3)?.as_str().unwrap_or("").into(),
            district,
            commissioner,
            pool: r.get(6)?,
            batch: r.get(7)?,
            tier: r.get(8)?,
            colour: r.get(9)?,
            red: small(r.get(10)?),
            yellow: small(r.get(11)?),
            green: small(r.get(12)?),
            last_visit: r.get(13)?,
            planned_visit: r.get(14)?,
            next_visit: r.get(15)?,
            rank: r.get(16)?,
            open_requests: small(r.get(17)?),
        });
    }
    Ok(PoolIndex {
        rows: out,
        districts,
        commissioners,
    })
}
