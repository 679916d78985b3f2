//! Saved views (issue 17): the `V` picker drawn with Chinese names (snapshots, the selected
//! row's colours per cell), views kept in the file by person, and each person's last view
//! restored at start: in process on one file (the first frame stays the Pool's SQL page, the
//! sort waits for the index) and by the real binary run twice in a pseudo-terminal.

use crate::common::{NOW, demo_pool};
use crate::crash::{ESC, Tui as Binary};
use crate::tui::{Tui, find, text_of};
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};
use seedbed::app::saved_views::View;
use seedbed::app::{Action, App, Screen};
use seedbed::config::Config;
use seedbed::i18n::Lang;
use seedbed::index::SortKey;
use seedbed::store::{OpenMode, Store, saved_views};
use seedbed::tui::drain;
use seedbed::tui::runner::Runner;
use std::path::Path;
use unicode_width::UnicodeWidthStr;

/// The demo pool's enterprise ranked first (高企库), read off the file by hand (tests/it/start.rs).
const RANKED_FIRST: &str = "新疆华瑞宏图仪器仪表有限责任公司";

fn typed(t: &mut Tui, keys: &str) {
    for c in keys.chars() {
        t.key(KeyCode::Char(c));
    }
}

fn command(t: &mut Tui, line: &str) {
    typed(t, &format!(":{line}"));
    t.key(KeyCode::Enter);
}

/// Three views saved through the real runner, the picker open on the second.
fn three_views(width: u16, height: u16) -> Tui {
    let (dir, db) = demo_pool(80);
    let mut t = Tui::on(dir, &db, Lang::Zh, width, height);
    // The Pool by name, descending, searching 科技.
    typed(&mut t, "sS/科技");
    t.key(KeyCode::Enter);
    command(&mut t, "view save 重点企业");
    assert_eq!(t.app.status.as_deref(), Some("已保存视图「重点企业」"));
    // The Alerts, red projects only (the first facet, its first value).
    typed(&mut t, "3f");
    t.key(KeyCode::Enter);
    typed(&mut t, "j");
    t.key(KeyCode::Enter);
    command(&mut t, "view save 红色预警");
    // The Agenda, sorted by its second column.
    typed(&mut t, "2s");
    command(&mut t, "view save 本周走访安排");
    typed(&mut t, "1V");
    typed(&mut t, "j");
    t
}

/// The picker's rows, by name: their row on screen.
fn row_of(buf: &Buffer, name: &str) -> u16 {
    (0..buf.area.height)
        .find(|y| !find(buf, *y, name).is_empty())
        .unwrap_or_else(|| panic!("{name} on screen:\n{}", text_of(buf)))
}

/// The cells inside the picker's box on row `y` (between the borders around `x`), but those
/// after a wide character (the terminal draws the character over them).
fn inside(buf: &Buffer, y: u16, x: u16) -> Vec<u16> {
    let border = |c: u16| buf[(c, y)].symbol() == "│";
    let left = (0..x).rev().find(|c| border(*c)).expect("the left border");
    let right = (x..buf.area.width)
        .find(|c| border(*c))
        .expect("the right border");
    let wide = |c: u16| buf[(c, y)].symbol().width() > 1;
    (left + 1..right).filter(|c| !wide(c - 1)).collect()
}

/// Every cell of the selected row (`sel`) has the selection's colours; every cell of another
/// row (`other`) has none of them. Cells after a wide character are not looked at (the
/// terminal draws the character over them).
fn check_selection(t: &Tui, sel: &str, other: &str, fg: Color, bg: Color, theme: &str) {
    let buf = t.buffer();
    let y = row_of(&buf, sel);
    let x = find(&buf, y, sel)[0];
    let cols = inside(&buf, y, x);
    assert!(cols.len() > 30, "{theme}: the box is wide:\n{}", t.screen());
    for &c in &cols {
        let cell = &buf[(c, y)];
        assert_eq!((cell.fg, cell.bg), (fg, bg), "{theme}: cell {c},{y}");
        assert!(cell.modifier.contains(Modifier::BOLD), "{theme}: {c},{y}");
    }
    let y = row_of(&buf, other);
    for c in cols {
        assert_ne!(buf[(c, y)].bg, bg, "{theme}: unselected cell {c},{y}");
    }
}

