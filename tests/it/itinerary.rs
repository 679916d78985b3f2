//! itinerary: the Agenda grouped by week and by district, "mine only", the day plan written by
//! `D` and by `seedbed plan` (the binary, with a home of its own).

use crate::common::{demo_pool, seedbed_in, stderr, stdout};
use crate::tui::{Tui, find, text_of};
use crossterm::event::KeyCode;
use ratatui::style::Color;
use seedbed::app::Screen;
use seedbed::i18n::Lang;
use seedbed::store::itinerary::Grouping;
use std::path::Path;
use std::process::Command;

fn agenda(w: u16, h: u16) -> Tui {
    let (dir, db) = demo_pool(80);
    let mut t = Tui::on(dir, &db, Lang::Zh, w, h);
    t.key(KeyCode::Char('2'));
    assert_eq!(t.app.screen, Screen::Agenda);
    t
}

fn count(db: &Path, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(db).expect("open");
    conn.query_row(sql, [], |r| r.get(0)).expect("count")
}

/// The row on screen whose text contains `text`.
fn row_with(screen: &str, text: &str) -> Option<u16> {
    screen
        .lines()
        .position(|l| l.contains(text))
        .map(|y| y as u16)
}

#[test]
fn the_agenda_by_week_by_district_and_mine_only_in_chinese() {
    for (w, h) in [(80, 24), (160, 48)] {
        let mut t = agenda(w, h);
        let me = t.app.me.clone().flatten().expect("the first commissioner");
        t.key(KeyCode::Char('w'));
        assert_eq!(t.app.itinerary.grouping, Grouping::Week);
        let s = t.screen();
        assert!(s.contains("分组 按周"), "{s}");
        // 2026-11-21 is a Saturday of ISO week 47 (Nov 16–22): today's visits are under it.
        assert!(s.contains("第47周 11月16日–11月22日 ·"), "{s}");
        insta::assert_snapshot!(format!("agenda_week_zh_{w}x{h}"), s);

        t.key(KeyCode::Char('w'));
        let s = t.screen();
        assert!(s.contains("分组 按区县"), "{s}");
        insta::assert_snapshot!(format!("agenda_district_zh_{w}x{h}"), s);

        t.key(KeyCode::Char('w'));
        t.key(KeyCode::Char('i'));
        let s = t.screen();
        assert!(s.contains("分组 按日"), "{s}");
        assert!(s.contains(&format!("只看我的：{me}")), "{s}");
        insta::assert_snapshot!(format!("agenda_mine_zh_{w}x{h}"), s);
        // Every visit shown is mine (the commissioner column shows at 160 columns).
        if w >= 160 {
            let others = t
                .app
                .agenda
                .rows
                .iter()
                .filter_map(|r| r.visit())
                .filter(|v| v.commissioner.as_deref() != Some(me.as_str()))
                .count();
            assert_eq!(others, 0);
        }
    }
}

#[test]
fn grouped_rows_count_what_the_file_holds() {
    let (dir, db) = demo_pool(80);
    let open = "FROM visits WHERE done_on IS NULL AND cancelled_on IS NULL
                AND planned_on <= '2026-11-27'";
    let visits = count(&db, &format!("SELECT count(*) {open}"));
    let districts = count(
        &db,
        "SELECT count(DISTINCT e.district) FROM visits v JOIN enterprises e ON e.id = v.enterprise_id
         WHERE v.done_on IS NULL AND v.cancelled_on IS NULL AND v.planned_on <= '2026-11-27'",
    );
    let mut t = Tui::on(dir, &db, Lang::Zh, 120, 40);
    t.key(KeyCode::Char('2'));
    let by_day = t.app.agenda.total;
    assert_eq!(by_day as i64, visits);
    t.key(KeyCode::Char('w'));
    t.key(KeyCode::Char('w'));
    // One header per district, and every visit under one.
    assert_eq!(t.app.agenda.total as i64, visits + districts);
    // Paging to the end reads windows of the groups shown, never more rows than asked.
    t.key(KeyCode::Char('G'));
    let last = t.app.agenda.selected_row().and_then(|r| r.visit()).cloned();
    assert!(last.is_some(), "the last row is a visit");
}

