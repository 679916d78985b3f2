//! The bureau's rows of the demo pool: the district's targets for this year and last, support
//! plans (some actions overdue) and the rewards ledger. Written after everything else, from what
//! was generated, so the earlier rows do not change.

use super::Gen;
use crate::config::Rewards;
use crate::domain::rewards::{self, EntryFacts};
use crate::domain::targets::{Metric, metric_value};
use crate::store::{StoreError, bureau};
use rusqlite::{Transaction, params};

const ACTIONS: &[&str] = &[
    "协助梳理知识产权布局，申报发明专利",
    "辅导研发费用辅助账归集",
    "对接高校院所开展产学研合作",
    "组织参加高企认定申报培训",
    "协调科技型企业融资担保",
    "推荐申报自治区重点研发计划",
    "指导建立企业研发中心",
    "对接科技金融“科技贷”产品",
    "协助引进高层次技术人才",
    "辅导科技成果转化登记",
];

const UNITS: &[&str] = &[
    "区科技局",
    "区市场监管局",
    "区人社局",
    "区税务局",
    "区工信局",
    "区金融办",
    "生产力促进中心",
];

/// Writes the targets, support actions and rewards of the demo pool.
pub(super) fn generate(
    g: &mut Gen<'_>,
    tx: &Transaction<'_>,
    cfg: &Rewards,
) -> Result<(), StoreError> {
    targets(g, tx)?;
    support(g, tx)?;
    ledger(g, tx, cfg)?;
    Ok(())
}

fn targets(g: &mut Gen<'_>, tx: &Transaction<'_>) -> Result<(), StoreError> {
    let this_year = g.today.year();
    let data = bureau::metric_data(tx, "", this_year - 2..=this_year)?;
    for year in [this_year - 1, this_year] {
        for &metric in Metric::ALL {
            // The base: the year's value, or last year's while this year's is not known yet.
            let actual = metric_value(metric, &data, year, g.today)
                .or_else(|| metric_value(metric, &data, year - 1, g.today))
                .unwrap_or(0.0);
            if actual <= 0.0 && metric != Metric::RdGrowth {
                continue;
            }
            let stretch = 1.0 + f64::from(g.between(5, 60)) / 100.0;
            let value = match metric {
                Metric::RdGrowth => 5.0,
                Metric::VisitCoverage => 100.0,
                Metric::HteRevenue => ((actual * stretch) / 1e7).ceil() * 1e7,
                _ => (actual * stretch).ceil(),
            };
            let id = g.id().to_string();
            tx.execute(
                "INSERT INTO targets (id, district, metric, year, value, created_at, updated_at)
                 VALUES (?1, '', ?2, ?3, ?4, ?5, ?5)",
                params![id, metric, year, value, g.stamp],
            )?;
        }
    }
    Ok(())
}

fn support(g: &mut Gen<'_>, tx: &Transaction<'_>) -> Result<(), StoreError> {
    let enterprises: Vec<(String, Option<String>)> = {
        let mut stmt = tx.prepare(
            "SELECT e.id, c.name FROM enterprises e LEFT JOIN commissioners c
             ON c.id = e.commissioner_id ORDER BY e.id",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for (id, commissioner) in enterprises {
        if !g.pct(35) {
            continue;
        }
        let n = g.between(1, 3);
        for _ in 0..n {
            let action = g.pick(ACTIONS);
            let unit = g.pick(UNITS);
            let person = commissioner.clone().unwrap_or_default();
            let due = g.between(-150, 160);
            let (status, done) = if due < 0 {
                match g.rng.u32(..100) {
                    0..60 => ("done", Some(due - g.between(0, 20))),
                    60..85 => ("in_progress", None),
                    _ => ("open", None),
                }
            } else if g.pct(40) {
                ("in_progress", None)
            } else {
                ("open", None)
            };
            let row = g.id().to_string();
            tx.execute(
                "INSERT INTO support_actions (id, enterprise_id, action, unit, person, due_on,
                 status, done_on, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
                params![
                    row,
                    id,
                    action,
                    unit,
                    person,
                    g.days.get(due),
                    status,
                    g.days.opt(done),
                    g.stamp
                ],
            )?;
        }
    }
    Ok(())
}

fn ledger(g: &mut Gen<'_>, tx: &Transaction<'_>, cfg: &Rewards) -> Result<(), StoreError> {
    let data = bureau::metric_data(tx, "", g.today.year()..=g.today.year())?;
    let entries: Vec<EntryFacts> = {
        let mut stmt =
            tx.prepare("SELECT enterprise_id, pool, entered_on FROM pool_memberships ORDER BY id")?;
        let rows = stmt.query_map([], |r| {
            Ok(EntryFacts {
                enterprise_id: r.get(0)?,
                pool: r.get(1)?,
                entered_on: r.get(2)?,
            })
        })?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let this_year = g.today.year();
    for (year, paid_share) in [(this_year - 1, 85), (this_year, 35)] {
        for e in rewards::eligible(&data.certificates, &entries, year, cfg) {
            if !g.pct(paid_share) {
                continue;
            }
            let on = g.days.off(e.on);
            let paid = (on + g.between(30, 120)).min(-1);
            if paid < on {
                continue;
            }
            let id = g.id().to_string();
            tx.execute(
                "INSERT INTO rewards (id, enterprise_id, kind, year, amount, paid_on, created_at,
                 updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
                params![
                    id,
                    e.enterprise_id,
                    e.kind,
                    year,
                    e.amount,
                    g.days.get(paid),
                    g.stamp
                ],
            )?;
        }
    }
    Ok(())
}
