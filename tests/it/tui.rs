//! The whole TUI on a demo pool: keys go through `App::update`, effects run against SQLite
//! (`tui::drain`), frames are drawn on a `TestBackend` and compared with the snapshots under
//! `snapshots/` (plain text; colours are asserted per cell below).

use crate::common::{NOW, demo_pool};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};
use seedbed::app::pool::IndexRow;
use seedbed::app::{Action, App, Effect, Overlay, Screen};
use seedbed::config::Config;
use seedbed::domain::{Colour, VisitState};
use seedbed::i18n::Lang;
use seedbed::keymap::{self, KeyAction};
use seedbed::store::queries::SortKey;
use seedbed::store::{OpenMode, Store};
use seedbed::tui::drain;
use seedbed::tui::runner::Runner;
use time::macros::date;
use unicode_width::UnicodeWidthStr;

/// The app on its own demo pool, driven like the terminal loop drives it.
pub(crate) struct Tui {
    _dir: tempfile::TempDir,
    pub(crate) app: App,
    pub(crate) runner: Runner,
}

impl Tui {
    fn new(enterprises: usize, lang: Lang, width: u16, height: u16) -> Tui {
        let (dir, db) = demo_pool(enterprises);
        Tui::on(dir, &db, lang, width, height)
    }

    /// The app on the pool file `db` (in `dir`, kept while the app lives).
    pub(crate) fn on(
        dir: tempfile::TempDir,
        db: &std::path::Path,
        lang: Lang,
        width: u16,
        height: u16,
    ) -> Tui {
        let store = Store::open(db, OpenMode::Existing).expect("open the demo pool");
        // Work as the first commissioner, so that start-up does not ask who is at the keyboard.
        let me: String = store
            .conn
            .query_row(
                "SELECT id FROM commissioners ORDER BY name LIMIT 1",
                [],
                |r| r.get(0),
            )
            .expect("a commissioner");
        let mut runner = Runner::new(store, Config::default(), NOW, lang, Some(me));
        let mut app = App::new(lang, NOW, Config::default(), width, height);
        let start = app.start();
        drain(&mut app, &mut runner, start);
        Tui {
            _dir: dir,
            app,
            runner,
        }
    }

    /// 80 enterprises in Chinese.
    fn zh(width: u16, height: u16) -> Tui {
        Tui::new(80, Lang::Zh, width, height)
    }

    pub(crate) fn act(&mut self, action: Action) {
        let fx = self.app.update(action);
        drain(&mut self.app, &mut self.runner, fx);
    }

    pub(crate) fn key(&mut self, code: KeyCode) {
        self.act(Action::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    }

    fn ctrl(&mut self, c: char) {
        self.act(Action::Key(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::CONTROL,
        )));
    }

    /// Types each character as a key press.
    fn keys(&mut self, s: &str) {
        for c in s.chars() {
            self.key(KeyCode::Char(c));
        }
    }

    /// A `:` command line, typed and entered.
    pub(crate) fn command(&mut self, line: &str) {
        self.key(KeyCode::Char(':'));
        self.keys(line);
        self.key(KeyCode::Enter);
    }

    fn mouse(&mut self, kind: MouseEventKind, row: u16) {
        self.act(Action::Mouse(MouseEvent {
            kind,
            column: 10,
            row,
            modifiers: KeyModifiers::NONE,
        }));
    }

    fn resize(&mut self, width: u16, height: u16) {
        self.act(Action::Resize(width, height));
    }

    pub(crate) fn buffer(&self) -> Buffer {
        let mut t = Terminal::new(TestBackend::new(self.app.width, self.app.height))
            .expect("test terminal");
        t.draw(|f| seedbed::ui::render(f, &self.app)).expect("draw");
        t.backend().buffer().clone()
    }

    /// The frame as text, one line per row, trailing blanks cut.
    pub(crate) fn screen(&self) -> String {
        text_of(&self.buffer())
    }

    fn pool_selected(&self) -> usize {
        self.app.pool.as_ref().map_or(usize::MAX, |p| p.selected)
    }

    fn selected_name(&self) -> String {
        self.app
            .pool
            .as_ref()
            .and_then(|p| p.name_at(p.selected))
            .map(str::to_string)
            .expect("a selected row")
    }

    fn selected_row(&self) -> IndexRow {
        self.app
            .pool
            .as_ref()
            .and_then(|p| p.selected_row())
            .cloned()
            .expect("a selected row")
    }

    fn view_len(&self) -> usize {
        self.app.pool.as_ref().map_or(0, |p| p.view_len())
    }

    fn detail_name(&self) -> Option<String> {
        let d = self.app.detail.as_ref()?;
        d.detail.as_ref().map(|d| d.row.name.clone())
    }
}

/// The text of a buffer; the second half of a wide character is skipped.
pub(crate) fn text_of(buf: &Buffer) -> String {
    let area = buf.area;
    let mut out = Vec::new();
    for y in 0..area.height {
        let mut line = String::new();
        let mut skip = 0usize;
        for x in 0..area.width {
            let sym = buf[(x, y)].symbol();
            if skip == 0 {
                line.push_str(sym);
            }
            skip = skip.max(sym.width()).saturating_sub(1);
        }
        out.push(line.trim_end().to_string());
    }
    out.join("\n")
}

/// Cells `(x, y)` where `text` starts on row `y`, matching symbol by symbol.
pub(crate) fn find(buf: &Buffer, y: u16, text: &str) -> Vec<u16> {
    let syms: Vec<String> = text.chars().map(String::from).collect();
    let mut hits = Vec::new();
    for x in 0..buf.area.width {
        let mut cx = x;
        let mut ok = true;
        for s in &syms {
            if cx >= buf.area.width || buf[(cx, y)].symbol() != s {
                ok = false;
                break;
            }
            cx += s.width().max(1) as u16;
        }
        if ok {
            hits.push(x);
        }
    }
    hits
}

/// The first key bound to an action (the keymap may be remapped).
fn key_for(action: KeyAction) -> KeyCode {
    let b = keymap::Keymap::builtin()
        .list
        .entries
        .iter()
        .find(|b| b.action == action)
        .expect("a binding");
    let mut chars = b.keys[0].chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => KeyCode::Char(c),
        _ => panic!("not a one-character key: {}", b.keys[0]),
    }
}

const SIZES: [(u16, u16); 2] = [(80, 24), (160, 48)];

fn snap(name: &str, t: &Tui) {
    insta::assert_snapshot!(name, t.screen());
}

// ───────────────────────────── snapshots ─────────────────────────────

#[test]
fn every_screen_in_chinese_at_80x24_and_160x48() {
    for (w, h) in SIZES {
        let mut t = Tui::zh(w, h);
        for (n, name) in [
            ('1', "pool"),
            ('2', "agenda"),
            ('3', "alerts"),
            ('4', "ranking"),
            ('5', "certs"),
            ('6', "requests"),
            ('7', "commissioners"),
            ('8', "targets"),
        ] {
            t.key(KeyCode::Char(n));
            snap(&format!("{name}_zh_{w}x{h}"), &t);
        }
    }
}

#[test]
fn detail_help_filter_and_search_in_chinese() {
    for (w, h) in SIZES {
        let mut t = Tui::zh(w, h);
        t.key(KeyCode::Enter);
        assert!(t.detail_name().is_some());
        snap(&format!("detail_zh_{w}x{h}"), &t);
        t.key(KeyCode::Esc);

        t.key(KeyCode::Char('?'));
        snap(&format!("help_zh_{w}x{h}"), &t);
        t.key(KeyCode::Esc);

        t.key(KeyCode::Char('f'));
        snap(&format!("filter_zh_{w}x{h}"), &t);
        t.keys("jjj");
        t.key(KeyCode::Enter);
        snap(&format!("filter_colours_zh_{w}x{h}"), &t);
        t.key(KeyCode::Esc);
        t.key(KeyCode::Esc);

        t.key(KeyCode::Char('/'));
        t.keys("克拉");
        snap(&format!("search_zh_{w}x{h}"), &t);
        t.key(KeyCode::Esc);
    }
}

#[test]
fn help_on_the_detail_and_ranking_screens() {
    let mut t = Tui::zh(80, 24);
    t.key(KeyCode::Enter);
    t.key(KeyCode::Char('?'));
    snap("help_detail_zh_80x24", &t);
    t.key(KeyCode::Esc);
    t.key(KeyCode::Esc);
    t.key(KeyCode::Char('4'));
    t.key(KeyCode::Char('?'));
    snap("help_ranking_zh_80x24", &t);
}

