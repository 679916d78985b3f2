//! The Review screen (待核对) on a real pair of files: a demo pool copied (the copy is a new
//! origin), an enterprise's contact phone and a project's planned end edited differently in
//! each, bundles exchanged both ways. The store's rows, the screen drawn (snapshots and colours
//! per cell), and a pick through the runner that clears the conflict.

use crate::common::{TODAY, demo_pool};
use crate::tui::{Tui, find};
use crossterm::event::KeyCode;
use ratatui::style::Color;
use rusqlite::types::Value;
use seedbed::app::{Action, Effect, Loaded, Screen};
use seedbed::config::Config;
use seedbed::i18n::Lang;
use seedbed::store::changes::ChangeSet;
use seedbed::store::review;
use seedbed::store::sync::{ExportOptions, export, import};
use seedbed::store::{OpenMode, Store};
use seedbed::tui::drain;
use std::path::{Path, PathBuf};
use time::UtcOffset;

/// Two files of one pool with two conflicts between them.
struct Pair {
    _dir: tempfile::TempDir,
    a: PathBuf,
    b: PathBuf,
    enterprise: String,
    project: String,
}

/// Writes `col` of a row as commissioner `who`, as the forms do.
fn edit(db: &Path, who: &str, table: &str, row: &str, enterprise: &str, col: &str, v: &str) {
    let mut store = Store::open(db, OpenMode::Existing).expect("open");
    let tx = store.conn.transaction().expect("tx");
    let mut cs = ChangeSet::begin(&tx, Some(who), "save_enterprise").expect("begin");
    cs.update(table, row, enterprise, &[(col, Value::Text(v.into()))])
        .expect("update");
    cs.finish(TODAY, &Config::default()).expect("finish");
    tx.commit().expect("commit");
}

fn one(db: &Path, sql: &str) -> String {
    let store = Store::open(db, OpenMode::Existing).expect("open");
    store.conn.query_row(sql, [], |r| r.get(0)).expect(sql)
}

/// Exports `from` labelled `label` and imports the bundle into `to`.
fn send(from: &Path, label: &str, to: &Path, bundle: &Path) {
    let mut store = Store::open(from, OpenMode::Existing).expect("open");
    let opts = ExportOptions {
        label: label.into(),
        ..ExportOptions::default()
    };
    export(&mut store.conn, bundle, &opts).expect("export");
    let mut store = Store::open(to, OpenMode::Existing).expect("open");
    import(&mut store.conn, bundle, TODAY, &Config::default()).expect("import");
}

/// The versions' clock set to fixed times (an hour apart by origin), so the screen's times
/// are the same on every run.
fn fix_times(db: &Path) {
    let store = Store::open(db, OpenMode::Existing).expect("open");
    // 2026-11-20 02:00 UTC, plus an hour per origin number.
    for t in ["sync_versions", "sync_conflicts"] {
        let sql = format!("UPDATE {t} SET hlc = ((1795140000000 + origin * 3600000) << 8)");
        store.conn.execute(&sql, []).expect("fix times");
    }
}

fn pair() -> Pair {
    let (dir, a) = demo_pool(20);
    let b = dir.path().join("copy.db");
    std::fs::copy(&a, &b).expect("copy");
    let pick = "SELECT e.id FROM enterprises e JOIN projects p ON p.enterprise_id = e.id
                WHERE e.deleted_at IS NULL AND p.deleted_at IS NULL ORDER BY e.name LIMIT 1";
    let enterprise = one(&a, pick);
    let project = one(
        &a,
        &format!(
            "SELECT id FROM projects WHERE enterprise_id = '{enterprise}' ORDER BY name LIMIT 1"
        ),
    );
    let who = |n: u32| {
        one(
            &a,
            &format!("SELECT id FROM commissioners ORDER BY name LIMIT 1 OFFSET {n}"),
        )
    };
    let (c1, c2) = (who(0), who(1));
    let e = enterprise.as_str();
    edit(&a, &c1, "enterprises", e, e, "contact_phone", "13800000001");
    edit(
        &a,
        &c1,
        "projects",
        &project,
        e,
        "planned_end",
        "2027-03-31",
    );
    edit(&b, &c2, "enterprises", e, e, "contact_phone", "13900000002");
    edit(
        &b,
        &c2,
        "projects",
        &project,
        e,
        "planned_end",
        "2027-06-30",
    );
    send(&a, "于田县", &b, &dir.path().join("a.bundle"));
    send(&b, "和田县", &a, &dir.path().join("b.bundle"));
    fix_times(&a);
    fix_times(&b);
    Pair {
        _dir: dir,
        a,
        b,
        enterprise,
        project,
    }
}

