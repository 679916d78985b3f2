//! The linkage through the binary: two copies of one pool exchange their changes through a
//! folder, see the one real conflict, and a choice made on one clears it on both.

use crate::common::{demo_pool, seedbed, stderr, stdout};
use rusqlite::Connection;
use std::path::Path;

fn ok(o: std::process::Output) -> String {
    assert!(o.status.success(), "failed: {}\n{}", stdout(&o), stderr(&o));
    stdout(&o)
}

fn one<T: rusqlite::types::FromSql>(db: &Path, sql: &str) -> T {
    Connection::open(db)
        .unwrap()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

#[test]
fn two_copies_exchange_every_edit_and_one_conflict_and_its_choice() {
    let (dir, a) = demo_pool(40);
    let b = dir.path().join("copy.db");
    std::fs::copy(&a, &b).unwrap();
    let stick = dir.path().join("stick");
    // The copy must become its own origin when it is first opened.
    ok(seedbed(&a, &["sync", "status"]));
    ok(seedbed(&b, &["sync", "status"]));
    let origin = |db: &Path| one::<String>(db, "SELECT value FROM meta WHERE key = 'sync_origin'");
    assert_ne!(origin(&a), origin(&b));

    let code: String = one(
        &a,
        "SELECT credit_code FROM enterprises ORDER BY credit_code LIMIT 1",
    );
    // A milestone not done yet, whose name is unique within its enterprise.
    let (m_code, m_name, m_id): (String, String, String) = Connection::open(&b)
        .unwrap()
        .query_row(
            "SELECT e.credit_code, m.name, m.id FROM milestones m
             JOIN projects p ON p.id = m.project_id JOIN enterprises e ON e.id = p.enterprise_id
             WHERE m.done_on IS NULL AND e.credit_code <> ?1
               AND (SELECT count(*) FROM milestones m2 JOIN projects p2 ON p2.id = m2.project_id
                    WHERE p2.enterprise_id = e.id AND m2.name = m.name) = 1
             ORDER BY m.id LIMIT 1",
            [&code],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();

    // A: a visit logged, and the phone edited by another program on the same file.
    ok(seedbed(
        &a,
        &[
            "visit",
            "log",
            &code,
            "--notes",
            "了解研发投入",
            "--next",
            "none",
        ],
    ));
    let phone = |db: &Path, p: &str| {
        Connection::open(db)
            .unwrap()
            .execute(
                "UPDATE enterprises SET contact_phone = ?1 WHERE credit_code = ?2",
                [p, &code],
            )
            .unwrap();
    };
    phone(&a, "13900000001");
    // B: the milestone done, and the same phone edited differently.
    ok(seedbed(&b, &["milestone", "done", &m_code, &m_name]));
    phone(&b, "13900000002");

    let stick_s = stick.to_str().unwrap();
    ok(seedbed(&a, &["sync", stick_s]));
    let b_out = ok(seedbed(&b, &["sync", stick_s]));
    assert!(b_out.contains("1 conflicts to review"), "{b_out}");
    let a_out = ok(seedbed(&a, &["sync", stick_s]));
    assert!(a_out.contains("1 conflicts to review"), "{a_out}");

    for db in [&a, &b] {
        let visits: i64 = one(
            db,
            &format!(
                "SELECT count(*) FROM visits v JOIN enterprises e ON e.id = v.enterprise_id
                 WHERE e.credit_code = '{code}' AND v.notes = '了解研发投入'"
            ),
        );
        assert_eq!(visits, 1, "{}", db.display());
        let done: Option<String> = one(
            db,
            &format!("SELECT done_on FROM milestones WHERE id = '{m_id}'"),
        );
        assert_eq!(done.as_deref(), Some("2026-11-21"), "{}", db.display());
        // The same provisional value on both, and the same single conflict.
        let list = ok(seedbed(db, &["conflicts", "--format", "json"]));
        let json: serde_json::Value = serde_json::from_str(&list).unwrap();
        let conflicts = json.as_array().unwrap();
        assert_eq!(conflicts.len(), 1, "{list}");
        assert_eq!(conflicts[0]["table"], "enterprises");
        assert_eq!(conflicts[0]["column"], "contact_phone");
        let values: Vec<&str> = conflicts[0]["candidates"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["value"].as_str().unwrap())
            .collect();
        let mut sorted = values.clone();
        sorted.sort();
        assert_eq!(sorted, ["13900000001", "13900000002"]);
        let shown: String = one(
            db,
            &format!("SELECT contact_phone FROM enterprises WHERE credit_code = '{code}'"),
        );
        assert_eq!(shown, values[0], "the provisional value is the one shown");
    }
    let shown_a: String = one(
        &a,
        &format!("SELECT contact_phone FROM enterprises WHERE credit_code = '{code}'"),
    );
    let shown_b: String = one(
        &b,
        &format!("SELECT contact_phone FROM enterprises WHERE credit_code = '{code}'"),
    );
    assert_eq!(shown_a, shown_b);

    // B keeps A's value; after syncing both ways, no conflict anywhere and one value.
    let table = ok(seedbed(&b, &["conflicts"]));
    let keep = if table
        .lines()
        .any(|l| l.contains("1.1") && l.contains("13900000001"))
    {
        "1.1"
    } else {
        "1.2"
    };
    ok(seedbed(&b, &["conflicts", "--keep", keep]));
    ok(seedbed(&b, &["sync", stick_s]));
    ok(seedbed(&a, &["sync", stick_s]));
    for db in [&a, &b] {
        assert!(ok(seedbed(db, &["conflicts"])).contains("no conflicts to review"));
        let p: String = one(
            db,
            &format!("SELECT contact_phone FROM enterprises WHERE credit_code = '{code}'"),
        );
        assert_eq!(p, "13900000001", "{}", db.display());
        assert!(
            ok(seedbed(db, &["check"])).starts_with("ok:"),
            "{}",
            db.display()
        );
    }
}

#[test]
fn an_empty_file_is_filled_by_its_first_sync() {
    let (dir, a) = demo_pool(30);
    let e = dir.path().join("empty.db");
    let stick = dir.path().join("stick");
    ok(seedbed(
        &e,
        &["init", "--level", "district", "--region", "650104"],
    ));
    ok(seedbed(&a, &["sync", stick.to_str().unwrap()]));
    ok(seedbed(&e, &["sync", stick.to_str().unwrap()]));
    for table in [
        "enterprises",
        "projects",
        "milestones",
        "visits",
        "requests",
        "commissioners",
    ] {
        let sql = format!("SELECT count(*) FROM {table}");
        assert_eq!(one::<i64>(&a, &sql), one::<i64>(&e, &sql), "{table}");
    }
    // Derived values are recomputed from the rows, not carried.
    let sql = "SELECT group_concat(id || ':' || coalesce(colour, '-') || ':' || red, ',')
               FROM (SELECT * FROM enterprises ORDER BY id)";
    assert_eq!(one::<String>(&a, sql), one::<String>(&e, sql));
    let status = ok(seedbed(&e, &["sync", "status"]));
    assert!(status.contains("district, region 650104"), "{status}");
    // A bad region code is refused by name.
    let bad = seedbed(
        &dir.path().join("x.db"),
        &["init", "--level", "prefecture", "--region", "650104"],
    );
    assert!(!bad.status.success());
    assert!(stderr(&bad).contains("650104"), "{}", stderr(&bad));
}

/// Twenty laptops in ten districts of two prefectures: every edit reaches the region, the
/// conflicts are those the laptops' writes made, the enterprise registered twice is one, and
/// every file is clean.
#[test]
fn twenty_laptops_through_districts_prefectures_and_the_region_lose_nothing() {
    use seedbed::demo::linkage::{SimOptions, run};
    let dir = tempfile::tempdir().unwrap();
    let r = run(
        dir.path(),
        &SimOptions {
            enterprises: 300,
            laptops_per_district: 2,
            edits_per_laptop: 60,
            seed: 11,
            today: crate::common::TODAY,
            laptops_by_copy: false,
        },
    )
    .unwrap();
    assert_eq!(r.laptops, 20);
    assert_eq!(r.edits, 20 * 60);
    assert_eq!(r.lost, 0, "{r:#?}");
    assert_eq!(r.conflicts, r.conflicts_expected, "{r:#?}");
    assert!(
        r.conflicts_expected > 0,
        "the hot rows must collide: {r:#?}"
    );
    assert_eq!(r.duplicates_made, 10);
    assert_eq!(r.duplicates_merged, 10, "one per district: {r:#?}");
    assert_eq!(r.dangling, 0, "{r:#?}");
    assert!(r.check_problems.is_empty(), "{:#?}", r.check_problems);
    assert_eq!(r.laptops_with_colleagues_edits, 20, "{r:#?}");
}

/// Two copies exchange through a bare Git repository (as on a USB stick or a bureau's server).
#[test]
fn two_copies_sync_through_a_bare_git_repository() {
    use crate::common::isolate;
    let (dir, a) = demo_pool(20);
    let b = dir.path().join("copy.db");
    std::fs::copy(&a, &b).unwrap();
    let repo = dir.path().join("seedbed.git");
    let init = std::process::Command::new("git")
        .args(["init", "--bare", "--initial-branch=main"])
        .arg(&repo)
        .output()
        .expect("git is needed for sync --git (install git)");
    assert!(init.status.success(), "{}", stderr(&init));
    let git_sync = |db: &Path| {
        let o = isolate(
            &mut std::process::Command::new(env!("CARGO_BIN_EXE_seedbed")),
            db,
        )
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .args(["--today", "2026-11-21", "--lang", "en", "--db"])
        .arg(db)
        .args(["sync", "--git"])
        .arg(&repo)
        .output()
        .unwrap();
        ok(o)
    };
    let code: String = one(
        &a,
        "SELECT credit_code FROM enterprises ORDER BY credit_code LIMIT 1",
    );
    ok(seedbed(
        &b,
        &[
            "visit",
            "log",
            &code,
            "--notes",
            "经由 Git 同步",
            "--next",
            "none",
        ],
    ));
    git_sync(&a);
    git_sync(&b);
    let out = git_sync(&a);
    assert!(out.contains("no conflicts to review"), "{out}");
    let n: i64 = one(
        &a,
        "SELECT count(*) FROM visits WHERE notes = '经由 Git 同步'",
    );
    assert_eq!(n, 1);
    // The repository holds one bundle per file.
    let ls = std::process::Command::new("git")
        .arg("--git-dir")
        .arg(&repo)
        .args(["ls-tree", "--name-only", "main"])
        .output()
        .unwrap();
    let files: Vec<String> = stdout(&ls).lines().map(str::to_string).collect();
    assert_eq!(files.len(), 2, "{files:?}");
    assert!(
        files.iter().all(|f| f.ends_with(".seedbed-bundle")),
        "{files:?}"
    );
}

/// A district's bundle for a prefecture leaves out contact names and phones, unless asked.
#[test]
fn bundles_above_district_level_leave_out_contacts_unless_asked() {
    let (dir, d) = demo_pool(20);
    let p = dir.path().join("prefecture.db");
    let stick = dir.path().join("stick");
    let s = stick.to_str().unwrap();
    ok(seedbed(
        &d,
        &["sync", "place", "--level", "district", "--region", "650104"],
    ));
    ok(seedbed(
        &p,
        &["init", "--level", "prefecture", "--region", "6501"],
    ));
    ok(seedbed(&p, &["sync", s]));
    let out = ok(seedbed(&d, &["sync", s]));
    assert!(out.contains("without contact names and phones"), "{out}");
    ok(seedbed(&p, &["sync", s]));
    let count = |db: &Path, sql: &str| one::<i64>(db, sql);
    // The prefecture takes its own districts' enterprises (乌鲁木齐市, 6501…) and no others.
    let with_phone = "SELECT count(*) FROM enterprises WHERE contact_phone IS NOT NULL
                      AND district_code LIKE '6501%'";
    let its_own = "SELECT count(*) FROM enterprises WHERE district_code LIKE '6501%'";
    assert!(count(&d, with_phone) > 0);
    assert!(count(&d, its_own) < count(&d, "SELECT count(*) FROM enterprises"));
    assert_eq!(
        count(&p, "SELECT count(*) FROM enterprises"),
        count(&d, its_own)
    );
    assert_eq!(count(&p, with_phone), 0);
    assert_eq!(
        count(
            &p,
            "SELECT count(*) FROM enterprises WHERE contact_name IS NOT NULL"
        ),
        0
    );
    // Asked for: a fresh prefecture file gets them.
    let p2 = dir.path().join("prefecture2.db");
    let stick2 = dir.path().join("stick2");
    let s2 = stick2.to_str().unwrap();
    ok(seedbed(
        &p2,
        &["init", "--level", "prefecture", "--region", "6501"],
    ));
    ok(seedbed(&p2, &["sync", s2]));
    ok(seedbed(&d, &["sync", s2, "--with-contacts"]));
    ok(seedbed(&p2, &["sync", s2]));
    assert_eq!(count(&p2, with_phone), count(&d, with_phone));
}
