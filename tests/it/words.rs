//! The CLI speaks the UI's words: filters and values take the codes and the labels the UI
//! shows (full and short, Chinese and English, and the words offices write), and a value it
//! does not know is answered with every code and its labels.

use crate::common::{demo_pool, seedbed, stderr, stdout};
use rusqlite::Connection;
use std::path::Path;
use std::process::Output;

/// `seedbed` in Chinese (the common helper runs in English).
fn seedbed_zh(db: &Path, args: &[&str]) -> Output {
    crate::common::seedbed_in(db, "zh", args)
}

/// The credit codes `list` prints as JSON for `args`.
fn listed(db: &Path, args: &[&str]) -> Vec<String> {
    let mut all = vec!["list", "--format", "json"];
    all.extend_from_slice(args);
    let o = seedbed(db, &all);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    v.as_array()
        .expect("array")
        .iter()
        .map(|r| r["credit_code"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn filters_take_the_labels_the_ui_shows() {
    let (_dir, db) = demo_pool(60);
    for (flag, code, words) in [
        (
            "--pool",
            "tsme",
            &["科小库", "科技型中小企业培育库", "TSME", "Tech SME pool"][..],
        ),
        ("--pool", "hte", &["高企库", "HTE pool"][..]),
        (
            "--tier",
            "leader",
            &["领军", "科技创新领军企业", "Leader"][..],
        ),
        ("--tier", "tsme", &["科小", "tech SME"][..]),
        ("--batch", "cultivating", &["培育批", "cultiv."][..]),
        ("--colour", "red", &["红", "●红", "R"][..]),
        ("--visit", "overdue", &["已逾期"][..]),
    ] {
        let by_code = listed(&db, &[flag, code]);
        assert!(!by_code.is_empty(), "{flag} {code} lists nobody");
        for w in words {
            assert_eq!(listed(&db, &[flag, w]), by_code, "{flag} {w}");
        }
    }
    let all = listed(&db, &[]);
    assert!(listed(&db, &["--pool", "科小库"]).len() < all.len());
    // The ranking of a pool, named by its short label.
    let o = seedbed(&db, &["rank", "--pool", "高企库", "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o2 = seedbed(&db, &["rank", "--pool", "hte", "--format", "json"]);
    assert_eq!(stdout(&o), stdout(&o2));
}

#[test]
fn a_bad_value_is_answered_with_codes_and_labels() {
    let (_dir, db) = demo_pool(5);
    let o = seedbed(&db, &["list", "--pool", "高新"]);
    assert!(!o.status.success());
    assert_eq!(
        stderr(&o).trim(),
        "seedbed: error: unknown pool \"高新\"; use one of: hte (HTE pool), \
         tsme (Tech SME pool), project (Project pool / Proj.)"
    );
    let o = seedbed_zh(&db, &["list", "--tier", "超级"]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).trim().ends_with(
            "不认识的梯队「超级」；可选：tsme（科技型中小企业／科小）、\
             innovative（创新型中小企业／创新）、hte（高新技术企业／高企）、leader（科技创新领军企业／领军）"
        ),
        "{}",
        stderr(&o)
    );
    let code: String = Connection::open(&db)
        .expect("open")
        .query_row("SELECT min(credit_code) FROM enterprises", [], |r| r.get(0))
        .expect("one");
    let o = seedbed(
        &db,
        &["visit", "plan", &code, "--date", "+7", "--mode", "飞鸽"],
    );
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("use one of: on_site (on-site), phone, online"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn values_take_the_labels_too() {
    let (_dir, db) = demo_pool(5);
    let name: String = Connection::open(&db)
        .expect("open")
        .query_row(
            "SELECT credit_code FROM enterprises ORDER BY credit_code LIMIT 1",
            [],
            |r| r.get(0),
        )
        .expect("one");
    let o = seedbed(
        &db,
        &[
            "visit",
            "plan",
            &name,
            "--date",
            "2026-12-02",
            "--mode",
            "上门",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let o = seedbed(
        &db,
        &[
            "visit",
            "log",
            &name,
            "--notes",
            "电话沟通",
            "--mode",
            "电话",
            "--request",
            "资金申报:研发补助",
            "--next",
            "none",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let c = Connection::open(&db).expect("open");
    let modes: Vec<String> = c
        .prepare(
            "SELECT v.mode FROM visits v JOIN enterprises e ON e.id = v.enterprise_id
             WHERE e.credit_code = ?1 AND (v.planned_on = '2026-12-02' OR v.done_on = '2026-11-21')
             ORDER BY v.planned_on IS NULL, v.planned_on",
        )
        .expect("prepare")
        .query_map([&name], |r| r.get(0))
        .expect("query")
        .collect::<rusqlite::Result<_>>()
        .expect("rows");
    assert_eq!(modes, ["on_site", "phone"]);
    let category: String = c
        .query_row(
            "SELECT q.category FROM requests q JOIN enterprises e ON e.id = q.enterprise_id
             WHERE e.credit_code = ?1 AND q.text = '研发补助'",
            [&name],
            |r| r.get(0),
        )
        .expect("request");
    assert_eq!(category, "funding");
}

#[test]
fn an_import_takes_the_short_labels_and_names_codes_and_labels_when_refusing() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("pool.db");
    let code = seedbed::domain::credit_code::complete("91650203MA0000001").expect("code");
    let file = dir.path().join("e.csv");
    std::fs::write(
        &file,
        format!("统一社会信用代码,企业名称,所属区县,培育库,批次,梯队\n{code},甲公司,克拉玛依区,科小库,培育批,领军\n"),
    )
    .expect("write");
    let o = seedbed(&db, &["import", file.to_str().expect("path")]);
    assert!(o.status.success(), "{}", stderr(&o));
    let row: (String, String, String) = Connection::open(&db)
        .expect("open")
        .query_row("SELECT pool, batch, tier FROM enterprises", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .expect("row");
    assert_eq!(row, ("tsme".into(), "cultivating".into(), "leader".into()));
    std::fs::write(
        &file,
        format!("统一社会信用代码,企业名称,所属区县,梯队\n{code},甲公司,克拉玛依区,巨头\n"),
    )
    .expect("write");
    let o = seedbed(&db, &["import", file.to_str().expect("path")]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains(
            "line 2, column 梯队: \"巨头\" — unknown value; use one of: tsme (tech SME), \
             innovative (innovative SME / Innov.), hte, leader"
        ),
        "{}",
        stderr(&o)
    );
}

#[test]
fn kinds_are_named_by_code_or_name() {
    let (_dir, db) = demo_pool(5);
    let export = |kind: &str| {
        let o = seedbed(&db, &["export", "--kind", kind, "--format", "json"]);
        assert!(o.status.success(), "{kind}: {}", stderr(&o));
        stdout(&o)
    };
    assert_eq!(export("科技项目"), export("projects"));
    assert_eq!(export("yearly figures"), export("figures"));
    assert_eq!(export("帮扶事项"), export("support-actions"));
    assert_eq!(export("support_actions"), export("support-actions"));
    let o = seedbed(&db, &["export", "--kind", "项目", "--format", "json"]);
    assert!(!o.status.success());
    assert!(
        stderr(&o)
            .contains("unknown kind \"项目\"; use one of: enterprises (企业 / enterprises), "),
        "{}",
        stderr(&o)
    );
}
