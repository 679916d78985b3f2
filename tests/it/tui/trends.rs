//! trends: the sparklines. The Alerts and Agenda headers show theirs once the background
//! warm-up has kept them (nothing before, nothing in the as-of view), each written again after
//! a change; the detail's ranking history opens with score and rank by year. Snapshots in
//! Chinese at 80x24 and 160x48, and the glyphs' colours cell by cell in each theme.

use super::{SIZES, Tui, find, snap};
use crate::common::{seedbed, stderr};
use crossterm::event::KeyCode;
use ratatui::buffer::Buffer;
use ratatui::style::Color;
use seedbed::app::{Action, Effect, Loaded};
use seedbed::config::ThemeName;
use seedbed::tui::drain;

const GLYPHS: &str = "▁▂▃▄▅▆▇█";

/// The header's second line.
fn line2(t: &Tui) -> String {
    t.screen().lines().nth(1).unwrap_or_default().to_string()
}

/// Runs the background warm-up as the terminal loop does (warm-up, then what arrived).
fn warm(t: &mut Tui) -> bool {
    t.runner.warm = true;
    t.runner.warm_up();
    t.runner.wait_warm_up();
    match t.runner.trends_arrived() {
        Some(l) => {
            let fx = t.app.update(Action::Loaded(l));
            drain(&mut t.app, &mut t.runner, fx);
            true
        }
        None => false,
    }
}

/// The cells of row `y` holding sparkline glyphs, left to right.
fn glyph_cells(buf: &Buffer, y: u16) -> Vec<u16> {
    (0..buf.area.width)
        .filter(|x| GLYPHS.contains(buf[(*x, y)].symbol()))
        .collect()
}

#[test]
fn headers_show_the_trends_once_the_background_has_kept_them() {
    for (w, h) in SIZES {
        let mut t = Tui::zh(w, h);
        t.key(KeyCode::Char('3'));
        // Nothing yet: no sparkline and no waiting word.
        assert!(
            !line2(&t).contains(|c| GLYPHS.contains(c)),
            "{}",
            t.screen()
        );
        assert!(t.runner.trends_arrived().is_none());
        assert!(warm(&mut t), "the trends arrive after the warm-up");
        // Given once: the next frames read nothing.
        assert!(t.runner.trends_arrived().is_none());
        snap(&format!("alerts_trend_zh_{w}x{h}"), &t);
        t.key(KeyCode::Char('2'));
        snap(&format!("agenda_trend_zh_{w}x{h}"), &t);
        // Other screens have none.
        t.key(KeyCode::Char('1'));
        assert!(
            !line2(&t).contains(|c| GLYPHS.contains(c)),
            "{}",
            t.screen()
        );
    }
}

#[test]
fn the_alerts_trend_ends_on_todays_counts_and_each_part_fits_or_goes() {
    let mut t = Tui::zh(160, 48);
    t.key(KeyCode::Char('3'));
    assert!(warm(&mut t));
    // At 160 columns the whole trend fits: label, twelve bars and first→last for each colour.
    let line = line2(&t);
    let trend = line.split("近12个月预警项目").nth(1).expect(&line).trim();
    let parts: Vec<&str> = trend.split_whitespace().collect();
    assert_eq!(parts.len(), 6, "{trend}");
    assert_eq!((parts[0], parts[3]), ("红色", "黄色"), "{trend}");
    assert_eq!(parts[1].chars().count(), 12, "{trend}");
    assert_eq!(parts[4].chars().count(), 12, "{trend}");
    // The last month is today: the red and yellow projects the screen lists now.
    let red_now = t
        .runner
        .store
        .conn
        .query_row(
            "SELECT count(*) FROM projects p JOIN enterprises e ON e.id = p.enterprise_id
             WHERE p.deleted_at IS NULL AND e.deleted_at IS NULL AND p.acceptance_passed IS NULL
               AND p.colour = 'red'",
            [],
            |r| r.get::<_, i64>(0),
        )
        .unwrap();
    assert!(red_now > 0);
    assert!(parts[2].ends_with(&format!("→{red_now}")), "{trend}");
    // Narrower: the numbers go, then the label; the bars stay while they fit.
    t.resize(80, 24);
    let line = line2(&t);
    assert!(!line.contains("近12个月"), "{line}");
    assert!(line.contains('红') && line.contains('黄'), "{line}");
    assert_eq!(
        line.chars().filter(|c| GLYPHS.contains(*c)).count(),
        24,
        "{line}"
    );
    // Where even the bars do not fit beside the header's words, the trend steps aside whole.
    t.resize(60, 24);
    let line = line2(&t);
    assert!(
        line.chars().filter(|c| GLYPHS.contains(*c)).count() % 12 == 0,
        "never a cut sparkline: {line}"
    );
}

