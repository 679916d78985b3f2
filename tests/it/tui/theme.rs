//! Themes, cell by cell: each built-in theme's colours on the title bar, a red alert, the
//! selected row and a plain cell (expected colours written out by hand below), no colour at all
//! in monochrome (`NO_COLOR`), the user's `[theme]` colours from a real config file, `:theme`
//! through `App::update`, and the real binary in a pseudo-terminal.

use super::{Tui, find};
use crate::common::{NOW, home, seedbed_in, stderr};
use crate::keys::write_config;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};
use seedbed::app::{Action, App};
use seedbed::config::{Config, ThemeName};
use seedbed::i18n::Lang;
use seedbed::tui::drain;

/// The colours a theme gives the cells the tests look at.
struct Expected {
    title_fg: Color,
    title_bg: Color,
    red: Color,
    yellow: Color,
    /// Column headers.
    accent: Color,
    tab_active_bg: Color,
    selection_fg: Color,
    selection_bg: Color,
    /// A cell of an unselected row with nothing of its own.
    plain_fg: Color,
    plain_bg: Color,
}

const DARK: Expected = Expected {
    title_fg: Color::Black,
    title_bg: Color::Green,
    red: Color::Red,
    yellow: Color::Yellow,
    accent: Color::Cyan,
    tab_active_bg: Color::Cyan,
    selection_fg: Color::Reset,
    selection_bg: Color::DarkGray,
    plain_fg: Color::Reset,
    plain_bg: Color::Reset,
};

const LIGHT: Expected = Expected {
    title_fg: Color::Black,
    title_bg: Color::Indexed(151),
    red: Color::Indexed(160),
    yellow: Color::Indexed(130),
    accent: Color::Indexed(25),
    tab_active_bg: Color::Indexed(117),
    selection_fg: Color::Black,
    selection_bg: Color::Indexed(153),
    plain_fg: Color::Reset,
    plain_bg: Color::Reset,
};

const HIGH_CONTRAST: Expected = Expected {
    title_fg: Color::Black,
    title_bg: Color::White,
    red: Color::LightRed,
    yellow: Color::LightYellow,
    accent: Color::LightCyan,
    tab_active_bg: Color::LightYellow,
    selection_fg: Color::White,
    selection_bg: Color::Indexed(18),
    plain_fg: Color::White,
    plain_bg: Color::Black,
};

/// The Alerts screen at 80x24 in Chinese: row 0 the title and counts, row 2 the tabs, row 3
/// the column headers, row 4 the first (selected) alert, row 5 the next; the names start at
/// column 5 (the second half of a wide character is not looked at: the terminal draws the
/// character over it).
fn check_alerts(t: &Tui, want: &Expected, theme: &str) {
    let buf = t.buffer();
    let at = |x: u16, y: u16| (buf[(x, y)].fg, buf[(x, y)].bg);
    assert_eq!(find(&buf, 0, "苗圃"), vec![1], "{theme}:\n{}", t.screen());
    assert_eq!(at(1, 0), (want.title_fg, want.title_bg), "{theme}: title");
    assert!(buf[(1, 0)].modifier.contains(Modifier::BOLD), "{theme}");
    let yellow = find(&buf, 0, "●黄")[0];
    assert_eq!(buf[(yellow, 0)].fg, want.yellow, "{theme}: yellow count");
    let tab = find(&buf, 2, "3 预警")[0];
    assert_eq!(buf[(tab, 2)].bg, want.tab_active_bg, "{theme}: active tab");
    assert_eq!(find(&buf, 3, "预警"), vec![0], "{theme}");
    assert_eq!(buf[(0, 3)].fg, want.accent, "{theme}: column header");
    // The selected row: the alert keeps its red on the selection's background.
    assert_eq!(find(&buf, 4, "●红"), vec![0], "{theme}");
    assert_eq!(
        at(0, 4),
        (want.red, want.selection_bg),
        "{theme}: red alert"
    );
    assert!(buf[(0, 4)].modifier.contains(Modifier::BOLD), "{theme}");
    assert_eq!(
        at(5, 4),
        (want.selection_fg, want.selection_bg),
        "{theme}: selected name"
    );
    assert_eq!(at(0, 5).0, want.red, "{theme}: red alert");
    assert_eq!(
        at(5, 5),
        (want.plain_fg, want.plain_bg),
        "{theme}: plain cell"
    );
}

