use super::*;
use crate::config::Config;
use crate::domain::alert::{MilestoneFacts, ProjectFacts, project_alert};
use crate::domain::{Batch, Colour, Pool, PoolStatus, RequestCategory, Tier, credit_code};
use crate::store::{Store, parse_date};
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use time::macros::date;

const TODAY: Date = date!(2026 - 11 - 21);

const TABLES: [&str; 12] = [
    "commissioners",
    "enterprises",
    "pool_memberships",
    "certificates",
    "figures",
    "projects",
    "milestones",
    "colour_overrides",
    "visits",
    "requests",
    "activities",
    "attendance",
];

fn demo(n: usize, seed: u64) -> (Store, DemoSummary) {
    let mut store = Store::in_memory().unwrap();
    let summary = generate(
        &mut store.conn,
        &DemoOptions {
            enterprises: n,
            seed,
        },
        TODAY,
    )
    .unwrap();
    (store, summary)
}

fn checksum(conn: &Connection) -> u64 {
    use rusqlite::types::ValueRef;
    let mut h = DefaultHasher::new();
    for table in TABLES {
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM {table} ORDER BY id"))
            .unwrap();
        let cols = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            for c in 0..cols {
                match row.get_ref(c).unwrap() {
                    ValueRef::Null => 0u8.hash(&mut h),
                    ValueRef::Integer(i) => i.hash(&mut h),
                    ValueRef::Real(f) => f.to_bits().hash(&mut h),
                    ValueRef::Text(t) | ValueRef::Blob(t) => t.hash(&mut h),
                }
            }
        }
    }
    h.finish()
}

fn count(conn: &Connection, sql: &str) -> usize {
    let n: i64 = conn.query_row(sql, [], |r| r.get(0)).unwrap();
    usize::try_from(n).unwrap()
}

#[test]
fn same_seed_same_rows_other_seed_other_rows() {
    let (a, sa) = demo(200, 7);
    let (b, sb) = demo(200, 7);
    let (c, _) = demo(200, 8);
    assert_eq!(sa, sb);
    assert_eq!(checksum(&a.conn), checksum(&b.conn));
    assert_ne!(checksum(&a.conn), checksum(&c.conn));
}