#[test]
fn pinyin_search_sorted_and_filtered_pool() {
    let mut t = Tui::zh(160, 48);
    t.key(KeyCode::Char('/'));
    t.keys("xjkl");
    t.key(KeyCode::Enter);
    snap("search_pinyin_zh_160x48", &t);
    t.key(KeyCode::Esc);
    t.command("sort name");
    t.key(KeyCode::Char('S'));
    t.key(KeyCode::Char('f'));
    t.keys("jjj");
    t.key(KeyCode::Enter);
    t.keys("j");
    t.key(KeyCode::Enter);
    snap("pool_red_by_name_desc_zh_160x48", &t);
}

#[test]
fn a_few_screens_in_english() {
    let mut t = Tui::new(80, Lang::En, 80, 24);
    snap("pool_en_80x24", &t);
    t.key(KeyCode::Char('3'));
    snap("alerts_en_80x24", &t);
    t.key(KeyCode::Char('4'));
    snap("ranking_en_80x24", &t);
    t.key(KeyCode::Char('6'));
    snap("requests_en_80x24", &t);
    t.key(KeyCode::Char('1'));
    t.key(KeyCode::Enter);
    snap("detail_en_80x24", &t);
    t.key(KeyCode::Char('?'));
    snap("help_en_80x24", &t);
    let mut t = Tui::new(80, Lang::En, 160, 48);
    snap("pool_en_160x48", &t);
    t.key(KeyCode::Char('2'));
    snap("agenda_en_160x48", &t);
}

#[test]
fn a_terminal_too_small_says_so() {
    let t = Tui::zh(20, 5);
    snap("too_small_zh_20x5", &t);
    let t = Tui::new(20, Lang::En, 20, 5);
    assert!(t.screen().contains("too small"), "{}", t.screen());
}

/// The text of the highlighted tab on the tabs row (both themes draw it bold).
fn active_tab(buf: &Buffer) -> String {
    let mut out = String::new();
    let mut skip = 0usize;
    for x in 0..buf.area.width {
        let cell = &buf[(x, 2)];
        if skip == 0 && cell.modifier.contains(Modifier::BOLD) {
            out.push_str(cell.symbol());
        }
        skip = skip.max(cell.symbol().width()).saturating_sub(1);
    }
    out.trim().to_string()
}

/// What a frame of a usable size must show: the highlighted tab, texts in the body (column
/// headers, box titles) and on the bottom row.
struct Shows {
    tab: &'static str,
    body: &'static [&'static str],
    bottom: &'static str,
}

const TOO_SMALL: &str = "终端太小（至少需要 60x16）";

/// Draws the app at sizes on both sides of the 60x16 minimum and checks each frame's content.
fn check_sizes(t: &mut Tui, what: &str, shows: &Shows) {
    let sizes = [
        (1, 1),
        (2, 1),
        (1, 3),
        (20, 5),
        (59, 15),
        (59, 16),
        (60, 15),
        (60, 16),
        (61, 17),
        (79, 23),
        (100, 30),
        (120, 36),
        (200, 50),
        (300, 80),
    ];
    for (w, h) in sizes {
        t.resize(w, h);
        let buf = t.buffer();
        let s = text_of(&buf);
        let lines: Vec<&str> = s.split('\n').collect();
        let at = format!("{what} at {w}x{h}:\n{s}");
        if w < 60 || h < 16 {
            assert!(!s.contains("苗圃"), "{at}");
            assert!(!s.trim().is_empty(), "{at}");
            if w >= TOO_SMALL.width() as u16 {
                assert_eq!(lines[0], TOO_SMALL, "{at}");
            } else if w >= 20 {
                assert!(s.starts_with("终端太小"), "{at}");
            }
            continue;
        }
        assert!(!s.contains("终端太小"), "{at}");
        assert!(lines[0].starts_with(" 苗圃  "), "{at}");
        assert!(lines[1].starts_with(" 截至 2026-11-21"), "{at}");
        let tab = active_tab(&buf);
        assert!(tab.contains(shows.tab), "{at}\nhighlighted tab {tab:?}");
        let body = lines[3..lines.len() - 1].join("\n");
        for text in shows.body {
            assert!(body.contains(text), "{at}\nmissing {text:?}");
        }
        assert!(
            lines[lines.len() - 1].contains(shows.bottom),
            "{at}\nbottom row without {:?}",
            shows.bottom
        );
    }
    t.resize(80, 24);
}

#[test]
fn every_screen_shows_its_content_at_any_size_and_too_small_below_60x16() {
    let mut t = Tui::zh(80, 24);
    let screens: [Shows; 8] = [
        Shows {
            tab: "1 培育库",
            body: &["排名▲", "企业名称", "预警", "下次走访"],
            bottom: "? 帮助",
        },
        Shows {
            tab: "日程",
            body: &["日期", "状态", "企业名称", "方式"],
            bottom: "? 帮助",
        },
        Shows {
            tab: "预警",
            body: &["预警 企业名称", "原因"],
            bottom: "? 帮助",
        },
        Shows {
            tab: "排名",
            body: &["排名 变动", "企业名称", "得分", "短板"],
            bottom: "? 帮助",
        },
        Shows {
            tab: "高企",
            body: &["状态", "企业名称"],
            bottom: "? 帮助",
        },
        Shows {
            tab: "诉求",
            body: &["提出时间", "24小时响应", "企业名称"],
            bottom: "? 帮助",
        },
        Shows {
            tab: "专员",
            body: &["专员", "企业数", "完成率"],
            bottom: "? 帮助",
        },
        Shows {
            tab: "目标",
            body: &["区县", "指标", "实际", "完成进度"],
            bottom: "? 帮助",
        },
    ];
    let detail_top = Shows {
        tab: "▸ 企业详情",
        body: &["■ 基本信息"],
        bottom: "Esc 返回",
    };
    let detail_end = Shows {
        tab: "▸ 企业详情",
        body: &[],
        bottom: "Esc 返回",
    };
    for (n, shows) in ('1'..='8').zip(&screens) {
        t.key(KeyCode::Char(n));
        check_sizes(&mut t, &format!("screen {n}"), shows);
        t.key(KeyCode::Char('G'));
        check_sizes(&mut t, &format!("screen {n} at the end"), shows);
        t.key(KeyCode::Char('?'));
        let help = Shows {
            body: &["帮助 — 按任意键关闭"],
            ..*shows
        };
        check_sizes(&mut t, &format!("help on screen {n}"), &help);
        t.key(KeyCode::Esc);
        t.key(KeyCode::Char('g'));
        t.key(KeyCode::Enter);
        // Enter on a commissioner lists their enterprises in the pool; the targets have no detail.
        let (top, end) = match n {
            '7' => (&screens[0], &screens[0]),
            '8' => (&screens[7], &screens[7]),
            _ => (&detail_top, &detail_end),
        };
        check_sizes(&mut t, &format!("detail from screen {n}"), top);
        t.key(KeyCode::Char('G'));
        check_sizes(&mut t, &format!("end of the detail from screen {n}"), end);
        t.key(KeyCode::Esc);
    }
    t.key(KeyCode::Char('1'));
    t.key(KeyCode::Char('f'));
    let filter = Shows {
        body: &["筛选（Enter 选择，Esc 返回）", "培育库", "科技专员"],
        ..screens[0]
    };
    check_sizes(&mut t, "filter menu", &filter);
    t.keys("jjjjj");
    t.key(KeyCode::Enter);
    let values = Shows {
        body: &["筛选（Enter 选择，Esc 返回）", "全部"],
        ..screens[0]
    };
    check_sizes(&mut t, "filter values", &values);
    t.key(KeyCode::Char('q'));
    t.key(KeyCode::Char('/'));
    t.keys("克拉玛依");
    let search = Shows {
        bottom: "/克拉玛依",
        ..screens[0]
    };
    check_sizes(&mut t, "search", &search);
    t.key(KeyCode::Esc);
    t.key(KeyCode::Char(':'));
    t.keys("goto");
    let command = Shows {
        bottom: ":goto",
        ..screens[0]
    };
    check_sizes(&mut t, "command line", &command);
}

