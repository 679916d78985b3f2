//! One district, one name (GB/T 2260): free text of older files mapped to codes, every write
//! through the resolver (form edits, targets, import), and `seedbed check` listing what matches
//! no code. Expected codes and names are written by hand from the table.

use crate::common::{NOW, demo_pool, seedbed, stderr, stdout};
use rusqlite::Connection;
use seedbed::config::Config;
use seedbed::domain::Tier;
use seedbed::domain::targets::Metric;
use seedbed::store::edit::{Edit, EditContext, EnterpriseFields, apply};
use seedbed::store::{OpenMode, Store, StoreError};
use std::path::Path;

/// A file as Seedbed wrote it before districts had codes (schema 4), by hand: enterprises and
/// targets whose districts are free text, the way offices typed them.
fn older_file(db: &Path) {
    let conn = Connection::open(db).expect("create");
    for sql in [
        include_str!("../../src/store/schema_v1.sql"),
        include_str!("../../src/store/schema_v2.sql"),
        include_str!("../../src/store/schema_v3.sql"),
        include_str!("../../src/store/schema_v4.sql"),
    ] {
        conn.execute_batch(sql).expect("old schema");
    }
    conn.execute_batch(
        "PRAGMA user_version = 4;
         PRAGMA application_id = 1397048644;
         INSERT INTO enterprises (id, credit_code, name, region_code, district, tier, created_at, updated_at)
         VALUES
           ('e1', '91650100MA00001540', '甲科技', '650100', '新市区', 'tsme', '2025-01-01T00:00:00', '2025-01-01T00:00:00'),
           ('e2', '91620100MA00000001', '乙科技', '620100', ' 兰州市城关区 ', 'tsme', '2025-01-01T00:00:00', '2025-01-01T00:00:00'),
           ('e3', '91620100MA00000002', '丙科技', '620100', '城关区', 'tsme', '2025-01-01T00:00:00', '2025-01-01T00:00:00'),
           ('e4', '91650100MA00000003', '丁科技', '650100', '新城', 'tsme', '2025-01-01T00:00:00', '2025-01-01T00:00:00'),
           ('e5', '91650100MA00000004', '戊科技', '650100', '650203', 'tsme', '2025-01-01T00:00:00', '2025-01-01T00:00:00');
         INSERT INTO enterprises (id, credit_code, name, region_code, district, tier, created_at, updated_at)
         VALUES
           ('e7', '91650100MA00000007', '庚科技', '650100', '城关区', 'tsme', '2025-01-01T00:00:00', '2025-01-01T00:00:00'),
           ('e8', '91540102MA00000008', '辛科技', '540102', '城关区', 'tsme', '2025-01-01T00:00:00', '2025-01-01T00:00:00'),
           ('e9', '91650100MA00000009', '壬科技', '650100', '乌鲁木齐天山区', 'tsme', '2025-01-01T00:00:00', '2025-01-01T00:00:00'),
           ('e10', '91652300MA00000010', '癸科技', '652300', '昌吉州昌吉市', 'tsme', '2025-01-01T00:00:00', '2025-01-01T00:00:00');
         INSERT INTO enterprises (id, credit_code, name, region_code, district, tier, deleted_at, created_at, updated_at)
         VALUES ('e6', '91650100MA00000005', '己科技', '650100', '高新区', 'tsme', '2025-06-01T00:00:00', '2025-01-01T00:00:00', '2025-01-01T00:00:00');
         INSERT INTO targets (id, district, metric, year, value, created_at, updated_at) VALUES
           ('t1', '新市区', 'new_hte', 2026, 5, '2025-01-01T00:00:00', '2025-01-01T00:00:00'),
           ('t2', '', 'new_hte', 2026, 20, '2025-01-01T00:00:00', '2025-01-01T00:00:00'),
           ('t3', '开发区', 'new_tsme', 2026, 8, '2025-01-01T00:00:00', '2025-01-01T00:00:00'),
           ('t4', '城关区', 'new_hte', 2027, 2, '2025-01-01T00:00:00', '2025-01-01T00:00:00'),
           ('t5', '兰州城关区', 'new_tsme', 2027, 4, '2025-01-01T00:00:00', '2025-01-01T00:00:00');",
    )
    .expect("old rows");
}

