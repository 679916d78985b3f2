//! Issue 14, items 2, 3 and 11: the as-of view shows what was known on its day and writes
//! nothing; a past year's figures do not move with today's data; a new enterprise is due its
//! first visit from its entry.

use crate::common::{NOW, TODAY, demo_pool, home, stdout};
use seedbed::app::{App, Effect, Loaded};
use seedbed::config::Config;
use seedbed::domain::targets::Metric;
use seedbed::i18n::Lang;
use seedbed::store::{OpenMode, Store, bureau};
use seedbed::tui::runner::Runner;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use time::macros::date;

/// The binary on `db` with the real today fixed at 2026-11-21 (`SEEDBED_TODAY`) and the view's
/// day given by `--today`.
fn run_on(db: &Path, day: &str, lang: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_seedbed"))
        .args(["--today", day, "--lang", lang, "--db"])
        .arg(db)
        .args(args)
        .env_remove("SEEDBED_DB")
        .env("SEEDBED_TODAY", "2026-11-21")
        .env("HOME", home(db))
        .env("XDG_CONFIG_HOME", home(db).join("config"))
        .env("XDG_DATA_HOME", home(db).join("data"))
        .env("SEEDBED_AUTO_BACKUP", "0")
        .output()
        .expect("run seedbed")
}

