//! The History screen (变更记录) and the enterprise detail's timeline on real pool files: changes
//! written through the forms' path (`store::edit::apply`, a `ChangeSet` each) read back newest
//! first with who, when and before → after; the lists' filters; paging; the screen and the
//! detail drawn in Chinese; the log read from indexes.

use crate::common::{NOW, TODAY, demo_pool};
use crate::tui::{Tui, find};
use crossterm::event::KeyCode;
use ratatui::style::Color;
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
    apply(
        &mut store.conn,
        &by(&a.0, &config),
        &visit(&firms[0].0, "了解研发投入"),
    )
    .expect("visit");
    apply(&mut store.conn, &by(&b.0, &config), &target(3.0)).expect("target");
    apply(&mut store.conn, &by(&b.0, &config), &target(5.0)).expect("target");
    apply(
        &mut store.conn,
        &by(&a.0, &config),
        &visit(&firms[1].0, "看了新车间"),
    )
    .expect("visit");
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

fn view(sort: Option<SortCol>, reverse: bool, filter: &[(Facet, &str)]) -> ListQuery {
    ListQuery {
        sort,
        reverse,
        filter: filter.iter().map(|(f, v)| (*f, v.to_string())).collect(),
        ..ListQuery::default()
    }
}

/// The sequence numbers a view shows, from its first row.
fn seqs(store: &Store, q: &ListQuery) -> Vec<i64> {
    let span = history::span(&store.conn, q, TODAY).expect("span");
    let rows = history::page(&store.conn, q, TODAY, span, 0, 50).expect("page");
    assert_eq!(rows.len(), span.total, "{q:?}");
    rows.iter().map(|r| r.seq).collect()
}

fn fields(r: &HistoryRow) -> Vec<(&str, Option<&str>, Option<&str>)> {
    r.fields
        .iter()
        .map(|f| (f.column.as_str(), f.before.as_deref(), f.after.as_deref()))
        .collect()
}

#[test]
fn changes_saved_through_the_forms_read_newest_first_with_who_before_and_after() {
    let p = logged();
    let store = open(&p.db);
    let q = ListQuery::default();
    let span = history::span(&store.conn, &q, TODAY).expect("span");
    assert_eq!(
        span,
        Span {
            total: 4,
            seqs: None
        }
    );
    let rows = history::page(&store.conn, &q, TODAY, span, 0, 90).expect("page");
    assert_eq!(rows.iter().map(|r| r.seq).collect::<Vec<_>>(), [4, 3, 2, 1]);
    // Today's visit to the second enterprise, by 史刚 (the first commissioner by name).
    let v = &rows[0];
    assert_eq!(v.at, time::macros::datetime!(2026-11-21 08:30));
    assert_eq!(
        (v.commissioner.as_deref(), v.entity.as_str()),
        (Some("史刚"), "visits")
    );
    assert_eq!(v.enterprise.as_deref(), Some("甘肃远航信息技术有限公司"));
    assert_eq!(v.enterprise_id.as_deref(), Some(p.e2.0.as_str()));
    assert_eq!(
        (v.kind, v.item.as_deref()),
        (ChangeKind::Added, Some("2026-11-21"))
    );
    assert_eq!(
        fields(v),
        [
            ("done_on", None, Some("2026-11-21")),
            ("mode", None, Some("on_site")),
            ("commissioner_id", None, Some(p.a.0.as_str())),
            ("notes", None, Some("看了新车间")),
        ]
    );
    // The visit's commissioner is named, not shown as an id.
    assert_eq!(v.fields[2].after_name.as_deref(), Some("史刚"));
    assert_eq!(
        v.label.as_deref(),
        Some("log_visit 甘肃远航信息技术有限公司")
    );
    // 蒋斌's target: 3 → 5, belonging to no enterprise.
    let t = &rows[1];
    assert_eq!(
        (t.commissioner.as_deref(), t.kind),
        (Some("蒋斌"), ChangeKind::Changed)
    );
    assert_eq!(
        (t.enterprise.as_deref(), t.item.as_deref()),
        (None, Some("2027"))
    );
    assert_eq!(fields(t), [("value", Some("3"), Some("5"))]);
    assert_eq!(rows[2].kind, ChangeKind::Added);
    assert_eq!(
        rows[3].enterprise.as_deref(),
        Some("新疆克拉玛依北斗石化股份有限公司")
    );
    // In words, as the screen shows them.
    assert_eq!(
        seedbed::i18n::history_text::summary(t, Lang::Zh),
        "目标值：3 → 5"
    );
    // The enterprise's own timeline: its one change.
    let tl = history::timeline(&store.conn, &p.e1.0, 20).expect("timeline");
    assert_eq!((tl.total, tl.rows.len(), tl.rows[0].seq), (1, 1, 1));
    let _ = &p.b;
}