fn rows(conn: &Connection, sql: &str) -> Vec<(String, String, Option<String>)> {
    let mut stmt = conn.prepare(sql).expect("prepare");
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .expect("query")
        .collect::<rusqlite::Result<_>>()
        .expect("rows")
}

#[test]
fn an_older_files_free_text_districts_are_mapped_to_codes_on_opening() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("old.db");
    older_file(&db);
    let store = Store::open(&db, OpenMode::Existing).expect("open and migrate");
    let got = rows(
        &store.conn,
        "SELECT id, district, district_code FROM enterprises ORDER BY length(id), id",
    );
    let want: Vec<(String, String, Option<String>)> = [
        ("e1", "乌鲁木齐市新市区", Some("650104")),
        ("e2", "兰州市城关区", Some("620102")),
        // 城关区 is also 拉萨市's, but 丙科技 is registered in 兰州市 (620100): one fits.
        ("e3", "兰州市城关区", Some("620102")),
        ("e4", "新城", None),
        ("e5", "克拉玛依市克拉玛依区", Some("650203")),
        ("e6", "高新区", None),
        // Registered in 乌鲁木齐市: neither 城关区, not guessed.
        ("e7", "城关区", None),
        // Registered at 540102 itself.
        ("e8", "拉萨市城关区", Some("540102")),
        ("e9", "乌鲁木齐市天山区", Some("650102")),
        ("e10", "昌吉市", Some("652301")),
    ]
    .into_iter()
    .map(|(a, b, c)| (a.to_string(), b.to_string(), c.map(str::to_string)))
    .collect();
    assert_eq!(got, want);
    let got = rows(
        &store.conn,
        "SELECT id, district, district_code FROM targets ORDER BY id",
    );
    assert_eq!(
        got,
        vec![
            (
                "t1".to_string(),
                "乌鲁木齐市新市区".to_string(),
                Some("650104".to_string())
            ),
            ("t2".to_string(), String::new(), None),
            ("t3".to_string(), "开发区".to_string(), None),
            // A target has no credit code: a shared name stays as written.
            ("t4".to_string(), "城关区".to_string(), None),
            (
                "t5".to_string(),
                "兰州市城关区".to_string(),
                Some("620102".to_string())
            ),
        ]
    );
    // Mapped once: a second open changes nothing and does not map again.
    drop(store);
    let store = Store::open(&db, OpenMode::Existing).expect("reopen");
    let edition = store.meta("districts_mapped_with").expect("meta");
    assert_eq!(
        edition.as_deref(),
        Some(seedbed::domain::districts::EDITION)
    );
}

#[test]
fn a_file_mapped_before_the_short_forms_is_mapped_again() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("old.db");
    older_file(&db);
    drop(Store::open(&db, OpenMode::Existing).expect("open and migrate"));
    // As the previous build left it: the first edition's mark, and the rows it could not map.
    let conn = Connection::open(&db).expect("open");
    conn.execute_batch(
        "UPDATE meta SET value = 'nbs-2023/2847' WHERE key = 'districts_mapped_with';
         UPDATE enterprises SET district = '乌鲁木齐天山区', district_code = NULL WHERE id = 'e9';
         UPDATE enterprises SET district = '城关区', district_code = NULL WHERE id = 'e3';",
    )
    .expect("previous mapping");
    drop(conn);
    let store = Store::open(&db, OpenMode::Existing).expect("reopen");
    let got = rows(
        &store.conn,
        "SELECT id, district, district_code FROM enterprises WHERE id IN ('e3', 'e9') ORDER BY id",
    );
    assert_eq!(
        got,
        vec![
            (
                "e3".to_string(),
                "兰州市城关区".to_string(),
                Some("620102".to_string())
            ),
            (
                "e9".to_string(),
                "乌鲁木齐市天山区".to_string(),
                Some("650102".to_string())
            ),
        ]
    );
}

