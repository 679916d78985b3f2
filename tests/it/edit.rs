//! Writes: each edit is atomic, keeps the derived values current, and undo/redo restore rows.

use crate::common::{NOW, TODAY, demo_pool, seedbed, stderr, stdout};
use rusqlite::Connection;
use seedbed::config::Config;
use seedbed::domain::{Colour, RequestCategory, VisitMode};
use seedbed::store::edit::{Edit, EditContext, apply};
use seedbed::store::{OpenMode, Store, changes};
use time::macros::date;

fn open(db: &std::path::Path) -> Store {
    Store::open(db, OpenMode::Existing).expect("open")
}

/// Every row of the tables a visit touches, as text, for before/after comparison.
fn dump(conn: &Connection) -> String {
    let mut out = String::new();
    for (table, order) in [
        ("visits", "id"),
        ("requests", "id"),
        ("enterprises", "id"),
        ("milestones", "id"),
        ("projects", "id"),
        ("colour_overrides", "id"),
        ("pool_memberships", "id"),
        ("alert_list", "project_id"),
    ] {
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM {table} ORDER BY {order}"))
            .unwrap();
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                let cells: Vec<String> = (0..n)
                    .map(|i| match r.get_ref(i).unwrap() {
                        rusqlite::types::ValueRef::Text(t) => {
                            String::from_utf8_lossy(t).into_owned()
                        }
                        other => format!("{other:?}"),
                    })
                    .collect();
                Ok(cells.join("|"))
            })
            .unwrap();
        for r in rows {
            out.push_str(table);
            out.push(' ');
            out.push_str(&r.unwrap());
            out.push('\n');
        }
    }
    out
}

/// Asserts two dumps are equal, showing only the lines that differ.
fn same(got: &str, want: &str, what: &str) {
    if got != want {
        let g: std::collections::BTreeSet<&str> = got.lines().collect();
        let w: std::collections::BTreeSet<&str> = want.lines().collect();
        let extra: Vec<&&str> = g.difference(&w).take(5).collect();
        let missing: Vec<&&str> = w.difference(&g).take(5).collect();
        panic!("{what}: unexpected rows {extra:#?}\nmissing rows {missing:#?}");
    }
}

