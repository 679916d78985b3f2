//! The themes: every colour the UI draws comes from here. Built in are dark (the look Seedbed
//! always had), light (for a white terminal), high-contrast and monochrome (`NO_COLOR`); the
//! user's `[theme]` colours go over them (`config::ThemeConfig`). Colour is never the only
//! signal: every alert also reads as a symbol and a word (`●红`), and monochrome draws with
//! bold, reversed and dim text only.

use crate::app::App;
use crate::config::{Role, ThemeConfig, ThemeName};
use crate::domain::Colour;
use crate::i18n::Label;
use crate::i18n::Lang;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier, Style};

const ROLES: usize = Role::ALL.len();

/// The colours of each role; `Color::Reset` is the terminal's own (nothing set).
type Palette = [Color; ROLES];

/// Today's look, on a dark terminal.
const DARK: [(Role, Color); ROLES] = [
    (Role::Text, Color::Reset),
    (Role::Background, Color::Reset),
    (Role::Red, Color::Red),
    (Role::Yellow, Color::Yellow),
    (Role::Green, Color::Green),
    (Role::Accent, Color::Cyan),
    (Role::Dim, Color::DarkGray),
    (Role::TitleFg, Color::Black),
    (Role::TitleBg, Color::Green),
    (Role::Tab, Color::Gray),
    (Role::TabActiveFg, Color::Black),
    (Role::TabActiveBg, Color::Cyan),
    (Role::SelectionFg, Color::Reset),
    (Role::SelectionBg, Color::DarkGray),
];

/// On a white terminal: deep colours of the 256-colour palette (a terminal's own yellow and
/// cyan are often too pale to read on white), black on pale backgrounds for the bars and the
/// selection.
const LIGHT: [(Role, Color); ROLES] = [
    (Role::Text, Color::Reset),
    (Role::Background, Color::Reset),
    (Role::Red, Color::Indexed(160)),    // #d70000
    (Role::Yellow, Color::Indexed(130)), // #af5f00, a dark amber
    (Role::Green, Color::Indexed(28)),   // #008700
    (Role::Accent, Color::Indexed(25)),  // #005faf
    (Role::Dim, Color::Indexed(242)),    // #6c6c6c
    (Role::TitleFg, Color::Black),
    (Role::TitleBg, Color::Indexed(151)), // #afd7af
    (Role::Tab, Color::Indexed(240)),     // #585858
    (Role::TabActiveFg, Color::Black),
    (Role::TabActiveBg, Color::Indexed(117)), // #87d7ff
    (Role::SelectionFg, Color::Black),
    (Role::SelectionBg, Color::Indexed(153)), // #afd7ff
];

/// White and bright colours on black, whatever the terminal's own background; the selection is
/// white on dark blue, on which the bright alert colours still read.
const HIGH_CONTRAST: [(Role, Color); ROLES] = [
    (Role::Text, Color::White),
    (Role::Background, Color::Black),
    (Role::Red, Color::LightRed),
    (Role::Yellow, Color::LightYellow),
    (Role::Green, Color::LightGreen),
    (Role::Accent, Color::LightCyan),
    (Role::Dim, Color::Gray),
    (Role::TitleFg, Color::Black),
    (Role::TitleBg, Color::White),
    (Role::Tab, Color::White),
    (Role::TabActiveFg, Color::Black),
    (Role::TabActiveBg, Color::LightYellow),
    (Role::SelectionFg, Color::White),
    (Role::SelectionBg, Color::Indexed(18)), // #000087
];