#[test]
fn each_theme_colours_the_title_the_alerts_and_the_selection() {
    for (theme, want) in [
        (ThemeName::Dark, DARK),
        (ThemeName::Light, LIGHT),
        (ThemeName::HighContrast, HIGH_CONTRAST),
    ] {
        let mut t = Tui::zh(80, 24);
        t.app.theme = theme;
        t.key(KeyCode::Char('3'));
        check_alerts(&t, &want, theme.code());
    }
}

/// Every screen, the detail and the overlays, in the order `each` is called.
fn every_view(t: &mut Tui, mut each: impl FnMut(&Tui, &str)) {
    for n in '1'..='8' {
        t.key(KeyCode::Char(n));
        each(t, &format!("screen {n}"));
        t.key(KeyCode::Char('?'));
        each(t, &format!("help on screen {n}"));
        t.key(KeyCode::Esc);
    }
    t.key(KeyCode::Char('1'));
    t.key(KeyCode::Char('f'));
    each(t, "filter menu");
    t.key(KeyCode::Esc);
    t.key(KeyCode::Char('/'));
    t.keys("克拉");
    each(t, "search");
    t.key(KeyCode::Esc);
    t.key(KeyCode::Enter);
    each(t, "detail");
    t.key(KeyCode::Char('v'));
    each(t, "visit form");
    t.key(KeyCode::Esc);
}

fn cells(buf: &Buffer) -> impl Iterator<Item = (u16, u16, &ratatui::buffer::Cell)> {
    let area = buf.area;
    (0..area.height).flat_map(move |y| (0..area.width).map(move |x| (x, y, &buf[(x, y)])))
}

#[test]
fn monochrome_draws_no_colour_in_any_cell_whatever_the_config() {
    // `NO_COLOR` (the terminal sets `colour` false) over a config asking for colours, and
    // `:theme monochrome` asked for by name.
    let config =
        "[theme]\nname = \"light\"\nred = \"#d00000\"\nselection_bg = \"blue\"\ntext = \"black\"\n";
    for by_name in [false, true] {
        let mut t = Tui::zh(80, 24);
        t.app.config =
            Config::with_overrides(config, std::path::Path::new("c.toml")).expect("config");
        if by_name {
            t.command("theme monochrome");
        } else {
            t.app.colour = false;
        }
        let mut seen = 0;
        every_view(&mut t, |t, what| {
            let buf = t.buffer();
            for (x, y, c) in cells(&buf) {
                assert_eq!(
                    (c.fg, c.bg),
                    (Color::Reset, Color::Reset),
                    "{what} at {x},{y}"
                );
            }
            seen += 1;
        });
        assert_eq!(seen, 20);
        // The selection and the title still show, as reversed text.
        t.key(KeyCode::Esc);
        t.key(KeyCode::Char('3'));
        let buf = t.buffer();
        assert!(buf[(1, 0)].modifier.contains(Modifier::REVERSED));
        assert!(buf[(5, 4)].modifier.contains(Modifier::REVERSED));
        assert!(t.screen().contains("●红"), "{}", t.screen());
    }
}

#[test]
fn the_light_theme_draws_no_pale_text_on_any_screen() {
    // Pale on a white terminal: the terminal's own yellows, whites, greys and cyans.
    let pale = [
        Color::Yellow,
        Color::LightYellow,
        Color::White,
        Color::Gray,
        Color::Cyan,
        Color::LightCyan,
        Color::LightGreen,
    ];
    let mut t = Tui::zh(80, 24);
    t.app.theme = ThemeName::Light;
    every_view(&mut t, |t, what| {
        let buf = t.buffer();
        for (x, y, c) in cells(&buf) {
            assert!(!pale.contains(&c.fg), "{what} at {x},{y}: {:?}", c.fg);
            // Nothing dark behind text either: the terminal's white shows, or a pale colour.
            assert!(
                matches!(c.bg, Color::Reset | Color::Indexed(117 | 151 | 153)),
                "{what} at {x},{y}: {:?}",
                c.bg
            );
        }
    });
}

