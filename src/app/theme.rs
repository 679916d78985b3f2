//! `:theme NAME`: the theme changes at once, for this session (the config's `theme` is the one
//! each session starts with).

use super::App;
use crate::config::ThemeName;
use crate::i18n::theme_text;

impl App {
    /// The theme drawn: the one chosen, or monochrome while `NO_COLOR` holds.
    pub fn theme_shown(&self) -> ThemeName {
        if self.colour {
            self.theme
        } else {
            ThemeName::Monochrome
        }
    }

    /// `:theme NAME` (a code or a name in either language); `:theme` alone names the theme
    /// shown and the others.
    pub(super) fn theme_command(&mut self, arg: &str) {
        let l = self.lang;
        if arg.is_empty() {
            self.status = Some(theme_text::theme_current(self.theme_shown(), l));
            return;
        }
        match theme_text::parse_theme(arg) {
            Some(t) => {
                self.theme = t;
                // Asking for a theme by name is asking for its colours, `NO_COLOR` or not.
                self.colour = true;
                self.status = Some(theme_text::theme_switched(t, l));
            }
            None => self.status = Some(theme_text::unknown_theme(arg, l)),
        }
    }
}