#[test]
fn the_screens_rows_name_each_value_its_writer_and_its_file() {
    let p = pair();
    let store = Store::open(&p.a, OpenMode::Existing).expect("open");
    let rows = review::rows(&store.conn, UtcOffset::UTC).expect("rows");
    let name = one(
        &p.a,
        &format!("SELECT name FROM enterprises WHERE id = '{}'", p.enterprise),
    );
    let project = one(
        &p.a,
        &format!("SELECT name FROM projects WHERE id = '{}'", p.project),
    );
    // Enterprises before projects (the order of `conflicts::list`).
    let keys: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r.conflict.table.as_str(), r.conflict.column.as_str()))
        .collect();
    assert_eq!(
        keys,
        [
            ("enterprises", "contact_phone"),
            ("projects", "planned_end")
        ]
    );
    let phone = &rows[0];
    assert_eq!(phone.conflict.record, name);
    assert_eq!(phone.item, None);
    assert_eq!(rows[1].item.as_deref(), Some(project.as_str()));
    let mut values: Vec<(Option<&str>, bool, Option<&str>, &str)> = phone
        .conflict
        .candidates
        .iter()
        .zip(&phone.beside)
        .map(|(c, b)| {
            let file = if b.here {
                "here"
            } else {
                c.origin_label.as_str()
            };
            (c.value.as_deref(), c.shown, b.who_name.as_deref(), file)
        })
        .collect();
    // Exactly one value is the provisional one (the first).
    assert!(values[0].1 && !values[1].1);
    values.sort();
    let (c1, c2) = (
        one(&p.a, "SELECT name FROM commissioners ORDER BY name LIMIT 1"),
        one(
            &p.a,
            "SELECT name FROM commissioners ORDER BY name LIMIT 1 OFFSET 1",
        ),
    );
    let shown = |v: &str| values.iter().find(|x| x.0 == Some(v)).map(|x| x.1).unwrap();
    assert_eq!(
        values,
        [
            (
                Some("13800000001"),
                shown("13800000001"),
                Some(c1.as_str()),
                "here"
            ),
            (
                Some("13900000002"),
                shown("13900000002"),
                Some(c2.as_str()),
                "和田县"
            ),
        ]
    );
    // The fixed clock: an hour apart, in UTC.
    assert!(
        phone
            .beside
            .iter()
            .all(|b| b.at.date() == time::macros::date!(2026 - 11 - 20))
    );
    assert!(phone.choices() == [0, 1] && !phone.is_deletion());
    assert_eq!(review::waiting(&store.conn).expect("count"), 2);
    // The other file sees the same two conflicts.
    let other = Store::open(&p.b, OpenMode::Existing).expect("open");
    assert_eq!(review::waiting(&other.conn).expect("count"), 2);
}

fn tui_on(p: &Pair, w: u16, h: u16) -> Tui {
    // The harness keeps its directory alive: hand it an empty one, the pair's stays with `p`.
    let keep = tempfile::tempdir().expect("dir");
    Tui::on(keep, &p.a, Lang::Zh, w, h)
}

#[test]
fn the_review_screen_in_chinese_at_80x24_and_160x48() {
    let p = pair();
    for (w, h) in [(80, 24), (160, 48)] {
        let mut t = tui_on(&p, w, h);
        t.key(KeyCode::Char('0'));
        assert_eq!(t.app.screen, Screen::Review);
        insta::assert_snapshot!(format!("review_zh_{w}x{h}"), t.screen());
        t.key(KeyCode::Enter);
        insta::assert_snapshot!(format!("review_chooser_zh_{w}x{h}"), t.screen());
        t.key(KeyCode::Esc);
        assert!(t.app.review.chooser.is_none());
    }
}