#[test]
fn credit_codes_are_valid_and_match_the_district() {
    let (s, _) = demo(200, 1);
    let words = Words::load().unwrap();
    let code_of: HashMap<&str, &str> = words.districts.iter().map(|d| (d.name, d.code)).collect();
    let mut stmt = s
        .conn
        .prepare("SELECT credit_code, region_code, district FROM enterprises")
        .unwrap();
    let rows: Vec<(String, String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(rows.len(), 200);
    for (code, region, district) in rows {
        credit_code::validate(&code).unwrap_or_else(|e| panic!("{code}: {e}"));
        assert!(code.starts_with("91"), "{code}");
        assert_eq!(
            credit_code::region_code(&code),
            Some(region.as_str()),
            "{code}"
        );
        assert_eq!(
            code_of.get(district.as_str()),
            Some(&region.as_str()),
            "{district}"
        );
    }
}

#[test]
fn counts_are_in_range_and_every_kind_appears() {
    let (s, sum) = demo(200, 3);
    let c = &s.conn;
    assert_eq!(sum.enterprises, 200);
    assert_eq!(sum.commissioners, 4);
    assert!((450..=800).contains(&sum.projects), "{sum:?}");
    assert!(sum.milestones >= 3 * sum.projects && sum.milestones <= 6 * sum.projects);
    assert!((1500..=2600).contains(&sum.visits), "{sum:?}");
    assert!((250..=500).contains(&sum.requests), "{sum:?}");
    assert_eq!(
        count(c, "SELECT count(*) FROM enterprises"),
        sum.enterprises
    );
    assert_eq!(count(c, "SELECT count(*) FROM projects"), sum.projects);
    assert_eq!(count(c, "SELECT count(*) FROM milestones"), sum.milestones);
    assert_eq!(count(c, "SELECT count(*) FROM visits"), sum.visits);
    assert_eq!(count(c, "SELECT count(*) FROM requests"), sum.requests);
    assert_eq!(
        count(c, "SELECT count(*) FROM commissioners"),
        sum.commissioners
    );
    assert_eq!(count(c, "SELECT count(*) FROM figures"), 600);
    assert_eq!(
        count(c, "SELECT count(DISTINCT name) FROM enterprises"),
        200
    );
    assert_eq!(
        count(
            c,
            "SELECT count(*) FROM enterprises WHERE commissioner_id IS NULL"
        ),
        0
    );
    // Every enterprise works with a commissioner of its district.
    assert_eq!(
        count(
            c,
            "SELECT count(*) FROM enterprises e JOIN commissioners m ON m.id = e.commissioner_id
             WHERE m.district <> e.district"
        ),
        0
    );
    assert!(
        count(
            c,
            "SELECT count(*) FROM enterprises WHERE initials LIKE 'xjkl%'"
        ) >= 5
    );
    assert_eq!(
        count(c, "SELECT count(*) FROM enterprises WHERE initials = ''"),
        0
    );
    for (table, column, codes) in [
        (
            "pool_memberships",
            "pool",
            Pool::ALL.iter().map(|v| v.code()).collect::<Vec<_>>(),
        ),
        (
            "pool_memberships",
            "batch",
            Batch::ALL.iter().map(|v| v.code()).collect(),
        ),
        (
            "pool_memberships",
            "status",
            PoolStatus::ALL.iter().map(|v| v.code()).collect(),
        ),
        (
            "enterprises",
            "tier",
            Tier::ALL.iter().map(|v| v.code()).collect(),
        ),
        (
            "requests",
            "category",
            RequestCategory::ALL.iter().map(|v| v.code()).collect(),
        ),
        (
            "requests",
            "status",
            vec!["open", "in_progress", "resolved", "unresolvable"],
        ),
        ("visits", "mode", vec!["on_site", "phone", "online"]),
        (
            "certificates",
            "kind",
            vec!["hte", "tsme", "specialized", "little_giant"],
        ),
    ] {
        for code in codes {
            let sql = format!("SELECT count(*) FROM {table} WHERE {column} = '{code}'");
            assert!(count(c, &sql) > 0, "no {table}.{column} = {code}");
        }
    }
    assert!(
        count(
            c,
            "SELECT count(*) FROM enterprises WHERE honours LIKE '%little_giant%'"
        ) > 0
    );
    assert!(
        count(
            c,
            "SELECT count(*) FROM enterprises WHERE hte_field IS NULL"
        ) > 0
    );
    assert_eq!(
        count(c, "SELECT count(DISTINCT hte_field) FROM enterprises"),
        8
    );
    // Left a pool, then entered another.
    assert!(
        count(
            c,
            "SELECT count(*) FROM pool_memberships o JOIN pool_memberships n
               ON n.enterprise_id = o.enterprise_id AND n.status = 'in' AND n.entered_on >= o.left_on
             WHERE o.status = 'out' AND o.left_on IS NOT NULL"
        ) > 0
    );
    // An HTE certificate expires tomorrow; numbers look like GR2023 65 000123.
    assert!(
        count(
            c,
            "SELECT count(*) FROM certificates WHERE kind = 'hte' AND expires_on = '2026-11-22'"
        ) >= 1
    );
    assert_eq!(
        count(
            c,
            "SELECT count(*) FROM certificates WHERE kind = 'hte'
             AND (number NOT GLOB 'GR20[0-9][0-9]6[25][0-9][0-9][0-9][0-9][0-9][0-9]' OR length(number) <> 14)"
        ),
        0
    );
    assert!(
        count(
            c,
            "SELECT count(*) FROM certificates WHERE kind = 'hte' AND expires_on <= '2027-11-21'"
        ) > 1
    );
    // Young enterprises fail the one-year condition.
    assert!(
        count(
            c,
            "SELECT count(*) FROM enterprises WHERE founded_on > '2025-11-21'"
        ) > 0
    );
    // A request still within its 24 hours, and open ones past them.
    assert!(
        count(
            c,
            "SELECT count(*) FROM requests WHERE status = 'open' AND raised_at > '2026-11-20T09:00:00'"
        ) >= 1
    );
    assert!(
        count(
            c,
            "SELECT count(*) FROM requests WHERE status = 'open' AND raised_at < '2026-11-20T09:00:00'"
        ) >= 3
    );
    // Visits: open plans ahead, overdue plans, cancelled ones.
    assert!(
        count(
            c,
            "SELECT count(*) FROM visits WHERE done_on IS NULL AND cancelled_on IS NULL AND planned_on >= '2026-11-21'"
        ) > 100
    );
    assert!(
        count(
            c,
            "SELECT count(*) FROM visits WHERE done_on IS NULL AND cancelled_on IS NULL AND planned_on < '2026-11-21'"
        ) > 5
    );
    assert!(
        count(
            c,
            "SELECT count(*) FROM visits WHERE cancelled_on IS NOT NULL"
        ) > 0
    );
    assert!(
        count(
            c,
            "SELECT count(*) FROM figures WHERE sales IS NULL OR net_assets IS NULL OR staff IS NULL"
        ) > 0
    );
    assert!(count(c, "SELECT count(*) FROM attendance") > 100);
    assert!(
        count(
            c,
            "SELECT count(*) FROM colour_overrides WHERE length(reason) > 0"
        ) >= 3
    );
    assert!(count(c, "SELECT count(*) FROM activities") >= 24);
}

#[test]
fn foreign_keys_hold() {
    let (s, _) = demo(200, 5);
    let mut stmt = s.conn.prepare("PRAGMA foreign_key_check").unwrap();
    let mut rows = stmt.query([]).unwrap();
    assert!(rows.next().unwrap().is_none(), "foreign key violations");
}

/// The computed colours of active projects, by the real alert rules.
fn colour_mix(conn: &Connection, today: Date) -> [usize; 3] {
    let cfg = Config::default().alert;
    let mut milestones: HashMap<String, Vec<MilestoneFacts>> = HashMap::new();
    let mut stmt = conn
        .prepare("SELECT project_id, name, planned_on, done_on FROM milestones")
        .unwrap();
    let mut rows = stmt.query([]).unwrap();
    while let Some(r) = rows.next().unwrap() {
        let done: Option<String> = r.get(3).unwrap();
        milestones
            .entry(r.get(0).unwrap())
            .or_default()
            .push(MilestoneFacts {
                name: r.get(1).unwrap(),
                planned: parse_date(&r.get::<_, String>(2).unwrap()).unwrap(),
                done: done.map(|d| parse_date(&d).unwrap()),
            });
    }
    let mut mix = [0; 3];
    let mut stmt = conn
        .prepare(
            "SELECT id, start_on, planned_end, extended_end, acceptance_applied, risk_flag
             FROM projects WHERE acceptance_passed IS NULL",
        )
        .unwrap();
    let mut rows = stmt.query([]).unwrap();
    let date = |s: Option<String>| s.map(|s| parse_date(&s).unwrap());
    while let Some(r) = rows.next().unwrap() {
        let id: String = r.get(0).unwrap();
        let p = ProjectFacts {
            start: date(r.get(1).unwrap()).unwrap(),
            planned_end: date(r.get(2).unwrap()).unwrap(),
            extended_end: date(r.get(3).unwrap()),
            acceptance_applied: date(r.get(4).unwrap()),
            acceptance_passed: None,
            risk_flag: r.get(5).unwrap(),
            milestones: milestones.remove(&id).unwrap_or_default(),
        };
        let colour = project_alert(&p, today, &cfg).colour;
        mix[match colour {
            Colour::Green => 0,
            Colour::Yellow => 1,
            Colour::Red => 2,
        }] += 1;
    }
    mix
}

#[test]
fn computed_colours_are_mostly_green() {
    let (s, _) = demo(200, 11);
    let [g, y, r] = colour_mix(&s.conn, TODAY);
    let total = (g + y + r) as f64;
    let share = |n: usize| n as f64 * 100.0 / total;
    eprintln!(
        "active projects {total}: green {:.1}% yellow {:.1}% red {:.1}%",
        share(g),
        share(y),
        share(r)
    );
    assert!((60.0..=80.0).contains(&share(g)), "{g} {y} {r}");
    assert!((12.0..=28.0).contains(&share(y)), "{g} {y} {r}");
    assert!((5.0..=16.0).contains(&share(r)), "{g} {y} {r}");
}

#[test]
fn small_pools_work() {
    for n in [0, 1, 50] {
        let (s, sum) = demo(n, 9);
        assert_eq!(sum.enterprises, n);
        assert_eq!(sum.commissioners, 4);
        if n >= 50 {
            assert_eq!(
                count(
                    &s.conn,
                    "SELECT count(*) FROM certificates WHERE kind = 'hte' AND expires_on = '2026-11-22'"
                ),
                1
            );
        }
    }
}

#[test]
fn dates_stay_in_their_tables_range() {
    let (s, _) = demo(200, 4);
    let c = &s.conn;
    assert_eq!(
        count(
            c,
            "SELECT count(*) FROM projects WHERE planned_end < start_on"
        ),
        0
    );
    assert_eq!(
        count(
            c,
            "SELECT count(*) FROM projects p JOIN enterprises e ON e.id = p.enterprise_id
             WHERE p.start_on < e.founded_on"
        ),
        0
    );
    assert_eq!(
        count(
            c,
            "SELECT count(*) FROM milestones m JOIN projects p ON p.id = m.project_id
             WHERE m.done_on > '2026-11-21' OR m.planned_on < p.start_on"
        ),
        0
    );
    assert_eq!(
        count(
            c,
            "SELECT count(*) FROM visits WHERE done_on > '2026-11-21'"
        ),
        0
    );
    assert_eq!(
        count(
            c,
            "SELECT count(*) FROM requests WHERE first_response_at < raised_at
             OR closed_at < first_response_at OR raised_at > '2026-11-21T09:00:00'"
        ),
        0
    );
    assert_eq!(
        count(
            c,
            "SELECT count(*) FROM requests WHERE (status IN ('resolved', 'unresolvable'))
             <> (closed_at IS NOT NULL AND resolution IS NOT NULL)"
        ),
        0
    );
}

/// Every demo district is a GB/T 2260 district under its own code and full name, so demo
/// enterprises carry a code and `seedbed check` lists none of them.
#[test]
fn demo_districts_are_in_the_gb2260_table_under_the_same_name() {
    let words = super::words::Words::load().expect("word lists");
    for d in &words.districts {
        let t = crate::domain::districts::table().get(d.code);
        assert_eq!(t.map(|t| t.full_name.as_str()), Some(d.name), "{}", d.code);
    }
}

// ledgers: leaving and frozen memberships say since when and why.
#[test]
fn leaving_and_frozen_memberships_have_a_day_and_a_reason() {
    let (store, _) = demo(300, 7);
    let rows: Vec<(String, String, Option<String>, Option<String>)> = store
        .conn
        .prepare(
            "SELECT status, entered_on, status_on, status_reason FROM pool_memberships
             WHERE status IN ('leaving', 'frozen')",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let statuses: std::collections::HashSet<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    assert_eq!(statuses.len(), 2, "both leaving and frozen appear");
    for (status, entered, on, reason) in &rows {
        let on = on
            .as_deref()
            .unwrap_or_else(|| panic!("{status} without a day"));
        assert!(
            on > entered.as_str() && on < "2026-11-21",
            "{status} {entered} {on}"
        );
        let reason = reason.as_deref().unwrap_or("");
        assert!(!reason.trim().is_empty(), "{status} without a reason");
        assert!(!reason.is_ascii(), "{reason}");
    }
}
