//! The History screen (变更记录) and the enterprise detail's timeline on real pool files: changes
//! written through the forms' path (`store::edit::apply`, a `ChangeSet` each) read back newest
//! first with who, when and before → after; the lists' filters; paging; the screen and the
//! detail drawn in Chinese; the log read from indexes.

use crate::common::{NOW, TODAY, demo_pool};
use crate::tui::{Tui, find};
use crossterm::event::KeyCode;
use seedbed::config::Config;
use seedbed::domain::VisitMode;
use seedbed::domain::targets::Metric;
use seedbed::i18n::Lang;
use seedbed::store::edit::{Edit, EditContext, apply};
use seedbed::store::history::{self, ChangeKind, HistoryRow, Span};
use seedbed::store::listview::{Facet, ListQuery, SortCol};
use seedbed::store::{OpenMode, Store};
use std::path::{Path, PathBuf};

/// A demo pool with four saved changes, their times set by hand (the log stamps the real clock):
/// 王芳's visit to the first enterprise last year, 李强's target set and changed this week,
/// 王芳's visit to the second enterprise today.
struct Logged {
    _dir: tempfile::TempDir,
    db: PathBuf,
    /// (id, name) of the two commissioners, and of the two enterprises visited.
    a: (String, String),
    b: (String, String),
    e1: (String, String),
    e2: (String, String),
}

fn two(conn: &rusqlite::Connection, sql: &str) -> Vec<(String, String)> {
    let mut stmt = conn.prepare(sql).expect("sql");
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("rows")
}

fn visit(eid: &str, notes: &str) -> Edit {
    Edit::LogVisit {
        enterprise_id: eid.into(),
        planned_visit_id: None,
        date: TODAY,
        mode: VisitMode::OnSite,
        attendees: String::new(),
        notes: notes.into(),
        requests: Vec::new(),
        next: None,
    }
}

fn target(value: f64) -> Edit {
    Edit::SetTarget {
        district: String::new(),
        metric: Metric::NewHte,
        year: 2027,
        value,
    }
}

fn logged() -> Logged {
    let (dir, db) = demo_pool(20);
    let mut store = Store::open(&db, OpenMode::Existing).expect("open");
    let people = two(
        &store.conn,
        "SELECT id, name FROM commissioners ORDER BY name LIMIT 2",
    );
    let firms = two(
        &store.conn,
        "SELECT id, name FROM enterprises ORDER BY rank IS NULL, rank, id LIMIT 2",
    );
    let config = Config::default();
    fn by<'a>(who: &'a str, config: &'a Config) -> EditContext<'a> {
        EditContext {
            commissioner: Some(who),
            now: NOW,
            config,
        }
    }
    let (a, b) = (people[0].clone(), people[1].clone());
    apply(&mut store.conn, &by(&a.0, &config), &visit(&firms[0].0, "了解研发投入")).expect("visit");
    apply(&mut store.conn, &by(&b.0, &config), &target(3.0)).expect("target");
    apply(&mut store.conn, &by(&b.0, &config), &target(5.0)).expect("target");
    apply(&mut store.conn, &by(&a.0, &config), &visit(&firms[1].0, "看了新车间")).expect("visit");
    // Times by group: last year, this week (twice), today.
    store
        .conn
        .execute_batch(
            "UPDATE change_log SET at = CASE group_id
                 WHEN 1 THEN '2025-12-30T10:00:00'
                 WHEN 2 THEN '2026-11-16T09:00:00'
                 WHEN 3 THEN '2026-11-17T15:30:00'
                 ELSE '2026-11-21T08:30:00' END;",
        )
        .expect("times");
    drop(store);
    Logged {
        _dir: dir,
        db,
        a,
        b,
        e1: firms[0].clone(),
        e2: firms[1].clone(),
    }
}

fn open(db: &Path) -> Store {
    Store::open(db, OpenMode::Existing).expect("open")
}

#[test]
fn scratch() {
    let p = logged();
    let s = open(&p.db);
    let mut stmt = s.conn.prepare("SELECT seq, group_id, at, commissioner_id, entity, entity_id, enterprise_id, action, before, after FROM change_log").unwrap();
    let rows = stmt.query_map([], |r| Ok(format!("{:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?}\n  B {:?}\n  A {:?}", r.get::<_, i64>(0)?, r.get::<_, Option<i64>>(1)?, r.get::<_, String>(2)?, r.get::<_, Option<String>>(3)?, r.get::<_, String>(4)?, r.get::<_, String>(5)?, r.get::<_, Option<String>>(6)?, r.get::<_, String>(7)?, r.get::<_, Option<String>>(8)?, r.get::<_, Option<String>>(9)?))).unwrap();
    for r in rows { println!("{}", r.unwrap()); }
    println!("{:?} {:?} {:?} {:?}", p.a, p.b, p.e1, p.e2);
    let _ = (Lang::Zh, KeyCode::Enter, SortCol::When, Facet::Period, ChangeKind::Added, Span::default());
    let _: Option<HistoryRow> = None;
    let _ = find;
    let _: Option<Tui> = None;
    let _ = history::TIMELINE_ROWS;
    let _ = ListQuery::default();
}