fn first_enterprise(conn: &Connection) -> (String, String) {
    conn.query_row(
        "SELECT id, name FROM enterprises ORDER BY rank IS NULL, rank, id LIMIT 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .unwrap()
}

fn log_visit(eid: &str) -> Edit {
    Edit::LogVisit {
        enterprise_id: eid.into(),
        planned_visit_id: None,
        date: TODAY,
        mode: VisitMode::OnSite,
        attendees: "张总、技术部李工".into(),
        notes: "了解研发投入情况，企业计划明年申报高企。".into(),
        requests: vec![
            (
                RequestCategory::Funding,
                "希望了解研发费用补助申报流程".into(),
            ),
            (RequestCategory::Talent, "需要引进两名嵌入式工程师".into()),
        ],
        next: Some(date!(2027 - 03 - 15)),
    }
}

#[test]
fn logging_a_visit_writes_everything_and_updates_derived_values() {
    let (_dir, db) = demo_pool(40);
    let mut store = open(&db);
    let (eid, _) = first_enterprise(&store.conn);
    let config = Config::default();
    let before_open: i64 = store
        .conn
        .query_row(
            "SELECT open_requests FROM enterprises WHERE id = ?1",
            [&eid],
            |r| r.get(0),
        )
        .unwrap();
    let ctx = EditContext {
        commissioner: None,
        now: NOW,
        config: &config,
    };
    let applied = apply(&mut store.conn, &ctx, &log_visit(&eid)).unwrap();
    assert!(applied.rows >= 3, "{applied:?}");
    let (last, next, open): (String, String, i64) = store
        .conn
        .query_row(
            "SELECT last_visit, next_visit, open_requests FROM enterprises WHERE id = ?1",
            [&eid],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(last, "2026-11-21");
    assert!(next.as_str() <= "2027-03-15", "next visit {next}");
    assert_eq!(open, before_open + 2);
    let notes: String = store
        .conn
        .query_row(
            "SELECT notes FROM visits WHERE enterprise_id = ?1 AND done_on = '2026-11-21'",
            [&eid],
            |r| r.get(0),
        )
        .unwrap();
    assert!(notes.contains("研发投入"));
    let logged: i64 = store
        .conn
        .query_row(
            "SELECT count(*) FROM change_log WHERE group_id = ?1",
            [applied.group],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(logged as usize, applied.rows);
}

#[test]
fn a_failure_half_way_leaves_nothing_behind() {
    let (_dir, db) = demo_pool(20);
    let mut store = open(&db);
    let (eid, _) = first_enterprise(&store.conn);
    let before = dump(&store.conn);
    let log_rows: i64 = store
        .conn
        .query_row("SELECT count(*) FROM change_log", [], |r| r.get(0))
        .unwrap();
    // The visit row goes in first; the second request then fails.
    store
        .conn
        .execute_batch(
            "CREATE TEMP TRIGGER fail_talent BEFORE INSERT ON requests
             WHEN NEW.category = 'talent' BEGIN SELECT RAISE(ABORT, 'disk on fire'); END;",
        )
        .unwrap();
    let config = Config::default();
    let ctx = EditContext {
        commissioner: None,
        now: NOW,
        config: &config,
    };
    let err = apply(&mut store.conn, &ctx, &log_visit(&eid)).unwrap_err();
    assert!(err.to_string().contains("disk on fire"), "{err}");
    same(&dump(&store.conn), &before, "nothing written");
    let after_rows: i64 = store
        .conn
        .query_row("SELECT count(*) FROM change_log", [], |r| r.get(0))
        .unwrap();
    assert_eq!(after_rows, log_rows);
}

#[test]
fn undo_then_redo_gives_the_same_rows() {
    let (_dir, db) = demo_pool(30);
    let mut store = open(&db);
    let (eid, _) = first_enterprise(&store.conn);
    let config = Config::default();
    let ctx = EditContext {
        commissioner: None,
        now: NOW,
        config: &config,
    };
    let original = dump(&store.conn);
    apply(&mut store.conn, &ctx, &log_visit(&eid)).unwrap();
    let project: String = store
        .conn
        .query_row(
            "SELECT id FROM projects WHERE acceptance_passed IS NULL AND deleted_at IS NULL
             ORDER BY enterprise_id = ?1 DESC, id LIMIT 1",
            [&eid],
            |r| r.get(0),
        )
        .unwrap_or_default();
    assert!(!project.is_empty(), "a project not yet accepted");
    {
        apply(
            &mut store.conn,
            &ctx,
            &Edit::OverrideColour {
                project_id: project,
                colour: Some(Colour::Red),
                reason: "资金未到位".into(),
            },
        )
        .unwrap();
    }
    let saved = dump(&store.conn);
    // The overridden project is on the alerts list, red, with its override's reason.
    let (colour, facts): (String, String) = store
        .conn
        .query_row(
            "SELECT a.colour, a.facts FROM alert_list a JOIN colour_overrides o
             ON o.project_id = a.project_id WHERE o.active = 1 AND o.reason = '资金未到位'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(colour, "red");
    assert!(facts.contains("资金未到位"), "{facts}");
    let problems = seedbed::store::check::run(&store.conn, TODAY, &config, 10).unwrap();
    assert!(problems.is_empty(), "{problems:?}");
    // Undo everything, in order.
    while changes::undo(&mut store.conn, None, TODAY, &config)
        .unwrap()
        .is_some()
    {}
    same(
        &dump(&store.conn),
        &original,
        "undo restores the original rows",
    );
    while changes::redo(&mut store.conn, None, TODAY, &config)
        .unwrap()
        .is_some()
    {}
    same(
        &dump(&store.conn),
        &saved,
        "redo gives the saved rows again",
    );
    assert!(
        changes::redo(&mut store.conn, None, TODAY, &config)
            .unwrap()
            .is_none()
    );
}

#[test]
fn a_new_save_after_undo_closes_redo() {
    let (_dir, db) = demo_pool(20);
    let mut store = open(&db);
    let (eid, _) = first_enterprise(&store.conn);
    let config = Config::default();
    let ctx = EditContext {
        commissioner: None,
        now: NOW,
        config: &config,
    };
    apply(&mut store.conn, &ctx, &log_visit(&eid)).unwrap();
    changes::undo(&mut store.conn, None, TODAY, &config)
        .unwrap()
        .unwrap();
    apply(
        &mut store.conn,
        &ctx,
        &Edit::PlanVisit {
            enterprise_id: eid,
            date: date!(2026 - 12 - 01),
            mode: VisitMode::Phone,
        },
    )
    .unwrap();
    assert!(
        changes::redo(&mut store.conn, None, TODAY, &config)
            .unwrap()
            .is_none()
    );
}

#[test]
fn duplicate_or_bad_credit_codes_are_refused() {
    let (_dir, db) = demo_pool(10);
    let mut store = open(&db);
    let code: String = store
        .conn
        .query_row("SELECT credit_code FROM enterprises LIMIT 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    let config = Config::default();
    let ctx = EditContext {
        commissioner: None,
        now: NOW,
        config: &config,
    };
    let mut fields = seedbed::store::edit::EnterpriseFields {
        credit_code: code,
        name: "新疆测试科技有限公司".into(),
        district: "乌鲁木齐市天山区".into(),
        ..Default::default()
    };
    let add = |f: &seedbed::store::edit::EnterpriseFields| Edit::SaveEnterprise {
        id: None,
        tier: seedbed::domain::Tier::Tsme,
        fields: f.clone(),
    };
    let e = apply(&mut store.conn, &ctx, &add(&fields)).unwrap_err();
    assert!(e.to_string().contains("already belongs"), "{e}");
    fields.credit_code = "91110108551385082F".into();
    let e = apply(&mut store.conn, &ctx, &add(&fields)).unwrap_err();
    assert!(e.to_string().contains("check character"), "{e}");
    fields.credit_code = "91650100MA00001540".into();
    let ok = apply(&mut store.conn, &ctx, &add(&fields)).unwrap();
    let initials: String = store
        .conn
        .query_row(
            "SELECT initials FROM enterprises WHERE id = ?1",
            [&ok.enterprise_id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(initials, "xjcskjyxgs");
}

#[test]
fn cli_logs_a_visit_then_undoes_and_redoes_it() {
    let (_dir, db) = demo_pool(30);
    let conn = Connection::open(&db).unwrap();
    let (_, name) = first_enterprise(&conn);
    drop(conn);
    let o = seedbed(
        &db,
        &[
            "visit",
            "log",
            &name,
            "--notes",
            "走访：讨论知识产权布局",
            "--request",
            "ip:专利申请辅导",
            "--request",
            "funding:研发补助",
            "--mode",
            "phone",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let show = stdout(&seedbed(&db, &["show", &name]));
    assert!(show.contains("讨论知识产权布局"), "{show}");
    assert!(show.contains("专利申请辅导"), "{show}");
    let o = seedbed(&db, &["undo"]);
    assert!(o.status.success(), "{}", stderr(&o));
    // The visit is gone; the detail's history (its last section) still tells of it, undone.
    let show = stdout(&seedbed(&db, &["show", &name]));
    let (records, history) = show.split_once("\n■ History").unwrap_or((&show, ""));
    assert!(!records.contains("讨论知识产权布局"), "{show}");
    assert!(history.contains("(undone)"), "{show}");
    let o = seedbed(&db, &["redo"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&seedbed(&db, &["show", &name])).contains("讨论知识产权布局"));
    let o = seedbed(
        &db,
        &[
            "visit",
            "log",
            &name,
            "--notes",
            "x",
            "--date",
            "2026-13-01",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("not a date"), "{}", stderr(&o));
    let o = seedbed(
        &db,
        &["--as", "不存在", "visit", "plan", &name, "--date", "+7"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no commissioner"), "{}", stderr(&o));
}