#[test]
fn the_filters_pick_by_who_kind_and_period_and_the_sorts_group() {
    let p = logged();
    let store = open(&p.db);
    let who = |name: &str| view(None, false, &[(Facet::Commissioner, name)]);
    assert_eq!(seqs(&store, &who(&p.b.1)), [3, 2]);
    assert_eq!(seqs(&store, &who(&p.a.1)), [4, 1]);
    assert_eq!(seqs(&store, &who("没有这个人")), Vec::<i64>::new());
    let kind = |k: &str| view(None, false, &[(Facet::Record, k)]);
    assert_eq!(seqs(&store, &kind("visits")), [4, 1]);
    assert_eq!(seqs(&store, &kind("targets")), [3, 2]);
    assert_eq!(seqs(&store, &kind("projects")), Vec::<i64>::new());
    // Today is Saturday 2026-11-21; the week began on Monday the 16th.
    let period = |c: &str| view(None, false, &[(Facet::Period, c)]);
    assert_eq!(seqs(&store, &period("today")), [4]);
    assert_eq!(seqs(&store, &period("week")), [4, 3, 2]);
    assert_eq!(seqs(&store, &period("month")), [4, 3, 2]);
    assert_eq!(seqs(&store, &period("year")), [4, 3, 2]);
    assert_eq!(seqs(&store, &period("last-year")), [1]);
    let span = history::span(&store.conn, &period("week"), TODAY).expect("span");
    assert_eq!(
        span,
        Span {
            total: 3,
            seqs: Some((2, 4))
        }
    );
    // Filters combine.
    let both = view(
        None,
        false,
        &[(Facet::Commissioner, &p.a.1), (Facet::Period, "year")],
    );
    assert_eq!(seqs(&store, &both), [4]);
    // Oldest first; by kind (targets before visits, newest first in each), and turned.
    assert_eq!(
        seqs(&store, &view(Some(SortCol::When), true, &[])),
        [1, 2, 3, 4]
    );
    assert_eq!(
        seqs(&store, &view(Some(SortCol::Record), false, &[])),
        [3, 2, 4, 1]
    );
    assert_eq!(
        seqs(&store, &view(Some(SortCol::Record), true, &[])),
        [1, 4, 2, 3]
    );
}

#[test]
fn pages_past_the_first_read_their_window_from_either_end() {
    let p = logged();
    let mut store = open(&p.db);
    let config = Config::default();
    // 150 more changes: the target set to 6, 7, … by 蒋斌 (seq 5 to 154).
    for v in 0..150 {
        let ctx = EditContext {
            commissioner: Some(&p.b.0),
            now: NOW,
            config: &config,
        };
        apply(&mut store.conn, &ctx, &target(6.0 + v as f64)).expect("target");
    }
    let q = ListQuery::default();
    let span = history::span(&store.conn, &q, TODAY).expect("span");
    assert_eq!(span.total, 154);
    // Rows 100..130 newest first: sequence numbers 54 down to 25.
    let rows = history::page(&store.conn, &q, TODAY, span, 100, 30).expect("page");
    let got: Vec<i64> = rows.iter().map(|r| r.seq).collect();
    assert_eq!(got, (25..=54).rev().collect::<Vec<_>>());
    // Row 100 is the change to 55: from 54.
    assert_eq!(fields(&rows[0]), [("value", Some("54"), Some("55"))]);
    // The last window (read from the back) stops at the list's end.
    let rows = history::page(&store.conn, &q, TODAY, span, 140, 30).expect("page");
    assert_eq!(
        rows.iter().map(|r| r.seq).collect::<Vec<_>>(),
        (1..=14).rev().collect::<Vec<_>>()
    );
    // Filtered and paged: 蒋斌's 152 changes, rows 150.. are his first two.
    let his = view(None, false, &[(Facet::Commissioner, &p.b.1)]);
    let span = history::span(&store.conn, &his, TODAY).expect("span");
    assert_eq!(span.total, 152);
    let rows = history::page(&store.conn, &his, TODAY, span, 150, 30).expect("page");
    assert_eq!(rows.iter().map(|r| r.seq).collect::<Vec<_>>(), [3, 2]);
    // The timeline of a target-free enterprise still counts only its own.
    let tl = history::timeline(&store.conn, &p.e2.0, 20).expect("timeline");
    assert_eq!(tl.total, 1);
}