#[test]
fn the_picker_lists_views_with_chinese_names_and_colours_the_selected_row() {
    for (w, h) in [(80, 24), (160, 48)] {
        let mut t = three_views(w, h);
        let screen = t.screen();
        insta::assert_snapshot!(format!("views_picker_zh_{w}x{h}"), screen);
        // By pinyin: ben, hong, zhong; the cursor on the second.
        assert_eq!(t.app.saved_views.picker, Some(1));
        assert!(screen.contains("已存视图"), "{screen}");
        // The dark theme (the default): the terminal's own text on dark grey, bold.
        check_selection(
            &t,
            "红色预警",
            "重点企业",
            Color::Reset,
            Color::DarkGray,
            "dark",
        );
        // The light theme: black on pale blue.
        typed(&mut t, "q");
        command(&mut t, "theme light");
        typed(&mut t, "Vj");
        let (fg, bg) = (Color::Black, Color::Indexed(153));
        check_selection(&t, "红色预警", "本周走访安排", fg, bg, "light");
        // Enter opens it: the Alerts, red only.
        t.key(KeyCode::Enter);
        assert_eq!(t.app.screen, Screen::Alerts);
        assert_eq!(t.app.saved_views.picker, None);
        assert!(t.screen().contains("视图「红色预警」"));
    }
}

#[test]
fn monochrome_marks_the_selected_row_reversed() {
    let mut t = three_views(80, 24);
    typed(&mut t, "q");
    command(&mut t, "theme mono");
    typed(&mut t, "Vj");
    let buf = t.buffer();
    let y = row_of(&buf, "红色预警");
    let x = find(&buf, y, "红色预警")[0];
    for c in inside(&buf, y, x) {
        assert!(buf[(c, y)].modifier.contains(Modifier::REVERSED), "{c},{y}");
    }
    let y = row_of(&buf, "重点企业");
    assert!(!buf[(x, y)].modifier.contains(Modifier::REVERSED));
    // d asks over the picker, with the keys of the yes/no questions; yes deletes it in the
    // file, and the picker lists the two left.
    typed(&mut t, "d");
    let screen = t.screen();
    assert!(screen.contains("删除视图「红色预警」？"), "{screen}");
    assert!(screen.contains("y 是 · n 否"), "{screen}");
    typed(&mut t, "y");
    assert_eq!(t.app.status.as_deref(), Some("已删除视图「红色预警」"));
    let names: Vec<&str> = (t.app.saved_views.list.iter())
        .map(|v| v.name.as_str())
        .collect();
    assert_eq!(names, ["本周走访安排", "重点企业"]);
    assert_eq!(t.app.saved_views.picker, Some(1));
}

/// An app and runner on `db` started as the terminal starts them (the index loading behind
/// the first frame), as `me` (`None`: nobody chosen).
fn session(db: &Path, me: Option<String>, background: bool) -> (App, Runner) {
    let store = Store::open(db, OpenMode::Existing).expect("open the pool");
    let mut runner = Runner::new(store, Config::default(), NOW, Lang::Zh, me);
    runner.index_load.background = background;
    // Wide enough for the header's sort and search.
    let mut app = App::new(Lang::Zh, NOW, Config::default(), 160, 30);
    let start = app.start();
    drain(&mut app, &mut runner, start);
    if app.prompt.is_some() {
        // Who are you? Later.
        let fx = app.update(Action::Key(KeyEvent::from(KeyCode::Esc)));
        drain(&mut app, &mut runner, fx);
    }
    (app, runner)
}

fn key(app: &mut App, runner: &mut Runner, code: KeyCode) {
    let fx = app.update(Action::Key(KeyEvent::from(code)));
    drain(app, runner, fx);
}

fn keys(app: &mut App, runner: &mut Runner, s: &str) {
    for c in s.chars() {
        key(app, runner, KeyCode::Char(c));
    }
}

fn frame(app: &App) -> String {
    let mut t = Terminal::new(TestBackend::new(app.width, app.height)).expect("test terminal");
    t.draw(|f| seedbed::ui::render(f, app)).expect("draw");
    text_of(t.backend().buffer())
}