fn builtin(name: ThemeName) -> Option<Palette> {
    let roles = match name {
        ThemeName::Dark => DARK,
        ThemeName::Light => LIGHT,
        ThemeName::HighContrast => HIGH_CONTRAST,
        ThemeName::Monochrome => return None,
    };
    let mut p = [Color::Reset; ROLES];
    for (role, colour) in roles {
        p[role as usize] = colour;
    }
    Some(p)
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Theme {
    /// `None`: monochrome.
    palette: Option<Palette>,
}

impl Theme {
    /// The dark theme as shipped, or monochrome.
    pub fn new(colour: bool) -> Theme {
        let name = if colour {
            ThemeName::Dark
        } else {
            ThemeName::Monochrome
        };
        Theme::of(name, &ThemeConfig::default())
    }

    /// The built-in theme `name` with the user's colours over it (monochrome takes none).
    pub fn of(name: ThemeName, user: &ThemeConfig) -> Theme {
        let palette = builtin(name).map(|mut p| {
            for (role, colour) in user.colours_for(name) {
                p[role as usize] = colour;
            }
            p
        });
        Theme { palette }
    }

    /// The theme the app shows (monochrome under `NO_COLOR`).
    pub fn for_app(app: &App) -> Theme {
        Theme::of(app.theme_shown(), &app.config.theme)
    }

    /// The colour of a role; `None` for the terminal's own, and always in monochrome.
    pub fn get(&self, role: Role) -> Option<Color> {
        self.palette
            .map(|p| p[role as usize])
            .filter(|c| *c != Color::Reset)
    }

    fn fg(&self, role: Role) -> Style {
        match self.get(role) {
            Some(c) => Style::default().fg(c),
            None => Style::default(),
        }
    }

    /// `fg` on `bg` in bold, or reversed where the theme has neither.
    fn bar(&self, fg: Role, bg: Role) -> Style {
        let style = Style::default().add_modifier(Modifier::BOLD);
        match (self.get(fg), self.get(bg)) {
            (None, None) => style.add_modifier(Modifier::REVERSED),
            (f, b) => {
                let style = f.map_or(style, |c| style.fg(c));
                b.map_or(style, |c| style.bg(c))
            }
        }
    }

    /// The style of an alert colour.
    pub fn colour(&self, c: Colour) -> Style {
        match c {
            Colour::Red => self.fg(Role::Red).add_modifier(Modifier::BOLD),
            Colour::Yellow => self.fg(Role::Yellow),
            Colour::Green => self.fg(Role::Green),
        }
    }

    pub fn title(&self) -> Style {
        self.bar(Role::TitleFg, Role::TitleBg)
    }

    pub fn tab(&self) -> Style {
        self.fg(Role::Tab)
    }

    pub fn tab_active(&self) -> Style {
        self.bar(Role::TabActiveFg, Role::TabActiveBg)
    }

    /// The cursor row.
    pub fn selected(&self) -> Style {
        match self.palette {
            Some(_) => self.bar(Role::SelectionFg, Role::SelectionBg),
            None => Style::default().add_modifier(Modifier::REVERSED),
        }
    }

    /// A row matching the search.
    pub fn matched(&self) -> Style {
        self.fg(Role::Accent).add_modifier(Modifier::UNDERLINED)
    }

    pub fn header(&self) -> Style {
        self.fg(Role::Accent).add_modifier(Modifier::BOLD)
    }

    pub fn key(&self) -> Style {
        self.fg(Role::Accent).add_modifier(Modifier::BOLD)
    }

    pub fn accent(&self) -> Style {
        self.fg(Role::Accent)
    }

    pub fn dim(&self) -> Style {
        match self.palette {
            Some(_) => self.fg(Role::Dim),
            None => Style::default().add_modifier(Modifier::DIM),
        }
    }

    /// Something late or breached.
    pub fn bad(&self) -> Style {
        self.fg(Role::Red).add_modifier(Modifier::BOLD)
    }

    pub fn warn(&self) -> Style {
        self.fg(Role::Yellow).add_modifier(Modifier::BOLD)
    }

    pub fn good(&self) -> Style {
        self.fg(Role::Green)
    }

    /// Gives the theme's text and background colours to every cell of the frame that has none
    /// of its own: after drawing, so that boxes cleared over the screen (help, forms) take
    /// them too. Nothing changes where the theme leaves them to the terminal.
    ///
    /// The second half of a wide character is left alone: the terminal paints it with the
    /// character. Filled, it would equal the blank that a later frame puts there once the
    /// character has moved, and ratatui's diff would then not send that blank, leaving the
    /// terminal's default background where the half was.
    pub fn fill(&self, buf: &mut Buffer) {
        let (text, background) = (self.get(Role::Text), self.get(Role::Background));
        if text.is_none() && background.is_none() {
            return;
        }
        let row = usize::from(buf.area.width.max(1));
        let mut covered = 0usize;
        for (i, cell) in buf.content.iter_mut().enumerate() {
            let hidden = covered > 0 && i % row != 0;
            covered = if hidden {
                covered - 1
            } else {
                crate::text::width(cell.symbol()).saturating_sub(1)
            };
            if hidden {
                continue;
            }
            if let Some(c) = text
                && cell.fg == Color::Reset
            {
                cell.fg = c;
            }
            if let Some(c) = background
                && cell.bg == Color::Reset
            {
                cell.bg = c;
            }
        }
    }
}

/// The short word of a colour: 红/黄/绿, or R/Y/G.
pub fn short(c: Colour, lang: Lang) -> &'static str {
    crate::i18n::choice_text::Choice::short(c, lang).unwrap_or(c.label(lang))
}

