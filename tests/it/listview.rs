//! Sort and filter of the list screens in the store (`store::listview`): a small file made by
//! hand per list, and the rows each view reads, against orders written out by hand.

use crate::common::TODAY;
use rusqlite::{Connection, params};
use seedbed::config::Config;
use seedbed::domain::Pool;
use seedbed::domain::commissioners::CommissionerFigures;
use seedbed::domain::targets::Metric;
use seedbed::store::bureau::TargetRow;
use seedbed::store::listview::{Facet, ListQuery, SortCol, apply};
use seedbed::store::{OpenMode, Store, agenda, alerts, certs, ranking, requests};

const STAMP: &str = "2026-11-01T08:00:00";

/// An empty pool file.
fn empty() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(&dir.path().join("lists.db"), OpenMode::CreateIfMissing)
        .expect("a new pool file");
    (dir, store)
}

/// An enterprise `id` named `name` in `district`, of `tier`, passing `passed` HTE conditions.
fn enterprise(c: &Connection, id: &str, name: &str, district: &str, tier: &str, passed: i64) {
    c.execute(
        "INSERT INTO enterprises (id, credit_code, name, region_code, district, tier, hte_passed,
             hte_unknown, created_at, updated_at)
         VALUES (?1, ?2, ?3, '650102', ?4, ?5, ?6, 0, ?7, ?7)",
        params![
            id,
            format!("91650100CODE{id:0>6}"),
            name,
            district,
            tier,
            passed,
            STAMP
        ],
    )
    .expect("an enterprise");
}

fn commissioner(c: &Connection, id: &str, name: &str, district: &str) {
    c.execute(
        "INSERT INTO commissioners (id, name, district, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?4)",
        params![id, name, district, STAMP],
    )
    .expect("a commissioner");
}

/// Four enterprises in two districts (天山区: 甲, 丙; 沙依巴克区: 乙, 丁).
fn four(c: &Connection) {
    enterprise(c, "E1", "甲科技", "天山区", "innovative", 6);
    enterprise(c, "E2", "乙科技", "沙依巴克区", "innovative", 8);
    enterprise(c, "E3", "丙科技", "天山区", "tsme", 7);
    enterprise(c, "E4", "丁科技", "沙依巴克区", "hte", 8);
}

fn q(sort: Option<SortCol>, reverse: bool, filter: &[(Facet, &str)]) -> ListQuery {
    ListQuery {
        sort,
        reverse,
        filter: filter.iter().map(|(f, v)| (*f, v.to_string())).collect(),
        ..ListQuery::default()
    }
}

#[test]
fn the_agenda_sorts_by_name_and_filters_by_district_day_and_commissioner() {
    let (_dir, store) = empty();
    let c = &store.conn;
    four(c);
    commissioner(c, "C1", "王专员", "天山区");
    commissioner(c, "C2", "李专员", "沙依巴克区");
    for (id, e, day, mode, who) in [
        ("V1", "E1", "2026-11-19", "on_site", "C1"),
        ("V2", "E2", "2026-11-21", "phone", "C2"),
        ("V3", "E3", "2026-11-24", "on_site", "C1"),
        ("V4", "E4", "2026-11-20", "online", "C2"),
        // Past the week: not on the agenda.
        ("V5", "E1", "2026-12-20", "on_site", "C1"),
    ] {
        c.execute(
            "INSERT INTO visits (id, enterprise_id, planned_on, mode, commissioner_id,
                 created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
            params![id, e, day, mode, who, STAMP],
        )
        .unwrap();
    }
    let until = date(2026, 11, 27);
    let read = |view: ListQuery| -> Vec<String> {
        let keys = agenda::agenda_base(c, TODAY, until).unwrap().keys(&view);
        agenda::agenda_rows(c, TODAY, &keys)
            .unwrap()
            .into_iter()
            .map(|v| format!("{} {}", v.enterprise, v.district))
            .collect()
    };
    // By name, as the Pool sorts names: by pinyin (丙 bing, 丁 ding, 甲 jia, 乙 yi).
    assert_eq!(
        read(q(Some(SortCol::Name), false, &[])),
        [
            "丙科技 天山区",
            "丁科技 沙依巴克区",
            "甲科技 天山区",
            "乙科技 沙依巴克区"
        ]
    );
    assert_eq!(
        read(q(Some(SortCol::Name), true, &[(Facet::District, "天山区")])),
        ["甲科技 天山区", "丙科技 天山区"]
    );
    // Overdue: the 19th and the 20th, by day (the list's own order).
    assert_eq!(
        read(q(None, false, &[(Facet::When, "overdue")])),
        ["甲科技 天山区", "丁科技 沙依巴克区"]
    );
    assert_eq!(
        read(q(None, false, &[(Facet::When, "today")])),
        ["乙科技 沙依巴克区"]
    );
    assert_eq!(
        read(q(
            None,
            false,
            &[(Facet::Commissioner, "李专员"), (Facet::Mode, "phone")]
        )),
        ["乙科技 沙依巴克区"]
    );
    // A district with no visit: nothing.
    assert!(read(q(None, false, &[(Facet::District, "米东区")])).is_empty());
}