#[test]
fn the_last_sorted_pool_comes_back_at_start_as_a_sort_waiting_for_the_index() {
    let (_dir, db) = demo_pool(60);
    {
        // Nobody chosen: nobody's last view. By name, descending; a search; quit.
        let (mut app, mut runner) = session(&db, None, false);
        assert!(app.pool.is_some(), "the index, read in place");
        keys(&mut app, &mut runner, "sS/科技");
        key(&mut app, &mut runner, KeyCode::Enter);
        keys(&mut app, &mut runner, "q");
        assert!(app.quit);
    }
    let store = Store::open(&db, OpenMode::Existing).expect("open");
    let kept = saved_views::last(&store.conn, None).expect("read the last view");
    drop(store);
    assert_eq!(
        kept.as_deref(),
        Some(r#"{"screen":"pool","sort":"name","reverse":true,"search":"科技"}"#)
    );
    // Started again on the file: the first frame is the SQL page in rank order, the sort and
    // the search asked for waiting for the index.
    let (mut app, mut runner) = session(&db, None, true);
    assert!(app.pool.is_none(), "the index loads behind the first frame");
    assert_eq!(app.screen, Screen::Pool);
    assert_eq!(app.pool_start.sort, Some((SortKey::Name, true)));
    let first = frame(&app);
    let table: Vec<&str> = first.lines().skip(4).collect();
    assert!(table[0].contains(RANKED_FIRST), "{first}");
    let context = first.lines().nth(1).unwrap_or_default();
    assert!(context.contains("排序: 企业名称▼"), "{first}");
    assert!(context.contains("搜索: 科技"), "{first}");
    assert!(context.contains("索引加载中…"), "{first}");
    let index = runner.wait_index().expect("the index arrives");
    let fx = app.update(Action::Loaded(index));
    drain(&mut app, &mut runner, fx);
    let p = app.pool.as_ref().expect("the index");
    assert_eq!(
        (p.sort, p.desc, p.query.text.as_str()),
        (SortKey::Name, true, "科技")
    );
    // Another person starts on the Pool as it opens: the last view was nobody's.
    let (someone, _) = commissioners(&db).swap_remove(0);
    let (app, _runner) = session(&db, Some(someone), true);
    assert_eq!(app.pool_start.sort, None);
    assert_eq!(app.current_view(), View::of(Screen::Pool));
}

/// The demo pool's commissioners: (id, name), by id.
fn commissioners(db: &Path) -> Vec<(String, String)> {
    let store = Store::open(db, OpenMode::Existing).expect("open");
    store
        .conn
        .prepare("SELECT id, name FROM commissioners ORDER BY id")
        .and_then(|mut s| s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect())
        .expect("the commissioners")
}

#[test]
fn the_binary_run_twice_restores_the_last_view_and_keeps_the_saved_ones_by_person() {
    let (dir, db) = demo_pool(40);
    let home = dir.path();
    let sorted = "排序: 企业名称▲";
    let people = commissioners(&db);
    let (me, other) = (&people[0].1, &people[1].1);
    // ── First run: a view saved, then the Alerts sorted by name; quit. ──
    let mut tui = Binary::start_with(&db, home, &["--as", me]);
    tui.wait_for("the pool screen", |s| {
        s.contains("苗圃") && s.contains(me.as_str())
    });
    tui.send(":view save 本周重点\r");
    tui.wait_for("the view saved", |s| s.contains("已保存视图「本周重点」"));
    tui.send("3s");
    tui.wait_for("the Alerts sorted by name", |s| s.contains(sorted));
    tui.send("q");
    let status = tui.exit("the program to quit");
    assert!(status.success(), "{status:?}");
    drop(tui);
    // ── Second run, as the same person: the Alerts sorted by name; the view is there. ──
    let mut tui = Binary::start_with(&db, home, &["--as", me]);
    tui.wait_for("the Alerts sorted by name, restored", |s| {
        s.contains(sorted)
    });
    tui.send("V");
    tui.wait_for("the picker with the saved view", |s| {
        s.contains("已存视图") && s.contains("本周重点")
    });
    tui.send(ESC);
    // An Esc and a key sent at once read as Alt and the key: the picker closes first.
    tui.wait_for("the picker to close", |s| !s.contains("已存视图"));
    tui.send("q");
    assert!(tui.exit("the program to quit").success());
    drop(tui);
    // ── Another person: the Pool as it opens, and none of the first one's views. ──
    let mut tui = Binary::start_with(&db, home, &["--as", other]);
    tui.wait_for("the pool screen", |s| {
        s.contains("苗圃") && s.contains(other.as_str())
    });
    assert!(!tui.screen.contains(sorted), "{}", tui.screen);
    tui.send(":view 本周重点\r");
    tui.wait_for("the name refused", |s| s.contains("没有视图「本周重点」"));
    tui.send("q");
    assert!(tui.exit("the program to quit").success());
}

#[test]
fn the_last_view_waits_silently_while_another_program_writes_and_is_kept_after() {
    let (dir, db) = demo_pool(20);
    let mut t = Tui::on(dir, &db, Lang::Zh, 120, 36);
    t.runner
        .store
        .set_wait(std::time::Duration::from_millis(50))
        .expect("wait");
    t.key(KeyCode::Char('3'));
    let kept = |db: &Path| -> Vec<String> {
        let c = rusqlite::Connection::open(db).expect("open");
        let mut stmt = c.prepare("SELECT body FROM last_views").expect("read");
        stmt.query_map([], |r| r.get(0))
            .expect("rows")
            .collect::<rusqlite::Result<_>>()
            .expect("bodies")
    };
    // Another program holds the write lock: the tick's write waits, and nothing is said.
    let holder = rusqlite::Connection::open(&db).expect("another program");
    holder
        .execute_batch("BEGIN IMMEDIATE")
        .expect("another program takes the write lock");
    t.act(Action::Tick);
    let s = t.screen();
    assert!(!s.contains("另一个程序"), "{s}");
    assert_eq!(t.app.status, None, "{s}");
    holder.execute_batch("ROLLBACK").expect("release");
    drop(holder);
    assert!(
        kept(&db).is_empty(),
        "not kept while the other program wrote"
    );
    // The next tick keeps it.
    t.act(Action::Tick);
    assert_eq!(kept(&db), [r#"{"screen":"alerts"}"#]);
}