/// The app on the logged pool file, in Chinese.
fn tui(p: &Logged, w: u16, h: u16) -> Tui {
    let keep = tempfile::tempdir().expect("dir");
    Tui::on(keep, &p.db, Lang::Zh, w, h)
}

#[test]
fn the_history_screen_and_the_detail_timeline_in_chinese_at_80x24_and_160x48() {
    let p = logged();
    for (w, h) in [(80, 24), (160, 48)] {
        let mut t = tui(&p, w, h);
        t.key(KeyCode::Char('9'));
        assert_eq!(t.app.screen, seedbed::app::Screen::History);
        insta::assert_snapshot!(format!("history_zh_{w}x{h}"), t.screen());
        // The oldest change (last year's visit), opened: the enterprise's detail, whose last
        // section is its timeline.
        t.key(KeyCode::End);
        t.key(KeyCode::Enter);
        let d = t.app.detail.as_ref().expect("the detail");
        assert_eq!(d.id, p.e1.0);
        t.key(KeyCode::End);
        insta::assert_snapshot!(format!("history_detail_zh_{w}x{h}"), t.screen());
    }
}

#[test]
fn the_selected_change_is_drawn_on_the_cursor_colour_and_its_author_in_the_accent() {
    use seedbed::ui::theme::Theme;
    let p = logged();
    let mut t = tui(&p, 160, 48);
    t.key(KeyCode::Char('9'));
    t.key(KeyCode::Down);
    // Each theme's cursor and accent (src/ui/theme.rs), written out here.
    for (theme, cursor, accent) in [
        ("dark", Color::DarkGray, Color::Cyan),
        ("light", Color::Indexed(153), Color::Indexed(25)),
        ("high-contrast", Color::Indexed(18), Color::LightCyan),
    ] {
        t.command(&format!("theme {theme}"));
        let buf = t.buffer();
        assert_eq!(
            Theme::for_app(&t.app).selected().bg,
            Some(cursor),
            "{theme}"
        );
        // Rows: the table header at y = 3, the changes from y = 4; the cursor is on the second.
        let y = 5;
        let x = find(&buf, y, "蒋斌")[0];
        assert_eq!(buf[(x, y)].bg, cursor, "{theme}");
        assert_eq!(buf[(0, y)].bg, cursor, "{theme}");
        // The other rows are not on it; their author reads in the accent colour.
        let x = find(&buf, 4, "史刚")[0];
        assert_ne!(buf[(x, 4)].bg, cursor, "{theme}");
        assert_eq!(buf[(x, 4)].fg, accent, "{theme}");
    }
    let buf = t.buffer();
    // The change in full under the table, with its before → after.
    let lines: Vec<u16> = (0..buf.area.height)
        .filter(|y| !find(&buf, *y, "目标值：3 → 5").is_empty())
        .collect();
    assert_eq!(lines.len(), 2, "in its row and under the table: {lines:?}");
    assert!(lines[1] > 40, "under the table: {lines:?}");
}