/// A small pool written by hand (real today 2026-11-21, as-of day 2026-06-30):
///
/// - 甲 (e1): in the pool since 2025-01-10; 李强 (c2) looked after it until 王芳 (c1) took it
///   over on 2026-07-01. Visits: done 2025-04-01, done 2026-02-10 (no plan), planned 2026-09-10
///   and done 2026-09-15. A request raised 2026-05-01 10:00, answered 12:00, closed 2026-07-05.
///   An HTE certificate issued 2026-10-01; figures of 2025, 2026 and 2027.
/// - 乙 (e2): 王芳's, in the pool since 2025-03-01; one visit done 2026-07-20 (no plan); a
///   request raised 2026-08-01, still open.
/// - 丙 (e3): 李强's, entered the pool 2026-08-01, never visited; a visit planned for
///   2026-06-28 was cancelled on 2026-09-01.
fn hand_pool() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("pool.db");
    let store = Store::create(&db, false).expect("create");
    store
        .conn
        .execute_batch(
            "INSERT INTO commissioners (id, name, created_at, updated_at) VALUES
                 ('c1', '王芳', '2025-01-01T08:00:00', '2025-01-01T08:00:00'),
                 ('c2', '李强', '2025-01-01T08:00:00', '2025-01-01T08:00:00');
             INSERT INTO enterprises (id, credit_code, name, region_code, district, tier,
                 commissioner_id, created_at, updated_at) VALUES
                 ('e1', '91110108551385082Q', '甲科技有限公司', '110108', '天山区', 'tsme', 'c1',
                  '2025-01-10T08:00:00', '2026-07-01T08:00:00'),
                 ('e2', '91370000728611939A', '乙科技有限公司', '370000', '天山区', 'tsme', 'c1',
                  '2025-03-01T08:00:00', '2025-03-01T08:00:00'),
                 ('e3', '52410000663412719U', '丙科技有限公司', '410000', '天山区', 'tsme', 'c2',
                  '2026-08-01T08:00:00', '2026-08-01T08:00:00');
             DELETE FROM commissioner_assignments WHERE enterprise_id = 'e1';
             INSERT INTO commissioner_assignments (enterprise_id, commissioner_id, assigned_on,
                 recorded_at) VALUES
                 ('e1', 'c2', '0000-01-01', '2025-01-10T08:00:00'),
                 ('e1', 'c1', '2026-07-01', '2026-07-01T08:00:00');
             INSERT INTO pool_memberships (id, enterprise_id, pool, batch, status, entered_on,
                 created_at, updated_at) VALUES
                 ('m1', 'e1', 'tsme', 'cultivating', 'in', '2025-01-10', '2025-01-10T08:00:00',
                  '2025-01-10T08:00:00'),
                 ('m2', 'e2', 'tsme', 'cultivating', 'in', '2025-03-01', '2025-03-01T08:00:00',
                  '2025-03-01T08:00:00'),
                 ('m3', 'e3', 'tsme', 'preferred', 'in', '2026-08-01', '2026-08-01T08:00:00',
                  '2026-08-01T08:00:00');
             INSERT INTO visits (id, enterprise_id, planned_on, done_on, mode, created_at,
                 updated_at) VALUES
                 ('v1', 'e1', NULL, '2025-04-01', 'onsite', '2025-04-01T08:00:00',
                  '2025-04-01T08:00:00'),
                 ('v2', 'e1', NULL, '2026-02-10', 'onsite', '2026-02-10T08:00:00',
                  '2026-02-10T08:00:00'),
                 ('v3', 'e1', '2026-09-10', '2026-09-15', 'onsite', '2026-06-01T08:00:00',
                  '2026-09-15T08:00:00'),
                 ('v4', 'e2', NULL, '2026-07-20', 'phone', '2026-07-20T08:00:00',
                  '2026-07-20T08:00:00');
             INSERT INTO visits (id, enterprise_id, planned_on, cancelled_on, mode, created_at,
                 updated_at) VALUES
                 ('v5', 'e3', '2026-06-28', '2026-09-01', 'onsite', '2026-06-01T08:00:00',
                  '2026-09-01T08:00:00');
             INSERT INTO requests (id, enterprise_id, raised_at, category, text,
                 first_response_at, status, closed_at, resolution, created_at, updated_at) VALUES
                 ('q1', 'e1', '2026-05-01T10:00:00', 'policy', '政策咨询', '2026-05-01T12:00:00',
                  'resolved', '2026-07-05T09:00:00', '已答复', '2026-05-01T10:00:00',
                  '2026-07-05T09:00:00'),
                 ('q2', 'e2', '2026-08-01T09:00:00', 'funding', '资金申报', NULL, 'open', NULL,
                  NULL, '2026-08-01T09:00:00', '2026-08-01T09:00:00');
             INSERT INTO certificates (id, enterprise_id, kind, number, issued_on, expires_on,
                 created_at, updated_at) VALUES
                 ('k1', 'e1', 'hte', 'GR202665000001', '2026-10-01', '2029-09-30',
                  '2026-10-01T08:00:00', '2026-10-01T08:00:00');
             INSERT INTO figures (id, enterprise_id, year, sales, created_at, updated_at) VALUES
                 ('f1', 'e1', 2025, 1000, '2026-03-01T08:00:00', '2026-03-01T08:00:00'),
                 ('f2', 'e1', 2026, 1100, '2026-03-01T08:00:00', '2026-03-01T08:00:00'),
                 ('f3', 'e1', 2027, 1200, '2026-03-01T08:00:00', '2026-03-01T08:00:00');",
        )
        .expect("hand pool");
    drop(store);
    // The saved derived values: those of the real today.
    let o = run_on(&db, "2026-11-21", "en", &["list"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    (dir, db)
}

/// `list --format json` as `(name, last_visit, next_visit, visit_state, open_requests,
/// commissioner)`, by name.
fn list_rows(db: &Path, day: &str) -> Vec<(String, String, String, String, i64, String)> {
    let o = run_on(
        db,
        day,
        "en",
        &["list", "--format", "json", "--sort", "name"],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let rows: Vec<serde_json::Value> = serde_json::from_str(&stdout(&o)).expect("json");
    let text = |r: &serde_json::Value, k: &str| r[k].as_str().unwrap_or("-").to_string();
    let mut out: Vec<_> = rows
        .iter()
        .map(|r| {
            (
                text(r, "name"),
                text(r, "last_visit"),
                text(r, "next_visit"),
                text(r, "visit_state"),
                r["open_requests"].as_i64().unwrap_or(-1),
                text(r, "commissioner"),
            )
        })
        .collect();
    out.sort();
    out
}

fn row(
    name: &str,
    last: &str,
    next: &str,
    state: &str,
    open: i64,
    who: &str,
) -> (String, String, String, String, i64, String) {
    (
        name.into(),
        last.into(),
        next.into(),
        state.into(),
        open,
        who.into(),
    )
}

#[test]
fn the_as_of_view_shows_only_what_was_known_that_day() {
    let (_dir, db) = hand_pool();
    // 2026-06-30: 丙 is not in the pool yet; 甲's visit of 09-15 is its plan of 09-10, its
    // last visit the one of 02-10; its request is still open and 李强 looks after it; 乙 was
    // never visited, so it is due since it entered (2025-03-01), and its request does not exist.
    assert_eq!(
        list_rows(&db, "2026-06-30"),
        vec![
            row("乙科技有限公司", "-", "2025-03-01", "due", 0, "王芳"),
            row(
                "甲科技有限公司",
                "2026-02-10",
                "2026-09-10",
                "ok",
                1,
                "李强"
            ),
        ]
    );
    // The real today: 甲 last visited 09-15, next due 09-15 + 120 days = 2027-01-13; 乙 last
    // visited 07-20, due 11-17 (passed); 丙 entered 08-01, never visited: due since then.
    assert_eq!(
        list_rows(&db, "2026-11-21"),
        vec![
            row("丙科技有限公司", "-", "2026-08-01", "due", 0, "李强"),
            row(
                "乙科技有限公司",
                "2026-07-20",
                "2026-11-17",
                "due",
                1,
                "王芳"
            ),
            row(
                "甲科技有限公司",
                "2026-09-15",
                "2027-01-13",
                "ok",
                0,
                "王芳"
            ),
        ]
    );
    // The certificate issued 2026-10-01 and the request raised 2026-08-01 do not exist on
    // 2026-06-30; the request closed 2026-07-05 is still in progress then.
    let mut ctx = crate::common::context(&db, Lang::En);
    ctx.today = date!(2026 - 06 - 30);
    let store = ctx.open().expect("as-of view");
    let one = |sql: &str| -> String {
        store
            .conn
            .query_row(sql, [], |r| r.get::<_, String>(0))
            .expect(sql)
    };
    assert_eq!(one("SELECT count(*) || '' FROM certificates"), "0");
    assert_eq!(
        one("SELECT group_concat(id || ':' || status) FROM requests"),
        "q1:in_progress"
    );
    // Figures of later years do not exist either (those of 2027 are hidden on 2026-06-30).
    assert_eq!(one("SELECT group_concat(year) FROM figures"), "2025,2026");
    // 丙's plan of 06-28 (cancelled later) belongs to an enterprise not in the pool yet: the
    // agenda of the week neither lists nor counts it (a count without rows would page forever).
    let (total, rows) = seedbed::store::queries::agenda_page(
        &store.conn,
        date!(2026 - 06 - 30),
        date!(2026 - 07 - 06),
        None,
        0,
        50,
    )
    .expect("agenda");
    assert_eq!((total, rows.len()), (0, 0));
}

/// Every table's rows, as text, in one string (the derived tables included).
fn dump(db: &Path) -> String {
    let conn = rusqlite::Connection::open(db).expect("open");
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .expect("tables")
        .query_map([], |r| r.get(0))
        .expect("tables")
        .collect::<Result<_, _>>()
        .expect("tables");
    let mut out = String::new();
    for t in tables {
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM \"{t}\" ORDER BY 1"))
            .expect("select");
        let n = stmt.column_count();
        let mut rows = stmt.query([]).expect("rows");
        while let Some(r) = rows.next().expect("row") {
            out.push_str(&t);
            for i in 0..n {
                let v: rusqlite::types::Value = r.get(i).expect("value");
                out.push_str(&format!("|{v:?}"));
            }
            out.push('\n');
        }
    }
    out
}