#[test]
fn requests_sort_by_district_then_their_own_order_and_filter_by_category() {
    let (_dir, store) = empty();
    let c = &store.conn;
    four(c);
    for (id, e, at, cat, status) in [
        ("Q1", "E1", "2026-11-01T09:00:00", "funding", "open"),
        ("Q2", "E2", "2026-11-02T09:00:00", "talent", "in_progress"),
        ("Q3", "E3", "2026-11-03T09:00:00", "funding", "open"),
        ("Q4", "E4", "2026-11-04T09:00:00", "funding", "open"),
        // Closed: not on the list.
        ("Q5", "E1", "2026-10-01T09:00:00", "funding", "resolved"),
    ] {
        c.execute(
            "INSERT INTO requests (id, enterprise_id, raised_at, category, text, status,
                 created_at, updated_at) VALUES (?1, ?2, ?3, ?4, '诉求', ?5, ?6, ?6)",
            params![id, e, at, cat, status, STAMP],
        )
        .unwrap();
    }
    let read = |view: ListQuery| -> Vec<String> {
        let keys = requests::request_base(c).unwrap().keys(&view);
        requests::request_rows(c, &keys)
            .unwrap()
            .into_iter()
            .map(|r| r.id)
            .collect()
    };
    // 天山区 (5929) before 沙依巴克区 (6C99); oldest first within a district.
    assert_eq!(
        read(q(Some(SortCol::District), false, &[])),
        ["Q1", "Q3", "Q2", "Q4"]
    );
    assert_eq!(
        read(q(Some(SortCol::District), true, &[])),
        ["Q2", "Q4", "Q1", "Q3"]
    );
    assert_eq!(
        read(q(
            None,
            false,
            &[
                (Facet::Category, "funding"),
                (Facet::District, "沙依巴克区")
            ]
        )),
        ["Q4"]
    );
    assert_eq!(
        read(q(None, false, &[(Facet::Status, "in_progress")])),
        ["Q2"]
    );
}