#[test]
fn history_filters_through_the_menu_and_enter_opens_the_record() {
    let p = logged();
    let mut t = tui(&p, 120, 36);
    t.key(KeyCode::Char('9'));
    // f: who, kind, period; the kind's values start with enterprises, then visits.
    t.key(KeyCode::Char('f'));
    t.key(KeyCode::Down);
    t.key(KeyCode::Enter);
    t.key(KeyCode::Down);
    t.key(KeyCode::Down);
    t.key(KeyCode::Enter);
    assert_eq!(t.app.history.total, 2);
    assert!(t.app.history.rows.iter().all(|r| r.entity == "visits"));
    assert!(
        t.screen()
            .lines()
            .nth(1)
            .unwrap_or("")
            .contains("筛选: 走访")
    );
    // Enter on a target's change goes to the Targets screen.
    t.key(KeyCode::Char('F'));
    assert_eq!(t.app.history.total, 4);
    t.key(KeyCode::Down);
    t.key(KeyCode::Enter);
    assert_eq!(t.app.screen, seedbed::app::Screen::Targets);
}

/// Times of the History screen's windows on a big pool file (`SEEDBED_HISTORY_DB`: a demo pool
/// of 100,000 enterprises whose log was filled with a million and a half changes): each view's
/// first window (its length counted) and a window deep in it. Run by hand: `cargo test --test it
/// history::timings -- --ignored --nocapture`.
#[test]
#[ignore]
fn timings() {
    use seedbed::app::{Effect, ListId};
    let Ok(db) = std::env::var("SEEDBED_HISTORY_DB") else {
        return;
    };
    let store = open(Path::new(&db));
    let someone: String = store
        .conn
        .query_row(
            "SELECT name FROM commissioners ORDER BY name LIMIT 1",
            [],
            |r| r.get(0),
        )
        .expect("a commissioner");
    // The parts of a first window: the view's length, then the window itself.
    for round in ["cold", "warm"] {
        let q = ListQuery::default();
        let t = std::time::Instant::now();
        let span = history::span(&store.conn, &q, TODAY).expect("span");
        let counted = t.elapsed().as_secs_f64() * 1e3;
        let t = std::time::Instant::now();
        history::page(&store.conn, &q, TODAY, span, 0, 135).expect("page");
        let paged = t.elapsed().as_secs_f64() * 1e3;
        println!("{round}: counting {counted:.1} ms, first window {paged:.1} ms");
    }
    let mut r = seedbed::tui::runner::Runner::new(store, Config::default(), NOW, Lang::Zh, None);
    let views = [
        ("newest first", view(None, false, &[])),
        ("oldest first", view(Some(SortCol::When), true, &[])),
        ("by kind", view(Some(SortCol::Record), false, &[])),
        ("visits", view(None, false, &[(Facet::Record, "visits")])),
        (
            "one person",
            view(None, false, &[(Facet::Commissioner, &someone)]),
        ),
        (
            "last year",
            view(None, false, &[(Facet::Period, "last-year")]),
        ),
        ("today", view(None, false, &[(Facet::Period, "today")])),
    ];
    for (name, v) in views {
        for start in [0, 100_000, 10_000_000] {
            let t = std::time::Instant::now();
            let loaded = r.run(&Effect::Fetch {
                list: ListId::History,
                start,
                len: 135,
                pool: seedbed::domain::Pool::Hte,
                year: 2026,
                view: v.clone(),
            });
            let total = match loaded {
                seedbed::app::Loaded::Page { total, .. } => total,
                other => panic!("{other:?}"),
            };
            println!(
                "{name} from {start} (of {total}): {:.1} ms",
                t.elapsed().as_secs_f64() * 1e3
            );
        }
    }
}

/// In the as-of view the log is as it stood at the end of that day: later changes are not in
/// the list or its length.
#[test]
fn the_as_of_view_lists_the_changes_made_by_its_day() {
    let p = logged();
    let store = open(&p.db);
    let day = time::macros::date!(2026 - 11 - 17);
    seedbed::store::asof::enter(&store.conn, day, &Config::default()).expect("as of");
    let q = ListQuery::default();
    let span = history::span(&store.conn, &q, day).expect("span");
    assert_eq!(span.total, 3);
    let rows = history::page(&store.conn, &q, day, span, 0, 90).expect("page");
    assert_eq!(rows.iter().map(|r| r.seq).collect::<Vec<_>>(), [3, 2, 1]);
    assert_eq!(
        seqs(&store, &view(None, false, &[(Facet::Record, "visits")])),
        [1]
    );
}
