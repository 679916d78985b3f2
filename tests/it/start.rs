//! Start at the floor (issue 17): the Pool screen's first pages are read by SQL in the index's
//! rank order while the whole index loads on a thread of its own; the table does not change
//! when the index takes over, and a write made meanwhile is in the index that arrives.

use crate::common::{NOW, TODAY, demo_pool};
use crate::tui::text_of;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use seedbed::app::{Action, App, Loaded};
use seedbed::config::Config;
use seedbed::i18n::Lang;
use seedbed::index::PoolView;
use seedbed::store::{OpenMode, Store, pool};
use seedbed::tui::drain;
use seedbed::tui::runner::Runner;

/// The first rows of the demo pool of 60 (seed 7, as of 2026-11-21) by rank, read off the file
/// with sqlite3 by hand: rank 1 in each pool (高企库, 科小库, 项目库 in that order), then rank 2 …
const FIRST: [&str; 8] = [
    "新疆华瑞宏图仪器仪表有限责任公司",
    "新疆克拉玛依北斗石化股份有限公司",
    "甘肃远航信息技术有限公司",
    "乌鲁木齐天和智联环保科技有限公司",
    "新疆克拉玛依聚英油田技术有限责任公司",
    "新疆亚欧智能装备科技股份有限公司",
    "新疆克拉玛依大漠数据科技有限公司",
    "甘肃凯瑞德润数据科技有限公司",
];

/// Its 6 unranked enterprises, last, by the pinyin of their names (gan, lan, xin jiang xin da,
/// xin jiang xin hua, xin jiang yi, xin jiang zhi).
const UNRANKED: [&str; 6] = [
    "甘肃致远信息技术有限公司",
    "兰州华瑞油田技术有限责任公司",
    "新疆鑫达网络科技有限公司",
    "新疆新华信息技术有限公司",
    "新疆亿达网络科技有限公司",
    "新疆智联电子科技有限公司",
];

fn names(rows: &[seedbed::index::RowUpdate]) -> Vec<&str> {
    rows.iter().map(|r| r.name.as_str()).collect()
}

#[test]
fn the_pages_read_by_sql_are_the_index_in_rank_order() {
    let (_dir, db) = demo_pool(60);
    let store = Store::open(&db, OpenMode::Existing).expect("open the demo pool");
    let conn = &store.conn;
    assert_eq!(pool::rank_counts(conn).expect("counts"), (60, 54));
    let first = pool::rank_page(conn, 54, 0, 8).expect("first page");
    assert_eq!(names(&first), FIRST);
    // A page across the end of the ranked rows, and the last page.
    let across = pool::rank_page(conn, 54, 52, 4).expect("page across");
    assert_eq!(
        across[2..]
            .iter()
            .map(|r| r.name.as_str())
            .collect::<Vec<_>>(),
        UNRANKED[..2]
    );
    assert_eq!(
        across[..2].iter().map(|r| r.row.rank).collect::<Vec<_>>(),
        [Some(32), Some(33)]
    );
    let last = pool::rank_page(conn, 54, 54, 20).expect("last page");
    assert_eq!(names(&last), UNRANKED);
    // The whole pool, page by page, is the index's view in its default (rank) order.
    let view = PoolView::new(pool::load_index(conn).expect("index"), TODAY);
    let by_pages: Vec<String> = (0..60)
        .step_by(7)
        .flat_map(|start| pool::rank_page(conn, 54, start, 7).expect("page"))
        .map(|r| r.name)
        .collect();
    let by_index: Vec<String> = (0..60)
        .filter_map(|pos| view.name_at(pos))
        .map(str::to_string)
        .collect();
    assert_eq!(by_pages.len(), 60);
    assert_eq!(by_pages, by_index);
    // The rows carry what the table shows: the index's row (its district and commissioner
    // by name: their numbers are a page's own).
    let top = view.row_at(0).expect("first row");
    let shown =
        |r: &seedbed::index::IndexRow| (r.id.to_string(), r.rank, r.pool, r.colour, r.next_visit);
    assert_eq!(shown(&first[0].row), shown(top));
    assert_eq!(first[0].district, view.index.district(top));
    let commissioner = first[0].commissioner.as_deref().unwrap_or("");
    assert_eq!(commissioner, view.index.commissioner(top));
    // Two rows of a pool with one rank (a rank kept from another pool's ranking) go by the
    // pinyin of their names, as in the index: 克拉玛依 (ke) before 新疆 (xin), although the
    // file holds the 新疆 row first.
    conn.execute(
        "UPDATE enterprises SET rank = 1 WHERE name = '克拉玛依信达电子科技有限公司'",
        [],
    )
    .expect("tie");
    let tied = pool::rank_page(conn, 54, 0, 4).expect("first page");
    let expected = ["克拉玛依信达电子科技有限公司", FIRST[0], FIRST[1], FIRST[2]];
    assert_eq!(names(&tied), expected);
    // From the second row on, the tie is at the page's edge.
    let second = pool::rank_page(conn, 54, 1, 3).expect("second row on");
    assert_eq!(names(&second), expected[1..]);
    let view = PoolView::new(pool::load_index(conn).expect("index"), TODAY);
    let by_index: Vec<&str> = (0..4).filter_map(|pos| view.name_at(pos)).collect();
    assert_eq!(by_index, expected);
}