#[test]
fn an_empty_pool_draws_every_screen() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("empty.db");
    let store = Store::create(&db, false).expect("create");
    let mut runner = Runner::new(store, Config::default(), NOW, Lang::Zh, None);
    let mut app = App::new(Lang::Zh, NOW, Config::default(), 80, 24);
    let start = app.start();
    drain(&mut app, &mut runner, start);
    let mut t = Tui {
        _dir: dir,
        app,
        runner,
    };
    // Each screen: the highlighted tab, its first body row (column headers, or the targets'
    // note), and the row under it (the pool's empty marker; nothing elsewhere).
    let screens = [
        ("1 培育库", "排名▲ 培育库 企业名称", "（无）"),
        ("2 日程", "日期       状态 企业名称", ""),
        ("3 预警", "预警 企业名称", ""),
        ("4 排名", " 排名 变动  企业名称", ""),
        ("5 高企", "状态         企业名称", ""),
        ("6 诉求", "提出时间         24小时响应  企业名称", ""),
        ("7 专员", "专员   企业数 已走访 应走访 完成率", ""),
        ("8 目标", " 本年度尚未设定目标 (2026)", ""),
    ];
    for (n, (tab, first, second)) in ('1'..='8').zip(screens) {
        t.key(KeyCode::Char(n));
        t.keys("jGk");
        t.key(KeyCode::Enter);
        assert!(t.app.detail.is_none());
        let buf = t.buffer();
        let s = text_of(&buf);
        let lines: Vec<&str> = s.split('\n').collect();
        assert_eq!(
            lines[0], " 苗圃  0/0 企业 ●红0 ●黄0 ●绿0 无项目 0 │ 本周 0 逾期 0 待排 0 超时诉求 0",
            "{s}"
        );
        assert_eq!(active_tab(&buf), tab, "{s}");
        assert!(lines[3].starts_with(first), "screen {n}:\n{s}");
        assert_eq!(lines[4], second, "screen {n}:\n{s}");
        assert!(
            lines[5..23].iter().all(|l| l.is_empty()),
            "screen {n}:\n{s}"
        );
        assert!(lines[23].contains("? 帮助"), "screen {n}:\n{s}");
    }
}

// ───────────────────────────── colour ─────────────────────────────

#[test]
fn alert_cells_are_red_and_yellow() {
    let mut t = Tui::zh(120, 36);
    t.key(KeyCode::Char('3'));
    let buf = t.buffer();
    let (mut reds, mut yellows) = (0, 0);
    for y in 4..buf.area.height - 1 {
        for x in find(&buf, y, "●红") {
            assert_eq!(buf[(x, y)].fg, Color::Red, "●红 at {x},{y}");
            assert_eq!(buf[(x + 1, y)].fg, Color::Red);
            reds += 1;
        }
        for x in find(&buf, y, "●黄") {
            assert_eq!(buf[(x, y)].fg, Color::Yellow, "●黄 at {x},{y}");
            assert_eq!(buf[(x + 1, y)].fg, Color::Yellow);
            yellows += 1;
        }
    }
    assert!(reds > 0, "{}", t.screen());
    // The list is worst first: scroll to the yellow ones.
    t.key(KeyCode::Char('G'));
    let buf = t.buffer();
    for y in 4..buf.area.height - 1 {
        for x in find(&buf, y, "●黄") {
            assert_eq!(buf[(x, y)].fg, Color::Yellow);
            yellows += 1;
        }
    }
    assert!(yellows > 0, "{}", t.screen());
}

#[test]
fn pool_lights_and_overdue_visits_take_their_colour() {
    let mut t = Tui::zh(160, 48);
    t.command("sort colour");
    t.key(KeyCode::Char('g'));
    let buf = t.buffer();
    let p = t.app.pool.as_ref().expect("index");
    let (mut red_rows, mut yellow_rows, mut overdue) = (0, 0, 0);
    for i in 0..t.app.page_rows() {
        let Some(r) = p.row_at(p.scroll + i) else {
            break;
        };
        let y = 4 + i as u16;
        let lights = find(&buf, y, "●红");
        assert_eq!(lights.len(), 1, "one lights cell on row {y}");
        let x = lights[0];
        let want = if r.red > 0 {
            red_rows += 1;
            Color::Red
        } else if r.yellow > 0 {
            yellow_rows += 1;
            Color::Yellow
        } else if r.green > 0 {
            Color::Green
        } else {
            Color::DarkGray
        };
        assert_eq!(buf[(x, y)].fg, want, "lights of {:?} on row {y}", r.id);
        if r.visit_state(t.app.today()) == VisitState::Overdue {
            let next = r.next_visit.expect("an overdue row has a next visit");
            let cell = format!("{}!", seedbed::store::format_date(next));
            let xs = find(&buf, y, &cell);
            assert_eq!(xs.len(), 1, "{cell} on row {y}");
            assert_eq!(buf[(xs[0], y)].fg, Color::Red);
            overdue += 1;
        }
    }
    assert!(red_rows > 0 && yellow_rows > 0, "{}", t.screen());
    // Sorted by colour, the reds come first, then the yellows.
    assert_eq!(p.row_at(0).map(|r| r.colour), Some(Some(Colour::Red)));
    // An overdue row somewhere in the pool: select it by sorting on the next visit.
    if overdue == 0 {
        t.command("sort next-visit");
        t.key(KeyCode::Char('g'));
        let buf = t.buffer();
        let p = t.app.pool.as_ref().expect("index");
        let r = p.row_at(0).expect("a row");
        assert_eq!(r.visit_state(t.app.today()), VisitState::Overdue);
        let cell = format!(
            "{}!",
            seedbed::store::format_date(r.next_visit.expect("date"))
        );
        let xs = find(&buf, 4, &cell);
        assert_eq!(buf[(xs[0], 4)].fg, Color::Red);
    }
}

#[test]
fn no_colour_keeps_the_symbols() {
    for n in ['1', '3'] {
        let mut t = Tui::zh(120, 36);
        t.app.colour = false;
        t.key(KeyCode::Char(n));
        let buf = t.buffer();
        for y in 0..buf.area.height {
            for x in 0..buf.area.width {
                let c = &buf[(x, y)];
                assert_eq!(c.fg, Color::Reset, "fg at {x},{y} on screen {n}");
                assert_eq!(c.bg, Color::Reset, "bg at {x},{y} on screen {n}");
            }
        }
        let s = t.screen();
        assert!(s.contains("●红") && s.contains("●黄"), "{s}");
    }
}

#[test]
fn the_header_counts_are_coloured_and_readable() {
    let t = Tui::zh(120, 36);
    let buf = t.buffer();
    let x = find(&buf, 0, "●红")[0];
    assert_eq!(buf[(x, 0)].fg, Color::Red);
    let x = find(&buf, 0, "●黄")[0];
    assert_eq!(buf[(x, 0)].fg, Color::Yellow);
    let x = find(&buf, 0, "●绿")[0];
    assert_eq!(buf[(x, 0)].fg, Color::Green);
    assert!(t.screen().contains("2026-11-21"));
}

/// The number after `label ` (or right after it) on header line `line`.
fn header_number(line: &str, label: &str) -> usize {
    let at = line
        .find(label)
        .unwrap_or_else(|| panic!("{label} in {line}"))
        + label.len();
    line[at..]
        .trim_start()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .unwrap_or_else(|_| panic!("a number after {label} in {line}"))
}

#[test]
fn the_header_colours_and_no_projects_add_up_to_the_total() {
    let mut t = Tui::zh(160, 36);
    let buf = t.buffer();
    let line = t.screen().lines().next().unwrap_or_default().to_string();
    let counts: Vec<usize> = ["●红", "●黄", "●绿", "无项目"]
        .iter()
        .map(|l| header_number(&line, l))
        .collect();
    // The demo pool has 80 enterprises: the four counts are all of them.
    assert_eq!(counts.iter().sum::<usize>(), 80, "{line}");
    assert!(line.contains(" 80/80 企业"), "{line}");
    // Each count in its colour; no projects is dim, as an absent colour.
    for (label, colour) in [
        ("●红", Color::Red),
        ("●黄", Color::Yellow),
        ("●绿", Color::Green),
        ("无项目", Color::DarkGray),
    ] {
        let x = find(&buf, 0, label)[0];
        assert_eq!(buf[(x, 0)].fg, colour, "{label} in {line}");
    }
    // With a filter, the counts are of the enterprises shown, and still add up.
    t.key(KeyCode::Char('f'));
    t.keys("jjj"); // 预警
    t.key(KeyCode::Enter);
    t.keys("j"); // ●红
    t.key(KeyCode::Enter);
    let line = t.screen().lines().next().unwrap_or_default().to_string();
    let reds = header_number(&line, "●红");
    assert_eq!(header_number(&line, "●黄"), 0, "{line}");
    assert_eq!(header_number(&line, "●绿"), 0, "{line}");
    assert_eq!(header_number(&line, "无项目"), 0, "{line}");
    assert!(line.contains(&format!(" {reds}/80 企业")), "{line}");
}

