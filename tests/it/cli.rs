//! The command line: the read commands on a demo pool, and bad input.

use crate::common::{
    NAMES_IN_PINYIN_ORDER, demo_pool, pool_of_heteronym_names, seedbed, stderr, stdout,
};
use serde_json::Value;

fn json(args: &[&str], db: &std::path::Path) -> Value {
    let o = seedbed(db, args);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    serde_json::from_slice(&o.stdout).expect("valid JSON")
}

#[test]
fn list_json_carries_every_field_and_sorts_by_rank() {
    let (_dir, db) = demo_pool(60);
    let v = json(
        &[
            "list", "--sort", "rank", "--limit", "20", "--format", "json",
        ],
        &db,
    );
    let rows = v.as_array().expect("array");
    assert_eq!(rows.len(), 20);
    for key in [
        "id",
        "name",
        "credit_code",
        "district",
        "pool",
        "batch",
        "tier",
        "colour",
        "red",
        "yellow",
        "green",
        "last_visit",
        "next_visit",
        "visit_state",
        "rank",
        "score",
        "commissioner",
    ] {
        assert!(rows[0].get(key).is_some(), "missing {key}");
    }
    let ranks: Vec<u64> = rows.iter().filter_map(|r| r["rank"].as_u64()).collect();
    assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "{ranks:?}");
}

#[test]
fn list_filters_combine() {
    let (_dir, db) = demo_pool(120);
    let all = json(&["list", "--format", "json"], &db);
    let red = json(&["list", "--colour", "red", "--format", "json"], &db);
    let red_hte = json(
        &[
            "list", "--colour", "red", "--pool", "hte", "--format", "json",
        ],
        &db,
    );
    let n = |v: &Value| v.as_array().map_or(0, Vec::len);
    assert_eq!(n(&all), 120);
    assert!(n(&red) > 0 && n(&red) < n(&all));
    assert!(n(&red_hte) <= n(&red));
    for r in red_hte.as_array().unwrap() {
        assert_eq!(r["colour"], "red");
        assert_eq!(r["pool"], "hte");
        assert!(r["red"].as_u64().unwrap() > 0);
    }
    let overdue = json(&["list", "--visit", "overdue", "--format", "json"], &db);
    for r in overdue.as_array().unwrap() {
        assert_eq!(r["visit_state"], "overdue");
        assert!(r["next_visit"].as_str().unwrap() < "2026-11-21");
    }
}

#[test]
fn search_finds_by_chinese_fragment_pinyin_initials_and_code_prefix() {
    let (_dir, db) = demo_pool(120);
    let all = json(&["list", "--format", "json"], &db);
    let first = &all.as_array().unwrap()[0];
    let name = first["name"].as_str().unwrap();
    let code = first["credit_code"].as_str().unwrap();
    let fragment: String = name.chars().skip(2).take(2).collect();
    for q in [fragment.as_str(), &code[..12]] {
        let found = json(&["list", "--search", q, "--format", "json"], &db);
        assert!(
            found.as_array().unwrap().iter().any(|r| r["name"] == name),
            "search {q:?} misses {name}"
        );
    }
    // In the demo's 120 names, xjkl (新疆克拉玛依) starts 22 names and is inside none other.
    let xjkl = json(&["list", "--search", "xjkl", "--format", "json"], &db);
    let xjkl = xjkl.as_array().unwrap();
    assert_eq!(xjkl.len(), 22);
    for r in xjkl {
        assert!(
            r["name"].as_str().unwrap().starts_with("新疆克拉玛依"),
            "{}",
            r["name"]
        );
    }
}

#[test]
fn table_output_aligns_chinese_names_by_display_width() {
    let (_dir, db) = demo_pool(30);
    let o = seedbed(&db, &["--lang", "zh", "list", "--limit", "10"]);
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines.len() >= 3);
    // The district column (last) starts at the same display column on every row.
    let starts: Vec<usize> = lines[1..]
        .iter()
        .map(|l| {
            let cut = l.rfind("  ").expect("column gap");
            seedbed::text::width(&l[..cut])
        })
        .collect();
    assert!(starts.windows(2).all(|w| w[0] == w[1]), "{starts:?}\n{out}");
}

#[test]
fn list_sorts_by_the_pinyin_of_the_words_both_ways() {
    let (_dir, db) = pool_of_heteronym_names();
    let names = |args: &[&str]| -> Vec<String> {
        json(args, &db)
            .as_array()
            .expect("array")
            .iter()
            .map(|r| r["name"].as_str().expect("name").to_string())
            .collect()
    };
    let up = names(&["list", "--sort", "name", "--format", "json"]);
    assert_eq!(up, NAMES_IN_PINYIN_ORDER);
    let mut down = names(&["list", "--sort", "name", "--desc", "--format", "json"]);
    down.reverse();
    assert_eq!(down, NAMES_IN_PINYIN_ORDER);
}

#[test]
fn search_by_initials_reads_names_by_words_and_keeps_the_other_spelling() {
    let (_dir, db) = pool_of_heteronym_names();
    let found = |q: &str| -> Vec<String> {
        let mut v: Vec<String> = json(&["list", "--search", q, "--format", "json"], &db)
            .as_array()
            .expect("array")
            .iter()
            .map(|r| r["name"].as_str().expect("name").to_string())
            .collect();
        v.sort();
        v
    };
    // 厦门 xia men, and the character's other reading sha.
    assert_eq!(found("xmhk"), ["厦门航空有限公司"]);
    assert_eq!(found("smhk"), ["厦门航空有限公司"]);
    // 长城 chang cheng; 重庆 chong qing; 尉犁 yu li.
    assert_eq!(found("ccqc"), ["长城汽车有限公司"]);
    assert_eq!(found("cqgt"), ["重庆钢铁有限公司"]);
    assert_eq!(found("ylmy"), ["尉犁棉业有限公司"]);
    // 中国银行 zhong guo yin hang.
    assert_eq!(found("zgyh"), ["中国银行有限公司"]);
}