#[test]
fn high_contrast_gives_every_cell_its_colours_overlays_included() {
    let mut t = Tui::zh(80, 24);
    t.app.theme = ThemeName::HighContrast;
    every_view(&mut t, |t, what| {
        let buf = t.buffer();
        let text = super::text_of(&buf);
        for (x, y, c) in cells(&buf) {
            if second_half(&buf, x, y) {
                continue;
            }
            assert!(
                c.fg != Color::Reset && c.bg != Color::Reset,
                "{what} at {x},{y}:\n{text}"
            );
        }
    });
}

/// Whether cell `(x, y)` is the second half of a wide character (which the terminal draws over
/// it: a test backend never writes it).
fn second_half(buf: &Buffer, x: u16, y: u16) -> bool {
    use unicode_width::UnicodeWidthStr;
    x > 0 && buf[(x - 1, y)].symbol().width() > 1
}

#[test]
fn the_users_colours_from_the_config_file_go_over_the_theme() {
    let (dir, db) = crate::common::demo_pool(80);
    let path = write_config(
        &home(&db),
        "[theme]\nname = \"light\"\nred = \"#d00000\"\nselection_bg = \"blue\"\nyellow = \"ochre\"\n\n[theme.dark]\naccent = \"lightmagenta\"\n",
    );
    let (config, unknown) = Config::load_checked(Some(&path)).expect("config");
    assert!(unknown.is_empty(), "{unknown:?}");
    assert_eq!(config.theme.issues.len(), 1, "{:?}", config.theme.issues);
    let mut t = Tui::on(dir, &db, Lang::Zh, 80, 24);
    t.app = App::new(Lang::Zh, NOW, config, 80, 24);
    let start = t.app.start();
    drain(&mut t.app, &mut t.runner, start);
    t.key(KeyCode::Char('3'));
    // Light, with the red and the selection of the file; the bad yellow keeps light's.
    let mine = Expected {
        red: Color::Rgb(0xd0, 0, 0),
        selection_bg: Color::Blue,
        ..LIGHT
    };
    check_alerts(&t, &mine, "light + user");
    // Over dark: the same red and selection, and dark's own accent.
    t.command("theme dark");
    let mine = Expected {
        red: Color::Rgb(0xd0, 0, 0),
        selection_bg: Color::Blue,
        accent: Color::LightMagenta,
        ..DARK
    };
    check_alerts(&t, &mine, "dark + user");
    // The accent was dark's only.
    t.command("theme light");
    assert_eq!(t.buffer()[(0, 3)].fg, Color::Indexed(25));
}

/// `:line` typed and entered through `App::update`, with the effects it asked for.
fn command(t: &mut Tui, line: &str) -> usize {
    let mut effects = 0;
    let mut press = |t: &mut Tui, code| {
        let fx = t
            .app
            .update(Action::Key(KeyEvent::new(code, KeyModifiers::NONE)));
        effects += fx.len();
        drain(&mut t.app, &mut t.runner, fx);
    };
    press(t, KeyCode::Char(':'));
    for c in line.chars() {
        press(t, KeyCode::Char(c));
    }
    press(t, KeyCode::Enter);
    effects
}