// ───────────────────────────── update ─────────────────────────────

#[test]
fn navigation_moves_pages_and_clamps_at_the_ends() {
    let mut t = Tui::zh(80, 24);
    let n = t.view_len();
    let page = t.app.page_rows();
    assert_eq!(n, 80);
    assert_eq!(t.pool_selected(), 0);
    t.key(KeyCode::Char('k'));
    assert_eq!(t.pool_selected(), 0, "clamped at the top");
    t.keys("jjj");
    assert_eq!(t.pool_selected(), 3);
    t.key(KeyCode::Up);
    t.key(KeyCode::Down);
    t.key(KeyCode::Down);
    assert_eq!(t.pool_selected(), 4);
    t.key(KeyCode::Char('G'));
    assert_eq!(t.pool_selected(), n - 1);
    t.key(KeyCode::Char('j'));
    assert_eq!(t.pool_selected(), n - 1, "clamped at the bottom");
    let p = t.app.pool.as_ref().expect("index");
    assert_eq!(p.scroll, n - page, "the last row is on screen");
    t.key(KeyCode::Char('g'));
    assert_eq!(t.pool_selected(), 0);
    t.key(KeyCode::PageDown);
    assert_eq!(t.pool_selected(), page);
    t.key(KeyCode::PageUp);
    assert_eq!(t.pool_selected(), 0);
    t.ctrl('d');
    assert_eq!(t.pool_selected(), page / 2);
    t.ctrl('u');
    assert_eq!(t.pool_selected(), 0);
    t.key(KeyCode::End);
    assert_eq!(t.pool_selected(), n - 1);
    t.key(KeyCode::Home);
    assert_eq!(t.pool_selected(), 0);
    for _ in 0..10 {
        t.key(KeyCode::PageDown);
    }
    assert_eq!(t.pool_selected(), n - 1);

    // Paged lists read a window and clamp the same way.
    t.key(KeyCode::Char('3'));
    let total = t.app.alerts.total;
    assert!(total > page, "enough alerts to page: {total}");
    t.key(KeyCode::PageDown);
    assert_eq!(t.app.alerts.selected, page);
    t.key(KeyCode::Char('G'));
    assert_eq!(t.app.alerts.selected, total - 1);
    assert!(t.app.alerts.selected_row().is_some(), "the window follows");
    t.key(KeyCode::Char('j'));
    assert_eq!(t.app.alerts.selected, total - 1);
    // The selected row is drawn.
    let name = t
        .app
        .alerts
        .selected_row()
        .map(|a| a.enterprise().to_string())
        .expect("row");
    let short: String = name.chars().take(4).collect();
    assert!(t.screen().contains(&short), "{}", t.screen());
}

#[test]
fn screens_switch_by_number_tab_and_backtab() {
    let mut t = Tui::zh(80, 24);
    assert_eq!(t.app.screen, Screen::Pool);
    assert_eq!(Screen::ALL.len(), 10);
    for (n, s) in ('1'..='9').chain(['0']).zip(Screen::ALL) {
        t.key(KeyCode::Char(n));
        assert_eq!(t.app.screen, s);
    }
    t.key(KeyCode::Tab);
    assert_eq!(t.app.screen, Screen::Pool, "Tab wraps around");
    t.key(KeyCode::Tab);
    assert_eq!(t.app.screen, Screen::Agenda);
    t.key(KeyCode::BackTab);
    t.key(KeyCode::BackTab);
    assert_eq!(t.app.screen, Screen::Review, "BackTab wraps around");
    // Each list screen loaded its first window on arrival.
    assert!(t.app.requests.loaded && t.app.agenda.loaded && t.app.alerts.loaded);
    assert!(!t.app.calendar.is_empty(), "the agenda loaded its calendar");
}

#[test]
fn enter_on_a_commissioner_lists_their_enterprises() {
    let mut t = Tui::zh(120, 36);
    t.key(KeyCode::Char('7'));
    assert!(t.app.commissioners.loaded && t.app.commissioners.total > 0);
    t.key(KeyCode::Char('j'));
    let c = t
        .app
        .commissioners
        .selected_row()
        .cloned()
        .expect("a commissioner");
    t.key(KeyCode::Enter);
    assert_eq!(t.app.screen, Screen::Pool);
    assert!(t.app.detail.is_none());
    assert_eq!(t.view_len(), c.enterprises as usize);
    assert!(t.screen().contains(&c.name), "{}", t.screen());
    t.key(KeyCode::Char('F'));
    assert_eq!(t.view_len(), 80);
}

#[test]
fn targets_show_a_bar_and_a_number() {
    let mut t = Tui::zh(120, 36);
    t.key(KeyCode::Char('8'));
    assert!(t.app.targets.loaded && t.app.targets.total > 0);
    let s = t.screen();
    assert!(
        s.contains("高企数量") && s.contains('█') && s.contains('%'),
        "{s}"
    );
}

#[test]
fn certificates_end_with_this_years_rewards_paid_or_not() {
    let mut t = Tui::zh(160, 48);
    t.key(KeyCode::Char('5'));
    let want = seedbed::store::bureau::reward_rows(&t.runner.store.conn, 2026, &Config::default())
        .expect("rewards");
    assert!(!want.is_empty(), "the demo pool has rewards this year");
    t.key(KeyCode::Char('G'));
    assert!(matches!(
        t.app.certs.selected_row(),
        Some(seedbed::app::CertItem::Reward(_))
    ));
    let s = t.screen();
    let last = want.last().expect("a reward");
    assert!(s.contains(&last.enterprise), "{s}");
    assert!(s.contains(&format!("{} 元", last.amount)), "{s}");
    // Paid or unpaid in words, not only in colour.
    let word = if last.paid_on.is_some() {
        "奖励 已发放"
    } else {
        "奖励 未发放"
    };
    assert!(s.contains(word), "{s}");
    snap("certs_rewards_zh_160x48", &t);
    // Enter on a reward opens its enterprise.
    t.key(KeyCode::Enter);
    assert_eq!(t.detail_name().as_deref(), Some(last.enterprise.as_str()));
}

#[test]
fn enter_opens_the_detail_and_esc_returns_with_the_selection_kept() {
    let mut t = Tui::zh(80, 24);
    t.keys("jjjjj");
    let row = t.selected_row();
    let name = t.selected_name();
    t.key(KeyCode::Enter);
    assert_eq!(t.detail_name(), Some(name));
    assert!(t.screen().contains(&*row.credit_code));
    // j scrolls the detail, not the list.
    t.keys("jj");
    assert_eq!(t.app.detail.as_ref().map(|d| d.scroll), Some(2));
    t.key(KeyCode::Esc);
    assert!(t.app.detail.is_none());
    assert_eq!(t.pool_selected(), 5);
    assert_eq!(t.selected_row().id, row.id);

    // From a paged screen too.
    t.key(KeyCode::Char('3'));
    t.keys("jj");
    let name = t
        .app
        .alerts
        .selected_row()
        .map(|a| a.enterprise().to_string())
        .expect("row");
    t.key(KeyCode::Enter);
    assert_eq!(t.detail_name(), Some(name));
    t.key(KeyCode::Esc);
    assert_eq!(t.app.screen, Screen::Alerts);
    assert_eq!(t.app.alerts.selected, 2);
    // A number key from the detail leaves it for that screen.
    t.key(KeyCode::Enter);
    t.key(KeyCode::Char('4'));
    assert!(t.app.detail.is_none());
    assert_eq!(t.app.screen, Screen::Ranking);
    t.key(KeyCode::Enter);
    assert!(t.detail_name().is_some(), "Enter on a ranking row");
}