#[test]
fn the_overdue_read_red_under_their_week() {
    let mut t = agenda(160, 48);
    t.key(KeyCode::Char('w'));
    // Each theme's red (src/ui/theme.rs), written out here.
    for (theme, red) in [
        ("dark", Color::Red),
        ("light", Color::Indexed(160)),
        ("high-contrast", Color::LightRed),
    ] {
        t.command(&format!("theme {theme}"));
        let buf = t.buffer();
        let s = text_of(&buf);
        // A header with overdue visits: its overdue part in red, its name not.
        let y = row_with(&s, "（逾期").expect("a week with overdue visits");
        let x = find(&buf, y, "（逾期")[0];
        assert_eq!(buf[(x + 2, y)].fg, red, "{theme}: {s}");
        let x = find(&buf, y, "第")[0];
        assert_ne!(buf[(x, y)].fg, red, "{theme}");
        // An overdue visit's day and state in red.
        let y = (y + 1..buf.area.height)
            .find(|y| !find(&buf, *y, "逾期").is_empty())
            .expect("an overdue visit");
        let x = find(&buf, y, "逾期")[0];
        assert_eq!(buf[(x, y)].fg, red, "{theme}");
        assert_eq!(buf[(1, y)].fg, red, "{theme}: the day");
    }
}