/// A hash of the database file and its write-ahead log, byte for byte, after `conn` moved the
/// log into the file (a no-op when nothing was written since the last time).
fn bytes(db: &Path, conn: &rusqlite::Connection) -> Vec<(String, u64)> {
    use std::hash::{DefaultHasher, Hash, Hasher};
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .expect("checkpoint");
    ["", "-wal"]
        .iter()
        .filter_map(|s| {
            let p = seedbed::store::side_file(db, s);
            std::fs::read(&p).ok().map(|b| {
                let mut h = DefaultHasher::new();
                b.hash(&mut h);
                (s.to_string(), h.finish())
            })
        })
        .collect()
}

#[test]
fn an_earlier_day_writes_nothing_to_the_file() {
    let (dir, db) = demo_pool(60);
    // Settle the file at the real today first (derived values and the summaries of the year).
    for args in [
        &["list"][..],
        &["commissioners"],
        &["targets"],
        &["rewards"],
    ] {
        let o = run_on(&db, "2026-11-21", "en", args);
        assert!(o.status.success(), "{args:?}");
    }
    let watcher = rusqlite::Connection::open(&db).expect("watcher");
    let (rows_before, bytes_before) = (dump(&db), bytes(&db, &watcher));
    let version = |c: &rusqlite::Connection| -> i64 {
        c.query_row("PRAGMA data_version", [], |r| r.get(0))
            .expect("data_version")
    };
    let v0 = version(&watcher);
    let name: String = watcher
        .query_row(
            "SELECT e.name FROM enterprises e JOIN pool_memberships m ON m.enterprise_id = e.id
             ORDER BY m.entered_on LIMIT 1",
            [],
            |r| r.get(0),
        )
        .expect("a name in the pool on 2026-03-01");
    let out = dir.path().join("report.md");
    let out = out.to_string_lossy().into_owned();
    for args in [
        &["list"][..],
        &["agenda"],
        &["alerts"],
        &["rank"],
        &["requests"],
        &["certs"],
        &["commissioners", "--year", "2025"],
        &["commissioners"],
        &["targets", "--year", "2025"],
        &["rewards", "--year", "2025"],
        &["show", &name],
        &["report", "--period", "month", "--out", &out],
    ] {
        let o = run_on(&db, "2026-03-01", "en", args);
        assert!(
            o.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    // A write on an earlier day is refused, in the user's language, and writes nothing.
    for (lang, words) in [("en", "changes nothing"), ("zh", "不修改任何内容")] {
        let o = run_on(
            &db,
            "2026-03-01",
            lang,
            &["visit", "log", &name, "--notes", "x"],
        );
        assert!(!o.status.success());
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(words) && err.contains("2026-03-01"), "{err}");
    }
    assert_eq!(version(&watcher), v0, "another connection saw a commit");
    assert_eq!(dump(&db), rows_before);
    assert_eq!(bytes(&db, &watcher), bytes_before);
}

#[test]
fn the_tui_runner_views_another_day_on_its_connection_only() {
    let (_dir, db) = hand_pool();
    let store = Store::open(&db, OpenMode::Existing).expect("open");
    let mut runner = Runner::new(store, Config::default(), NOW, Lang::Zh, None);
    runner.real_today = TODAY;
    let index_len = |r: &mut Runner| match r.run(&Effect::LoadIndex) {
        Loaded::Index(i) => i.rows.len(),
        other => panic!("{other:?}"),
    };
    assert_eq!(index_len(&mut runner), 3);
    let before = dump(&db);
    let other = rusqlite::Connection::open(&db).expect("second session");
    let last_of_e1 = |c: &rusqlite::Connection| -> String {
        c.query_row(
            "SELECT last_visit FROM enterprises WHERE id = 'e1'",
            [],
            |r| r.get(0),
        )
        .expect("e1")
    };
    assert!(matches!(
        runner.run(&Effect::SetToday(date!(2026 - 06 - 30))),
        Loaded::Today(_)
    ));
    assert_eq!(index_len(&mut runner), 2);
    let seen: String = runner
        .store
        .conn
        .query_row(
            "SELECT last_visit FROM enterprises WHERE id = 'e1'",
            [],
            |r| r.get(0),
        )
        .expect("e1");
    assert_eq!(seen, "2026-02-10");
    // The second session and the file see the real today's values.
    assert_eq!(last_of_e1(&other), "2026-09-15");
    assert_eq!(dump(&db), before);
    // A change asked for in the view is refused and writes nothing.
    assert!(matches!(runner.run(&Effect::Undo), Loaded::Error(_)));
    assert_eq!(dump(&db), before);
    // Back to the real today.
    runner.run(&Effect::SetToday(TODAY));
    assert_eq!(index_len(&mut runner), 3);
}

#[test]
fn today_alone_returns_to_the_real_day_and_a_bad_day_is_said_in_the_users_language() {
    let mut app = App::new(Lang::Zh, NOW, Config::default(), 120, 36);
    app.real_today = Some(TODAY);
    app.now = time::PrimitiveDateTime::new(date!(2026 - 06 - 30), NOW.time());
    assert!(app.as_of_view());
    for line in ["today", "today 今天", "today today"] {
        let mut fx = Vec::new();
        app.run_command(line, &mut fx);
        assert_eq!(fx, vec![Effect::SetToday(TODAY)], "{line}");
    }
    let mut fx = Vec::new();
    app.run_command("today 2026-02-30", &mut fx);
    assert!(fx.is_empty());
    let status = app.status.clone().unwrap_or_default();
    assert!(status.contains("不是日期"), "{status}");
    app.lang = Lang::En;
    app.run_command("today 2026-13-01", &mut fx);
    let status = app.status.clone().unwrap_or_default();
    assert!(status.contains("not a date"), "{status}");
    // Relative days count from the day shown.
    app.run_command("today -1", &mut fx);
    assert_eq!(fx, vec![Effect::SetToday(date!(2026 - 06 - 29))]);
}

/// 2025's visit coverage and each commissioner's enterprises and visits done in 2025.
fn year_2025(db: &Path) -> (Option<f64>, Vec<(String, u32, u32)>) {
    let store = Store::open(db, OpenMode::Existing).expect("open");
    let config = Config::default();
    let coverage =
        bureau::metric_value(&store.conn, Metric::VisitCoverage, "", 2025, TODAY).expect("cov");
    let people = bureau::commissioner_figures(&store.conn, 2025, NOW, &config)
        .expect("figures")
        .into_iter()
        .map(|f| (f.name, f.enterprises, f.visits_done))
        .collect();
    (coverage, people)
}

#[test]
fn a_past_year_keeps_its_figures_through_todays_additions_moves_and_reassignments() {
    let (dir, db) = hand_pool();
    // 2025: 甲 and 乙 in the pool on 2025-12-31 (丙 entered 2026); 甲 visited 2025-04-01 when
    // 李强 looked after it. Coverage 1 of 2; 王芳: 乙, no visit; 李强: 甲, one visit.
    let want = (
        Some(50.0),
        vec![("李强".to_string(), 1, 1), ("王芳".to_string(), 1, 0)],
    );
    assert_eq!(year_2025(&db), want);

    // Today: two enterprises enter the pool, 乙 goes to 李强, 甲 leaves the pool.
    let csv = dir.path().join("new.csv");
    std::fs::write(
        &csv,
        "企业名称,统一社会信用代码,所属区县,培育库,批次\n\
         新疆新进一号科技有限公司,91650100MA00001540,天山区,tsme,cultivating\n\
         新疆新进二号科技有限公司,91650100MA77XQ0K8G,天山区,tsme,cultivating\n",
    )
    .expect("csv");
    let o = run_on(
        &db,
        "2026-11-21",
        "en",
        &["import", "--kind", "enterprises", &csv.to_string_lossy()],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    {
        let store = Store::open(&db, OpenMode::Existing).expect("open");
        store
            .conn
            .execute_batch(
                "UPDATE enterprises SET commissioner_id = 'c2' WHERE id = 'e2';
                 UPDATE pool_memberships SET status = 'out', left_on = '2026-11-21'
                 WHERE enterprise_id = 'e1';",
            )
            .expect("today's changes");
        // The reassignment is in the history, dated the day it was made (after 2025).
        let (n, on): (i64, String) = store
            .conn
            .query_row(
                "SELECT count(*), max(assigned_on) FROM commissioner_assignments
                 WHERE enterprise_id = 'e2'",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .expect("history");
        assert_eq!(n, 2);
        assert!(on.as_str() >= "2026-11-21", "{on}");
    }
    assert_eq!(year_2025(&db), want, "today's data moved 2025");
    // This year does move: 5 enterprises in the pool on 2026-11-21 less 甲 (left today) = 4,
    // of which 乙 was visited in 2026: 25 %.
    let store = Store::open(&db, OpenMode::Existing).expect("open");
    let now = bureau::metric_value(&store.conn, Metric::VisitCoverage, "", 2026, TODAY)
        .expect("coverage");
    assert_eq!(now, Some(25.0));
    drop(store);

    // A visit of 乙 dated 2025-10-10, recorded late: 2025 changes (王芳 looked after 乙 then),
    // and the change log has it.
    let logged_before = count(
        &db,
        "SELECT count(*) FROM change_log WHERE entity = 'visits'",
    );
    let o = run_on(
        &db,
        "2026-11-21",
        "en",
        &[
            "visit",
            "log",
            "乙科技",
            "--date",
            "2025-10-10",
            "--notes",
            "补录",
            "--next",
            "none",
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(
        year_2025(&db),
        (
            Some(100.0),
            vec![("李强".to_string(), 1, 1), ("王芳".to_string(), 1, 1)],
        )
    );
    assert!(
        count(
            &db,
            "SELECT count(*) FROM change_log WHERE entity = 'visits'"
        ) > logged_before
    );
    // The as-of view of a day before these changes (all made by the clock of this run) has
    // none of them in its history.
    let mut ctx = crate::common::context(&db, Lang::En);
    ctx.today = date!(2026 - 06 - 30);
    let store = ctx.open().expect("as-of view");
    let (groups, log): (i64, i64) = store
        .conn
        .query_row(
            "SELECT (SELECT count(*) FROM change_groups), (SELECT count(*) FROM change_log)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("history");
    assert_eq!((groups, log), (0, 0));
    assert!(count(&db, "SELECT count(*) FROM change_groups") >= 2);
}

fn count(db: &Path, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(db).expect("open");
    conn.query_row(sql, [], |r| r.get(0)).expect(sql)
}

#[test]
fn an_enterprise_entering_the_pool_is_due_its_first_visit_at_once() {
    let (dir, db) = hand_pool();
    let due = |db: &Path| -> i64 {
        count(
            db,
            "SELECT count(*) FROM enterprises
             WHERE planned_visit IS NULL AND deleted_at IS NULL AND next_visit <= '2026-11-21'",
        )
    };
    // 乙 (last visit 07-20, due 11-17) and 丙 (entered 08-01, never visited).
    assert_eq!(due(&db), 2);
    let csv = dir.path().join("new.csv");
    std::fs::write(
        &csv,
        "企业名称,统一社会信用代码,所属区县,培育库,批次\n新疆新进一号科技有限公司,91650100MA00001540,天山区,tsme,cultivating\n",
    )
    .expect("csv");
    let o = run_on(
        &db,
        "2026-11-21",
        "en",
        &["import", "--kind", "enterprises", &csv.to_string_lossy()],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // Entered today: due today, not four months out.
    assert_eq!(due(&db), 3);
    let next: String = rusqlite::Connection::open(&db)
        .expect("open")
        .query_row(
            "SELECT next_visit FROM enterprises WHERE credit_code = '91650100MA00001540'",
            [],
            |r| r.get(0),
        )
        .expect("new one");
    assert_eq!(next, "2026-11-21");
    // The header's count (待安排走访) says the same.
    let store = Store::open(&db, OpenMode::Existing).expect("open");
    let o = seedbed::store::queries::overview_summary(&store.conn, NOW, 24).expect("overview");
    assert_eq!(o.due_enterprises, 3);
}

#[test]
fn the_terminal_opened_on_an_earlier_day_shows_that_day() {
    let (dir, db) = hand_pool();
    let before = dump(&db);
    let home = dir.path().join("tui-home");
    std::fs::create_dir_all(&home).expect("home");
    let mut tui =
        crate::crash::Tui::start_with(&db, &home, &["--today", "2026-06-30", "--as", "王芳"]);
    // 甲's last visit of that day (02-10, not 09-15) and no 丙 (it entered in August).
    tui.wait_for("the as-of pool", |s| {
        s.contains("历史视图") && s.contains("2026-02-10") && s.contains("乙科技有限公司")
    });
    assert!(!tui.screen.contains("丙科技有限公司"), "{}", tui.screen);
    assert!(!tui.screen.contains("2026-09-15"), "{}", tui.screen);
    tui.send("q");
    tui.exit("quit");
    assert_eq!(dump(&db), before);
}

/// What was closed, answered, frozen, started or certified after the day is undone on it: the
/// hand pool plus a freeze of 乙 on 2026-09-01, an action of 乙 due 2026-06-01 and cancelled on
/// 2026-08-15, a request of 乙 raised 2026-06-20 and answered 2026-07-02 (still in progress),
/// a project of 甲 starting 2026-08-01, and 甲 an HTE since its certificate of 2026-10-01.
#[test]
fn what_changed_after_the_day_is_undone_on_it() {
    let (_dir, db) = hand_pool();
    let store = Store::open(&db, OpenMode::Existing).expect("open");
    store
        .conn
        .execute_batch(
            "UPDATE pool_memberships SET status = 'frozen', status_on = '2026-09-01',
                 status_reason = '停产整顿' WHERE id = 'm2';
             INSERT INTO support_actions (id, enterprise_id, action, due_on, status, done_on,
                 created_at, updated_at) VALUES
                 ('a1', 'e2', '指导建立研发中心', '2026-06-01', 'dropped', '2026-08-15',
                  '2026-05-01T08:00:00', '2026-08-15T08:00:00');
             INSERT INTO requests (id, enterprise_id, raised_at, category, text,
                 first_response_at, status, created_at, updated_at) VALUES
                 ('q3', 'e2', '2026-06-20T10:00:00', 'policy', '申报指导',
                  '2026-07-02T09:00:00', 'in_progress', '2026-06-20T10:00:00',
                  '2026-07-02T09:00:00');
             INSERT INTO projects (id, enterprise_id, name, level, start_on, planned_end,
                 created_at, updated_at) VALUES
                 ('p1', 'e1', '智能灌溉系统', 'district', '2026-08-01', '2027-07-31',
                  '2026-08-01T08:00:00', '2026-08-01T08:00:00');
             UPDATE enterprises SET tier = 'hte' WHERE id = 'e1';",
        )
        .expect("later changes");
    seedbed::store::asof::enter(&store.conn, date!(2026 - 06 - 30), &Config::default())
        .expect("the view of 2026-06-30");
    let one = |sql: &str| -> String {
        store
            .conn
            .query_row(sql, [], |r| r.get::<_, Option<String>>(0))
            .expect(sql)
            .unwrap_or_else(|| "NULL".into())
    };
    assert_eq!(
        one("SELECT status || ' ' || coalesce(status_on, '-') || ' ' || coalesce(status_reason, '-')
             FROM pool_memberships WHERE id = 'm2'"),
        "in - -",
        "frozen only on 2026-09-01"
    );
    assert_eq!(
        one("SELECT status || ' ' || coalesce(done_on, '-') FROM support_actions WHERE id = 'a1'"),
        "open -",
        "cancelled only on 2026-08-15"
    );
    assert_eq!(
        one(
            "SELECT status || ' ' || coalesce(first_response_at, '-') FROM requests
             WHERE id = 'q3'"
        ),
        "open -",
        "answered only on 2026-07-02"
    );
    assert_eq!(
        one("SELECT CAST(count(*) AS TEXT) FROM projects WHERE id = 'p1'"),
        "0",
        "started only on 2026-08-01"
    );
    assert_eq!(
        one("SELECT tier FROM enterprises WHERE id = 'e1'"),
        "innovative",
        "an HTE only from 2026-10-01"
    );
    // The real today still sees them all.
    seedbed::store::asof::leave(&store.conn).expect("leave");
    assert_eq!(
        one("SELECT status || ' ' || status_on FROM pool_memberships WHERE id = 'm2'"),
        "frozen 2026-09-01"
    );
    assert_eq!(one("SELECT tier FROM enterprises WHERE id = 'e1'"), "hte");
}
