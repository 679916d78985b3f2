//! The one theme. Colour is never the only signal: every alert also reads as a symbol and a word
//! (`●红`), and under `NO_COLOR` every style here drops its colours.

use crate::domain::Colour;
use crate::i18n::Label;
use crate::i18n::Lang;
use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy)]
pub struct Theme {
    colour: bool,
}

impl Theme {
    pub fn new(colour: bool) -> Theme {
        Theme { colour }
    }

    fn fg(&self, c: Color) -> Style {
        if self.colour {
            Style::default().fg(c)
        } else {
            Style::default()
        }
    }

    /// The style of an alert colour.
    pub fn colour(&self, c: Colour) -> Style {
        match c {
            Colour::Red => self.fg(Color::Red).add_modifier(Modifier::BOLD),
            Colour::Yellow => self.fg(Color::Yellow),
            Colour::Green => self.fg(Color::Green),
        }
    }

    pub fn title(&self) -> Style {
        if self.colour {
            Style::default()
                .fg(Color::Black)
                .bg(Color::Green)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        }
    }

    pub fn tab(&self) -> Style {
        self.fg(Color::Gray)
    }

    pub fn tab_active(&self) -> Style {
        if self.colour {
            Style::default()
                .fg(Color::Black)
                .bg(Color::Cyan)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        }
    }

    /// The cursor row.
    pub fn selected(&self) -> Style {
        if self.colour {
            Style::default()
                .bg(Color::DarkGray)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::default().add_modifier(Modifier::REVERSED)
        }
    }

    /// A row matching the search.
    pub fn matched(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::UNDERLINED)
    }

    pub fn header(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    pub fn key(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    pub fn accent(&self) -> Style {
        self.fg(Color::Cyan)
    }

    pub fn dim(&self) -> Style {
        if self.colour {
            Style::default().fg(Color::DarkGray)
        } else {
            Style::default().add_modifier(Modifier::DIM)
        }
    }

    /// Something late or breached.
    pub fn bad(&self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    pub fn warn(&self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }

    pub fn good(&self) -> Style {
        self.fg(Color::Green)
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