#[test]
fn d_writes_the_day_plan_beside_the_briefs_and_says_where() {
    let mut t = agenda(120, 30);
    let folder = tempfile::tempdir().expect("folder");
    let plans = folder.path().join("计划");
    t.runner.config.files.briefs = plans.display().to_string();
    t.app.config.files.briefs = plans.display().to_string();
    t.key(KeyCode::Char('i'));
    t.key(KeyCode::Char('D'));
    let me = t.app.me.clone().flatten().expect("me");
    let md = plans.join(format!("走访计划-2026-11-21-{me}.md"));
    let ics = plans.join(format!("走访计划-2026-11-21-{me}.ics"));
    let status = t.app.status.clone().unwrap_or_default();
    assert!(
        status.contains(&md.display().to_string()) && status.contains("走访计划-2026-11-21"),
        "{status}"
    );
    let text = std::fs::read_to_string(&md).expect("the Markdown plan");
    assert!(
        text.starts_with("# 走访计划 · 2026年11月21日 周六\n\n"),
        "{text}"
    );
    assert!(text.contains(&format!("科技专员：{me}")), "{text}");
    let cal = std::fs::read_to_string(&ics).expect("the calendar");
    assert!(cal.starts_with("BEGIN:VCALENDAR\r\n"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        for f in [&md, &ics] {
            let mode = std::fs::metadata(f).expect("meta").permissions().mode();
            assert_eq!(mode & 0o777, 0o600, "{} holds contacts", f.display());
        }
    }
}

#[test]
fn seedbed_plan_writes_a_valid_calendar_and_markdown() {
    let (_dir, db) = demo_pool(80);
    // The busiest day ahead, by a query of its own.
    let day: String = rusqlite::Connection::open(&db)
        .expect("open")
        .query_row(
            "SELECT v.planned_on FROM visits v JOIN enterprises e ON e.id = v.enterprise_id
             WHERE v.done_on IS NULL AND v.cancelled_on IS NULL AND e.deleted_at IS NULL
               AND v.planned_on >= '2026-11-21'
             GROUP BY v.planned_on ORDER BY count(*) DESC, v.planned_on LIMIT 1",
            [],
            |r| r.get(0),
        )
        .expect("a day");
    let on_day = count(
        &db,
        &format!(
            "SELECT count(*) FROM visits v JOIN enterprises e ON e.id = v.enterprise_id
             WHERE v.done_on IS NULL AND v.cancelled_on IS NULL AND e.deleted_at IS NULL
               AND v.planned_on = '{day}'"
        ),
    );
    assert!(on_day > 1);
    let o = seedbed_in(&db, "zh", &["plan", "--format", "ics", "--day", &day]);
    assert!(o.status.success(), "{}", stderr(&o));
    let cal = stdout(&o);
    assert!(cal.starts_with("BEGIN:VCALENDAR\r\n") && cal.ends_with("END:VCALENDAR\r\n"));
    assert_eq!(cal.matches("BEGIN:VEVENT").count() as i64, on_day);
    for line in cal.split("\r\n") {
        assert!(line.len() <= 75, "{line}");
    }
    let file = db.with_file_name("plan.ics");
    std::fs::write(&file, &cal).expect("write");
    let script = r#"
import sys, icalendar, datetime
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
events = list(cal.walk('VEVENT'))
for e in events:
    assert str(e['UID']).endswith('@seedbed'), e['UID']
    assert e['DTSTART'].dt == datetime.date.fromisoformat(sys.argv[2]), e['DTSTART'].dt
    assert str(e['SUMMARY']).startswith('走访：'), e['SUMMARY']
print(len(events))
"#;
    let py = Command::new("python3")
        .args(["-c", script, file.to_str().expect("p"), &day])
        .output()
        .expect("python3");
    assert!(py.status.success(), "{}", stderr(&py));
    assert_eq!(stdout(&py).trim(), on_day.to_string());

    // One commissioner's, as Markdown into a file.
    let name: String = rusqlite::Connection::open(&db)
        .expect("open")
        .query_row(
            &format!(
                "SELECT c.name FROM visits v JOIN commissioners c ON c.id = v.commissioner_id
                 WHERE v.done_on IS NULL AND v.cancelled_on IS NULL AND v.planned_on = '{day}'
                 ORDER BY c.name LIMIT 1"
            ),
            [],
            |r| r.get(0),
        )
        .expect("a commissioner");
    let out = db.with_file_name("plan.md");
    let o = seedbed_in(
        &db,
        "zh",
        &[
            "plan",
            "--day",
            &day,
            "--commissioner",
            &name,
            "--out",
            out.to_str().expect("p"),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let md = std::fs::read_to_string(&out).expect("md");
    assert!(md.starts_with("# 走访计划 · "), "{md}");
    assert!(md.contains(&format!("科技专员：{name} · 走访 ")), "{md}");

    // Mine, with nobody chosen in this home: said, not an empty plan.
    let o = seedbed_in(&db, "zh", &["plan", "--mine"]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("--mine 需要先选定你是哪位专员"),
        "{}",
        stderr(&o)
    );
}

/// Times the grouped Agenda on a large pool (`SEEDBED_TIMING_DB`, opened read-only): the
/// groups once per view, then windows at the top, the middle and the end. Run by hand:
/// `SEEDBED_TIMING_DB=pool.db cargo test --test it itinerary::timing -- --ignored --nocapture`.
#[test]
#[ignore]
fn timing_on_a_large_pool() {
    use rusqlite::functions::FunctionFlags;
    use seedbed::store::itinerary::{self, AgendaMode};
    use seedbed::store::listview::ListQuery;
    use std::time::Instant;
    let Some(path) = std::env::var_os("SEEDBED_TIMING_DB") else {
        return;
    };
    let conn =
        rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .expect("open");
    conn.create_scalar_function(
        "pinyin_key",
        1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            Ok(ctx
                .get_raw(0)
                .as_str_or_null()
                .ok()
                .flatten()
                .map(seedbed::text::pinyin_key))
        },
    )
    .expect("function");
    let today = time::macros::date!(2026 - 11 - 21);
    let until = time::macros::date!(2026 - 11 - 27);
    let me: String = conn
        .query_row(
            "SELECT name FROM commissioners ORDER BY name LIMIT 1",
            [],
            |r| r.get(0),
        )
        .expect("a commissioner");
    for (grouping, mine) in [
        (Grouping::Week, None),
        (Grouping::District, None),
        (Grouping::Day, Some(me.clone())),
        (Grouping::District, Some(me.clone())),
    ] {
        let mode = AgendaMode { grouping, mine };
        let q = ListQuery::default();
        let t = Instant::now();
        let g = itinerary::groups(&conn, today, until, &mode, &q).expect("groups");
        let groups_ms = t.elapsed().as_secs_f64() * 1000.0;
        let total = g.total();
        let mut windows = Vec::new();
        for start in [0, total / 2, total.saturating_sub(60)] {
            let t = Instant::now();
            let (_, rows) = itinerary::page(&conn, today, &g, start, 60).expect("page");
            windows.push(format!(
                "{start}: {} rows {:.1} ms",
                rows.len(),
                t.elapsed().as_secs_f64() * 1000.0
            ));
        }
        println!(
            "{grouping:?} mine={:?}: {} groups, {total} rows; groups {groups_ms:.1} ms; windows {}",
            mode.mine.is_some(),
            g.heads.len(),
            windows.join(", ")
        );
    }
}