#[test]
fn the_detail_scrolls_to_its_end_and_back() {
    let mut t = Tui::zh(80, 24);
    t.key(KeyCode::Enter);
    let top = t.screen();
    t.key(KeyCode::Char('G'));
    let end = t.screen();
    assert_ne!(top, end);
    // The last page is full: the readiness and evaluation sections close the detail.
    assert!(end.contains("科技型中小企业评价"), "{end}");
    let body: Vec<&str> = end.lines().skip(3).take(20).collect();
    assert!(
        body.iter().filter(|l| l.trim().is_empty()).count() < 5,
        "{end}"
    );
    t.key(KeyCode::Char('g'));
    assert_eq!(t.screen(), top);
}

#[test]
fn sort_cycles_and_reverses_with_the_header_marked() {
    let mut t = Tui::zh(160, 48);
    let p = |t: &Tui| {
        let p = t.app.pool.as_ref().expect("index");
        (p.sort, p.desc)
    };
    assert_eq!(p(&t), (SortKey::Rank, false));
    assert!(
        t.screen()
            .lines()
            .nth(3)
            .is_some_and(|l| l.contains("排名▲"))
    );
    let mut seen = vec![SortKey::Rank];
    for _ in 1..SortKey::ALL.len() {
        t.key(KeyCode::Char('s'));
        seen.push(p(&t).0);
    }
    assert_eq!(seen, SortKey::ALL.to_vec(), "s visits every column");
    t.key(KeyCode::Char('s'));
    assert_eq!(p(&t), (SortKey::Rank, false), "and wraps");
    t.key(KeyCode::Char('s'));
    assert_eq!(p(&t), (SortKey::Name, false));
    t.key(KeyCode::Char('g'));
    let header = |t: &Tui| t.screen().lines().nth(3).unwrap_or_default().to_string();
    assert!(header(&t).contains("企业名称▲"), "{}", header(&t));
    let first = t.selected_name();
    t.key(KeyCode::Char('S'));
    assert_eq!(p(&t), (SortKey::Name, true));
    assert!(header(&t).contains("企业名称▼"), "{}", header(&t));
    assert!(!header(&t).contains('▲'));
    // The selection stays on the same enterprise, now at the other end.
    assert_eq!(t.selected_name(), first);
    assert_eq!(t.pool_selected(), t.view_len() - 1);
    t.key(KeyCode::Char('g'));
    // The order itself is checked on names written by hand in
    // `the_pool_sorts_names_by_the_pinyin_of_their_words`; here, that S reverses it.
    let down: Vec<String> = {
        let p = t.app.pool.as_ref().expect("index");
        (0..p.view_len())
            .filter_map(|i| p.name_at(i))
            .map(str::to_string)
            .collect()
    };
    t.key(KeyCode::Char('S'));
    let mut up: Vec<String> = {
        let p = t.app.pool.as_ref().expect("index");
        (0..p.view_len())
            .filter_map(|i| p.name_at(i))
            .map(str::to_string)
            .collect()
    };
    up.reverse();
    assert_eq!(up, down);
}

#[test]
fn the_pool_sorts_names_by_the_pinyin_of_their_words() {
    let (dir, db) = crate::common::pool_of_heteronym_names();
    let mut t = Tui::on(dir, &db, Lang::Zh, 120, 36);
    t.key(KeyCode::Char('s'));
    let names = |t: &Tui| -> Vec<String> {
        let p = t.app.pool.as_ref().expect("index");
        assert_eq!(p.sort, SortKey::Name);
        (0..p.view_len())
            .filter_map(|i| p.name_at(i))
            .map(str::to_string)
            .collect()
    };
    assert_eq!(names(&t), crate::common::NAMES_IN_PINYIN_ORDER);
    t.key(KeyCode::Char('S'));
    let mut down = names(&t);
    down.reverse();
    assert_eq!(down, crate::common::NAMES_IN_PINYIN_ORDER);
    // The first rows on screen, in that order.
    let screen = t.screen();
    let first = screen.find("重型机械").expect("重型机械 on screen");
    let second = screen.find("中国银行").expect("中国银行 on screen");
    assert!(first < second, "{screen}");
}

#[test]
fn filter_menu_picks_a_colour_and_capital_f_clears() {
    let mut t = Tui::zh(120, 36);
    t.key(KeyCode::Char('f'));
    assert!(matches!(t.app.overlay, Overlay::Filter(_)));
    t.keys("jjj"); // 预警
    t.key(KeyCode::Enter);
    t.keys("j"); // ●红
    t.key(KeyCode::Enter);
    assert_eq!(t.app.overlay, Overlay::None);
    let p = t.app.pool.as_ref().expect("index");
    assert_eq!(p.filter.colour, Some(Colour::Red));
    let reds = p.view_len();
    assert!(reds > 0 && reds < 80);
    assert!((0..reds).all(|i| {
        p.row_at(i)
            .is_some_and(|r| r.colour == Some(Colour::Red) && r.red > 0)
    }));
    let header = t.screen().lines().nth(1).unwrap_or_default().to_string();
    assert!(header.contains("●红"), "the filter is shown: {header}");
    assert!(
        t.screen()
            .lines()
            .next()
            .is_some_and(|l| l.contains(&format!("{reds}/80")))
    );
    // A second dimension combines with the first.
    t.key(KeyCode::Char('f'));
    t.keys("jj"); // 梯队
    t.key(KeyCode::Enter);
    t.keys("jjj"); // 高新技术企业
    t.key(KeyCode::Enter);
    let p = t.app.pool.as_ref().expect("index");
    assert!(p.view_len() < reds);
    assert!((0..p.view_len()).all(|i| {
        p.row_at(i)
            .is_some_and(|r| r.colour == Some(Colour::Red) && r.tier == seedbed::domain::Tier::Hte)
    }));
    // Esc inside the values goes back to the dimensions; q closes.
    t.key(KeyCode::Char('f'));
    t.key(KeyCode::Enter);
    t.key(KeyCode::Esc);
    assert!(matches!(&t.app.overlay, Overlay::Filter(m) if m.values.is_none()));
    t.key(KeyCode::Char('q'));
    assert_eq!(t.app.overlay, Overlay::None);
    t.key(KeyCode::Char('F'));
    assert_eq!(t.view_len(), 80);
    let header = t.screen().lines().nth(1).unwrap_or_default().to_string();
    assert!(!header.contains("●红"), "{header}");
}

#[test]
fn filter_by_visit_state_district_and_commissioner() {
    let mut t = Tui::zh(120, 36);
    t.key(KeyCode::Char('f'));
    t.keys("jjjj"); // 走访状态
    t.key(KeyCode::Enter);
    t.keys("j"); // 已逾期
    t.key(KeyCode::Enter);
    let today = t.app.today();
    let p = t.app.pool.as_ref().expect("index");
    assert!(p.view_len() > 0);
    assert!((0..p.view_len()).all(|i| {
        p.row_at(i)
            .is_some_and(|r| r.visit_state(today) == VisitState::Overdue)
    }));
    t.key(KeyCode::Char('F'));
    t.key(KeyCode::Char('f'));
    t.keys("jjjjj"); // 所属区县
    t.key(KeyCode::Enter);
    t.keys("j");
    t.key(KeyCode::Enter);
    let p = t.app.pool.as_ref().expect("index");
    let district = p.filter.district.clone().expect("a district");
    assert!(
        (0..p.view_len()).all(|i| p.row_at(i).is_some_and(|r| p.index.district(r) == district))
    );
    t.key(KeyCode::Char('f'));
    t.keys("jjjjjj"); // 科技专员
    t.key(KeyCode::Enter);
    t.keys("j");
    t.key(KeyCode::Enter);
    let p = t.app.pool.as_ref().expect("index");
    assert!(p.filter.commissioner.is_some() && p.filter.district.is_some());
}