#[test]
fn the_theme_command_switches_at_once_and_refuses_an_unknown_name() {
    let mut t = Tui::zh(80, 24);
    t.key(KeyCode::Char('3'));
    assert_eq!(t.app.theme, ThemeName::Dark);
    // The state changes and nothing is asked of the store.
    assert_eq!(command(&mut t, "theme light"), 0);
    assert_eq!(t.app.theme, ThemeName::Light);
    assert_eq!(t.app.status.as_deref(), Some("主题：浅色（light）"));
    check_alerts(&t, &LIGHT, "after :theme light");
    assert!(t.screen().contains("主题：浅色（light）"), "{}", t.screen());

    assert_eq!(command(&mut t, "theme solarized"), 0);
    assert_eq!(
        t.app.theme,
        ThemeName::Light,
        "an unknown name changes nothing"
    );
    assert_eq!(
        t.app.status.as_deref(),
        Some(
            "没有主题 solarized，可用：dark（深色）、light（浅色）、high-contrast（高对比度）、monochrome（单色）"
        )
    );
    check_alerts(&t, &LIGHT, "after :theme solarized");

    // In Chinese, by the short name, and alone to ask which.
    command(&mut t, "theme 高对比度");
    assert_eq!(t.app.theme, ThemeName::HighContrast);
    command(&mut t, "theme hc");
    assert_eq!(t.app.theme, ThemeName::HighContrast);
    command(&mut t, "theme");
    assert_eq!(
        t.app.status.as_deref(),
        Some(
            "当前主题：高对比度（high-contrast）；可用：dark（深色）、light（浅色）、high-contrast（高对比度）、monochrome（单色）"
        )
    );
    command(&mut t, "lang en");
    command(&mut t, "theme mauve");
    assert_eq!(
        t.app.status.as_deref(),
        Some("No theme mauve; themes: dark, light, high-contrast, monochrome")
    );
    command(&mut t, "theme dark");
    assert_eq!(t.app.status.as_deref(), Some("Theme: dark"));

    // Under NO_COLOR, asking for a theme by name brings its colours.
    t.app.colour = false;
    assert_eq!(t.buffer()[(1, 0)].bg, Color::Reset);
    command(&mut t, "theme");
    assert_eq!(
        t.app.status.as_deref(),
        Some("Theme: monochrome; themes: dark, light, high-contrast, monochrome")
    );
    command(&mut t, "theme dark");
    assert_eq!(t.buffer()[(1, 0)].bg, Color::Green, "{}", t.screen());
}

#[test]
fn a_bad_theme_value_is_named_with_its_line_on_stderr() {
    let (_dir, db) = crate::common::demo_pool(3);
    write_config(
        &home(&db),
        "[theme]\nname = \"sepia\"\nred = \"#d0000\"\nborder = \"red\"\n",
    );
    let o = seedbed_in(&db, "en", &["paths"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    let want = [
        "line 2: sepia is not a theme (dark, light, high-contrast, monochrome); dark is used",
        "line 3: red: #d0000 is not a colour (e.g. red, lightblue, #d00000, 130), ignored",
        "line 4: border is not a colour of a theme (text, background, red, yellow, green, accent, dim, title_fg, title_bg, tab, tab_active_fg, tab_active_bg, selection_fg, selection_bg), ignored",
    ];
    assert_eq!(err.lines().count(), want.len(), "{err}");
    for (line, end) in err.lines().zip(want) {
        assert!(line.starts_with("seedbed: config file "), "{err}");
        assert!(line.ends_with(end), "{line}\nwants the end {end}");
    }
}

/// The SGR sequences (`ESC [ … m`) of `raw` that set a colour (not the terminal's own).
fn colour_sequences(raw: &str) -> Vec<String> {
    raw.split("\x1b[")
        .skip(1)
        .filter_map(|s| {
            let end = s.find(|c: char| !(c.is_ascii_digit() || c == ';'))?;
            (s[end..].starts_with('m')).then(|| s[..end].to_string())
        })
        .filter(|params| {
            params.split(';').any(|p| {
                matches!(
                    p.parse::<u16>(),
                    Ok(30..=38 | 40..=48 | 90..=97 | 100..=107)
                )
            })
        })
        .collect()
}

#[cfg(unix)]
#[test]
fn the_binary_draws_the_configured_theme_and_nothing_under_no_color() {
    use crate::crash::Tui as Pty;
    let (dir, db) = crate::common::demo_pool(5);
    let home = dir.path().join("theme-home");
    write_config(&home, "[theme]\nname = \"light\"\nyellow = \"ochre\"\n");
    let mut tui = Pty::start(&db, &home);
    tui.wait_for("the light theme and the notice of the bad colour", |s| {
        s.contains("第 3 行：yellow 的值 ochre 不是颜色")
    });
    let raw = tui.raw();
    // Light's title bar: black on #afd7af (256-colour 151).
    assert!(
        colour_sequences(&raw).contains(&"38;5;0;48;5;151".to_string()),
        "{:?}",
        colour_sequences(&raw)
    );
    tui.kill();

    let mut tui = Pty::start_with_env(&db, &home, &[], &[("NO_COLOR", "1")]);
    tui.wait_for("the pool", |s| s.contains("第 3 行：yellow 的值 ochre"));
    let raw = tui.raw();
    assert!(raw.contains("●红"), "the symbols stay");
    assert_eq!(colour_sequences(&raw), Vec::<String>::new());
    tui.kill();
}