#[test]
fn the_trends_are_computed_again_after_a_change() {
    let mut t = Tui::zh(160, 48);
    t.key(KeyCode::Char('2'));
    assert!(warm(&mut t));
    let before = t.app.trends.clone().and_then(|x| x.visits).expect("visits");
    // Another program records a visit done today: the file changed, the kept trends are
    // forgotten and computed again in the background.
    let name: String = t
        .runner
        .store
        .conn
        .query_row(
            "SELECT name FROM enterprises ORDER BY name LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let db = t.runner.store.path.clone();
    let o = seedbed(&db, &["visit", "log", &name, "--notes", "走访"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(t.runner.run(&Effect::CheckFile), Loaded::FileChanged(true));
    assert!(warm(&mut t));
    let after = t.app.trends.clone().and_then(|x| x.visits).expect("visits");
    let mut want = before.clone();
    *want.last_mut().expect("twelve weeks") += 1;
    assert_eq!(after, want);
}

#[test]
fn the_as_of_view_shows_no_trend() {
    let mut t = Tui::zh(160, 48);
    t.key(KeyCode::Char('3'));
    assert!(warm(&mut t));
    assert!(line2(&t).contains('▁') || line2(&t).contains('█'));
    t.command("today 2026-10-01");
    t.key(KeyCode::Char('3'));
    assert!(
        !line2(&t).contains(|c| GLYPHS.contains(c)),
        "{}",
        t.screen()
    );
}

/// The detail of the top-ranked enterprise, scrolled until its ranking history is in view.
fn detail_at_ranking(t: &mut Tui) {
    t.key(KeyCode::Enter);
    for _ in 0..200 {
        if t.screen().lines().nth(3) == Some("■ 排名历史") {
            break;
        }
        let before = t.screen();
        t.key(KeyCode::Char('j'));
        if t.screen() == before {
            break;
        }
    }
}

#[test]
fn the_detail_draws_score_and_rank_by_year() {
    for (w, h) in SIZES {
        let mut t = Tui::zh(w, h);
        detail_at_ranking(&mut t);
        let screen = t.screen();
        let line = screen
            .lines()
            .find(|l| l.trim_start().starts_with("趋势"))
            .unwrap_or_else(|| panic!("{screen}"));
        // Two years ranked: two bars each, the rank's said to be drawn up for better.
        assert!(line.contains("2025–2026 得分 "), "{line}");
        assert!(line.contains("排名（越高越靠前）"), "{line}");
        snap(&format!("detail_trend_zh_{w}x{h}"), &t);
    }
}

/// Expected colours, by hand, per theme: red, yellow and the accent.
const THEMES: [(ThemeName, Color, Color, Color); 3] = [
    (ThemeName::Dark, Color::Red, Color::Yellow, Color::Cyan),
    (
        ThemeName::Light,
        Color::Indexed(160),
        Color::Indexed(130),
        Color::Indexed(25),
    ),
    (
        ThemeName::HighContrast,
        Color::LightRed,
        Color::LightYellow,
        Color::LightCyan,
    ),
];

#[test]
fn the_sparklines_take_their_colours_from_the_theme() {
    let mut t = Tui::zh(160, 48);
    assert!(warm(&mut t));
    for (theme, red, yellow, accent) in THEMES {
        t.app.theme = theme;
        t.app.colour = true;
        t.key(KeyCode::Char('3'));
        let buf = t.buffer();
        let cells = glyph_cells(&buf, 1);
        assert_eq!(cells.len(), 24, "{theme:?}: {}", t.screen());
        let red_at = find(&buf, 1, "红色")[0];
        let yellow_at = find(&buf, 1, "黄色")[0];
        for x in &cells {
            let want = if *x < yellow_at { red } else { yellow };
            assert!(*x > red_at);
            assert_eq!(buf[(*x, 1)].fg, want, "{theme:?}: cell {x}");
        }
        // The label is dim, not the series' colour.
        assert_ne!(buf[(red_at, 1)].fg, red, "{theme:?}");
        t.key(KeyCode::Char('2'));
        let buf = t.buffer();
        let cells = glyph_cells(&buf, 1);
        assert_eq!(cells.len(), 12, "{theme:?}");
        for x in cells {
            assert_eq!(buf[(x, 1)].fg, accent, "{theme:?}: agenda cell {x}");
        }
        t.key(KeyCode::Char('1'));
        detail_at_ranking(&mut t);
        let buf = t.buffer();
        let row = (0..buf.area.height)
            .find(|y| !find(&buf, *y, "趋势").is_empty())
            .expect("the trend line");
        let cells = glyph_cells(&buf, row);
        assert_eq!(cells.len(), 4, "{theme:?}");
        for x in cells {
            assert_eq!(buf[(x, row)].fg, accent, "{theme:?}: detail cell {x}");
        }
        t.key(KeyCode::Esc);
    }
    // Monochrome (NO_COLOR): the bars are still drawn, without colour.
    t.app.colour = false;
    t.key(KeyCode::Char('3'));
    let buf = t.buffer();
    let cells = glyph_cells(&buf, 1);
    assert_eq!(cells.len(), 24);
    for x in cells {
        assert_eq!(buf[(x, 1)].fg, Color::Reset, "monochrome cell {x}");
    }
}