#[test]
fn search_as_you_type_by_chinese_and_pinyin_then_n_and_esc() {
    let mut t = Tui::zh(120, 36);
    t.key(KeyCode::Char('/'));
    t.keys("克");
    let one = t.app.pool.as_ref().expect("index").match_count();
    assert!(one > 0);
    assert!(
        t.selected_name().contains('克'),
        "the cursor jumps to a match"
    );
    t.keys("拉");
    let p = t.app.pool.as_ref().expect("index");
    let two = p.match_count();
    assert!(two > 0 && two <= one);
    assert!(
        p.matches()
            .iter()
            .all(|&m| p.name_at(m).is_some_and(|n| n.contains("克拉")))
    );
    assert!(
        t.screen().contains(&format!("克拉 ({two} 个匹配)")),
        "{}",
        t.screen()
    );
    // The query stays after Enter; n/N cycle the matches.
    t.key(KeyCode::Enter);
    assert_eq!(t.app.overlay, Overlay::None);
    let first = t.pool_selected();
    let matches = t.app.pool.as_ref().expect("index").matches();
    assert_eq!(first, matches[0]);
    t.key(KeyCode::Char('n'));
    assert_eq!(t.pool_selected(), matches[1]);
    t.key(KeyCode::Char('N'));
    assert_eq!(t.pool_selected(), matches[0]);
    t.key(KeyCode::Char('N'));
    assert_eq!(
        t.pool_selected(),
        *matches.last().expect("a match"),
        "N wraps"
    );
    t.key(KeyCode::Char('n'));
    assert_eq!(t.pool_selected(), matches[0], "n wraps");
    // Esc clears the search.
    t.key(KeyCode::Esc);
    let p = t.app.pool.as_ref().expect("index");
    assert!(p.query.is_empty() && p.matches().is_empty());
    assert!(!t.screen().contains("个匹配"));

    // Pinyin initials: xjkl finds 新疆克拉….
    t.key(KeyCode::Char('/'));
    t.keys("xjkl");
    let p = t.app.pool.as_ref().expect("index");
    assert!(!p.matches().is_empty());
    assert!(
        p.matches()
            .iter()
            .all(|&m| p.initials_at(m).is_some_and(|i| i.contains("xjkl")))
    );
    assert!(
        p.matches()
            .iter()
            .any(|&m| p.name_at(m).is_some_and(|n| n.starts_with("新疆克拉")))
    );
    // Backspace widens the search again; Esc in the input clears it.
    let four = p.match_count();
    t.key(KeyCode::Backspace);
    assert!(t.app.pool.as_ref().expect("index").match_count() >= four);
    t.key(KeyCode::Esc);
    assert!(t.app.pool.as_ref().expect("index").query.is_empty());

    // A credit-code prefix.
    let code: String = t.selected_row().credit_code.chars().take(12).collect();
    t.key(KeyCode::Char('/'));
    t.keys(&code);
    let p = t.app.pool.as_ref().expect("index");
    assert!(!p.matches().is_empty());
    assert!(p.matches().iter().all(|&m| {
        p.row_at(m)
            .is_some_and(|r| r.credit_code.starts_with(&code))
    }));
    // No match: n says so.
    t.key(KeyCode::Esc);
    t.key(KeyCode::Char('/'));
    t.keys("zzzz");
    t.key(KeyCode::Enter);
    t.key(KeyCode::Char('n'));
    assert!(t.screen().contains("无匹配"), "{}", t.screen());
}

#[test]
fn command_line_sort_lang_goto_today_and_unknown() {
    let mut t = Tui::zh(120, 36);
    t.command("sort name");
    let p = t.app.pool.as_ref().expect("index");
    assert_eq!((p.sort, p.desc), (SortKey::Name, false));
    t.command("sort nonsense");
    assert!(t.screen().contains("未知排序列"), "{}", t.screen());

    t.command("lang en");
    assert_eq!(t.app.lang, Lang::En);
    let s = t.screen();
    assert!(
        s.contains("Pool") && s.contains("Name▲") && !s.contains("培育库"),
        "{s}"
    );
    t.command("lang zh");
    assert!(t.screen().contains("企业名称▲"));
    t.command("lang fr");
    assert!(t.screen().contains("未知语言"));

    // :goto with a name fragment opens the detail.
    let target = {
        let p = t.app.pool.as_ref().expect("index");
        p.name_at(17).expect("row").to_string()
    };
    let fragment: String = target.chars().skip(2).take(4).collect();
    t.command(&format!("goto {fragment}"));
    let opened = t.detail_name().expect("the detail opened");
    assert!(opened.contains(&fragment), "{opened} ∌ {fragment}");
    assert!(t.screen().contains(&opened));
    t.key(KeyCode::Esc);
    assert_eq!(t.selected_name(), opened);
    t.command("goto 不存在的企业");
    assert!(t.app.detail.is_none());
    assert!(t.screen().contains("无匹配"), "{}", t.screen());

    t.command("frobnicate");
    assert!(
        t.screen().contains("未知命令 :frobnicate"),
        "{}",
        t.screen()
    );
    // Any key clears the message.
    t.key(KeyCode::Char('j'));
    assert!(!t.screen().contains("未知命令"));
    // Esc leaves the command line without running it.
    t.key(KeyCode::Char(':'));
    t.keys("q");
    t.key(KeyCode::Esc);
    assert!(!t.app.quit);
    t.command("q");
    assert!(t.app.quit);
}

#[test]
fn today_command_changes_the_as_of_date() {
    let mut t = Tui::zh(120, 36);
    let before = t.app.overview.clone().expect("overview");
    t.command("today 2026-12-01");
    assert_eq!(t.app.today(), date!(2026 - 12 - 01));
    assert_eq!(t.runner.now.date(), date!(2026 - 12 - 01));
    let s = t.screen();
    assert!(s.contains("2026-12-01"), "{s}");
    let after = t.app.overview.clone().expect("overview");
    assert_eq!(after.enterprises, before.enterprises);
    assert!(
        after.overdue_visits >= before.overdue_visits,
        "ten days later, no fewer visits are overdue: {before:?} → {after:?}"
    );
    assert_ne!(before, after);
    t.command("today 2026-13-45");
    assert_eq!(t.app.today(), date!(2026 - 12 - 01));
    assert!(t.app.status.is_some());
}

#[test]
fn mouse_wheel_and_click_select_rows() {
    let mut t = Tui::zh(80, 24);
    t.mouse(MouseEventKind::ScrollDown, 10);
    assert_eq!(t.pool_selected(), 3);
    t.mouse(MouseEventKind::ScrollUp, 10);
    t.mouse(MouseEventKind::ScrollUp, 10);
    assert_eq!(t.pool_selected(), 0);
    // Rows start under the header (2), the tabs (1) and the column titles (1).
    t.mouse(MouseEventKind::Down(MouseButton::Left), 4 + 7);
    assert_eq!(t.pool_selected(), 7);
    let name = t.selected_name();
    let line = t
        .screen()
        .lines()
        .nth(4 + 7)
        .unwrap_or_default()
        .to_string();
    let short: String = name.chars().take(6).collect();
    assert!(line.contains(&short), "{line} / {name}");
    // The title row and the footer select nothing.
    t.mouse(MouseEventKind::Down(MouseButton::Left), 3);
    t.mouse(MouseEventKind::Down(MouseButton::Left), 23);
    assert_eq!(t.pool_selected(), 7);
    // On a paged screen too.
    t.key(KeyCode::Char('3'));
    t.mouse(MouseEventKind::Down(MouseButton::Left), 4 + 2);
    assert_eq!(t.app.alerts.selected, 2);
    t.mouse(MouseEventKind::ScrollDown, 10);
    assert_eq!(t.app.alerts.selected, 5);
    // And on the Ranking screen, where the click lands on the row drawn there.
    t.key(KeyCode::Char('4'));
    t.mouse(MouseEventKind::Down(MouseButton::Left), 4 + 3);
    let sel = t
        .app
        .ranking
        .list
        .selected_row()
        .expect("row")
        .enterprise
        .clone();
    let line = t
        .screen()
        .lines()
        .nth(4 + 3)
        .unwrap_or_default()
        .to_string();
    let short: String = sel.chars().take(6).collect();
    assert!(line.contains(&short), "{line} / {sel}");
}

#[test]
fn ranking_switches_pool_and_year() {
    let mut t = Tui::zh(120, 36);
    t.key(KeyCode::Char('4'));
    let year = t.app.ranking.year;
    assert_eq!(year, 2026);
    assert!(t.app.ranking.list.total > 0);
    t.key(KeyCode::Char('['));
    assert_eq!(t.app.ranking.year, 2025);
    t.key(KeyCode::Char('['));
    assert_eq!(t.app.ranking.year, 2025, "no earlier year");
    t.key(KeyCode::Char(']'));
    assert_eq!(t.app.ranking.year, 2026);
    let hte = t.app.ranking.list.total;
    t.key(key_for(KeyAction::NextPool));
    assert_eq!(t.app.ranking.pool, seedbed::domain::Pool::Tsme);
    assert!(t.app.ranking.list.loaded);
    assert_ne!(t.app.ranking.list.total, hte);
    assert!(
        t.screen().contains("科技型中小企业培育库"),
        "{}",
        t.screen()
    );
}

