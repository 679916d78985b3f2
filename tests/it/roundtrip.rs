//! Seedbed's own files come back unchanged: every kind `export` writes, in CSV, XLSX and JSON,
//! imported into the file it came from (nothing changes, twice over) and into a fresh file made
//! with `init` (the same rows, ids included), on a demo pool that has two projects of one name
//! in one enterprise.

use rusqlite::Connection;
use std::path::Path;
use std::process::Output;

/// Runs `seedbed` on `db` as of the fixed date, in `lang`.
fn seedbed(db: &Path, lang: &str, args: &[&str]) -> Output {
    crate::common::seedbed_in(db, lang, args)
}

fn ok(db: &Path, lang: &str, args: &[&str]) -> String {
    let o = seedbed(db, lang, args);
    assert!(
        o.status.success(),
        "seedbed {args:?} failed\nstdout: {}\nstderr: {}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// The kinds an import takes, in the order their references need.
const KINDS: [&str; 11] = [
    "enterprises",
    "pool",
    "projects",
    "milestones",
    "visits",
    "requests",
    "figures",
    "certificates",
    "targets",
    "support-actions",
    "rewards",
];

/// Every table a file keeps, each column of it (nothing left out): what an import into the same
/// file must leave exactly as it was, `updated_at` and the change log included.
const WHOLE: [&str; 16] = [
    "commissioners",
    "enterprises",
    "pool_memberships",
    "projects",
    "milestones",
    "colour_overrides",
    "visits",
    "requests",
    "figures",
    "certificates",
    "targets",
    "support_actions",
    "rewards",
    "rankings",
    "change_groups",
    "change_log",
];

/// The rows of `table` in `a` that `b` lacks, and those of `b` that `a` lacks (at most five
/// each), as text: empty when the two hold the same rows. `cols` is a select list over `t`
/// (the table) and `c` (its commissioner, when `join` names the column).
fn difference(conn: &Connection, table: &str, cols: &str, join: Option<&str>) -> Vec<String> {
    let from = |db: &str| match join {
        Some(col) => format!(
            "SELECT {cols} FROM {db}.{table} t LEFT JOIN {db}.commissioners c ON c.id = t.{col}"
        ),
        None => format!("SELECT {cols} FROM {db}.{table} t"),
    };
    let mut out = Vec::new();
    for (x, y) in [("main", "b"), ("b", "main")] {
        let sql = format!("SELECT * FROM ({} EXCEPT {}) LIMIT 5", from(x), from(y));
        let mut stmt = conn.prepare(&sql).expect("prepare");
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                let cells: Vec<String> = (0..n)
                    .map(|i| match r.get::<_, rusqlite::types::Value>(i) {
                        Ok(v) => format!("{v:?}"),
                        Err(e) => e.to_string(),
                    })
                    .collect();
                Ok(cells.join(" | "))
            })
            .expect("query")
            .collect::<rusqlite::Result<Vec<_>>>()
            .expect("rows");
        out.extend(
            rows.into_iter()
                .map(|r| format!("{table}: only in {x}: {r}")),
        );
    }
    out
}

/// Compares whole tables of `a` with `b` (every column).
fn whole_difference(a: &Path, b: &Path) -> Vec<String> {
    let conn = Connection::open(a).expect("open");
    conn.execute("ATTACH ?1 AS b", [b.to_str().expect("path")])
        .expect("attach");
    WHOLE
        .iter()
        .flat_map(|t| difference(&conn, t, "t.*", None))
        .collect()
}

/// A snapshot of `db` (all its tables, WAL included) in `to`.
fn snapshot(db: &Path, to: &Path) {
    let _ = std::fs::remove_file(to);
    Connection::open(db)
        .expect("open")
        .execute("VACUUM INTO ?1", [to.to_str().expect("path")])
        .expect("vacuum into");
}

/// The demo writes a high-tech field as its Chinese label; an import stores the code. Both
/// mean the same field: compared as codes.
const FIELD_CODE: &str = "CASE t.hte_field
    WHEN '电子信息' THEN 'electronic_information'
    WHEN '生物与新医药' THEN 'biomedicine'
    WHEN '航空航天' THEN 'aerospace'
    WHEN '新材料' THEN 'new_materials'
    WHEN '高技术服务' THEN 'hightech_services'
    WHEN '新能源与节能' THEN 'new_energy'
    WHEN '资源与环境' THEN 'resources_environment'
    WHEN '先进制造与自动化' THEN 'advanced_manufacturing'
    ELSE t.hte_field END";