#[test]
fn show_tells_everything_about_one_enterprise() {
    let (_dir, db) = demo_pool(40);
    let all = json(&["list", "--sort", "colour", "--format", "json"], &db);
    let worst = &all.as_array().unwrap()[0];
    let code = worst["credit_code"].as_str().unwrap();
    let o = seedbed(&db, &["--lang", "zh", "show", code]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    for section in [
        "基本信息",
        "科技项目",
        "走访记录",
        "企业诉求",
        "年度数据",
        "排名历史",
        "高企认定条件",
    ] {
        assert!(text.contains(section), "missing {section}\n{text}");
    }
    assert!(
        text.contains("●红"),
        "the worst enterprise has a red project\n{text}"
    );
    let d = json(&["show", code, "--format", "json"], &db);
    assert_eq!(d["row"]["credit_code"], code);
    assert_eq!(d["readiness"]["conditions"].as_array().unwrap().len(), 8);
    let project = &d["projects"][0];
    assert!(!project["alert"]["reasons"].as_array().unwrap().is_empty());
}

#[test]
fn read_commands_answer_in_every_format() {
    let (_dir, db) = demo_pool(80);
    for cmd in [
        vec!["agenda", "--days", "14"],
        vec!["alerts"],
        vec!["alerts", "--colour", "red"],
        vec!["rank", "--pool", "hte"],
        vec!["requests", "--open"],
        vec!["certs", "--within-days", "365", "--ready"],
    ] {
        for format in ["table", "csv", "json"] {
            let mut args = cmd.clone();
            args.extend(["--format", format]);
            let o = seedbed(&db, &args);
            assert!(o.status.success(), "{args:?}: {}", stderr(&o));
            assert!(!o.stdout.is_empty(), "{args:?} printed nothing");
        }
    }
    let red = json(&["alerts", "--colour", "red", "--format", "json"], &db);
    for a in red.as_array().unwrap() {
        assert_eq!(a["colour"], "red");
        assert!(!a["reason"].as_str().unwrap().is_empty());
    }
    let open = json(&["requests", "--open", "--format", "json"], &db);
    assert!(open.as_array().unwrap().iter().any(|r| r["breach"] == true));
}

#[test]
fn check_passes_on_a_fresh_pool_and_fails_on_bad_data() {
    let (_dir, db) = demo_pool(30);
    let o = seedbed(&db, &["check"]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute(
        "UPDATE enterprises SET credit_code = '91110108551385082F' WHERE rowid = 1",
        [],
    )
    .unwrap();
    conn.execute("UPDATE enterprises SET red = red + 5 WHERE rowid = 2", [])
        .unwrap();
    drop(conn);
    let o = seedbed(&db, &["check"]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("bad_credit_code"), "{out}");
    assert!(out.contains("stale_derived"), "{out}");
}

#[test]
fn bad_input_gets_one_clear_line_and_a_nonzero_exit() {
    let (dir, db) = demo_pool(30);
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["show", "不存在的企业名称"], "no enterprise matches"),
        (vec!["show", "有限"], "matches"),
        (vec!["list", "--colour", "purple"], "unknown colour"),
        (vec!["list", "--sort", "height"], "unknown sort"),
        (vec!["rank", "--pool", "nope"], "unknown pool"),
    ];
    for (args, want) in cases {
        let o = seedbed(&db, &args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = stderr(&o);
        assert!(err.contains(want), "{args:?}: {err}");
        assert_eq!(err.trim().lines().count(), 1, "{err}");
        assert!(!err.contains("panicked"), "{err}");
    }
    let o = seedbed(&db, &["--today", "2026-02-30", "list"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("not a date"), "{}", stderr(&o));

    let missing = dir.path().join("missing.db");
    let o = seedbed(&missing, &["list"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("does not exist"), "{}", stderr(&o));
    assert!(
        !missing.exists(),
        "a missing file is never created by a read"
    );

    let text = dir.path().join("notes.db");
    std::fs::write(&text, "走访记录，不是数据库。 This is a text file.").unwrap();
    let o = seedbed(&text, &["list"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("not an SQLite file"), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(&text).unwrap(),
        "走访记录，不是数据库。 This is a text file."
    );
}

#[test]
fn demo_draws_no_progress_when_stderr_is_not_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let o = seedbed(&db, &["demo", "--enterprises", "20", "--seed", "3"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    // Only the summary line: no carriage returns, escape sequences or bar characters.
    assert!(err.starts_with("demo pool written to "), "{err:?}");
    assert_eq!(err.lines().count(), 1, "{err:?}");
    for mark in ["\r", "\u{1b}", "[=", "=>", "/5"] {
        assert!(!err.contains(mark), "{mark:?} in {err:?}");
    }
}

#[test]
fn demo_is_deterministic_for_a_seed() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.db");
    let b = dir.path().join("b.db");
    for db in [&a, &b] {
        let o = seedbed(db, &["demo", "--enterprises", "50", "--seed", "11"]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let list_a = stdout(&seedbed(&a, &["list", "--format", "json"]));
    let list_b = stdout(&seedbed(&b, &["list", "--format", "json"]));
    assert_eq!(list_a, list_b);
    let o = seedbed(&a, &["demo", "--enterprises", "50"]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "an existing file is not replaced without --force"
    );
    assert!(stderr(&o).contains("--force"));
}