#[test]
fn resize_redraws_and_keeps_the_cursor_on_screen() {
    let mut t = Tui::zh(160, 48);
    t.keys("jjjjjjjjjjjjjjjjjjjjjjjjjjjjjj");
    assert_eq!(t.pool_selected(), 30);
    t.resize(80, 24);
    let p = t.app.pool.as_ref().expect("index");
    assert!(p.scroll <= 30 && 30 < p.scroll + t.app.page_rows());
    let name: String = t.selected_name().chars().take(6).collect();
    assert!(t.screen().contains(&name));
}

#[test]
fn effects_only_read_what_the_screen_needs() {
    let mut app = App::new(Lang::Zh, NOW, Config::default(), 80, 24);
    let start = app.start();
    assert!(start.contains(&Effect::LoadIndex));
    // Switching to a paged screen asks for one window; moving inside it asks for nothing.
    let fx = app.update(Action::Key(KeyEvent::new(
        KeyCode::Char('3'),
        KeyModifiers::NONE,
    )));
    assert!(
        fx.iter().any(|e| matches!(e, Effect::Fetch { .. })),
        "{fx:?}"
    );
    // Keys typed before the index arrives are not lost.
    let mut t = Tui::zh(80, 24);
    let mut app = App::new(Lang::Zh, NOW, Config::default(), 80, 24);
    app.update(Action::Key(KeyEvent::new(
        KeyCode::Char('/'),
        KeyModifiers::NONE,
    )));
    for c in "xjkl".chars() {
        app.update(Action::Key(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::NONE,
        )));
    }
    let start = app.start();
    drain(&mut app, &mut t.runner, start);
    let p = app.pool.as_ref().expect("index");
    assert_eq!(p.query.text, "xjkl");
    assert!(!p.matches().is_empty());
    t.key(KeyCode::Char('q'));
    assert!(t.app.quit);
}

/// `update` alone, on an index built in memory: no database, no effects run.
#[test]
fn update_is_pure_on_an_index_in_memory() {
    use seedbed::app::Loaded;
    use seedbed::app::pool::PoolIndex;
    use seedbed::domain::{Batch, Pool, Tier};
    let names = [
        "新疆克拉玛依天利石化科技有限公司",
        "兰州陇原新材料股份有限公司",
        "甘肃天水智联信息技术有限公司",
        "新疆天山云计算有限公司",
        "乌鲁木齐克拉科技有限公司",
    ];
    let full_names: Vec<String> = (0..50)
        .map(|i| format!("{}{i}", names[i % names.len()]))
        .collect();
    let rows: Vec<IndexRow> = (0..50)
        .map(|i| IndexRow {
            id: format!("E{i:02}").into(),
            credit_code: format!("91650100MA{i:08}").into(),
            district: (i % 2) as u16,
            commissioner: 0,
            pool: Some(Pool::Hte),
            batch: Some(Batch::Cultivating),
            status: Some(seedbed::domain::PoolStatus::In),
            tier: Tier::Tsme,
            colour: Some([Colour::Red, Colour::Yellow, Colour::Green][i % 3]),
            red: u16::from(i % 3 == 0),
            yellow: u16::from(i % 3 == 1),
            green: 1,
            last_visit: Some(date!(2026 - 09 - 01)),
            planned_visit: None,
            next_visit: Some(date!(2026 - 12 - 30)),
            rank: Some(i as u32 + 1),
            open_requests: 0,
        })
        .collect();
    let index = PoolIndex {
        initials: full_names
            .iter()
            .map(|n| seedbed::text::pinyin_initials(n))
            .collect(),
        names: full_names.iter().collect(),
        rows,
        districts: vec!["乌鲁木齐市天山区".into(), "兰州市城关区".into()],
        commissioners: vec!["王芳".into()],
    };
    let mut app = App::new(Lang::Zh, NOW, Config::default(), 80, 24);
    let key = |app: &mut App, code: KeyCode| {
        app.update(Action::Key(KeyEvent::new(code, KeyModifiers::NONE)))
    };
    // Search typed before the index arrives is kept and applied when it does.
    key(&mut app, KeyCode::Char('/'));
    for c in "xjkl".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    key(&mut app, KeyCode::Enter);
    let fx = app.update(Action::Loaded(Loaded::Index(index)));
    assert!(fx.is_empty(), "the Pool screen reads nothing more: {fx:?}");
    let p = app.pool.as_ref().expect("index");
    assert_eq!(p.match_count(), 10, "新疆克拉… every fifth row");
    assert_eq!((p.sort, p.view_len()), (SortKey::Rank, 50));
    // Navigation clamps and keeps the cursor on screen.
    let page = app.page_rows();
    for code in [KeyCode::PageDown, KeyCode::PageDown, KeyCode::PageDown] {
        key(&mut app, code);
    }
    let p = app.pool.as_ref().expect("index");
    assert_eq!(p.selected, 49);
    assert!(p.scroll + page > 49 && p.scroll <= 49);
    key(&mut app, KeyCode::Char('g'));
    assert_eq!(app.pool.as_ref().map(|p| p.selected), Some(0));
    // n walks the matches.
    key(&mut app, KeyCode::Char('n'));
    key(&mut app, KeyCode::Char('n'));
    assert_eq!(app.pool.as_ref().map(|p| p.selected), Some(10));
    // Sort by name, reversed.
    app.run_command("sort name", &mut Vec::new());
    key(&mut app, KeyCode::Char('S'));
    let p = app.pool.as_ref().expect("index");
    assert!(p.desc);
    // xin jiang tian shan … 8 first (digits compare as text), gan su … 12 last.
    assert_eq!(p.name_at(0), Some("新疆天山云计算有限公司8"));
    assert_eq!(p.name_at(49), Some("甘肃天水智联信息技术有限公司12"));
    // Filter by colour through the menu.
    key(&mut app, KeyCode::Char('f'));
    for code in [KeyCode::Char('j'); 3] {
        key(&mut app, code);
    }
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.pool.as_ref().map(|p| p.view_len()), Some(17));
    key(&mut app, KeyCode::Char('F'));
    assert_eq!(app.pool.as_ref().map(|p| p.view_len()), Some(50));
    // Enter asks for the detail; Esc closes it.
    let fx = key(&mut app, KeyCode::Enter);
    assert!(matches!(fx.as_slice(), [Effect::LoadDetail(_)]), "{fx:?}");
    assert!(app.detail.is_some());
    key(&mut app, KeyCode::Esc);
    assert!(app.detail.is_none());
    // A screen switch asks for that screen's first window.
    let fx = key(&mut app, KeyCode::Char('6'));
    assert!(
        fx.iter()
            .any(|e| matches!(e, Effect::Fetch { start: 0, .. })),
        "{fx:?}"
    );
    // A click on the fourth row of the pool selects it.
    key(&mut app, KeyCode::Char('1'));
    key(&mut app, KeyCode::Char('g'));
    app.update(Action::Mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: 20,
        row: 4 + 3,
        modifiers: KeyModifiers::NONE,
    }));
    assert_eq!(app.pool.as_ref().map(|p| p.selected), Some(3));
}

/// The loop's input for a test: a queue of events and a clock that moves only when the loop
/// waits with nothing queued (by exactly the time it waits), so no test sleeps.
struct Script {
    now: std::time::Instant,
    events: std::collections::VecDeque<crossterm::event::Event>,
}

impl seedbed::tui::Input for Script {
    fn now(&mut self) -> std::time::Instant {
        self.now
    }
    fn poll(&mut self, wait: std::time::Duration) -> std::io::Result<bool> {
        if self.events.is_empty() {
            self.now += wait;
            return Ok(false);
        }
        Ok(true)
    }
    fn read(&mut self) -> std::io::Result<crossterm::event::Event> {
        self.events
            .pop_front()
            .ok_or_else(|| std::io::Error::other("no event queued"))
    }
}