/// The recorded columns of every kind a file round-trips through (derived values, stamps and
/// the log differ by design): a fresh file must hold the same rows, ids included. Commissioners
/// are matched by name (a fresh file gives them ids of its own).
fn fresh_difference(a: &Path, b: &Path) -> Vec<String> {
    let conn = Connection::open(a).expect("open");
    conn.execute("ATTACH ?1 AS b", [b.to_str().expect("path")])
        .expect("attach");
    let field = FIELD_CODE.to_string();
    let tables: [(&str, String, Option<&str>); 11] = [
        (
            "enterprises",
            format!(
                "t.id, t.credit_code, t.name, t.region_code, t.district, t.township, t.address,
                 t.industry, {field}, t.founded_on, t.contact_name, t.contact_phone, c.name,
                 t.tier, t.honours, t.notes, t.deleted_at, t.pool, t.batch, t.pool_status"
            ),
            Some("commissioner_id"),
        ),
        (
            "pool_memberships",
            "t.id, t.enterprise_id, t.pool, t.batch, t.status, t.entered_on, t.left_on".into(),
            None,
        ),
        (
            "projects",
            "t.id, t.enterprise_id, t.name, t.level, t.programme, t.budget, t.start_on,
             t.planned_end, t.extended_end, t.acceptance_applied, t.acceptance_passed,
             t.risk_flag, t.deleted_at"
                .into(),
            None,
        ),
        (
            "milestones",
            "t.id, t.project_id, t.seq, t.name, t.planned_on, t.done_on".into(),
            None,
        ),
        (
            "visits",
            "t.id, t.enterprise_id, t.planned_on, t.done_on, t.cancelled_on, t.mode, c.name,
             t.attendees, t.notes"
                .into(),
            Some("commissioner_id"),
        ),
        (
            "requests",
            "t.id, t.enterprise_id, t.visit_id, t.raised_at, t.category, t.text,
             t.first_response_at, t.status, t.closed_at, t.resolution"
                .into(),
            None,
        ),
        (
            "figures",
            "t.id, t.enterprise_id, t.year, t.staff, t.scitech_staff, t.sales, t.total_income,
             t.hightech_income, t.rd_spend, t.rd_domestic, t.net_assets, t.total_assets,
             t.liabilities, t.ip_class1, t.ip_class2, t.results_transferred, t.rd_mgmt_score,
             t.major_incident, t.annual_report_filed"
                .into(),
            None,
        ),
        (
            "certificates",
            "t.id, t.enterprise_id, t.kind, t.number, t.issued_on, t.expires_on".into(),
            None,
        ),
        (
            "targets",
            "t.id, t.district, t.metric, t.year, t.value".into(),
            None,
        ),
        (
            "support_actions",
            "t.id, t.enterprise_id, t.action, t.unit, t.person, t.due_on, t.status, t.done_on,
             t.deleted_at"
                .into(),
            None,
        ),
        (
            "rewards",
            "t.id, t.enterprise_id, t.kind, t.year, t.amount, t.paid_on".into(),
            None,
        ),
    ];
    tables
        .iter()
        .flat_map(|(t, cols, join)| difference(&conn, t, cols, *join))
        .collect()
}

fn count(db: &Path, sql: &str) -> i64 {
    Connection::open(db)
        .expect("open")
        .query_row(sql, [], |r| r.get(0))
        .expect("count")
}

