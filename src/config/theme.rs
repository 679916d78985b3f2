//! The user's theme: which built-in theme the TUI starts with and the colours changed over it.
//! Read here, at the bottom, with the lines its keys are on, so that a mistake is said at start
//! like a keymap's; the UI's theme (`ui::theme`) holds the built-in palettes and applies these.
//!
//! ```toml
//! theme = "light"          # just the theme, or:
//! [theme]
//! name = "light"
//! red = "#d00000"          # over every theme with colours
//! selection_bg = "blue"
//! [theme.dark]             # over one theme only (after the keys above)
//! accent = "lightcyan"
//! ```

use super::keys::line_of;
use ratatui::style::Color;

/// The built-in themes. `Monochrome` draws no colour at all (what `NO_COLOR` asks for).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum ThemeName {
    /// Light text on a dark terminal: the look Seedbed always had.
    #[default]
    Dark,
    /// For a white terminal background: no yellow or white text, a pale selection.
    Light,
    /// Bright colours on black, the text white.
    HighContrast,
    /// No colours: bold, reversed and dim text only.
    Monochrome,
}

impl ThemeName {
    pub const ALL: [ThemeName; 4] = [
        ThemeName::Dark,
        ThemeName::Light,
        ThemeName::HighContrast,
        ThemeName::Monochrome,
    ];

    /// The name written in the config and after `:theme`.
    pub fn code(self) -> &'static str {
        match self {
            ThemeName::Dark => "dark",
            ThemeName::Light => "light",
            ThemeName::HighContrast => "high-contrast",
            ThemeName::Monochrome => "monochrome",
        }
    }

    /// A code as written: any case, `_` or a space for `-`, and the short `hc` and `mono`.
    pub fn parse(written: &str) -> Option<ThemeName> {
        let w = written.trim().to_ascii_lowercase().replace(['_', ' '], "-");
        let w = match w.as_str() {
            "hc" | "highcontrast" => "high-contrast",
            "mono" => "monochrome",
            other => other,
        };
        ThemeName::ALL.into_iter().find(|t| t.code() == w)
    }
}

/// What a colour of a theme is for. Each is a key of `[theme]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// The text where nothing else is said (`reset`: the terminal's own).
    Text,
    /// The background where nothing else is said (`reset`: the terminal's own).
    Background,
    /// Red alerts, and what is late or breached.
    Red,
    /// Yellow alerts and warnings.
    Yellow,
    /// Green alerts and what is done.
    Green,
    /// Column headers, keys in the footer and help, search matches.
    Accent,
    /// Secondary text: hints, unknown values, empty lights.
    Dim,
    TitleFg,
    TitleBg,
    /// The tabs of the screens not shown.
    Tab,
    TabActiveFg,
    TabActiveBg,
    /// The cursor row (`reset`: the cells keep their own text colours).
    SelectionFg,
    SelectionBg,
}

impl Role {
    pub const ALL: [Role; 14] = [
        Role::Text,
        Role::Background,
        Role::Red,
        Role::Yellow,
        Role::Green,
        Role::Accent,
        Role::Dim,
        Role::TitleFg,
        Role::TitleBg,
        Role::Tab,
        Role::TabActiveFg,
        Role::TabActiveBg,
        Role::SelectionFg,
        Role::SelectionBg,
    ];

    /// The key under `[theme]`.
    pub fn key(self) -> &'static str {
        match self {
            Role::Text => "text",
            Role::Background => "background",
            Role::Red => "red",
            Role::Yellow => "yellow",
            Role::Green => "green",
            Role::Accent => "accent",
            Role::Dim => "dim",
            Role::TitleFg => "title_fg",
            Role::TitleBg => "title_bg",
            Role::Tab => "tab",
            Role::TabActiveFg => "tab_active_fg",
            Role::TabActiveBg => "tab_active_bg",
            Role::SelectionFg => "selection_fg",
            Role::SelectionBg => "selection_bg",
        }
    }

    fn parse(key: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.key() == key)
    }
}

/// A colour as written in the config: a ratatui colour name (`red`, `lightblue`, `dark gray`),
/// `#rrggbb`, an index of the 256-colour palette (`0`…`255`), or `reset`/`default` for the
/// terminal's own.
pub fn parse_colour(written: &str) -> Option<Color> {
    let w = written.trim();
    if w.eq_ignore_ascii_case("default") {
        return Some(Color::Reset);
    }
    w.parse().ok()
}

/// One colour the user set.
#[derive(Debug, Clone, PartialEq)]
pub struct ColourOverride {
    /// `None`: over every theme with colours; else over that theme only.
    pub theme: Option<ThemeName>,
    pub role: Role,
    pub colour: Color,
    pub line: usize,
}