#[test]
fn the_loop_writes_the_draft_of_a_field_being_typed_once_a_second() {
    use crossterm::event::Event;
    let mut t = Tui::zh(120, 36);
    let db = t._dir.path().join("pool.db");
    let drafts = || -> Vec<String> {
        let conn = rusqlite::Connection::open(&db).expect("open the pool");
        conn.prepare("SELECT data FROM drafts")
            .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
            .expect("read drafts")
    };
    // A visit form, focus on its notes.
    t.key(KeyCode::Char('v'));
    assert!(t.app.form.is_some(), "the visit form is open");
    for _ in 0..3 {
        t.key(KeyCode::Tab);
    }
    let start = std::time::Instant::now();
    let mut last_tick = start;
    let typed = |s: &str| -> std::collections::VecDeque<Event> {
        s.chars()
            .map(|c| Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)))
            .collect()
    };
    let mut input = Script {
        now: start,
        events: typed("走访记录一"),
    };
    // Typed within the first second: handled, nothing written yet (the field still has focus).
    seedbed::tui::handle_input(&mut t.app, &mut t.runner, &mut input, &mut last_tick)
        .expect("handle the keys");
    assert!(input.events.is_empty(), "every key handled");
    assert!(t.screen().contains("走访记录一"));
    assert_eq!(
        drafts(),
        Vec::<String>::new(),
        "no draft within the first second"
    );
    // The loop then waits: the clock reaches the tick, which writes the draft.
    seedbed::tui::handle_input(&mut t.app, &mut t.runner, &mut input, &mut last_tick)
        .expect("wait for the tick");
    assert_eq!(
        input.now - start,
        std::time::Duration::from_secs(1),
        "waited one second"
    );
    let written = drafts();
    assert_eq!(written.len(), 1, "one draft after the tick");
    assert!(written[0].contains("走访记录一"), "{}", written[0]);
    // More typing, and a tick with nothing new: the draft follows the field, written once.
    input.events = typed("二");
    seedbed::tui::handle_input(&mut t.app, &mut t.runner, &mut input, &mut last_tick)
        .expect("handle the key");
    assert!(
        !drafts()[0].contains("走访记录一二"),
        "not before the next tick"
    );
    seedbed::tui::handle_input(&mut t.app, &mut t.runner, &mut input, &mut last_tick)
        .expect("wait for the tick");
    assert_eq!(input.now - start, std::time::Duration::from_secs(2));
    let written = drafts();
    assert_eq!(written.len(), 1);
    assert!(written[0].contains("走访记录一二"), "{}", written[0]);
}

#[test]
fn the_too_small_message_never_opens_a_line_with_closing_punctuation() {
    // 终端太小（至少需要 60x16） is 26 columns; at every narrower width down to 8 the closing
    // bracket stays at the end of a line, taking what is before it down with it.
    for width in 8..=26u16 {
        let app = App::new(Lang::Zh, NOW, Config::default(), width, 8);
        let mut t = Terminal::new(TestBackend::new(width, 8)).expect("test terminal");
        t.draw(|f| seedbed::ui::render(f, &app)).expect("draw");
        let screen = text_of(t.backend().buffer());
        for line in screen.lines().map(str::trim).filter(|l| !l.is_empty()) {
            assert!(
                !line.starts_with(['）', '，', '。']),
                "width {width}: {line:?}\n{screen}"
            );
        }
        let joined: String = screen.split_whitespace().collect();
        assert_eq!(joined, "终端太小（至少需要60x16）", "width {width}");
    }
    // At 24, the last word and its bracket go down together.
    let app = App::new(Lang::Zh, NOW, Config::default(), 24, 5);
    let mut t = Terminal::new(TestBackend::new(24, 5)).expect("test terminal");
    t.draw(|f| seedbed::ui::render(f, &app)).expect("draw");
    assert_eq!(
        text_of(t.backend().buffer()).trim_end(),
        "终端太小（至少需要\n60x16）"
    );
}

// themes: colours per cell for each theme (tests/it/tui/theme.rs).
mod theme;

// trends: the sparklines of the headers and the detail (tests/it/tui/trends.rs).
mod trends;

// lists: sort and filter on every list (app::listview).
#[test]
fn a_sorted_and_a_district_filtered_list_in_chinese_at_80x24_and_160x48() {
    for (w, h) in SIZES {
        let mut t = Tui::zh(w, h);
        // The Ranking by growth, largest first (`:sort`), then turned (`S`): smallest first.
        t.key(KeyCode::Char('4'));
        t.command("sort growth");
        t.keys("S");
        snap(&format!("ranking_by_growth_zh_{w}x{h}"), &t);
        let growth: Vec<f64> = (0..5)
            .filter_map(|i| t.app.ranking.list.get(i))
            .map(|r| r.growth)
            .collect();
        assert!(growth.windows(2).all(|p| p[0] <= p[1]), "{growth:?}");
        // The Alerts filtered to one district: the menu, then the list.
        t.keys("3f");
        t.key(KeyCode::Down);
        t.key(KeyCode::Enter);
        snap(&format!("alerts_district_menu_zh_{w}x{h}"), &t);
        t.key(KeyCode::Down);
        t.key(KeyCode::Enter);
        snap(&format!("alerts_one_district_zh_{w}x{h}"), &t);
        let chosen = t.app.views.get(seedbed::app::ListId::Alerts);
        let (_, district) = chosen.filter.first().cloned().expect("a district chosen");
        let shown: Vec<&str> = (0..t.app.alerts.total)
            .filter_map(|i| t.app.alerts.get(i))
            .map(|l| l.district())
            .collect();
        assert!(!shown.is_empty());
        assert!(shown.iter().all(|d| *d == district), "{shown:?}");
    }
}

#[test]
fn commissioners_and_targets_roll_up_by_district() {
    for (w, h) in SIZES {
        let (dir, db) = demo_pool(80);
        {
            // Two districts' targets of a count, and one in percent (which does not add up).
            let conn = rusqlite::Connection::open(&db).expect("the pool");
            conn.execute_batch(
                "DELETE FROM targets;
                 INSERT INTO targets (id, district, metric, year, value, created_at, updated_at)
                 VALUES ('t1', '乌鲁木齐市天山区', 'hte_count', 2026, 10, '2026-01-05 09:00:00', '2026-01-05 09:00:00'),
                        ('t2', '乌鲁木齐市新市区', 'hte_count', 2026, 5, '2026-01-05 09:00:00', '2026-01-05 09:00:00'),
                        ('t3', '乌鲁木齐市天山区', 'visit_coverage', 2026, 100, '2026-01-05 09:00:00', '2026-01-05 09:00:00');",
            )
            .expect("targets");
        }
        let mut t = Tui::on(dir, &db, Lang::Zh, w, h);
        t.key(KeyCode::Char('7'));
        let people = t.app.commissioners.rows.clone();
        t.key(KeyCode::Char('t'));
        let teams = t.app.commissioners.rows.clone();
        assert!(
            teams.len() > 1,
            "the demo's commissioners work in several districts"
        );
        for team in &teams {
            let of_team = people.iter().filter(|p| p.district == team.district);
            let (mut enterprises, mut done, mut breaches) = (0, 0, 0);
            for p in of_team {
                enterprises += p.enterprises;
                done += p.visits_done;
                breaches += p.breaches;
            }
            assert_eq!(team.id, "");
            assert_eq!(team.enterprises, enterprises, "{}", team.district);
            assert_eq!(team.visits_done, done, "{}", team.district);
            assert_eq!(team.breaches, breaches, "{}", team.district);
        }
        let s = t.screen();
        assert!(s.contains("按区县汇总"), "the header says so: {s}");
        snap(&format!("commissioners_by_district_zh_{w}x{h}"), &t);
        // Enter on a team lists its district's enterprises.
        let first = teams[0].district.clone();
        t.key(KeyCode::Enter);
        assert_eq!(t.app.screen, Screen::Pool);
        assert!(t.screen().contains(&first));

        t.key(KeyCode::Char('8'));
        t.key(KeyCode::Char('t'));
        let rows = t.app.targets.rows.clone();
        assert_eq!(rows.len(), 1, "{rows:?}");
        assert_eq!((rows[0].target, rows[0].districts), (15.0, 2));
        let s = t.screen();
        assert!(s.contains("合计(2个区县)"), "{s}");
        snap(&format!("targets_by_district_zh_{w}x{h}"), &t);
        // A roll-up is not edited: the districts' targets are.
        t.key(KeyCode::Char('e'));
        assert!(t.app.form.is_none());
        t.key(KeyCode::Char('t'));
        assert_eq!(t.app.targets.rows.len(), 3);
    }
}