#[test]
fn every_kind_round_trips_in_every_format_into_the_same_and_a_fresh_file() {
    let dir = tempfile::tempdir().expect("dir");
    let a = dir.path().join("pool.db");
    ok(&a, "zh", &["demo", "--enterprises", "40", "--seed", "7"]);
    // The case that broke the trip: two live projects of one name in one enterprise, with
    // milestones of their own.
    let twins = count(
        &a,
        "SELECT count(*) FROM projects p JOIN projects q ON q.enterprise_id = p.enterprise_id
           AND q.name = p.name AND q.id < p.id
         WHERE p.deleted_at IS NULL AND q.deleted_at IS NULL
           AND EXISTS (SELECT 1 FROM milestones m WHERE m.project_id = p.id)",
    );
    assert!(twins >= 1, "the demo pool should have same-named projects");
    for n in [
        "SELECT count(*) FROM support_actions",
        "SELECT count(*) FROM rewards",
        "SELECT count(*) FROM requests WHERE visit_id IS NOT NULL",
    ] {
        assert!(count(&a, n) > 0, "{n}");
    }
    // A reward paid under a document, and a membership frozen with a day and a reason: the
    // ledgers' closing fields make the trip too.
    let (code, kind, who): (String, String, String) = Connection::open(&a)
        .and_then(|c| {
            c.query_row(
                "SELECT e.credit_code, r.kind, (SELECT name FROM commissioners LIMIT 1)
                 FROM rewards r JOIN enterprises e ON e.id = r.enterprise_id
                 ORDER BY e.credit_code LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
        })
        .expect("a reward");
    ok(
        &a,
        "en",
        &[
            "--as",
            &who,
            "reward",
            "pay",
            &code,
            "--kind",
            &kind,
            "--document",
            "新科奖〔2026〕12号",
            "--date",
            "2026-06-30",
        ],
    );
    ok(
        &a,
        "en",
        &[
            "--as",
            &who,
            "pool-status",
            &code,
            "frozen",
            "--reason",
            "停产整顿",
            "--date",
            "2026-10-01",
        ],
    );
    let closed = "SELECT (SELECT count(*) FROM rewards WHERE document = '新科奖〔2026〕12号'
                          AND paid_on = '2026-06-30')
                       + (SELECT count(*) FROM pool_memberships WHERE status = 'frozen'
                          AND status_on = '2026-10-01' AND status_reason = '停产整顿')";
    assert_eq!(count(&a, closed), 2);
    let before = dir.path().join("before.db");
    for (format, lang) in [("csv", "zh"), ("xlsx", "en"), ("json", "zh")] {
        let b = dir.path().join(format!("fresh-{format}.db"));
        ok(&b, lang, &["init"]);
        for kind in KINDS {
            let file = dir.path().join(format!("{kind}.{format}"));
            let f = file.to_str().expect("path");
            ok(&a, lang, &["export", "--kind", kind, "--out", f]);
            // Back into the file it came from: nothing changes, not even a stamp.
            snapshot(&a, &before);
            let o = ok(&a, "en", &["import", f]);
            assert!(o.contains("added 0, updated 0"), "{kind}.{format}: {o}");
            let diff = whole_difference(&a, &before);
            assert!(diff.is_empty(), "{kind}.{format}:\n{}", diff.join("\n"));
            // Into the fresh file, then once more: the second time changes nothing.
            let o = ok(&b, "en", &["import", f]);
            assert!(!o.contains("added 0,"), "{kind}.{format}: {o}");
            snapshot(&b, &before);
            let o = ok(&b, "en", &["import", f, "--kind", kind]);
            assert!(
                o.contains("added 0, updated 0"),
                "{kind}.{format} again: {o}"
            );
            let diff = whole_difference(&b, &before);
            assert!(
                diff.is_empty(),
                "{kind}.{format} again:\n{}",
                diff.join("\n")
            );
        }
        assert_eq!(
            count(&b, closed),
            2,
            "the closed ledger rows in the fresh file ({format})"
        );
        let diff = fresh_difference(&a, &b);
        assert!(
            diff.is_empty(),
            "the fresh file from {format} differs:\n{}",
            diff.join("\n")
        );
        // Rankings are computed: exported, and refused on import.
        let file = dir.path().join(format!("rankings.{format}"));
        let f = file.to_str().expect("path");
        ok(&a, lang, &["export", "--kind", "rankings", "--out", f]);
        let o = seedbed(&a, "zh", &["import", f]);
        assert!(!o.status.success());
        let e = String::from_utf8_lossy(&o.stderr);
        assert!(
            e.contains("是排名数据：排名由 Seedbed 计算得出，只能导出，不能导入"),
            "{e}"
        );
    }
    // Also when named with --kind, and said in English.
    let f = dir.path().join("rankings.csv");
    let o = seedbed(
        &a,
        "en",
        &["import", f.to_str().expect("path"), "--kind", "rankings"],
    );
    assert!(!o.status.success());
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(
        e.contains("holds rankings, which Seedbed computes: they can be exported, not imported"),
        "{e}"
    );
}

/// A valid credit code made from a region and a serial.
fn code(region: &str, serial: u32) -> String {
    seedbed::domain::credit_code::complete(&format!("91{region}MA{serial:07}")).expect("code")
}