#[test]
fn the_ranking_sorts_by_score_largest_first_and_filters_by_district_and_short_board() {
    let (_dir, store) = empty();
    let c = &store.conn;
    four(c);
    for (id, e, rank, prev, score, board) in [
        ("R1", "E1", 1, Some(4), 90.0, "growth"),
        ("R2", "E2", 2, Some(1), 80.0, "innovation"),
        ("R3", "E3", 3, None, 70.0, "growth"),
        ("R4", "E4", 4, Some(2), 60.0, "participation"),
    ] {
        c.execute(
            "INSERT INTO rankings (id, enterprise_id, pool, year, rank, score, innovation, growth,
                 participation, short_board, previous_rank, created_at, updated_at)
             VALUES (?1, ?2, 'hte', 2026, ?3, ?4, 50, 50, 50, ?5, ?6, ?7, ?7)",
            params![id, e, rank, score, board, prev, STAMP],
        )
        .unwrap();
    }
    let read = |view: ListQuery| -> Vec<u32> {
        let keys = ranking::ranking_base(c, Pool::Hte, 2026)
            .unwrap()
            .keys(&view);
        ranking::ranking_rows(c, &keys)
            .unwrap()
            .into_iter()
            .map(|r| r.rank)
            .collect()
    };
    assert_eq!(read(q(Some(SortCol::Score), false, &[])), [1, 2, 3, 4]);
    assert_eq!(read(q(Some(SortCol::Score), true, &[])), [4, 3, 2, 1]);
    // Places climbed: 甲 +3, 乙 -1, 丁 -2; 丙 was not ranked before and goes last.
    assert_eq!(read(q(Some(SortCol::Movement), false, &[])), [1, 2, 4, 3]);
    assert_eq!(read(q(None, false, &[(Facet::District, "天山区")])), [1, 3]);
    assert_eq!(
        read(q(None, false, &[(Facet::ShortBoard, "growth")])),
        [1, 3]
    );
    // Another year has none.
    let none = ranking::ranking_base(c, Pool::Hte, 2025).unwrap();
    assert!(none.is_empty());
}

#[test]
fn alerts_keep_red_actions_yellow_by_default_and_filter_by_kind_and_district() {
    let (_dir, store) = empty();
    let c = &store.conn;
    four(c);
    for (id, e, name, colour, day) in [
        ("P1", "E1", "甲项目", "yellow", "2026-12-01"),
        ("P2", "E2", "乙项目", "red", "2026-10-01"),
        ("P3", "E3", "丙项目", "red", "2026-09-01"),
        ("P4", "E4", "丁项目", "yellow", "2026-11-25"),
    ] {
        c.execute(
            "INSERT INTO projects (id, enterprise_id, name, level, start_on, planned_end,
                 created_at, updated_at)
             VALUES (?1, ?2, ?3, 'provincial', '2025-01-01', '2026-12-31', ?4, ?4)",
            params![id, e, name, STAMP],
        )
        .unwrap();
        c.execute(
            "INSERT INTO alert_list (colour, alert_date, project_id, enterprise_id, project,
                 enterprise, level, facts)
             SELECT ?1, ?2, ?3, e.id, ?4, e.name, 'provincial', '{}' FROM enterprises e
             WHERE e.id = ?5",
            params![colour, day, id, name, e],
        )
        .unwrap();
    }
    c.execute(
        "INSERT INTO support_actions (id, enterprise_id, action, due_on, created_at, updated_at)
         VALUES ('A1', 'E2', '对接专家', '2026-11-10', ?1, ?1)",
        [STAMP],
    )
    .unwrap();
    // The lines' names, by the parts of their keys (a project's row id, an action's).
    let read = |view: ListQuery| -> Vec<String> {
        alerts::alert_base(c, TODAY)
            .unwrap()
            .keys(&view)
            .into_iter()
            .map(|k| {
                let sql = if k.0 == 1 {
                    "SELECT action FROM support_actions WHERE rowid = ?1"
                } else {
                    "SELECT name FROM projects WHERE rowid = ?1"
                };
                c.query_row(sql, [k.1], |r| r.get::<_, String>(0)).unwrap()
            })
            .collect()
    };
    // Red (longest late first), the overdue action, yellow (soonest due first).
    assert_eq!(
        read(q(None, false, &[])),
        ["丙项目", "乙项目", "对接专家", "丁项目", "甲项目"]
    );
    assert_eq!(
        read(q(None, false, &[(Facet::AlertKind, "action")])),
        ["对接专家"]
    );
    assert_eq!(
        read(q(
            None,
            false,
            &[(Facet::AlertKind, "red"), (Facet::District, "天山区")]
        )),
        ["丙项目"]
    );
    // By enterprise name in pinyin: 丙, 丁, 甲, 乙 (its project, then its action).
    assert_eq!(
        read(q(Some(SortCol::Name), false, &[])),
        ["丙项目", "丁项目", "甲项目", "乙项目", "对接专家"]
    );
}