/// The app and runner started as the terminal starts them, the index loading behind.
fn start(db: &std::path::Path, width: u16, height: u16) -> (App, Runner) {
    let store = Store::open(db, OpenMode::Existing).expect("open the demo pool");
    // As `seedbed --demo` starts: one of the demo's commissioners, so that nobody is asked.
    let me = seedbed::cli::write::demo_me(&store).expect("read the commissioners");
    let me = me.map(|m| m.id);
    assert!(me.is_some(), "the demo pool has commissioners");
    let mut runner = Runner::new(store, Config::default(), NOW, Lang::Zh, me);
    runner.index_load.background = true;
    let mut app = App::new(Lang::Zh, NOW, Config::default(), width, height);
    let start = app.start();
    drain(&mut app, &mut runner, start);
    (app, runner)
}

fn screen(app: &App) -> String {
    let mut t = Terminal::new(TestBackend::new(app.width, app.height)).expect("test terminal");
    t.draw(|f| seedbed::ui::render(f, app)).expect("draw");
    text_of(t.backend().buffer())
}

#[test]
fn the_first_frame_shows_the_sql_page_and_the_index_takes_over_unchanged() {
    let (_dir, db) = demo_pool(60);
    let (mut app, mut runner) = start(&db, 80, 24);
    assert!(app.pool.is_none(), "the index loads in the background");
    let before = screen(&app);
    insta::assert_snapshot!("start_before_index_zh_80x24", before);
    assert!(
        before
            .lines()
            .nth(1)
            .is_some_and(|l| l.contains("索引加载中…")),
        "{before}"
    );
    assert!(before.contains(FIRST[2]), "{before}");
    let Some(index @ Loaded::View(_)) = runner.wait_index() else {
        panic!("the index arrives");
    };
    let fx = app.update(Action::Loaded(index));
    drain(&mut app, &mut runner, fx);
    assert!(app.pool.is_some());
    let after = screen(&app);
    assert!(!after.contains("索引加载中…"), "{after}");
    // The counts read 60/60 instead of …/60; the tabs, the table and the footer are the same.
    let body = |s: &str| s.lines().skip(2).map(str::to_string).collect::<Vec<_>>();
    assert_eq!(body(&before), body(&after));
    assert!(
        after.lines().next().is_some_and(|l| l.contains("60/60")),
        "{after}"
    );
}

#[test]
fn keys_on_the_sql_page_move_and_open_and_the_cursor_stays_when_the_index_arrives() {
    use crossterm::event::{KeyCode, KeyEvent};
    let (_dir, db) = demo_pool(60);
    let (mut app, mut runner) = start(&db, 80, 24);
    let key = |app: &mut App, runner: &mut Runner, code| {
        let fx = app.update(Action::Key(KeyEvent::from(code)));
        drain(app, runner, fx);
    };
    // Down past the first window (three screens of 19 rows), read by SQL as it goes.
    for _ in 0..60 {
        key(&mut app, &mut runner, KeyCode::Char('j'));
    }
    assert_eq!(app.pool_start.page.selected, 59);
    assert_eq!(app.selected_enterprise().map(|id| id.len()), Some(26));
    let last = app.pool_start.page.selected_row().map(|r| r.name.clone());
    assert_eq!(last.as_deref(), Some(UNRANKED[5]));
    key(&mut app, &mut runner, KeyCode::Char('k'));
    let on = app.selected_enterprise();
    // Enter opens the detail of the enterprise under the cursor.
    key(&mut app, &mut runner, KeyCode::Enter);
    assert_eq!(
        app.detail.as_ref().map(|d| Some(d.id.clone())),
        Some(on.clone())
    );
    key(&mut app, &mut runner, KeyCode::Esc);
    let Some(index) = runner.wait_index() else {
        panic!("the index arrives");
    };
    app.update(Action::Loaded(index));
    assert_eq!(app.pool.as_ref().map(|p| p.selected), Some(58));
    assert_eq!(app.selected_enterprise(), on);
}