#[test]
fn ids_keep_same_named_projects_apart_and_are_checked() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("pool.db");
    ok(&db, "en", &["init"]);
    let (a, b) = (code("650203", 1), code("650102", 2));
    let write = |name: &str, text: String| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).expect("write");
        p.to_str().expect("path").to_string()
    };
    let f = write(
        "e.csv",
        format!("统一社会信用代码,企业名称,所属区县\n{a},甲公司,克拉玛依区\n{b},乙公司,天山区\n"),
    );
    ok(&db, "en", &["import", &f]);
    // Two projects of one name in one enterprise, each with its id; and one of another.
    let p1 = "01KAAAAAAAAAAAAAAAAAAAAAP1";
    let p2 = "01KAAAAAAAAAAAAAAAAAAAAAP2";
    let p3 = "01KAAAAAAAAAAAAAAAAAAAAAP3";
    let head = "统一社会信用代码,项目名称,项目级别,开始日期,计划结束日期,项目经费,记录ID\n";
    let f = write(
        "p.csv",
        format!(
            "{head}{a},节水灌溉,省级,2025-01-01,2026-12-31,100000,{p1}\n\
             {a},节水灌溉,市级,2025-06-01,2027-06-30,50000,{p2}\n\
             {b},数据平台,区县级,2025-03-01,2026-03-01,,{p3}\n"
        ),
    );
    let o = ok(&db, "en", &["import", &f]);
    assert!(o.contains("added 3, updated 0"), "{o}");
    let budgets = |id: &str| {
        count(
            &db,
            &format!("SELECT coalesce(budget, -1) FROM projects WHERE id = '{id}'"),
        )
    };
    assert_eq!((budgets(p1), budgets(p2), budgets(p3)), (100000, 50000, -1));
    // A change to the second reaches the second only.
    let f2 = write(
        "p2.csv",
        format!("{head}{a},节水灌溉,市级,2025-06-01,2027-06-30,60000,{p2}\n"),
    );
    let o = ok(&db, "en", &["import", &f2]);
    assert!(o.contains("added 0, updated 1"), "{o}");
    assert_eq!((budgets(p1), budgets(p2)), (100000, 60000));
    // Milestones go to the project their project id names, not the first of the name.
    let m = "统一社会信用代码,项目名称,项目ID,节点名称,计划完成日期,记录ID\n";
    let f = write(
        "m.csv",
        format!(
            "{m}{a},节水灌溉,{p2},中期检查,2026-06-30,01KAAAAAAAAAAAAAAAAAAAAAM1\n\
             {a},节水灌溉,{p1},中期检查,2025-12-31,01KAAAAAAAAAAAAAAAAAAAAAM2\n"
        ),
    );
    let o = ok(&db, "en", &["import", &f]);
    assert!(o.contains("added 2, updated 0"), "{o}");
    assert_eq!(
        count(
            &db,
            &format!(
                "SELECT count(*) FROM milestones WHERE id = '01KAAAAAAAAAAAAAAAAAAAAAM1'
                   AND project_id = '{p2}' AND planned_on = '2026-06-30'"
            )
        ),
        1
    );

    // Refused, each naming its line: an id of another enterprise's project, a project id that
    // is not stored or is another enterprise's, an id that is no id.
    let logged = count(&db, "SELECT count(*) FROM change_log");
    let f = write(
        "bad-p.csv",
        format!(
            "{head}{b},节水灌溉,省级,2025-01-01,2026-12-31,1,{p1}\n\
             {a},新项目,省级,2025-01-01,2026-12-31,1,not an id!\n"
        ),
    );
    let o = seedbed(&db, "en", &["import", &f]);
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success());
    assert!(
        e.contains(&format!(
            "line 2, column 记录ID: \"{p1}\" — this id is a record of another enterprise (or another project)"
        )),
        "{e}"
    );
    assert!(
        e.contains("line 3, column 记录ID: \"not an id!\" — not a record id"),
        "{e}"
    );
    let f = write(
        "bad-m.csv",
        format!(
            "{m}{b},节水灌溉,{p1},中期检查,2026-06-30,\n\
             ,节水灌溉,01KAAAAAAAAAAAAAAAAAAAAAZZ,结题,2026-06-30,\n"
        ),
    );
    let o = seedbed(&db, "zh", &["import", &f]);
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success());
    assert!(
        e.contains(&format!(
            "第 2 行，列 项目ID：\"{p1}\" — 该ID是另一家企业（或另一个项目）的记录"
        )),
        "{e}"
    );
    assert!(
        e.contains(
            "第 3 行，列 项目ID：\"01KAAAAAAAAAAAAAAAAAAAAAZZ\" — 库中没有该ID的记录（请先导入它）"
        ),
        "{e}"
    );
    assert_eq!(count(&db, "SELECT count(*) FROM change_log"), logged);

    // An enterprise row names its current membership: a new membership takes the id, and an id
    // of another enterprise's membership is refused.
    let q1 = "01KAAAAAAAAAAAAAAAAAAAAAQ1";
    let e = "统一社会信用代码,企业名称,所属区县,培育库,批次,入库记录ID\n";
    let f = write(
        "e2.csv",
        format!("{e}{a},甲公司,克拉玛依区,高企库,培育批,{q1}\n"),
    );
    ok(&db, "en", &["import", &f]);
    assert_eq!(
        count(
            &db,
            &format!(
                "SELECT count(*) FROM pool_memberships m JOIN enterprises e ON e.id = m.enterprise_id
                 WHERE m.id = '{q1}' AND e.credit_code = '{a}' AND m.pool = 'hte'"
            )
        ),
        1
    );
    let f = write(
        "e3.csv",
        format!("{e}{b},乙公司,天山区,高企库,培育批,{q1}\n"),
    );
    let o = seedbed(&db, "en", &["import", &f]);
    assert!(!o.status.success());
    assert!(
        String::from_utf8_lossy(&o.stderr).contains(&format!(
            "line 2, column 入库记录ID: \"{q1}\" — this id is a record of another enterprise"
        )),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}