#[test]
fn certificates_filter_by_part_and_district_and_sort_by_name() {
    let (_dir, store) = empty();
    let c = &store.conn;
    four(c);
    for (id, e, number, issued, expires) in [
        ("K1", "E4", "GR2023001", "2023-12-01", "2026-12-01"),
        ("K2", "E1", "GR2023002", "2023-11-30", "2026-11-30"),
    ] {
        c.execute(
            "INSERT INTO certificates (id, enterprise_id, kind, number, issued_on, expires_on,
                 created_at, updated_at) VALUES (?1, ?2, 'hte', ?3, ?4, ?5, ?6, ?6)",
            params![id, e, number, issued, expires, STAMP],
        )
        .unwrap();
    }
    let config = Config::default();
    let read = |view: ListQuery| -> Vec<String> {
        let keys = certs::cert_base(c, TODAY, &config).unwrap().keys(&view);
        certs::cert_lines_of(c, TODAY, &config, &keys)
            .unwrap()
            .into_iter()
            .map(|i| match i {
                certs::CertItem::Expiring { cert, .. } => format!("证 {}", cert.enterprise),
                certs::CertItem::Candidate { enterprise, .. } => format!("储 {enterprise}"),
                certs::CertItem::Reward(r) => format!("奖 {}", r.enterprise),
            })
            .collect()
    };
    // Own order: certificates soonest first, then candidates most passed first (乙 8, 丙 7,
    // 甲 6; 丁 is HTE already).
    assert_eq!(
        read(q(None, false, &[(Facet::District, "天山区")])),
        ["证 甲科技", "储 丙科技", "储 甲科技"]
    );
    assert_eq!(
        read(q(None, false, &[(Facet::CertPart, "candidate")])),
        ["储 乙科技", "储 丙科技", "储 甲科技"]
    );
    assert_eq!(
        read(q(Some(SortCol::Name), false, &[])),
        [
            "储 丙科技",
            "证 丁科技",
            "证 甲科技",
            "储 甲科技",
            "储 乙科技"
        ]
    );
}

fn figures(id: &str, name: &str, done: u32, expected: u32) -> CommissionerFigures {
    CommissionerFigures {
        id: id.into(),
        name: name.into(),
        district: if id == "C2" {
            "沙依巴克区"
        } else {
            "天山区"
        }
        .into(),
        enterprises: expected / 4,
        visits_expected: expected,
        visits_planned: done,
        visits_done: done,
        visits_overdue: 0,
        requests: 0,
        requests_handled: 0,
        median_response_hours: None,
        breaches: 0,
        red_share: None,
    }
}

#[test]
fn lists_loaded_whole_sort_and_filter_as_rows() {
    let rows = || {
        vec![
            figures("C1", "王专员", 4, 8),
            figures("C2", "李专员", 6, 8),
            // Nothing expected: no cadence, which goes last either way.
            figures("C3", "赵专员", 0, 0),
        ]
    };
    let names = |r: Vec<CommissionerFigures>| r.into_iter().map(|c| c.name).collect::<Vec<_>>();
    assert_eq!(
        names(apply(rows(), &q(Some(SortCol::Cadence), false, &[]))),
        ["李专员", "王专员", "赵专员"]
    );
    assert_eq!(
        names(apply(rows(), &q(Some(SortCol::Cadence), true, &[]))),
        ["王专员", "李专员", "赵专员"]
    );
    assert_eq!(
        names(apply(
            rows(),
            &q(None, false, &[(Facet::District, "天山区")])
        )),
        ["王专员", "赵专员"]
    );
    let target = |district: &str, metric: Metric, progress: Option<f64>| TargetRow {
        district: district.into(),
        metric,
        year: 2026,
        target: 10.0,
        actual: progress.map(|p| p / 10.0),
        last_year: None,
        progress,
        districts: 0,
    };
    let targets = vec![
        target("", Metric::ALL[0], Some(40.0)),
        target("天山区", Metric::ALL[0], Some(120.0)),
        target("天山区", Metric::ALL[1], None),
    ];
    let shown = apply(
        targets,
        &q(
            Some(SortCol::Progress),
            false,
            &[(Facet::District, "天山区")],
        ),
    );
    assert_eq!(
        shown
            .iter()
            .map(|t| (t.metric, t.progress))
            .collect::<Vec<_>>(),
        [(Metric::ALL[0], Some(120.0)), (Metric::ALL[1], None)]
    );
}