#[test]
fn a_write_while_the_index_loads_is_in_the_index_that_arrives() {
    let (_dir, db) = demo_pool(60);
    let (_app, mut runner) = start(&db, 80, 24);
    // Another program renames the first enterprise (a logged change, as every write is).
    let other = rusqlite::Connection::open(&db).expect("open");
    other
        .execute_batch(
            "INSERT INTO change_groups (at, label) VALUES ('2026-11-21T09:00:01', 'edit');
             UPDATE enterprises SET name = '改名后的企业' WHERE name = '新疆华瑞宏图仪器仪表有限责任公司';",
        )
        .expect("write");
    // Read before or after the write, the index handed over has it.
    let Some(Loaded::View(view)) = runner.wait_index() else {
        panic!("the index arrives");
    };
    let index = &view.index;
    let names: Vec<&str> = (0..index.rows.len()).map(|i| index.name(i)).collect();
    assert!(names.contains(&"改名后的企业"), "{names:?}");
    assert!(!names.contains(&FIRST[0]));
}

#[test]
fn the_wait_for_input_ends_when_the_index_is_ready() {
    let (_dir, db) = demo_pool(60);
    let (_app, mut runner) = start(&db, 80, 24);
    // A clock that never moves and no key: only the index can end an hour's wait.
    struct Still(std::time::Instant);
    impl seedbed::tui::Input for Still {
        fn now(&mut self) -> std::time::Instant {
            self.0
        }
        fn poll(&mut self, _: std::time::Duration) -> std::io::Result<bool> {
            Ok(false)
        }
        fn read(&mut self) -> std::io::Result<crossterm::event::Event> {
            Err(std::io::Error::other("no event"))
        }
    }
    let mut input = runner.waking(Still(std::time::Instant::now()));
    let hour = std::time::Duration::from_secs(3600);
    assert!(!seedbed::tui::Input::poll(&mut input, hour).expect("poll"));
    assert!(matches!(runner.index_arrived(), Some(Loaded::View(_))));
    // Without a load in flight it is the terminal's own wait.
    assert!(runner.index_arrived().is_none());
}

#[test]
fn the_header_names_what_waits_for_the_index_next_to_the_status_word() {
    use crossterm::event::{KeyCode, KeyEvent};
    let (_dir, db) = demo_pool(60);
    let (mut app, mut runner) = start(&db, 120, 30);
    for code in [
        KeyCode::Char('s'),
        KeyCode::Char('/'),
        KeyCode::Char('x'),
        KeyCode::Char('j'),
    ] {
        let fx = app.update(Action::Key(KeyEvent::from(code)));
        drain(&mut app, &mut runner, fx);
    }
    let fx = app.update(Action::Key(KeyEvent::from(KeyCode::Enter)));
    drain(&mut app, &mut runner, fx);
    let shown = screen(&app);
    let header = shown.lines().nth(1).unwrap_or_default().to_string();
    assert!(
        header.ends_with("│ 排序: 企业名称▲ │ 搜索: xj │ 索引加载中…"),
        "{header}"
    );
    // The table is still the rank order, its header marked so.
    assert!(
        shown.lines().nth(3).is_some_and(|l| l.starts_with("排名▲")),
        "{shown}"
    );
    let Some(index) = runner.wait_index() else {
        panic!("the index arrives");
    };
    let fx = app.update(Action::Loaded(index));
    drain(&mut app, &mut runner, fx);
    let shown = screen(&app);
    let header = shown.lines().nth(1).unwrap_or_default().to_string();
    assert!(!header.contains("索引加载中…"), "{header}");
    assert!(header.contains("搜索: xj ("), "{header}");
    assert!(
        shown
            .lines()
            .nth(3)
            .is_some_and(|l| l.contains("企业名称▲")),
        "{shown}"
    );
}