/// `●红`: symbol and word.
pub fn badge(c: Colour, lang: Lang) -> String {
    format!("●{}", short(c, lang))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dark_is_the_look_seedbed_always_had() {
        let th = Theme::new(true);
        assert_eq!(th, Theme::of(ThemeName::Dark, &ThemeConfig::default()));
        let s = Style::default;
        assert_eq!(th.colour(Colour::Red), s().red().bold());
        assert_eq!(th.colour(Colour::Yellow), s().yellow());
        assert_eq!(th.colour(Colour::Green), s().green());
        assert_eq!(th.title(), s().black().on_green().bold());
        assert_eq!(th.tab(), s().gray());
        assert_eq!(th.tab_active(), s().black().on_cyan().bold());
        assert_eq!(th.selected(), s().on_dark_gray().bold());
        assert_eq!(th.matched(), s().cyan().underlined());
        assert_eq!(th.header(), s().cyan().bold());
        assert_eq!(th.key(), s().cyan().bold());
        assert_eq!(th.accent(), s().cyan());
        assert_eq!(th.dim(), s().dark_gray());
        assert_eq!(th.bad(), s().red().bold());
        assert_eq!(th.warn(), s().yellow().bold());
        assert_eq!(th.good(), s().green());
    }

    #[test]
    fn monochrome_is_bold_reversed_and_dim_only_whatever_the_user_set() {
        let user = ThemeConfig::read("[theme]\nred = \"blue\"\ntext = \"white\"\n");
        let th = Theme::of(ThemeName::Monochrome, &user);
        assert_eq!(th, Theme::new(false));
        let s = Style::default;
        assert_eq!(th.colour(Colour::Red), s().bold());
        assert_eq!(th.colour(Colour::Yellow), s());
        assert_eq!(th.title(), s().reversed().bold());
        assert_eq!(th.tab_active(), s().reversed().bold());
        assert_eq!(th.selected(), s().reversed());
        assert_eq!(th.dim(), s().dim());
        assert_eq!(th.get(Role::Red), None);
        let mut buf = Buffer::empty(ratatui::layout::Rect::new(0, 0, 3, 1));
        th.fill(&mut buf);
        assert_eq!(buf, Buffer::empty(ratatui::layout::Rect::new(0, 0, 3, 1)));
    }

    #[test]
    fn the_users_colours_go_over_the_theme_and_the_fill_keeps_what_cells_set() {
        let user = ThemeConfig::read(
            "[theme]\nred = \"#d00000\"\nbackground = \"#fffff0\"\n[theme.light]\nselection_bg = \"reset\"\nselection_fg = \"reset\"\n",
        );
        let th = Theme::of(ThemeName::Light, &user);
        let s = Style::default;
        assert_eq!(th.bad(), s().fg(Color::Rgb(0xd0, 0, 0)).bold());
        assert_eq!(th.warn(), s().fg(Color::Indexed(130)).bold());
        // A selection with neither colour is still seen: reversed.
        assert_eq!(th.selected(), s().reversed().bold());
        // Dark takes the general colours only.
        let dark = Theme::of(ThemeName::Dark, &user);
        assert_eq!(dark.selected(), s().on_dark_gray().bold());
        assert_eq!(
            dark.get(Role::Background),
            Some(Color::Rgb(0xff, 0xff, 0xf0))
        );
        let mut buf = Buffer::empty(ratatui::layout::Rect::new(0, 0, 2, 1));
        buf[(1, 0)].set_bg(Color::Indexed(151));
        th.fill(&mut buf);
        assert_eq!(buf[(0, 0)].bg, Color::Rgb(0xff, 0xff, 0xf0));
        assert_eq!(buf[(1, 0)].bg, Color::Indexed(151));
        assert_eq!(
            buf[(0, 0)].fg,
            Color::Reset,
            "light leaves the text to the terminal"
        );
    }

    #[test]
    fn the_fill_leaves_the_second_half_of_a_wide_character_to_the_terminal() {
        let th = Theme::of(ThemeName::HighContrast, &ThemeConfig::default());
        let mut buf = Buffer::empty(ratatui::layout::Rect::new(0, 0, 4, 2));
        buf.set_string(1, 0, "苗", Style::default());
        buf.set_string(2, 1, "圃", Style::default());
        th.fill(&mut buf);
        let bg = |x: u16, y: u16| buf[(x, y)].bg;
        assert_eq!(
            [bg(0, 0), bg(1, 0), bg(2, 0), bg(3, 0)],
            [Color::Black, Color::Black, Color::Reset, Color::Black]
        );
        assert_eq!(
            [bg(0, 1), bg(1, 1), bg(2, 1), bg(3, 1)],
            [Color::Black, Color::Black, Color::Black, Color::Reset]
        );
        assert_eq!(buf[(1, 0)].fg, Color::White);
    }
}