#[test]
fn the_provisional_value_is_marked_in_words_and_colour() {
    let p = pair();
    let mut t = tui_on(&p, 160, 48);
    t.key(KeyCode::Char('0'));
    let buf = t.buffer();
    // The header says how many wait, in the warning colour.
    let x = find(&buf, 1, "[待核对 2]")[0];
    assert_eq!(buf[(x + 1, 1)].fg, Color::Yellow);
    // The provisional column's cells are yellow, the other values' are not.
    let shown = t.app.review.list.rows[0].conflict.candidates[0]
        .value
        .clone()
        .unwrap();
    let other = t.app.review.list.rows[0].conflict.candidates[1]
        .value
        .clone()
        .unwrap();
    let y = 4; // the first row under the table header
    let xs = find(&buf, y, &shown);
    assert_eq!(buf[(xs[0], y)].fg, Color::Yellow);
    let xo = find(&buf, y, &other);
    assert_ne!(buf[(xo[0], y)].fg, Color::Yellow);
    t.key(KeyCode::Enter);
    let buf = t.buffer();
    let marks: Vec<(u16, u16)> = (0..buf.area.height)
        .flat_map(|y| find(&buf, y, "[暂用]").into_iter().map(move |x| (x, y)))
        .collect();
    assert_eq!(marks.len(), 1, "one value is provisional");
    let (x, y) = marks[0];
    assert_eq!(buf[(x, y)].fg, Color::Yellow);
    // The marker stands on the line of the shown value, under the cursor at first.
    let line: String = (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect();
    assert!(line.contains(&shown) && line.contains('▸'), "{line}");
}

#[test]
fn picking_in_the_screen_keeps_the_value_and_clears_the_conflict() {
    let p = pair();
    let mut t = tui_on(&p, 120, 36);
    t.key(KeyCode::Char('0'));
    assert_eq!(t.app.review.list.total, 2);
    // The phone: keep the value that is not shown now.
    let other = t.app.review.list.rows[0].conflict.candidates[1]
        .value
        .clone()
        .unwrap();
    t.key(KeyCode::Enter);
    t.key(KeyCode::Char('j'));
    t.key(KeyCode::Enter);
    assert_eq!(t.app.review.list.total, 1, "{}", t.screen());
    assert!(t.app.review.chooser.is_none());
    let phone = one(
        &p.a,
        &format!(
            "SELECT contact_phone FROM enterprises WHERE id = '{}'",
            p.enterprise
        ),
    );
    assert_eq!(phone, other);
    assert!(t.screen().contains("[待核对 1]"));
    // The project through the runner's effect, as the screen asks for it: the count goes to 0.
    let row = t.app.review.list.rows[0].clone();
    let c = &row.conflict.candidates[0];
    let loaded = t.runner.run(&Effect::Resolve {
        conflict: Box::new(row.conflict.clone()),
        origin: c.origin.clone(),
        seq: c.seq,
    });
    assert!(matches!(loaded, Loaded::Saved { .. }), "{loaded:?}");
    assert_eq!(review::waiting(&t.runner.store.conn).expect("count"), 0);
    // What the loop does with the result: the lists and the header are read again.
    let fx = t.app.update(Action::Loaded(loaded));
    drain(&mut t.app, &mut t.runner, fx);
    assert!(t.screen().contains("没有待核对的冲突"), "{}", t.screen());
    assert!(!t.screen().contains("[待核对"));
}

#[test]
fn a_read_only_file_refuses_the_pick() {
    let p = pair();
    let mut t = tui_on(&p, 120, 36);
    t.app.read_only = Some(seedbed::store::ReadOnly::Asked);
    t.key(KeyCode::Char('0'));
    t.key(KeyCode::Enter);
    t.key(KeyCode::Enter);
    assert!(
        t.app.status.as_deref().unwrap_or("").contains("只读"),
        "{:?}",
        t.app.status
    );
    assert_eq!(review::waiting(&t.runner.store.conn).expect("count"), 2);
}

#[test]
fn a_project_deleted_here_and_edited_there_can_be_restored() {
    let (dir, a) = demo_pool(20);
    let b = dir.path().join("copy.db");
    std::fs::copy(&a, &b).expect("copy");
    let pick = "SELECT p.id || ' ' || p.enterprise_id FROM projects p JOIN enterprises e
                ON e.id = p.enterprise_id WHERE p.deleted_at IS NULL AND e.deleted_at IS NULL
                ORDER BY p.name LIMIT 1";
    let ids = one(&a, pick);
    let (project, enterprise) = ids.split_once(' ').expect("two ids");
    let who = one(&a, "SELECT id FROM commissioners ORDER BY name LIMIT 1");
    edit(
        &a,
        &who,
        "projects",
        project,
        enterprise,
        "deleted_at",
        "2026-11-21 09:00:00",
    );
    edit(
        &b,
        &who,
        "projects",
        project,
        enterprise,
        "programme",
        "自治区重点研发计划",
    );
    send(&a, "于田县", &b, &dir.path().join("a.bundle"));
    send(&b, "和田县", &a, &dir.path().join("b.bundle"));
    fix_times(&a);
    let p = Pair {
        _dir: dir,
        a: a.clone(),
        b,
        enterprise: enterprise.into(),
        project: project.into(),
    };
    let mut t = tui_on(&p, 120, 36);
    t.key(KeyCode::Char('0'));
    let rows = &t.app.review.list.rows;
    assert_eq!(rows.len(), 1, "{}", t.screen());
    assert!(rows[0].is_deletion() && rows[0].restorable);
    t.key(KeyCode::Enter);
    let screen = t.screen();
    assert!(screen.contains("保留删除（已删除）"), "{screen}");
    assert!(screen.contains("恢复记录（已修改）"), "{screen}");
    t.key(KeyCode::Down);
    t.key(KeyCode::Enter);
    let deleted = format!(
        "SELECT coalesce(deleted_at, 'kept') FROM projects WHERE id = '{}'",
        p.project
    );
    assert_eq!(one(&p.a, &deleted), "kept");
    assert_eq!(review::waiting(&t.runner.store.conn).expect("count"), 0);
    let programme = format!("SELECT programme FROM projects WHERE id = '{}'", p.project);
    assert_eq!(one(&p.a, &programme), "自治区重点研发计划");
}