/// A key of the user's theme that is not applied, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct ThemeIssue {
    /// The key as written (`name`, `red`, `light.red`, or the table's name).
    pub key: String,
    /// The 1-based line of the config file (0 when unknown).
    pub line: usize,
    pub problem: ThemeProblem,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ThemeProblem {
    /// `name` (or `theme = …`) is not a built-in theme (the value as written).
    UnknownTheme(String),
    /// The key is not a colour of a theme.
    UnknownRole,
    /// `[theme.NAME]`: NAME is not a built-in theme.
    UnknownTable,
    /// The value is not a colour (as written).
    BadColour(String),
}

/// The user's theme: the one to start with, the colours over it, and what was not applied.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ThemeConfig {
    pub name: ThemeName,
    /// In the order of the file.
    pub overrides: Vec<ColourOverride>,
    pub issues: Vec<ThemeIssue>,
}

impl ThemeConfig {
    /// Reads `theme = "…"` or the `[theme]` table of the user's config text (already known to be
    /// valid TOML).
    pub fn read(text: &str) -> ThemeConfig {
        let mut out = ThemeConfig::default();
        let Ok(doc) = toml_edit::Document::parse(text) else {
            return out;
        };
        let Some((key, item)) = doc.get_key_value("theme") else {
            return out;
        };
        let line = line_of(text, key.span());
        match item.as_table_like() {
            Some(table) => out.table(text, table, None),
            None => out.name(item, "theme", line),
        }
        out.overrides.sort_by_key(|o| o.line);
        out.issues.sort_by_key(|i| i.line);
        out
    }

    /// The colours set for `theme`: first those over every theme, then the theme's own.
    pub fn colours_for(&self, theme: ThemeName) -> impl Iterator<Item = (Role, Color)> + '_ {
        let general = self.overrides.iter().filter(|o| o.theme.is_none());
        let own = self
            .overrides
            .iter()
            .filter(move |o| o.theme == Some(theme));
        general.chain(own).map(|o| (o.role, o.colour))
    }

    fn name(&mut self, item: &toml_edit::Item, key: &str, line: usize) {
        let written = as_written(item);
        match item.as_str().and_then(ThemeName::parse) {
            Some(name) => self.name = name,
            None => self.issues.push(ThemeIssue {
                key: key.to_string(),
                line,
                problem: ThemeProblem::UnknownTheme(written),
            }),
        }
    }

    /// The keys of `[theme]` (`of` = None) or of `[theme.NAME]`.
    fn table(&mut self, text: &str, table: &dyn toml_edit::TableLike, of: Option<ThemeName>) {
        for (key, item) in table.iter() {
            let line = line_of(text, table.get_key_value(key).and_then(|(k, _)| k.span()));
            let dotted = match of {
                Some(t) => format!("{}.{key}", t.code()),
                None => key.to_string(),
            };
            let issue = |problem| ThemeIssue {
                key: dotted.clone(),
                line,
                problem,
            };
            if of.is_none() && key == "name" {
                self.name(item, key, line);
            } else if let Some(sub) = item.as_table_like() {
                match ThemeName::parse(key).filter(|_| of.is_none()) {
                    Some(t) => self.table(text, sub, Some(t)),
                    None => self.issues.push(issue(ThemeProblem::UnknownTable)),
                }
            } else if let Some(role) = Role::parse(key) {
                match item.as_str().and_then(parse_colour) {
                    Some(colour) => self.overrides.push(ColourOverride {
                        theme: of,
                        role,
                        colour,
                        line,
                    }),
                    None => self
                        .issues
                        .push(issue(ThemeProblem::BadColour(as_written(item)))),
                }
            } else {
                self.issues.push(issue(ThemeProblem::UnknownRole));
            }
        }
    }
}