#[test]
fn check_lists_every_live_district_that_matches_no_code() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("old.db");
    older_file(&db);
    let o = seedbed(&db, &["check", "--format", "json"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let all: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    let listed: Vec<(String, String)> = all
        .as_array()
        .expect("array")
        .iter()
        .filter(|p| p["kind"] == "unknown_district")
        .map(|p| {
            (
                p["subject"].as_str().unwrap_or("").to_string(),
                p["detail"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(
        listed,
        vec![
            (
                "丁科技".to_string(),
                "enterprise district \"新城\" matches no GB/T 2260 code".to_string()
            ),
            (
                "庚科技".to_string(),
                "enterprise district \"城关区\" matches no GB/T 2260 code".to_string()
            ),
            (
                "new_hte 2027".to_string(),
                "target district \"城关区\" matches no GB/T 2260 code".to_string()
            ),
            (
                "new_tsme 2026".to_string(),
                "target district \"开发区\" matches no GB/T 2260 code".to_string()
            ),
        ]
    );
}

#[test]
fn a_demo_file_has_no_unmatched_district() {
    let (_dir, db) = demo_pool(60);
    let o = seedbed(&db, &["check", "--format", "json"]);
    assert!(!stdout(&o).contains("unknown_district"), "{}", stdout(&o));
    let conn = Connection::open(&db).expect("open");
    let (none, n): (i64, i64) = conn
        .query_row(
            "SELECT count(*) FILTER (WHERE district_code IS NULL), count(*) FROM enterprises",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("count");
    assert_eq!((none, n), (0, 60));
}

#[test]
fn saving_an_enterprise_resolves_its_district_or_says_which_ones() {
    let (_dir, db) = demo_pool(5);
    let mut store = Store::open(&db, OpenMode::Existing).expect("open");
    let config = Config::default();
    let ctx = EditContext {
        commissioner: None,
        now: NOW,
        config: &config,
    };
    let add = |district: &str, code: &str| Edit::SaveEnterprise {
        id: None,
        tier: Tier::Tsme,
        fields: EnterpriseFields {
            credit_code: code.into(),
            name: "新疆测试科技有限公司".into(),
            district: district.into(),
            ..Default::default()
        },
    };
    let e =
        apply(&mut store.conn, &ctx, &add("城关区", "91650100MA00001540")).expect_err("ambiguous");
    assert!(matches!(e, StoreError::District(_)), "{e:?}");
    assert_eq!(
        seedbed::i18n::store_text::store_error_text(&e, seedbed::i18n::Lang::Zh),
        "区县“城关区”有 2 处：拉萨市城关区、兰州市城关区，请写全称或 6 位代码"
    );
    let e = apply(&mut store.conn, &ctx, &add("新城", "91650100MA00001540")).expect_err("none");
    assert_eq!(
        e.to_string(),
        "district 新城 matches no GB/T 2260 code (write the district's name, full name or 6-digit code)"
    );
    let ok = apply(&mut store.conn, &ctx, &add("新市区", "91650100MA00001540")).expect("saved");
    let got: (String, String) = store
        .conn
        .query_row(
            "SELECT district, district_code FROM enterprises WHERE id = ?1",
            [&ok.enterprise_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("row");
    assert_eq!(got, ("乌鲁木齐市新市区".into(), "650104".into()));

    // A target by code gets the district's full name; an ambiguous one is refused.
    let set = |district: &str| Edit::SetTarget {
        district: district.into(),
        metric: Metric::NewHte,
        year: 2026,
        value: 3.0,
    };
    assert!(apply(&mut store.conn, &ctx, &set("城关区")).is_err());
    apply(&mut store.conn, &ctx, &set("620102")).expect("target");
    let got: (String, String) = store
        .conn
        .query_row(
            "SELECT district, district_code FROM targets WHERE metric = 'new_hte' AND year = 2026
             AND district <> ''",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("target row");
    assert_eq!(got, ("兰州市城关区".into(), "620102".into()));
}

#[test]
fn an_import_resolves_districts_and_names_the_ambiguous_rows() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("pool.db");
    let o = seedbed(&db, &["init"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let file = dir.path().join("enterprises.csv");
    // Valid credit codes (the check character completed by the library: input, not expectation).
    let code = |first17: &str| seedbed::domain::credit_code::complete(first17).expect("code");
    let (a, b, c) = (
        code("91650100MA0000154"),
        code("91620100MA0000000"),
        code("91650100MA0000003"),
    );
    std::fs::write(
        &file,
        format!(
            "统一社会信用代码,企业名称,所属区县\n{a},甲科技,新市区\n{b},乙科技,城关区\n{c},丁科技,新城\n"
        ),
    )
    .expect("csv");
    let o = seedbed(&db, &["import", file.to_str().expect("path")]);
    assert_ne!(o.status.code(), Some(0));
    let said = format!("{}{}", stdout(&o), stderr(&o));
    assert!(
        said.contains("2 districts have this name: 拉萨市城关区, 兰州市城关区"),
        "{said}"
    );
    assert!(said.contains("新城"), "{said}");
    assert!(said.contains("matches no GB/T 2260 district"), "{said}");

    std::fs::write(
        &file,
        format!("统一社会信用代码,企业名称,所属区县\n{a},甲科技,新市区\n{b},乙科技,620102\n"),
    )
    .expect("csv");
    let o = seedbed(&db, &["import", file.to_str().expect("path")]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    let conn = Connection::open(&db).expect("open");
    let got = rows(
        &conn,
        "SELECT name, district, district_code FROM enterprises ORDER BY credit_code",
    );
    assert_eq!(
        got,
        vec![
            (
                "乙科技".to_string(),
                "兰州市城关区".to_string(),
                Some("620102".to_string())
            ),
            (
                "甲科技".to_string(),
                "乌鲁木齐市新市区".to_string(),
                Some("650104".to_string())
            ),
        ]
    );
}

#[test]
fn list_takes_a_district_by_code_or_name_and_a_shared_name_as_a_fragment() {
    let (_dir, db) = demo_pool(60);
    let listed = |district: &str| -> Vec<String> {
        let o = seedbed(&db, &["list", "--district", district, "--format", "json"]);
        assert!(o.status.success(), "{}", stderr(&o));
        let rows: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
        rows.as_array()
            .expect("array")
            .iter()
            .map(|r| r["district"].as_str().unwrap_or("").to_string())
            .collect()
    };
    let conn = Connection::open(&db).expect("open");
    let stored: i64 = conn
        .query_row(
            "SELECT count(*) FROM enterprises WHERE district = '乌鲁木齐市新市区'",
            [],
            |r| r.get(0),
        )
        .expect("count");
    let stored = usize::try_from(stored).expect("count");
    assert!(stored > 0, "the demo has enterprises in 新市区");
    for typed in ["650104", "新市区", "乌鲁木齐市新市区"] {
        let got = listed(typed);
        assert_eq!(got.len(), stored, "{typed}");
        assert!(
            got.iter().all(|d| d == "乌鲁木齐市新市区"),
            "{typed}: {got:?}"
        );
    }
}

#[test]
fn list_takes_a_prefecture_by_code_or_name_as_all_its_districts() {
    let (_dir, db) = demo_pool(60);
    let listed = |district: &str| -> Vec<String> {
        let o = seedbed(&db, &["list", "--district", district, "--format", "json"]);
        assert!(o.status.success(), "{}", stderr(&o));
        let rows: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
        rows.as_array()
            .expect("array")
            .iter()
            .map(|r| r["district"].as_str().unwrap_or("").to_string())
            .collect()
    };
    let conn = Connection::open(&db).expect("open");
    let count = |sql: &str| -> usize {
        let n: i64 = conn.query_row(sql, [], |r| r.get(0)).expect("count");
        usize::try_from(n).expect("count")
    };
    let urumqi = count(
        "SELECT count(*) FROM enterprises WHERE deleted_at IS NULL AND district LIKE '乌鲁木齐市%'",
    );
    let karamay = count(
        "SELECT count(*) FROM enterprises WHERE deleted_at IS NULL AND district LIKE '克拉玛依市%'",
    );
    assert!(urumqi > 0 && karamay > 0, "the demo has both prefectures");
    for typed in ["650100", "乌鲁木齐市", " ６５０１００ "] {
        let got = listed(typed);
        assert_eq!(got.len(), urumqi, "{typed}");
        assert!(
            got.iter().all(|d| d.starts_with("乌鲁木齐市")),
            "{typed}: {got:?}"
        );
    }
    let got = listed("650200");
    assert_eq!(got.len(), karamay);
    assert!(got.iter().all(|d| d.starts_with("克拉玛依市")), "{got:?}");
    // The demo's districts are in 新疆 and 甘肃: 拉萨市 has none of them.
    assert_eq!(listed("540100"), Vec::<String>::new());
}