fn date(y: i32, m: u8, d: u8) -> time::Date {
    time::Date::from_calendar_date(y, time::Month::try_from(m).unwrap(), d).unwrap()
}

/// Times of the list views on a big pool file (`SEEDBED_LISTS_DB`, e.g. a demo pool of
/// 100,000 enterprises): the first sort of a list reads it whole, later sorts and filters and
/// every window work from memory. Run by hand: `cargo test --release --test it
/// listview::timings -- --ignored --nocapture`.
#[test]
#[ignore]
fn timings() {
    use seedbed::app::{Effect, ListId};
    let Ok(db) = std::env::var("SEEDBED_LISTS_DB") else {
        return;
    };
    let store = Store::open(std::path::Path::new(&db), OpenMode::Existing).expect("the pool");
    let year: i32 = store
        .conn
        .query_row(
            "SELECT max(year) FROM rankings WHERE pool = 'hte'",
            [],
            |r| r.get(0),
        )
        .expect("a ranking");
    let mut r = seedbed::tui::runner::Runner::new(
        store,
        Config::default(),
        crate::common::NOW,
        seedbed::i18n::Lang::Zh,
        None,
    );
    let district: String = r
        .store
        .conn
        .query_row(
            "SELECT district FROM enterprises GROUP BY district ORDER BY count(*) DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .expect("a district");
    for list in [
        ListId::Agenda,
        ListId::Alerts,
        ListId::Ranking,
        ListId::Certs,
        ListId::Requests,
    ] {
        let views = [
            ("own order", q(None, false, &[])),
            ("by name", q(Some(SortCol::Name), false, &[])),
            ("by district", q(Some(SortCol::District), true, &[])),
            (
                "one district",
                q(None, false, &[(Facet::District, &district)]),
            ),
        ];
        for (name, view) in views {
            for start in [0, 5_000] {
                let t = std::time::Instant::now();
                r.run(&Effect::Fetch {
                    list,
                    start,
                    len: 135,
                    pool: Pool::Hte,
                    year,
                    view: view.clone(),
                });
                println!(
                    "{list:?} {name} from {start}: {:.1} ms",
                    t.elapsed().as_secs_f64() * 1e3
                );
            }
        }
    }
}

#[test]
fn targets_roll_up_by_metric_over_the_named_districts() {
    let row = |district: &str, metric, target, actual, last_year| TargetRow {
        district: String::from(district),
        metric,
        year: 2026,
        target,
        actual,
        last_year,
        progress: None,
        districts: 0,
    };
    let rows = vec![
        row("天山区", Metric::HteRevenue, 1e8, None, None),
        row("天山区", Metric::HteCount, 10.0, Some(8.0), Some(6.0)),
        row("沙依巴克区", Metric::HteCount, 5.0, Some(7.0), None),
        // The whole pool's own target is no district's: left out.
        row("", Metric::HteCount, 99.0, Some(15.0), None),
        // Percent does not add up.
        row("天山区", Metric::VisitCoverage, 100.0, Some(80.0), None),
    ];
    let totals = seedbed::store::bureau::target_totals(&rows);
    assert_eq!(totals.len(), 2);
    let count = &totals[0];
    assert_eq!(count.metric, Metric::HteCount);
    assert_eq!(count.district, "");
    assert_eq!(count.districts, 2);
    assert_eq!(count.target, 15.0);
    assert_eq!(count.actual, Some(15.0));
    assert_eq!(count.last_year, Some(6.0));
    assert_eq!(count.progress, Some(100.0));
    let revenue = &totals[1];
    assert_eq!(revenue.metric, Metric::HteRevenue);
    assert_eq!((revenue.districts, revenue.target), (1, 1e8));
    assert_eq!((revenue.actual, revenue.progress), (None, None));
}