/// A value as the user wrote it, for a message: a string without its quotes.
fn as_written(item: &toml_edit::Item) -> String {
    item.as_str()
        .map_or_else(|| item.to_string().trim().to_string(), str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn theme_names_are_read_in_any_spelling() {
        assert_eq!(ThemeName::parse("light"), Some(ThemeName::Light));
        assert_eq!(ThemeName::parse("Dark"), Some(ThemeName::Dark));
        assert_eq!(
            ThemeName::parse("high_contrast"),
            Some(ThemeName::HighContrast)
        );
        assert_eq!(
            ThemeName::parse("High Contrast"),
            Some(ThemeName::HighContrast)
        );
        assert_eq!(ThemeName::parse("hc"), Some(ThemeName::HighContrast));
        assert_eq!(ThemeName::parse("mono"), Some(ThemeName::Monochrome));
        assert_eq!(ThemeName::parse("solarized"), None);
        assert_eq!(ThemeName::parse(""), None);
    }

    #[test]
    fn colours_are_ratatui_names_hex_indexes_or_reset() {
        assert_eq!(parse_colour("red"), Some(Color::Red));
        assert_eq!(parse_colour("LightBlue"), Some(Color::LightBlue));
        assert_eq!(parse_colour("dark gray"), Some(Color::DarkGray));
        assert_eq!(parse_colour("#d00000"), Some(Color::Rgb(0xd0, 0, 0)));
        assert_eq!(parse_colour("#D0a0FF"), Some(Color::Rgb(0xd0, 0xa0, 0xff)));
        assert_eq!(parse_colour("130"), Some(Color::Indexed(130)));
        assert_eq!(parse_colour("reset"), Some(Color::Reset));
        assert_eq!(parse_colour("default"), Some(Color::Reset));
        assert_eq!(parse_colour("#d000"), None);
        assert_eq!(parse_colour("#gg0000"), None);
        assert_eq!(parse_colour("256"), None);
        assert_eq!(parse_colour("reddish"), None);
    }

    #[test]
    fn a_theme_alone_is_its_name() {
        let t = ThemeConfig::read("theme = \"light\"\n");
        assert_eq!(t.name, ThemeName::Light);
        assert!(t.overrides.is_empty() && t.issues.is_empty(), "{t:?}");
        assert_eq!(
            ThemeConfig::read("[user]\nme = \"x\"\n"),
            ThemeConfig::default()
        );
    }

    #[test]
    fn the_table_gives_the_name_the_colours_and_the_mistakes_with_their_lines() {
        let text = "\
[cadence]
visits_per_year = 4

[theme]
name = \"high-contrast\"
red = \"#d00000\"
selection_bg = \"blue\"
yellow = \"ochre\"
purple = \"magenta\"
dim = 7
accent = \"130\"

[theme.light]
accent = \"blue\"
green = \"#00800\"

[theme.solarized]
red = \"red\"
";
        let t = ThemeConfig::read(text);
        assert_eq!(t.name, ThemeName::HighContrast);
        let o = |theme, role, colour, line| ColourOverride {
            theme,
            role,
            colour,
            line,
        };
        assert_eq!(
            t.overrides,
            vec![
                o(None, Role::Red, Color::Rgb(0xd0, 0, 0), 6),
                o(None, Role::SelectionBg, Color::Blue, 7),
                o(None, Role::Accent, Color::Indexed(130), 11),
                o(Some(ThemeName::Light), Role::Accent, Color::Blue, 14),
            ]
        );
        let i = |key: &str, line, problem| ThemeIssue {
            key: key.into(),
            line,
            problem,
        };
        assert_eq!(
            t.issues,
            vec![
                i("yellow", 8, ThemeProblem::BadColour("ochre".into())),
                i("purple", 9, ThemeProblem::UnknownRole),
                i("dim", 10, ThemeProblem::BadColour("7".into())),
                i("light.green", 15, ThemeProblem::BadColour("#00800".into())),
                i("solarized", 17, ThemeProblem::UnknownTable),
            ]
        );
        // The light theme's colours: the general ones, then its own (which win).
        let light: Vec<_> = t.colours_for(ThemeName::Light).collect();
        assert_eq!(
            light,
            vec![
                (Role::Red, Color::Rgb(0xd0, 0, 0)),
                (Role::SelectionBg, Color::Blue),
                (Role::Accent, Color::Indexed(130)),
                (Role::Accent, Color::Blue),
            ]
        );
        assert_eq!(t.colours_for(ThemeName::Dark).count(), 3);
    }

    #[test]
    fn an_unknown_theme_is_named_and_dark_stays() {
        let t = ThemeConfig::read("# mine\ntheme = \"solarized\"\n");
        assert_eq!(t.name, ThemeName::Dark);
        assert_eq!(
            t.issues,
            vec![ThemeIssue {
                key: "theme".into(),
                line: 2,
                problem: ThemeProblem::UnknownTheme("solarized".into()),
            }]
        );
        let t = ThemeConfig::read("[theme]\nname = 2\n");
        assert_eq!(t.name, ThemeName::Dark);
        assert_eq!(
            t.issues,
            vec![ThemeIssue {
                key: "name".into(),
                line: 2,
                problem: ThemeProblem::UnknownTheme("2".into()),
            }]
        );
    }

    #[test]
    fn the_config_keeps_its_theme_and_does_not_call_it_unknown() {
        let path = std::path::Path::new("x.toml");
        let user = "[ranking]\ngrowth = 0.5\n[theme]\nname = \"light\"\nred = \"#d00000\"\nbogus = \"x\"\n";
        let c = crate::config::Config::with_overrides(user, path).unwrap();
        assert_eq!(c.theme.name, ThemeName::Light);
        assert_eq!(c.theme.overrides.len(), 1);
        assert_eq!(c.theme.issues.len(), 1);
        assert!((c.ranking.growth - 0.5).abs() < 1e-9);
        // Unknown keys of the theme are its own issues (with a line), not unknown config keys.
        assert!(c.unknown_keys(user).is_empty());
        let c = crate::config::Config::with_overrides("theme = \"hc\"\n", path).unwrap();
        assert_eq!(c.theme.name, ThemeName::HighContrast);
        assert_eq!(
            crate::config::Config::default().theme,
            ThemeConfig::default()
        );
    }
}
